"""Helpers for the app's pilot tests: build the app as the CLI does, wait for states."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot

from drs_tui.connection.settings import Secret
from drs_tui.credentials.catalog import ProfileCatalog
from drs_tui.credentials.profiles import Profile
from drs_tui.credentials.resolve import ConnectionFlags
from drs_tui.credentials.secret_store import SecretField
from drs_tui.i18n import UiLanguage, current_language, set_language
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.ui.app import DrsApp
from drs_tui.ui.remembered import Remembered


@contextlib.contextmanager
def ui_language(language: UiLanguage) -> Iterator[None]:
    """The app speaks `language` inside the block (as with --ui-lang); after it, the
    language from before, whatever the test did in between (F2, a failure)."""
    before = current_language()
    set_language(language)
    try:
        yield
    finally:
        set_language(before)


def app_for(tmp_path: Path, **flags: Any) -> DrsApp:
    """The app of `drs-tui` with the saved profiles (see save_demo_profile)."""
    return DrsApp(
        flags=ConnectionFlags(**flags),
        remembered=Remembered(None),
        download_folder=tmp_path,
    )


def save_demo_profile(
    sim: Simulator, name: str = "hk", *, secret: bool = True, access_key: str = DEMO.access_key
) -> None:
    """A saved AK/SK profile (`name`, the default) for the test's simulator."""
    profile = Profile(
        name=name,
        method="aksk",
        region="ap-southeast-1",
        access_key=access_key,
        drs_endpoint=sim.base_url,
        iam_endpoint=sim.base_url,
    )
    secrets: dict[SecretField, Secret | None] = {"secret_key": Secret(DEMO.secret_key)}
    ProfileCatalog().save(profile, secrets if secret else None, make_default=True)


def demo_app(sim: Simulator, folder: Path, **kwargs: Any) -> DrsApp:
    """The app of `drs-tui --demo`, against the test's simulator, saving into `folder`."""
    kwargs.setdefault("remembered", Remembered(None))
    return DrsApp(demo_base_url=sim.base_url, download_folder=folder, **kwargs)


async def wait_for(
    pilot: Pilot[Any], predicate: Callable[[], object], *, timeout: float = 30.0, what: str = ""
) -> None:
    """Let the app run until `predicate()` is true; fail with `what` after `timeout` (a
    hang: a loaded machine under coverage takes seconds for the first job list).

    Then the current screen handles what it has pending: a screen is current as soon as
    it is pushed, before it composes and mounts, and a test that went on (or ended, which
    tears the app down) at that moment would meet a half-built screen."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            screen = type(pilot.app.screen).__name__
            raise AssertionError(f"timed out waiting for {what or predicate} (on {screen})")
        await pilot.pause(0.02)
    if pilot.app.is_running:
        await pilot.pause()


async def wait_for_jobs(pilot: Pilot[Any]) -> None:
    from drs_tui.ui.screens.job_picker import JobPicker
    from drs_tui.ui.screens.job_table import JobTable

    def loaded() -> bool:
        screen = pilot.app.screen
        if not isinstance(screen, JobPicker):
            return False
        tables = screen.query(JobTable)  # none yet while the pushed picker is composed
        return bool(tables) and bool(tables.first().jobs)

    await wait_for(pilot, loaded, what="the job list")
    await settle(pilot)


def screen_text(app: Any) -> str:
    """Everything rendered on the current screen, as plain text."""
    update = app.screen._compositor.render_update(full=True)
    return "\n".join("".join(seg.text for seg in strip) for strip in update.strips)


def files_in(folder: Path) -> list[str]:
    """Names of every file in `folder`, hidden ones (partial downloads) included."""
    return sorted(p.name for p in folder.iterdir())


async def settle(pilot: Pilot[Any], *, timeout: float = 60.0) -> None:
    """Let the app come to rest: no worker pending or running, no widget `loading`, no
    timer of the app's own about to fire (a pause before a search or a preview starts
    one), two rounds in a row, with the messages of finished workers handled. Failed
    workers are the screen's to show. Fails after `timeout` (a hang, not a slow machine)."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    quiet = 0
    while quiet < 2:
        running = [w._task for w in app.workers if w._task is not None and not w._task.done()]
        if running:  # asyncio.wait neither cancels them nor raises what they raise
            await asyncio.wait(running, timeout=max(deadline - time.monotonic(), 0))
        await pilot.pause()
        busy = _busy(app)
        quiet = 0 if busy else quiet + 1
        if busy and time.monotonic() > deadline:
            raise AssertionError(f"the app did not settle: {busy}")
        if busy and not running:
            await pilot.pause(0.02)  # a timer or a loading widget: let time pass


def _busy(app: App[Any]) -> str:
    """What keeps the app from being at rest, or "" when nothing does."""
    workers = [w.name or w.group for w in app.workers if not w.is_finished]
    nodes = [app, *app.screen.walk_children(with_self=True)]
    loading = [repr(node) for node in nodes if getattr(node, "loading", False)]
    timers = [
        f"{timer.name} of {node!r}"
        for node in nodes
        if not type(node).__module__.startswith("textual.")  # Textual's own: blinks, toasts
        for timer in node._timers
        if timer._repeat == 0 and timer._task is not None and not timer._task.done()
    ]
    return "; ".join(
        f"{what} {names}"
        for what, names in (("workers", workers), ("loading", loading), ("timers", timers))
        if names
    )
