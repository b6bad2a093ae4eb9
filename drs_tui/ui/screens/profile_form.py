"""Add or edit a profile: the fields change with the auth method; secrets are masked.

Tab moves between fields; Enter in a field or the Save button saves; the Test button
checks the typed values without saving. An empty secret field of an existing profile
keeps the stored secret.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, RadioSet, Select, Static
from textual.worker import Worker

from drs_tui.connection.endpoints import REGIONS
from drs_tui.connection.settings import AUTH_METHODS, LANGUAGES, Secret
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import _
from drs_tui.ui.controls import Choice, Tick
from drs_tui.ui.screens.base import FlowScreen
from drs_tui.ui.screens.region_picker import region_label
from drs_tui.ui.session import METHOD_WORDS
from drs_tui.ui.widgets.key_bar import KeyBar
from drs_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from drs_tui.credentials.catalog import ProfileCatalog
    from drs_tui.credentials.profiles import Profile
    from drs_tui.credentials.secret_store import SecretField

# (input id, label, methods it applies to, is a secret, placeholder)
FIELDS: tuple[tuple[str, str, tuple[str, ...], bool, str], ...] = (
    ("project_id", "Project ID", AUTH_METHODS, False, "optional: looked up from IAM"),
    ("domain_name", "Account", ("password",), False, "account (domain) name"),
    ("user_name", "IAM user", ("password",), False, "IAM user name"),
    ("user_id", "IAM user ID", ("password",), False, "needed with MFA"),
    ("password", "Password", ("password",), True, ""),
    ("access_key", "Access key", ("aksk",), False, "AK, e.g. HPUA..."),
    ("secret_key", "Secret key", ("aksk",), True, ""),
    ("security_token", "Sec. token", ("aksk",), True, "only for temporary keys"),
    ("token", "IAM token", ("token",), True, ""),
    ("drs_endpoint", "DRS endpoint", AUTH_METHODS, False, "optional, https://..."),
    ("iam_endpoint", "IAM endpoint", AUTH_METHODS, False, "optional, https://..."),
)


class ProfileForm(FlowScreen[str | None]):
    SESSION_KEYS = False
    SCREEN_NAME = "profile form"
    CSS_PATH = "profile_form.tcss"
    AUTO_FOCUS = "#name"
    SHORT_BELOW = 34  # 80x24: no gaps between rows
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Cancel", id="cancel-profile", key_display="esc"),
        Binding("ctrl+s", "save", "Save", id="save-profile", show=False),
    ]

    def __init__(self, catalog: ProfileCatalog, profile: Profile | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.profile = profile

    def compose(self) -> ComposeResult:
        p = self.profile
        method = p.method if p else "aksk"
        yield TitleBar()
        with VerticalScroll(id="profile-form"):
            name = Input(p.name if p else "", placeholder="e.g. prod-hk", id="name", compact=True)
            yield from _row("Name", name)
            with Horizontal(classes="row"):
                yield Static("Method", classes="label")
                with RadioSet(id="method", compact=True):
                    for m in AUTH_METHODS:
                        yield Choice(METHOD_WORDS[m], value=m == method, name=m)
            regions = [(region_label(code), code) for code in REGIONS]
            region = p.region if p else "ap-southeast-1"
            if region not in REGIONS:
                regions.insert(0, (region, region))
            yield from _row(
                "Region",
                Select(regions, value=region, allow_blank=False, id="region", compact=True),
            )
            for key, label, _methods, secret, placeholder in FIELDS:
                value = "" if secret or p is None else str(getattr(p, key, None) or "")
                hint = placeholder
                if secret:
                    hint = "stored: leave empty to keep" if p else placeholder or "typed, not shown"
                field = Input(value, placeholder=hint, password=secret, id=key, compact=True)
                yield from _row(label, field, key)
            with Horizontal(classes="row"):
                yield Static("Language", classes="label")
                with RadioSet(id="language", compact=True):
                    # "" (no language key): the X-Language follows the UI language.
                    current = (p.language if p else None) or ""
                    yield Choice(_("as the UI"), value=current == "", name="")
                    for lang in LANGUAGES:
                        yield Choice(lang, value=lang == current, name=lang)
            with Horizontal(classes="row", id="row-mfa"):
                yield Tick(
                    "Sign in with an MFA passcode (asked each time, never stored)",
                    value=bool(p and p.mfa),
                    id="mfa",
                    compact=True,
                )
            yield Tick("Make this the default profile", id="default", compact=True)
            with Horizontal(id="form-buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Test", id="test", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
            yield Static("", id="form-result")
        yield KeyBar()

    def on_mount(self) -> None:
        form = self.query_one("#profile-form")
        form.border_title = f"Edit profile {self.profile.name}" if self.profile else "New profile"
        form.border_subtitle = "Tab: next field · Enter: save · Esc: cancel"
        self._show_method_fields()

    @on(RadioSet.Changed, "#method")
    def _show_method_fields(self) -> None:
        method = self._method()
        for key, _label, methods, _secret, _placeholder in FIELDS:
            self.query_one(f"#row-{key}").display = method in methods
        self.query_one("#row-mfa").display = method == "password"

    def _method(self) -> str:
        button = self.query_one("#method", RadioSet).pressed_button
        return button.name if button is not None and button.name else "aksk"

    # -- reading the form ---------------------------------------------------------------

    def build(self) -> tuple[Profile, dict[SecretField, Secret | None]]:
        """The profile and typed secrets; raises UsageError with what is wrong."""
        from drs_tui.credentials.profiles import Profile

        method = self._method()
        values: dict[str, Any] = {}
        secrets: dict[SecretField, Secret | None] = {}
        for key, _label, methods, secret, _placeholder in FIELDS:
            if method not in methods:
                continue
            text = self.query_one(f"#{key}", Input).value.strip()
            if secret:
                secrets[cast("SecretField", key)] = Secret(text) if text else None
            elif text:
                values[key] = text
        region = self.query_one("#region", Select).value
        language = self.query_one("#language", RadioSet).pressed_button
        profile = Profile(
            name=self.query_one("#name", Input).value.strip(),
            method=cast("Any", method),
            region=region if isinstance(region, str) else "",
            language=language.name or None if language is not None else None,
            note=self.profile.note if self.profile else None,
            mfa=method == "password" and self.query_one("#mfa", Tick).value,
            # Not in the form: kept as the file has them (`drs-tui profile add` sets them).
            connect_timeout=self.profile.connect_timeout if self.profile else None,
            read_timeout=self.profile.read_timeout if self.profile else None,
            retry_count=self.profile.retry_count if self.profile else None,
            **values,
        )
        return profile, secrets

    # -- actions ------------------------------------------------------------------------

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            profile, secrets = self.build()
        except DrsTuiError as exc:
            self._say(f"✗ {exc.message}", exc.hint)
            return
        missing = [f for f in profile.required_secrets if not secrets.get(f)]
        if missing and (self.profile is None or self.profile.method != profile.method):
            self._say(f"✗ Type the {missing[0].replace('_', ' ')}: a new profile needs it.")
            return
        self._say("Saving…")
        self.save(profile, secrets)

    @work(exclusive=True, group="save-profile", description="save profile", exit_on_error=False)
    async def save(self, profile: Profile, secrets: dict[SecretField, Secret | None]) -> None:
        make_default = self.query_one("#default", Tick).value
        previous = self.profile.name if self.profile else None
        await self.catalog.save_async(
            profile, secrets, previous_name=previous, make_default=make_default
        )
        self.dismiss(profile.name)

    @on(Button.Pressed, "#test")
    def action_test(self) -> None:
        try:
            profile, secrets = self.build()
        except DrsTuiError as exc:
            self._say(f"✗ {exc.message}", exc.hint)
            return
        self._say("Testing the connection…")
        self.test(profile, secrets)

    @work(exclusive=True, group="test-profile", description="test connection", exit_on_error=False)
    async def test(self, profile: Profile, secrets: dict[SecretField, Secret | None]) -> None:
        from drs_tui.api.connection_check import check_connection
        from drs_tui.ui.screens.credentials import check_summary

        result = await self.catalog.check(
            profile, secrets, connect=check_connection, ask_mfa=self.drs.ask_mfa
        )
        self.query_one("#form-result", Static).update(check_summary(result))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def handle_failure(self, worker: Worker[Any]) -> bool:
        error = worker.error
        if isinstance(error, DrsTuiError):
            self._say(f"✗ {error.title}: {error.message}", error.hint)
            return True
        return False

    def _say(self, message: str, hint: str = "") -> None:
        text = Text(message)
        if hint:
            text.append(f"\n{hint}")
        self.query_one("#form-result", Static).update(text)


def _row(label: str, widget: Any, key: str | None = None) -> ComposeResult:
    with Horizontal(classes="row", id=f"row-{key}" if key else None):
        yield Static(label, classes="label")
        yield widget
