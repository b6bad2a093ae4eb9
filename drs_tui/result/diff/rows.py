"""Two tables compared row by row, keyed by the object each row describes.

Each side is read once, in file order, into rows sorted by key (sorted_rows.py: on
disk past a few tens of MB), and the two sorted streams are walked together like
`comm`: a key on the old side only is a removed row, on the new side only an added
one, on both a row compared column by column. A key repeated within one file (DRS
reports a duplicate object twice) is matched by occurrence: the first with the first.

The error-reason column is summed up on its own: fixed (a reason before, none now), new
errors (none before, or a new row, with one now) and still failing. When the two headers
are in different languages (the `en-us` and `zh-cn` files of one fetch) only the presence
of a reason is compared, and each old reason is checked to meet one and the same new
reason every time: then the reasons "differ only in language".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from drs_tui.result.diff.columns import ColumnPlan
from drs_tui.result.diff.sorted_rows import RUN_BYTES, Record, SortedRows, SpillFolder
from drs_tui.result.document import Document, ScanCancelled

PROGRESS_EVERY = 0.1
# Distinct (old reason, new reason) pairs followed to tell a translation from a change.
_MAX_REASON_PAIRS = 10_000

ADDED, REMOVED, CHANGED = "added", "removed", "changed"
FIXED, NEW_ERROR, STILL_FAILING = "fixed", "new error", "still failing"


@dataclass(frozen=True, slots=True)
class CellChange:
    column: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row that differs. `status` is added, removed or changed; `reason` says what
    happened to its error reason (fixed, new error, still failing, or "")."""

    status: str
    key: tuple[str, ...]
    old_row: int | None
    new_row: int | None
    cells: list[str]  # the new row (the old one when removed)
    changes: tuple[CellChange, ...] = ()
    reason: str = ""


@dataclass
class ReasonSummary:
    compared: bool = False  # both sides have an error-reason column
    fixed: int = 0
    new_errors: int = 0  # in rows on both sides, and in added rows
    still_failing: int = 0
    reason_changed: int = 0  # still failing, with another text (same language)
    removed_with_reason: int = 0
    language_only: bool | None = None  # cross-language: each reason has one translation


@dataclass(frozen=True, slots=True)
class DiffProgress:
    phase: str  # "old", "new" (reading and sorting a side) or "compare"
    rows: int
    total: int | None


ProgressHook = Callable[[DiffProgress], None]
Cancelled = Callable[[], bool]


@dataclass
class RowSummary:
    """Counts over the whole of both entries (complete once the changes are consumed)."""

    plan: ColumnPlan
    old_rows: int = 0
    new_rows: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    same: int = 0
    repeated_old: int = 0  # keys that occur more than once in OLD
    repeated_new: int = 0
    reasons: ReasonSummary = field(default_factory=ReasonSummary)
    complete: bool = False

    @property
    def differences(self) -> int:
        return self.added + self.removed + self.changed


class _Clock:
    def __init__(self, progress: ProgressHook | None, cancelled: Cancelled | None) -> None:
        self._progress, self._cancelled = progress, cancelled
        self._last = 0.0

    def tick(self, phase: str, rows: int, total: int | None) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ScanCancelled("The comparison was cancelled.")
        now = time.monotonic()
        if self._progress is not None and now - self._last >= PROGRESS_EVERY:
            self._last = now
            self._progress(DiffProgress(phase, rows, total))


def compare_tables(
    old: Document,
    new: Document,
    plan: ColumnPlan,
    spill: SpillFolder,
    summary: RowSummary,
    *,
    run_bytes: int = RUN_BYTES,
    progress: ProgressHook | None = None,
    cancelled: Cancelled | None = None,
) -> Iterator[RowChange]:
    """The rows that differ, in key order; `summary` is complete when this is exhausted."""
    clock = _Clock(progress, cancelled)
    old_sorted = _sorted(old, plan.old_keys, SortedRows(spill, run_bytes=run_bytes), clock, "old")
    summary.old_rows = old_sorted.count
    new_sorted = _sorted(new, plan.new_keys, SortedRows(spill, run_bytes=run_bytes), clock, "new")
    summary.new_rows = new_sorted.count
    summary.reasons.compared = plan.old_reason is not None and plan.new_reason is not None
    pairs = _ReasonPairs() if plan.cross_language else None
    old_it = _numbered(old_sorted.merged(), summary, "old")
    new_it = _numbered(new_sorted.merged(), summary, "new")
    a, b = next(old_it, None), next(new_it, None)
    done = 0  # rows of both sides consumed
    while a is not None or b is not None:
        done += 1 if a is None or b is None or a[0] != b[0] else 2
        if done & 1023 < 2:
            clock.tick("compare", done, summary.old_rows + summary.new_rows)
        if b is None or (a is not None and a[0] < b[0]):
            assert a is not None
            summary.removed += 1
            if _reason(a[1][3], plan.old_reason):
                summary.reasons.removed_with_reason += 1
            yield RowChange(REMOVED, a[1][0], a[1][2], None, a[1][3])
            a = next(old_it, None)
        elif a is None or b[0] < a[0]:
            summary.added += 1
            failing = bool(_reason(b[1][3], plan.new_reason))
            if failing and summary.reasons.compared:
                summary.reasons.new_errors += 1
            yield RowChange(
                ADDED, b[1][0], None, b[1][2], b[1][3], (), NEW_ERROR if failing else ""
            )
            b = next(new_it, None)
        else:
            change = _compare(a[1], b[1], plan, summary.reasons, pairs)
            if change is None:
                summary.same += 1
            else:
                summary.changed += 1
                yield change
            a, b = next(old_it, None), next(new_it, None)
    if pairs is not None and summary.reasons.still_failing:
        summary.reasons.language_only = pairs.one_to_one()
    summary.complete = True


