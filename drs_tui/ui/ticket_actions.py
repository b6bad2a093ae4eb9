"""The error view's ticket keys: the request as curl, and the report for support.

`u` copies the failed (or last) request as curl, the token as `$DRS_TUI_TOKEN` (for an
AK/SK session, the `drs-tui` line and why). `t` builds `drs-tui report` for the session
in use, in a worker (doctor's findings ask the keyring and a server's clock), then asks:
copy it (OSC 52, through the clipboard helper), or save it in a folder the person picks.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drs_tui.i18n import _

if TYPE_CHECKING:
    from textual.app import App

    from drs_tui.api.request_log import RequestRecord
    from drs_tui.ticket.report import SessionFacts
    from drs_tui.ui.session import Session


def session_of(app: App[Any]) -> Session | None:
    from drs_tui.ui.app import DrsApp

    return app.session if isinstance(app, DrsApp) else None


def copy_replay(app: App[Any], record: RequestRecord | None, when: datetime) -> None:
    from drs_tui.ticket.replay import replay
    from drs_tui.ui.clipboard import copy_text

    if record is None:
        app.notify(_("No request was sent, so there is nothing to repeat."), markup=False)
        return
    from drs_tui.credentials.config_location import configured_profile_names

    session = session_of(app)
    real = session is not None and not session.demo
    # Only a saved profile: an environment session's name is a label, not a --profile.
    profile = session.profile if session and real else None
    text = replay(
        record,
        profile=profile if profile in configured_profile_names() else None,
        region=session.region if session and real else None,
        demo=bool(session and session.demo),
    )
    stamp = when.strftime("%Y%m%d-%H%M%S")
    file = Path.home() / f"drs-tui-request-{stamp}.txt"
    copy_text(app, text + "\n", _("the request as a command"), file)


def facts_of_session(session: Session | None) -> SessionFacts | str:
    from drs_tui.ticket.report import SessionFacts

    if session is None:
        return _("none (a result file opened on its own)")
    settings = session.settings
    timeouts = settings.timeouts
    extra = [
        (_("Credentials from"), session.credential_source.value),
        ("connect_timeout", f"{timeouts.connect:g}"),
        ("read_timeout", f"{timeouts.read:g}"),
        ("retry_count", str(settings.retry_count)),
    ]
    if session.demo:
        extra.insert(0, (_("Demo"), _("yes (the built-in simulator)")))
    return SessionFacts(
        profile=session.profile,
        method=settings.credentials.method,
        region=settings.region,
        project_id=settings.project_id,
        drs_endpoint=settings.drs_endpoint,
        iam_endpoint=settings.iam_endpoint,
        extra=extra,
    )


def offer_report(app: App[Any], record: RequestRecord | None, when: datetime) -> None:
    app.screen.run_worker(
        _offer_report(app, record, when),
        group="report",
        description="report",
        exclusive=True,
        exit_on_error=False,
    )


async def _offer_report(app: App[Any], record: RequestRecord | None, when: datetime) -> None:
    from drs_tui.credentials.diagnostics import collect_async
    from drs_tui.ticket.last_request import read_last
    from drs_tui.ticket.report import build_report, clock_endpoint
    from drs_tui.ui.clipboard import copy_text
    from drs_tui.ui.screens.result_viewer_dialogs import Choice, ChoicePicker

    session = session_of(app)
    app.notify(_("Gathering the report…"), timeout=2, markup=False)
    facts = facts_of_session(session)
    # The session's own endpoint (derived from its region when it sets none), not the
    # default profile's: the person may have switched profile or region in the app.
    found = await collect_async(clock_endpoint(facts))
    last = record or await asyncio.to_thread(read_last)
    text = build_report(facts=facts, last=last, diagnostics=found)
    choices = [
        Choice("c", _("copy it (terminal clipboard, OSC 52, works over SSH)"), "copy"),
        Choice("f", _("save it to a file in a folder you choose"), "file"),
    ]
    answer = await app.push_screen_wait(ChoicePicker(_("Report for a support ticket"), choices))
    stamp = when.strftime("%Y%m%d-%H%M%S")
    name = f"drs-tui-report-{stamp}.txt"
    if answer == "copy":
        copy_text(app, text, _("the report"), Path.home() / name)
    elif answer == "file":
        await _save(app, text, name)


async def _save(app: App[Any], text: str, name: str) -> None:
    from drs_tui.safe_text import safe_line
    from drs_tui.ticket.report import write_report
    from drs_tui.ui.screens.result_viewer_dialogs import PathPrompt

    hint = _("A folder (the file is named {name}) or a file; an existing file is not replaced.")
    dest = await app.push_screen_wait(
        PathPrompt(_("Save the report in"), Path.home(), hint.format(name=name))
    )
    if dest is None:
        return
    target = dest / name if dest.is_dir() else dest
    try:
        await asyncio.to_thread(write_report, text, target, force=False)
    except FileExistsError:
        note = _("Not saved: {path} exists already.").format(path=safe_line(str(target)))
        app.notify(note, severity="error", timeout=8, markup=False)
        return
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        note = _("Not saved: {path}: {reason}.").format(path=safe_line(str(target)), reason=reason)
        app.notify(note, severity="error", timeout=8, markup=False)
        return
    app.notify(
        _("Saved the report to {path}.").format(path=safe_line(str(target))),
        timeout=8,
        markup=False,
    )
