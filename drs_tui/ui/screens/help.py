"""F1 / ? help: every key of the screen it was opened from, with its binding id."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

FLOW = (
    "drs-tui fetches the result ZIP of a DRS sync job's object-import template and shows "
    "it. Flow: profiles (c) -> job list -> what to fetch -> download -> result viewer. "
    "q or Esc goes back, ctrl+q quits from anywhere, : opens the command palette. "
    "Keys shown dim are not available right now."
)
# Keys Textual binds on widgets that people also use here, named for the help.
_KEY_WORDS = {
    "tab": "tab",
    "shift+tab": "shift+tab",
}


def describe_keys(screen: Screen[Any]) -> list[tuple[str, str, str, bool]]:
    """(keys, description, binding id, enabled) for every binding active on `screen`."""
    app = screen.app
    rows: dict[tuple[int, str], tuple[list[str], Binding, bool]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        slot = (id(active.node), binding.action)
        shown = _KEY_WORDS.get(key) or app.get_key_display(Binding(key, binding.action))
        keys, _, enabled = rows.get(slot, ([], binding, active.enabled))
        if shown not in keys:
            keys.append(shown)
        rows[slot] = (keys, binding, enabled or active.enabled)
    result = [
        (" ".join(keys), binding.description, binding.id or "", enabled)
        for keys, binding, enabled in rows.values()
    ]
    return sorted(result, key=lambda row: (not row[3], row[1].lower()))


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: heavy $primary; background: $surface; padding: 0 1;
    }
    HelpScreen #help-flow { margin: 0 0 1 0; }
    HelpScreen VerticalScroll { height: auto; max-height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,question_mark,f1", "close", "Close", id="help-close", key_display="q"),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.rows = describe_keys(screen)
        self.screen_name = type(screen).__name__

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Keys: {self.screen_name}"
            box.border_subtitle = "q closes"
            yield Static(Text(FLOW), id="help-flow")
            with VerticalScroll():
                yield Static(self._table(), id="help-keys")

    def _table(self) -> Table:
        table = Table(box=None, padding=(0, 2), show_edge=False, expand=True)
        table.add_column("Key", style="bold", no_wrap=True)
        table.add_column("Does")
        table.add_column("Binding id", style="dim", no_wrap=True)
        for keys, description, binding_id, enabled in self.rows:
            words = description if enabled else f"{description} (not now)"
            table.add_row(keys, words, binding_id)
        return table

    def action_close(self) -> None:
        self.dismiss(None)
