"""What `drs-tui doctor` and the app's diagnostics view report.

Everything a support desk asks first: version, config file, which keyring backend is in
use and why others are not, proxy and CA settings, terminal colour support and the clock
offset against a server (AK/SK signatures fail beyond 15 minutes of skew). Values that
could hold a secret (proxy passwords, credential variables) are never reported.
"""

from __future__ import annotations

import asyncio
import locale
import os
import platform
import stat
import sys
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from drs_tui import __version__
from drs_tui.credentials.profiles import ProfileFile
from drs_tui.credentials.resolve import CREDENTIAL_ENV_VARS, ENV_PROFILE, ENV_PROJECT_ID, ENV_REGION
from drs_tui.credentials.secret_store import KeyringUnavailableError, open_secret_store
from drs_tui.errors import DrsTuiError

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
    endpoint: str
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
    """Gather everything; blocks for at most the keyring timeout plus the clock request."""
    env = os.environ if env is None else env
    warnings: list[str] = []
    config = _config_report(warnings)
    keyring = _keyring_report(config.get("credential_store"), warnings)
    clock = asyncio.run(measure_clock_offset(endpoint)) if endpoint else None
    if clock is not None:
        _clock_warnings(clock, warnings)
    return Diagnostics(
        version=__version__,
        python=sys.version.split()[0],
        platform=f"{platform.system()} {platform.release()} ({platform.machine()})",
        config=config,
        keyring=keyring,
        network=_network_report(env, warnings),
        terminal=_terminal_report(env, warnings),
        credentials_env=_credentials_env(env, warnings),
        clock=clock,
        warnings=warnings,
    )


async def collect_async(
    endpoint: str | None = None, env: Mapping[str, str] | None = None
) -> Diagnostics:
    """For the app: the keyring part runs in a thread, the clock request on the loop."""
    report = await asyncio.to_thread(collect, None, env)
    if not endpoint:
        return report
    clock = await measure_clock_offset(endpoint)
    warnings = list(report.warnings)
    _clock_warnings(clock, warnings)
    return replace(report, clock=clock, warnings=warnings)


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
                f"{path} can be changed by other users, who could point a profile at their own "
                f"endpoint; run `chmod go-w {path}`."
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
        warnings.append(f"Profile {problem.name!r} cannot be used: {problem.message}")
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
    """A proxy URL without its password."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(unparseable)"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


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
            warnings.append(f"{name} points to {value}, which does not exist.")
    bundle = env.get("REQUESTS_CA_BUNDLE")
    if bundle and not env.get("SSL_CERT_FILE"):
        warnings.append(
            "REQUESTS_CA_BUNDLE is not read by drs-tui (it uses httpx); set "
            f"SSL_CERT_FILE={bundle} to trust the same certificates."
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
            f"TERM={term} announces only 16 colours; inside tmux/screen set TERM to "
            "tmux-256color or screen-256color for a better picture."
        )
    if "utf" not in report["encoding"].lower().replace("-", ""):
        warnings.append(
            f"The locale encoding is {report['encoding']}; set LANG=C.UTF-8 (or another "
            "UTF-8 locale) so names and borders display correctly."
        )
    return report


def _credentials_env(env: Mapping[str, str], warnings: list[str]) -> dict[str, str]:
    names = (*CREDENTIAL_ENV_VARS, ENV_REGION, ENV_PROJECT_ID, ENV_PROFILE)
    report = {name: "set" for name in names if env.get(name, "").strip()}
    if ("HUAWEICLOUD_SDK_AK" in report) != ("HUAWEICLOUD_SDK_SK" in report):
        warnings.append(
            "Only one of HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK is set; set both or neither."
        )
    if any(name in report for name in CREDENTIAL_ENV_VARS):
        warnings.append(
            "Credentials are set in the environment; they take precedence over every profile."
        )
    return report


async def measure_clock_offset(
    endpoint: str, *, timeout: float = 5.0, transport: Any = None
) -> ClockReport:
    """Compare this machine's clock with the Date header of any answer from `endpoint`.

    No credentials are sent; a 401 or 404 answer carries a Date as well.
    """
    import httpx

    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ClockReport(endpoint, error="not an http(s) URL")
    shown = redact_url(endpoint)
    try:
        async with httpx.AsyncClient(
            timeout=timeout, trust_env=True, follow_redirects=False, transport=transport
        ) as client:
            sent = time.time()
            response = await client.head(endpoint)
            received = time.time()
    except httpx.HTTPError as exc:
        return ClockReport(shown, error=f"no answer: {type(exc).__name__}: {exc}")
    header = response.headers.get("Date")
    if not header:
        return ClockReport(shown, error="the answer has no Date header")
    try:
        server = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return ClockReport(shown, error=f"unreadable Date header {header[:40]!r}")
    if server.tzinfo is None:
        server = server.replace(tzinfo=UTC)
    offset = server.timestamp() - (sent + received) / 2
    return ClockReport(
        shown,
        server_time=server.astimezone(UTC).isoformat(timespec="seconds"),
        offset_seconds=round(offset, 1),
    )


def _clock_warnings(clock: ClockReport, warnings: list[str]) -> None:
    if clock.error:
        warnings.append(f"Clock check against {clock.endpoint} failed: {clock.error}")
        return
    offset = clock.offset_seconds or 0.0
    direction = "behind" if offset > 0 else "ahead of"
    if abs(offset) > SKEW_LIMIT:
        warnings.append(
            f"This machine's clock is {abs(offset):.0f} s {direction} the server: AK/SK "
            "requests will be rejected (limit 15 minutes). Sync the clock (NTP)."
        )
    elif abs(offset) > SKEW_WARNING:
        warnings.append(
            f"This machine's clock is {abs(offset):.0f} s {direction} the server; AK/SK "
            "signatures fail beyond 15 minutes of skew."
        )
