"""ResultArchive on untrusted input: every failure is a ResultError with a clear message."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from drs_tui.result.errors import (
    CorruptEntryError,
    EncryptedEntryError,
    NotAZipError,
    ResultError,
    TruncatedArchiveError,
    UnsafeEntryError,
    UnsupportedEntryError,
)
from drs_tui.result.zip.archive import ResultArchive
from drs_tui.result.zip.zip_entry import CRC_BAD
from tests.result import corpus
from tests.result.corpus import Member, build_zip


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"", "empty"),
        (b"<!DOCTYPE html><html>502</html>", "web page"),
        (b'{"error_code": "DRS.0001"}', "JSON"),
        (b"\x00" * 5000, "download finished"),
    ],
)
def test_not_a_zip_says_what_it_looks_like(tmp_path: Path, data: bytes, hint: str) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(data)
    with pytest.raises(NotAZipError) as caught:
        ResultArchive.open(path)
    assert "is not a ZIP archive" in caught.value.message
    assert hint in caught.value.hint


def test_truncated_download_lists_entries_before_the_cut(tmp_path: Path) -> None:
    source = corpus.mixed_zip(tmp_path)
    whole = source.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole[: len(whole) // 2])
    with ResultArchive.open(cut) as archive:
        assert "truncated" in archive.problems[0]
        names = [e.name for e in archive.entries]
        assert names[:3] == ["data/", "data/stored.txt", "data/deflated.csv"]
        assert archive.read_entry(archive.find("data/stored.txt")) == b"stored bytes\n"
        last = archive.entries[-1]
        if last.problem:  # the entry the cut went through
            assert "past the end" in last.problem
            with pytest.raises(TruncatedArchiveError):
                archive.read_entry(last)


def test_a_truncated_download_with_one_entry_left_says_1_entry() -> None:
    whole = build_zip([Member("a.txt", b"a" * 100), Member("b.txt", b"b" * 100)])
    with ResultArchive.from_bytes(whole[: whole.find(b"PK\x03\x04", 4) + 10]) as archive:
        assert "The listing shows 1 entry found by scanning" in archive.problems[0]


@pytest.mark.parametrize("keep", [1, 10, 100, 1000, 2000, -22, -1])
def test_every_cut_opens_or_fails_cleanly(tmp_path: Path, keep: int) -> None:
    whole = corpus.mixed_zip(tmp_path).read_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(whole[:keep])
    try:
        archive = ResultArchive.open(path)
    except (NotAZipError, TruncatedArchiveError):
        assert keep < 30  # no local header survived
        return
    with archive:
        assert archive.problems
        for entry in archive.entries:
            try:
                archive.read_entry(entry)
            except ResultError:
                assert entry is archive.entries[-1] or entry.problem


def test_central_directory_damaged_midway_keeps_the_first_entries(tmp_path: Path) -> None:
    members = [Member(f"f{i}.txt", b"%d" % i) for i in range(5)]
    data = bytearray(build_zip(members))
    third = data.index(b"PK\x01\x02")  # the record of f0.txt
    for _ in range(2):
        third = data.index(b"PK\x01\x02", third + 4)
    data[third : third + 4] = b"XXXX"
    with ResultArchive.from_bytes(bytes(data)) as archive:
        assert [e.name for e in archive.entries] == ["f0.txt", "f1.txt"]
        assert "damaged after entry 2" in archive.problems[0]


def test_bad_central_directory_offset_falls_back_to_local_headers() -> None:
    data = bytearray(build_zip([Member("a.txt", b"alpha"), Member("b.txt", b"beta")]))
    eocd = data.rindex(b"PK\x05\x06")
    struct.pack_into("<I", data, eocd + 16, 999_999)  # CD offset beyond the file
    struct.pack_into("<I", data, eocd + 12, 999_999)  # and a CD size that cannot fit
    with ResultArchive.from_bytes(bytes(data)) as archive:
        assert [e.name for e in archive.entries] == ["a.txt", "b.txt"]
        assert archive.read_entry(archive.entries[1]) == b"beta"
        assert any("central directory" in p for p in archive.problems)


def test_full_overlap_bomb_is_flagged_and_refused(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.full_overlap_bomb(tmp_path)) as archive:
        assert "possible zip bomb" in archive.problems[0]
        for entry in archive.entries:
            assert entry.problem is not None and "possible zip bomb" in entry.problem
            assert not entry.readable
            with pytest.raises(UnsafeEntryError):
                archive.open_entry(entry)
        assert archive.totals().with_problems == 10


def test_quoted_overlap_bomb_is_flagged_and_refused(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.quoted_overlap_bomb(tmp_path)) as archive:
        outer, inner = archive.entries
        assert "overlaps another entry: possible zip bomb" in (outer.problem or "")
        assert "overlaps another entry: possible zip bomb" in (inner.problem or "")
        with pytest.raises(UnsafeEntryError):
            archive.read_entry(inner)


def test_overlap_found_only_in_the_local_header_is_refused_when_read() -> None:
    # The CD names are short; the local header claims a long extra field reaching into
    # the next entry's header, so only the read-time check can see the overlap.
    first = Member("a", b"A" * 10)
    data = bytearray(build_zip([first, Member("b", b"B" * 10)]))
    struct.pack_into("<H", data, 28, 30)  # extra length of the first local header
    with ResultArchive.from_bytes(bytes(data)) as archive:
        assert archive.entries[0].problem is None
        with pytest.raises(UnsafeEntryError, match="possible zip bomb"):
            archive.read_entry(archive.entries[0])
        assert "possible zip bomb" in (archive.entries[0].problem or "")


def test_high_ratio_is_flagged_but_reading_stays_bounded(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.ratio_zip(tmp_path)) as archive:
        zeros = archive.find("zeros.bin")
        assert zeros.problem is not None
        assert zeros.problem.startswith("compression ratio ")
        assert zeros.problem.endswith(":1 is suspicious")
        assert zeros.readable
        tracemalloc.start()
        with archive.open_entry(zeros) as stream:
            total = 0
            while chunk := stream.read(1 << 16):
                total += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert total == corpus.BOMB_SIZE
        assert peak < 4 << 20  # 20 MiB came out; memory held one chunk at a time
        assert archive.find("normal.txt").problem is None


def test_entry_producing_more_than_declared_is_stopped(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.ratio_zip(tmp_path)) as archive:
        liar = archive.find("liar.bin")
        with archive.open_entry(liar) as stream:
            assert stream.read(1000) == b"\0" * 1000
            with pytest.raises(UnsafeEntryError, match="more data than its declared 1,000"):
                stream.read(1)
        checked = archive.check(liar)
        assert checked.crc_status == CRC_BAD
        assert "possible zip bomb" in (checked.problem or "")


def test_entry_ending_early_is_corrupt(tmp_path: Path) -> None:
    with (
        ResultArchive.open(corpus.ratio_zip(tmp_path)) as archive,
        pytest.raises(CorruptEntryError, match="ends after 1,000 of 5,000 bytes"),
    ):
        archive.read_entry(archive.find("short.bin"))


def test_crc_mismatch_raises_at_the_end_and_check_marks_it(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.crc_mismatch_zip(tmp_path)) as archive:
        for name in ("bad_stored.txt", "bad_deflate.txt"):
            entry = archive.find(name)
            with archive.open_entry(entry) as stream:
                stream.read(5)  # the start reads fine: the CRC is known only at the end
                with pytest.raises(CorruptEntryError, match="CRC mismatch"):
                    stream.read()
            checked = archive.check(entry)
            assert checked.crc_status == CRC_BAD
            assert checked.problem == "CRC mismatch"
            assert checked.readable  # damaged, yet its bytes can still be looked at
        assert archive.check(archive.find("good.txt")).crc_status == "ok"
        assert archive.totals().with_problems == 2


def test_encrypted_entries_are_listed_and_refused(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.encrypted_zip(tmp_path)) as archive:
        crypto, aes, plain = archive.entries
        assert crypto.encrypted and crypto.problem == "encrypted (ZipCrypto)"
        assert aes.encrypted and aes.problem == "encrypted (AES)" and aes.method_name == "AES"
        assert not plain.encrypted and plain.problem is None
        for entry in (crypto, aes):
            with pytest.raises(EncryptedEntryError) as caught:
                archive.open_entry(entry)
            assert "password" in caught.value.hint
            assert archive.check(entry).crc_status == "unchecked"
        assert archive.read_entry(plain) == b"readable"


def test_unsupported_methods_are_listed_and_refused(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.unsupported_zip(tmp_path)) as archive:
        deflate64, ppmd, ok = archive.entries
        assert deflate64.problem == "unsupported method Deflate64"
        assert ppmd.problem == "unsupported method PPMd"
        with pytest.raises(UnsupportedEntryError, match="Deflate64"):
            archive.open_entry(deflate64)
        assert archive.read_entry(ok) == b"ok"


def test_local_header_that_disagrees_is_corrupt() -> None:
    data = bytearray(build_zip([Member("a.txt", b"alpha")]))
    struct.pack_into("<H", data, 8, 8)  # local header says deflate, CD says stored
    with ResultArchive.from_bytes(bytes(data)) as archive, pytest.raises(CorruptEntryError):
        archive.read_entry(archive.entries[0])
    data = bytearray(build_zip([Member("a.txt", b"alpha")]))
    data[0:4] = b"JUNK"
    with (
        ResultArchive.from_bytes(bytes(data)) as archive,
        pytest.raises(CorruptEntryError, match="no local header"),
    ):
        archive.read_entry(archive.entries[0])


def test_damaged_deflate_data_is_corrupt() -> None:
    payload = bytearray(corpus.deflate(b"some text " * 100))
    payload[0] = 0xFF  # an invalid block type
    member = Member("x.txt", b"some text " * 100, method=8, payload=bytes(payload))
    with ResultArchive.from_bytes(build_zip([member])) as archive:
        with pytest.raises(CorruptEntryError, match="damaged"):
            archive.read_entry(archive.entries[0])
        assert archive.check(archive.entries[0]).crc_status == CRC_BAD


def test_huge_lzma_dictionary_is_refused() -> None:
    props = bytes([93]) + struct.pack("<I", 1 << 31)
    payload = b"\x09\x04\x05\x00" + props + b"\0" * 20
    member = Member("x.txt", b"text", method=14, payload=payload)
    with (
        ResultArchive.from_bytes(build_zip([member])) as archive,
        pytest.raises(UnsupportedEntryError, match="LZMA dictionary"),
    ):
        archive.read_entry(archive.entries[0])


def test_split_archive_is_refused_with_a_hint() -> None:
    """The last part of a split archive: its directory, every entry's data elsewhere."""
    whole = build_zip([Member("a.txt", b"a" * 100), Member("b.txt", b"b" * 100)])
    cd_start = whole.index(b"PK\x01\x02")
    last_part = bytearray(whole[cd_start:])
    eocd = last_part.rindex(b"PK\x05\x06")
    struct.pack_into("<HHH", last_part, eocd + 4, 1, 1, 0)  # disk 1, directory on disk 1
    struct.pack_into("<I", last_part, eocd + 16, 0)  # the directory starts this part
    with pytest.raises(UnsupportedEntryError, match="split") as caught:
        ResultArchive.from_bytes(bytes(last_part))
    assert "zip -s 0" in caught.value.hint


