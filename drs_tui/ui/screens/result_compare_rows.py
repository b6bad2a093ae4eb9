"""What the comparison screen lists, made from the engine's findings (no Textual here):
one line per differing entry and per differing row, each with its marker (+ − ~) in a
column of its own, so the meaning never rests on colour. Lines are kept up to MAX_SHOWN;
the counts in the summary cover everything."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from drs_tui.i18n import _
from drs_tui.result import DiffTotals, reason_counts, verdict_words

if TYPE_CHECKING:
    from drs_tui.result import EntryChange, RowChange, RowSummary

MAX_SHOWN = 50_000  # about 1 KB each: the list stays under ~60 MB
MARKS = {"added": "+", "removed": "−", "changed": "~"}


@dataclass(frozen=True, slots=True)
class Line:
    cells: tuple[str, str, str, str]  # mark, what, key or entry, the change in words
    details: tuple[tuple[str, str], ...]  # every column, for Enter
    failing: bool  # the new side carries an error reason
    title: str


def status_words(status: str) -> str:
    return {
        "added": _("added"),
        "removed": _("removed"),
        "changed": _("changed"),
        "same": _("same"),
    }.get(status, status)


def entry_line(change: EntryChange) -> Line:
    old, new = change.old, change.new
    name = change.name
    if old is not None and new is not None and old.name != new.name:
        name = f"{old.name} → {new.name}"
    if old is not None and new is not None:
        sizes = _("{old} → {new} bytes").format(old=f"{old.size:,}", new=f"{new.size:,}")
    else:
        only = new or old
        assert only is not None
        sizes = _("{size} bytes").format(size=f"{only.size:,}")
    what = _("entry {status}").format(status=status_words(change.status))
    details = (
        (_("Entry in OLD"), change.old_name or "-"),
        (_("Entry in NEW"), change.new_name or "-"),
        (_("Size"), sizes),
    )
    return Line((MARKS.get(change.status, " "), what, name, sizes), details, False, name)


def row_line(entry: str, change: RowChange, summary: RowSummary) -> Line:
    plan = summary.plan
    key = ".".join(change.key)
    what = verdict_words(change.reason) or status_words(change.status)
    if change.changes:
        words = "; ".join(
            f"{c.column}: {c.old or _('(empty)')} → {c.new or _('(empty)')}" for c in change.changes
        )
    elif change.status == "added":
        words = _("only in NEW, row {row}").format(row=change.new_row)
    else:
        words = _("only in OLD, row {row}").format(row=change.old_row)
    columns: Sequence[str] = plan.old_columns if change.status == "removed" else plan.new_columns
    details: list[tuple[str, str]] = [
        (_("Entry"), entry),
        (_("Row in OLD"), str(change.old_row or "-")),
        (_("Row in NEW"), str(change.new_row or "-")),
    ]
    details += [(f"{c.column}", f"{c.old or '-'} → {c.new or '-'}") for c in change.changes]
    if change.status != "changed":
        details += list(zip(columns, change.cells, strict=False))
    failing = change.reason in ("new error", "still failing")
    return Line((MARKS[change.status], what, key, words), tuple(details), failing, key)


@dataclass
class Totals(DiffTotals):
    """The engine's counts, with the notes the screen shows under them."""

    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        e = self.entries
        line = _(
            "Entries + {added}  − {removed}  ~ {changed}  = {same} · "
            "Rows + {rows_added}  − {rows_removed}  ~ {rows_changed}"
        ).format(
            added=f"{e['added']:,}",
            removed=f"{e['removed']:,}",
            changed=f"{e['changed']:,}",
            same=f"{e['same']:,}",
            rows_added=f"{self.added:,}",
            rows_removed=f"{self.removed:,}",
            rows_changed=f"{self.changed:,}",
        )
        if self.reasons_compared:
            reasons = reason_counts(self.fixed, self.new_errors, self.still_failing)
            line = _("{summary}\n{reasons}").format(summary=line, reasons=reasons)
            if self.language_only:
                line = _("{summary} · reasons differ only in language").format(summary=line)
        return line
