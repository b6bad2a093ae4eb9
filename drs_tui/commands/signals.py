"""Signals that end a command mid-download, handled as Ctrl-C is.

SIGTERM (a service manager, `kill`), SIGHUP (the terminal or SSH session went away) and
SIGQUIT (Ctrl-\\) would end the process on the spot and leave the hidden `.part` file of
a download behind. While `cancelling()` is active they cancel the running task instead,
so the download removes its partial file as it does for Ctrl-C; the command then exits
128+n with one line saying why (`stopped`). A second signal ends the process at once.

    stop = StopSignals()
    async def main() -> None:
        with stop.cancelling():
            await download()
    try:
        asyncio.run(main())
    except asyncio.CancelledError:
        return stop.stopped()   # prints the line, returns 128+n; re-raises if no signal
"""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING

from drs_tui import i18n
from drs_tui.i18n import N_, _

if TYPE_CHECKING:  # asyncio is imported when a download runs: every command loads this file
    import asyncio

_WHY = {
    "SIGTERM": N_("asked to terminate"),
    "SIGHUP": N_("the terminal or SSH session went away"),
    "SIGQUIT": N_("asked to quit"),
}
STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in _WHY if hasattr(signal, name)
)


class StopSignals:
    def __init__(self) -> None:
        self.received: signal.Signals | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @contextlib.contextmanager
    def cancelling(self) -> Iterator[None]:
        """Within a running task: a stop signal cancels that task."""
        import asyncio

        loop = self._loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None, "cancelling() runs inside a task"
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._stop, sig, task)
        try:
            yield
        finally:
            self._restore()

    def _stop(self, sig: signal.Signals, task: asyncio.Task[object]) -> None:
        self.received = sig
        self._restore()  # a second signal takes its default course: the process ends
        task.cancel()

    def _restore(self) -> None:
        if self._loop is None:
            return
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                self._loop.remove_signal_handler(sig)
        self._loop = None

    def stopped(self) -> int:
        """After the task was cancelled: say why on stderr and give the exit code, 128+n.
        Re-raises the cancellation when no signal caused it."""
        sig = self.received
        if sig is None:
            import asyncio

            raise asyncio.CancelledError
        why = i18n._(_WHY.get(sig.name, N_("stopped")))
        print(
            _("drs-tui: stopped by {signal} ({why}); no partial file was left.").format(
                signal=sig.name, why=why
            ),
            file=sys.stderr,
        )
        return 128 + int(sig)
