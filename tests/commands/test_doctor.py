"""`drs-tui doctor`: a readable report, JSON for scripts, no secret in either."""

from __future__ import annotations

import json

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from drs_tui.credentials import keyring_store
from drs_tui.credentials.keyring_store import BackendInfo
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
