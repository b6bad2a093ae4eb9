"""Paged text: bounded first page, page joins, load more, next page, search."""

from __future__ import annotations

import io
from typing import BinaryIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drs_tui.result.errors import PreviewError
from drs_tui.result.text.text_preview import (
    TextDocument,
    TextPager,
    first_page,
)
from drs_tui.sizes import format_size
from tests.result.preview_corpus import ZH_LINES


class CountingOpener:
    """Opens an in-memory entry and records how many bytes were read from it."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.read = 0
        self.opened = 0

    def __call__(self, limit: int | None) -> BinaryIO:
        self.opened += 1
        opener = self

        class Stream(io.BytesIO):
            def read(self, size: int | None = -1) -> bytes:
                chunk = super().read(size)
                opener.read += len(chunk)
                return chunk

        return Stream(self.data)


def read_all(pager: TextPager) -> str:
    parts = []
    while True:
        page = pager.read_page()
        parts.append(page.text)
        if page.at_end:
            return "".join(parts)


def test_first_page_reads_one_page_of_a_big_entry() -> None:
    data = ZH_LINES.encode() * 400  # about 11 MB
    opener = CountingOpener(data)
    page = first_page(opener, total=len(data), page_bytes=64 * 1024)
    assert opener.read <= 64 * 1024
    assert page.start == 0
    assert 64 * 1024 - 3 <= page.end <= 64 * 1024
    assert ZH_LINES.startswith(page.text[:1000])
    assert not page.at_end
    assert page.total == len(data)
    assert page.encoding == "utf-8"


def test_small_entry_fits_in_one_page() -> None:
    data = "错误原因\n".encode("gbk")
    page = first_page(CountingOpener(data), total=len(data))
    assert page.at_end
    assert page.text == "错误原因\n"
    assert page.encoding == "gb18030"
    assert page.shown_bytes == len(data)


@pytest.mark.parametrize("codec", ["utf-8", "gb18030", "utf-16", "utf-16-be", "utf-8-sig"])
@pytest.mark.parametrize("page_bytes", [17, 1000, 4097])
def test_pages_join_into_the_whole_text(codec: str, page_bytes: int) -> None:
    data = ZH_LINES.encode(codec)
    pager = TextPager(CountingOpener(data), total=len(data), page_bytes=page_bytes)
    assert read_all(pager) == ZH_LINES


@settings(max_examples=100, deadline=None)
@given(
    text=st.text(
        st.characters(codec="gb18030", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=300
    ),
    codec=st.sampled_from(["utf-8", "gb18030", "utf-16-le", "utf-16-be"]),
    page_bytes=st.integers(min_value=16, max_value=64),
)
def test_any_text_survives_any_page_size_when_encoding_is_known(
    text: str, codec: str, page_bytes: int
) -> None:
    data = text.encode(codec)
    pager = TextPager(CountingOpener(data), total=len(data), encoding=codec, page_bytes=page_bytes)
    assert read_all(pager) == text


def test_forced_encoding_applies_to_every_page() -> None:
    data = ZH_LINES.encode("gbk")
    pager = TextPager(CountingOpener(data), total=len(data), encoding="gbk", page_bytes=999)
    assert read_all(pager) == ZH_LINES
    assert pager.encoding == "gbk"


def test_control_characters_in_pages_are_escaped() -> None:
    data = b"ok\x1b[2Jgone\r\nline\n"
    page = first_page(CountingOpener(data), total=len(data))
    assert page.text == "ok\\x1b[2Jgone\nline\n"


def test_document_load_more_next_page_and_status() -> None:
    data = ZH_LINES.encode("gb18030") * 10
    doc = TextDocument(
        TextPager(CountingOpener(data), total=len(data), page_bytes=8192),
        max_loaded_bytes=3 * 8192,
    )
    assert doc.status() == f"showing 8.0 KiB of {format_size(len(data))}"
    assert doc.load_more() and doc.load_more()
    assert doc.end == pytest.approx(3 * 8192, abs=4)
    assert doc.text == (ZH_LINES * 10)[: len(doc.text)]
    assert not doc.can_load_more
    assert not doc.load_more()  # the loaded limit is reached: only next page goes on
    first_end = doc.end
    assert doc.next_page()
    assert doc.start == first_end
    assert doc.status().startswith("showing bytes 24.0 KiB–")
    assert (ZH_LINES * 10).find(doc.text[:200]) > 0
    while doc.next_page():
        pass
    assert doc.at_end
    assert doc.end == len(data)


def test_search_finds_lines_and_columns_case_insensitively() -> None:
    text = "first line\nSecond ERROR here\nthird error, error\n"
    doc = TextDocument(TextPager(CountingOpener(text.encode()), total=len(text)))
    hits = doc.search("error")
    assert [(h.line, h.column, h.length) for h in hits] == [(1, 7, 5), (2, 6, 5), (2, 13, 5)]
    assert text[hits[0].offset : hits[0].offset + 5] == "ERROR"
    assert [h.line for h in doc.search("error", case_sensitive=True)] == [2, 2]
    assert len(doc.search("error", limit=2)) == 2
    assert doc.search("") == []
    assert doc.search("a.c") == []  # not a regular expression


def test_search_in_chinese_text() -> None:
    data = ZH_LINES.encode("gbk")
    doc = TextDocument(TextPager(CountingOpener(data), total=len(data)))
    hits = doc.search("第12行")
    assert hits[0].line == 12 and hits[0].column == 0


def test_seek_reopens_and_skips_a_partial_character() -> None:
    data = ZH_LINES.encode()
    opener = CountingOpener(data)
    pager = TextPager(opener, total=len(data), page_bytes=512)
    pager.read_page()
    pager.seek(1)  # inside the first character
    page = pager.read_page()
    assert opener.opened == 2
    assert ZH_LINES[1:].startswith(page.text[:50])


def test_page_size_too_small_is_refused() -> None:
    with pytest.raises(PreviewError):
        TextPager(CountingOpener(b""), total=0, page_bytes=4)


@pytest.mark.parametrize(
    ("size", "text"), [(0, "0 B"), (1023, "1023 B"), (1536, "1.5 KiB"), (3 << 30, "3.0 GiB")]
)
def test_format_size(size: int, text: str) -> None:
    assert format_size(size) == text
