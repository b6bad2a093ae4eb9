"""In the app, a hostile server's or file's text is shown inert, its markup as text, and the
caller's secrets never on screen nor in the clipboard."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Label

from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.hostile import HOSTILE_TEXT
from drs_tui.ui.screens.error_view import ErrorView
from drs_tui.ui.screens.result_viewer_dialogs import PathPrompt
from drs_tui.ui.viewer_app import ViewerApp
from drs_tui.ui.widgets.entry_list import ZipEntryList
from tests.ui.flow_support import demo_app, screen_text, wait_for, wait_for_jobs

RAW = ("\x1b", "\x07", "\r", "\x9b", "\u202e")


def assert_inert(text: str) -> None:
    for char in RAW:
        assert char not in text, f"{char!r} reached the terminal"


async def test_hostile_job_names_and_statuses_show_inert(
    simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.hostile.job_text = HOSTILE_TEXT
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(160, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.pause()
        shown = screen_text(app)
    assert_inert(shown)
    assert "\\x1b]52;c;aGFja2Vk" in shown  # table and details: the attack, as text
    assert "[bold red]loud[/]" in shown  # markup shown, not obeyed


async def test_a_hostile_error_shows_and_copies_inert_without_the_token(
    simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    simulator.faults.hostile.error = 1
    app = demo_app(simulator, tmp_path)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorView), what="error view")
        await pilot.pause()
        shown = screen_text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: copied, what="the copy")
    for text in (shown, copied[0]):
        assert_inert(text)
        assert DEMO.token not in text
    assert "You sent token ********" in copied[0]
    assert "\\x1b]52;c;aGFja2Vk\\x07" in copied[0] and "[bold red]" in copied[0]


def widget_text(widget: Widget) -> str:
    lines = (widget.render_line(y) for y in range(widget.size.height))
    return "\n".join("".join(segment.text for segment in strip) for strip in lines)


async def test_hostile_entry_names_show_inert_in_the_viewer(tmp_path: Path) -> None:
    """The entry list, its status line and the extract dialog (the preview pane's own
    lines are the preview's to make safe)."""
    path = tmp_path / "result.zip"
    hostile = "\x1b]52;c;aGk=\x07[bold red]a\u202etxt.exe"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(hostile, "x\n")
        archive.writestr("README.txt", "hello\n")
    app = ViewerApp(path)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: "README.txt" in screen_text(app), what="the entries")
        listed = widget_text(app.screen.query_one(ZipEntryList))
        await pilot.press("x")  # extract the entry under the cursor: its name in the title
        await wait_for(pilot, lambda: isinstance(app.screen, PathPrompt), what="the prompt")
        await pilot.pause()
        asked = widget_text(app.screen.query_one(".dialog-title", Label))
    for shown in (listed, asked):
        assert_inert(shown)
        assert "\\x1b]52;c;aGk=\\x07[bold red]a\\u202etxt.exe" in shown
