"""The job list of the job picker: a VirtualTable over the jobs, one per line.

Only the rows on screen are drawn, so a page of a thousand jobs costs no more to show
or scroll than a page of ten. The columns follow the terminal's width (`job_columns`);
jobs the result API cannot serve are the table's marked rows: ✗ and a muted colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from drs_tui.i18n import (
    N_,
    _,
    _ as gettext,  # for messages marked with N_() elsewhere
)
from drs_tui.ui.format import short_time, status_words
from drs_tui.ui.widgets.cell_text import fit
from drs_tui.ui.widgets.table_lines import GUTTER_MARKS, MARKER
from drs_tui.ui.widgets.table_model import Column
from drs_tui.ui.widgets.virtual_table import VirtualTable

if TYPE_CHECKING:  # the API models load with the first job list, not before the first frame
    from drs_tui.api.models import Job

UNSUPPORTED_MARK = MARKER  # "✗"

# The cell of each column: (job, column width) -> text. The keys are the columns' titles
# in English; the header shows them through gettext().
CELLS: dict[str, Callable[[Job, int | None], str]] = {
    N_("Name"): lambda job, _width: job.name or _("(no name)"),
    "ID": lambda job, _width: job.id,
    N_("Status"): lambda job, _width: status_words(job.status),
    N_("Engine"): lambda job, _width: job.engine_type or "-",
    N_("Dir"): lambda job, _width: job.job_direction or "-",
    N_("Created"): lambda job, width: short_time(job.create_time)[:width],  # date if narrow
}


def job_columns(width: int) -> tuple[Column, ...]:
    """Columns for a table `width` cells wide; the name takes what is left.

    The ID is shown whole when it fits: when the name would get fewer than 20 cells, the
    other columns give way in this order: the time of day, engine width, the direction,
    status width. Only when that is not enough is the ID cut to its first cells (and the
    others laid out again), and at last dropped (the details pane shows everything in
    full). A column that gives way to 0 is not drawn.
    """
    for id_width in (ID_WHOLE, ID_CUT):
        widths = {"ID": id_width, "Status": 14, "Engine": 19, "Dir": 4}
        widths["Created"] = 16 if width >= 96 else 10
        if _give_way(width, widths, ("ID", id_width)) >= NAME_MIN:
            break
    else:
        _give_way(width, widths, ("ID", 0))
    name = Column("Name", width=max(8, _name_width(width, widths)))
    return (name, *(Column(title, width=w) for title, w in widths.items() if w))


ID_WHOLE = 36  # a DRS job ID, whole
ID_CUT = 8
NAME_MIN = 20
_GIVE_WAY = (("Created", 10), ("Engine", 14), ("Dir", 0), ("Status", 12))


def shown_columns(columns: Sequence[Column]) -> list[Column]:
    """The columns as the header shows them: titles in the language of the moment."""
    return [replace(column, title=gettext(column.title)) for column in columns]


def _name_width(width: int, widths: dict[str, int]) -> int:
    shown = [w for w in widths.values() if w]
    return width - GUTTER_MARKS - sum(shown) - len(shown)  # a space before each column


def _give_way(width: int, widths: dict[str, int], last: tuple[str, int]) -> int:
    """Narrow `widths` in place until the name has NAME_MIN cells; the name's width."""
    for title, smaller in (*_GIVE_WAY, last):
        if _name_width(width, widths) >= NAME_MIN:
            break
        widths[title] = smaller
    return _name_width(width, widths)


class JobRows:
    """The jobs as the table's rows (a RowSource); unsupported jobs are marked."""

    def __init__(self, jobs: Sequence[Job], columns: Sequence[Column]) -> None:
        self.jobs = jobs
        self.columns = columns

    def __len__(self) -> int:
        return len(self.jobs)

    def cells(self, index: int) -> list[str]:
        job = self.jobs[index]
        return [CELLS[column.title](job, column.width) for column in self.columns]

    def marked(self, index: int) -> bool:
        return bool(self.jobs[index].unsupported_reason)

    def number(self, index: int) -> int:
        return index + 1


