"""Profiles and credentials: choose, add, edit, test or delete a profile.

The first screen when no profile can be used, and reachable from everywhere with `c`.
Every keyring touch (listing secret states, saving, deleting) runs in a thread worker;
a keyring that is missing, locked or hanging shows up here as a notice with what to do,
and `m` switches this session to secrets kept in memory only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker

from drs_tui.errors import DrsTuiError
from drs_tui.i18n import N_, _, _ as gettext
from drs_tui.safe_text import safe_line
from drs_tui.ui.format import pad
from drs_tui.ui.screens.base import FlowScreen
from drs_tui.ui.session import DEMO_PROFILES, METHOD_WORDS, Session, demo_session
from drs_tui.ui.widgets.cursor_list import CursorList
from drs_tui.ui.widgets.key_bar import KeyBar
from drs_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from drs_tui.connection.check import ConnectionCheck
    from drs_tui.credentials.catalog import ProfileCatalog, ProfileListing
    from drs_tui.credentials.secret_store import SecretField

KEYRING_EXTRA = N_("Press m to keep secrets in memory for this session.")
USE_HELP = N_("Enter uses the highlighted profile · * default · ● in use")
_STATE_WORDS = {
    "present": N_("✓ secret stored"),
    "missing": N_("✗ secret missing"),
    "unknown": N_("? secret"),
}


class ProfileList(CursorList):
    """The profile list: ▶ on the highlighted profile, which Enter uses (and says so in
    the footer)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter", "select", N_("Use"), id="use-profile", tooltip=N_("Open this profile's jobs")
        ),
    ]


