"""Precedence: flags > HUAWEICLOUD_SDK_* / DRS_TUI_* environment > profile > defaults."""

from __future__ import annotations

from typing import Any

import pytest

from drs_tui.connection.settings import (
    AkSkCredentials,
    PasswordCredentials,
    Secret,
    TokenCredentials,
)
from drs_tui.credentials.profiles import Profile, ProfileFile, ProfileNotFoundError
from drs_tui.credentials.resolve import (
    ConnectionFlags,
    MissingSecretError,
    NoCredentialsError,
    env_credentials_in_effect,
    resolve_connection,
    resolve_settings,
    resolve_with_prompt,
)
from drs_tui.credentials.secret_store import (
    KeyringUnavailableError,
    MemorySecretStore,
    SecretField,
    SecretStore,
    open_secret_store,
)
from drs_tui.credentials.source import CredentialSource
from drs_tui.errors import DrsTuiError, UsageError
from tests.credentials.backends import no_keyring
from tests.support.isolation import MemoryKeyring

PROJECT = "0123456789abcdef0123456789abcdef"
SK = "profile-secret-key-0001"


def save(profile: Profile, **secrets: str) -> None:
    ProfileFile().save_profile(profile)
    store = open_secret_store("keyring")
    for field, value in secrets.items():
        store.set(profile.name, field, Secret(value))  # type: ignore[arg-type]


def prod(**extra: Any) -> Profile:
    return Profile(
        name="prod",
        method="aksk",
        region="ap-southeast-1",
        access_key="PRODAK",
        project_id=PROJECT,
        drs_endpoint="https://drs.internal.example",
        **extra,
    )


class ExplodingStore(SecretStore):
    """Proves the store is not touched."""

    kind = "keyring"

    @property
    def description(self) -> str:
        return "exploding"

    def get(self, profile: str, field: SecretField) -> Secret | None:
        raise AssertionError("the store must not be read")

    def set(self, profile: str, field: SecretField, value: Secret) -> None:
        raise AssertionError("the store must not be written")

    def delete(self, profile: str, field: SecretField) -> None:
        raise AssertionError("the store must not be written")


def test_profile_alone_gives_everything() -> None:
    save(prod(language="zh-cn"), secret_key=SK)
    resolution = resolve_connection(ConnectionFlags(profile="prod"), env={})
    settings = resolution.settings
    assert settings.region == "ap-southeast-1"
    assert settings.project_id == PROJECT
    assert settings.drs_endpoint == "https://drs.internal.example"
    assert settings.iam_endpoint is None  # the client derives it from the region
    assert settings.language == "zh-cn"
    assert settings.label == "prod"
    assert settings.credentials == AkSkCredentials("PRODAK", Secret(SK), None)
    assert resolution.sources["credentials"] == "profile 'prod' (keyring)"
    assert resolution.credential_source is CredentialSource.KEYRING


def test_each_auth_method_from_a_profile() -> None:
    save(Profile(name="tok", method="token", region="cn-north-4"), token="tok-0001")
    save(
        Profile(
            name="pw",
            method="password",
            region="cn-north-4",
            domain_name="acme",
            user_name="ops",
            user_id="uid1",
        ),
        password="pw-0001",
    )
    save(prod(), secret_key=SK, security_token="sts-0001")
    env: dict[str, str] = {}
    assert resolve_settings(ConnectionFlags(profile="tok"), env).credentials == (
        TokenCredentials(Secret("tok-0001"))
    )
    assert resolve_settings(ConnectionFlags(profile="pw"), env).credentials == (
        PasswordCredentials("acme", "ops", Secret("pw-0001"), user_id="uid1")
    )
    assert resolve_settings(ConnectionFlags(profile="prod"), env).credentials == (
        AkSkCredentials("PRODAK", Secret(SK), Secret("sts-0001"))
    )


def test_flags_beat_environment_beat_profile() -> None:
    save(prod(), secret_key=SK)
    env = {
        "HUAWEICLOUD_SDK_REGION": "cn-north-4",
        "HUAWEICLOUD_SDK_PROJECT_ID": "envproject",
        "HUAWEICLOUD_SDK_AK": "ENVAK",
        "HUAWEICLOUD_SDK_SK": "env-secret",
    }
    resolution = resolve_connection(
        ConnectionFlags(profile="prod", region="cn-east-3", endpoint="https://drs.flag.example/"),
        env,
    )
    settings = resolution.settings
    assert settings.region == "cn-east-3"
    assert settings.project_id == "envproject"
    assert settings.drs_endpoint == "https://drs.flag.example"
    assert settings.credentials == AkSkCredentials("ENVAK", Secret("env-secret"))
    assert resolution.sources == {
        "profile": "flag --profile",
        "region": "flag --region",
        "project_id": "environment HUAWEICLOUD_SDK_PROJECT_ID",
        "endpoint": "flag --endpoint",
        "credentials": "environment HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK",
    }
    assert resolution.credential_source is CredentialSource.ENVIRONMENT


