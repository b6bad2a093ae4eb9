"""JSON / JSON Lines rendering and the CSV/TSV table reader."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from drs_tui.result.errors import PreviewError
from drs_tui.result.table import build_table, column_letter
from drs_tui.result.text.delimited import read_delimited, sniff_delimiter
from drs_tui.result.text.json_preview import looks_like_json_lines, render_json, render_json_lines
from tests.result.preview_corpus import CSV_TEXT, JSON_DOC, JSON_LINES, TSV_TEXT


def test_json_is_pretty_printed_with_chinese_kept() -> None:
    shown = render_json(JSON_DOC, complete=True)
    assert shown.pretty and shown.note is None
    assert shown.text.startswith('{\n  "job": "导入任务",\n  "records": [\n    {')
    assert json.loads(shown.text) == json.loads(JSON_DOC)


def test_partial_json_is_shown_raw_with_a_note() -> None:
    shown = render_json(JSON_DOC[:300], complete=False)
    assert not shown.pretty
    assert shown.text == JSON_DOC[:300]
    assert shown.note is not None and "only the start" in shown.note


def test_invalid_json_says_where() -> None:
    shown = render_json('{"a": 1,\n "b": }', complete=True)
    assert not shown.pretty
    assert shown.note is not None and "line 2" in shown.note


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "1" * 10_000])
def test_hostile_json_falls_back_to_text(text: str) -> None:
    shown = render_json(text, complete=True)
    assert not shown.pretty
    assert shown.note is not None


def test_pretty_output_is_capped() -> None:
    shown = render_json(JSON_DOC, complete=True, max_chars=500)
    assert len(shown.text) <= 500
    assert shown.note is not None and "cut" in shown.note


def test_json_control_characters_are_escaped() -> None:
    shown = render_json('{"a": "x\\u001b[31m\\u202e"}', complete=True)
    assert "\x1b" not in shown.text and "\u202e" not in shown.text
    assert "\\u001b" in shown.text


def test_json_lines_each_record_pretty_and_bad_lines_kept() -> None:
    text = JSON_LINES + "not json\n" + '{"last": true}\n'
    shown = render_json_lines(text, complete=True)
    assert shown.records == 52
    assert shown.invalid_lines == 1
    assert '"错误原因": "字段类型不匹配"' in shown.text
    assert "# line 51 is not valid JSON:\nnot json" in shown.text


def test_json_lines_cut_by_page_drops_the_partial_record() -> None:
    cut = JSON_LINES[: len(JSON_LINES) // 2]
    shown = render_json_lines(cut, complete=False)
    assert shown.invalid_lines == 0
    assert shown.records == cut.count("\n")
    assert shown.note is not None


def test_json_lines_record_limit() -> None:
    shown = render_json_lines(JSON_LINES, complete=True, max_records=5)
    assert shown.records == 5
    assert shown.note == "showing the first 5 records"


def test_looks_like_json_lines() -> None:
    assert looks_like_json_lines(JSON_LINES)
    assert not looks_like_json_lines(JSON_DOC)
    assert not looks_like_json_lines("plain\ntext\n")


def test_csv_table_with_header_and_row_numbers() -> None:
    table = read_delimited(CSV_TEXT, complete=True, max_rows=1000)
    assert table.columns == ["表名", "列名", "错误原因"]
    assert table.rows[4] == ["T_5", "COL_5", "长度超过限制"]
    assert table.row_numbers[:3] == [2, 3, 4]
    assert (table.total_rows, table.more) == (300, False)
    assert table.status() == "300 rows"


def test_tsv_is_sniffed() -> None:
    assert sniff_delimiter(TSV_TEXT) == "\t"
    assert sniff_delimiter("a;b;c\n1;2;3\n") == ";"
    table = read_delimited(TSV_TEXT, complete=True)
    assert table.columns == ["表名", "列名", "错误原因"]


def test_csv_max_rows_and_partial_page() -> None:
    table = read_delimited(CSV_TEXT, complete=True, max_rows=10)
    assert len(table.rows) == 10 and table.more
    assert table.status() == "10 rows, more available"
    partial = read_delimited(CSV_TEXT[:500], complete=False)
    assert partial.more and partial.total_rows is None
    assert all(len(r) == 3 for r in partial.rows)
    last = partial.rows[-1]
    assert CSV_TEXT.find(",".join(last) + "\r\n") > 0  # no half-cut last row


def test_quoted_newlines_ragged_rows_and_duplicate_headers() -> None:
    table = read_delimited('a,a,,b\n"x\ny",2\n1,2,3,4,5\n', complete=True)
    assert table.columns == ["a", "a (B)", "C", "b", "E"]
    assert table.rows == [["x\ny", "2", "", "", ""], ["1", "2", "3", "4", "5"]]
    assert table.row_numbers == [2, 4]


def test_oversized_csv_field_is_a_preview_error() -> None:
    with pytest.raises(PreviewError):
        read_delimited('a\n"' + "x" * 200_000 + '"\n', complete=True)


def test_build_table_caps_columns() -> None:
    table = build_table([(1, ["h"]), (2, ["x"] * 2000)], max_rows=5)
    assert len(table.columns) == 1024 and table.dropped_columns == 2000 - 1024
    assert column_letter(0) == "A" and column_letter(27) == "AB" and column_letter(16383) == "XFD"


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400), complete=st.booleans())
def test_random_text_never_breaks_json_or_csv(text: str, complete: bool) -> None:
    render_json(text, complete=complete)
    render_json_lines(text, complete=complete)
    try:
        table = read_delimited(text, complete=complete, max_rows=50)
    except PreviewError:
        return
    assert all(len(r) == len(table.columns) for r in table.rows)
