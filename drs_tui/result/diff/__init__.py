"""Two result ZIPs compared: entries (added, removed, changed), then the rows of each
pair of sheets, CSV or JSON records, keyed by the object they describe, in bounded
memory (an external merge sort). No Textual; the UI and the CLI reach it through
`drs_tui.result`."""

from drs_tui.result.diff.columns import (
    ColumnPlan,
    NoKeyColumnsError,
    header_language,
    plan_notes,
)
from drs_tui.result.diff.comparison import (
    NoCommonEntryError,
    ResultComparison,
    TableComparison,
)
from drs_tui.result.diff.entries import EntryChange
from drs_tui.result.diff.rows import (
    CellChange,
    DiffProgress,
    ReasonSummary,
    RowChange,
    RowSummary,
)
from drs_tui.result.diff.totals import DiffTotals
from drs_tui.result.diff.words import reason_counts, verdict_words

__all__ = [
    "CellChange",
    "ColumnPlan",
    "DiffProgress",
    "DiffTotals",
    "EntryChange",
    "NoCommonEntryError",
    "NoKeyColumnsError",
    "ReasonSummary",
    "ResultComparison",
    "RowChange",
    "RowSummary",
    "TableComparison",
    "header_language",
    "plan_notes",
    "reason_counts",
    "verdict_words",
]
