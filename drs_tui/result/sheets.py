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

from drs_tui.result.calamine_book import CALAMINE_LIMIT, CalamineBook
from drs_tui.result.errors import PreviewError
from drs_tui.result.table import DEFAULT_MAX_ROWS, Table, build_table
from drs_tui.result.xlsx_stream import SheetInfo, XlsxWorkbook

__all__ = [
    "CALAMINE_LIMIT",
    "ErrorColumn",
    "SheetInfo",
    "SheetView",
    "Workbook",
    "error_rows",
    "filter_rows",
    "find_error_column",
    "open_workbook",
    "read_sheet",
]

XLSX_FORMATS = frozenset({"xlsx", "xlsm"})
CALAMINE_FORMATS = frozenset({"xls", "xlsb", "ods"})
_HEADER_SEARCH_ROWS = 10
_CANCEL_CHECK_ROWS = 2000
_DETECT_ROWS = 200

# Header names of the reason column in DRS results and similar exports, normalized
# (case-folded, without spaces, underscores and punctuation).
_REASON_HEADERS = frozenset(
    {
        "errorreason", "errorreasons", "errormessage", "errormsg", "errorinfo", "errordetail",
        "errordetails", "errordescription", "failurereason", "failreason", "failedreason",
        "reasonforfailure", "checkresult", "validationresult", "validationerror",
        "verificationresult", "verifyresult", "importerror", "rejectreason",
        "错误原因", "失败原因", "错误信息", "错误描述", "错误详情", "报错信息", "报错原因",
        "校验结果", "校验信息", "校验失败原因", "校验错误", "检查结果", "检验结果", "导入结果",
        "失败信息", "异常信息", "异常原因", "错误提示", "出错原因", "不通过原因",
    }
)  # fmt: skip
_STRONG_WORDS = (
    "error",
    "fail",
    "reject",
    "invalid",
    "错误",
    "失败",
    "报错",
    "异常",
    "校验",
    "出错",
)
_WEAK_WORDS = ("reason", "result", "message", "remark", "原因", "结果", "信息", "备注", "提示")
# Words that mark a cell as an error text when no header says so.
_ERROR_TEXT_WORDS = (
    "error", "fail", "invalid", "not exist", "does not", "missing", "duplicate", "too long",
    "not supported", "错误", "失败", "不存在", "不能为空", "非法", "无效", "重复", "不支持",
    "超过", "不一致", "不匹配", "为空", "异常",
)  # fmt: skip
_STRIP = str.maketrans("", "", " \t\r\n_-:：()（）[]【】.#*/")


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
class ErrorColumn:
    """The column holding the reason a row was rejected. `how`: 'header' when its name
    says so, 'content' when its cells read like error messages."""

    index: int
    name: str
    how: str


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
    raise PreviewError(f"{fmt} workbooks cannot be previewed.")


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
                    "No error-reason column was found in this sheet.",
                    hint="Filter by text instead.",
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
        notes.append(f"{header_at} row{'s' if header_at > 1 else ''} above the header not shown")
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
    return next(i for i, count in enumerate(filled) if count >= need)


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
                raise PreviewError("The sheet scan was cancelled.", title="Cancelled")
            if keep(item[1]):
                count[0] += 1
                yield item

    kept = generate()

    def counter() -> int:
        for _ in kept:  # build_table stopped early: count the rest
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


def _normalized(name: str) -> str:
    return name.casefold().translate(_STRIP)


def find_error_column(table: Table) -> ErrorColumn | None:
    """The error-reason column: by header name (en/zh), then by what its cells say."""
    best: tuple[int, int] | None = None  # (score, index); the rightmost wins a tie
    for index, name in enumerate(table.columns):
        key = _normalized(name)
        score = 0
        if key in _REASON_HEADERS:
            score = 3
        elif any(word in key for word in _STRONG_WORDS):
            score = 2
        elif any(word in key for word in _WEAK_WORDS) and _looks_like_reasons(table, index, 0.0):
            score = 1
        if score and (best is None or score >= best[0]):
            best = (score, index)
    if best is not None:
        return ErrorColumn(best[1], table.columns[best[1]], "header")
    for index in reversed(range(len(table.columns))):
        if _looks_like_reasons(table, index, 0.5):
            return ErrorColumn(index, table.columns[index], "content")
    return None


def _looks_like_reasons(table: Table, index: int, share: float) -> bool:
    """At least `share` of the column's non-empty cells read like error messages
    (and at least one does)."""
    values = [row[index] for row in table.rows if index < len(row) and row[index].strip()]
    if not values:
        return False
    hits = sum(1 for v in values if any(w in v.casefold() for w in _ERROR_TEXT_WORDS))
    return hits > 0 and hits >= share * len(values)


def filter_rows(table: Table, text: str) -> Table:
    """Rows with `text` in any cell (case-insensitive); the header stays."""
    if not text:
        return table
    needle = text.casefold()
    return _subset(
        table, [i for i, r in enumerate(table.rows) if any(needle in c.casefold() for c in r)]
    )


def error_rows(table: Table, column: ErrorColumn | int) -> Table:
    """Rows whose error-reason cell is not empty."""
    col = column.index if isinstance(column, ErrorColumn) else column
    return _subset(table, [i for i, r in enumerate(table.rows) if col < len(r) and r[col].strip()])


def _subset(table: Table, keep: list[int]) -> Table:
    return replace(
        table,
        rows=[table.rows[i] for i in keep],
        row_numbers=[table.row_numbers[i] for i in keep],
        total_rows=len(keep) if not table.more else None,
        notes=[*table.notes, f"{len(keep):,} of {len(table.rows):,} loaded rows match"],
    )
