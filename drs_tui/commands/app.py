"""The default command: start the Textual app (`drs-tui`, `drs-tui --demo`)."""

from __future__ import annotations

import argparse


def add_app_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo",
        action="store_true",
        help="run against the embedded simulator with a demo profile (no keyring needed)",
    )


def run_app(args: argparse.Namespace) -> int:
    from drs_tui.ui.launch import launch  # Textual loads only when the app starts

    return launch(args)
