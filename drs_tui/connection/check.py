"""What testing a connection found, ready to show inline or print.

The test itself (authenticate, list one job) needs the HTTP client and lives in
`drs_tui.api.connection_check`; the credentials layer takes it as a `CheckConnection`
argument. Named "check" rather than "test" so pytest never mistakes it for a test.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from drs_tui import i18n
from drs_tui.connection.settings import ConnectionSettings
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import N_, _
from drs_tui.i18n.labels import TranslatedLabels

METHOD_LABELS: Mapping[str, str] = TranslatedLabels(
    {"token": N_("IAM token"), "password": N_("IAM user and password"), "aksk": "AK/SK"}
)
# IAM returns a token's expires_at when it issues one (password method); a request that
# merely uses a pasted token gets no expiry back, and AK/SK pairs have none.
UNKNOWN_EXPIRY = N_(
    "unknown to drs-tui: IAM does not return a pasted token's expiry when it is used "
    "(tokens last 24 hours from issue)"
)
AKSK_EXPIRY = N_("AK/SK: no expiry (temporary credentials expire as issued)")


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
            return _("token {time}").format(
                time=self.token_expires_at.isoformat(timespec="seconds")
            )
        if self.method == "token":
            return i18n._(UNKNOWN_EXPIRY)
        if self.method == "aksk":
            return i18n._(AKSK_EXPIRY)
        return ""

    def summary(self) -> list[tuple[str, str]]:
        """Label/value rows, most useful first, in the user's language; never contains a
        secret."""
        return [(i18n._(label), value) for label, value in self._rows()]

    def fields(self) -> dict[str, str]:
        """The rows for `--json`: keys that stay English in every language
        (`auth_method`, `project_id`, ...), the values as `summary` words them."""
        return {label.lower().replace(" ", "_"): value for label, value in self._rows()}

    def _rows(self) -> list[tuple[str, str]]:
        """(English label marked for the catalog, value) pairs."""
        result = (
            _("connected")
            if self.ok
            else _("failed: {title}").format(title=self.error and self.error.title)
        )
        rows = [
            (N_("Result"), result),
            (N_("Profile"), self.label),
            (N_("Auth method"), METHOD_LABELS.get(self.method, self.method)),
            (N_("Region"), self.region),
            (N_("DRS endpoint"), self.drs_endpoint),
        ]
        if self.method == "password":
            rows.append((N_("IAM endpoint"), self.iam_endpoint))
        rows.append((N_("Project ID"), self.project_id or _("(not resolved)")))
        expiry = self.expiry()
        if expiry:
            rows.append((N_("Expires"), expiry))
        if self.job_count is not None:
            jobs = _("{count} sync job(s)").format(count=self.job_count)
            if self.first_job:
                jobs = _("{jobs}, e.g. {job}").format(jobs=jobs, job=self.first_job)
            rows.append((N_("Jobs"), jobs))
        rows.append((N_("Took"), _("{seconds:.2f} s").format(seconds=self.elapsed)))
        return rows


CheckConnection = Callable[[ConnectionSettings], Awaitable[ConnectionCheck]]
"""Authenticates with the settings and lists one job: `drs_tui.api.connection_check`."""
