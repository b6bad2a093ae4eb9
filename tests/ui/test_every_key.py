"""Every documented key of every screen, pressed through the pilot, runs its action.

The README's key table comes from `key_owners()` (drs_tui/ui/screenshots.py): each
screen or widget whose BINDINGS the help and the table list. Here each owner's screen is
brought up in a state where its keys apply, every action of the owner is replaced by a
spy (so a key changes nothing and the next key meets the same screen), and each key of
each binding is pressed: the spy must hear the binding's own action. A key taken by a
focused widget, a binding Textual never sends, or an action under another name fails.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.keys import Keys, _character_to_key
from textual.pilot import Pilot

from drs_tui.simulator import Simulator
from drs_tui.ui.app import DrsApp
from drs_tui.ui.screens.credentials import CredentialsScreen, ProfileList
from drs_tui.ui.screens.download import DownloadScreen
from drs_tui.ui.screens.error_view import CREDENTIALS, REGION, RETRY, ErrorView, Problem
from drs_tui.ui.screens.fetch_form import FetchForm
from drs_tui.ui.screens.job_picker import JobPicker
from drs_tui.ui.screens.job_table import JobTable
from drs_tui.ui.screens.profile_form import ProfileForm
from drs_tui.ui.screens.result_compare import ResultCompareScreen
from drs_tui.ui.screens.result_viewer import ResultViewerScreen
from drs_tui.ui.screenshots import key_owners
from drs_tui.ui.widgets.find_bar import FindBar
from drs_tui.ui.widgets.text_view import TextView
from drs_tui.ui.widgets.virtual_table import VirtualTable
from tests.ui.flow_support import (
    app_for,
    demo_app,
    save_demo_profile,
    screen_text,
    settle,
    wait_for,
    wait_for_jobs,
)
from tests.ui.viewer_support import ViewerHost, result_zip

# Textual names a key event by the key ("escape", "f1") or by the character typed: a
# letter or digit as itself, punctuation by its Unicode name ("right_square_bracket").
SENT = {key.value for key in Keys} | {_character_to_key(chr(code)) for code in range(32, 127)}
# The owners the tests below press the keys of: every owner of the key table.
PRESSED_HERE = {
    DrsApp, JobPicker, JobTable, FetchForm, DownloadScreen, ErrorView, CredentialsScreen,
    ProfileList, ProfileForm, ResultViewerScreen, VirtualTable, FindBar, TextView,
    ResultCompareScreen,
}  # fmt: skip


def bindings(owner: type[Any]) -> list[Binding]:
    return [b for b in owner.BINDINGS if isinstance(b, Binding) and b.id]


def action_name(binding: Binding) -> tuple[str, str]:
    """(namespace, action) of a binding: "app.quit" is ("app", "quit")."""
    name = binding.action.partition("(")[0]
    namespace, _, action = name.rpartition(".")
    return namespace, action


class Spies:
    """Every action of `owner` (and of the app or screen its bindings name) recorded, not
    run, while the context lasts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, app: Any, owner: type[Any]) -> None:
        self.heard: list[str] = []
        for binding in bindings(owner):
            namespace, action = action_name(binding)
            target = {"app": type(app), "screen": type(app.screen)}.get(namespace, owner)
            if hasattr(target, f"action_{action}"):  # else nothing hears it: the test fails
                monkeypatch.setattr(target, f"action_{action}", self._spy(action))

    def _spy(self, action: str) -> Any:
        def spy(_self: Any, *_args: Any) -> None:
            self.heard.append(action)

        return spy


async def press_every_key(
    pilot: Pilot[Any], monkeypatch: pytest.MonkeyPatch, owner: type[Any]
) -> None:
    """Press each key of each of `owner`'s bindings; each must run its own action."""
    app = pilot.app
    missed: list[str] = []
    with monkeypatch.context() as patch:
        spies = Spies(patch, app, owner)
        for binding in bindings(owner):
            _, action = action_name(binding)
            for key in binding.key.split(","):
                if key not in SENT:
                    missed.append(f"{key} ({binding.id}): a key Textual never sends")
                    continue
                spies.heard.clear()
                await pilot.press(key)
                await pilot.pause()
                if spies.heard != [action]:
                    missed.append(f"{key} ({binding.id}): heard {spies.heard or 'nothing'}")
    assert missed == [], f"{owner.__name__}: keys that did not run their action"


async def test_the_job_list_fetch_form_download_and_everywhere_keys(
    simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = demo_app(simulator, tmp_path, page_size=10)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("right_square_bracket")  # page 2 of 3: both paging keys apply
        await wait_for(pilot, lambda: "Jobs 11-20" in _text(app), what="page 2")
        app.screen.query_one(JobTable).focus()
        await press_every_key(pilot, monkeypatch, DrsApp)
        await press_every_key(pilot, monkeypatch, JobPicker)
        app.screen.query_one(JobTable).focus()
        await press_every_key(pilot, monkeypatch, JobTable)
        await pilot.press("left_square_bracket")  # back to the first job, an Oracle one
        await wait_for(pilot, lambda: "Jobs 1-10" in _text(app), what="page 1")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="fetch form")
        await press_every_key(pilot, monkeypatch, FetchForm)
        simulator.faults.stall = 60.0  # the download stays on screen
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadScreen), what="download")
        await press_every_key(pilot, monkeypatch, DownloadScreen)
        simulator.faults.stall = 0.0
        problem = Problem(
            "A problem", (("Error", "x"),), datetime.now(), (RETRY, CREDENTIALS, REGION)
        )
        app.push_screen(ErrorView(problem))
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorView), what="error view")
        await press_every_key(pilot, monkeypatch, ErrorView)


async def test_the_profile_keys(
    simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_demo_profile(simulator)
    app = app_for(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: "✓ secret stored" in _text(app), what="profiles")
        assert isinstance(app.screen, CredentialsScreen)
        await press_every_key(pilot, monkeypatch, CredentialsScreen)
        app.screen.query_one(ProfileList).focus()
        await press_every_key(pilot, monkeypatch, ProfileList)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileForm), what="the form")
        await press_every_key(pilot, monkeypatch, ProfileForm)


async def test_the_result_viewer_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = ViewerHost(result_zip(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        viewer = app.screen
        assert isinstance(viewer, ResultViewerScreen)
        viewer.preview.table.focus()
        await press_every_key(pilot, monkeypatch, ResultViewerScreen)
        await press_every_key(pilot, monkeypatch, VirtualTable)
        await pilot.press("slash")
        find_bar = viewer.preview.find_bar
        await wait_for(pilot, lambda: find_bar.is_open, what="find bar")
        await press_every_key(pilot, monkeypatch, FindBar)
    app = ViewerHost(result_zip(tmp_path, "txt"))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        viewer = app.screen
        assert isinstance(viewer, ResultViewerScreen)
        viewer.preview.text_view.focus()
        await press_every_key(pilot, monkeypatch, TextView)


async def test_the_comparison_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = result_zip(tmp_path)
    app = ViewerHost(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.push_screen(ResultCompareScreen(path, path))
        await settle(pilot)
        await press_every_key(pilot, monkeypatch, ResultCompareScreen)


def test_every_owner_of_a_documented_key_is_pressed_here() -> None:
    """A screen or widget added to the key table gets its keys pressed here too."""
    assert {owner for _, owner in key_owners()} == PRESSED_HERE


def _text(app: Any) -> str:
    return screen_text(app)
