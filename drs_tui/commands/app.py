"""The default command: start the Textual app (`drs-tui`, `drs-tui --demo`)."""

from __future__ import annotations

import argparse


def add_app_arguments(parser: argparse.ArgumentParser) -> None:
    from drs_tui.commands.connection import add_connection_arguments

    add_connection_arguments(parser)


def run_app(args: argparse.Namespace) -> int:
    from drs_tui.ui.launch import launch  # Textual loads only when the app starts

    return launch(args)
