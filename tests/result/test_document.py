"""Documents: what the whole-entry index and searches find equals what reading every row
one by one finds, whatever shape the sheet's XML takes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from drs_tui.result.document import Document, Query, header_index, sorted_ordinals
from drs_tui.result.errors import DestinationExistsError
from drs_tui.result.export import export_rows
from drs_tui.result.preview import preview_entry
from drs_tui.result.sheets import sheet_document
from drs_tui.result.zip.archive import ResultArchive
from tests.result.preview_corpus import zip_bytes
from tests.result.sheet_corpus import drs_rows, xlsx_bytes

WORDS = ["T_ORDER", "COL_1", "列不存在", "Failed", "2026", "a&b", "x<y", "TRUE", "", " "]


def open_sheet(data: bytes) -> Document:
    archive = ResultArchive.from_bytes(zip_bytes({"r.xlsx": data}))
    preview = preview_entry(archive, archive.entries[0])
    assert preview.document is not None, preview.problem
    return preview.document


def brute(document: Document) -> list[list[str]]:
    return [cells for _, cells in document.iter_rows()]


def expected_errors(rows: Sequence[list[str]], column: int) -> list[int]:
    return [i for i, cells in enumerate(rows) if column < len(cells) and cells[column].strip()]


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Blocks of a few rows, so every test crosses many block and chunk boundaries.
    monkeypatch.setattr(sheet_document, "BLOCK_ROWS", 3)


def test_index_counts_and_error_rows_equal_reading_every_row() -> None:
    document = open_sheet(xlsx_bytes({"S": drs_rows(500, every=7)}))
    document.build_index(None, None)
    rows = brute(document)
    assert document.index.rows == len(rows) == 500
    assert document.error_column is not None
    errors = expected_errors(rows, document.error_column.index)
    assert document.index.errors.ordinals.tolist() == errors
    assert [cells for _, cells in document.rows_at(errors)] == [rows[i] for i in errors]
    for start in (0, 1, 2, 3, 250, 497, 499):
        assert [cells for _, cells in document.rows(start, 4)] == rows[start : start + 4]


def test_cells_without_references_or_in_another_order_take_the_general_path() -> None:
    # Written by hand: cells without r, t before r, single quotes, a prefix on every tag,
    # inline strings; the reason column is then found by reading rows in full.
    rows = [
        "<x:row r='1'><x:c t='inlineStr'><x:is><x:t>表名</x:t></x:is></x:c>"
        "<x:c t='inlineStr'><x:is><x:t>错误原因</x:t></x:is></x:c></x:row>"
    ]
    for i in range(2, 62):
        reason = (
            f"<x:c t='inlineStr' r='B{i}'><x:is><x:t>第{i}行 不存在</x:t></x:is></x:c>"
            if i % 5 == 0
            else f"<x:c s='0' r='B{i}'/>"
        )
        rows.append(f"<x:row r='{i}'><x:c t='str'><x:v>T_{i}</x:v></x:c>{reason}</x:row>")
    sheet = (
        '<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<x:sheetData>{''.join(rows)}</x:sheetData></x:worksheet>"
    )
    document = open_sheet(xlsx_bytes({"S": []}, replace={"xl/worksheets/sheet1.xml": sheet}))
    document.build_index(None, None)
    every = brute(document)
    assert len(every) == 60 and every[0] == ["T_2"] and every[3] == ["T_5", "第5行 不存在"]
    assert document.index.errors.ordinals.tolist() == expected_errors(every, 1)
    assert document.find(Query(contains="不存在"), None, None).count == 12


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(
        st.lists(st.sampled_from(WORDS), min_size=3, max_size=3), min_size=1, max_size=40
    ),
    needle=st.sampled_from(["t_order", "列不", "fail", "2026", "&b", "x<", "true", "col_1"]),
)
def test_find_equals_a_row_by_row_search(cells: list[list[str]], needle: str) -> None:
    data = xlsx_bytes({"S": [["name", "column", "error_reason"], *cells]})
    document = open_sheet(data)
    rows = brute(document)
    found = document.find(Query(contains=needle), None, None)
    expected = [i for i, row in enumerate(rows) if any(needle in c.lower() for c in row)]
    assert found.complete and found.ordinals.tolist() == expected
    errors = document.find(Query(errors_only=True, contains=needle), None, None)
    column = document.error_column.index if document.error_column else 99
    both = [i for i in expected if column < len(rows[i]) and rows[i][column].strip()]
    assert errors.ordinals.tolist() == both


def test_header_index_of_rows_without_any_value_is_the_first() -> None:
    # Found by the mutation tests: every leading row empty raised StopIteration.
    assert header_index([(1, []), (2, ["", " "]), (3, [])]) == 0


def test_sorted_ordinals_numbers_by_number_text_by_text_empty_last() -> None:
    values = ["10", "9", "", "b", "A", "1,000", "-2"]
    assert sorted_ordinals(values, None, descending=False).tolist() == [6, 1, 0, 5, 4, 3, 2]
    assert sorted_ordinals(values, [0, 1, 2], descending=True).tolist() == [0, 1, 2]


def test_export_writes_every_row_shown(tmp_path: Path) -> None:
    document = open_sheet(xlsx_bytes({"S": drs_rows(100, every=10)}))
    errors = document.find(Query(errors_only=True), None, None)
    dest = tmp_path / "errors.csv"
    assert export_rows(document, errors.ordinals, dest) == 10
    text = dest.read_bytes().decode("utf-8-sig")
    assert text.splitlines()[0] == "表名,列名,数据类型,错误原因"
    assert len(text.splitlines()) == 11 and "第10行" in text
    with pytest.raises(DestinationExistsError, match="already exists"):
        export_rows(document, None, dest)
