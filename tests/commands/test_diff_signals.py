"""`diff` ended by a signal (or Ctrl-C) while it sorts leaves no temporary run behind.

A real `drs-tui diff` process compares two CSV results big enough to spill sorted runs;
the test waits until the run folder exists, sends the signal and waits for the exit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands.test_fetch_signals import default_sigint, wait_until
from tests.result.diff.fixtures import zip_of

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


def big_csv(rows: int, *, skip: int) -> bytes:
    lines = ["Schema,Table,Column,Type,Error Reason"]
    lines += [
        f"S{i % 9},T{i // 50:06d},C{i % 50:03d},VARCHAR2(64),{'bad' if i % 97 == 0 else ''}"
        for i in range(rows)
        if i != skip
    ]
    return zip_of({"r.csv": "\n".join(lines) + "\n"})


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_removes_the_sorted_runs(tmp_path: Path, sig: signal.Signals) -> None:
    old, new = tmp_path / "old.zip", tmp_path / "new.zip"
    old.write_bytes(big_csv(300_000, skip=-1))
    new.write_bytes(big_csv(300_000, skip=7))
    spill = tmp_path / "tmp"
    spill.mkdir()
    env = {**os.environ, "TMPDIR": str(spill)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "drs_tui", "diff", str(old), str(new)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        preexec_fn=default_sigint,
    )
    try:
        wait_until(lambda: any(spill.glob("drs-tui-diff-*/run-*")), "the first sorted run")
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 128 + sig
    assert list(spill.iterdir()) == []
    if sig != signal.SIGINT:
        assert b"drs-tui: stopped:" in err
