"""Two result ZIPs compared, in the app: what `drs-tui diff` prints, as a screen.

Opened from the result viewer (`C`, "compare with…": this ZIP is OLD, the one asked for
is NEW). The comparison runs in a thread worker; its progress shows under the summary
and the differing rows appear as they are found, each with its marker (+ − ~) in a
column of its own. Esc (or q) stops a running comparison (the counts so far stay),
then leaves; `s` swaps OLD and NEW and compares again; Enter shows a row whole.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from drs_tui.i18n import N_, _
from drs_tui.result import (
    DiffProgress,
    ResultArchive,
    ResultComparison,
    ResultError,
    plan_notes,
)
from drs_tui.safe_text import safe_line
from drs_tui.ui.failures import route_failure
from drs_tui.ui.language import LanguageChanged
from drs_tui.ui.origin import ResultOrigin
from drs_tui.ui.screens.base import SHORT
from drs_tui.ui.screens.result_compare_rows import (
    MAX_SHOWN,
    Line,
    Totals,
    entry_line,
    row_line,
)
from drs_tui.ui.screens.result_viewer_dialogs import Choice, PathPrompt, RowDetail
from drs_tui.ui.screens.result_viewer_prompts import language_choices, pick, type_choices
from drs_tui.ui.widgets.key_bar import KeyBar
from drs_tui.ui.widgets.title_bar import TitleBar
from drs_tui.ui.widgets.virtual_table import Column, VirtualTable

COMPARE_KEYS = (
    Binding(
        "q,escape",
        "cancel_or_back",
        N_("Back"),
        id="back",
        key_display="q/esc",
        tooltip=N_("Stops a running comparison first; then back to the viewer"),
    ),
    Binding(
        "s",
        "swap_sides",
        N_("Swap"),
        id="compare-swap",
        tooltip=N_("OLD becomes NEW and NEW becomes OLD; compare again"),
    ),
)


class _Lines:
    """The VirtualTable's rows: the lines found so far (a worker appends to the list)."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines

    def __len__(self) -> int:
        return len(self.lines)

    def cells(self, index: int) -> Sequence[str]:
        return self.lines[index].cells

    def marked(self, index: int) -> bool:
        return self.lines[index].failing

    def number(self, index: int) -> int:
        return index + 1


