"""Round trips over real HTTP: profile file + keyring + loopback IAM/DRS simulator."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import pytest

from drs_tui.api.connection_check import check_connection
from drs_tui.api.errors import ApiError
from drs_tui.connection.settings import Secret
from drs_tui.credentials.catalog import ProfileCatalog
from drs_tui.credentials.profiles import Profile
from drs_tui.credentials.resolve import ConnectionFlags, MissingSecretError, resolve_settings
from drs_tui.credentials.secret_store import SecretField
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO


def demo_profile(sim: Simulator, method: str, name: str = "demo") -> Profile:
    fields: dict[str, Any] = {}
    if method == "password":
        fields = {"domain_name": DEMO.domain_name, "user_name": DEMO.user_name}
    elif method == "aksk":
        fields = {"access_key": DEMO.access_key}
    elif method == "temporary":
        fields = {"access_key": DEMO.temp_access_key}
    return Profile(
        name=name,
        method="aksk" if method == "temporary" else method,  # type: ignore[arg-type]
        region=DEMO.region,
        drs_endpoint=sim.base_url,
        iam_endpoint=sim.base_url,
        **fields,
    )


DEMO_SECRETS: dict[str, dict[SecretField, Secret | None]] = {
    "token": {"token": Secret(DEMO.token)},
    "password": {"password": Secret(DEMO.password)},
    "aksk": {"secret_key": Secret(DEMO.secret_key)},
    "temporary": {
        "secret_key": Secret(DEMO.temp_secret_key),
        "security_token": Secret(DEMO.security_token),
    },
}


EXPIRY_TEXTS = {
    "token": "unknown to drs-tui: IAM does not return a pasted token's expiry when it is used "
    "(tokens last 24 hours from issue)",
    "aksk": "AK/SK: no expiry (temporary credentials expire as issued)",
    "temporary": "AK/SK: no expiry (temporary credentials expire as issued)",
}


@pytest.mark.parametrize("method", ["token", "password", "aksk", "temporary"])
async def test_each_method_round_trips_through_profile_keyring_and_simulator(
    simulator: Simulator, method: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    catalog = ProfileCatalog()
    catalog.save(demo_profile(simulator, method), DEMO_SECRETS[method])

    check = await catalog.check("demo", connect=check_connection)

    assert check.ok, check.error
    assert check.project_id == DEMO.project_id
    assert check.drs_endpoint == simulator.base_url
    assert check.job_count is not None and check.job_count > 0
    assert check.first_job
    expiry = dict(check.summary())["Expires"]
    if method == "password":
        assert check.token_expires_at is not None
        assert check.token_expires_at > datetime.now(UTC)
        assert expiry == "token " + check.token_expires_at.isoformat(timespec="seconds")
    else:
        assert check.token_expires_at is None
        assert expiry == EXPIRY_TEXTS[method]
    # The same profile through the resolver the jobs/fetch commands use.
    settings = resolve_settings(ConnectionFlags(profile="demo"), env={})
    assert (await check_connection(settings)).ok
    secrets = [s.reveal() for s in DEMO_SECRETS[method].values() if s]
    shown = " ".join(f"{k}: {v}" for k, v in check.summary()) + caplog.text
    for secret in secrets:
        assert secret not in shown


async def test_a_missing_secret_is_reported_and_nothing_is_sent(simulator: Simulator) -> None:
    catalog = ProfileCatalog()
    catalog.save(demo_profile(simulator, "aksk"))
    check = await catalog.check("demo", connect=check_connection)
    assert not check.ok
    assert isinstance(check.error, MissingSecretError)
    assert check.drs_endpoint == simulator.base_url
    assert simulator.seen == []


async def test_an_unsaved_form_can_be_tested_with_typed_secrets(simulator: Simulator) -> None:
    catalog = ProfileCatalog()
    profile = demo_profile(simulator, "token", name="draft")
    check = await catalog.check(profile, {"token": Secret(DEMO.token)}, connect=check_connection)
    assert check.ok and check.label == "draft"
    assert catalog.listing().entries == ()  # nothing was saved


async def test_a_rejected_secret_comes_back_with_status_hint_and_request_id(
    simulator: Simulator,
) -> None:
    catalog = ProfileCatalog()
    catalog.save(demo_profile(simulator, "aksk"), {"secret_key": Secret("wrong-secret-key-9")})
    check = await catalog.check("demo", connect=check_connection)
    assert not check.ok
    error = check.error
    assert isinstance(error, ApiError) and error.is_auth_failure
    assert error.request_id and error.hint
    text = " ".join(str(v) for _, v in [*check.summary(), *error.details()])
    assert "wrong-secret-key-9" not in text
    assert check.summary()[0][1].startswith("failed: Authentication failed")


async def test_an_unknown_profile_is_a_failed_check() -> None:
    check = await ProfileCatalog().check("nope", connect=check_connection)
    assert not check.ok and check.label == "nope"