def test_environment_credentials_never_touch_the_store() -> None:
    save(prod())
    env = {"HUAWEICLOUD_SDK_AK": "ENVAK", "HUAWEICLOUD_SDK_SK": "env-secret"}
    settings = resolve_settings(ConnectionFlags(profile="prod"), env, ExplodingStore())
    assert settings.region == "ap-southeast-1"  # the rest still comes from the profile
    only_env = resolve_settings(
        ConnectionFlags(region="ap-southeast-1"), {"DRS_TUI_TOKEN": "env-token"}, ExplodingStore()
    )
    assert only_env.credentials == TokenCredentials(Secret("env-token"))
    assert only_env.label == "environment"


def test_temporary_keys_from_the_environment() -> None:
    env = {
        "HUAWEICLOUD_SDK_AK": "TMPAK",
        "HUAWEICLOUD_SDK_SK": "tmp-sk",
        "HUAWEICLOUD_SDK_SECURITY_TOKEN": "sts-token",
        "HUAWEICLOUD_SDK_REGION": "ap-southeast-1",
    }
    settings = resolve_settings(ConnectionFlags(), env)
    assert settings.credentials == AkSkCredentials("TMPAK", Secret("tmp-sk"), Secret("sts-token"))


def test_another_region_drops_the_profiles_project_and_endpoints() -> None:
    save(prod(iam_endpoint="https://iam.internal.example"), secret_key=SK)
    settings = resolve_settings(ConnectionFlags(profile="prod", region="cn-north-4"), {})
    assert settings.region == "cn-north-4"
    assert settings.project_id is None
    assert settings.drs_endpoint is None and settings.iam_endpoint is None
    same = resolve_settings(ConnectionFlags(profile="prod", region="ap-southeast-1"), {})
    assert same.project_id == PROJECT


def test_profile_choice_flag_then_env_then_default() -> None:
    save(prod(), secret_key=SK)
    save(Profile(name="dev", method="token", region="cn-north-4"), token="dev-token")
    ProfileFile().set_default("dev")
    assert resolve_settings(ConnectionFlags(), {}).label == "dev"
    assert resolve_settings(ConnectionFlags(), {"DRS_TUI_PROFILE": "prod"}).label == "prod"
    flags = ConnectionFlags(profile="dev")
    assert resolve_settings(flags, {"DRS_TUI_PROFILE": "prod"}).label == "dev"


def test_a_stale_default_is_an_error_not_a_silent_switch() -> None:
    save(prod(), secret_key=SK)
    ProfileFile().set_default("gone")
    with pytest.raises(ProfileNotFoundError, match="gone"):
        resolve_settings(ConnectionFlags(), {})


def test_unknown_profile() -> None:
    with pytest.raises(ProfileNotFoundError):
        resolve_settings(ConnectionFlags(profile="nope"), {})


def test_defaults() -> None:
    settings = resolve_settings(
        ConnectionFlags(region="ap-southeast-1"), {"DRS_TUI_TOKEN": "a-token"}
    )
    assert settings.language is None  # the X-Language follows the UI language (api_language)
    assert settings.project_id is None
    assert settings.drs_endpoint is None and settings.iam_endpoint is None


def test_missing_secret_names_it_and_how_to_set_it() -> None:
    save(prod())
    with pytest.raises(MissingSecretError) as info:
        resolve_settings(ConnectionFlags(profile="prod"), {})
    error = info.value
    assert error.field == "secret_key" and error.profile == "prod"
    assert "secret access key (SK)" in error.message
    assert "drs-tui profile add prod --update" in error.hint
    assert "HUAWEICLOUD_SDK_SK" in error.hint
    assert error.exit_code == 3


def test_missing_secret_in_the_session_store() -> None:
    save(prod(), secret_key=SK)  # in the keyring, not in memory
    with pytest.raises(MissingSecretError) as info:
        resolve_settings(ConnectionFlags(profile="prod", credential_store="memory"), {})
    assert "memory store" in info.value.message
    session = open_secret_store("memory")
    session.set("prod", "secret_key", Secret("typed-in-the-app"))
    resolution = resolve_connection(ConnectionFlags(profile="prod", credential_store="memory"), {})
    assert resolution.settings.credentials == AkSkCredentials("PRODAK", Secret("typed-in-the-app"))
    assert resolution.credential_source is CredentialSource.MEMORY


def test_credential_store_setting_in_the_config_file() -> None:
    save(prod())
    ProfileFile().set_credential_store("memory")
    open_secret_store("memory").set("prod", "secret_key", Secret("session-sk"))
    assert resolve_settings(ConnectionFlags(profile="prod"), {}).credentials == AkSkCredentials(
        "PRODAK", Secret("session-sk")
    )


def test_an_empty_secret_is_never_sent() -> None:
    save(prod())
    store = MemorySecretStore()
    store._values[("prod", "secret_key")] = Secret("")  # as if a backend returned ""
    with pytest.raises(MissingSecretError):
        resolve_settings(ConnectionFlags(profile="prod"), {}, store)


