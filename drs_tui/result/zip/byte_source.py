"""Positional reads over one archive file, shared by the listing and every entry stream.

Several streams (a preview, a CRC check in a worker thread) may read the same archive at
once, so each read is a locked seek + read rather than relying on the file position.
"""

from __future__ import annotations

import threading
from typing import IO

from drs_tui.i18n import _
from drs_tui.result.errors import ResultError


class ByteSource:
    """A seekable binary file read at absolute offsets; owns the file when `owned`."""

    def __init__(self, file: IO[bytes], *, name: str, owned: bool = True) -> None:
        self._file = file
        self._lock = threading.Lock()
        self._owned = owned
        self.name = name
        self.closed = False
        try:
            self.size = file.seek(0, 2)
        except (OSError, ValueError) as exc:
            raise ResultError(
                _("Cannot read {path}: {reason}").format(path=name, reason=exc)
            ) from exc

    def read_at(self, offset: int, length: int) -> bytes:
        """Up to `length` bytes at `offset`; shorter only at the end of the file."""
        if self.closed:
            raise ResultError(
                _("{name} is closed.").format(name=self.name), title=_("Archive closed")
            )
        if offset < 0 or offset >= self.size or length <= 0:
            return b""
        length = min(length, self.size - offset)
        with self._lock:
            try:
                self._file.seek(offset)
                return self._file.read(length)
            except (OSError, ValueError) as exc:
                raise ResultError(
                    _("Cannot read {path}: {reason}").format(path=self.name, reason=exc)
                ) from exc

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self._owned:
            with self._lock:
                self._file.close()
