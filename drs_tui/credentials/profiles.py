"""Named connection profiles in a TOML file; their secrets live in a SecretStore.

The file is `config.toml` in the config folder: `$DRS_TUI_CONFIG_DIR` when set, else
platformdirs' user config dir for "drs-tui" (e.g. ~/.config/drs-tui). Layout::

    default_profile = "prod"          # used when no --profile / DRS_TUI_PROFILE
    credential_store = "keyring"      # or "memory": secrets for one session only

    [profiles.prod]
    method = "aksk"                   # token | password | aksk
    region = "ap-southeast-1"
    access_key = "..."                # the AK id; the SK is in the keyring

    [profiles.ops]
    method = "password"
    region = "ap-southeast-1"
    domain_name = "..."
    user_name = "..."
    user_id = "..."                   # needed with mfa
    mfa = true                        # a one-time passcode is asked for at each sign-in
    connect_timeout = 5               # seconds; also read_timeout, and retry_count (0-10)

Writes go through tomlkit, so the user's comments and keys we do not know survive; each
write replaces the file atomically with an owner-only (0600) copy in an 0700 folder, and
holds the config folder's lock from the read to the replace, so that drs-tui processes
changing profiles at once never lose each other's changes (config_lock.py).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import tomlkit
import tomlkit.exceptions
from tomlkit.items import Table

from drs_tui.connection.settings import AUTH_METHODS, LANGUAGES, AuthMethod
from drs_tui.connection.tunables import TUNABLE_NAMES, Tunables, check_tunable
from drs_tui.credentials.config_location import (
    CONFIG_DIR_ENV as CONFIG_DIR_ENV,
    CONFIG_FILE_NAME as CONFIG_FILE_NAME,
    UI_LANGUAGE_KEY,
    config_dir as config_dir,
    config_path as config_path,
)
from drs_tui.credentials.config_lock import config_lock
from drs_tui.credentials.secret_store import STORE_KINDS, SecretField
from drs_tui.credentials.validation import (
    validate_access_key,
    validate_endpoint,
    validate_name,
    validate_project_id,
    validate_region,
    validate_text,
)
from drs_tui.errors import LocalFileError, UsageError
from drs_tui.i18n import N_, _

REQUIRED_SECRETS: Mapping[AuthMethod, tuple[SecretField, ...]] = {
    "token": ("token",),
    "password": ("password",),
    "aksk": ("secret_key",),
}
OPTIONAL_SECRETS: Mapping[AuthMethod, tuple[SecretField, ...]] = {
    "token": (),
    "password": (),
    "aksk": ("security_token",),  # only temporary AK/SK pairs have one
}
# Keys that would put a secret into the plain file; refused when found there.
_SECRET_KEYS = frozenset({"token", "password", "secret_key", "security_token", "sk", "secret"})


class ConfigFileError(LocalFileError):
    title = N_("Config file problem")


class ProfileNotFoundError(UsageError):
    title = N_("No such profile")
    needs_credentials = True  # the profiles screen is where another one is chosen


# The fields only one method uses. A profile keeps only its own method's: after a method
# change (or in a hand-edited file) the others are dropped, never shown or saved.
METHOD_FIELDS: Mapping[AuthMethod, tuple[str, ...]] = {
    "token": (),
    "password": ("domain_name", "user_name", "user_id", "mfa"),
    "aksk": ("access_key",),
}


def method_of_field(key: str) -> AuthMethod | None:
    """The method a field belongs to, or None for fields every method uses."""
    return next((m for m, keys in METHOD_FIELDS.items() if key in keys), None)


@dataclass(frozen=True)
class Profile:
    """The non-secret part of a profile, validated on construction.

    Fields of another method than `method` are dropped (set to None, or False for
    `mfa`) on construction.
    """

    name: str
    method: AuthMethod
    region: str
    project_id: str | None = None  # resolved from IAM when absent
    domain_name: str | None = None  # account name (password method)
    user_name: str | None = None  # IAM user (password method)
    user_id: str | None = None  # needed by IAM only for MFA passcodes
    mfa: bool = False  # password method: sign in with a one-time passcode (never stored)
    access_key: str | None = None  # AK id (aksk method); the SK is a secret
    drs_endpoint: str | None = None
    iam_endpoint: str | None = None
    language: str | None = None  # X-Language; en-us when absent
    note: str | None = None  # free text for support desks
    # Connection tunables (connection/tunables.py); flags and environment win over them.
    connect_timeout: float | None = None
    read_timeout: float | None = None
    retry_count: int | None = None

    def __post_init__(self) -> None:
        validate_name(self.name)
        if self.method not in AUTH_METHODS:
            raise UsageError(
                _("Invalid auth method {method!r}.").format(method=self.method),
                hint=_("Use token, password or aksk."),
            )
        validate_region(self.region)
        fix = object.__setattr__
        for method, keys in METHOD_FIELDS.items():
            if method != self.method:
                for key in keys:
                    fix(self, key, False if key == "mfa" else None)
        if self.project_id is not None:
            validate_project_id(self.project_id)
        for key in ("domain_name", "user_name", "user_id"):
            value = getattr(self, key)
            if value is not None:
                fix(self, key, validate_text(value, key.replace("_", " ")))
        if self.access_key is not None:
            validate_access_key(self.access_key)
        for key in ("drs_endpoint", "iam_endpoint"):
            value = getattr(self, key)
            if value is not None:
                fix(self, key, validate_endpoint(value, key.replace("_", " ")))
        if self.language is not None and self.language not in LANGUAGES:
            raise UsageError(
                _("Invalid language {language!r}.").format(language=self.language),
                hint=_("Use one of {choices}.").format(choices=", ".join(LANGUAGES)),
            )
        if self.note is not None:
            fix(self, "note", validate_text(self.note, "note", limit=500))
        for key in TUNABLE_NAMES:
            value = getattr(self, key)
            if value is not None:
                where = _("profile {name}: {key}").format(name=repr(self.name), key=key)
                fix(self, key, check_tunable(key, value, where))
        missing = [key for key in REQUIRED_FIELDS[self.method] if not getattr(self, key)]
        if self.mfa and not self.user_id:
            missing.append(_("user_id (IAM needs it with an MFA passcode)"))
        if missing:
            raise UsageError(
                _("Profile {name!r} uses the {method} method and needs {fields}.").format(
                    name=self.name, method=self.method, fields=_(" and ").join(missing)
                )
            )

    @property
    def tunables(self) -> Tunables:
        return Tunables(self.connect_timeout, self.read_timeout, self.retry_count)

    @property
    def required_secrets(self) -> tuple[SecretField, ...]:
        return REQUIRED_SECRETS[self.method]

    @property
    def optional_secrets(self) -> tuple[SecretField, ...]:
        return OPTIONAL_SECRETS[self.method]

    def to_toml(self) -> dict[str, str | bool | float | int]:
        """The keys written to the profile's table (name is the table key); unset values
        and `mfa = false` are left out."""
        data = asdict(self)
        del data["name"]
        for key in TUNABLE_NAMES:  # 30, not 30.0, in the file
            if isinstance(data[key], float) and data[key].is_integer():
                data[key] = int(data[key])
        return {k: v for k, v in data.items() if v is not None and v is not False}


REQUIRED_FIELDS: Mapping[AuthMethod, tuple[str, ...]] = {
    "token": (),
    "password": ("domain_name", "user_name"),
    "aksk": ("access_key",),
}
PROFILE_KEYS = tuple(f.name for f in fields(Profile) if f.name != "name")
_BOOL_KEYS = frozenset({"mfa"})
_NUMBER_KEYS = frozenset(TUNABLE_NAMES)


def profile_from_table(name: str, table: Mapping[str, Any]) -> Profile:
    """Build a profile from its TOML table; unknown keys are ignored (and kept on save)."""
    leaked = sorted(_SECRET_KEYS & set(table))
    if leaked:
        raise UsageError(
            _(
                "Profile {name!r} has {keys} in the config file; secrets are only "
                "read from the credential store."
            ).format(name=name, keys=", ".join(leaked)),
            hint=_(
                "Delete that line and run `drs-tui profile add {name} --update` to store it."
            ).format(name=name),
        )
    values: dict[str, Any] = {}
    for key in PROFILE_KEYS:
        if key in table:
            value = table[key]
            if key in _BOOL_KEYS:
                if not isinstance(value, bool):
                    raise UsageError(
                        _("Profile {name!r}: {key} must be true or false.").format(
                            name=name, key=key
                        )
                    )
                values[key] = bool(value)
            elif key in _NUMBER_KEYS:
                values[key] = value  # checked by Profile, which names the profile and key
            elif not isinstance(value, str):
                raise UsageError(
                    _("Profile {name!r}: {key} must be a string.").format(name=name, key=key)
                )
            else:
                values[key] = str(value)
    for key in ("method", "region"):
        if key not in values:
            raise UsageError(_("Profile {name!r} has no {key}.").format(name=name, key=key))
    return Profile(name=name, **values)


@dataclass(frozen=True)
class ProfileProblem:
    """A profile table in the file that cannot be used, and why."""

    name: str
    message: str


@dataclass(frozen=True)
class ConfigSnapshot:
    """What the config file said when it was read."""

    path: Path
    profiles: dict[str, Profile] = field(default_factory=dict)
    problems: list[ProfileProblem] = field(default_factory=list)
    default_profile: str | None = None
    credential_store: str | None = None

    def get(self, name: str) -> Profile:
        if name in self.profiles:
            return self.profiles[name]
        for problem in self.problems:
            if problem.name == name:
                raise ConfigFileError(
                    _("Profile {name!r} in {path} cannot be used: {message}").format(
                        name=name, path=self.path, message=problem.message
                    )
                )
        known = ", ".join(sorted(self.profiles)) or _("none yet")
        raise ProfileNotFoundError(
            _("There is no profile named {name!r} (known: {known}).").format(
                name=name, known=known
            ),
            hint=_("Create it with `drs-tui profile add {name} --method ... --region ...`.").format(
                name=name
            ),
        )


class ProfileFile:
    """The config file. Every method re-reads it, so other processes' edits are seen."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_path()

    def read(self) -> ConfigSnapshot:
        doc = self._load()
        snapshot = ConfigSnapshot(path=self.path)
        tables = doc.get("profiles", {})
        if not isinstance(tables, Mapping):
            raise ConfigFileError(
                _("In {path}, `profiles` must be a table.").format(path=self.path)
            )
        for name, table in tables.items():
            try:
                if not isinstance(table, Mapping):
                    raise UsageError(_("[profiles.{name}] must be a table.").format(name=name))
                validate_name(str(name))
                snapshot.profiles[str(name)] = profile_from_table(str(name), table)
            except UsageError as exc:
                snapshot.problems.append(ProfileProblem(str(name), exc.message))
        default = doc.get("default_profile")
        store = doc.get("credential_store")
        return ConfigSnapshot(
            path=self.path,
            profiles=snapshot.profiles,
            problems=snapshot.problems,
            default_profile=str(default) if isinstance(default, str) and default else None,
            credential_store=str(store) if store in STORE_KINDS else None,
        )

    def save_profile(self, profile: Profile, *, previous_name: str | None = None) -> None:
        """Add or update a profile in place; a rename keeps the table's comments."""
        with self._edit() as doc:
            tables = _profiles_table(doc)
            old = previous_name or profile.name
            table = tables.get(old)
            if not isinstance(table, Table):
                table = tomlkit.table()
                table.add(tomlkit.nl())
            elif old != profile.name:
                del tables[old]
                if doc.get("default_profile") == old:
                    doc["default_profile"] = profile.name
            data = profile.to_toml()
            for key in PROFILE_KEYS:
                if key in data:
                    table[key] = data[key]
                elif key in table:
                    del table[key]
            tables[profile.name] = table

    def remove_profile(self, name: str) -> bool:
        with self._edit() as doc:
            tables = _profiles_table(doc)
            if name not in tables:
                return False
            del tables[name]
            if doc.get("default_profile") == name:
                del doc["default_profile"]
            return True

    def set_default(self, name: str | None) -> None:
        with self._edit() as doc:
            if name is None:
                doc.pop("default_profile", None)
            else:
                doc["default_profile"] = validate_name(name)

    def set_credential_store(self, kind: str | None) -> None:
        if kind is not None and kind not in STORE_KINDS:
            raise UsageError(
                _("Unknown credential store {kind!r}.").format(kind=kind),
                hint=_("Use keyring or memory."),
            )
        with self._edit() as doc:
            if kind is None:
                doc.pop("credential_store", None)
            else:
                doc["credential_store"] = kind

    def set_ui_language(self, language: str | None) -> None:
        """Remember the app's language (`ui_language`, read at start by config_location);
        None forgets it, so --ui-lang and the locale decide again."""
        with self._edit() as doc:
            if language is None:
                doc.pop(UI_LANGUAGE_KEY, None)
            else:
                doc[UI_LANGUAGE_KEY] = language

    def _load(self) -> tomlkit.TOMLDocument:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return tomlkit.document()
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigFileError(
                _("Cannot read {path}: {reason}").format(path=self.path, reason=_reason(exc))
            ) from None
        try:
            return tomlkit.parse(text)
        except tomlkit.exceptions.ParseError as exc:
            raise ConfigFileError(
                _("{path} is not valid TOML: {error}").format(path=self.path, error=exc),
                hint=_("Fix the line shown, or move the file away to start afresh."),
            ) from None

    @contextlib.contextmanager
    def _edit(self) -> Iterator[tomlkit.TOMLDocument]:
        """Read, let the caller change, write: under the lock, so no change is lost."""
        with config_lock(self.path.parent):
            doc = self._load()
            yield doc
            self._write(tomlkit.dumps(doc))

    def _write(self, text: str) -> None:
        # Follow a symlink (dotfile managers), so the link survives the replace.
        target = self.path.resolve() if self.path.is_symlink() else self.path
        folder = target.parent
        try:
            if not folder.exists():
                folder.mkdir(mode=0o700, parents=True)
                folder.chmod(0o700)
            fd, temp = tempfile.mkstemp(prefix=".config-", suffix=".tmp", dir=folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                    handle.flush()
                    os.fsync(handle.fileno())
                Path(temp).chmod(0o600)
                Path(temp).replace(target)
            except BaseException:
                Path(temp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise ConfigFileError(
                _("Cannot write {target}: {reason}").format(target=target, reason=_reason(exc))
            ) from None


def _profiles_table(doc: tomlkit.TOMLDocument) -> Table:
    tables = doc.get("profiles")
    if tables is None:
        tables = tomlkit.table(is_super_table=True)
        doc["profiles"] = tables
    if not isinstance(tables, Table):
        raise ConfigFileError(_("In the config file, `profiles` must be a table."))
    return tables


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return type(exc).__name__
