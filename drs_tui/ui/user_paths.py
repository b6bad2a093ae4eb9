"""Paths as a person types them into a form, and free names for what is written there.

A form checks the folder on every keystroke, so half-typed input is normal: `~al` on
the way to `~alice/…` names no user (pathlib raises RuntimeError), and a folder inside
one the user cannot read, or a name over 255 bytes, makes `exists()` raise OSError.
"""

from __future__ import annotations

import os
from pathlib import Path


def expand_user(text: str) -> Path:
    """`~` and `~user` expanded; a `~user` that names no user stays as typed."""
    path = Path(text)
    try:
        return path.expanduser()
    except RuntimeError:
        return path


def is_folder(path: Path) -> bool:
    """Whether `path` is a folder we can see; False where the question itself fails."""
    try:
        return path.is_dir()
    except OSError:
        return False


def free_target(folder: Path, name: str, tail: str = "") -> Path:
    """`folder/name`, or when something has that name (even a dangling link) the first
    free `STEM{tail}.zip`, `STEM{tail}-2.zip`… (`NAME-2.zip` with no tail): a download
    or a saved copy never replaces a file."""
    target = folder / name
    stem, suffix = target.stem, target.suffix
    number = 1 if tail else 2
    while os.path.lexists(target):
        mark = tail if number == 1 else f"{tail}-{number}"
        target = folder / f"{stem}{mark}{suffix}"
        number += 1
    return target
