"""GETs retry on 429/502/503/504 with backoff honouring Retry-After; never on 401/403."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from drs_tui.api.client import DrsClient
from drs_tui.api.errors import ApiError
from drs_tui.api.transport import RetryPolicy, retry_after
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from tests.api.conftest import SleepLog


@pytest.mark.parametrize("method", ["token", "password", "aksk"])
async def test_throttled_twice_then_served(
    make_client: Callable[..., DrsClient], simulator: Simulator, sleeps: SleepLog, method: str
) -> None:
    async with make_client(method, project_id=DEMO.project_id) as client:
        if method == "password":
            await client._token_source.get()  # type: ignore[union-attr]  # POSTs are not retried
            simulator.seen.clear()
        simulator.faults.throttle = 2
        simulator.faults.retry_after = "7"
        page = await client.list_jobs()
    assert page.total_count > 0
    assert [r.status for r in simulator.seen] == [429, 429, 200]
    assert sleeps.calls == [7.0, 7.0]


async def test_gives_up_after_three_attempts(
    client: DrsClient, simulator: Simulator, sleeps: SleepLog
) -> None:
    simulator.faults.throttle = 5
    with pytest.raises(ApiError) as info:
        await client.list_jobs()
    assert info.value.status == 429
    assert info.value.error_code == "APIGW.0308"
    assert "retry" in info.value.hint.lower()
    assert len(simulator.seen) == 3 and len(sleeps.calls) == 2


async def test_html_502_is_retried_then_summarised(
    client: DrsClient, simulator: Simulator, sleeps: SleepLog
) -> None:
    simulator.faults.bad_gateway = 3
    with pytest.raises(ApiError) as info:
        await client.list_jobs()
    err = info.value
    assert err.status == 502
    assert err.error_msg == "HTML page from the gateway: 502 Bad Gateway"
    assert "<" not in str(err)
    # exponential backoff with jitter, no Retry-After: 0.5 s then 1 s, each x0.5-1.5
    assert 0.25 <= sleeps.calls[0] <= 0.75 and 0.5 <= sleeps.calls[1] <= 1.5


async def test_401_is_not_retried(client: DrsClient, simulator: Simulator) -> None:
    from drs_tui.connection.settings import Secret, TokenCredentials

    client._auth = client._make_auth(  # swap in a bad token
        client.settings.__class__(
            region=client.settings.region,
            credentials=TokenCredentials(Secret("bad")),
            drs_endpoint=client.drs_endpoint,
        )
    )
    with pytest.raises(ApiError):
        await client.list_jobs()
    assert [r.status for r in simulator.seen] == [401]


def test_retry_after_forms() -> None:
    assert retry_after("3") == 3.0
    assert retry_after(None) is None
    assert retry_after("soon") is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past


def test_backoff_is_capped_and_long_waits_are_not_retried() -> None:
    policy = RetryPolicy(max_delay=5)
    assert policy.delay(1, httpx.Response(429, headers={"Retry-After": "3600"})) is None
    assert policy.delay(1, httpx.Response(429, headers={"Retry-After": "4"})) == 4
    assert policy.delay(12, httpx.Response(503)) == 5


async def test_a_long_retry_after_is_reported_not_waited(
    client: DrsClient, simulator: Simulator, sleeps: SleepLog
) -> None:
    simulator.faults.throttle = 1
    simulator.faults.retry_after = "600"
    with pytest.raises(ApiError) as info:
        await client.list_jobs()
    assert sleeps.calls == []
    assert "600 seconds" in info.value.hint
