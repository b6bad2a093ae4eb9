"""Keyring backends that misbehave the way real ones do on headless hosts."""

from __future__ import annotations

import threading
from typing import Any

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordSetError


class CountingBackend(KeyringBackend):
    """Counts calls; subclasses decide how each call fails."""

    priority: float = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.calls = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        result: str | None = self.fail()
        return result

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        self.fail(password)

    def delete_password(self, service: str, username: str) -> None:
        self.calls += 1
        self.fail()

    def fail(self, password: str = "") -> Any:
        return None


class HangingKeyring(CountingBackend):
    """A Secret Service waiting for an unlock prompt nobody will ever see."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def fail(self, password: str = "") -> Any:
        self.release.wait(10)  # the test releases it on teardown
        return None


class LockedKeyring(CountingBackend):
    def fail(self, password: str = "") -> Any:
        raise KeyringLocked("Failed to unlock the collection!")


class RefusingKeyring(CountingBackend):
    """Reads work; writes are refused with a message that quotes the value."""

    def fail(self, password: str = "") -> Any:
        if password:
            raise PasswordSetError(f"value {password} is too long for this vault")
        return None


class DbusFailureKeyring(CountingBackend):
    def fail(self, password: str = "") -> Any:
        raise ConnectionRefusedError("D-Bus session bus refused the connection")


class LeakyKeyring(CountingBackend):
    """Fails writes with an unexpected error that quotes the value."""

    def fail(self, password: str = "") -> Any:
        if password:
            raise ValueError(f"cannot encode {password!r}")
        return None


class WeakKeyring(CountingBackend):
    """A backend keyring itself does not recommend (like keyrings.alt's plain file)."""

    priority = 0.5


def no_keyring() -> KeyringBackend:
    """keyring's own stand-in when no backend is available: every call raises."""
    from keyring.backends import fail

    return fail.Keyring()  # type: ignore[no-untyped-call]


def null_keyring() -> KeyringBackend:
    """keyring's backend that silently stores nothing."""
    from keyring.backends import null

    return null.Keyring()  # type: ignore[no-untyped-call]
