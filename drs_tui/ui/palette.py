"""The command palette (`:` or ctrl+p) in the language of the moment: drs-tui's entries,
and Textual's own (theme, quit, keys...) with their words from our catalog (the palette
asks for them each time it opens)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen

from drs_tui.i18n import N_, _, _ as gettext

if TYPE_CHECKING:
    from drs_tui.ui.app import DrsApp


# Textual's own palette entries (textual is pinned: a new wording stays English).
TEXTUAL_WORDS = (
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)


def translated(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's entries with the words of the moment's language."""
    for command in commands:
        yield command._replace(title=gettext(command.title), help=gettext(command.help))


def open_palette(app: App[Any]) -> None:
    """The palette, with its search box's placeholder translated too."""
    if app.use_command_palette and not CommandPalette.is_open(app):
        palette = CommandPalette(placeholder=_("Search for commands…"), id="--command-palette")
        app.push_screen(palette)


def flow_commands(app: DrsApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    yield SystemCommand(_("Profiles"), _("Choose, add or test a profile (c)"), app.show_credentials)
    yield SystemCommand(
        _("Region"), _("Use another region for this session"), app.action_pick_region
    )
    picker = app.job_picker()
    if picker is not None:
        yield SystemCommand(_("Jobs"), _("Back to the job list"), app.back_to_jobs)
        yield SystemCommand(_("Job ID"), _("Open a job by its ID (i)"), picker.action_job_id)
        yield SystemCommand(_("Reload jobs"), _("Fetch the job list again (r)"), picker.reload)
        yield SystemCommand(_("Recent jobs"), _("Jobs you opened lately (h)"), picker.action_recent)
    yield SystemCommand(_("Help"), _("Keys of this screen (? or F1)"), app.action_help)
    if not isinstance(screen, ModalScreen):
        yield SystemCommand(
            "Language / 语言",  # i18n: keep (both, so either reader finds it)
            _("English / 中文, for this session (F2)"),
            app.action_switch_language,
        )
