"""Snapshots of every screen of the flow at 80x24 and 120x40, in English and in Chinese.

The scenes are the ones `python -m drs_tui.ui.screenshots` uses for screenshots/: the demo
app against the simulator, with the clock, cursor blink and request ids frozen. Review a
changed picture with `pytest tests/ui/test_snapshots.py --snapshot-report`, accept it
with `--snapshot-update`. The result viewer's own snapshots live in its tests. Chinese
characters take two cells: the Chinese pictures show that titles, key bars, tables and
dialogs still fit.
"""

from __future__ import annotations

from typing import Any

import pytest

from drs_tui.simulator import Faults, Simulator
from drs_tui.ui.screenshots import SCENES, Scene, demo_app
from tests.ui.flow_support import ui_language

# Scenes whose picture holds timings or ports, and the viewer (snapshot-tested by its
# own tests), are left to screenshots/.
MINE = [scene for scene in SCENES if scene.stable]
SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", MINE, ids=lambda s: s.name)
def test_screen(
    scene: Scene, size: tuple[int, int], simulator: Simulator, snap_compare: Any
) -> None:
    simulator.faults = Faults(stall=scene.stall)
    assert snap_compare(demo_app(simulator.base_url), terminal_size=size, run_before=scene.steps)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("scene", MINE, ids=lambda s: s.name)
def test_screen_in_chinese(
    scene: Scene, size: tuple[int, int], simulator: Simulator, snap_compare: Any
) -> None:
    simulator.faults = Faults(stall=scene.stall)
    with ui_language("zh"):
        app = demo_app(simulator.base_url)
        assert snap_compare(app, terminal_size=size, run_before=scene.steps)
