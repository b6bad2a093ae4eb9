"""`drs-tui report`: versions, profile, endpoints, the last request (kept between runs) and
doctor's findings; written whole or not at all, never over a file without --force."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from drs_tui.connection.settings import Secret
from drs_tui.credentials.catalog import ProfileCatalog
from drs_tui.credentials.profiles import Profile
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.jobs import UNSUPPORTED_JOB
from tests.ticket.profiles import save_profile


def state() -> Path:
    return Path(os.environ["XDG_STATE_HOME"]) / "drs-tui"


def test_the_report_says_what_support_asks_first(
    simulator: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(simulator, "aksk", retry_count=1)
    assert main(["fetch", "--job", UNSUPPORTED_JOB, "-o", str(tmp_path)]) == exit_codes.API
    capsys.readouterr()
    assert main(["report"]) == exit_codes.OK
    text = capsys.readouterr().out
    for words in ("drs-tui:", "Python:", "Textual:", "httpx:", "keyring:", "OS:"):
        assert words in text
    assert "Profile:" in text and "aksk" in text and DEMO.region in text
    assert f"{simulator.base_url} (override)" in text
    assert "retry_count:" in text
    # The last request, from the earlier run's record in the state folder.
    assert f"/jobs/{UNSUPPORTED_JOB}/db-object/template/result?type=detail" in text
    assert "Status:     400" in text and "DRS.10000001" in text
    assert "Request ID:" in text
    assert "Doctor" in text and "Config file:" in text
    for secret in (DEMO.secret_key, DEMO.access_key):
        assert secret not in text


def test_the_last_request_is_kept_owner_only_and_secret_free(
    simulator: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(simulator, "token")
    simulator.faults.hostile.error = 1  # the server echoes the token in its message
    assert main(["jobs"]) != exit_codes.OK
    path = state() / "last-request.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert DEMO.token not in text and "********" in text
    record = json.loads(text)
    assert record["status"] == 400 and record["auth"] == "token" and record["method"] == "GET"
    capsys.readouterr()
    assert main(["report"]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out  # the hostile server's text, made safe


def test_no_request_yet(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report"]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "none made yet on this machine" in out
    assert "none chosen" in out


def test_output_refuses_an_existing_file_and_force_replaces_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "report.txt"
    target.write_text("mine", encoding="utf-8")
    assert main(["report", "--output", str(target)]) == exit_codes.BAD_RESULT
    err = capsys.readouterr().err
    assert "exists already" in err and "--force" in err
    assert target.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]  # no partial file
    assert main(["report", "--output", str(target), "--force"]) == exit_codes.OK
    assert target.read_text(encoding="utf-8").startswith("drs-tui report")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_output_to_a_new_file_and_to_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "-o", str(tmp_path / "new.txt")]) == exit_codes.OK
    assert "Report written to" in capsys.readouterr().err
    assert (tmp_path / "new.txt").read_text(encoding="utf-8").startswith("drs-tui report")
    assert main(["report", "-o", str(tmp_path)]) == exit_codes.OK
    assert (tmp_path / "drs-tui-report.txt").exists()


def test_output_into_a_missing_folder_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "-o", str(tmp_path / "no" / "r.txt")]) == exit_codes.BAD_RESULT
    assert "Cannot write" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()


def test_the_clock_is_measured_against_the_profile_described(
    simulator: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    described = save_profile(simulator, "token", name="described")
    elsewhere = "http://127.0.0.1:9"  # the default profile's server: not the one described
    ProfileCatalog().save(
        Profile(
            name="other",
            method="token",
            region=DEMO.region,
            drs_endpoint=elsewhere,
            iam_endpoint=elsewhere,
        ),
        {"token": Secret(DEMO.token)},
        make_default=True,
    )
    assert main(["report", "--profile", described]) == exit_codes.OK
    text = capsys.readouterr().out
    assert any(line.split() == ["Profile:", described] for line in text.splitlines())
    clock = next(line for line in text.splitlines() if "Clock offset:" in line)
    assert f"({simulator.base_url})" in clock
    assert elsewhere not in text
