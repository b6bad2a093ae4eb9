"""Profiles with their secrets: list states, add/edit/rename/delete, default, store choice."""

from __future__ import annotations

from typing import Any

import pytest

from drs_tui.connection.settings import Secret
from drs_tui.credentials.catalog import ProfileCatalog
from drs_tui.credentials.keyring_store import KeyringSecretStore
from drs_tui.credentials.profiles import Profile, ProfileFile, ProfileNotFoundError
from drs_tui.credentials.secret_store import SERVICE, MemorySecretStore
from drs_tui.errors import UsageError
from tests.credentials.backends import HangingKeyring, no_keyring
from tests.support.isolation import MemoryKeyring


def aksk(name: str = "prod", **extra: Any) -> Profile:
    return Profile(name=name, method="aksk", region="ap-southeast-1", access_key="AK1", **extra)


def token(name: str = "tok") -> Profile:
    return Profile(name=name, method="token", region="cn-north-4")


def test_listing_shows_method_region_and_secret_presence(monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = ProfileCatalog()
    catalog.save(aksk(), {"secret_key": Secret("sk-1234")}, make_default=True)
    catalog.save(token())
    monkeypatch.setenv("DRS_TUI_TOKEN", "env-token-value")
    listing = catalog.listing()
    rows = {(e.name, e.method, e.region, e.secret_state, e.is_default) for e in listing.entries}
    assert rows == {
        ("prod", "aksk", "ap-southeast-1", "present", True),
        ("tok", "token", "cn-north-4", "missing", False),
    }
    assert [e.missing_secrets for e in listing.entries if e.name == "tok"] == [("token",)]
    assert listing.store_kind == "keyring" and listing.store_problem is None
    assert listing.default_profile == "prod"
    assert listing.env_override == "DRS_TUI_TOKEN"
    assert listing.config_path == ProfileFile().path


async def test_listing_with_a_broken_keyring_asks_it_once() -> None:
    backend = HangingKeyring()
    try:
        ProfileFile().save_profile(aksk("a"))
        ProfileFile().save_profile(aksk("b"))
        catalog = ProfileCatalog(store=KeyringSecretStore(timeout=0.1, backend=backend))
        listing = await catalog.listing_async()
    finally:
        backend.release.set()
    assert [e.secret_state for e in listing.entries] == ["unknown", "unknown"]
    assert listing.store_problem is not None and listing.store_problem.kind == "timeout"
    assert backend.calls == 1


def test_editing_keeps_secrets_that_were_left_empty(memory_keyring: MemoryKeyring) -> None:
    catalog = ProfileCatalog()
    catalog.save(aksk(), {"secret_key": Secret("sk-first")})
    catalog.save(aksk(project_id="p1"), {"secret_key": None, "security_token": Secret("")})
    assert memory_keyring.store == {(SERVICE, "prod:secret_key"): "sk-first"}
    assert catalog.get("prod").project_id == "p1"
    catalog.save(aksk(), {"security_token": Secret("sts-1")})
    assert catalog.secrets_of("prod") == {"secret_key": True, "security_token": True}
    catalog.save(aksk(), forget=["security_token"])
    assert catalog.secrets_of("prod") == {"secret_key": True, "security_token": False}


def test_changing_the_method_drops_secrets_that_no_longer_apply(
    memory_keyring: MemoryKeyring,
) -> None:
    catalog = ProfileCatalog()
    catalog.save(aksk(), {"secret_key": Secret("sk-old"), "security_token": Secret("sts-old")})
    catalog.save(
        Profile(name="prod", method="token", region="ap-southeast-1"), {"token": Secret("tok-new")}
    )
    assert memory_keyring.store == {(SERVICE, "prod:token"): "tok-new"}


def test_rename_moves_secrets_and_the_default(memory_keyring: MemoryKeyring) -> None:
    catalog = ProfileCatalog()
    catalog.save(aksk(), {"secret_key": Secret("sk-1")}, make_default=True)
    catalog.save(aksk("live"), previous_name="prod")
    assert memory_keyring.store == {(SERVICE, "live:secret_key"): "sk-1"}
    assert catalog.listing().default_profile == "live"
    with pytest.raises(ProfileNotFoundError):
        catalog.get("prod")


def test_name_clashes_are_refused() -> None:
    catalog = ProfileCatalog()
    catalog.save(aksk("a"))
    catalog.save(aksk("b"))
    with pytest.raises(UsageError, match="already exists"):
        catalog.save(aksk("b"), previous_name="a")
    with pytest.raises(ProfileNotFoundError):
        catalog.save(aksk("c"), previous_name="nope")


def test_a_secret_of_another_method_is_refused() -> None:
    with pytest.raises(UsageError, match="no password secret"):
        ProfileCatalog().save(aksk(), {"password": Secret("pw-1")})


def test_delete_removes_profile_secrets_and_default(memory_keyring: MemoryKeyring) -> None:
    catalog = ProfileCatalog()
    catalog.save(aksk(), {"secret_key": Secret("sk"), "security_token": Secret("st")})
    catalog.set_default("prod")
    outcome = catalog.delete("prod")
    assert outcome.secrets_deleted and not outcome.warning
    assert memory_keyring.store == {}
    assert catalog.listing().entries == () and catalog.listing().default_profile is None
    with pytest.raises(ProfileNotFoundError):
        catalog.delete("prod")


async def test_delete_without_a_keyring_still_removes_the_profile_and_says_what_is_left() -> None:
    ProfileFile().save_profile(aksk())
    catalog = ProfileCatalog(store=KeyringSecretStore(timeout=1, backend=no_keyring()))
    outcome = await catalog.delete_async("prod")
    assert not outcome.secrets_deleted
    assert "keyring del drs-tui prod:secret_key" in outcome.warning
    assert "prod" not in ProfileFile().read().profiles


def test_a_profile_can_be_saved_without_a_usable_keyring() -> None:
    """Headless hosts: save the fields now, give the secret per session or via env."""
    catalog = ProfileCatalog(store=KeyringSecretStore(timeout=1, backend=no_keyring()))
    catalog.save(aksk())
    assert catalog.get("prod") == aksk()


def test_a_failed_file_write_rolls_back_new_secrets(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drs_tui.credentials.profiles import ConfigFileError

    def broken(*args: object, **kwargs: object) -> None:
        raise ConfigFileError("disk full")

    monkeypatch.setattr(ProfileFile, "save_profile", broken)
    with pytest.raises(ConfigFileError):
        ProfileCatalog().save(aksk(), {"secret_key": Secret("sk-rollback")})
    assert memory_keyring.store == {}


def test_credential_store_setting_switches_the_store(memory_keyring: MemoryKeyring) -> None:
    catalog = ProfileCatalog()
    catalog.set_credential_store("memory")
    catalog.save(aksk(), {"secret_key": Secret("session-only")})
    assert memory_keyring.store == {}
    assert isinstance(catalog.store, MemorySecretStore)
    assert ProfileFile().read().credential_store == "memory"
    assert ProfileCatalog().listing().store_kind == "memory"
    assert ProfileCatalog().listing().entries[0].secret_state == "present"


async def test_save_async(memory_keyring: MemoryKeyring) -> None:
    await ProfileCatalog().save_async(token(), {"token": Secret("tok-async")}, make_default=True)
    assert memory_keyring.store == {(SERVICE, "tok:token"): "tok-async"}
    assert ProfileFile().read().default_profile == "tok"
