"""Paths as a person types them into a form: expanded without ever raising.

A form checks the folder on every keystroke, so half-typed input is normal: `~al` on
the way to `~alice/…` names no user (pathlib raises RuntimeError), and a folder inside
one the user cannot read, or a name over 255 bytes, makes `exists()` raise OSError.
"""

from __future__ import annotations

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
