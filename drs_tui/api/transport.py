"""Sending requests: retries with backoff, and turning failures into typed errors."""

from __future__ import annotations

import asyncio
import random
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Protocol

import httpx

from drs_tui.api.download_body import read_capped
from drs_tui.api.errors import ApiError, NetworkError, hint_for, parse_error_body
from drs_tui.api.numbers import retry_after as retry_after  # re-exported for callers
from drs_tui.api.request_log import Exchange
from drs_tui.i18n import _

RETRY_STATUSES = frozenset({429, 502, 503, 504})
ERROR_BODY_LIMIT = 64 * 1024


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # total, first try included
    base_delay: float = 0.5
    max_delay: float = 20.0

    def delay(self, attempt: int, response: httpx.Response) -> float | None:
        """Seconds to wait before retry number `attempt` (1-based); None: do not retry,
        the server asks for a longer wait than a person should stare at."""
        after = retry_after(response.headers.get("Retry-After"))
        if after is not None:
            return after if after <= self.max_delay else None
        backoff: float = self.base_delay * 2 ** (attempt - 1)
        return min(backoff * (0.5 + random.random()), self.max_delay)  # noqa: S311


async def raise_for_status(response: httpx.Response, *, wait_hint: bool = False) -> None:
    """Raise ApiError for a non-2xx response, reading at most 64 KiB of its body."""
    if response.is_success:
        return
    if response.is_stream_consumed:
        body = response.content[:ERROR_BODY_LIMIT]
    else:
        try:  # a cut error body still gives us status, request id and what came
            body, _more = await read_capped(response, ERROR_BODY_LIMIT, keep_partial=True)
        finally:
            await response.aclose()
    code, msg = parse_error_body(body, response.headers.get("Content-Type", ""))
    request = response.request
    wait = retry_after(response.headers.get("Retry-After")) if wait_hint else None
    hint = hint_text = hint_for(response.status_code, code, msg)
    if wait:
        hint = _("The server asks to wait {seconds:.0f} seconds before retrying. {hint}")
        hint = hint.format(seconds=wait, hint=hint_text).strip()
    raise ApiError(
        hint=hint,
        status=response.status_code,
        error_code=code,
        error_msg=msg,
        request_id=response.headers.get("X-Request-Id"),
        method=request.method,
        url=str(request.url),  # with its query: type and level are part of what was asked
    )


def network_error(exc: httpx.HTTPError, timeouts: httpx.Timeout) -> NetworkError:
    """A plain message per failure class: DNS, connect, TLS, timeouts, cut connections."""
    url = exc.request.url if _has_request(exc) else None
    host = url.host if url is not None else _("the server")
    if isinstance(exc, httpx.ConnectTimeout):
        return NetworkError(
            _("Could not connect to {host} within {connect:g} seconds.").format(
                host=host, connect=timeouts.connect
            ),
            hint=_("Check the endpoint, your network and any proxy (HTTPS_PROXY)."),
        )
    if isinstance(exc, httpx.ReadTimeout):
        read = _read_timeout(exc, timeouts)
        return NetworkError(
            _("{host} stopped answering: no data for {read:g} seconds.").format(
                host=host, read=read
            ),
            hint=_(
                "The server may be busy; retry, or allow longer silences with "
                "--read-timeout SECONDS (drs-tui fetch and jobs)."
            ),
        )
    if isinstance(exc, httpx.TimeoutException):
        return NetworkError(
            _("The request to {host} timed out.").format(host=host), hint=_("Retry in a moment.")
        )
    cause = _root_cause(exc)
    if isinstance(cause, ssl.SSLError) or "CERTIFICATE" in str(exc).upper():
        return NetworkError(
            _("TLS handshake with {host} failed: {short}.").format(host=host, short=_short(cause)),
            hint=_("If you are behind an inspecting proxy, point SSL_CERT_FILE at its CA bundle."),
        )
    text = str(exc).lower()
    if (
        "name or service not known" in text
        or "nodename nor servname" in text
        or ("getaddrinfo" in text)
        or "name resolution" in text
    ):
        return NetworkError(
            _("The host name {host} could not be resolved (DNS).").format(host=host),
            hint=_("Check the region and endpoint spelling, and the DNS of this machine."),
        )
    if isinstance(exc, httpx.ConnectError):
        return NetworkError(
            _("Could not connect to {host}: {short}.").format(host=host, short=_short(cause)),
            hint=_("Check the endpoint and that the service is reachable from this machine."),
        )
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return NetworkError(
            _("The connection to {host} was cut before the answer was complete.").format(host=host),
            hint=_("Retry; if it keeps happening, a proxy may be cutting long downloads."),
        )
    return NetworkError(
        _("Network error talking to {host}: {short}.").format(host=host, short=_short(cause))
    )


