"""Saving a result stream: temp file beside the destination, fsync, check, atomic rename.

No partial file survives a failure or a cancel, and an existing file is replaced only when
the caller says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import tempfile
import unicodedata
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from pathlib import Path

from drs_tui.api.errors import BadResultFileError
from drs_tui.api.models import Job, TemplateResultRequest
from drs_tui.errors import LocalFileError
from drs_tui.i18n import _

MAX_NAME_BYTES = 200
WRITE_BLOCK = 1024 * 1024
WRITE_DEPTH = 8
_ADVISE = getattr(os, "posix_fadvise", None)
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\/]')


def filename_from_disposition(header: str | None) -> str | None:
    """The file name of a Content-Disposition header, reduced to a safe base name that
    ends in `.zip` whatever the server said (`result\u202epiz.exe` -> `resultpiz.exe.zip`)."""
    if not header:
        return None
    msg = Message()
    try:
        msg["content-disposition"] = header
        raw = msg.get_filename()
    except (ValueError, TypeError, LookupError):  # a header the email parser cannot take
        return None
    if not raw:
        return None
    name = safe_filename(raw)
    if name is None or name.lower().endswith(".zip"):
        return name
    return _fit_bytes(name, MAX_NAME_BYTES - 4) + ".zip"


def file_name_for(job: Job, request: TemplateResultRequest) -> str:
    """The one naming rule of a saved result, in the app and `drs-tui fetch` alike:
    `{job name, else ID}-{type}-{language}[-{level}].zip`, made safe for any file system.
    The level is part of it, so a table-level and a column-level result never collide."""
    level = f"-{request.level}" if request.level else ""
    raw = f"{job.name or job.id}-{request.type}-{request.language}{level}.zip"
    return safe_filename(raw) or request.default_filename()


def safe_filename(raw: str) -> str | None:
    # Keep only the last path component whatever separator the server used.
    base = re.split(r"[\\/]", raw.strip())[-1]
    base = _UNSAFE_CHARS.sub("_", base)
    # Other control and format characters (C1 controls, bidi overrides) would reach the
    # terminal or disguise the extension: drop them.
    base = "".join(ch for ch in base if not unicodedata.category(ch).startswith("C"))
    base = base.strip(" .")
    if not base or set(base) <= {"."}:
        return None
    return _fit_bytes(base, MAX_NAME_BYTES)


def _fit_bytes(name: str, limit: int) -> str:
    """Shorten to at most `limit` UTF-8 bytes (file systems count bytes), keeping the suffix."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 16:
        stem, suffix = name, ""
    room = limit - len(suffix.encode("utf-8")) - (1 if suffix else 0)
    short = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return f"{short}.{suffix}" if suffix else short


def resolve_target(dest: Path, name: str) -> Path:
    """`dest` is an existing folder (the name goes inside) or a file path."""
    return dest / name if dest.is_dir() else dest


def check_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise LocalFileError(
            _("The folder {folder} does not exist.").format(folder=folder),
            hint=_("Create it first or choose another destination."),
        )


def check_writable_target(target: Path, *, overwrite: bool, named_by_user: bool = True) -> None:
    """`overwrite` is honoured only for a path the user named: a name chosen by the server
    (or made from the request) in a folder never replaces a file."""
    check_folder(target.parent)
    if target.is_dir():
        raise LocalFileError(
            _("{target} is a folder.").format(target=target), hint=_("Give a file name or folder.")
        )
    if target.exists() and not target.is_file():
        raise LocalFileError(
            _("{target} exists and is not a regular file (a device, pipe or socket).").format(
                target=target
            ),
            hint=_("Choose a file name in a normal folder."),
        )
    if target.exists() and not named_by_user:
        raise LocalFileError(
            _("{target} already exists; it was left untouched.").format(target=target),
            hint=_(
                "--overwrite replaces only a file you name: "
                "-o {path} --overwrite; or choose another folder."
            ).format(path=shlex.quote(str(target))),
        )
    if target.exists() and not overwrite:
        raise LocalFileError(
            _("{target} already exists; it was left untouched.").format(target=target),
            hint=_("Choose another name or folder, or pass --overwrite to replace it."),
        )


class PartFile:
    """A temp file next to the target that becomes the target only when `commit` succeeds."""

    def __init__(self, target: Path) -> None:
        self.target = target
        prefix = "." + _fit_bytes(target.name, MAX_NAME_BYTES - 32)
        try:
            fd, name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=target.parent)
        except OSError as exc:
            raise write_error(target.parent, exc) from None
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
            await self._wait(self._pending.popleft())

    async def _drain(self) -> None:
        while self._pending:
            await self._wait(self._pending.popleft())

    async def _wait(self, block: asyncio.Future[None]) -> None:
        try:
            await block
        except OSError as exc:  # disk full, quota, file size limit
            raise write_error(self.target.parent, exc) from None

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
        try:
            await asyncio.to_thread(self._flush_and_close)
            entries = await asyncio.to_thread(check_zip, self.path)
            await asyncio.to_thread(self._move, overwrite)
        except OSError as exc:
            raise write_error(self.target.parent, exc) from None
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
                    _("{target} appeared during the download; it was left untouched.").format(
                        target=self.target
                    ),
                    hint=_("Choose another name, or pass --overwrite to replace it."),
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


def write_error(folder: Path, exc: OSError) -> LocalFileError:
    reason = exc.strerror or type(exc).__name__
    return LocalFileError(
        _("Could not write the result in {folder}: {reason}.").format(folder=folder, reason=reason),
        hint=_("Check free space and permissions, or choose another folder."),
    )


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
    from drs_tui.result.server_answer import JSON_ERROR_HEAD

    with path.open("rb") as handle:
        head = handle.read(JSON_ERROR_HEAD)
    if not head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        raise BadResultFileError(
            _("The server answered 200 but the body is not a ZIP file: {body}.").format(
                body=describe_body(head)
            ),
            hint=_("Retry; if it persists, quote the request ID to support."),
        )
    # The same reader the viewer and `drs-tui ls` use, so "downloaded" means "listable".
    from drs_tui.result import ResultArchive, ResultError

    try:
        with ResultArchive.open(path) as archive:
            problems, count = archive.problems, len(archive.entries)
    except ResultError as exc:
        problems, count = [exc.message], 0
    if problems:
        raise BadResultFileError(
            _("The downloaded ZIP is damaged or incomplete: {problem}").format(problem=problems[0]),
            hint=_("Retry the download; a proxy may have cut it short."),
        )
    return count


def describe_body(head: bytes) -> str:
    from drs_tui.result.server_answer import json_error_words

    text = head.decode("utf-8", errors="replace").strip()
    if text.startswith("{"):
        words = json_error_words(head)
        return _("a JSON error, {words}").format(words=words) if words else _("it is JSON")
    if text.lower().startswith(("<!doctype html", "<html")):
        return _("it is an HTML page")
    if not text:
        return _("it is empty")
    return _("it starts with {start!r}").format(start=head[:8])
