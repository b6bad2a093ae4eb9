"""Under --json a failure is one JSON object on stdout, as well as the human lines on
stderr, for every command that takes --json (issue 12: stdout used to stay empty)."""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from drs_tui import exit_codes
from drs_tui.cli import build_parser, main
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.jobs import NO_TEMPLATE_JOB
from tests.commands.test_profile import add_demo_profile
from tests.result.corpus import Member, build_zip

FIELDS = {"status", "error_code", "error_msg", "hint", "request_id", "exit_code"}


def commands_with_json(parser: argparse.ArgumentParser, path: str = "") -> set[str]:
    found = set()
    for action in parser._actions:
        if "--json" in action.option_strings:
            found.add(path)
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= commands_with_json(sub, f"{path} {name}".strip())
    return found


def one_failure(
    capsys: pytest.CaptureFixture[str], argv: list[str], stdin: str | None = None
) -> tuple[int, dict[str, Any], str]:
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's usage errors
            code = int(exc.code or 0)
    finally:
        sys.stdin = saved
    out, err = capsys.readouterr()
    data = json.loads(out)  # the whole of stdout is one object
    assert isinstance(data, dict)
    assert set(data) >= FIELDS, data
    assert data["exit_code"] == code != 0
    assert err.startswith(("drs-tui: ", "usage: ")), err  # and the human lines on stderr
    return code, data, err


@pytest.fixture
def zip_file(tmp_path: Path) -> Path:
    path = tmp_path / "r.zip"
    path.write_bytes(build_zip([Member("a.txt", b"hello\n"), Member("b.bin", b"\x00\x01")]))
    return path


@pytest.fixture
def aksk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", DEMO.access_key)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "wrong-secret-value")


COVERED = {
    "jobs",
    "fetch",
    "ls",
    "show",
    "extract",
    "doctor",
    "diff",
    "profile list",
    "profile show",
    "profile test",
    "profile path",
}


def test_every_command_with_json_is_covered_here() -> None:
    assert commands_with_json(build_parser()) == COVERED


