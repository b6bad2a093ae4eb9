"""What a hostile server says never reaches the terminal raw, nor the caller's secrets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main, print_error
from drs_tui.errors import DrsTuiError
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.hostile import HOSTILE_TEXT
from drs_tui.simulator.jobs import ORACLE_JOB

RAW = ("\x1b", "\x07", "\r", "\x9b", "\u202e")


def assert_inert(text: str) -> None:
    """Nothing that drives or reorders a terminal, and the attack still visible as text."""
    for char in RAW:
        assert char not in text, f"{char!r} reached the terminal"


def endpoint_args(sim: Simulator) -> list[str]:
    return ["--endpoint", sim.base_url, "--iam-endpoint", sim.base_url, "--region", DEMO.region]


@pytest.fixture
def token_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRS_TUI_TOKEN", DEMO.token)


def test_job_names_and_statuses_are_shown_inert(
    simulator: Simulator, token_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    simulator.faults.hostile.job_text = HOSTILE_TEXT
    assert main(["jobs", *endpoint_args(simulator)]) == exit_codes.OK
    out = capsys.readouterr().out
    assert_inert(out)
    assert "\\x1b]52;c;aGFja2Vk\\x07" in out and "\\u202e" in out and "[bold red]" in out


def test_job_json_keeps_the_values_and_shows_them_inert(
    simulator: Simulator, token_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    simulator.faults.hostile.job_text = HOSTILE_TEXT
    assert main(["jobs", *endpoint_args(simulator), "--json"]) == exit_codes.OK
    out = capsys.readouterr().out
    assert_inert(out)
    assert all(job["status"] == HOSTILE_TEXT for job in json.loads(out)["jobs"])


@pytest.mark.parametrize("command", ["jobs", "fetch"])
def test_a_hostile_error_is_inert_and_masks_the_token(
    simulator: Simulator,
    token_env: None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    simulator.faults.hostile.error = 1
    extra = ["--job", ORACLE_JOB, "-o", str(tmp_path)] if command == "fetch" else []
    assert main([command, *endpoint_args(simulator), *extra]) == exit_codes.API
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert_inert(text)
    assert DEMO.token not in text and "You sent token ********" in text
    assert "Request ID: req\\x1b]52;c;aGFja2Vk\\x07" in text
    assert list(tmp_path.iterdir()) == []


def test_echoed_access_key_and_security_token_are_masked(
    simulator: Simulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", DEMO.temp_access_key)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", DEMO.temp_secret_key)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SECURITY_TOKEN", DEMO.security_token)
    simulator.faults.hostile.error = 1
    args = ["jobs", *endpoint_args(simulator), "--project-id", DEMO.project_id]
    assert main(args) == exit_codes.API
    err = capsys.readouterr().err
    for secret in (DEMO.temp_access_key, DEMO.temp_secret_key, DEMO.security_token):
        assert secret not in err
    assert "security token ********" in err


def test_a_total_count_of_1e400_is_one_clear_error(
    simulator: Simulator, token_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    simulator.faults.hostile.total_count = "1e400"
    assert main(["jobs", *endpoint_args(simulator)]) == exit_codes.API
    err = capsys.readouterr().err
    assert "total_count of jobs is inf, which is not a count" in err
    assert "Traceback" not in err


def test_every_error_detail_goes_out_on_one_safe_line(capsys: pytest.CaptureFixture[str]) -> None:
    print_error(DrsTuiError(HOSTILE_TEXT, hint="entry a\nb\u2066.txt", request_id="\x1b[2J"))
    err = capsys.readouterr().err
    assert_inert(err)
    assert len(err.splitlines()) == 4  # title, error, hint, request id


def test_ls_json_writes_bidi_and_c1_characters_in_names_as_escapes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JSON allows U+202E and C1 controls (U+009B is CSI) raw inside strings; `ls
    --json` wrote them to the terminal as they were (found in review). The values
    survive a JSON parse unchanged."""
    from tests.result.corpus import Member, build_zip

    names = ["c\u202ereverse.csv", "d\u009b31mred.csv", "plain.csv"]
    path = tmp_path / "names.zip"
    path.write_bytes(build_zip([Member(name, b"x") for name in names]))
    assert main(["ls", "--json", str(path)]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "\u202e" not in out and "\u009b" not in out
    assert [entry["name"] for entry in json.loads(out)["entries"]] == names
