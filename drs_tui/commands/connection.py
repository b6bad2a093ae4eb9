"""Flags shared by the commands that talk to DRS, and the session they open."""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from drs_tui.i18n import _

if TYPE_CHECKING:
    from drs_tui.connection.settings import ConnectionSettings


def add_connection_arguments(parser: argparse.ArgumentParser) -> None:
    """Flags of `jobs`, `fetch` and the app itself (`drs-tui --profile prod`)."""
    group = parser.add_argument_group(_("connection"))
    group.add_argument(
        "--profile", metavar="NAME", help=_("profile to use (see `drs-tui profile`)")
    )
    group.add_argument("--region", metavar="R", help=_("region, e.g. ap-southeast-1"))
    group.add_argument("--project-id", metavar="P", help=_("project ID (resolved when absent)"))
    group.add_argument("--endpoint", metavar="URL", help=_("DRS endpoint override"))
    group.add_argument("--iam-endpoint", metavar="URL", help=_("IAM endpoint override"))
    group.add_argument(
        "--credential-store",
        choices=("keyring", "memory"),
        help=_("where secrets live: the OS keyring, or this process only"),
    )
    group.add_argument(
        "--demo",
        action="store_true",
        help=_("run against an in-process simulator with demo credentials"),
    )


def seconds_argument(text: str) -> float:
    """A number of seconds for a flag, in ASCII digits: 0 or more."""
    if not re.fullmatch(r"[0-9]{1,9}(\.[0-9]+)?", text.strip()):
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a number of seconds such as 120").format(text=text)
        )
    return float(text)


def positive_seconds_argument(text: str) -> float:
    value = seconds_argument(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(_("give a number of seconds above 0"))
    return value


def add_read_timeout_argument(parser: argparse._ActionsContainer) -> None:
    parser.add_argument(
        "--read-timeout",
        type=positive_seconds_argument,
        metavar="SECONDS",
        help=_("give up when the server sends nothing for this long (default: 60)"),
    )


@contextlib.contextmanager
def connection_settings(args: argparse.Namespace) -> Iterator[ConnectionSettings]:
    """Settings from flags, environment and profile; in demo mode a simulator runs meanwhile."""
    with _resolved(args) as settings:
        read = getattr(args, "read_timeout", None)
        if read:
            settings = replace(settings, timeouts=replace(settings.timeouts, read=read))
        yield settings


@contextlib.contextmanager
def _resolved(args: argparse.Namespace) -> Iterator[ConnectionSettings]:
    if args.demo:
        from drs_tui.simulator import Simulator
        from drs_tui.simulator.demo import demo_settings

        with Simulator() as sim:
            yield demo_settings(sim.base_url)
        return
    from drs_tui.credentials.prompts import resolve_on_terminal
    from drs_tui.credentials.resolve import ConnectionFlags

    flags = ConnectionFlags(
        profile=args.profile,
        region=args.region,
        project_id=args.project_id,
        endpoint=args.endpoint,
        iam_endpoint=args.iam_endpoint,
        credential_store=args.credential_store,
        language=getattr(args, "lang", None),
    )
    # On a terminal a missing secret or an MFA code is asked for (never echoed, never
    # stored); without one, the command fails at once with what to set.
    yield resolve_on_terminal(flags)
