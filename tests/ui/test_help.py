"""F1 / ? help: scrolls to its last row by Down, PgDn and End, at 80x24 and 120x40, and
names the screen in words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from drs_tui.simulator import Simulator
from drs_tui.ui.screens.help import HelpScreen
from drs_tui.ui.viewer_app import ViewerApp
from tests.ui.flow_support import demo_app, screen_text, settle, wait_for, wait_for_jobs
from tests.ui.viewer_support import result_zip

SIZES = [(80, 24), (120, 40)]


async def open_help(pilot: Pilot[Any], key: str = "question_mark") -> HelpScreen:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), what="help")
    await settle(pilot)
    help_screen = pilot.app.screen
    assert isinstance(help_screen, HelpScreen)
    return help_screen


def last_row_shown(pilot: Pilot[Any], help_screen: HelpScreen) -> bool:
    keys, _words, binding_id, _enabled = help_screen.rows[-1]
    boxed = [line.split("┃") for line in screen_text(pilot.app).splitlines()]
    inside = [parts[1].strip() for parts in boxed if len(parts) == 3]  # within the box
    return any(binding_id in line and line.startswith(keys) for line in inside)


async def reaches_the_end(pilot: Pilot[Any], help_screen: HelpScreen, key: str) -> None:
    """Press `key` until the last row shows (at most once per line of the help)."""
    await pilot.press("home")
    await settle(pilot)
    for _ in range(3 * len(help_screen.rows) + 10):  # a row wraps onto 3 lines at most
        if last_row_shown(pilot, help_screen):
            return
        await pilot.press(key)
        await pilot.pause()
    raise AssertionError(f"{key} never showed the last row:\n{screen_text(pilot.app)}")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_help_over_the_job_list_scrolls_to_its_end(
    simulator: Simulator, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_jobs(pilot)
        help_screen = await open_help(pilot, "f1")
        assert "Keys: job list" in screen_text(app)
        assert "JobPicker" not in screen_text(app)
        for key in ("end", "pagedown", "down"):
            await reaches_the_end(pilot, help_screen, key)
        ids = [row[2] for row in help_screen.rows]
        assert {"open-job", "focus-next", "focus-previous"} <= set(ids)  # Enter and Tab


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_help_over_the_viewer_scrolls_to_its_end(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    app = ViewerApp(result_zip(tmp_path))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        help_screen = await open_help(pilot)
        assert "Keys: result viewer" in screen_text(app)
        assert "ResultViewerScreen" not in screen_text(app)
        for key in ("end", "pagedown", "down"):
            await reaches_the_end(pilot, help_screen, key)
        ids = [row[2] for row in help_screen.rows]
        assert {"table-select-row", "focus-next", "zoom"} <= set(ids)
