"""The whole flow against the simulator: demo profile -> jobs -> form -> download -> viewer."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from drs_tui.api.errors import ApiError
from drs_tui.simulator import Simulator
from drs_tui.simulator.jobs import ORACLE_JOB, UNSUPPORTED_JOB
from drs_tui.ui.app import open_viewer
from drs_tui.ui.screens.download import DownloadScreen
from drs_tui.ui.screens.error_view import ErrorView
from drs_tui.ui.screens.fetch_form import FetchForm
from drs_tui.ui.screens.job_picker import JobPicker
from drs_tui.ui.screens.job_table import JobTable
from drs_tui.ui.screens.result_viewer import ResultViewerScreen
from tests.ui.flow_support import demo_app, files_in, screen_text, settle, wait_for, wait_for_jobs


async def test_demo_shows_the_job_list(simulator: Simulator, tmp_path: Path) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        table = app.screen.query_one(JobTable)
        assert table.jobs[0].id == ORACLE_JOB
        text = screen_text(app)
        assert "orders-oracle-to-gaussdb" in text
        assert "DEMO" in app.sub_title
        assert "Jobs 1-29 of 29" in text
        # Unsupported scenarios stay in the list, marked and explained.
        assert "✗ crm-mysql-to-mysql" in text.replace("  ", " ")
        # The highlighted job's import progress comes from the progress API.
        await wait_for(pilot, lambda: "objects parsed: 9" in screen_text(app), what="progress")


async def test_oracle_detail_en_us_downloads_and_opens(
    simulator: Simulator, tmp_path: Path
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="fetch form")
        form = app.screen
        assert isinstance(form, FetchForm)
        assert form.request().type == "detail"
        assert form.request().language == "en-us"
        await pilot.press("f")
        target = tmp_path / "orders-oracle-to-gaussdb-detail-en-us.zip"
        await wait_for(pilot, target.exists, what="the saved ZIP")
        await wait_for(pilot, lambda: not isinstance(app.screen, DownloadScreen), what="done")
        with zipfile.ZipFile(target) as archive:
            assert any(n.endswith(".xlsx") for n in archive.namelist())
        assert files_in(tmp_path) == [target.name]  # no partial file beside it
        viewer = app.screen
        assert isinstance(viewer, ResultViewerScreen)
        origin = viewer.origin
        assert origin is not None
        assert origin.job_id == ORACLE_JOB and origin.saved_path == target
        assert origin.request_id


async def test_zh_cn_fetch_has_chinese_names(simulator: Simulator, tmp_path: Path) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="fetch form")
        await pilot.press("l")
        form = app.screen
        assert isinstance(form, FetchForm)
        assert form.request().language == "zh-cn"
        assert "zh-cn.zip" in screen_text(app)
        await pilot.press("f")
        target = tmp_path / "orders-oracle-to-gaussdb-detail-zh-cn.zip"
        await wait_for(pilot, target.exists, what="the saved ZIP")
        with zipfile.ZipFile(target) as archive:
            names = archive.namelist()
        assert any(any("\u4e00" <= ch <= "\u9fff" for ch in name) for name in names), names
        sent = [s for s in simulator.seen if "/template/result" in s.path]
        assert sent[-1].headers.get("X-Language") == "zh-cn"


async def test_unsupported_job_shows_api_error_with_hint(
    simulator: Simulator, tmp_path: Path
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        table = app.screen.query_one(JobTable)
        table.cursor = next(i for i, j in enumerate(table.jobs) if j.id == UNSUPPORTED_JOB)
        await pilot.pause()
        assert "API does not serve it" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="fetch form")
        assert "does not serve this job" in screen_text(app)
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorView), what="error view")
        view = app.screen
        assert isinstance(view, ErrorView)
        rows = dict(view.problem.rows)
        assert rows["Status"] == "400"
        assert rows["Error code"] == "DRS.10000001"
        assert "only Oracle" in rows["Hint"]
        assert rows["Request ID"] != "-"
        assert "retry" in view.problem.steps
        text = screen_text(app)
        assert "DRS.10000001" in text and "What next" in text
        await pilot.press("y")
        await wait_for(pilot, lambda: "DRS.10000001" in (app.clipboard or ""), what="the copy")
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="back to the form")
        assert files_in(tmp_path) == []


async def test_bad_token_leads_to_the_credentials_screen(
    simulator: Simulator, tmp_path: Path
) -> None:
    from dataclasses import replace

    from drs_tui.connection.settings import Secret, TokenCredentials
    from drs_tui.ui.screens.credentials import CredentialsScreen
    from drs_tui.ui.session import demo_session

    good = demo_session(simulator.base_url)
    bad = replace(good, settings=replace(good.settings, credentials=TokenCredentials(Secret("x"))))
    app = demo_app(simulator, tmp_path, session=bad)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorView), what="error view")
        error_view = app.screen
        assert isinstance(error_view, ErrorView)
        assert dict(error_view.problem.rows)["Status"] == "401"
        assert "credentials" in error_view.problem.steps
        assert "x" not in screen_text(app).split()  # the token is never shown
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="profiles")
        # Re-entering credentials: the demo profile works again.
        await pilot.press("enter")
        await wait_for_jobs(pilot)


@pytest.mark.parametrize("key", ["escape", "q"])
async def test_cancelling_a_download_leaves_no_partial_file(
    simulator: Simulator, tmp_path: Path, key: str
) -> None:
    simulator.faults.stall = 3.0  # the body stops after its first bytes
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("enter", "f")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadScreen), what="download")
        await wait_for(pilot, lambda: any(p.suffix == ".part" for p in tmp_path.iterdir()))
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="back to form")
        assert files_in(tmp_path) == []


async def test_quitting_during_a_download_leaves_no_partial_file(
    simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.stall = 3.0
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("enter", "f")
        await wait_for(pilot, lambda: any(p.suffix == ".part" for p in tmp_path.iterdir()))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running, what="exit")
    assert files_in(tmp_path) == []


async def test_download_shows_bytes_total_and_rate(simulator: Simulator, tmp_path: Path) -> None:
    simulator.faults.stall = 1.5  # 16 bytes, then a pause: the numbers are on screen
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("enter", "f")
        await wait_for(pilot, lambda: isinstance(app.screen, DownloadScreen), what="download")
        await wait_for(pilot, lambda: "16 B of " in screen_text(app), what="progress numbers")
        text = screen_text(app)
        assert " KiB · " in text and "B/s" in text
        assert "cancels" in text
        await wait_for(pilot, lambda: not isinstance(app.screen, DownloadScreen), timeout=15)
        assert len(list(tmp_path.glob("*.zip"))) == 1


def test_viewer_module_contract() -> None:
    """open_viewer returns the viewer screen once it exists, else None (never crashes)."""
    screen = open_viewer(Path("missing.zip"))
    assert screen is None or type(screen).__name__ == "ResultViewerScreen"


def test_api_error_is_what_the_view_shows() -> None:
    from datetime import datetime

    from drs_tui.ui.screens.error_view import Problem

    error = ApiError(status=401, error_code="APIGW.0301", error_msg="bad", request_id="r1")
    problem = Problem.from_error(error, datetime(2026, 1, 1), can_retry=True)
    assert problem.steps == ("retry", "credentials")
    assert "Request ID  r1" in problem.text().replace(" " * 3, " " * 2)


async def test_retry_from_the_error_view_downloads_again(
    simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.not_zip = True  # 200 with a JSON body: not a result ZIP
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("enter", "f")
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorView), what="error view")
        error_view = app.screen
        assert isinstance(error_view, ErrorView)
        assert error_view.problem.title == "Bad result file"
        assert files_in(tmp_path) == []
        simulator.faults.not_zip = False
        await pilot.press("r")
        target = tmp_path / "orders-oracle-to-gaussdb-detail-en-us.zip"
        await wait_for(pilot, target.exists, what="the retried download")


async def test_picking_another_region_restarts_the_job_list(
    simulator: Simulator, tmp_path: Path
) -> None:
    from drs_tui.ui.screens.region_picker import RegionPicker

    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        app.action_pick_region()
        await wait_for(pilot, lambda: isinstance(app.screen, RegionPicker), what="regions")
        await pilot.press("home", "enter")  # the first region of DrsRegion: eu-west-101
        await wait_for(pilot, lambda: "eu-west-101" in app.sub_title, what="new region")
        await wait_for_jobs(pilot)
        assert app.session is not None and app.session.region == "eu-west-101"


async def test_the_flow_posts_its_messages_in_order(simulator: Simulator, tmp_path: Path) -> None:
    """Like harlequin's functional tests: the sequence of messages, not only the end state."""
    from textual.message import Message
    from textual.worker import Worker, WorkerState

    seen: list[str] = []
    watched = (WorkerState.RUNNING, WorkerState.SUCCESS)

    def hook(message: Message) -> None:
        if getattr(message, "_counted", False):
            return  # the same message bubbling up to the next node
        setattr(message, "_counted", True)  # noqa: B010
        if isinstance(message, JobTable.Chosen):
            seen.append(f"chosen {message.job.name}")
        elif isinstance(message, Worker.StateChanged) and message.state in watched:
            group = message.worker.group
            if group in ("jobs", "download"):
                seen.append(f"{group} {message.state.name.lower()}")

    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30), message_hook=hook) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("enter", "f")
        await wait_for(pilot, lambda: "download success" in seen, what="download")
    assert seen == [
        "jobs running",
        "jobs success",
        "chosen orders-oracle-to-gaussdb",
        "download running",
        "download success",
    ]


