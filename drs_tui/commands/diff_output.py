"""How `drs-tui diff` prints: text with markers (+ added, − removed, ~ changed; colour
beside them on a terminal, never instead of them), TSV, or JSON Lines. Everything is
written as it is found, so a million changed rows start printing at once; the summary
comes last (on stdout for text and JSON, on stderr for TSV, whose stdout is data only).
Text from the files (names, keys, cells) goes out through `printable`."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, TextIO

from drs_tui.commands.output import json_line, printable
from drs_tui.i18n import _
from drs_tui.result import DiffTotals, plan_notes, reason_counts, verdict_words

if TYPE_CHECKING:
    from drs_tui.result import (
        DiffProgress,
        EntryChange,
        ResultComparison,
        RowChange,
        RowSummary,
        TableComparison,
    )

_COLORS = {"added": "\x1b[32m", "removed": "\x1b[31m", "changed": "\x1b[33m"}
_RESET = "\x1b[0m"
TSV_COLUMNS = (
    "status", "old_entry", "new_entry", "key", "old_row", "new_row", "column", "old", "new",
    "reason",
)  # fmt: skip


class DiffWriter:
    def __init__(self, out: TextIO, err: TextIO, *, fmt: str, color: bool) -> None:
        self.out, self.err = out, err
        self.fmt = fmt
        self.color = color
        self.minus = "−" if color else "-"
        self._progress_shown = False
        self._show_progress = fmt != "json" and err.isatty()
        self.totals = DiffTotals()

    # -- the whole comparison -----------------------------------------------------------

    def write(self, comparison: ResultComparison) -> bool:
        """Print everything; True when the results differ. Every table is opened (its
        header read, its key columns found) before anything is printed, so a missing key
        fails alone, not after half the output."""
        with contextlib.ExitStack() as stack:
            tables = [
                stack.enter_context(comparison.table(pair, progress=self._progress))
                for pair in comparison.tables
            ]
            self._write(comparison, tables)
        return self.totals.differences

    def _write(self, comparison: ResultComparison, tables: list[TableComparison]) -> None:
        if self.fmt == "tsv":
            self.out.write("\t".join(TSV_COLUMNS) + "\n")
        elif self.fmt == "text":
            self._line(f"--- {printable(comparison.old.name)}")
            self._line(f"+++ {printable(comparison.new.name)}")
        for change in comparison.entries:
            self.totals.entries[change.status] += 1
            if change.status != "same" or change.renamed:
                self._entry(change)
        for table in tables:
            self._table(table)
            table.close()
        self._summary()

    def _table(self, table: TableComparison) -> None:
        change = table.change
        summary = table.summary
        if self.fmt == "json":
            plan = summary.plan if summary else None
            self._json(
                type="table",
                old=change.old_name,
                new=change.new_name,
                key=list(plan.key_names) if plan else None,
                cross_language=plan.cross_language if plan else None,
                only_old=list(plan.only_old) if plan else [],
                only_new=list(plan.only_new) if plan else [],
                note=table.note,
            )
        elif self.fmt == "text":
            self._line("")
            self._line(self._pair_name(change) + ":")
            if summary is None:
                self._line("  " + _("note: {note}").format(note=table.note or ""))
                return
            for note in plan_notes(summary.plan):
                self._line("  " + _("note: {note}").format(note=printable(note)))
        if summary is None:
            return
        for row in table.changes():
            self._clear_progress()
            self._row(change, row, summary)
        self._clear_progress()
        self.totals.add(summary)
        self._table_summary(change, summary)

    # -- entries ------------------------------------------------------------------------

    def _pair_name(self, change: EntryChange) -> str:
        if change.renamed:
            return f"{printable(change.old_name or '')} → {printable(change.new_name or '')}"
        return printable(change.name)

    def _entry(self, change: EntryChange) -> None:
        if self.fmt == "json":
            self._json(
                type="entry",
                status=change.status,
                old=change.old_name,
                new=change.new_name,
                old_size=change.old.size if change.old else None,
                new_size=change.new.size if change.new else None,
                old_crc=f"{change.old.crc:08x}" if change.old else None,
                new_crc=f"{change.new.crc:08x}" if change.new else None,
            )
            return
        if self.fmt == "tsv":
            self._tsv(change.status, change.old_name, change.new_name)
            return
        detail = ""
        if change.old is not None and change.new is not None:
            detail = _("{old} → {new} bytes").format(
                old=f"{change.old.size:,}", new=f"{change.new.size:,}"
            )
        elif change.new is not None:
            detail = _("{size} bytes, only in NEW").format(size=f"{change.new.size:,}")
        elif change.old is not None:
            detail = _("{size} bytes, only in OLD").format(size=f"{change.old.size:,}")
        self._line(f"{self._mark(change.status)} {self._pair_name(change)}  ({detail})")

    # -- rows ---------------------------------------------------------------------------

    def _row(self, change: EntryChange, row: RowChange, summary: RowSummary) -> None:
        key = ".".join(row.key)
        columns = _columns_of(summary, row)
        if self.fmt == "json":
            data: dict[str, Any] = {
                "type": "row",
                "entry": change.new_name,
                "old_entry": change.old_name,
                "status": row.status,
                "key": list(row.key),
                "old_row": row.old_row,
                "new_row": row.new_row,
                "reason": row.reason or None,
                "changes": [{"column": c.column, "old": c.old, "new": c.new} for c in row.changes],
            }
            if row.status != "changed":
                data["cells"] = dict(zip(columns, row.cells, strict=False))
            self._json(**data)
            return
        if self.fmt == "tsv":
            if not row.changes:
                reason = _row_reason(summary, row)
                self._tsv(
                    row.status, change.old_name, change.new_name, key, row.old_row,
                    row.new_row, "", reason if row.status == "removed" else "",
                    reason if row.status == "added" else "", row.reason,
                )  # fmt: skip
            for cell in row.changes:
                self._tsv(
                    row.status, change.old_name, change.new_name, key, row.old_row,
                    row.new_row, cell.column, cell.old, cell.new, row.reason,
                )  # fmt: skip
            return
        if row.status == "added":
            where = _("new row {row}").format(row=row.new_row)
        elif row.status == "removed":
            where = _("old row {row}").format(row=row.old_row)
        else:
            where = _("row {old} → {new}").format(old=row.old_row, new=row.new_row)
        verdict = f"  {verdict_words(row.reason)}" if row.reason else ""
        self._line(f"{self._mark(row.status)} {printable(key)}  ({where}){verdict}")
        if not row.changes:
            reason = _row_reason(summary, row)
            if reason:
                name = summary.plan.reason_name
                self._line(f"    {printable(name)}: {printable(reason)}")
        for cell in row.changes:
            empty = _("(empty)")
            old = printable(cell.old) if cell.old else empty
            new = printable(cell.new) if cell.new else empty
            self._line(f"    {printable(cell.column)}: {old} → {new}")

    # -- summaries ----------------------------------------------------------------------

    def _table_summary(self, change: EntryChange, summary: RowSummary) -> None:
        reasons = summary.reasons
        if self.fmt == "json":
            self._json(
                type="table_summary",
                old=change.old_name,
                new=change.new_name,
                old_rows=summary.old_rows,
                new_rows=summary.new_rows,
                added=summary.added,
                removed=summary.removed,
                changed=summary.changed,
                same=summary.same,
                repeated_keys={"old": summary.repeated_old, "new": summary.repeated_new},
                reasons={
                    "compared": reasons.compared,
                    "fixed": reasons.fixed,
                    "new_errors": reasons.new_errors,
                    "still_failing": reasons.still_failing,
                    "reason_changed": reasons.reason_changed,
                    "removed_with_reason": reasons.removed_with_reason,
                    "language_only": reasons.language_only,
                },
            )
            return
        if self.fmt != "text":
            return
        self._line(
            "  "
            + _(
                "rows: {added} added, {removed} removed, {changed} changed, {same} same "
                "({old} rows in OLD, {new} in NEW)"
            ).format(
                added=self._count("added", summary.added),
                removed=self._count("removed", summary.removed),
                changed=self._count("changed", summary.changed),
                same=f"{summary.same:,}",
                old=f"{summary.old_rows:,}",
                new=f"{summary.new_rows:,}",
            )
        )
        if reasons.compared:
            self._line(
                "  " + reason_counts(reasons.fixed, reasons.new_errors, reasons.still_failing)
            )
            if reasons.language_only:
                self._line("  " + _("reasons differ only in language"))
            elif reasons.language_only is False:
                self._line("  " + _("reasons differ in more than language"))
            elif reasons.reason_changed:
                self._line(
                    "  "
                    + _("still failing with another reason: {count}").format(
                        count=f"{reasons.reason_changed:,}"
                    )
                )

    def _summary(self) -> None:
        t = self.totals
        if self.fmt == "json":
            self._json(
                type="summary",
                entries=t.entries,
                rows={"added": t.added, "removed": t.removed, "changed": t.changed},
                reasons={
                    "compared": t.reasons_compared,
                    "fixed": t.fixed,
                    "new_errors": t.new_errors,
                    "still_failing": t.still_failing,
                    "language_only": t.language_only,
                },
                differences=t.differences,
            )
        e = t.entries
        line = _(
            "Summary: entries {added} added, {removed} removed, {changed} changed, {same} same; "
            "rows {rows_added} added, {rows_removed} removed, {rows_changed} changed"
        ).format(
            added=self._count("added", e["added"]),
            removed=self._count("removed", e["removed"]),
            changed=self._count("changed", e["changed"]),
            same=f"{e['same']:,}",
            rows_added=self._count("added", t.added),
            rows_removed=self._count("removed", t.removed),
            rows_changed=self._count("changed", t.changed),
        )
        if t.reasons_compared:
            line = _("{summary}; {reasons}").format(
                summary=line, reasons=reason_counts(t.fixed, t.new_errors, t.still_failing)
            )
        if t.language_only:
            line = _("{summary}; reasons differ only in language").format(summary=line)
        if self.fmt == "text":
            self._line("")
            self._line(line)
        else:
            print(line, file=self.err)

    # -- helpers ------------------------------------------------------------------------

    def _mark(self, status: str) -> str:
        mark = {"added": "+", "removed": self.minus, "changed": "~"}.get(status, " ")
        if self.color and status in _COLORS:
            return f"{_COLORS[status]}{mark}{_RESET}"
        return mark

    def _count(self, status: str, count: int) -> str:
        return f"{self._mark(status)} {count:,}"

    def _line(self, text: str) -> None:
        self.out.write(text + "\n")

    def _json(self, **data: Any) -> None:
        self.out.write(json_line(data) + "\n")

    def _tsv(self, *cells: object) -> None:
        self.out.write("\t".join(printable("" if c is None else str(c)) for c in cells) + "\n")

    def _progress(self, progress: DiffProgress) -> None:
        if not self._show_progress:
            return
        phase = {
            "old": _("reading OLD"),
            "new": _("reading NEW"),
            "compare": _("comparing"),
        }.get(progress.phase, progress.phase)
        done = f"{progress.rows:,}"
        if progress.total:
            text = _("{phase}: {done} of {total} rows").format(
                phase=phase, done=done, total=f"{progress.total:,}"
            )
        else:
            text = _("{phase}: {done} rows").format(phase=phase, done=done)
        self.err.write("\r\x1b[K" + text)
        self.err.flush()
        self._progress_shown = True

    def _clear_progress(self) -> None:
        if self._progress_shown:
            self.err.write("\r\x1b[K")
            self.err.flush()
            self._progress_shown = False


def _columns_of(summary: RowSummary, row: RowChange) -> list[str]:
    return list(summary.plan.old_columns if row.status == "removed" else summary.plan.new_columns)


def _row_reason(summary: RowSummary, row: RowChange) -> str:
    plan = summary.plan
    column = plan.old_reason if row.status == "removed" else plan.new_reason
    if column is None or column >= len(row.cells):
        return ""
    return row.cells[column].strip()
