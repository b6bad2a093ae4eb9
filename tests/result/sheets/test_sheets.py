"""Spreadsheets: the streaming xlsx reader, calamine formats, error-reason column."""

from __future__ import annotations

import contextlib
import io
import zipfile
from datetime import date, datetime
from itertools import islice

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from drs_tui.result.error_column import error_rows, filter_rows, find_error_column
from drs_tui.result.errors import PreviewError, ResultError, UnknownNameError, UnsafeEntryError
from drs_tui.result.preview import PreviewKind, preview_entry
from drs_tui.result.sheets.calamine_book import CALAMINE_LIMIT, check_expansion
from drs_tui.result.sheets.sheet_rows import column_index
from drs_tui.result.sheets.workbook import open_workbook, read_sheet
from drs_tui.result.sheets.xlsx_stream import XlsxWorkbook
from drs_tui.result.table import Table
from tests.result.preview_corpus import archive_of
from tests.result.sheet_corpus import (
    BILLION_LAUGHS,
    ERROR_HEADERS_EN,
    EXTERNAL_ENTITY,
    CellValue,
    Raw,
    Row,
    drs_rows,
    ods_bytes,
    openpyxl_xlsx,
    xlsx_bytes,
)

ROWS = 10_000
ZH_BOOK = xlsx_bytes({"导入结果": drs_rows(ROWS), "说明": [["只读"]]})


def book_of(data: bytes, **kwargs: int) -> XlsxWorkbook:
    return XlsxWorkbook(io.BytesIO(data), **kwargs)


def test_first_page_of_ten_thousand_rows_with_chinese_error_column() -> None:
    book = book_of(ZH_BOOK)
    view = read_sheet(book, max_rows=100)
    table = view.table
    assert [s.name for s in book.sheets] == ["导入结果", "说明"]
    assert view.sheet.name == "导入结果"
    assert table.columns == ["表名", "列名", "数据类型", "错误原因"]
    assert table.rows[0] == ["T_ORDER_1", "COL_1", "VARCHAR2(64)", ""]
    assert table.rows[6] == ["T_ORDER_7", "COL_7", "VARCHAR2(64)", "第7行：列 COL_7 不存在"]
    assert table.row_numbers[:2] == [2, 3]
    assert (len(table.rows), table.total_rows, table.more) == (100, ROWS, True)
    assert table.status() == "100 of 10,000 rows"
    assert view.error_column is not None
    assert (view.error_column.index, view.error_column.how) == (3, "header")
    # Only the strings the first rows use were parsed.
    assert book.shared.loaded < 1000


def test_errors_only_scans_the_whole_sheet_and_counts() -> None:
    view = read_sheet(book_of(ZH_BOOK), max_rows=50, errors_only=True)
    assert view.matched == ROWS // 7
    assert len(view.table.rows) == 50
    assert view.table.row_numbers[:3] == [8, 15, 22]
    assert all(row[3].startswith("第") for row in view.table.rows)
    assert view.table.status() == f"50 of {ROWS // 7:,} rows"


def test_contains_scans_the_whole_sheet() -> None:
    view = read_sheet(book_of(ZH_BOOK), max_rows=1000, contains="第9996行")
    assert view.matched == 1
    assert view.table.rows == [
        ["T_ORDER_46", "COL_12", "VARCHAR2(64)", "第9996行：列 COL_12 不存在"]
    ]
    assert view.table.row_numbers == [9997]


def test_scan_can_be_cancelled() -> None:
    with pytest.raises(PreviewError, match="cancelled"):
        read_sheet(book_of(ZH_BOOK), errors_only=True, cancelled=lambda: True)


def test_english_error_reason_header_and_sheet_by_name() -> None:
    data = xlsx_bytes({"Info": [["x"]], "Detail": drs_rows(30, chinese=False)})
    view = read_sheet(book_of(data), "Detail")
    assert view.table.columns == ERROR_HEADERS_EN
    assert view.error_column is not None and view.error_column.name == "Error Reason"
    with pytest.raises(UnknownNameError, match="no sheet") as caught:
        read_sheet(book_of(data), "Missing")
    assert caught.value.exit_code == 2  # a bad --sheet value, not a damaged file


@pytest.mark.parametrize(
    "header", ["错误原因", "校验结果", "失败原因", "Error Message", "error_reason", "ERROR INFO"]
)
def test_reason_header_variants(header: str) -> None:
    table = Table(["ID", "名称", header, "备注"], [["1", "a", "", ""]], [2])
    found = find_error_column(table)
    assert found is not None and found.index == 2 and found.how == "header"


