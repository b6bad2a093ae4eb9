"""The drs-tui entries of the command palette (`:` or ctrl+p), in the language of the
moment: the palette asks for them each time it opens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.screen import ModalScreen, Screen

from drs_tui.i18n import _

if TYPE_CHECKING:
    from drs_tui.ui.app import DrsApp


def flow_commands(app: DrsApp, screen: Screen[Any]) -> Iterator[SystemCommand]:
    yield SystemCommand(_("Profiles"), _("Choose, add or test a profile (c)"), app.show_credentials)
    yield SystemCommand(
        _("Region"), _("Use another region for this session"), app.action_pick_region
    )
    picker = app.job_picker()
    if picker is not None:
        yield SystemCommand(_("Jobs"), _("Back to the job list"), app.back_to_jobs)
        yield SystemCommand(_("Job ID"), _("Open a job by its ID (i)"), picker.action_job_id)
        yield SystemCommand(_("Reload jobs"), _("Fetch the job list again (r)"), picker.reload)
        yield SystemCommand(_("Recent jobs"), _("Jobs you opened lately (h)"), picker.action_recent)
    yield SystemCommand(_("Help"), _("Keys of this screen (? or F1)"), app.action_help)
    if not isinstance(screen, ModalScreen):
        yield SystemCommand(
            "Language / 语言",  # i18n: keep (both, so either reader finds it)
            _("English / 中文, for this session (F2)"),
            app.action_switch_language,
        )
