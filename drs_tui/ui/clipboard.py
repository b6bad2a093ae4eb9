"""Copy over OSC 52, honestly: say when a terminal multiplexer will drop it, offer a file.

OSC 52 is how a terminal app reaches your clipboard, also over SSH. Inside tmux it only
arrives when tmux's `set-clipboard` is `on` (the default, `external`, ignores what
applications send), and GNU screen passes none on. So before copying, `clipboard_route`
looks at TMUX and STY and asks tmux for the option; when the copy would be dropped, the
person is told how to enable it and offered to save the text to a file instead (or send
it anyway). Nothing here claims "copied" for a copy that tmux throws away.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

from drs_tui.credentials.tmux_check import TMUX_CONF, TMUX_FIX
from drs_tui.i18n import _


@dataclass(frozen=True)
class ClipboardRoute:
    """Whether an OSC 52 copy reaches the terminal, and if not, why and what fixes it."""

    reaches: bool
    through: str = ""  # "tmux" when it passes through tmux
    problem: str = ""
    fix: str = ""


async def tmux_set_clipboard() -> str | None:
    """tmux's global `set-clipboard` value ("on", "external", "off"), None if unknown."""
    from drs_tui.credentials.tmux_check import tmux_option

    return await asyncio.to_thread(tmux_option, "-gv", "set-clipboard")


async def clipboard_route(env: Mapping[str, str] | None = None) -> ClipboardRoute:
    env = os.environ if env is None else env
    if env.get("TMUX"):
        value = await tmux_set_clipboard()
        if value == "on":
            return ClipboardRoute(reaches=True, through="tmux")
        if value:
            problem = _(
                "This runs inside tmux, and tmux's set-clipboard is {value}: tmux drops the "
                "copy (OSC 52) an application sends."
            ).format(value=value)
        else:
            problem = _(
                "This runs inside tmux, and tmux's set-clipboard could not be read: tmux "
                "drops the copy (OSC 52) an application sends."
            )
        fix = _(
            "Enable it with `{command}` (for good: `{line}` in ~/.tmux.conf); your terminal "
            "must allow OSC 52 too."
        ).format(command=TMUX_FIX, line=TMUX_CONF)
        return ClipboardRoute(reaches=False, through="tmux", problem=problem, fix=fix)
    if env.get("STY"):
        return ClipboardRoute(
            reaches=False,
            through="screen",
            problem=_(
                "This runs inside GNU screen, which does not pass an application's copy "
                "(OSC 52) on to your terminal."
            ),
            fix=_("Run drs-tui outside screen (or in tmux with set-clipboard on) to copy."),
        )
    return ClipboardRoute(reaches=True)


def copy_text(app: App[Any], text: str, what: str, file: Path) -> None:
    """Copy `text` (described as `what`: "the error details") to the terminal clipboard,
    or, when it would not arrive, explain and offer to save it as `file` instead. Runs
    in a worker of the current screen (group "clipboard"): tmux is asked in a subprocess
    and the questions are modal screens."""
    app.screen.run_worker(
        _copy(app, text, what, file),
        group="clipboard",
        description="copy",  # i18n: keep
        exclusive=True,
        exit_on_error=False,
    )


async def _copy(app: App[Any], text: str, what: str, file: Path) -> None:
    from drs_tui.ui.screens.result_viewer_dialogs import Choice, ChoicePicker

    route = await clipboard_route()
    if route.reaches:
        app.copy_to_clipboard(text)
        if route.through:
            words = _("Copied {what} through tmux (terminal clipboard, OSC 52).")
        else:
            words = _("Copied {what} (terminal clipboard, OSC 52).")
        app.notify(words.format(what=what), timeout=4, markup=False)
        return
    choices = [
        Choice("f", _("save it to a file instead"), "file"),
        Choice(
            "c",
            _("send it anyway (OSC 52; {through} may drop it)").format(through=route.through),
            "copy",
        ),
    ]
    title = _("Copy {what}: the clipboard copy would not arrive").format(what=what)
    message = f"{route.problem}\n{route.fix}"
    answer = await app.push_screen_wait(ChoicePicker(title, choices, message=message))
    if answer == "copy":
        app.copy_to_clipboard(text)
        words = _("Sent {what} over OSC 52; {through} may drop it. {fix}")
        app.notify(
            words.format(what=what, through=route.through, fix=route.fix),
            timeout=6,
            markup=False,
        )
    elif answer == "file":
        await _save(app, text, what, file)


async def _save(app: App[Any], text: str, what: str, file: Path) -> None:
    from drs_tui.safe_text import safe_line
    from drs_tui.ui.screens.result_viewer_dialogs import PathPrompt

    hint = _("An existing file is not replaced.")
    title = _("Save {what} as").format(what=what)
    dest = await app.push_screen_wait(PathPrompt(title, file, hint))
    if dest is None:
        return
    try:
        written = await asyncio.to_thread(write_new_file, dest, text)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        note = _("Not saved: {path}: {reason}.").format(path=safe_line(str(dest)), reason=reason)
        app.notify(note, severity="error", timeout=8, markup=False)
        return
    saved = _("Saved {what} to {path}.").format(what=what, path=safe_line(str(written)))
    app.notify(saved, timeout=8, markup=False)


def write_new_file(dest: Path, text: str) -> Path:
    """Write `text` to `dest` (in it, when a folder), never replacing a file."""
    target = dest / "drs-tui-copy.txt" if dest.is_dir() else dest
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return target
