"""What a session needs to talk to DRS: region, endpoints, project and credentials.

Secrets are wrapped in `Secret` so that a repr, a log line or an f-string never shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

AuthMethod = Literal["token", "password", "aksk"]
AUTH_METHODS: tuple[AuthMethod, ...] = ("token", "password", "aksk")
LANGUAGES = ("en-us", "zh-cn")


class Secret:
    """A credential value that never prints itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__


@dataclass(frozen=True)
class TokenCredentials:
    """A pasted IAM token, sent as X-Auth-Token."""

    token: Secret
    method: AuthMethod = field(default="token", init=False)


@dataclass(frozen=True)
class PasswordCredentials:
    """An IAM user; a token is obtained from IAM and cached in memory."""

    domain_name: str
    user_name: str
    password: Secret
    mfa_code: Secret | None = None  # six-digit TOTP passcode, when the user has MFA
    user_id: str | None = None  # IAM requires the user id for a TOTP passcode
    method: AuthMethod = field(default="password", init=False)


@dataclass(frozen=True)
class AkSkCredentials:
    """An access key pair (permanent, or temporary with a security token)."""

    access_key: str
    secret_key: Secret
    security_token: Secret | None = None
    method: AuthMethod = field(default="aksk", init=False)


Credentials = TokenCredentials | PasswordCredentials | AkSkCredentials


@dataclass(frozen=True)
class Timeouts:
    connect: float = 10.0
    read: float = 60.0
    write: float = 30.0
    pool: float = 10.0


@dataclass(frozen=True)
class ConnectionSettings:
    """Everything the client needs; built by the CLI, a profile or the demo."""

    region: str
    credentials: Credentials
    project_id: str | None = None
    drs_endpoint: str | None = None  # e.g. "https://drs.ap-southeast-1.myhuaweicloud.com"
    iam_endpoint: str | None = None
    language: str | None = None  # X-Language; None: the one matching the UI language
    timeouts: Timeouts = field(default_factory=Timeouts)
    verify: bool | str = True  # False or a CA bundle path for private clouds
    retry_count: int = 2  # retries after the first try (connection/tunables.py)
    label: str = ""  # shown in headers, e.g. the profile name or "demo"
