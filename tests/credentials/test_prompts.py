"""Terminal prompts: typed secrets are used for one command and never stored."""

from __future__ import annotations

import pytest

from drs_tui.connection.settings import AkSkCredentials, Secret
from drs_tui.credentials import prompts
from drs_tui.credentials.profiles import Profile, ProfileFile
from drs_tui.credentials.resolve import ConnectionFlags, MissingSecretError
from drs_tui.errors import UsageError
from tests.credentials.terminal import Terminal, fake_terminal
from tests.support.isolation import MemoryKeyring


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    return fake_terminal(monkeypatch)


def save_prod_without_secret() -> None:
    ProfileFile().save_profile(
        Profile(name="prod", method="aksk", region="ap-southeast-1", access_key="AK1")
    )


def test_resolve_on_terminal_asks_for_a_missing_secret_on_a_terminal_only(
    capsys: pytest.CaptureFixture[str],
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    tty: Terminal,
) -> None:
    save_prod_without_secret()
    tty.answers.append("typed-sk-for-now")
    settings = prompts.resolve_on_terminal(ConnectionFlags(profile="prod"), env={})
    assert settings.credentials == AkSkCredentials("AK1", Secret("typed-sk-for-now"))
    assert tty.prompts == ["Secret access key (SK): "]
    assert "it is not saved" in capsys.readouterr().err
    assert memory_keyring.store == {}
    monkeypatch.setattr(prompts, "is_interactive", lambda: False)
    with pytest.raises(MissingSecretError):
        prompts.resolve_on_terminal(ConnectionFlags(profile="prod"), env={})


def test_profile_secrets_keep_stored_ones_on_enter(tty: Terminal) -> None:
    profile = Profile(name="prod", method="aksk", region="ap-southeast-1", access_key="AK1")
    tty.answers.extend(["", ""])
    answers = prompts.ask_profile_secrets(profile, {"secret_key": True}, from_stdin=False)
    assert answers == {"secret_key": None, "security_token": None}
    assert tty.prompts[0] == "Secret access key (SK) [Enter keeps the stored one]: "
    tty.answers.append("")
    with pytest.raises(UsageError, match="No secret access key"):
        prompts.ask_profile_secrets(profile, {}, from_stdin=False)
