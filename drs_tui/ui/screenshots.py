"""SVG screenshots of every screen, taken from the demo: `python -m drs_tui.ui.screenshots`.

    python -m drs_tui.ui.screenshots                 # writes screenshots/*.svg at 100x30
    python -m drs_tui.ui.screenshots --size 80x24 --only job-picker
    python -m drs_tui.ui.screenshots --ui-lang zh     # the same in Chinese: NAME-zh.svg

Each scene starts the demo app against a fresh simulator, walks to one screen with
keystrokes, freezes what moves (cursor blink, clocks, request ids) and saves the SVG.
The snapshot tests (tests/ui/test_snapshots.py) use the same scenes.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot
from textual.widgets import Input

from drs_tui.i18n import LANGUAGES, _, set_language
from drs_tui.ui.app import DrsApp
from drs_tui.ui.remembered import Remembered

if TYPE_CHECKING:
    from drs_tui.simulator import Simulator

FIXED_TIME = datetime(2026, 11, 28, 9, 30, 0, tzinfo=timezone.utc)  # noqa: UP017
FOLDER = Path(tempfile.gettempdir()) / "drs-tui-demo"
Step = Callable[[Pilot[Any]], Awaitable[None]]


@dataclass(frozen=True)
class Scene:
    name: str
    steps: Step
    description: str
    stall: float = 0.0  # simulator fault: the result body pauses after 16 bytes
    stable: bool = True  # same picture every run (snapshot tests use only these)


def demo_app(base_url: str, folder: Path = FOLDER) -> DrsApp:
    """The app of `drs-tui --demo` with a frozen clock and a fixed download folder."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return DrsApp(
        demo_base_url=base_url,
        remembered=Remembered(None),
        download_folder=folder,
        clock=lambda: FIXED_TIME,
    )


async def until(pilot: Pilot[Any], ready: Callable[[], object], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"screen not ready: {type(pilot.app.screen).__name__}")
        await pilot.pause(0.02)


async def still(pilot: Pilot[Any]) -> None:
    """Stop what blinks, let workers and animations finish."""
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False
    await pilot.app.workers.wait_for_complete()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def text_of(pilot: Pilot[Any]) -> str:
    """The screen as plain text (from the compositor, as the terminal would get it)."""
    update: Any = pilot.app.screen._compositor.render_update(full=True)
    return "\n".join("".join(seg.text for seg in strip) for strip in update.strips)


def jobs_listed(pilot: Pilot[Any], search: str = "") -> bool:
    """The job list answers `search`, and the highlighted job's details are in (its
    import progress is asked a moment after the highlight lands, in a worker)."""
    from drs_tui.ui.screens.job_picker import JobPicker
    from drs_tui.ui.screens.job_table import JobTable

    screen = pilot.app.screen
    if not isinstance(screen, JobPicker) or screen.listed_search != search:
        return False
    job = screen.query_one(JobTable).current
    return job is None or bool(job.unsupported_reason) or screen.progress_of(job.id) is not None


async def job_picker(pilot: Pilot[Any]) -> None:
    await until(pilot, lambda: jobs_listed(pilot))
    await still(pilot)


async def job_search(pilot: Pilot[Any]) -> None:
    await job_picker(pilot)
    await pilot.press("slash", *"kafka")
    await until(pilot, lambda: jobs_listed(pilot, "kafka"))
    await still(pilot)


async def fetch_form(pilot: Pilot[Any]) -> None:
    await job_picker(pilot)
    await pilot.press("enter")
    await until(pilot, lambda: _("What to fetch") in text_of(pilot))
    await still(pilot)


async def download(pilot: Pilot[Any]) -> None:
    from drs_tui.api.models import DownloadProgress
    from drs_tui.ui.screens.download import DownloadScreen

    app = pilot.app
    assert isinstance(app, DrsApp) and app.demo_base_url
    await fetch_form(pilot)
    await pilot.press("f")
    await until(pilot, lambda: isinstance(app.screen, DownloadScreen))
    screen = app.screen
    assert isinstance(screen, DownloadScreen)
    await until(pilot, lambda: screen._progress is not None)  # the first bytes are in
    screen._last_redraw = 0.0
    screen.show_progress(DownloadProgress(received=1_351_680, total=3_604_480, elapsed=1.6))
    await pilot.pause()


