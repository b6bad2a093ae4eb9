"""Plain-text formatting shared by the screens: sizes, rates, job statuses, times.

No Textual here, so the words can be tested on their own.
"""

from __future__ import annotations

# DRS job statuses in the words people use; the raw value stays visible in the details.
_STATUS_WORDS = {
    "CREATING": "creating",
    "CREATE_FAILED": "create failed",
    "CONFIGURATION": "configuring",
    "STARTJOBING": "starting",
    "WAITING_FOR_START": "waiting to start",
    "START_JOB_FAILED": "start failed",
    "PAUSING": "paused",
    "FULL_TRANSFER_STARTED": "full sync",
    "FULL_TRANSFER_FAILED": "full sync failed",
    "FULL_TRANSFER_COMPLETE": "full sync done",
    "INCRE_TRANSFER_STARTED": "incremental",
    "INCRE_TRANSFER_FAILED": "incr. failed",
    "RELEASE_RESOURCE_STARTED": "ending",
    "RELEASE_RESOURCE_FAILED": "end failed",
    "RELEASE_RESOURCE_COMPLETE": "ended",
    "CHANGE_JOB_STARTED": "changing",
    "CHANGE_JOB_FAILED": "change failed",
    "CHILD_TRANSFER_STARTING": "child starting",
    "CHILD_TRANSFER_STARTED": "child running",
    "CHILD_TRANSFER_COMPLETE": "child done",
    "CHILD_TRANSFER_FAILED": "child failed",
    "COMPLETED": "completed",
    "FAILED": "failed",
}
JOB_STATUSES = tuple(_STATUS_WORDS)


def status_words(status: str) -> str:
    return _STATUS_WORDS.get(status, status.lower().replace("_", " ") if status else "-")


def short_time(value: str) -> str:
    """'2026-11-24T09:12:44Z' -> '2026-11-24 09:12'; anything else is shown as given."""
    if len(value) >= 16 and value[10] in "T ":
        return f"{value[:10]} {value[11:16]}"
    return value or "-"


def short_id(job_id: str, width: int = 8) -> str:
    return job_id if len(job_id) <= width else job_id[: width - 1] + "…"


def fit(text: str, width: int) -> str:
    """Cut `text` to `width` cells with an ellipsis; pad it to exactly `width`."""
    if width <= 0:
        return ""
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.ljust(width)


def typed_number(text: str) -> int | None:
    """A row number typed by a person: ASCII digits, commas and spaces allowed."""
    digits = text.replace(",", "").replace(" ", "")
    if not digits or not digits.isascii() or not digits.isdigit() or len(digits) > 12:
        return None
    return int(digits)
