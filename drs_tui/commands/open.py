"""`drs-tui open FILE.zip`: inspect a result ZIP already on disk; no credentials needed."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from drs_tui.errors import LocalFileError
from drs_tui.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "open",
        help=_("open a result ZIP from disk in the viewer"),
        description=_(
            "`drs-tui open FILE.zip`: inspect a result ZIP already on disk; no credentials needed."
        ),
    )
    parser.add_argument("file", type=Path, metavar="FILE.zip", help=_("a result ZIP on disk"))
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path: Path = args.file.expanduser()
    if not path.exists():
        raise LocalFileError(
            _("{path} does not exist.").format(path=path), hint=_("Check the path and try again.")
        )
    if not path.is_file():
        raise LocalFileError(
            _("{path} is not a file.").format(path=path), hint=_("Give the path of a result ZIP.")
        )
    from drs_tui.ui.launch import launch_viewer

    return launch_viewer(path)
