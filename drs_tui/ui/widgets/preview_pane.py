"""The preview side of the result viewer: one entry as text, a table or a message.

An entry is opened in a worker ("preview") and its first rows shown at once; then a
second worker ("index") reads the whole entry once, with a progress bar, so counts,
"go to the end", error rows and reasons cover all of it. Filters ("query") and searches
("search") run over the whole entry in workers of their own, reporting what they have
found so far; rows scrolled into view are read block by block ("fetch"). Every result
carries a ticket, so a late answer for an entry the person already left is dropped.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import ContentSwitcher, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from drs_tui.i18n import _, ngettext
from drs_tui.result import (
    Document,
    Matches,
    Preview,
    PreviewKind,
    Progress,
    Query,
    ResultArchive,
    ResultError,
    ScanCancelled,
    ZipEntry,
    export_rows,
    sorted_ordinals,
)
from drs_tui.ui.gc_freeze import BIG_ROWS, settle_after_load
from drs_tui.ui.widgets.document_window import DocumentLines, DocumentWindow, TableRows
from drs_tui.ui.widgets.find_bar import FindBar
from drs_tui.ui.widgets.preview_model import (
    Filter,
    MessageContent,
    Search,
    cell_detail,
    message_for,
    table_columns,
)
from drs_tui.ui.widgets.preview_reader import PreviewReader, Request
from drs_tui.ui.widgets.preview_words import status_line, title_line
from drs_tui.ui.widgets.text_view import ListLines, TextView, json_spans, xml_spans
from drs_tui.ui.widgets.virtual_table import VirtualTable

_LOADING_DELAY = 0.2
_GROUPS = ("preview", "index", "query", "search", "goto", "sort", "export")


class PreviewPane(Vertical):
    """Title, status, a progress bar, the content, the focused cell, and a find bar."""

    # z zooms the whole pane (title, status and find bar too), whichever part has focus.
    ALLOW_MAXIMIZE = True

    class Updated(Message):
        """A preview (or a filter, search or page of it) is now on screen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.request: Request | None = None
        self.preview: Preview | None = None
        self.window: DocumentWindow | None = None
        self.row_filter = Filter()
        self.search_state = Search()
        self.index_progress: Progress | None = None
        self.reader = PreviewReader()
        self._tickets: dict[str, int] = dict.fromkeys(_GROUPS, 0)
        self._loading_timer: Timer | None = None
        self._wanted_number = 0
        self.sort_state: tuple[int, bool] | None = None  # column, descending
        self.list_above = False  # where the entry list is: above the pane, or on its left
        self._waiting = True  # the message is still "Pick an entry...": nothing shown yet

    def compose(self) -> ComposeResult:
        yield Static(id="preview-title")
        yield Static(id="preview-status")
        yield ProgressBar(id="preview-progress", show_eta=False)
        with ContentSwitcher(initial="preview-message", id="preview-content"):
            yield TextView(id="preview-text")
            yield VirtualTable(id="preview-table", cell_cursor=True)
            yield Static(self._placeholder(), id="preview-message")
        yield Static(id="preview-cell")
        yield FindBar(id="find-bar")

    # -- parts ------------------------------------------------------------------------

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
    def document(self) -> Document | None:
        return self.window.document if self.window is not None else None

    @property
    def showing(self) -> str:
        """'text', 'table' or 'message': which content is on screen."""
        current = self.query_one(ContentSwitcher).current or "preview-message"
        return current.removeprefix("preview-")

    # -- what the screen calls --------------------------------------------------------

    def show_entry(self, archive: ResultArchive, entry: ZipEntry) -> None:
        """Preview `entry`; encoding and view mode carry over, filters are cleared."""
        self.reader.archive = archive
        old = self.request
        encoding = old.encoding if old else None
        self.load(Request(entry, encoding=encoding, mode=old.mode if old else "auto"))

    def load(self, request: Request) -> None:
        self.request = request
        self._cancel("index", "query", "search")
        self.row_filter, self.search_state, self.sort_state = Filter(), Search(), None
        self._start(self._open, request, group="preview")

    def change(self, **changes: Any) -> None:
        """Reload the current entry with some request fields changed."""
        if self.request is not None:
            self.load(replace(self.request, **changes))

    def find(self, mode: Literal["search", "filter"]) -> None:
        """Open the find bar to search (/) or filter rows (f), holding the text in use."""
        text = self.search_state.text if mode == "search" else self.row_filter.query.contains
        self.find_bar.open(mode, text)

    def apply_filter(self, query: Query) -> None:
        """Keep only the rows `query` matches, over the whole entry (empty: all rows)."""
        self.row_filter = Filter(query)
        self.sort_state = None
        if query.empty or self.document is None:
            self._cancel("query")
            self._show_view(None)
            return
        self._start(self._query, self.document, query, group="query")
        self._update_words()

    def toggle_errors_only(self) -> bool:
        """Only the rows with an error reason, or all again; False when there is no
        error-reason column to go by."""
        document = self.document
        if document is None or (document.kind == "table" and document.error_column is None):
            return False
        query = self.row_filter.query
        self.apply_filter(replace(query, errors_only=not query.errors_only, reason=None))
        return True

    def filter_reason(self, reason: str) -> None:
        self.apply_filter(Query(reason=reason, contains=self.row_filter.query.contains))

    def clear(self) -> bool:
        """Esc: drop the search, then the filter; False when there was neither."""
        if self.search_state.text:
            self._cancel("search")
            self.search_state = Search()
            self._highlight("")
            self._update_words()
            return True
        if self.row_filter.active:
            self.apply_filter(Query())
            return True
        return False

    def step_sheet(self, step: int) -> bool:
        """The sheet `step` sheets on, round the workbook; False when there is one."""
        preview = self.preview
        if preview is None or len(preview.sheets) < 2:
            return False
        names = [sheet.name for sheet in preview.sheets]
        current = names.index(preview.sheet) if preview.sheet in names else 0
        self.change(sheet=names[(current + step) % len(names)])
        return True

    def cycle_view_mode(self) -> str:
        """auto (by content), then text, then hex, then auto again; the new mode."""
        if self.request is None:
            return "auto"
        modes: tuple[Literal["auto", "text", "hex"], ...] = ("auto", "text", "hex")
        mode = modes[(modes.index(self.request.mode) + 1) % len(modes)]
        self.change(mode=mode)
        return mode

    def search(self, text: str) -> None:
        self.search_state = Search(text)
        self._highlight(text)
        if not text or self.document is None:
            self._cancel("search")
            self._update_words()
            return
        self._start(self._query, self.document, Query(contains=text), group="search")
        self._update_words()

    def next_match(self, step: int) -> bool:
        ordinal = self.search_state.step(self._cursor_ordinal(), step)
        if ordinal is None:
            return False
        self.go_to_ordinal(ordinal, current=True)
        self._update_words()
        return True

    def go_to_ordinal(self, ordinal: int, *, current: bool = False) -> bool:
        """Move to data row (or line) `ordinal`; False when a filter hides it."""
        if self.showing == "table":
            table = self.table
            view, in_file_order = table.view, self.sort_state is None
            row = ordinal if view is None else _position(view, ordinal, in_file_order)
            if row is None:
                return False
            table.cursor_row = row
            return True
        if self.showing == "text":
            self.text_view.go_to_line(ordinal, current=current)
            return self.text_view.row_of(ordinal) is not None
        return False

    def go_to_number(self, number: int) -> str | None:
        """Move to the row or line numbered `number` in the file (a worker finds it);
        why not, when it cannot."""
        document, window = self.document, self.window
        if document is None or window is None:
            return _("Nothing to move in.")
        if not document.index.complete:
            return _("Still indexing: the row numbers are not all known yet.")
        self._wanted_number = number
        self._start(self._locate, window, number, group="goto")
        return None

    def _located(self, ordinal: int | None) -> None:
        number = self._wanted_number
        if ordinal is None:
            message = _("No row or line {number} in this entry.")
            self.notify(message.format(number=f"{number:,}"), timeout=4)
        elif not self.go_to_ordinal(ordinal, current=True):
            message = _("Row {number} is hidden by the filter (Esc shows all).")
            self.notify(message.format(number=f"{number:,}"), timeout=4)

    def sort_by_cursor_column(self) -> bool:
        """Sort by the column under the cursor: up, down, then in file order again."""
        document = self.document
        if document is None or self.showing != "table":
            return False
        column = self.table.cursor_column
        current = self.sort_state
        if current is None or current[0] != column:
            self.sort_state = (column, False)
        elif not current[1]:
            self.sort_state = (column, True)
        else:
            self.sort_state = None
            self._show_view(self._filtered_ordinals())
            return True
        column, descending = self.sort_state
        self._start(self._sort, document, column, descending, group="sort")
        return True

    def _filtered_ordinals(self) -> Any:
        matches = self.row_filter.matches
        return matches.ordinals if self.row_filter.active and matches is not None else None

    def _sort(self, ticket: int, document: Document, column: int, descending: bool) -> Any:
        worker = get_current_worker()
        report = self._reporter("sort", ticket)
        values = document.column_values(column, report, lambda: worker.is_cancelled)
        return sorted_ordinals(values, self._filtered_ordinals(), descending=descending)

    def export_rows(self, dest: Path | None) -> None:
        """Write the rows the filter keeps (all of them, in file order) to `dest`."""
        document = self.document
        if dest is None or document is None:
            return
        if dest.is_dir():
            dest = dest / "rows.csv"
        self._start(self._export, document, self._filtered_ordinals(), dest, group="export")

    def _export(self, ticket: int, document: Document, ordinals: Any, dest: Path) -> str:
        worker = get_current_worker()
        report = self._reporter("export", ticket)
        count = export_rows(
            document, ordinals, dest, progress=report, cancelled=lambda: worker.is_cancelled
        )
        words = ngettext("Exported {count} row to {path}", "Exported {count} rows to {path}", count)
        return words.format(count=f"{count:,}", path=dest)

    def visible_text(self) -> str:
        """The preview as plain text (tab-separated for tables), for the clipboard."""
        if self.showing == "text":
            return self.text_view.text
        if self.showing == "table":
            table = self.table
            header = "\t".join(c.title for c in table.columns)
            count = min(table.row_count, 100_000)
            rows = ("\t".join(table.source.cells(table.source_index(r))) for r in range(count))
            return "\n".join([header, *rows])
        return str(self.query_one("#preview-message", Static).render())

    def _placeholder(self) -> str:
        if self.list_above:
            return _("Pick an entry in the list above.")
        return _("Pick an entry in the list on the left.")

    @property
    def placeholder(self) -> str | None:
        """The words shown until the first preview or problem; None after that."""
        return self._placeholder() if self._waiting else None

    def place_list(self, *, above: bool) -> None:
        """The entry list moved (above the pane, or on its left): the words pointing at it
        follow, while nothing else was shown yet."""
        self.list_above = above
        if self._waiting and self.is_mounted:
            self.query_one("#preview-message", Static).update(self._placeholder())

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
            query = self.row_filter.query
            self.apply_filter(replace(query, contains=event.text))
        else:
            self.search(event.text)
        self.focus_content()

    def on_find_bar_closed(self, event: FindBar.Closed) -> None:
        event.stop()
        focused = self.screen.focused
        if focused is None or not focused.is_attached:
            self.focus_content()

    # -- workers ----------------------------------------------------------------------

    def _start(self, job: Callable[..., Any], *args: Any, group: str) -> None:
        self._tickets[group] += 1
        ticket = self._tickets[group]
        if group == "preview":
            self._arm_loading()
        self.run_worker(
            lambda: (ticket, job(ticket, *args)),
            thread=True,
            exclusive=True,
            group=group,
            exit_on_error=False,
            description=f"{group} {self._entry_name()}",
        )

    def _cancel(self, *groups: str) -> None:
        for group in groups:
            self._tickets[group] += 1
            self.workers.cancel_group(self, group)
        self._progress_done()

    def _open(self, _ticket: int, request: Request) -> Preview:
        return self.reader.read(request)

    def _index(self, ticket: int, document: Document) -> None:
        worker = get_current_worker()
        document.build_index(self._reporter("index", ticket), lambda: worker.is_cancelled)

    def _query(self, ticket: int, document: Document, query: Query) -> Matches:
        worker = get_current_worker()
        report = self._reporter(worker.group or "query", ticket)
        return document.find(query, report, lambda: worker.is_cancelled)

    def _locate(self, _ticket: int, window: DocumentWindow, number: int) -> int | None:
        return _ordinal_of(window, number)

    def _reporter(self, group: str, ticket: int) -> Callable[[Progress], None]:
        def report(progress: Progress) -> None:
            self.app.call_from_thread(self._progressed, group, ticket, progress)

        return report

    def _fetch(self, block: int) -> None:
        window = self.window
        if window is None:
            return

        def read() -> None:
            rows: list[Any] = []
            try:
                rows = window.read_block(block)
            finally:  # a failed read must not leave the block waiting for ever
                self.app.call_from_thread(self._fetched, window, block, rows)

        self.run_worker(read, thread=True, group="fetch", exit_on_error=False)

    def _fetched(self, window: DocumentWindow, block: int, rows: list[Any]) -> None:
        window.store(block, rows)
        if window is self.window:
            self._redraw()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group not in _GROUPS or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        event.stop()
        if worker.group == "preview":
            self._disarm_loading()
        if event.state is WorkerState.ERROR:
            self._failed(worker)
            return
        ticket, result = worker.result  # type: ignore[misc]
        if ticket != self._tickets[worker.group]:
            return
        if worker.group == "preview":
            self._display(result)
        elif worker.group == "index":
            self._indexed()
        elif worker.group == "query":
            self._filtered(result)
        elif worker.group == "goto":
            self._located(result)
        elif worker.group == "sort":
            self._show_view(result)
        elif worker.group == "export":
            self._progress_done()
            self.notify(result, timeout=8, markup=False)
        else:
            self._searched(result)

    def _failed(self, worker: Worker[Any]) -> None:
        error = worker.error
        self._progress_done()
        if isinstance(error, ScanCancelled):
            return
        if worker.group == "preview" or not isinstance(error, ResultError):
            title = error.title if isinstance(error, ResultError) else _("Cannot preview")
            hint = error.hint if isinstance(error, ResultError) else _("This is a bug.")
            self._show_message(MessageContent(title, f"{error}", hint or ""))
            return
        self.notify(f"{error}", title=error.title, severity="error", timeout=8)

    # -- showing ----------------------------------------------------------------------

    def _display(self, preview: Preview) -> None:
        self.preview = preview
        self._waiting = False
        self.window = None
        self.index_progress = None
        message = message_for(preview)
        switcher = self.query_one(ContentSwitcher)
        document = preview.document
        if message is not None:
            self._show_message(message)
        elif document is None:
            self.text_view.set_source(ListLines(preview.hex.split("\n")))
            switcher.current = "preview-text"
        else:
            window = DocumentWindow(document, self._fetch)
            self.window = window
            if document.kind == "lines":
                fmt = preview.fmt
                highlighter = json_spans if preview.kind is PreviewKind.JSON else None
                if fmt in ("xml", "html"):
                    highlighter = xml_spans
                self.text_view.set_source(DocumentLines(window), highlighter=highlighter)
                switcher.current = "preview-text"
            else:
                self.table.set_rows(table_columns(document), TableRows(window))
                switcher.current = "preview-table"
            if not document.index.complete:
                self._start(self._index, document, group="index")
        self._update_words()
        self._update_cell()
        self.post_message(self.Updated())
        if document is not None and len(document.first_rows()) >= BIG_ROWS:
            self.call_after_refresh(settle_after_load)

    def _progressed(self, group: str, ticket: int, progress: Progress) -> None:
        if ticket != self._tickets.get(group):
            return
        if group == "index":
            self.index_progress = progress
            self._grown()
        elif group == "query":
            self.row_filter.progress = progress
        elif group == "search":
            self.search_state.progress = progress
        bar = self.query_one("#preview-progress", ProgressBar)
        bar.add_class("-running")
        bar.update(total=100, progress=(progress.fraction or 0) * 100)
        self._update_words()

    def _indexed(self) -> None:
        self.index_progress = None
        self._progress_done()
        self._redraw()
        self._update_words()
        self.post_message(self.Updated())

    def _filtered(self, matches: Matches) -> None:
        self.row_filter.matches = matches
        self._progress_done()
        self._show_view(matches.ordinals)

    def _searched(self, matches: Matches) -> None:
        search = self.search_state
        search.matches = matches
        self._progress_done()
        target = search.first_from(self._cursor_ordinal())
        if target is not None:
            self.go_to_ordinal(target, current=True)
        self._update_words()
        self.post_message(self.Updated())

    def _show_view(self, ordinals: Any) -> None:
        highlight = self.row_filter.query.contains
        if self.showing == "table":
            self.table.set_view(ordinals, highlight=highlight or self.search_state.text)
        elif self.showing == "text":
            self.text_view.set_view(ordinals, highlight=highlight or self.search_state.text)
        self._update_words()
        self._update_cell()
        self.post_message(self.Updated())

    def _highlight(self, text: str) -> None:
        if self.showing == "table":
            self.table.set_highlight(text)
        elif self.showing == "text":
            self.text_view.set_highlight(text)

    def _grown(self) -> None:
        """The index has found more rows: the widgets' size follows."""
        if self.showing == "table":
            self.table.rows_grown()
        elif self.showing == "text":
            self.text_view.lines_grown()

    def _redraw(self) -> None:
        """Rows arrived or the index grew: the widgets draw again."""
        if self.window is not None and self.index_progress is None:
            self.window.forget_missing()
        if self.showing == "table":
            self.table.rows_arrived()
        elif self.showing == "text":
            self.text_view.lines_arrived()
        self._update_cell()

    def _show_message(self, content: MessageContent) -> None:
        self._waiting = False
        text = Text()
        text.append(content.title + "\n", style="bold")
        text.append(content.message)
        if content.hint:
            text.append("\n\n" + _("What to do: "), style="bold")
            text.append(content.hint)
        self.query_one("#preview-message", Static).update(text)
        self.query_one(ContentSwitcher).current = "preview-message"
        self._update_words()
        self._update_cell()

    def show_texts(self) -> None:
        """The title, status and cell lines again, in the language of the moment (F2)."""
        if self.request is not None:
            self._update_words()
            self._update_cell()

    def _update_words(self) -> None:
        request, preview = self.request, self.preview
        title = title_line(request.entry.name if request else "", preview, request)
        status = status_line(
            preview,
            self.document,
            index=self.index_progress,
            row_filter=self.row_filter,
            search=self.search_state,
        )
        self.query_one("#preview-title", Static).update(title)
        self.query_one("#preview-status", Static).update(status)

    def _update_cell(self) -> None:
        """The focused cell of the table, whole: every character, spaces made visible."""
        cell = self.query_one("#preview-cell", Static)
        table = self.table
        if self.showing != "table" or not table.row_count or not table.columns:
            cell.display = False
            return
        index = table.cursor_index()
        column = min(table.cursor_column, len(table.columns) - 1)
        cells = table.source.cells(index) if index is not None else []
        value = cells[column] if column < len(cells) else ""
        cell.display = True
        # Up to three lines for a long reason, one on a small terminal (rows come first).
        cell.styles.max_height = 3 if self.app.size.height >= 30 else 1
        cell.update(Text(cell_detail(table.columns[column].title, value)))

    def on_virtual_table_cursor_moved(self, event: VirtualTable.CursorMoved) -> None:
        if event.table is self.table:
            self._update_cell()

    def _cursor_ordinal(self) -> int:
        if self.showing == "table":
            return self.table.cursor_index() or 0
        if self.showing == "text":
            return self.text_view.top_line
        return 0

    def _progress_done(self) -> None:
        bars = self.query("#preview-progress").results(ProgressBar)
        bar = next(bars, None)
        if bar is None:  # unmounting
            return
        passes = ("index", "query", "search", "sort", "export")
        running = any(w.group in passes and w.is_running for w in self.workers)
        if not running:
            bar.remove_class("-running")

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
        for group in ("index", "query", "search", "sort", "export", "goto", "fetch"):
            self.workers.cancel_group(self, group)
        self.reader.close()


def _position(view: Any, ordinal: int, in_file_order: bool = True) -> int | None:
    """Where data row `ordinal` is in `view` (None: not there). A sorted view is in no
    order a bisection can use: it is searched through."""
    if not in_file_order:
        try:
            return int(view.index(ordinal))
        except ValueError:
            return None
    at = bisect.bisect_left(view, ordinal)
    return at if at < len(view) and view[at] == ordinal else None


def _ordinal_of(window: DocumentWindow, number: int) -> int | None:
    """The data row whose file number is `number` (numbers only grow): a binary search
    over the rows, each probe one block read."""
    document = window.document
    low, high = 0, document.index.rows - 1
    while low <= high:
        mid = (low + high) // 2
        rows = document.rows(mid, 1)
        if not rows:
            return None
        found = rows[0][0]
        if found == number:
            return mid
        if found < number:
            low = mid + 1
        else:
            high = mid - 1
    return None
