"""The title and status lines above the preview, in English and in Chinese: counts take
the singular for one in English, keep their digit grouping, and read naturally in zh."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal, cast

import pytest

from drs_tui.result import Document, Matches, Preview, PreviewKind, Progress, Query, ZipEntry
from drs_tui.result.document import ErrorSummary, IndexState
from drs_tui.result.error_column import ErrorColumn
from drs_tui.result.sheets.xlsx_stream import SheetInfo
from drs_tui.ui.widgets.preview_model import Filter, Search, cell_detail
from drs_tui.ui.widgets.preview_reader import Request
from drs_tui.ui.widgets.preview_words import status_line, title_line
from tests.ui.viewer_support import in_language

REASON = ErrorColumn(4, "Error Reason", "header")


@pytest.fixture
def chinese() -> Iterator[None]:
    with in_language("zh"):
        yield


@dataclass
class FakeDocument:
    """What status_line reads of a Document."""

    kind: Literal["table", "lines"] = "table"
    index: IndexState = field(default_factory=IndexState)
    error_column: ErrorColumn | None = REASON


def document(
    rows: int, errors: int = 0, *, kind: Literal["table", "lines"] = "table", complete: bool = True
) -> Document:
    summary = ErrorSummary()
    for ordinal in range(errors):
        summary.add(ordinal, "Table does not exist")
    state = IndexState(rows=rows, complete=complete, errors=summary)
    return cast(Document, FakeDocument(kind, state, REASON if kind == "table" else None))


def status(
    doc: Document,
    *,
    index: Progress | None = None,
    row_filter: Filter | None = None,
    search: Search | None = None,
) -> str:
    preview = Preview(PreviewKind.SHEET, "r.xlsx", 10, fmt="xlsx", document=doc)
    line = status_line(
        preview, doc, index=index, row_filter=row_filter or Filter(), search=search or Search()
    )
    return line.plain


def matches(count: int, *, complete: bool = True) -> Matches:
    return Matches(count=count, complete=complete)


def progress(rows: int, fraction: float = 0.38) -> Progress:
    return Progress(done=int(fraction * 1000), total=1000, rows=rows, matched=0, elapsed=1.0)


def test_row_counts_are_singular_for_one_and_grouped() -> None:
    assert status(document(1)) == "1 row · none with an error reason"
    assert status(document(1_000_000, 9_900)) == (
        "1,000,000 rows · ✗ 9,900 with an error reason (Error Reason)"
    )
    assert status(document(1, kind="lines")) == "1 line"
    assert status(document(8, 1, kind="lines")) == "8 lines · ✗ 1 report a failure"


@pytest.mark.usefixtures("chinese")
def test_row_counts_in_chinese() -> None:
    assert status(document(1)) == "1 行 · 没有带错误原因的行"
    assert status(document(1_000_000, 9_900)) == (
        "1,000,000 行 · ✗ 9,900 行有错误原因（Error Reason）"
    )
    assert status(document(8, 1, kind="lines")) == "8 行 · ✗ 1 行报告失败"


def test_indexing_says_how_far_it_has_come() -> None:
    doc = document(0, 0, complete=False)
    assert status(doc).startswith("reading… 0 rows so far")
    line = status(doc, index=progress(1))
    assert line.startswith("indexing 38% · 1 row so far · ")
    assert status(document(5, 2, complete=False), index=progress(5)).endswith(
        "✗ 2 with an error reason (Error Reason) so far"
    )


@pytest.mark.usefixtures("chinese")
def test_indexing_in_chinese() -> None:
    line = status(document(680_107, 6_733, complete=False), index=progress(680_107, 0.68))
    assert line.startswith("正在建立索引 68% · 已读 680,107 行 · ")
    assert line.endswith("✗ 目前 6,733 行有错误原因（Error Reason）")


def test_filter_counts_in_english() -> None:
    only_errors = Filter(Query(errors_only=True), matches(9_900))
    assert status(document(1_000_000, 9_900), row_filter=only_errors) == (
        "only ✗: 9,900 of 1,000,000 rows"
    )
    one = Filter(Query(errors_only=True), matches(1))
    assert status(document(1, 1), row_filter=one) == "only ✗: 1 of 1 row"
    running = Filter(Query(contains="x"), matches(1, complete=False), progress(3))
    assert status(document(10), row_filter=running) == "filter 'x': ≥ 1 row, 38% scanned"


@pytest.mark.usefixtures("chinese")
def test_filter_counts_in_chinese() -> None:
    only_errors = Filter(Query(errors_only=True), matches(9_900))
    assert status(document(1_000_000, 9_900), row_filter=only_errors) == (
        "仅 ✗：9,900 / 1,000,000 行"
    )
    running = Filter(Query(contains="x"), matches(1, complete=False), progress(3))
    assert status(document(10), row_filter=running) == "筛选 'x'：≥ 1 行，已扫描 38%"
    reason = Filter(Query(reason="源库中不存在该表"), None)
    assert status(document(10), row_filter=reason) == "原因 '源库中不存在该表'：正在筛选…"


def test_search_counts_in_english() -> None:
    doc = document(10)
    assert status(doc, search=Search("x", matches(1))).startswith("search 'x': 1 match · ")
    assert status(doc, search=Search("x", matches(2))).startswith("search 'x': 2 matches · ")
    current = Search("x", matches(1_234), current=0)
    assert status(doc, search=current).startswith("search 'x': match 1 of 1,234 · ")
    running = Search("x", matches(1, complete=False), progress(2, 0.05))
    assert status(doc, search=running).startswith("search 'x': ≥ 1 match, 5% scanned · ")
    assert status(doc, search=Search("x", matches(0))).startswith("search 'x': no match · ")


@pytest.mark.usefixtures("chinese")
def test_search_counts_in_chinese() -> None:
    doc = document(10)
    current = Search("x", matches(1_234), current=0)
    assert status(doc, search=current).startswith("搜索 'x'：第 1 / 1,234 处匹配 · ")
    assert status(doc, search=Search("x", matches(2))).startswith("搜索 'x'：2 处匹配 · ")
    running = Search("x", matches(1, complete=False), progress(2, 0.05))
    assert status(doc, search=running).startswith("搜索 'x'：≥ 1 处匹配，已扫描 5% · ")
    assert status(doc, search=Search("x")).startswith("搜索 'x'：正在搜索… · ")


def test_hex_view_counts_bytes() -> None:
    for shown, words in ((1, "hex view of the first 1 byte"), (4_096, "of the first 4,096 bytes")):
        preview = Preview(PreviewKind.BINARY, "x.bin", shown, shown_bytes=shown)
        line = status_line(preview, None, index=None, row_filter=Filter(), search=Search())
        assert line.plain.endswith(words)
    with in_language("zh"):
        line = status_line(preview, None, index=None, row_filter=Filter(), search=Search())
        assert line.plain == "十六进制视图：前 4,096 字节"


def _request(name: str, encoding: str | None = None) -> Request:
    entry = ZipEntry(
        index=0, name=name, raw_name=name.encode(), size=10, compressed_size=10, method=0,
        flags=0, crc=0, header_offset=0, dos_time=0, external_attr=0, create_system=0,
    )  # fmt: skip
    return Request(entry, encoding=encoding)


def test_title_words_are_translated_but_never_the_file_names() -> None:
    sheets = (SheetInfo("Result", 0), SheetInfo("Summary", 1))
    preview = Preview(
        PreviewKind.SHEET, "r.xlsx", 10, fmt="xlsx", sheets=sheets, sheet="Result",
        encoding_label="UTF-8",
    )  # fmt: skip
    request = _request("r.xlsx", encoding="utf-8")
    english = "r.xlsx · workbook xlsx · sheets: [Result] Summary  · UTF-8 (forced)"
    assert title_line("r.xlsx", preview, request).plain == english
    with in_language("zh"):
        chinese = "r.xlsx · 工作簿 xlsx · 工作表： [Result] Summary  · UTF-8（强制）"
        assert title_line("r.xlsx", preview, request).plain == chinese
        assert title_line("", None, None).plain == "无条目"


def test_cell_detail_in_both_languages() -> None:
    assert cell_detail("Reason", "尾部空格 ") == "Reason · 5 chars, 1 trailing space: 尾部空格␠"
    with in_language("zh"):
        assert cell_detail("Reason", "尾部空格 ") == "Reason · 5 个字符，末尾 1 个空格：尾部空格␠"
        assert cell_detail("a", "  x") == "a · 3 个字符，开头 2 个空格：␠␠x"
