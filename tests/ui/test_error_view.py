"""The error view: what was asked sits beside what failed, and copying works by y or ctrl+c."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input

from drs_tui.simulator import Simulator
from drs_tui.simulator.jobs import UNSUPPORTED_JOB
from drs_tui.ui.app import DrsApp
from drs_tui.ui.screens.error_view import ErrorView
from drs_tui.ui.screens.fetch_form import FetchForm
from drs_tui.ui.screens.job_table import JobTable
from tests.ui.flow_support import demo_app, screen_text, settle, wait_for, wait_for_jobs


async def open_error(app: DrsApp, pilot: object, *keys: str) -> ErrorView:
    """Fetch the unsupported demo job (a 400 DRS.10000001), pressing `keys` in the form."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    await wait_for_jobs(pilot)
    table = app.screen.query_one(JobTable)
    table.cursor = next(i for i, j in enumerate(table.jobs) if j.id == UNSUPPORTED_JOB)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="fetch form")
    await pilot.press(*keys, "f")
    await wait_for(pilot, lambda: isinstance(app.screen, ErrorView), what="error view")
    await settle(pilot)
    view = app.screen
    assert isinstance(view, ErrorView)
    return view


async def test_the_error_names_the_job_and_what_was_asked(
    simulator: Simulator, tmp_path: Path
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_error(app, pilot, "l", "o")  # zh-cn, column level
        rows = dict(view.problem.rows)
        job = next(j for j in simulator.jobs if j.id == UNSUPPORTED_JOB)
        assert rows["Job"] == job.name and rows["Job ID"] == job.id
        assert (rows["Type"], rows["Language"], rows["Level"]) == ("detail", "zh-cn", "column")
        assert rows["Region"].startswith("ap-southeast-1")
        # The request line keeps its query string: type and level are part of the request.
        assert rows["Request"].endswith("?type=detail&file_export_object_level=column")
        assert job.name in screen_text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: app.clipboard, what="the copy")
        for label in ("Job", "Job ID", "Type", "Language", "Level", "Request ID", "Request"):
            assert f"\n{label} " in app.clipboard
        assert job.name in app.clipboard and "zh-cn" in app.clipboard
        assert "?type=detail&file_export_object_level=column\n" in app.clipboard


async def test_the_details_scroll_to_their_end_and_the_steps_stay_at_80x24(
    simulator: Simulator, tmp_path: Path
) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_error(app, pilot, "l", "o")
        assert "Close and go back" in screen_text(app)
        await pilot.press("end")
        await wait_for(pilot, lambda: "Time " in screen_text(app), what="the last row")
        assert "Close and go back" in screen_text(app)


async def test_ctrl_c_copies_the_details(simulator: Simulator, tmp_path: Path) -> None:
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_error(app, pilot)
        assert app.clipboard == ""
        await pilot.press("ctrl+c")
        await wait_for(pilot, lambda: "DRS.10000001" in app.clipboard, what="the copy")
        assert isinstance(app.screen, ErrorView)  # still there, nothing else happened
        notes = "\n".join(str(n.message) for n in app._notifications)
        assert "Copied the error details" in notes


async def test_u_copies_the_failed_request_as_curl_without_the_token(
    simulator: Simulator, tmp_path: Path
) -> None:
    from drs_tui.simulator.accounts import DEMO

    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_error(app, pilot)
        assert view.problem.request is not None and view.problem.request.status == 400
        await pilot.press("u")
        await wait_for(pilot, lambda: "curl " in app.clipboard, what="the curl copy")
        assert '"X-Auth-Token: $DRS_TUI_TOKEN"' in app.clipboard
        assert f"/jobs/{UNSUPPORTED_JOB}/db-object/template/result?type=detail" in app.clipboard
        assert DEMO.token not in app.clipboard
        assert isinstance(app.screen, ErrorView)


async def test_t_builds_the_report_and_copies_it(simulator: Simulator, tmp_path: Path) -> None:
    from drs_tui.ui.screens.result_viewer_dialogs import ChoicePicker

    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_error(app, pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoicePicker), what="copy or save")
        await pilot.press("c")
        await wait_for(pilot, lambda: "drs-tui report" in app.clipboard, what="the report")
        assert "DRS.10000001" in app.clipboard and "Profile:          demo" in app.clipboard
        assert "Doctor" in app.clipboard


async def test_t_saves_the_report_in_the_folder_chosen(
    simulator: Simulator, tmp_path: Path
) -> None:
    from drs_tui.ui.screens.result_viewer_dialogs import ChoicePicker, PathPrompt

    folder = tmp_path / "reports"
    folder.mkdir()
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_error(app, pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoicePicker), what="copy or save")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, PathPrompt), what="the folder")
        prompt = app.screen
        prompt.query_one(Input).value = str(folder)
        await pilot.press("enter")
        await wait_for(pilot, lambda: list(folder.iterdir()), what="the saved report")
        (saved,) = folder.iterdir()
        assert saved.name.startswith("drs-tui-report-")
        assert "DRS.10000001" in saved.read_text(encoding="utf-8")


async def test_t_checks_the_clock_of_the_session_in_use(
    simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session that sets no endpoint (a profile derived from its region, or one switched
    to another region) has its clock checked against its region's DRS endpoint, not the
    default profile's."""
    from drs_tui.connection.endpoints import default_drs_endpoint
    from drs_tui.credentials import diagnostics
    from drs_tui.ui.screens.result_viewer_dialogs import ChoicePicker

    asked: list[str | None] = []
    collect = diagnostics.collect_async

    async def recording(endpoint: str | None = None, env: object = None) -> object:
        asked.append(endpoint)
        return await collect("http://127.0.0.1:9")  # nothing real is contacted

    monkeypatch.setattr(diagnostics, "collect_async", recording)
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_error(app, pilot)
        session = app.session
        assert session is not None
        settings = replace(session.settings, region="cn-north-4", drs_endpoint=None)
        app.session = replace(session, settings=settings)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoicePicker), what="copy or save")
        assert asked == [default_drs_endpoint("cn-north-4")]


async def test_u_names_no_profile_when_the_credentials_come_from_the_environment(
    simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With AK/SK from the environment and no profile, the drs-tui line must not say
    `--profile environment` (the session's label): no such profile exists, so the line
    would fail instead of repeating the request."""
    import shlex
    from datetime import UTC, datetime

    from drs_tui.api.request_log import RequestRecord
    from drs_tui.simulator.accounts import DEMO
    from drs_tui.ui.ticket_actions import copy_replay
    from tests.ui.flow_support import app_for

    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", DEMO.access_key)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", DEMO.secret_key)
    app = app_for(
        tmp_path, region=DEMO.region, endpoint=simulator.base_url, iam_endpoint=simulator.base_url
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.session is not None, what="the session")
        url = f"{simulator.base_url}/v5/p/jobs?job_type=sync&offset=0&limit=10"
        record = RequestRecord(method="GET", url=url, auth="aksk", status=400)
        copy_replay(app, record, datetime.now(UTC))
        await wait_for(pilot, lambda: "drs-tui jobs" in app.clipboard, what="the line")
        line = next(ln for ln in app.clipboard.splitlines() if ln.startswith("drs-tui "))
        words = shlex.split(line)
        assert "--profile" not in words
        assert words[words.index("--region") + 1] == DEMO.region
