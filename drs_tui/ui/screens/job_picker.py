"""Job picker: the jobs of the profile's region, searchable, filterable, paged.

The list is one page of the server's list (offset/limit), loaded in a worker; typing in
the search box asks the server again after a short pause. Jobs whose scenario the
result API cannot serve stay in the list, marked ✗ and explained in the details pane.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker

from drs_tui.connection.endpoints import JOB_TYPES
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import (
    N_,
    _,
    _ as gettext,  # for messages marked with N_() elsewhere
)
from drs_tui.ui.format import JOB_STATUSES, status_message
from drs_tui.ui.language import Words
from drs_tui.ui.remembered import RecentJob
from drs_tui.ui.screens.base import FlowScreen
from drs_tui.ui.screens.job_table import UNSUPPORTED_MARK, JobTable
from drs_tui.ui.widgets.dropdown import Dropdown
from drs_tui.ui.widgets.key_bar import KeyBar
from drs_tui.ui.widgets.title_bar import TitleBar

if TYPE_CHECKING:  # loaded with the first job list, not before the first frame
    from drs_tui.api.models import ImportProgress, Job, JobPage
    from drs_tui.ui.screens.job_details import JobDetails

SEARCH_PAUSE = 0.4  # seconds of no typing before the server is asked
DETAILS_PAUSE = 0.25  # seconds on a row before its import progress is asked
# The engines the server filters by (engine_type), the template API's scenarios first.
ENGINE_WORDS = {
    "oracle-to-gaussdbv5": "Oracle→GaussDB",
    "taurus-to-kafka": "TaurusDB→Kafka",
    "mysql-to-kafka": "MySQL→Kafka",
}
JOB_TYPE_WORDS = {  # shown through gettext()
    "sync": N_("Real-time sync"),
    "migration": N_("Migration"),
    "cloudDataGuard": N_("Disaster recovery"),
    "subscription": N_("Subscription"),
    "backupMigration": N_("Backup migration"),
}


class JobPicker(FlowScreen[None]):
    # job_picker.tcss is loaded with the app's CSS (see DrsApp.CSS_PATH).
    AUTO_FOCUS = "#jobs"
    SCREEN_NAME = N_("job list")
    # The details pane (42 wide) sits beside the list only when the list keeps room for
    # whole job IDs (job_columns: 99 cells and a scrollbar); below, it goes under the list.
    NARROW_BELOW = 144
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit_app", N_("Quit"), id="quit-app", tooltip=N_("Quit drs-tui")),
        Binding(
            "escape", "back", N_("Back"), id="back", show=False, tooltip=N_("Leave the search box")
        ),
        Binding(
            "slash",
            "search",
            N_("Find"),
            id="search-jobs",
            key_display="/",
            tooltip=N_("Name or ID"),
        ),
        Binding(
            "s",
            "filter_status",
            N_("Status"),
            id="filter-status",
            tooltip=N_("Filter by job status"),
        ),
        Binding("t", "job_type", N_("Type"), id="job-type", tooltip=N_("Sync, migration, DR, ...")),
        Binding(
            "e",
            "filter_engine",
            N_("Engine"),
            id="filter-engine",
            show=False,
            tooltip=N_("Only jobs of one engine"),
        ),
        Binding("i", "job_id", N_("ID"), id="job-id", tooltip=N_("Open a job by its pasted ID")),
        Binding("h", "recent", N_("Recent"), id="recent-jobs", tooltip=N_("Jobs opened lately")),
        Binding("r", "reload", N_("Reload"), id="reload-jobs", tooltip=N_("Ask the server again")),
        Binding("left_square_bracket", "page(-1)", N_("Prev"), id="previous-page", key_display="["),
        Binding("right_square_bracket", "page(1)", N_("Next"), id="next-page", key_display="]"),
    ]

    def __init__(self, page_size: int = 100) -> None:
        super().__init__()
        self.page_size = page_size
        self.page_offset = 0
        self.total = 0
        self.showing_recent = False
        self.listed_search: str | None = None  # the search the listed jobs answer, once listed
        self._search_timer: Timer | None = None
        self._focus_list = False
        self._details_timer: Timer | None = None
        self._progress: dict[str, ImportProgress | DrsTuiError] = {}
        self._said: Callable[[], str] = str  # the status line's words, made again on a switch

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(id="filters"):
            yield Input(placeholder=_("/ search name or ID"), id="search", compact=True)
            yield Dropdown(
                [(status_message(s), s) for s in JOB_STATUSES],
                prompt=N_("any status"),
                title=N_("Status"),
                id="status",
            )
            yield Dropdown(
                [(words, engine) for engine, words in ENGINE_WORDS.items()],
                prompt=N_("any engine"),
                title=N_("Engine"),
                id="engine",
            )
            yield Dropdown(
                [(JOB_TYPE_WORDS.get(t, t), t) for t in JOB_TYPES],
                value="sync",
                title=N_("Job type"),
                id="job-type",
            )
        # The job ID row and the details pane are mounted later (see _first_paint and
        # _details): every widget on the first screen delays its first frame.
        with Horizontal(id="body"):
            yield JobTable(id="jobs")
        yield Static("", id="paging")
        yield KeyBar()

    # -- loading ------------------------------------------------------------------------

    def start_over(self) -> None:
        """Another profile or region: drop this session's list, pages and progress (the
        search text and filters stay: the same question may be asked of another region)."""
        self.workers.cancel_node(self)
        if self._details_timer is not None:
            self._details_timer.stop()
        self.page_offset = self.total = 0
        self.showing_recent = False
        self._progress.clear()
        self.query_one(JobTable).set_jobs([], empty_text="")
        self.reload()

    @on(JobTable.Painted)
    def _first_paint(self) -> None:
        # The screen is up: now the hidden job ID row, and ask the server (in the demo,
        # the first request also starts the simulator).
        label = Words(N_("Job ID "), id="job-id-label")
        box = Input(placeholder=_("paste a job ID and press Enter"), id="job-id", compact=True)
        self.mount(Horizontal(label, box, id="job-id-row"), after="#filters")
        self.reload()

    def reload(self) -> None:
        self.showing_recent = False
        self.load_jobs(self.page_offset)

    @work(exclusive=True, group="jobs", description="list jobs", exit_on_error=False)  # i18n: keep
    async def load_jobs(self, offset: int) -> JobPage:
        table = self.query_one(JobTable)
        table.set_busy(_("Loading jobs…"))
        self._say(lambda: _("Loading jobs…"))
        search = self.query_one("#search", Input).value.strip()
        try:
            client = await self.drs.client()
            page = await client.list_jobs(
                job_type=self._job_type(),
                name=search or None,
                status=self._status(),
                engine_type=self._engine(),
                offset=offset,
                limit=self.page_size,
            )
        finally:
            table.set_busy("")
            if self.focused is None or self._focus_list:
                table.focus()
            self._focus_list = False
        self.page_offset, self.total = offset, page.total_count
        self.refresh_bindings()
        table.set_jobs(page.jobs, empty_text=self._empty_text())
        self._say_page(len(page.jobs))
        self.listed_search = search
        return page

    def retry_for(self, worker: Worker[Any]) -> Callable[[], object] | None:
        if worker.group == "jobs":
            return self.reload
        if worker.group == "open-job-id":
            return self.submit_job_id
        return None

    def handle_failure(self, worker: Worker[Any]) -> bool:
        from drs_tui.ui.screens.error_view import needs_credentials

        if worker.group == "jobs":
            self._say(lambda: _("✗ The job list could not be loaded (r: reload)."))
        if worker.group != "progress" or needs_credentials(worker.error or Exception()):
            return False
        job_id = worker.name
        error = worker.error
        if isinstance(error, DrsTuiError):
            self._progress[job_id] = error
        self._show_details()
        return isinstance(error, DrsTuiError)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "page":
            if self.showing_recent or self.total <= self.page_size:
                return False  # one page: the paging keys leave the footer
            step = self.page_offset + int(str(parameters[0])) * self.page_size
            return 0 <= step < self.total or None
        return True

    def _job_type(self) -> str:
        value = self.query_one("#job-type", Dropdown).value
        return value if isinstance(value, str) else "sync"

    def _status(self) -> str | None:
        value = self.query_one("#status", Dropdown).value
        return value if isinstance(value, str) else None

    def _engine(self) -> str | None:
        value = self.query_one("#engine", Dropdown).value
        return value if isinstance(value, str) else None

    def _empty_text(self) -> str:
        if self.showing_recent:
            return _("No recent jobs for this profile yet.")
        if self.query_one("#search", Input).value.strip() or self._status() or self._engine():
            return _("No jobs match the search and filter.")
        kind = gettext(JOB_TYPE_WORDS.get(self._job_type(), self._job_type()))
        return _("No {job_type} jobs in this project.").format(job_type=kind)

    def _say(self, words: Callable[[], str]) -> None:
        """The status line under the list: `words` makes its text, again after a switch."""
        self._said = words
        self.query_one("#paging", Static).update(words())

    def show_texts(self) -> None:
        self.query_one("#search", Input).placeholder = _("/ search name or ID")
        for box in self.query("#job-id").results(Input):
            box.placeholder = _("paste a job ID and press Enter")
        table = self.query_one(JobTable)
        table.show_titles()
        if table.busy_text:
            table.busy_text = _("Loading jobs…")
        table.empty_text = self._empty_text()
        table.refresh()
        for pane in self.query("#details-pane"):
            pane.border_title = _("Job")
        if self.query("#details"):
            self._show_details()
        self._say(self._said)

    def _say_page(self, count: int) -> None:
        self._say(lambda: self._page_words(count))

    def _page_words(self, count: int) -> str:
        if self.total == 0 or count == 0:
            shown = _("No jobs")
        else:
            first, last = self.page_offset + 1, self.page_offset + count
            shown = _("Jobs {first}-{last} of {total}").format(
                first=first, last=last, total=self.total
            )
            pages = (self.total + self.page_size - 1) // self.page_size
            if pages > 1:
                page = self.page_offset // self.page_size + 1
                shown = _("{shown} · page {page}/{pages} ([ ])").format(
                    shown=shown, page=page, pages=pages
                )
        return _("{shown} · {mark} = result API does not serve this scenario").format(
            shown=shown, mark=UNSUPPORTED_MARK
        )

    # -- details ------------------------------------------------------------------------

    @on(JobTable.Highlighted)
    def _highlighted(self, event: JobTable.Highlighted) -> None:
        self._show_details()
        if self._details_timer is not None:
            self._details_timer.stop()
        job = event.job
        if job is not None and job.id not in self._progress and not job.unsupported_reason:
            self._details_timer = self.set_timer(DETAILS_PAUSE, lambda: self.load_progress(job))

    def progress_of(self, job_id: str) -> ImportProgress | DrsTuiError | None:
        """The import progress shown for a job, once the server answered."""
        return self._progress.get(job_id)

    def _details(self) -> JobDetails:
        """The details pane, mounted when the first job list arrives."""
        from drs_tui.ui.screens.job_details import JobDetails

        found = self.query(JobDetails)
        if found:
            return found.first()
        details = JobDetails(id="details")
        pane = VerticalScroll(details, id="details-pane")
        pane.border_title = _("Job")
        self.query_one("#body").mount(pane)
        return details

    def _show_details(self) -> None:
        job = self.query_one(JobTable).current
        details = self._details()
        if job is None:
            details.show(None)
        elif job.unsupported_reason:
            details.show(job, _("not available for this scenario"))
        else:
            details.show(job, self._progress.get(job.id, _("loading…")))

    def load_progress(self, job: Job) -> None:
        """Ask the progress API in a worker named after the job (see handle_failure)."""
        self.run_worker(
            self._fetch_progress(job),
            name=job.id,
            group="progress",
            description="import progress",  # i18n: keep
            exclusive=True,
            exit_on_error=False,
        )

    async def _fetch_progress(self, job: Job) -> None:
        client = await self.drs.client()
        progress = await client.template_progress(job.id)
        self._progress[job.id] = progress
        self._show_details()

    # -- choosing -----------------------------------------------------------------------

    @on(JobTable.Chosen)
    def _chosen(self, event: JobTable.Chosen) -> None:
        self.open_job(event.job)

    def open_job(self, job: Job) -> None:
        from drs_tui.ui.screens.fetch_form import FetchForm

        session = self.drs.session
        if session is not None:
            recent = RecentJob.of(job)
            remembered = self.drs.remembered
            profile = session.profile
            self.run_worker(
                lambda: remembered.remember_job(profile, recent),
                thread=True,
                group="remember",
                exit_on_error=False,
            )
        self.app.push_screen(FetchForm(job))

    def action_job_id(self) -> None:
        self.set_class(True, "-job-id")
        self.query_one("#job-id", Input).focus()

    @on(Input.Submitted, "#job-id")
    def submit_job_id(self) -> None:
        from drs_tui.connection.inputs import check_id

        raw = self.query_one("#job-id", Input).value.strip()
        try:
            job_id = check_id("job_id", raw)
        except DrsTuiError as exc:
            self.notify(exc.message, title=_("Job ID"), severity="error", markup=False)
            return
        self.look_up_job(job_id)

    @work(
        exclusive=True,
        group="open-job-id",
        description="look up job",  # i18n: keep
        exit_on_error=False,
    )
    async def look_up_job(self, job_id: str) -> None:
        self._say(lambda: _("Looking up job {job_id}…").format(job_id=job_id))
        client = await self.drs.client()
        page = await client.list_jobs(job_type=self._job_type(), name=job_id, limit=10)
        job = next((j for j in page.jobs if j.id == job_id), None)
        self._say_page(len(self.query_one(JobTable).jobs))
        if job is None:
            self.notify(
                _(
                    "Job {job_id} is not among this project's {job_type} jobs; fetching anyway."
                ).format(job_id=job_id, job_type=self._job_type()),
                title=_("Job ID"),
            )
            from drs_tui.api.models import Job

            job = Job(id=job_id, job_type=self._job_type())
        self.set_class(False, "-job-id")
        self.query_one("#job-id", Input).value = ""
        self.open_job(job)

    # -- filters and keys ---------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_PAUSE, self._search_now)

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self._focus_list = True
        self._search_now()

    def _search_now(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self.page_offset = 0
        self.reload()

    @on(Dropdown.Changed)
    def _filter_changed(self) -> None:
        self.page_offset = 0
        self._focus_list = True  # a filter was picked: back to the list for the next key
        self.reload()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filter_status(self) -> None:
        self.query_one("#status", Dropdown).action_open()

    def action_filter_engine(self) -> None:
        self.query_one("#engine", Dropdown).action_open()

    def action_job_type(self) -> None:
        self.query_one("#job-type", Dropdown).action_open()

    def action_reload(self) -> None:
        self._progress.clear()
        self.reload()

    def action_page(self, direction: int) -> None:
        offset = self.page_offset + direction * self.page_size
        if self.showing_recent or offset < 0 or offset >= max(self.total, 1):
            self.app.bell()
            return
        self.load_jobs(offset)

    def action_recent(self) -> None:
        session = self.drs.session
        if self.showing_recent or session is None:
            self.reload()
            return
        self.showing_recent = True
        recent = self.drs.remembered.recent_jobs(session.profile)
        jobs = [r.as_job() for r in recent]
        table = self.query_one(JobTable)
        table.set_jobs(jobs, empty_text=self._empty_text())
        table.focus()
        profile, count = session.profile, len(jobs)
        self._say(
            lambda: _("Recent jobs of profile {profile} ({count}) · h: all jobs").format(
                profile=profile, count=count
            )
        )

    def action_back(self) -> None:
        """Esc leaves a search or job ID box; the job list is the root, so nothing else."""
        if isinstance(self.focused, Input | Dropdown):
            self.set_class(False, "-job-id")
            self.query_one(JobTable).focus()
        else:
            self.notify(_("This is the first screen: q quits, c opens the profiles."), timeout=3)

    async def action_quit_app(self) -> None:
        await self.drs.action_quit()
