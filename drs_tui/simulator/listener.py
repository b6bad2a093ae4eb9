"""The demo's server socket, bound now and served once the app has drawn its first screen.

`drs-tui --demo` needs the simulator's address before the first screen (the session is
built from it) but not its answers: binding a loopback socket costs nothing, while
importing and starting the simulator costs about 20 ms that the first paint should not
wait for. Requests that arrive before `start()` wait in the listen backlog.
"""

from __future__ import annotations

import socket
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drs_tui.simulator.server import Simulator


class DemoListener:
    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.base_url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._lock = threading.Lock()
        self._simulator: Simulator | None = None
        self._stopped = False

    def start(self) -> None:
        """Serve the socket (once; later calls return when it is served). Blocks: call it
        from a thread."""
        with self._lock:
            if self._simulator is None and not self._stopped:
                from drs_tui.simulator.server import Simulator

                self._simulator = Simulator(listener=self._socket).start()

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            if self._simulator is not None:
                self._simulator.stop()
            else:
                self._socket.close()

    def __enter__(self) -> DemoListener:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
