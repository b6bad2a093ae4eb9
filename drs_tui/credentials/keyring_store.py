"""The OS keyring as a SecretStore: the only module that calls `keyring`.

Every keyring call runs in a daemon thread with a timeout, because on SSH hosts the
Secret Service can wait forever for an unlock prompt nobody sees. The first failure (no
backend, locked, no answer) is remembered, so later calls fail at once with the same
plain explanation instead of waiting again; `retry()` forgets it once the user fixed
things.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn, TypeVar

from drs_tui import i18n
from drs_tui.connection.settings import Secret
from drs_tui.credentials.secret_store import (
    SECRET_LABELS,
    SERVICE,
    KeyringUnavailableError,
    SecretField,
    SecretStore,
    SecretStoreError,
    StoreKind,
    require_value,
)
from drs_tui.i18n import N_, _

log = logging.getLogger(__name__)

TIMEOUT_ENV = "DRS_TUI_KEYRING_TIMEOUT"
HEADLESS_TIMEOUT = 5.0
# On a desktop an unlock dialog can appear and a person needs time to type.
DESKTOP_TIMEOUT = 30.0


def keyring_timeout(env: Mapping[str, str] | None = None) -> float:
    """Seconds to wait for one keyring call: env override, else by session type."""
    env = os.environ if env is None else env
    raw = env.get(TIMEOUT_ENV, "").strip()
    if raw:
        try:
            value = float(raw)
        except ValueError:
            value = 0.0
        if value > 0:
            return value
    graphical = bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    over_ssh = bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY"))
    return DESKTOP_TIMEOUT if graphical and not over_ssh else HEADLESS_TIMEOUT


def entry_name(profile: str, field: SecretField) -> str:
    """The keyring user name of one secret: one entry per profile and field."""
    return f"{profile}:{field}"


T = TypeVar("T")


class KeyringSecretStore(SecretStore):
    """Secrets in the OS keyring under service "drs-tui", entry "<profile>:<field>".

    `backend` pins a keyring backend (tests); by default keyring's own choice is
    used, which honours PYTHON_KEYRING_BACKEND and keyring's config file.
    """

    kind: StoreKind = "keyring"

    def __init__(self, *, timeout: float | None = None, backend: Any = None) -> None:
        self._timeout = timeout
        self._backend = backend
        self._problem: KeyringUnavailableError | None = None
        self._lock = threading.Lock()
        self.backend_name = ""

    @property
    def timeout(self) -> float:
        """Seconds per call; read from the environment each time unless fixed."""
        return keyring_timeout() if self._timeout is None else self._timeout

    @property
    def description(self) -> str:
        if self.backend_name:
            return _("OS keyring ({backend}), service {service!r}").format(
                backend=self.backend_name, service=SERVICE
            )
        return _("OS keyring, service {service!r}").format(service=SERVICE)

    @property
    def problem(self) -> KeyringUnavailableError | None:
        """The remembered reason the keyring is unusable, if one was seen."""
        return self._problem

    def retry(self) -> None:
        """Forget a remembered failure, e.g. after the user unlocked the keyring."""
        with self._lock:
            self._problem = None

    def check(self) -> None:
        self._call("check", lambda ring: ring.get_password(SERVICE, "probe"))

    def get(self, profile: str, field: SecretField) -> Secret | None:
        name = entry_name(profile, field)
        value = self._call("read", lambda ring: ring.get_password(SERVICE, name))
        if not value:
            return None
        return Secret(str(value))

    def set(self, profile: str, field: SecretField, value: Secret) -> None:
        require_value(value)
        name = entry_name(profile, field)
        label = SECRET_LABELS[field]
        try:
            self._call(
                "write", lambda ring: ring.set_password(SERVICE, name, value.reveal()), value
            )
        except _BackendRefused as exc:
            text = _scrub(exc.text, value)
            hint = ""
            if field == "token" and sys.platform == "win32":
                hint = _(
                    "Windows Credential Manager keeps at most about 1,280 characters per "
                    "entry and IAM tokens are longer; use the password or AK/SK method."
                )
            raise SecretStoreError(
                _("The keyring refused to store the {label} of profile {profile!r}: {text}").format(
                    label=label, profile=profile, text=text
                ),
                hint=hint,
            ) from None
        log.debug("stored %s of profile %s in the keyring", field, profile)

    def delete(self, profile: str, field: SecretField) -> None:
        name = entry_name(profile, field)
        try:
            self._call("delete", lambda ring: ring.delete_password(SERVICE, name))
        except _BackendRefused:
            return  # keyring raises PasswordDeleteError when the entry is absent

    def _ring(self) -> Any:
        import keyring

        ring = self._backend if self._backend is not None else keyring.get_keyring()
        self.backend_name = _backend_name(ring)
        _reject_useless_backend(ring)
        return ring

    def _call(self, action: str, operation: Callable[[Any], T], secret: Secret | None = None) -> T:
        problem = self._problem
        if problem is not None:
            raise _copy(problem)
        outcome: dict[str, Any] = {}
        done = threading.Event()

        def work() -> None:
            try:
                outcome["value"] = operation(self._ring())
            except BaseException as exc:  # handed to the caller's thread
                outcome["error"] = exc
            finally:
                done.set()

        # A daemon thread, not an executor: a hung call must not block interpreter exit.
        thread = threading.Thread(target=work, name=f"drs-tui-keyring-{action}", daemon=True)
        thread.start()
        timeout = self.timeout
        if not done.wait(timeout):
            self._remember(
                KeyringUnavailableError(
                    "timeout",
                    _(
                        "The keyring ({backend}) did not answer within {timeout:g} seconds. "
                        "It is probably waiting for an unlock prompt that cannot be shown in "
                        "this session."
                    ).format(backend=self.backend_name or _("unknown backend"), timeout=timeout),
                    backend=self.backend_name,
                )
            )
        error = outcome.get("error")
        if error is None:
            result: T = outcome["value"]
            return result
        self._classify(error, secret)

    def _classify(self, error: BaseException, secret: Secret | None) -> NoReturn:
        from keyring import errors

        if isinstance(error, KeyringUnavailableError):
            self._remember(error)
        if isinstance(error, errors.PasswordSetError | errors.PasswordDeleteError):
            raise _BackendRefused(str(error))
        backend = self.backend_name or _("unknown backend")
        if isinstance(error, errors.NoKeyringError):
            self._remember(_no_backend(backend))
        if isinstance(error, errors.KeyringLocked) or type(error).__name__ in _LOCKED_NAMES:
            self._remember(
                KeyringUnavailableError(
                    "locked",
                    _(
                        "The keyring ({backend}) is locked and was not unlocked: the unlock "
                        "prompt was dismissed or cannot be shown in this session."
                    ).format(backend=backend),
                    backend=backend,
                )
            )
        if not isinstance(error, Exception):
            raise error  # KeyboardInterrupt and friends stay what they are
        text = str(error)[:300]
        if secret is not None:
            text = _scrub(text, secret)
        self._remember(
            KeyringUnavailableError(
                "error",
                _("The keyring ({backend}) failed: {error}: {text}").format(
                    backend=backend, error=type(error).__name__, text=text
                ),
                backend=backend,
            )
        )

    def _remember(self, problem: KeyringUnavailableError) -> NoReturn:
        with self._lock:
            if self._problem is None:
                self._problem = problem
                log.info("keyring unusable (%s): %s", problem.kind, problem.message)
        raise _copy(problem)


_LOCKED_NAMES = frozenset({"LockedException", "PromptDismissedException"})


class _BackendRefused(Exception):
    """A per-entry refusal (set/delete error); the keyring itself still works."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _copy(problem: KeyringUnavailableError) -> KeyringUnavailableError:
    # A fresh instance per raise, so tracebacks do not pile up on one object.
    return KeyringUnavailableError(problem.kind, problem.message, backend=problem.backend)


