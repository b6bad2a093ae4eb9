"""Keeps credentials out of log records written by httpx and httpcore.

httpcore's DEBUG trace prints whole header lists, e.g. IAM's X-Subject-Token, so a user who
turns on debug logging would otherwise find a live token in the log.
"""

from __future__ import annotations

import logging
import re

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


def redact(text: str) -> str:
    return _PAIR.sub(r"\1'********'", text)


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
