"""The viewer's "compare with…" (C) and the comparison screen: rows with markers, Enter
on a row, Esc that cancels a running comparison before it leaves, s that swaps sides."""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from drs_tui.result import ResultArchive
from drs_tui.simulator import Simulator
from drs_tui.simulator.jobs import demo_jobs
from drs_tui.simulator.result_files import build_result_zip
from drs_tui.ui.screens.fetch_form import FetchForm
from drs_tui.ui.screens.result_compare import ResultCompareScreen
from drs_tui.ui.screens.result_viewer import ResultViewerScreen
from drs_tui.ui.screens.result_viewer_dialogs import RowDetail
from tests.ui.flow_support import (
    demo_app,
    screen_text as flow_text,
    settle,
    ui_language,
    wait_for,
    wait_for_jobs,
)
from tests.ui.viewer_support import ViewerHost, origin_for, screen_text

SnapCompare = Callable[..., bool]
ORACLE = demo_jobs(0)[0]


def pair(folder: Path) -> tuple[Path, Path]:
    """detail.zip and detail-2.zip: the same job's detail before and after a re-upload."""
    old, new = folder / "detail.zip", folder / "detail-2.zip"
    old.write_bytes(build_result_zip(ORACLE, "detail", "en-us", None))
    new.write_bytes(build_result_zip(ORACLE, "detail", "en-us", None, 2))
    return old, new


async def open_comparison(pilot: Pilot[Any], other: str) -> None:
    await settle(pilot)
    await pilot.press("C")
    await pilot.press(*other, "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ResultCompareScreen), what="screen")
    await settle(pilot)


def after_comparison(other: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_comparison(pilot, other)
        await pilot.press("down", "down", "down", "down")  # the new error, ✗ in the gutter
        await settle(pilot)

    return run_before


def test_comparison_80x24(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pair(tmp_path)
    monkeypatch.chdir(tmp_path)  # relative names on screen: the same picture everywhere
    app = ViewerHost(Path("detail.zip"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=after_comparison("detail-2.zip"))


def test_comparison_80x24_zh(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same comparison with the UI in Chinese: our words translate, the files' do not."""
    pair(tmp_path)
    monkeypatch.chdir(tmp_path)
    with ui_language("zh"):
        app = ViewerHost(Path("detail.zip"))
        assert snap_compare(
            app, terminal_size=(80, 24), run_before=after_comparison("detail-2.zip")
        )


async def test_the_rows_of_a_re_upload_with_markers_and_a_row_whole(tmp_path: Path) -> None:
    old, new = pair(tmp_path)
    app = ViewerHost(old)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_comparison(pilot, str(new))
        text = screen_text(app)
        assert "Entries + 0  − 0  ~ 1  = 1 · Rows + 1  − 1  ~ 2" in text
        assert "fixed: 1, new errors: 1, still failing: 1" in text
        assert "Done: 5 differences listed" in text
        lines = text.splitlines()
        assert any("~ │ fixed" in line and "FIN.MISSING_TABLE" in line for line in lines)
        assert any("+ │ added" in line and "INV.STOCK_MOVE" in line for line in lines)
        assert any("✗ ~ │ new error" in line and "SALES.CUSTOMER" in line for line in lines)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, RowDetail), what="row detail")
        assert "Table does not exist in the source database → -" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")  # NEW becomes OLD: the fix is now a new error
        await settle(pilot)
        assert "fixed: 1, new errors: 2, still failing: 1" in screen_text(app)
        await pilot.press("escape")  # nothing runs: back to the viewer
        await settle(pilot)
        assert not isinstance(app.screen, ResultCompareScreen)


async def test_a_problem_shows_in_place(tmp_path: Path) -> None:
    old, _ = pair(tmp_path)
    app = ViewerHost(old)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_comparison(pilot, str(tmp_path / "nowhere.zip"))
        assert "File not found" in screen_text(app)


async def test_esc_cancels_a_running_comparison_then_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = pair(tmp_path)
    opened = threading.Event()
    go_on = threading.Event()
    real_open = ResultArchive.open

    def held_open(path: Any, **options: Any) -> ResultArchive:
        opened.set()
        go_on.wait(10)
        return real_open(path, **options)

    monkeypatch.setattr(ResultArchive, "open", held_open)
    app = ViewerHost(old)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("C", *str(new), "enter")
        await wait_for(pilot, opened.is_set, what="the comparison to start")
        screen = app.screen
        assert isinstance(screen, ResultCompareScreen) and screen.running
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.running, what="cancelled")
        go_on.set()
        await settle(pilot)
        assert app.screen is screen and "Cancelled" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not screen


async def test_swap_during_a_comparison_lists_only_the_new_direction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """s while rows arrive: the comparison it stops must not add its rows to the new list
    (nor call the new one cancelled) when it gets to its next step after the swap."""
    from drs_tui.ui.screens import result_compare, result_compare_rows

    old, new = pair(tmp_path)
    held, release = threading.Event(), threading.Event()
    real_row_line = result_compare_rows.row_line

    def slow_first_row(*args: Any) -> Any:
        if not held.is_set():  # the first comparison's first row: wait for the swap
            held.set()
            release.wait(10)
        return real_row_line(*args)

    monkeypatch.setattr(result_compare, "row_line", slow_first_row)
    app = ViewerHost(old)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("C", *str(new), "enter")
        await wait_for(pilot, held.is_set, what="the first comparison's rows")
        screen = app.screen
        assert isinstance(screen, ResultCompareScreen)
        await pilot.press("s")
        await wait_for(pilot, lambda: "Done" in screen_text(app), what="the swapped comparison")
        swapped = [line.cells for line in screen.lines]
        release.set()  # the first comparison goes on to its next step, then sees it was stopped
        await settle(pilot)
        assert [line.cells for line in screen.lines] == swapped
        assert "Done" in screen_text(app) and "Cancelled" not in screen_text(app)


async def test_compare_with_another_language_of_the_job_fetched_now(
    simulator: Simulator, tmp_path: Path
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="fetch form")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultViewerScreen), what="viewer")
        viewer = app.screen
        await settle(pilot)
        await pilot.press("C", "j", "d", "z")  # this job, detail, zh-cn
        await wait_for(pilot, lambda: isinstance(app.screen, ResultCompareScreen), what="compare")
        await settle(pilot)
        text = flow_text(app)
        assert "reasons differ only in language" in text
        assert "Rows + 0  − 0  ~ 0" in text
        assert (tmp_path / "orders-oracle-to-gaussdb-detail-zh-cn.zip").exists()
        await pilot.press("q")
        await settle(pilot)
        assert app.screen is viewer  # the viewer stays on the ZIP it showed


