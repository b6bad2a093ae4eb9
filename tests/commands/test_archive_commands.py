"""`drs-tui ls | show | extract` through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from tests.result import corpus
from tests.result.corpus import Member, build_zip
from tests.result.sheet_corpus import xlsx_bytes


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_ls_prints_a_table_with_totals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ls", str(corpus.mixed_zip(tmp_path)))
    assert code == exit_codes.OK
    lines = out.splitlines()
    assert lines[0].split() == ["Length", "Compressed", "Ratio", "Method", "Modified", "Name"]
    row = next(line for line in lines if line.endswith("data/deflated.csv"))
    assert row.split()[:2] == ["7827", row.split()[1]]
    assert "Deflate" in row and "2025-01-01 12:00" in row
    assert any(line.endswith("结果.txt") for line in lines)
    assert "7 files, 1 folder" in lines[-1]


def test_ls_shows_problems_and_archive_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "ls", str(corpus.full_overlap_bomb(tmp_path)))
    assert code == exit_codes.BAD_RESULT
    assert out.count("! overlaps another entry: possible zip bomb") == 10
    assert "warning: 10 entries overlap each other" in out
    code, out, _ = run(capsys, "ls", str(corpus.encrypted_zip(tmp_path)))
    assert code == exit_codes.OK
    assert "aes.txt  ! encrypted (AES)" in out
    assert "10 with problems" not in out and "2 with problems" in out


def test_ls_json_for_scripts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "ls", str(corpus.gbk_names_zip(tmp_path)), "--json", "--sort", "name"
    )
    assert code == exit_codes.OK
    data = json.loads(out)
    assert [e["name"] for e in data["entries"]] == sorted(corpus.GBK_NAMES)
    assert data["totals"]["files"] == 3
    assert data["problems"] == []
    first = data["entries"][0]
    assert set(first) >= {
        "name",
        "size",
        "compressed_size",
        "ratio",
        "method",
        "modified",
        "problem",
    }


def test_ls_forced_encoding_and_reverse_sort(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(corpus.gbk_names_zip(tmp_path))
    _, out, _ = run(capsys, "ls", path, "--encoding", "cp437", "--json")
    assert json.loads(out)["entries"][0]["name"] == corpus.GBK_NAMES[0].encode("gbk").decode(
        "cp437"
    )
    _, out, _ = run(capsys, "ls", path, "--sort", "size", "-r", "--json")
    assert len(json.loads(out)["entries"]) == 3


def test_ls_check_marks_crc_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ls", str(corpus.crc_mismatch_zip(tmp_path)), "--check")
    assert code == exit_codes.BAD_RESULT
    assert "CRC" in out.splitlines()[0]
    bad = next(line for line in out.splitlines() if "bad_stored.txt" in line)
    assert " bad " in bad and "! CRC mismatch" in bad
    good = next(line for line in out.splitlines() if "good.txt" in line)
    assert " ok " in good


def test_ls_escapes_control_characters(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "esc.zip"
    path.write_bytes(build_zip([Member("a\x1b[31mred.txt", b"x")]))
    _, out, _ = run(capsys, "ls", str(path))
    assert "\x1b" not in out
    assert "a\\x1b[31mred.txt" in out


def test_ls_truncated_file_lists_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = corpus.mixed_zip(tmp_path).read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(whole[: len(whole) // 2])
    code, out, _ = run(capsys, "ls", str(path))
    assert code == exit_codes.BAD_RESULT
    assert "data/stored.txt" in out
    assert "warning: The end of the file is missing" in out


def test_ls_not_a_zip_is_a_clean_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "ls", str(corpus.html_download(tmp_path)))
    assert code == exit_codes.BAD_RESULT
    assert out == ""
    assert "Not a ZIP file" in err and "error page" in err
    assert "Traceback" not in err


def test_show_prints_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", str(corpus.mixed_zip(tmp_path)), "data/stored.txt")
    assert code == exit_codes.OK
    assert "stored bytes" in out


def test_show_unknown_entry_and_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(corpus.mixed_zip(tmp_path))
    code, _, err = run(capsys, "show", path, "data/stored.tx")
    assert code == exit_codes.USAGE  # a bad input value, not a damaged file
    assert "No entry named 'data/stored.tx'" in err and "data/stored.txt" in err
    code, _, err = run(capsys, "show", path, "data/")
    assert code == exit_codes.BAD_RESULT
    assert "is a folder" in err


def test_show_encrypted_entry_explains(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", str(corpus.encrypted_zip(tmp_path)), "aes.txt")
    assert code == exit_codes.BAD_RESULT
    assert "encrypted" in err.lower()


def test_extract_all_then_refuses_to_clobber(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(corpus.mixed_zip(tmp_path))
    dest = tmp_path / "out"
    code, out, _ = run(capsys, "extract", path, "-d", str(dest))
    assert code == exit_codes.OK
    assert len(out.splitlines()) == 8
    assert (dest / "data" / "deflated.csv").is_file()
    code, _, err = run(capsys, "extract", path, "data/stored.txt", "-d", str(dest))
    assert code == exit_codes.BAD_RESULT
    assert "already exists" in err and "--overwrite" in err
    code, _, _ = run(capsys, "extract", path, "data/stored.txt", "-d", str(dest), "--overwrite")
    assert code == exit_codes.OK


def test_extract_selects_folders_and_wildcards(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(corpus.mixed_zip(tmp_path))
    dest = tmp_path / "out"
    code, _out, _ = run(capsys, "extract", path, "data", "*.txt", "-d", str(dest))
    assert code == exit_codes.OK
    assert (dest / "结果.txt").is_file() and (dest / "data" / "bzip2.txt").is_file()
    code, _, err = run(capsys, "extract", path, "nothing-*", "-d", str(dest))
    assert code == exit_codes.USAGE
    assert "No entry named 'nothing-*'" in err


def test_extract_skips_unsafe_entries_and_reports_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "out"
    code, _out, err = run(capsys, "extract", str(corpus.traversal_zip(tmp_path)), "-d", str(dest))
    assert code == exit_codes.BAD_RESULT
    assert "skipped ../evil.txt" in err
    assert f"{len(corpus.TRAVERSAL_NAMES)} entries were not extracted" in err
    assert (dest / "safe" / "ok.txt").is_file()
    assert not (tmp_path / "evil.txt").exists()


def test_unknown_encoding_entry_or_sheet_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "book.zip"
    book = xlsx_bytes({"Data": [["a", "b"], ["1", "2"]], "Other": [["x"]]})
    path.write_bytes(build_zip([Member("t.xlsx", book), Member("a.txt", b"text")]))
    for argv in (
        ["ls", str(path), "--encoding", "gbkk"],
        ["show", str(path), "a.txt", "--encoding", "gbkk"],
        ["show", str(path), "a.txt", "--name-encoding", "gbkk"],
        ["show", str(path), "b.txt"],
        ["show", str(path), "t.xlsx", "--sheet", "Nope"],
    ):
        code, _, err = run(capsys, *argv)
        assert code == exit_codes.USAGE, (argv, err)
        assert "gbkk" in err or "b.txt" in err or "no sheet 'Nope'" in err
    code, out, err = run(capsys, "show", str(path), "t.xlsx", "--sheet", "Other")
    assert code == exit_codes.OK and out == "x\n"


def test_extract_escapes_hostile_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "hostile.zip"
    members = [
        Member("a\x1b[2Jb.txt", b"x"),
        Member("../\x1b]0;pwned\x07.txt", b"y"),
        Member("rlo\u202etxt.exe", b"z"),
    ]
    path.write_bytes(build_zip(members))
    dest = tmp_path / "out"
    code, out, err = run(capsys, "extract", str(path), "-d", str(dest))
    assert code == exit_codes.BAD_RESULT
    for text in (out, err):
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "a\\x1b[2Jb.txt" in out and "rlo\\u202etxt.exe" in out
    assert "skipped ../\\x1b]0;pwned\\x07.txt" in err
    assert (dest / "a\x1b[2Jb.txt").read_bytes() == b"x"  # the file keeps its real name


def test_show_records_prints_json_objects_as_tsv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = {
        "job": "x",
        "objects": [
            {"schema": "HR", "table": "PAYROLL", "错误原因": "表名过长\tlimit 63"},
            {"schema": "HR", "table": "EMPLOYEE", "错误原因": None},
            {"schema": "FIN", "table": "LEDGER", "错误原因": "重复对象", "extra": [1, 2]},
        ],
    }
    path = tmp_path / "records.zip"
    json_bytes = json.dumps(document, ensure_ascii=False).encode()
    path.write_bytes(build_zip([Member("r.json", json_bytes), Member("a.txt", b"hi")]))

    code, out, err = run(capsys, "show", str(path), "r.json", "--records")
    assert code == exit_codes.OK
    assert out.splitlines() == [
        "schema\ttable\t错误原因\textra",
        "HR\tPAYROLL\t表名过长\\tlimit 63\t",  # a tab inside a cell is escaped
        "HR\tEMPLOYEE\t\t",
        "FIN\tLEDGER\t重复对象\t[1, 2]",
    ]
    assert "✗ 2 of 3 rows with an error reason (错误原因)" in err

    code, out, _ = run(capsys, "show", str(path), "r.json", "--records", "--errors", "--rows", "1")
    assert out.splitlines() == [
        "schema\ttable\t错误原因\textra",
        "HR\tPAYROLL\t表名过长\\tlimit 63\t",
    ]

    code, out, err = run(capsys, "show", str(path), "a.txt", "--records")
    assert code == exit_codes.BAD_RESULT and out == ""
    assert "a.txt is not a JSON document" in err and "drop it" in err


def test_show_records_refuses_json_without_a_list_of_objects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "plain.zip"
    path.write_bytes(build_zip([Member("p.json", b'{"a": [1, 2, 3]}')]))
    code, out, err = run(capsys, "show", str(path), "p.json", "--records")
    assert code == exit_codes.BAD_RESULT and out == ""
    assert "holds no list of objects" in err and "Drop --records" in err


def test_show_errors_applies_to_json_and_text_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--errors` without --records on a JSON entry, and on a text entry, keeps the lines
    that report a failure (issue 12: both were printed whole)."""
    document = json.dumps(
        [{"table": "A", "status": "ok"}, {"table": "B", "error": "bad"}], indent=1
    )
    path = tmp_path / "errors.zip"
    path.write_bytes(
        build_zip(
            [
                Member("r.json", document.encode()),
                Member("s.txt", b"line ok\nT_ORDERS failed: not exist\nall good\n"),
            ]
        )
    )
    code, out, err = run(capsys, "show", str(path), "r.json", "--errors")
    assert code == exit_codes.OK
    assert out.splitlines() == ['    "error": "bad"']  # the line as written
    code, out, err = run(capsys, "show", str(path), "s.txt", "--errors")
    assert code == exit_codes.OK
    assert out == "T_ORDERS failed: not exist\n"
    assert "1 line reports a failure" in err


def test_show_reads_big5_and_shift_jis_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big5 = "表名\t錯誤原因\nT_ORDER\t欄位 COL_7 不存在\n訂單明細\t表名過長\n"
    sjis = "テーブル名\tエラー理由\nT_ORDER\t列 COL_7 が存在しません\n"
    path = tmp_path / "legacy.zip"
    path.write_bytes(
        build_zip(
            [Member("big5.txt", big5.encode("big5")), Member("sjis.txt", sjis.encode("cp932"))]
        )
    )
    code, out, err = run(capsys, "show", str(path), "big5.txt", "--format", "text")
    assert (code, out) == (exit_codes.OK, big5)
    assert "note: decoded as Big5 (detected; --encoding to choose)" in err
    code, out, err = run(capsys, "show", str(path), "sjis.txt", "--format", "text")
    assert (code, out) == (exit_codes.OK, sjis)
    assert "decoded as Shift_JIS" in err
    code, out, err = run(capsys, "show", str(path), "big5.txt", "--encoding", "gb18030")
    assert "decoded as" not in err  # chosen, not detected
