"""Writing entries, or the whole archive, to a folder the user chose.

Nothing lands outside that folder: backslashes count as separators (DOS archivers write
them), then names with `..`, absolute paths or drive letters are refused, symbolic-link
entries are never created, and folders that are links out of the destination are caught
one level at a time, each existing level resolved and checked before anything is created
below it. Each file is written to a temporary file beside its target, fsynced, then
renamed into place, so a failure (CRC error, zip bomb, full disk) never leaves a partial
file behind. Existing files are kept unless `overwrite=True`; even then only a regular
file (or a symbolic link, which is replaced itself) is replaced, never a folder, a named
pipe, a device or a socket.

Errors: with `on_error=None` the first failure stops the run, and every name and
existing-file check happens before anything is written. With an `on_error` callback each
failed entry is reported to it and the run goes on with the next one (as `unzip` does).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from drs_tui import i18n
from drs_tui.i18n import N_, _, ngettext
from drs_tui.result.errors import (
    DestinationExistsError,
    ExtractError,
    ResultError,
    UnsafePathError,
)
from drs_tui.result.zip import unsafe_names
from drs_tui.result.zip.archive import ResultArchive
from drs_tui.result.zip.local_header import refuse_unreadable
from drs_tui.result.zip.zip_entry import ZipEntry

ErrorHandler = Callable[[ZipEntry, ResultError], None]

_COPY_CHUNK = 1 << 20
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_OVERWRITE_HINT = N_("Existing files are kept: choose another folder, or add --overwrite.")


def safe_relative_parts(entry: ZipEntry) -> list[str]:
    """The entry's path below the destination as components; UnsafePathError if none."""
    name = entry.name

    def refuse(why: str) -> UnsafePathError:
        return UnsafePathError(
            _("Entry {name!r} was not extracted: {why}.").format(name=name, why=i18n._(why))
        )

    if entry.is_symlink:
        raise refuse(unsafe_names.SYMLINK)
    parts, why = unsafe_names.relative_parts(name)
    if why is not None:
        raise refuse(why)
    if os.name == "nt":
        for part in parts:
            if ":" in part or _WINDOWS_RESERVED.match(part) or part != part.rstrip(" ."):
                raise refuse(_("{part!r} is not a safe Windows file name").format(part=part))
    return parts


def extract_entries(
    archive: ResultArchive,
    entries: Iterable[ZipEntry] | None,
    dest_dir: str | Path,
    *,
    overwrite: bool = False,
    limit: int | None = None,
    on_error: ErrorHandler | None = None,
) -> list[Path]:
    """Extract `entries` (all when None) below `dest_dir`; returns the paths written."""
    chosen = list(archive.entries if entries is None else entries)
    dest = _prepare_destination(Path(dest_dir))
    plan: list[tuple[ZipEntry, Path]] = []
    existing: list[tuple[ZipEntry, Path]] = []
    planned: set[Path] = set()
    for entry in chosen:
        try:
            refuse_unreadable(entry)  # encrypted, unsupported, overlapping: fail before writing
            target = dest.joinpath(*safe_relative_parts(entry))
        except ResultError as exc:
            _fail(entry, exc, on_error)
            continue
        if target in planned and not entry.is_dir:
            _fail(
                entry,
                UnsafePathError(_("Entry {name!r} is repeated.").format(name=entry.name)),
                on_error,
            )
            continue
        planned.add(target)
        if not entry.is_dir and os.path.lexists(target):
            if not overwrite:
                existing.append((entry, target))
                continue
            try:
                refuse_special_file(target)
            except ResultError as exc:
                _fail(entry, exc, on_error)
                continue
        plan.append((entry, target))
    _report_existing(existing, on_error)
    written: list[Path] = []
    for entry, target in plan:
        try:
            if entry.is_dir:
                _make_dirs(target, dest)
            else:
                _write_entry(archive, entry, target, dest, overwrite=overwrite, limit=limit)
        except ResultError as exc:
            _fail(entry, exc, on_error)
            continue
        written.append(target)
    return written


