"""The viewer over a whole entry: counts, reasons, go to, sort, export and Esc, through the
keys a person presses (the entry is indexed in the background first)."""

from __future__ import annotations

from pathlib import Path

from drs_tui.simulator.xlsx_writer import build_xlsx
from drs_tui.ui.screens.result_viewer_dialogs import ChoicePicker, PathPrompt, TextPrompt
from tests.ui.flow_support import settle
from tests.ui.viewer_support import ViewerHost, notices, screen_text, zip_of

SIZE = (120, 36)
ROWS = 3000
REASONS = ["Column type CLOB is not supported", "Name ends with a space "]


def big_result(tmp: Path) -> Path:
    rows: list[list[str | int | float | None]] = [["Table", "Column", "Error Reason"]]
    for i in range(ROWS):
        reason = REASONS[(i // 50) % 2] if i % 50 == 49 else None
        rows.append([f"T_{i // 10:04d}", f"COL_{i % 10}", reason])
    return zip_of(tmp, "big.zip", {"detail.xlsx": build_xlsx({"Result": rows})})


async def test_counts_reasons_go_to_sort_export_and_esc(tmp_path: Path) -> None:
    app = ViewerHost(big_result(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.viewer.preview
        assert preview.document is not None and preview.document.index.complete
        text = screen_text(app)
        assert f"{ROWS:,} rows · ✗ 60 with an error reason (Error Reason)" in text

        await pilot.press("R")  # each reason, with its count; Enter on one filters
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, ChoicePicker)
        assert [c.value for c in picker.choices] == REASONS
        await pilot.press("2")
        await settle(pilot)
        assert f"reason 'Name ends with a space ': 30 of {ROWS:,} rows" in screen_text(app)
        table = preview.table
        assert table.row_count == 30
        assert "2 trailing" not in screen_text(app)
        await pilot.press("l", "l")  # the reason column: its trailing space is shown
        await settle(pilot)
        assert "1 trailing space: Name ends with a space␠" in screen_text(app)

        await pilot.press("escape")  # drops the filter, stays in the viewer
        await settle(pilot)
        assert app.screen is app.viewer and table.row_count == ROWS

        await pilot.press("colon")
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"2,001", "enter")
        await settle(pilot)
        assert table.source.number(table.cursor_index() or 0) == 2001

        await pilot.press("home", "S")  # sort by the reason column: rows with one first
        await settle(pilot)
        first = table.source.cells(table.source_index(0))
        assert first[2] == REASONS[0]
        await pilot.press("colon")  # go to still finds a row in the sorted order
        await pilot.press(*"2,001", "enter")
        await settle(pilot)
        assert table.source.number(table.cursor_index() or 0) == 2001
        assert "hidden by the filter" not in notices(app)

        await pilot.press("e", "w")  # export what is shown: every error row
        await settle(pilot)
        prompt = app.screen
        assert isinstance(prompt, PathPrompt)
        dest = tmp_path / "errors.csv"
        prompt.query_one("Input").value = str(dest)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        lines = dest.read_text(encoding="utf-8-sig").splitlines()
        assert lines[0] == "Table,Column,Error Reason" and len(lines) == 61

        await pilot.press("escape")  # the filter goes first...
        await settle(pilot)
        assert app.screen is app.viewer
        await pilot.press("escape")  # ...then the viewer
        await settle(pilot)
        assert app.screen is not app.viewer or app.return_code is not None


async def test_v_on_csv_shows_the_text_as_written(tmp_path: Path) -> None:
    csv = "".join(f"T_{i},{'bad' if i % 3 == 0 else ''}\n" for i in range(50))
    app = ViewerHost(zip_of(tmp_path, "c.zip", {"r.csv": ("table,error\n" + csv).encode()}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.viewer.preview
        assert preview.showing == "table"
        preview.focus_content()
        await pilot.press("v")
        await settle(pilot)
        assert preview.showing == "text" and "view: text" in screen_text(app)
        assert "table,error" in screen_text(app)
