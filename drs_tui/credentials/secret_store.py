"""Where profile secrets live: the OS keyring, or this process's memory only.

`SecretStore` is what the rest of drs-tui sees; values cross it as `Secret`, which never
prints itself. The keyring implementation is in keyring_store.py (the only module that
imports `keyring`); the memory store keeps secrets for this process and writes nothing.
There is deliberately no plaintext file store.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Literal, cast

from drs_tui import exit_codes, i18n
from drs_tui.connection.settings import Secret
from drs_tui.errors import DrsTuiError, UsageError
from drs_tui.i18n import N_, _
from drs_tui.i18n.labels import TranslatedLabels

SERVICE = "drs-tui"
SecretField = Literal["token", "password", "secret_key", "security_token"]
SECRET_FIELDS: tuple[SecretField, ...] = ("token", "password", "secret_key", "security_token")

SECRET_LABELS: Mapping[SecretField, str] = TranslatedLabels(
    {
        "token": N_("IAM token"),
        "password": N_("IAM password"),
        "secret_key": N_("secret access key (SK)"),
        "security_token": N_("security token"),
    }
)
StoreKind = Literal["keyring", "memory"]
STORE_KINDS: tuple[StoreKind, ...] = ("keyring", "memory")
ProblemKind = Literal["no-backend", "locked", "timeout", "error"]

# Whole texts (a translation cannot be glued from parts); translate them where shown.
FIXES = N_(
    "What you can do:\n"
    "  - start and unlock a keyring for this shell: `dbus-run-session -- sh`, then\n"
    "    `gnome-keyring-daemon --unlock` and type a keyring password, then run drs-tui there;\n"
    "  - choose another keyring backend with PYTHON_KEYRING_BACKEND or keyring's config\n"
    "    file (`keyring diagnose` shows where it is);\n"
    "  - pass credentials in environment variables: HUAWEICLOUD_SDK_AK and\n"
    "    HUAWEICLOUD_SDK_SK (plus HUAWEICLOUD_SDK_SECURITY_TOKEN), or DRS_TUI_TOKEN;\n"
    "  - use the session-only store (`--credential-store memory`): secrets you type are\n"
    "    kept in memory until drs-tui exits and never written anywhere."
)
# `profile add` cannot use the session-only store (a secret typed there would vanish when
# the command ends): its last way out is a profile saved without its secret.
FIXES_FOR_SAVING = N_(
    "What you can do:\n"
    "  - start and unlock a keyring for this shell: `dbus-run-session -- sh`, then\n"
    "    `gnome-keyring-daemon --unlock` and type a keyring password, then run drs-tui there;\n"
    "  - choose another keyring backend with PYTHON_KEYRING_BACKEND or keyring's config\n"
    "    file (`keyring diagnose` shows where it is);\n"
    "  - pass credentials in environment variables: HUAWEICLOUD_SDK_AK and\n"
    "    HUAWEICLOUD_SDK_SK (plus HUAWEICLOUD_SDK_SECURITY_TOKEN), or DRS_TUI_TOKEN;\n"
    "  - save the profile without its secret (add --no-secret): drs-tui then asks for it\n"
    "    when a command needs it, or takes it from the environment variables above."
)


class SecretStoreError(DrsTuiError):
    """A single keyring operation failed (e.g. the backend refused a value)."""

    title = N_("Cannot store secret")
    exit_code = exit_codes.AUTH
    needs_credentials = True


class KeyringUnavailableError(DrsTuiError):
    """The keyring cannot be used at all in this session; `kind` says why."""

    title = N_("Keyring unavailable")
    exit_code = exit_codes.AUTH
    needs_credentials = True

    def __init__(self, kind: ProblemKind, message: str, *, backend: str = "") -> None:
        super().__init__(message, hint=i18n._(FIXES))
        self.kind = kind
        self.backend = backend


class SecretStore(ABC):
    """Secrets of profiles, by profile name and field. Values are `Secret`s."""

    kind: StoreKind

    @property
    @abstractmethod
    def description(self) -> str:
        """One line for screens: what the store is and how long secrets last."""

    @abstractmethod
    def get(self, profile: str, field: SecretField) -> Secret | None: ...

    @abstractmethod
    def set(self, profile: str, field: SecretField, value: Secret) -> None: ...

    @abstractmethod
    def delete(self, profile: str, field: SecretField) -> None:
        """Remove one secret; a secret that is not there is not an error."""

    def check(self) -> None:
        """Raise KeyringUnavailableError if the store cannot be used now."""
        return None  # a memory store is always usable

    def retry(self) -> None:
        """Forget a remembered failure (a "Retry" button after unlocking the keyring)."""
        return None

    def delete_profile(self, profile: str) -> None:
        for field in SECRET_FIELDS:
            self.delete(profile, field)


class MemorySecretStore(SecretStore):
    """Session-only secrets: kept in this process, written nowhere."""

    kind: StoreKind = "memory"

    def __init__(self) -> None:
        self._values: dict[tuple[str, SecretField], Secret] = {}
        self._lock = threading.Lock()

    @property
    def description(self) -> str:
        return _("session memory (secrets are forgotten when drs-tui exits)")

    def get(self, profile: str, field: SecretField) -> Secret | None:
        with self._lock:
            return self._values.get((profile, field))

    def set(self, profile: str, field: SecretField, value: Secret) -> None:
        require_value(value)
        with self._lock:
            self._values[(profile, field)] = value

    def delete(self, profile: str, field: SecretField) -> None:
        with self._lock:
            self._values.pop((profile, field), None)


class TypedSecrets(SecretStore):
    """Secrets just typed for one profile, in front of a real store; nothing is saved.

    Used to test a form before saving it, and to use a secret typed at a prompt for one
    command without storing it.
    """

    def __init__(
        self, base: SecretStore, profile: str, typed: Mapping[SecretField, Secret | None]
    ) -> None:
        self.kind = base.kind
        self._base = base
        self._profile = profile
        self._typed = {f: v for f, v in typed.items() if v}

    @property
    def description(self) -> str:
        return self._base.description

    def get(self, profile: str, field: SecretField) -> Secret | None:
        if profile == self._profile and field in self._typed:
            return self._typed[field]
        return self._base.get(profile, field)

    def set(self, profile: str, field: SecretField, value: Secret) -> None:
        raise NotImplementedError("typed secrets are never stored")

    def delete(self, profile: str, field: SecretField) -> None:
        raise NotImplementedError("typed secrets are never stored")


def require_value(value: Secret) -> None:
    if not isinstance(value, Secret) or not value:
        raise ValueError("a secret must be a non-empty Secret")


_STORES: dict[StoreKind, SecretStore] = {}
_STORES_LOCK = threading.Lock()


def open_secret_store(kind: str | None = None) -> SecretStore:
    """The process-wide store of a kind ("keyring" by default).

    One instance per kind, so session secrets and a detected keyring failure are shared
    by every screen and command of this process.
    """
    if (kind or "keyring") not in STORE_KINDS:
        raise UsageError(
            _("Unknown credential store {kind!r}.").format(kind=kind),
            hint=_("Use `keyring` (the OS keyring) or `memory` (this session only)."),
        )
    chosen = cast(StoreKind, kind or "keyring")
    with _STORES_LOCK:
        store = _STORES.get(chosen)
        if store is None:
            if chosen == "memory":
                store = MemorySecretStore()
            else:
                from drs_tui.credentials.keyring_store import KeyringSecretStore

                store = KeyringSecretStore()
            _STORES[chosen] = store
        return store


def reset_secret_stores() -> None:
    """Drop the process-wide stores (tests, or a full reset of the session)."""
    with _STORES_LOCK:
        _STORES.clear()