def _no_backend(backend: str, why: str = "") -> KeyringUnavailableError:
    return KeyringUnavailableError(
        "no-backend",
        _(
            "No usable keyring was found on this machine (usual on SSH and headless hosts), "
            "so saved secrets cannot be stored or read{why}."
        ).format(why=why),
        backend=backend,
    )


def _scrub(text: str, value: Secret) -> str:
    secret = value.reveal()
    return text.replace(secret, "********") if len(secret) >= 4 else text


def _backend_name(ring: Any) -> str:
    try:
        return str(type(ring).name)
    except Exception:
        return type(ring).__name__


def _priority(cls: Any) -> float:
    """A backend class's priority; raises with keyring's reason if it is not viable."""
    return float(cls.priority)


def _explicitly_chosen() -> bool:
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    try:
        from keyring.util import platform_

        return bool((platform_.config_root() / "keyringrc.cfg").exists())
    except Exception:
        return False


def _reject_useless_backend(ring: Any) -> None:
    """Refuse backends that would lose secrets or quietly write a plain file."""
    name = _backend_name(ring)
    module = type(ring).__module__
    if module == "keyring.backends.fail":
        raise _no_backend(name)
    if module == "keyring.backends.null":
        raise _no_backend(name, _(" (keyring is set to the null backend, which keeps nothing)"))
    try:
        recommended = _priority(type(ring)) >= 1
    except Exception:
        recommended = True  # configured explicitly; keyring checked it already
    if not recommended and not _explicitly_chosen():
        raise _no_backend(
            name,
            _(
                " (only {name} was found, which keyring does not recommend and which may "
                "keep secrets in a plain file; choose it with PYTHON_KEYRING_BACKEND if you "
                "mean it)"
            ).format(name=name),
        )


