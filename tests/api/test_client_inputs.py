"""The client checks what reaches a URL before it sends anything."""

from __future__ import annotations

import pytest

from drs_tui.api.client import DrsClient
from drs_tui.api.models import TemplateResultRequest
from drs_tui.errors import UsageError
from drs_tui.simulator import Simulator


async def test_bad_job_id_sends_nothing(client: DrsClient, simulator: Simulator, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="job_id"):
        await client.download_template_result(TemplateResultRequest("../../etc"), tmp_path)
    with pytest.raises(UsageError, match="type"):
        await client.download_template_result(TemplateResultRequest("abc", type="all"), tmp_path)
    with pytest.raises(UsageError, match="job_id"):
        await client.template_progress("a b")
    assert simulator.seen == []
    assert list(tmp_path.iterdir()) == []
