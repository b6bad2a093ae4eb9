"""`drs-tui open FILE.zip`: the result viewer on a local file, without any profile."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from drs_tui.i18n import N_, _
from drs_tui.ui.habits import follow_habits, restore_theme
from drs_tui.ui.language import SWITCH_LANGUAGE_KEY
from drs_tui.ui.remembered import Remembered
from drs_tui.ui.screens.base import FOCUS_KEYS
from drs_tui.ui.widgets.key_bar import KeyBar
from drs_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from drs_tui.credentials.config_location import KeymapSetting


class _Closing(Screen[None]):
    """Under the viewer: when the viewer goes away, the app ends."""

    def __init__(self) -> None:
        super().__init__()
        self._seen = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        if self._seen:
            self.app.exit()
        self._seen = True


class ViewerApp(App[int]):
    TITLE = "drs-tui"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", N_("Help"), id="help", key_display="?"),
        Binding("colon", "command_palette", N_("Commands"), id="commands", key_display=":"),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
        SWITCH_LANGUAGE_KEY,
        *FOCUS_KEYS,
    ]

    def __init__(
        self,
        path: Path,
        *,
        remembered: Remembered | None = None,
        keymap: KeymapSetting | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self.remembered = remembered or Remembered(None)
        self._keymap_setting = keymap
        restore_theme(self, self.remembered)
        self._show_sub_title()

    def _show_sub_title(self) -> None:
        self.sub_title = _("local file {name} · no profile").format(name=self.path.name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Not while a dialog waits for an answer: its question stays in one language.
        return not (action == "switch_language" and isinstance(self.screen, ModalScreen))

    def action_switch_language(self) -> None:
        """F2: the other language for this session, and an offer to keep it in
        config.toml (ui/language.py)."""
        from drs_tui.credentials.profiles import ProfileFile
        from drs_tui.ui.language import switch_language

        switch_language(self, ProfileFile())
        self._show_sub_title()

    def get_default_screen(self) -> Screen[Any]:
        return _Closing()

    def on_mount(self) -> None:
        from drs_tui.ui.app import open_viewer

        follow_habits(self, self.remembered, self._keymap_setting)

        viewer = open_viewer(self.path, None)
        if viewer is None:
            self.exit(return_code=1, message=_("This build has no result viewer."))
            return
        self.push_screen(viewer)

    def action_help(self) -> None:
        from drs_tui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
