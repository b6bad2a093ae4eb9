"""The result viewer's keys: each is a key Textual sends, and help names it as typed."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.keys import Keys, _character_to_key

from drs_tui.ui.screens.help import HelpScreen
from drs_tui.ui.screens.result_viewer import ResultViewerScreen
from tests.ui.viewer_support import ViewerHost, result_zip, screen_text, settle

VIEWER_BINDINGS = [b for b in ResultViewerScreen.BINDINGS if isinstance(b, Binding)]


# Textual names a key event by the key ("escape", "f1") or by the character typed: a
# letter or digit as itself, punctuation by its Unicode name ("slash", "right_square_bracket").
SENT = {key.value for key in Keys} | {_character_to_key(chr(code)) for code in range(32, 127)}


def test_every_key_is_one_textual_sends() -> None:
    keys = [key for binding in VIEWER_BINDINGS for key in binding.key.split(",")]
    assert [key for key in keys if key not in SENT] == []


async def test_help_shows_the_keys_as_typed(tmp_path: Path) -> None:
    app = ViewerHost(result_zip(tmp_path))
    async with app.run_test(size=(100, 50)) as pilot:
        await settle(pilot)
        await app.push_screen(HelpScreen(app.viewer))
        await pilot.pause()
        text = screen_text(app)
        rows = [line.strip("┃ ").split() for line in text.splitlines() if "-sheet" in line]
        keys = {words[-1]: words[0] for words in rows}
        assert keys == {"next-sheet": "]", "previous-sheet": "["}
        assert "bracket" not in text
