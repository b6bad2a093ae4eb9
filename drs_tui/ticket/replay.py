"""A request again, outside drs-tui: as curl, or as the `drs-tui` line that repeats it.

curl gets the token as `$DRS_TUI_TOKEN`, never its value (the person sets the variable;
a password profile's token comes from IAM, so curl needs one pasted). AK/SK requests
are signed per request, which curl cannot do: they are given back as the equivalent
`drs-tui fetch` (or `drs-tui jobs`) line. Every other word is shell-quoted, so nothing
the server or the person chose can break out of the command.

`describe` shows a request before it is sent (`fetch --dry-run`), with each credential
header replaced by what would fill it.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import httpx

from drs_tui.api.log_redaction import MASK
from drs_tui.api.request_log import RequestRecord
from drs_tui.connection.endpoints import default_drs_endpoint
from drs_tui.i18n import _

TOKEN_VARIABLE = "DRS_TUI_TOKEN"  # noqa: S105 (the name of a variable)
_RESULT = re.compile(r"/v5/(?P<project>[^/]+)/jobs/(?P<job>[^/]+)/db-object/template/result$")
_JOBS = re.compile(r"/v5/(?P<project>[^/]+)/jobs$")
# Headers httpx adds on its own; curl sends its own equivalents.
_LEFT_TO_CURL = {"host", "accept", "accept-encoding", "connection", "user-agent", "content-length"}


def replay(
    record: RequestRecord, *, profile: str | None, region: str | None, demo: bool = False
) -> str:
    """The way to repeat `record`: curl, or for AK/SK the drs-tui line and why."""
    if record.auth == "aksk":
        line = drs_tui_command(record, profile=profile, region=region, demo=demo)
        why = _(
            "# AK/SK requests are signed per request (SDK-HMAC-SHA256), which curl cannot do;"
            " this drs-tui line sends the same request:"
        )
        if line is None:
            return _(
                "# AK/SK requests are signed per request, which curl cannot do, and this"
                " request has no drs-tui command of its own: {method} {url}"
            ).format(method=record.method, url=shlex.quote(record.url))
        return f"{why}\n{line}"
    return curl_command(record)


def curl_command(record: RequestRecord) -> str:
    """curl for `record`, with the token from the environment variable DRS_TUI_TOKEN."""
    if record.auth == "password":
        note = _(
            "# Set {variable} to an IAM token of this project first (drs-tui signs in with"
            " the password; curl needs the token itself)."
        )
    else:
        note = _("# Set {variable} to the IAM token first; its value is never printed.")
    words = ["curl", "-sS", "-D", "-", "-X", shlex.quote(record.method), shlex.quote(record.url)]
    words += ["-H", shlex.quote("Content-Type: application/json")]
    if record.language:
        words += ["-H", shlex.quote(f"X-Language: {record.language}")]
    words += ["-H", f'"X-Auth-Token: ${TOKEN_VARIABLE}"']
    if _RESULT.search(urlsplit(record.url).path):
        words += ["-o", "result.zip"]
    return note.format(variable=TOKEN_VARIABLE) + "\n" + " ".join(words)


def drs_tui_command(
    record: RequestRecord, *, profile: str | None, region: str | None, demo: bool = False
) -> str | None:
    """The `drs-tui fetch` or `drs-tui jobs` line that sends `record` again, or None."""
    parts = urlsplit(record.url)
    query = dict(parse_qsl(parts.query))
    connection = ["--demo"] if demo else []
    if profile:
        connection += ["--profile", profile]
    if region:
        connection += ["--region", region]
    origin = f"{parts.scheme}://{parts.netloc}"
    if not demo and (not region or origin != default_drs_endpoint(region)):
        connection += ["--endpoint", origin]
    result = _RESULT.search(parts.path)
    if result:
        words = ["drs-tui", "fetch", "--job", result["job"], "--type", query.get("type", "detail")]
        if record.language:
            words += ["--lang", record.language]
        if query.get("file_export_object_level"):
            words += ["--level", query["file_export_object_level"]]
        return shlex.join([*words, *connection, "--project-id", result["project"]])
    if _JOBS.search(parts.path):
        words = ["drs-tui", "jobs"]
        filters = (
            ("job_type", "--job-type"),
            ("name", "--name"),
            ("status", "--status"),
            ("engine_type", "--engine-type"),
        )
        for key, flag in filters:
            if query.get(key):
                words += [flag, query[key]]
        for key, flag in (("offset", "--offset"), ("limit", "--limit")):
            if query.get(key, "").isdigit():
                words += [flag, query[key]]
        return shlex.join([*words, *connection])
    return None


@dataclass(frozen=True)
class DryRun:
    """A request as it would be sent, credential headers replaced, and what comes first."""

    method: str
    url: str
    headers: list[tuple[str, str]]
    notes: list[str]

    def text(self) -> str:
        lines = [f"{self.method} {self.url}"]
        lines += [f"{name}: {value}" for name, value in self.headers]
        lines += [f"# {note}" for note in self.notes]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        return {
            "dry_run": True,
            "method": self.method,
            "url": self.url,
            "headers": dict(self.headers),
            "notes": self.notes,
        }


def describe(request: httpx.Request, auth: str, notes: list[str]) -> DryRun:
    """`request` as it would be sent, credential headers replaced by what fills them."""
    headers = [
        (_title(name), value)
        for name, value in request.headers.items()
        if name.lower() not in _LEFT_TO_CURL
    ]
    if auth == "aksk":
        signed = sorted(
            {n.lower() for n in request.headers if n.lower() not in _LEFT_TO_CURL}
            | {"host", "x-sdk-date"}
        )
        headers.append(("X-Sdk-Date", _("(the time of sending)")))
        headers.append(
            (
                "Authorization",
                f"SDK-HMAC-SHA256 Access={MASK}, SignedHeaders={';'.join(signed)}, "
                f"Signature={MASK}",
            )
        )
    elif auth == "password":
        headers.append(("X-Auth-Token", f"{MASK} {_('(a token IAM issues for the password)')}"))
    else:
        headers.append(("X-Auth-Token", MASK))
    return DryRun(request.method, str(request.url), headers, notes)


def _title(name: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in name.split("-"))