class JobTable(VirtualTable, inherit_bindings=False):
    """Jobs, one per line, under a fixed header line. Enter chooses the job.

    Only the cursor keys are the table's: h, l, g and the other letters belong to the
    job picker (recent jobs, region, ...), so VirtualTable's bindings are not inherited.
    """

    DEFAULT_CSS = """
    JobTable {
        height: 1fr;
        overflow-x: hidden;
        & > .virtual-table--marked { color: $text-muted; }
        & > .virtual-table--marker { color: $text-muted; text-style: not bold; }
        & > .job-table--empty { color: $text-muted; text-style: italic; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"job-table--empty"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", N_("Up"), show=False, id="job-up"),
        Binding("down,j", "cursor_down", N_("Down"), show=False, id="job-down"),
        Binding("home", "first_row", N_("First"), show=False, id="job-first"),
        Binding("end", "last_row", N_("Last"), show=False, id="job-last"),
        Binding("pageup", "page_up", N_("Page up"), show=False, id="job-page-up"),
        Binding("pagedown", "page_down", N_("Page down"), show=False, id="job-page-down"),
        Binding(
            "enter", "select_row", N_("Open"), id="open-job", tooltip=N_("Choose what to fetch")
        ),
    ]

    class Highlighted(Message):
        def __init__(self, job: Job | None) -> None:
            super().__init__()
            self.job = job

    class Chosen(Message):
        def __init__(self, job: Job) -> None:
            super().__init__()
            self.job = job

    class Painted(Message):
        """The table is on the terminal for the first time: slow work may start now
        without holding back the first frame."""

    def __init__(self, *, id: str | None = None) -> None:
        columns = job_columns(80)  # until the first Resize gives the real width
        self.rows = JobRows([], columns)
        super().__init__(shown_columns(columns), self.rows, row_numbers=False, separator=" ", id=id)
        self.jobs: list[Job] = []
        self.empty_text = _("No jobs yet.")
        self.busy_text = ""  # "Loading jobs…" while the list is being asked for
        self._painted = False

    @property
    def cursor(self) -> int:
        """Index of the highlighted job; setting it moves the cursor there."""
        return self.cursor_row

    @cursor.setter
    def cursor(self, index: int) -> None:
        self.cursor_row = index

    @property
    def current(self) -> Job | None:
        return self.jobs[self.cursor] if 0 <= self.cursor < len(self.jobs) else None

    def set_busy(self, text: str) -> None:
        """Say `text` in place of an empty list (rows already shown stay while loading)."""
        self.busy_text = text
        self.refresh_line(1)

    def set_jobs(self, jobs: list[Job], *, empty_text: str | None = None) -> None:
        self.jobs = jobs
        self.empty_text = _("No jobs match.") if empty_text is None else empty_text
        self.rows = JobRows(jobs, self.rows.columns)
        self.set_rows(shown_columns(self.rows.columns), self.rows)  # row 0 is Highlighted
        if not jobs:
            self.post_message(self.Highlighted(None))

    def on_resize(self, _event: events.Resize) -> None:
        # Runs before VirtualTable.on_resize, which lays the columns out.
        columns = job_columns(self.scrollable_content_region.width)
        if columns != self.rows.columns:
            self.rows.columns = columns
            self.set_columns(shown_columns(columns))

    def show_titles(self) -> None:
        """The header in the language of the moment (after a switch)."""
        self.set_columns(shown_columns(self.rows.columns))

    def render_line(self, y: int) -> Strip:
        if not self._painted:
            # Runs after the compositor has handed this frame to the terminal.
            self._painted = True
            self.call_later(self.post_message, self.Painted())
        if y == 1 and not self.jobs:
            width = self.scrollable_content_region.width
            style = self.rich_style + self.get_component_rich_style("job-table--empty")
            text = fit(f"  {self.busy_text or self.empty_text}", width)
            return Strip([Segment(text, style)], width)
        return super().render_line(y)

    def _post_cursor_moved(self, row: int) -> None:
        self.post_message(self.Highlighted(self.current))

    def _post_row_selected(self, row: int) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
