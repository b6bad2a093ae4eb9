"""Per-profile memory of the last fetch choice and the recent jobs (no Textual needed)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from drs_tui.ui.remembered import RECENT_LIMIT, FetchChoice, RecentJob, Remembered


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
