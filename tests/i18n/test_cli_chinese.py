"""The command line in Chinese: help (argparse's own words too), usage errors, messages,
tables that line up by terminal cells, and `--json` that does not change with the language."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from drs_tui.commands.output import cell_width, pad, print_table, wrap_cells
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO


@pytest.fixture
def result_zip(tmp_path: Path) -> Path:
    path = tmp_path / "结果.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "结果/对象导入结果.csv", "库名,表名,错误原因\nHR,PAYROLL,表名过长\nHR,EMP,\n"
        )
        archive.writestr("readme.txt", "hello\n")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int | str | None, str, str]:
    """Exit code (or SystemExit's), stdout and stderr of `drs-tui ARGV`."""
    try:
        code: int | str | None = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_jobs_help_is_chinese_argparse_headings_included(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "--ui-lang", "zh", "jobs", "--help")
    assert code == 0
    assert out.startswith("用法：drs-tui jobs [-h]")
    for words in ("选项:", "连接:", "显示此帮助信息并退出", "最多列出 N 个作业", "输出 JSON"):
        assert words in out
    assert "usage:" not in out and "options:" not in out and "show this help" not in out
    # every line fits the terminal, counted in cells (a Chinese character takes two)
    assert max(map(cell_width, out.splitlines())) <= 80


def test_usage_continuation_lines_line_up_under_a_chinese_prefix(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    _, out, _ = run(capsys, "--ui-lang", "zh", "jobs", "--help")
    first, second = out.splitlines()[:2]
    column = cell_width("用法：drs-tui jobs ")
    assert first.startswith("用法：drs-tui jobs [")
    assert second[:column].strip() == "" and second[column] == "["


def test_chinese_help_wraps_within_the_width_and_keeps_paragraphs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    _, out, _ = run(capsys, "--ui-lang", "zh", "fetch", "--help")
    lines = [line for line in out.splitlines() if not line.lstrip().startswith(("[", "--type"))]
    lines = [line for line in lines if "compare_key_detail" not in line]  # choices, unbroken
    assert max(map(cell_width, lines)) <= 50
    assert not any(line.lstrip().startswith(("，", "。", "）", "；")) for line in lines)
    assert "\n\n--job 接受作业 ID" in out


def test_a_usage_error_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--ui-lang", "zh", "fetch")
    assert code == exit_codes.USAGE
    assert out == ""
    assert err.startswith("用法：drs-tui fetch")
    assert "drs-tui fetch: 错误：缺少必需的参数：--job" in err
    code, _, err = run(capsys, "--ui-lang", "zh", "fetch", "--job", "x", "--type", "all")
    assert "参数 --type：无效的选项：'all'（可选值：" in err
    _, _, err = run(capsys, "--ui-lang", "zh", "jobs", "--frob")
    assert "无法识别的参数：--frob" in err


def test_a_usage_error_as_json_keeps_english_keys(capsys: pytest.CaptureFixture[str]) -> None:
    _, english, _ = run(capsys, "jobs", "--limit", "--json")
    _, chinese, _ = run(capsys, "--ui-lang", "zh", "jobs", "--limit", "--json")
    english_error, chinese_error = json.loads(english), json.loads(chinese)
    assert english_error.keys() == chinese_error.keys()
    assert chinese_error["exit_code"] == english_error["exit_code"] == exit_codes.USAGE
    assert chinese_error["message"] == "参数 --limit：需要一个参数值"


def test_the_locale_chooses_chinese_for_a_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, result_zip: Path
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, out, _ = run(capsys, "ls", str(result_zip))
    assert code == exit_codes.OK
    assert out.splitlines()[0].split() == [
        "原始大小",
        "压缩后",
        "压缩比",
        "压缩方式",
        "修改时间",
        "名称",
    ]
    assert "2 个文件，1 个文件夹" not in out and "2 个文件，0 个文件夹" in out


def test_ls_columns_line_up_with_chinese_headings(
    capsys: pytest.CaptureFixture[str], result_zip: Path
) -> None:
    _, out, _ = run(capsys, "--ui-lang", "zh", "ls", str(result_zip))
    heading, rule = out.splitlines()[:2]
    # right-aligned headings end where their rule ends; the name starts where its rule does
    cells = [
        cell_width(heading[: heading.index(word) + len(word)])
        for word in ("原始大小", "压缩后", "压缩比")
    ]
    ends = [len(part) for part in _rule_ends(rule)][:3]
    assert cells == ends
    assert cell_width(heading[: heading.index("名称")]) == rule.rindex("----")


def _rule_ends(rule: str) -> list[str]:
    """`rule` cut after each run of dashes: the cells up to the end of each column."""
    ends: list[str] = []
    position = 0
    while True:
        start = rule.find("-", position)
        if start < 0:
            return ends
        end = start
        while end < len(rule) and rule[end] == "-":
            end += 1
        ends.append(rule[:end])
        position = end


def test_json_output_is_the_same_in_both_languages(
    capsys: pytest.CaptureFixture[str], result_zip: Path
) -> None:
    outputs = {}
    for language in ("en", "zh"):
        outputs[language] = [
            run(capsys, "--ui-lang", language, "ls", str(result_zip), "--json")[1],
            run(capsys, "--ui-lang", language, "--demo", "jobs", "--json")[1],
        ]
    assert outputs["en"] == outputs["zh"]
    assert '"total_count"' in outputs["zh"][1] and '"result_api": true' in outputs["zh"][1]


def test_a_json_failure_differs_only_in_its_human_text(
    capsys: pytest.CaptureFixture[str], result_zip: Path
) -> None:
    def failure(language: str) -> dict[str, Any]:
        argv = ("--ui-lang", language, "show", str(result_zip), "结果", "--json")
        code, out, _ = run(capsys, *argv)
        data: dict[str, Any] = json.loads(out)
        assert code == data["exit_code"] != exit_codes.OK
        return data

    english, chinese = failure("en"), failure("zh")
    assert english.keys() == chinese.keys()
    human = {"title", "message", "error_msg", "hint"}
    assert {k: v for k, v in english.items() if k not in human} == {
        k: v for k, v in chinese.items() if k not in human
    }


def test_messages_are_chinese(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--ui-lang", "zh", "open", str(tmp_path / "无.zip"))
    assert code == exit_codes.BAD_RESULT
    assert "无.zip 不存在。" in err and "请检查路径后重试。" in err
    code, out, _ = run(capsys, "--ui-lang", "zh", "profile", "list")
    assert out.startswith("还没有配置项。")
    assert "drs-tui profile add NAME --method aksk" in out  # the command stays as typed


def test_jobs_table_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--ui-lang", "zh", "--demo", "jobs", "--name", "orders")
    assert code == exit_codes.OK
    heading, row = out.splitlines()[:2]
    assert heading.split() == ["ID", "名称", "状态", "引擎", "创建时间", "结果", "API"]
    assert cell_width(heading[: heading.index("状态")]) == row.index("INCRE_TRANSFER_STARTED")
    assert row.endswith("是")
    assert "共 1 个作业" in out


def test_profile_test_json_keys_stay_english(
    capsys: pytest.CaptureFixture[str], simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    add = [
        "profile", "add", "demo", "--method", "token", "--region", DEMO.region,
        "--endpoint", simulator.base_url, "--iam-endpoint", simulator.base_url, "--secret-stdin",
    ]  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{DEMO.token}\n"))
    assert run(capsys, "--ui-lang", "zh", *add)[0] == exit_codes.OK
    tests = {}
    for language in ("en", "zh"):
        code, out, _ = run(capsys, "--ui-lang", language, "profile", "test", "demo", "--json")
        assert code == exit_codes.OK
        tests[language] = json.loads(out)
    assert tests["zh"].keys() == tests["en"].keys() >= {"auth_method", "project_id", "ok"}
    assert tests["zh"]["project_id"] == tests["en"]["project_id"] == DEMO.project_id
    _, out, _ = run(capsys, "--ui-lang", "zh", "profile", "test", "demo")
    assert "认证方式：" in out and "项目 ID：" in out


def test_cell_widths() -> None:
    assert cell_width("abc") == 3
    assert cell_width("作业") == 4
    assert cell_width("e\u0301") == 1  # a combining accent takes no cell
    assert pad("作业", 6) == "作业  "
    assert pad("作业", 6, right=True) == "  作业"


def test_a_table_lines_up_by_cells(capsys: pytest.CaptureFixture[str]) -> None:
    print_table(["名称", "SIZE"], [["订单表", "1"], ["abc", "22"]])
    lines = capsys.readouterr().out.splitlines()
    assert [
        cell_width(line[: line.index(cell)]) for line, cell in zip(lines, "S12", strict=True)
    ] == [
        8,
        8,
        8,
    ]


def test_wrapping_by_cells_keeps_punctuation_with_its_word() -> None:
    lines = wrap_cells("按作业名称或 ID 过滤（在服务器端），并且只列出前 N 个作业。", 12)
    assert all(cell_width(line) <= 12 for line in lines)
    assert (
        "".join(lines).replace(" ", "") == "按作业名称或ID过滤（在服务器端），并且只列出前N个作业。"
    )
    assert not any(line.startswith(("，", "。", "）")) for line in lines)
    assert not any(line.endswith("（") for line in lines)
    assert wrap_cells("plain words stay whole", 10) == ["plain", "words stay", "whole"]


def test_doctor_rows_line_up_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--ui-lang", "zh", "doctor")
    assert code == exit_codes.OK
    sections = [part.splitlines() for part in out.split("\n\n") if part.strip()]
    config = next(lines for lines in sections if lines[0] == "配置")
    rows = config[1:]
    assert [row.split("：")[0].strip() for row in rows][:2] == ["文件", "权限"]
    starts = {cell_width(row) - cell_width(row.split("：", 1)[1].lstrip()) for row in rows}
    assert len(starts) == 1, rows  # every value starts in the same column


def test_profile_path_rows_line_up_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--ui-lang", "zh", "profile", "path")
    assert code == exit_codes.OK
    rows = out.splitlines()
    assert rows[0].startswith("配置文件：")
    starts = {cell_width(row) - cell_width(row.split("：", 1)[1].lstrip()) for row in rows}
    assert len(starts) == 1, rows