def test_jobs_api_failure(
    simulator: Simulator, aksk_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    url = simulator.base_url
    argv = ["jobs", "--endpoint", url, "--iam-endpoint", url, "--region", DEMO.region, "--json"]
    code, data, err = one_failure(capsys, argv)
    assert code == exit_codes.AUTH
    assert data["status"] == 401 and data["error_code"] == "APIGW.0301"
    assert data["request_id"] and data["hint"]
    assert "APIGW.0301" in err and "wrong-secret-value" not in json.dumps(data)


def test_jobs_usage_failure(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, err = one_failure(capsys, ["jobs", "--demo", "--json", "--limit", "many"])
    assert code == exit_codes.USAGE
    assert "--limit" in data["error_msg"] and data["status"] is None
    assert "invalid int value" in err


def test_fetch_api_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["fetch", "--demo", "--job", NO_TEMPLATE_JOB, "-o", str(tmp_path), "--json"]
    code, data, _ = one_failure(capsys, argv)
    assert code == exit_codes.API
    assert (data["status"], data["error_code"]) == (400, "DRS.10030008")
    assert data["error_msg"] == "Failed to download the file"
    assert data["request_id"] and "template" in data["hint"]
    assert list(tmp_path.iterdir()) == []


def test_ls_show_extract_on_a_file_that_is_not_a_zip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "not.zip"
    bad.write_bytes(b"<html>502</html>")
    for argv in (
        ["ls", str(bad), "--json"],
        ["show", str(bad), "a.txt", "--json"],
        ["extract", str(bad), "-d", str(tmp_path / "out"), "--json"],
    ):
        code, data, _ = one_failure(capsys, argv)
        assert code == exit_codes.BAD_RESULT, argv
        assert data["status"] is None and data["error_msg"]


def test_diff_failures(zip_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "not.zip"
    bad.write_bytes(b"<html>502</html>")
    code, data, _ = one_failure(capsys, ["diff", str(zip_file), str(bad), "--json"])
    assert code == exit_codes.BAD_RESULT and data["status"] is None
    csv_a, csv_b = tmp_path / "a.zip", tmp_path / "b.zip"
    csv_a.write_bytes(build_zip([Member("r.csv", b"A,B\n1,2\n")]))
    csv_b.write_bytes(build_zip([Member("r.csv", b"A,B\n1,3\n")]))
    code, data, _ = one_failure(capsys, ["diff", str(csv_a), str(csv_b), "--format", "json"])
    assert code == exit_codes.USAGE and "--key" in data["hint"]
    code, data, _ = one_failure(
        capsys, ["diff", str(csv_a), str(csv_b), "--json", "--format", "tsv"]
    )
    assert code == exit_codes.USAGE


def test_show_unknown_entry_and_binary(zip_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = one_failure(capsys, ["show", str(zip_file), "c.txt", "--json"])
    assert code == exit_codes.USAGE and "c.txt" in data["error_msg"]
    code, data, _ = one_failure(capsys, ["show", str(zip_file), "b.bin", "--json"])
    assert "binary" in data["error_msg"]
    code, data, _ = one_failure(
        capsys, ["show", str(zip_file), "a.txt", "--json", "--format", "csv"]
    )
    assert code == exit_codes.USAGE and "--format csv" in data["error_msg"]


def test_doctor_usage_failure(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = one_failure(capsys, ["doctor", "--json", "--endpont", "x"])
    assert code == exit_codes.USAGE and "--endpont" in data["error_msg"]


def test_profile_failures(capsys: pytest.CaptureFixture[str]) -> None:
    code, data, _ = one_failure(capsys, ["profile", "show", "nobody", "--json"])
    assert code == exit_codes.USAGE and "nobody" in data["error_msg"]
    code, data, _ = one_failure(capsys, ["profile", "list", "--json", "--all"])
    assert code == exit_codes.USAGE
    code, data, _ = one_failure(capsys, ["profile", "path", "--json", "extra"])
    assert code == exit_codes.USAGE


def test_profile_test_failure_is_one_object_with_what_was_tried(
    simulator: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    add_demo_profile(capsys, simulator, "aksk", "wrong-secret-key-77\n\n")
    code, data, err = one_failure(capsys, ["profile", "test", "demo", "--json"])
    assert code == exit_codes.AUTH
    assert data["status"] == 401 and data["ok"] is False
    assert data["test"]["drs_endpoint"] == simulator.base_url
    assert "Request ID" in err and "wrong-secret-key-77" not in json.dumps(data) + err


def test_a_global_flag_refusal_is_json_too(
    zip_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data, _ = one_failure(capsys, ["--demo", "ls", str(zip_file), "--json"])
    assert code == exit_codes.USAGE and "--demo" in data["error_msg"]


def test_extract_json_lists_what_was_written_and_what_failed(
    zip_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "out"
    argv = ["extract", str(zip_file), "-d", str(dest), "--json"]
    assert main(argv) == exit_codes.OK
    data = json.loads(capsys.readouterr().out)
    assert data["written"] == [str(dest / "a.txt"), str(dest / "b.bin")]
    assert data["failures"] == [] and data["exit_code"] == 0
    (dest / "b.bin").unlink()
    assert main(argv) == exit_codes.BAD_RESULT  # a.txt is there: kept, not replaced
    out, err = capsys.readouterr()
    data = json.loads(out)  # still one object: the partial result with its failures
    assert data["written"] == [str(dest / "b.bin")] and data["exit_code"] == 6
    [failure] = data["failures"]
    assert failure["entry"] == "a.txt" and failure["exit_code"] == exit_codes.BAD_RESULT
    assert "--overwrite" in failure["hint"] and "skipped a.txt" in err


def test_show_json_prints_json_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    records = [{"table": "A", "error": ""}, {"table": "B\u202e", "error": "missing"}]
    path = tmp_path / "j.zip"
    path.write_bytes(
        build_zip(
            [
                Member("r.json", json.dumps(records).encode()),
                Member("log.txt", b"ok A\nB failed: missing\nok C\n"),
            ]
        )
    )
    assert main(["show", str(path), "r.json", "--records", "--json"]) == exit_codes.OK
    out = capsys.readouterr().out
    assert [json.loads(line) for line in out.splitlines()] == records
    assert "\u202e" not in out  # escaped, as every --json output is
    assert main(["show", str(path), "log.txt", "--json", "--errors"]) == exit_codes.OK
    out, err = capsys.readouterr()
    assert [json.loads(line) for line in out.splitlines()] == [
        {"line": 2, "text": "B failed: missing"}
    ]
    assert "1 line reports a failure" in err  # the notes stay on stderr
