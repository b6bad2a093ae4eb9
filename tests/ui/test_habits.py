"""The theme picked in the command palette is remembered and restored at the next start,
by `drs-tui` and `drs-tui open` alike."""

from __future__ import annotations

import json
from pathlib import Path

from drs_tui.simulator import Simulator
from drs_tui.ui.remembered import Remembered
from drs_tui.ui.viewer_app import ViewerApp
from tests.ui.flow_support import demo_app, settle, wait_for, wait_for_jobs
from tests.ui.viewer_support import result_zip


async def test_the_theme_picked_is_restored_at_the_next_start(
    simulator: Simulator, tmp_path: Path
) -> None:
    state = tmp_path / "ui-state.json"
    app = demo_app(simulator, tmp_path, remembered=Remembered(state))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_jobs(pilot)
        assert app.theme == "textual-dark"
        app.theme = "nord"  # what the palette's "Change theme" does
        await wait_for(pilot, lambda: state.exists(), what="the state file")
    assert json.loads(state.read_text(encoding="utf-8"))["theme"] == "nord"
    again = demo_app(simulator, tmp_path, remembered=Remembered(state))
    async with again.run_test(size=(80, 24)) as pilot:
        await wait_for_jobs(pilot)
        assert again.theme == "nord"
    viewer = ViewerApp(result_zip(tmp_path), remembered=Remembered(state))
    async with viewer.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert viewer.theme == "nord"
        viewer.theme = "gruvbox"
        await settle(pilot)
    assert Remembered(state).theme() == "gruvbox"


async def test_a_theme_that_no_longer_exists_leaves_the_default(tmp_path: Path) -> None:
    state = tmp_path / "ui-state.json"
    state.write_text(json.dumps({"theme": "gone-theme"}), encoding="utf-8")
    app = ViewerApp(result_zip(tmp_path), remembered=Remembered(state))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
    assert Remembered(state).theme() == "gone-theme"  # not rewritten by the start itself
