"""`doctor` inside tmux: the two options that change how drs-tui behaves there.

`set-clipboard` must be `on` for a copy (OSC 52) to reach the clipboard (ui/clipboard.py
asks through `tmux_option` when copying); `escape-time` is how long tmux holds Esc, the app's back
key, to see whether a key follows. tmux is asked with `tmux show`, for two seconds at most.
"""

from __future__ import annotations

import shutil
import subprocess

from drs_tui.i18n import _

# What makes a copy (OSC 52) reach the clipboard through tmux: now, and for good.
TMUX_FIX = "tmux set -g set-clipboard on"
TMUX_CONF = "set -g set-clipboard on"
# Esc is the app's back key: tmux holds it this long to see whether a key follows.
_SLOW_ESCAPE_MS = 50
_TMUX_TIMEOUT = 2.0


def tmux_report(warnings: list[str]) -> dict[str, str]:
    """Inside tmux: set-clipboard (copy with y needs `on`) and escape-time (Esc waits)."""
    clipboard = tmux_option("-gv", "set-clipboard")
    escape = tmux_option("-sv", "escape-time")
    report = {
        "tmux_set_clipboard": clipboard or _("unknown (tmux did not answer)"),
        "tmux_escape_time": f"{escape} ms" if escape else _("unknown (tmux did not answer)"),
    }
    if clipboard is not None and clipboard != "on":
        warnings.append(
            _(
                "tmux's set-clipboard is {value}: a copy (y) never reaches your clipboard.\n"
                "Run `{fix}` (for good: `{conf}` in "
                "~/.tmux.conf); until then drs-tui offers to save copies to a file."
            ).format(value=clipboard, fix=TMUX_FIX, conf=TMUX_CONF)
        )
    if escape is not None and escape.isdigit() and int(escape) > _SLOW_ESCAPE_MS:
        warnings.append(
            _(
                "tmux's escape-time is {value} ms: Esc (back) arrives that late, and Esc then "
                "a key can read as Alt+key.\n"
                "Run `tmux set -sg escape-time 10` (for good: `set -sg escape-time 10` in "
                "~/.tmux.conf)."
            ).format(value=escape)
        )
    return report


def tmux_option(scope: str, name: str) -> str | None:
    """`tmux show SCOPE NAME`: the option's value, None when tmux does not answer."""
    tmux = shutil.which("tmux")
    if tmux is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [tmux, "show", scope, name],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=_TMUX_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.decode("ascii", "replace").strip()
    return value if done.returncode == 0 and value else None
