"""Pick the region for this session: every region where DRS offers the v5 API."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from drs_tui.connection.endpoints import REGIONS
from drs_tui.ui.widgets.cursor_list import CursorList


class RegionPicker(ModalScreen[str | None]):
    DEFAULT_CSS = """
    RegionPicker { align: center middle; }
    RegionPicker > Vertical {
        width: 56; max-width: 100%; height: auto; max-height: 90%;
        border: heavy $primary; background: $surface; padding: 0 1;
    }
    RegionPicker OptionList { height: auto; max-height: 20; }
    RegionPicker #region-help { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "close", "Close", id="region-close"),
    ]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Region for this session"
            options = [
                Option(f"{'●' if code == self.current else '○'} {code:<16} {name}", id=code)
                for code, name in REGIONS.items()
            ]
            yield CursorList(*options, id="regions")
            yield Static(
                "Enter uses the region; the project ID is looked up again.", id="region-help"
            )

    def on_mount(self) -> None:
        regions = self.query_one(OptionList)
        if self.current in REGIONS:
            regions.highlighted = list(REGIONS).index(self.current)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        self.dismiss(None)
