"""`--debug`: one owner-only log per run with every request and decision, and no secret in
it, whatever the credential method and whatever the server echoes back."""

from __future__ import annotations

import logging
import os
import re
import stat
import zipfile
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from drs_tui.connection.settings import AuthMethod
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.jobs import ORACLE_JOB
from drs_tui.ticket.debug_flag import take_debug_flag
from drs_tui.ticket.debug_log import command_shape
from tests.ticket.profiles import save_profile


def logs_folder() -> Path:
    return Path(os.environ["XDG_STATE_HOME"]) / "drs-tui" / "logs"


def the_log(err: str) -> Path:
    match = re.search(r"^Debug log: (.+)$", err, re.MULTILINE)
    assert match, err
    path = Path(match.group(1))
    assert path.parent == logs_folder()
    return path


def secrets_sent(simulator: Simulator) -> set[str]:
    """Every credential value that went over the wire: tokens (also the one IAM issued),
    signatures, security tokens."""
    found: set[str] = set()
    for seen in simulator.seen:
        headers = {k.lower(): v for k, v in seen.headers.items()}
        for name in ("x-auth-token", "x-subject-token", "x-security-token"):
            if headers.get(name):
                found.add(headers[name])
        signature = re.search(r"Signature=([0-9a-f]+)", headers.get("authorization", ""))
        if signature:
            found.add(signature.group(1))
    found.update(simulator.tokens._tokens)  # every token IAM issued (X-Subject-Token)
    return found


@pytest.mark.parametrize("method", ["token", "password", "aksk"])
def test_a_whole_flow_leaves_no_secret_in_the_log(
    method: AuthMethod,
    simulator: Simulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    save_profile(simulator, method, mfa=method == "password")
    if method == "password":
        monkeypatch.setenv("DRS_TUI_MFA_CODE", DEMO.mfa_code)
    # Job list by name, a throttled try and its retry, the download, then a server that
    # echoes the caller's credentials in its error message.
    # (IAM's token POST is never retried: the password flow meets no throttle here.)
    simulator.faults.throttle = 0 if method == "password" else 1
    args = ["--debug", "fetch", "--job", "orders-oracle-to-gaussdb", "-o", str(tmp_path)]
    assert main(args) == exit_codes.OK
    simulator.faults.hostile.error = 1
    assert main(["jobs", "--debug"]) != exit_codes.OK
    err = capsys.readouterr().err
    first, second = re.findall(r"^Debug log: (.+)$", err, re.MULTILINE)
    text = Path(first).read_text(encoding="utf-8") + Path(second).read_text(encoding="utf-8")

    used = {
        DEMO.token,
        DEMO.password,
        DEMO.mfa_code,
        DEMO.secret_key,
        DEMO.access_key,
        *secrets_sent(simulator),
    }
    if method != "token":  # the signatures, or the token IAM issued, are in the set too
        assert len(used) > 5
    for secret in used:
        assert secret not in text, f"{secret!r} is in the debug log"
    # What it is for: the requests, their retries and outcomes, and the decisions.
    if method != "password":
        assert "retry 1 of GET" in text and "status 429" in text
    assert f"/jobs/{ORACLE_JOB}/db-object/template/result?type=detail" in text
    assert "status 200" in text and "saved " in text and "bytes" in text
    assert "profile: default_profile in the config file" in text
    assert f"credentials: profile '{method}' (keyring)" in text
    assert "DRS endpoint" in text and "request id" in text
    if method == "password":
        assert "POST" in text and "/v3/auth/tokens -> 201" in text
        assert "mfa_code: environment DRS_TUI_MFA_CODE" in text
    assert "********" in text  # the echoed secrets, masked
    assert "\x1b" not in text and "\u202e" not in text  # the hostile text, made safe


def test_the_log_is_owner_only_one_per_run_and_says_where_it_is(
    simulator: Simulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save_profile(simulator, "token")
    monkeypatch.setenv("DRS_TUI_DEBUG", "1")
    assert main(["jobs"]) == exit_codes.OK
    path = the_log(capsys.readouterr().err)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    text = path.read_text(encoding="utf-8")
    assert "command line: jobs" in text and "end of run" in text
    assert "/v5/" in text and "jobs?job_type=sync" in text
    monkeypatch.delenv("DRS_TUI_DEBUG")
    assert main(["jobs"]) == exit_codes.OK
    assert "Debug log" not in capsys.readouterr().err
    assert main(["jobs", "--debug"]) == exit_codes.OK
    assert the_log(capsys.readouterr().err) != path
    # The handler is gone after the run: nothing more reaches the file.
    size = path.stat().st_size
    logging.getLogger("drs_tui.http").info("after the run")
    assert path.stat().st_size == size


def test_an_unwritable_state_folder_costs_the_log_not_the_run(
    simulator: Simulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    save_profile(simulator, "token")
    blocker = tmp_path / "state"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    assert main(["jobs", "--debug"]) == exit_codes.OK
    captured = capsys.readouterr()
    assert "orders-oracle-to-gaussdb" in captured.out
    assert "The debug log could not be written" in captured.err
    assert str(blocker) in captured.err
    # `report` still works, without a kept last request from disk.
    assert main(["report"]) == exit_codes.OK


def test_a_failed_command_still_says_where_the_log_is(
    simulator: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(simulator, "token")
    simulator.faults.bad_gateway = 5
    assert main(["--debug", "jobs"]) == exit_codes.API
    text = the_log(capsys.readouterr().err).read_text(encoding="utf-8")
    assert "no retry after status 502: 3 attempt(s) made" in text
    assert "status 502" in text


def test_debug_is_taken_out_of_the_command_line_but_not_after_double_dash() -> None:
    assert take_debug_flag(["jobs", "--debug", "--", "--debug"]) == (
        ["jobs", "--", "--debug"],
        True,
    )
    assert take_debug_flag(["jobs"]) == (["jobs"], False)


def test_the_command_line_is_logged_without_values() -> None:
    shape = command_shape(["fetch", "--job", "MII-pasted-token", "--type=detail", "-o", "x"])
    assert shape == "fetch --job … --type -o …"


def test_only_the_newest_logs_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = logs_folder()
    folder.mkdir(parents=True)
    for number in range(25):
        old = folder / f"drs-tui-20200101-0000{number:02d}-1.log"
        old.write_text("old", encoding="utf-8")
        os.utime(old, (1_600_000_000 + number, 1_600_000_000 + number))
    keep = folder / "notes.txt"  # not ours: never touched
    keep.write_text("mine", encoding="utf-8")
    archive = tmp_path / "r.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.txt", "hi")
    assert main(["--debug", "ls", str(archive)]) == exit_codes.OK
    new = the_log(capsys.readouterr().err)
    logs = sorted(folder.glob("drs-tui-*.log"))
    assert len(logs) == 20 and new in logs and keep.exists()
    assert not (folder / "drs-tui-20200101-000000-1.log").exists()


def test_tunable_flags_are_refused_where_nothing_is_sent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--cli-retry-count", "1", "ls", str(tmp_path / "x.zip")]) == exit_codes.USAGE
    assert "--cli-retry-count does nothing for `drs-tui ls`" in capsys.readouterr().err
