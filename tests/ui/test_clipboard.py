"""Copy over OSC 52 inside tmux and screen: said honestly, with a file as the way out.

A fake `tmux` on PATH answers `tmux show -gv set-clipboard` as the test says.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from drs_tui.credentials.tmux_check import TMUX_FIX
from drs_tui.simulator import Simulator
from drs_tui.ui.clipboard import clipboard_route
from drs_tui.ui.screens.error_view import ErrorView
from drs_tui.ui.screens.result_viewer_dialogs import ChoicePicker, PathPrompt
from tests.ui.flow_support import demo_app, screen_text, settle, wait_for
from tests.ui.test_error_view import open_error
from tests.ui.viewer_support import ViewerHost, result_zip


@pytest.fixture
def fake_tmux(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `tmux` that prints $FAKE_SET_CLIPBOARD; TMUX set as inside a session."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "tmux"
    script.write_text(
        '#!/bin/sh\n[ -n "$FAKE_SET_CLIPBOARD" ] || exit 1\necho "$FAKE_SET_CLIPBOARD"\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}:{os.environ['PATH']}")
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1234,0")
    return script


async def test_the_route_follows_tmux_set_clipboard(
    fake_tmux: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SET_CLIPBOARD", "on")
    assert (await clipboard_route()).reaches
    for value in ("external", "off"):
        monkeypatch.setenv("FAKE_SET_CLIPBOARD", value)
        route = await clipboard_route()
        assert not route.reaches and f"set-clipboard is {value}" in route.problem
        assert TMUX_FIX in route.fix
    monkeypatch.delenv("FAKE_SET_CLIPBOARD")  # tmux fails: unknown, so not trusted
    route = await clipboard_route()
    assert not route.reaches and "could not be read" in route.problem


async def test_screen_and_a_plain_terminal() -> None:
    assert (await clipboard_route({})).reaches
    route = await clipboard_route({"STY": "1234.pts-0.host"})
    assert not route.reaches and "GNU screen" in route.problem


async def test_inside_tmux_with_set_clipboard_off_the_error_view_offers_a_file(
    simulator: Simulator, tmp_path: Path, fake_tmux: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SET_CLIPBOARD", "off")
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        view = await open_error(app, pilot)
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoicePicker), what="the offer")
        shown = screen_text(app)
        assert "set-clipboard is off" in shown and TMUX_FIX in shown
        assert app.clipboard == ""  # nothing was sent, nothing claimed
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, PathPrompt), what="the path")
        target = tmp_path / "error.txt"
        app.screen.query_one("#path-input").value = str(target)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(pilot, target.exists, what="the file")
        await settle(pilot)
        assert target.read_text(encoding="utf-8") == view.problem.text()
        assert isinstance(app.screen, ErrorView)
        notes = "\n".join(str(n.message) for n in app._notifications)
        assert f"Saved the error details to {target}" in notes and "Copied" not in notes
        assert app.clipboard == ""


async def test_inside_tmux_with_set_clipboard_on_it_copies(
    simulator: Simulator, tmp_path: Path, fake_tmux: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SET_CLIPBOARD", "on")
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_error(app, pilot)
        await pilot.press("y")
        await wait_for(pilot, lambda: "DRS.10000001" in app.clipboard, what="the copy")
        notes = "\n".join(str(n.message) for n in app._notifications)
        assert "Copied the error details through tmux" in notes


async def test_the_viewer_copy_inside_tmux_off_can_be_sent_anyway(
    tmp_path: Path, fake_tmux: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SET_CLIPBOARD", "external")
    app = ViewerHost(result_zip(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("y", "n")  # copy: the entry name
        await wait_for(pilot, lambda: "set-clipboard is external" in screen_text(app))
        assert app.copied == []
        await pilot.press("c")  # send it anyway
        await wait_for(pilot, lambda: app.copied, what="the copy")
        assert app.copied == ["object_import_detail.xlsx"]
        notes = "\n".join(str(n.message) for n in app._notifications)
        assert "may drop it" in notes and "Copied" not in notes
