"""The UI language at run time: the switch key (F2), and how the screens follow it.

Every screen draws its words through `_()` when it draws them, so a switch needs no new
screens: nothing is recomposed, and typed input, the cursor, the loaded job list and
every other piece of state stay where they are. After `set_language`:

1. every widget of every screen on the stack is refreshed: the widgets that translate in
   `render()` (key bar, title bar, dropdowns, tables) redraw in the new language, and
   each `Words` (a Static holding a catalog message) sets its text again;
2. every screen gets `LanguageChanged`; FlowScreen then calls its `show_texts()`, where a
   screen sets again what it had set itself (border titles, placeholders, labels of
   buttons and radio buttons, status lines) from the state it holds.

The key works on the flow's screens, not while a dialog (a modal screen) waits for an
answer (DrsApp.check_action). Then it offers to remember the choice as `ui_language` in
config.toml (not in the demo, which writes no settings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from drs_tui.i18n import (
    N_,
    _,
    _ as gettext,  # for messages marked with N_() elsewhere
    current_language,
    set_language,
)

if TYPE_CHECKING:
    from textual.app import App

    from drs_tui.credentials.profiles import ProfileFile
    from drs_tui.i18n import UiLanguage

LANGUAGE_NAMES: dict[str, str] = {"en": "English", "zh": "中文"}  # each in its own words

# F2: free on every screen, and typing in a field never swallows it. Both apps (the flow
# and `drs-tui open`) bind it to their `switch_language` action.
SWITCH_LANGUAGE_KEY = Binding(
    "f2",
    "switch_language",
    N_("Language"),
    id="switch-language",
    show=False,
    tooltip=N_("English / 中文, for this session"),
)


class LanguageChanged(Message):
    """Sent to every screen on the stack after the UI language changed."""


class Words(Static):
    """A Static whose text is a catalog message (marked with N_()), shown in the
    language of the moment: it sets its text again after a switch."""

    def __init__(self, message: str, *, id: str | None = None, classes: str | None = None) -> None:
        self.message = message
        super().__init__(gettext(message), id=id, classes=classes, markup=False)

    def retranslate(self) -> None:
        self.update(gettext(self.message))


def other_language(language: UiLanguage) -> UiLanguage:
    return "en" if language == "zh" else "zh"


def apply_language(app: App[Any], language: UiLanguage) -> None:
    """Translate from now on into `language`, and have every screen on the stack say so."""
    set_language(language)
    for screen in app.screen_stack:
        for widget in screen.walk_children(with_self=False):
            if isinstance(widget, Words):
                widget.retranslate()
            widget.refresh(layout=True)
        screen.post_message(LanguageChanged())
        screen.refresh_bindings()


def switch_language(app: App[Any], config: ProfileFile | None) -> None:
    """F2: the other language for this session; then, with a `config` file (not in the
    demo), a question whether to keep it there for next time."""
    language = other_language(current_language())
    apply_language(app, language)
    name = LANGUAGE_NAMES[language]
    if config is None:
        app.notify(_("Language: {name}, for this session.").format(name=name), timeout=4)
        return
    from drs_tui.ui.screens.confirm import ConfirmScreen

    def answered(yes: bool | None) -> None:
        if yes:
            app.run_worker(
                lambda: _remember(app, config, language),
                thread=True,
                group="remember-language",
                exit_on_error=False,
            )
        else:
            app.notify(_("Language: {name}, for this session.").format(name=name), timeout=4)

    question = _("Use {name} every time drs-tui starts?").format(name=name)
    detail = _(
        'Yes writes ui_language = "{code}" to the config file; --ui-lang still wins. '
        "F2 switches again at any time."
    ).format(code=language)
    app.push_screen(ConfirmScreen(question, detail), answered)


def _remember(app: App[Any], config: ProfileFile, language: UiLanguage) -> None:
    """Write the choice (a thread: the config file is locked, read and replaced)."""
    from drs_tui.errors import DrsTuiError

    try:
        config.set_ui_language(language)
    except DrsTuiError as exc:
        app.call_from_thread(
            app.notify, exc.message, title=_("Not remembered"), severity="error", markup=False
        )
        return
    path = str(config.path)
    app.call_from_thread(
        app.notify, _("Saved in {path}.").format(path=path), timeout=6, markup=False
    )