class ResultCompareScreen(Screen[None]):
    CSS_PATH = "result_compare.tcss"
    SCREEN_NAME = N_("comparison")  # help translates it where it shows it
    AUTO_FOCUS = "VirtualTable"
    BINDINGS: ClassVar[list[BindingType]] = [*COMPARE_KEYS]

    def __init__(self, old: Path, new: Path) -> None:
        super().__init__()
        self.old, self.new = Path(old), Path(new)
        self.lines: list[Line] = []
        self.totals = Totals()
        self.more = 0  # differing rows past MAX_SHOWN (counted, not listed)
        self.running = False
        self._worker: Worker[Totals] | None = None
        self._detail_shown = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self._sides(), id="compare-sides")
        yield Static("", id="compare-summary")
        yield Static("", id="compare-status")
        yield VirtualTable(
            self._columns(), _Lines(self.lines), row_numbers=False, id="compare-rows"
        )
        yield Static("", id="compare-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.set_class(self.app.size.height < SHORT, "-short")
        self._start()

    def on_resize(self, event: events.Resize) -> None:
        # A short terminal gives the rows the room: no file names, shorter notes.
        self.set_class(event.size.height < SHORT, "-short")

    @staticmethod
    def _columns() -> list[Column]:
        return [
            Column("", width=1),
            Column(_("What"), max_width=13),
            Column(_("Object or entry"), max_width=28),
            Column(_("Change"), max_width=400, flex=True),
        ]

    def _sides(self) -> Text:
        text = Text()
        text.append(_("OLD"), style="bold")
        text.append(" " + safe_line(str(self.old)))
        text.append("\n")
        text.append(_("NEW"), style="bold")
        text.append(" ")
        text.append(safe_line(str(self.new)))
        return text

    @property
    def table(self) -> VirtualTable:
        return self.query_one("#compare-rows", VirtualTable)

    # -- the worker -------------------------------------------------------------------------

    def _start(self) -> None:
        # A list of its own per comparison: one stopped by s may still add a row or
        # report once before it sees it was cancelled, and must not reach this one's.
        self.lines = []
        self.totals = Totals()
        self.more = 0
        self.running = True
        self.query_one("#compare-sides", Static).update(self._sides())
        self.table.set_rows(self._columns(), _Lines(self.lines))
        self.query_one("#compare-detail", Static).update("")
        self._detail_shown = False
        self._status(_("Comparing…"))
        self._summary()
        self._worker = self._compare(self.old, self.new, self.lines)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False, description="compare")
    def _compare(self, old: Path, new: Path, lines: list[Line]) -> Totals:
        worker = get_current_worker()
        totals = Totals()
        with ResultArchive.open(old) as a, ResultArchive.open(new) as b:
            comparison = ResultComparison(a, b)
            for change in comparison.entries:
                totals.entries[change.status] += 1
                if change.status != "same":
                    lines.append(entry_line(change))
            self.app.call_from_thread(self._grown, totals, lines)
            for pair in comparison.tables:
                entry = pair.new_name or pair.name

                def progress(step: DiffProgress, entry: str = entry) -> None:
                    self.app.call_from_thread(self._progress, entry, step, lines)

                with comparison.table(
                    pair, progress=progress, cancelled=lambda: worker.is_cancelled
                ) as table:
                    if table.summary is None:
                        continue
                    for found in table.changes():
                        if len(lines) < MAX_SHOWN:
                            lines.append(row_line(entry, found, table.summary))
                        elif lines is self.lines:
                            self.more += 1
                        if len(lines) % 500 == 0:
                            self.app.call_from_thread(self._grown, totals, lines)
                    totals.add(table.summary)
                    totals.notes += [
                        _("{entry}: {note}").format(entry=entry, note=note)
                        for note in plan_notes(table.summary.plan)[1:]
                    ]
        return totals

    def _progress(self, entry: str, step: DiffProgress, lines: list[Line]) -> None:
        if lines is not self.lines:
            return  # a comparison stopped by s
        phase = {
            "old": _("reading OLD"),
            "new": _("reading NEW"),
            "compare": _("comparing"),
        }.get(step.phase, step.phase)
        if step.total:
            text = _("{entry}: {phase} {percent}% ({done} of {total} rows) · Esc cancels").format(
                entry=safe_line(entry),
                phase=phase,
                percent=min(100, step.rows * 100 // step.total),
                done=f"{step.rows:,}",
                total=f"{step.total:,}",
            )
        else:
            text = _("{entry}: {phase} {done} rows · Esc cancels").format(
                entry=safe_line(entry), phase=phase, done=f"{step.rows:,}"
            )
        self._status(text)

    def _grown(self, totals: Totals, lines: list[Line]) -> None:
        if lines is not self.lines:
            return  # a comparison stopped by s
        self.totals = totals
        self._arrived()
        self._summary()

    def _arrived(self) -> None:
        table = self.table
        table.rows_arrived()
        if not self._detail_shown and table.row_count:
            self._detail_shown = True
            table.post_message(VirtualTable.CursorMoved(table, 0, 0))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "compare" or worker is not self._worker:
            return  # not this screen's, or a comparison that s replaced
        if event.state is WorkerState.SUCCESS and isinstance(worker.result, Totals):
            self.running = False
            self.totals = worker.result
            self._arrived()
            self._summary()
            done = _("Done: {count} differences listed").format(count=f"{len(self.lines):,}")
            if self.more:
                done = _("{done}; {more} more counted, not listed").format(
                    done=done, more=f"{self.more:,}"
                )
            self._status(safe_line(" · ".join([done, *self.totals.notes])))
        elif event.state is WorkerState.CANCELLED:
            self.running = False
            self.table.rows_arrived()
            self._status(_("Cancelled: the lists and counts cover only what was compared"))
        elif event.state is WorkerState.ERROR:
            self.running = False
            self.table.rows_arrived()
            route_failure(self.app, worker, in_place=self._problem)

    def _problem(self, error: ResultError) -> None:
        # Messages quote entry names and headers: the file's words, never markup.
        text = Text(safe_line(error.title) + ": " + safe_line(str(error)), style="bold")
        if error.hint:
            text.append("\n" + safe_line(error.hint))
        self.query_one("#compare-status", Static).update(text)

    def _status(self, text: str) -> None:
        self.query_one("#compare-status", Static).update(Text(text))

    def _summary(self) -> None:
        self.query_one("#compare-summary", Static).update(Text(self.totals.text()))

    # -- keys -------------------------------------------------------------------------------

    def action_cancel_or_back(self) -> None:
        if self.running:
            self.workers.cancel_group(self, "compare")
            return
        self.action_back()

    def action_back(self) -> None:
        self.workers.cancel_group(self, "compare")
        self.dismiss(None)

    def on_language_changed(self, _event: LanguageChanged) -> None:
        """F2 (ui/language.py): every line here was worded as the comparison found it, so
        it runs again, in the new language; the files are local, the rows come back."""
        self.workers.cancel_group(self, "compare")
        self._start()

    def action_swap_sides(self) -> None:
        self.workers.cancel_group(self, "compare")
        self.old, self.new = self.new, self.old
        self._start()

    def on_virtual_table_cursor_moved(self, event: VirtualTable.CursorMoved) -> None:
        """The line under the table: the row under the cursor, whole."""
        index = event.table.source_index(event.row) if event.table.row_count else -1
        text = Text()
        if 0 <= index < len(self.lines):
            line = self.lines[index]
            text.append(f"{line.cells[0]} {safe_line(line.title)}", style="bold")
            text.append(f"  {safe_line(line.cells[3])}")
        self.query_one("#compare-detail", Static).update(text)

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        event.stop()
        index = event.table.source_index(event.row)
        if 0 <= index < len(self.lines):
            line = self.lines[index]
            self.app.push_screen(RowDetail(line.title, line.details, None))


def ask_compare(app: Any, path: Path, origin: ResultOrigin | None = None) -> None:
    """The viewer's "compare with…" (this ZIP is OLD): with another result ZIP on this
    machine or, when the viewer knows the job, another type or language of it, fetched
    now."""
    if origin is None or origin.fetch_other is None:
        _ask_file(app, path)
        return
    fetch_other = origin.fetch_other

    def compare_with(other: Path) -> None:
        app.push_screen(ResultCompareScreen(path, other))

    def language_picked(result_type: str, language: str) -> None:
        fetch_other(result_type, language, compare_with)

    def type_picked(result_type: str) -> None:
        title = _("Compare with {type}: language").format(type=result_type)
        then = partial(language_picked, result_type)
        pick(app, title, language_choices(), then, current=origin.language)

    def source_picked(source: str) -> None:
        if source == "file":
            _ask_file(app, path)
        else:
            title = _("Compare with this job's result: type")
            pick(app, title, type_choices(), type_picked, current=origin.type)

    choices = [
        Choice("f", _("a result ZIP on this machine"), "file"),
        Choice("j", _("another type or language of this job, fetched now"), "job"),
    ]
    pick(app, _("Compare {name} with").format(name=path.name), choices, source_picked)


def _ask_file(app: Any, path: Path) -> None:
    def chosen(other: Path | None) -> None:
        if other is not None:
            app.push_screen(ResultCompareScreen(path, other))

    prompt = PathPrompt(
        _("Compare {name} with the result ZIP").format(name=path.name),
        path.resolve().parent,
        _("This ZIP is OLD, the one you name is NEW (s swaps them on the next screen)."),
    )
    app.push_screen(prompt, chosen)
