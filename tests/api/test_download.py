"""The template-result download: every type and language, and no partial file on any failure."""

from __future__ import annotations

import asyncio
import dataclasses
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from drs_tui.api.client import DrsClient
from drs_tui.api.errors import ApiError, BadResultFileError, NetworkError
from drs_tui.api.models import DownloadProgress, TemplateResultRequest
from drs_tui.connection.settings import Timeouts
from drs_tui.errors import LocalFileError
from drs_tui.simulator import Simulator
from drs_tui.simulator.jobs import (
    MYSQL_KAFKA_JOB,
    NO_TEMPLATE_JOB,
    ORACLE_JOB,
    TAURUS_KAFKA_JOB,
    UNSUPPORTED_JOB,
)

TYPES = ["detail", "synchronized", "change", "compare", "compare_key_detail"]


def only_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("language", ["en-us", "zh-cn"])
@pytest.mark.parametrize("result_type", TYPES)
async def test_oracle_job_every_type_and_language(
    client: DrsClient, tmp_path: Path, simulator: Simulator, result_type: str, language: str
) -> None:
    request = TemplateResultRequest(ORACLE_JOB, result_type, language)
    result = await client.download_template_result(request, tmp_path)
    assert result.path.parent == tmp_path
    assert result.path.name == f"orders-oracle-to-gaussdb-{result_type}-{language}.zip"
    assert only_files(tmp_path) == [result.path.name]
    with zipfile.ZipFile(result.path) as zf:
        names = zf.namelist()
        workbook = next(n for n in names if n.endswith(".xlsx"))
        assert zf.testzip() is None
    assert result.entry_count == len(names) == 2
    assert (workbook[0] > "\u4e00") == (language == "zh-cn")  # Chinese names under zh-cn
    assert result.request_id == simulator.seen[-1].request_id
    sent = simulator.seen[-1]
    assert sent.headers["X-Language"] == language
    assert f"type={result_type}" in sent.path


async def test_column_level_is_sent(
    client: DrsClient, tmp_path: Path, simulator: Simulator
) -> None:
    request = TemplateResultRequest(ORACLE_JOB, "detail", "en-us", level="column")
    await client.download_template_result(request, tmp_path)
    assert "file_export_object_level=column" in simulator.seen[-1].path


@pytest.mark.parametrize(
    ("job", "suffix"), [(TAURUS_KAFKA_JOB, ".json"), (MYSQL_KAFKA_JOB, ".txt")]
)
async def test_kafka_results_hold_json_or_txt(
    client: DrsClient, tmp_path: Path, job: str, suffix: str
) -> None:
    result = await client.download_template_result(TemplateResultRequest(job), tmp_path)
    with zipfile.ZipFile(result.path) as zf:
        assert any(n.endswith(suffix) for n in zf.namelist())


async def test_no_template_is_drs_10030008_with_hint(client: DrsClient, tmp_path: Path) -> None:
    with pytest.raises(ApiError) as info:
        await client.download_template_result(TemplateResultRequest(NO_TEMPLATE_JOB), tmp_path)
    err = info.value
    assert (err.status, err.error_code, err.error_msg) == (
        400,
        "DRS.10030008",
        "Failed to download the file",
    )
    assert "template" in err.hint and err.request_id
    assert only_files(tmp_path) == []


async def test_unsupported_scenario_explained(client: DrsClient, tmp_path: Path) -> None:
    with pytest.raises(ApiError) as info:
        await client.download_template_result(TemplateResultRequest(UNSUPPORTED_JOB), tmp_path)
    assert "Oracle -> GaussDB" in info.value.hint


async def test_region_without_the_api(
    make_client: Callable[..., DrsClient], tmp_path: Path
) -> None:
    from drs_tui.simulator.accounts import PROJECT_IDS

    async with make_client(project_id=PROJECT_IDS["eu-west-101"]) as client:
        with pytest.raises(ApiError) as info:
            await client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    assert info.value.error_code == "APIGW.0101"
    assert "region" in info.value.hint


