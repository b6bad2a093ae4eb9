"""Fitting untrusted text into terminal cells: widths, cutting, padding, control characters.

Shared by the line-API widgets. ASCII takes a fast path; CJK and other wide characters
are measured with Rich's cell tables so Chinese names line up.
"""

from __future__ import annotations

from typing import Literal

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"

# C0/C1 controls and DEL would move the cursor or recolour the terminal: show them safely.
_CONTROL_MAP: dict[int, str] = {code: "�" for code in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROL_MAP[ord("\t")] = " "
_CONTROL_MAP[ord("\n")] = "⏎"
_CONTROL_MAP[ord("\r")] = ""


def clean(text: str) -> str:
    """One display line: newlines shown as ⏎, tabs as a space, other controls as �."""
    if text.isprintable():
        return text
    return text.translate(_CONTROL_MAP)


def width_of(text: str) -> int:
    """Cells `text` takes in a terminal."""
    if text.isascii():
        return len(text)
    return cell_len(text)


def fit(
    text: str,
    width: int,
    *,
    align: Literal["left", "right"] = "left",
    clip: Literal["end", "start"] = "end",
) -> str:
    """`text` padded or cut to exactly `width` cells; a cut is marked with '…'.

    `clip="start"` keeps the end (the file name of a long path).
    """
    if width <= 0:
        return ""
    size = width_of(text)
    if size > width:
        if width == 1:
            return ELLIPSIS
        if clip == "start":
            kept = set_cell_size(text[::-1], width - 1)[::-1]
            return ELLIPSIS + kept
        return set_cell_size(text, width - 1) + ELLIPSIS
    pad = " " * (width - size)
    return pad + text if align == "right" else text + pad
