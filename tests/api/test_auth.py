"""Every auth method against the simulator's IAM and gateway checks, over real HTTP."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from drs_tui import exit_codes
from drs_tui.api import signer
from drs_tui.api.client import DrsClient
from drs_tui.api.errors import ApiError, CredentialsError
from drs_tui.connection.settings import (
    AkSkCredentials,
    PasswordCredentials,
    Secret,
    TokenCredentials,
)
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.jobs import ORACLE_JOB


@pytest.mark.parametrize("method", ["token", "password", "aksk"])
async def test_each_method_lists_jobs(make_client: Callable[..., DrsClient], method: str) -> None:
    async with make_client(method) as client:
        page = await client.list_jobs(name="orders")
    assert [job.id for job in page.jobs] == [ORACLE_JOB]
    assert client.project_id == DEMO.project_id


async def test_password_token_is_cached_and_scoped(
    make_client: Callable[..., DrsClient], simulator: Simulator
) -> None:
    async with make_client("password") as client:
        await client.list_jobs()
        await client.template_progress(ORACLE_JOB)
        expires = client.token_expires_at
    token_calls = [r for r in simulator.seen if r.path == "/v3/auth/tokens"]
    assert len(token_calls) == 1
    assert expires is not None and expires > datetime.now(UTC) + timedelta(hours=23)


async def test_password_token_refreshed_once_after_401(
    make_client: Callable[..., DrsClient], simulator: Simulator
) -> None:
    async with make_client("password") as client:
        await client.list_jobs()
        simulator.tokens.expire_all()  # the server now says APIGW.0307 for the cached token
        source: Any = client._token_source  # the password source, with its cached token
        source.token = dataclasses.replace(
            source.token,
            expires_at=datetime.now(UTC) + timedelta(hours=1),  # we still think it is fresh
        )
        page = await client.list_jobs()
    assert page.total_count > 0
    statuses = [(r.path.split("?")[0], r.status) for r in simulator.seen]
    assert statuses.count(("/v3/auth/tokens", 201)) == 2
    assert 401 in [s for _, s in statuses]


async def test_password_refreshes_before_expiry(
    make_client: Callable[..., DrsClient], simulator: Simulator
) -> None:
    async with make_client("password") as client:
        await client.list_jobs()
        source = client._token_source
        assert source is not None and source.token is not None
        source.token = dataclasses.replace(
            source.token, refresh_at=datetime.now(UTC) - timedelta(seconds=1)
        )
        await client.list_jobs()
    assert [r.path for r in simulator.seen].count("/v3/auth/tokens") == 2
    assert all(r.status != 401 for r in simulator.seen)


async def test_wrong_password_is_an_auth_error_with_iam_message(
    make_client: Callable[..., DrsClient],
) -> None:
    bad = PasswordCredentials(DEMO.domain_name, DEMO.user_name, Secret("nope-wrong"))
    async with make_client("password", credentials=bad) as client:
        with pytest.raises(ApiError) as info:
            await client.list_jobs()
    assert info.value.status == 401
    assert info.value.exit_code == exit_codes.AUTH
    assert "username or password is wrong" in info.value.error_msg


async def test_mfa_code_needs_and_uses_user_id(make_client: Callable[..., DrsClient]) -> None:
    creds = PasswordCredentials(
        DEMO.domain_name, DEMO.user_name, Secret(DEMO.password), Secret(DEMO.mfa_code)
    )
    async with make_client("password", credentials=creds) as client:
        with pytest.raises(CredentialsError, match="user ID"):
            await client.list_jobs()
    creds = dataclasses.replace(creds, user_id=DEMO.user_id)
    async with make_client("password", credentials=creds) as client:
        assert (await client.list_jobs()).total_count > 0


async def test_bad_token_gets_401_with_hint_and_no_retry(
    make_client: Callable[..., DrsClient], simulator: Simulator
) -> None:
    async with make_client("token", credentials=TokenCredentials(Secret("not-a-token"))) as c:
        with pytest.raises(ApiError) as info:
            await c.list_jobs()
    err = info.value
    assert (err.status, err.error_code) == (401, "APIGW.0301")
    assert err.request_id and "credentials" in err.hint
    assert len(simulator.seen) == 1


async def test_wrong_secret_key_is_rejected_once_never_retried(
    make_client: Callable[..., DrsClient], simulator: Simulator
) -> None:
    creds = AkSkCredentials(DEMO.access_key, Secret("wrong-secret"))
    async with make_client("aksk", credentials=creds) as client:
        with pytest.raises(ApiError) as info:
            await client.list_jobs()
    assert "signature" in info.value.error_msg
    assert len(simulator.seen) == 1  # project lookup failed at once: no retry on 401


async def test_temporary_credentials_send_security_token(
    make_client: Callable[..., DrsClient], simulator: Simulator
) -> None:
    creds = AkSkCredentials(
        DEMO.temp_access_key, Secret(DEMO.temp_secret_key), Secret(DEMO.security_token)
    )
    async with make_client("aksk", credentials=creds, project_id=DEMO.project_id) as client:
        await client.list_jobs()
    headers = simulator.seen[-1].headers
    assert headers["X-Security-Token"] == DEMO.security_token
    assert headers["X-Project-Id"] == DEMO.project_id
    assert "x-security-token" in headers["Authorization"]


async def test_clock_skew_fails_with_clock_hint(
    make_client: Callable[..., DrsClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    skewed = datetime.now(UTC) - timedelta(minutes=20)
    monkeypatch.setattr(signer, "sdk_date", lambda now=None: skewed.strftime(signer.DATE_FORMAT))
    async with make_client("aksk") as client:
        with pytest.raises(ApiError) as info:
            await client.list_jobs()
    assert "x-sdk-date" in info.value.error_msg
    assert "clock" in info.value.hint


def test_empty_credentials_are_never_sent() -> None:
    from drs_tui.api.auth import AkSkAuth, TokenAuth

    with pytest.raises(CredentialsError):
        TokenAuth("")
    with pytest.raises(CredentialsError):
        AkSkAuth(AkSkCredentials("AK", Secret("")), None)


async def test_project_id_resolved_from_iam_for_aksk(
    make_client: Callable[..., DrsClient], simulator: Simulator
) -> None:
    async with make_client("aksk") as client:
        assert await client.resolve_project_id() == DEMO.project_id
    assert simulator.seen[0].path == f"/v3/projects?name={DEMO.region}"


def test_refresh_time_follows_the_token_lifetime_not_the_local_clock() -> None:
    from drs_tui.api.auth import refresh_time

    received = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    # IAM's clock is 2 hours behind ours; a 24 h token still lasts 24 h from receipt.
    issued = received - timedelta(hours=2)
    at = refresh_time(received, issued, issued + timedelta(hours=24))
    assert at == received + timedelta(hours=24) - timedelta(minutes=5)
    # A 4-minute token is refreshed after 2 minutes, not on every call.
    at = refresh_time(received, received, received + timedelta(minutes=4))
    assert at == received + timedelta(minutes=2)


async def test_short_lived_tokens_do_not_storm_iam(
    make_client: Callable[..., DrsClient], simulator: Simulator
) -> None:
    simulator.tokens.lifetime = timedelta(minutes=4)
    async with make_client("password") as client:
        for _ in range(5):
            await client.list_jobs()
    assert [r.path for r in simulator.seen].count("/v3/auth/tokens") == 1


async def test_aksk_query_on_the_wire_is_the_signed_one(
    make_client: Callable[..., DrsClient], simulator: Simulator
) -> None:
    async with make_client("aksk") as client:
        page = await client.list_jobs(name="orders oracle")
    assert page.total_count == 0  # nothing matches, but the signature was accepted
    sent = simulator.seen[-1]
    assert sent.status == 200
    assert "name=orders%20oracle" in sent.path and "+" not in sent.path


async def test_an_mfa_session_asks_for_a_new_code_when_it_expires(
    make_client: Callable[..., DrsClient],
) -> None:
    creds = PasswordCredentials(
        DEMO.domain_name,
        DEMO.user_name,
        Secret(DEMO.password),
        Secret(DEMO.mfa_code),
        user_id=DEMO.user_id,
    )
    async with make_client("password", credentials=creds) as client:
        await client.list_jobs()
        source = client._token_source
        assert source is not None and source.token is not None
        source.token = dataclasses.replace(
            source.token, refresh_at=datetime.now(UTC) - timedelta(seconds=1)
        )
        with pytest.raises(CredentialsError, match="new passcode"):
            await client.list_jobs()
