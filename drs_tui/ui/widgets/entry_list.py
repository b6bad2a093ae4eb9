"""The entries of a result ZIP as a virtual table: name, sizes, ratio, modified, problem.

Built on `VirtualTable`, so a 100,000-entry archive costs what its visible rows cost.
Entries come from the engine's lazy listing (`ResultArchive.entries` or `.sorted()`):
a `ZipEntry` is made only for a row on screen. Entries with a problem (encrypted,
unsupported method, damaged, suspicious ratio) get the ✗ marker and a Problem column.
Columns that do not fit are dropped, least useful first, so the name stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events

from drs_tui.i18n import N_, _
from drs_tui.result import ZipEntry
from drs_tui.sizes import compact_size
from drs_tui.ui.widgets.virtual_table import Column, VirtualTable

NAME = Column(N_("Name"), min_width=20, clip="start", flex=True, translated=True)
SIZE = Column(N_("Size"), width=7, align="right", translated=True)
PACKED = Column(N_("Packed"), width=7, align="right", translated=True)
RATIO = Column(N_("Ratio"), width=6, align="right", translated=True)
MODIFIED = Column(N_("Modified"), width=16, translated=True)
PROBLEM = Column(N_("Problem"), min_width=7, max_width=48, translated=True)
ALL_COLUMNS = (NAME, SIZE, PACKED, RATIO, MODIFIED, PROBLEM)
# Dropped in this order when the name would get fewer than NAME_WANTS cells.
_DROP_ORDER = (PACKED, MODIFIED, RATIO)
NAME_WANTS = 24
_SEPARATOR = "  "


def entry_problem(entry: ZipEntry) -> str:
    """Why the entry cannot be previewed or looks wrong; '' when it is fine."""
    if entry.problem:
        return entry.problem
    if entry.encrypted:
        return _("encrypted")
    if not entry.readable:
        return _("cannot be read")
    return ""


def entry_cells(entry: ZipEntry, columns: Sequence[Column]) -> list[str]:
    cells: list[str] = []
    for column in columns:
        if column is NAME:
            cells.append(entry.name)
        elif column is SIZE:
            cells.append(_("dir") if entry.is_dir else compact_size(entry.size))
        elif column is PACKED:
            cells.append(compact_size(entry.compressed_size))
        elif column is RATIO:
            cells.append(f"{entry.ratio:.1f}x" if entry.ratio < 1000 else f"{entry.ratio:.0f}x")
        elif column is MODIFIED:
            modified = entry.modified
            cells.append(modified.strftime("%Y-%m-%d %H:%M") if modified else "-")
        else:
            cells.append(entry_problem(entry))
    return cells


class EntryRows:
    """A `RowSource` over a lazy sequence of entries, for the chosen columns."""

    def __init__(self, entries: Sequence[ZipEntry], columns: Sequence[Column] = ALL_COLUMNS):
        self.entries = entries
        self.columns = list(columns)

    def __len__(self) -> int:
        return len(self.entries)

    def cells(self, index: int) -> Sequence[str]:
        return entry_cells(self.entries[index], self.columns)

    def marked(self, index: int) -> bool:
        return bool(entry_problem(self.entries[index]))

    def number(self, index: int) -> int:
        return index + 1


class ZipEntryList(VirtualTable):
    """The archive's entries; the cursor row is the entry being previewed."""

    DEFAULT_CSS = """
    ZipEntryList { scrollbar-size-horizontal: 0; }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        self.rows = EntryRows([])
        self.problem_column = True
        super().__init__(
            ALL_COLUMNS, self.rows, row_numbers=False, separator=_SEPARATOR,
            name=name, id=id, classes=classes,
        )  # fmt: skip

    @property
    def entries(self) -> Sequence[ZipEntry]:
        return self.rows.entries

    def show_entries(self, entries: Sequence[ZipEntry], *, problem_column: bool = True) -> None:
        """List these entries (in this order); the cursor goes to the first. Without
        `problem_column` the ✗ marker alone tells which entries have a problem."""
        self.problem_column = problem_column
        self.rows = EntryRows(entries, self._fitting_columns())
        self.set_rows(self.rows.columns, self.rows)

    def cursor_entry(self) -> ZipEntry | None:
        index = self.cursor_index()
        return None if index is None else self.rows.entries[index]

    def on_resize(self, event: events.Resize) -> None:
        columns = self._fitting_columns()
        if columns != self.rows.columns:
            self.rows.columns = columns
            self.set_columns(columns)
        super().on_resize(event)

    def _fitting_columns(self) -> list[Column]:
        width = self.scrollable_content_region.width - self.gutter_width
        if width <= 0:
            return [c for c in ALL_COLUMNS if c is not PROBLEM or self.problem_column]
        columns = [c for c in ALL_COLUMNS if c is not PROBLEM or self.problem_column]
        for dropped in _DROP_ORDER:
            if _name_room(columns, width) >= NAME_WANTS:
                break
            columns.remove(dropped)
        return columns


def _name_room(columns: Sequence[Column], width: int) -> int:
    """Cells left for the name with these columns (the Problem column scrolls into view)."""
    fixed = sum(c.width or 0 for c in columns if c is not NAME and c is not PROBLEM)
    separators = len(_SEPARATOR) * (len(columns) - 1 - (PROBLEM in columns))
    return width - fixed - separators
