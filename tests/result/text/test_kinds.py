"""Kind detection from content first, then name (kinds.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from drs_tui.result.errors import ResultError
from drs_tui.result.text.kinds import Kind, detect_kind, extension
from tests.result.preview_corpus import (
    CSV_TEXT,
    JSON_DOC,
    JSON_LINES,
    PNG_HEAD,
    TSV_TEXT,
    ZH_LINES,
    zip_bytes,
)
from tests.result.sheet_corpus import drs_rows, xlsx_bytes

XLSX = xlsx_bytes({"Sheet1": drs_rows(5)})
ODS_HEAD = b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
OLE_HEAD = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


@pytest.mark.parametrize(
    ("name", "data", "kind", "fmt"),
    [
        ("detail.xlsx", XLSX, Kind.SPREADSHEET, "xlsx"),
        ("detail.xlsm", XLSX, Kind.SPREADSHEET, "xlsm"),
        ("no_extension", XLSX, Kind.SPREADSHEET, "xlsx"),
        ("detail.xls", OLE_HEAD, Kind.SPREADSHEET, "xls"),
        ("report.doc", OLE_HEAD, Kind.BINARY, "ole2"),
        ("sheet.ods", ODS_HEAD, Kind.SPREADSHEET, "ods"),
        ("nested.zip", zip_bytes({"a.txt": b"x"}), Kind.ZIP, "zip"),
        ("data.txt", zip_bytes({"a.txt": b"x"}), Kind.ZIP, "zip"),
        ("错误日志.txt", ZH_LINES.encode("gbk"), Kind.TEXT, "txt"),
        ("error.log", ZH_LINES.encode("utf-16"), Kind.TEXT, "txt"),
        ("kafka.json", JSON_DOC.encode(), Kind.TEXT, "json"),
        ("kafka.json", JSON_LINES.encode(), Kind.TEXT, "jsonl"),
        ("kafka.txt", JSON_LINES.encode(), Kind.TEXT, "jsonl"),
        ("kafka.jsonl", JSON_LINES.encode(), Kind.TEXT, "jsonl"),
        ("broken.json", b"{not json at all", Kind.TEXT, "json"),
        ("result.csv", CSV_TEXT.encode("gb18030"), Kind.TEXT, "csv"),
        ("result.tsv", TSV_TEXT.encode(), Kind.TEXT, "tsv"),
        ("picture.png", PNG_HEAD, Kind.BINARY, "png"),
        ("archive.gz", b"\x1f\x8b\x08\x00" + bytes(100), Kind.BINARY, "gzip"),
        ("mystery.bin", bytes(range(256)) * 4, Kind.BINARY, "data"),
        ("empty.txt", b"", Kind.EMPTY, "txt"),
        ("page.html", b"<!DOCTYPE html><html><body>x</body></html>", Kind.TEXT, "html"),
        ("data.xml", b'<?xml version="1.0"?><a/>', Kind.TEXT, "xml"),
    ],
)
def test_detects_kind_and_format(name: str, data: bytes, kind: Kind, fmt: str) -> None:
    found = detect_kind(name, data[:65536])
    assert (found.kind, found.fmt) == (kind, fmt)


def test_xls_that_is_really_html_is_text_with_a_note() -> None:
    found = detect_kind("detail.xls", b"<html><table><tr><td>1</td></tr></table></html>")
    assert (found.kind, found.fmt) == (Kind.TEXT, "html")
    assert found.note is not None and ".xls" in found.note and "HTML" in found.note


def test_xls_that_is_really_tab_separated_text_is_tsv() -> None:
    found = detect_kind("detail.xls", TSV_TEXT.encode("gbk"))
    assert (found.kind, found.fmt) == (Kind.TEXT, "tsv")
    assert found.note is not None and "tab-separated" in found.note


def test_xls_that_is_really_an_xlsx_is_read_as_xlsx() -> None:
    found = detect_kind("detail.xls", XLSX)
    assert (found.kind, found.fmt) == (Kind.SPREADSHEET, "xlsx")
    assert found.note is not None


def test_ole2_named_xlsx_is_called_a_protected_workbook() -> None:
    found = detect_kind("detail.xlsx", OLE_HEAD)
    assert (found.kind, found.fmt) == (Kind.BINARY, "ole2")
    assert found.note is not None and "password-protected" in found.note


def test_text_name_with_binary_content_says_so() -> None:
    found = detect_kind("notes.txt", bytes(range(256)) * 4)
    assert found.kind is Kind.BINARY
    assert found.note is not None and ".txt" in found.note


def test_empty_head_of_non_empty_entry_is_not_called_empty() -> None:
    assert detect_kind("a.txt", b"", size=10).kind is Kind.BINARY


@pytest.mark.parametrize(
    ("name", "ext"),
    [("a/b/C.XLSX", "xlsx"), ("dir\\x.Json", "json"), ("noext", ""), ("a.tar.gz", "gz")],
)
def test_extension(name: str, ext: str) -> None:
    assert extension(name) == ext


@settings(max_examples=300, deadline=None)
@given(
    name=st.text(max_size=30)
    | st.sampled_from(["a.xlsx", "a.xls", "a.json", "a.csv", "a.txt", "a.ods", "a.zip"]),
    data=st.binary(max_size=2000),
    prefix=st.sampled_from(
        [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{", b"\xff\xfe"]
    ),
)
def test_random_input_gets_a_kind_and_never_an_unexpected_error(
    name: str, data: bytes, prefix: bytes
) -> None:
    try:
        found = detect_kind(name, prefix + data)
    except ResultError:
        return
    assert isinstance(found.kind, Kind)
    assert found.fmt or found.kind is Kind.EMPTY
