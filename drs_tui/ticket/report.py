"""`drs-tui report`: one block of text that answers support's first questions.

Versions (drs-tui, Python, Textual, httpx, keyring, OS), the profile (its non-secret keys
only), region and endpoints, the last request and its answer, and doctor's findings.
What a server or a file said is made safe for a terminal (safe_text); no secret is
read to build it: a profile's keys come from config.toml, credentials in the
environment are named, never shown.
"""

from __future__ import annotations

import os
import platform
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from drs_tui import __version__
from drs_tui.api.request_log import RequestRecord
from drs_tui.connection.endpoints import default_drs_endpoint, default_iam_endpoint
from drs_tui.connection.tunables import ENV_VARS, TUNABLE_NAMES
from drs_tui.credentials.diagnostics import Diagnostics
from drs_tui.credentials.profiles import Profile, ProfileFile
from drs_tui.credentials.resolve import ENV_PROFILE, env_credentials_in_effect
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import _
from drs_tui.safe_text import safe_line

Rows = list[tuple[str, str]]


@dataclass(frozen=True)
class SessionFacts:
    """What the app knows of the connection in use (the CLI reads the profile instead)."""

    profile: str
    method: str
    region: str
    project_id: str | None = None
    drs_endpoint: str | None = None
    iam_endpoint: str | None = None
    extra: Rows = field(default_factory=list)


def versions() -> Rows:
    rows = [("drs-tui", __version__), ("Python", sys.version.split()[0])]
    for name, package in (("Textual", "textual"), ("httpx", "httpx"), ("keyring", "keyring")):
        try:
            rows.append((name, metadata.version(package)))
        except metadata.PackageNotFoundError:
            rows.append((name, _("not installed")))
    rows.append((_("OS"), f"{platform.system()} {platform.release()} ({platform.machine()})"))
    return rows


def profile_facts(name: str | None, env: Mapping[str, str]) -> SessionFacts | str:
    """The profile a command would use (flag, DRS_TUI_PROFILE, the default), or why none."""
    try:
        snapshot = ProfileFile().read()
    except DrsTuiError as exc:
        return exc.message
    chosen = name or env.get(ENV_PROFILE, "").strip() or snapshot.default_profile
    if not chosen:
        return _("none chosen (no --profile, no {variable}, no default profile)").format(
            variable=ENV_PROFILE
        )
    profile = snapshot.profiles.get(chosen)
    if profile is None:
        return _("{name} is not a usable profile in {path}").format(
            name=repr(chosen), path=snapshot.path
        )
    return facts_of(profile)


def facts_of(profile: Profile) -> SessionFacts:
    extra: Rows = []
    if profile.method == "password":
        extra.append((_("MFA"), _("yes") if profile.mfa else _("no")))
    if profile.language:
        extra.append((_("Language"), profile.language))
    for key in TUNABLE_NAMES:
        value = getattr(profile, key)
        if value is not None:
            extra.append((key, f"{value:g}"))
    return SessionFacts(
        profile=profile.name,
        method=profile.method,
        region=profile.region,
        project_id=profile.project_id,
        drs_endpoint=profile.drs_endpoint,
        iam_endpoint=profile.iam_endpoint,
        extra=extra,
    )


def clock_endpoint(facts: SessionFacts | str) -> str | None:
    """The DRS endpoint the described session talks to, for doctor's clock check (None:
    no profile described, doctor chooses)."""
    if isinstance(facts, str):
        return None
    return facts.drs_endpoint or default_drs_endpoint(facts.region)