def test_reason_column_found_by_content_when_header_says_nothing() -> None:
    rows = [["1", "ok", ""], ["2", "ok", "column ID does not exist"], ["3", "ok", "值重复"]]
    found = find_error_column(Table(["A", "B", ""], rows, [2, 3, 4]))
    assert found is not None and (found.index, found.how) == (2, "content")
    assert find_error_column(Table(["A", "B"], [["1", "2"]], [2])) is None


def test_filter_rows_and_error_rows_on_loaded_rows() -> None:
    view = read_sheet(book_of(ZH_BOOK), max_rows=70)
    assert view.error_column is not None
    errors = error_rows(view.table, view.error_column)
    assert errors.row_numbers == list(range(8, 72, 7))
    assert errors.notes[-1] == "10 of 70 loaded rows match"
    found = filter_rows(view.table, "t_order_13")
    assert [r[0] for r in found.rows] == ["T_ORDER_13", "T_ORDER_13"]
    assert filter_rows(view.table, "") is view.table


def test_title_row_above_the_header_is_skipped() -> None:
    data = xlsx_bytes({"S": [["DRS 对象导入结果"], [], *drs_rows(5)]})
    view = read_sheet(book_of(data), max_rows=2)
    assert view.table.columns[3] == "错误原因"
    assert view.table.header_row == 3
    assert (view.table.total_rows, view.table.more) == (5, True)
    assert view.table.notes == ["2 rows above the header not shown"]  # the title and a blank row


def test_sparse_cells_land_in_their_columns_and_row_gaps_keep_numbers() -> None:
    rows: list[Row] = [["A", "B", "C", "D", "E"], {4: "only E"}, {0: "a", 2: "c"}, {1: 2.5}]
    data = xlsx_bytes({"S": rows}, row_numbers={"S": [1, 5, 9, 1000]})
    view = read_sheet(book_of(data))
    assert view.table.rows == [
        ["", "", "", "", "only E"],
        ["a", "", "c", "", ""],
        ["", "2.5", "", "", ""],
    ]
    assert view.table.row_numbers == [5, 9, 1000]


def test_cell_types_inline_bool_date_error_formula_and_numbers() -> None:
    rows: list[list[CellValue]] = [
        ["h1", "h2", "h3", "h4", "h5", "h6", "h7"],
        [
            True,
            date(2024, 5, 6),
            datetime(2024, 5, 6, 7, 8, 9),
            Raw('t="e"', "<v>#N/A</v>"),
            Raw('t="str"', "<f>A1&amp;B1</f><v>公式结果</v>"),
            Raw("", "<v>0.1000000000000000055</v>"),
            Raw('t="inlineStr"', "<is><r><t>富</t></r><r><t>文本</t></r><rPh><t>ふ</t></rPh></is>"),
        ],
    ]
    view = read_sheet(book_of(xlsx_bytes({"S": rows}, shared=False)))
    assert view.table.rows == [
        ["TRUE", "2024-05-06", "2024-05-06 07:08:09", "#N/A", "公式结果", "0.1", "富文本"]
    ]


def test_matches_openpyxl_on_a_workbook_openpyxl_wrote() -> None:
    rows: list[list[CellValue]] = [
        ["名称", "数量", "价格", "日期", "时间戳", "标记", "空", "错误原因"],
        ["甲", 1, 2.5, date(2024, 1, 2), datetime(2024, 1, 2, 3, 4, 5), False, None, "不存在"],
        ["乙", -7, 1e-3, date(1999, 12, 31), datetime(2000, 1, 1), True, None, ""],
    ]
    view = read_sheet(book_of(openpyxl_xlsx({"表": rows})))
    assert view.table.columns == rows[0]
    assert view.table.rows == [
        ["甲", "1", "2.5", "2024-01-02", "2024-01-02 03:04:05", "FALSE", "", "不存在"],
        ["乙", "-7", "0.001", "1999-12-31", "2000-01-01 00:00:00", "TRUE", "", ""],
    ]


def test_huge_shared_strings_are_read_only_as_far_as_needed() -> None:
    data = xlsx_bytes({"S": drs_rows(200)}, extra_shared=300_000)
    sst_size = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/sharedStrings.xml").file_size
    assert sst_size > 15_000_000
    book = book_of(data)
    view = read_sheet(book, max_rows=20)
    assert view.table.rows[6][3] == "第7行：列 COL_7 不存在"
    assert book.shared.declared is not None and book.shared.declared > 300_000
    assert book.shared.loaded < 2000


