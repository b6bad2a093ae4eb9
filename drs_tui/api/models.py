"""Typed views of API answers. Unknown fields are kept in `extra`; missing ones tolerated."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drs_tui.api.numbers import json_count
from drs_tui.connection.endpoints import scenario_support
from drs_tui.i18n import _


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Job:
    id: str
    name: str = ""
    status: str = ""
    engine_type: str = ""
    job_type: str = ""
    job_direction: str = ""
    create_time: str = ""
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    _KNOWN = (
        "id",
        "name",
        "status",
        "engine_type",
        "job_type",
        "job_direction",
        "create_time",
        "description",
    )

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> Job:
        values = {key: _text(data, key) for key in cls._KNOWN}
        extra = {k: v for k, v in data.items() if k not in cls._KNOWN}
        return cls(**values, extra=extra)

    @property
    def unsupported_reason(self) -> str | None:
        """Why the template-result API cannot serve this job, or None."""
        return scenario_support(self.engine_type, self.job_type or "sync")


@dataclass(frozen=True)
class JobPage:
    total_count: int
    jobs: list[Job]
    offset: int = 0
    limit: int = 0

    @classmethod
    def from_api(cls, data: dict[str, Any], offset: int, limit: int) -> JobPage:
        raw = data.get("jobs")
        if not isinstance(raw, list):
            raw = []
        jobs = [Job.from_api(item) for item in raw if isinstance(item, dict) and item.get("id")]
        # Absent: this page is all there is. Present: a real count, or a clear error.
        raw_total = data.get("total_count")
        total = len(jobs) if raw_total is None else json_count(raw_total, _("total_count of jobs"))
        return cls(total_count=total, jobs=jobs, offset=offset, limit=limit)


@dataclass(frozen=True)
class ImportProgress:
    send_success: bool | None
    process_status: str
    parsed_success_number: str
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_api(cls, data: dict[str, Any]) -> ImportProgress:
        known = ("send_success", "process_status", "parsed_success_number")
        sent = data.get("send_success")
        return cls(
            send_success=sent if isinstance(sent, bool) else None,
            process_status=_text(data, "process_status"),
            parsed_success_number=_text(data, "parsed_success_number"),
            extra={k: v for k, v in data.items() if k not in known},
        )


@dataclass(frozen=True)
class TemplateResultRequest:
    """What to fetch: one job's result of one type, in one language."""

    job_id: str
    type: str = "detail"
    language: str = "en-us"
    level: str | None = None  # "column" exports objects down to column level

    def default_filename(self) -> str:
        """`{job_id}-{type}-{language}[-{level}].zip` (see download.file_name_for)."""
        level = f"-{self.level}" if self.level else ""
        return f"{self.job_id}-{self.type}-{self.language}{level}.zip"


@dataclass(frozen=True)
class DownloadedResult:
    path: Path
    size: int
    request_id: str | None
    request: TemplateResultRequest
    entry_count: int


@dataclass(frozen=True)
class DownloadProgress:
    received: int
    total: int | None  # from Content-Length when given
    elapsed: float  # seconds since the first byte was requested

    @property
    def rate(self) -> float:
        return self.received / self.elapsed if self.elapsed > 0 else 0.0