async def test_existing_file_is_never_overwritten_unless_asked(
    client: DrsClient, tmp_path: Path
) -> None:
    first = await client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    first.path.write_bytes(b"precious")
    with pytest.raises(LocalFileError, match="already exists"):
        await client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    assert first.path.read_bytes() == b"precious"
    assert only_files(tmp_path) == [first.path.name]
    again = await client.download_template_result(
        TemplateResultRequest(ORACLE_JOB), first.path, overwrite=True
    )
    assert again.path == first.path and zipfile.is_zipfile(again.path)


async def test_output_can_be_a_file_path(client: DrsClient, tmp_path: Path) -> None:
    target = tmp_path / "mine.zip"
    result = await client.download_template_result(TemplateResultRequest(ORACLE_JOB), target)
    assert result.path == target and zipfile.is_zipfile(target)


async def test_missing_folder_is_a_clear_error(client: DrsClient, tmp_path: Path) -> None:
    with pytest.raises(LocalFileError, match="does not exist"):
        await client.download_template_result(
            TemplateResultRequest(ORACLE_JOB), tmp_path / "nope" / "x.zip"
        )


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ('attachment; filename="../../../etc/evil.zip"', "evil.zip"),
        ('attachment; filename="C:\\\\Windows\\\\bad.zip"', "bad.zip"),
        ("attachment; filename*=UTF-8''%E7%BB%93%E6%9E%9C.zip", "结果.zip"),
        ('attachment; filename=".."', None),
        ('attachment; filename="a\x01b.zip"', "a_b.zip"),
        ('attachment; filename="a\tb\x7f.zip"', "a_b_.zip"),
        ('attachment; filename="report.exe"', "report.exe.zip"),
        ('attachment; filename="result"', "result.zip"),
        ('attachment; filename="RESULT.ZIP"', "RESULT.ZIP"),
        ("attachment; filename*=UTF-8''result%E2%80%AEpiz.exe", "resultpiz.exe.zip"),
    ],
)
async def test_content_disposition_is_sanitised(
    client: DrsClient, simulator: Simulator, tmp_path: Path, header: str, expected: str | None
) -> None:
    simulator.faults.disposition = header
    result = await client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    assert result.path.parent == tmp_path
    assert result.path.name == (expected or f"{ORACLE_JOB}-detail-en-us.zip")
    assert only_files(tmp_path) == [result.path.name]


