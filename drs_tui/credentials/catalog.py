"""Profiles together with their secrets: what the `profile` commands and the
credentials screen work with.

Every method that may touch the keyring blocks for at most the keyring timeout; the
`*_async` twins run it in a thread so a screen stays responsive. `check` is async
because it talks to IAM and DRS, through the `connect` it is given (this layer never
imports the HTTP client: callers pass `check_connection` of api/connection_check.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from drs_tui.connection.check import CheckConnection, ConnectionCheck
from drs_tui.connection.endpoints import default_drs_endpoint, default_iam_endpoint
from drs_tui.connection.settings import Secret
from drs_tui.credentials.mfa import AskMfa
from drs_tui.credentials.profiles import (
    Profile,
    ProfileFile,
    ProfileNotFoundError,
    ProfileProblem,
)
from drs_tui.credentials.resolve import env_credentials_in_effect, settings_from_profile
from drs_tui.credentials.secret_store import (
    SECRET_FIELDS,
    KeyringUnavailableError,
    SecretField,
    SecretStore,
    TypedSecrets,
    open_secret_store,
)
from drs_tui.errors import DrsTuiError, UsageError
from drs_tui.i18n import _

log = logging.getLogger(__name__)

SecretState = Literal["present", "missing", "unknown"]


@dataclass(frozen=True)
class ProfileEntry:
    """One row of the profile list."""

    profile: Profile
    is_default: bool
    secret_state: SecretState  # "unknown" when the store cannot be read
    missing_secrets: tuple[SecretField, ...] = ()

    @property
    def name(self) -> str:
        return self.profile.name

    @property
    def method(self) -> str:
        return self.profile.method

    @property
    def region(self) -> str:
        return self.profile.region


@dataclass(frozen=True)
class ProfileListing:
    """Everything the profile list shows, read once."""

    entries: tuple[ProfileEntry, ...]
    problems: tuple[ProfileProblem, ...]  # tables in the file that cannot be used
    default_profile: str | None
    config_path: Path
    store_kind: str
    store_description: str
    store_problem: KeyringUnavailableError | None  # why secret states are "unknown"
    env_override: str | None  # e.g. "HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK" when set


@dataclass(frozen=True)
class DeleteOutcome:
    name: str
    secrets_deleted: bool
    warning: str = ""  # set when the secrets could not be deleted


class ProfileCatalog:
    """The profiles in the config file and their secrets in one store.

    The store is `store` if given, else the process-wide one of kind `credential_store`,
    else of the config file's `credential_store` setting, else the OS keyring.
    """

    def __init__(
        self,
        *,
        store: SecretStore | None = None,
        credential_store: str | None = None,
        file: ProfileFile | None = None,
    ) -> None:
        self.file = file or ProfileFile()
        self._store = store
        self._kind = credential_store

    @property
    def store(self) -> SecretStore:
        if self._store is None:
            kind = self._kind or self.file.read().credential_store
            self._store = open_secret_store(kind)
        return self._store

    def listing(self) -> ProfileListing:
        snapshot = self.file.read()
        store = self.store
        problem: KeyringUnavailableError | None = None
        entries = []
        for name in sorted(snapshot.profiles):
            profile = snapshot.profiles[name]
            state: SecretState = "unknown"
            missing: tuple[SecretField, ...] = ()
            if problem is None:
                try:
                    missing = tuple(f for f in profile.required_secrets if not store.get(name, f))
                    state = "missing" if missing else "present"
                except KeyringUnavailableError as exc:
                    problem = exc
            entries.append(ProfileEntry(profile, name == snapshot.default_profile, state, missing))
        return ProfileListing(
            entries=tuple(entries),
            problems=tuple(snapshot.problems),
            default_profile=snapshot.default_profile,
            config_path=snapshot.path,
            store_kind=store.kind,
            store_description=store.description,
            store_problem=problem,
            env_override=env_credentials_in_effect(),
        )

    def get(self, name: str) -> Profile:
        return self.file.read().get(name)

    def save(
        self,
        profile: Profile,
        secrets: Mapping[SecretField, Secret | None] | None = None,
        *,
        previous_name: str | None = None,
        forget: Collection[SecretField] = (),
        make_default: bool = False,
    ) -> None:
        """Add or update a profile (renamed from `previous_name` when given).

        `secrets` maps fields to new values; an empty or None value keeps the stored
        one, so an untouched password field means "unchanged". `forget` removes optional
        secrets (e.g. the security token of keys that became permanent). A profile may be
        saved without its secrets: it then shows as "missing" until they are given.
        """
        snapshot = self.file.read()
        known = set(snapshot.profiles) | {p.name for p in snapshot.problems}
        old_name = previous_name or profile.name
        if previous_name is not None and previous_name not in known:
            raise ProfileNotFoundError(
                _("There is no profile named {name!r}.").format(name=previous_name)
            )
        if profile.name != old_name and profile.name in known:
            raise UsageError(
                _("A profile named {name!r} already exists.").format(name=profile.name)
            )
        is_new = old_name not in known
        wanted = profile.required_secrets + profile.optional_secrets
        unknown = [f for f in list(secrets or {}) + list(forget) if f not in wanted]
        if unknown:
            raise UsageError(
                _("The {method} method has no {fields} secret.").format(
                    method=profile.method, fields=", ".join(unknown)
                ),
            )
        writes = {f: v for f, v in (secrets or {}).items() if v}
        store = self.store
        if profile.name != old_name:  # carry stored secrets over to the new name
            for field in wanted:
                if field not in writes and field not in forget:
                    value = store.get(old_name, field)
                    if value:
                        writes[field] = value
        for field, value in writes.items():
            store.set(profile.name, field, value)
        try:
            self.file.save_profile(profile, previous_name=None if is_new else old_name)
        except DrsTuiError:
            if is_new:
                self._forget_quietly(profile.name, tuple(writes))
            raise
        old = snapshot.profiles.get(old_name)
        stale = [f for f in SECRET_FIELDS if f not in wanted or f in forget]
        if old is not None and (old.method != profile.method or forget):
            self._forget_quietly(profile.name, tuple(stale))
        if profile.name != old_name:
            self._forget_quietly(old_name, SECRET_FIELDS)
        if make_default:
            self.file.set_default(profile.name)

    def delete(self, name: str) -> DeleteOutcome:
        """Remove a profile and its secrets; the file is updated even if the keyring
        cannot be reached, and the outcome then says which entries are left behind."""
        snapshot = self.file.read()
        if name not in snapshot.profiles and name not in {p.name for p in snapshot.problems}:
            snapshot.get(name)  # raises ProfileNotFoundError with the known names
        warning = ""
        try:
            self.store.delete_profile(name)
        except (KeyringUnavailableError, DrsTuiError) as exc:
            warning = _(
                "The secrets of {name!r} could not be deleted ({message}). They are "
                "keyring entries of service 'drs-tui' named '{name}:<field>'; delete them "
                "later with `keyring del drs-tui {name}:secret_key` (and :token, :password, "
                ":security_token)."
            ).format(name=name, message=exc.message)
        self.file.remove_profile(name)
        return DeleteOutcome(name, secrets_deleted=not warning, warning=warning)

    def set_default(self, name: str | None) -> None:
        if name is not None:
            self.get(name)
        self.file.set_default(name)

    def set_credential_store(self, kind: str | None) -> None:
        """Save the `credential_store` setting and use that store from now on."""
        self.file.set_credential_store(kind)
        self._kind = kind
        self._store = open_secret_store(kind)

    def secrets_of(self, name: str) -> dict[SecretField, bool]:
        """Which of a profile's secrets are stored (never their values)."""
        profile = self.get(name)
        return {
            f: self.store.get(name, f) is not None
            for f in profile.required_secrets + profile.optional_secrets
        }

    async def check(
        self,
        name_or_profile: str | Profile,
        secrets: Mapping[SecretField, Secret | None] | None = None,
        *,
        connect: CheckConnection,
        ask_mfa: AskMfa | None = None,
    ) -> ConnectionCheck:
        """Test a saved profile, or an unsaved one from a form with its typed secrets,
        by handing its settings to `connect`.

        Typed secrets win over stored ones; nothing is saved. Problems before the request
        (missing secret, keyring unavailable, no MFA code) are returned as the check's
        error too. `ask_mfa` is called (in a thread) for an MFA profile's passcode.
        """
        profile = name_or_profile if isinstance(name_or_profile, Profile) else None
        try:
            if profile is None:
                profile = await asyncio.to_thread(self.get, str(name_or_profile))
            store = TypedSecrets(self.store, profile.name, secrets or {})
            settings = await asyncio.to_thread(
                settings_from_profile, profile, store, ask_mfa=ask_mfa
            )
        except DrsTuiError as exc:
            return _failed_before_request(profile, str(name_or_profile), exc)
        return await connect(settings)

    async def listing_async(self) -> ProfileListing:
        return await asyncio.to_thread(self.listing)

    async def save_async(
        self,
        profile: Profile,
        secrets: Mapping[SecretField, Secret | None] | None = None,
        *,
        previous_name: str | None = None,
        forget: Collection[SecretField] = (),
        make_default: bool = False,
    ) -> None:
        await asyncio.to_thread(
            lambda: self.save(
                profile,
                secrets,
                previous_name=previous_name,
                forget=forget,
                make_default=make_default,
            )
        )

    async def delete_async(self, name: str) -> DeleteOutcome:
        return await asyncio.to_thread(self.delete, name)

    def _forget_quietly(self, name: str, fields: tuple[SecretField, ...]) -> None:
        for field in fields:
            try:
                self.store.delete(name, field)
            except DrsTuiError as exc:
                log.warning(
                    "could not delete %s of profile %s: %s",  # i18n: keep (a log line)
                    field,
                    name,
                    exc.title,
                )


def _failed_before_request(profile: Profile | None, name: str, exc: DrsTuiError) -> ConnectionCheck:
    if profile is None:
        return ConnectionCheck(
            label=name, method="", region="", drs_endpoint="", iam_endpoint="", error=exc
        )
    return ConnectionCheck(
        label=profile.name,
        method=profile.method,
        region=profile.region,
        drs_endpoint=profile.drs_endpoint or default_drs_endpoint(profile.region),
        iam_endpoint=profile.iam_endpoint or default_iam_endpoint(profile.region),
        project_id=profile.project_id,
        error=exc,
    )
