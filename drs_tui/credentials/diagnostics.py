"""What `drs-tui doctor` and the app's diagnostics view report.

Everything a support desk asks first: version, config file, which keyring backend is in
use and why others are not, proxy and CA settings, terminal colour support and the clock
offset against a server (AK/SK signatures fail beyond 15 minutes of skew): the endpoint
given, else the DRS endpoint of the active profile (DRS_TUI_PROFILE, else the default
profile), else none. Values that could hold a secret (proxy passwords, credential
variables) are never reported.
"""

from __future__ import annotations

import asyncio
import locale
import logging
import os
import platform
import stat
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from drs_tui import __version__
from drs_tui.credentials.mfa import ENV_MFA_CODE
from drs_tui.credentials.profiles import ProfileFile
from drs_tui.credentials.resolve import CREDENTIAL_ENV_VARS, ENV_PROFILE, ENV_PROJECT_ID, ENV_REGION
from drs_tui.credentials.secret_store import KeyringUnavailableError, open_secret_store
from drs_tui.credentials.tmux_check import tmux_report
from drs_tui.credentials.validation import redact_userinfo, validate_endpoint
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import _
from drs_tui.safe_text import safe_line

_log = logging.getLogger(__name__)  # the --debug log

PROXY_VARS = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY")
CA_VARS = ("SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE")
TERMINAL_VARS = ("TERM", "COLORTERM", "NO_COLOR", "TERM_PROGRAM", "LANG", "LC_ALL")
SKEW_WARNING = 60.0  # seconds
SKEW_LIMIT = 15 * 60.0  # the API gateway rejects AK/SK signatures beyond this


@dataclass(frozen=True)
class KeyringReport:
    store: str  # the credential store in use: "keyring" or "memory"
    active: str  # active backend, when the keyring store is used
    chosen_by: str
    usable: bool
    problem: str = ""
    backends: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ClockReport:
    endpoint: str  # never with user info
    source: str = ""  # why this endpoint: "--endpoint" or "profile 'prod'"
    server_time: str = ""
    offset_seconds: float | None = None  # server minus local; +-1 s (Date has whole seconds)
    error: str = ""


@dataclass(frozen=True)
class Diagnostics:
    version: str
    python: str
    platform: str
    config: dict[str, Any]
    keyring: KeyringReport
    network: dict[str, str]
    terminal: dict[str, str]
    credentials_env: dict[str, str]
    clock: ClockReport | None
    warnings: list[str]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def collect(endpoint: str | None = None, env: Mapping[str, str] | None = None) -> Diagnostics:
    """Gather everything; blocks for at most the keyring timeout plus the clock request.

    The clock is measured against `endpoint`, else the active profile's DRS endpoint.
    """
    env = os.environ if env is None else env
    report = _collect_local(env)
    target = clock_target(endpoint, env)
    if target is None:
        return report
    return _with_clock(report, asyncio.run(measure_clock_offset(*target)))


async def collect_async(
    endpoint: str | None = None, env: Mapping[str, str] | None = None
) -> Diagnostics:
    """For the app: the local part runs in a thread, the clock request on the loop."""
    env = os.environ if env is None else env
    report = await asyncio.to_thread(_collect_local, env)
    target = await asyncio.to_thread(clock_target, endpoint, env)
    if target is None:
        return report
    return _with_clock(report, await measure_clock_offset(*target))


def _collect_local(env: Mapping[str, str]) -> Diagnostics:
    warnings: list[str] = []
    config = _config_report(warnings)
    keyring = _keyring_report(config.get("credential_store"), warnings)
    return Diagnostics(
        version=__version__,
        python=sys.version.split()[0],
        platform=f"{platform.system()} {platform.release()} ({platform.machine()})",
        config=config,
        keyring=keyring,
        network=_network_report(env, warnings),
        terminal=_terminal_report(env, warnings),
        credentials_env=_credentials_env(env, warnings),
        clock=None,
        warnings=warnings,
    )


def _with_clock(report: Diagnostics, clock: ClockReport) -> Diagnostics:
    said = clock.error or f"offset {clock.offset_seconds or 0.0:+.0f} s"
    _log.info(
        "clock check against %s (%s): %s", clock.endpoint, clock.source or "-", safe_line(said)
    )
    warnings = list(report.warnings)
    _clock_warnings(clock, warnings)
    return replace(report, clock=clock, warnings=warnings)


