"""The last request, kept in the state folder for `drs-tui report` and the error view.

`last-request.json` holds what `RequestRecord` holds: method, URL with its query,
X-Language, the credential method's name, status, the server's code and message
(masked of the caller's secrets before they got here), request id, attempts, bytes,
duration and time. No header value, no body, no profile secret. Written owner-only and
replaced at once; a state folder that cannot be written costs the record, never the run.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from drs_tui.api import request_log
from drs_tui.api.request_log import RequestRecord
from drs_tui.ticket.state_folder import private_folder, state_dir, write_private

FILE_NAME = "last-request.json"
_log = logging.getLogger(__name__)


def record_path() -> Path:
    return state_dir() / FILE_NAME


def keep(record: RequestRecord) -> None:
    """A request_log observer: store `record` as the last request."""
    path = record_path()
    try:
        private_folder(path.parent)
        write_private(path, json.dumps(record.to_dict(), ensure_ascii=False, indent=1) + "\n")
    except OSError as exc:
        _log.warning("last request not kept in %s: %s", path, exc.strerror or exc)  # i18n: keep


def remember_requests() -> None:
    """From now on, each finished request is kept (once per process)."""
    request_log.remove_observer(keep)
    request_log.add_observer(keep)


def read_last() -> RequestRecord | None:
    """This process's last request, else the one kept by an earlier run, else None."""
    current = request_log.last_request()
    if current is not None:
        return current
    try:
        data = json.loads(record_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return RequestRecord.from_dict(data)