def save_copy(src: str | Path, dest: str | Path, overwrite: bool = False) -> Path:
    """Copy the whole result file to `dest` (a file path, or a folder to copy into)."""
    src, dest = Path(src), Path(dest)
    if dest.is_dir():
        dest = dest / src.name
    try:
        same = dest.exists() and src.samefile(dest)
    except OSError:
        same = False
    if same:
        raise ExtractError(
            _("{dest} is the file being copied.").format(dest=dest), title=_("Cannot save")
        )
    if os.path.lexists(dest) and not overwrite:
        raise DestinationExistsError(
            _("{dest} already exists.").format(dest=dest), hint=i18n._(_OVERWRITE_HINT)
        )
    refuse_special_file(dest)
    try:
        source = src.open("rb")
    except OSError as exc:
        raise ExtractError(
            _("Cannot read {path}: {reason}").format(path=src, reason=exc.strerror or exc),
            title=_("Cannot save"),
        ) from exc
    with source:
        _write_atomically(source, dest, overwrite=overwrite, mtime=None)
    return dest


def _prepare_destination(dest: Path) -> Path:
    if dest.exists() and not dest.is_dir():
        raise ExtractError(_("{dest} exists and is not a folder.").format(dest=dest))
    try:
        dest.mkdir(parents=True, exist_ok=True)
        return dest.resolve()
    except OSError as exc:
        raise ExtractError(
            _("Cannot create folder {folder}: {reason}").format(
                folder=dest, reason=exc.strerror or exc
            )
        ) from exc


def _fail(entry: ZipEntry, error: ResultError, on_error: ErrorHandler | None) -> None:
    if on_error is None:
        raise error
    on_error(entry, error)


def _report_existing(existing: list[tuple[ZipEntry, Path]], on_error: ErrorHandler | None) -> None:
    if not existing:
        return
    if on_error is not None:
        for entry, target in existing:
            error = DestinationExistsError(
                _("{target} already exists; not replaced.").format(target=target),
                hint=i18n._(_OVERWRITE_HINT),
            )
            on_error(entry, error)
        return
    shown = ", ".join(str(target) for __, target in existing[:5])
    if len(existing) > 5:
        shown = _("{shown} and {more} more").format(shown=shown, more=len(existing) - 5)
    raise DestinationExistsError(
        ngettext(
            "{count} file already exists: {shown}. Nothing was extracted.",
            "{count} files already exist: {shown}. Nothing was extracted.",
            len(existing),
        ).format(count=len(existing), shown=shown),
        hint=i18n._(_OVERWRITE_HINT),
    )


def refuse_special_file(target: Path) -> None:
    """ExtractError if `target` exists and is not a regular file or a symbolic link.

    Replacing means renaming over it: a folder, named pipe, device or socket must never
    be swapped for a file (as root, a rename over /dev/null would break the system).
    """
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _write_error(target, exc) from exc
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        return
    if stat.S_ISDIR(mode):
        kind = _("a folder")
    elif stat.S_ISFIFO(mode):
        kind = _("a named pipe (FIFO)")
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = _("a device")
    elif stat.S_ISSOCK(mode):
        kind = _("a socket")
    else:
        kind = _("something")
    raise ExtractError(
        _("{target} is {kind}, not a regular file; it is never replaced.").format(
            target=target, kind=kind
        ),
        hint=_("Choose another folder or name."),
        title=_("Cannot replace"),
    )


