"""Processes changing config.toml or ui-state.json at once never lose each other's changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from drs_tui.credentials.config_location import state_dir
from drs_tui.credentials.config_lock import ConfigLockedError, config_lock
from drs_tui.credentials.profiles import ProfileFile

PROCESSES = 6
EACH = 10

ADD_PROFILES = """
import contextlib, io, pathlib, sys, time
from drs_tui.cli import main
gate = pathlib.Path(sys.argv[2])
while not gate.exists():
    time.sleep(0.005)
for k in range(int(sys.argv[3])):
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["profile", "add", f"p{sys.argv[1]}-{k}", "--method", "token",
                     "--region", "ap-southeast-1", "--no-secret"])
    assert code == 0, code
"""

REMEMBER_JOBS = """
import pathlib, sys, time
from drs_tui.ui.remembered import FetchChoice, Remembered, RecentJob
gate = pathlib.Path(sys.argv[2])
while not gate.exists():
    time.sleep(0.005)
remembered = Remembered.in_state_dir()
for k in range(int(sys.argv[3])):
    remembered.remember_job(f"profile-{sys.argv[1]}", RecentJob(f"job-{k}"))
    remembered.remember_fetch(f"profile-{sys.argv[1]}", FetchChoice(folder=str(k)))
"""


def run_at_once(script: str, gate: Path) -> None:
    """PROCESSES copies of `script`, released together once all have started."""
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(n), str(gate), str(EACH)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    gate.touch()
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err


def test_six_processes_adding_profiles_lose_none(tmp_path: Path) -> None:
    run_at_once(ADD_PROFILES, tmp_path / "go")
    names = set(ProfileFile().read().profiles)
    assert names == {f"p{n}-{k}" for n in range(PROCESSES) for k in range(EACH)}


def test_six_apps_remembering_lose_nothing(tmp_path: Path) -> None:
    run_at_once(REMEMBER_JOBS, tmp_path / "go")
    state = json.loads((state_dir() / "ui-state.json").read_text(encoding="utf-8"))
    profiles = state["profiles"]
    assert set(profiles) == {f"profile-{n}" for n in range(PROCESSES)}
    for entry in profiles.values():
        assert [job["id"] for job in entry["recent_jobs"]] == [
            f"job-{k}" for k in reversed(range(EACH))
        ]
        assert entry["fetch"]["folder"] == str(EACH - 1)


def test_a_busy_folder_is_a_clear_error_and_a_free_one_is_taken(tmp_path: Path) -> None:
    folder = tmp_path / "cfg"
    taken = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with config_lock(folder):
            taken.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    assert taken.wait(10)
    try:
        with (
            pytest.raises(ConfigLockedError, match="Another drs-tui process"),
            config_lock(folder, wait=0.05),
        ):
            pass
    finally:
        release.set()
        holder.join(10)
    with config_lock(folder, wait=5):  # released: taken again
        pass
    assert (folder / "config.lock").stat().st_mode & 0o777 == 0o600