class CredentialsScreen(FlowScreen[None]):
    SESSION_KEYS = False
    SCREEN_NAME = N_("profiles")
    CSS_PATH = "credentials.tcss"
    AUTO_FOCUS = "#profiles"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "back", N_("Back"), id="back"),
        Binding("a", "add_profile", N_("Add"), id="add-profile"),
        Binding("e", "edit_profile", N_("Edit"), id="edit-profile"),
        Binding("t", "test_profile", N_("Test"), id="test-profile"),
        Binding("d", "delete_profile", N_("Delete"), id="delete-profile"),
        Binding("s", "make_default", N_("Default"), id="default-profile"),
        Binding(
            "m", "switch_store", N_("Store"), id="switch-store", tooltip=N_("keyring / memory")
        ),
    ]

    def __init__(self, notice: BaseException | None = None) -> None:
        super().__init__()
        self.notice = notice
        self.listing: ProfileListing | None = None
        self._catalog: ProfileCatalog | None = None
        self._store_kind: str | None = None
        self._opening = ""  # the profile Enter asked for, for its failure
        self._extra = ""  # the notice's next step (a message marked N_)
        # What the store line, the test pane and the help line say, made again on a switch.
        self._store_words: Callable[[], Text | str] = str
        self._check_words: Callable[[], Any] = lambda: _("t tests the highlighted profile.")
        self._help_words: Callable[[], str] = lambda: gettext(USE_HELP)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="store-line")
        with VerticalScroll(id="notice"):
            yield Static("", id="notice-text")
        with Horizontal(id="cred-body"):
            yield ProfileList(id="profiles")
            with VerticalScroll(id="check-pane"):
                yield Static(self._check_words(), id="check-result")
        yield Static(self._help_words(), id="cred-help")
        yield KeyBar()

    def on_mount(self) -> None:
        self._titles()
        self.show_notice(self.notice)
        self.refresh_profiles()

    def _titles(self) -> None:
        self.query_one("#profiles").border_title = _("Profiles")
        self.query_one("#check-pane").border_title = _("Connection test")

    def show_texts(self) -> None:
        self._titles()
        self._say_store(self._store_words)
        self._say_check(self._check_words)
        self._say_help(self._help_words)
        self.show_notice(self.notice, extra=self._extra)
        if self.demo:
            self._show_demo()
        elif self.listing is not None:
            self._show_listing(self.listing)
        self.refresh_bindings()

    def _say_store(self, words: Callable[[], Text | str]) -> None:
        self._store_words = words
        self.query_one("#store-line", Static).update(words())

    def _say_check(self, words: Callable[[], Any]) -> None:
        self._check_words = words
        self.query_one("#check-result", Static).update(words())

    def _say_help(self, words: Callable[[], str]) -> None:
        self._help_words = words
        self.query_one("#cred-help", Static).update(words())

    # -- the list -----------------------------------------------------------------------

    @property
    def demo(self) -> bool:
        return self.drs.demo

    def catalog(self) -> ProfileCatalog:
        if self._catalog is None:
            from drs_tui.credentials.catalog import ProfileCatalog

            flags = self.drs.flags
            kind = self._store_kind or (flags.credential_store if flags else None)
            self._catalog = ProfileCatalog(credential_store=kind)
        return self._catalog

    def refresh_profiles(self) -> None:
        if self.demo:
            self._show_demo()
        else:
            self._say_store(lambda: _("Reading profiles and keyring…"))
            self.query_one(OptionList).loading = True
            self.load_profiles()

    def _show_demo(self) -> None:
        self._say_store(
            lambda: Text(
                _("Demo: built-in profiles of the simulated account; secrets stay in memory.")
            )
        )
        built_in = _("✓ built in")
        options = [
            Option(
                _row(p.name, p.method, "ap-southeast-1", built_in, False, self._in_use(p.name)),
                id=p.name,
            )
            for p in DEMO_PROFILES
        ]
        self._fill(options)

    @work(
        exclusive=True,
        group="profiles",
        description="list profiles",  # i18n: keep
        exit_on_error=False,
    )
    async def load_profiles(self) -> None:
        try:
            listing = await self.catalog().listing_async()
        finally:
            self.query_one(OptionList).loading = False
        self.listing = listing
        problem = listing.store_problem or await self._store_problem()
        self._say_store(lambda: _store_words(listing))
        if problem is not None:
            self.show_notice(problem)
        self._show_listing(listing)
        self.refresh_bindings()

    def _show_listing(self, listing: ProfileListing) -> None:
        options = [
            Option(
                _row(
                    e.name,
                    e.method,
                    e.region,
                    gettext(_STATE_WORDS[e.secret_state]),
                    e.is_default,
                    self._in_use(e.name),
                ),
                id=e.name,
            )
            for e in listing.entries
        ]
        options += [
            Option(Text(f"✗ {p.name}: {p.message}"), id=f"problem:{p.name}", disabled=True)
            for p in listing.problems
        ]
        self._fill(options)
        if listing.entries:
            self._say_help(lambda: gettext(USE_HELP))
        else:
            self._say_help(lambda: _("No profile yet: press a."))

    async def _store_problem(self) -> DrsTuiError | None:
        """Detect a missing, locked or hanging keyring once, before anyone types a secret."""
        import asyncio

        from drs_tui.credentials.secret_store import KeyringUnavailableError

        try:
            await asyncio.to_thread(self.catalog().store.check)
        except KeyringUnavailableError as exc:
            return exc
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.demo and action in ("edit_profile", "delete_profile", "make_default"):
            return False  # built-in profiles
        if action in ("edit_profile", "test_profile", "delete_profile", "make_default"):
            if not self.query_one(OptionList).option_count:
                return False
            return self._highlighted() is not None or None
        return not (action in ("add_profile", "switch_store") and self.demo)

    def _in_use(self, name: str) -> bool:
        session = self.drs.session
        return session is not None and session.profile == name

    def _fill(self, options: list[Option]) -> None:
        """The list's lines; the cursor stays on the same line (a switch of language
        draws them again), or goes to the first."""
        profiles = self.query_one(OptionList)
        before = profiles.highlighted
        profiles.clear_options()
        profiles.add_options(options)
        if options:
            keep = before is not None and before < len(options)
            profiles.highlighted = before if keep else 0

    def show_notice(self, notice: BaseException | None, *, extra: str = "") -> None:
        """Show `notice` (None hides it); `extra`, a message marked N_, says what to do."""
        self.notice = notice
        self._extra = extra
        self.set_class(notice is not None, "-notice")
        if notice is None:
            return
        from drs_tui.credentials.resolve import NoCredentialsError
        from drs_tui.credentials.secret_store import KeyringUnavailableError

        text = Text()
        if isinstance(notice, NoCredentialsError):
            extra = extra or N_("Press a to add a profile here.")
        if isinstance(notice, KeyringUnavailableError):
            extra = extra or KEYRING_EXTRA
        if isinstance(notice, DrsTuiError):
            text.append(_("✗ {title}: ").format(title=notice.title), style="bold")
            text.append(safe_line(notice.message))  # may quote IAM or DRS
            if extra:
                text.append(f"\n{gettext(extra)}", style="bold")
            if notice.hint:
                text.append(f"\n{reflow(notice.hint)}")
        else:
            text.append(f"✗ {type(notice).__name__}: {notice}")
        self.query_one("#notice-text", Static).update(text)

    def _highlighted(self) -> str | None:
        profiles = self.query_one(OptionList)
        index = profiles.highlighted
        if index is None:
            return None
        option = profiles.get_option_at_index(index)
        return None if option.disabled else option.id

    @on(OptionList.OptionHighlighted)
    def _highlight_changed(self) -> None:
        self.refresh_bindings()

    # -- actions ------------------------------------------------------------------------

    @on(OptionList.OptionSelected)
    def action_use_profile(self) -> None:
        name = self._highlighted()
        if name is None:
            return
        if self.demo:
            base_url = self.drs.demo_base_url or ""
            profile = next(p for p in DEMO_PROFILES if p.name == name)
            self.drs.use_session(demo_session(base_url, profile))
            return
        self.open_profile(name)

    @work(
        exclusive=True,
        group="use-profile",
        description="open profile",  # i18n: keep
        exit_on_error=False,
    )
    async def open_profile(self, name: str, typed: dict[SecretField, str] | None = None) -> None:
        """Use the profile `name`; `typed` secrets go to this session's memory store
        first, and the profile's secrets are then read from there."""
        import asyncio

        from drs_tui.connection.settings import Secret
        from drs_tui.credentials.resolve import settings_from_profile
        from drs_tui.credentials.secret_store import open_secret_store
        from drs_tui.credentials.source import CredentialSource

        self._opening = name
        catalog = self.catalog()
        profile = await asyncio.to_thread(catalog.get, name)
        store = catalog.store
        memory = open_secret_store("memory")
        if typed:
            store = memory
            for field, value in typed.items():
                store.set(name, field, Secret(value))
        elif all(memory.get(name, field) for field in profile.required_secrets):
            store = memory  # typed earlier in this session (the keyring could not give it)
        settings = await asyncio.to_thread(
            lambda: settings_from_profile(profile, store, ask_mfa=self.drs.ask_mfa)
        )
        source = CredentialSource.of_store(store.kind)
        self.drs.use_session(Session(settings, name, credential_source=source))

    def handle_failure(self, worker: Worker[Any]) -> bool:
        from drs_tui.credentials.resolve import MissingSecretError
        from drs_tui.credentials.secret_store import KeyringUnavailableError

        error = worker.error
        if worker.group in ("profiles", "use-profile") and isinstance(error, DrsTuiError):
            unreadable = isinstance(error, MissingSecretError | KeyringUnavailableError)
            if unreadable and worker.group == "use-profile" and not self.demo:
                self.show_notice(error, extra=N_("Type the secret for this session, or press e."))
                self._ask_secret(self._opening, error)
            elif isinstance(error, MissingSecretError) and not self.demo:
                self.show_notice(error, extra=N_("Press e to type the secret."))
            else:
                self.show_notice(error)
            return True
        return False

    def _ask_secret(self, name: str, error: DrsTuiError) -> None:
        """The secret the store could not give, asked for in a dialog (session-only)."""
        from drs_tui.credentials.secret_store import KeyringUnavailableError
        from drs_tui.ui.screens.secret_prompt import SecretPrompt

        entries = self.listing.entries if self.listing else []
        entry = next((e for e in entries if e.name == name), None)
        if entry is None:
            return
        why = (
            _("the keyring cannot be read, so its secret is not available.")
            if isinstance(error, KeyringUnavailableError)
            else _("no secret is stored for it.")
        )

        def typed(values: dict[SecretField, str] | None) -> None:
            if values:
                self.show_notice(None)
                self.open_profile(name, values)

        profile = entry.profile
        prompt = SecretPrompt(name, profile.required_secrets, why, profile.optional_secrets)
        self.app.push_screen(prompt, typed)

    def action_test_profile(self) -> None:
        name = self._highlighted()
        if name is not None:
            self._say_check(lambda: Text(_("Testing {name}…").format(name=name)))
            self.test_profile(name)

    @work(
        exclusive=True,
        group="test-profile",
        description="test connection",  # i18n: keep
        exit_on_error=False,
    )
    async def test_profile(self, name: str) -> None:
        from drs_tui.api.connection_check import check_connection

        if self.demo:
            profile = next(p for p in DEMO_PROFILES if p.name == name)
            session = demo_session(self.drs.demo_base_url or "", profile)
            await self.drs.demo_serving()
            result = await check_connection(session.settings)
        else:
            catalog = self.catalog()
            result = await catalog.check(name, connect=check_connection, ask_mfa=self.drs.ask_mfa)
        self._say_check(lambda: check_summary(result))

    def action_add_profile(self) -> None:
        self._edit(None)

    def action_edit_profile(self) -> None:
        name = self._highlighted()
        if name is not None:
            self._edit(name)

    def _edit(self, name: str | None) -> None:
        if self.demo:
            self.notify(_("Demo profiles are built in; run drs-tui without --demo for your own."))
            return
        from drs_tui.ui.screens.profile_form import ProfileForm

        profile = None
        if name is not None and self.listing is not None:
            profile = next((e.profile for e in self.listing.entries if e.name == name), None)

        def saved(result: str | None) -> None:
            if result:
                self.notify(_("Profile {name} saved.").format(name=result))
                self.show_notice(None)
                self.refresh_profiles()

        self.app.push_screen(ProfileForm(self.catalog(), profile), saved)

    def action_delete_profile(self) -> None:
        name = self._highlighted()
        if name is None or self.demo:
            return
        from drs_tui.ui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_profile(name)

        self.app.push_screen(
            ConfirmScreen(
                _("Delete profile {name}?").format(name=name),
                _("Its secrets are removed from the store too."),
            ),
            answered,
        )

    @work(
        exclusive=True,
        group="delete-profile",
        description="delete profile",  # i18n: keep
        exit_on_error=False,
    )
    async def delete_profile(self, name: str) -> None:
        outcome = await self.catalog().delete_async(name)
        if outcome.warning:
            self.notify(outcome.warning, title=_("Profile deleted"), severity="warning", timeout=15)
        else:
            self.notify(_("Profile {name} and its secrets were deleted.").format(name=name))
        self.refresh_profiles()

    def action_make_default(self) -> None:
        name = self._highlighted()
        if name is not None and not self.demo:
            self.make_default(name)

    @work(
        exclusive=True,
        group="default-profile",
        description="set default",  # i18n: keep
        exit_on_error=False,
    )
    async def make_default(self, name: str) -> None:
        import asyncio

        await asyncio.to_thread(self.catalog().set_default, name)
        self.notify(_("{name} is now the default profile.").format(name=name))
        self.refresh_profiles()

    def action_switch_store(self) -> None:
        if self.demo:
            return
        # The listing knows the store in use; asking the catalog could read the config file.
        current = self.listing.store_kind if self.listing else self._store_kind or "keyring"
        self._store_kind = "memory" if current == "keyring" else "keyring"
        self._catalog = None
        self.show_notice(None)
        if self._store_kind == "memory":
            self.notify(_("Secrets for this session: session memory (forgotten on exit)."))
        else:
            self.notify(_("Secrets for this session: keyring."))
        self.refresh_profiles()

    def action_back(self) -> None:
        from drs_tui.ui.app import OpeningScreen

        below = self.app.screen_stack[:-1]
        if self.drs.session is not None and below and not isinstance(below[-1], OpeningScreen):
            self.dismiss(None)
        else:
            self.app.exit()


