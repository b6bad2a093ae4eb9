"""A one-line input under the preview for "search" (/) and "filter rows" (f).

Enter submits, Esc closes; while it is open it has the keyboard, so q and Esc do not
leave the screen.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from drs_tui import i18n
from drs_tui.i18n import N_, _

FindMode = Literal["search", "filter", "entries"]
_PROMPTS: dict[FindMode, str] = {
    "search": N_("Search /"),
    "filter": N_("Filter rows"),
    "entries": N_("Filter entries"),
}


class FindBar(Horizontal):
    """Prompt and input; posts `Submitted` with the mode and text, or `Closed`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), id="find-close"),
    ]

    DEFAULT_CSS = """
    FindBar {
        height: 1;
        display: none;
        background: $panel;
        &.-open { display: block; }
        & > Label { padding: 0 1; text-style: bold; width: auto; }
        & > Input { border: none; height: 1; padding: 0; width: 1fr; }
    }
    """

    class Submitted(Message):
        def __init__(self, bar: FindBar, mode: FindMode, text: str) -> None:
            super().__init__()
            self.bar = bar
            self.mode: FindMode = mode
            self.text = text

        @property
        def control(self) -> FindBar:
            return self.bar

    class Closed(Message):
        def __init__(self, bar: FindBar) -> None:
            super().__init__()
            self.bar = bar

        @property
        def control(self) -> FindBar:
            return self.bar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode: FindMode = "search"

    def compose(self) -> ComposeResult:
        yield Label(i18n._(_PROMPTS["search"]))
        yield Input(placeholder=_("text, Enter to apply, Esc to close"))

    def open(self, mode: FindMode, text: str = "") -> None:
        self.mode = mode
        self.query_one(Label).update(i18n._(_PROMPTS[mode]))
        field = self.query_one(Input)
        field.value = text
        field.placeholder = (
            _("text, Enter to find, then n / N")
            if mode == "search"
            else _("text, Enter to apply (empty: show all), Esc to close")
        )
        self.add_class("-open")
        field.focus()

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted(self, self.mode, event.value))
        self.action_close()

    def action_close(self) -> None:
        self.remove_class("-open")
        self.post_message(self.Closed(self))
