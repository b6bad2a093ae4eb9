"""Numbers from a hostile server: Retry-After, Content-Length and JSON counts, read strictly."""

from __future__ import annotations

import math

import pytest

from drs_tui.api.client import DrsClient
from drs_tui.api.errors import ApiError, UnexpectedAnswerError
from drs_tui.api.models import JobPage
from drs_tui.api.numbers import RETRY_AFTER_CAP, ascii_int, json_count, retry_after
from drs_tui.simulator import Simulator
from tests.api.conftest import SleepLog


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("²", None),
        ("٣", None),
        ("1e3", None),
        ("-5", None),
        (" 7 ", 7.0),
        ("9" * 5000, RETRY_AFTER_CAP),
        ("Wed, 21 Oct 99999999 07:28:00 GMT", None),
        ("Mon, 01 Jan 0001 00:00:00 +2359", 0.0),
        ("Fri, 31 Dec 9999 23:59:59 GMT", RETRY_AFTER_CAP),
    ],
)
def test_retry_after_is_ascii_digits_or_a_date_and_capped(
    value: str, seconds: float | None
) -> None:
    assert retry_after(value) == seconds


def test_ascii_int_refuses_other_digits() -> None:
    assert ascii_int("123") == 123
    assert ascii_int("²") is None and ascii_int("１２") is None and ascii_int("1" * 19) is None


@pytest.mark.parametrize("status", [429, 503])
async def test_a_superscript_retry_after_is_backoff_not_a_crash(
    client: DrsClient, simulator: Simulator, sleeps: SleepLog, status: int
) -> None:
    simulator.faults.retry_after = "²"
    if status == 429:
        simulator.faults.throttle = 1
    else:
        simulator.faults.hostile.server_error = 1
    page = await client.list_jobs()
    assert page.jobs
    statuses = [r.status for r in simulator.seen]
    assert statuses[0] == status and statuses[1:] == [200] * (len(statuses) - 1)
    assert len(sleeps.calls) == 1 and sleeps.calls[0] <= 1.0  # backoff, not "²" seconds


async def test_a_superscript_retry_after_on_the_last_attempt_is_reported(
    client: DrsClient, simulator: Simulator
) -> None:
    simulator.faults.retry_after = "²"
    simulator.faults.hostile.server_error = 3
    with pytest.raises(ApiError) as info:
        await client.list_jobs()
    assert info.value.status == 503 and "wait" not in info.value.hint


@pytest.mark.parametrize("raw", ["1e400", "-1e400", "NaN", "1.5", "-3", "true", '"x"', '"²"'])
async def test_a_bad_total_count_is_a_clear_error(
    client: DrsClient, simulator: Simulator, raw: str
) -> None:
    simulator.faults.hostile.total_count = raw
    with pytest.raises(UnexpectedAnswerError, match="total_count of jobs") as info:
        await client.list_jobs()
    assert info.value.message.isprintable()


@pytest.mark.parametrize("raw", ["12", "12.0", '"12"'])
async def test_a_total_count_written_otherwise_is_read(
    client: DrsClient, simulator: Simulator, raw: str
) -> None:
    simulator.faults.hostile.total_count = raw
    assert (await client.list_jobs()).total_count == 12


def test_json_count_limits() -> None:
    assert json_count(0, "n") == 0
    bad: object
    for bad in (math.inf, math.nan, True, None, [], 10**16, -1):
        with pytest.raises(UnexpectedAnswerError):
            json_count(bad, "n")
    assert JobPage.from_api({"jobs": [{"id": "a"}]}, 0, 10).total_count == 1  # absent: the page
