"""What the user set up once and both apps (`drs-tui`, `drs-tui open`) honour: the theme
picked last (kept in ui-state.json) and the `[keymap]` of config.toml."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from textual.theme import Theme

    from drs_tui.credentials.config_location import KeymapSetting
    from drs_tui.ui.remembered import Remembered


def restore_theme(app: App[Any], remembered: Remembered) -> None:
    """The theme picked last (from the app's __init__, before the first frame); one
    that no longer exists (a theme dropped by Textual) leaves the default."""
    theme = remembered.theme()
    if theme is not None and theme in app.available_themes:
        app.theme = theme


def follow_habits(app: App[Any], remembered: Remembered, keymap: KeymapSetting | None) -> None:
    """From the app's on_mount: remember each theme the user picks, apply the keymap."""

    def picked(theme: Theme) -> None:
        remembered.remember_theme(theme.name)

    app.theme_changed_signal.subscribe(app, picked)
    if keymap is not None and (keymap.keys or keymap.problems):
        from drs_tui.ui.keymap import start_keymap

        start_keymap(app, keymap.keys, keymap.problems)
