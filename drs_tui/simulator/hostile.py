"""A hostile server: what drs-tui must survive from an endpoint it cannot trust.

Each knob is off by default and lives in `sim.faults.hostile`:

    hostile = sim.faults.hostile
    hostile.error = 1                # next request: an error whose code, message and request
                                     # id hold control sequences and markup, and whose message
                                     # echoes the caller's token, password, AK and security token
    hostile.server_error = 2         # next 2 requests: 503 with Retry-After = faults.retry_after
    hostile.total_count = "1e400"    # the job list's total_count, as raw JSON text
    hostile.job_text = TEXT          # added to every job's name; every status becomes TEXT
    hostile.gzip_bomb = 64 << 20     # result: that many zero bytes, gzipped, Content-Encoding: gzip
    hostile.endless = True           # result: a chunked body that never ends
    hostile.trickle = 0.05           # result: one byte every 0.05 s

A hostile `Content-Disposition` is `sim.faults.disposition` (see RTL_EXE_DISPOSITION).
Bodies stop quietly when the client hangs up, as a real server's would.
"""

from __future__ import annotations

import json
import re
import threading
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drs_tui.simulator.handler import Handler

# An OSC 52 clipboard write, a screen clear, a carriage return, a right-to-left override,
# Rich markup and a C1 CSI: everything that must never reach a terminal raw.
HOSTILE_TEXT = "\x1b]52;c;aGFja2Vk\x07\x1b[2J\rfake\u202eevil[bold red]loud[/]\x9b31m"
# The same for a header value, which cannot hold CR or LF.
HOSTILE_HEADER_TEXT = "req\x1b]52;c;aGFja2Vk\x07\x1b[2J\u202e[bold red]id[/]"
HOSTILE_ERROR_CODE = "DRS.\x1b[31m666\x1b[0m[blink]"
# "result\u202epiz.exe" shows as "resultexe.zip" on a terminal that honours bidi.
RTL_EXE_DISPOSITION = "attachment; filename*=UTF-8''result%E2%80%AEpiz.exe"
_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)
_PASSWORD = re.compile(rb'"password"\s*:\s*"((?:[^"\\]|\\.)*)"')


@dataclass
class Hostile:
    """The hostile server's switches (see the module docstring)."""

    error: int = 0
    server_error: int = 0
    total_count: str | None = None
    job_text: str | None = None
    gzip_bomb: int = 0
    endless: bool = False
    trickle: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def take(self, name: str) -> bool:
        with self._lock:
            left: int = getattr(self, name)
            if left > 0:
                setattr(self, name, left - 1)
                return True
            return False


def echoed_secrets(headers: dict[str, str], body: bytes) -> str:
    """What a careless server repeats back: the caller's credentials, as sent."""
    lowered = {k.lower(): v for k, v in headers.items()}
    said = []
    if "x-auth-token" in lowered:
        said.append(f"token {lowered['x-auth-token']}")
    if "x-security-token" in lowered:
        said.append(f"security token {lowered['x-security-token']}")
    access = re.search(r"Access=([^,\s]+)", lowered.get("authorization", ""))
    if access:
        said.append(f"access key {access.group(1)}")
    password = _PASSWORD.search(body)
    if password:
        said.append("password " + json.loads(b'"' + password.group(1) + b'"'))
    return ", ".join(said) or "nothing"


def error_body(headers: dict[str, str], body: bytes) -> dict[str, str]:
    return {
        "error_code": HOSTILE_ERROR_CODE,
        "error_msg": f"{HOSTILE_TEXT} You sent {echoed_secrets(headers, body)}.",
    }


def header_text(text: str) -> str:
    """`text` as http.server writes it (latin-1), so that the bytes on the wire are UTF-8."""
    return text.encode("utf-8").decode("latin-1")


def job_list_body(total_count: str, jobs: list[dict[str, object]]) -> bytes:
    """A job list whose total_count is `total_count` verbatim, e.g. 1e400 or "x"."""
    placeholder = "\u0000total\u0000"
    text = json.dumps({"total_count": placeholder, "jobs": jobs}, ensure_ascii=False)
    return text.replace(json.dumps(placeholder), total_count).encode("utf-8")


def hostile_jobs(jobs: list[dict[str, object]], text: str) -> list[dict[str, object]]:
    return [{**job, "name": f"{job['name']}{text}", "status": text} for job in jobs]


@lru_cache(maxsize=4)
def gzip_of_zeros(size: int) -> bytes:
    """`size` zero bytes as one gzip member: about a thousandth of the size."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block[: size - done]) for done in range(0, size, len(block))]
    parts.append(packer.flush())
    return b"".join(parts)


def send_gzip_bomb(handler: Handler, size: int) -> None:
    body = gzip_of_zeros(size)
    extra = {"Content-Encoding": "gzip", "Content-Disposition": 'attachment; filename="bomb.zip"'}
    handler._head(200, "application/octet-stream", len(body), extra)
    _write(handler, body)


def send_endless(handler: Handler) -> None:
    """A chunked body of zeros that ends only when the client hangs up."""
    handler._head(200, "application/octet-stream", None, None)
    chunk = bytes(64 * 1024)
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    while _write(handler, framed):
        pass


def send_trickle(handler: Handler, data: bytes, interval: float, extra: dict[str, str]) -> None:
    """`data` one byte at a time, `interval` seconds apart."""
    handler._head(200, "application/octet-stream", len(data), extra)
    for i in range(len(data)):
        if not _write(handler, data[i : i + 1]):
            return
        time.sleep(interval)


def _write(handler: Handler, data: bytes) -> bool:
    """False once the client has hung up."""
    try:
        handler.wfile.write(data)
        handler.wfile.flush()
    except _GONE:
        handler.close_connection = True
        return False
    return True
