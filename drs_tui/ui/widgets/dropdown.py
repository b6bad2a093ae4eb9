"""A one-line choice (status filter, job type) whose list opens on demand.

Textual's Select builds its overlay and option list up front, for every Select on the
screen; this draws one line ("any status ▾") and builds the list only when it opens
(Enter, space, a click, or the screen's key for it). Labels, prompt and title are
messages marked with N_(): they are shown through gettext(), so they follow a switch of
language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget

from drs_tui.i18n import (
    N_,
    _ as gettext,  # the labels are messages marked with N_()
)

V = TypeVar("V")


class Dropdown(Widget, Generic[V], can_focus=True):
    DEFAULT_CSS = """
    Dropdown {
        height: 1;
        background: $boost;
        color: $foreground;
        padding: 0 1;
        text-wrap: nowrap;
        &:focus { background: $block-cursor-background; color: $block-cursor-foreground; }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space,down", "open", N_("Choose"), id="dropdown-open"),
    ]

    class Changed(Message):
        """The person picked another value (not sent for the value set at start)."""

        def __init__(self, dropdown: Dropdown[Any], value: object) -> None:
            super().__init__()
            self.dropdown = dropdown
            self.value = value

        @property
        def control(self) -> Dropdown[Any]:
            return self.dropdown

    def __init__(
        self,
        options: Sequence[tuple[str, V]],
        *,
        value: V | None = None,
        prompt: str | None = None,
        title: str = "",
        id: str | None = None,
    ) -> None:
        """`prompt` labels the blank choice (value None); without it a value is required."""
        super().__init__(id=id)
        self.options = list(options)
        self.prompt = prompt
        self.title = title
        self._value = value if value is not None or prompt is not None else options[0][1]

    @property
    def value(self) -> V | None:
        return self._value

    @value.setter
    def value(self, value: V | None) -> None:
        """Set from code: redraws, sends no Changed."""
        self._value = value
        self.refresh()

    @property
    def label(self) -> str:
        """The chosen option's label, in the language of the moment."""
        for label, value in self.options:
            if value == self._value:
                return gettext(label)
        return gettext(self.prompt) if self.prompt else ""

    def render(self) -> Text:
        return Text.assemble(self.label, " ▾")

    def choices(self) -> list[tuple[str, V | None]]:
        blank: list[tuple[str, V | None]] = [(self.prompt, None)] if self.prompt else []
        return [*blank, *self.options]

    def action_open(self) -> None:
        from drs_tui.ui.widgets.dropdown_menu import DropdownMenu

        self.focus()
        labels = [gettext(label) if label else "" for label, _ in self.choices()]
        current = next(
            (i for i, (_, value) in enumerate(self.choices()) if value == self._value), 0
        )
        self.app.push_screen(
            DropdownMenu(labels, current, title=gettext(self.title), below=self.region),
            self._picked,
        )

    def _picked(self, index: int | None) -> None:
        if index is None:
            return
        value = self.choices()[index][1]
        if value != self._value:
            self.value = value
            self.post_message(self.Changed(self, value))

    def on_click(self, event: events.Click) -> None:
        self.action_open()
