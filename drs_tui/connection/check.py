"""What testing a connection found, ready to show inline or print.

The test itself (authenticate, list one job) needs the HTTP client and lives in
`drs_tui.api.connection_check`; the credentials layer takes it as a `CheckConnection`
argument. Named "check" rather than "test" so pytest never mistakes it for a test.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from drs_tui.connection.settings import ConnectionSettings
from drs_tui.errors import DrsTuiError

METHOD_LABELS = {"token": "IAM token", "password": "IAM user and password", "aksk": "AK/SK"}
# IAM returns a token's expires_at when it issues one (password method); a request that
# merely uses a pasted token gets no expiry back, and AK/SK pairs have none.
UNKNOWN_EXPIRY = (
    "unknown to drs-tui: IAM does not return a pasted token's expiry when it is used "
    "(tokens last 24 hours from issue)"
)
AKSK_EXPIRY = "AK/SK: no expiry (temporary credentials expire as issued)"


@dataclass(frozen=True)
class ConnectionCheck:
    """The outcome of one connection test, ready to show inline or print.

    On success `error` is None; on failure it is the DrsTuiError to show (title,
    message, hint, request id), and the other fields say how far the check got.
    """

    label: str  # profile name, or "environment"
    method: str
    region: str
    drs_endpoint: str
    iam_endpoint: str
    project_id: str | None = None
    token_expires_at: datetime | None = None
    job_count: int | None = None
    first_job: str | None = None  # name of the newest job, when there is one
    elapsed: float = 0.0  # seconds
    error: DrsTuiError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def expiry(self) -> str:
        """What drs-tui knows of when these credentials stop working, said plainly."""
        if self.method == "password":
            if self.token_expires_at is None:
                return ""  # no token was issued
            return "token " + self.token_expires_at.isoformat(timespec="seconds")
        if self.method == "token":
            return UNKNOWN_EXPIRY
        if self.method == "aksk":
            return AKSK_EXPIRY
        return ""

    def summary(self) -> list[tuple[str, str]]:
        """Label/value rows, most useful first; never contains a secret."""
        rows = [
            ("Result", "connected" if self.ok else f"failed: {self.error and self.error.title}"),
            ("Profile", self.label),
            ("Auth method", METHOD_LABELS.get(self.method, self.method)),
            ("Region", self.region),
            ("DRS endpoint", self.drs_endpoint),
        ]
        if self.method == "password":
            rows.append(("IAM endpoint", self.iam_endpoint))
        rows.append(("Project ID", self.project_id or "(not resolved)"))
        expiry = self.expiry()
        if expiry:
            rows.append(("Expires", expiry))
        if self.job_count is not None:
            jobs = f"{self.job_count} sync job(s)"
            if self.first_job:
                jobs += f", e.g. {self.first_job}"
            rows.append(("Jobs", jobs))
        rows.append(("Took", f"{self.elapsed:.2f} s"))
        return rows


CheckConnection = Callable[[ConnectionSettings], Awaitable[ConnectionCheck]]
"""Authenticates with the settings and lists one job: `drs_tui.api.connection_check`."""
