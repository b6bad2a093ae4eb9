"""The lines a VirtualTable draws: the header, the gutter and the body of a row.

Plain functions of the columns, their widths, the cell values and the styles; the
widget decides which row goes on which line and which component styles apply. The
gutter shows a ▶ on the cursor row and a ✗ on a marked row, so both survive NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from drs_tui.ui.widgets.cell_text import fit
from drs_tui.ui.widgets.table_model import Column, highlighted

MARKER = "✗"
CURSOR = "▶"
GUTTER_MARKS = 3  # cursor glyph, marker glyph and a space, before any row number


def body_width(widths: Sequence[int], separator: str) -> int:
    """Cells the columns and the separators between them take."""
    if not widths:
        return 0
    return sum(widths) + len(separator) * (len(widths) - 1)


def header_strip(
    columns: Sequence[Column], widths: Sequence[int], separator: str, separator_style: Style
) -> Strip:
    """Column titles, aligned like their cells."""
    segments: list[Segment] = []
    for col, (column, width) in enumerate(zip(columns, widths, strict=True)):
        if col:
            segments.append(Segment(separator, separator_style))
        segments.append(Segment(fit(column.label, width, align=column.align)))
    return Strip(segments, body_width(widths, separator))


def gutter_strip(
    *, cursor: bool, marked: bool, number: str, style: Style, marker_style: Style
) -> Strip:
    """▶ (cursor row), ✗ (marked row) and a space, then `number` (padded, or "")."""
    segments = [Segment(CURSOR if cursor else " ", style)]
    if marked:
        segments += [Segment(MARKER, marker_style), Segment(" ", style)]
    else:
        segments.append(Segment("  ", style))
    if number:
        segments.append(Segment(number, style))
    return Strip(segments, GUTTER_MARKS + len(number))


def row_strip(
    values: Sequence[str],
    columns: Sequence[Column],
    widths: Sequence[int],
    *,
    separator: str,
    style: Style,
    separator_style: Style,
    highlight: str = "",
    match_style: Style | None = None,
) -> Strip:
    """One row's cleaned `values` fitted to the column widths; occurrences of
    `highlight` (case-insensitive) get `match_style` on top of `style`."""
    match = style + match_style if match_style is not None else style
    segments: list[Segment] = []
    for col, (column, width) in enumerate(zip(columns, widths, strict=True)):
        if col:
            segments.append(Segment(separator, separator_style))
        text = fit(values[col], width, align=column.align, clip=column.clip)
        segments.extend(highlighted(text, highlight, style, match))
    return Strip(segments, body_width(widths, separator))


def restyled(strip: Strip, style: Style) -> Strip:
    """`strip` with `style` laid over every segment (the cursor row, the header)."""
    return Strip(Segment.apply_style(strip, post_style=style), strip.cell_length)
