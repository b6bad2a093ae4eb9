"""`drs-tui ls` flags what `extract` would refuse; `extract` from a damaged archive says so."""

from __future__ import annotations

import json
import struct
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
    assert out.count("another entry has the same name") == 1  # the second copy only
    assert "!" not in rows["fine.txt"]
    assert "5 with problems" in out
    assert "warning: 5 entries will not be extracted (marked !)" in out


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
        ("twice.txt", None),  # extracted
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


# -- extract from a damaged archive --------------------------------------------------------


def three_entries() -> bytes:
    return build_zip([Member("a.txt", b"a"), Member("b.txt", b"b"), Member("c.txt", b"c")])


def second_record_broken() -> bytes:
    data = three_entries()
    second = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    return data[:second] + b"XX" + data[second + 2 :]


def last_record_cut() -> bytes:
    """The central directory one byte short: the last record cannot be read."""
    data = bytearray(three_entries())
    eocd = data.rindex(b"PK\x05\x06")
    (cd_size,) = struct.unpack_from("<I", data, eocd + 12)
    struct.pack_into("<I", data, eocd + 12, cd_size - 1)
    return bytes(data)


@pytest.mark.parametrize(
    ("data", "lost"),
    [(second_record_broken(), ["b.txt", "c.txt"]), (last_record_cut(), ["c.txt"])],
    ids=["second-record-broken", "last-record-cut"],
)
def test_extract_from_a_damaged_central_directory_names_the_lost_entries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, lost: list[str]
) -> None:
    path = tmp_path / "damaged.zip"
    path.write_bytes(data)
    dest = tmp_path / "out"
    code, out, err = run(capsys, "extract", str(path), "-d", str(dest))
    assert code == exit_codes.BAD_RESULT
    assert (dest / "a.txt").read_bytes() == b"a"
    assert sorted(p.name for p in dest.iterdir()) == sorted({"a.txt", "b.txt", "c.txt"} - set(lost))
    assert "warning: The central directory" in err or "warning: The end record" in err
    assert f"not in the listing, not extracted: {', '.join(lost)}" in err
    count = "1 entry was" if len(lost) == 1 else f"{len(lost)} entries were"
    assert f"{count} not extracted" in err
    assert str(dest / "a.txt") in out


def test_extract_of_entries_recovered_from_local_headers_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = three_entries()
    path = tmp_path / "cut.zip"
    path.write_bytes(data[: data.index(b"PK\x01\x02")])  # every entry whole, no directory
    dest = tmp_path / "out"
    code, _out, err = run(capsys, "extract", str(path), "-d", str(dest))
    assert code == exit_codes.BAD_RESULT
    assert sorted(p.name for p in dest.iterdir()) == ["a.txt", "b.txt", "c.txt"]
    assert "warning: The end of the file is missing" in err
    assert "the archive is damaged: entries may be missing" in err


def test_extract_with_a_truncated_comment_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = build_zip([Member("a.txt", b"a")], comment=b"c" * 40)[:-10]
    path = tmp_path / "comment.zip"
    path.write_bytes(data)
    code, _out, err = run(capsys, "extract", str(path), "-d", str(tmp_path / "out"))
    assert code == exit_codes.BAD_RESULT
    assert "warning: The archive comment is cut short" in err
    assert (tmp_path / "out" / "a.txt").read_bytes() == b"a"


def test_extract_of_chosen_entries_names_only_lost_ones_they_match(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "damaged.zip"
    path.write_bytes(second_record_broken())
    code, _out, err = run(capsys, "extract", str(path), "[ac].txt", "-d", str(tmp_path / "o"))
    assert code == exit_codes.BAD_RESULT
    assert "not in the listing, not extracted: c.txt" in err
    assert "b.txt" not in err


def test_extract_from_a_sound_archive_is_quiet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sound.zip"
    path.write_bytes(three_entries())
    code, _out, err = run(capsys, "extract", str(path), "-d", str(tmp_path / "out"))
    assert code == exit_codes.OK
    assert err == ""


def test_what_ls_marks_is_what_extract_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`!` in the listing means "not extracted": the marked entries are the ones extract
    refuses, no more (ls marked both copies of a repeated name; extract writes the
    first). Repeated names with both copies inside and a folder after a file too."""
    members = [
        Member("twice.txt", b"1"),
        Member("sub/a.txt", b"2"),
        Member("sub\\a.txt", b"3"),
        Member("f", b"4"),
        Member("f/", b""),
        Member("d/", b""),
        Member("d/", b""),
        Member("twice.txt", b"5"),
        Member("../up.txt", b"6"),
    ]
    path = tmp_path / "repeated.zip"
    path.write_bytes(build_zip(members))
    _, out, _ = run(capsys, "ls", "--json", str(path))
    marked = [i for i, entry in enumerate(json.loads(out)["entries"]) if entry["name_problem"]]
    code, out, _ = run(capsys, "extract", "--json", str(path), "-d", str(tmp_path / "out"))
    assert code == exit_codes.BAD_RESULT
    refused = [entry["entry"] for entry in json.loads(out)["failures"]]
    assert sorted(refused) == sorted(members[i].name for i in marked)
    assert (tmp_path / "out" / "twice.txt").read_bytes() == b"1"
