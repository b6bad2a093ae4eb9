"""VirtualTable, TextView and ZipEntryList: what they draw, and that they draw only the
visible window however long the data is."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App, ComposeResult
from textual.widget import Widget

from drs_tui.sizes import compact_size
from drs_tui.ui.widgets.cell_text import clean, fit, width_of
from drs_tui.ui.widgets.table_model import measure, spread
from drs_tui.ui.widgets.text_view import ListLines, TextView, display_line, json_spans
from drs_tui.ui.widgets.virtual_table import (
    CURSOR,
    MARKER,
    SAMPLE_ROWS,
    Column,
    ListRows,
    VirtualTable,
)


class CountingRows:
    """A million rows that count how often they are asked for."""

    def __init__(self, count: int = 1_000_000) -> None:
        self.count = count
        self.asked = 0

    def __len__(self) -> int:
        return self.count

    def cells(self, index: int) -> Sequence[str]:
        self.asked += 1
        return [f"row {index}", "x" * (index % 7), "bad" if index % 10 == 3 else ""]

    def marked(self, index: int) -> bool:
        return index % 10 == 3

    def number(self, index: int) -> int:
        return index + 2


class Host(App[None]):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


COLUMNS = [Column("Name"), Column("Pad"), Column("Error Reason")]


def lines_of(widget: Widget, count: int) -> list[str]:
    return [widget.render_line(y).text for y in range(count)]


async def test_million_rows_render_only_the_window() -> None:
    rows = CountingRows()
    table = VirtualTable(COLUMNS, rows)
    async with Host(table).run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        assert rows.asked < SAMPLE_ROWS + 50
        before = rows.asked
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 999_999
        shown = lines_of(table, table.scrollable_content_region.height)
        assert shown[-1].startswith(CURSOR)
        assert "row 999999" in shown[-1]
        assert rows.asked - before < 50


async def test_header_gutter_marker_and_row_numbers() -> None:
    table = VirtualTable(COLUMNS, CountingRows(20))
    async with Host(table).run_test(size=(60, 8)) as pilot:
        await pilot.pause()
        header, first, *_ = lines_of(table, 6)
        assert "Name" in header and "Error Reason" in header
        assert first.startswith(CURSOR)
        assert " 2 row 0" in first  # numbers come from the source (spreadsheet rows)
        fifth = table.render_line(4).text
        assert fifth[1] == MARKER and "row 3" in fifth and "bad" in fifth
        assert table.render_line(3).text[1] == " "


async def test_cursor_keys_scroll_and_select() -> None:
    table = VirtualTable(COLUMNS, CountingRows(100))
    selected: list[int] = []

    class SelectHost(Host):
        def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
            selected.append(event.index)

    async with SelectHost(table).run_test(size=(60, 8)) as pilot:
        await pilot.press("down", "j", "pagedown")
        assert table.cursor_row == 2 + table.page_rows
        await pilot.press("k", "home")
        assert table.cursor_row == 0 and table.scroll_y == 0
        await pilot.press("pagedown", "pagedown", "pagedown", "enter")
        await pilot.pause()
        assert selected == [table.cursor_row]
        top = round(table.scroll_y)
        assert top <= table.cursor_row < top + table.scrollable_content_region.height - 1


async def test_filter_view_keeps_numbers_and_highlights() -> None:
    rows = [[f"T{i}", "ok" if i % 3 else "Table does not exist"] for i in range(30)]
    table = VirtualTable([Column("Table"), Column("Reason", max_width=30)], ListRows(rows, 1))
    async with Host(table).run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        table.set_view([i for i in range(30) if i % 3 == 0], highlight="exist")
        await pilot.pause()
        assert table.row_count == 10
        body = lines_of(table, 4)[1:]
        assert [line.split()[1] for line in body] == ["1", "4", "7"]
        assert all(MARKER in line for line in body)
        strip = table.render_line(2)
        matched = [seg for seg in strip if seg.text == "exist"]
        assert matched and matched[0].style is not None and matched[0].style.underline
        table.set_view(None)
        assert table.row_count == 30


async def test_horizontal_scroll_keeps_gutter() -> None:
    wide = [Column(f"C{i}", width=12) for i in range(10)]
    rows = [[f"r{r}c{c}" for c in range(10)] for r in range(5)]
    table = VirtualTable(wide, ListRows(rows))
    async with Host(table).run_test(size=(40, 8)) as pilot:
        await pilot.pause()
        assert "r0c0" in table.render_line(1).text
        await pilot.press("right", "right")
        await pilot.pause()
        line = table.render_line(1).text
        assert line.startswith(CURSOR) and "r0c0" not in line
        gutter = table.gutter_width
        assert line[gutter:].startswith("r0c2")
        assert table.render_line(0).text[gutter:].startswith("C2")
        await pilot.press("left")
        await pilot.pause()
        assert table.render_line(1).text[gutter:].startswith("r0c1")


async def test_cjk_cells_line_up() -> None:
    rows = [["对象导入校验结果", "表名长度超过63个字符"], ["ab", "c"]]
    table = VirtualTable([Column("名称"), Column("原因")], ListRows(rows))
    async with Host(table).run_test(size=(60, 6)) as pilot:
        await pilot.pause()
        first, second = (table.render_line(y).text for y in (1, 2))
        assert width_of(first[: first.index("│")]) == width_of(second[: second.index("│")])


def test_columns_are_measured_on_a_sample_and_spread_over_the_room() -> None:
    rows = CountingRows(1000)
    assert measure([Column("Name"), Column("Pad", min_width=2)], rows) == [7, 6]  # "row 199"
    assert rows.asked == SAMPLE_ROWS
    fixed = [Column("A", width=5), Column("B", width=9)]
    assert measure(fixed, rows) == [5, 9] and rows.asked == SAMPLE_ROWS  # no sample needed
    flex = [Column("Name", min_width=10, flex=True), Column("Size", width=7)]
    assert spread([4, 7], flex, 40, 3) == [30, 7]  # the flex column takes what is left
    assert spread([4, 7], flex, 12, 3) == [10, 7]  # but not below its min_width
    wide = [Column("A", max_width=60), Column("B", max_width=60)]
    assert spread([50, 20], wide, 40, 1) == [19, 20]  # the widest column narrows first


def test_fit_cuts_and_pads_in_cells() -> None:
    assert fit("abc", 5) == "abc  "
    assert fit("abc", 5, align="right") == "  abc"
    assert fit("abcdef", 4) == "abc…"
    assert fit("dir/sub/file.xlsx", 8, clip="start") == "…le.xlsx"
    assert width_of(fit("对象导入校验结果.xlsx", 10)) == 10
    assert clean("a\tb\nc\x1b[31m") == "a b⏎c\\x1b[31m"
    assert clean("x\r\ny\u202ez\x9b") == "x⏎y\\u202ez\\x9b"


def test_compact_size() -> None:
    assert [compact_size(n) for n in (0, 999, 1024, 12 * 1024, 5 << 20, 3 << 30)] == [
        "0",
        "999",
        "1.0K",
        "12K",
        "5.0M",
        "3.0G",
    ]


def test_display_lines_and_json_spans() -> None:
    lines = ["{", '  "a": "Failed",', '\t"b": 12,', '  "c": null', "}"]
    assert display_line(lines[2]) == '    "b": 12,'
    assert display_line("x" * 20_000).endswith("…")
    kinds = [kind for _s, _e, kind in json_spans(lines[1])]
    assert kinds == ["text-view--key", "text-view--string"]
    assert [k for _s, _e, k in json_spans(lines[3])] == ["text-view--key", "text-view--literal"]


async def test_text_view_marks_highlights_and_goes_to_a_line() -> None:
    lines = [f"line {i}: {'FAILED table' if i % 50 == 7 else 'ok'}" for i in range(500)]
    view = TextView()
    async with Host(view).run_test(size=(50, 10)) as pilot:
        view.set_source(ListLines(lines, marks=lambda line: "FAILED" in line))
        await pilot.pause()
        assert view.render_line(7).text.split()[:2] == ["8", MARKER]
        assert MARKER not in view.render_line(0).text
        view.set_highlight("failed")
        view.go_to_line(257, current=True)
        await pilot.pause()
        top = round(view.scroll_y)
        assert top <= 257 < top + 10
        row = view.render_line(257 - top)
        current = [seg for seg in row if seg.text.lower() == "failed"]
        assert current and current[0].style is not None and current[0].style.reverse
        view.set_view([7, 57, 107])
        await pilot.pause()
        assert view.line_count == 3 and view.render_line(1).text.split()[0] == "58"
