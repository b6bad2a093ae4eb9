"""curl with `$DRS_TUI_TOKEN` and never the token; the drs-tui line for AK/SK; every word
shell-quoted; `fetch --dry-run` sends nothing."""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.api.request_log import RequestRecord
from drs_tui.cli import main
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.jobs import ORACLE_JOB, UNSUPPORTED_JOB
from drs_tui.ticket.replay import curl_command, drs_tui_command, replay
from tests.ticket.profiles import save_profile

NASTY = 'x\'; rm -rf ~; echo $(id) `id` "q" \\'
RESULT_URL = (
    "https://drs.ap-southeast-1.myhuaweicloud.com/v5/0123/jobs/"
    "0c0ffee0-0000-4000-8000-00000000a001/db-object/template/result"
    "?type=detail&file_export_object_level=column"
)


def record(url: str = RESULT_URL, auth: str = "token", language: str = "zh-cn") -> RequestRecord:
    return RequestRecord(method="GET", url=url, language=language, auth=auth, status=400)


def command_line(text: str) -> list[str]:
    """The command of a replay text (its comment lines dropped), as a shell splits it."""
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert len(lines) == 1, text
    return shlex.split(lines[0])


def test_curl_takes_the_token_from_the_environment() -> None:
    text = curl_command(record())
    words = command_line(text)
    assert words[:2] == ["curl", "-sS"]
    assert RESULT_URL in words
    assert "X-Auth-Token: $DRS_TUI_TOKEN" in words  # expanded by the shell, not printed
    assert "X-Language: zh-cn" in words and words[-2:] == ["-o", "result.zip"]
    assert '"X-Auth-Token: $DRS_TUI_TOKEN"' in text


def test_every_word_of_the_curl_line_is_quoted_even_the_method() -> None:
    """The method comes from our own code today; the line is quoted whole all the same,
    so no field of a request record can ever become shell syntax."""
    line = curl_command(RequestRecord(method=NASTY, url=RESULT_URL, auth="token", status=400))
    assert command_line(line)[5] == NASTY


