"""No secret ever appears in an error text, a log line, a repr or a URL."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

import pytest

from drs_tui.api.client import DrsClient
from drs_tui.api.models import TemplateResultRequest
from drs_tui.connection.settings import (
    AkSkCredentials,
    PasswordCredentials,
    Secret,
    TokenCredentials,
)
from drs_tui.errors import DrsTuiError
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.jobs import NO_TEMPLATE_JOB

SECRETS = {
    "token": "tok-SECRET-0001",
    "password": "pw-SECRET-0002",
    "sk": "sk-SECRET-0003",
    "sts": "sts-SECRET-0004",
}
CREDENTIALS = [
    TokenCredentials(Secret(SECRETS["token"])),
    PasswordCredentials(DEMO.domain_name, DEMO.user_name, Secret(SECRETS["password"])),
    AkSkCredentials(DEMO.access_key, Secret(SECRETS["sk"])),
    AkSkCredentials(DEMO.temp_access_key, Secret(SECRETS["sk"]), Secret(SECRETS["sts"])),
]
GOOD = [
    TokenCredentials(Secret(DEMO.token)),
    PasswordCredentials(DEMO.domain_name, DEMO.user_name, Secret(DEMO.password)),
    AkSkCredentials(DEMO.access_key, Secret(DEMO.secret_key)),
]


def assert_clean(text: str, secrets: list[str]) -> None:
    for secret in secrets:
        assert secret not in text


@pytest.mark.parametrize("creds", CREDENTIALS, ids=lambda c: c.method)
async def test_rejected_credentials_leave_no_trace(
    make_client: Callable[..., DrsClient],
    simulator: Simulator,
    creds: object,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(credentials=creds)
    async with client:
        with pytest.raises(DrsTuiError) as info:
            await client.list_jobs()
    err = info.value
    texts = [str(err), repr(err), err.hint, repr(err.details()), repr(client), repr(creds)]
    texts += [repr(client.settings), repr(client._auth), caplog.text]
    texts += [seen.path for seen in simulator.seen]
    assert_clean("\n".join(texts), list(SECRETS.values()))


@pytest.mark.parametrize("creds", GOOD, ids=lambda c: c.method)
async def test_accepted_credentials_leave_no_trace(
    make_client: Callable[..., DrsClient],
    simulator: Simulator,
    creds: object,
    caplog: pytest.LogCaptureFixture,
    tmp_path: object,
) -> None:
    caplog.set_level(logging.DEBUG)
    secrets = [DEMO.token, DEMO.password, DEMO.secret_key]
    async with make_client(credentials=creds) as client:
        await client.list_jobs()
        with pytest.raises(DrsTuiError) as info:
            await client.download_template_result(
                TemplateResultRequest(NO_TEMPLATE_JOB),
                tmp_path,  # type: ignore[arg-type]
            )
        texts = [str(info.value), repr(info.value.details()), repr(client), caplog.text]
        texts += [repr(client._auth), repr(client._token_source)]
        if client._token_source is not None and client._token_source.token is not None:
            texts.append(repr(client._token_source.token))
            secrets.append(client._token_source.token.value)  # the token IAM issued
    texts += [seen.path for seen in simulator.seen]
    assert_clean("\n".join(texts), secrets)


def test_secret_wrapper_never_prints() -> None:
    secret = Secret("hunter2")
    creds = AkSkCredentials("AK", secret, Secret("sts"))
    assert "hunter2" not in f"{secret} {secret!r} {creds} {dataclasses.asdict(creds)}"
    assert secret.reveal() == "hunter2"


def test_header_pairs_are_redacted_in_log_text() -> None:
    from drs_tui.api.log_redaction import redact

    line = "[(b'X-Request-Id', b'abc'), (b'X-Subject-Token', b'MIIsecret'), ('authorization', 'SDK x')]"
    assert redact(line) == (
        "[(b'X-Request-Id', b'abc'), (b'X-Subject-Token', '********'), ('authorization', '********')]"
    )


ECHOED = [
    (TokenCredentials(Secret(DEMO.token)), [DEMO.token]),
    (
        PasswordCredentials(DEMO.domain_name, DEMO.user_name, Secret(DEMO.password)),
        [DEMO.password],
    ),
    (
        AkSkCredentials(
            DEMO.temp_access_key, Secret(DEMO.temp_secret_key), Secret(DEMO.security_token)
        ),
        [DEMO.temp_access_key, DEMO.security_token],
    ),
]


@pytest.mark.parametrize(("creds", "secrets"), ECHOED, ids=["token", "password", "aksk-sts"])
async def test_a_server_echoing_the_secrets_never_gets_them_shown(
    make_client: Callable[..., DrsClient],
    simulator: Simulator,
    creds: object,
    secrets: list[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    simulator.faults.hostile.error = 1
    async with make_client(credentials=creds, project_id=DEMO.project_id) as client:
        with pytest.raises(DrsTuiError) as info:
            await client.list_jobs()
    err = info.value
    assert "You sent" in str(err)  # the echo is there, and masked
    texts = [str(err), repr(err), err.hint, repr(err.details()), repr(err.args), caplog.text]
    texts += [str(v) for v in vars(err).values()]
    assert_clean("\n".join(texts), secrets)
    assert "********" in str(err)


def test_registered_secrets_are_masked_in_log_text_until_the_client_closes() -> None:
    from drs_tui.api import log_redaction

    class Holder:
        def values(self) -> list[str]:
            return ["tok-ECHO-0001"]

    holder = Holder()
    log_redaction.register(holder.values)
    try:
        assert (
            log_redaction.redact("echo tok-ECHO-0001 and tok%2DECHO")
            == "echo ******** and tok%2DECHO"
        )
    finally:
        log_redaction.unregister(holder.values)
    assert log_redaction.redact("echo tok-ECHO-0001") == "echo tok-ECHO-0001"
