"""The list a Dropdown opens: below the dropdown, Enter picks, Esc or q closes."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Region
from textual.screen import ModalScreen
from textual.widgets import OptionList

from drs_tui.i18n import N_
from drs_tui.ui.widgets.cursor_list import CursorList


class DropdownMenu(ModalScreen[int | None]):
    SCREEN_NAME = N_("menu")
    DEFAULT_CSS = """
    DropdownMenu { background: transparent; }
    DropdownMenu > Vertical {
        width: auto; min-width: 20; max-width: 60; height: auto; max-height: 18;
        border: round $primary; background: $surface;
    }
    DropdownMenu OptionList, DropdownMenu OptionList:focus {
        width: auto; height: auto; border: none; padding: 0;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "close", N_("Close"), id="dropdown-close"),
    ]

    def __init__(self, labels: list[str], current: int, *, title: str, below: Region) -> None:
        super().__init__()
        self.labels = labels
        self.current = current
        self.title = title
        self.below = below

    def compose(self) -> ComposeResult:
        options = CursorList(
            *(f"{'●' if i == self.current else '○'} {label}" for i, label in enumerate(self.labels))
        )
        box = Vertical(options)
        box.border_title = self.title
        box.styles.offset = (self.below.x, self.below.bottom)
        yield box

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = self.current
        # Keep the list on screen when the dropdown sits near the right or bottom edge.
        width = max(cell_len(label) for label in self.labels) + 8  # ▶, ●, border
        x = max(0, min(self.below.x, self.size.width - width))
        height = min(len(self.labels) + 2, 18)  # max-height above
        y = self.below.bottom
        if y + height > self.size.height:
            y = max(0, self.below.y - height)
        self.query_one(Vertical).styles.offset = (x, y)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def on_click(self, event: events.Click) -> None:
        if self.get_widget_at(event.screen_x, event.screen_y)[0] is self:
            self.dismiss(None)  # a click outside the list closes it

    def action_close(self) -> None:
        self.dismiss(None)
