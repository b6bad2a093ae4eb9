"""The simulator's HTTP server: IAM and DRS routes on 127.0.0.1, with fault knobs.

with Simulator() as sim:          # a free port on 127.0.0.1
    sim.base_url                  # serves IAM and DRS paths alike
    sim.faults.throttle = 2       # the next two requests get 429 + Retry-After
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

from drs_tui.simulator.accounts import DEMO, DemoAccount
from drs_tui.simulator.gateway import TokenBook
from drs_tui.simulator.hostile import Hostile
from drs_tui.simulator.jobs import DemoJob, demo_jobs


@dataclass
class Faults:
    """Switches for bad days. Counters count down as requests consume them."""

    latency: float = 0.0  # seconds before every answer
    throttle: int = 0  # next N requests: 429 with Retry-After
    retry_after: str = "0"
    bad_gateway: int = 0  # next N requests: an HTML 502 page from the "gateway"
    cut_body: bool = False  # result body stops halfway, Content-Length promises more
    not_zip: bool = False  # result answers 200 with a JSON body
    stall: float = 0.0  # result body pauses this long after the first bytes
    big_result: int = 0  # result is a stored ZIP of about this many bytes
    disposition: str | None = None  # overrides the Content-Disposition header
    hostile: Hostile = field(default_factory=Hostile)  # a server that attacks its client
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def take(self, name: str) -> bool:
        """Consume one unit of a counter fault; True when it fired."""
        with self._lock:
            left: int = getattr(self, name)
            if left > 0:
                setattr(self, name, left - 1)
                return True
            return False


@dataclass(frozen=True)
class SeenRequest:
    method: str
    path: str  # with query string
    headers: dict[str, str]
    status: int
    request_id: str


class Simulator:
    def __init__(
        self,
        *,
        port: int = 0,
        account: DemoAccount = DEMO,
        jobs: list[DemoJob] | None = None,
        log: Callable[[SeenRequest], None] | None = None,
        listener: socket.socket | None = None,
    ) -> None:
        """`listener` is a socket already bound and listening (see DemoListener)."""
        from drs_tui.simulator.handler import Handler

        self.account = account
        self.jobs = jobs if jobs is not None else demo_jobs()
        self.faults = Faults()
        self.tokens = TokenBook()
        self.seen: list[SeenRequest] = []
        # How many times each job's template was uploaded (1 unless `reupload` said so).
        self._uploads: dict[str, int] = {}
        self._log = log
        if listener is None:
            self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        else:
            self._server = ThreadingHTTPServer(
                listener.getsockname(), Handler, bind_and_activate=False
            )
            self._server.socket.close()
            self._server.socket = listener
        self._server.daemon_threads = True
        self._server.simulator = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def record(self, seen: SeenRequest) -> None:
        self.seen.append(seen)
        if self._log is not None:
            self._log(seen)

    def job(self, job_id: str) -> DemoJob | None:
        return next((j for j in self.jobs if j.id == job_id), None)

    def reupload(self, job_id: str) -> int:
        """Stands for a person uploading the job's template again in the console: from now
        on `detail` (the latest upload's validation) and `synchronized` answer for the new
        upload. Returns the upload's number."""
        self._uploads[job_id] = self.template_revision(job_id) + 1
        return self._uploads[job_id]

    def forget_uploads(self) -> None:
        """Every job back to its first upload."""
        self._uploads.clear()

    def template_revision(self, job_id: str) -> int:
        return self._uploads.get(job_id, 1)

    def start(self) -> Simulator:
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="drs-simulator", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop_serving(self) -> None:
        """Close the socket after serve_forever returned in this thread."""
        self._server.server_close()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
