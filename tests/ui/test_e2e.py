"""The real `drs-tui --demo` in a real terminal (tmux), driven by keystrokes."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux"),
]


class Terminal:
    """One tmux session running a command; keys in, screen text out."""

    def __init__(self, command: str, cwd: Path, size: tuple[int, int] = (100, 30)) -> None:
        self.name = f"drs-e2e-{uuid.uuid4().hex[:8]}"
        self.exit_file = cwd / ".exit-code"
        wrapped = f"{command}; echo $? > {self.exit_file}"
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                "-c",
                str(cwd),
                wrapped,
            ],
            check=True,
        )

    def screen(self) -> str:
        out = subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        )
        return out.stdout

    def press(self, *keys: str) -> None:
        for key in keys:  # one at a time: a burst of keys reads as a paste
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def wait_for(self, *texts: str, timeout: float = 20) -> str:
        """The screen once every one of `texts` is on it (a capture can fall between the
        parts of one frame: the first text drawn, the next not yet)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} never all appeared; screen:\n{self.screen()}")

    def exit_code(self, timeout: float = 15) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exit_file.exists() and self.exit_file.read_text().strip():
                return int(self.exit_file.read_text())
            time.sleep(0.1)
        raise AssertionError(f"drs-tui did not exit; screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def isolated(command: str, home: Path) -> str:
    """`command` with this test's config and data folders and no keyring: a tmux server
    that is already running gives its sessions its own environment, not this process's,
    so the isolation of tests/support/isolation.py has to be spelled out."""
    settings = {
        "DRS_TUI_CONFIG_DIR": home / "config",
        "XDG_DATA_HOME": home / "data",
        "XDG_STATE_HOME": home / "state",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    pairs = " ".join(shlex.quote(f"{name}={value}") for name, value in settings.items())
    return f"env {pairs} {command}"


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    exe = Path(sys.executable).parent / "drs-tui"
    command = str(exe) if exe.exists() else f"{sys.executable} -m drs_tui"
    term = Terminal(isolated(f"{command} --demo", tmp_path), tmp_path)
    yield term
    term.close()


def test_demo_fetches_the_oracle_result_and_quits_cleanly(
    terminal: Terminal, tmp_path: Path
) -> None:
    terminal.wait_for("orders-oracle-to-gaussdb", "DEMO", "✗ crm-mysql-to-mysql")
    terminal.wait_for("objects parsed: 9")
    terminal.press("Enter")
    terminal.wait_for("What to fetch")
    terminal.press("l")  # zh-cn
    terminal.wait_for("zh-cn.zip")
    terminal.press("f")
    terminal.wait_for("校验结果")  # the workbook's sheet, in the viewer
    downloads = tmp_path / "data" / "drs-tui" / "downloads"  # the default folder
    saved = downloads / "orders-oracle-to-gaussdb-detail-zh-cn.zip"
    assert saved.exists()
    terminal.press("q")
    terminal.wait_for("What to fetch")
    terminal.press("q")
    terminal.wait_for("search name or ID")
    terminal.press("q")
    assert terminal.exit_code() == 0
    assert sorted(p.name for p in downloads.iterdir()) == [saved.name]  # no partial file
    assert not any(p.suffix == ".zip" for p in tmp_path.iterdir())  # none in the working folder
    assert "search name or ID" not in terminal.screen()  # the alternate screen is gone


def test_the_error_view_and_help_in_a_real_terminal(terminal: Terminal) -> None:
    terminal.wait_for("orders-oracle-to-gaussdb")
    terminal.press("/", *"crm", "Enter")
    terminal.wait_for("Jobs 1-1 of 1")
    terminal.press("Enter")
    terminal.wait_for("does not serve this job")
    terminal.press("f")
    terminal.wait_for("DRS.10000001", "Request ID", "What next")
    terminal.press("q")
    terminal.wait_for("What to fetch")
    terminal.press("?")
    terminal.wait_for("Binding id")
    terminal.press("q", "C-q")
    assert terminal.exit_code() == 0


def test_sigterm_during_a_download_leaves_no_partial_file(tmp_path: Path) -> None:
    """An SSH drop or `kill` mid-download: the app quits cleanly and removes the part."""
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from drs_tui.simulator import Simulator\n"
        "from drs_tui.ui.app import DrsApp\n"
        "from drs_tui.ui.remembered import Remembered\n"
        "with Simulator() as sim:\n"
        "    sim.faults.stall = 60\n"
        "    DrsApp(demo_base_url=sim.base_url, remembered=Remembered(None),\n"
        "           download_folder=Path(sys.argv[1])).run()\n"
    )
    (tmp_path / "app.py").write_text(script)
    folder = tmp_path / "out"
    folder.mkdir()
    term = Terminal(f"{sys.executable} app.py out", tmp_path)
    try:
        term.wait_for("orders-oracle-to-gaussdb")
        term.press("Enter")
        term.wait_for("What to fetch")
        term.press("f")
        term.wait_for("16 B of")
        assert [p.suffix for p in folder.iterdir()] == [".part"]
        pane_pid = subprocess.run(
            ["tmux", "display-message", "-p", "-t", term.name, "#{pane_pid}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        children = subprocess.run(
            ["pgrep", "-P", pane_pid], capture_output=True, text=True, check=True
        ).stdout.split()
        subprocess.run(["kill", "-TERM", *children], check=True)
        assert term.exit_code() == 0
        assert list(folder.iterdir()) == []
    finally:
        term.close()
