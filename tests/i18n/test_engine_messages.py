"""The messages made below the UI read in Chinese when the language is zh, and what a
server or a file says passes through as it was said."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from drs_tui import i18n
from drs_tui.api.errors import ApiError
from drs_tui.api.transport import raise_for_status
from drs_tui.connection.check import ConnectionCheck
from drs_tui.credentials import diagnostics
from drs_tui.credentials.profiles import ConfigSnapshot, ProfileNotFoundError
from drs_tui.credentials.secret_store import SECRET_LABELS
from drs_tui.credentials.validation import validate_endpoint, validate_name
from drs_tui.errors import UsageError
from drs_tui.result import ResultArchive
from drs_tui.result.errors import CorruptEntryError, NotAZipError, UnsafeEntryError
from drs_tui.result.zip.hazards import OVERLAP
from drs_tui.result.zip.unsafe_names import PARENT

URL = "https://drs.ap-southeast-1.myhuaweicloud.com/v5/p1/jobs/j1/db-object/template/result"


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.set_language("zh")
    try:
        yield
    finally:
        i18n.set_language("en")


def _answer(status: int, body: Mapping[str, object]) -> httpx.Response:
    request = httpx.Request("GET", URL)
    return httpx.Response(status, json=body, request=request, headers={"X-Request-Id": "r-1"})


async def _api_error(status: int, body: Mapping[str, object]) -> ApiError:
    with pytest.raises(ApiError) as caught:
        await raise_for_status(_answer(status, body))
    return caught.value


@pytest.mark.usefixtures("chinese")
async def test_a_401_reads_in_chinese() -> None:
    error = await _api_error(
        401, {"error_code": "APIGW.0301", "error_msg": "Incorrect IAM authentication information"}
    )
    assert error.title == "认证失败"
    labels = [label for label, _value in error.details()]
    assert labels[:3] == ["状态", "错误码", "消息"]
    assert "请求 ID" in labels


@pytest.mark.usefixtures("chinese")
async def test_what_drs_said_passes_through_untranslated() -> None:
    said = "Job does not exist, please check job ID."  # DRS's words, in English
    error = await _api_error(404, {"error_code": "DRS.10000010", "error_msg": said})
    assert error.error_msg == said
    assert said in error.message
    assert dict(error.details())["消息"] == said
    chinese = "任务不存在"  # as DRS writes it with X-Language: zh-cn
    error = await _api_error(404, {"error_code": "DRS.10000010", "error_msg": chinese})
    assert error.error_msg == chinese


async def test_a_server_message_is_the_same_in_both_languages() -> None:
    body = {"error_code": "DRS.10030008", "error_msg": "Failed to download the file."}
    english = await _api_error(400, body)
    i18n.set_language("zh")
    try:
        chinese = await _api_error(400, body)
    finally:
        i18n.set_language("en")
    assert english.error_msg == chinese.error_msg == "Failed to download the file."
    assert english.title == "DRS API error" and chinese.title == "DRS API 错误"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.usefixtures("chinese")
def test_a_damaged_zip_reads_in_chinese() -> None:
    data = bytearray(_zip({"result.csv": b"id,reason\n1,ok\n"}))
    data[data.index(b"1,ok")] = ord("2")  # the stored bytes no longer match their CRC
    with ResultArchive.from_bytes(bytes(data), name="result.zip") as archive:
        entry = archive.entries[0]
        with pytest.raises(CorruptEntryError) as caught, archive.open_entry(entry) as stream:
            stream.read()
    assert caught.value.title == "条目已损坏"
    assert "CRC 不匹配" in caught.value.message
    assert caught.value.message.startswith("result.csv：")  # the entry's name as the file says


@pytest.mark.usefixtures("chinese")
def test_a_file_that_is_not_a_zip_reads_in_chinese() -> None:
    with pytest.raises(NotAZipError) as caught:
        ResultArchive.from_bytes(b'{"error_code": "DRS.10030008"}', name="result.zip")
    assert caught.value.title == "不是 ZIP 文件"
    assert "不是 ZIP 压缩包" in caught.value.message
    assert caught.value.hint.startswith("这是 JSON")
    assert "DRS.10030008" in caught.value.hint  # what the file says, kept


@pytest.mark.usefixtures("chinese")
def test_a_hostile_name_is_flagged_in_chinese_and_still_refused() -> None:
    with ResultArchive.from_bytes(_zip({"../evil.txt": b"x"}), name="result.zip") as archive:
        entry = archive.entries[0]
    assert entry.name == "../evil.txt"
    assert entry.name_problem == i18n._(PARENT) != PARENT
    assert entry.problem is not None and entry.problem.startswith("不会解压")


@pytest.mark.usefixtures("chinese")
def test_an_overlapping_entry_is_refused_as_unsafe_in_chinese() -> None:
    from drs_tui.result.zip.local_header import refuse_unreadable

    with ResultArchive.from_bytes(_zip({"a.csv": b"x"}), name="result.zip") as archive:
        listed = archive.entries[0]
    entry = replace(listed, problem=i18n._(OVERLAP), readable=False)  # as the listing marks it
    with pytest.raises(UnsafeEntryError) as caught:
        refuse_unreadable(entry)
    assert caught.value.title == "不安全的条目"


@pytest.mark.usefixtures("chinese")
def test_a_missing_profile_reads_in_chinese() -> None:
    with pytest.raises(ProfileNotFoundError) as caught:
        ConfigSnapshot(path=Path("config.toml")).get("prod")
    assert caught.value.title == "配置项不存在"
    assert caught.value.message == "不存在名为 'prod' 的配置项（已有：暂无）。"
    assert "drs-tui profile add prod" in caught.value.hint


@pytest.mark.usefixtures("chinese")
def test_validation_errors_read_in_chinese() -> None:
    with pytest.raises(UsageError) as caught:
        validate_name("my profile")
    assert caught.value.title == "输入无效"
    assert caught.value.message == "配置项名称 'my profile' 无效。"
    with pytest.raises(UsageError) as caught:
        validate_endpoint("http://drs.example.com", "DRS endpoint")
    assert "明文 http 只允许用于本机" in caught.value.message


@pytest.mark.usefixtures("chinese")
def test_doctor_findings_read_in_chinese() -> None:
    warnings: list[str] = []
    diagnostics._credentials_env({"HUAWEICLOUD_SDK_AK": "AK"}, warnings)
    assert warnings[0].startswith("HUAWEICLOUD_SDK_AK 和 HUAWEICLOUD_SDK_SK 只设置了一个")
    warnings = []
    clock = diagnostics.ClockReport("https://drs.example.com", offset_seconds=1200.0)
    diagnostics._clock_warnings(clock, warnings)
    assert warnings == [
        "本机时钟比服务器慢 1200 秒：AK/SK 请求将被拒绝（上限 15 分钟）。请同步时钟（NTP）。"
    ]


def test_labels_follow_a_language_switch() -> None:
    assert SECRET_LABELS["password"] == "IAM password"
    i18n.set_language("zh")
    try:
        assert SECRET_LABELS["password"] == "IAM 密码"
    finally:
        i18n.set_language("en")
    assert SECRET_LABELS["password"] == "IAM password"


@pytest.mark.usefixtures("chinese")
def test_a_connection_check_keeps_english_json_keys() -> None:
    check = ConnectionCheck(
        label="prod",
        method="aksk",
        region="ap-southeast-1",
        drs_endpoint="https://drs",
        iam_endpoint="https://iam",
        project_id="p1",
        job_count=3,
    )
    assert dict(check.summary())["认证方式"] == "AK/SK"
    fields = check.fields()
    assert set(fields) >= {"result", "profile", "auth_method", "region", "project_id", "jobs"}
    assert fields["jobs"] == "3 个同步作业"
