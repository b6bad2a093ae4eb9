"""Plain-text formatting shared by the screens: sizes, rates, job statuses, times.

No Textual here, so the words can be tested on their own.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size

from drs_tui.i18n import (
    N_,
    _ as gettext,  # for messages marked with N_() elsewhere
)

# DRS job statuses in the words people use (shown through gettext); the raw value stays
# visible in the details.
_STATUS_WORDS = {
    "CREATING": N_("creating"),
    "CREATE_FAILED": N_("create failed"),
    "CONFIGURATION": N_("configuring"),
    "STARTJOBING": N_("starting"),
    "WAITING_FOR_START": N_("waiting to start"),
    "START_JOB_FAILED": N_("start failed"),
    "PAUSING": N_("paused"),
    "FULL_TRANSFER_STARTED": N_("full sync"),
    "FULL_TRANSFER_FAILED": N_("full sync failed"),
    "FULL_TRANSFER_COMPLETE": N_("full sync done"),
    "INCRE_TRANSFER_STARTED": N_("incremental"),
    "INCRE_TRANSFER_FAILED": N_("incr. failed"),
    "RELEASE_RESOURCE_STARTED": N_("ending"),
    "RELEASE_RESOURCE_FAILED": N_("end failed"),
    "RELEASE_RESOURCE_COMPLETE": N_("ended"),
    "CHANGE_JOB_STARTED": N_("changing"),
    "CHANGE_JOB_FAILED": N_("change failed"),
    "CHILD_TRANSFER_STARTING": N_("child starting"),
    "CHILD_TRANSFER_STARTED": N_("child running"),
    "CHILD_TRANSFER_COMPLETE": N_("child done"),
    "CHILD_TRANSFER_FAILED": N_("child failed"),
    "COMPLETED": N_("completed"),
    "FAILED": N_("failed"),
}
JOB_STATUSES = tuple(_STATUS_WORDS)


def status_message(status: str) -> str:
    """A job status's words in English, as the catalog knows them (gettext() shows them)."""
    return _STATUS_WORDS.get(status, status)


def status_words(status: str) -> str:
    """A job status in the words of the moment's language (an unknown one as given)."""
    words = _STATUS_WORDS.get(status)
    if words is not None:
        return gettext(words)
    return status.lower().replace("_", " ") if status else "-"


def short_time(value: str) -> str:
    """'2026-11-24T09:12:44Z' -> '2026-11-24 09:12'; anything else is shown as given."""
    if len(value) >= 16 and value[10] in "T ":
        return f"{value[:10]} {value[11:16]}"
    return value or "-"


def short_id(job_id: str, width: int = 8) -> str:
    return job_id if len(job_id) <= width else job_id[: width - 1] + "…"


def fit(text: str, width: int) -> str:
    """Cut `text` to `width` cells with an ellipsis; pad it to exactly `width` cells (a
    Chinese character takes two, and is never cut in half)."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(set_cell_size(text, width - 1).rstrip(" ") + "…", width)
    return pad(text, width)


def pad(text: str, width: int) -> str:
    """`text` with spaces after it up to `width` cells (str.ljust counts characters)."""
    return text + " " * max(width - cell_len(text), 0)


def typed_number(text: str) -> int | None:
    """A row number typed by a person: ASCII digits, commas and spaces allowed."""
    digits = text.replace(",", "").replace(" ", "")
    if not digits or not digits.isascii() or not digits.isdigit() or len(digits) > 12:
        return None
    return int(digits)
