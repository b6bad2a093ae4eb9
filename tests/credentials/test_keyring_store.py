"""The keyring store: round trip, and every way a keyring fails on a headless host."""

from __future__ import annotations

import time

import pytest

from drs_tui.connection.settings import Secret
from drs_tui.credentials import keyring_store
from drs_tui.credentials.keyring_store import (
    DESKTOP_TIMEOUT,
    HEADLESS_TIMEOUT,
    KeyringSecretStore,
    entry_name,
    keyring_timeout,
)
from drs_tui.credentials.secret_store import (
    SERVICE,
    KeyringUnavailableError,
    SecretStoreError,
)
from tests.credentials.backends import (
    DbusFailureKeyring,
    HangingKeyring,
    LeakyKeyring,
    LockedKeyring,
    RefusingKeyring,
    WeakKeyring,
    no_keyring,
    null_keyring,
)
from tests.support.isolation import MemoryKeyring


def assert_explains_the_fixes(error: KeyringUnavailableError) -> None:
    for fix in (
        "dbus-run-session",
        "gnome-keyring-daemon --unlock",
        "PYTHON_KEYRING_BACKEND",
        "HUAWEICLOUD_SDK_AK",
        "--credential-store memory",
    ):
        assert fix in error.hint


def test_round_trip_under_the_drs_tui_service(memory_keyring: MemoryKeyring) -> None:
    store = KeyringSecretStore(timeout=2)
    store.set("prod", "secret_key", Secret("sk-value-1"))
    assert memory_keyring.store == {(SERVICE, "prod:secret_key"): "sk-value-1"}
    assert store.get("prod", "secret_key") == Secret("sk-value-1")
    assert store.get("prod", "token") is None
    store.delete("prod", "secret_key")
    store.delete("prod", "secret_key")  # deleting what is absent is fine
    assert memory_keyring.store == {}
    assert entry_name("prod", "token") == "prod:token"


def test_delete_profile_removes_every_field(memory_keyring: MemoryKeyring) -> None:
    store = KeyringSecretStore(timeout=2)
    store.set("prod", "secret_key", Secret("a-secret"))
    store.set("prod", "security_token", Secret("b-secret"))
    store.set("other", "token", Secret("c-secret"))
    store.delete_profile("prod")
    assert list(memory_keyring.store) == [(SERVICE, "other:token")]


def test_no_keyring_is_explained_once_and_remembered() -> None:
    store = KeyringSecretStore(timeout=2, backend=no_keyring())
    with pytest.raises(KeyringUnavailableError) as info:
        store.get("prod", "token")
    error = info.value
    assert error.kind == "no-backend"
    assert "No usable keyring was found" in error.message
    assert_explains_the_fixes(error)
    assert store.problem is not None and store.problem.kind == "no-backend"
    with pytest.raises(KeyringUnavailableError):
        store.set("prod", "token", Secret("whatever-token"))


def test_no_keyring_from_keyring_itself(memory_keyring: MemoryKeyring) -> None:
    """keyring.get_keyring() returns its fail backend when nothing is recommended."""
    import keyring

    keyring.set_keyring(no_keyring())
    with pytest.raises(KeyringUnavailableError) as info:
        KeyringSecretStore(timeout=2).check()
    assert info.value.kind == "no-backend"


def test_null_backend_is_refused_rather_than_losing_secrets() -> None:
    store = KeyringSecretStore(timeout=2, backend=null_keyring())
    with pytest.raises(KeyringUnavailableError) as info:
        store.set("prod", "token", Secret("tok-value"))
    assert "null backend" in info.value.message


def test_a_hanging_keyring_times_out_fast_and_only_once() -> None:
    backend = HangingKeyring()
    store = KeyringSecretStore(timeout=0.2, backend=backend)
    try:
        started = time.monotonic()
        with pytest.raises(KeyringUnavailableError) as info:
            store.get("prod", "secret_key")
        assert time.monotonic() - started < 2
        assert info.value.kind == "timeout"
        assert "did not answer within 0.2 seconds" in info.value.message
        assert "unlock prompt" in info.value.message
        assert_explains_the_fixes(info.value)
        # Detected once: the next calls fail at once without another wait.
        started = time.monotonic()
        for _ in range(5):
            with pytest.raises(KeyringUnavailableError):
                store.get("prod", "secret_key")
        assert time.monotonic() - started < 0.1
        assert backend.calls == 1
    finally:
        backend.release.set()