def test_missing_zip64_extra_marks_the_entry() -> None:
    data = bytearray(build_zip([Member("a.txt", b"alpha")]))
    cd = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, 0xFFFFFFFF)  # size saturated, no ZIP64 field
    with ResultArchive.from_bytes(bytes(data)) as archive:
        entry = archive.entries[0]
        assert entry.problem == "ZIP64 extra field is missing"
        with pytest.raises(CorruptEntryError):
            archive.read_entry(entry)


def test_header_offset_past_the_data_is_flagged() -> None:
    data = bytearray(build_zip([Member("a.txt", b"alpha"), Member("b.txt", b"beta")]))
    cd = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 42, 10_000)
    with ResultArchive.from_bytes(bytes(data)) as archive:
        entry = archive.find("a.txt")
        assert "past the end" in (entry.problem or "")
        with pytest.raises(TruncatedArchiveError):
            archive.read_entry(entry)
        assert archive.read_entry(archive.find("b.txt")) == b"beta"


def test_entry_count_mismatch_is_reported() -> None:
    data = bytearray(build_zip([Member("a.txt", b"a"), Member("b.txt", b"b")]))
    eocd = data.rindex(b"PK\x05\x06")
    struct.pack_into("<HH", data, eocd + 8, 5, 5)
    with ResultArchive.from_bytes(bytes(data)) as archive:
        assert len(archive) == 2
        assert "announces 5 entries" in archive.problems[0]


