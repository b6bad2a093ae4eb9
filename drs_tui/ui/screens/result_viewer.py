"""The result viewer: a result ZIP's entries on one side, the preview on the other.

Opened by the app after a download (with a `ResultOrigin`) or by `drs-tui open FILE.zip`
(without one). The screen holds the parts and passes the keys on to them: the entry
list (`EntriesPane`, result_viewer_entries.py), the preview (`PreviewPane`), saving and
extracting (`SaveAndExtract`, result_viewer_files.py) and the pickers
(result_viewer_prompts.py); its keys are listed in result_viewer_keys.py. It owns the
open archive and routes every worker of its own: opening the archive, listing its
entries, saving and extracting (the preview pane runs and handles its own). Below 120
columns, or for a handful of entries, the list sits above the preview, sized to the
entries it has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from drs_tui.i18n import N_, _, ngettext
from drs_tui.result import ResultArchive, ResultError, ZipEntry
from drs_tui.safe_text import safe_line
from drs_tui.ui.failures import route_failure
from drs_tui.ui.format import typed_number
from drs_tui.ui.gc_freeze import release, settle_after_load
from drs_tui.ui.language import LanguageChanged
from drs_tui.ui.origin import ResultOrigin
from drs_tui.ui.screens.base import SHORT
from drs_tui.ui.screens.result_viewer_dialogs import Choice, PathPrompt, RowDetail, TextPrompt
from drs_tui.ui.screens.result_viewer_entries import EntriesPane, EntryOrder, archive_details
from drs_tui.ui.screens.result_viewer_files import SaveAndExtract
from drs_tui.ui.screens.result_viewer_keys import VIEWER_KEYS
from drs_tui.ui.screens.result_viewer_prompts import (
    ask_refetch,
    copy_choices,
    encoding_choices,
    pick,
)
from drs_tui.ui.widgets.entry_list import ZipEntryList
from drs_tui.ui.widgets.find_bar import FindBar
from drs_tui.ui.widgets.key_bar import KeyBar
from drs_tui.ui.widgets.preview_pane import PreviewPane
from drs_tui.ui.widgets.preview_words import counted_rows
from drs_tui.ui.widgets.title_bar import TitleBar
from drs_tui.ui.widgets.virtual_table import VirtualTable

WIDE = 120  # columns from which the list can sit beside the preview
FEW_ENTRIES = 6  # archives with this many entries or fewer get the list on top
BIG_LISTING = 10_000
_FOLLOW_DELAY = 0.12  # the preview follows the list cursor after this pause


class ResultViewerScreen(Screen[None]):
    """Entries of one result ZIP and a preview of the one under the cursor."""

    CSS_PATH = "result_viewer.tcss"
    SCREEN_NAME = N_("result viewer")  # help translates it where it shows it
    AUTO_FOCUS = "ZipEntryList"

    BINDINGS: ClassVar[list[BindingType]] = [*VIEWER_KEYS]

    def __init__(self, path: Path, *, origin: ResultOrigin | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.origin = origin
        self.archive: ResultArchive | None = None
        self.name_encoding: str | None = None
        self.files = SaveAndExtract(self, self.path)
        self._follow: Timer | None = None
        self._focus_preview_once = False

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self._header_text(), id="viewer-header")
        with Horizontal(id="viewer-body"):
            yield EntriesPane(id="entries-pane")
            yield PreviewPane(id="preview")
        yield KeyBar()

    @property
    def entries(self) -> EntriesPane:
        return self.query_one(EntriesPane)

    @property
    def entry_list(self) -> ZipEntryList:
        return self.entries.entry_list

    @property
    def preview(self) -> PreviewPane:
        return self.query_one(PreviewPane)

    def on_mount(self) -> None:
        self._fit_layout(self.app.size.width)
        self.entries.loading = True
        self._open_archive(self.name_encoding)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_layout(event.size.width)

    def _fit_layout(self, width: int) -> None:
        """Side by side when wide and the archive has many entries; else list on top.
        On a short terminal (under SHORT lines) the header goes, and the pane in focus
        gets the room: at least five rows of the entries or of the preview's table."""
        count = len(self.entry_list.entries) if self.archive else 0
        stacked = width < WIDE or (self.archive is not None and count <= FEW_ENTRIES)
        short = self.app.size.height < SHORT
        self.set_class(stacked, "-stacked")
        self.preview.place_list(above=stacked)
        self.set_class(short, "-short")
        self.query_one("#viewer-header").display = not short
        pane = self.entries
        # header line + entries + status line + the border under the list
        if not short:
            tallest = 11
        elif self.focused is self.entry_list:
            tallest = 8  # five entries
        else:
            tallest = 4  # the entry under the cursor: the preview keeps five rows
        pane.styles.height = max(4, min(count + 3, tallest)) if stacked else "1fr"

    def on_descendant_focus(self, _event: events.DescendantFocus) -> None:
        if self.app.size.height < SHORT:  # who has the room follows the focus
            self._fit_layout(self.app.size.width)

    def _header_text(self) -> Text:
        """Job, type, language; then request id and file (under the title bar's profile,
        region and DEMO)."""
        text = Text()
        origin = self.origin
        if origin is None:
            text.append(_("File") + " ", style="bold")
            text.append(safe_line(str(self.path)))
            return text
        text.append(_("Job") + " ", style="bold")
        text.append(safe_line(origin.job_name or origin.job_id))
        text.append(f" · {origin.type} · {origin.language}")
        if origin.level:
            text.append(" · " + _("level {level}").format(level=origin.level))
        if origin.job_name:
            text.append(" · " + _("id {job_id}").format(job_id=safe_line(origin.job_id)))
        text.append("\n")
        if origin.request_id:
            text.append(_("Request") + " ", style="bold")
            text.append(f"{safe_line(origin.request_id)} · ")
        text.append(_("Saved") + " ", style="bold")
        text.append(safe_line(str(origin.saved_path)))
        return text

    # -- the archive and its listing -------------------------------------------------------

    @work(thread=True, exclusive=True, group="archive", exit_on_error=False, description="open")
    def _open_archive(self, encoding: str | None) -> ResultArchive:
        return ResultArchive.open(self.path, encoding=encoding)

    @work(thread=True, exclusive=True, group="listing", exit_on_error=False, description="list")
    def _list_entries(self, order: EntryOrder) -> Sequence[ZipEntry]:
        archive = self.archive
        assert archive is not None
        return order.apply(archive)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.ERROR:
            self._failed(worker)
        elif event.state is WorkerState.SUCCESS:
            if worker.group == "archive" and isinstance(worker.result, ResultArchive):
                self._opened(worker.result)
            elif worker.group == "listing" and worker.result is not None:
                self._listed(worker.result)
            elif worker.group == "files":
                self.files.report(worker)

    def _failed(self, worker: Worker[Any]) -> None:
        """A result-file error shows here; route_failure shows anything else (error view)."""
        if worker.group == "archive":
            self.query_one("#entries-pane").loading = False
        route_failure(self.app, worker, in_place=lambda error: self._show_problem(worker, error))

    def _show_problem(self, worker: Worker[Any], error: ResultError) -> None:
        # Messages quote entry and sheet names: the file's words, never markup or raw.
        title, hint = safe_line(error.title), safe_line(error.hint)
        message = safe_line(str(error))
        if worker.group == "archive":
            self.query_one("#entries-status", Static).update(Text(f"{title}: {message}"))
            self.preview.show_problem(title, message, hint)
        else:
            note = f"{message}\n{hint}".strip()
            self.notify(note, title=title, severity="error", timeout=10, markup=False)

    def _opened(self, archive: ResultArchive) -> None:
        if self.archive is not None:
            self.archive.close()
        self.archive = archive
        self.entries.loading = False
        # A typical result has one workbook and a readme: go straight to its rows.
        self._focus_preview_once = len(archive) <= FEW_ENTRIES
        self._listed(archive.entries, first=True)

    def _listed(self, entries: Sequence[ZipEntry], *, first: bool = False) -> None:
        archive = self.archive
        if archive is None:
            return
        self.entries.show(archive, entries, first=first, name_encoding=self.name_encoding)
        if first and entries:
            self._preview_cursor_entry()
        self._fit_layout(self.app.size.width)
        if first and len(archive) >= BIG_LISTING:
            settle_after_load()
        if not entries:
            self.preview.show_problem(
                _("No entries"), _("Nothing matches; press F or E to change.")
            )

    # -- the preview follows the list ------------------------------------------------------

    def on_virtual_table_cursor_moved(self, event: ZipEntryList.CursorMoved) -> None:
        if event.table is not self.entry_list:
            return
        if self._follow is not None:
            self._follow.stop()
        self._follow = self.set_timer(_FOLLOW_DELAY, self._preview_cursor_entry)

    def on_virtual_table_row_selected(self, event: ZipEntryList.RowSelected) -> None:
        if event.table is not self.entry_list:
            self._show_row(event.table, event.index)
            return
        self._preview_cursor_entry()
        self.preview.focus_content()

    def on_language_changed(self, _event: LanguageChanged) -> None:
        """F2 (ui/language.py): the lines the viewer wrote itself, in the new language;
        the rest translates as it draws."""
        self.query_one("#viewer-header", Static).update(self._header_text())
        self.entries.show_texts(self.archive, self.name_encoding)
        self.preview.show_texts()

    def on_preview_pane_updated(self, _event: PreviewPane.Updated) -> None:
        if self._focus_preview_once:
            self._focus_preview_once = False
            self.preview.focus_content()

    def _show_row(self, table: VirtualTable, index: int) -> None:
        source = table.source
        names = [column.title for column in table.columns]
        pairs = list(zip(names, source.cells(index), strict=False))
        document = self.preview.document
        column = document.error_column if document is not None else None
        marked = column.index if column is not None else None
        title = _("Row {number}").format(number=source.number(index))
        self.app.push_screen(RowDetail(title, pairs, marked))

    def _preview_cursor_entry(self) -> None:
        self._follow = None
        entry = self.entry_list.cursor_entry()
        if entry is None or self.archive is None:
            return
        request = self.preview.request
        if request is None or request.entry.index != entry.index:
            self.preview.show_entry(self.archive, entry)

    # -- keys: leaving, zooming ------------------------------------------------------------

    def action_back(self) -> None:
        if self.focused is not self.entry_list and self.preview.clear():
            return  # Esc drops a search, then a filter, before it leaves (as lazygit does)
        below = self.app.screen_stack[:-1]
        if all(screen.id == "_default" for screen in below):
            self.app.exit()  # opened on its own (`drs-tui open FILE.zip`): nothing to go back to
        else:
            self.dismiss(None)

    def action_zoom_pane(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        target: Widget = self.entry_list if self.focused is self.entry_list else self.preview
        self.maximize(target)

    # -- keys: the preview -----------------------------------------------------------------

    def action_search_text(self) -> None:
        self.preview.find("search")

    def action_go_to_match(self, step: int) -> None:
        if not self.preview.next_match(step):
            self.notify(_("No search hits. Press / to search."), timeout=3)

    def action_filter_rows(self) -> None:
        self.preview.find("filter")

    def action_filter_errors(self) -> None:
        if not self.preview.toggle_errors_only():
            self.notify(_("This preview has no error-reason column."), timeout=4)

    def action_show_reasons(self) -> None:
        document = self.preview.document
        if document is None or (document.kind == "table" and document.error_column is None):
            self.notify(_("This preview has no error-reason column."), timeout=4)
            return
        if document.kind == "lines":
            self.notify(_("Text results have no reason column: e shows the failure lines."))
            return
        index = document.index
        ranked = index.errors.ranked()
        if not ranked:
            if index.complete:
                self.notify(_("No row has an error reason."), timeout=4)
            else:
                self.notify(_("No row has an error reason yet (still indexing)."), timeout=4)
            return
        total = max(index.rows, 1)
        reasons = ngettext("{count} reason", "{count} reasons", len(ranked))
        reasons = reasons.format(count=f"{len(ranked):,}")
        rows = counted_rows(index.errors.count)
        if index.complete:
            title = _("{reasons} in {rows}").format(reasons=reasons, rows=rows)
        else:
            title = _("{reasons} in {rows}, so far (still indexing)")
            title = title.format(reasons=reasons, rows=rows)
        choices = [
            Choice(str(i + 1) if i < 9 else "", f"{n:>9,}  {n / total:6.1%}  {r}", r)
            for i, (r, n) in enumerate(ranked)
        ]
        pick(self.app, title, choices, self.preview.filter_reason)

    def action_go_to_row(self) -> None:
        def typed(text: str | None) -> None:
            if not text:
                return
            number = typed_number(text)
            if number is None:
                message = _("{text} is not a row number.").format(text=repr(text))
                self.notify(message, severity="warning", timeout=4, markup=False)
                return
            problem = self.preview.go_to_number(number)
            if problem:
                self.notify(problem, timeout=4)

        prompt = TextPrompt(_("Go to row (or line) number"), _("As the gutter numbers them."))
        self.app.push_screen(prompt, typed)

    def action_sort_rows(self) -> None:
        if not self.preview.sort_by_cursor_column():
            self.notify(_("Sorting needs a table (move to a column with ← →)."), timeout=4)

    def action_export_rows(self) -> None:
        document = self.preview.document
        entry = self.entry_list.cursor_entry()
        if document is None or entry is None:
            self.notify(_("Nothing to export here."), timeout=3)
            return
        stem = Path(entry.name).stem or "rows"
        suffix = "-errors" if self.preview.row_filter.query.errors_only else ""
        initial = self.files.default_folder().parent / f"{stem}{suffix}.csv"
        prompt = PathPrompt(
            _("Export the rows shown to"),
            initial,
            _(
                "All rows the filter keeps, not only those on screen. .csv (with a BOM, for "
                "Excel) or .tsv. An existing file is not replaced."
            ),
        )
        self.app.push_screen(prompt, self.preview.export_rows)

    def action_switch_sheet(self, step: int) -> None:
        if not self.preview.step_sheet(step):
            self.notify(_("This entry has only one sheet."), timeout=3)

    def action_cycle_view_mode(self) -> None:
        self.preview.cycle_view_mode()

    def action_pick_encoding(self) -> None:
        request = self.preview.request
        if request is not None:
            choices, current = encoding_choices(), request.encoding or ""
            pick(
                self.app, _("Decode the preview as"), choices, self._decode_preview, current=current
            )

    def _decode_preview(self, encoding: str) -> None:
        self.preview.change(encoding=encoding or None)  # "": detect

    # -- keys: the entries -----------------------------------------------------------------

    def action_filter_entries(self) -> None:
        self.entries.ask_name_part()

    def on_find_bar_submitted(self, event: FindBar.Submitted) -> None:
        # The entries' find bar: the preview's stops at the preview.
        self._relist(replace(self.entries.order, name_part=event.text))
        self.entry_list.focus()

    def on_find_bar_closed(self, _event: FindBar.Closed) -> None:
        self.entry_list.focus()

    def action_filter_problem_entries(self) -> None:
        order = self.entries.order
        self._relist(replace(order, problems_only=not order.problems_only))

    def action_sort_entries(self) -> None:
        self._relist(self.entries.order.next_sort())

    def _relist(self, order: EntryOrder) -> None:
        self.entries.order = order
        if self.archive is not None:
            self._list_entries(order)

    def action_pick_name_encoding(self) -> None:
        choices, current = encoding_choices(), self.name_encoding or ""
        pick(self.app, _("Decode entry names as"), choices, self._decode_names, current=current)

    def _decode_names(self, encoding: str) -> None:
        self.name_encoding = encoding or None
        self._open_archive(self.name_encoding)

    # -- keys: out of the viewer -----------------------------------------------------------

    def action_show_archive(self) -> None:
        archive = self.archive
        if archive is None:
            self.notify(_("The ZIP is not open."), timeout=3)
            return
        pairs = archive_details(archive, self.path.resolve())
        title = _("The archive {name}").format(name=self.path.name)
        self.app.push_screen(RowDetail(title, pairs, None))

    def action_save_zip(self) -> None:
        self.files.save_zip()

    def action_extract_entry(self) -> None:
        entry = self.entry_list.cursor_entry()
        if entry is not None and self.archive is not None:
            self.files.extract_entry(self.archive, entry)

    def action_extract_archive(self) -> None:
        if self.archive is not None:
            self.files.extract_all(self.archive)

    def action_copy_text(self) -> None:
        request_id = self.origin.request_id if self.origin else None
        choices = copy_choices(request_id, self.preview.cursor_row_text() is not None)
        pick(self.app, _("Copy to the clipboard"), choices, self._copy)

    def _copy(self, what: str) -> None:
        entry = self.entry_list.cursor_entry()
        texts = {
            "name": entry.name if entry else None,
            "request": self.origin.request_id if self.origin else None,
            "preview": self.preview.visible_text(),
            "row": self.preview.cursor_row_text(),
            "path": str(self.path),
        }
        text = texts.get(what)
        if not text:
            return
        from drs_tui.ui.clipboard import copy_text

        length = len(text)
        characters = ngettext("{count} character", "{count} characters", length)
        size = characters.format(count=f"{length:,}") if length > 80 else repr(safe_line(text))
        file = self.path.resolve().parent / f"{self.path.stem}-{what}.txt"
        copy_text(self.app, text, size, file)

    def action_compare_with(self) -> None:
        from drs_tui.ui.screens.result_compare import ask_compare

        ask_compare(self.app, self.path, self.origin)

    def action_refetch_result(self) -> None:
        origin = self.origin
        if origin is None or origin.refetch is None:
            message = _("Opened from disk: re-fetch needs a job from the job list.")
            self.notify(message, timeout=5)
            return
        ask_refetch(self.app, origin, origin.refetch)

    def on_unmount(self) -> None:
        if self.archive is not None:
            self.archive.close()
        release()
