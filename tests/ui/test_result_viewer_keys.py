"""The result viewer's keys: each is a key Textual sends, help names it as typed, and
the keys for the entry list (filter, problems only, sort, name encoding) and zoom do
what help says."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.keys import Keys, _character_to_key
from textual.widgets import Static

from drs_tui.ui.screens.help import HelpScreen
from drs_tui.ui.screens.result_viewer import ResultViewerScreen
from drs_tui.ui.screens.result_viewer_dialogs import ChoicePicker
from tests.ui.flow_support import settle, wait_for
from tests.ui.viewer_support import (
    ViewerHost,
    mark_encrypted,
    result_zip,
    screen_text,
    zip_of,
)

VIEWER_BINDINGS = [b for b in ResultViewerScreen.BINDINGS if isinstance(b, Binding)]


# Textual names a key event by the key ("escape", "f1") or by the character typed: a
# letter or digit as itself, punctuation by its Unicode name ("slash", "right_square_bracket").
SENT = {key.value for key in Keys} | {_character_to_key(chr(code)) for code in range(32, 127)}


def test_every_key_is_one_textual_sends() -> None:
    keys = [key for binding in VIEWER_BINDINGS for key in binding.key.split(",")]
    assert [key for key in keys if key not in SENT] == []


def test_every_key_has_an_id_a_tooltip_and_an_action() -> None:
    ids = [binding.id for binding in VIEWER_BINDINGS]
    assert all(ids) and len(set(ids)) == len(ids)
    assert [b.id for b in VIEWER_BINDINGS if not b.tooltip] == []
    actions = {binding.action.partition("(")[0] for binding in VIEWER_BINDINGS}
    assert {a for a in actions if not hasattr(ResultViewerScreen, f"action_{a}")} == set()


async def test_help_shows_the_keys_as_typed(tmp_path: Path) -> None:
    app = ViewerHost(result_zip(tmp_path))
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await app.push_screen(HelpScreen(app.viewer))
        await wait_for(pilot, lambda: "next-sheet" in screen_text(app), what="help")
        text = screen_text(app)
        rows = [line.strip("┃ ").split() for line in text.splitlines() if "-sheet" in line]
        keys = {words[-1]: words[0] for words in rows}
        assert keys == {"next-sheet": "]", "previous-sheet": "["}
        assert "bracket" not in text


def eight_entries(tmp_path: Path) -> Path:
    """More entries than get the list on top, one of them encrypted, sizes all different."""
    files = {"zeta.txt": b"z" * 10, "alpha.txt": b"a" * 300, "mid.txt": b"m" * 50}
    files["secret.txt"] = b"s" * 20
    files.update({f"extra_{i}.txt": b"e" * (60 + i) for i in range(4)})
    path = zip_of(tmp_path, "eight.zip", files, stored=True)
    mark_encrypted(path, "secret.txt")
    return path


def listed(app: ViewerHost) -> list[str]:
    return [entry.name for entry in app.viewer.entry_list.entries]


def entries_status(app: ViewerHost) -> str:
    return str(app.viewer.query_one("#entries-status", Static).content)


async def test_filter_entries_by_name_and_close_the_bar(tmp_path: Path) -> None:
    app = ViewerHost(eight_entries(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("F", *"EXTRA", "enter")
        await settle(pilot)
        assert listed(app) == [f"extra_{i}.txt" for i in range(4)]
        assert "4 of 8 entries" in entries_status(app)
        assert "filter 'EXTRA'" in entries_status(app)
        assert app.viewer.focused is app.viewer.entry_list
        await pilot.press("F", "escape")
        await settle(pilot)
        assert app.viewer.focused is app.viewer.entry_list
        assert len(listed(app)) == 4  # Esc keeps the filter


async def test_only_entries_with_a_problem(tmp_path: Path) -> None:
    app = ViewerHost(eight_entries(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert listed(app) == ["secret.txt"]
        assert "only ✗" in entries_status(app)
        await pilot.press("E")
        await settle(pilot)
        assert len(listed(app)) == 8


async def test_sort_entries_by_name_then_biggest_first(tmp_path: Path) -> None:
    app = ViewerHost(eight_entries(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert listed(app)[:2] == ["zeta.txt", "alpha.txt"]  # as stored
        await pilot.press("o")
        await settle(pilot)
        assert listed(app) == sorted(listed(app)) and "by name" in entries_status(app)
        await pilot.press("o")
        await settle(pilot)
        assert listed(app)[0] == "alpha.txt" and "by size" in entries_status(app)


async def test_entry_name_encoding_reopens_the_archive(tmp_path: Path) -> None:
    app = ViewerHost(eight_entries(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoicePicker), what="encodings")
        await pilot.press("g")
        await settle(pilot)
        assert "names as gb18030" in entries_status(app)
        assert len(listed(app)) == 8


async def test_zoom_the_focused_pane_and_back(tmp_path: Path) -> None:
    app = ViewerHost(eight_entries(tmp_path))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert app.viewer.focused is app.viewer.entry_list
        await pilot.press("z")
        await wait_for(pilot, lambda: app.viewer.maximized is app.viewer.entry_list, what="zoom")
        await pilot.press("z")
        await wait_for(pilot, lambda: app.viewer.maximized is None, what="unzoom")


async def test_zoom_the_preview_while_it_has_focus(tmp_path: Path) -> None:
    app = ViewerHost(result_zip(tmp_path))  # two entries: the workbook's rows get focus
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        viewer = app.viewer
        assert viewer.focused is viewer.preview.table
        await pilot.press("z")
        await wait_for(pilot, lambda: viewer.maximized is viewer.preview, what="zoom")
        assert "object_import_detail.xlsx" in screen_text(app)  # the pane's title line
        assert "README.txt" not in screen_text(app)  # the entry list is gone
        await pilot.press("z")
        await wait_for(pilot, lambda: viewer.maximized is None, what="unzoom")
        assert "README.txt" in screen_text(app)


def rows_on_screen(app: ViewerHost, names: list[str]) -> int:
    return sum(1 for line in screen_text(app).splitlines() if any(n in line for n in names))


async def test_a_short_terminal_shows_five_rows_of_the_pane_in_focus(tmp_path: Path) -> None:
    app = ViewerHost(result_zip(tmp_path))
    async with app.run_test(size=(60, 15)) as pilot:
        await settle(pilot)
        assert app.viewer.focused is app.viewer.preview.table
        tables = ["ORDER_", "CUSTOMER", "PAYROLL", "EMPLOYEE", "INVOICE"]
        assert rows_on_screen(app, tables) >= 5, screen_text(app)
    app = ViewerHost(eight_entries(tmp_path))
    async with app.run_test(size=(60, 15)) as pilot:
        await settle(pilot)
        assert app.viewer.focused is app.viewer.entry_list
        assert rows_on_screen(app, [".txt  ", ".txt   "]) >= 5, screen_text(app)