def _read_timeout(exc: httpx.HTTPError, timeouts: httpx.Timeout) -> float:
    """The read timeout the failed request had: its own, else the client's."""
    own = exc.request.extensions.get("timeout", {}) if _has_request(exc) else {}
    read = own.get("read", timeouts.read) if isinstance(own, dict) else timeouts.read
    return float(read) if isinstance(read, int | float) else 0.0


def _has_request(exc: httpx.HTTPError) -> bool:
    try:
        exc.request  # noqa: B018  (raises RuntimeError when unset)
    except RuntimeError:
        return False
    return True


def _root_cause(exc: BaseException) -> BaseException:
    while exc.__cause__ is not None or exc.__context__ is not None:
        nxt = exc.__cause__ or exc.__context__
        assert nxt is not None
        exc = nxt
    return exc


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:160]


Sleep = Callable[[float], Awaitable[None]]


class Sender(Protocol):
    timeout: httpx.Timeout

    async def send(self, request: httpx.Request, *, stream: bool) -> httpx.Response: ...


@asynccontextmanager
async def send_with_retries(
    http: Sender,
    request: httpx.Request,
    *,
    policy: RetryPolicy,
    idempotent: bool,
    sleep: Sleep = asyncio.sleep,
    auth: str = "",
) -> AsyncIterator[httpx.Response]:
    """Yield a streaming 2xx response; raise ApiError/NetworkError otherwise.

    Only idempotent requests are retried, on 429/502/503/504 and never on 401/403,
    since repeated bad signatures can lock an access key. Each request, its retries and
    its outcome go to the request log (`auth`, the credential method, is noted there).
    """
    exchange = Exchange(request, auth)
    response: httpx.Response | None = None
    try:
        while True:
            try:
                response = await http.send(request, stream=True)
            except httpx.HTTPError as exc:
                raise network_error(exc, http.timeout) from None
            retryable = response.status_code in RETRY_STATUSES
            if idempotent and retryable and _attempt_left(exchange, policy, response):
                delay = policy.delay(exchange.attempts, response)
                if delay is not None:
                    why = "Retry-After" if response.headers.get("Retry-After") else "backoff"
                    exchange.retrying(response.status_code, delay, why)
                    await response.aclose()
                    await sleep(delay)
                    continue
                exchange.not_retrying(
                    response.status_code, "the server asks for a longer wait than allowed"
                )
            try:
                await raise_for_status(response, wait_hint=retryable)
                try:
                    yield response
                except httpx.HTTPError as exc:
                    raise network_error(exc, http.timeout) from None
            finally:
                await response.aclose()
            exchange.ended(response=response)
            return
    except BaseException as exc:
        exchange.ended(response=response, error=exc)
        raise


def _attempt_left(exchange: Exchange, policy: RetryPolicy, response: httpx.Response) -> bool:
    if exchange.attempts < policy.attempts:
        return True
    exchange.not_retrying(response.status_code, f"{policy.attempts} attempt(s) made")
    return False
