"""Encoding detection and decoding of pages cut anywhere (text_decode.py)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings, strategies as st

from drs_tui.result.errors import PreviewError, ResultError
from drs_tui.result.text.text_decode import (
    decode_bytes,
    detect_encoding,
    escape_for_display,
    looks_like_text,
    normalize_encoding,
)
from tests.result.preview_corpus import ZH_LINES

SAMPLE = ZH_LINES[:2000]
MULTI_BYTE = ["utf-8", "gb18030", "utf-16-le", "utf-16-be"]


@pytest.mark.parametrize(
    ("bom", "codec", "expected"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
def test_bom_decides_and_is_not_part_of_the_text(bom: bytes, codec: str, expected: str) -> None:
    decoded = decode_bytes(bom + SAMPLE.encode(codec), at_end=True)
    assert decoded.encoding == expected
    assert decoded.bom
    assert decoded.start == len(bom)
    assert decoded.text == SAMPLE
    assert "(BOM)" in decoded.label


@pytest.mark.parametrize("codec", MULTI_BYTE)
def test_whole_sample_without_bom_is_detected(codec: str) -> None:
    decoded = decode_bytes(SAMPLE.encode(codec), at_end=True)
    assert decoded.encoding == codec
    assert decoded.text == SAMPLE
    assert decoded.replaced == 0


def test_gbk_text_reads_as_gb18030() -> None:
    data = SAMPLE.encode("gbk")
    assert detect_encoding(data) == "gb18030"
    assert decode_bytes(data).text == SAMPLE


@pytest.mark.parametrize("codec", MULTI_BYTE)
def test_page_cut_inside_a_character_sets_the_partial_bytes_aside(codec: str) -> None:
    data = SAMPLE.encode(codec)
    cuts = 0
    for cut in range(len(data) // 2, len(data) // 2 + 24):
        page = data[:cut]
        decoded = decode_bytes(page)
        assert decoded.encoding == codec, cut
        assert decoded.replaced == 0
        assert SAMPLE.startswith(decoded.text)
        # The set-aside bytes plus the rest decode to exactly the rest of the text.
        assert (page[decoded.end :] + data[cut:]).decode(codec) == SAMPLE[len(decoded.text) :]
        cuts += decoded.end < cut
    assert cuts > 0  # some of those cuts really split a character


def test_cut_utf8_character_is_not_mistaken_for_another_encoding() -> None:
    page = "错误原因".encode()[:-1]  # the last character lacks its final byte
    decoded = decode_bytes(page)
    assert (decoded.encoding, decoded.text, decoded.end) == ("utf-8", "错误原", 9)


@pytest.mark.parametrize("codec", MULTI_BYTE)
def test_page_starting_inside_a_character_skips_only_that_character(codec: str) -> None:
    data = SAMPLE.encode(codec)
    for offset in range(1, 40):
        decoded = decode_bytes(data[offset:], at_start=False, at_end=True)
        assert decoded.encoding == codec, offset
        assert SAMPLE.endswith(decoded.text), offset
        assert decoded.start <= 3
        # Nothing but the cut character was lost.
        assert len(SAMPLE) - len(decoded.text) <= len(data[:offset].decode(codec, "ignore")) + 1


def test_gb18030_cut_between_two_chinese_characters_resynchronizes() -> None:
    data = "中文错误原因\n下一行".encode("gb18030")
    decoded = decode_bytes(data[3:], at_start=False, at_end=True)  # starts in "文"
    assert decoded.text == "错误原因\n下一行"
    assert decoded.start == 1


def test_at_end_a_cut_character_is_bad_data() -> None:
    decoded = decode_bytes("abc中".encode()[:-1], at_end=True)
    assert decoded.text.startswith("abc")
    assert decoded.end == 5


def test_utf16_without_bom_and_without_ascii_is_still_utf16_with_newlines() -> None:
    text = "错误原因不存在\n目标库中没有该列\n" * 20
    assert decode_bytes(text.encode("utf-16-le")).text == text
    assert decode_bytes(text.encode("utf-16-be")).text == text


def test_forced_encoding_replaces_bad_bytes_and_counts_them() -> None:
    data = SAMPLE.encode("gbk")
    forced = decode_bytes(data, encoding="utf-8", at_end=True)
    assert forced.encoding == "utf-8"
    assert forced.replaced > 0
    assert "\ufffd" in forced.text
    assert "undecodable" in forced.label
    assert decode_bytes(data, encoding="GBK").text == SAMPLE


@pytest.mark.parametrize("name", ["no-such-codec", "rot13", "zlib", "base64"])
def test_unknown_or_non_text_encoding_is_refused(name: str) -> None:
    with pytest.raises(PreviewError):
        normalize_encoding(name)


def test_bytes_that_are_no_known_text_fall_back_to_latin1() -> None:
    data = b"\x80\xffA" * 100  # 0x80 and 0xFF start no UTF-8 or GB18030 character
    decoded = decode_bytes(data, at_end=True)
    assert decoded.encoding == "latin-1"
    assert len(decoded.text) == len(data)


def test_mostly_utf8_with_a_few_bad_bytes_stays_utf8() -> None:
    data = SAMPLE.encode() + b"\xff" + SAMPLE.encode()
    decoded = decode_bytes(data, at_end=True)
    assert decoded.encoding == "utf-8"
    assert decoded.replaced == 1


def test_escape_for_display_keeps_tab_and_newline_only() -> None:
    shown = escape_for_display("a\tb\r\nc\x1b[31mred\x07\rX\u202eevil\u2028\x85")
    assert shown == "a\tb\nc\\x1b[31mred\\x07\\rX\\u202eevil\\u2028\\x85"  # safe_text spells CR \\r
    assert escape_for_display("中文\n") == "中文\n"


def test_looks_like_text() -> None:
    assert looks_like_text(SAMPLE.encode("gbk"))
    assert looks_like_text(SAMPLE.encode("utf-16-le"))
    assert not looks_like_text(bytes(range(256)) * 8)
    assert not looks_like_text(b"\x00\x01\x02\x03" * 100)
    assert not looks_like_text(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")


@settings(max_examples=300, deadline=None)
@given(
    data=st.binary(max_size=600),
    at_start=st.booleans(),
    at_end=st.booleans(),
    encoding=st.sampled_from([None, None, "utf-8", "gb18030", "utf-16", "latin-1", "big5"]),
)
def test_random_bytes_decode_without_surprises(
    data: bytes, at_start: bool, at_end: bool, encoding: str | None
) -> None:
    try:
        decoded = decode_bytes(data, encoding=encoding, at_start=at_start, at_end=at_end)
        escape_for_display(decoded.text)
        looks_like_text(data, at_start=at_start)
    except ResultError:
        return
    assert 0 <= decoded.start <= decoded.end <= len(data)
    assert len(data) - decoded.end <= 4  # only a cut character is ever set aside
    if at_end:
        assert decoded.end == len(data)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=200),
    codec=st.sampled_from(["utf-8", "gb18030", "utf-16-le", "utf-16-be"]),
    cut=st.integers(min_value=0, max_value=800),
)
def test_forced_decode_of_any_prefix_round_trips(text: str, codec: str, cut: int) -> None:
    data = text.encode(codec)
    page = data[: min(cut, len(data))]
    decoded = decode_bytes(page, encoding=codec)
    assert decoded.replaced == 0
    # A text that starts with U+FEFF starts with a BOM, to this reader as to any other.
    assert (text[1:] if decoded.bom else text).startswith(decoded.text)
    assert decoded.text.encode(codec) == page[decoded.start : decoded.end]


# Lines as a Big5 (Taiwan, Hong Kong) or Shift_JIS (Japan) export of a result would hold them.
BIG5_TEXT = (
    "序號\t表名\t錯誤原因\n"
    "1\tT_ORDER\t第7行：欄位 COL_7 不存在\n"
    "2\t訂單明細\t表名過長，請重新命名後再匯入\n"
)
SJIS_TEXT = (
    "番号\tテーブル名\tエラー理由\n"
    "1\tT_ORDER\t7行目：列 COL_7 が存在しません\n"
    "2\t注文明細\tテーブル名が長すぎます。名前を変更してください\n"
)


@pytest.mark.parametrize(
    ("text", "codec", "expected", "label"),
    [
        (BIG5_TEXT, "big5", "cp950", "Big5"),
        (BIG5_TEXT, "cp950", "cp950", "Big5"),
        (SJIS_TEXT, "shift_jis", "cp932", "Shift_JIS"),
        (SJIS_TEXT, "cp932", "cp932", "Shift_JIS"),
        ("訂單明細", "big5", "cp950", "Big5"),  # a table name alone
        ("注文明細", "shift_jis", "cp932", "Shift_JIS"),  # kanji only, no kana
        ("ｴﾗｰ ﾃｰﾌﾞﾙ", "shift_jis", "cp932", "Shift_JIS"),  # half-width katakana: not GB18030
    ],
    ids=["big5", "cp950", "shift_jis", "cp932", "big5-name", "kanji-name", "half-width"],
)
def test_big5_and_shift_jis_are_detected_and_named(
    text: str, codec: str, expected: str, label: str
) -> None:
    """They were read as GB18030 mojibake (Big5, most Shift_JIS) or as Latin-1, hence hex."""
    data = text.encode(codec)
    decoded = decode_bytes(data, at_end=True)
    assert (decoded.encoding, decoded.text, decoded.replaced) == (expected, text, 0)
    assert decoded.label == label and decoded.guessed
    assert looks_like_text(data)


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (SAMPLE, "gb18030"),
        ("订单明细", "gb18030"),
        ("錯誤原因：重複物件，表名過長", "gbk"),  # traditional hanzi written as GBK stay GBK
        ("第7行：列 COL_7 不存在。错误原因：重复对象", "gb2312"),
    ],
    ids=["sample", "name", "traditional-in-gbk", "gb2312"],
)
def test_chinese_in_gb18030_stays_gb18030(text: str, codec: str) -> None:
    decoded = decode_bytes(text.encode(codec), at_end=True)
    assert (decoded.encoding, decoded.text, decoded.label) == ("gb18030", text, "GB18030")


@pytest.mark.parametrize(
    ("text", "codec"), [(BIG5_TEXT * 50, "cp950"), (SJIS_TEXT * 50, "cp932")], ids=["big5", "sjis"]
)
def test_pages_of_big5_and_shift_jis_cut_anywhere(text: str, codec: str) -> None:
    data = text.encode(codec)
    first = decode_bytes(data[:1001])
    assert first.encoding == codec and text.startswith(first.text)
    rest = decode_bytes(data[first.end :], prefer=first.encoding, aligned=True, at_start=False)
    assert first.text + rest.text == text
    for offset in range(1, 12):  # a page that starts inside a character skips only it
        page = decode_bytes(data[offset:], prefer=codec, at_start=False, at_end=True)
        # ... or shows its second byte when that is an ASCII letter (0x40-0x7e), which
        # nothing can tell from a letter of its own.
        stray = not text.endswith(page.text) and "\x40" <= page.text[:1] <= "\x7e"
        shown = page.text[1:] if stray else page.text
        assert page.encoding == codec and text.endswith(shown), offset
        assert len(text) - len(shown) <= offset
