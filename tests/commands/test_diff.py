"""`drs-tui diff` through the real CLI entry point, on results fetched from the simulator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.jobs import ORACLE_JOB
from tests.result.diff.fixtures import result, zip_of


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


@pytest.fixture
def aksk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", DEMO.access_key)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", DEMO.secret_key)


def fetch(sim: Simulator, dest: Path, *extra: str) -> str:
    endpoint = ["--endpoint", sim.base_url, "--iam-endpoint", sim.base_url, "--region", DEMO.region]
    assert main(["fetch", *endpoint, "--job", ORACLE_JOB, "-o", str(dest), *extra]) == 0
    return str(dest)


def test_before_and_after_a_re_upload_fetched_from_the_api(
    simulator: Simulator, aksk_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = fetch(simulator, tmp_path / "before.zip")
    simulator.reupload(ORACLE_JOB)
    after = fetch(simulator, tmp_path / "after.zip")
    capsys.readouterr()
    code, out, _ = run(capsys, "diff", before, after)
    assert code == exit_codes.OK
    lines = out.splitlines()
    assert lines[-1].startswith("Summary: entries + 0 added, - 0 removed, ~ 1 changed, 1 same;")
    assert "fixed: 1, new errors: 1, still failing: 1" in lines[-1]
    assert "~ FIN.MISSING_TABLE  (row 12 → 11)  fixed" in lines
    assert "    Error Reason: (empty) → Column type LONG is not supported" in lines
    assert "+ INV.STOCK_MOVE  (new row 13)" in lines
    assert "\x1b[" not in out  # no colour in a pipe
    code, _, _ = run(capsys, "diff", before, after, "--exit-code")
    assert code == exit_codes.FAILURE
    code, out, _ = run(capsys, "diff", before, before, "--exit-code")
    assert code == exit_codes.OK and "2 same" in out.splitlines()[-1]


def test_detail_against_synchronized_and_the_two_languages(
    simulator: Simulator, aksk_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    detail = fetch(simulator, tmp_path / "d.zip")
    synced = fetch(simulator, tmp_path / "s.zip", "--type", "synchronized")
    zh = fetch(simulator, tmp_path / "zh.zip", "--lang", "zh-cn")
    capsys.readouterr()
    _, out, _ = run(capsys, "diff", detail, synced)
    assert out.count("\n- ") == 3 and "rows + 0 added, - 3 removed, ~ 0 changed" in out
    _, out, _ = run(capsys, "diff", detail, zh)
    assert "~ object_import_detail.xlsx → 对象导入校验结果.xlsx" in out
    assert out.splitlines()[-1].endswith("still failing: 3; reasons differ only in language")
    assert "rows + 0 added, - 0 removed, ~ 0 changed" in out


def test_json_lines_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path / "a.zip", result("detail"))
    new = write(tmp_path / "b.zip", result("detail", revision=2))
    code, out, err = run(capsys, "diff", old, new, "--json")
    assert code == exit_codes.OK
    records = [json.loads(line) for line in out.splitlines()]
    kinds = [r["type"] for r in records]
    assert kinds[0] == "entry" and kinds[-2:] == ["table_summary", "summary"]
    assert records[1] == {
        "type": "table",
        "old": "object_import_detail.xlsx",
        "new": "object_import_detail.xlsx",
        "key": ["Schema", "Table"],
        "cross_language": False,
        "only_old": [],
        "only_new": [],
        "note": None,
    }
    rows = {tuple(r["key"]): r for r in records if r["type"] == "row"}
    assert rows[("SALES", "CUSTOMER")]["changes"][1] == {
        "column": "Error Reason",
        "old": "",
        "new": "Column type LONG is not supported",
    }
    assert rows[("INV", "STOCK_MOVE")]["cells"]["Table"] == "STOCK_MOVE"
    summary = records[-1]
    assert summary["rows"] == {"added": 1, "removed": 1, "changed": 2}
    assert summary["reasons"]["fixed"] == 1 and summary["differences"] is True
    assert err.startswith("Summary:")
    assert run(capsys, "diff", old, new, "--format", "json")[1] == out


def test_tsv_is_one_line_per_changed_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path / "a.zip", zip_of({"r.csv": "Schema,Table,Type,Note\nS,T,TABLE,a\tb\n"}))
    new = write(tmp_path / "b.zip", zip_of({"r.csv": "Schema,Table,Type,Note\nS,T,VIEW,c\n"}))
    code, out, err = run(capsys, "diff", old, new, "--format", "tsv")
    assert code == exit_codes.OK
    lines = out.splitlines()
    assert lines[0].split("\t") == [
        "status", "old_entry", "new_entry", "key", "old_row", "new_row", "column", "old", "new",
        "reason",
    ]  # fmt: skip
    assert lines[1].split("\t") == ["changed", "r.csv", "r.csv"]
    assert lines[2].split("\t") == ["changed", "r.csv", "r.csv", "S.T", "2", "2", "Type", "TABLE",
                                    "VIEW", ""]  # fmt: skip
    assert lines[3].split("\t")[6:9] == ["Note", "a\\tb", "c"]  # a tab in a cell is escaped
    assert err.startswith("Summary:") and len(lines) == 4


def test_colour_only_beside_the_markers(tmp_path: Path) -> None:
    from io import StringIO

    from drs_tui.commands.diff_output import DiffWriter
    from drs_tui.result import ResultArchive, ResultComparison

    old = write(tmp_path / "a.zip", result("detail"))
    new = write(tmp_path / "b.zip", result("detail", revision=2))
    out = StringIO()
    with ResultArchive.open(old) as a, ResultArchive.open(new) as b:
        DiffWriter(out, StringIO(), fmt="text", color=True).write(ResultComparison(a, b))
    text = out.getvalue()
    assert "\x1b[31m−\x1b[0m HR." in text and "\x1b[32m+\x1b[0m INV.STOCK_MOVE" in text


def test_failures_name_the_problem_and_the_next_step(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "a.zip", result("detail"))
    code, out, err = run(capsys, "diff", str(tmp_path / "missing.zip"), good, "--json")
    assert code == exit_codes.BAD_RESULT and "does not exist" in err and "Hint:" in err
    assert json.loads(out)["title"] == "File not found"
    damaged = write(tmp_path / "bad.zip", b"PK\x03\x04 not really")
    code, out, err = run(capsys, "diff", good, damaged)
    assert code == exit_codes.BAD_RESULT and out == ""
    other = write(tmp_path / "o.zip", zip_of({"x.bin": b"\0"}))
    code, _, err = run(capsys, "diff", good, other)
    assert code == exit_codes.USAGE and "no entry in common" in err
    nokey_a = write(tmp_path / "k1.zip", zip_of({"r.csv": "A,B\n1,2\n"}))
    nokey_b = write(tmp_path / "k2.zip", zip_of({"r.csv": "A,B\n1,3\n"}))
    code, out, err = run(capsys, "diff", nokey_a, nokey_b, "--json")
    assert code == exit_codes.USAGE and json.loads(out)["title"] == "No key columns"
    assert "--key" in err
    code, out, _ = run(capsys, "diff", nokey_a, nokey_b, "--key", "A")
    assert code == exit_codes.OK and "~ 1 changed" in out.splitlines()[-1]
    code, _, err = run(capsys, "diff", good, good, "--json", "--format", "tsv")
    assert code == exit_codes.USAGE


def test_entry_picks_one_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write(tmp_path / "a.zip", result("detail"))
    new = write(tmp_path / "b.zip", result("detail", "zh-cn"))
    code, out, _ = run(capsys, "diff", old, new, "--entry", "对象导入校验结果.xlsx", "--json")
    assert code == exit_codes.OK
    tables = [json.loads(line) for line in out.splitlines() if '"table"' in line[:20]]
    assert [(t["old"], t["new"], t["cross_language"]) for t in tables] == [
        ("object_import_detail.xlsx", "对象导入校验结果.xlsx", True)
    ]
    code, out, _ = run(capsys, "diff", old, new, "--entry", "README.txt")
    assert code == exit_codes.OK
    assert "README.txt → 说明.txt:\n  note: not a table: compared as a whole entry only" in out
    code, _, err = run(capsys, "diff", old, new, "--entry", "nope.xlsx")
    assert code == exit_codes.USAGE and "No entry named 'nope.xlsx'" in err