def clock_target(endpoint: str | None, env: Mapping[str, str]) -> tuple[str, str] | None:
    """(endpoint, source) to measure the clock against, or None when there is none.

    Without `endpoint`: the DRS endpoint of the profile named by DRS_TUI_PROFILE, else of
    the default profile (derived from its region when it sets none); only a profile that
    exists is used, so a machine without profiles contacts nothing.
    """
    if endpoint is not None:
        return endpoint, "--endpoint"
    try:
        snapshot = ProfileFile().read()
    except DrsTuiError:
        return None  # the config report says what is wrong with the file
    name = env.get(ENV_PROFILE, "").strip() or snapshot.default_profile
    profile = snapshot.profiles.get(name) if name else None
    if profile is None:
        return None
    if profile.drs_endpoint:
        return profile.drs_endpoint, _("profile {name!r}").format(name=profile.name)
    from drs_tui.connection.endpoints import default_drs_endpoint

    source = _("profile {name!r} (its region)").format(name=profile.name)
    return default_drs_endpoint(profile.region), source


def _config_report(warnings: list[str]) -> dict[str, Any]:
    file = ProfileFile()
    report: dict[str, Any] = {"path": str(file.path), "exists": file.path.exists()}
    for name, path in (("file_mode", file.path), ("folder_mode", file.path.parent)):
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        report[name] = f"{mode:04o}"
        if mode & 0o022 and sys.platform != "win32":
            warnings.append(
                _(
                    "{path} can be changed by other users, who could point a profile at their "
                    "own endpoint; run `chmod go-w {path}`."
                ).format(path=path)
            )
    try:
        snapshot = file.read()
    except DrsTuiError as exc:
        report["error"] = exc.message
        warnings.append(exc.message)
        return report
    report["profiles"] = sorted(snapshot.profiles)
    report["default_profile"] = snapshot.default_profile
    report["credential_store"] = snapshot.credential_store or "keyring"
    for problem in snapshot.problems:
        warnings.append(
            _("Profile {name!r} cannot be used: {message}").format(
                name=problem.name, message=problem.message
            )
        )
    return report


def _keyring_report(store_kind: str | None, warnings: list[str]) -> KeyringReport:
    from drs_tui.credentials.keyring_store import KeyringSecretStore, keyring_backends

    store = open_secret_store("keyring")
    problem = ""
    try:
        store.check()
    except KeyringUnavailableError as exc:
        problem = exc.message
        if (store_kind or "keyring") == "keyring":
            warnings.append(f"{exc.message} {exc.hint}")
    backends, chosen_by = keyring_backends()
    active = store.backend_name if isinstance(store, KeyringSecretStore) else ""
    return KeyringReport(
        store=store_kind or "keyring",
        active=active or "(none)",
        chosen_by=chosen_by,
        usable=not problem,
        problem=problem,
        backends=[asdict(info) for info in backends],
    )


