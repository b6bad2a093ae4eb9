"""The session-only store and the process-wide choice of store."""

from __future__ import annotations

import pytest

from drs_tui.connection.settings import Secret
from drs_tui.credentials.keyring_store import KeyringSecretStore
from drs_tui.credentials.secret_store import (
    MemorySecretStore,
    open_secret_store,
    reset_secret_stores,
)
from drs_tui.errors import UsageError
from tests.support.isolation import MemoryKeyring


def test_memory_store_keeps_secrets_for_this_process_only(
    memory_keyring: MemoryKeyring,
) -> None:
    store = open_secret_store("memory")
    assert isinstance(store, MemorySecretStore)
    store.set("prod", "token", Secret("tok-1234"))
    assert store.get("prod", "token") == Secret("tok-1234")
    assert memory_keyring.store == {}  # nothing reached the keyring
    assert "forgotten when drs-tui exits" in store.description
    store.delete_profile("prod")
    assert store.get("prod", "token") is None
    store.check()  # always usable


def test_one_store_per_kind_per_process() -> None:
    assert open_secret_store("memory") is open_secret_store("memory")
    assert open_secret_store() is open_secret_store("keyring")
    assert isinstance(open_secret_store(), KeyringSecretStore)
    session = open_secret_store("memory")
    reset_secret_stores()
    assert open_secret_store("memory") is not session


def test_unknown_store_kind_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="plaintext"):
        open_secret_store("plaintext")


def test_secret_never_prints_itself() -> None:
    value = Secret("do-not-print-me")
    assert "do-not-print-me" not in f"{value} {value!r} {[value]}"