async def error_view(pilot: Pilot[Any]) -> None:
    from drs_tui.api.errors import ApiError
    from drs_tui.ui.failures import show_error
    from drs_tui.ui.screens.download import request_context
    from drs_tui.ui.screens.fetch_form import FetchForm

    await fetch_form(pilot)
    app = pilot.app
    assert isinstance(app, DrsApp)
    error = ApiError(
        status=400,
        error_code="DRS.10000001",
        error_msg="This job does not support importing objects by template.",
        request_id="5f0c3a1e9b2d4c7e8a6f1b0d2c4e6a8b",
        method="GET",
        url="https://drs.ap-southeast-1.myhuaweicloud.com/v5/0d3m…/jobs/0c0ffee0-…/db-object/"
        "template/result?type=detail",
    )
    form = app.screen
    assert isinstance(form, FetchForm)
    context = request_context(form.job, form.request(), app.session)
    show_error(app, error, retry=lambda: None, context=context)
    await pilot.pause()
    await still(pilot)


async def credentials(pilot: Pilot[Any]) -> None:
    await job_picker(pilot)
    await pilot.press("c")
    await until(pilot, lambda: "demo-aksk" in text_of(pilot))
    await still(pilot)


async def connection_test(pilot: Pilot[Any]) -> None:
    await credentials(pilot)
    await pilot.press("down", "down", "t")
    await until(pilot, lambda: "0d3m" in text_of(pilot))  # the project ID row: connected
    await still(pilot)


async def help_screen(pilot: Pilot[Any]) -> None:
    await job_picker(pilot)
    await pilot.press("question_mark")
    await until(pilot, lambda: _("Binding id") in text_of(pilot))
    await still(pilot)


async def region_picker(pilot: Pilot[Any]) -> None:
    await job_picker(pilot)
    app = pilot.app
    assert isinstance(app, DrsApp)
    app.action_pick_region()
    await until(pilot, lambda: _("Region for this session") in text_of(pilot))
    await still(pilot)


async def profile_form(pilot: Pilot[Any]) -> None:
    """A new profile's form (the demo adds none: the form is opened as `a` would)."""
    from drs_tui.credentials.catalog import ProfileCatalog
    from drs_tui.ui.screens.profile_form import ProfileForm

    await credentials(pilot)
    form = ProfileForm(ProfileCatalog(credential_store="memory"))  # nothing is saved
    await pilot.app.push_screen(form)
    await until(pilot, lambda: pilot.app.screen is form and form.is_mounted)
    await still(pilot)


async def mfa_prompt(pilot: Pilot[Any]) -> None:
    from drs_tui.ui.screens.mfa_prompt import MfaPrompt

    await credentials(pilot)
    prompt = MfaPrompt("demo-password")
    await pilot.app.push_screen(prompt)
    await until(pilot, lambda: pilot.app.screen is prompt and prompt.is_mounted)
    await still(pilot)


async def result_viewer(pilot: Pilot[Any]) -> None:
    await fetch_form(pilot)
    await pilot.press("f")
    # The result's own header: English, or Chinese when the UI (and so X-Language) is.
    await until(pilot, lambda: any(w in text_of(pilot) for w in ("Error Reason", "错误原因")))
    await still(pilot)


SCENES = (
    Scene("job-picker", job_picker, "jobs of the demo profile, details and import progress"),
    Scene("job-search", job_search, "server-side search, typed into the search box"),
    Scene("fetch-form", fetch_form, "result type, language, column level, folder"),
    Scene("download", download, "the download with bytes, total and rate", stall=30.0),
    Scene("error-view", error_view, "the one error view: an unsupported scenario"),
    Scene("credentials", credentials, "profiles: the demo's built-in ones"),
    Scene("connection-test", connection_test, "test connection, inline", stable=False),
    Scene("help", help_screen, "F1 / ? help: every key of the screen"),
    Scene("profile-form", profile_form, "a new profile: the fields follow the method"),
    Scene("mfa-prompt", mfa_prompt, "the one-time passcode, asked at sign-in"),
    Scene("region-picker", region_picker, "another region for this session"),
    Scene("result-viewer", result_viewer, "the workbook in the result viewer", stable=False),
)


def take(scene: Scene, sim: Simulator, size: tuple[int, int]) -> str:
    from textual._doc import take_svg_screenshot

    from drs_tui.simulator import Faults

    sim.faults = Faults(stall=scene.stall)
    try:
        app = demo_app(sim.base_url)
        return take_svg_screenshot(app=app, terminal_size=size, run_before=scene.steps)
    finally:
        sim.faults = Faults()


