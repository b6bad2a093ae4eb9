"""The one router of failed workers: the error itself decides where it shows.

Every screen hands its failed workers to `route_failure`: the flow's screens through
`FlowScreen`, the result viewer from its own handler. What decides is the error's type
and the attributes it carries (see drs_tui/errors.py), never its class name or text:

- a result-file error (`ResultError`) shows in place, when the screen has a place for it
  (the viewer's entry list, say);
- an error only new credentials can fix (`needs_credentials`) opens the profiles screen,
  with the error view over it;
- everything else shows in the one error view, with the next steps the error offers
  (retry when the screen can, profiles, region).

The viewer also runs without a profile (`drs-tui open FILE.zip`): there the error view
offers no profile or region step. Screens import Textual; this module loads none of the
error view until a failure needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.worker import Worker

    from drs_tui.result import ResultError


def route_failure(
    app: App[Any],
    worker: Worker[Any],
    *,
    retry: Callable[[], object] | None = None,
    in_place: Callable[[ResultError], object] | None = None,
    context: Sequence[tuple[str, str]] = (),
) -> None:
    """Show why `worker` failed. `retry` is what the retry step does (None: no retry);
    `in_place` shows a result-file error on the screen itself (None: no place for it);
    `context` are rows about what was asked (job, type, language...) for the error view."""
    error = worker.error
    if error is None:
        return
    app.log.error(f"worker {worker.name!r} ({worker.group}) failed: {error!r}")  # i18n: keep
    if in_place is not None:
        from drs_tui.result import ResultError

        if isinstance(error, ResultError):
            in_place(error)
            return
    show_error(app, error, retry=retry, context=context)


def show_error(
    app: App[Any],
    error: BaseException,
    *,
    retry: Callable[[], object] | None = None,
    context: Sequence[tuple[str, str]] = (),
) -> None:
    """The error view for `error`; the profiles screen under it when only new
    credentials can help (in the drs-tui app, which has profiles)."""
    from drs_tui.ui.app import DrsApp
    from drs_tui.ui.screens.error_view import (
        CREDENTIALS,
        REGION,
        RETRY,
        ErrorView,
        Problem,
        needs_credentials,
    )

    flow = app if isinstance(app, DrsApp) else None
    when = flow.clock() if flow is not None else datetime.now().astimezone()
    problem = Problem.from_error(
        error, when, can_retry=retry is not None, can_switch=flow is not None, context=context
    )
    if flow is not None and needs_credentials(error):
        flow.show_credentials()

    def next_step(step: str) -> None:
        if step == RETRY and retry is not None:
            retry()
        elif flow is not None and step == CREDENTIALS:
            flow.show_credentials()
        elif flow is not None and step == REGION:
            flow.action_pick_region()

    app.push_screen(ErrorView(problem, next_step))
