"""The default command: start the Textual app (`drs-tui`, `drs-tui --demo`)."""

from __future__ import annotations

import argparse
from typing import Any

from drs_tui import exit_codes


def register(sub: Any) -> None:
    """The app has no subcommand of its own; `open` lives with the UI."""


def add_app_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the embedded simulator with a demo profile (no keyring needed)",
    )


def run_app(args: argparse.Namespace) -> int:
    try:
        from drs_tui.ui.launch import launch  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError:
        print("The terminal UI is not built yet; try `drs-tui --help` for the commands.")
        return exit_codes.FAILURE
    result: int = launch(args)
    return result
