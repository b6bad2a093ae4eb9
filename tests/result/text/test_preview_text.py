"""Text entries as Documents: lines and records read again from anywhere, whatever the
block boundaries and the encoding."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings, strategies as st

from drs_tui.result.document import Query
from drs_tui.result.text import line_document
from drs_tui.result.text.line_document import TextDocument
from drs_tui.sizes import format_size
from tests.result.preview_corpus import ZH_LINES


class BytesReader:
    """An entry held in memory, readable from any offset (EntryReader's interface)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.size = len(data)
        self.opened: list[int] = []

    def open(self, offset: int = 0) -> io.BytesIO:
        self.opened.append(offset)
        return io.BytesIO(self.data[offset:])


def lines_of(document: TextDocument) -> list[str]:
    document.build_index(None, None)
    return [cells[0] for _, cells in document.rows(0, document.index.rows)]


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(line_document, "CHUNK", 17)


TRADITIONAL = "".join(f"第{i}行：表格 T_{i} 欄位校驗失敗，錯誤原因：不存在。\n" for i in range(400))
JAPANESE = "".join(f"{i}行目：テーブル T_{i} の列がありません。\n" for i in range(400))


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        ("utf-8", ZH_LINES),
        ("gb18030", ZH_LINES),
        ("utf-16-le", ZH_LINES),
        ("utf-16-be", ZH_LINES),
        ("big5", TRADITIONAL),
        ("shift_jis", JAPANESE),
    ],
)
def test_lines_join_into_the_whole_text(codec: str, text: str, small_blocks: None) -> None:
    data = text.encode(codec)
    document = TextDocument(BytesReader(data), name="a.txt", encoding=codec, fmt="txt")
    assert lines_of(document) == text.splitlines()
    assert document.rows(399, 1) == [(400, [text.splitlines()[399]])]
    document.close()


@settings(max_examples=100, deadline=None)
@given(
    lines=st.lists(
        st.text(
            st.characters(
                codec="gb18030", exclude_categories=["Cs", "Cc", "Cf", "Cn", "Co", "Zl", "Zp"]
            ),
            max_size=40,
        ),
        min_size=1,
        max_size=30,
    ),
    codec=st.sampled_from(["utf-8", "gb18030", "utf-16-le"]),
    chunk=st.integers(min_value=1, max_value=64),
)
def test_any_text_survives_any_block_size(lines: list[str], codec: str, chunk: int) -> None:
    text = "\n".join(lines) + "\n"
    original = line_document.CHUNK
    line_document.CHUNK = chunk
    try:
        document = TextDocument(
            BytesReader(text.encode(codec)), name="a.txt", encoding=codec, fmt="txt"
        )
        assert lines_of(document) == lines
        for at in range(len(lines)):
            assert document.rows(at, 1)[0][1] == [lines[at]]
    finally:
        line_document.CHUNK = original


def test_csv_records_with_quoted_line_breaks_are_one_row(small_blocks: None) -> None:
    text = 'name,error_reason\r\na,"line one\r\nline two"\r\nb,\r\nc,"x ""quoted"""\r\n'
    document = TextDocument(
        BytesReader(text.encode()), name="a.csv", encoding="utf-8", fmt="csv", delimiter=","
    )
    document.build_index(None, None)
    assert document.index.rows == 3
    assert document.rows(0, 3) == [
        (2, ["a", "line one\nline two"]),
        (4, ["b", ""]),
        (5, ["c", 'x "quoted"']),
    ]
    assert document.index.errors.count == 2
    found = document.find(Query(contains="quoted"), None, None)
    assert found.ordinals.tolist() == [2]


def test_a_line_longer_than_the_cap_is_cut_and_counted_once() -> None:
    long_line = "x" * (line_document.MAX_LINE_CHARS * 5)
    data = f"first\n{long_line}\nlast\n".encode()
    document = TextDocument(BytesReader(data), name="a.txt", encoding="utf-8", fmt="txt")
    rows = lines_of(document)
    assert len(rows) == 3 and rows[0] == "first" and rows[2] == "last"
    assert rows[1].endswith("…") and len(rows[1]) == line_document.MAX_LINE_CHARS + 1


def test_rows_far_in_start_from_the_nearest_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(line_document, "CHUNK", 1024)
    data = b"".join(b"line %05d\n" % i for i in range(20_000))
    reader = BytesReader(data)
    document = TextDocument(reader, name="a.txt", encoding="utf-8", fmt="txt")
    document.build_index(None, None)
    reader.opened.clear()
    assert document.rows(19_990, 1) == [(19_991, ["line 19990"])]
    assert reader.opened and reader.opened[-1] > len(data) - 2048


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KiB"), (1536, "1.5 KiB"), (5 << 30, "5.0 GiB")],
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text


def test_a_bare_cr_in_a_csv_record_does_not_stop_the_index() -> None:
    # Found by the fuzz harness: show --errors on such a record raised StopIteration.
    text = "name,error_reason\na\r,bad\nb,\n"
    document = TextDocument(
        BytesReader(text.encode()), name="a.csv", encoding="utf-8", fmt="csv", delimiter=","
    )
    document.build_index(None, None)
    assert document.index.rows >= 2
    assert document.find(Query(contains="b"), None, None).complete


@pytest.mark.parametrize("separator", ["\t", ",", " | "])
def test_a_header_line_naming_the_reason_column_is_not_a_failure(separator: str) -> None:
    """Only the lines under the header with a reason report a failure, not the header."""
    header = separator.join(["模式", "表名", "导入结果", "错误原因"])
    rows = [
        separator.join(["orders", "t1", "成功", ""]),
        separator.join(["orders", "t2", "失败", "源库中不存在该表"]),
    ]
    data = ("\n".join([header, *rows]) + "\n").encode()
    document = TextDocument(BytesReader(data), name="r.txt", encoding="utf-8", fmt="txt")
    document.build_index(None, None)
    assert list(document.index.errors.ordinals) == [2]
    assert not document.has_error([header]) and document.has_error([rows[1]])


def test_a_quoted_record_longer_than_the_first_reads_stays_one_row() -> None:
    """One CSV record of 360 KB (three quoted cells of 120 KB with line breaks), then ten
    rejected rows: the first reads of an entry are 64 KiB and grow, and the record was
    cut where the small reads ran out, so the index counted 405 rows and its error rows
    pointed at nothing (found in review)."""
    cell = "\n".join("x" * 79 for _ in range(1500))
    rows = "".join(f"{i},p,q,r,bad {i}\n" for i in range(2, 12))
    text = f'id,a,b,c,Error Reason\n1,"{cell}","{cell}","{cell}",\n{rows}'
    document = TextDocument(
        BytesReader(text.encode()), name="t.csv", encoding="utf-8", fmt="csv", delimiter=","
    )
    document.build_index(None, None)
    assert document.index.rows == 11
    assert document.index.errors.count == 10
    errors = document.find(Query(errors_only=True), None, None)
    assert [cells[-1] for _, cells in document.rows_at(errors.ordinals)] == [
        f"bad {i}" for i in range(2, 12)
    ]
