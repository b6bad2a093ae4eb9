"""Error bodies of every shape become one typed error with a hint; no dumps, no secrets."""

from __future__ import annotations

import ssl

import httpx
import pytest

from drs_tui import exit_codes
from drs_tui.api.errors import ApiError, hint_for, parse_error_body
from drs_tui.api.transport import network_error

TIMEOUT = httpx.Timeout(connect=3, read=7, write=3, pool=3)


def test_drs_shape() -> None:
    body = b'{"error_code": "DRS.10030008", "error_msg": "Failed to download the file"}'
    assert parse_error_body(body, "application/json") == (
        "DRS.10030008",
        "Failed to download the file",
    )


def test_iam_shape() -> None:
    body = b'{"error": {"code": 401, "message": "The request you have made requires authentication.", "title": "Unauthorized"}}'
    code, msg = parse_error_body(body, "application/json")
    assert code == "401" and msg.startswith("The request you have made")


def test_html_page_is_summarised() -> None:
    body = b"<html><head><title>504 Gateway Time-out</title></head><body>" + b"x" * 5000
    code, msg = parse_error_body(body, "text/html")
    assert (code, msg) == ("", "HTML page from the gateway: 504 Gateway Time-out")


def test_plain_text_is_cut_short() -> None:
    code, msg = parse_error_body(b"oops " * 500, "text/plain")
    assert code == "" and len(msg) <= 203


@pytest.mark.parametrize(
    ("status", "code", "msg", "word"),
    [
        (401, "APIGW.0307", "The token must be updated.", "expired"),
        (401, "APIGW.0301", "Incorrect IAM authentication information", "credentials"),
        (404, "APIGW.0101", "The API does not exist", "region"),
        (429, "APIGW.0308", "throttled", "wait"),
        (400, "DRS.10030008", "Failed to download the file", "template"),
        (400, "", "job not found", "job ID"),
        (400, "X", "signature does not match", "clock"),
    ],
)
def test_hints(status: int, code: str, msg: str, word: str) -> None:
    assert word in hint_for(status, code, msg)


def test_api_error_carries_everything() -> None:
    err = ApiError(
        status=403,
        error_code="APIGW.0302",
        error_msg="no permission",
        request_id="rid-1",
        method="GET",
        url="https://drs.x/v5/p/jobs",
    )
    assert err.exit_code == exit_codes.AUTH
    rows = dict(err.details())
    assert rows["Request ID"] == "rid-1"
    assert rows["Request"] == "GET https://drs.x/v5/p/jobs"
    assert "permission" in rows["Hint"]
    assert str(err) == "HTTP 403 APIGW.0302: no permission"


def _req() -> httpx.Request:
    return httpx.Request("GET", "https://drs.example.invalid/v5")


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (httpx.ConnectTimeout("t", request=_req()), "within 3 seconds"),
        (httpx.ReadTimeout("t", request=_req()), "no data for 7 seconds"),
        (httpx.ConnectError("[Errno -2] Name or service not known", request=_req()), "DNS"),
        (httpx.ConnectError("[Errno 111] Connection refused", request=_req()), "Could not connect"),
        (httpx.RemoteProtocolError("peer closed", request=_req()), "cut"),
    ],
)
def test_network_failures_have_plain_messages(exc: httpx.HTTPError, expected: str) -> None:
    err = network_error(exc, TIMEOUT)
    assert expected in str(err)
    assert err.exit_code == exit_codes.NETWORK and err.hint


def test_tls_failure() -> None:
    exc = httpx.ConnectError("handshake", request=_req())
    exc.__cause__ = ssl.SSLCertVerificationError("certificate verify failed")
    err = network_error(exc, TIMEOUT)
    assert "TLS" in str(err) and "SSL_CERT_FILE" in err.hint
