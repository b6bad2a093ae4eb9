"""Pick the region for this session: the regions of the official SDK's DrsRegion, those where
the import-template API is known to be served marked ◆."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from drs_tui.connection.endpoints import REGIONS, TEMPLATE_API_REGIONS
from drs_tui.i18n import (
    N_,
    _,
    _ as gettext,  # the region names, marked with N_()
)
from drs_tui.ui.widgets.cursor_list import CursorList

TEMPLATE_API_MARK = "◆"  # the import-template API is known to be served there


def region_label(code: str, current: str | None = None) -> str:
    """`● ◆ cn-south-2        CN South-Shenzhen`: chosen (when `current` is given), template
    API known, code, name."""
    known = TEMPLATE_API_MARK if code in TEMPLATE_API_REGIONS else " "
    name = REGIONS.get(code, "")
    label = f"{known} {code:<16} {gettext(name) if name else ''}".rstrip()
    if current is None:
        return label
    return f"{'●' if code == current else '○'} {label}"


class RegionPicker(ModalScreen[str | None]):
    DEFAULT_CSS = """
    RegionPicker { align: center middle; }
    RegionPicker > Vertical {
        width: 62; max-width: 100%; height: auto; max-height: 90%;
        border: heavy $primary; background: $surface; padding: 0 1;
    }
    RegionPicker OptionList { height: auto; max-height: 15; }
    RegionPicker #region-help { color: $text-muted; }
    """
    SCREEN_NAME = N_("region picker")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "close", N_("Close"), id="region-close"),
    ]

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = _("Region for this session")
            options = [Option(region_label(code, self.current or ""), id=code) for code in REGIONS]
            yield CursorList(*options, id="regions")
            yield Static(
                _(
                    "{mark} Huawei's docs list the import-template API in this region; "
                    "elsewhere it may answer APIGW.0101.\n"
                    "Enter uses the region; the project ID is looked up again."
                ).format(mark=TEMPLATE_API_MARK),
                id="region-help",
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
