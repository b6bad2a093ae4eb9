"""Flags shared by the commands that talk to DRS, and the session they open."""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from drs_tui.i18n import _

if TYPE_CHECKING:
    from drs_tui.connection.settings import ConnectionSettings
    from drs_tui.connection.tunables import TunableName, Tunables


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
    add_tunable_arguments(group)


def add_tunable_arguments(group: argparse._ActionsContainer) -> None:
    """KooCLI's connection flags; environment and profile keys give the same values."""
    group.add_argument(
        "--cli-connect-timeout",
        dest="connect_timeout",
        type=_tunable("connect_timeout"),
        metavar="SECONDS",
        help=_("give up connecting after this long (DRS_TUI_CONNECT_TIMEOUT; default: 10)"),
    )
    group.add_argument(
        "--cli-read-timeout",
        dest="read_timeout",
        type=_tunable("read_timeout"),
        metavar="SECONDS",
        help=_(
            "give up when the server sends nothing for this long (DRS_TUI_READ_TIMEOUT; "
            "default: 60)"
        ),
    )
    group.add_argument(
        "--cli-retry-count",
        dest="retry_count",
        type=_tunable("retry_count"),
        metavar="N",
        help=_(
            "retries after a throttled or unavailable answer, 0-10 (DRS_TUI_RETRY_COUNT; "
            "default: 2)"
        ),
    )


def _tunable(name: TunableName, flag: str | None = None) -> Callable[[str], float | int]:
    def parse(text: str) -> float | int:
        from drs_tui.connection.tunables import FLAGS, check_tunable
        from drs_tui.errors import UsageError

        where = flag or FLAGS[name]
        try:
            return check_tunable(name, text, where)
        except UsageError as exc:  # argparse names the flag itself
            raise argparse.ArgumentTypeError(exc.message.removeprefix(f"{where}: ")) from None

    return parse


def seconds_argument(text: str) -> float:
    """A number of seconds for a flag, in ASCII digits: 0 or more."""
    if not re.fullmatch(r"[0-9]{1,9}(\.[0-9]+)?", text.strip()):
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a number of seconds such as 120").format(text=text)
        )
    return float(text)


def add_read_timeout_argument(parser: argparse._ActionsContainer) -> None:
    parser.add_argument(
        "--read-timeout",
        type=_tunable("read_timeout", "--read-timeout"),
        metavar="SECONDS",
        help=_("give up when the server sends nothing for this long (default: 60)"),
    )


@contextlib.contextmanager
def connection_settings(args: argparse.Namespace) -> Iterator[ConnectionSettings]:
    """Settings from flags, environment and profile; in demo mode a simulator runs meanwhile."""
    with _resolved(args) as settings:
        yield settings


def tunable_flags(args: argparse.Namespace) -> Tunables:
    """The tunables given on the command line (`--read-timeout` of jobs and fetch is
    `--cli-read-timeout` under its older name)."""
    from drs_tui.connection.tunables import Tunables

    return Tunables(
        connect_timeout=getattr(args, "connect_timeout", None),
        read_timeout=getattr(args, "read_timeout", None),
        retry_count=getattr(args, "retry_count", None),
    )


@contextlib.contextmanager
def _resolved(args: argparse.Namespace) -> Iterator[ConnectionSettings]:
    if args.demo:
        import os

        from drs_tui.connection.tunables import apply_tunables, from_environment
        from drs_tui.simulator import Simulator
        from drs_tui.simulator.demo import demo_settings

        with Simulator() as sim:
            yield apply_tunables(
                demo_settings(sim.base_url),
                (tunable_flags(args), "flag"),
                (from_environment(os.environ), "environment"),
            )
        return
    from drs_tui.credentials.prompts import resolve_on_terminal
    from drs_tui.credentials.resolve import ConnectionFlags

    tunables = tunable_flags(args)
    flags = ConnectionFlags(
        profile=args.profile,
        region=args.region,
        project_id=args.project_id,
        endpoint=args.endpoint,
        iam_endpoint=args.iam_endpoint,
        credential_store=args.credential_store,
        language=getattr(args, "lang", None),
        connect_timeout=tunables.connect_timeout,
        read_timeout=tunables.read_timeout,
        retry_count=tunables.retry_count,
    )
    # On a terminal a missing secret or an MFA code is asked for (never echoed, never
    # stored); without one, the command fails at once with what to set.
    yield resolve_on_terminal(flags)
