"""The DRS hint table: documented codes, hints found by the message's words (English or the
Chinese DRS writes with X-Language: zh-cn) when the code is unknown, and Chinese hints in
the console's wording for a Chinese UI."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drs_tui.api.errors import ApiError, hint_for
from drs_tui.i18n import set_language


@pytest.fixture
def chinese_ui() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("en")


@pytest.mark.parametrize(
    ("code", "message", "words"),
    [
        ("DRS.10000010", "Job does not exist, please check job ID.", "job ID"),
        ("DRS.10030009", "Download template file failed.", "comparison-key"),
        ("DRS.10030008", "Failed to download the file", "upload a template"),
        ("DRS.M00202", "The value of parameter type is invalid.", "result type"),
        ("DRS.M00102", "You do not have sufficient permissions.", "DRS read access"),
    ],
)
def test_documented_codes_have_their_hints(code: str, message: str, words: str) -> None:
    assert words in hint_for(400, code, message)


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("Job does not exist, please check job ID.", "job ID, the region"),
        ("Task not found. Check the task ID.", "job ID, the region"),
        ("任务不存在，请检查任务ID。", "job ID, the region"),
        ("Download template file failed.", "comparison-key"),
        ("下载模板文件失败", "comparison-key"),
        ("This job does not support importing objects by template.", "scenario"),
        ("该任务不支持通过模板导入对象", "scenario"),
        ("The API does not exist or has not been published in the environment", "region"),
        ("API不存在或未发布到环境", "region"),
        ("The token must be updated.", "expired"),
        ("The throttling threshold has been reached", "throttled"),
    ],
)
def test_an_unknown_code_with_a_known_message_still_gets_its_hint(message: str, words: str) -> None:
    assert words in hint_for(400, "DRS.99999999", message)


def test_a_code_and_message_we_do_not_know_fall_back_to_the_status() -> None:
    assert "job ID, type and language" in hint_for(400, "DRS.99999999", "Something odd.")
    assert hint_for(418, "DRS.99999999", "Something odd.") == ""


def test_hints_read_in_chinese_in_the_consoles_words(chinese_ui: None) -> None:
    assert hint_for(404, "APIGW.0101", "").startswith("API不存在或未发布到环境")
    assert hint_for(401, "APIGW.0301", "").startswith("IAM认证信息错误")
    assert hint_for(403, "APIGW.0302", "").startswith("IAM用户不允许访问API")
    assert hint_for(403, "DRS.M00102", "").startswith("用户权限不足")
    assert hint_for(400, "DRS.10030009", "").startswith("下载模板文件失败")
    assert hint_for(400, "DRS.10000010", "") == "作业不存在：请检查作业 ID、区域和项目。"
    assert "作业不存在" in hint_for(400, "DRS.1", "任务不存在")  # by the message, in Chinese
    assert hint_for(503, "", "") == "DRS 暂时不可用：请一分钟后重试。"


def test_an_api_error_built_under_a_chinese_ui_carries_the_chinese_hint(
    chinese_ui: None,
) -> None:
    error = ApiError(status=400, error_code="DRS.10000010", error_msg="Job does not exist")
    assert error.hint.startswith("作业不存在")
    assert error.error_msg == "Job does not exist"  # the server's words stay as they came
