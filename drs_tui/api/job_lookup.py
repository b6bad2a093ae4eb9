"""A job named by its ID or by its name, as `drs-tui fetch --job` takes it.

A DRS job ID looks like a UUID (its last group may end in letters: `...-f15f8e4jb201`) and
is used as given, without a request. Anything else is a name: the jobs are listed with the
server's name filter (which matches parts of names and IDs) and the one job whose name or
ID is exactly that is taken. None, or several with that name, is a usage error that lists
what the filter found, so the next command can use an ID.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from drs_tui import exit_codes
from drs_tui.api.models import Job
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from drs_tui.api.client import DrsClient

_JOB_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-z]{12}", re.I)
_PAGE = 100
_MAX_PAGES = 10  # a name filter that matches over 1,000 jobs is not a name
_LISTED = 10  # jobs named in an error message
MAX_NAME = 256


class JobNotFoundError(DrsTuiError):
    """No job, or more than one, answers to the name given; nothing was downloaded."""

    title = N_("No such job")
    exit_code = exit_codes.USAGE

    def __init__(self, message: str, *, hint: str, candidates: list[Job]) -> None:
        super().__init__(message, hint=hint)
        self.candidates = candidates


def looks_like_job_id(text: str) -> bool:
    return _JOB_ID.fullmatch(text) is not None


async def find_job(client: DrsClient, name_or_id: str, *, job_type: str = "sync") -> Job:
    """The job `name_or_id` stands for: `Job(id=...)` alone for an ID, else the listed job."""
    text = name_or_id.strip()
    if looks_like_job_id(text):
        return Job(id=text)
    if not text or len(text) > MAX_NAME:
        raise JobNotFoundError(
            _("Give a job ID or a job name."),
            hint=_("`drs-tui jobs` lists them."),
            candidates=[],
        )
    found: list[Job] = []
    offset = 0
    for _page in range(_MAX_PAGES):
        page = await client.list_jobs(job_type=job_type, name=text, offset=offset, limit=_PAGE)
        found.extend(page.jobs)
        offset += _PAGE
        if not page.jobs or offset >= page.total_count:
            break
    exact = [job for job in found if text in (job.name, job.id)]
    if len(exact) == 1:
        return exact[0]
    if exact:
        raise JobNotFoundError(
            ngettext(
                "{count} {job_type} job is named {text!r}: {listing}.",
                "{count} {job_type} jobs are named {text!r}: {listing}.",
                len(exact),
            ).format(count=len(exact), job_type=job_type, text=text, listing=_listing(exact)),
            hint=_("Give --job the ID of the one you mean."),
            candidates=exact,
        )
    if found:
        raise JobNotFoundError(
            _("No {job_type} job is named {text!r}; the name filter found {listing}.").format(
                job_type=job_type, text=text, listing=_listing(found)
            ),
            hint=_("Give --job the exact name or the ID of one of them."),
            candidates=found,
        )
    raise JobNotFoundError(
        _("No {job_type} job is named {text!r}, and none has it in its name or ID.").format(
            job_type=job_type, text=text
        ),
        hint=_(
            "`drs-tui jobs --job-type {job_type}` lists the jobs of this region and project."
        ).format(job_type=job_type),
        candidates=[],
    )


def _listing(jobs: list[Job]) -> str:
    no_name = _("(no name)")
    shown = ", ".join(f"{job.name or no_name} ({job.id})" for job in jobs[:_LISTED])
    more = len(jobs) - _LISTED
    return _("{shown} and {more} more").format(shown=shown, more=more) if more > 0 else shown
