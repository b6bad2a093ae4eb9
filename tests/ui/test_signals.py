"""SIGTERM / SIGHUP: the app quits as ctrl+q does, and the process ends even if the
terminal is gone and Textual's shutdown hangs on it."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import pytest

from drs_tui.simulator import Simulator
from drs_tui.ui import app as app_module
from tests.ui.flow_support import demo_app, wait_for_jobs


async def test_a_hangup_quits_and_arms_a_deadline(
    simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ended = threading.Event()
    codes: list[int] = []

    def fake_exit(code: int) -> None:
        codes.append(code)
        ended.set()

    monkeypatch.setattr(app_module, "QUIT_DEADLINE", 0.2)
    monkeypatch.setattr("drs_tui.ui.app.os._exit", fake_exit)
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        app._terminated(signal.SIGHUP)
        await pilot.pause(0.1)
    assert not app.is_running  # quit through action_quit, as ctrl+q
    assert ended.wait(5) and codes == [128 + signal.SIGHUP]
