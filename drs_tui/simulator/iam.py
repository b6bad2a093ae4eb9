"""The simulated IAM token API: POST /v3/auth/tokens with a password (and TOTP)."""

from __future__ import annotations

import hmac
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from drs_tui.simulator.accounts import PROJECT_IDS

if TYPE_CHECKING:
    from drs_tui.simulator.server import Simulator


def _iam_error(status: int, message: str, title: str) -> tuple[int, dict[str, str], Any]:
    return status, {}, {"error": {"code": status, "message": message, "title": title}}


def token_answer(sim: Simulator, body: bytes) -> tuple[int, dict[str, str], Any]:
    """(status, headers, JSON body) of a token request, shaped like IAM's."""
    try:
        auth = json.loads(body)["auth"]
        identity = auth["identity"]
        user = identity["password"]["user"]
        name, password, domain = user["name"], user["password"], user["domain"]["name"]
        scope = auth.get("scope", {}).get("project", {})
    except (ValueError, KeyError, TypeError):
        return _iam_error(400, "The request body is malformed.", "Bad Request")
    account = sim.account
    good = (
        name == account.user_name
        and domain == account.domain_name
        and hmac.compare_digest(str(password), account.password)
    )
    if not good:
        return _iam_error(401, "The username or password is wrong.", "Unauthorized")
    if "totp" in identity.get("methods", []):
        totp = identity.get("totp", {}).get("user", {})
        if totp.get("id") != account.user_id or totp.get("passcode") != account.mfa_code:
            return _iam_error(401, "The verification code is wrong.", "Unauthorized")
    if "id" in scope:
        region = next((r for r, p in PROJECT_IDS.items() if p == scope["id"]), None)
    else:
        region = scope.get("name") if scope.get("name") in PROJECT_IDS else None
    if region is None:
        return _iam_error(400, "The project in the scope does not exist.", "Bad Request")
    project_id = PROJECT_IDS[region]
    value, expires = sim.tokens.issue(project_id)
    now = datetime.now(UTC)
    payload = {
        "token": {
            "expires_at": expires.strftime("%Y-%m-%dT%H:%M:%S.000000Z"),
            "issued_at": now.strftime("%Y-%m-%dT%H:%M:%S.000000Z"),
            "methods": identity.get("methods", ["password"]),
            "project": {"id": project_id, "name": region, "domain": {"name": domain}},
            "user": {"id": account.user_id, "name": name, "domain": {"name": domain}},
            "catalog": [],
        }
    }
    return 201, {"X-Subject-Token": value}, payload
