"""The job list of the job picker: a line-API ScrollView that renders only visible rows.

Textual's DataTable measures every cell of every row up front; this table keeps the jobs
in a list and builds the Strip of a row only when that row is on screen, so a page of a
thousand jobs costs no more to show or scroll than a page of ten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from drs_tui.ui.format import fit, short_id, short_time, status_words

if TYPE_CHECKING:
    from drs_tui.api.models import Job

UNSUPPORTED_MARK = "✗"
CURSOR_MARK = "▶"


@dataclass(frozen=True)
class Column:
    title: str
    width: int


def layout(width: int) -> tuple[Column, ...]:
    """Column widths for a table `width` cells wide; the name takes what is left.

    When the name would get fewer than 20 cells, other columns give way in this order:
    the time of day, engine width, the direction, status width, the ID (the details pane
    shows everything in full). A column of width 0 is not drawn.
    """
    widths = {"id": 36 if width >= 150 else 8, "status": 14, "engine": 19, "dir": 4}
    widths["created"] = 16 if width >= 96 else 10
    give_way = (("created", 10), ("engine", 14), ("dir", 0), ("status", 12), ("id", 0))

    def name_width() -> int:
        shown = [w for w in widths.values() if w]
        return width - 2 - sum(shown) - len(shown) - 1  # a gap after each column but the last

    for key, smaller in give_way:
        if name_width() >= 20:
            break
        widths[key] = smaller
    return (
        Column("", 2),
        Column("Name", max(8, name_width())),
        Column("ID", widths["id"]),
        Column("Status", widths["status"]),
        Column("Engine", widths["engine"]),
        Column("Dir", widths["dir"]),
        Column("Created", widths["created"]),
    )


def row_text(job: Job, columns: tuple[Column, ...], *, cursor: bool) -> str:
    created = short_time(job.create_time)
    values = (
        (CURSOR_MARK if cursor else " ") + (UNSUPPORTED_MARK if job.unsupported_reason else " "),
        job.name or "(no name)",
        job.id if columns[2].width >= len(job.id) else short_id(job.id, columns[2].width),
        status_words(job.status),
        job.engine_type or "-",
        job.job_direction or "-",
        created[: columns[6].width],
    )
    return join(values, columns)


def join(values: tuple[str, ...], columns: tuple[Column, ...]) -> str:
    return " ".join(
        fit(value, col.width) for value, col in zip(values, columns, strict=True) if col.width
    )


class JobTable(ScrollView, can_focus=True):
    """Jobs, one per line, under a fixed header line. Enter chooses the job."""

    DEFAULT_CSS = """
    JobTable { height: 1fr; overflow-x: hidden; }
    JobTable > .job-table--header { text-style: bold underline; }
    JobTable > .job-table--cursor { background: $accent 40%; text-style: bold; }
    JobTable:focus > .job-table--cursor { background: $accent; color: $text; }
    JobTable > .job-table--unsupported { color: $text-muted; }
    JobTable > .job-table--empty { color: $text-muted; text-style: italic; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "job-table--header",
        "job-table--cursor",
        "job-table--unsupported",
        "job-table--empty",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "Up", show=False, id="job-up"),
        Binding("down,j", "move(1)", "Down", show=False, id="job-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="job-page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="job-page-down"),
        Binding("home", "first", "First", show=False, id="job-first"),
        Binding("end", "last", "Last", show=False, id="job-last"),
        Binding("enter", "choose", "Open", id="open-job", tooltip="Choose what to fetch"),
    ]

    cursor: reactive[int] = reactive(0, init=False)

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
        super().__init__(id=id)
        self.jobs: list[Job] = []
        self.empty_text = "No jobs yet."
        self.busy_text = ""  # "Loading jobs…" while the list is being asked for
        self._painted = False

    def set_busy(self, text: str) -> None:
        """Say `text` in place of an empty list (rows already shown stay while loading)."""
        self.busy_text = text
        self.refresh_line(1)

    @property
    def current(self) -> Job | None:
        return self.jobs[self.cursor] if 0 <= self.cursor < len(self.jobs) else None

    def set_jobs(self, jobs: list[Job], *, empty_text: str = "No jobs match.") -> None:
        self.jobs = jobs
        self.empty_text = empty_text
        self.virtual_size = Size(self.size.width, len(jobs) + 1)
        self.set_reactive(JobTable.cursor, 0)
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    # -- rendering ------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.jobs) + 1)

    def render_line(self, y: int) -> Strip:
        if not self._painted:
            # Runs after the compositor has handed this frame to the terminal.
            self._painted = True
            self.call_later(self.post_message, self.Painted())
        width = self.scrollable_content_region.width
        columns = layout(width)
        base = self.rich_style
        if y == 0:
            header = join(tuple(c.title for c in columns), columns)
            return self._strip(header, base + self.get_component_rich_style("job-table--header"))
        index = self.scroll_offset.y + y - 1
        if index >= len(self.jobs):
            if index == 0:
                style = base + self.get_component_rich_style("job-table--empty")
                return self._strip(f"  {self.busy_text or self.empty_text}", style)
            return Strip.blank(width, base)
        job = self.jobs[index]
        chosen = index == self.cursor
        style = base
        if job.unsupported_reason:
            style += self.get_component_rich_style("job-table--unsupported")
        if chosen:
            style += self.get_component_rich_style("job-table--cursor")
        return self._strip(row_text(job, columns, cursor=chosen), style)

    def _strip(self, text: str, style: Style) -> Strip:
        width = self.scrollable_content_region.width
        return Strip([Segment(fit(text, width), style)], width)

    # -- cursor ---------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._keep_visible()
        self.post_message(self.Highlighted(self.current))

    def _refresh_row(self, index: int) -> None:
        self.refresh_line(index + 1)  # virtual line of a row: the header is line 0

    def _keep_visible(self) -> None:
        rows = max(1, self.scrollable_content_region.height - 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True, force=True)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False, immediate=True, force=True)

    def _move_to(self, index: int) -> None:
        if self.jobs:
            self.cursor = max(0, min(len(self.jobs) - 1, index))

    def action_move(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        rows = max(1, self.scrollable_content_region.height - 2)
        self._move_to(self.cursor + direction * rows)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self.jobs) - 1)

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self.jobs):
            if index == self.cursor and event.chain >= 2:
                self.action_choose()
            self.cursor = index
