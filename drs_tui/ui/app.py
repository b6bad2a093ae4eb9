"""The drs-tui app: screens, the session, the profile and region steps, the palette.

The flow is credentials -> job picker -> fetch form -> download -> result viewer. Screens
do their own work in workers; a failed worker reaches `route_failure` (ui/failures.py),
which shows the one error view, or the credentials screen when only new credentials can
help.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.types import CSSPathType
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from drs_tui.i18n import N_, _, ngettext
from drs_tui.ui.failures import route_failure
from drs_tui.ui.gc_freeze import freeze_after_start
from drs_tui.ui.habits import follow_habits, restore_theme
from drs_tui.ui.language import SWITCH_LANGUAGE_KEY
from drs_tui.ui.remembered import Remembered, default_download_folder
from drs_tui.ui.screens.base import FOCUS_KEYS
from drs_tui.ui.session import Session

if TYPE_CHECKING:
    from drs_tui.api.client import DrsClient
    from drs_tui.api.models import DownloadedResult, Job, TemplateResultRequest
    from drs_tui.credentials.config_location import KeymapSetting
    from drs_tui.credentials.resolve import ConnectionFlags
    from drs_tui.simulator.listener import DemoListener

Clock = Callable[[], datetime]
QUIT_DEADLINE = 15.0  # seconds from SIGTERM/SIGHUP to the end of the process, at most


def _now() -> datetime:
    return datetime.now().astimezone()


class OpeningScreen(Screen[None]):
    """What shows while the profile is resolved (keyring, MFA), before the job list."""

    def compose(self) -> ComposeResult:
        yield Static(_("drs-tui: opening the profile…"), id="opening")


class DrsApp(App[int]):
    # The first screen's rules load with the app's: a screen's own CSS_PATH makes Textual
    # re-parse every stylesheet when it is first shown (tens of ms before the first paint).
    CSS_PATH: ClassVar[CSSPathType | None] = ["app.tcss", "screens/job_picker.tcss"]
    TITLE = "drs-tui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", N_("Help"), id="help", key_display="?"),
        Binding(
            "c", "credentials", N_("Profiles"), id="credentials", tooltip=N_("Choose or add one")
        ),
        Binding(
            "g",
            "pick_region",
            N_("Region"),
            id="pick-region",
            show=False,
            tooltip=N_("This session"),
        ),
        Binding(
            "colon", "command_palette", N_("Commands"), id="commands", key_display=":", show=False
        ),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True, show=False),
        SWITCH_LANGUAGE_KEY,
        *FOCUS_KEYS,
    ]

    def __init__(
        self,
        *,
        session: Session | None = None,
        flags: ConnectionFlags | None = None,
        demo_base_url: str | None = None,
        demo_server: DemoListener | None = None,
        remembered: Remembered | None = None,
        clock: Clock = _now,
        page_size: int = 100,
        download_folder: Path | None = None,
        keymap: KeymapSetting | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.flags = flags
        self.demo_server = demo_server
        self.demo_base_url = demo_server.base_url if demo_server else demo_base_url
        self.remembered = remembered or Remembered(None)
        self.clock = clock
        self.page_size = page_size
        self._download_folder = download_folder
        self._client: DrsClient | None = None
        self._client_session: Session | None = None
        self._client_lock = asyncio.Lock()
        self._keymap_setting = keymap
        restore_theme(self, self.remembered)

    @property
    def download_folder(self) -> Path:
        """The fetch form's folder until a profile remembers its own: the one given, else
        the user data folder's downloads (created by the first fetch into it)."""
        if self._download_folder is None:
            self._download_folder = default_download_folder()
        return self._download_folder

    @property
    def demo(self) -> bool:
        return self.demo_base_url is not None

    def get_default_screen(self) -> Screen[Any]:
        """The job picker when the session is known up front (the demo, or a test's
        session), so the first frame Textual draws is the picker itself; else a line
        saying the profile is being opened (its keyring work runs in a worker)."""
        if self.session is None and self.demo_base_url is not None:
            from drs_tui.ui.session import demo_session

            self.session = demo_session(self.demo_base_url)
        if self.session is None:
            return OpeningScreen()
        from drs_tui.ui.screens.job_picker import JobPicker

        self.sub_title = self.session.header()
        return JobPicker(page_size=self.page_size)

    def on_mount(self) -> None:
        freeze_after_start()
        follow_habits(self, self.remembered, self._keymap_setting)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._terminated, sig)
        if self.session is None:
            self.open_profile()

    async def demo_serving(self) -> None:
        """Return once the demo simulator serves: started on first use (the job list's
        first request, after the first screen is drawn), in a thread."""
        if self.demo_server is not None:
            await asyncio.to_thread(self.demo_server.start)

    def _terminated(self, sig: signal.Signals) -> None:
        """SIGTERM / SIGHUP (the SSH session went away): quit as ctrl+q does, so a running
        download removes its partial file; a second signal ends the process at once.

        With the terminal gone, Textual's output thread can die on its first write while
        frames keep queueing; its shutdown then waits forever for room in that queue (seen
        as an orphan drs-tui after `tmux kill-session`). So the process also ends on its
        own a while after the signal, by when the quit above has done its cleaning.
        """
        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_signal_handler(sig)
        self.call_later(self.action_quit)
        deadline = threading.Timer(QUIT_DEADLINE, os._exit, args=(128 + int(sig),))
        deadline.daemon = True
        deadline.start()

    # -- session ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="session", exit_on_error=False)
    def open_profile(self) -> Session:
        """Resolve flags, environment and the default profile (keyring work: a thread)."""
        from drs_tui.credentials.resolve import ConnectionFlags, resolve_connection

        resolution = resolve_connection(self.flags or ConnectionFlags(), ask_mfa=self.ask_mfa)
        name = resolution.profile.name if resolution.profile else "environment"  # i18n: keep
        return Session(resolution.settings, name, credential_source=resolution.credential_source)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "session":
            if event.state is WorkerState.ERROR:
                route_failure(self, worker)
            return
        if event.state is WorkerState.SUCCESS and isinstance(worker.result, Session):
            self.use_session(worker.result)
        elif event.state is WorkerState.ERROR and worker.error is not None:
            self.show_credentials(notice=worker.error)

    def use_session(self, session: Session) -> None:
        """Switch to `session` and start again from a fresh job list."""
        from drs_tui.ui.screens.job_picker import JobPicker

        old, self._client = self._client, None
        if old is not None:
            self.run_worker(old.aclose(), group="close-client", exit_on_error=False)
        logging.getLogger(__name__).info(  # the --debug log: which session, by name
            "session: profile %s, %s, region %s, secrets from %s",
            session.profile,
            session.settings.credentials.method,
            session.region,
            session.credential_source.value,
        )
        self.session = session
        if isinstance(self.screen, OpeningScreen):  # the first screen: nothing to take down
            self.sub_title = session.header()
            self.push_screen(JobPicker(page_size=self.page_size))
        else:
            self.call_later(self._restart_flow, session)

    async def _restart_flow(self, session: Session) -> None:
        """Back to the job list, which starts over for the new session (the first screen
        may be the job list itself, and Textual's first screen cannot be replaced)."""
        from drs_tui.ui.screens.job_picker import JobPicker

        picker = self.job_picker()
        while len(self.screen_stack) > 1 and self.screen is not picker:
            await self.pop_screen()
        # After the pops: a title bar being removed must not be told about the new title.
        self.sub_title = session.header()
        if isinstance(picker, JobPicker):
            picker.start_over()
        else:
            await self.push_screen(JobPicker(page_size=self.page_size))

    async def client(self) -> DrsClient:
        """The session's client, shared by all screens (one IAM token, one pool).

        Built in a thread the first time: importing httpx and loading the CA bundle take
        a few hundred milliseconds that the first screen should not wait for.
        """
        if self.session is None:
            from drs_tui.api.errors import CredentialsError

            raise CredentialsError(_("No profile is open."), hint=_("Choose a profile first (c)."))
        session = self.session
        async with self._client_lock:
            if self._client is None or self._client_session is not session:
                from drs_tui.ui.session import open_client

                await self.demo_serving()

                self._client = await asyncio.to_thread(open_client, session)
                self._client_session = session
            return self._client

    def ask_mfa(self, profile: str) -> str | None:
        """The MFA passcode for `profile`, asked in a dialog. Called from worker threads
        (the credentials layer's AskMfa); blocks that thread, never the UI."""
        ask: Any = self._ask_mfa  # a coroutine function: call_from_thread awaits it
        answer: str | None = self.call_from_thread(ask, profile)
        return answer

    async def _ask_mfa(self, profile: str) -> str | None:
        from drs_tui.ui.screens.mfa_prompt import MfaPrompt

        answer: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self.push_screen(MfaPrompt(profile), answer.set_result)
        return await answer

    async def on_unmount(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):
                await self._client.aclose()

    # -- navigation -----------------------------------------------------------------------

    def show_credentials(self, notice: BaseException | None = None) -> None:
        from drs_tui.ui.screens.credentials import CredentialsScreen

        current = self.screen
        if isinstance(current, CredentialsScreen):
            current.show_notice(notice)
            return
        self.push_screen(CredentialsScreen(notice=notice))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Not on the profiles screens (already there), nor during a download (Esc first),
        # nor while a dialog waits for an answer. (Called for every key shown in the key
        # bar: a class attribute, not an import, decides.)
        screen = self.screen
        if action == "switch_language":
            return not isinstance(screen, ModalScreen)
        busy = not getattr(screen, "SESSION_KEYS", True) or isinstance(screen, ModalScreen)
        return not (action in ("credentials", "pick_region") and busy)

    def action_switch_language(self) -> None:
        """F2: the other language for this session, and an offer to remember it (not in
        the demo, which writes no settings). See ui/language.py."""
        from drs_tui.ui.language import switch_language

        config = None
        if not self.demo:
            from drs_tui.credentials.profiles import ProfileFile

            config = ProfileFile()
        switch_language(self, config)
        if self.session is not None:
            self.sub_title = self.session.header()

    def action_credentials(self) -> None:
        self.show_credentials()

    def action_help(self) -> None:
        from drs_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_pick_region(self) -> None:
        from drs_tui.ui.screens.region_picker import RegionPicker

        if self.session is None:
            self.show_credentials()
            return
        session = self.session

        def picked(region: str | None) -> None:
            if region and region != session.region:
                self.use_session(session.in_region(region))
                self.notify(_("Region is now {region} for this session.").format(region=region))

        self.push_screen(RegionPicker(session.region), picked)

    def fetch(self, job: Job, request: TemplateResultRequest, folder: Path) -> None:
        """Download a result, then open the viewer on it (over the fetch form)."""
        from drs_tui.ui.screens.download import DownloadScreen

        def done(result: DownloadedResult | None) -> None:
            if result is not None:
                self.show_result(result, job, folder)

        self.push_screen(DownloadScreen(job, request, folder), done)

    def show_result(
        self, result: DownloadedResult, job: Job, folder: Path, *, replace_viewer: bool = False
    ) -> None:
        viewer = self.viewer_for(result, job, folder)
        if viewer is None:
            from drs_tui.safe_text import safe_line

            saved = safe_line(str(result.path))  # named after the job: the server's words
            count = result.entry_count
            words = ngettext(
                "Saved {path} ({count} entry).", "Saved {path} ({count} entries).", count
            )
            self.notify(words.format(path=saved, count=count), timeout=10, markup=False)
        elif replace_viewer:
            self.switch_screen(viewer)
        else:
            self.push_screen(viewer)

    def viewer_for(self, result: DownloadedResult, job: Job, folder: Path) -> Screen[Any] | None:
        from dataclasses import replace

        from drs_tui.ui.origin import ResultOrigin

        request = result.request

        def refetch(result_type: str, language: str) -> None:
            from drs_tui.ui.screens.download import DownloadScreen

            again = replace(request, type=result_type, language=language)

            def done(new: DownloadedResult | None) -> None:
                if new is not None:
                    self.show_result(new, job, folder, replace_viewer=True)

            self.push_screen(DownloadScreen(job, again, folder), done)

        def fetch_other(result_type: str, language: str, then: Callable[[Path], None]) -> None:
            from drs_tui.ui.screens.download import DownloadScreen

            other = replace(request, type=result_type, language=language)

            def done(new: DownloadedResult | None) -> None:
                if new is not None:
                    then(new.path)

            self.push_screen(DownloadScreen(job, other, folder), done)

        origin = ResultOrigin(
            job_id=job.id,
            job_name=job.name,
            type=request.type,
            language=request.language,
            level=request.level,
            request_id=result.request_id,
            saved_path=result.path,
            refetch=refetch,
            fetch_other=fetch_other,
        )
        return open_viewer(result.path, origin)

    # -- command palette ------------------------------------------------------------------

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from drs_tui.ui.palette import flow_commands, translated

        yield from flow_commands(self, screen)
        yield from translated(super().get_system_commands(screen))

    def action_command_palette(self) -> None:
        from drs_tui.ui.palette import open_palette

        open_palette(self)

    def job_picker(self) -> Any:
        from drs_tui.ui.screens.job_picker import JobPicker

        return next((s for s in self.screen_stack if isinstance(s, JobPicker)), None)

    def back_to_jobs(self) -> None:
        picker = self.job_picker()
        if picker is None:
            return
        while self.screen is not picker:
            self.pop_screen()

    async def action_quit(self) -> None:
        """Quit; a running download is cancelled first so no partial file is left."""
        downloads = [w for w in self.workers if w.group == "download" and w.is_running]
        for worker in downloads:
            worker.cancel()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.workers.wait_for_complete(downloads), timeout=5)
        self.exit()


def open_viewer(path: Path, origin: Any = None) -> Screen[Any] | None:
    """The result viewer on `path`, or None in a build without the viewer module."""
    try:
        from drs_tui.ui.screens.result_viewer import (  # type: ignore[import-not-found,unused-ignore]
            ResultViewerScreen,
        )
    except ModuleNotFoundError as exc:
        if exc.name != "drs_tui.ui.screens.result_viewer":
            raise
        return None
    screen: Screen[Any] = ResultViewerScreen(path, origin=origin)
    return screen
