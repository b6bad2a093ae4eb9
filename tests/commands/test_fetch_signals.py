"""`fetch` ended by a signal mid-download leaves no hidden .part file and says why.

A real `drs-tui fetch` process downloads a body that trickles from the test's simulator;
the test waits until the partial file exists, sends the signal and waits for the exit.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.jobs import ORACLE_JOB

SIGNALS = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT")]
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="POSIX signals")


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def default_sigint() -> None:
    """In the child, before exec: a shell starts background jobs with SIGINT ignored, and
    an ignored signal stays ignored across exec, so a suite run with `&` would send a
    Ctrl-C the command never sees."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stopped_fetch(
    simulator: Simulator, out: Path, sig: signal.Signals, *flags: str
) -> tuple[int, str, str]:
    """A real `drs-tui fetch` into `out` of a body that trickles (it takes minutes), sent
    `sig` once its .part file exists: (exit code, stdout, stderr)."""
    simulator.faults.hostile.trickle = 0.05
    out.mkdir()
    env = {
        **os.environ,
        "DRS_TUI_TOKEN": DEMO.token,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    command = [sys.executable, "-m", "drs_tui", "fetch", "--job", ORACLE_JOB, "-o", str(out)]
    command += ["--endpoint", simulator.base_url, "--iam-endpoint", simulator.base_url]
    command += ["--region", DEMO.region, *flags]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=default_sigint,
    )
    try:
        wait_until(lambda: any(p.name.endswith(".part") for p in out.iterdir()), "the .part file")
        process.send_signal(sig)
        stdout, err = process.communicate(timeout=30)
    finally:
        process.kill()
    return process.returncode, stdout, err


@pytest.mark.parametrize("sig", SIGNALS, ids=lambda s: s.name)
def test_a_signal_mid_download_removes_the_partial_file(
    simulator: Simulator, tmp_path: Path, sig: signal.Signals
) -> None:
    out = tmp_path / "out"
    code, _, err = stopped_fetch(simulator, out, sig)
    assert code == 128 + sig
    assert list(out.iterdir()) == []
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0] == "Interrupted." if sig == signal.SIGINT else sig.name in lines[0]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
def test_with_json_the_stop_is_one_json_object_on_stdout(
    simulator: Simulator, tmp_path: Path, sig: signal.Signals
) -> None:
    import json

    code, stdout, err = stopped_fetch(simulator, tmp_path / "out", sig, "--json")
    assert code == 128 + sig
    data = json.loads(stdout)
    assert data["exit_code"] == 128 + sig and data["status"] is None
    assert data["error_msg"] == ("Interrupted." if sig == signal.SIGINT else data["message"])
    assert err.strip()  # the line on stderr as well
