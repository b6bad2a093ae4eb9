"""Connection settings for the demo account against a running simulator."""

from __future__ import annotations

from drs_tui.connection.settings import (
    AkSkCredentials,
    AuthMethod,
    ConnectionSettings,
    Credentials,
    PasswordCredentials,
    Secret,
    TokenCredentials,
)
from drs_tui.simulator.accounts import DEMO, DemoAccount


def demo_credentials(method: AuthMethod = "token", account: DemoAccount = DEMO) -> Credentials:
    if method == "token":
        return TokenCredentials(Secret(account.token))
    if method == "password":
        return PasswordCredentials(account.domain_name, account.user_name, Secret(account.password))
    return AkSkCredentials(account.access_key, Secret(account.secret_key))


def demo_settings(
    base_url: str, method: AuthMethod = "token", account: DemoAccount = DEMO
) -> ConnectionSettings:
    return ConnectionSettings(
        region=account.region,
        credentials=demo_credentials(method, account),
        drs_endpoint=base_url,
        iam_endpoint=base_url,
        label="demo",
    )
