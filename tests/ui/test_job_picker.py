"""Job picker behaviour: search, filters, paging, pasted IDs, recent jobs, details."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from drs_tui.simulator import Simulator
from drs_tui.simulator.jobs import MIGRATION_JOB, ORACLE_JOB, demo_jobs
from drs_tui.ui.remembered import Remembered
from drs_tui.ui.screens.fetch_form import FetchForm
from drs_tui.ui.screens.job_picker import JobPicker
from drs_tui.ui.screens.job_table import JobTable
from drs_tui.ui.widgets.dropdown_menu import DropdownMenu
from tests.ui.flow_support import demo_app, screen_text, settle, wait_for, wait_for_jobs


def list_queries(sim: Simulator) -> list[dict[str, list[str]]]:
    return [
        parse_qs(urlsplit(s.path).query)
        for s in sim.seen
        if urlsplit(s.path).path.endswith("/jobs") and s.method == "GET"
    ]


def table(app: object) -> JobTable:
    return app.screen.query_one(JobTable)  # type: ignore[attr-defined, no-any-return]


async def test_search_is_debounced_and_server_side(
    simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from drs_tui.ui.screens import job_picker

    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        before = len(list_queries(simulator))
        # Each key starts the pause again. An hour's pause until the last key, a moment's
        # after it: a loaded machine's slow keys cannot end a pause early.
        monkeypatch.setattr(job_picker, "SEARCH_PAUSE", 3600.0)
        await pilot.press("slash", *"oracl")
        assert len(list_queries(simulator)) == before  # typing alone asks nothing
        monkeypatch.setattr(job_picker, "SEARCH_PAUSE", 0.05)
        await pilot.press("e")
        await wait_for(pilot, lambda: len(list_queries(simulator)) > before, what="search")
        await settle(pilot)
        queries = list_queries(simulator)[before:]
        assert [q.get("name") for q in queries] == [["oracle"]]  # one request, not six
        assert all("oracle" in job.name for job in table(app).jobs)
        assert "Jobs 1-" in screen_text(app)


async def choose(pilot: Pilot[Any], key: str, label: str) -> None:
    """Open a dropdown with its key and pick `label` with the arrow keys and Enter."""
    app = pilot.app
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, DropdownMenu), what="menu")
    options = app.screen.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    target = next(i for i, text in enumerate(labels) if text.endswith(f" {label}"))
    steps = target - (options.highlighted or 0)
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, JobPicker), what="menu closed")


async def test_status_filter_and_job_type_switch(simulator: Simulator, tmp_path: Path) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await choose(pilot, "s", "paused")
        await wait_for(pilot, lambda: all(j.status == "PAUSING" for j in table(app).jobs))
        assert list_queries(simulator)[-1]["status"] == ["PAUSING"]
        assert app.focused is table(app)  # back to the list for the next key
        await choose(pilot, "s", "any status")
        await choose(pilot, "t", "Migration")
        await wait_for(pilot, lambda: [j.id for j in table(app).jobs] == [MIGRATION_JOB])
        assert "status" not in list_queries(simulator)[-1]
        assert list_queries(simulator)[-1]["job_type"] == ["migration"]
        await pilot.pause()
        # Shown, marked and explained, not hidden.
        text = screen_text(app)
        assert "✗" in text and "only sync jobs have import templates" in text


async def test_paging_asks_the_server_for_the_next_offset(
    simulator: Simulator, tmp_path: Path
) -> None:
    app = demo_app(simulator, tmp_path, page_size=10)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        assert "Jobs 1-10 of 29 · page 1/3" in screen_text(app)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: "Jobs 11-20 of 29" in screen_text(app), what="page 2")
        assert list_queries(simulator)[-1]["offset"] == ["10"]
        await pilot.press("right_square_bracket", "right_square_bracket")
        await wait_for(pilot, lambda: "Jobs 21-29 of 29" in screen_text(app), what="page 3")
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: "Jobs 11-20 of 29" in screen_text(app), what="back")


async def test_a_pasted_job_id_opens_the_form(simulator: Simulator, tmp_path: Path) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("i")
        assert isinstance(app.focused, Input) and app.focused.id == "job-id"
        app.focused.insert_text_at_cursor(f"  {ORACLE_JOB} ")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="fetch form")
        form = app.screen
        assert isinstance(form, FetchForm)
        assert form.job.name == "orders-oracle-to-gaussdb"


async def test_a_bad_job_id_is_refused_before_any_request(
    simulator: Simulator, tmp_path: Path
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        sent = len(list_queries(simulator))
        await pilot.press("i", *"x/../y", "enter")
        await settle(pilot)
        assert isinstance(app.screen, JobPicker)
        assert len(list_queries(simulator)) == sent


async def test_recent_jobs_and_the_last_choice_are_remembered_per_profile(
    simulator: Simulator, tmp_path: Path
) -> None:
    remembered = Remembered(tmp_path / "state.json")
    app = demo_app(simulator, tmp_path, remembered=remembered)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        table(app).cursor = 2
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm))
        await pilot.press("3", "l")  # change, zh-cn
        await pilot.press("f")
        await wait_for(pilot, lambda: len(list(tmp_path.glob("*.zip"))) == 1, what="saved")
        await settle(pilot)  # the choice and the job are remembered in workers
    choice = Remembered(tmp_path / "state.json").fetch_choice("demo")
    assert choice is not None and (choice.type, choice.language) == ("change", "zh-cn")
    recent = Remembered(tmp_path / "state.json").recent_jobs("demo")
    assert recent[0].name == "audit-mysql-to-kafka"

    app = demo_app(simulator, tmp_path, remembered=Remembered(tmp_path / "state.json"))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("h")
        assert [j.name for j in table(app).jobs] == ["audit-mysql-to-kafka"]
        assert "Recent jobs of profile demo" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm))
        form = app.screen
        assert isinstance(form, FetchForm)
        assert (form.request().type, form.request().language) == ("change", "zh-cn")


async def test_a_thousand_jobs_render_only_the_visible_rows(
    simulator: Simulator, tmp_path: Path
) -> None:
    simulator.jobs = demo_jobs(filler=995)  # 5 sync core jobs + 995
    app = demo_app(simulator, tmp_path, page_size=1000)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        jobs = table(app)
        assert len(jobs.jobs) == 1000
        assert jobs.virtual_size.height == 1001
        await pilot.press("end")
        await pilot.pause()
        assert jobs.cursor == 999
        assert jobs.scroll_offset.y > 900, (jobs.max_scroll_y, jobs.virtual_size, jobs.size)
        assert jobs.jobs[999].name in screen_text(app)


async def test_region_without_the_api_offers_another_region(
    simulator: Simulator, tmp_path: Path
) -> None:
    from drs_tui.ui.screens.error_view import ErrorView
    from drs_tui.ui.screens.region_picker import RegionPicker

    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        assert app.session is not None
        app.use_session(app.session.in_region("eu-west-101"))
        await wait_for(pilot, lambda: "eu-west-101" in app.sub_title, what="the new region")
        await wait_for_jobs(pilot)
        assert isinstance(app.screen, JobPicker)
        await pilot.press("enter", "f")
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorView), what="error view")
        error_view = app.screen
        assert isinstance(error_view, ErrorView)
        assert dict(error_view.problem.rows)["Error code"] == "APIGW.0101"
        assert "region" in error_view.problem.steps
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, RegionPicker), what="regions")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, RegionPicker))


@pytest.mark.parametrize("size", [(120, 40), (150, 40)])
async def test_whole_job_ids_in_the_list_when_they_fit(
    simulator: Simulator, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_jobs(pilot)
        job = table(app).jobs[0]
        row = next(line for line in screen_text(app).splitlines() if line.startswith("▶"))
        assert job.name[:12] in row and job.id in row, row


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (120, 40)])
async def test_the_job_list_shows_five_rows_or_more(
    simulator: Simulator, tmp_path: Path, size: tuple[int, int]
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for_jobs(pilot)
        names = [job.name for job in table(app).jobs]
        shown = [
            line for line in screen_text(app).splitlines() if any(n[:12] in line for n in names)
        ]
        # The details pane's own "Name" line is not a row of the list.
        rows = [line for line in shown if not line.lstrip("│ ").startswith("Name")]
        assert len(rows) >= 5, screen_text(app)