@dataclass(frozen=True)
class BackendInfo:
    """One keyring backend known to this Python, for `doctor`."""

    name: str
    priority: float | None
    usable: bool
    reason: str  # why it cannot be used, or "" when it can


def keyring_backends(timeout: float | None = None) -> tuple[list[BackendInfo], str]:
    """All known backends and how the active one was chosen, probed off-thread."""
    box: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            box["value"] = _list_backends()
        except Exception as exc:
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=work, name="drs-tui-keyring-list", daemon=True).start()
    limit = keyring_timeout() if timeout is None else timeout
    if not done.wait(limit):
        return [], _("listing keyring backends did not finish within {seconds:g} seconds").format(
            seconds=limit
        )
    if "error" in box:
        return [], _("cannot list keyring backends: {error}").format(
            error=type(box["error"]).__name__
        )
    infos: list[BackendInfo] = box["value"]
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        how = _("chosen by PYTHON_KEYRING_BACKEND")
    elif _explicitly_chosen():
        how = _("chosen by keyring's config file (keyringrc.cfg)")
    else:
        how = _("the highest-priority usable backend")
    return infos, how


_LOW_PRIORITY = {
    "keyring.backends.fail": N_(
        "keyring's placeholder when nothing else works: refuses every call"
    ),
    "keyring.backends.null": N_("stores nothing"),
    "keyring.backends.chainer": N_("only used when two or more backends are usable"),
}


def _list_backends() -> list[BackendInfo]:
    from keyring import backend

    backend.get_all_keyring()  # loads third-party backend plugins
    infos = []
    for cls in getattr(backend.KeyringBackend, "_classes", set()):
        try:
            priority = _priority(cls)
        except Exception as exc:
            infos.append(
                BackendInfo(_backend_name_of(cls), None, False, str(exc) or _("not viable"))
            )
            continue
        reason = (
            "" if priority > 0 else i18n._(_LOW_PRIORITY.get(cls.__module__, N_("lowest priority")))
        )
        infos.append(BackendInfo(_backend_name_of(cls), priority, priority > 0, reason))
    return sorted(infos, key=lambda info: (not info.usable, -(info.priority or 0), info.name))


def _backend_name_of(cls: Any) -> str:
    try:
        return str(cls.name)
    except Exception:
        return str(cls.__name__)
