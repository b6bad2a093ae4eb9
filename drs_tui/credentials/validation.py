"""Checks of the values a profile or a command-line flag may hold.

Each raises UsageError with a message that is safe to show: a value that could hold a
credential (a URL with user info) is never echoed back.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from drs_tui import i18n
from drs_tui.connection.inputs import check_id, check_region
from drs_tui.errors import UsageError
from drs_tui.i18n import N_, _

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_ACCESS_KEY_RE = re.compile(r"^[A-Za-z0-9]{1,128}$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_PORT_PROBLEM = N_("its port is not a number from 1 to 65535")


def validate_name(name: str) -> str:
    if not _NAME_RE.fullmatch(name or ""):
        raise UsageError(
            _("Invalid profile name {name!r}.").format(name=name),
            hint=_(
                "Use up to 64 letters, digits, '.', '_' or '-', starting with a letter or digit."
            ),
        )
    return name


def validate_region(region: str) -> str:
    """The rule the client applies (drs_tui.connection.inputs), so a profile never holds a value the
    client would refuse later."""
    return check_region(region)


def validate_project_id(project_id: str) -> str:
    return check_id("project_id", project_id)


def validate_endpoint(url: str, what: str = "endpoint") -> str:
    """An https URL, or http to this machine only: credentials never go out in clear.

    User info (`https://user:password@host`) is refused before anything else, even when
    the rest of the URL cannot be parsed, and no message repeats it.
    """
    url = url.strip()
    shown = redact_userinfo(url)
    if shown != url:
        raise UsageError(
            _(
                "Invalid {what} {shown!r}: it must not contain a user name or password "
                "(nothing before an '@')."
            ).format(what=what, shown=shown),
            hint=_(
                "Credentials never go in URLs: drs-tui keeps them in the keyring "
                "(`drs-tui profile add NAME --update`) or reads them from the environment."
            ),
        )
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port  # raises on a port out of range or not a number
    except ValueError as exc:
        message = (
            _("Invalid {what} {shown!r}: {problem}.")
            if str(exc).startswith("Port")
            else _("Invalid {what} {shown!r}.")
        )
        raise UsageError(
            message.format(what=what, shown=shown, problem=i18n._(_PORT_PROBLEM)),
            hint=_("An endpoint looks like https://drs.ap-southeast-1.myhuaweicloud.com"),
        ) from None
    problem = ""
    if parts.scheme not in ("https", "http") or not host:
        problem = _("it must start with https:// and name a host")
    elif port == 0:
        problem = i18n._(_PORT_PROBLEM)
    elif parts.query or parts.fragment:
        problem = _("it must not contain ?query or #fragment")
    elif parts.scheme == "http" and not _is_loopback(host):
        problem = _("plain http is only allowed to this machine (localhost); use https")
    if problem:
        raise UsageError(
            _("Invalid {what} {shown!r}: {problem}.").format(
                what=what, shown=shown, problem=problem
            )
        )
    return url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def redact_userinfo(url: str) -> str:
    """`url` with everything between the scheme and the last '@' replaced by '***'.

    Never fails, whatever the input: it is what error messages show of a URL that may
    hold a password, including URLs the parser rejects and ones without a scheme.
    """
    if "@" not in url:
        return url
    scheme = _SCHEME_RE.match(url)
    start = scheme.end() if scheme else 0
    return url[:start] + "***" + url[url.rindex("@") :]


def validate_text(value: str, what: str, limit: int = 128) -> str:
    value = value.strip()
    if not value or len(value) > limit or _CONTROL_RE.search(value):
        raise UsageError(
            _("Invalid {what}: it must be 1 to {limit} printable characters.").format(
                what=what, limit=limit
            )
        )
    return value


def validate_access_key(access_key: str) -> str:
    if not _ACCESS_KEY_RE.fullmatch(access_key or ""):
        raise UsageError(_("Invalid access key id: it must be letters and digits only."))
    return access_key
