"""What the app remembers: the last fetch choice and recent jobs per profile, the theme;
in the state folder, moved there once from the config folder (no Textual needed)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from drs_tui.credentials.config_location import config_dir, state_dir
from drs_tui.ui.remembered import (
    RECENT_LIMIT,
    STATE_FILE_NAME,
    STATE_LOCK_NAME,
    FetchChoice,
    RecentJob,
    Remembered,
    move_old_state,
)


def test_choices_and_recent_jobs_survive_a_restart_per_profile(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "ui-state.json"
    memory = Remembered(path)
    memory.remember_fetch("prod", FetchChoice("compare", "zh-cn", "column", "/data"))
    memory.remember_job("prod", RecentJob("job-1", "orders", "oracle-to-gaussdbv5"))
    again = Remembered(path)
    assert again.fetch_choice("prod") == FetchChoice("compare", "zh-cn", "column", "/data")
    assert again.fetch_choice("test") is None
    assert [j.id for j in again.recent_jobs("prod")] == ["job-1"]
    assert again.recent_jobs("test") == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_recent_jobs_are_deduplicated_newest_first_and_capped(tmp_path: Path) -> None:
    memory = Remembered(tmp_path / "state.json")
    for n in range(RECENT_LIMIT + 3):
        memory.remember_job("p", RecentJob(f"job-{n}"))
    memory.remember_job("p", RecentJob("job-5", name="again"))
    recent = memory.recent_jobs("p")
    assert len(recent) == RECENT_LIMIT
    assert recent[0] == RecentJob("job-5", name="again")
    assert len({j.id for j in recent}) == RECENT_LIMIT


def test_a_broken_or_foreign_state_file_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text("{not json")
    assert Remembered(path).fetch_choice("p") is None
    path.write_text(json.dumps({"profiles": {"p": {"fetch": {"type": 3, "bogus": 1}}}}))
    assert Remembered(path).recent_jobs("p") == []


def test_memory_only_writes_nothing(tmp_path: Path) -> None:
    memory = Remembered(None)
    memory.remember_fetch("demo", FetchChoice())
    assert memory.fetch_choice("demo") == FetchChoice()
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_folder_does_not_break_anything(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        memory = Remembered(folder / "state.json")
        memory.remember_fetch("p", FetchChoice())  # no exception: remembering is optional
        assert memory.fetch_choice("p") == FetchChoice()
    finally:
        folder.chmod(0o700)


def test_the_theme_survives_a_restart_beside_the_profiles(tmp_path: Path) -> None:
    path = tmp_path / "ui-state.json"
    Remembered(path).remember_fetch("p", FetchChoice(folder="/data"))
    Remembered(path).remember_theme("nord")
    again = Remembered(path)
    assert again.theme() == "nord"
    assert again.fetch_choice("p") == FetchChoice(folder="/data")
    assert Remembered(tmp_path / "none.json").theme() is None


def test_the_state_file_lives_in_the_state_folder(tmp_path: Path) -> None:
    Remembered.in_state_dir().remember_theme("dracula")
    assert (state_dir() / STATE_FILE_NAME).is_file()
    assert not (config_dir() / STATE_FILE_NAME).exists()
    assert (state_dir() / STATE_LOCK_NAME).exists()  # its writers hold the folder's lock


def _old_file(choice: FetchChoice) -> Path:
    old = config_dir() / STATE_FILE_NAME
    old.parent.mkdir(parents=True, exist_ok=True)
    Remembered(old).remember_fetch("prod", choice)
    return old


def test_the_old_file_in_the_config_folder_is_moved_once() -> None:
    old = _old_file(FetchChoice(folder="/from-before"))
    remembered = Remembered.in_state_dir()
    assert remembered.fetch_choice("prod") == FetchChoice(folder="/from-before")
    assert not old.exists()
    new = state_dir() / STATE_FILE_NAME
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    remembered.remember_theme("nord")
    Remembered.in_state_dir()  # nothing left to move: the new file stays as it is
    assert Remembered(new).theme() == "nord"


def test_a_file_already_in_the_state_folder_is_never_replaced() -> None:
    new = state_dir() / STATE_FILE_NAME
    new.parent.mkdir(parents=True, exist_ok=True)
    Remembered(new).remember_fetch("prod", FetchChoice(folder="/newer"))
    old = _old_file(FetchChoice(folder="/older"))
    assert Remembered.in_state_dir().fetch_choice("prod") == FetchChoice(folder="/newer")
    assert old.exists()  # never lost: left where it was, for the user to look at
    old.write_bytes(new.read_bytes())  # the same content (a move cut short): tidied up
    Remembered.in_state_dir()
    assert not old.exists()


def test_a_move_that_cannot_be_made_leaves_the_old_file(tmp_path: Path) -> None:
    old = _old_file(FetchChoice(folder="/kept"))
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the state folder should be")
    move_old_state(old, blocked / STATE_FILE_NAME)
    assert Remembered(old).fetch_choice("prod") == FetchChoice(folder="/kept")
