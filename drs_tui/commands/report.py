"""`drs-tui report`: versions, profile, endpoints, the last request and doctor's findings.

One text block to paste into a ticket. It holds no secret: the profile's keys come from
config.toml, credentials in the environment are named only, and the last request is the
secret-free record kept in the state folder. Printed, or written whole to --output FILE
(an existing file only with --force).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from drs_tui import exit_codes
from drs_tui.errors import LocalFileError
from drs_tui.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "report", help=_("one text block to attach to a support ticket"), description=__doc__
    )
    parser.add_argument(
        "--profile", metavar="NAME", help=_("the profile to describe (default: the active one)")
    )
    parser.add_argument("-o", "--output", metavar="FILE", help=_("write it to FILE"))
    parser.add_argument(
        "--force", action="store_true", help=_("replace FILE when it exists already")
    )
    parser.add_argument(
        "--endpoint",
        metavar="URL",
        help=_("measure the clock offset against this server (as `drs-tui doctor` does)"),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from drs_tui.credentials.diagnostics import collect
    from drs_tui.ticket.last_request import read_last
    from drs_tui.ticket.report import build_report, clock_endpoint, profile_facts, write_report

    facts = profile_facts(args.profile, os.environ)
    text = build_report(
        facts=facts,
        last=read_last(),
        # the clock of the profile described (--profile), not of the default one
        diagnostics=collect(args.endpoint or clock_endpoint(facts)),
    )
    if not args.output:
        sys.stdout.write(text)
        return exit_codes.OK
    target = Path(args.output)
    if target.is_dir():
        target = target / "drs-tui-report.txt"
    try:
        write_report(text, target, force=args.force)
    except FileExistsError:
        raise LocalFileError(
            _("{path} exists already; it was left as it was.").format(path=target),
            hint=_("Choose another file name, or add --force to replace it."),
        ) from None
    except OSError as exc:
        raise LocalFileError(
            _("Cannot write {path}: {reason}.").format(
                path=target, reason=exc.strerror or type(exc).__name__
            ),
            hint=_("Choose a folder you can write to."),
        ) from None
    print(_("Report written to {path}").format(path=target), file=sys.stderr)
    return exit_codes.OK