def key_owners() -> list[tuple[str, type[Any]]]:
    """Where each documented key lives: (where, the class whose BINDINGS hold it), in
    the order of the README's key table. The widgets' keys are their screen's."""
    from drs_tui.ui.app import DrsApp
    from drs_tui.ui.screens.credentials import CredentialsScreen, ProfileList
    from drs_tui.ui.screens.download import DownloadScreen
    from drs_tui.ui.screens.error_view import ErrorView
    from drs_tui.ui.screens.fetch_form import FetchForm
    from drs_tui.ui.screens.help import screen_words
    from drs_tui.ui.screens.job_picker import JobPicker
    from drs_tui.ui.screens.job_table import JobTable
    from drs_tui.ui.screens.profile_form import ProfileForm
    from drs_tui.ui.screens.result_compare import ResultCompareScreen
    from drs_tui.ui.screens.result_viewer import ResultViewerScreen
    from drs_tui.ui.widgets.find_bar import FindBar
    from drs_tui.ui.widgets.text_view import TextView
    from drs_tui.ui.widgets.virtual_table import VirtualTable

    viewer = screen_words(ResultViewerScreen)
    return [
        ("everywhere", DrsApp),
        *((screen_words(JobPicker), owner) for owner in (JobPicker, JobTable)),
        (screen_words(FetchForm), FetchForm),
        (screen_words(DownloadScreen), DownloadScreen),
        (screen_words(ErrorView), ErrorView),
        *((screen_words(CredentialsScreen), owner) for owner in (CredentialsScreen, ProfileList)),
        (screen_words(ProfileForm), ProfileForm),
        (viewer, ResultViewerScreen),
        (f"{viewer}: entries and tables", VirtualTable),
        (f"{viewer}: text", TextView),
        (f"{viewer}: find bar", FindBar),
        (screen_words(ResultCompareScreen), ResultCompareScreen),
    ]


def dialog_key_owners() -> list[tuple[str, type[Any]]]:
    """The dialogs' and menus' keys, after the screens' in the key table. A widget's
    `where` starts with its screen's ("job list: menu button")."""
    from drs_tui.ui.screens.confirm import ConfirmScreen
    from drs_tui.ui.screens.help import HelpScreen
    from drs_tui.ui.screens.mfa_prompt import MfaPrompt
    from drs_tui.ui.screens.region_picker import RegionPicker
    from drs_tui.ui.screens.result_viewer_dialogs import (
        ChoicePicker,
        ConfirmDialog,
        PathPrompt,
        RowDetail,
        TextPrompt,
    )
    from drs_tui.ui.screens.secret_prompt import SecretPrompt
    from drs_tui.ui.widgets.dropdown import Dropdown
    from drs_tui.ui.widgets.dropdown_menu import DropdownMenu

    return [
        ("job list: menu button", Dropdown),
        ("menu", DropdownMenu),
        ("help", HelpScreen),
        ("region", RegionPicker),
        ("profiles: yes or no", ConfirmScreen),
        ("profiles: secret", SecretPrompt),
        ("MFA code", MfaPrompt),
        ("result viewer: ask for a path", PathPrompt),
        ("result viewer: ask for text", TextPrompt),
        ("result viewer: yes or no", ConfirmDialog),
        ("result viewer: pick one", ChoicePicker),
        ("result viewer: whole row", RowDetail),
    ]


def key_table() -> str:
    """Every binding of every screen and dialog as a Markdown table (for the README):
    every key of a binding, as help shows it."""
    from textual.binding import Binding

    from drs_tui.ui.screens.help import key_words

    lines = ["| Where | Key | Does | Binding id |", "| --- | --- | --- | --- |"]
    for where, owner in [*key_owners(), *dialog_key_owners()]:
        for binding in owner.BINDINGS:
            if not isinstance(binding, Binding) or not binding.id:
                continue
            keys = " / ".join(key_words(key) for key in binding.key.split(","))
            words = binding.description + (f": {binding.tooltip}" if binding.tooltip else "")
            lines.append(f"| {where} | `{keys}` | {words} | `{binding.id}` |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m drs_tui.ui.screenshots", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    # A developer's tool: its help stays in English.
    size_help = "terminal size, WIDTHxHEIGHT"
    parser.add_argument("--size", default="100x30", help=size_help)
    parser.add_argument("--only", action="append", help="scene name (repeatable)")  # i18n: keep
    keys_help = "print the keys as Markdown"
    parser.add_argument("--key-table", action="store_true", help=keys_help)
    parser.add_argument("--ui-lang", choices=LANGUAGES, default="en")
    args = parser.parse_args(argv)
    if args.key_table:
        print(key_table())
        return 0
    width, height = (int(n) for n in args.size.lower().split("x"))
    from drs_tui.simulator import Simulator

    args.out.mkdir(parents=True, exist_ok=True)
    set_language(args.ui_lang)
    suffix = "" if args.ui_lang == "en" else f"-{args.ui_lang}"
    with Simulator() as sim:
        for scene in SCENES:
            if args.only and scene.name not in args.only:
                continue
            svg = take(scene, sim, (width, height))
            target = args.out / f"{scene.name}{suffix}.svg"
            target.write_text(svg, encoding="utf-8")
            print(f"{target}  {scene.description}")
    shutil.rmtree(FOLDER, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
