"""The preview side of the result viewer: one entry as text, a table or a message.

Every read, decode, parse, filter and search runs in a thread worker of group
"preview" or "search" (exclusive: a newer request cancels the older one); results come
back through `Worker.StateChanged` and carry a ticket, so a late answer for an entry the
person already left is dropped. While a request runs longer than a moment the content
shows Textual's loading indicator. The viewer's keys call in here: find and filter rows
(in its own find bar), error rows only, another sheet, another view, more rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import ContentSwitcher, Static
from textual.worker import Worker, WorkerState, get_current_worker

from drs_tui.result import PreviewKind, ResultArchive, ZipEntry
from drs_tui.ui.widgets.find_bar import FindBar
from drs_tui.ui.widgets.preview_model import (
    MessageContent,
    Shown,
    TableContent,
    TextContent,
)
from drs_tui.ui.widgets.preview_reader import FIRST_ROWS, MAX_ROWS, PreviewReader, Request, filtered
from drs_tui.ui.widgets.preview_words import status_line, title_line
from drs_tui.ui.widgets.quiet_gc import BIG_ROWS, settle_after_load
from drs_tui.ui.widgets.text_view import TextView, find_matches
from drs_tui.ui.widgets.virtual_table import VirtualTable

_LOADING_DELAY = 0.2


class PreviewPane(Vertical):
    """Title, status, the content (TextView, VirtualTable or a message) and a find bar."""

    class Updated(Message):
        """A preview (or a filter, search or page of it) is now on screen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.request: Request | None = None
        self.shown: Shown | None = None
        self.filter_text = ""
        self.errors_only = False
        self.search_text = ""
        self.search_rows: list[int] = []
        self.reader = PreviewReader()
        self._tickets: dict[str, int] = {"preview": 0, "search": 0}
        self._loading_timer: Timer | None = None
        self._sheet_rows = 0  # data rows of the sheet before the engine filtered it

    def compose(self) -> ComposeResult:
        yield Static(id="preview-title")
        yield Static(id="preview-status")
        with ContentSwitcher(initial="preview-message", id="preview-content"):
            yield TextView(id="preview-text")
            yield VirtualTable(id="preview-table")
            yield Static("Pick an entry on the left.", id="preview-message")
        yield FindBar(id="find-bar")

    # -- what the screen calls ------------------------------------------------------------

    @property
    def text_view(self) -> TextView:
        return self.query_one("#preview-text", TextView)

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#preview-table", VirtualTable)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    @property
    def showing(self) -> str:
        """'text', 'table' or 'message': which content is on screen."""
        current = self.query_one(ContentSwitcher).current or "preview-message"
        return current.removeprefix("preview-")

    def show_entry(self, archive: ResultArchive, entry: ZipEntry) -> None:
        """Preview `entry`; encoding and view mode carry over, filters are cleared."""
        self.reader.archive = archive
        old = self.request
        self.filter_text, self.errors_only, self.search_text = "", False, ""
        encoding = old.encoding if old else None
        self.load(Request(entry, encoding=encoding, mode=old.mode if old else "auto"))

    def load(self, request: Request) -> None:
        self.request = request
        self.reader.close()
        self._start(self._read, request)

    def change(self, **changes: Any) -> None:
        """Reload the current entry with some request fields changed."""
        if self.request is not None:
            self.load(replace(self.request, **changes))

    def apply_filters(self, text: str, errors_only: bool) -> None:
        self.filter_text, self.errors_only = text, errors_only
        shown, request = self.shown, self.request
        if shown is None or request is None:
            return
        content = shown.content
        sheet = shown.preview.kind is PreviewKind.SHEET and request.mode == "auto"
        partial = isinstance(content, TableContent) and content.more
        if sheet and (partial or request.errors_only or request.contains):
            # Not every row is loaded (or the engine filtered them): scan the whole sheet.
            self.load(replace(request, errors_only=errors_only, contains=text))
            return
        self._start(self._filter, shown)

    def find(self, mode: Literal["search", "filter"]) -> None:
        """Open the find bar to search (/) or filter rows (f), holding the text in use."""
        self.find_bar.open(mode, self.search_text if mode == "search" else self.filter_text)

    def toggle_errors_only(self) -> bool:
        """Only the rows with an error reason, or all again; False when there is no
        error-reason column to go by."""
        content = self.shown.content if self.shown else None
        has_reasons = (isinstance(content, TableContent) and content.error_column is not None) or (
            isinstance(content, TextContent) and content.marks is not None
        )
        if not has_reasons and not self.errors_only:
            return False
        self.apply_filters(self.filter_text, not self.errors_only)
        return True

    def step_sheet(self, step: int) -> bool:
        """The sheet `step` sheets on, round the workbook; False when there is one."""
        shown = self.shown
        if shown is None or len(shown.preview.sheets) < 2:
            return False
        names = [sheet.name for sheet in shown.preview.sheets]
        current = names.index(shown.preview.sheet) if shown.preview.sheet in names else 0
        self.change(sheet=names[(current + step) % len(names)], max_rows=FIRST_ROWS)
        return True

    def cycle_view_mode(self) -> None:
        """auto (by content), then text, then hex, then auto again."""
        if self.request is not None:
            modes = ("auto", "text", "hex")
            self.change(mode=modes[(modes.index(self.request.mode) + 1) % len(modes)])

    def load_more(self) -> bool:
        """Next rows or the next page of text; False when everything is shown."""
        shown, request = self.shown, self.request
        if shown is None or request is None:
            return False
        content = shown.content
        if isinstance(content, TableContent):
            if not content.more or request.max_rows >= MAX_ROWS:
                return False
            self.load(replace(request, max_rows=min(request.max_rows * 4, MAX_ROWS)))
            return True
        if isinstance(content, TextContent) and shown.preview.kind in (
            PreviewKind.TEXT,
            PreviewKind.JSON,
        ):
            if shown.preview.complete or self.reader.at_end:
                return False
            self._start(self._more_text, shown)
            return True
        return False

    def search(self, text: str) -> None:
        self.search_text = text
        if self.showing == "text":
            self._start(self._find_lines, list(self.text_view.lines), group="search")
        elif self.showing == "table":
            self.table.set_highlight(text)
            self._start(self._find_rows, text, group="search")

    def next_match(self, step: int) -> bool:
        if self.showing == "text" and self.text_view.matches:
            self.text_view.go_to_match(self.text_view.current_match + step)
            return True
        if self.showing == "table" and self.search_rows:
            rows, cursor = self.search_rows, self.table.cursor_row
            ahead = [r for r in rows if (r - cursor) * step > 0]
            target = (min if step > 0 else max)(ahead) if ahead else rows[0 if step > 0 else -1]
            self.table.cursor_row = target
            return True
        return False

    def visible_text(self) -> str:
        """The preview as plain text (tab-separated for tables), for the clipboard."""
        if self.showing == "text":
            return self.text_view.text
        if self.showing == "table":
            table = self.table
            header = "\t".join(c.title for c in table.columns)
            rows = (
                "\t".join(table.source.cells(table.source_index(r))) for r in range(table.row_count)
            )
            return "\n".join([header, *rows])
        return str(self.query_one("#preview-message", Static).render())

    def focus_content(self) -> None:
        """Give the keyboard to what the preview shows (text or table)."""
        if self.showing == "table":
            self.table.focus()
        elif self.showing == "text":
            self.text_view.focus()

    def show_problem(self, title: str, message: str, hint: str = "") -> None:
        """A message in place of the content (an archive that cannot be opened...)."""
        self._show_message(MessageContent(title, message, hint))

    def cursor_row_text(self) -> str | None:
        if self.showing != "table" or (index := self.table.cursor_index()) is None:
            return None
        return "\t".join(self.table.source.cells(index))

    def on_find_bar_submitted(self, event: FindBar.Submitted) -> None:
        event.stop()
        if event.mode == "filter":
            self.apply_filters(event.text, self.errors_only)
        else:
            self.search(event.text)
        self.focus_content()

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        focused = self.screen.focused
        if focused is None or not focused.is_attached:
            self.focus_content()

    # -- workers --------------------------------------------------------------------------

    def _start(self, job: Callable[..., Any], *args: Any, group: str = "preview") -> None:
        self._tickets[group] += 1
        ticket = self._tickets[group]
        if group == "preview":
            self._arm_loading()
        self.run_worker(
            lambda: (ticket, job(*args)),
            thread=True,
            exclusive=True,
            group=group,
            exit_on_error=False,
            description=f"{job.__name__.strip('_')} {self._entry_name()}",
        )

    def _read(self, request: Request) -> Shown:
        worker = get_current_worker()
        shown = self.reader.read(request, cancelled=lambda: worker.is_cancelled)
        return filtered(shown, request, self.filter_text, self.errors_only)

    def _filter(self, shown: Shown) -> Shown:
        return filtered(shown, self.request, self.filter_text, self.errors_only)

    def _more_text(self, shown: Shown) -> Shown:
        assert self.request is not None
        return self.reader.more_text(self.request, shown)

    def _find_lines(self, lines: list[str]) -> list[Any]:
        return find_matches(lines, self.search_text)

    def _find_rows(self, text: str) -> list[int]:
        return self.table.find_rows(text) if text else []

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group not in ("preview", "search") or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        event.stop()
        if worker.group == "preview":
            self._disarm_loading()
        if event.state is WorkerState.ERROR:
            error = worker.error
            self._show_message(MessageContent("Cannot preview", f"{error}", "This is a bug."))
            return
        ticket, result = worker.result  # type: ignore[misc]
        if ticket != self._tickets[worker.group]:
            return
        if worker.group == "search":
            self._show_search(result)
        else:
            self._display(result)

    # -- showing --------------------------------------------------------------------------

    def _display(self, shown: Shown) -> None:
        self.shown = shown
        content = shown.content
        switcher = self.query_one(ContentSwitcher)
        if isinstance(content, MessageContent):
            self._show_message(content)
        elif isinstance(content, TextContent):
            shown_lines = content
            if self.filter_text or self.errors_only:
                shown_lines = content.subset(self.filter_text, self.errors_only)
            self.text_view.set_lines(
                shown_lines.lines,
                shown_lines.widest,
                highlighter=shown_lines.highlighter,
                marks=shown_lines.marks,
                numbers=shown_lines.numbers,
            )
            switcher.current = "preview-text"
        else:
            table = self.table
            if table.source is not content.rows:
                table.set_rows(content.columns, content.rows)
            table.set_view(content.view, highlight=self.search_text)
            switcher.current = "preview-table"
        self._update_words()
        self.post_message(self.Updated())
        if _total(shown) >= BIG_ROWS:
            self.call_after_refresh(settle_after_load)

    def _show_message(self, content: MessageContent) -> None:
        text = Text()
        text.append(content.title + "\n", style="bold")
        text.append(content.message)
        if content.hint:
            text.append("\n\nWhat to do: ", style="bold")
            text.append(content.hint)
        self.query_one("#preview-message", Static).update(text)
        self.query_one(ContentSwitcher).current = "preview-message"
        self._update_words()

    def _show_search(self, result: list[Any]) -> None:
        if self.showing == "text":
            self.text_view.set_matches(result)
            count = len(result)
        else:
            self.search_rows = result
            count = len(result)
            if result and self.table.cursor_row not in result:
                self.next_match(1)
        self._update_words(f"{count:,} match{'es' if count != 1 else ''} for {self.search_text!r}")
        self.post_message(self.Updated())

    def _update_words(self, extra: str = "") -> None:
        shown, request = self.shown, self.request
        if self.showing == "text":
            counts = (len(self.text_view.lines), _total(shown))
        elif self.showing == "table":
            counts = (self.table.row_count, _total(shown))
            engine_filtered = request is not None and request.engine_filtered
            table = shown.preview.table if shown else None
            if engine_filtered and table is not None:
                counts = (table.total_rows or self.table.row_count, self._sheet_rows)
            elif table is not None:
                self._sheet_rows = table.total_rows or len(table.rows)
        else:
            counts = (0, 0)
        title = title_line(request.entry.name if request else "", shown, request)
        status = status_line(shown, self.filter_text, self.errors_only, counts, extra)
        self.query_one("#preview-title", Static).update(title)
        self.query_one("#preview-status", Static).update(status)

    def _entry_name(self) -> str:
        return self.request.entry.name if self.request else ""

    def _arm_loading(self) -> None:
        if self._loading_timer is None:
            self._loading_timer = self.set_timer(_LOADING_DELAY, self._show_loading)

    def _show_loading(self) -> None:
        if self._loading_timer is None:
            return  # a tick that was already queued when the read finished: stay down
        self._loading_timer = None
        self.query_one(ContentSwitcher).loading = True

    def _disarm_loading(self) -> None:
        if self._loading_timer is not None:
            self._loading_timer.stop()
            self._loading_timer = None
        self.query_one(ContentSwitcher).loading = False

    def on_unmount(self) -> None:
        self.reader.close()


def _total(shown: Shown | None) -> int:
    if shown is None:
        return 0
    content = shown.content
    if isinstance(content, TextContent):
        return len(content.lines)
    if isinstance(content, TableContent):
        return len(content.rows)
    return 0
