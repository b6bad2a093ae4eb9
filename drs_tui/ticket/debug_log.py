"""`--debug` (or DRS_TUI_DEBUG=1): a log of one run, to attach to a ticket.

One file per run, `logs/drs-tui-YYYYmmdd-HHMMSS-PID.log` in the state folder, created
owner-only (0600) and never reused; the newest KEEP files are kept. It holds every
request (method, URL with its query, status, request id, duration, retries, bytes) and
the app's decisions (profile and credential source by name, endpoints, project id,
retries and why, where a download was saved). It never holds a secret: no header
value or body is logged, and the handler masks credential headers and every secret a
client registered (api/log_redaction.py) in whatever reaches it.

When the file cannot be made (a read-only state folder, say), the run goes on without
it and `DebugLog.problem` says why; the CLI prints it at exit, like the path.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from drs_tui import __version__
from drs_tui.api.log_redaction import RedactCredentials
from drs_tui.i18n import _
from drs_tui.ticket.state_folder import private_folder, state_dir

KEEP = 20
_ROOT = "drs_tui"


@dataclass
class DebugLog:
    path: Path | None = None
    problem: str = ""
    handler: logging.Handler | None = field(default=None, repr=False)

    def closing_words(self) -> str:
        """What the person reads at exit: where the log is, or why there is none."""
        if self.path is not None:
            return _("Debug log: {path}").format(path=self.path)
        return _(
            "The debug log could not be written ({reason}); the run went on without it."
        ).format(reason=self.problem)


def start(argv: Sequence[str], folder: Path | None = None) -> DebugLog:
    """Open this run's log and send the `drs_tui` loggers to it."""
    folder = folder or state_dir() / "logs"
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        private_folder(folder)
        path, fd = _new_file(folder, f"drs-tui-{stamp}-{os.getpid()}")
    except OSError as exc:
        return DebugLog(problem=f"{folder}: {exc.strerror or type(exc).__name__}")
    stream = os.fdopen(fd, "w", encoding="utf-8", buffering=1)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(
        logging.Formatter(
            "%(asctime)s.%(msecs)03d %(levelname)-7s %(name)s: %(message)s", "%H:%M:%S"
        )
    )
    handler.addFilter(RedactCredentials())
    root = logging.getLogger(_ROOT)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    log = logging.getLogger(f"{_ROOT}.run")
    log.info("drs-tui %s, Python %s, %s", __version__, sys.version.split()[0], platform.platform())
    log.info("command line: %s", command_shape(argv))
    _prune(folder, keep=path)
    return DebugLog(path=path, handler=handler)


def _new_file(folder: Path, stem: str) -> tuple[Path, int]:
    """A log file of our own, never an existing one (two runs in one second, one pid)."""
    for number in range(1, 100):
        path = folder / (f"{stem}.log" if number == 1 else f"{stem}-{number}.log")
        try:
            return path, os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder / stem}.log")


def stop(debug: DebugLog) -> None:
    if debug.handler is None:
        return
    logging.getLogger(f"{_ROOT}.run").info("end of run")
    logging.getLogger(_ROOT).removeHandler(debug.handler)
    debug.handler.close()
    debug.handler = None


def command_shape(argv: Sequence[str]) -> str:
    """The command and the flags given, without their values: a value may be anything the
    person typed, and no flag is a secret, but a pasted token in the wrong place could be."""
    shape: list[str] = []
    for word in argv:
        if word.startswith("-"):
            shape.append(word.split("=", 1)[0])
        elif not shape or (not shape[-1].startswith("-") and shape[-1] != "…"):
            shape.append(word if word.isidentifier() and word.islower() else "…")
        else:
            shape.append("…")
    return " ".join(shape) or "(none)"


def _prune(folder: Path, *, keep: Path) -> None:
    """Only the newest KEEP logs stay; an old log that cannot go is left alone."""
    try:
        logs = sorted(folder.glob("drs-tui-*.log"), key=lambda p: p.stat().st_mtime)
    except OSError:
        return
    for old in logs[: max(0, len(logs) - KEEP)]:
        if old != keep:
            try:
                old.unlink()
            except OSError:
                continue
