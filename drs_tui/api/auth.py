"""httpx.Auth classes for the three ways to authenticate: token, IAM password, AK/SK.

The password flow gets its token from IAM through `IamTokenSource`, caches it in memory
with its expiry, refreshes it shortly before it expires and once after a 401.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Generator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from drs_tui.api import signer
from drs_tui.api.errors import CredentialsError
from drs_tui.connection.settings import AkSkCredentials, PasswordCredentials
from drs_tui.i18n import _

REFRESH_MARGIN = timedelta(minutes=5)


class TokenAuth(httpx.Auth):
    """A pasted IAM token."""

    def __init__(self, token: str) -> None:
        if not token:
            raise CredentialsError(_("The IAM token is empty."), hint=_("Paste a token first."))
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Auth-Token"] = self._token
        yield request

    def __repr__(self) -> str:
        return "TokenAuth(token='********')"


@dataclass(frozen=True)
class IamToken:
    value: str
    expires_at: datetime | None  # as IAM says, for display
    project_id: str | None
    # When to refresh, on this machine's clock: IAM's lifetime (expires_at - issued_at)
    # counted from when we received it, less min(5 min, half the lifetime). A local clock
    # that runs ahead, or a short-lived token, then cannot cause a refresh storm.
    refresh_at: datetime | None = None

    def fresh(self, now: datetime) -> bool:
        return self.refresh_at is None or now < self.refresh_at

    def __repr__(self) -> str:
        return f"IamToken(value='********', expires_at={self.expires_at!r})"


def parse_expiry(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def refresh_time(
    received: datetime, issued: datetime | None, expires: datetime | None
) -> datetime | None:
    if expires is None:
        return None
    lifetime = expires - issued if issued is not None else expires - received
    if lifetime <= timedelta(0):
        lifetime = timedelta(minutes=1)  # nonsense times: use it briefly, then ask again
    return received + lifetime - min(REFRESH_MARGIN, lifetime / 2)


class IamTokenSource:
    """Obtains and caches a project-scoped token with `POST {iam}/v3/auth/tokens`."""

    def __init__(
        self,
        credentials: PasswordCredentials,
        *,
        iam_endpoint: str,
        region: str,
        project_id: str | None,
        http: httpx.AsyncClient,
    ) -> None:
        self._credentials = credentials
        self._iam = iam_endpoint.rstrip("/")
        self._region = region
        self._project_id = project_id
        self._http = http
        self._lock = asyncio.Lock()
        self.token: IamToken | None = None

    def _body(self) -> dict[str, Any]:
        creds = self._credentials
        user = {
            "name": creds.user_name,
            "password": creds.password.reveal(),
            "domain": {"name": creds.domain_name},
        }
        identity: dict[str, Any] = {"methods": ["password"], "password": {"user": user}}
        if creds.mfa_code:
            if not creds.user_id:
                raise CredentialsError(
                    _("An MFA code needs the IAM user ID."),
                    hint=_("Add the user ID (IAM console > My Credentials) to the profile."),
                )
            identity["methods"].append("totp")
            identity["totp"] = {"user": {"id": creds.user_id, "passcode": creds.mfa_code.reveal()}}
        project = {"id": self._project_id} if self._project_id else {"name": self._region}
        return {"auth": {"identity": identity, "scope": {"project": project}}}

    async def get(self, *, force: bool = False) -> IamToken:
        async with self._lock:
            now = datetime.now(UTC)
            if self.token is not None and not force and self.token.fresh(now):
                return self.token
            if self.token is not None and self._credentials.mfa_code:
                # The passcode was one-time: a new token needs a new code from the person.
                raise CredentialsError(
                    _("The IAM session has expired and MFA needs a new passcode."),
                    hint=_("Sign in again and enter the current code from your MFA device."),
                )
            self.token = await self._issue()
            return self.token

    async def _issue(self) -> IamToken:
        # Imported here: client imports this module for the Auth classes.
        from drs_tui.api.request_log import Exchange
        from drs_tui.api.transport import raise_for_status

        url = f"{self._iam}/v3/auth/tokens"
        request = self._http.build_request("POST", url, json=self._body())
        exchange = Exchange(request, "password")
        try:
            response = await self._http.send(request, auth=_NoAuth())
            await raise_for_status(response)
        except BaseException as exc:
            exchange.ended(error=exc)
            raise
        exchange.ended(response=response)
        value = response.headers.get("X-Subject-Token", "")
        if not value:
            raise CredentialsError(
                _("IAM answered without an X-Subject-Token header."),
                hint=_("Check that the IAM endpoint is right."),
                request_id=response.headers.get("X-Request-Id"),
            )
        received = datetime.now(UTC)
        try:
            body = response.json()
        except ValueError:
            body = {}
        token_info = body.get("token", {}) if isinstance(body, dict) else {}
        if not isinstance(token_info, dict):
            token_info = {}
        project = token_info.get("project") or {}
        expires = parse_expiry(token_info.get("expires_at"))
        return IamToken(
            value=value,
            expires_at=expires,
            project_id=str(project["id"])
            if isinstance(project, dict) and project.get("id")
            else None,
            refresh_at=refresh_time(received, parse_expiry(token_info.get("issued_at")), expires),
        )


class _NoAuth(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        yield request


class PasswordAuth(httpx.Auth):
    """X-Auth-Token from IAM; one refresh and resend after a 401."""

    def __init__(self, source: IamTokenSource) -> None:
        self._source = source

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        raise RuntimeError("PasswordAuth needs an AsyncClient")

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self._source.get()
        request.headers["X-Auth-Token"] = token.value
        response = yield request
        if response.status_code == 401:
            token = await self._source.get(force=True)
            request.headers["X-Auth-Token"] = token.value
            yield request


# Headers httpx adds on its own; they are sent but not signed, as the SDK does not sign them.
_UNSIGNED = {"accept", "accept-encoding", "connection", "user-agent", "content-length"}


class AkSkAuth(httpx.Auth):
    """SDK-HMAC-SHA256 signature, plus X-Project-Id and X-Security-Token."""

    requires_request_body = True

    def __init__(self, credentials: AkSkCredentials, project_id: str | None) -> None:
        if not credentials.access_key or not credentials.secret_key:
            raise CredentialsError(
                _("The access key or secret key is empty."),
                hint=_("Set both, e.g. HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK."),
            )
        self._credentials = credentials
        self.project_id = project_id

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        creds = self._credentials
        request.headers.pop("Authorization", None)  # a resend must not sign the old one
        # Put exactly the signed query on the wire: httpx would send a space as '+',
        # the SDK and the gateway's canonical form use %20.
        pairs = request.url.params.multi_items()
        request.url = request.url.copy_with(query=signer.canonical_query(pairs).encode() or None)
        if self.project_id:
            request.headers["X-Project-Id"] = self.project_id
        if creds.security_token:
            request.headers["X-Security-Token"] = creds.security_token.reveal()
        request.headers[signer.DATE_HEADER] = signer.sdk_date()
        to_sign = {
            k: v for k, v in request.headers.items() if k.lower() not in _UNSIGNED and "_" not in k
        }
        request.headers["Authorization"] = signer.authorization(
            access_key=creds.access_key,
            secret_key=creds.secret_key.reveal(),
            method=request.method,
            path=request.url.path,
            query=pairs,
            headers=to_sign,
            body=request.content,
        )
        yield request

    def __repr__(self) -> str:
        return f"AkSkAuth(access_key={self._credentials.access_key!r}, secret_key='********')"
