"""Fitting untrusted text into terminal cells: widths, cutting, padding, control characters.

Shared by the line-API widgets. ASCII takes a fast path; CJK and other wide characters
are measured with Rich's cell tables so Chinese names line up.
"""

from __future__ import annotations

from typing import Literal

from rich.cells import cell_len, set_cell_size

from drs_tui.safe_text import safe_line

ELLIPSIS = "…"
_LINE_MAP = {ord("\t"): " ", ord("\n"): "⏎"}


def clean(text: str) -> str:
    """One display line: newlines shown as ⏎, tabs as a space, and every other control,
    bidi or invisible character as a visible escape (drs_tui.safe_text)."""
    if text.isprintable():
        return text
    return safe_line(text.replace("\r\n", "\n").translate(_LINE_MAP))


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
