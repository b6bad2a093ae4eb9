"""Numbers from a server, read strictly: a bad one is a clear error, never a traceback.

`str.isdigit()` accepts '²' and '٣', which `int()` then refuses or reads as another
number; JSON allows 1e400 (infinity as a float), NaN and true. Only ASCII digits and
real integers get through here.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from drs_tui.api.errors import UnexpectedAnswerError
from drs_tui.i18n import _
from drs_tui.safe_text import safe_line

# Longer waits than a day are read as a day: the caller compares with its own limit.
RETRY_AFTER_CAP = 24 * 3600.0
_MAX_DIGITS = 18  # below 2**63: every length or count a server can mean


def ascii_int(text: str) -> int | None:
    """A non-negative integer written in ASCII digits (at most 18), else None."""
    text = text.strip()
    if not text or len(text) > _MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (delta-seconds or an HTTP date), at most a day; None when
    absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        seconds = ascii_int(value)
        return RETRY_AFTER_CAP if seconds is None else min(float(seconds), RETRY_AFTER_CAP)
    try:
        when = parsedate_to_datetime(value)
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        wait = (when - datetime.now(UTC)).total_seconds()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return min(max(0.0, wait), RETRY_AFTER_CAP)


def json_count(value: object, what: str) -> int:
    """A count from a JSON answer: an integer (or integral float, or ASCII digits) from 0
    to 10**15; anything else raises UnexpectedAnswerError naming `what`."""
    count: int | None = None
    if isinstance(value, bool):
        count = None
    elif isinstance(value, int):
        count = value
    elif isinstance(value, float) and math.isfinite(value) and value.is_integer():
        count = int(value)
    elif isinstance(value, str):
        count = ascii_int(value)
    if count is None or not 0 <= count <= 10**15:
        shown = safe_line(repr(value))
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        raise UnexpectedAnswerError(
            _("The server's {what} is {shown}, which is not a count.").format(
                what=what, shown=shown
            ),
            hint=_(
                "The endpoint may not be DRS, or a proxy changed the answer; retry, and "
                "quote the request ID to support if it persists."
            ),
        )
    return count
