"""Radio buttons and checkboxes whose state shows without colour (NO_COLOR, mono)."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class Choice(RadioButton):
    """● when chosen, ○ when not: readable in any colour depth."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "●" if self.value else "○"


class Tick(Checkbox):
    """✓ when on, blank when off."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "✓" if self.value else " "
