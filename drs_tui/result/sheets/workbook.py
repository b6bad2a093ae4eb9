"""Spreadsheets for the preview: open any supported workbook, read a sheet as a Table,
find the DRS error-reason column, and keep only the rows a person is looking for.

xlsx/xlsm go through our streaming reader (xlsx_stream); legacy xls, xlsb and ods go
through python-calamine, which reads a whole workbook at once and is therefore only
given files under CALAMINE_LIMIT.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain, islice
from typing import IO, Protocol

from drs_tui.i18n import _, ngettext
from drs_tui.result.error_column import ErrorColumn, find_error_column
from drs_tui.result.errors import PreviewError
from drs_tui.result.sheets.calamine_book import CalamineBook
from drs_tui.result.sheets.xlsx_stream import SheetInfo, XlsxWorkbook
from drs_tui.result.table import DEFAULT_MAX_ROWS, Table, build_table

XLSX_FORMATS = frozenset({"xlsx", "xlsm"})
CALAMINE_FORMATS = frozenset({"xls", "xlsb", "ods"})
_HEADER_SEARCH_ROWS = 10
_CANCEL_CHECK_ROWS = 2000
_DETECT_ROWS = 200


class RowSource(Protocol):
    @property
    def last_row(self) -> int | None: ...

    def __iter__(self) -> Iterator[tuple[int, list[str]]]: ...

    def close(self) -> None: ...


class Workbook(Protocol):
    sheets: list[SheetInfo]

    def sheet(self, name: str | None) -> SheetInfo: ...

    def rows(self, sheet: SheetInfo) -> RowSource: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class SheetView:
    sheet: SheetInfo
    table: Table
    error_column: ErrorColumn | None
    matched: int | None = None  # rows that passed errors_only/contains over the whole sheet


def open_workbook(file: IO[bytes], fmt: str) -> Workbook:
    """A workbook from a seekable local copy; `fmt` as detected (xlsx, xlsm, xls, xlsb, ods)."""
    if fmt in XLSX_FORMATS:
        return XlsxWorkbook(file)
    if fmt in CALAMINE_FORMATS:
        return CalamineBook(file, fmt)
    raise PreviewError(_("{fmt} workbooks cannot be previewed.").format(fmt=fmt))


def read_sheet(
    book: Workbook,
    sheet: str | None = None,
    *,
    max_rows: int = DEFAULT_MAX_ROWS,
    errors_only: bool = False,
    contains: str | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SheetView:
    """The first `max_rows` data rows of a sheet, header detected.

    With `errors_only` (rows whose reason cell is not empty) or `contains` (a text any
    cell holds), the whole sheet is scanned and the matching rows are counted;
    `cancelled` is polled during that scan.
    """
    info = book.sheet(sheet)
    source = book.rows(info)
    try:
        head = list(islice(source, _HEADER_SEARCH_ROWS))
        header_at = _header_index(head)
        # Enough rows to judge which column holds the reasons, kept for the table.
        sample = head[header_at:] + list(islice(source, _DETECT_ROWS))
        error_column = find_error_column(build_table(sample, max_rows=len(sample)))
        rows: Iterable[tuple[int, list[str]]] = chain(sample, source)
        if not (errors_only or contains):
            table = build_table(rows, max_rows=max_rows)
            table = replace(table, total_rows=_data_rows(source.last_row, table))
            matched = None
        else:
            if errors_only and error_column is None:
                raise PreviewError(
                    _("No error-reason column was found in this sheet."),
                    hint=_("Filter by text instead."),
                )
            keep = _row_test(error_column if errors_only else None, contains)
            kept, count = _scan(rows, keep, cancelled)
            table = build_table(kept, max_rows=max_rows)
            matched = count()
            table = replace(table, total_rows=matched, more=matched > len(table.rows))
    finally:
        source.close()
    notes = list(table.notes)
    if header_at:
        notes.append(
            ngettext(
                "{count} row above the header not shown",
                "{count} rows above the header not shown",
                header_at,
            ).format(count=header_at)
        )
    return SheetView(info, replace(table, notes=notes), error_column, matched)


def _data_rows(last_row: int | None, table: Table) -> int | None:
    """Data rows below the header as the sheet declares them (empty rows included)."""
    if last_row is None or table.header_row is None:
        return None if table.more else len(table.rows)
    return max(last_row - table.header_row, len(table.rows))


def _header_index(head: list[tuple[int, list[str]]]) -> int:
    """First of the leading rows that is at least half as full as the widest: skips
    title rows above the real header."""
    filled = [sum(1 for c in cells if c.strip()) for _, cells in head]
    if not filled:
        return 0
    need = max(1, min(2, max(filled)), (max(filled) + 1) // 2)
    return next((i for i, count in enumerate(filled) if count >= need), 0)


def _scan(
    rows: Iterable[tuple[int, list[str]]],
    keep: Callable[[list[str]], bool],
    cancelled: Callable[[], bool] | None,
) -> tuple[Iterator[tuple[int, list[str]]], Callable[[], int]]:
    """Header, then the kept rows; the counter reports how many were kept in all."""
    count = [0]
    iterator = iter(rows)

    def generate() -> Iterator[tuple[int, list[str]]]:
        header = next(iterator, None)
        if header is None:
            return
        yield header
        for seen, item in enumerate(iterator):
            if cancelled is not None and seen % _CANCEL_CHECK_ROWS == 0 and cancelled():
                raise PreviewError(_("The sheet scan was cancelled."), title=_("Cancelled"))
            if keep(item[1]):
                count[0] += 1
                yield item

    kept = generate()

    def counter() -> int:
        for _row in kept:  # build_table stopped early: count the rest
            pass
        return count[0]

    return kept, counter


def _row_test(
    error_column: ErrorColumn | None, contains: str | None
) -> Callable[[list[str]], bool]:
    needle = contains.casefold() if contains else None
    col = error_column.index if error_column is not None else None

    def keep(cells: list[str]) -> bool:
        if col is not None and not (col < len(cells) and cells[col].strip()):
            return False
        return needle is None or any(needle in c.casefold() for c in cells)

    return keep
