"""Where a result ZIP shown in the viewer came from, and how to fetch it again.

The result viewer receives a `ResultOrigin` when the ZIP was just downloaded by the app
(`drs-tui open FILE.zip` passes none). It shows the job, type, language, request id and
saved path in its header line, and offers "re-fetch with another type or language" only
when `refetch` is set.

Contract of `refetch`: the viewer calls `origin.refetch(type, language)` (plain call, it
returns at once). The app then shows the download screen on top of the viewer; when the
download succeeds the viewer is replaced by a new one on the new file, when it is cancelled
or fails the person comes back to the unchanged viewer (after the error view). The viewer
does nothing else and posts no message for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from drs_tui.i18n import _
from drs_tui.safe_text import safe_line

Refetch = Callable[[str, str], None]
"""Called with (type, language), e.g. ("compare", "zh-cn")."""
FetchOther = Callable[[str, str, Callable[[Path], None]], None]
"""Called with (type, language, then): downloads that result of the same job beside this
one, as `refetch` does, but leaves the viewer in place and calls `then(path)` when the
download succeeded (nothing when it was cancelled or failed). For "compare with…"."""


@dataclass(frozen=True)
class ResultOrigin:
    job_id: str
    job_name: str
    type: str
    language: str
    level: str | None
    request_id: str | None
    saved_path: Path
    refetch: Refetch | None = field(default=None, compare=False, repr=False)
    fetch_other: FetchOther | None = field(default=None, compare=False, repr=False)

    @property
    def can_refetch(self) -> bool:
        return self.refetch is not None

    def summary(self) -> str:
        """One line for a header: 'job-name (job-id) · detail · en-us · req 1234', the
        server's name and request id made safe for a terminal."""
        name = f"{self.job_name} ({self.job_id})" if self.job_name else self.job_id
        parts = [name, self.type, self.language]
        if self.level:
            parts.append(_("level {level}").format(level=self.level))
        if self.request_id:
            parts.append(_("request {request_id}").format(request_id=self.request_id))
        return safe_line(" · ".join(parts))
