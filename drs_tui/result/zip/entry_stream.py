"""Bounded, streaming decompression of one entry.

Every decoder is asked for at most the bytes the caller wants, so memory stays at one
input chunk plus one output chunk whatever the entry claims. The stream stops at its cap
(the declared size, or a smaller caller limit) and then asks the decoder for one more
byte: if it gets one, the entry lies about its size and the read fails. Header fields
are never trusted to bound work, only counted output is.
"""

from __future__ import annotations

import bz2
import io
import lzma
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol

from drs_tui.i18n import _
from drs_tui.result.errors import CorruptEntryError, UnsafeEntryError, UnsupportedEntryError
from drs_tui.result.zip.byte_source import ByteSource

INPUT_CHUNK = 64 * 1024
STREAM_BUFFER = 64 * 1024
# liblzma allocates the whole dictionary up front; real archivers use 64 MiB at most.
MAX_LZMA_DICT = 256 << 20

_DECODE_ERRORS = (zlib.error, lzma.LZMAError, OSError, EOFError, ValueError)


class CompressedInput:
    """The compressed bytes of one entry, read in chunks from the archive."""

    def __init__(self, source: ByteSource, start: int, length: int) -> None:
        self._source = source
        self._pos = start
        self._remaining = length

    @property
    def position(self) -> int:
        return self._pos

    @property
    def remaining(self) -> int:
        return self._remaining

    def pull(self, size: int) -> bytes:
        size = min(size, self._remaining)
        if size <= 0:
            return b""
        data = self._source.read_at(self._pos, size)
        self._pos += len(data)
        self._remaining = self._remaining - len(data) if data else 0
        return data


@dataclass(frozen=True, slots=True)
class DecoderState:
    """Where a decoder stands, enough to start another one there: the input position
    and, for deflate, a copy of the inflater (its window and bit state)."""

    position: int
    remaining: int
    inflater: Any = None  # zlib's Decompress object; a copy, never used directly


class Decoder(Protocol):
    def produce(self, size: int) -> bytes:
        """Up to `size` (> 0) decoded bytes; b"" once the data ends."""
        ...

    def state(self) -> DecoderState | None:
        """A snapshot to resume from, or None when this decoder cannot be resumed."""
        ...


class StoredDecoder:
    def __init__(self, data: CompressedInput) -> None:
        self._data = data

    def produce(self, size: int) -> bytes:
        return self._data.pull(size)

    def state(self) -> DecoderState:
        return DecoderState(self._data.position, self._data.remaining)


class DeflateDecoder:
    def __init__(self, data: CompressedInput, inflater: Any = None) -> None:
        self._data = data
        self._zlib = inflater.copy() if inflater is not None else zlib.decompressobj(-15)

    def state(self) -> DecoderState:
        # The copy keeps unconsumed_tail too, so input already pulled is not lost.
        return DecoderState(self._data.position, self._data.remaining, self._zlib.copy())

    def produce(self, size: int) -> bytes:
        inflater = self._zlib
        while not inflater.eof:
            chunk = inflater.unconsumed_tail or self._data.pull(INPUT_CHUNK)
            if not chunk:
                return b""
            out = inflater.decompress(chunk, size)
            if out:
                return out
        return b""


class _Decompressor(Protocol):
    @property
    def eof(self) -> bool: ...
    @property
    def needs_input(self) -> bool: ...

    def decompress(self, data: bytes, max_length: int = ...) -> bytes: ...


class BufferedDecoder:
    """bz2 and lzma decompressors, which keep unread input themselves."""

    def __init__(self, data: CompressedInput, decompressor: _Decompressor) -> None:
        self._data = data
        self._decompressor = decompressor

    def state(self) -> None:
        return None  # bz2 and lzma decompressors cannot be copied

    def produce(self, size: int) -> bytes:
        decompressor = self._decompressor
        while not decompressor.eof:
            chunk = b""
            if decompressor.needs_input:
                chunk = self._data.pull(INPUT_CHUNK)
                if not chunk:
                    return b""
            out = decompressor.decompress(chunk, size)
            if out:
                return out
        return b""


def make_decoder(
    method: int, data: CompressedInput, name: str, resume: DecoderState | None = None
) -> Decoder:
    """A decoder for `method`; `resume` (a state taken from a decoder of the same entry,
    with `data` starting at its position) continues where that one stood."""
    if method == 0:
        return StoredDecoder(data)
    if method == 8:
        return DeflateDecoder(data, resume.inflater if resume is not None else None)
    if method == 12:
        return BufferedDecoder(data, bz2.BZ2Decompressor())
    if method == 14:
        return BufferedDecoder(data, _zip_lzma(data, name))
    raise UnsupportedEntryError(
        _("{name}: compression method {method} is not supported.").format(name=name, method=method)
    )


