"""The table model shared by CSV/TSV, spreadsheets and JSON records.

Cells are display strings. `row_numbers` keep the source row (spreadsheet row or CSV
line) of each row, so a filtered table still points at the right place in the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from drs_tui.i18n import _, ngettext

DEFAULT_MAX_ROWS = 1000
MAX_COLUMNS = 1024


@dataclass(frozen=True, slots=True)
class Table:
    """`rows` hold data rows only; every row has exactly `len(columns)` cells.

    `total_rows` is the number of data rows in the source when known (or declared by it,
    as a spreadsheet's dimension). `more` is True when the source has rows after the
    last one loaded here.
    """

    columns: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    total_rows: int | None = None
    more: bool = False
    header_row: int | None = None
    dropped_columns: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def known_rows(self) -> int:
        return len(self.rows)

    def status(self) -> str:
        """'1,000 of 100,000 rows' / '12 rows' / '1,000 rows, more available'."""
        count = len(self.rows)
        if self.total_rows is not None and (self.more or self.total_rows != count):
            return ngettext(
                "{count:,} of {total:,} row", "{count:,} of {total:,} rows", self.total_rows
            ).format(count=count, total=self.total_rows)
        if self.more:
            return _("{count:,} rows, more available").format(count=count)
        return ngettext("{count:,} row", "{count:,} rows", count).format(count=count)


def column_letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def build_table(
    numbered_rows: Iterable[tuple[int, list[str]]],
    *,
    max_rows: int,
    header: bool = True,
    total_rows: int | None = None,
) -> Table:
    """Table from (source row number, cells) pairs; the first row is the header.

    Reads at most max_rows + 2 rows from the iterable (header, rows, one to tell
    whether more follow), so it can be fed a stream over a huge source.
    """
    header_cells: list[str] | None = None
    header_row: int | None = None
    rows: list[list[str]] = []
    numbers: list[int] = []
    more = False
    for number, cells in numbered_rows:
        if header and header_cells is None:
            header_cells, header_row = cells, number
            continue
        if len(rows) >= max_rows:
            more = True
            break
        rows.append(cells)
        numbers.append(number)
    width = max([len(header_cells or ())] + [len(r) for r in rows])
    dropped = max(0, width - MAX_COLUMNS)
    width = min(width, MAX_COLUMNS)
    columns = _column_names(header_cells or [], width)
    padded = [_fit(r, width) for r in rows]
    return Table(columns, padded, numbers, total_rows, more, header_row, dropped)


def _fit(cells: list[str], width: int) -> list[str]:
    if len(cells) == width:
        return cells
    if len(cells) > width:
        return cells[:width]
    return cells + [""] * (width - len(cells))


def _column_names(header: Sequence[str], width: int) -> list[str]:
    """Header texts; blank or repeated ones get the column letter so each is unique."""
    names: list[str] = []
    seen: set[str] = set()
    for index in range(width):
        name = header[index].strip() if index < len(header) else ""
        if not name or name in seen:
            name = f"{name} ({column_letter(index)})" if name else column_letter(index)
        seen.add(name)
        names.append(name)
    return names