def redact_url(url: str) -> str:
    """A proxy URL without its password (the user name stays: it helps support)."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:  # a bad port or bracket: hide everything before the '@'
        return redact_userinfo(url)


def _network_report(env: Mapping[str, str], warnings: list[str]) -> dict[str, str]:
    report: dict[str, str] = {}
    for name in PROXY_VARS:
        value = env.get(name) or env.get(name.lower())
        if value:
            report[name] = value if name == "NO_PROXY" else redact_url(value)
    for name in CA_VARS:
        value = env.get(name)
        if not value:
            continue
        report[name] = value
        if not Path(value).exists():
            warnings.append(
                _("{variable} points to {path}, which does not exist.").format(
                    variable=name, path=value
                )
            )
    bundle = env.get("REQUESTS_CA_BUNDLE")
    if bundle and not env.get("SSL_CERT_FILE"):
        warnings.append(
            _(
                "REQUESTS_CA_BUNDLE is not read by drs-tui (it uses httpx); set "
                "SSL_CERT_FILE={bundle} to trust the same certificates."
            ).format(bundle=bundle)
        )
    return report


def colour_depth(env: Mapping[str, str]) -> str:
    """The colour support the terminal announces, judged the way Rich does."""
    if env.get("NO_COLOR"):
        return "none (NO_COLOR is set)"
    colorterm = env.get("COLORTERM", "").lower()
    term = env.get("TERM", "").lower()
    if colorterm in ("truecolor", "24bit"):
        return "truecolor (24-bit)"
    if not term or term in ("dumb", "unknown"):
        return "none (TERM is dumb or unset)"
    if term.endswith(("-direct", "-truecolor")) or term in ("xterm-kitty", "xterm-ghostty"):
        return "truecolor (24-bit)"
    if "256color" in term:
        return "256 colours"
    return "16 colours"


def _terminal_report(env: Mapping[str, str], warnings: list[str]) -> dict[str, str]:
    report = {name: env[name] for name in TERMINAL_VARS if env.get(name)}
    report["colour_depth"] = colour_depth(env)
    report["ssh_session"] = "yes" if env.get("SSH_CONNECTION") or env.get("SSH_TTY") else "no"
    report["encoding"] = locale.getpreferredencoding(False)
    term = env.get("TERM", "")
    if term in ("screen", "tmux") and not env.get("COLORTERM"):
        warnings.append(
            _(
                "TERM={term} announces only 16 colours; inside tmux/screen set TERM to "
                "tmux-256color or screen-256color for a better picture."
            ).format(term=term)
        )
    if env.get("TMUX"):
        report.update(tmux_report(warnings))
    if "utf" not in report["encoding"].lower().replace("-", ""):
        warnings.append(
            _(
                "The locale encoding is {encoding}; set LANG=C.UTF-8 (or another "
                "UTF-8 locale) so names and borders display correctly."
            ).format(encoding=report["encoding"])
        )
    return report


def _credentials_env(env: Mapping[str, str], warnings: list[str]) -> dict[str, str]:
    names = (*CREDENTIAL_ENV_VARS, ENV_REGION, ENV_PROJECT_ID, ENV_PROFILE, ENV_MFA_CODE)
    report = {name: "set" for name in names if env.get(name, "").strip()}
    if ("HUAWEICLOUD_SDK_AK" in report) != ("HUAWEICLOUD_SDK_SK" in report):
        warnings.append(
            _("Only one of HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK is set; set both or neither.")
        )
    if any(name in report for name in CREDENTIAL_ENV_VARS):
        warnings.append(
            _("Credentials are set in the environment; they take precedence over every profile.")
        )
    return report


async def measure_clock_offset(
    endpoint: str,
    source: str = "",
    *,
    timeout: float = 5.0,
    local_clock: Callable[[], float] = time.time,
) -> ClockReport:
    """Compare `local_clock` with the Date header of any answer from `endpoint`.

    A GET of the endpoint as given, without credentials: a 401 or 404 answer carries a
    Date as well. The endpoint is validated first (no user info, a port in range, https
    or loopback http); every failure, from validation to the answer, is returned as the
    report's `error`, never raised.
    """
    import httpx

    shown = redact_userinfo(endpoint.strip())
    try:
        url = validate_endpoint(endpoint, _("endpoint"))
    except DrsTuiError as exc:
        return ClockReport(shown, source, error=exc.message)
    try:
        async with httpx.AsyncClient(
            timeout=timeout, trust_env=True, follow_redirects=False
        ) as client:
            sent = local_clock()
            response = await client.get(url)
            received = local_clock()
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ValueError, OverflowError) as exc:
        return ClockReport(
            shown,
            source,
            error=_("no answer: {error}: {text}").format(error=type(exc).__name__, text=exc),
        )
    header = response.headers.get("Date")
    if not header:
        return ClockReport(shown, source, error=_("the answer has no Date header"))
    try:
        server = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return ClockReport(
            shown, source, error=_("unreadable Date header {value!r}").format(value=header[:40])
        )
    if server.tzinfo is None:
        server = server.replace(tzinfo=UTC)
    offset = server.timestamp() - (sent + received) / 2
    return ClockReport(
        shown,
        source,
        server_time=server.astimezone(UTC).isoformat(timespec="seconds"),
        offset_seconds=round(offset, 1),
    )


def _clock_warnings(clock: ClockReport, warnings: list[str]) -> None:
    if clock.error:
        warnings.append(
            _("Clock check against {endpoint} failed: {error}").format(
                endpoint=clock.endpoint, error=clock.error
            )
        )
        return
    offset = clock.offset_seconds or 0.0
    behind = offset > 0
    if abs(offset) > SKEW_LIMIT:
        warning = (
            _(
                "This machine's clock is {seconds:.0f} s behind the server: AK/SK "
                "requests will be rejected (limit 15 minutes). Sync the clock (NTP)."
            )
            if behind
            else _(
                "This machine's clock is {seconds:.0f} s ahead of the server: AK/SK "
                "requests will be rejected (limit 15 minutes). Sync the clock (NTP)."
            )
        )
        warnings.append(warning.format(seconds=abs(offset)))
    elif abs(offset) > SKEW_WARNING:
        warning = (
            _(
                "This machine's clock is {seconds:.0f} s behind the server; AK/SK "
                "signatures fail beyond 15 minutes of skew."
            )
            if behind
            else _(
                "This machine's clock is {seconds:.0f} s ahead of the server; AK/SK "
                "signatures fail beyond 15 minutes of skew."
            )
        )
        warnings.append(warning.format(seconds=abs(offset)))
