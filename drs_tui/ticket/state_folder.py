"""The user state folder: logs and the last request live there, not with the config.

`state_dir()` is config_location's (`$XDG_STATE_HOME/drs-tui`, usually
`~/.local/state/drs-tui` on Linux), where ui-state.json lives too. Created owner-only
(0700) when first needed.
"""

from __future__ import annotations

import os
from pathlib import Path

from drs_tui.credentials.config_location import state_dir as state_dir


def private_folder(path: Path) -> Path:
    """`path` as an owner-only folder (made with its parents when missing)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


def write_private(path: Path, text: str) -> None:
    """Replace `path` with `text` at once (never half written), owner-only (0600)."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
