"""Ask for a profile's secret when it cannot be read (no keyring, or none stored): it is
kept in this session's memory only, never written anywhere."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from drs_tui.credentials.secret_store import SECRET_LABELS, SecretField
from drs_tui.i18n import N_, _, _ as gettext
from drs_tui.safe_text import safe_line


class SecretPrompt(ModalScreen[dict[SecretField, str] | None]):
    """Dismissed with the secrets typed (each field the profile needs), or None."""

    DEFAULT_CSS = """
    SecretPrompt { align: center middle; }
    SecretPrompt > Vertical {
        width: 70; max-width: 100%; height: auto;
        border: heavy $primary; background: $surface; padding: 1 2;
    }
    SecretPrompt Input { margin: 1 0; }
    SecretPrompt .secret-help { color: $text-muted; }
    """
    SCREEN_NAME = N_("secret prompt")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="secret-cancel"),
    ]

    def __init__(
        self,
        profile: str,
        fields: tuple[SecretField, ...],
        why: str,
        optional: tuple[SecretField, ...] = (),
    ) -> None:
        super().__init__()
        self.profile, self.fields, self.why = profile, fields, why
        self.optional = optional  # may stay empty (a security token: temporary AK/SK only)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = _("Secret for this session")
            words = _("Profile {profile}: {why}")
            yield Static(Text(words.format(profile=safe_line(self.profile), why=self.why)))
            for field in (*self.fields, *self.optional):
                label = gettext(SECRET_LABELS[field])
                placeholder = label[0].upper() + label[1:]
                if field in self.optional:
                    placeholder = _("{label}, if the keys are temporary (Tab)").format(
                        label=placeholder
                    )
                yield Input(password=True, placeholder=placeholder, id=f"secret-{field}")
            yield Static(
                _(
                    "Enter uses it: kept in memory until drs-tui exits, written nowhere. "
                    "Esc cancels. To store it for good, press e on the profile instead."
                ),
                classes="secret-help",
            )

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        values = {field: self.query_one(f"#secret-{field}", Input).value for field in self.fields}
        empty = next((field for field, value in values.items() if not value), None)
        if empty is not None:
            self.query_one(f"#secret-{empty}", Input).focus()
            label = gettext(SECRET_LABELS[empty])
            self.notify(_("Type the {label}.").format(label=label), severity="warning")
            return
        for field in self.optional:
            value = self.query_one(f"#secret-{field}", Input).value
            if value:
                values[field] = value
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
