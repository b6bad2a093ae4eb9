"""`drs-tui fetch`: download a job's template result ZIP and list what is inside.

--job takes the job's ID, or its name when exactly one sync job has it. In a folder the
file is named as the app names it: {job name, else ID}-{type}-{lang}[-column].zip.

The download is bounded: at most --max-size bytes (2G), within --timeout seconds (3600),
no silence longer than --read-timeout seconds (60), and no slower than --min-rate bytes/s
(1K) over any minute. Past a limit nothing is kept.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drs_tui import exit_codes
from drs_tui.commands.connection import (
    add_connection_arguments,
    add_read_timeout_argument,
    connection_settings,
    seconds_argument,
)
from drs_tui.commands.output import error_json, print_json, print_table, printable
from drs_tui.commands.replay_output import (
    add_print_curl_argument,
    dry_run,
    print_replay,
    printable_lines,
)
from drs_tui.commands.signals import StopSignals
from drs_tui.connection.endpoints import RESULT_TYPES, SDK_ONLY_TYPES
from drs_tui.connection.settings import LANGUAGES
from drs_tui.errors import DrsTuiError, LocalFileError
from drs_tui.i18n import (
    _,
    _ as gettext,  # RESULT_TYPES' words, when marked with N_()
)
from drs_tui.sizes import format_size

if TYPE_CHECKING:
    from drs_tui.api.models import DownloadedResult, DownloadProgress, Job
    from drs_tui.connection.settings import ConnectionSettings
    from drs_tui.ticket.replay import DryRun


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "fetch",
        help=_("download a job's template result ZIP"),
        description=_(
            "`drs-tui fetch`: download a job's template result ZIP and list what is inside.\n\n"
            "--job takes the job's ID, or its name when exactly one sync job has it. In a "
            "folder the file is named as the app names it: {job name, else ID}-{type}-{lang}"
            "[-column].zip.\n\n"
            "The download is bounded: at most --max-size bytes (2G), within --timeout seconds "
            "(3600), no silence longer than --read-timeout seconds (60), and no slower than "
            "--min-rate bytes/s (1K) over any minute. Past a limit nothing is kept."
        ),
    )
    parser.add_argument(
        "--job",
        required=True,
        metavar="ID|NAME",
        help=_("DRS job ID, or the name of exactly one sync job (looked up with the name filter)"),
    )
    parser.add_argument(
        "--type",
        default="detail",
        choices=list(RESULT_TYPES),
        help=_type_help(),
    )
    parser.add_argument(
        "--lang",
        default=None,
        choices=LANGUAGES,
        help=_("X-Language (default: the profile's, else zh-cn with a Chinese UI, else en-us)"),
    )
    parser.add_argument(
        "--level",
        choices=("column",),
        help=_("export objects down to columns (file_export_object_level, SDK only)"),
    )
    parser.add_argument(
        "-o", "--output", default=".", metavar="PATH", help=_("folder or file path (default: .)")
    )
    parser.add_argument(
        "--overwrite", action="store_true", help=_("replace the file named with -o if it exists")
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help=_("print the request that would be sent, credentials hidden, and send nothing"),
    )
    add_print_curl_argument(parser)
    limits = parser.add_argument_group(_("download limits (past one, nothing is kept)"))
    limits.add_argument(
        "--max-size",
        type=size_argument,
        default="2G",
        metavar="SIZE",
        help=_("largest result saved, e.g. 500M or 8G (default: 2G)"),
    )
    limits.add_argument(
        "--timeout",
        type=seconds_argument,
        default=3600.0,
        metavar="SECONDS",
        help=_("the whole download must end within this (default: 3600; 0: no limit)"),
    )
    add_read_timeout_argument(limits)
    limits.add_argument(
        "--min-rate",
        type=size_argument,
        default="1K",
        metavar="BYTES",
        help=_("slowest average rate accepted over a minute, per second (default: 1K; 0: none)"),
    )
    add_connection_arguments(parser)
    parser.set_defaults(handler=run)


def _type_help() -> str:
    """Each type with its words; the ones only Huawei's SDK knows say so (a region may refuse
    them: the public API reference lists detail, synchronized and change)."""
    parts = []
    for name, words in RESULT_TYPES.items():
        line = _("{name}: {words} (SDK only)") if name in SDK_ONLY_TYPES else _("{name}: {words}")
        parts.append(line.format(name=name, words=gettext(words)))
    return "; ".join(parts)


def run(args: argparse.Namespace) -> int:
    import asyncio

    from drs_tui.api.client import DrsClient
    from drs_tui.api.download import file_name_for
    from drs_tui.api.download_body import DownloadLimits
    from drs_tui.api.job_lookup import find_job
    from drs_tui.api.models import TemplateResultRequest
    from drs_tui.i18n import api_language

    stop = StopSignals()
    limits = DownloadLimits(
        max_size=args.max_size,
        timeout=args.timeout,
        read_timeout=args.read_timeout,
        min_rate=args.min_rate,
    )

    used: list[ConnectionSettings] = []

    async def unsent() -> DryRun:
        with connection_settings(args) as settings:
            async with DrsClient(settings) as client:
                return dry_run(client, args, dest)

    async def download() -> tuple[Job, DownloadedResult]:
        with connection_settings(args) as settings:
            used.append(settings)
            async with DrsClient(settings) as client:
                job = await find_job(client, args.job)
                request = TemplateResultRequest(
                    job_id=job.id,
                    type=args.type,
                    language=args.lang or settings.language or api_language(),
                    level=args.level,
                )
                with stop.cancelling():  # SIGTERM/SIGHUP/SIGQUIT: removed as for Ctrl-C
                    return job, await client.download_template_result(
                        request,
                        dest,
                        overwrite=args.overwrite,
                        on_progress=_ProgressLine() if sys.stderr.isatty() else None,
                        limits=limits,
                        name=file_name_for(job, request),  # the app's rule, in a folder
                    )

    dest = Path(args.output)
    if args.output.endswith(("/", os.sep)) and not dest.is_dir():
        raise LocalFileError(
            _("The folder {path} does not exist.").format(path=dest),
            hint=_("Create it first, or give an existing folder or a file path."),
        )
    if args.dry_run:
        described = asyncio.run(unsent())
        if args.json:
            print_json(described.to_dict())
        else:
            print(printable_lines(described.text()))
        return exit_codes.OK
    try:
        job, result = asyncio.run(download())
    except asyncio.CancelledError:
        if sys.stderr.isatty():
            sys.stderr.write("\n")  # end the progress line
        code = stop.stopped()
        if args.json:
            signal_name = stop.received.name if stop.received else _("a signal")
            stopped = DrsTuiError(
                _("Stopped by {signal}; no partial file was left.").format(signal=signal_name),
                title=_("Stopped"),
            )
            stopped.exit_code = code
            print_json(error_json(stopped))
        return code
    finally:
        if args.print_curl:
            print_replay(args, used[0] if used else None)
    entries = _entries(result.path)
    if args.json:
        print_json(
            {
                "path": str(result.path),
                "size": result.size,
                "request_id": result.request_id,
                "job_id": result.request.job_id,
                "job_name": job.name or None,
                "type": result.request.type,
                "language": result.request.language,
                "entries": [{"name": n, "size": s} for n, s in entries],
            }
        )
        return exit_codes.OK
    saved = printable(str(result.path))
    request_id = printable(result.request_id or "-")
    print(
        _("Saved {path} ({size}, request id {request_id})").format(
            path=saved, size=format_size(result.size), request_id=request_id
        )
    )
    print_table([_("SIZE"), _("NAME")], [[str(size), printable(name)] for name, size in entries])
    return exit_codes.OK


_SIZE = re.compile(r"([0-9]{1,15})([KMGT]?)(?:i?B)?", re.IGNORECASE)


def size_argument(text: str) -> int:
    """Bytes for a flag: 1048576, 1024K, 500M, 8G (binary units)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(
            _("{text!r} is not a size such as 500M or 8G").format(text=text)
        )
    number, unit = match.groups()
    scale: int = 1024 ** " KMGT".index(unit.upper() or " ")
    return int(number) * scale


def _entries(path: Path) -> list[tuple[str, int]]:
    from drs_tui.result import ResultArchive

    with ResultArchive.open(path) as archive:
        return [(e.name, e.size) for e in archive.entries]


class _ProgressLine:
    """One self-rewriting stderr line, at most ten updates a second."""

    def __init__(self) -> None:
        self._last = 0.0

    def __call__(self, progress: DownloadProgress) -> None:
        now = time.monotonic()
        done = progress.total is not None and progress.received >= progress.total
        if now - self._last < 0.1 and not done:
            return
        self._last = now
        received, rate = format_size(progress.received), format_size(progress.rate)
        if progress.total:
            line = _("{received} of {total} at {rate}/s").format(
                received=received, total=format_size(progress.total), rate=rate
            )
        else:
            line = _("{received} at {rate}/s").format(received=received, rate=rate)
        sys.stderr.write(f"\r{line}   ")
        if done:
            sys.stderr.write("\n")
        sys.stderr.flush()
