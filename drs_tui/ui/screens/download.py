"""Download: the result ZIP streaming to disk, with bytes, total and rate; Esc cancels.

The client writes to a hidden temp file beside the target and renames it only when the
ZIP is complete, so a cancel, a quit or a failure leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from drs_tui.api.download import file_name_for
from drs_tui.api.models import DownloadedResult, DownloadProgress, Job, TemplateResultRequest
from drs_tui.i18n import N_, _
from drs_tui.safe_text import safe_line
from drs_tui.sizes import format_rate, format_size
from drs_tui.ui.format import pad
from drs_tui.ui.language import Words
from drs_tui.ui.screens.base import FlowScreen
from drs_tui.ui.user_paths import free_target
from drs_tui.ui.widgets.key_bar import KeyBar
from drs_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from drs_tui.ui.session import Session

REDRAW_EVERY = 0.1  # seconds between progress redraws on a fast link
QUIET_AFTER = 3.0  # seconds without data before the screen says it is waiting


def request_context(
    job: Job, request: TemplateResultRequest, session: Session | None
) -> list[tuple[str, str]]:
    """What was asked, in the error view's words: enough for a ticket with the error."""
    rows = [
        (_("Job"), job.name or _("(name unknown)")),
        (_("Job ID"), job.id),
        (_("Type"), request.type),
        (_("Language"), request.language),
        (_("Level"), request.level or _("table (default)")),
    ]
    if session is not None:
        region = _("{region} (profile {profile})").format(
            region=session.region, profile=session.profile
        )
        rows.append((_("Region"), region))
    return rows


class DownloadScreen(FlowScreen[DownloadedResult | None]):
    SESSION_KEYS = False
    SCREEN_NAME = N_("download")
    CSS_PATH = "download.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "cancel", N_("Cancel"), id="cancel-download"),
    ]

    def __init__(self, job: Job, request: TemplateResultRequest, folder: Path) -> None:
        super().__init__()
        self.job = job
        self.request = request
        self.folder = folder
        self.target = free_target(folder, file_name_for(job, request))
        self._last_redraw = 0.0
        self._started = time.monotonic()
        self._last_data = self._started
        self._progress: DownloadProgress | None = None  # the last one shown

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="download-box"):
            yield Static(self._what(), id="what")
            yield ProgressBar(total=None, show_eta=False, id="progress")
            yield Static(self._numbers(), id="numbers")
            yield Words(
                N_("q or Esc cancels: the partial file is removed, nothing is left behind."),
                id="cancel-note",
            )
        yield KeyBar()

    def _what(self) -> Text:
        req = self.request
        text = Text()
        level = _("{type}, {language}, column level")
        what = level if req.level else _("{type}, {language}")
        rows = (
            (_("Job"), self.job.name or _("(name unknown)")),
            (_("ID"), self.job.id),
            (_("Result"), what.format(type=req.type, language=req.language)),
            (_("Saving to"), str(self.target)),
        )
        width = max(10, *(cell_len(label) + 1 for label, _value in rows))
        for label, value in rows:
            text.append(pad(label, width), style="bold")
            text.append(f"{safe_line(value)}\n")  # the job's name and id are the server's
        return text

    def on_mount(self) -> None:
        self.query_one("#download-box").border_title = _("Downloading the result ZIP")
        self.set_interval(1.0, self._say_waiting)
        self.download()

    def show_texts(self) -> None:
        self.query_one("#download-box").border_title = _("Downloading the result ZIP")
        self.query_one("#what", Static).update(self._what())
        self.query_one("#numbers", Static).update(self._numbers())

    def _numbers(self) -> str:
        """Bytes received, total and rate of the last progress shown."""
        progress = self._progress
        if progress is None:
            return _("Asking the server…")
        received = format_size(progress.received)
        rate = format_rate(progress.rate)
        if progress.total is None:
            words = _("{received} of unknown size · {rate}")
        else:
            words = _("{received} of {total} · {rate}")
        total = format_size(progress.total) if progress.total is not None else ""
        return words.format(received=received, total=total, rate=rate)

    def _say_waiting(self) -> None:
        """On a slow or stalled link, say so instead of showing a frozen number."""
        quiet = time.monotonic() - self._last_data
        if quiet >= QUIET_AFTER:
            numbers = self.query_one("#numbers", Static)
            words = _("{line} · no data for {seconds} s, still waiting")
            numbers.update(words.format(line=self._numbers(), seconds=f"{quiet:.0f}"))

    @work(
        exclusive=True,
        group="download",
        description="download result",  # i18n: keep
        exit_on_error=False,
    )
    async def download(self) -> DownloadedResult:
        client = await self.drs.client()
        return await client.download_template_result(
            self.request, self.target, overwrite=False, on_progress=self.show_progress
        )

    def show_progress(self, progress: DownloadProgress) -> None:
        now = self._last_data = time.monotonic()
        done = progress.total is not None and progress.received >= progress.total
        if now - self._last_redraw < REDRAW_EVERY and not done:
            return
        self._last_redraw = now
        self.query_one(ProgressBar).update(total=progress.total, progress=progress.received)
        self._progress = progress
        self.query_one("#numbers", Static).update(self._numbers())

    def worker_succeeded(self, worker: Worker[Any]) -> None:
        if worker.group == "download" and self.is_current:
            self.dismiss(worker.result)

    def handle_failure(self, worker: Worker[Any]) -> bool:
        if self.is_current:
            self.dismiss(None)
        return False  # the app's router shows the error over the form

    def context_for(self, worker: Worker[Any]) -> Sequence[tuple[str, str]]:
        return request_context(self.job, self.request, self.drs.session)

    def retry_for(self, worker: Worker[Any]) -> Callable[[], object] | None:
        job, request, folder = self.job, self.request, self.folder
        app = self.drs
        return lambda: app.fetch(job, request, folder)

    async def action_cancel(self) -> None:
        workers = [w for w in self.workers if w.node is self and w.group == "download"]
        for worker in workers:
            worker.cancel()
        for worker in workers:
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()
        self.notify(_("Download cancelled; no partial file was left."), timeout=4)
        if self.is_current:
            self.dismiss(None)