async def test_compare_offers_a_file_or_the_job_when_the_job_is_known(tmp_path: Path) -> None:
    old, new = pair(tmp_path)
    asked: list[tuple[str, str]] = []

    def fetch_other(result_type: str, language: str, then: Callable[[Path], None]) -> None:
        asked.append((result_type, language))
        then(new)

    origin = replace(origin_for(old), fetch_other=fetch_other)
    app = ViewerHost(old, origin)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("C", "j", "s", "e")  # this job, synchronized, en-us
        await wait_for(pilot, lambda: isinstance(app.screen, ResultCompareScreen), what="compare")
        await settle(pilot)
        assert asked == [("synchronized", "en-us")]
        assert "Rows + 1  − 1  ~ 2" in screen_text(app)
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("C", "f")  # a file: the path prompt
        await pilot.press(*str(new), "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultCompareScreen), what="compare")


def test_help_names_the_comparison_in_chinese() -> None:
    from drs_tui.i18n import _
    from drs_tui.ui.screens.help import screen_words

    with ui_language("zh"):
        assert _("Keys: {screen}").format(screen=_(screen_words(ResultCompareScreen))) == (
            "按键：结果对比"
        )


async def test_a_language_switch_words_the_comparison_again(tmp_path: Path) -> None:
    """Every line of the comparison is worded as it is found: after F2 it runs again, so
    the counts, verdicts and notes read in the new language, and the rows come back."""
    from drs_tui.ui.language import apply_language

    old, new = pair(tmp_path)
    with ui_language("en"):
        app = ViewerHost(old)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_comparison(pilot, str(new))
            await wait_for(pilot, lambda: "Done" in screen_text(app), what="compared")
            assert "fixed: 1, new errors: 1, still failing: 1" in screen_text(app)

            apply_language(app, "zh")
            await wait_for(pilot, lambda: "完成" in screen_text(app), what="compared again")
            text = screen_text(app)
            assert "已修复：1，新错误：1，仍失败：1" in text
            assert "新增" in text and "added" not in text
            assert "INV.STOCK_MOVE" in text  # the rows are back, the file's words as they were
