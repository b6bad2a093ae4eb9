"""The result viewer on ZIPs built by the tests: what it shows, and what its keys do."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Input

from drs_tui.ui.screens.result_viewer_dialogs import (
    ChoicePicker,
    ConfirmDialog,
    PathPrompt,
    RowDetail,
)
from drs_tui.ui.widgets.virtual_table import MARKER
from tests.ui.flow_support import settle, wait_for
from tests.ui.viewer_support import (
    ViewerHost,
    mark_encrypted,
    notices,
    origin_for,
    result_zip,
    screen_text,
    two_sheet_workbook,
    zip_of,
)

SIZE = (100, 30)


async def test_xlsx_detail_shows_rows_and_error_reasons(tmp_path: Path) -> None:
    path = result_zip(tmp_path)
    app = ViewerHost(path, origin_for(path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "orders-oracle-to-gaussdb · detail · en-us" in text
        assert "Request req-5f2a9c" in text and "/home/ops/drs-results/xlsx-en-us.zip" in text
        assert "object_import_detail.xlsx" in text and "README.txt" in text
        assert "12 rows · ✗ 3 with an error reason (Error Reason)" in text
        assert "Error Reason" in text and "Table does not exist in" in text
        failed = [line for line in text.splitlines() if "Failed" in line]
        assert len(failed) == 3 and all(MARKER in line for line in failed)
        # The one workbook of a result gets the keyboard at once.
        assert app.viewer.focused is app.viewer.preview.table


async def test_zh_cn_names_and_content(tmp_path: Path) -> None:
    app = ViewerHost(result_zip(tmp_path, language="zh-cn"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "对象导入校验结果.xlsx" in text and "说明.txt" in text
        assert "错误原因" in text and "表名长度超过63个字符" in text and "失败" in text


async def test_error_rows_only_and_filter(tmp_path: Path) -> None:
    app = ViewerHost(result_zip(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.viewer.preview.table
        await pilot.press("e")
        await settle(pilot)
        assert table.row_count == 3
        assert "only ✗: 3 of 12 rows" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        assert table.row_count == 12
        await pilot.press("f")
        await pilot.press(*"ledger", "enter")
        await settle(pilot)
        assert table.row_count == 2
        assert "filter 'ledger': 2 of 12 rows" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        assert table.row_count == 1  # both filters: the duplicate LEDGER row
        assert "Duplicate object" in screen_text(app)


async def test_row_detail_shows_the_whole_reason(tmp_path: Path) -> None:
    app = ViewerHost(result_zip(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Row 9" in text
        assert "PAYROLL_2026_Q3_ARCHIVE_WITH_A_VERY_LONG" in text.replace("\n", "")
        assert "✗ Error Reason" in text and "Table name exceeds 63 characters" in text


async def test_txt_result_search_and_failure_marks(tmp_path: Path) -> None:
    app = ViewerHost(result_zip(tmp_path, "txt"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.viewer.preview.text_view
        assert app.viewer.preview.showing == "text"
        marked = [line for line in screen_text(app).splitlines() if "FAILED" in line]
        assert marked and all(MARKER in line for line in marked)
        await pilot.press("slash", *"failed", "enter")
        await settle(pilot)
        search = app.viewer.preview.search_state
        assert search.matches is not None and search.matches.count == 1
        assert view.current_line == 7
        assert "search 'failed': match 1 of 1" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        assert view.line_count == 1 and view.source.number(view.source_index(0)) == 8


async def test_json_result_is_a_table_and_v_shows_the_json(tmp_path: Path) -> None:
    app = ViewerHost(result_zip(tmp_path, "json"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "JSON records" in text and "error_reason" in text
        assert "8 rows · ✗ 1 with an error reason (error_reason)" in text
        await pilot.press("v")
        await settle(pilot)
        preview = app.viewer.preview
        assert preview.showing == "text"
        view = preview.text_view
        lines = [view.source.line(i) or "" for i in range(view.line_count)]
        assert any('"error_reason": "Table name exceeds' in line for line in lines)
        assert "view: text" in screen_text(app)


async def test_encrypted_entry_is_marked_and_explained(tmp_path: Path) -> None:
    path = zip_of(tmp_path, "mixed.zip", {"secret.xlsx": b"x" * 100, "ok.txt": b"fine\n"})
    mark_encrypted(path, "secret.xlsx")
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        row = next(line for line in text.splitlines() if "secret.xlsx" in line)
        assert MARKER in row
        assert "encrypted" in text.lower()
        assert "Traceback" not in text


async def test_big_text_entry_is_whole_end_search_and_go_to(tmp_path: Path) -> None:
    body = b"".join(b"line %06d some log text\n" % i for i in range(200_000))
    app = ViewerHost(zip_of(tmp_path, "big.zip", {"big.log": body}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        preview = app.viewer.preview
        assert preview.document is not None and preview.document.index.complete
        assert "200,000 lines" in screen_text(app)
        preview.focus_content()
        await pilot.press("end")
        await settle(pilot)
        assert "line 199999 some log text" in screen_text(app)
        await pilot.press("home", "slash", *"line 150000", "enter")
        await settle(pilot)
        assert preview.text_view.current_line == 150_000
        assert "match 1 of 1" in screen_text(app)
        await pilot.press("colon", *"42", "enter")
        await settle(pilot)
        assert preview.text_view.current_line == 41


async def test_sheet_switcher(tmp_path: Path) -> None:
    path = zip_of(tmp_path, "sheets.zip", {"result.xlsx": two_sheet_workbook()})
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "sheets: [Result] Summary" in screen_text(app)
        await pilot.press("]")  # what the terminal sends: right_square_bracket
        await settle(pilot)
        text = screen_text(app)
        assert "sheets: Result [Summary]" in text and "Total" in text
        await pilot.press("[")
        await settle(pilot)
        assert "sheets: [Result] Summary" in screen_text(app)


async def test_nested_zip_binary_and_not_a_zip(tmp_path: Path) -> None:
    inner = zip_of(tmp_path, "inner.zip", {"a.txt": b"a", "b.txt": b"b"}).read_bytes()
    path = zip_of(tmp_path, "outer.zip", {"inner.zip": inner, "blob.bin": bytes(range(256))})
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "nested ZIP" in screen_text(app) and "a.txt" in screen_text(app)
        await pilot.press("tab")  # back to the entry list
        app.viewer.entry_list.focus()
        await pilot.press("down")
        await settle(pilot)
        assert "00000000  00 01 02 03" in screen_text(app)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"this is not a zip at all")
    app = ViewerHost(broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Not a ZIP" in text and "Traceback" not in text


async def test_forced_encoding(tmp_path: Path) -> None:
    path = zip_of(tmp_path, "gbk.zip", {"说明.txt": "导入失败: 表不存在\n".encode("gb18030")})
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "导入失败" in screen_text(app)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoicePicker), what="encodings")
        await pilot.press("1")  # Latin-1
        await settle(pilot)
        text = screen_text(app)
        assert "(forced)" in text and "导入失败" not in text


async def test_extract_refuses_overwrite_without_confirmation(tmp_path: Path) -> None:
    path = result_zip(tmp_path)
    dest = tmp_path / "out"
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        async def extract_to_dest() -> None:
            await pilot.press("x")
            await wait_for(pilot, lambda: isinstance(app.screen, PathPrompt), what="folder")
            app.screen.query_one(Input).value = str(dest)
            await pilot.press("enter")

        await extract_to_dest()
        await settle(pilot)
        written = dest / "object_import_detail.xlsx"
        assert written.read_bytes()[:2] == b"PK"
        written.write_bytes(b"mine")
        await extract_to_dest()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="overwrite?")
        await pilot.press("n")
        await settle(pilot)
        assert written.read_bytes() == b"mine"
        await extract_to_dest()
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="overwrite?")
        await pilot.press("y")
        await settle(pilot)
        assert written.read_bytes()[:2] == b"PK"
        await pilot.press("X")
        await wait_for(pilot, lambda: app.screen.query(Input), what="folder")
        app.screen.query_one(Input).value = str(tmp_path / "all")
        await pilot.press("enter")
        await settle(pilot)
        assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
            "README.txt",
            "object_import_detail.xlsx",
        ]


async def test_save_zip_as(tmp_path: Path) -> None:
    path = result_zip(tmp_path)
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: app.screen.query(Input), what="file name")
        app.screen.query_one(Input).value = str(tmp_path / "copy.zip")
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / "copy.zip").read_bytes() == path.read_bytes()


async def test_copy_and_refetch(tmp_path: Path) -> None:
    path = result_zip(tmp_path)
    asked: list[tuple[str, str]] = []
    app = ViewerHost(path, origin_for(path, lambda kind, lang: asked.append((kind, lang))))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("y", "n")
        await pilot.press("y", "r")
        await pilot.press("e", "y", "w")
        await settle(pilot)
        assert app.copied[:2] == ["object_import_detail.xlsx", "req-5f2a9c"]
        assert (
            app.copied[2].startswith("HR\tPAYROLL_2026") and "Table name exceeds" in app.copied[2]
        )
        await pilot.press("r", "c", "z")
        await wait_for(pilot, lambda: asked, what="re-fetch")
        assert asked == [("change", "zh-cn")]


async def test_refetch_without_origin_explains(tmp_path: Path) -> None:
    app = ViewerHost(result_zip(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await wait_for(pilot, lambda: "re-fetch needs a job" in notices(app), what="notice")


async def test_q_and_escape_go_back(tmp_path: Path) -> None:
    path = result_zip(tmp_path)
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0  # the viewer was the only screen: q quits

    class Below(ViewerHost):
        def open_viewer(self) -> None:
            self.push_screen(Screen(id="below"))
            super().open_viewer()

    app = Below(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.id == "below", what="the screen below")


async def test_notes_sheet_and_header_line_claim_no_reason(tmp_path: Path) -> None:
    """A 说明 sheet whose one cell holds 校验 has no reason column; a text header line
    naming 错误原因 is not a failed row (issue 12)."""
    from drs_tui.simulator.xlsx_writer import build_xlsx

    book = build_xlsx(
        {
            "说明": [["本文件由导入校验生成"], ["红色行为未通过的对象"]],
            "结果": [["表名", "错误原因"], ["t1", None], ["t2", "源库中不存在该表"]],
        }
    )
    text = "表名\t导入结果\t错误原因\nt1\t成功\nt2\t失败\t源库中不存在该表\n"
    path = zip_of(tmp_path, "n.zip", {"r.xlsx": book, "r.txt": text.encode()})
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "no error-reason column found" in shown
        assert "with an error reason (本文件" not in shown
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: "✗ 1 with an error reason (错误原因)" in screen_text(app))
        await pilot.press("shift+tab", "down")
        await wait_for(pilot, lambda: "✗ 1 report a failure" in screen_text(app))
        marked = [line for line in screen_text(app).splitlines() if f"{MARKER} t" in line]
        assert len(marked) == 1 and "t2" in marked[0], marked


async def test_the_placeholder_points_where_the_entry_list_is(tmp_path: Path) -> None:
    """'Pick an entry in the list above' when the list is above, 'on the left' beside;
    a problem shown in its place stays (issue 12)."""
    files = {f"d/t_{i:02}.txt": b"x\n" for i in range(30)}
    app = ViewerHost(zip_of(tmp_path, "many.zip", files))
    async with app.run_test(size=(150, 40)) as pilot:
        await settle(pilot)
        preview = app.viewer.preview
        assert not app.viewer.has_class("-stacked")
        preview._waiting = True  # as before the first preview: the words are on screen
        await pilot.resize_terminal(149, 40)
        await settle(pilot)
        assert preview.placeholder == "Pick an entry in the list on the left."
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: app.viewer.has_class("-stacked"))
        assert preview.placeholder == "Pick an entry in the list above."
    app = ViewerHost(zip_of(tmp_path, "empty.zip", {}))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "No entries" in screen_text(app))
        await pilot.resize_terminal(150, 40)
        await settle(pilot)
        assert "No entries" in screen_text(app) and "Pick an entry" not in screen_text(app)


async def test_save_zip_never_proposes_the_zip_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened from the working folder, `s` proposes NAME-copy.zip, not the ZIP itself;
    typing the ZIP's own path is refused without asking to replace it (issue 12)."""
    path = result_zip(tmp_path)
    monkeypatch.chdir(tmp_path)
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PathPrompt), what="file name")
        proposed = Path(app.screen.query_one(Input).value)
        assert proposed == tmp_path.resolve() / "xlsx-en-us-copy.zip"
        await pilot.press("enter")
        await settle(pilot)
        assert proposed.read_bytes() == path.read_bytes()
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, PathPrompt), what="file name")
        assert app.screen.query_one(Input).value.endswith("xlsx-en-us-copy-2.zip")
        app.screen.query_one(Input).value = str(path)
        await pilot.press("enter")
        await wait_for(pilot, lambda: "is the ZIP shown here" in notices(app))
        assert not isinstance(app.screen, ConfirmDialog)