def _profile_rows(facts: SessionFacts | str, env: Mapping[str, str]) -> Rows:
    if isinstance(facts, str):
        rows: Rows = [(_("Profile"), facts)]
    else:
        override = _("override")
        derived = _("from the region")
        rows = [
            (_("Profile"), facts.profile),
            (_("Method"), facts.method),
            (_("Region"), facts.region),
            (_("Project ID"), facts.project_id or _("looked up from IAM")),
            (
                _("DRS endpoint"),
                f"{facts.drs_endpoint} ({override})"
                if facts.drs_endpoint
                else f"{default_drs_endpoint(facts.region)} ({derived})",
            ),
            (
                _("IAM endpoint"),
                f"{facts.iam_endpoint} ({override})"
                if facts.iam_endpoint
                else f"{default_iam_endpoint(facts.region)} ({derived})",
            ),
            *facts.extra,
        ]
    in_env = env_credentials_in_effect(env)
    if in_env:
        rows.append((_("Credentials"), _("from the environment ({names})").format(names=in_env)))
    for key, variable in ENV_VARS.items():
        if env.get(variable, "").strip():
            rows.append((key, f"{env[variable].strip()[:20]} ({variable})"))
    return rows


def _request_rows(record: RequestRecord | None) -> Rows:
    if record is None:
        return [(_("Request"), _("none made yet on this machine"))]
    rows: Rows = [
        (_("Time"), record.at or "-"),
        (_("Request"), f"{record.method} {record.url}"),
        (_("Status"), str(record.status) if record.status else _("no answer")),
    ]
    if record.error_code:
        rows.append((_("Error code"), record.error_code))
    if record.error_msg:
        rows.append((_("Message"), record.error_msg))
    rows += [
        (_("Request ID"), record.request_id or "-"),
        (_("Attempts"), str(record.attempts)),
        (_("Bytes"), str(record.bytes)),
        (_("Duration"), f"{record.duration:.3f} s"),
    ]
    return rows


def _doctor_rows(found: Diagnostics) -> Rows:
    config = found.config
    keyring = found.keyring
    mode = config.get("file_mode")
    rows: Rows = [
        (
            _("Config file"),
            config["path"] + (f" ({mode})" if mode else "")
            if config["exists"]
            else _("{path} (not created yet)").format(path=config["path"]),
        ),
        (_("Credential store"), keyring.store),
        (_("Keyring"), f"{keyring.active} ({_('usable') if keyring.usable else _('not usable')})"),
    ]
    rows += [(key, value) for key, value in found.network.items()]
    rows += [(key, value) for key, value in found.terminal.items()]
    clock = found.clock
    if clock is not None:
        said = clock.error or f"{clock.offset_seconds or 0.0:+.0f} s"
        rows.append((_("Clock offset"), f"{said} ({clock.endpoint})"))
    rows += [(_("Warning"), warning) for warning in found.warnings]
    if not found.warnings:
        rows.append((_("Warnings"), _("none")))
    return rows


def build_report(
    *,
    facts: SessionFacts | str,
    last: RequestRecord | None,
    diagnostics: Diagnostics,
    env: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> str:
    """The whole report as plain text, every value on one safe line."""
    env = os.environ if env is None else env
    when = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    sections = [
        (_("Versions"), versions()),
        (_("Connection"), _profile_rows(facts, env)),
        (_("Last request"), _request_rows(last)),
        (_("Doctor"), _doctor_rows(diagnostics)),
    ]
    lines = [_("drs-tui report, {time}").format(time=when), ""]
    for title, rows in sections:
        lines.append(title)
        width = max((_cells(label) for label, _value in rows), default=0) + 1
        for label, value in rows:
            first, *rest = str(value).splitlines() or [""]
            pad = " " * (width - _cells(label) - 1)
            lines.append(f"  {label}:{pad} {safe_line(first)}")
            lines += [f"  {'':{width}} {safe_line(line)}" for line in rest]
        lines.append("")
    return "\n".join(lines)


def _cells(text: str) -> int:
    """Terminal cells of `text`: a Chinese character takes two, so labels line up."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_report(text: str, target: Path, *, force: bool) -> None:
    """`text` into `target` whole or not at all; an existing file only with `force`."""
    temp = target.with_name(f".{target.name}.{os.getpid()}.part")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        if force:
            temp.replace(target)
        else:
            _link(temp, target, text)
    finally:
        temp.unlink(missing_ok=True)


def _link(temp: Path, target: Path, text: str) -> None:
    """Put the whole file at `target` unless something is there (a hard link does both
    at once); on a file system without hard links, create it exclusively instead."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(text)
