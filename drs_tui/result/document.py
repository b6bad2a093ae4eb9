"""One opened entry as rows or lines, for questions about the whole of it.

A `Document` shows its first rows at once and answers the rest from an index that one
background pass builds (`build_index`): where every block of rows starts (so any row
can be read again without starting over), how many rows there are, which rows carry an
error reason and what each reason says. Filters and searches (`find`) cover the whole
entry and report their progress as they go, so "≥ 412 matches, 38% scanned" can be
shown while they run. Nothing here holds the entry whole: rows are read again from the
archive when asked for, and only small caches of them are kept.

Kinds: an xlsx sheet (sheets/sheet_document.py), CSV/TSV records and text lines
(text/line_document.py), and `MemoryTable` for what is small enough to hold (legacy
workbooks read by calamine, JSON records, a nested ZIP's listing).
"""

from __future__ import annotations

import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from drs_tui.i18n import N_, _
from drs_tui.result.error_column import ErrorColumn, find_error_column
from drs_tui.result.errors import ResultError
from drs_tui.result.table import Table

# (source row or line number, cells); a line of text is one cell.
Row = tuple[int, list[str]]
# A progress report: the pass has read `done` of `total` bytes (None: unknown).
ProgressHook = Callable[["Progress"], None]
Cancelled = Callable[[], bool]
# Rows of a filtered view are kept as ordinals; past this many the count goes on but
# the list stops growing (a search for "a" in a billion-line entry stays bounded).
MAX_KEPT_MATCHES = 20_000_000
PROGRESS_EVERY = 0.1  # seconds between progress reports


class ScanCancelled(ResultError):
    title = N_("Cancelled")


@dataclass(frozen=True, slots=True)
class Progress:
    """How far a whole-entry pass has come."""

    done: int  # bytes read
    total: int | None  # bytes in all, when known
    rows: int  # rows (or lines) seen so far
    matched: int  # rows that matched so far (error rows for the index pass)
    elapsed: float  # seconds since the pass started

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return min(1.0, self.done / self.total)

    @property
    def rate(self) -> float:
        """Bytes per second so far."""
        return self.done / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Query:
    """Which rows to keep: every condition given must hold."""

    errors_only: bool = False
    contains: str = ""  # case-insensitive text in any cell
    reason: str | None = None  # exactly this error reason

    @property
    def empty(self) -> bool:
        return not (self.errors_only or self.contains or self.reason is not None)


@dataclass
class Matches:
    """Data-row ordinals (0 = first row below the header) that match a query, in order.

    `count` goes on past MAX_KEPT_MATCHES; `ordinals` stops there (`capped`).
    """

    ordinals: array[int] = field(default_factory=lambda: array("q"))
    count: int = 0
    complete: bool = False
    scanned: int = 0  # data rows looked at so far

    @property
    def capped(self) -> bool:
        return self.count > len(self.ordinals)

    def add(self, ordinal: int) -> None:
        self.count += 1
        if len(self.ordinals) < MAX_KEPT_MATCHES:
            self.ordinals.append(ordinal)


@dataclass
class ErrorSummary:
    """Rows with an error reason, found by the index pass: their ordinals, and for each
    the reason's number in `reasons` (most common first once the pass is complete)."""

    ordinals: array[int] = field(default_factory=lambda: array("q"))
    reason_ids: array[int] = field(default_factory=lambda: array("l"))
    reasons: list[str] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    _ids: dict[str, int] = field(default_factory=dict)

    def add(self, ordinal: int, reason: str) -> None:
        reason_id = self._ids.get(reason)
        if reason_id is None:
            reason_id = self._ids[reason] = len(self.reasons)
            self.reasons.append(reason)
        if len(self.ordinals) < MAX_KEPT_MATCHES:
            self.ordinals.append(ordinal)
            self.reason_ids.append(reason_id)
        self.counts[reason] += 1

    @property
    def count(self) -> int:
        return self.counts.total()

    def ranked(self) -> list[tuple[str, int]]:
        """Each distinct reason with its count, most common first."""
        return self.counts.most_common()

    def with_reason(self, reason: str) -> Matches:
        wanted = self._ids.get(reason)
        found = Matches(complete=True, scanned=len(self.ordinals))
        if wanted is None:
            return found
        for ordinal, reason_id in zip(self.ordinals, self.reason_ids, strict=True):
            if reason_id == wanted:
                found.add(ordinal)
        return found