def test_retry_forgets_the_remembered_failure(memory_keyring: MemoryKeyring) -> None:
    backend = HangingKeyring()
    store = KeyringSecretStore(timeout=0.1, backend=backend)
    with pytest.raises(KeyringUnavailableError):
        store.check()
    backend.release.set()  # the user unlocked the keyring
    store.retry()
    assert store.problem is None
    assert store.get("prod", "token") is None


def test_a_locked_keyring_says_so() -> None:
    store = KeyringSecretStore(timeout=2, backend=LockedKeyring())
    with pytest.raises(KeyringUnavailableError) as info:
        store.get("prod", "password")
    assert info.value.kind == "locked"
    assert "locked" in info.value.message
    assert_explains_the_fixes(info.value)


def test_an_unexpected_backend_failure_is_named() -> None:
    store = KeyringSecretStore(timeout=2, backend=DbusFailureKeyring())
    with pytest.raises(KeyringUnavailableError) as info:
        store.get("prod", "password")
    assert info.value.kind == "error"
    assert "ConnectionRefusedError" in info.value.message


def test_a_refused_write_never_echoes_the_secret() -> None:
    backend = RefusingKeyring()
    store = KeyringSecretStore(timeout=2, backend=backend)
    with pytest.raises(SecretStoreError) as info:
        store.set("prod", "secret_key", Secret("super-secret-sk-123"))
    assert "super-secret-sk-123" not in str(info.value)
    assert "super-secret-sk-123" not in repr(info.value.details())
    assert "secret access key" in info.value.message
    # A per-entry refusal does not condemn the keyring.
    assert store.problem is None
    assert store.get("prod", "secret_key") is None


def test_an_unexpected_write_failure_never_echoes_the_secret() -> None:
    store = KeyringSecretStore(timeout=2, backend=LeakyKeyring())
    with pytest.raises(KeyringUnavailableError) as info:
        store.set("prod", "password", Secret("leaky-password-99"))
    assert "ValueError" in info.value.message
    assert "leaky-password-99" not in info.value.message
    assert store.problem is not None and "leaky-password-99" not in store.problem.message


def test_a_weak_backend_is_refused_unless_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring_store, "_explicitly_chosen", lambda: False)
    with pytest.raises(KeyringUnavailableError) as info:
        KeyringSecretStore(timeout=2, backend=WeakKeyring()).get("prod", "token")
    assert "does not recommend" in info.value.message
    assert "plain file" in info.value.message
    monkeypatch.setattr(keyring_store, "_explicitly_chosen", lambda: True)
    assert KeyringSecretStore(timeout=2, backend=WeakKeyring()).get("prod", "token") is None


def test_python_keyring_backend_counts_as_a_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.credentials.backends.WeakKeyring")
    assert keyring_store._explicitly_chosen()


def test_empty_secrets_are_never_stored() -> None:
    store = KeyringSecretStore(timeout=2)
    with pytest.raises(ValueError):
        store.set("prod", "token", Secret(""))


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, HEADLESS_TIMEOUT),
        ({"DISPLAY": ":0"}, DESKTOP_TIMEOUT),
        ({"DISPLAY": "localhost:10.0", "SSH_CONNECTION": "1 2 3 4"}, HEADLESS_TIMEOUT),
        ({"DRS_TUI_KEYRING_TIMEOUT": "1.5"}, 1.5),
        ({"DRS_TUI_KEYRING_TIMEOUT": "soon"}, HEADLESS_TIMEOUT),
    ],
)
def test_keyring_timeout(env: dict[str, str], expected: float) -> None:
    assert keyring_timeout(env) == expected