@pytest.mark.parametrize("row, name", [(1, "demo-password"), (2, "demo-aksk")])
async def test_every_demo_auth_method_lists_jobs(
    simulator: Simulator, tmp_path: Path, row: int, name: str
) -> None:
    from drs_tui.ui.screens.credentials import CredentialsScreen

    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="profiles")
        await pilot.press(*["down"] * row, "t")
        await wait_for(pilot, lambda: "✓ connected" in screen_text(app), what="test")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, JobPicker), what="the job list")
        assert app.sub_title.startswith(f"profile {name} ")
        await wait_for_jobs(pilot)


async def test_downloads_go_to_the_data_folder_under_the_name_the_form_shows(
    simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No folder given: the form proposes $XDG_DATA_HOME/drs-tui/downloads, not the
    working folder; the file name it shows is the one the download gets, `-2` when the
    first is taken (issue 12)."""
    from textual.widgets import Input

    from drs_tui.ui.app import DrsApp
    from drs_tui.ui.remembered import Remembered

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    folder = tmp_path / "data" / "drs-tui" / "downloads"
    name = "orders-oracle-to-gaussdb-detail-en-us.zip"

    async def fetch_oracle_detail(shown: str) -> None:
        app = DrsApp(demo_base_url=simulator.base_url, remembered=Remembered(None))
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for_jobs(pilot)
            await pilot.press("enter")
            await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="form")
            assert app.screen.query_one("#folder", Input).value == str(folder)
            await wait_for(pilot, lambda: f"File name: {shown}" in screen_text(app))
            await pilot.press("f")
            await wait_for(pilot, (folder / shown).exists, what="the saved ZIP")
            await wait_for(pilot, lambda: not isinstance(app.screen, DownloadScreen))

    await fetch_oracle_detail(name)
    await fetch_oracle_detail(name.replace(".zip", "-2.zip"))
    assert sorted(files_in(folder)) == [name.replace(".zip", "-2.zip"), name]
    assert files_in(work) == []


async def test_back_on_the_form_after_a_download_the_file_name_moves_on(
    simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fetch, leave the viewer: the form shows `-2`, as the next download will be named
    (it kept showing the name just taken)."""
    from drs_tui.ui.app import DrsApp
    from drs_tui.ui.remembered import Remembered

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "data" / "drs-tui" / "downloads"
    name = "orders-oracle-to-gaussdb-detail-en-us.zip"
    app = DrsApp(demo_base_url=simulator.base_url, remembered=Remembered(None))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: f"File name: {name}" in screen_text(app), what="name")
        await pilot.press("f")
        await wait_for(pilot, (folder / name).exists, what="the saved ZIP")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultViewerScreen), what="viewer")
        await settle(pilot)
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="the form again")
        second = name.replace(".zip", "-2.zip")
        await wait_for(pilot, lambda: f"File name: {second}" in screen_text(app), what="-2")
