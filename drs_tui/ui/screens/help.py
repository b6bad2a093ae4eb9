"""F1 / ? help: every key of the screen it was opened from, with its binding id.

The whole box scrolls (↑ ↓ PgUp PgDn Home End), so its last row can be read on any
terminal; its title names the screen in words ("Keys: result viewer").
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from drs_tui.i18n import (
    N_,
    _,
    _ as gettext,  # for messages marked with N_() elsewhere
)

FLOW = N_(
    "drs-tui fetches the result ZIP of a DRS sync job's object-import template and shows "
    "it. Flow: profiles (c) -> job list -> what to fetch -> download -> result viewer. "
    "q or Esc goes back, ctrl+q quits from anywhere, : (or ctrl+p) opens the command "
    "palette. Keys marked (not now) do nothing on this screen at the moment."
)


def describe_keys(screen: Screen[Any]) -> list[tuple[str, str, str, bool]]:
    """(keys, description, binding id, enabled) for every drs-tui binding active on
    `screen`: the screen's own first, then the focused widget's, then the app's; the
    descriptions in the language of the moment."""
    app = screen.app
    rows: dict[tuple[int, str], tuple[int, list[str], Binding, bool]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not binding.id:
            continue  # Textual's own scrolling keys
        rank = 0 if active.node is screen else 2 if active.node is app else 1
        slot = (id(active.node), binding.action)
        shown = key_words(key)
        _, keys, _, enabled = rows.get(slot, (rank, [], binding, active.enabled))
        if shown not in keys:
            keys.append(shown)
        rows[slot] = (rank, keys, binding, enabled or active.enabled)
    ordered = sorted(rows.values(), key=lambda row: row[0])
    return [
        (" ".join(keys), _words(binding), binding.id or "", enabled)
        for _, keys, binding, enabled in ordered
    ]


def key_words(key: str) -> str:
    """A key as help and the README show it: "?", "^c", "shift+tab", "]", "enter"."""
    modifiers, name = Binding(key, "").parse_key()
    shown = "enter" if name == "enter" else format_key(name)  # "⏎" reads badly in a table
    if "ctrl" in modifiers:
        modifiers.remove("ctrl")
        shown = f"^{shown}"
    return "+".join([*modifiers, shown])


def screen_words(screen: Screen[Any] | type[Screen[Any]]) -> str:
    """What a screen is called in help and in the key table: its SCREEN_NAME, else its
    class name in words ("RegionPicker" -> "region picker"). In English: help shows it
    through gettext()."""
    named = getattr(screen, "SCREEN_NAME", "")
    if named:
        return str(named)
    cls = screen if isinstance(screen, type) else type(screen)
    words = re.findall(r"[A-Z][a-z0-9]*", cls.__name__.removesuffix("Screen"))
    return " ".join(words).lower() or N_("this screen")


def _words(binding: Binding) -> str:
    description = gettext(binding.description)
    if binding.tooltip and binding.tooltip.lower() != binding.description.lower():
        return _("{description}: {tooltip}").format(
            description=description, tooltip=gettext(binding.tooltip)
        )
    return description


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > #help-box {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: heavy $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-flow { margin: 0 0 1 0; }
    """
    AUTO_FOCUS = "#help-box"  # the arrows, PgUp/PgDn, Home and End scroll it
    SCREEN_NAME = N_("help")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "q,escape,question_mark,f1", "close", N_("Close"), id="help-close", key_display="q"
        ),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.rows = describe_keys(screen)
        self.screen_name = screen_words(screen)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = _("Keys: {screen}").format(screen=gettext(self.screen_name))
            box.border_subtitle = _("↑ ↓ PgUp PgDn End scroll · q closes")
            yield Static(Text(gettext(FLOW)), id="help-flow")
            yield Static(self._table(), id="help-keys")

    def _table(self) -> Table:
        table = Table(box=None, padding=(0, 2), show_edge=False, expand=True)
        table.add_column(_("Key"), style="bold", no_wrap=True)
        table.add_column(_("Does"))
        table.add_column(_("Binding id"), style="dim", no_wrap=True)
        for keys, description, binding_id, enabled in self.rows:
            words = (
                description
                if enabled
                else _("{description} (not now)").format(description=description)
            )
            table.add_row(keys, words, binding_id)
        return table

    def action_close(self) -> None:
        self.dismiss(None)
