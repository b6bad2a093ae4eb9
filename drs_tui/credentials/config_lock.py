"""One lock per folder for every drs-tui process that changes a file in it.

Each change to `config.toml` (config folder) or `ui-state.json` (state folder) reads the
file, changes it and replaces it. Six `profile add` at once used to lose profiles, all
reporting "Saved": the last writer replaced what the others had added. Writers now hold
`config.lock` (beside config.toml; `ui-state.lock` beside ui-state.json) from the read
to the replace:

    with config_lock(config_dir()):
        read, change, replace

POSIX uses flock(2), Windows msvcrt.locking on the lock file's first byte; the OS
releases either when the process ends, so a crash never leaves the folder locked. A
file system that cannot lock (some network mounts) works as before, unlocked. Readers
need no lock: files are replaced atomically, so a reader sees the old or the new one.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from drs_tui.errors import LocalFileError
from drs_tui.i18n import N_, _

LOCK_FILE_NAME = "config.lock"
WAIT = 10.0  # seconds: far longer than any write takes


class ConfigLockedError(LocalFileError):
    title = N_("Config folder busy")


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except PermissionError:
            return False  # another process holds it
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False  # another process (or thread) holds it
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def config_lock(folder: Path, *, wait: float = WAIT, name: str = LOCK_FILE_NAME) -> Iterator[None]:
    """Hold the folder's lock, the file `name` in it (creating the folder, 0700, when
    needed).

    ConfigLockedError when another process held it for `wait` seconds; LocalFileError
    when the folder or the lock file cannot be made.
    """
    path = folder / name
    try:
        if not folder.exists():
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise LocalFileError(
            _("Cannot write in {folder}: {value}.").format(
                folder=folder, value=exc.strerror or type(exc).__name__
            ),
            hint=_("Check that the config folder exists and is yours (drs-tui profile path)."),
        ) from None
    try:
        locked = _acquire(fd, folder, wait)
        try:
            yield
        finally:
            if locked:
                _unlock(fd)
    finally:
        os.close(fd)


def _acquire(fd: int, folder: Path, wait: float) -> bool:
    """True once locked; False when this file system cannot lock at all."""
    deadline = time.monotonic() + wait
    pause = 0.002
    while True:
        try:
            if _try_lock(fd):
                return True
        except OSError:
            return False  # ENOLCK, EOPNOTSUPP: no locking here; carry on as before
        if time.monotonic() >= deadline:
            raise ConfigLockedError(
                _(
                    "Another drs-tui process has been changing {folder} for {wait:g} seconds."
                ).format(folder=folder, wait=wait),
                hint=_("Wait for it to finish (or end it), then try again."),
            )
        time.sleep(pause)
        pause = min(pause * 2, 0.05)