@pytest.mark.parametrize(
    ("part", "body"),
    [
        ("xl/sharedStrings.xml", BILLION_LAUGHS),
        ("xl/worksheets/sheet1.xml", EXTERNAL_ENTITY),
        ("xl/workbook.xml", BILLION_LAUGHS.replace("<sst", "<workbook")),
    ],
)
def test_doctype_and_entities_are_refused(part: str, body: str) -> None:
    data = xlsx_bytes({"S": drs_rows(5)}, replace={part: body})
    with pytest.raises(PreviewError) as caught:
        read_sheet(book_of(data))
    assert "DOCTYPE" in caught.value.message
    assert caught.value.title == "Unsafe workbook"


def test_part_that_expands_past_the_bound_is_unsafe() -> None:
    sheet = '<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>x</t></is></c></row>'
    sheet += " " * (3 << 20) + "</sheetData></worksheet>"
    data = xlsx_bytes({"S": []}, replace={"xl/worksheets/sheet1.xml": sheet})
    assert len(data) < 100_000
    rows = book_of(data, part_limit=1 << 20).rows(book_of(data).sheet(None))
    with pytest.raises(UnsafeEntryError):
        list(rows)


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        ({"xl/worksheets/sheet1.xml": "<worksheet><sheetData><row>"}, "not valid XML"),
        ({"xl/workbook.xml": "not xml"}, "not valid XML"),
    ],
)
def test_damaged_parts(replace: dict[str, str], message: str) -> None:
    data = xlsx_bytes({"S": drs_rows(3)}, replace=replace)
    with pytest.raises(PreviewError, match=message):
        read_sheet(book_of(data))


