"""The scriptable commands end to end: output, JSON, exit codes, stderr on failure."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from drs_tui import __version__, exit_codes
from drs_tui.cli import main
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.jobs import NO_TEMPLATE_JOB, ORACLE_JOB, UNSUPPORTED_JOB


def endpoint_args(sim: Simulator) -> list[str]:
    return ["--endpoint", sim.base_url, "--iam-endpoint", sim.base_url, "--region", DEMO.region]


@pytest.fixture
def aksk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", DEMO.access_key)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", DEMO.secret_key)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"drs-tui {__version__}"


def test_dash_capital_v_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["-V"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"drs-tui {__version__}"


def _parsers(
    parser: argparse.ArgumentParser, path: str
) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:  # the line each command gets in --help
                assert choice.help, f"{path} {choice.dest} has no help text"
            for name, sub in action.choices.items():
                yield from _parsers(sub, f"{path} {name}")


def test_every_flag_and_argument_has_help_text() -> None:
    from drs_tui.cli import build_parser

    missing = [
        f"{path}: {'/'.join(action.option_strings) or action.dest}"
        for path, parser in _parsers(build_parser(), "drs-tui")
        for action in parser._actions
        if not isinstance(action, argparse._SubParsersAction)
        and not (action.help and action.help.strip())
    ]
    assert missing == []


def test_python_dash_m_works() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "drs_tui", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("drs-tui ")


def test_jobs_demo_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", "--demo", "--name", "orders"]) == exit_codes.OK
    out = capsys.readouterr().out
    assert ORACLE_JOB in out and "orders-oracle-to-gaussdb" in out
    assert "1-1 of 1 jobs" in out


def test_jobs_json_keeps_unknown_fields(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["jobs", "--demo", "--limit", "100", "--json"]) == exit_codes.OK
    data = json.loads(capsys.readouterr().out)
    by_id = {job["id"]: job for job in data["jobs"]}
    assert data["total_count"] == len(data["jobs"]) > 6
    assert by_id[ORACLE_JOB]["node_type"] == "high"
    assert by_id[ORACLE_JOB]["result_api"] is True
    assert by_id[UNSUPPORTED_JOB]["result_api"] is False


def test_jobs_with_env_aksk(
    simulator: Simulator, aksk_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["jobs", *endpoint_args(simulator), "--json"]) == exit_codes.OK
    assert json.loads(capsys.readouterr().out)["total_count"] > 0
    assert "Authorization" in simulator.seen[-1].headers


def test_global_flags_work_before_the_command(
    simulator: Simulator, aksk_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """`drs-tui --help` shows the connection flags before COMMAND: there they count
    (argparse let the command's own defaults overwrite them)."""
    assert main(["--demo", "jobs", "--name", "orders"]) == exit_codes.OK
    assert ORACLE_JOB in capsys.readouterr().out
    assert main([*endpoint_args(simulator), "jobs", "--json"]) == exit_codes.OK
    assert json.loads(capsys.readouterr().out)["total_count"] > 0
    # Given in both places, the one after the command wins, as with any repeated flag.
    argv = ["--endpoint", "http://127.0.0.1:9", "jobs", *endpoint_args(simulator), "--json"]
    assert main(argv) == exit_codes.OK
    capsys.readouterr()


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["--region", "ap-southeast-1", "ls", "x.zip"], "ls"),
        (["--demo", "show", "x.zip", "a.txt"], "show"),
        (["--endpoint", "https://drs.example", "profile", "add", "p"], "profile add"),
        (["--profile", "prod", "demo-server"], "demo-server"),
    ],
)
def test_a_global_flag_the_command_does_not_use_is_refused(
    argv: list[str], command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == exit_codes.USAGE
    err = capsys.readouterr().err
    assert f"{argv[0]} does nothing for `drs-tui {command}`." in err
    assert f"`drs-tui {command} --help` lists what it takes" in err


def test_fetch_saves_and_lists(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["fetch", "--demo", "--job", ORACLE_JOB, "--lang", "zh-cn", "-o", str(tmp_path)])
    assert code == exit_codes.OK
    out = capsys.readouterr().out
    saved = next(tmp_path.iterdir())
    assert str(saved) in out and "对象导入校验结果.xlsx" in out
    assert zipfile.is_zipfile(saved)


def test_fetch_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["fetch", "--demo", "--job", ORACLE_JOB, "--type", "change", "-o", str(tmp_path)]
    assert main([*args, "--json"]) == exit_codes.OK
    data = json.loads(capsys.readouterr().out)
    assert data["type"] == "change" and data["request_id"]
    assert [e["name"] for e in data["entries"]] == ["changed_objects.xlsx", "README.txt"]
    assert Path(data["path"]).is_file()


def test_fetch_refuses_overwrite_then_allows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "result.zip"
    args = ["fetch", "--demo", "--job", ORACLE_JOB, "-o", str(target)]
    assert main(args) == exit_codes.OK
    assert main(args) == exit_codes.BAD_RESULT
    assert "--overwrite" in capsys.readouterr().err
    assert main([*args, "--overwrite"]) == exit_codes.OK
    assert [p.name for p in tmp_path.iterdir()] == ["result.zip"]


def test_fetch_api_error_goes_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["fetch", "--demo", "--job", NO_TEMPLATE_JOB, "-o", str(tmp_path)])
    assert code == exit_codes.API
    err = capsys.readouterr().err
    for expected in ("400", "DRS.10030008", "Failed to download the file", "Hint:", "Request ID:"):
        assert expected in err
    assert list(tmp_path.iterdir()) == []


