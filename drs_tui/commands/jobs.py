"""`drs-tui jobs`: list the DRS jobs of a project, marking which the result API serves."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from drs_tui import exit_codes
from drs_tui.commands.connection import (
    add_connection_arguments,
    add_read_timeout_argument,
    connection_settings,
)
from drs_tui.commands.output import print_json, print_table, printable
from drs_tui.commands.replay_output import add_print_curl_argument, print_replay
from drs_tui.i18n import _


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "jobs",
        help=_("list DRS jobs"),
        description=_(
            "`drs-tui jobs`: list the DRS jobs of a project, marking which the result API serves."
        ),
    )
    parser.add_argument("--name", help=_("filter by job name or ID (server side)"))
    parser.add_argument("--status", help=_("filter by status, e.g. INCRE_TRANSFER_STARTED"))
    parser.add_argument("--job-type", default="sync", help=_("job type (default: sync)"))
    parser.add_argument(
        "--engine-type",
        metavar="ENGINE",
        help=_("filter by engine on the server, e.g. oracle-to-gaussdbv5 or mysql-to-kafka"),
    )
    parser.add_argument(
        "--offset", type=int, default=0, metavar="N", help=_("skip the first N jobs (default: 0)")
    )
    parser.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help=_("list at most N jobs, 1-1000 (default: 50)"),
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    add_print_curl_argument(parser)
    add_read_timeout_argument(parser)
    add_connection_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import asyncio

    from drs_tui.api.client import DrsClient

    used: list[Any] = []

    async def fetch() -> Any:
        with connection_settings(args) as settings:
            used.append(settings)
            async with DrsClient(settings) as client:
                return await client.list_jobs(
                    job_type=args.job_type,
                    name=args.name,
                    status=args.status,
                    engine_type=args.engine_type,
                    offset=args.offset,
                    limit=args.limit,
                )

    try:
        page = asyncio.run(fetch())
    finally:
        if args.print_curl:
            print_replay(args, used[0] if used else None)
    if args.json:
        print_json(
            {
                "total_count": page.total_count,
                "jobs": [
                    {**job.extra, **_known(job), "result_api": job.unsupported_reason is None}
                    for job in page.jobs
                ],
            }
        )
        return exit_codes.OK
    rows = [
        [
            printable(text)
            for text in (job.id, job.name, job.status, job.engine_type, job.create_time)
        ]
        + [_support(job)]
        for job in page.jobs
    ]
    print_table([_("ID"), _("NAME"), _("STATUS"), _("ENGINE"), _("CREATED"), _("RESULT API")], rows)
    print()
    if page.jobs:
        shown = f"{args.offset + 1}-{args.offset + len(page.jobs)}"
        print(_("{shown} of {total} jobs").format(shown=shown, total=page.total_count))
    else:
        print(_("0 of {total} jobs").format(total=page.total_count))
    return exit_codes.OK


def _known(job: Any) -> dict[str, Any]:
    return {f.name: getattr(job, f.name) for f in dataclasses.fields(job) if f.name != "extra"}


def _support(job: Any) -> str:
    return _("yes") if job.unsupported_reason is None else _("no: unsupported scenario")
