"""`--print-curl` of fetch and jobs, and `fetch --dry-run`: the request, outside drs-tui.

Both go to stderr for --print-curl (stdout stays the command's own output, JSON too) and
to stdout for --dry-run (it is the whole output). The token is `$DRS_TUI_TOKEN`, never
its value; AK/SK gets the `drs-tui` line instead (see ticket/replay.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from drs_tui.commands.output import printable
from drs_tui.i18n import _

if TYPE_CHECKING:
    from drs_tui.api.client import DrsClient
    from drs_tui.connection.settings import ConnectionSettings
    from drs_tui.ticket.replay import DryRun


def add_print_curl_argument(parser: argparse._ActionsContainer) -> None:
    parser.add_argument(
        "--print-curl",
        action="store_true",
        help=_(
            "afterwards, print on stderr a curl command that repeats the last request, the "
            "token as $DRS_TUI_TOKEN (AK/SK: the drs-tui line, as curl cannot sign)"
        ),
    )


def print_replay(args: argparse.Namespace, settings: ConnectionSettings | None) -> None:
    """The last request of this run as curl (or a drs-tui line), on stderr."""
    from drs_tui.api.request_log import last_request
    from drs_tui.ticket.replay import replay

    record = last_request()
    if record is None:
        print(_("# No request was sent, so there is nothing to repeat."), file=sys.stderr)
        return
    demo = bool(getattr(args, "demo", False))
    text = replay(
        record,
        profile=None if demo else getattr(args, "profile", None),
        region=None if demo else settings.region if settings else getattr(args, "region", None),
        demo=demo,
    )
    print(printable_lines(text), file=sys.stderr)


def printable_lines(text: str) -> str:
    """Each line made safe for the terminal, the line breaks kept."""
    return "\n".join(printable(line) for line in text.splitlines())


def dry_run(client: DrsClient, args: argparse.Namespace, dest: Path) -> DryRun:
    """What `fetch` would send, built and not sent, with what would have to come first."""
    from drs_tui.api.job_lookup import looks_like_job_id
    from drs_tui.api.models import TemplateResultRequest
    from drs_tui.connection import inputs
    from drs_tui.i18n import api_language
    from drs_tui.ticket.replay import describe

    notes: list[str] = []
    settings = client.settings
    project = client.project_id
    if project is None:
        project = "PROJECT_ID"
        notes.append(
            _("The project ID would first be looked up: GET {url}").format(
                url=f"{client.iam_endpoint}/v3/projects?name={settings.region}"
            )
        )
    job = args.job.strip()
    if not looks_like_job_id(job):
        notes.append(
            _("The job named {name} would first be looked up: GET {url}").format(
                name=repr(job), url=f"{client.drs_endpoint}/v5/{project}/jobs?name=..."
            )
        )
        job = "JOB_ID"
    language = args.lang or settings.language or api_language()  # as fetch chooses it
    inputs.check_result_type(args.type)
    inputs.check_language(language)
    inputs.check_level(args.level)
    request = TemplateResultRequest(job_id=job, type=args.type, language=language, level=args.level)
    http_request = client.result_request(request, project)
    method = settings.credentials.method
    if method == "aksk" and client.project_id:
        http_request.headers["X-Project-Id"] = client.project_id
    if method == "password":
        notes.append(
            _("A token would first be asked of IAM: POST {url}").format(
                url=f"{client.iam_endpoint}/v3/auth/tokens"
            )
        )
    notes.append(_("The result would be saved in {path}").format(path=dest.absolute()))
    notes.append(_("Nothing was sent (--dry-run)."))
    return describe(http_request, method, notes)