def test_control_characters_in_names_are_kept_for_the_caller_to_escape() -> None:
    with ResultArchive.from_bytes(build_zip([Member("a\x1b[31mred.txt", b"x")])) as archive:
        assert archive.entries[0].name == "a\x1b[31mred.txt"


def test_crc_is_checked_on_stored_data_with_a_descriptor() -> None:
    body = b"descriptor data"
    member = Member("d.txt", body, descriptor=True, crc=zlib.crc32(b"other"))
    with (
        ResultArchive.from_bytes(build_zip([member])) as archive,
        pytest.raises(CorruptEntryError, match="CRC mismatch"),
    ):
        archive.read_entry(archive.entries[0])


def test_one_entry_past_the_end_is_one_entry_in_the_warning() -> None:
    """A first entry whose compressed size runs past the directory: the warning counts it
    in the singular."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "hello world")
        archive.writestr("b.txt", "x" * 10)
    data = bytearray(buffer.getvalue())
    struct.pack_into("<I", data, data.find(b"PK\x01\x02") + 20, 10**6)
    with ResultArchive.from_bytes(bytes(data)) as result:
        assert any(
            problem.startswith("1 entry has data past the end") and "; it cannot" in problem
            for problem in result.problems
        )


def test_a_zip64_size_near_two_to_the_64_is_damage_not_a_traceback() -> None:
    """A ZIP64 extra field holding 2**64 - 1: the smallest data end (offset + compressed
    size + header) overflowed the 64-bit column and `ls` printed a traceback."""
    data = bytearray(build_zip([Member("a.txt", b"abc", zip64=True)]))
    record = data.find(b"PK\x01\x02")
    name_len = struct.unpack_from("<H", data, record + 28)[0]
    extra = record + 46 + name_len
    assert struct.unpack_from("<HH", data, extra) == (1, 16)
    struct.pack_into("<QQ", data, extra + 4, 2**64 - 1, 2**64 - 1)
    with ResultArchive.from_bytes(bytes(data)) as result:
        (entry,) = result.entries
        assert "impossible size" in (entry.problem or "")
        assert not entry.readable


def test_lost_entries_are_looked_for_only_when_the_directory_may_have_lost_some(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The walk over local headers that names entries lost from the listing runs for a
    damaged or short directory only: not again for a truncated download, whose listing
    is that walk already, nor for a problem that loses nothing (a cut-short comment)."""
    from drs_tui.result.zip import recovery

    walks: list[int] = []
    real = recovery.recover_listing

    def counted(source: Any) -> Any:
        walks.append(1)
        return real(source)

    monkeypatch.setattr(recovery, "recover_listing", counted)
    whole = build_zip([Member("a.txt", b"a" * 100), Member("b.txt", b"b" * 100)])
    with ResultArchive.from_bytes(whole[: whole.find(b"PK\x01\x02") + 10]) as truncated:
        assert truncated.problems and len(walks) == 1
        assert truncated.unlisted_names() == [] and len(walks) == 1
    commented = build_zip([Member("a.txt", b"a")], comment=b"note")[:-2]
    with ResultArchive.from_bytes(commented) as cut_comment:
        assert cut_comment.problems
        assert cut_comment.unlisted_names() == [] and len(walks) == 1
    damaged = bytearray(whole)
    second = whole.find(b"PK\x01\x02", whole.find(b"PK\x01\x02") + 4)
    damaged[second : second + 4] = b"QQQQ"  # the directory breaks before b.txt's record
    with ResultArchive.from_bytes(bytes(damaged)) as short:
        assert short.unlisted_names() == ["b.txt"] and len(walks) == 2