async def test_extract_all_keep_them_extracts_the_rest(tmp_path: Path) -> None:
    """X, then 'Keep them' (n): the existing file stays, the others are extracted; Esc
    extracts nothing (issue 12)."""
    path = result_zip(tmp_path)
    dest = tmp_path / "all"
    dest.mkdir()
    (dest / "README.txt").write_bytes(b"mine")
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        async def extract_all(answer: str) -> None:
            await pilot.press("X")
            await wait_for(pilot, lambda: isinstance(app.screen, PathPrompt), what="folder")
            app.screen.query_one(Input).value = str(dest)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="keep?")
            await pilot.press(answer)
            await settle(pilot)

        await extract_all("escape")
        await wait_for(pilot, lambda: "Nothing was extracted" in notices(app))
        assert sorted(p.name for p in dest.iterdir()) == ["README.txt"]
        await extract_all("n")
        await wait_for(pilot, lambda: "kept the 1 file already there" in notices(app))
        assert (dest / "README.txt").read_bytes() == b"mine"
        assert (dest / "object_import_detail.xlsx").read_bytes()[:2] == b"PK"


async def test_a_json_error_saved_as_the_zip_shows_its_code_and_message(tmp_path: Path) -> None:
    path = tmp_path / "result.zip"
    path.write_bytes(b'{"error_code":"DRS.10030008","error_msg":"Failed to download the file"}')
    app = ViewerHost(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "DRS.10030008" in screen_text(app), what="the error")
        assert "error_code DRS.10030008: Failed to download the file" in " ".join(
            screen_text(app).split()
        )


