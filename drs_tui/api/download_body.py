"""Reading a result body within limits: its size, its encoding, its time and its rate.

The result is already a ZIP, so the request asks for `Accept-Encoding: identity`. A
server that compresses it anyway (gzip or deflate) is decoded here, a bounded step at a
time, so a gzip bomb costs at most `max_size` bytes of disk and a few MiB of memory.
An endless body stops at `max_size`; a trickling one at the rate floor or the deadline.

    limits = DownloadLimits(max_size=100 * MiB, timeout=600)
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import httpx

from drs_tui.api.errors import BadResultFileError, NetworkError, UnexpectedAnswerError
from drs_tui.api.models import DownloadProgress
from drs_tui.api.numbers import ascii_int
from drs_tui.i18n import _
from drs_tui.safe_text import safe_line
from drs_tui.sizes import format_rate, format_size

MiB = 1024 * 1024
GiB = 1024 * MiB
DECODE_STEP = MiB  # decoded bytes produced per step, whatever one raw chunk holds
JSON_LIMIT = 32 * MiB  # a page of 1,000 jobs is well under 2 MiB


@dataclass(frozen=True)
class DownloadLimits:
    """Bounds on one download. The defaults are documented in the README and in
    `drs-tui fetch --help`; each has a flag of `fetch`."""

    max_size: int = 2 * GiB  # --max-size: bytes saved (after any decoding)
    timeout: float = 3600.0  # --timeout: the whole download, request to rename; 0: none
    read_timeout: float | None = None  # --read-timeout: longest silence; None: the session's
    min_rate: int = 1024  # --min-rate: bytes/s over each `rate_window`; 0: no floor
    rate_window: float = 60.0


class PartSink(Protocol):
    """Where decoded bytes go (download.PartFile): `size` so far, `write` more."""

    @property
    def size(self) -> int: ...

    async def write(self, chunk: bytes) -> None: ...


def declared_length(response: httpx.Response) -> int | None:
    """Content-Length as ASCII digits, else None (it is then not trusted for anything)."""
    value = response.headers.get("Content-Length")
    return ascii_int(value) if value else None


def too_large(limits: DownloadLimits, size: int | None = None) -> BadResultFileError:
    limit = format_size(limits.max_size)
    message = (
        _("The result is {size}, over the download limit of {limit}; nothing was kept.")
        if size is not None
        else _("The result grew past the download limit of {limit}; nothing was kept.")
    )
    return BadResultFileError(
        message.format(size=format_size(size or 0), limit=limit),
        hint=_("If a result this big is expected, allow it with --max-size SIZE (e.g. 8G)."),
    )


def too_slow(limits: DownloadLimits, rate: float) -> NetworkError:
    return NetworkError(
        _(
            "The download slowed to {rate}, under the floor of {floor} over {window:g} "
            "seconds; nothing was kept."
        ).format(
            rate=format_rate(rate),
            floor=format_rate(limits.min_rate),
            window=limits.rate_window,
        ),
        hint=_(
            "Retry later; on a link this slow, lower the floor with --min-rate BYTES "
            "(0 turns it off)."
        ),
    )


def too_long(limits: DownloadLimits) -> NetworkError:
    return NetworkError(
        _("The download did not finish within {timeout:g} seconds; nothing was kept.").format(
            timeout=limits.timeout
        ),
        hint=_("Retry later, or allow more time with --timeout SECONDS (0: no limit)."),
    )


class BodyDecoder:
    """Undoes a Content-Encoding of gzip or deflate in bounded steps; identity passes."""

    def __init__(self, encoding: str | None) -> None:
        name = (encoding or "").strip().lower()
        self.encoding = name
        self._inflater: zlib._Decompress | None = None
        self._raw_deflate_tried = False
        if name in ("gzip", "x-gzip"):
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif name == "deflate":
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS)
        elif name not in ("", "identity"):
            raise BadResultFileError(
                _(
                    "The server sent the result encoded as {encoding!r}, which drs-tui "
                    "did not ask for and cannot read."
                ).format(encoding=safe_line(name)),
                hint=_("A proxy may be re-encoding downloads; retry, or fetch without it."),
            )

    def decode(self, data: bytes) -> Iterator[bytes]:
        """The decoded bytes of `data`, in pieces of at most DECODE_STEP."""
        z = self._inflater
        if z is None:
            yield data
            return
        while not z.eof:
            try:
                out = z.decompress(data, DECODE_STEP)
            except zlib.error:
                if self.encoding == "deflate" and not self._raw_deflate_tried:
                    # Some servers send raw deflate without the zlib header.
                    self._raw_deflate_tried = True
                    z = self._inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise self._damaged() from None
            self._raw_deflate_tried = True
            if out:
                yield out
            data = z.unconsumed_tail
            if not data and len(out) < DECODE_STEP:
                return

    def finish(self) -> None:
        if self._inflater is not None and not self._inflater.eof:
            raise self._damaged()

    def _damaged(self) -> BadResultFileError:
        return BadResultFileError(
            _("The {encoding}-encoded body is damaged or incomplete; nothing was kept.").format(
                encoding=self.encoding
            ),
            hint=_("Retry; a proxy may have cut or re-encoded the download."),
        )


class RateFloor:
    """Raises when fewer than `min_rate` bytes a second arrived over a whole window."""

    def __init__(self, limits: DownloadLimits, now: float) -> None:
        self._limits = limits
        self._since = now
        self._at = 0

    def check(self, received: int, now: float) -> None:
        limits = self._limits
        elapsed = now - self._since
        if limits.min_rate <= 0 or elapsed < limits.rate_window:
            return
        rate = (received - self._at) / elapsed
        if rate < limits.min_rate:
            raise too_slow(limits, rate)
        self._since, self._at = now, received


async def save_body(
    response: httpx.Response,
    part: PartSink,
    limits: DownloadLimits,
    started: float,
    on_progress: Callable[[DownloadProgress], None] | None,
) -> None:
    """Stream the body into `part`, decoded, within `limits`."""
    decoder = BodyDecoder(response.headers.get("Content-Encoding"))
    declared = declared_length(response)
    if declared is not None and declared > limits.max_size:
        raise too_large(limits, declared)
    total = declared if not decoder.encoding or decoder.encoding == "identity" else None
    floor = RateFloor(limits, time.monotonic())
    received = 0
    async for raw in response.aiter_raw():
        received += len(raw)
        for piece in decoder.decode(raw):
            if part.size + len(piece) > limits.max_size:
                raise too_large(limits)
            await part.write(piece)
        now = time.monotonic()
        floor.check(received, now)
        if on_progress is not None:
            on_progress(DownloadProgress(part.size, total, now - started))
    decoder.finish()
    if total is not None and part.size != total:
        raise BadResultFileError(
            _("The download stopped at {size} of {total} bytes.").format(
                size=part.size, total=total
            ),
            hint=_("Retry; a proxy or the network cut the transfer."),
        )


async def read_capped(
    response: httpx.Response, limit: int, *, keep_partial: bool = False
) -> tuple[bytes, bool]:
    """At most `limit` decoded bytes of the body, and whether it held more. An encoding
    drs-tui cannot undo is returned as it came (this is for error bodies and JSON).
    `keep_partial`: a connection cut mid-body returns what came, instead of raising."""
    try:
        decoder = BodyDecoder(response.headers.get("Content-Encoding"))
    except BadResultFileError:
        decoder = BodyDecoder(None)
    body = bytearray()
    try:
        async for raw in response.aiter_raw():
            for piece in decoder.decode(raw):
                body += piece[: limit + 1 - len(body)]
                if len(body) > limit:
                    return bytes(body[:limit]), True
    except BadResultFileError:
        pass  # damaged compression: what was decoded so far is all there is
    except httpx.HTTPError:
        if not keep_partial:
            raise
    return bytes(body), False


async def read_json_body(response: httpx.Response) -> bytes:
    """A JSON answer's bytes; UnexpectedAnswerError when it is bigger than any should be."""
    body, more = await read_capped(response, JSON_LIMIT)
    if more:
        raise UnexpectedAnswerError(
            _("The answer is over {limit}, far more than DRS ever sends.").format(
                limit=format_size(JSON_LIMIT)
            ),
            hint=_("The endpoint may not be DRS, or a proxy changed the answer."),
            request_id=response.headers.get("X-Request-Id"),
        )
    return body
