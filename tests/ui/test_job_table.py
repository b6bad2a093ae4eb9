"""JobTable: the job picker's list, a VirtualTable over the jobs. Columns by width, the
marked (unsupported) rows, its messages, and the keys it leaves to the job picker."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.message import Message

from drs_tui.api.models import Job
from drs_tui.simulator import Simulator
from drs_tui.ui.screens.job_picker import JobPicker
from drs_tui.ui.screens.job_table import UNSUPPORTED_MARK, JobTable, job_columns
from drs_tui.ui.widgets.table_lines import CURSOR
from drs_tui.ui.widgets.virtual_table import VirtualTable
from tests.ui.flow_support import demo_app, wait_for, wait_for_jobs

JOBS = [
    Job(
        id=f"0c0ffee0-0000-4000-8000-00000000a00{i}",
        name=f"job-{i}",
        status="INCRE_TRANSFER_STARTED",
        engine_type="oracle-to-gaussdbv5",
        job_type="sync" if i != 1 else "migration",  # a migration job is unsupported
        job_direction="up",
        create_time=f"2026-11-2{i}T09:12:44Z",
    )
    for i in range(5)
]


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[Message] = []

    def compose(self) -> ComposeResult:
        yield JobTable(id="jobs")

    def on_job_table_highlighted(self, event: JobTable.Highlighted) -> None:
        self.seen.append(event)

    def on_job_table_chosen(self, event: JobTable.Chosen) -> None:
        self.seen.append(event)


def names(app: Host) -> list[str]:
    """Who was highlighted (H:) or chosen (C:), in order; H:- is no job."""
    out = []
    for message in app.seen:
        if isinstance(message, JobTable.Highlighted):
            out.append(f"H:{message.job.name if message.job else '-'}")
        elif isinstance(message, JobTable.Chosen):
            out.append(f"C:{message.job.name}")
    return out


@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (160, {"Name": 63, "ID": 36, "Status": 14, "Engine": 19, "Dir": 4, "Created": 16}),
        (120, {"Name": 23, "ID": 36, "Status": 14, "Engine": 19, "Dir": 4, "Created": 16}),
        # The ID stays whole while the others can give way; cut only when that is not enough.
        (100, {"Name": 21, "ID": 36, "Status": 12, "Engine": 14, "Created": 10}),
        (90, {"Name": 27, "ID": 8, "Status": 14, "Engine": 19, "Dir": 4, "Created": 10}),
        (80, {"Name": 22, "ID": 8, "Status": 14, "Engine": 14, "Dir": 4, "Created": 10}),
        (60, {"Name": 18, "Status": 12, "Engine": 14, "Created": 10}),
    ],
)
def test_columns_give_way_to_the_name(width: int, expected: dict[str, int]) -> None:
    columns = job_columns(width)
    assert {c.title: c.width for c in columns} == expected
    assert [c.title for c in columns] == list(expected)  # Name first, then in this order


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160])
async def test_rows_fill_the_width_with_single_spaces(width: int) -> None:
    app = Host()
    async with app.run_test(size=(width, 10)) as pilot:
        table = app.query_one(JobTable)
        table.set_jobs(JOBS)
        await pilot.pause()
        header, first = table.render_line(0).text, table.render_line(1).text
        assert len(header) == len(first) == table.scrollable_content_region.width
        assert "│" not in header + first
        assert header.split() == [c.title for c in job_columns(table.size.width)]
        assert first.startswith(f"{CURSOR}  job-0 ")  # ▶, no ✗, a space, no row number
        if width >= 100:
            assert JOBS[0].id in first
        elif width >= 80:
            assert "0c0ffee…" in first
        created = {c.title: c.width for c in job_columns(table.size.width)}["Created"]
        assert ("2026-11-20 09:12" in first) == (created == 16)  # the time gives way first


async def test_unsupported_rows_are_marked_and_muted_not_red() -> None:
    app = Host()
    async with app.run_test(size=(100, 10)) as pilot:
        table = app.query_one(JobTable)
        table.set_jobs(JOBS)
        await pilot.pause()
        supported, unsupported = table.render_line(1), table.render_line(2)
        assert unsupported.text[1] == UNSUPPORTED_MARK == "✗"
        assert supported.text[1] == " "
        muted = table.get_component_rich_style("job-table--empty").color
        marked = table.get_component_rich_style("virtual-table--marked").color
        name = next(s for s in unsupported if "job-1" in s.text)
        mark = next(s for s in unsupported if s.text == UNSUPPORTED_MARK)
        assert name.style is not None and name.style.color == muted
        assert mark.style is not None and mark.style.color == muted
        plain = next(s for s in table.render_line(3) if "job-2" in s.text)
        assert plain.style is not None and plain.style.color != muted
        reference = VirtualTable()
        await app.mount(reference)
        await pilot.pause()
        red = reference.get_component_rich_style("virtual-table--marked").color
        assert marked == muted != red


async def test_highlighted_and_chosen() -> None:
    app = Host()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(JobTable)
        table.focus()
        table.set_jobs(JOBS)
        await pilot.pause()
        assert table.current is JOBS[0]
        table.cursor = 2
        await pilot.pause()
        assert table.current is JOBS[2]
        await pilot.press("down", "k", "enter")
        await pilot.click(JobTable, offset=(5, 2))  # the second job: moves the cursor
        await pilot.click(JobTable, offset=(5, 2))  # on the cursor row: chooses
        await pilot.click(JobTable, offset=(5, 4), times=2)  # double click chooses
        await pilot.pause()
        assert names(app) == [
            "H:job-0",
            "H:job-2",
            "H:job-3",
            "H:job-2",
            "C:job-2",
            "H:job-1",
            "C:job-1",
            "H:job-3",
            "C:job-3",
        ]
        app.seen.clear()
        await pilot.press("end", "home", "pagedown")
        table.set_jobs([])
        await pilot.press("enter")  # no job: nothing is chosen
        await pilot.pause()
        assert names(app) == ["H:job-4", "H:job-0", "H:job-4", "H:-"]
        assert table.current is None


async def test_busy_and_empty_text_in_the_first_row_line() -> None:
    app = Host()
    async with app.run_test(size=(80, 8)) as pilot:
        table = app.query_one(JobTable)
        await pilot.pause()
        assert table.render_line(1).text.strip() == "No jobs yet."
        table.set_busy("Loading jobs…")
        assert table.render_line(1).text.strip() == "Loading jobs…"
        table.set_busy("")
        table.set_jobs([], empty_text="No jobs match the search.")
        assert table.render_line(1).text.strip() == "No jobs match the search."
        table.set_jobs(JOBS[:2])
        table.set_busy("Loading jobs…")  # rows already shown stay while loading
        assert "job-0" in table.render_line(1).text
        assert "Loading" not in "".join(table.render_line(y).text for y in range(6))
        assert table.render_line(3).text.strip() == ""


def test_the_table_leaves_letters_and_column_keys_to_the_screen() -> None:
    keys = set(JobTable._merge_bindings().key_to_bindings)
    assert keys == {"up", "k", "down", "j", "pageup", "pagedown", "home", "end", "enter"}
    enter = JobTable._merge_bindings().key_to_bindings["enter"][0]
    assert (enter.id, enter.description, enter.show) == ("open-job", "Open", True)


async def test_h_and_g_reach_the_job_picker(simulator: Simulator, tmp_path: Path) -> None:
    from drs_tui.ui.screens.region_picker import RegionPicker

    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        picker = app.screen
        assert isinstance(picker, JobPicker)
        assert app.focused is picker.query_one(JobTable)
        await pilot.press("h")
        await wait_for(pilot, lambda: picker.showing_recent, what="the recent jobs")
        await pilot.press("h")
        await wait_for(pilot, lambda: not picker.showing_recent, what="all jobs again")
        await wait_for_jobs(pilot)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, RegionPicker), what="regions")


async def test_painted_is_posted_once_after_the_first_frame() -> None:
    painted: list[Message] = []

    def hook(message: Message) -> None:
        if isinstance(message, JobTable.Painted):
            painted.append(message)  # once per node it reaches (the table, the screen)

    app = Host()
    async with app.run_test(size=(80, 12), message_hook=hook) as pilot:
        await wait_for(pilot, lambda: painted, what="the first paint")
        table = app.query_one(JobTable)
        table.set_jobs(JOBS)
        await pilot.press("down", "end")
        await pilot.resize_terminal(100, 14)
        await pilot.pause()
        table.refresh()
        await pilot.pause()
        assert len({id(message) for message in painted}) == 1
