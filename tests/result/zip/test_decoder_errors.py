"""Every decompressor's own errors become CorruptEntryError, on every path that reads.

zlib.error, lzma.LZMAError, bz2's OSError and EOFError must never reach the user as a
traceback: not from a forward read, a CRC check, a read at an offset (which restarts or
resumes a decoder), a nested archive, nor the `ls --check`, `show` and `extract` commands.
"""

from __future__ import annotations

import bz2
import contextlib
import lzma
import struct
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from drs_tui.result.errors import CorruptEntryError, ResultError
from drs_tui.result.zip.archive import ResultArchive
from drs_tui.result.zip.zip_entry import CRC_BAD
from tests.result.corpus import Member, build_zip, deflate

TEXT = b"".join(b"row %d,%d\n" % (i, i * i) for i in range(4000))


def zip_lzma(data: bytes, props: bytes | None = None) -> bytes:
    """LZMA as ZIP stores it: version, properties length, LZMA1 properties, raw stream."""
    compressor = lzma.LZMACompressor(lzma.FORMAT_RAW, filters=[{"id": lzma.FILTER_LZMA1}])
    raw = compressor.compress(data) + compressor.flush()
    props = props or bytes([93]) + struct.pack("<I", 1 << 16)
    return b"\x09\x14" + struct.pack("<H", len(props)) + props + raw


def damaged(payload: bytes, at: int) -> bytes:
    out = bytearray(payload)
    for offset in range(at, min(at + 8, len(out))):
        out[offset] ^= 0xA5
    return bytes(out)


CASES = {
    "deflate-bad-block": damaged(deflate(TEXT), 0),
    "deflate-midway": damaged(deflate(TEXT), 200),
    "deflate-cut": deflate(TEXT)[:300],
    "bzip2-bad-magic": damaged(bz2.compress(TEXT), 0),
    "bzip2-midway": damaged(bz2.compress(TEXT), 100),
    "bzip2-cut": bz2.compress(TEXT)[:200],
    "lzma-midway": damaged(zip_lzma(TEXT), 40),
    "lzma-cut": zip_lzma(TEXT)[:120],
    "lzma-bad-properties": zip_lzma(TEXT, props=bytes([255]) + struct.pack("<I", 4096)),
    "lzma-short-properties": b"\x09\x14\x02\x00\x5d\x00",
    "lzma-no-header": b"\x09",
}
METHODS = {"deflate": 8, "bzip2": 12, "lzma": 14}


def member(case: str) -> Member:
    return Member("data.csv", TEXT, method=METHODS[case.split("-")[0]], payload=CASES[case])


@pytest.mark.parametrize("case", sorted(CASES))
def test_damaged_data_is_a_corrupt_entry_on_every_read_path(case: str) -> None:
    with ResultArchive.from_bytes(build_zip([member(case)])) as archive:
        entry = archive.entries[0]
        with pytest.raises(CorruptEntryError):
            archive.read_entry(entry)
        assert archive.check(entry).crc_status == CRC_BAD
        reader = archive.reader(entry)
        for offset in (0, 1, len(TEXT) // 2, len(TEXT) - 1):
            with contextlib.suppress(CorruptEntryError):
                reader.read_at(offset, 4096)
        with pytest.raises(ResultError):
            archive.open_nested(entry)


@pytest.mark.parametrize("case", sorted(CASES))
def test_damaged_data_through_the_commands_exits_6(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "damaged.zip"
    path.write_bytes(build_zip([member(case), Member("ok.txt", b"fine")]))
    assert main(["ls", str(path), "--check"]) == exit_codes.BAD_RESULT
    assert main(["show", str(path), "data.csv"]) == exit_codes.BAD_RESULT
    assert main(["show", str(path), "data.csv", "--rows", "0"]) == exit_codes.BAD_RESULT
    assert main(["extract", str(path), "-d", str(tmp_path / "out")]) == exit_codes.BAD_RESULT
    assert (tmp_path / "out" / "ok.txt").read_bytes() == b"fine"
    assert not (tmp_path / "out" / "data.csv").exists()
    assert "Traceback" not in capsys.readouterr().err