async def test_json_body_with_200_is_an_error_and_leaves_nothing(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.not_zip = True
    with pytest.raises(BadResultFileError, match="DRS.10030008"):
        await client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    assert only_files(tmp_path) == []


async def test_body_cut_short_leaves_nothing(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.cut_body = True
    with pytest.raises((NetworkError, BadResultFileError)) as info:
        await client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    assert "cut" in str(info.value) or "stopped at" in str(info.value)
    assert only_files(tmp_path) == []


async def test_read_timeout_mid_body_leaves_nothing(
    make_client: Callable[..., DrsClient], simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.stall = 1.5
    timeouts = Timeouts(connect=2, read=0.3, write=2, pool=2)
    async with make_client(timeouts=timeouts) as client:
        with pytest.raises(NetworkError, match="stopped answering"):
            await client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    assert only_files(tmp_path) == []


async def test_cancel_mid_download_leaves_nothing(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.stall = 5
    task = asyncio.create_task(
        client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    )
    for _ in range(100):
        await asyncio.sleep(0.02)
        if any(p.suffix == ".part" for p in tmp_path.iterdir()):
            break
    assert any(p.suffix == ".part" for p in tmp_path.iterdir()), "download never started"
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert only_files(tmp_path) == []


async def test_progress_reports_bytes_and_total(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.big_result = 3 * 1024 * 1024
    seen: list[DownloadProgress] = []
    result = await client.download_template_result(
        TemplateResultRequest(ORACLE_JOB), tmp_path, on_progress=seen.append
    )
    assert seen and seen[-1].received == seen[-1].total == result.size
    assert [p.received for p in seen] == sorted(p.received for p in seen)
    assert result.path.name == "big-result.zip"
    assert dataclasses.asdict(seen[-1])["total"] == result.size


@pytest.mark.parametrize("method", ["token", "password", "aksk"])
async def test_every_auth_method_downloads(
    make_client: Callable[..., DrsClient], tmp_path: Path, method: str
) -> None:
    async with make_client(method) as client:
        result = await client.download_template_result(
            TemplateResultRequest(TAURUS_KAFKA_JOB, "detail", "zh-cn"), tmp_path
        )
    assert result.entry_count == 2 and zipfile.is_zipfile(result.path)


async def test_special_files_are_never_replaced(client: DrsClient, tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.zip"
    os.mkfifo(fifo)
    with pytest.raises(LocalFileError, match="not a regular file"):
        await client.download_template_result(
            TemplateResultRequest(ORACLE_JOB), fifo, overwrite=True
        )
    assert only_files(tmp_path) == ["pipe.zip"] and not fifo.is_file()


async def test_long_names_fit_the_file_system(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    from urllib.parse import quote

    name = "对象导入校验结果" * 12 + ".zip"  # 288 bytes of UTF-8: over the usual 255
    simulator.faults.disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    result = await client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    assert result.path.suffix == ".zip" and len(result.path.name.encode()) <= 200
    assert result.path.name.startswith("对象导入校验结果")


async def test_control_and_bidi_characters_are_removed(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    from urllib.parse import quote

    hostile = "evil\u202egpj.zip\u009b"  # right-to-left override and a C1 control (CSI)
    simulator.faults.disposition = f"attachment; filename*=UTF-8''{quote(hostile)}"
    result = await client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    assert result.path.name == "evilgpj.zip"


async def test_disk_errors_are_plain_and_leave_nothing(
    client: DrsClient, simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from drs_tui.api import download

    def full(self: object, block: bytearray) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(download.PartFile, "_write_block", full)
    simulator.faults.big_result = 4 * 1024 * 1024
    with pytest.raises(LocalFileError, match="No space left on device"):
        await client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    assert only_files(tmp_path) == []


async def test_truncated_zip_with_full_length_is_refused(
    client: DrsClient, simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drs_tui.simulator.result_files import build_result_zip

    monkeypatch.setattr(
        "drs_tui.simulator.handler.build_result_zip", lambda *a: build_result_zip(*a)[:-40]
    )
    with pytest.raises(BadResultFileError, match="damaged or incomplete"):
        await client.download_template_result(TemplateResultRequest(ORACLE_JOB), tmp_path)
    assert only_files(tmp_path) == []


def test_odd_json_shapes_are_tolerated() -> None:
    from drs_tui.api.models import JobPage

    assert JobPage.from_api({"jobs": 7}, 0, 10).jobs == []
    page = JobPage.from_api({"jobs": [{"id": "a", "new_field": 1}, {"name": "no id"}, 3]}, 0, 10)
    assert [j.id for j in page.jobs] == ["a"] and page.jobs[0].extra == {"new_field": 1}


async def test_overwrite_never_replaces_a_file_the_server_named(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    precious = tmp_path / "precious.zip"
    precious.write_bytes(b"the user's own file")
    simulator.faults.disposition = 'attachment; filename="precious.zip"'
    with pytest.raises(LocalFileError, match="already exists") as info:
        await client.download_template_result(
            TemplateResultRequest(ORACLE_JOB), tmp_path, overwrite=True
        )
    assert f"-o {precious} --overwrite" in info.value.hint
    assert precious.read_bytes() == b"the user's own file"
    assert only_files(tmp_path) == ["precious.zip"]
    named = await client.download_template_result(
        TemplateResultRequest(ORACLE_JOB), precious, overwrite=True
    )
    assert named.path == precious and zipfile.is_zipfile(precious)
