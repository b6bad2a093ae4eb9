"""`drs-tui open FILE.zip`: the viewer on a local file, no profile, no keyring, no network."""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path

import pytest

from drs_tui.cli import build_parser
from drs_tui.commands.open import run
from drs_tui.errors import LocalFileError
from drs_tui.ui.viewer_app import ViewerApp
from tests.ui.flow_support import wait_for


def test_open_is_a_command() -> None:
    args = build_parser().parse_args(["open", "result.zip"])
    assert args.handler is run and args.file == Path("result.zip")


def test_a_missing_file_is_an_error_before_any_screen(tmp_path: Path) -> None:
    with pytest.raises(LocalFileError, match="does not exist"):
        run(argparse.Namespace(file=tmp_path / "nope.zip"))
    with pytest.raises(LocalFileError, match="is not a file"):
        run(argparse.Namespace(file=tmp_path))


async def test_the_viewer_opens_and_q_quits(tmp_path: Path) -> None:
    path = tmp_path / "result.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("README.txt", "hello from a local result\n")
    app = ViewerApp(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: type(app.screen).__name__ == "ResultViewerScreen")
        assert "no profile" in app.sub_title
        await pilot.press("q")
        await wait_for(pilot, lambda: not app.is_running, what="exit")
