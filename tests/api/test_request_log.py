"""The request record: what a cancelled request leaves (nothing), what a stored one reads."""

from __future__ import annotations

import asyncio

import httpx

from drs_tui.api import request_log
from drs_tui.api.errors import ApiError
from drs_tui.api.request_log import Exchange, RequestRecord


def request() -> httpx.Request:
    return httpx.Request("GET", "https://drs.example/v5/p/jobs?limit=1")


def test_a_cancelled_request_is_not_the_last_request() -> None:
    Exchange(request(), "token").ended(error=asyncio.CancelledError())
    assert request_log.last_request() is None


def test_an_api_error_is_recorded_with_the_servers_words() -> None:
    error = ApiError(status=404, error_code="DRS.10000010", error_msg="gone", request_id="r1")
    Exchange(request(), "aksk").ended(error=error)
    record = request_log.last_request()
    assert record is not None
    assert (record.status, record.error_code, record.error_msg) == (404, "DRS.10000010", "gone")
    assert (record.request_id, record.auth, record.method) == ("r1", "aksk", "GET")
    assert record.url == "https://drs.example/v5/p/jobs?limit=1"


def test_stored_records_are_read_strictly() -> None:
    good = RequestRecord("GET", "https://x/", status=200).to_dict()
    assert RequestRecord.from_dict(good) == RequestRecord("GET", "https://x/", status=200)
    assert RequestRecord.from_dict({**good, "unknown": 1}) is not None
    odd = RequestRecord.from_dict({**good, "status": "x", "duration": "slow", "attempts": True})
    assert odd == RequestRecord("GET", "https://x/")  # wrong types fall back to defaults
    bad_ones: list[object] = [None, [], {"url": "x"}, {"method": 1, "url": "x"}, "text"]
    for bad in bad_ones:
        assert RequestRecord.from_dict(bad) is None