def _sorted(
    document: Document, keys: Sequence[int], rows: SortedRows, clock: _Clock, phase: str
) -> SortedRows:
    width = len(document.columns)
    total = getattr(document, "declared_rows", None) or (
        document.index.rows if document.index.complete else None
    )
    for ordinal, (number, cells) in enumerate(document.iter_rows()):
        if ordinal % 1024 == 0:
            clock.tick(phase, ordinal, total)
        if len(cells) != width:
            cells = (cells + [""] * width)[:width]
        if not "".join(cells).strip():
            continue
        key = tuple(cells[i] for i in keys)
        rows.add((key, ordinal, number, cells))
    return rows


def _numbered(
    records: Iterator[Record], summary: RowSummary, side: str
) -> Iterator[tuple[tuple[tuple[str, ...], int], Record]]:
    """Each record with (key, occurrence of that key so far): duplicates pair in order."""
    previous: tuple[str, ...] | None = None
    seen = 0
    for record in records:
        if record[0] == previous:
            seen += 1
            if seen == 1 and side == "old":
                summary.repeated_old += 1
            elif seen == 1:
                summary.repeated_new += 1
        else:
            previous, seen = record[0], 0
        yield (record[0], seen), record


def _reason(cells: Sequence[str], column: int | None) -> str:
    if column is None or column >= len(cells):
        return ""
    return cells[column].strip()


def _compare(
    old: Record,
    new: Record,
    plan: ColumnPlan,
    reasons: ReasonSummary,
    pairs: _ReasonPairs | None,
) -> RowChange | None:
    old_cells, new_cells = old[3], new[3]
    changes = [
        CellChange(name, old_cells[i], new_cells[j])
        for i, j, name in plan.compared
        if old_cells[i] != new_cells[j]
    ]
    verdict = ""
    if reasons.compared:
        before, after = _reason(old_cells, plan.old_reason), _reason(new_cells, plan.new_reason)
        assert plan.old_reason is not None and plan.new_reason is not None
        if before and not after:
            reasons.fixed += 1
            verdict = FIXED
        elif after and not before:
            reasons.new_errors += 1
            verdict = NEW_ERROR
        elif before and after:
            reasons.still_failing += 1
            verdict = STILL_FAILING
            if pairs is not None:
                pairs.add(before, after)
            elif before != after:
                reasons.reason_changed += 1
        if verdict in (FIXED, NEW_ERROR) or (pairs is None and before != after):
            changes.append(CellChange(plan.reason_name, before, after))
    if not changes:
        return None
    return RowChange(CHANGED, new[0], old[2], new[2], new_cells, tuple(changes), verdict)


class _ReasonPairs:
    """Which new reason each old reason met, and the reverse: one each means a translation."""

    def __init__(self) -> None:
        self.forward: dict[str, set[str]] = {}
        self.backward: dict[str, set[str]] = {}
        self.overflow = False

    def add(self, old: str, new: str) -> None:
        if self.overflow:
            return
        if len(self.forward) >= _MAX_REASON_PAIRS or len(self.backward) >= _MAX_REASON_PAIRS:
            self.overflow = True
            return
        self.forward.setdefault(old, set()).add(new)
        self.backward.setdefault(new, set()).add(old)

    def one_to_one(self) -> bool | None:
        if self.overflow:
            return None
        return all(len(v) == 1 for v in self.forward.values()) and all(
            len(v) == 1 for v in self.backward.values()
        )
