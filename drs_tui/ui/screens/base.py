"""What every step of the flow shares: a back key and failures handed to the app.

Workers post `Worker.StateChanged` to the screen that started them only; FlowScreen
passes the failed ones to the single router (`route_failure` in ui/failures.py), which
picks the error view or the credentials screen; `handle_failure` shows one inline.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from drs_tui.i18n import N_
from drs_tui.ui.failures import route_failure
from drs_tui.ui.language import LanguageChanged

if TYPE_CHECKING:
    from drs_tui.ui.app import DrsApp

ResultT = TypeVar("ResultT")

NARROW = 110  # below this width, side panes move under the main list
SHORT = 20  # below this height, screens give their main list the room (class -short)

BACK = Binding("q,escape", "back", N_("Back"), id="back", tooltip=N_("Go back"))

# Tab and shift+tab, with ids, for the apps' BINDINGS: priority, so they take the place
# of the id-less ones every Textual screen has (and help and the key table list them).
FOCUS_KEYS = (
    Binding(
        "tab",
        "focus_next",
        N_("Next pane"),
        id="focus-next",
        show=False,
        priority=True,
        tooltip=N_("Or the next field of a form"),
    ),
    Binding(
        "shift+tab",
        "focus_previous",
        N_("Previous pane"),
        id="focus-previous",
        show=False,
        priority=True,
        tooltip=N_("Or the previous field"),
    ),
)


class FlowScreen(Screen[ResultT]):
    """Screens list BACK (or their own back keys) in their BINDINGS: a form full of
    inputs must not leave on a stray `q`."""

    # False where the app's profile (c) and region (g) keys must wait: the profile
    # screens themselves, and a running download.
    SESSION_KEYS: ClassVar[bool] = True
    # The screen in words (N_), for help's title and the README's key table ("job list").
    SCREEN_NAME: ClassVar[str] = ""
    # Below this width the screen has the class -narrow (its side pane moves under).
    NARROW_BELOW: ClassVar[int] = NARROW
    # Below this height it has the class -short (its main list or form gets the room).
    SHORT_BELOW: ClassVar[int] = SHORT

    @property
    def drs(self) -> DrsApp:
        return cast("DrsApp", self.app)

    def __init__(self) -> None:
        super().__init__()
        # Known before the first layout: set on mount or resize, the whole screen would
        # be styled and laid out twice before its first frame.
        with contextlib.suppress(RuntimeError):  # no app yet (NoActiveAppError): on_resize sets it
            size = self.app.size
            self.set_class(size.width < self.NARROW_BELOW, "-narrow", update=False)
            self.set_class(size.height < self.SHORT_BELOW, "-short", update=False)

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW_BELOW, "-narrow")
        self.set_class(self.size.height < self.SHORT_BELOW, "-short")

    def action_back(self) -> None:
        self.dismiss()

    def on_language_changed(self, _event: LanguageChanged) -> None:
        self.show_texts()

    def show_texts(self) -> None:
        """Set again, in the language of the moment, the words this screen set itself
        (border titles, placeholders, labels, status lines): called after a switch (F2).
        Words drawn in render() or held by `Words` widgets follow on their own."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Textual calls this handler of every class in the MRO: subclasses use the hooks
        # below instead of defining their own on_worker_state_changed.
        if event.state is WorkerState.SUCCESS:
            self.worker_succeeded(event.worker)
        elif event.state is WorkerState.ERROR and not self.handle_failure(event.worker):
            worker = event.worker
            retry, context = self.retry_for(worker), self.context_for(worker)
            route_failure(self.app, worker, retry=retry, context=context)

    def worker_succeeded(self, worker: Worker[Any]) -> None:
        """Called when one of this screen's workers finished without error."""

    def handle_failure(self, worker: Worker[Any]) -> bool:
        """Show a failure inline instead of in the error view; True when done."""
        return False

    def retry_for(self, worker: Worker[Any]) -> Callable[[], object] | None:
        """What "retry" does after this worker failed; None offers no retry."""
        return None

    def context_for(self, worker: Worker[Any]) -> Sequence[tuple[str, str]]:
        """Rows about what this worker was asked (job, result type...) for the error view
        and its copied text, so that the text is enough for a ticket on its own."""
        return ()