def reflow(hint: str) -> str:
    """Join a hint's hard-wrapped lines so the terminal can wrap them at its own width."""
    paragraphs: list[str] = []
    for line in hint.splitlines():
        stripped = line.strip()
        starts = stripped.startswith("- ") or stripped.endswith(":") or not paragraphs
        if starts or not stripped:
            indent = "  " if stripped.startswith("- ") else ""
            paragraphs.append(indent + stripped)
        else:
            paragraphs[-1] += " " + stripped
    return "\n".join(paragraphs)


def _store_words(listing: ProfileListing) -> Text:
    store = Text(_("Secrets: {store}").format(store=listing.store_description))
    if listing.env_override:
        note = _(
            "Note: {variable} is set; at start-up it overrides every profile. Choosing a "
            "profile here uses the profile's own secrets."
        ).format(variable=listing.env_override)
        store.append(f"\n{note}")
    return store


def _row(name: str, method: str, region: str, state: str, default: bool, in_use: bool) -> Text:
    """One profile line; `*` marks the default, "in use" the profile of this session.
    Padded by cells: a Chinese word takes two."""
    text = Text(f"{'*' if default else ' '} ")
    text.append(pad(name, 16), style="bold")
    method_words = gettext(METHOD_WORDS.get(method, method))
    # As wide as the longest method's words (20 in English, 16 in Chinese).
    method_width = max(cell_len(gettext(words)) for words in METHOD_WORDS.values()) + 1
    text.append(f" {pad(method_words, method_width)} {pad(region, 15)} {state}")
    if in_use:
        text.append(_("  ● in use"), style="bold")
    return text


def check_summary(result: ConnectionCheck) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    mark = "✓" if result.ok else "✗"
    # The newest job's name and the error's details are the server's words. The first
    # row is the result, which gets the mark.
    for row, (label, value) in enumerate(result.summary()):
        grid.add_row(gettext(label), Text(safe_line(f"{mark} {value}" if row == 0 else value)))
    if result.error is not None:
        for label, value in result.error.details():
            grid.add_row(gettext(label), Text(safe_line(value)))
    return grid