@dataclass
class IndexState:
    """What the index pass knows so far."""

    rows: int = 0  # data rows seen
    complete: bool = False
    errors: ErrorSummary = field(default_factory=ErrorSummary)
    notes: list[str] = field(default_factory=list)


class Document(Protocol):
    """One entry as rows (`kind` "table": CSV, sheets, records) or lines ("lines")."""

    name: str
    kind: Literal["table", "lines"]
    columns: list[str]
    error_column: ErrorColumn | None
    notes: list[str]
    size: int | None  # bytes a whole pass reads, when known
    index: IndexState

    def first_rows(self) -> list[Row]:
        """The rows read while opening (shown at once, before any index exists)."""
        ...

    def build_index(self, progress: ProgressHook | None, cancelled: Cancelled | None) -> None:
        """One pass over the whole entry: counts, error rows, reasons, row positions."""
        ...

    def rows(self, start: int, count: int) -> list[Row]:
        """Data rows `start` .. `start + count` (fewer at the end); any start once the
        index is built, rows already indexed before that."""
        ...

    def rows_at(self, ordinals: Sequence[int]) -> list[Row]:
        """The data rows with these ordinals, in the order given."""
        ...

    def iter_rows(self, ordinals: Iterable[int] | None = None) -> Iterator[Row]:
        """Data rows in order, in one pass: all, or those with these ascending ordinals."""
        ...

    def find(
        self, query: Query, progress: ProgressHook | None, cancelled: Cancelled | None
    ) -> Matches:
        """Every data row that matches `query`, over the whole entry."""
        ...

    def has_error(self, cells: Sequence[str]) -> bool:
        """The row carries an error reason (or the line reports a failure)."""
        ...

    def column_values(
        self, column: int, progress: ProgressHook | None, cancelled: Cancelled | None
    ) -> list[str]:
        """One column's cell in every data row, by ordinal (for sorting)."""
        ...

    def close(self) -> None: ...


class ProgressClock:
    """Rate-limits progress reports and polls for cancellation."""

    def __init__(
        self, progress: ProgressHook | None, cancelled: Cancelled | None, total: int | None
    ) -> None:
        self._progress = progress
        self._cancelled = cancelled
        self._total = total
        self._start = time.monotonic()
        self._last = 0.0

    def tick(self, done: int, rows: int, matched: int, *, final: bool = False) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ScanCancelled(_("The pass over the entry was cancelled."))
        if self._progress is None:
            return
        now = time.monotonic()
        if final or now - self._last >= PROGRESS_EVERY:
            self._last = now
            self._progress(Progress(done, self._total, rows, matched, now - self._start))


def row_test(query: Query, error_column: int | None) -> Callable[[list[str]], bool]:
    """A test of one row's cells against `query` (the error conditions need a column)."""
    needle = query.contains.lower()
    reason = query.reason

    def keep(cells: list[str]) -> bool:
        if query.errors_only or reason is not None:
            if error_column is None or error_column >= len(cells):
                return False
            text = cells[error_column]
            if reason is not None:
                if text != reason:
                    return False
            elif not text.strip():
                return False
        return not needle or any(needle in cell.lower() for cell in cells)

    return keep


def sorted_ordinals(
    values: Sequence[str], ordinals: Iterable[int] | None, *, descending: bool
) -> array[int]:
    """Ordinals ordered by their value: numbers by number, before text; ties keep file
    order. Empty cells go last either way."""

    def key(ordinal: int) -> tuple[int, float, str]:
        value = values[ordinal] if ordinal < len(values) else ""
        if not value.strip():
            return (2, 0.0, "")
        try:
            return (0, float(value.replace(",", "")), "")
        except ValueError:
            return (1, 0.0, value.lower())

    chosen = list(ordinals) if ordinals is not None else list(range(len(values)))
    filled = [o for o in chosen if key(o)[0] != 2]
    empty = [o for o in chosen if key(o)[0] == 2]
    filled.sort(key=key, reverse=descending)
    return array("q", filled + empty)


def column_has_error(cells: Sequence[str], column: ErrorColumn | None) -> bool:
    return column is not None and column.index < len(cells) and bool(cells[column.index].strip())