def _make_dirs(folder: Path, dest: Path) -> None:
    """Create `folder` (below the resolved `dest`) one level at a time.

    Each level is resolved and checked to be a folder inside `dest` before the next one
    is created, so a link already in `dest` (`dst/link -> /elsewhere`) cannot make this
    create folders outside it.
    """
    if not folder.is_relative_to(dest):
        raise UnsafePathError(_("{folder} is outside {dest}.").format(folder=folder, dest=dest))
    current = dest
    for part in folder.relative_to(dest).parts:
        current = current / part
        try:
            if not os.path.lexists(current):
                current.mkdir(exist_ok=True)
            resolved = current.resolve()
        except OSError as exc:
            raise ExtractError(
                _("Cannot create folder {folder}: {reason}").format(
                    folder=folder, reason=exc.strerror or exc
                )
            ) from exc
        if not resolved.is_relative_to(dest):
            raise UnsafePathError(
                _("{current} leads outside {dest} through a symbolic link.").format(
                    current=current, dest=dest
                )
            )
        if not resolved.is_dir():
            raise ExtractError(
                _("Cannot create folder {folder}: {current} is not a folder.").format(
                    folder=folder, current=current
                )
            )


def _write_entry(
    archive: ResultArchive,
    entry: ZipEntry,
    target: Path,
    dest: Path,
    *,
    overwrite: bool,
    limit: int | None,
) -> None:
    _make_dirs(target.parent, dest)
    with contextlib.suppress(OSError):
        if shutil.disk_usage(target.parent).free < entry.size:
            raise ExtractError(
                _("Not enough free space in {parent} for {name} ({size:,} bytes).").format(
                    parent=target.parent, name=entry.name, size=entry.size
                )
            )
    modified = entry.modified
    mtime = modified.timestamp() if isinstance(modified, datetime) else None
    with archive.open_entry(entry, limit=limit) as stream:
        _write_atomically(stream, target, overwrite=overwrite, mtime=mtime)


def _write_atomically(
    stream: BinaryIO, target: Path, *, overwrite: bool, mtime: float | None
) -> None:
    write_atomically(
        target,
        lambda out: shutil.copyfileobj(stream, out, _COPY_CHUNK),
        overwrite=overwrite,
        mtime=mtime,
    )


def write_atomically(
    target: Path,
    write: Callable[[BinaryIO], object],
    *,
    overwrite: bool,
    mtime: float | None = None,
) -> None:
    """`write` fills a temp file beside `target`; fsync, then an atomic rename (or a
    no-clobber link): a failure or Ctrl-C leaves no partial file, nothing is replaced
    unless `overwrite`."""
    temp = target.parent / f".drs-{secrets.token_hex(6)}.part"
    try:
        fd = os.open(temp, _TEMP_FLAGS, 0o666)
    except OSError as exc:
        raise _write_error(target, exc) from exc
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        if mtime is not None:
            with contextlib.suppress(OSError, OverflowError, ValueError):
                os.utime(temp, (mtime, mtime))
        _move_into_place(temp, target, overwrite=overwrite)
    except OSError as exc:
        _remove_quietly(temp)
        raise _write_error(target, exc) from exc
    except BaseException:
        _remove_quietly(temp)
        raise
    _sync_folder(target.parent)


def _move_into_place(temp: Path, target: Path, *, overwrite: bool) -> None:
    if overwrite:
        refuse_special_file(target)  # checked again: it may have appeared meanwhile
        temp.replace(target)
        return
    try:
        os.link(temp, target)  # fails if target appeared meanwhile: no silent clobbering
    except FileExistsError:
        raise DestinationExistsError(
            _("{target} already exists; not replaced.").format(target=target),
            hint=i18n._(_OVERWRITE_HINT),
        ) from None
    except OSError:  # filesystems without hard links (FAT, some network shares)
        if os.path.lexists(target):
            raise DestinationExistsError(
                _("{target} already exists; not replaced.").format(target=target),
                hint=i18n._(_OVERWRITE_HINT),
            ) from None
        temp.replace(target)
        return
    temp.unlink()


def _write_error(target: Path, exc: OSError) -> ExtractError:
    return ExtractError(
        _("Cannot write {target}: {reason}").format(target=target, reason=exc.strerror or exc)
    )


def _remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _sync_folder(folder: Path) -> None:
    """Make the rename durable too; not possible (nor needed) on every platform."""
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
