"""The result viewer with the UI in Simplified Chinese: our words translated, counts that
read right in both languages, the file's words left as they are."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import Input

from drs_tui import i18n
from drs_tui.ui.screens.result_viewer_dialogs import (
    ChoicePicker,
    ConfirmDialog,
    PathPrompt,
    RowDetail,
    TextPrompt,
)
from drs_tui.ui.screens.result_viewer_keys import VIEWER_KEYS
from drs_tui.ui.viewer_app import ViewerApp
from drs_tui.ui.widgets.entry_list import ALL_COLUMNS
from drs_tui.ui.widgets.find_bar import FindBar
from drs_tui.ui.widgets.text_view import TextView
from drs_tui.ui.widgets.virtual_table import VirtualTable
from tests.ui.flow_support import settle, wait_for
from tests.ui.viewer_support import (
    ViewerHost,
    in_language,
    notices,
    origin_for,
    result_zip,
    screen_text,
    zip_of,
)

SIZE = (100, 30)


@pytest.fixture
def chinese() -> Iterator[None]:
    with in_language("zh"):
        yield


def _viewer_bindings() -> list[Binding]:
    found = [*VIEWER_KEYS]
    for owner in (
        VirtualTable, TextView, FindBar, PathPrompt, TextPrompt, ConfirmDialog, ChoicePicker,
        RowDetail,
    ):  # fmt: skip
        found += [b for b in owner.BINDINGS if isinstance(b, Binding)]
    found += [b for b in ViewerApp.BINDINGS[:3] if isinstance(b, Binding)]  # then FOCUS_KEYS
    return found


@pytest.mark.usefixtures("chinese")
def test_every_viewer_key_has_chinese_words() -> None:
    untranslated = [
        text
        for binding in _viewer_bindings()
        for text in (binding.description, binding.tooltip)
        if text and i18n._(text) == text
    ]
    assert not untranslated
    assert [i18n._(c.title) for c in ALL_COLUMNS] == [
        "名称", "大小", "压缩后", "压缩比", "修改时间", "问题"
    ]  # fmt: skip


@pytest.mark.usefixtures("chinese")
async def test_counts_and_reasons_in_chinese(tmp_path: Path) -> None:
    path = result_zip(tmp_path, language="zh-cn")
    app = ViewerHost(path, origin_for(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "2 个条目 · 2.5 KiB" in text
        assert "12 行 · ✗ 3 行有错误原因（错误原因）" in text  # the column's name is the file's
        assert "作业 orders-oracle-to-gaussdb" in text and "请求 req-5f2a9c" in text
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoicePicker), what="reasons")
        assert "共 3 种原因，涉及 3 行" in screen_text(app)
        await pilot.press("1")
        await settle(pilot)
        assert "原因 '表名长度超过63个字符'：1 / 12 行" in screen_text(app)
        await pilot.press("colon")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt), what="go to row")
        app.screen.query_one(Input).value = "x"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "'x' 不是有效的行号。" in notices(app))


async def test_one_reason_in_one_row_is_singular_in_english(tmp_path: Path) -> None:
    csv = b"Table,Error Reason\nT1,\nT2,Table does not exist\n"
    app = ViewerHost(zip_of(tmp_path, "one.zip", {"r.csv": csv}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "1 entry · " in text and "2 rows · ✗ 1 with an error reason (Error Reason)" in text
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoicePicker), what="reasons")
        assert "1 reason in 1 row" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("e")
        await settle(pilot)
        assert "only ✗: 1 of 2 rows" in screen_text(app)


@pytest.mark.usefixtures("chinese")
async def test_extract_and_its_question_in_chinese(tmp_path: Path) -> None:
    path = result_zip(tmp_path)
    dest = tmp_path / "all"
    dest.mkdir()
    (dest / "README.txt").write_bytes(b"mine")
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("X")
        await wait_for(pilot, lambda: isinstance(app.screen, PathPrompt), what="folder")
        assert "将全部 2 个条目解压到文件夹" in screen_text(app)
        app.screen.query_one(Input).value = str(dest)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="keep?")
        question = screen_text(app)
        assert "中已存在 1 个文件：" in question and "Esc：不解压" in question
        await pilot.press("n")
        await settle(pilot)
        await wait_for(pilot, lambda: "已将 1 个文件解压到" in notices(app))
        assert "；保留了已存在的 1 个文件" in notices(app)
    assert i18n.current_language() == "zh"  # the fixture, not the app, restores English


def test_the_language_is_english_again_after_a_chinese_test() -> None:
    assert i18n.current_language() == "en" and i18n._("Search") == "Search"
