"""One xlsx sheet as a Document: first rows at once, then the whole sheet indexed.

The index pass reads the sheet part once. It keeps the byte offset of every
BLOCK_ROWS-th row (any row is then one short inflate away: see zip/entry_reader.py),
counts the rows, and reads only the error-reason column: in the usual cell form
(`<c r="F12" ...>`) one regular expression finds that column's cells without reading
the others, which is what makes a million rows take about a second. Rows are decoded
in full only when shown, exported, or when a search finds a candidate in them.

A search first looks for the text in the raw XML (and for the indices of the shared
strings that contain it); only rows with a hit are decoded and checked. Text that a
number, date or boolean could show (digits, "true"...) cannot be found in the raw XML,
so such searches decode every row: correct, only slower.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from typing import Literal

from drs_tui.i18n import ngettext
from drs_tui.result.document import (
    Cancelled,
    IndexState,
    Matches,
    ProgressClock,
    ProgressHook,
    Query,
    Row,
    column_has_error,
    header_index,
    row_test,
)
from drs_tui.result.error_column import ErrorColumn, find_error_column
from drs_tui.result.sheets.sheet_rows import (
    RowReader,
    SheetSyntax,
    refuse_doctype,
    row_splitter,
)
from drs_tui.result.sheets.xlsx_stream import READ_CHUNK, SheetInfo, XlsxWorkbook
from drs_tui.result.table import Table, build_table

BLOCK_ROWS = 64
HEADER_SEARCH_ROWS = 10
FIRST_ROWS = 1000  # read while opening, shown before the index exists
_CACHED_BLOCKS = 64
# Text a number, a date or TRUE/FALSE could show: not findable in the raw XML.
_NUMERIC_CHARS = frozenset("0123456789+-.:e ")
_BOOLEAN_WORDS = ("true", "false")
# Raw XML that hides text from a byte search: character references, _xHHHH_ escapes.
_X_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
# Past this many shared strings holding the text, every row is a candidate anyway.
_MAX_STRING_HITS = 2000


class XlsxSheetDocument:
    """A sheet of an xlsx workbook read through the project's own reader."""

    kind: Literal["table", "lines"] = "table"

    def __init__(
        self, book: XlsxWorkbook, sheet: SheetInfo, *, name: str, owner: XlsxWorkbook | None = None
    ) -> None:
        self.name = name
        self._owner = owner  # closed with the document
        self.book = book
        self.sheet = sheet
        self.reader = book.part_reader(sheet)
        self.size: int | None = self.reader.size
        self.index = IndexState()
        self._offsets = array("q")  # offset of every BLOCK_ROWS-th table row
        self._cache: OrderedDict[int, list[Row]] = OrderedDict()
        self._lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self.notes: list[str] = []
        self.declared_rows: int | None = None
        self._first: list[Row] = []
        self._open()

    # -- opening ----------------------------------------------------------------------

    def _open(self) -> None:
        """Read the first rows: find the header and the error-reason column."""
        rows = self.book.rows(self.sheet)
        try:
            head = list(islice(rows, HEADER_SEARCH_ROWS))
            self.header_at = header_index(head)
            rest = list(islice(rows, FIRST_ROWS + self.header_at + 1 - len(head)))
            last_row = rows.last_row
        finally:
            rows.close()
        table = build_table(head[self.header_at :] + rest, max_rows=FIRST_ROWS)
        self.columns = table.columns
        self.table = table
        self.error_column: ErrorColumn | None = find_error_column(table)
        self._first = list(zip(table.row_numbers, table.rows, strict=True))
        if self.header_at:
            self.notes.append(
                ngettext(
                    "{count} row above the header not shown",
                    "{count} rows above the header not shown",
                    self.header_at,
                ).format(count=self.header_at)
            )
        if last_row is not None and table.header_row is not None:
            self.declared_rows = max(0, last_row - table.header_row)
        if not table.more:
            self.index.rows = len(table.rows)

    def first_rows(self) -> list[Row]:
        return self._first

    @property
    def _skip(self) -> int:
        """Table rows before the first data row: title rows and the header."""
        return self.header_at + 1

    # -- the index pass ---------------------------------------------------------------

    def build_index(self, progress: ProgressHook | None, cancelled: Cancelled | None) -> None:
        with self._lock:
            if self.index.complete:
                return
            self._index(ProgressClock(progress, cancelled, self.size))

    def _index(self, clock: ProgressClock) -> None:
        index = self.index
        errors = index.errors
        offsets = array("q")
        self._offsets = offsets
        column = self.error_column.index if self.error_column else None
        reader = RowReader(self.book)
        seen = 0  # table rows so far, title and header rows included
        done = 0
        for offset, block, starts, syntax in self._blocks(0, clock):
            rows = syntax.table_rows(block, starts)
            first = (-seen) % BLOCK_ROWS
            offsets.extend(offset + rows[i] for i in range(first, len(rows), BLOCK_ROWS))
            if column is not None:
                cells = _column_cells(block, rows, column, syntax, reader)
                for at, value in cells:
                    ordinal = seen + at - self._skip
                    if ordinal >= 0 and value.strip():
                        errors.add(ordinal, value)
            seen += len(rows)
            index.rows = max(0, seen - self._skip)
            done = offset + len(block)
            clock.tick(done, index.rows, errors.count)
        if reader.dropped_cells:
            index.notes.append(
                ngettext(
                    "{count:,} cell past column 1,024 not shown",
                    "{count:,} cells past column 1,024 not shown",
                    reader.dropped_cells,
                ).format(count=reader.dropped_cells)
            )
        index.complete = True
        clock.tick(self.size or done, index.rows, errors.count, final=True)

    def _blocks(
        self, at: int, clock: ProgressClock | None = None
    ) -> Iterator[tuple[int, bytes, list[int], SheetSyntax]]:
        """Whole rows of the sheet from offset `at` (0, or where a row starts), with the
        patterns for the sheet's tags."""
        splitter = row_splitter(at)
        chunks = self.reader.chunks(at, READ_CHUNK)  # a generator: closed below
        checked = at > 0
        try:
            while True:
                chunk = next(chunks, None)
                offset, block, starts = splitter.feed(chunk or b"", final=chunk is None)
                if not checked and splitter.started:
                    refuse_doctype(splitter.head, self.sheet.part)
                    checked = True
                if block and splitter.tag is not None:
                    yield offset, block, starts, _syntax(splitter.tag)
                elif clock is not None:
                    clock.tick(offset, self.index.rows, self.index.errors.count)
                if chunk is None or splitter.ended:
                    return
        finally:
            chunks.close()

    # -- reading rows -----------------------------------------------------------------

    def rows(self, start: int, count: int) -> list[Row]:
        found: list[Row] = []
        first = start + self._skip
        while count > 0:
            block_no, skip = divmod(first, BLOCK_ROWS)
            block = self._block(block_no)
            if block is None:
                break
            taken = block[skip : skip + count]
            if not taken:
                break
            found.extend(taken)
            count -= len(taken)
            first += len(taken)
        if not found and start < len(self._first) and not self.index.complete:
            return self._first[start : start + count]
        return found

    def has_error(self, cells: Sequence[str]) -> bool:
        return column_has_error(cells, self.error_column)

    def column_values(
        self, column: int, progress: ProgressHook | None, cancelled: Cancelled | None
    ) -> list[str]:
        """The column's cells of every data row, read by the index pass's column search
        (the other cells are not decoded)."""
        self.build_index(progress, cancelled)
        values = [""] * self.index.rows
        clock = ProgressClock(progress, cancelled, self.size)
        reader = RowReader(self.book)
        seen = 0
        for offset, block, starts, syntax in self._blocks(0, clock):
            rows = syntax.table_rows(block, starts)
            for at, value in _column_cells(block, rows, column, syntax, reader):
                ordinal = seen + at - self._skip
                if 0 <= ordinal < len(values):
                    values[ordinal] = value
            seen += len(rows)
            clock.tick(offset + len(block), seen, 0)
        return values

    def rows_at(self, ordinals: Sequence[int]) -> list[Row]:
        if len(ordinals) <= 2 * BLOCK_ROWS:
            rows: list[Row] = []
            for ordinal in ordinals:
                rows.extend(self.rows(ordinal, 1))
            return rows
        return list(self.iter_rows(sorted(ordinals)))

    def iter_rows(self, ordinals: Iterable[int] | None = None) -> Iterator[Row]:
        """Data rows in order, read in one pass: all of them, or only those with these
        ascending ordinals (blocks without one are not decoded)."""
        wanted = iter(ordinals) if ordinals is not None else None
        target = next(wanted, None) if wanted is not None else 0
        if target is None:
            return
        first = target + self._skip
        block_no = min(first // BLOCK_ROWS, len(self._offsets) - 1) if self._offsets else -1
        at = self._offsets[block_no] if block_no >= 0 else 0
        table_row = block_no * BLOCK_ROWS if block_no >= 0 else 0
        reader = RowReader(self.book)
        for _, block, starts, syntax in self._blocks(at):
            rows = syntax.table_rows(block, starts)
            last = table_row + len(rows) - 1 - self._skip
            if wanted is not None and target > last:
                table_row += len(rows)
                continue
            for i, start in enumerate(rows):
                ordinal = table_row + i - self._skip
                if ordinal < 0 or (wanted is not None and ordinal != target):
                    continue
                end = rows[i + 1] if i + 1 < len(rows) else len(block)
                row = reader.read(block[start:end])
                if row is not None:
                    yield row
                if wanted is not None:
                    target = next(wanted, None)
                    if target is None:
                        return
            table_row += len(rows)

    def _block(self, block_no: int) -> list[Row] | None:
        with self._cache_lock:  # the pane reads blocks from several workers at once
            cached = self._cache.get(block_no)
            if cached is not None:
                self._cache.move_to_end(block_no)
                return cached
        if block_no >= len(self._offsets):
            return None
        rows: list[Row] = []
        reader = RowReader(self.book)
        for _, block, starts, _ in self._blocks(self._offsets[block_no]):
            for at, end in zip(starts, [*starts[1:], len(block)], strict=False):
                row = reader.read(block[at:end])
                if row is not None:
                    rows.append(row)
            if len(rows) >= BLOCK_ROWS:
                break
        rows = rows[:BLOCK_ROWS]
        with self._cache_lock:
            self._cache[block_no] = rows
            while len(self._cache) > _CACHED_BLOCKS:
                self._cache.popitem(last=False)
        return rows

    # -- whole-sheet queries ----------------------------------------------------------

    def find(
        self, query: Query, progress: ProgressHook | None, cancelled: Cancelled | None
    ) -> Matches:
        column = self.error_column.index if self.error_column else None
        if (query.errors_only or query.reason is not None) and column is None:
            return Matches(complete=True)
        if not query.contains:
            self.build_index(progress, cancelled)  # or wait for the pass already running
            errors = self.index.errors
            if query.reason is not None:
                return errors.with_reason(query.reason)
            found = Matches(complete=True, scanned=self.index.rows)
            found.ordinals, found.count = array("q", errors.ordinals), errors.count
            return found
        return self._search(query, column, ProgressClock(progress, cancelled, self.size))

    def _search(self, query: Query, column: int | None, clock: ProgressClock) -> Matches:
        keep = row_test(query, column)
        needle = query.contains.lower()
        raw = _raw_needle(needle)
        strings = self._string_hits(needle) if raw is not None else None
        reader = RowReader(self.book)
        found = Matches()
        seen = 0
        for offset, block, starts, syntax in self._blocks(0, clock):
            rows = syntax.table_rows(block, starts)
            if raw is None or strings is None or _hides_text(block):
                candidates: Iterator[int] | list[int] = iter(range(len(rows)))
            else:
                candidates = _candidates(block, rows, raw, strings)
            for at in candidates:
                ordinal = seen + at - self._skip
                if ordinal < 0:
                    continue
                end = rows[at + 1] if at + 1 < len(rows) else len(block)
                row = reader.read(block[rows[at] : end])
                if row is not None and keep(row[1]):
                    found.add(ordinal)
            seen += len(rows)
            found.scanned = max(0, seen - self._skip)
            clock.tick(offset + len(block), found.scanned, found.count)
        found.complete = True
        clock.tick(self.size or 0, found.scanned, found.count, final=True)
        return found

    def _string_hits(self, needle: str) -> re.Pattern[bytes] | bool | None:
        """A pattern for the cell values that point at shared strings holding `needle`
        (False when none does); None when too many do: every row is a candidate then."""
        hits = [i for i, text in enumerate(self.book.shared.all()) if needle in text.lower()]
        if len(hits) > _MAX_STRING_HITS:
            return None
        if not hits:
            return False
        numbers = b"|".join(str(i).encode() for i in hits)
        return re.compile(rb"<v>(?:" + numbers + rb")</v>")

    def close(self) -> None:
        self._cache.clear()
        if self._owner is not None:
            self._owner.close()
            self._owner = None


def _raw_needle(needle: str) -> bytes | None:
    """`needle` as it would appear in the lower-cased raw XML of a string cell, or None
    when a byte search could miss it (numbers, case beyond ASCII, XML specials)."""
    if not needle:
        return b""
    if set(needle) <= _NUMERIC_CHARS or any(needle in word for word in _BOOLEAN_WORDS):
        return None
    if any(c in needle for c in "&<>\"'") or any(ord(c) < 32 for c in needle):
        return None
    if not needle.isascii() and any(c.upper() != c.lower() for c in needle if ord(c) > 127):
        return None
    return needle.encode()


def _hides_text(block: bytes) -> bool:
    return b"&#" in block or _X_ESCAPE.search(block) is not None


def _candidates(
    block: bytes, rows: list[int], raw: bytes, strings: re.Pattern[bytes] | bool
) -> list[int]:
    """Rows of `block` whose XML holds `raw` (lower-cased) or a hit shared string."""
    hits: set[int] = set()
    if raw:
        lowered = block.lower()
        at = lowered.find(raw)
        while at >= 0:
            row = bisect.bisect_right(rows, at) - 1
            hits.add(row)
            next_row = rows[row + 1] if row + 1 < len(rows) else len(block)
            at = lowered.find(raw, next_row)
    if not isinstance(strings, bool):
        for match in strings.finditer(block):
            hits.add(bisect.bisect_right(rows, match.start()) - 1)
    return sorted(h for h in hits if h >= 0)


@functools.cache
def _syntax(tag: bytes) -> SheetSyntax:
    return SheetSyntax(tag)


@functools.cache
def _column_pattern(syntax: SheetSyntax, column: int) -> re.Pattern[bytes]:
    return syntax.column_pattern(column)


def _column_cells(
    block: bytes, rows: list[int], column: int, syntax: SheetSyntax, reader: RowReader
) -> Iterator[tuple[int, str]]:
    """(row within block, shown value) of the block's cells in `column`."""
    if syntax.usual_cells(block):
        for match in _column_pattern(syntax, column).finditer(block):
            value = reader.column_cell(match.group(1), match.group(2) or b"")
            if value:
                yield bisect.bisect_right(rows, match.start()) - 1, value
        return
    for at, start in enumerate(rows):
        end = rows[at + 1] if at + 1 < len(rows) else len(block)
        row = reader.read(block[start:end])
        if row is not None and column < len(row[1]) and row[1][column]:
            yield at, row[1][column]


def sheet_table(document: XlsxSheetDocument) -> Table:
    """The first rows as a Table (what the preview shows before the index exists)."""
    return replace(document.table, notes=[*document.table.notes, *document.notes])
