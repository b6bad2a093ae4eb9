"""Every documented key of every dialog and menu (the end of README's key table, from
`dialog_key_owners()`), pressed through the pilot, runs its action: as
test_every_key does for the screens, each dialog is shown over a bare app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.screen import Screen
from textual.widgets import Static

from drs_tui.ui.screens.confirm import ConfirmScreen
from drs_tui.ui.screens.help import HelpScreen
from drs_tui.ui.screens.mfa_prompt import MfaPrompt
from drs_tui.ui.screens.region_picker import RegionPicker
from drs_tui.ui.screens.result_viewer_dialogs import (
    Choice,
    ChoicePicker,
    ConfirmDialog,
    PathPrompt,
    RowDetail,
    TextPrompt,
)
from drs_tui.ui.screens.secret_prompt import SecretPrompt
from drs_tui.ui.screenshots import dialog_key_owners
from drs_tui.ui.widgets.dropdown import Dropdown
from drs_tui.ui.widgets.dropdown_menu import DropdownMenu
from tests.ui.flow_support import settle
from tests.ui.test_every_key import press_every_key


class Host(App[None]):
    """A bare app whose one screen holds a menu button; dialogs go over it."""

    def compose(self) -> ComposeResult:
        yield Static("under the dialog")
        yield Dropdown([("one", 1), ("two", 2)], value=1, title="Pick", id="menu")


DIALOGS: dict[type[Any], Callable[[Screen[Any]], Screen[Any]]] = {
    DropdownMenu: lambda _: DropdownMenu(
        ["one", "two"], 0, title="Pick", below=Region(0, 0, 10, 1)
    ),
    HelpScreen: HelpScreen,
    RegionPicker: lambda _: RegionPicker("ap-southeast-1"),
    ConfirmScreen: lambda _: ConfirmScreen("Delete profile prod?"),
    SecretPrompt: lambda _: SecretPrompt("prod", ("secret_key",), "none stored"),
    MfaPrompt: lambda _: MfaPrompt("prod"),
    PathPrompt: lambda _: PathPrompt("Save as", Path("/tmp/x.zip")),
    TextPrompt: lambda _: TextPrompt("Filter"),
    ConfirmDialog: lambda _: ConfirmDialog("Replace?", "x.csv exists", cancel="Cancel"),
    ChoicePicker: lambda _: ChoicePicker("Encoding", [Choice("u", "UTF-8", "utf-8")]),
    RowDetail: lambda _: RowDetail("Row 2", [("Table", "T1")], None),
}


@pytest.mark.parametrize("owner", list(DIALOGS), ids=lambda owner: owner.__name__)
async def test_every_key_of_the_dialog_runs_its_action(
    owner: type[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await app.push_screen(DIALOGS[owner](app.screen))
        await settle(pilot)
        await press_every_key(pilot, monkeypatch, owner)


async def test_every_key_of_the_menu_button_runs_its_action(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = Host()
    async with app.run_test(size=(100, 30)) as pilot:
        app.query_one(Dropdown).focus()
        await settle(pilot)
        await press_every_key(pilot, monkeypatch, Dropdown)


def test_every_dialog_of_the_key_table_is_pressed_here() -> None:
    assert {owner for _, owner in dialog_key_owners()} == {*DIALOGS, Dropdown}
