"""Test a connection: authenticate and list one job, and say what worked.

Named "check" rather than "test" so pytest never mistakes it for a test.
"""

from __future__ import annotations

import time
from dataclasses import replace

from drs_tui.api.client import DrsClient
from drs_tui.connection.check import ConnectionCheck
from drs_tui.connection.endpoints import default_drs_endpoint, default_iam_endpoint
from drs_tui.connection.settings import ConnectionSettings
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import _


async def check_connection(settings: ConnectionSettings) -> ConnectionCheck:
    """Authenticate with `settings` and list one job; errors become part of the result.

    Only DrsTuiError is caught: anything else is a bug and should surface as one.
    """
    started = time.monotonic()
    base = ConnectionCheck(
        label=settings.label or _("(unnamed)"),
        method=settings.credentials.method,
        region=settings.region,
        drs_endpoint=settings.drs_endpoint or default_drs_endpoint(settings.region),
        iam_endpoint=settings.iam_endpoint or default_iam_endpoint(settings.region),
        project_id=settings.project_id,
    )
    client: DrsClient | None = None
    try:
        async with DrsClient(settings) as client:
            page = await client.list_jobs(limit=1)
            first = page.jobs[0] if page.jobs else None
            return replace(
                base,
                drs_endpoint=client.drs_endpoint,
                iam_endpoint=client.iam_endpoint,
                project_id=client.project_id,
                token_expires_at=client.token_expires_at,
                job_count=page.total_count,
                first_job=(first.name or first.id) if first else None,
                elapsed=time.monotonic() - started,
            )
    except DrsTuiError as exc:
        return replace(
            base,
            project_id=client.project_id if client is not None else settings.project_id,
            token_expires_at=client.token_expires_at if client is not None else None,
            elapsed=time.monotonic() - started,
            error=exc,
        )