async def test_i_shows_a_truncated_archives_warning_whole(tmp_path: Path) -> None:
    """At 80 columns the status line cuts the warning; it says so and i shows it all."""
    whole = zip_of(tmp_path, "whole.zip", {f"file_{i}.txt": b"x" * 3000 for i in range(8)})
    data = whole.read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(data[: len(data) // 2])
    app = ViewerHost(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "i: the whole warning" in screen_text(app))
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, RowDetail), what="the details")
        await settle(pilot)
        # The dialog's lines: between its borders, without the names on the left.
        inside = [line.split("█")[1] for line in screen_text(app).splitlines() if "█" in line]
        words = [
            part.strip().removeprefix("Warning 1").removeprefix("Warning 2") for part in inside
        ]
        shown = " ".join(" ".join(words).split())
        for problem in app.viewer.archive.problems:  # type: ignore[union-attr]
            assert problem in shown
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.viewer)
    app = ViewerHost(path)
    async with app.run_test(size=(60, 15)) as pilot:  # the box fits, and scrolls to its end
        await wait_for(pilot, lambda: "i: the whole" in screen_text(app))
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, RowDetail), what="the details")
        assert "Esc, q or Enter: close" in screen_text(app)
        await pilot.press("end")
        await wait_for(pilot, lambda: "cannot be read." in screen_text(app), what="the end")
        assert "Esc, q or Enter: close" in screen_text(app)


async def test_a_row_shown_whole_is_never_markup(  # a guard: Textual reads no markup here
    tmp_path: Path,
) -> None:
    csv = "name,reason\nT1,[bold red]x[/bold red] \\u202e\n"
    app = ViewerHost(zip_of(tmp_path, "m.zip", {"r.csv": csv.encode()}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.viewer.preview.focus_content()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RowDetail), what="the row")
        assert "[bold red]x[/bold red]" in screen_text(app)


async def test_one_line_is_a_line(tmp_path: Path) -> None:
    app = ViewerHost(zip_of(tmp_path, "one.zip", {"a.txt": b"only\n", "b.csv": b"h\nv\n"}))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: " 1 line" in screen_text(app) or "1 row" in screen_text(app))
        assert "1 lines" not in screen_text(app) and "1 rows" not in screen_text(app)
