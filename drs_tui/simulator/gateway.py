"""What the API gateway checks before DRS sees a request: a valid token or signature."""

from __future__ import annotations

import hmac
import re
import secrets
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

from drs_tui.api import signer
from drs_tui.simulator.accounts import DemoAccount

MAX_SKEW = timedelta(minutes=15)
_AUTH_RE = re.compile(
    r"SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)"
)


@dataclass
class Rejection:
    status: int
    error_code: str
    error_msg: str


@dataclass
class TokenBook:
    """Tokens issued by the simulated IAM, with their expiry."""

    lifetime: timedelta = timedelta(hours=24)
    _tokens: dict[str, tuple[datetime, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, project_id: str) -> tuple[str, datetime]:
        value = "MIIsim" + secrets.token_urlsafe(48)
        expires = datetime.now(UTC) + self.lifetime
        with self._lock:
            self._tokens[value] = (expires, project_id)
        return value, expires

    def expire_all(self) -> None:
        past = datetime.now(UTC) - timedelta(seconds=1)
        with self._lock:
            self._tokens = {k: (past, p) for k, (_, p) in self._tokens.items()}

    def lookup(self, value: str) -> tuple[datetime, str] | None:
        with self._lock:
            return self._tokens.get(value)


def _bad_auth(detail: str) -> Rejection:
    return Rejection(401, "APIGW.0301", f"Incorrect IAM authentication information: {detail}")


def check_request(
    account: DemoAccount,
    tokens: TokenBook,
    method: str,
    raw_path: str,
    headers: Mapping[str, str],
    body: bytes,
) -> Rejection | None:
    """None when the request is authenticated, else what the gateway answers."""
    lowered = {k.lower(): v for k, v in headers.items()}
    token = lowered.get("x-auth-token")
    if token is not None:
        return _check_token(account, tokens, token)
    auth = lowered.get("authorization")
    if auth is not None:
        return _check_signature(account, method, raw_path, lowered, body, auth)
    return _bad_auth("no token or signature")


def _check_token(account: DemoAccount, tokens: TokenBook, token: str) -> Rejection | None:
    if hmac.compare_digest(token, account.token):
        return None
    found = tokens.lookup(token)
    if found is None:
        return _bad_auth("decrypt token fail")
    expires, _project = found
    if datetime.now(UTC) >= expires:
        return Rejection(401, "APIGW.0307", "The token must be updated.")
    return None


def _check_signature(
    account: DemoAccount,
    method: str,
    raw_path: str,
    headers: dict[str, str],
    body: bytes,
    auth: str,
) -> Rejection | None:
    match = _AUTH_RE.fullmatch(auth.strip())
    if not match:
        return _bad_auth("unsupported authorization")
    access, signed_names, sent_signature = match.groups()
    keys = {
        account.access_key: (account.secret_key, None),
        account.temp_access_key: (account.temp_secret_key, account.security_token),
    }
    if access not in keys:
        return _bad_auth("AK not found")
    secret, security_token = keys[access]
    if security_token is not None and headers.get("x-security-token") != security_token:
        return _bad_auth("security token invalid")
    date = headers.get("x-sdk-date", "")
    try:
        when = datetime.strptime(date, signer.DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return _bad_auth("x-sdk-date is invalid")
    if abs(datetime.now(UTC) - when) > MAX_SKEW:
        return _bad_auth("x-sdk-date is expired (clock skew over 15 minutes)")
    names = signed_names.split(";")
    if "host" not in names or "x-sdk-date" not in names:
        return _bad_auth("host and x-sdk-date must be signed")
    signed = {name: headers.get(name, "") for name in names}
    parts = urlsplit(raw_path)
    query = parse_qsl(parts.query, keep_blank_values=True)
    canonical, _ = signer.canonical_request(method, parts.path, query, signed, body)
    expected = signer.signature(secret, signer.string_to_sign(canonical, date))
    if not hmac.compare_digest(expected, sent_signature):
        return _bad_auth("verify aksk signature fail")
    return None
