"""What the app remembers: per profile the last fetch choices and the recent jobs, and
the theme picked last.

Kept in `ui-state.json` in the platform's state folder (`$XDG_STATE_HOME/drs-tui`,
owner-only, replaced atomically), away from the profiles so that a broken state file
never blocks a profile. Nothing secret goes in. The demo keeps this in memory only and
writes nothing. Each change re-reads the file under the folder's lock (`ui-state.lock`),
so two apps open at once keep both their choices. drs-tui kept the file beside
config.toml before; the first start moves it (see `move_old_state`).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drs_tui.api.models import Job

STATE_FILE_NAME = "ui-state.json"
STATE_LOCK_NAME = "ui-state.lock"
RECENT_LIMIT = 10


def default_download_folder() -> Path:
    """Where the app saves results until a profile's own folder is chosen: `downloads`
    in the user data folder (`$XDG_DATA_HOME/drs-tui/downloads`, usually
    `~/.local/share/drs-tui/downloads`), never the working folder, where repeated
    fetches would pile up as `-2`, `-3`... beside whatever else is there."""
    import platformdirs

    return Path(platformdirs.user_data_dir("drs-tui", appauthor=False)) / "downloads"


@dataclass(frozen=True)
class FetchChoice:
    type: str = "detail"
    language: str = "en-us"
    level: str | None = None
    folder: str = ""


@dataclass(frozen=True)
class RecentJob:
    id: str
    name: str = ""
    engine_type: str = ""
    status: str = ""
    job_type: str = "sync"
    job_direction: str = ""
    create_time: str = ""

    @classmethod
    def of(cls, job: Job) -> RecentJob:
        return cls(
            job.id,
            job.name,
            job.engine_type,
            job.status,
            job.job_type or "sync",
            job.job_direction,
            job.create_time,
        )

    def as_job(self) -> Job:
        from drs_tui.api.models import Job  # not before the first frame (see job_picker)

        return Job(**asdict(self))


class Remembered:
    """Per-profile memory. `path=None` keeps everything in memory (demo, tests)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._data: dict[str, Any] | None = None

    @classmethod
    def in_state_dir(cls) -> Remembered:
        """The user's own file, in the state folder (moved there from the config folder
        the first time)."""
        from drs_tui.credentials.config_location import config_dir, state_dir

        path = state_dir() / STATE_FILE_NAME
        move_old_state(config_dir() / STATE_FILE_NAME, path)
        return cls(path)

    def theme(self) -> str | None:
        theme = self._load().get("theme")
        return theme if isinstance(theme, str) else None

    def remember_theme(self, theme: str) -> None:
        if theme == self.theme():
            return  # restoring it at start is no change
        with self._changing():
            self._load()["theme"] = theme
            self._save()

    def fetch_choice(self, profile: str) -> FetchChoice | None:
        raw = self._profile(profile).get("fetch")
        if not isinstance(raw, dict):
            return None
        known = {k: v for k, v in raw.items() if k in FetchChoice.__dataclass_fields__}
        try:
            return FetchChoice(**known)
        except TypeError:
            return None

    def remember_fetch(self, profile: str, choice: FetchChoice) -> None:
        with self._changing():
            self._profile(profile)["fetch"] = asdict(choice)
            self._save()

    def recent_jobs(self, profile: str) -> list[RecentJob]:
        raw = self._profile(profile).get("recent_jobs")
        jobs: list[RecentJob] = []
        for item in raw if isinstance(raw, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                known = {k: str(v) for k, v in item.items() if k in RecentJob.__dataclass_fields__}
                jobs.append(RecentJob(**known))
        return jobs

    def remember_job(self, profile: str, job: RecentJob) -> None:
        with self._changing():
            recent = [j for j in self.recent_jobs(profile) if j.id != job.id]
            recent.insert(0, job)
            self._profile(profile)["recent_jobs"] = [asdict(j) for j in recent[:RECENT_LIMIT]]
            self._save()

    # -- storage ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        """This process's lock, and the folder's: the change applies to the file as it is
        now (another drs-tui may have written since we read it)."""
        from drs_tui.credentials.config_lock import config_lock
        from drs_tui.errors import LocalFileError

        with self._lock, contextlib.ExitStack() as stack:
            if self.path is not None:
                # Remembering is a convenience: when the folder cannot be locked (or
                # stays busy), the change is still made, unlocked.
                with contextlib.suppress(LocalFileError):
                    lock = config_lock(self.path.parent, wait=2.0, name=STATE_LOCK_NAME)
                    stack.enter_context(lock)
                self._data = None
            yield

    def _profile(self, profile: str) -> dict[str, Any]:
        data = self._load()
        profiles = data.setdefault("profiles", {})
        if not isinstance(profiles, dict):
            profiles = data["profiles"] = {}
        entry = profiles.setdefault(profile, {})
        if not isinstance(entry, dict):
            entry = profiles[profile] = {}
        return entry

    def _load(self) -> dict[str, Any]:
        if self._data is None:
            self._data = {}
            if self.path is not None:
                with contextlib.suppress(OSError, ValueError):
                    loaded = json.loads(self.path.read_text(encoding="utf-8"))
                    if isinstance(loaded, dict):
                        self._data = loaded
        return self._data

    def _save(self) -> None:
        if self.path is None or self._data is None:
            return
        folder = self.path.parent
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(prefix=".ui-state-", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self._data, handle, ensure_ascii=False, indent=1)
            Path(temp).chmod(0o600)
            Path(temp).replace(self.path)
        except OSError:
            # Remembering is a convenience: a read-only home must not stop a fetch.
            with contextlib.suppress(OSError, UnboundLocalError):
                Path(temp).unlink(missing_ok=True)


def move_old_state(old: Path, new: Path) -> None:
    """Move ui-state.json from where drs-tui kept it before (the config folder) to `new`,
    once, without ever losing it: copied (owner-only, replaced atomically), then the old
    one removed. A file already at `new` is the app's since then: it is never replaced,
    and the old one stays where it is unless it holds the same. Both folders are locked
    meanwhile (an older drs-tui may be writing the old one), or, when they cannot be,
    the move is made unlocked, as the other changes are."""
    from drs_tui.credentials.config_lock import LOCK_FILE_NAME, config_lock
    from drs_tui.errors import LocalFileError

    if old == new or not old.is_file():
        return
    with contextlib.ExitStack() as stack:
        for folder, name in ((old.parent, LOCK_FILE_NAME), (new.parent, STATE_LOCK_NAME)):
            with contextlib.suppress(LocalFileError):
                stack.enter_context(config_lock(folder, wait=2.0, name=name))
        try:
            data = old.read_bytes()
            if new.exists():
                if new.read_bytes() == data:
                    old.unlink()
                return
            _write_owner_only(new, data)
            old.unlink()
        except OSError:
            return  # left where it was; the next start tries again


def _write_owner_only(path: Path, data: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".ui-state-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(temp).chmod(0o600)
        Path(temp).replace(path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
