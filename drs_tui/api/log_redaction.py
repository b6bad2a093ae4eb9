"""Keeps the caller's credentials out of logs and out of anything a server says back.

httpcore's DEBUG trace prints whole header lists, e.g. IAM's X-Subject-Token, so a user who
turns on debug logging would otherwise find a live token in the log: credential headers
are masked by name. And a server may echo what it was sent (a token in `error_msg`): each
client registers its own secret values (`register`), which are masked wherever they
appear, in log records and, through `redact_error`, in every error the client raises
before it is shown, copied or logged.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import weakref
from collections.abc import Callable, Iterable
from urllib.parse import quote

_HEADERS = "x-subject-token|x-auth-token|authorization|x-security-token|proxy-authorization"
# (b'X-Subject-Token', b'MII...')  or  ('authorization', 'SDK-HMAC-SHA256 ...')
_PAIR = re.compile(rf"(\(b?(['\"])(?:{_HEADERS})\2,\s*)b?(['\"]).*?\3(?=\))", re.IGNORECASE)
_LOGGERS = (
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)


MASK = "********"
# Shorter values would mask ordinary words; no real token, password or key is this short.
MIN_SECRET_LENGTH = 4

SecretValues = Callable[[], Iterable[str]]
_sources: list[weakref.WeakMethod[SecretValues]] = []
_sources_lock = threading.Lock()


def register(source: SecretValues) -> None:
    """Mask what the bound method `source` returns (a client's current secrets) in every
    log record from now on, until `unregister` or until its object is gone."""
    with _sources_lock:
        _sources.append(weakref.WeakMethod(source))


def unregister(source: SecretValues) -> None:
    with _sources_lock:
        _sources[:] = [ref for ref in _sources if ref() is not None and ref() != source]


def registered_secrets() -> list[str]:
    with _sources_lock:
        sources = [ref() for ref in _sources]
    return [value for source in sources if source is not None for value in source()]


def redact_values(text: str, secrets: Iterable[str]) -> str:
    """`text` with each secret masked, as sent and as a server may have escaped it."""
    for secret in sorted(set(secrets), key=len, reverse=True):
        if len(secret) < MIN_SECRET_LENGTH:
            continue
        for form in {secret, quote(secret, safe=""), json.dumps(secret)[1:-1]}:
            if form in text:
                text = text.replace(form, MASK)
    return text


def redact(text: str) -> str:
    """Credential headers masked by name, and every registered secret value."""
    return redact_values(_PAIR.sub(rf"\1'{MASK}'", text), registered_secrets())


def redact_error(error: BaseException, secrets: Iterable[str]) -> None:
    """Mask `secrets` in every text an error carries (message, hint, request id, the
    server's code and message, its args), in place, before anyone shows or logs it."""
    values = [s for s in secrets if len(s) >= MIN_SECRET_LENGTH]
    if not values:
        return
    for name, value in vars(error).items():
        if isinstance(value, str):
            setattr(error, name, redact_values(value, values))
    error.args = tuple(
        redact_values(arg, values) if isinstance(arg, str) else arg for arg in error.args
    )


class RedactCredentials(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install() -> None:
    """Attach the filter to each logger that formats headers (filters do not inherit)."""
    for name in _LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactCredentials) for f in logger.filters):
            logger.addFilter(RedactCredentials())
