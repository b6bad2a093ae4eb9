"""`drs-tui diff OLD.zip NEW.zip`: what changed between two results, entries and rows.

Answers the questions a support desk gets in one step each: `detail` against
`synchronized` (rows only in OLD were uploaded but are not synchronized), `detail` before
and after a re-upload (fixed, new errors, still failing), and the `en-us` and `zh-cn`
files of one fetch (same rows; reasons that differ only in language are said to).
Output streams as the rows are compared; the summary line comes last. Exit 0 whatever
the differences, or 1 with `--exit-code` when there are some, as `git diff` does.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from drs_tui import exit_codes
from drs_tui.errors import LocalFileError, UsageError
from drs_tui.i18n import _

FORMATS = ("text", "tsv", "json")
_STOP_SIGNALS = ("SIGTERM", "SIGHUP")


def register(sub: Any) -> None:
    diff = sub.add_parser(
        "diff",
        help=_("compare two result ZIPs: entries, then rows by object"),
        description=_(
            "Compare two result ZIPs: entries added, removed or changed, then the rows of "
            "each changed sheet, CSV or JSON file, keyed by the object they describe "
            "(schema, table, column). The error reasons get their own summary: fixed, new "
            "errors, still failing."
        ),
    )
    diff.add_argument("old", type=Path, metavar="OLD.zip", help=_("the earlier result"))
    diff.add_argument("new", type=Path, metavar="NEW.zip", help=_("the later result"))
    diff.add_argument(
        "--entry", metavar="NAME", help=_("compare only this entry (its name in either ZIP)")
    )
    diff.add_argument(
        "--key",
        metavar="COLS",
        help=_("key columns, separated by commas (default: schema, table, column by header)"),
    )
    diff.add_argument("--format", choices=FORMATS, help=_("text (default), TSV or JSON Lines"))
    diff.add_argument("--json", action="store_true", help=_("JSON Lines, as --format json"))
    diff.add_argument(
        "--exit-code",
        action="store_true",
        help=_("exit 1 when the results differ, as git diff does"),
    )
    diff.set_defaults(handler=run_diff)


class _Stopped(BaseException):
    def __init__(self, sig: int) -> None:
        super().__init__(sig)
        self.sig = sig


@contextlib.contextmanager
def _stop_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP stop the comparison as Ctrl-C does: temporary files go."""

    def stop(sig: int, _frame: FrameType | None) -> None:
        raise _Stopped(sig)

    saved: dict[int, Any] = {}
    for name in _STOP_SIGNALS:
        sig = getattr(signal, name, None)
        if sig is not None:
            with contextlib.suppress(ValueError, OSError):
                saved[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def run_diff(args: argparse.Namespace) -> int:
    from drs_tui.commands.diff_output import DiffWriter
    from drs_tui.result import ResultArchive, ResultComparison

    if args.json and args.format not in (None, "json"):
        raise UsageError(
            _("--json prints JSON Lines; it cannot be combined with --format {fmt}.").format(
                fmt=args.format
            ),
            hint=_("Drop one of them."),
        )
    fmt = "json" if args.json else (args.format or "text")
    args.json = fmt == "json"  # failures as JSON on stdout too (cli.main reads it)
    key = [part.strip() for part in args.key.split(",") if part.strip()] if args.key else None
    if args.key is not None and not key:
        raise UsageError(
            _("--key needs at least one column name."), hint=_("For example: --key Schema,Table")
        )
    for path in (args.old, args.new):
        if not path.exists():
            raise LocalFileError(
                _("{path} does not exist.").format(path=path),
                title=_("File not found"),
                hint=_("Give the path of a result ZIP (drs-tui fetch downloads one)."),
            )
        if path.is_dir():
            raise LocalFileError(
                _("{path} is a folder, not a ZIP file.").format(path=path),
                hint=_("Give the path of a result ZIP (drs-tui fetch downloads one)."),
            )
    try:
        with (
            _stop_signals(),
            ResultArchive.open(args.old) as old,
            ResultArchive.open(args.new) as new,
        ):
            comparison = ResultComparison(old, new, entry=args.entry, key=key)
            writer = DiffWriter(sys.stdout, sys.stderr, fmt=fmt, color=_color(fmt))
            differences = writer.write(comparison)
    except _Stopped as stopped:
        name = signal.Signals(stopped.sig).name
        why = {
            "SIGTERM": _("asked to terminate"),
            "SIGHUP": _("the terminal or SSH session went away"),
        }.get(name, name)
        print(_("drs-tui: stopped: {why}.").format(why=why), file=sys.stderr)
        return 128 + stopped.sig
    if args.exit_code and differences:
        return exit_codes.FAILURE
    return exit_codes.OK


def _color(fmt: str) -> bool:
    if fmt != "text" or "NO_COLOR" in os.environ:
        return False
    return sys.stdout.isatty()
