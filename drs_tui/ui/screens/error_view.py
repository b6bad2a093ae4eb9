"""The one error view: what failed, the server's words, the request id, what to do next.

The next steps come from the error's own attributes (`needs_credentials`,
`credentials_may_help`, `region_may_help` on DrsTuiError), never from its class name
or its message.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from drs_tui.errors import DrsTuiError
from drs_tui.i18n import N_, _, _ as gettext
from drs_tui.safe_text import safe_line
from drs_tui.ui.format import pad
from drs_tui.ui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from drs_tui.api.request_log import RequestRecord

RETRY, CREDENTIALS, REGION = "retry", "credentials", "region"
_STEP_WORDS = {  # shown through gettext()
    RETRY: ("r", N_("Retry the same request")),
    CREDENTIALS: ("c", N_("Re-enter credentials (profiles screen)")),
    REGION: ("g", N_("Pick another region")),
}


@dataclass(frozen=True)
class Problem:
    """An exception turned into what the error view shows and copies."""

    title: str
    rows: tuple[tuple[str, str], ...]
    when: datetime
    steps: tuple[str, ...]
    request: RequestRecord | None = None  # the last request when it failed, for u and t

    @classmethod
    def from_error(
        cls,
        error: BaseException,
        when: datetime,
        *,
        can_retry: bool,
        can_switch: bool = True,
        context: Sequence[tuple[str, str]] = (),
    ) -> Problem:
        """`can_switch`: the app can open the profiles screen and change the region (the
        viewer alone, `drs-tui open FILE.zip`, has no profile to switch). `context`: rows
        about what was asked (job name and ID, type, language, level), after the error's.

        Every value is made safe here, once, for the screen and the clipboard alike: the
        server's message, code and request id never reach the terminal raw."""
        if isinstance(error, DrsTuiError):
            title, rows = error.title, list(error.details())
        else:
            title = _("Unexpected error")
            rows = [
                (_("Error"), f"{type(error).__name__}: {error}"),
                (_("Hint"), _("This is a bug in drs-tui; copy these details into an issue.")),
            ]
        title = safe_line(title)
        rows = [(label, safe_line(value)) for label, value in [*rows, *context]]
        rows.append((_("Time"), when.isoformat(timespec="seconds")))
        steps = [RETRY] if can_retry else []
        if can_switch and isinstance(error, DrsTuiError):
            if error.needs_credentials or error.credentials_may_help:
                steps.append(CREDENTIALS)
            if error.region_may_help:
                steps.append(REGION)
        from drs_tui.api.request_log import last_request

        return cls(
            title=title, rows=tuple(rows), when=when, steps=tuple(steps), request=last_request()
        )

    def text(self) -> str:
        """Plain text for the clipboard and for bug reports (labels padded by cells)."""
        width = max(cell_len(label) for label, _value in self.rows)
        lines = [self.title] + [f"{pad(label, width)}  {value}" for label, value in self.rows]
        return "\n".join(lines) + "\n"


def needs_credentials(error: BaseException) -> bool:
    """A failure that only new credentials can fix (a 401, no usable secret), as the
    error itself says."""
    return isinstance(error, DrsTuiError) and error.needs_credentials


