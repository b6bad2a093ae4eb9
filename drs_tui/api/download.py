"""Saving a result stream: temp file beside the destination, fsync, check, atomic rename.

No partial file survives a failure or a cancel, and an existing file is replaced only when
the caller says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import tempfile
import zipfile
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from pathlib import Path

from drs_tui.api.errors import BadResultFileError
from drs_tui.errors import LocalFileError

WRITE_BLOCK = 1024 * 1024
WRITE_DEPTH = 8
_ADVISE = getattr(os, "posix_fadvise", None)
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\/]')


def filename_from_disposition(header: str | None) -> str | None:
    """The file name of a Content-Disposition header, reduced to a safe base name."""
    if not header:
        return None
    msg = Message()
    msg["content-disposition"] = header
    raw = msg.get_filename()
    if not raw:
        return None
    return safe_filename(raw)


def safe_filename(raw: str) -> str | None:
    # Keep only the last path component whatever separator the server used.
    base = re.split(r"[\\/]", raw.strip())[-1]
    base = _UNSAFE_CHARS.sub("_", base).strip(" .")
    if not base or base in {".", ".."} or set(base) <= {"."}:
        return None
    return base[:200]


def resolve_target(dest: Path, name: str) -> Path:
    """`dest` is a folder (existing, or written with a trailing slash) or a file path."""
    if dest.is_dir() or str(dest).endswith(os.sep):
        return dest / name
    return dest


def check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise LocalFileError(
            f"The folder {folder} does not exist.",
            hint="Create it first or choose another destination.",
        )


def check_writable_target(target: Path, *, overwrite: bool) -> None:
    check_folder(target.parent)
    if target.exists() and not overwrite:
        raise LocalFileError(
            f"{target} already exists; it was left untouched.",
            hint="Choose another name or folder, or pass --overwrite to replace it.",
        )
    if target.is_dir():
        raise LocalFileError(f"{target} is a folder.", hint="Give a file name or folder.")


class PartFile:
    """A temp file next to the target that becomes the target only when `commit` succeeds."""

    def __init__(self, target: Path) -> None:
        self.target = target
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
        self.path = Path(name)
        self._file = os.fdopen(fd, "wb", buffering=0)
        self.size = 0
        self._buffer = bytearray()
        # One writer thread keeps blocks in order; a few may queue so that a slow
        # disk moment does not stall the network. Memory: at most WRITE_DEPTH blocks.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drs-download")
        self._pending: deque[asyncio.Future[None]] = deque()
        self._written = 0

    async def write(self, chunk: bytes) -> None:
        """Buffer a chunk; full blocks go to disk in a thread while the next one arrives.

        At most a few blocks are held, so memory stays flat whatever the size.
        """
        self._buffer += chunk
        self.size += len(chunk)
        if len(self._buffer) >= WRITE_BLOCK:
            await self._hand_over()

    async def _hand_over(self) -> None:
        block, self._buffer = self._buffer, bytearray()
        loop = asyncio.get_running_loop()
        self._pending.append(loop.run_in_executor(self._writer, self._write_block, block))
        while len(self._pending) > WRITE_DEPTH or (self._pending and self._pending[0].done()):
            await self._pending.popleft()

    async def _drain(self) -> None:
        while self._pending:
            await self._pending.popleft()

    def _write_block(self, block: bytearray) -> None:
        start = self._written
        self._file.write(block)
        self._written += len(block)
        if _ADVISE is not None:
            # Starts write-back now (Linux), so the final fsync has little left to do.
            with contextlib.suppress(OSError):
                _ADVISE(self._file.fileno(), start, len(block), os.POSIX_FADV_DONTNEED)

    async def commit(self, *, overwrite: bool) -> int:
        """fsync, check it is a ZIP, move into place; return the number of entries."""
        await self._hand_over()
        await self._drain()
        self._writer.shutdown(wait=False)
        await asyncio.to_thread(self._flush_and_close)
        entries = await asyncio.to_thread(check_zip, self.path)
        await asyncio.to_thread(self._move, overwrite)
        return entries

    def _flush_and_close(self) -> None:
        os.fsync(self._file.fileno())
        self._file.close()

    def _move(self, overwrite: bool) -> None:
        if overwrite:
            self.path.replace(self.target)
        else:
            try:
                os.link(self.path, self.target)  # fails if the target appeared meanwhile
            except FileExistsError:
                raise LocalFileError(
                    f"{self.target} appeared during the download; it was left untouched.",
                    hint="Choose another name, or pass --overwrite to replace it.",
                ) from None
            except OSError:
                # Filesystems without hard links: fall back to a checked rename.
                if self.target.exists():
                    raise
                self.path.replace(self.target)
            self.path.unlink(missing_ok=True)
        _fsync_dir(self.target.parent)

    def discard(self) -> None:
        for pending in self._pending:
            # Blocks still queued fail on the closed file: nothing to report.
            pending.add_done_callback(lambda f: f.cancelled() or f.exception())
        self._writer.shutdown(wait=False, cancel_futures=True)
        with contextlib.suppress(OSError):
            self._file.close()
        self.path.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def check_zip(path: Path) -> int:
    """Number of entries; BadResultFileError when the file is not a readable ZIP."""
    with path.open("rb") as handle:
        head = handle.read(512)
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise BadResultFileError(
            f"The server answered 200 but the body is not a ZIP file: {describe_body(head)}.",
            hint="Retry; if it persists, quote the request ID to support.",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            return len(archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise BadResultFileError(
            f"The downloaded ZIP is damaged or incomplete ({exc}).",
            hint="Retry the download; a proxy may have cut it short.",
        ) from None


def describe_body(head: bytes) -> str:
    text = head.decode("utf-8", errors="replace").strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return "it starts like JSON"
        if isinstance(data, dict) and ("error_code" in data or "error_msg" in data):
            return f"a JSON error {data.get('error_code', '')}: {data.get('error_msg', '')}"
        return "it is JSON"
    if text.lower().startswith(("<!doctype html", "<html")):
        return "it is an HTML page"
    if not text:
        return "it is empty"
    return f"it starts with {head[:8]!r}"
