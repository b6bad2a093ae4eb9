"""The `[keymap]` of config.toml: read, checked against the bindings, applied; the help
and the key bar show the keys it gives, and its problems are told at start."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.app import App

from drs_tui.credentials.config_location import KeymapSetting, config_path, configured_keymap
from drs_tui.simulator import Simulator
from drs_tui.ui.keymap import check_keymap, is_key
from drs_tui.ui.screens.help import HelpScreen
from drs_tui.ui.screenshots import dialog_key_owners, key_owners, key_table
from drs_tui.ui.viewer_app import ViewerApp
from tests.ui.flow_support import demo_app, screen_text, settle, wait_for, wait_for_jobs
from tests.ui.viewer_support import two_sheet_workbook, zip_of


def notices(app: App[int]) -> str:
    return "\n".join(notification.message for notification in app._notifications)


def write_config(text: str) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_keymap_table_is_read_from_config_toml() -> None:
    assert configured_keymap() == KeymapSetting()  # no file
    write_config('ui_language = "en"\n[keymap]\nnext-sheet = "ctrl+n,n"\nhelp = 5\n')
    setting = configured_keymap()
    assert setting.keys == {"next-sheet": "ctrl+n,n"}
    assert setting.problems == ['help must be keys in quotes, such as help = "n"; left out.']
    write_config('keymap = "n"\n')
    assert "must be a table" in configured_keymap().problems[0]
    write_config("[keymap\n")  # broken TOML: the profile commands report it
    assert configured_keymap() == KeymapSetting()


def test_the_default_keys_and_a_plain_remap_have_no_problem() -> None:
    assert check_keymap({}).problems == []
    check = check_keymap({"back": "b", "search": "/", "reload-jobs": "ctrl+r,f5"})
    assert check.problems == []
    assert check.usable == {"back": "b", "search": "slash", "reload-jobs": "ctrl+r,f5"}


def test_unknown_ids_and_keys_are_left_out_with_a_reason() -> None:
    check = check_keymap({"nxt-sheet": "n", "frobnicate": "x", "search": "ctrl+x+y", "zoom": " "})
    assert check.usable == {}
    assert check.problems == [
        "nxt-sheet is not a binding id; did you mean next-sheet? Left out.",
        "frobnicate is not a binding id (README's key table lists them); left out.",
        "search = 'ctrl+x+y': ctrl+x+y is not a key drs-tui can receive; left out.",
        "zoom has no key; left out.",
    ]
    hostile = check_keymap({"\x1b[2Jx": "n"}).problems[0]
    assert "\x1b" not in hostile and "\\x1b" in hostile


def test_two_ids_of_one_screen_on_one_key_are_a_conflict() -> None:
    check = check_keymap({"next-sheet": "n"})
    assert check.usable == {"next-sheet": "n"}
    assert check.problems == [
        "result viewer: n is bound to both next-match and next-sheet; one loses it."
    ]


def test_a_key_taken_first_elsewhere_is_reported_but_not_the_defaults_own() -> None:
    # The defaults let screens take app keys on purpose (q, c, g, :): never reported.
    assert check_keymap({"pick-region": "g,ctrl+g"}).problems == []
    problems = check_keymap({"help": "q"}).problems
    assert problems == [
        "q for help (everywhere) is taken first by back (comparison), back (fetch form), "
        "back (profiles), back (result viewer), cancel-download (download), quit-app (job list)."
    ]
    # Textual's own keys count too, named by their action.
    assert check_keymap({"search": "ctrl+c"}).problems == [
        "result viewer: ^c is bound to both (screen.copy_text) and search; one loses it."
    ]
    # The app's priority keys come before every screen's.
    problems = check_keymap({"focus-next": "tab,j"}).problems
    assert "j for job-down (job list) is taken first by focus-next (everywhere)." in problems


@pytest.mark.parametrize("key", ["n", "N", "f5", "ctrl+n", "question_mark", "alt+x", "enter"])
def test_keys_textual_sends(key: str) -> None:
    assert is_key(key)


@pytest.mark.parametrize("key", ["", "nn", "ctrl+", "ctrl+x+y", "hyper"])
def test_keys_no_terminal_sends(key: str) -> None:
    assert not is_key(key)


async def test_a_remapped_key_runs_its_binding_and_the_old_one_does_not(tmp_path: Path) -> None:
    path = zip_of(tmp_path, "sheets.zip", {"result.xlsx": two_sheet_workbook()})
    app = ViewerApp(path, keymap=KeymapSetting({"next-sheet": "ctrl+n", "previous-sheet": "p"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "sheets: [Result] Summary" in screen_text(app)
        await pilot.press("right_square_bracket")  # the default key no longer does it
        await settle(pilot)
        assert "sheets: [Result] Summary" in screen_text(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "sheets: Result [Summary]" in screen_text(app)
        await pilot.press("p")
        await settle(pilot)
        assert "sheets: [Result] Summary" in screen_text(app)
        assert notices(app) == ""  # nothing to report


async def test_help_and_the_key_bar_show_the_keys_of_the_keymap(
    simulator: Simulator, tmp_path: Path
) -> None:
    keymap = KeymapSetting({"help": "f2", "search-jobs": "ctrl+f"})
    app = demo_app(simulator, tmp_path, keymap=keymap)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_jobs(pilot)
        await settle(pilot)
        bar = screen_text(app).splitlines()[-1]
        assert "f2 Help" in bar and "^f Find" in bar, bar
        await pilot.resize_terminal(60, 30)
        await settle(pilot)
        assert screen_text(app).splitlines()[-1].rstrip().endswith("f2 more")
        await pilot.press("question_mark")  # no longer help
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f2")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = {binding_id: keys for keys, _words, binding_id, _on in app.screen.rows}
        assert rows["help"] == "f2"
        assert rows["search-jobs"] == "^f"


async def test_the_problems_are_told_at_start_and_what_cannot_apply_is_left_out(
    simulator: Simulator, tmp_path: Path
) -> None:
    keymap = KeymapSetting(
        {"help": "q", "nxt-sheet": "n"}, problems=["x must be keys in quotes; left out."]
    )
    app = demo_app(simulator, tmp_path, keymap=keymap)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for_jobs(pilot)
        await wait_for(pilot, lambda: "nxt-sheet" in notices(app), what="the notice")
        assert [n.title for n in app._notifications] == ["Keymap in config.toml"]
        text = notices(app)
        assert "x must be keys in quotes" in text
        assert "nxt-sheet is not a binding id; did you mean next-sheet?" in text
        assert "q for help (everywhere) is taken first by" in text
        assert app._keymap == {"help": "q"}  # the unknown id is not applied


def test_readme_lists_every_binding_id_with_its_default_key_and_screen() -> None:
    """README's key table is what `python -m drs_tui.ui.screenshots --key-table` prints."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = key_table()
    assert table in readme, "README's key table is stale: paste the output of --key-table"
    listed = set(re.findall(r"`([a-z0-9-]+)` \|$", table, re.MULTILINE))
    owners = [*key_owners(), *dialog_key_owners()]
    assert listed == {b.id for _, owner in owners for b in owner.BINDINGS if b.id}
