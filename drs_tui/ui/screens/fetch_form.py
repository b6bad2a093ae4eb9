"""Fetch form: which result of the job to download, in which language, and where to."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, RadioSet, Static

from drs_tui.api.models import ImportProgress, Job, TemplateResultRequest
from drs_tui.connection.endpoints import RESULT_TYPES, SDK_ONLY_TYPES
from drs_tui.connection.settings import LANGUAGES
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import N_, _, _ as gettext, api_language
from drs_tui.safe_text import safe_line
from drs_tui.ui.controls import Choice, Tick
from drs_tui.ui.format import pad
from drs_tui.ui.language import Words
from drs_tui.ui.remembered import FetchChoice
from drs_tui.ui.screens.base import BACK, FlowScreen
from drs_tui.ui.user_paths import expand_user, free_target, is_folder
from drs_tui.ui.widgets.key_bar import KeyBar
from drs_tui.ui.widgets.title_bar import TitleBar

LANGUAGE_WORDS = {"en-us": "en-us  English", "zh-cn": "zh-cn  中文"}  # each in its own words
SDK_ONLY_MARK = "◇"  # a type or parameter only Huawei's SDK knows (see SDK_ONLY_TYPES)


class FetchForm(FlowScreen[None]):
    CSS_PATH = "fetch_form.tcss"
    AUTO_FOCUS = "#type"
    SCREEN_NAME = N_("fetch form")
    BINDINGS: ClassVar[list[BindingType]] = [
        BACK,
        Binding(
            "f", "fetch", N_("Fetch"), id="fetch-result", tooltip=N_("Download the result ZIP")
        ),
        Binding(
            "l",
            "toggle_language",
            N_("Language"),
            id="toggle-language",
            tooltip="en-us / zh-cn",  # i18n: keep (X-Language values)
        ),
        Binding(
            "o", "toggle_level", N_("Column level"), id="toggle-level", tooltip=N_("With columns")
        ),
        Binding(
            "d", "edit_folder", N_("Folder"), id="edit-folder", tooltip=N_("Where to save the ZIP")
        ),
        *(
            Binding(str(n), f"choose_type({n - 1})", words, show=False, id=f"type-{n}")
            for n, words in enumerate(
                (N_("Type 1"), N_("Type 2"), N_("Type 3"), N_("Type 4"), N_("Type 5")), 1
            )
        ),
    ]

    def __init__(self, job: Job) -> None:
        super().__init__()
        self.job = job
        # The import progress line's words, made again after a switch of language.
        self._progress_words: Callable[[], Text] = Text

    def compose(self) -> ComposeResult:
        choice = self._remembered()
        yield TitleBar()
        with VerticalScroll(id="form"):
            yield Static(self._job_line(), id="job-line")
            if self.job.unsupported_reason and self.job.engine_type:
                yield Static(self._scenario_warning(), id="scenario-warning")
            yield Words(N_("Result type (1-5)"), classes="field-label")
            with RadioSet(id="type", compact=True):
                for n, name in enumerate(RESULT_TYPES, 1):
                    yield Choice(_type_label(n, name), value=name == choice.type, name=name)
            yield Static(_sdk_only_note(), id="sdk-only-note")
            with Horizontal(classes="row"):
                yield Words(N_("Language (l)"), classes="field-label inline")
                with RadioSet(id="language", compact=True):
                    for lang in LANGUAGES:
                        yield Choice(
                            LANGUAGE_WORDS.get(lang, lang), value=lang == choice.language, name=lang
                        )
            yield Tick(
                _level_label(),
                value=choice.level == "column",
                id="level",
                compact=True,
            )
            yield Static("", id="import-progress")
            with Horizontal(classes="row"):
                yield Words(N_("Save in (d)"), classes="field-label inline")
                yield Input(choice.folder, id="folder", compact=True)
            yield Static("", id="file-line")
            with Vertical(id="actions"):
                yield Button(_("Fetch (f)"), id="fetch", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#form").border_title = _("What to fetch")
        self._update_file_line()
        self._load_progress()

    def show_texts(self) -> None:
        self.query_one("#form").border_title = _("What to fetch")
        self.query_one("#job-line", Static).update(self._job_line())
        for warning in self.query("#scenario-warning").results(Static):
            warning.update(self._scenario_warning())
        for n, button in enumerate(self.query_one("#type", RadioSet).query(Choice), 1):
            button.label = _type_label(n, button.name or "")
        self.query_one("#sdk-only-note", Static).update(_sdk_only_note())
        self.query_one("#level", Tick).label = _level_label()
        self.query_one("#fetch", Button).label = _("Fetch (f)")
        self.query_one("#import-progress", Static).update(self._progress_words())
        self._update_file_line()

    def _scenario_warning(self) -> Text:
        return Text(
            _(
                "✗ The result API does not serve this job: {reason}. You can still try; the "
                "server's answer will say why."
            ).format(reason=self.job.unsupported_reason)
        )

    def _remembered(self) -> FetchChoice:
        session = self.drs.session
        found = self.drs.remembered.fetch_choice(session.profile) if session else None
        choice = found or FetchChoice(language="")
        if choice.type not in RESULT_TYPES:
            choice = FetchChoice(language=choice.language, folder=choice.folder)
        # A language picked here before wins; "" (or none) follows the default.
        language = choice.language if choice.language in LANGUAGES else self._default_language()
        folder = choice.folder or str(self.drs.download_folder)
        return FetchChoice(choice.type, language, choice.level, folder)

    def _default_language(self) -> str:
        """The profile's or --lang's X-Language, else the one of the UI language."""
        session = self.drs.session
        return (session.settings.language if session else None) or api_language()

    def _job_line(self) -> Text:
        text = Text(_("Job "), style="bold")
        text.append(safe_line(self.job.name or _("(name unknown)")))
        text.append(f"  {safe_line(self.job.id)}")
        if self.job.engine_type:
            text.append(f"  {safe_line(self.job.engine_type)}")
        return text

    # -- reading the form ---------------------------------------------------------------

    def choice(self) -> FetchChoice:
        kind = self._pressed("#type", "detail")
        language = self._pressed("#language", "en-us")
        level = "column" if self.query_one("#level", Tick).value else None
        folder = self.query_one("#folder", Input).value.strip()
        return FetchChoice(kind, language, level, folder)

    def _pressed(self, selector: str, default: str) -> str:
        button = self.query_one(selector, RadioSet).pressed_button
        return button.name if button is not None and button.name else default

    def request(self) -> TemplateResultRequest:
        choice = self.choice()
        return TemplateResultRequest(self.job.id, choice.type, choice.language, choice.level)

    def _update_file_line(self) -> None:
        """The name the download will have: the download screen picks it by the same
        rule (`free_target`), so a name already in the folder shows as its `-2`."""
        from drs_tui.api.download import file_name_for

        name = file_name_for(self.job, self.request())
        folder = expand_user(self.choice().folder or ".")
        try:
            used = free_target(folder, name).name
        except OSError:  # a folder we cannot look into: the download will say so
            used = name
        line = Text(_("File name: {name}").format(name=used))
        if used != name:
            line.append(_(" ({name} is already there; nothing is replaced)").format(name=name))
        self.query_one("#file-line", Static).update(line)

    @on(RadioSet.Changed)
    @on(Tick.Changed)
    @on(Input.Changed, "#folder")
    def _changed(self) -> None:
        self._update_file_line()

    @on(Tick.Changed, "#level")
    def _level_changed(self) -> None:
        self._load_progress()

    # -- import progress of the chosen level ------------------------------------------

    def _load_progress(self) -> None:
        """The import progress at the chosen level (column: the SDK's type=column)."""
        if self.job.unsupported_reason:
            return
        level = self.choice().level

        def asking() -> Text:
            words = _("column level") if level else _("table level")
            return Text(_("Import ({level}): asking…").format(level=words))

        self._say_progress(asking)
        self.run_worker(
            self._fetch_progress(level),
            group="import-progress",
            description="import progress",  # i18n: keep
            exclusive=True,
            exit_on_error=False,
        )

    async def _fetch_progress(self, level: str | None) -> None:
        progress: ImportProgress | DrsTuiError
        try:
            client = await self.drs.client()
            progress = await client.template_progress(self.job.id, level=level)
        except DrsTuiError as exc:  # shown on the line: the fetch itself may still work
            progress = exc
        if self.choice().level == level:  # not changed meanwhile
            self._say_progress(lambda: progress_line(level, progress))

    def _say_progress(self, words: Callable[[], Text]) -> None:
        self._progress_words = words
        self.query_one("#import-progress", Static).update(words())

    def on_screen_resume(self) -> None:
        """Back from a download: the name it took is no longer free."""
        if self.is_mounted:
            self._update_file_line()

    # -- actions ------------------------------------------------------------------------

    def action_choose_type(self, index: int) -> None:
        buttons = list(self.query_one("#type", RadioSet).query(Choice))
        if 0 <= index < len(buttons):
            buttons[index].value = True

    def action_toggle_language(self) -> None:
        buttons = list(self.query_one("#language", RadioSet).query(Choice))
        current = next((i for i, b in enumerate(buttons) if b.value), 0)
        buttons[(current + 1) % len(buttons)].value = True

    def action_toggle_level(self) -> None:
        self.query_one("#level", Tick).toggle()

    def action_edit_folder(self) -> None:
        self.query_one("#folder", Input).focus()

    @on(Button.Pressed, "#fetch")
    @on(Input.Submitted, "#folder")
    def action_fetch(self) -> None:
        choice = self.choice()
        folder = expand_user(choice.folder or ".")
        if folder == self.drs.download_folder:  # the app's own: made when first used
            with contextlib.suppress(OSError):  # is_folder() below reports it
                folder.mkdir(parents=True, exist_ok=True)
        if not is_folder(folder):
            self.notify(
                _("The folder {folder} does not exist; create it or choose another (d).").format(
                    folder=folder
                ),
                title=_("Save in"),
                severity="error",
                markup=False,
            )
            self.query_one("#folder", Input).focus()
            return
        session = self.drs.session
        if session is not None:
            remembered = self.drs.remembered
            # The default language is saved as "": it keeps following the UI language.
            language = "" if choice.language == self._default_language() else choice.language
            saved = FetchChoice(choice.type, language, choice.level, str(folder))
            self.run_worker(
                lambda: remembered.remember_fetch(session.profile, saved),
                thread=True,
                group="remember",
                exit_on_error=False,
            )
        self.drs.fetch(self.job, self.request(), folder)


def progress_line(level: str | None, progress: ImportProgress | DrsTuiError) -> Text:
    """One line: the import progress at a level, or why it could not be read."""
    words = _("column level") if level else _("table level")
    if isinstance(progress, DrsTuiError):
        line = _("Import ({level}): ✗ {message}").format(
            level=words, message=safe_line(progress.message)
        )
        if progress.hint:
            line += "\n" + safe_line(progress.hint)
        return Text(line)
    sent = {True: _("yes"), False: _("no"), None: _("unknown")}[progress.send_success]
    line = _("Import ({level}): sent {sent} · status {status} · {parsed} rows parsed")
    return Text(
        line.format(
            level=words,
            sent=sent,
            status=safe_line(progress.process_status or "-"),
            parsed=safe_line(progress.parsed_success_number or "0"),
        )
    )


def _type_label(number: int, name: str) -> str:
    """`1 detail             latest uploaded file...`: the type's words in the language
    of the moment (the type itself is the API's word), ◇ when only the SDK knows it."""
    words = RESULT_TYPES.get(name, "")
    mark = f" {SDK_ONLY_MARK}" if name in SDK_ONLY_TYPES else ""
    return f"{number} {pad(name, 18)} {gettext(words) if words else ''}{mark}"


def _sdk_only_note() -> str:
    return _(
        "{mark} only in Huawei's SDK, not in the API reference: a region may refuse it"
    ).format(mark=SDK_ONLY_MARK)


def _level_label() -> str:
    return _("Column level (o): export objects down to their columns {mark}").format(
        mark=SDK_ONLY_MARK
    )
