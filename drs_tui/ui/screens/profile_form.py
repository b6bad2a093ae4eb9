"""Add or edit a profile: the fields change with the auth method; secrets are masked.

Tab moves between fields; Enter in a field or the Save button saves; the Test button
checks the typed values without saving. An empty secret field of an existing profile
keeps the stored secret.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast

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
from drs_tui.i18n import N_, _, _ as gettext
from drs_tui.ui.controls import Choice, Tick
from drs_tui.ui.language import Words
from drs_tui.ui.screens.base import FlowScreen
from drs_tui.ui.screens.region_picker import region_label
from drs_tui.ui.session import METHOD_WORDS
from drs_tui.ui.widgets.key_bar import KeyBar
from drs_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from drs_tui.credentials.catalog import ProfileCatalog
    from drs_tui.credentials.profiles import Profile
    from drs_tui.credentials.secret_store import SecretField

# (input id, label, methods it applies to, is a secret, placeholder); the words are
# shown through gettext().
FIELDS: tuple[tuple[str, str, tuple[str, ...], bool, str], ...] = (
    ("project_id", N_("Project ID"), AUTH_METHODS, False, N_("optional: looked up from IAM")),
    ("domain_name", N_("Account"), ("password",), False, N_("account (domain) name")),
    ("user_name", N_("IAM user"), ("password",), False, N_("IAM user name")),
    ("user_id", N_("IAM user ID"), ("password",), False, N_("needed with MFA")),
    ("password", N_("Password"), ("password",), True, ""),
    ("access_key", N_("Access key"), ("aksk",), False, N_("AK, e.g. HPUA...")),
    ("secret_key", N_("Secret key"), ("aksk",), True, ""),
    ("security_token", N_("Sec. token"), ("aksk",), True, N_("only for temporary keys")),
    ("token", N_("IAM token"), ("token",), True, ""),
    ("drs_endpoint", N_("DRS endpoint"), AUTH_METHODS, False, N_("optional, https://...")),
    ("iam_endpoint", N_("IAM endpoint"), AUTH_METHODS, False, N_("optional, https://...")),
)
MFA_WORDS = N_("Sign in with an MFA passcode (asked each time, never stored)")
DEFAULT_WORDS = N_("Make this the default profile")
BUTTONS = (("save", N_("Save")), ("test", N_("Test")), ("cancel", N_("Cancel")))


class ProfileForm(FlowScreen[str | None]):
    SESSION_KEYS = False
    SCREEN_NAME = N_("profile form")
    CSS_PATH = "profile_form.tcss"
    AUTO_FOCUS = "#name"
    SHORT_BELOW = 34  # 80x24: no gaps between rows
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", N_("Cancel"), id="cancel-profile", key_display="esc"),
        Binding("ctrl+s", "save", N_("Save"), id="save-profile", show=False),
    ]

    def __init__(self, catalog: ProfileCatalog, profile: Profile | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.profile = profile
        self._result: Callable[[], Any] = str  # the line under the buttons, again on a switch

    def compose(self) -> ComposeResult:
        p = self.profile
        method = p.method if p else "aksk"
        yield TitleBar()
        with VerticalScroll(id="profile-form"):
            name = Input(
                p.name if p else "", placeholder=_("e.g. prod-hk"), id="name", compact=True
            )
            yield from _row(N_("Name"), name)
            with Horizontal(classes="row"):
                yield Words(N_("Method"), classes="label")
                with RadioSet(id="method", compact=True):
                    for m in AUTH_METHODS:
                        yield Choice(gettext(METHOD_WORDS[m]), value=m == method, name=m)
            region = p.region if p else "ap-southeast-1"
            regions = _region_options(region)
            yield from _row(
                N_("Region"),
                Select(regions, value=region, allow_blank=False, id="region", compact=True),
            )
            for key, label, _methods, secret, _placeholder in FIELDS:
                value = "" if secret or p is None else str(getattr(p, key, None) or "")
                hint = self._placeholder(key)
                field = Input(value, placeholder=hint, password=secret, id=key, compact=True)
                yield from _row(label, field, key)
            with Horizontal(classes="row"):
                yield Words(N_("Language"), classes="label")
                with RadioSet(id="language", compact=True):
                    # "" (no language key): the X-Language follows the UI language.
                    current = (p.language if p else None) or ""
                    yield Choice(_("as the UI"), value=current == "", name="")
                    for lang in LANGUAGES:
                        yield Choice(lang, value=lang == current, name=lang)
            with Horizontal(classes="row", id="row-mfa"):
                yield Tick(gettext(MFA_WORDS), value=bool(p and p.mfa), id="mfa", compact=True)
            yield Tick(gettext(DEFAULT_WORDS), id="default", compact=True)
            with Horizontal(id="form-buttons"):
                for button, words in BUTTONS:
                    primary = button == "save"
                    variant: Literal["primary", "default"] = "primary" if primary else "default"
                    yield Button(gettext(words), id=button, variant=variant, compact=True)
            yield Static("", id="form-result")
        yield KeyBar()

    def on_mount(self) -> None:
        self._titles()
        self._show_method_fields()

    def _titles(self) -> None:
        form = self.query_one("#profile-form")
        if self.profile:
            form.border_title = _("Edit profile {name}").format(name=self.profile.name)
        else:
            form.border_title = _("New profile")
        form.border_subtitle = _("Tab: next field · Enter: save · Esc: cancel")

    def _placeholder(self, key: str) -> str:
        words = next(placeholder for k, _l, _m, _s, placeholder in FIELDS if k == key)
        if any(k == key and secret for k, _l, _m, secret, _p in FIELDS):
            if self.profile:
                return _("stored: leave empty to keep")
            return gettext(words) if words else _("typed, not shown")
        return gettext(words) if words else ""

    def show_texts(self) -> None:
        self._titles()
        self.query_one("#name", Input).placeholder = _("e.g. prod-hk")
        for key, *_rest in FIELDS:
            self.query_one(f"#{key}", Input).placeholder = self._placeholder(key)
        for choice in self.query_one("#method", RadioSet).query(Choice):
            method = choice.name or ""
            choice.label = gettext(METHOD_WORDS.get(method, method))
        for choice in self.query_one("#language", RadioSet).query(Choice):
            if not choice.name:  # the X-Language that follows the UI language
                choice.label = _("as the UI")
        self.query_one("#mfa", Tick).label = gettext(MFA_WORDS)
        self.query_one("#default", Tick).label = gettext(DEFAULT_WORDS)
        for button, words in BUTTONS:
            self.query_one(f"#{button}", Button).label = gettext(words)
        select = self.query_one("#region", Select)
        chosen = select.value
        if isinstance(chosen, str):
            select.set_options(_region_options(chosen))
            select.value = chosen
        self.query_one("#form-result", Static).update(self._result())

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
            message = exc.message
            self._say(lambda: f"✗ {message}", exc.hint)
            return
        missing = [f for f in profile.required_secrets if not secrets.get(f)]
        if missing and (self.profile is None or self.profile.method != profile.method):
            label = next(label for k, label, *_rest in FIELDS if k == missing[0])
            self._say(
                lambda: _("✗ Type the {field}: a new profile needs it.").format(
                    field=gettext(label)
                )
            )
            return
        self._say(lambda: _("Saving…"))
        self.save(profile, secrets)

    @work(
        exclusive=True,
        group="save-profile",
        description="save profile",  # i18n: keep
        exit_on_error=False,
    )
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
            message = exc.message
            self._say(lambda: f"✗ {message}", exc.hint)
            return
        self._say(lambda: _("Testing the connection…"))
        self.test(profile, secrets)

    @work(
        exclusive=True,
        group="test-profile",
        description="test connection",  # i18n: keep
        exit_on_error=False,
    )
    async def test(self, profile: Profile, secrets: dict[SecretField, Secret | None]) -> None:
        from drs_tui.api.connection_check import check_connection
        from drs_tui.ui.screens.credentials import check_summary

        result = await self.catalog.check(
            profile, secrets, connect=check_connection, ask_mfa=self.drs.ask_mfa
        )
        self._result = lambda: check_summary(result)
        self.query_one("#form-result", Static).update(self._result())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def handle_failure(self, worker: Worker[Any]) -> bool:
        error = worker.error
        if isinstance(error, DrsTuiError):
            title, message = error.title, error.message
            self._say(
                lambda: _("✗ {title}: {message}").format(title=title, message=message), error.hint
            )
            return True
        return False

    def _say(self, words: Callable[[], str], hint: str = "") -> None:
        """The line under the buttons: `words` makes it, again after a switch. The
        message and hint of an error are the error's own (translated where made)."""

        def line() -> Text:
            text = Text(words())
            if hint:
                text.append(f"\n{hint}")
            return text

        self._result = line
        self.query_one("#form-result", Static).update(line())


def _row(label: str, widget: Any, key: str | None = None) -> ComposeResult:
    """A labelled row; `label` is a message marked N_()."""
    with Horizontal(classes="row", id=f"row-{key}" if key else None):
        yield Words(label, classes="label")
        yield widget


def _region_options(current: str) -> list[tuple[str, str]]:
    """The regions with their names in the language of the moment; a region we do not
    know (the profile's own) first, as it is."""
    options = [(region_label(code), code) for code in REGIONS]
    if current not in REGIONS:
        options.insert(0, (current, current))
    return options
