"""The credentials screen: profiles from the config file, secrets in the (test) keyring."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from textual.widgets import Input, OptionList

from drs_tui.connection.settings import Secret
from drs_tui.credentials.catalog import ProfileCatalog
from drs_tui.credentials.profiles import Profile
from drs_tui.credentials.secret_store import SecretField, open_secret_store
from drs_tui.credentials.source import CredentialSource
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.ui.screens.confirm import ConfirmScreen
from drs_tui.ui.screens.credentials import CredentialsScreen
from drs_tui.ui.screens.job_picker import JobPicker
from drs_tui.ui.screens.profile_form import ProfileForm
from tests.support.isolation import MemoryKeyring
from tests.ui.flow_support import (
    app_for,
    save_demo_profile,
    screen_text,
    wait_for,
    wait_for_jobs,
)


async def test_no_profile_starts_on_the_credentials_screen(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="profiles")
        await wait_for(pilot, lambda: "No profile exists yet" in screen_text(app))
        assert "Press a to add a profile here." in screen_text(app)


async def test_add_test_and_use_a_profile(
    simulator: Simulator, tmp_path: Path, memory_keyring: MemoryKeyring, isolated_env: Path
) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="profiles")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileForm), what="form")
        form = app.screen
        values = {
            "name": "hk",
            "access_key": DEMO.access_key,
            "secret_key": DEMO.secret_key,
            "drs_endpoint": simulator.base_url,
            "iam_endpoint": simulator.base_url,
        }
        for key, value in values.items():
            form.query_one(f"#{key}", Input).value = value
        await pilot.pause()
        assert DEMO.secret_key not in screen_text(app)  # masked while typed
        await pilot.click("#test")
        await wait_for(pilot, lambda: "connected" in screen_text(app), what="test result")
        assert DEMO.project_id in screen_text(app)
        await pilot.click("#save")
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="list")
        await wait_for(pilot, lambda: "✓ secret stored" in screen_text(app), what="listing")
        # The secret is in the keyring, never in the config file.
        assert memory_keyring.store[("drs-tui", "hk:secret_key")] == DEMO.secret_key
        config = (isolated_env / "config.toml").read_text()
        assert DEMO.access_key in config and DEMO.secret_key not in config
        await pilot.press("t")
        await wait_for(pilot, lambda: "✓ connected" in screen_text(app), what="inline test")
        await pilot.press("enter")
        await wait_for_jobs(pilot)
        assert "profile hk" in app.sub_title


async def test_the_default_profile_opens_the_job_list(simulator: Simulator, tmp_path: Path) -> None:
    save_demo_profile(simulator)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_jobs(pilot)
        assert isinstance(app.screen, JobPicker)
        assert app.sub_title == "profile hk · ap-southeast-1"


async def test_a_missing_secret_is_said_and_nothing_is_sent(
    simulator: Simulator, tmp_path: Path
) -> None:
    save_demo_profile(simulator, secret=False)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="profiles")
        await wait_for(pilot, lambda: "✗ secret missing" in screen_text(app), what="listing")
        assert "has no secret access key" in screen_text(app)
        assert simulator.seen == []


async def test_delete_asks_first_and_removes_the_secret(
    simulator: Simulator, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    save_demo_profile(simulator)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: "✓ secret stored" in screen_text(app), what="listing")
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="confirm")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen))
        assert memory_keyring.store
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), what="confirm")
        await pilot.press("y")
        await wait_for(pilot, lambda: "No profile yet" in screen_text(app), what="empty list")
        assert memory_keyring.store == {}
        assert app.screen.query_one(OptionList).option_count == 0


class HangingKeyring(MemoryKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        time.sleep(30)
        return None


async def test_a_hanging_keyring_becomes_a_message_not_a_frozen_screen(
    simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_demo_profile(simulator)
    monkeypatch.setenv("DRS_TUI_KEYRING_TIMEOUT", "0.5")
    keyring.set_keyring(HangingKeyring())
    app = app_for(tmp_path)
    started = time.monotonic()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")  # the UI answers while the keyring hangs
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="profiles")
        await wait_for(pilot, lambda: "did not answer" in screen_text(app), what="timeout")
        assert time.monotonic() - started < 10
        assert "Press m" in screen_text(app)
        await pilot.press("m")  # session-only secrets: this session can go on
        await wait_for(pilot, lambda: "session memory" in screen_text(app), what="memory")


def save_mfa_profile(sim: Simulator) -> None:
    profile = Profile(
        name="mfa",
        method="password",
        region="ap-southeast-1",
        domain_name=DEMO.domain_name,
        user_name=DEMO.user_name,
        user_id=DEMO.user_id,
        mfa=True,
        drs_endpoint=sim.base_url,
        iam_endpoint=sim.base_url,
    )
    secrets: dict[SecretField, Secret | None] = {"password": Secret(DEMO.password)}
    ProfileCatalog().save(profile, secrets, make_default=True)


async def test_an_mfa_profile_asks_for_the_passcode_in_a_dialog(
    simulator: Simulator, tmp_path: Path
) -> None:
    from drs_tui.ui.screens.mfa_prompt import MfaPrompt

    save_mfa_profile(simulator)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MfaPrompt), what="MFA dialog")
        await pilot.press(*DEMO.mfa_code)
        assert DEMO.mfa_code not in screen_text(app)  # typed, not shown
        await pilot.press("enter")
        await wait_for_jobs(pilot)
        token_requests = [s for s in simulator.seen if s.path.startswith("/v3/auth/tokens")]
        assert token_requests and all(s.status == 201 for s in token_requests)


async def test_cancelling_the_mfa_dialog_sends_nothing(
    simulator: Simulator, tmp_path: Path
) -> None:
    from drs_tui.ui.screens.mfa_prompt import MfaPrompt

    save_mfa_profile(simulator)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, MfaPrompt), what="MFA dialog")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="profiles")
        await wait_for(pilot, lambda: "MFA code needed" in screen_text(app), what="notice")
        assert simulator.seen == []


async def test_the_form_keeps_mfa_on_an_edited_profile(
    simulator: Simulator, tmp_path: Path, isolated_env: Path
) -> None:
    save_mfa_profile(simulator)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "MfaPrompt")
        await pilot.press("escape")
        await wait_for(pilot, lambda: "✓ secret stored" in screen_text(app), what="listing")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileForm), what="form")
        await pilot.click("#save")
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="saved")
    assert ProfileCatalog().get("mfa").mfa is True
    assert ProfileCatalog().get("mfa").user_id == DEMO.user_id


@pytest.mark.parametrize(
    ("where", "source"),
    [
        ("memory", CredentialSource.MEMORY),
        ("keyring", CredentialSource.KEYRING),
        ("environment", CredentialSource.ENVIRONMENT),
    ],
)
async def test_the_session_knows_where_its_secrets_came_from(
    simulator: Simulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    source: CredentialSource,
) -> None:
    save_demo_profile(simulator, secret=where == "keyring")
    if where == "memory":
        open_secret_store("memory").set("hk", "secret_key", Secret(DEMO.secret_key))
    if where == "environment":
        monkeypatch.setenv("HUAWEICLOUD_SDK_AK", DEMO.access_key)
        monkeypatch.setenv("HUAWEICLOUD_SDK_SK", DEMO.secret_key)
    app = app_for(tmp_path, credential_store="memory" if where == "memory" else "keyring")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="the session")
        assert app.session is not None
        assert app.session.credential_source is source
        assert ("secrets in memory" in app.sub_title) == (where == "memory")


async def test_the_highlighted_profile_has_a_cursor_mark_not_only_a_colour(
    simulator: Simulator, tmp_path: Path
) -> None:
    from tests.ui.flow_support import demo_app

    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: "demo-aksk" in screen_text(app), what="profiles")

        def marked() -> list[str]:
            return [line for line in screen_text(app).splitlines() if "▶" in line]

        first = marked()
        assert len(first) == 1 and "demo" in first[0], first
        await pilot.press("down")
        await wait_for(pilot, lambda: marked() != first, what="the mark to move")
        assert len(marked()) == 1
        options = app.screen.query_one(OptionList)
        highlighted = options.get_option_at_index(options.highlighted or 0).id or ""
        assert highlighted in marked()[0]


async def test_enter_without_a_keyring_asks_for_the_secret_for_this_session(
    simulator: Simulator, tmp_path: Path
) -> None:
    """No keyring ('? secret'): Enter asks for the secret in a dialog instead of showing
    the banner again; it is kept in memory only and the jobs open (issue 12)."""
    from keyring.backends.null import Keyring as NullKeyring

    from drs_tui.ui.screens.secret_prompt import SecretPrompt

    save_demo_profile(simulator, secret=False)
    keyring.set_keyring(NullKeyring())  # type: ignore[no-untyped-call]
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="profiles")
        await wait_for(pilot, lambda: "? secret" in screen_text(app), what="listing")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SecretPrompt), what="the prompt")
        await pilot.press("escape")  # cancelled: nothing sent, the profiles stay
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen))
        assert simulator.seen == []
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SecretPrompt), what="the prompt")
        assert "secret access key" in screen_text(app).lower()
        await pilot.press(*DEMO.secret_key, "enter")
        await wait_for_jobs(pilot)
        assert app.session is not None
        assert "secrets in memory" in app.sub_title
        assert open_secret_store("memory").get("hk", "secret_key") == Secret(DEMO.secret_key)


async def test_enter_on_a_missing_secret_asks_for_it_too(
    simulator: Simulator, tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    from drs_tui.ui.screens.secret_prompt import SecretPrompt

    save_demo_profile(simulator, secret=False)
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "✗ secret missing" in screen_text(app), what="listing")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SecretPrompt), what="the prompt")
        await pilot.press(*DEMO.secret_key, "enter")
        await wait_for_jobs(pilot)
    assert memory_keyring.store == {}  # session-only: the keyring got nothing


async def test_temporary_keys_get_their_security_token_typed_and_a_second_open_asks_nothing(
    simulator: Simulator, tmp_path: Path
) -> None:
    """No keyring, temporary AK/SK: the prompt also takes the security token (optional,
    Tab reaches it); without it the server refuses them. Opened again in the session,
    the profile uses what was typed instead of asking again (found in review)."""
    from keyring.backends.null import Keyring as NullKeyring

    from drs_tui.ui.screens.secret_prompt import SecretPrompt

    save_demo_profile(simulator, "temp", secret=False, access_key=DEMO.temp_access_key)
    keyring.set_keyring(NullKeyring())  # type: ignore[no-untyped-call]
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "? secret" in screen_text(app), what="listing")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SecretPrompt), what="the prompt")
        assert "security token" in screen_text(app).lower()
        await pilot.press(*DEMO.temp_secret_key, "tab", *DEMO.security_token, "enter")
        await wait_for_jobs(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="profiles")
        await pilot.press("enter")
        await wait_for_jobs(pilot)
        assert not isinstance(app.screen, SecretPrompt)


async def test_the_form_keeps_the_connection_tunables_it_does_not_show(
    simulator: Simulator, tmp_path: Path
) -> None:
    save_demo_profile(simulator)
    catalog = ProfileCatalog()
    tuned = catalog.get("hk")
    catalog.save(replace(tuned, connect_timeout=4.0, read_timeout=90.0, retry_count=0))
    app = app_for(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="the session")
        assert app.session is not None and app.session.settings.retry_count == 0
        assert app.session.settings.timeouts.read == 90.0
        await pilot.press("c")
        await wait_for(pilot, lambda: "✓ secret stored" in screen_text(app), what="listing")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ProfileForm), what="form")
        await pilot.click("#save")
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="saved")
    saved = ProfileCatalog().get("hk")
    assert (saved.connect_timeout, saved.read_timeout, saved.retry_count) == (4.0, 90.0, 0)