class ErrorView(ModalScreen[str | None]):
    """Dismissed with the chosen next step ("retry", "credentials", "region") or None.

    `on_step` is called with the step after the view is gone. It is not a push_screen
    callback on purpose: those run on the screen that was on top when the view opened,
    and a download screen that failed is already on its way out.
    """

    DEFAULT_CSS = """
    ErrorView { align: center middle; }
    ErrorView > #error-box {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: heavy $error; background: $surface; padding: 0 1;
    }
    ErrorView #error-title { text-style: bold; padding: 0 0 1 0; }
    ErrorView #error-body { height: auto; }
    ErrorView #error-steps { padding: 1 0 0 0; height: auto; }
    """
    SCREEN_NAME = N_("error view")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "step('retry')", N_("Retry"), id="error-retry"),
        Binding("c", "step('credentials')", N_("Credentials"), id="error-credentials"),
        Binding("g", "step('region')", N_("Region"), id="error-region"),
        Binding(
            "y,ctrl+c",
            "copy_details",
            N_("Copy"),
            key_display="y",
            id="error-copy",
            tooltip=N_("The details, or the selected text (OSC 52, or a file inside tmux/screen)"),
        ),
        Binding(
            "u",
            "copy_request",
            N_("Curl"),
            id="error-curl",
            tooltip=N_("The request as a curl command, the token as $DRS_TUI_TOKEN"),
        ),
        Binding(
            "t",
            "report",
            N_("Report"),
            id="error-report",
            tooltip=N_("Versions, profile, request and checks for a ticket: copy or save"),
        ),
        Binding("q,escape", "close", N_("Close"), id="error-close"),
    ]

    def __init__(self, problem: Problem, on_step: Callable[[str], object] | None = None) -> None:
        super().__init__()
        self.problem = problem
        self.on_step = on_step

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box") as box:
            box.border_title = _("Error")
            yield Static(Text(f"✗ {self.problem.title}"), id="error-title")
            with VerticalScroll(id="error-body"):
                yield Static(self._details(), id="error-details")
            yield Static(self._steps(), id="error-steps")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fit(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width, event.size.height)

    def _fit(self, width: int, height: int) -> None:
        """The details scroll within what the title, the steps, the borders and the key
        bar leave, so the steps stay on screen and the details' end can be reached."""
        inner = max(10, min(96, width) - 4)  # the box's borders and padding
        lines = self._steps().plain.split("\n")
        steps = 1 + sum(max(1, -(-cell_len(line) // inner)) for line in lines)  # + padding
        body = self.query_one("#error-body")
        body.styles.max_height = max(3, height - 1 - 2 - 2 - steps)

    def _details(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        for label, value in self.problem.rows:
            table.add_row(label, Text(value))
        return table

    def _steps(self) -> Text:
        text = Text(_("What next:") + "\n", style="bold")
        for step in self.problem.steps:
            key, words = _STEP_WORDS[step]
            text.append(f"  {key}  ", style="bold")
            text.append(f"{gettext(words)}\n")
        text.append("  y  ", style="bold")
        text.append(_("Copy these details (also ctrl+c; terminal clipboard, works over SSH)"))
        text.append("\n")
        text.append("  u  ", style="bold")
        text.append(_("Copy the request as curl (the token as $DRS_TUI_TOKEN)") + "\n")
        text.append("  t  ", style="bold")
        text.append(_("Report for a support ticket: copy it or save it") + "\n")
        text.append("  q  ", style="bold")
        text.append(_("Close and go back"))
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A next step this error does not offer is hidden from the footer and inert.
        return not (action == "step" and parameters and parameters[0] not in self.problem.steps)

    def action_step(self, step: str) -> None:
        if step in self.problem.steps:
            self.dismiss(step)
            if self.on_step is not None:
                self.app.call_later(self.on_step, step)

    def action_copy_details(self) -> None:
        """y or ctrl+c: the text selected with the mouse, else every detail of the error."""
        from drs_tui.ui.clipboard import copy_text

        text, what = self.get_selected_text(), _("the selected text")
        if not text:
            text, what = self.problem.text(), _("the error details")
        stamp = self.problem.when.strftime("%Y%m%d-%H%M%S")
        copy_text(self.app, text, what, Path.home() / f"drs-tui-error-{stamp}.txt")

    def action_copy_request(self) -> None:
        from drs_tui.ui.ticket_actions import copy_replay

        copy_replay(self.app, self.problem.request, self.problem.when)

    def action_report(self) -> None:
        from drs_tui.ui.ticket_actions import offer_report

        offer_report(self.app, self.problem.request, self.problem.when)

    def action_close(self) -> None:
        self.dismiss(None)
