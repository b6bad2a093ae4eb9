"""Every crash the fuzz harness found, as a named test with a minimal input built by code.

A finding not fixed yet is a strict xfail named for the crash and listed in
test_fuzz_result.KNOWN_OPEN: fixing it turns the test into an XPASS failure, and then
the marker and the KNOWN_OPEN entry go. None is open today.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from drs_tui.result.text import hex_lines
from tests.fuzz.case_runner import PAGE_LIMIT
from tests.result.corpus import Member, build_zip
from tests.result.sheet_corpus import NS_MAIN, xlsx_bytes


def workbook_zip(tmp_path: Path, replace: dict[str, str]) -> Path:
    book = xlsx_bytes({"S": [["a", 1], ["b", 2]]}, replace=replace)
    path = tmp_path / "result.zip"
    path.write_bytes(build_zip([Member("book.xlsx", book, method=8)]))
    return path


def test_fuzz_unknown_xml_encoding_in_a_workbook_part(tmp_path: Path) -> None:
    """An XML declaration naming a codec Python lacks: expat raises LookupError."""
    rels = '<?xml version="1.0" encoding="no-such-codec"?><Relationships/>'
    path = workbook_zip(tmp_path, {"_rels/.rels": rels})
    assert main(["show", str(path), "book.xlsx"]) == exit_codes.BAD_RESULT


def test_fuzz_default_page_of_one_long_line_is_bounded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One 8 MiB line without a newline: the default page printed all of it (fixed in
    main's show by a byte bound on the page)."""
    path = tmp_path / "result.zip"
    path.write_bytes(build_zip([Member("one-line.txt", b"x" * (8 << 20), method=8)]))
    assert main(["show", str(path), "one-line.txt"]) == exit_codes.OK
    assert len(capsys.readouterr().out) < PAGE_LIMIT


def test_fuzz_bare_carriage_return_in_a_csv_record_with_errors(tmp_path: Path) -> None:
    """`show --errors` on a CSV whose reason field holds a bare CR: the csv module gives
    up on that line, `_parsed` yields nothing, and `next()` raises StopIteration."""
    path = tmp_path / "result.zip"
    path.write_bytes(build_zip([Member("e.csv", "表名,列名,错误原因\nT_1,C,bad\rmore\n".encode())]))
    assert main(["show", str(path), "e.csv", "--errors"]) in (exit_codes.OK, exit_codes.BAD_RESULT)


@pytest.mark.timeout(5)  # a hang guard, not a measure: linear work here takes milliseconds
def test_fuzz_unclosed_shared_string_items_do_not_hang_show(tmp_path: Path) -> None:
    """24,000 <si> openings and one </si> at the end (190 KB): each opening makes the
    lazy `(.*?)</si>` of the old reader scan to the end of its block, so the first
    page took 12 s (the fuzz case, 2.8 MB, took 168 s)."""
    items = "<si><t>x" * 24_000
    sst = f'<sst xmlns="{NS_MAIN}">{items}</t></si></sst>'
    path = workbook_zip(tmp_path, {"xl/sharedStrings.xml": sst})
    assert main(["show", str(path), "book.xlsx"]) == exit_codes.OK


def test_fuzz_hex_dump_of_a_big_binary_entry_does_python_work_per_line_not_per_byte() -> None:
    """Case 8742 of seed 0: `show --rows 0` of a 7.5 MB binary entry passed the 10 s limit
    on a loaded machine, as the hex dump ran three generator expressions per line, one
    step per byte. Counted, not timed: Python-level calls per line of the dump."""
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event == "call"

    data = bytes(range(256)) * 256  # 64 KiB, 4,096 lines
    sys.setprofile(count)
    try:
        lines = sum(1 for _ in hex_lines(data))
    finally:
        sys.setprofile(None)
    assert lines == len(data) // 16
    assert calls < 4 * lines  # two generators resumed a line, little else (was ~40 a line)
