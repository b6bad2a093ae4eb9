"""Saved profiles for the test's simulator, one per credential method."""

from __future__ import annotations

from typing import Any

from drs_tui.connection.settings import AuthMethod, Secret
from drs_tui.credentials.catalog import ProfileCatalog
from drs_tui.credentials.profiles import Profile
from drs_tui.credentials.secret_store import SecretField
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO

SECRET_OF: dict[AuthMethod, tuple[SecretField, str]] = {
    "token": ("token", DEMO.token),
    "password": ("password", DEMO.password),
    "aksk": ("secret_key", DEMO.secret_key),
}


def save_profile(sim: Simulator, method: AuthMethod, name: str = "", **keys: Any) -> str:
    """A default profile `name` (the method's name by default) against `sim`."""
    name = name or method
    fields: dict[str, Any] = {
        "password": {
            "domain_name": DEMO.domain_name,
            "user_name": DEMO.user_name,
            "user_id": DEMO.user_id,
        },
        "aksk": {"access_key": DEMO.access_key},  # mfa (other methods) is dropped
        "token": {},
    }[method]
    profile = Profile(
        name=name,
        method=method,
        region=DEMO.region,
        drs_endpoint=sim.base_url,
        iam_endpoint=sim.base_url,
        **fields,
        **keys,
    )
    field, value = SECRET_OF[method]
    ProfileCatalog().save(profile, {field: Secret(value)}, make_default=True)
    return name