def test_curl_really_sends_the_variable(tmp_path: Path) -> None:
    """Through a real shell: the variable is expanded, and nothing else is."""
    url = "https://example.invalid/v5/p/jobs?name=" + NASTY
    line = next(ln for ln in curl_command(record(url)).splitlines() if ln.startswith("curl"))
    echo = "printf '%s\\n' " + line.removeprefix("curl ")
    out = subprocess.run(
        ["/bin/sh", "-c", echo],
        env={"DRS_TUI_TOKEN": "the-token"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert "X-Auth-Token: the-token" in out
    assert url in out


def test_aksk_gets_the_drs_tui_line_and_why() -> None:
    text = replay(record(auth="aksk"), profile=NASTY, region="ap-southeast-1")
    assert "curl cannot" in text
    words = command_line(text)
    assert words[:2] == ["drs-tui", "fetch"]
    assert words[words.index("--profile") + 1] == NASTY  # quoted, whole
    assert words[words.index("--job") + 1] == ORACLE_JOB
    assert words[words.index("--level") + 1] == "column"
    assert words[words.index("--lang") + 1] == "zh-cn"
    assert words[words.index("--project-id") + 1] == "0123"
    assert "--endpoint" not in words  # the region's own endpoint


def test_the_jobs_line_keeps_a_hostile_name_whole() -> None:
    url = "http://127.0.0.1:9/v5/p/jobs?job_type=sync&name=" + "x%27%3B%20rm%20-rf%20~"
    line = drs_tui_command(record(url, auth="aksk"), profile="p", region="ap-southeast-1")
    assert line is not None
    words = shlex.split(line)
    assert words[words.index("--name") + 1] == "x'; rm -rf ~"
    assert words[words.index("--endpoint") + 1] == "http://127.0.0.1:9"


def test_the_jobs_line_keeps_every_filter_sent() -> None:
    url = (
        "http://127.0.0.1:9/v5/p/jobs?job_type=sync&offset=0&limit=10"
        "&name=orders&status=PAUSING&engine_type=oracle-to-gaussdbv5"
    )
    line = drs_tui_command(record(url, auth="aksk"), profile="p", region="ap-southeast-1")
    assert line is not None
    words = shlex.split(line)
    assert words[words.index("--name") + 1] == "orders"
    assert words[words.index("--status") + 1] == "PAUSING"
    assert words[words.index("--engine-type") + 1] == "oracle-to-gaussdbv5"
    assert words[words.index("--limit") + 1] == "10"


def test_password_sessions_are_told_to_get_a_token() -> None:
    assert "IAM token of this project" in replay(record(auth="password"), profile="p", region="r")


def test_fetch_print_curl_after_a_failure(
    simulator: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(simulator, "token")
    args = ["fetch", "--job", UNSUPPORTED_JOB, "-o", str(tmp_path), "--print-curl"]
    assert main(args) == exit_codes.API
    err = capsys.readouterr().err
    assert DEMO.token not in err
    curl = next(line for line in err.splitlines() if line.startswith("curl "))
    assert f"/jobs/{UNSUPPORTED_JOB}/db-object/template/result?type=detail" in curl
    assert '"X-Auth-Token: $DRS_TUI_TOKEN"' in curl


def test_jobs_print_curl_with_aksk(
    simulator: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(simulator, "aksk")
    assert main(["jobs", "--name", "orders", "--print-curl"]) == exit_codes.OK
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if line.startswith("drs-tui jobs"))
    words = shlex.split(line)
    assert words[words.index("--name") + 1] == "orders"
    assert words[words.index("--endpoint") + 1] == simulator.base_url
    assert DEMO.secret_key not in err and DEMO.access_key not in err


@pytest.mark.parametrize("method", ["token", "password", "aksk"])
def test_dry_run_sends_nothing_and_hides_credentials(
    method: str, simulator: Simulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(simulator, method)  # type: ignore[arg-type]
    args = ["fetch", "--job", ORACLE_JOB, "--type", "synchronized", "-o", str(tmp_path)]
    assert main([*args, "--dry-run", "--project-id", DEMO.project_id]) == exit_codes.OK
    out = capsys.readouterr().out
    assert simulator.seen == [] and list(tmp_path.iterdir()) == []
    first = out.splitlines()[0]
    assert first == (
        f"GET {simulator.base_url}/v5/{DEMO.project_id}/jobs/{ORACLE_JOB}"
        "/db-object/template/result?type=synchronized"
    )
    assert "X-Language: en-us" in out and "Nothing was sent" in out
    for secret in (DEMO.token, DEMO.password, DEMO.secret_key, DEMO.access_key):
        assert secret not in out
    if method == "aksk":
        assert "Signature=********" in out and f"X-Project-Id: {DEMO.project_id}" in out
    else:
        assert "X-Auth-Token: ********" in out


def test_dry_run_says_what_would_be_looked_up_first(
    simulator: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(simulator, "token")
    assert main(["fetch", "--job", "orders", "--dry-run"]) == exit_codes.OK
    out = capsys.readouterr().out
    assert "/v5/PROJECT_ID/jobs/JOB_ID/" in out
    assert "project ID would first be looked up" in out and "job named 'orders'" in out
    assert simulator.seen == []


def test_dry_run_as_json(simulator: Simulator, capsys: pytest.CaptureFixture[str]) -> None:
    save_profile(simulator, "token")
    args = ["fetch", "--job", ORACLE_JOB, "--dry-run", "--json", "--project-id", DEMO.project_id]
    assert main(args) == exit_codes.OK
    data = json.loads(capsys.readouterr().out)
    assert data["dry_run"] is True and data["method"] == "GET"
    assert data["url"].endswith(f"/jobs/{ORACLE_JOB}/db-object/template/result?type=detail")
    assert data["headers"]["X-Auth-Token"] == "********"
    assert DEMO.token not in json.dumps(data) and simulator.seen == []
