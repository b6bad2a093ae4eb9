"""One entry read from anywhere, not only from its start.

Reading a deflated entry forward leaves checkpoints behind: every CHECKPOINT_EVERY bytes
of output, the input position and a copy of the zlib inflater (its 32 KiB window and
bit state, about 40 KiB). A later read at offset X starts from the nearest checkpoint at
or below X, so "go to the last row" of a 1 GiB entry inflates at most CHECKPOINT_EVERY
bytes instead of the whole entry, and memory stays at a few MiB per GiB. Stored entries
need no checkpoints. bz2 and lzma decompressors cannot be copied: reads there start
over from the first byte (such entries are rare in result files).
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Generator
from typing import BinaryIO

from drs_tui.result.zip.entry_stream import Decoder, DecoderState

CHECKPOINT_EVERY = 4 << 20
READ_CHUNK = 1 << 20

# Opens the entry's bytes at a decoder state (None: the first byte), reporting states.
Opener = Callable[[int, DecoderState | None, Callable[[int, Decoder], None]], BinaryIO]


class EntryReader:
    """Bounded reads of one entry at any offset, with checkpoints kept as it is read.

    Safe to use from several threads: each read has its own decoder, and checkpoints
    are only ever appended in offset order.
    """

    def __init__(self, opener: Opener, *, size: int, every: int = CHECKPOINT_EVERY) -> None:
        self._opener = opener
        self.size = size
        self._every = every
        self._offsets: list[int] = [0]
        self._states: list[DecoderState | None] = [None]
        self._lock = threading.Lock()
        self.resumable = True  # False once a decoder could not give its state

    @property
    def checkpoints(self) -> int:
        return len(self._offsets)

    def open(self, offset: int = 0) -> BinaryIO:
        """A stream of the entry from `offset` on (the CRC is checked only from 0)."""
        start, state = self._nearest(offset)
        stream = self._opener(start, state, self._keep)
        skip = offset - start
        while skip > 0:
            got = len(stream.read(min(skip, READ_CHUNK)))
            if not got:
                break
            skip -= got
        return stream

    def chunks(self, offset: int = 0, size: int = READ_CHUNK) -> Generator[bytes, None, None]:
        """The entry from `offset` to its end, in chunks of about `size` bytes."""
        with self.open(offset) as stream:
            while chunk := stream.read(size):
                yield chunk

    def read_at(self, offset: int, size: int) -> bytes:
        """Up to `size` bytes at `offset` (fewer only at the end of the entry)."""
        parts: list[bytes] = []
        with self.open(offset) as stream:
            while size > 0 and (chunk := stream.read(min(size, READ_CHUNK))):
                parts.append(chunk)
                size -= len(chunk)
        return b"".join(parts)

    def _nearest(self, offset: int) -> tuple[int, DecoderState | None]:
        with self._lock:
            at = bisect.bisect_right(self._offsets, offset) - 1
            return self._offsets[at], self._states[at]

    def _keep(self, produced: int, decoder: Decoder) -> None:
        """Called after every read: keep a checkpoint when past the next one due."""
        if produced < self._offsets[-1] + self._every or not self.resumable:
            return
        state = decoder.state()
        with self._lock:
            if state is None:
                self.resumable = False
            elif produced >= self._offsets[-1] + self._every:
                self._offsets.append(produced)
                self._states.append(state)
