"""Columns and rows of a VirtualTable, and how columns are sized to the view.

No Textual here: a `RowSource` hands out the cells of one row at a time, so a table
over a lazy listing or a million-row file costs only the rows on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from rich.segment import Segment
from rich.style import Style

from drs_tui import i18n
from drs_tui.ui.widgets.cell_text import clean, width_of

SAMPLE_ROWS = 200  # column widths are measured on this many rows
SHRINK_FLOOR = 12  # columns are narrowed to fit the view, but not below this


@dataclass(frozen=True, slots=True)
class Column:
    """`width` fixes the width; otherwise it is measured on a sample, within the bounds.
    A `flex` column takes the space the others leave (the entry name). A `translated`
    title is our own word (marked with N_), shown in the user's language; any other is
    the file's (a sheet's header) and shown as it is."""

    title: str
    width: int | None = None
    min_width: int = 3
    max_width: int = 40
    align: Literal["left", "right"] = "left"
    clip: Literal["end", "start"] = "end"
    flex: bool = False
    translated: bool = False

    @property
    def label(self) -> str:
        """The title as shown."""
        return i18n._(self.title) if self.translated else self.title


class RowSource(Protocol):
    """Rows by index; only the visible ones are asked for."""

    def __len__(self) -> int: ...

    def cells(self, index: int) -> Sequence[str]: ...

    def marked(self, index: int) -> bool:
        """True when the row carries an error reason or a problem."""
        ...

    def number(self, index: int) -> int:
        """The row's number in its file (shown in the gutter), ascending with `index`."""
        ...


class ListRows:
    """Rows held in a list; `error_column` marks rows whose cell there is not empty;
    `numbers` are the rows' numbers in the file (default: 1, 2, 3...)."""

    def __init__(
        self,
        rows: Sequence[Sequence[object]],
        error_column: int | None = None,
        numbers: Sequence[int] | None = None,
    ) -> None:
        self.rows = rows
        self.error_column = error_column
        self.numbers = numbers

    def __len__(self) -> int:
        return len(self.rows)

    def number(self, index: int) -> int:
        return self.numbers[index] if self.numbers is not None else index + 1

    def cells(self, index: int) -> Sequence[str]:
        return [_cell_str(value) for value in self.rows[index]]

    def marked(self, index: int) -> bool:
        if self.error_column is None:
            return False
        row = self.rows[index]
        if self.error_column >= len(row):
            return False
        return bool(_cell_str(row[self.error_column]).strip())


def _cell_str(value: object) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def measure(columns: Sequence[Column], source: RowSource) -> list[int]:
    """Each column's fixed width, or the widest of its title and its cells in the first
    SAMPLE_ROWS rows, within its bounds. Fixed widths alone need no sample."""
    widths = [width_of(column.label) for column in columns]
    if any(column.width is None for column in columns):
        for index in range(min(len(source), SAMPLE_ROWS)):
            for col, value in enumerate(source.cells(index)[: len(widths)]):
                widths[col] = max(widths[col], width_of(clean(value)))
    return [
        column.width
        if column.width is not None
        else max(column.min_width, min(widths[col], column.max_width))
        for col, column in enumerate(columns)
    ]


def spread(measured: Sequence[int], columns: Sequence[Column], room: int, gap: int) -> list[int]:
    """Widths for a body `room` cells wide with `gap` cells between columns: flex columns
    share what the others leave; without one, the widest columns narrow to fit."""
    widths = list(measured)
    gaps = gap * max(len(columns) - 1, 0)
    flex = [i for i, column in enumerate(columns) if column.flex]
    if not flex:
        if room > 0:
            shrink_to_fit(widths, columns, room - gaps)
        return widths
    fixed = sum(w for i, w in enumerate(widths) if i not in flex) + gaps
    share = max(room - fixed, 0) // len(flex)
    for i in flex:
        widths[i] = max(columns[i].min_width, share)
    return widths


def shrink_to_fit(widths: list[int], columns: Sequence[Column], room: int) -> None:
    """Narrow the widest measured columns (not below SHRINK_FLOOR or their min_width)
    until the row fits `room` cells or nothing can give more."""
    floors = [
        width if column.width is not None else max(column.min_width, SHRINK_FLOOR)
        for column, width in zip(columns, widths, strict=True)
    ]
    excess = sum(widths) - room
    while excess > 0:
        candidates = [i for i, w in enumerate(widths) if w > floors[i]]
        if not candidates:
            return
        widest = max(candidates, key=lambda i: widths[i])
        others = [widths[i] for i in candidates if i != widest]
        step = min(
            excess, widths[widest] - floors[widest], max(widths[widest] - max(others, default=0), 1)
        )
        widths[widest] -= step
        excess -= step


def highlighted(text: str, needle: str, style: Style, match: Style) -> list[Segment]:
    """`text` as segments with case-insensitive occurrences of `needle` in `match` style."""
    if not needle:
        return [Segment(text, style)]
    lowered, key = text.lower(), needle.lower()
    if len(lowered) != len(text) or key not in lowered:
        return [Segment(text, style)]
    segments: list[Segment] = []
    start = 0
    while (found := lowered.find(key, start)) >= 0:
        if found > start:
            segments.append(Segment(text[start:found], style))
        segments.append(Segment(text[found : found + len(key)], match))
        start = found + len(key)
    if start < len(text):
        segments.append(Segment(text[start:], style))
    return segments


def nearest_position(view: Sequence[int], index: int) -> int:
    """Position in the sorted `view` of `index` or of the next row after it."""
    low, high = 0, len(view)
    while low < high:
        mid = (low + high) // 2
        if view[mid] < index:
            low = mid + 1
        else:
            high = mid
    return min(low, len(view) - 1)
