"""`drs-tui ls` flags what `extract` would refuse; `extract` from a damaged archive says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from tests.result import corpus
from tests.result.corpus import S_IFLNK, UNIX, Member, build_zip


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def hostile_zip(tmp_path: Path) -> Path:
    members = [
        Member("../up.txt", b"x"),
        Member("/etc/abs.txt", b"x"),
        Member("C:\\drive.txt", b"x"),
        Member("link", b"/etc", create_system=UNIX, external_attr=(S_IFLNK | 0o777) << 16),
        Member("twice.txt", b"1"),
        Member("twice.txt", b"2"),
        Member("fine.txt", b"ok"),
    ]
    path = tmp_path / "hostile.zip"
    path.write_bytes(build_zip(members))
    return path


def test_ls_marks_unsafe_names_links_and_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "ls", str(hostile_zip(tmp_path)))
    assert code == exit_codes.OK  # the archive is sound; the entries are flagged
    rows = {line.split("  ! ")[0].split()[-1]: line for line in out.splitlines() if "2025" in line}
    assert "'..'" in rows["../up.txt"]
    assert "absolute path" in rows["/etc/abs.txt"]
    assert "drive letter" in rows["C:\\drive.txt"]
    assert "symbolic link" in rows["link"]
    assert out.count("another entry has the same name") == 2
    assert "!" not in rows["fine.txt"]
    assert "6 with problems" in out
    assert "warning: 6 entries will not be extracted (marked !)" in out


def test_ls_json_gives_each_name_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "ls", str(hostile_zip(tmp_path)), "--json")
    assert code == exit_codes.OK
    entries = json.loads(out)["entries"]
    problems = [(e["name"], e["name_problem"]) for e in entries]
    assert problems == [
        ("../up.txt", "its path goes up out of the folder with '..'"),
        ("/etc/abs.txt", "it has an absolute path"),
        ("C:\\drive.txt", "its path starts with a drive letter"),
        ("link", "it is a symbolic link, and drs-tui does not create links"),
        ("twice.txt", "another entry has the same name"),
        ("twice.txt", "another entry has the same name"),
        ("fine.txt", None),
    ]
    assert entries[0]["problem"] == "not extracted: its path goes up out of the folder with '..'"


def test_ls_sound_archive_has_no_name_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "ls", str(corpus.mixed_zip(tmp_path)))
    assert code == exit_codes.OK
    assert "!" not in out and "warning" not in out
