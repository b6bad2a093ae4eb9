"""Entry point: `drs-tui` starts the app; `drs-tui COMMAND` runs a scriptable command.

The parser is assembled from `drs_tui.commands`, one module per command group, so this
file stays thin. Heavy modules (Textual, httpx) are imported only by the command that runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from drs_tui import __version__, exit_codes
from drs_tui.errors import DrsTuiError

# Modules under drs_tui.commands that define `register(subparsers)`.
COMMAND_MODULES = ("jobs", "fetch", "demo_server", "archive", "profile", "doctor", "open")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="drs-tui",
        description="Fetch and inspect Huawei Cloud DRS object-import-template results.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"drs-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"drs_tui.commands.{name}").register(sub)
    app_module = importlib.import_module("drs_tui.commands.app")
    app_module.add_app_arguments(parser)
    return parser


def app_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The app's flags when `argv` holds nothing else, else None.

    `drs-tui` and `drs-tui --demo` are how people start the app: they are parsed without
    importing every command module (about 20 ms of a start that should feel instant).
    Anything else (a command, --help, --version, a bad flag) goes to the full parser,
    which also owns every error message.
    """
    parser = _RaisingParser(prog="drs-tui", add_help=False, allow_abbrev=False)
    importlib.import_module("drs_tui.commands.app").add_app_arguments(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:
        return None
    return None if rest else args


class _RaisingParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise argparse.ArgumentError(None, message)


def main(argv: Sequence[str] | None = None) -> int:
    args = app_arguments(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from drs_tui.commands.app import run_app

        handler = run_app
    try:
        code: int = handler(args)
    except DrsTuiError as exc:
        print_error(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return exit_codes.INTERRUPTED
    except BrokenPipeError:
        # `drs-tui jobs | head` closed the pipe: not an error. Point stdout at devnull so
        # the interpreter's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return exit_codes.OK
    return code


def print_error(exc: DrsTuiError) -> None:
    """Title and details on stderr, one line each. Messages quote servers and files (error
    messages, request ids, entry and sheet names): nothing in them reaches the terminal raw."""
    from drs_tui.safe_text import safe_line

    print(f"drs-tui: {safe_line(exc.title)}", file=sys.stderr)
    for label, value in exc.details():
        print(f"  {label}: {safe_line(value)}", file=sys.stderr)
