"""Each error family reaches its screen or step, decided by the error's type.

A credentials error (missing secret, keyring unavailable, 401) opens the profiles screen
and offers the credentials step; a network error offers retry; a 404 from the gateway
(APIGW.0101) offers another region; a result-file error shows in the viewer itself. The
tests check screen types and step names, never the wording of a message.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import keyring
import pytest
from textual.widgets import Static

from drs_tui.api.errors import ApiError, NetworkError, NoProjectInRegionError
from drs_tui.credentials.catalog import ProfileCatalog
from drs_tui.credentials.profiles import Profile
from drs_tui.credentials.resolve import ConnectionFlags, MissingSecretError
from drs_tui.credentials.secret_store import KeyringUnavailableError
from drs_tui.result import ResultArchive, ResultError
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.ui.app import DrsApp
from drs_tui.ui.remembered import Remembered
from drs_tui.ui.screens.credentials import CredentialsScreen
from drs_tui.ui.screens.error_view import CREDENTIALS, REGION, RETRY, ErrorView
from drs_tui.ui.screens.job_picker import JobPicker
from drs_tui.ui.screens.region_picker import RegionPicker
from drs_tui.ui.screens.result_viewer import ResultViewerScreen
from drs_tui.ui.session import demo_session
from drs_tui.ui.viewer_app import ViewerApp
from tests.credentials.backends import LockedKeyring
from tests.ui.flow_support import demo_app, settle, wait_for, wait_for_jobs

STEP_SCREENS: dict[str, type[Any]] = {CREDENTIALS: CredentialsScreen, REGION: RegionPicker}

FAMILIES = [
    pytest.param(
        lambda: MissingSecretError("demo", "token", "keyring"),
        (RETRY, CREDENTIALS),
        True,
        id="missing-secret",
    ),
    pytest.param(
        lambda: KeyringUnavailableError("locked", "The keyring is locked."),
        (RETRY, CREDENTIALS),
        True,
        id="keyring-unavailable",
    ),
    pytest.param(
        lambda: ApiError(status=401, error_code="APIGW.0301", error_msg="Incorrect token"),
        (RETRY, CREDENTIALS),
        True,
        id="401",
    ),
    pytest.param(
        lambda: ApiError(status=403, error_code="APIGW.0302", error_msg="Forbidden"),
        (RETRY, CREDENTIALS),  # another profile may have the permission: offered, not opened
        False,
        id="403",
    ),
    pytest.param(
        lambda: NetworkError("Could not connect to drs.example."),
        (RETRY, REGION),
        False,
        id="network",
    ),
    pytest.param(
        lambda: ApiError(status=404, error_code="APIGW.0101", error_msg="API not published"),
        (RETRY, REGION),
        False,
        id="404-APIGW.0101",
    ),
    pytest.param(
        lambda: NoProjectInRegionError("IAM lists no project named eu-west-101."),
        (RETRY, CREDENTIALS, REGION),
        True,
        id="no-project-in-region",
    ),
    pytest.param(lambda: RuntimeError("a bug"), (RETRY,), False, id="unexpected"),
]


@pytest.mark.parametrize(("make_error", "steps", "opens_profiles"), FAMILIES)
async def test_each_error_family_reaches_its_step(
    simulator: Simulator,
    tmp_path: Path,
    make_error: Callable[[], BaseException],
    steps: tuple[str, ...],
    opens_profiles: bool,
) -> None:
    """A failed worker of the job list, routed as every screen's failures are."""
    app = demo_app(simulator, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        picker = app.screen
        assert isinstance(picker, JobPicker)

        async def fail() -> None:
            raise make_error()

        picker.run_worker(fail(), group="jobs", exit_on_error=False)
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorView), what="error view")
        view = app.screen
        assert isinstance(view, ErrorView)
        assert view.problem.steps == steps
        under = app.screen_stack[-2]
        assert isinstance(under, CredentialsScreen) == opens_profiles
        step = next((s for s in steps if s in STEP_SCREENS), None)
        if step is not None:
            await pilot.press({CREDENTIALS: "c", REGION: "g"}[step])
            target = STEP_SCREENS[step]
            await wait_for(pilot, lambda: isinstance(app.screen, target), what=step)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_a_server_that_cannot_be_reached_offers_retry(
    simulator: Simulator, tmp_path: Path
) -> None:
    good = demo_session(simulator.base_url)
    nowhere = f"http://127.0.0.1:{closed_port()}"
    settings = replace(good.settings, drs_endpoint=nowhere, iam_endpoint=nowhere)
    app = demo_app(simulator, tmp_path, session=replace(good, settings=settings))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorView), what="error view")
        view = app.screen
        assert isinstance(view, ErrorView)
        assert RETRY in view.problem.steps
        assert CREDENTIALS not in view.problem.steps
        assert isinstance(app.screen_stack[-2], JobPicker)
        await pilot.press("r")  # the job list asks again, and fails again

        def failed_again() -> bool:
            return isinstance(app.screen, ErrorView) and app.screen is not view

        await wait_for(pilot, failed_again, what="the retried request's error")
        assert sum(isinstance(s, ErrorView) for s in app.screen_stack) == 1


def app_with_profile_without_secret(tmp_path: Path) -> DrsApp:
    profile = Profile(name="hk", method="aksk", region=DEMO.region, access_key=DEMO.access_key)
    ProfileCatalog().save(profile)
    return DrsApp(
        flags=ConnectionFlags(profile="hk"),
        remembered=Remembered(None),
        download_folder=tmp_path,
    )


@pytest.mark.parametrize(
    "family", [MissingSecretError, KeyringUnavailableError], ids=["missing", "keyring"]
)
async def test_a_profile_that_cannot_be_opened_leads_to_the_profiles_screen(
    tmp_path: Path, family: type[Exception]
) -> None:
    app = app_with_profile_without_secret(tmp_path)
    if family is KeyringUnavailableError:
        keyring.set_keyring(LockedKeyring())  # the autouse memory keyring is put back after
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, CredentialsScreen), what="profiles")
        screen = app.screen
        assert isinstance(screen, CredentialsScreen)
        assert isinstance(screen.notice, family)


def not_a_zip(tmp_path: Path) -> Path:
    path = tmp_path / "result.zip"
    path.write_bytes(b"an HTML page from a proxy, saved as a ZIP\n" * 4)
    return path


async def test_a_result_file_error_shows_in_the_viewer(tmp_path: Path) -> None:
    path = not_a_zip(tmp_path)
    with pytest.raises(ResultError) as raised:  # what the viewer meets when it opens it
        ResultArchive.open(path)
    expected = raised.value
    app = ViewerApp(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ResultViewerScreen), what="viewer")
        viewer = app.screen
        pane = viewer.query_one("#entries-pane")
        await wait_for(pilot, lambda: not pane.loading, what="the failed open")
        await settle(pilot)
        assert app.screen is viewer  # no error view over it
        status = viewer.query_one("#entries-status", Static)
        assert str(status.content).startswith(f"{expected.title}:")


async def test_anything_else_from_the_viewer_goes_to_the_error_view(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def bug(cls: type[ResultArchive], /, *args: object, **kwargs: object) -> ResultArchive:
        raise RuntimeError("a bug while opening")

    monkeypatch.setattr(ResultArchive, "open", classmethod(bug))
    app = ViewerApp(not_a_zip(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorView), what="error view")
        view = app.screen
        assert isinstance(view, ErrorView)
        assert view.problem.steps == ()  # no profile to switch, nothing to retry
        assert isinstance(app.screen_stack[-2], ResultViewerScreen)
