"""The API as huaweicloudsdkdrs knows it, on the wire against the simulator: the progress
call's type/offset/limit, the job list's engine_type, the documented error codes and their
hints, the SDK-only result types a region may refuse, and X-Language following the UI."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from drs_tui.api.client import DrsClient
from drs_tui.api.errors import ApiError
from drs_tui.api.models import TemplateResultRequest
from drs_tui.errors import UsageError
from drs_tui.i18n import set_language
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import PROJECT_IDS
from drs_tui.simulator.jobs import (
    MIGRATION_JOB,
    MYSQL_KAFKA_JOB,
    ORACLE_JOB,
    UNSUPPORTED_JOB,
)

MISSING_JOB = "0c0ffee0-0000-4000-8000-0000000dead0"


def query_of(simulator: Simulator, part: str) -> dict[str, list[str]]:
    """The query string of the last request whose path holds `part`."""
    seen = [r for r in simulator.seen if part in r.path]
    assert seen, f"no request to {part}"
    return parse_qs(urlsplit(seen[-1].path).query)


@pytest.fixture
def chinese_ui() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("en")


# -- import progress ----------------------------------------------------------------------


async def test_progress_sends_type_column_offset_and_limit(
    client: DrsClient, simulator: Simulator
) -> None:
    table = await client.template_progress(ORACLE_JOB)
    assert query_of(simulator, "/template/progress") == {}
    column = await client.template_progress(ORACLE_JOB, level="column", offset=0, limit=20)
    assert query_of(simulator, "/template/progress") == {
        "type": ["column"],
        "offset": ["0"],
        "limit": ["20"],
    }
    assert (table.process_status, table.parsed_success_number) == ("success", "9")
    assert (column.process_status, column.parsed_success_number) == ("success", "27")


async def test_column_progress_of_a_kafka_job_has_nothing_yet(client: DrsClient) -> None:
    progress = await client.template_progress(MYSQL_KAFKA_JOB, level="column")
    assert progress.send_success is False and progress.parsed_success_number == "0"


async def test_progress_inputs_are_checked_before_sending(
    client: DrsClient, simulator: Simulator
) -> None:
    for bad in ({"level": "row"}, {"offset": -1}, {"limit": 0}):
        with pytest.raises(UsageError):
            await client.template_progress(ORACLE_JOB, **bad)
    assert not [r for r in simulator.seen if "/template/progress" in r.path]


@pytest.mark.parametrize("query", ["type=row", "offset=-1", "offset=x", "limit=0", "limit=1.5"])
async def test_the_simulator_refuses_bad_progress_parameters_as_drs_does(
    client: DrsClient, simulator: Simulator, query: str
) -> None:
    import httpx

    project = await client.resolve_project_id()
    url = f"{simulator.base_url}/v5/{project}/jobs/{ORACLE_JOB}/db-object/template/progress"
    response = httpx.get(f"{url}?{query}", headers={"X-Auth-Token": "demo-token-0001"})
    assert response.status_code == 400
    assert response.json()["error_code"] == "DRS.M00202"
    assert query.split("=")[0] in response.json()["error_msg"]


# -- job list -----------------------------------------------------------------------------


async def test_the_job_list_filters_by_engine_type_on_the_server(
    client: DrsClient, simulator: Simulator
) -> None:
    page = await client.list_jobs(engine_type="mysql-to-kafka", limit=100)
    assert query_of(simulator, "/jobs?")["engine_type"] == ["mysql-to-kafka"]
    assert page.jobs and {j.engine_type for j in page.jobs} == {"mysql-to-kafka"}
    assert page.total_count == len(page.jobs)


async def test_an_engine_type_that_is_not_one_is_refused(client: DrsClient) -> None:
    with pytest.raises(UsageError, match="engine type"):
        await client.list_jobs(engine_type="oracle to gauss&x=1")


# -- documented codes and their hints ------------------------------------------------------


async def test_a_missing_job_is_the_documented_drs_10000010(client: DrsClient) -> None:
    with pytest.raises(ApiError) as info:
        await client.template_progress(MISSING_JOB)
    error = info.value
    assert (error.error_code, error.error_msg) == (
        "DRS.10000010",
        "Job does not exist, please check job ID.",
    )
    assert "job ID" in error.hint and "region" in error.hint


@pytest.mark.parametrize("job_id", [UNSUPPORTED_JOB, MIGRATION_JOB])
async def test_an_unsupported_scenario_is_no_longer_drs_10030009(
    client: DrsClient, job_id: str
) -> None:
    with pytest.raises(ApiError) as info:
        await client.template_progress(job_id)
    assert info.value.error_code == "DRS.10000001"
    assert "scenario does not support import templates" in info.value.hint


async def test_download_template_file_failed_is_drs_10030009(
    client: DrsClient, tmp_path: Path
) -> None:
    request = TemplateResultRequest(MYSQL_KAFKA_JOB, "compare")
    with pytest.raises(ApiError) as info:
        await client.download_template_result(request, tmp_path)
    error = info.value
    assert (error.error_code, error.error_msg) == (
        "DRS.10030009",
        "Download template file failed.",
    )
    assert "comparison-key" in error.hint
    assert list(tmp_path.iterdir()) == []


# -- SDK-only types in a region that does not know them ------------------------------------


@pytest.fixture
def in_cn_north_4(make_client: Callable[..., DrsClient]) -> DrsClient:
    return make_client(region="cn-north-4", project_id=PROJECT_IDS["cn-north-4"])


@pytest.mark.parametrize(
    ("kind", "level", "named"),
    [
        ("compare", None, "type=compare"),
        ("compare_key_detail", None, "type=compare_key_detail"),
        ("detail", "column", "file_export_object_level=column"),
    ],
)
async def test_a_region_refusing_an_sdk_only_value_gets_a_hint_that_says_so(
    in_cn_north_4: DrsClient, tmp_path: Path, kind: str, level: str | None, named: str
) -> None:
    async with in_cn_north_4 as client:
        request = TemplateResultRequest(ORACLE_JOB, kind, level=level)
        with pytest.raises(ApiError) as info:
            await client.download_template_result(request, tmp_path)
    error = info.value
    assert (error.status, error.error_code) == (400, "DRS.M00202")
    assert named in error.hint and "SDK" in error.hint
    assert error.region_may_help


async def test_the_same_region_serves_the_documented_types(
    in_cn_north_4: DrsClient, tmp_path: Path
) -> None:
    async with in_cn_north_4 as client:
        result = await client.download_template_result(
            TemplateResultRequest(ORACLE_JOB, "synchronized"), tmp_path
        )
        assert result.path.exists()
        with pytest.raises(ApiError) as info:
            await client.template_progress(ORACLE_JOB, level="column")
    assert "type=column" in info.value.hint


async def test_a_documented_type_refused_keeps_its_own_hint(
    client: DrsClient, tmp_path: Path
) -> None:
    """No template uploaded: DRS.10030008 says why; the SDK-only hint is not for it."""
    from drs_tui.simulator.jobs import NO_TEMPLATE_JOB

    with pytest.raises(ApiError) as info:
        await client.download_template_result(
            TemplateResultRequest(NO_TEMPLATE_JOB, "compare"), tmp_path
        )
    assert info.value.error_code == "DRS.10030008" and "SDK" not in info.value.hint


# -- X-Language --------------------------------------------------------------------------


async def test_x_language_follows_the_ui_language(
    client: DrsClient, simulator: Simulator, chinese_ui: None
) -> None:
    await client.list_jobs()
    assert simulator.seen[-1].headers["X-Language"] == "zh-cn"
    set_language("en")
    await client.list_jobs()
    assert simulator.seen[-1].headers["X-Language"] == "en-us"


async def test_a_chosen_language_wins_over_the_ui_language(
    make_client: Callable[..., DrsClient], simulator: Simulator, chinese_ui: None
) -> None:
    async with make_client(language="en-us") as client:
        await client.list_jobs()
    assert simulator.seen[-1].headers["X-Language"] == "en-us"
