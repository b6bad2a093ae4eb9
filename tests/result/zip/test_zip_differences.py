"""Where drs-tui's ZIP reader deliberately differs from Python's zipfile, both sides pinned.

Each `test_difference_N` pins what zipfile does and what drs-tui does, so a change on
either side is noticed. Where both refuse, the last test pins that they agree.

1. Overlapping entries (a zip bomb's construction): zipfile reads them, drs-tui refuses.
2. An Info-ZIP Unicode Path field (0x7075): drs-tui takes the name from it when its CRC
   matches the raw name (as unzip does); zipfile 3.11 ignores it.
3. Legacy names without the UTF-8 flag: zipfile decodes CP437 unless told otherwise;
   drs-tui guesses per archive (UTF-8, then GB18030, then CP437). Forced to the same
   encoding, both agree.
4. A damaged central directory: zipfile raises BadZipFile; drs-tui lists the entries
   before the damage, flags the archive, and finds the rest by their local headers.
5. A file cut short (no central directory): zipfile raises; drs-tui lists the entries
   found by walking local headers, and flags the archive.
6. An end-record signature too close to the end for a whole record: zipfile gives up
   ("not a zip file"); drs-tui skips it for the last whole record, as unzip does.
7. A local header whose name differs from the central directory's: zipfile refuses to
   read the entry; drs-tui reads it under the central directory's name, as unzip does
   (only the central name is ever used, for the listing and for extraction).
8. An entry holding more data than its declared size: zipfile returns the declared
   bytes; drs-tui refuses the entry (the lie of a zip bomb).
9. An entry whose data ends before its declared size: zipfile returns what there is if
   the CRC matches it; drs-tui reports the entry as damaged.
10. A local header that names another method, or says the entry is encrypted when the
   central directory does not: zipfile follows the central directory; drs-tui refuses
   the entry (the two disagree only in a damaged or crafted file).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from drs_tui.result.errors import CorruptEntryError, ResultError, UnsafeEntryError
from drs_tui.result.zip.archive import ResultArchive
from tests.result.corpus import Member, build_zip


def test_difference_1_overlapping_entries_are_refused() -> None:
    kernel = b"\0" * 100_000
    inner = build_zip([Member("B", kernel, method=8)])
    cd_start = inner.index(b"PK\x01\x02")
    local_b = inner[:cd_start]  # B's local header and data, quoted inside A's stored data
    a = Member("A", local_b)
    outer_local = build_zip([a])[: 30 + 1]
    body = outer_local + local_b
    centrals = build_zip([a])
    a_cd = centrals[centrals.index(b"PK\x01\x02") : centrals.index(b"PK\x05\x06")]
    b_cd = bytearray(inner[cd_start : inner.index(b"PK\x05\x06")])
    struct.pack_into("<I", b_cd, 42, len(outer_local))  # B's local header offset, inside A
    cd = a_cd + bytes(b_cd)
    data = body + cd + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 2, 2, len(cd), len(body), 0)
    assert zipfile.ZipFile(io.BytesIO(data)).read("B") == kernel  # zipfile inflates it
    with ResultArchive.from_bytes(data) as ours:
        entry = ours.find("B")
        assert not entry.readable and "overlaps" in (entry.problem or "")
        with pytest.raises(UnsafeEntryError):
            ours.read_entry(entry)


def test_difference_2_unicode_path_field_names_the_entry() -> None:
    raw = "r\u00e9sum\u00e9.txt".encode("cp437")
    body = b"\x01" + struct.pack("<I", zlib.crc32(raw)) + "résumé-真名.txt".encode()
    data = build_zip([Member(raw, b"a", extra=struct.pack("<HH", 0x7075, len(body)) + body)])
    with ResultArchive.from_bytes(data) as ours:
        assert ours.names == ["résumé-真名.txt"]
    theirs = zipfile.ZipFile(io.BytesIO(data)).infolist()[0].filename
    assert theirs in ("r\u00e9sum\u00e9.txt", "résumé-真名.txt")  # newer zipfile reads it too


def test_difference_3_legacy_names_are_guessed_per_archive() -> None:
    raw = "结果/错误明细.txt".encode("gbk")
    data = build_zip([Member(raw, b"x")])
    with ResultArchive.from_bytes(data) as ours:
        assert ours.names == ["结果/错误明细.txt"]
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == [raw.decode("cp437")]
    assert zipfile.ZipFile(io.BytesIO(data), metadata_encoding="gb18030").namelist() == [
        "结果/错误明细.txt"
    ]


def test_difference_4_damaged_central_directory_keeps_what_it_can() -> None:
    data = bytearray(build_zip([Member("a.txt", b"a"), Member("b.txt", b"b")]))
    second = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    data[second : second + 2] = b"XX"
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(bytes(data)))
    with ResultArchive.from_bytes(bytes(data)) as ours:
        assert ours.names == ["a.txt"]
        assert ours.problems and ours.unlisted_names() == ["b.txt"]


def test_difference_5_file_cut_short_is_recovered_from_local_headers() -> None:
    whole = build_zip([Member("a.txt", b"alpha", method=8), Member("b.txt", b"beta")])
    data = whole[: whole.index(b"PK\x01\x02")]
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(data))
    with ResultArchive.from_bytes(data) as ours:
        assert ours.names == ["a.txt", "b.txt"] and ours.problems
        assert ours.read_entry(ours.find("b.txt")) == b"beta"


def test_difference_6_signature_too_close_to_the_end_is_skipped() -> None:
    data = build_zip([Member("a.txt", b"a")]) + b"PK\x05\x06abc"
    with pytest.raises(zipfile.BadZipFile):
        zipfile.ZipFile(io.BytesIO(data))
    with ResultArchive.from_bytes(data) as ours:
        assert ours.names == ["a.txt"] and ours.problems == []


def test_difference_7_local_name_that_differs_is_not_checked() -> None:
    data = build_zip([Member("central.txt", b"data", local_name=b"LOCAL__.txt")])
    with pytest.raises(zipfile.BadZipFile, match="differ"):
        zipfile.ZipFile(io.BytesIO(data)).read("central.txt")
    with ResultArchive.from_bytes(data) as ours:
        assert ours.read_entry(ours.find("central.txt")) == b"data"


def test_difference_8_more_data_than_declared_is_refused() -> None:
    """zipfile stops at the declared size and checks the CRC of what it read; drs-tui asks
    the decoder for one byte more and refuses an entry that holds more (a zip bomb's lie)."""
    data = build_zip([Member("x", b"y" * 1000, method=8, size=10, crc=zlib.crc32(b"y" * 10))])
    assert zipfile.ZipFile(io.BytesIO(data)).read("x") == b"y" * 10
    with ResultArchive.from_bytes(data) as ours, pytest.raises(UnsafeEntryError):
        ours.read_entry(ours.entries[0])


def test_difference_9_data_ending_before_the_declared_size_is_damage() -> None:
    """zipfile returns the short data when its CRC matches; drs-tui says it is damaged."""
    data = build_zip([Member("short", b"z" * 100, method=8, size=500)])
    assert zipfile.ZipFile(io.BytesIO(data)).read("short") == b"z" * 100
    with ResultArchive.from_bytes(data) as ours, pytest.raises(CorruptEntryError, match="ends"):
        ours.read_entry(ours.entries[0])


def test_agreement_on_a_crc_mismatch() -> None:
    for member in (
        Member("stored", b"payload", crc=0xDEADBEEF),
        Member("deflated", b"payload " * 50, method=8, crc=1),
    ):
        data = build_zip([member])
        with pytest.raises(zipfile.BadZipFile, match="CRC"):
            zipfile.ZipFile(io.BytesIO(data)).read(member.raw_name().decode())
        with ResultArchive.from_bytes(data) as ours, pytest.raises(CorruptEntryError, match="CRC"):
            ours.read_entry(ours.entries[0])


@pytest.mark.parametrize(("field", "value"), [(8, 8), (6, 1)], ids=["method", "encrypted"])
def test_difference_10_local_header_that_disagrees_is_refused(field: int, value: int) -> None:
    data = bytearray(build_zip([Member("a.txt", b"alpha")]))
    struct.pack_into("<H", data, field, value)  # in the local header only
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).read("a.txt") == b"alpha"
    with ResultArchive.from_bytes(bytes(data)) as ours, pytest.raises(ResultError):
        ours.read_entry(ours.entries[0])