def header_index(head: Sequence[Row]) -> int:
    """First of the leading rows that is at least half as full as the widest: skips
    title rows above the real header."""
    filled = [sum(1 for c in cells if c.strip()) for _, cells in head]
    if not filled:
        return 0
    need = max(1, min(2, max(filled)), (max(filled) + 1) // 2)
    return next((i for i, count in enumerate(filled) if count >= need), 0)


class MemoryTable:
    """A table small enough to hold: every row is in memory, the index is immediate."""

    kind: Literal["table", "lines"] = "table"

    def __init__(
        self,
        name: str,
        table: Table,
        *,
        notes: Iterable[str] = (),
        error_column: int | None = None,
    ) -> None:
        self.name = name
        self.columns = table.columns
        self._rows: list[Row] = list(zip(table.row_numbers, table.rows, strict=True))
        if error_column is not None:
            self.error_column: ErrorColumn | None = ErrorColumn(
                error_column, table.columns[error_column], "given"
            )
        else:
            self.error_column = find_error_column(table)
        self.notes = [*table.notes, *notes]
        self.size: int | None = None
        self.index = IndexState(rows=len(self._rows))
        self.build_index(None, None)

    def first_rows(self) -> list[Row]:
        return self._rows

    def build_index(self, progress: ProgressHook | None, cancelled: Cancelled | None) -> None:
        if self.index.complete:
            return
        column = self.error_column.index if self.error_column else None
        errors = self.index.errors
        if column is not None:
            for ordinal, (_, cells) in enumerate(self._rows):
                text = cells[column] if column < len(cells) else ""
                if text.strip():
                    errors.add(ordinal, text)
        self.index.complete = True

    def rows(self, start: int, count: int) -> list[Row]:
        return self._rows[max(0, start) : max(0, start + count)]

    def has_error(self, cells: Sequence[str]) -> bool:
        return column_has_error(cells, self.error_column)

    def column_values(
        self, column: int, progress: ProgressHook | None, cancelled: Cancelled | None
    ) -> list[str]:
        return [cells[column] if column < len(cells) else "" for _, cells in self._rows]

    def rows_at(self, ordinals: Sequence[int]) -> list[Row]:
        rows = self._rows
        return [rows[i] for i in ordinals if 0 <= i < len(rows)]

    def iter_rows(self, ordinals: Iterable[int] | None = None) -> Iterator[Row]:
        if ordinals is None:
            yield from self._rows
        else:
            yield from self.rows_at(list(ordinals))

    def find(
        self, query: Query, progress: ProgressHook | None, cancelled: Cancelled | None
    ) -> Matches:
        keep = row_test(query, self.error_column.index if self.error_column else None)
        found = Matches()
        for ordinal, (__, cells) in enumerate(self._rows):
            if keep(cells):
                found.add(ordinal)
        found.scanned = len(self._rows)
        found.complete = True
        return found

    def close(self) -> None:
        pass


class MemoryLines(MemoryTable):
    """Lines small enough to hold (a pretty-printed JSON document): `kind` "lines"."""

    kind: Literal["table", "lines"] = "lines"

    def __init__(self, name: str, lines: Sequence[str], *, fmt: str) -> None:
        from drs_tui.result.text.failure_lines import line_test

        while lines and not lines[-1]:
            lines = lines[:-1]
        table = Table([], [[line] for line in lines], list(range(1, len(lines) + 1)))
        self._failure = line_test(fmt)
        self.fmt = fmt
        super().__init__(name, table, error_column=None)
        self.error_column = None

    def has_error(self, cells: Sequence[str]) -> bool:
        return bool(cells) and self._failure(cells[0])

    def build_index(self, progress: ProgressHook | None, cancelled: Cancelled | None) -> None:
        if self.index.complete:
            return
        for ordinal, (__, cells) in enumerate(self._rows):
            if self._failure(cells[0]):
                self.index.errors.add(ordinal, "")
        self.index.complete = True

    def find(
        self, query: Query, progress: ProgressHook | None, cancelled: Cancelled | None
    ) -> Matches:
        needle = query.contains.lower()
        found = Matches()
        for ordinal, (__, cells) in enumerate(self._rows):
            line = cells[0]
            if needle and needle not in line.lower():
                continue
            if (query.errors_only or query.reason is not None) and not self._failure(line):
                continue
            found.add(ordinal)
        found.scanned, found.complete = len(self._rows), True
        return found
