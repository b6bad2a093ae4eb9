"""Ask for the 6-digit MFA passcode of a profile; it is used once and never stored."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from drs_tui.i18n import N_, _
from drs_tui.safe_text import safe_line


class MfaPrompt(ModalScreen[str | None]):
    """Dismissed with the passcode typed, or None when the person cancels."""

    DEFAULT_CSS = """
    MfaPrompt { align: center middle; }
    MfaPrompt > Vertical {
        width: 60; max-width: 100%; height: auto;
        border: heavy $primary; background: $surface; padding: 1 2;
    }
    MfaPrompt Input { width: 12; margin: 1 0; }
    MfaPrompt #mfa-help { color: $text-muted; }
    """
    AUTO_FOCUS = "#mfa-code"
    SCREEN_NAME = N_("MFA passcode")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="mfa-cancel"),
    ]

    def __init__(self, profile: str) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = _("MFA passcode")
            words = _("Profile {profile} signs in with a one-time passcode.")
            yield Static(Text(words.format(profile=safe_line(self.profile))))
            yield Input(
                placeholder="123456",
                password=True,
                restrict=r"[0-9]*",
                max_length=6,
                id="mfa-code",
                compact=True,
            )
            yield Static(
                _(
                    "Type the 6 digits your virtual MFA device shows now, then Enter. "
                    "Esc cancels. The code is used once and never stored."
                ),
                id="mfa-help",
            )

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if len(event.value) == 6:
            self.dismiss(event.value)
        else:
            self.notify(_("The passcode has 6 digits."), severity="warning")

    def action_cancel(self) -> None:
        self.dismiss(None)
