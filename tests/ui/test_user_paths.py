"""Folders typed into forms: half-typed `~user` and unreadable paths never raise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from drs_tui.simulator import Simulator
from drs_tui.ui.screens.fetch_form import FetchForm
from drs_tui.ui.user_paths import expand_user, free_target, is_folder
from tests.ui.flow_support import demo_app, screen_text, wait_for, wait_for_jobs

NO_USER = "~no-such-user-of-drs-tui"


def test_a_tilde_naming_no_user_stays_as_typed() -> None:
    assert expand_user(f"{NO_USER}/x") == Path(f"{NO_USER}/x")
    assert expand_user("~") == Path.home()


def test_a_name_too_long_is_no_folder(tmp_path: Path) -> None:
    assert is_folder(tmp_path)
    assert not is_folder(tmp_path / ("a" * 300) / "b")


@pytest.mark.parametrize("typed", [NO_USER[:3], NO_USER, "/tmp/" + "a" * 300])
async def test_typing_a_folder_in_the_fetch_form_never_ends_the_app(
    simulator: Simulator, tmp_path: Path, typed: str
) -> None:
    """The file line is worked out on every keystroke: `~no` (on the way to a user's
    home) raised RuntimeError and a 300-character name OSError, and the app died."""
    app = demo_app(simulator, tmp_path)
    said: list[str] = []
    notify = app.notify

    def record(message: str, **kwargs: Any) -> None:
        said.append(message)
        notify(message, **kwargs)

    app.notify = record  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_jobs(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FetchForm), what="form")
        app.screen.query_one("#folder", Input).value = typed
        await pilot.pause()
        await wait_for(pilot, lambda: "File name:" in screen_text(app), what="file line")
        await pilot.press("f")
        await wait_for(pilot, lambda: any("does not exist" in m for m in said), what="refusal")
        assert isinstance(app.screen, FetchForm)


def test_a_free_name_skips_files_and_dangling_links(tmp_path: Path) -> None:
    (tmp_path / "r.zip").write_bytes(b"")
    (tmp_path / "r-2.zip").symlink_to(tmp_path / "gone")
    assert free_target(tmp_path, "r.zip") == tmp_path / "r-3.zip"
    assert free_target(tmp_path, "new.zip") == tmp_path / "new.zip"
    (tmp_path / "r-copy.zip").write_bytes(b"")
    assert free_target(tmp_path, "r.zip", "-copy") == tmp_path / "r-copy-2.zip"
