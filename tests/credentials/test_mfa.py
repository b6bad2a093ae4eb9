"""MFA: a password profile with `mfa = true` signs in with a one-time passcode that is
asked for (or read from DRS_TUI_MFA_CODE) per command and never stored. Real HTTP to the
simulator, whose IAM checks the passcode against the user id."""

from __future__ import annotations

import pytest

from drs_tui import exit_codes
from drs_tui.api.client import DrsClient
from drs_tui.connection.settings import PasswordCredentials, Secret
from drs_tui.credentials import prompts
from drs_tui.credentials.catalog import ProfileCatalog
from drs_tui.credentials.mfa import ENV_MFA_CODE, MfaCodeRequiredError
from drs_tui.credentials.profiles import Profile, ProfileFile
from drs_tui.credentials.resolve import ConnectionFlags, resolve_settings
from drs_tui.errors import DrsTuiError, UsageError
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from tests.credentials.terminal import Terminal, fake_terminal
from tests.support.isolation import MemoryKeyring


@pytest.fixture(autouse=True)
def no_mfa_code_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_MFA_CODE, raising=False)


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    return fake_terminal(monkeypatch)


def save_mfa_profile(sim: Simulator, *, user_id: str = DEMO.user_id) -> None:
    profile = Profile(
        name="mfa",
        method="password",
        region=DEMO.region,
        domain_name=DEMO.domain_name,
        user_name=DEMO.user_name,
        user_id=user_id,
        mfa=True,
        drs_endpoint=sim.base_url,
        iam_endpoint=sim.base_url,
    )
    ProfileCatalog().save(profile, {"password": Secret(DEMO.password)}, make_default=True)


async def list_one_job(settings: object) -> int:
    async with DrsClient(settings) as client:  # type: ignore[arg-type]
        return (await client.list_jobs(limit=1)).total_count


def test_the_mfa_flag_needs_a_user_id_and_round_trips() -> None:
    base = {"name": "p", "method": "password", "region": "cn-north-4"}
    names = {"domain_name": "acme", "user_name": "ops"}
    with pytest.raises(UsageError, match="user_id"):
        Profile(**base, **names, mfa=True)  # type: ignore[arg-type]
    profile = Profile(**base, **names, user_id="u1", mfa=True)  # type: ignore[arg-type]
    ProfileFile().save_profile(profile)
    assert "mfa = true" in ProfileFile().path.read_text()
    assert ProfileFile().read().profiles["p"] == profile
    # Only the password method signs in with a passcode.
    assert Profile(name="t", method="token", region="cn-north-4", mfa=True).mfa is False


async def test_the_code_asked_for_is_sent_to_iam_and_not_stored(
    simulator: Simulator, memory_keyring: MemoryKeyring
) -> None:
    save_mfa_profile(simulator)
    asked: list[str] = []

    def ask(profile: str) -> str:
        asked.append(profile)
        return DEMO.mfa_code

    settings = resolve_settings(ConnectionFlags(), env={}, ask_mfa=ask)
    assert asked == ["mfa"]
    assert isinstance(settings.credentials, PasswordCredentials)
    assert settings.credentials.user_id == DEMO.user_id
    assert await list_one_job(settings) > 0
    assert DEMO.mfa_code not in str(memory_keyring.store) + ProfileFile().path.read_text()


async def test_a_wrong_code_is_rejected_by_iam(simulator: Simulator) -> None:
    save_mfa_profile(simulator)
    settings = resolve_settings(ConnectionFlags(), env={}, ask_mfa=lambda profile: "000000")
    with pytest.raises(DrsTuiError) as info:
        await list_one_job(settings)
    assert info.value.exit_code == exit_codes.AUTH
    assert "verification code" in info.value.message


async def test_the_code_can_come_from_the_environment(simulator: Simulator) -> None:
    save_mfa_profile(simulator)
    settings = resolve_settings(ConnectionFlags(), env={ENV_MFA_CODE: DEMO.mfa_code})
    assert await list_one_job(settings) > 0


def test_without_a_terminal_or_the_variable_nothing_is_sent(
    simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_mfa_profile(simulator)
    fake_terminal(monkeypatch, interactive=False)
    with pytest.raises(MfaCodeRequiredError) as info:
        prompts.resolve_on_terminal(ConnectionFlags(), env={})
    error = info.value
    assert error.exit_code == exit_codes.AUTH
    assert "Profile 'mfa' signs in with MFA" in error.message
    assert ENV_MFA_CODE in error.hint
    assert simulator.seen == []


@pytest.mark.parametrize("code", ["12345", "1234567", "12a456", " "])
def test_a_code_that_is_not_six_digits_is_refused(simulator: Simulator, code: str) -> None:
    save_mfa_profile(simulator)
    with pytest.raises(UsageError, match="6 digits"):
        resolve_settings(ConnectionFlags(), env={ENV_MFA_CODE: code + "x"})
    assert simulator.seen == []


async def test_on_a_terminal_the_code_is_asked_for(simulator: Simulator, tty: Terminal) -> None:
    save_mfa_profile(simulator)
    tty.answers.extend(["12345", DEMO.mfa_code])  # a typo first: asked again
    settings = prompts.resolve_on_terminal(ConnectionFlags(), env={})
    assert tty.prompts == ["MFA code for profile 'mfa' (6 digits): "] * 2
    assert await list_one_job(settings) > 0


def test_ask_mfa_code_reads_the_variable_first(
    monkeypatch: pytest.MonkeyPatch, tty: Terminal
) -> None:
    monkeypatch.setenv(ENV_MFA_CODE, "246810")
    assert prompts.ask_mfa_code("prod") == "246810"
    assert tty.prompts == []
    monkeypatch.delenv(ENV_MFA_CODE)
    tty.answers.append("")
    assert prompts.ask_mfa_code("prod") is None
