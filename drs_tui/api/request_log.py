"""What each request did: one line per HTTP exchange and one record per request.

Every exchange (each try, IAM's token call, a resend after a 401) is logged by the
client's httpx event hooks: method, URL with its query, status, request id, time to
the answer's headers. `send_with_retries` adds the request as a whole, in an `Exchange`:
retries and why, the outcome, bytes and duration. The outcome is kept as `last_request()`
and handed to observers (`drs-tui report` keeps it in the state folder).

Everything here is logged through the `drs_tui` loggers, whose handler masks credential
headers and every registered secret (log_redaction); the record's texts are masked here
too, before anyone stores them. No header value, no body is ever logged.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from drs_tui.api import log_redaction
from drs_tui.errors import DrsTuiError
from drs_tui.safe_text import safe_line

if TYPE_CHECKING:
    import httpx

_log = logging.getLogger("drs_tui.http")
_sent_at: weakref.WeakKeyDictionary[httpx.Request, float] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class RequestRecord:
    """One request and its answer, without a secret: what `report` and curl need."""

    method: str
    url: str  # with its query
    language: str | None = None  # X-Language sent
    auth: str = ""  # token | password | aksk: how curl could repeat it
    status: int | None = None
    request_id: str | None = None
    error_code: str | None = None
    error_msg: str | None = None  # the server's message, or what failed on our side
    attempts: int = 1
    bytes: int = 0
    duration: float = 0.0
    at: str = ""  # ISO time of the end, UTC

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object) -> RequestRecord | None:
        """A record from stored JSON; None for anything that is not one (a hand-edited or
        damaged file must not break `report`)."""
        if not isinstance(data, dict):
            return None
        values: dict[str, Any] = {}
        for name, kinds in _FIELD_TYPES.items():
            value = data.get(name)
            if name in ("method", "url") and not isinstance(value, str):
                return None
            if value is None or isinstance(value, bool):
                continue
            if isinstance(value, kinds):
                values[name] = value
        return cls(**values)


_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "method": str,
    "url": str,
    "language": str,
    "auth": str,
    "status": int,
    "request_id": str,
    "error_code": str,
    "error_msg": str,
    "attempts": int,
    "bytes": int,
    "duration": (int, float),
    "at": str,
}


Observer = Callable[[RequestRecord], None]
_observers: list[Observer] = []
_lock = threading.Lock()
_last: RequestRecord | None = None


def add_observer(observer: Observer) -> None:
    with _lock:
        _observers.append(observer)


def remove_observer(observer: Observer) -> None:
    with _lock:
        if observer in _observers:
            _observers.remove(observer)


def last_request() -> RequestRecord | None:
    """The last request this process finished (or failed), if any."""
    return _last


def forget() -> None:
    """No last request, as at the start of a process (for tests)."""
    global _last
    with _lock:
        _last = None


def finished(record: RequestRecord) -> None:
    global _last
    with _lock:
        _last = record
        observers = list(_observers)
    outcome = f"status {record.status}" if record.status else "no answer"
    if record.error_code or record.error_msg:
        outcome += f" ({_shown(record.error_code)}: {_shown(record.error_msg)})"
    _log.info(
        "request %s %s: %s, request id %s, %d attempt(s), %d bytes, %.3f s",
        record.method,
        _shown(record.url),
        outcome,
        _shown(record.request_id),
        record.attempts,
        record.bytes,
        record.duration,
    )
    for observer in observers:
        try:
            observer(record)
        except Exception as exc:  # an observer's disk problem never fails a request
            _log.warning("could not keep the last request: %s", exc)  # i18n: keep (log)


async def on_request(request: httpx.Request) -> None:
    """httpx event hook: note when an exchange starts."""
    _sent_at[request] = time.monotonic()


async def on_response(response: httpx.Response) -> None:
    """httpx event hook: one line per exchange, as soon as its headers arrive."""
    request = response.request
    started = _sent_at.get(request)
    took = time.monotonic() - started if started is not None else 0.0
    _log.debug(
        "HTTP %s %s -> %d, request id %s, headers after %.3f s",
        request.method,
        _clean(str(request.url)),
        response.status_code,
        _shown(response.headers.get("X-Request-Id")),
        took,
    )


def _clean(text: str | None) -> str | None:
    return None if text is None else log_redaction.redact(text)


def _shown(text: str | None) -> str:
    """A server's text on one line, without control characters, for the log file (a
    person may `cat` it in a terminal)."""
    return safe_line(text) if text else "-"


class Exchange:
    """One request through send_with_retries: its tries, and how it ended."""

    def __init__(self, request: httpx.Request, auth: str = "") -> None:
        self.request = request
        self.auth = auth
        self.attempts = 1
        self._started = time.monotonic()

    def retrying(self, status: int, delay: float, why: str) -> None:
        _log.info(
            "retry %d of %s %s after status %d (%s), waiting %.2f s",
            self.attempts,
            self.request.method,
            _clean(str(self.request.url)),
            status,
            why,
            delay,
        )
        self.attempts += 1

    def not_retrying(self, status: int, why: str) -> None:
        _log.info("no retry after status %d: %s", status, why)

    def ended(
        self,
        *,
        response: httpx.Response | None = None,
        error: BaseException | None = None,
    ) -> None:
        if isinstance(error, asyncio.CancelledError | GeneratorExit):
            # Stopped on our side (a newer search, Ctrl-C): not the answer a ticket is about.
            _log.info(
                "request %s %s: cancelled", self.request.method, _clean(str(self.request.url))
            )
            return
        status = response.status_code if response is not None else None
        request_id = response.headers.get("X-Request-Id") if response is not None else None
        code = message = None
        if error is not None:
            status = getattr(error, "status", None) or status
            code = getattr(error, "error_code", None)
            message = getattr(error, "error_msg", None) or (
                error.message if isinstance(error, DrsTuiError) else type(error).__name__
            )
            request_id = getattr(error, "request_id", None) or request_id
        # An error of IAM's token call names IAM's request, not the one we were sending.
        url = getattr(error, "url", None) or str(self.request.url)
        method = getattr(error, "method", None) or self.request.method
        finished(
            RequestRecord(
                method=method,
                url=_clean(url) or "",
                language=self.request.headers.get("X-Language"),
                auth=self.auth,
                status=status if isinstance(status, int) else None,
                request_id=_clean(request_id),
                error_code=_clean(code or None),
                error_msg=_clean(message or None),
                attempts=self.attempts,
                bytes=response.num_bytes_downloaded if response is not None else 0,
                duration=round(time.monotonic() - self._started, 3),
                at=datetime.now(UTC).isoformat(timespec="seconds"),
            )
        )