def test_keyring_unavailable_surfaces_with_its_explanation() -> None:

    from drs_tui.credentials.keyring_store import KeyringSecretStore

    save(prod())
    store = KeyringSecretStore(timeout=2, backend=no_keyring())
    with pytest.raises(KeyringUnavailableError) as info:
        resolve_settings(ConnectionFlags(profile="prod"), {}, store)
    assert "HUAWEICLOUD_SDK_AK" in info.value.hint


@pytest.mark.parametrize(
    "env",
    [
        {"HUAWEICLOUD_SDK_AK": "ONLYAK"},
        {"HUAWEICLOUD_SDK_SK": "only-sk-value"},
        {"HUAWEICLOUD_SDK_SECURITY_TOKEN": "only-sts-value"},
        {"HUAWEICLOUD_SDK_AK": "AK", "HUAWEICLOUD_SDK_SK": "sk-value", "DRS_TUI_TOKEN": "tk-v"},
    ],
)
def test_half_set_environment_credentials_are_refused(env: dict[str, str]) -> None:
    env = {**env, "HUAWEICLOUD_SDK_REGION": "ap-southeast-1"}
    with pytest.raises(UsageError) as info:
        resolve_settings(ConnectionFlags(), env)
    for value in ("only-sk-value", "only-sts-value", "sk-value", "tk-v"):
        assert value not in str(info.value) and value not in info.value.hint


def test_nothing_configured() -> None:
    with pytest.raises(NoCredentialsError, match="No profile exists yet"):
        resolve_settings(ConnectionFlags(region="ap-southeast-1"), {})
    save(prod(), secret_key=SK)
    with pytest.raises(NoCredentialsError, match="prod"):
        resolve_settings(ConnectionFlags(), {})


def test_region_is_required_somewhere() -> None:
    with pytest.raises(UsageError, match="No region"):
        resolve_settings(ConnectionFlags(), {"DRS_TUI_TOKEN": "a-token"})


@pytest.mark.parametrize(
    "flags",
    [
        ConnectionFlags(region="Bad Region"),
        ConnectionFlags(project_id="has space"),
        ConnectionFlags(endpoint="http://drs.example.com"),
        ConnectionFlags(language="xx"),
        ConnectionFlags(credential_store="plaintext", profile="prod"),
    ],
)
def test_bad_flags_are_usage_errors(flags: ConnectionFlags) -> None:
    save(prod(), secret_key=SK)
    with pytest.raises(UsageError):
        resolve_settings(flags, {"HUAWEICLOUD_SDK_REGION": "ap-southeast-1"}, None)


def test_resolve_uses_os_environ_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "OSAK")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "os-sk")
    monkeypatch.setenv("HUAWEICLOUD_SDK_REGION", "ap-southeast-1")
    assert resolve_settings(ConnectionFlags()).credentials == AkSkCredentials(
        "OSAK", Secret("os-sk")
    )
    assert env_credentials_in_effect() == "HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK"


def test_no_secret_in_any_error_text() -> None:
    """Every failure path of the resolver, checked for the secrets it had in hand."""
    secrets = ["sk-leak-check-1", "tok-leak-check-2", "sts-leak-check-3"]
    save(prod(), secret_key=secrets[0], security_token=secrets[2])
    attempts: list[tuple[ConnectionFlags, dict[str, str]]] = [
        (ConnectionFlags(profile="prod", region="BAD"), {}),
        (ConnectionFlags(profile="prod", language="xx"), {}),
        (ConnectionFlags(profile="missing"), {"DRS_TUI_TOKEN": secrets[1]}),
        (ConnectionFlags(), {"DRS_TUI_TOKEN": secrets[1], "HUAWEICLOUD_SDK_AK": "A"}),
        (ConnectionFlags(), {"HUAWEICLOUD_SDK_SK": secrets[0]}),
        (ConnectionFlags(profile="prod", credential_store="memory"), {}),
    ]
    for flags, env in attempts:
        with pytest.raises(DrsTuiError) as info:
            resolve_settings(flags, env)
        text = " ".join([str(info.value), repr(info.value), *map(str, info.value.details())])
        for secret in secrets:
            assert secret not in text, (flags, env)


def test_resolve_with_prompt_uses_a_typed_secret_once_without_storing_it(
    memory_keyring: MemoryKeyring,
) -> None:
    save(prod())
    asked: list[str] = []

    def ask(error: MissingSecretError) -> Secret | None:
        asked.append(error.field)
        return Secret("typed-at-prompt")

    settings = resolve_with_prompt(ConnectionFlags(profile="prod"), ask, env={})
    assert settings.credentials == AkSkCredentials("PRODAK", Secret("typed-at-prompt"))
    assert asked == ["secret_key"]
    assert memory_keyring.store == {}


def test_resolve_with_prompt_gives_up_when_nothing_is_typed() -> None:
    save(prod())
    with pytest.raises(MissingSecretError):
        resolve_with_prompt(ConnectionFlags(profile="prod"), lambda error: None, env={})