def backslashed(data: bytes, *, rels: str | None = None) -> bytes:
    """The workbook with every ZIP member named with backslashes ('xl\\workbook.xml'), as
    some Windows tools write them; `rels` replaces the workbook's relationships."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in source.infolist():
            body = source.read(info)
            if rels is not None and info.filename == "xl/_rels/workbook.xml.rels":
                body = rels.encode()
            zf.writestr(info.filename.replace("/", "\\"), body)
    return out.getvalue()


def test_part_names_with_backslashes_are_read_as_calamine_reads_them() -> None:
    data = backslashed(xlsx_bytes({"S": drs_rows(3), "T": [["a", 1]]}))
    assert "xl\\workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    book = book_of(data)
    assert [s.name for s in book.sheets] == ["S", "T"]
    view = read_sheet(book, "S")
    assert view.table.columns == ["表名", "列名", "数据类型", "错误原因"]
    assert view.table.rows[0] == ["T_ORDER_1", "COL_1", "VARCHAR2(64)", ""]
    assert read_sheet(book_of(data), "T").table.columns == ["a", "1"]
    archive = archive_of({"result/T.xlsx": data})
    preview = preview_entry(archive, archive.find("result/T.xlsx"))
    assert preview.kind is PreviewKind.SHEET, preview.problem
    assert preview.document is not None and preview.document.columns[3] == "错误原因"
    preview.close()


def test_relationship_targets_with_backslashes_or_absolute_paths() -> None:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/relationships"><Relationship Id="rId1" Type="{ns}/worksheet" '
        'Target="worksheets\\sheet1.xml"/><Relationship Id="rId2" Type="{ns}/worksheet" '
        'Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" '
        f'Type="{ns}/sharedStrings" Target="..\\xl\\sharedStrings.xml"/></Relationships>'
    ).replace("{ns}", ns)
    data = backslashed(xlsx_bytes({"S": [["x", "y"]], "T": [["z"]]}), rels=rels)
    assert read_sheet(book_of(data), "S").table.columns == ["x", "y"]
    assert read_sheet(book_of(data), "T").table.columns == ["z"]


def test_zip_without_workbook_is_not_an_xlsx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("readme.txt", "hi")
    with pytest.raises(PreviewError, match="no workbook part"):
        book_of(buffer.getvalue())


def test_columns_past_the_cap_are_dropped_and_counted() -> None:
    data = xlsx_bytes({"S": [{0: "a", 2000: "far"}, {0: "b", 3000: "farther"}]})
    book = book_of(data)
    rows = book.rows(book.sheet(None))
    assert [r for _, r in rows] == [["a"], ["b"]]
    assert rows.dropped_cells == 2


@pytest.mark.parametrize(("ref", "index"), [("A1", 0), ("z9", 25), ("AA10", 26), ("XFD1", 16383)])
def test_column_index(ref: str, index: int) -> None:
    assert column_index(ref) == index


def test_column_index_rejects_nonsense() -> None:
    assert column_index("XFE1") is None
    assert column_index("12") is None


def test_ods_through_calamine() -> None:
    data = ods_bytes({"结果": drs_rows(20), "Two": [["a", 1.5]]})
    book = open_workbook(io.BytesIO(data), "ods")
    view = read_sheet(book, max_rows=5)
    assert [s.name for s in book.sheets] == ["结果", "Two"]
    assert view.table.columns == ["表名", "列名", "数据类型", "错误原因"]
    assert view.table.rows[0] == ["T_ORDER_1", "COL_1", "VARCHAR2(64)", ""]
    assert (view.table.total_rows, view.table.more) == (20, True)
    assert view.error_column is not None and view.error_column.index == 3
    assert read_sheet(book, "Two").table.columns == ["a", "1.5"]


def test_ods_bomb_is_refused_before_calamine_reads_it() -> None:
    data = ods_bytes({"S": [["x"]]}, padding=8 << 20)
    assert check_expansion(data, limit=64 << 20) > 8 << 20
    with pytest.raises(UnsafeEntryError):
        check_expansion(data, limit=1 << 20)


def test_calamine_formats_over_the_size_cap_are_refused() -> None:
    class Huge(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    with pytest.raises(PreviewError, match="not previewed"):
        open_workbook(io.BufferedReader(Huge()), "xls")  # type: ignore[type-var]
    assert CALAMINE_LIMIT >= 32 << 20


def test_garbage_xls_is_a_preview_error() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 20
    with pytest.raises(PreviewError, match="xls"):
        open_workbook(io.BytesIO(data), "xls")


SMALL_BOOK = xlsx_bytes({"S": drs_rows(8), "T": [["a", 1]]})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    flips=st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(SMALL_BOOK) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    ),
    fmt=st.sampled_from(["xlsx", "ods"]),
)
def test_damaged_workbooks_fail_only_with_result_errors(
    flips: list[tuple[int, int]], fmt: str
) -> None:
    data = bytearray(SMALL_BOOK)
    for offset, value in flips:
        data[offset] = value
    try:
        book = open_workbook(io.BytesIO(bytes(data)), fmt)
        view = read_sheet(book, max_rows=20)
        list(islice(view.table.rows, 20))
    except ResultError:
        pass


@settings(max_examples=150, deadline=None)
@given(sheet=st.text(max_size=300) | st.binary(max_size=300).map(lambda b: b.decode("latin-1")))
def test_random_sheet_xml_fails_only_with_result_errors(sheet: str) -> None:
    data = xlsx_bytes({"S": []}, replace={"xl/worksheets/sheet1.xml": sheet})
    with contextlib.suppress(ResultError):
        read_sheet(book_of(data))


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=500))
def test_random_bytes_as_workbook_fail_only_with_result_errors(data: bytes) -> None:
    for fmt in ("xlsx", "xls", "ods"):
        with contextlib.suppress(ResultError):
            open_workbook(io.BytesIO(b"PK\x03\x04" + data), fmt)


@pytest.mark.parametrize(
    "columns",
    [
        ["本文件由导入校验生成"],
        ["本文件由导入校验生成", ""],
        ["说明", "本文件由导入校验生成，红色行为校验失败的对象"],
        ["Notes", "This file was produced by the import validation. Red rows failed."],
    ],
)
def test_a_notes_sheet_has_no_reason_column(columns: list[str]) -> None:
    """A sentence that holds an error word is a note, not a reason column's name."""
    rows = [["字段说明"] + [""] * (len(columns) - 1), ["表名: 目标表"] + [""] * (len(columns) - 1)]
    assert find_error_column(Table(columns, rows, [2, 3])) is None


def test_a_short_header_with_an_error_word_is_still_the_reason_column() -> None:
    found = find_error_column(Table(["表名", "导入校验错误信息"], [["t1", ""]], [2]))
    assert found is not None and found.index == 1
    assert find_error_column(Table(["错误原因"], [["x"]], [2])) is not None