def test_a_job_that_is_neither_an_id_nor_a_name_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["fetch", "--demo", "--job", "../etc", "-o", str(tmp_path)]) == exit_codes.USAGE
    assert "No sync job is named '../etc'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_fetch_takes_a_job_name(
    simulator: Simulator, aksk_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["fetch", *endpoint_args(simulator), "-o", str(tmp_path), "--json"]
    assert main([*args, "--job", "orders-oracle-to-gaussdb"]) == exit_codes.OK
    data = json.loads(capsys.readouterr().out)
    assert data["job_id"] == ORACLE_JOB and data["job_name"] == "orders-oracle-to-gaussdb"
    assert Path(data["path"]).name == "orders-oracle-to-gaussdb-detail-en-us.zip"
    assert any("/jobs?" in s.path and "name=orders-oracle" in s.path for s in simulator.seen)
    # An ID is used as given: no listing.
    simulator.seen.clear()
    assert main([*args, "--job", ORACLE_JOB, "--type", "change"]) == exit_codes.OK
    assert json.loads(capsys.readouterr().out)["job_name"] is None
    assert not [seen for seen in simulator.seen if seen.path.split("?")[0].endswith("/jobs")]


def test_a_job_name_that_matches_several_or_none_lists_them(
    simulator: Simulator, aksk_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    twin = replace(simulator.jobs[0], id="0c0ffee0-0000-4000-8000-00000000b001")
    simulator.jobs.append(twin)
    args = ["fetch", *endpoint_args(simulator), "-o", str(tmp_path)]
    assert main([*args, "--job", "orders-oracle-to-gaussdb"]) == exit_codes.USAGE
    err = capsys.readouterr().err
    assert "2 sync jobs are named 'orders-oracle-to-gaussdb'" in err
    assert ORACLE_JOB in err and twin.id in err and "the ID of the one you mean" in err
    assert main([*args, "--job", "orders"]) == exit_codes.USAGE  # part of a name is not one
    err = capsys.readouterr().err
    assert "No sync job is named 'orders'" in err and ORACLE_JOB in err
    assert list(tmp_path.iterdir()) == []


def test_table_and_column_level_results_get_different_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One naming rule with the app (drs_tui.api.download.file_name_for): the level is in
    the name, so the second fetch does not collide with the first."""
    from drs_tui.api.download import file_name_for
    from drs_tui.api.models import Job, TemplateResultRequest

    args = ["fetch", "--demo", "--job", "orders-oracle-to-gaussdb", "-o", str(tmp_path)]
    assert main(args) == exit_codes.OK
    assert main([*args, "--level", "column"]) == exit_codes.OK
    capsys.readouterr()
    job = Job(id=ORACLE_JOB, name="orders-oracle-to-gaussdb")
    expected = [
        file_name_for(job, TemplateResultRequest(ORACLE_JOB, level=level))
        for level in (None, "column")
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(expected)
    assert expected[1] == "orders-oracle-to-gaussdb-detail-en-us-column.zip"
    assert (
        TemplateResultRequest(ORACLE_JOB, level="column")
        .default_filename()
        .endswith("-detail-en-us-column.zip")
    )


def test_auth_failure_exit_code(
    simulator: Simulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", DEMO.access_key)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "wrong-secret-value")
    assert main(["jobs", *endpoint_args(simulator)]) == exit_codes.AUTH
    err = capsys.readouterr().err
    assert "APIGW.0301" in err and "wrong-secret-value" not in err


def test_network_failure_exit_code(aksk_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    url = "http://127.0.0.1:9"  # discard port: nothing listens
    args = ["jobs", "--endpoint", url, "--iam-endpoint", url, "--project-id", "p1"]
    assert main([*args, "--region", DEMO.region]) == exit_codes.NETWORK
    assert "Could not connect" in capsys.readouterr().err


def test_bad_result_exit_code(
    simulator: Simulator, aksk_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    simulator.faults.not_zip = True
    args = ["fetch", *endpoint_args(simulator), "--job", ORACLE_JOB, "-o", str(tmp_path)]
    assert main(args) == exit_codes.BAD_RESULT
    assert "not a ZIP" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_usage_error_from_argparse() -> None:
    with pytest.raises(SystemExit) as info:
        main(["fetch", "--demo", "--job", ORACLE_JOB, "--type", "everything"])
    assert info.value.code == exit_codes.USAGE


def test_trailing_slash_means_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = f"{tmp_path}/not-there/"
    assert main(["fetch", "--demo", "--job", ORACLE_JOB, "-o", missing]) == exit_codes.BAD_RESULT
    assert "does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_closed_pipe_is_not_an_error() -> None:
    proc = subprocess.run(
        f"{sys.executable} -m drs_tui jobs --demo --limit 500 --json | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
    )
    assert proc.stdout == '{\n  "total'
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr


def test_demo_server_port_in_use(simulator: Simulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo-server", "--port", str(simulator.port)]) == exit_codes.USAGE
    assert "Cannot listen" in capsys.readouterr().err


def test_fetch_escapes_hostile_entry_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    from drs_tui.simulator import handler

    def hostile(*args: object) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("\x1b]0;pwned\x07title.txt", b"x")
        return buffer.getvalue()

    monkeypatch.setattr(handler, "build_result_zip", hostile)
    assert main(["fetch", "--demo", "--job", ORACLE_JOB, "-o", str(tmp_path)]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b]0;pwned\\x07title.txt" in out


@pytest.mark.parametrize(
    ("argv", "fast"),
    [
        ([], True),
        (["--demo"], True),
        (["--profile", "jobs", "--region", "ap-southeast-1"], True),  # a value, not a command
        (["jobs"], False),
        (["--help"], False),
        (["--version"], False),
        (["--dem"], False),  # abbreviations and their ambiguities: the full parser decides
        (["--pro", "x"], False),
        (["--profile"], False),  # a missing value: the full parser's error message
        (["--credential-store", "plain"], False),
        (["--demo", "stray"], False),
    ],
)
def test_app_flags_skip_the_command_parsers(argv: list[str], fast: bool) -> None:
    from drs_tui.cli import app_arguments, build_parser

    args = app_arguments(argv)
    assert (args is not None) is fast
    if args is not None:  # the same flags as the full parser gives
        full = vars(build_parser().parse_args(argv))
        assert full.pop("command") is None
        assert vars(args) == full


def test_app_flag_errors_come_from_the_full_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--pro", "x"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "ambiguous option" in err and "COMMAND" in err  # the full usage, commands included


def test_ls_on_a_saved_json_error_shows_its_code_and_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 'ZIP' that is the API's JSON error says which error, through the sanitiser."""
    path = tmp_path / "result.zip"
    path.write_bytes(b'{"error_code":"DRS.10030008","error_msg":"Failed to \\u001b[2Jdownload"}')
    assert main(["ls", str(path)]) == exit_codes.BAD_RESULT
    err = capsys.readouterr().err
    assert "It is JSON: the API answered with an error" in err
    assert "(error_code DRS.10030008: Failed to \\x1b[2Jdownload)" in err
    assert "\x1b" not in err


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_each_command_is_owned_by_the_module_that_registers_it() -> None:
    """`drs-tui ls …` builds the parser of `ls` alone (start-up is measured against
    `unzip -l`); the table that says which module to import must name every command."""
    from drs_tui.cli import COMMAND_OWNERS, build_parser

    assert set(COMMAND_OWNERS) == set(_commands(build_parser()))
    for command in COMMAND_OWNERS:
        assert command in _commands(build_parser(command))


@pytest.mark.parametrize(
    "argv",
    [
        ["ls", "x.zip", "--json"],
        ["show", "x.zip", "a.xlsx", "--errors", "--rows", "0"],
        ["jobs", "--demo", "--limit", "5"],
        ["profile", "list", "--json"],
        ["diff", "a.zip", "b.zip", "--exit-code"],
    ],
)
def test_a_one_command_parser_reads_its_line_as_the_whole_one_does(argv: list[str]) -> None:
    from drs_tui.cli import build_parser

    whole, alone = build_parser().parse_args(argv), build_parser(argv[0]).parse_args(argv)
    assert {k: v for k, v in vars(whole).items() if k != "handler"} == {
        k: v for k, v in vars(alone).items() if k != "handler"
    }
    assert getattr(whole, "handler", None) == getattr(alone, "handler", None)
