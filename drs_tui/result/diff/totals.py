"""Counts over a whole comparison: every entry pair and every table compared so far.

The CLI's summary line and the comparison screen's both add up the same way, so the
adding lives here, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drs_tui.result.diff.rows import RowSummary

ENTRY_STATUSES = ("added", "removed", "changed", "same")


@dataclass
class DiffTotals:
    entries: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ENTRY_STATUSES, 0))
    added: int = 0  # rows, over every table
    removed: int = 0
    changed: int = 0
    fixed: int = 0
    new_errors: int = 0
    still_failing: int = 0
    reasons_compared: bool = False  # some table had an error-reason column on both sides
    language_only: bool | None = None  # every cross-language table: one translation each

    @property
    def differences(self) -> bool:
        entries = self.entries["added"] + self.entries["removed"] + self.entries["changed"]
        return bool(entries or self.added or self.removed or self.changed)

    def add(self, summary: RowSummary) -> None:
        """One table's counts, once it has been compared to its end."""
        self.added += summary.added
        self.removed += summary.removed
        self.changed += summary.changed
        reasons = summary.reasons
        if reasons.compared:
            self.reasons_compared = True
            self.fixed += reasons.fixed
            self.new_errors += reasons.new_errors
            self.still_failing += reasons.still_failing
            if reasons.language_only is not None:
                self.language_only = reasons.language_only and self.language_only is not False