def _zip_lzma(data: CompressedInput, name: str) -> lzma.LZMADecompressor:
    """LZMA in ZIP: 2 version bytes, 2 bytes of properties length, then LZMA1 properties."""
    head = data.pull(4)
    props = data.pull(struct.unpack("<H", head[2:4])[0]) if len(head) == 4 else b""
    if len(props) < 5:
        raise CorruptEntryError(_("{name}: the LZMA header is damaged.").format(name=name))
    bits, dict_size = props[0], struct.unpack_from("<I", props, 1)[0]
    if dict_size > MAX_LZMA_DICT:
        raise UnsupportedEntryError(
            _(
                "{name}: LZMA dictionary of {size} MiB is larger than the "
                "{limit} MiB this reader allows."
            ).format(name=name, size=dict_size >> 20, limit=MAX_LZMA_DICT >> 20)
        )
    lc, lp, pb = bits % 9, (bits // 9) % 5, bits // 45
    lzma_filter = {"id": lzma.FILTER_LZMA1, "dict_size": dict_size, "lc": lc, "lp": lp, "pb": pb}
    try:
        return lzma.LZMADecompressor(lzma.FORMAT_RAW, filters=[lzma_filter])
    except lzma.LZMAError as exc:
        raise CorruptEntryError(
            _("{name}: the LZMA header is damaged ({error}).").format(name=name, error=exc)
        ) from exc


# Called with the output offset and the decoder standing there, after each read.
StateHook = Callable[[int, Decoder], None]


class EntryStream(io.RawIOBase):
    """Raw, read-only, forward-only bytes of one entry, capped and CRC-checked.

    A stream resumed at `start` > 0 (from a decoder state) cannot check the CRC, which
    covers the whole entry: `crc` is None then. `on_read` sees the offset reached and
    the decoder after every read, so a caller can keep states to resume from later.
    """

    def __init__(
        self,
        decoder: Decoder,
        *,
        name: str,
        size: int,
        crc: int | None,
        limit: int,
        on_crc: Callable[[bool], None] | None = None,
        start: int = 0,
        on_read: StateHook | None = None,
    ) -> None:
        super().__init__()
        self._decoder = decoder
        self._name = name
        self._size = size
        self._expected_crc = crc
        self._limit = limit
        self._cap = min(size, limit)
        self._on_crc = on_crc
        self._on_read = on_read
        self._crc = 0
        self.produced = start
        self._finished = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self.closed:
            raise ValueError("I/O operation on closed entry stream")
        if self._finished or len(buffer) == 0:
            return 0
        room = self._cap - self.produced
        if room <= 0:
            self._stop_at_cap()
            return 0
        chunk = self._decode(min(len(buffer), room))
        if not chunk:
            raise CorruptEntryError(
                _(
                    "{name}: the data ends after {produced:,} of "
                    "{size:,} bytes (damaged or truncated entry)."
                ).format(name=self._name, produced=self.produced, size=self._size)
            )
        count = len(chunk)
        buffer[:count] = chunk
        if self._expected_crc is not None:
            self._crc = zlib.crc32(chunk, self._crc)
        self.produced += count
        if self._on_read is not None:
            self._on_read(self.produced, self._decoder)
        return count

    def _decode(self, size: int) -> bytes:
        try:
            return self._decoder.produce(size)
        except _DECODE_ERRORS as exc:
            raise CorruptEntryError(
                _("{name}: the compressed data is damaged ({error}).").format(
                    name=self._name, error=exc
                )
            ) from exc

    def _stop_at_cap(self) -> None:
        if self._cap < self._size:
            raise UnsafeEntryError(
                _(
                    "{name} is {size:,} bytes, more than the limit of "
                    "{limit:,} bytes for this read."
                ).format(name=self._name, size=self._size, limit=self._limit),
                hint=_("Extract the entry to disk to get all of it."),
            )
        if self._decode(1):
            raise UnsafeEntryError(
                _(
                    "{name} holds more data than its declared {size:,} bytes: "
                    "refusing to decompress further (possible zip bomb)."
                ).format(name=self._name, size=self._size)
            )
        self._finished = True
        if self._expected_crc is None:
            return
        good = self._crc == self._expected_crc
        if self._on_crc is not None:
            self._on_crc(good)
        if not good:
            raise CorruptEntryError(
                _(
                    "{name}: CRC mismatch (expected {expected:08x}, "
                    "got {crc:08x}); the entry is damaged."
                ).format(name=self._name, expected=self._expected_crc, crc=self._crc)
            )


def buffered(stream: EntryStream) -> BinaryIO:
    return io.BufferedReader(stream, buffer_size=STREAM_BUFFER)
