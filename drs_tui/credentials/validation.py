"""Checks of the values a profile or a command-line flag may hold.

Each raises UsageError with a message that is safe to show: a value that could hold a
credential (a URL with user info) is never echoed back.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from drs_tui.errors import UsageError

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_REGION_RE = re.compile(r"[a-z0-9][a-z0-9-]{1,31}")
_PROJECT_RE = re.compile(r"[A-Za-z0-9-]{1,64}")
_ACCESS_KEY_RE = re.compile(r"^[A-Za-z0-9]{1,128}$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def validate_name(name: str) -> str:
    if not _NAME_RE.fullmatch(name or ""):
        raise UsageError(
            f"Invalid profile name {name!r}.",
            hint="Use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.",
        )
    return name


def validate_region(region: str) -> str:
    if not _REGION_RE.fullmatch(region or ""):
        raise UsageError(
            f"Invalid region {region!r}.", hint="A region looks like ap-southeast-1 or cn-north-4."
        )
    return region


def validate_project_id(project_id: str) -> str:
    if not _PROJECT_RE.fullmatch(project_id or ""):
        raise UsageError(
            f"Invalid project id {project_id!r}.",
            hint="A project id is the 32-character id shown under My Credentials > Projects.",
        )
    return project_id


def validate_endpoint(url: str, what: str = "endpoint") -> str:
    """An https URL, or http to this machine only: credentials never go out in clear."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        _ = parts.port  # raises on a bad port
    except ValueError:
        raise UsageError(f"Invalid {what} {url!r}.") from None
    problem = ""
    if parts.scheme not in ("https", "http") or not host:
        problem = "it must start with https:// and name a host"
    elif parts.username or parts.password:
        problem = "it must not contain a user name or password"
    elif parts.query or parts.fragment:
        problem = "it must not contain ?query or #fragment"
    elif parts.scheme == "http" and not _is_loopback(host):
        problem = "plain http is only allowed to this machine (localhost); use https"
    if problem:
        raise UsageError(f"Invalid {what} {_safe_url(url)!r}: {problem}.")
    return url.strip().rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _safe_url(url: str) -> str:
    # Never echo a password someone pasted into a URL.
    return re.sub(r"//[^/@]*@", "//***@", url)


def validate_text(value: str, what: str, limit: int = 128) -> str:
    value = value.strip()
    if not value or len(value) > limit or _CONTROL_RE.search(value):
        raise UsageError(f"Invalid {what}: it must be 1 to {limit} printable characters.")
    return value


def validate_access_key(access_key: str) -> str:
    if not _ACCESS_KEY_RE.fullmatch(access_key or ""):
        raise UsageError("Invalid access key id: it must be letters and digits only.")
    return access_key
