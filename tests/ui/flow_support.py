"""Helpers for the app's pilot tests: build the app as the CLI does, wait for states."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from drs_tui.simulator import Simulator
from drs_tui.ui.app import DrsApp
from drs_tui.ui.remembered import Remembered


def demo_app(sim: Simulator, folder: Path, **kwargs: Any) -> DrsApp:
    """The app of `drs-tui --demo`, against the test's simulator, saving into `folder`."""
    kwargs.setdefault("remembered", Remembered(None))
    return DrsApp(demo_base_url=sim.base_url, download_folder=folder, **kwargs)


async def wait_for(
    pilot: Pilot[Any], predicate: Callable[[], object], *, timeout: float = 10.0, what: str = ""
) -> None:
    """Let the app run until `predicate()` is true; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            screen = type(pilot.app.screen).__name__
            raise AssertionError(f"timed out waiting for {what or predicate} (on {screen})")
        await pilot.pause(0.02)


async def wait_for_jobs(pilot: Pilot[Any]) -> None:
    from drs_tui.ui.screens.job_picker import JobPicker
    from drs_tui.ui.screens.job_table import JobTable

    def loaded() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, JobPicker) and bool(screen.query_one(JobTable).jobs)

    await wait_for(pilot, loaded, what="the job list")
    await pilot.app.workers.wait_for_complete()


def screen_text(app: Any) -> str:
    """Everything rendered on the current screen, as plain text."""
    update = app.screen._compositor.render_update(full=True)
    return "\n".join("".join(seg.text for seg in strip) for strip in update.strips)


def files_in(folder: Path) -> list[str]:
    """Names of every file in `folder`, hidden ones (partial downloads) included."""
    return sorted(p.name for p in folder.iterdir())


async def settle(seconds: float = 0.05) -> None:
    await asyncio.sleep(seconds)
