"""The pane beside the job list: the highlighted job and its import progress."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from drs_tui.api.models import ImportProgress, Job
from drs_tui.connection.endpoints import SUPPORTED_ENGINES
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import _, _ as gettext
from drs_tui.safe_text import safe_line
from drs_tui.ui.format import short_time, status_words

ProgressState = ImportProgress | DrsTuiError | str | None  # str: a note such as "loading…"


class JobDetails(Static):
    """Shows one job; `progress` is filled in when the progress API answers."""

    def show(self, job: Job | None, progress: ProgressState = None) -> None:
        if job is None:
            self.update(Text(_("No job highlighted."), style="italic"))
            return
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        # Every value is the server's: shown through safe_line, as Text (never markup).
        grid.add_row(_("Name"), Text(safe_line(job.name or _("(name unknown)"))))
        grid.add_row(_("ID"), Text(safe_line(job.id)))
        status = f"{status_words(job.status)} ({job.status})" if job.status else "-"
        grid.add_row(_("Status"), Text(safe_line(status)))
        engine = job.engine_type or _("engine unknown")
        facts = [engine, job.job_type or "sync"]
        if job.job_direction:
            facts.append(job.job_direction)
        if job.create_time:
            facts.append(short_time(job.create_time))
        grid.add_row(_("Job"), Text(safe_line(" · ".join(facts))))
        reason = job.unsupported_reason
        if reason:
            words = _("✗ API does not serve it: {reason}").format(reason=reason)
            grid.add_row(_("Result"), Text(words))
        else:
            engine_words = SUPPORTED_ENGINES.get(job.engine_type)
            served = gettext(engine_words) if engine_words else _("supported")
            grid.add_row(_("Result"), Text(f"✓ {served}"))
        grid.add_row(_("Import"), _progress_text(progress))
        if job.description:
            grid.add_row(_("Note"), Text(safe_line(job.description)))
        self.update(grid)


def _progress_text(progress: ProgressState) -> Text:
    if progress is None:
        return Text("-")
    if isinstance(progress, str):
        return Text(progress, style="italic")
    if isinstance(progress, DrsTuiError):
        text = Text(f"✗ {safe_line(progress.message)}")
        if progress.hint:
            text.append(f"\n{safe_line(progress.hint)}", style="italic")
        if progress.request_id:
            request = _("request {request_id}").format(request_id=safe_line(progress.request_id))
            text.append(f"\n{request}")
        return text
    sent = {True: _("yes"), False: _("no"), None: _("unknown")}[progress.send_success]
    status = safe_line(progress.process_status or _("none yet"))  # the server's word
    parsed = safe_line(progress.parsed_success_number or "0")
    line = _("template sent: {sent} · processing: {status} · objects parsed: {parsed}")
    return Text(line.format(sent=sent, status=status, parsed=parsed))
