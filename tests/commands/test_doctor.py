"""`drs-tui doctor`: a readable report, JSON for scripts, no secret in either."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from drs_tui.connection.settings import Secret
from drs_tui.credentials import keyring_store
from drs_tui.credentials.catalog import ProfileCatalog
from drs_tui.credentials.keyring_store import BackendInfo
from drs_tui.credentials.profiles import Profile
from drs_tui.simulator import Simulator


@pytest.fixture(autouse=True)
def fixed_backend_list(monkeypatch: pytest.MonkeyPatch) -> None:
    infos = [BackendInfo("isolation MemoryKeyring", 1.0, True, "")]
    monkeypatch.setattr(keyring_store, "_list_backends", lambda: infos)


@pytest.fixture
def noisy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "DOCTORAK")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "doctor-secret-sk-5")
    monkeypatch.setenv("DRS_TUI_TOKEN", "doctor-token-6")
    monkeypatch.setenv("HTTPS_PROXY", "http://carol:proxy-pass-7@proxy:3128")
    monkeypatch.setenv("TERM", "xterm-256color")


def test_text_report(
    capsys: pytest.CaptureFixture[str], simulator: Simulator, noisy_env: None
) -> None:
    assert main(["doctor", "--endpoint", simulator.base_url]) == exit_codes.OK
    out = capsys.readouterr().out
    for expected in (
        "Version:",
        "config.toml (not created yet)",
        "Active backend:",
        "isolation MemoryKeyring",
        "HTTPS_PROXY:",
        "http://carol:***@proxy:3128",
        "Colour depth:",
        "256 colours",
        "HUAWEICLOUD_SDK_SK: set",
        "Offset:",
        "Warnings",
    ):
        assert expected in out
    for secret in ("doctor-secret-sk-5", "doctor-token-6", "proxy-pass-7"):
        assert secret not in out


def test_json_report(capsys: pytest.CaptureFixture[str], noisy_env: None) -> None:
    assert main(["doctor", "--json"]) == exit_codes.OK
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["keyring"]["usable"] is True
    assert data["clock"] is None
    assert data["credentials_env"]["DRS_TUI_TOKEN"] == "set"
    for secret in ("doctor-secret-sk-5", "doctor-token-6", "proxy-pass-7"):
        assert secret not in out


def test_unreachable_endpoint_is_reported_not_raised(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--endpoint", "http://127.0.0.1:9"]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "no answer" in out


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ("http://127.0.0.1:99999", "port is not a number from 1 to 65535"),
        ("http://[::1", "Invalid endpoint"),
    ],
)
def test_a_bad_endpoint_is_a_line_in_the_report(
    capsys: pytest.CaptureFixture[str], endpoint: str, problem: str
) -> None:
    assert main(["doctor", "--endpoint", endpoint]) == exit_codes.OK
    out, err = capsys.readouterr()
    assert re.search(rf"Result:\s+.*{re.escape(problem)}", out)
    assert "Traceback" not in out + err


def test_user_info_in_the_endpoint_is_refused_and_never_sent(
    capsys: pytest.CaptureFixture[str], simulator: Simulator
) -> None:
    endpoint = simulator.base_url.replace("http://", "http://doctor:pw-doctor-9@")
    assert main(["doctor", "--endpoint", endpoint]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "must not contain a user name or password" in out
    assert "pw-doctor-9" not in out and "doctor:" not in out
    assert simulator.seen == []


def test_the_default_profile_endpoint_is_measured_without_credentials(
    capsys: pytest.CaptureFixture[str], simulator: Simulator
) -> None:
    ProfileCatalog().save(
        Profile(
            name="sim", method="token", region="ap-southeast-1", drs_endpoint=simulator.base_url
        ),
        {"token": Secret("doctor-token-10")},
        make_default=True,
    )
    assert main(["doctor", "--json"]) == exit_codes.OK
    clock = json.loads(capsys.readouterr().out)["clock"]
    assert clock["endpoint"] == simulator.base_url
    assert clock["source"] == "profile 'sim'"
    assert clock["error"] == "" and abs(clock["offset_seconds"]) < 2
    assert len(simulator.seen) == 1
    assert "doctor-token-10" not in json.dumps(simulator.seen[0].headers)


@pytest.mark.parametrize(
    ("clipboard", "escape", "warned"),
    [("external", "500", 2), ("on", "10", 0), ("off", "0", 1)],
)
def test_inside_tmux_set_clipboard_and_escape_time_are_checked(
    clipboard: str,
    escape: str,
    warned: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A tmux that answers `show -gv set-clipboard` and `show -sv escape-time`."""
    tmux = tmp_path / "tmux"
    tmux.write_text(
        "#!/bin/sh\n"
        f'case "$3" in set-clipboard) echo {clipboard};; escape-time) echo {escape};; '
        "*) exit 1;; esac\n"
    )
    tmux.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    assert main(["doctor"]) == exit_codes.OK
    out = capsys.readouterr().out
    assert f"tmux set-clipboard: {clipboard}" in out
    assert f"tmux escape-time:   {escape} ms" in out
    warnings = [
        line
        for line in out.splitlines()
        if line.startswith("  - tmux's set-clipboard") or line.startswith("  - tmux's escape")
    ]
    assert len(warnings) == warned
    if clipboard != "on":
        assert "tmux set -g set-clipboard on" in out
    if int(escape) > 50:
        assert "tmux set -sg escape-time 10" in out
    assert main(["doctor", "--json"]) == exit_codes.OK
    terminal = json.loads(capsys.readouterr().out)["terminal"]
    assert terminal["tmux_set_clipboard"] == clipboard


def test_outside_tmux_tmux_is_not_asked(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor"]) == exit_codes.OK
    assert "tmux set-clipboard" not in capsys.readouterr().out


def test_the_keymap_and_its_problems_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    from drs_tui.credentials.config_location import config_path, state_dir

    config_path().write_text('[keymap]\nnext-sheet = "ctrl+n"\nnxt-sheet = "n"\n', "utf-8")
    assert main(["doctor"]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "Keymap:           next-sheet = ctrl+n, nxt-sheet = n" in out
    assert f"UI state:         {state_dir() / 'ui-state.json'}" in out
    assert "- Keymap: nxt-sheet is not a binding id; did you mean next-sheet? Left out." in out
    assert main(["doctor", "--json"]) == exit_codes.OK
    keymap = json.loads(capsys.readouterr().out)["keymap"]
    assert keymap["bindings"] == {"next-sheet": "ctrl+n", "nxt-sheet": "n"}
    assert len(keymap["problems"]) == 1
