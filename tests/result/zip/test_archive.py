"""ResultArchive on sound archives: listing, names, sorting, reads, checks, nesting."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import pytest

from drs_tui.result.errors import ResultError, UnsafeEntryError
from drs_tui.result.zip.archive import ResultArchive
from drs_tui.result.zip.names import decode_names
from drs_tui.result.zip.zip_entry import CRC_OK, CRC_UNCHECKED
from tests.result import corpus
from tests.result.corpus import Member, build_zip


def test_lists_every_entry_with_sizes_method_and_time(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive:
        by_name = {entry.name: entry for entry in archive.entries}
        assert archive.problems == []
        assert list(by_name) == [
            "data/",
            "data/stored.txt",
            "data/deflated.csv",
            "data/descriptor.txt",
            "data/nosig.txt",
            "data/bzip2.txt",
            "data/zip64.txt",
            "结果.txt",
        ]
    deflated = by_name["data/deflated.csv"]
    assert deflated.method_name == "Deflate"
    assert deflated.size == 7827
    assert deflated.compressed_size < deflated.size
    assert deflated.ratio == pytest.approx(deflated.size / deflated.compressed_size)
    assert deflated.modified == datetime(2025, 1, 1, 12, 0)
    assert by_name["data/"].is_dir and not deflated.is_dir
    assert by_name["data/bzip2.txt"].method_name == "BZip2"
    assert by_name["data/zip64.txt"].size == 200  # from the ZIP64 extra field
    assert all(e.problem is None and e.readable for e in by_name.values())
    assert [e.index for e in by_name.values()] == list(range(8))


def test_reads_every_method_and_data_descriptors(tmp_path: Path) -> None:
    text = b"".join(b"row %d,value %d\n" % (i, i * i) for i in range(400))
    with ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive:
        assert archive.read_entry(archive.find("data/deflated.csv")) == text
        assert archive.read_entry(archive.find("data/bzip2.txt")) == text
        assert archive.read_entry(archive.find("data/descriptor.txt")) == text[:900]
        assert archive.read_entry(archive.find("data/nosig.txt")) == text[:300]
        assert archive.read_entry(archive.find("data/zip64.txt")) == text[:200]
        assert archive.read_entry(archive.find("结果.txt")) == "中文内容".encode("gbk")


def test_reads_what_the_stdlib_writer_wrote(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.zipfile_methods_zip(tmp_path)) as archive:
        assert [e.method_name for e in archive.entries] == ["Stored", "Deflate", "BZip2", "LZMA"]
        for entry in archive.entries:
            assert archive.read_entry(entry) == b"hello world, " * 5000
            assert archive.check(entry).crc_status == CRC_OK


def test_chinese_names_without_utf8_flag_come_out_readable(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.gbk_names_zip(tmp_path)) as archive:
        assert [e.name for e in archive.entries] == corpus.GBK_NAMES
        entry = archive.entries[0]
        assert entry.raw_name == corpus.GBK_NAMES[0].encode("gbk")
        assert entry.flags & corpus.UTF8_FLAG == 0


def test_forced_encoding_wins_like_unzip_O(tmp_path: Path) -> None:
    path = corpus.gbk_names_zip(tmp_path)
    with ResultArchive.open(path, encoding="cp437") as archive:
        assert archive.entries[0].name == corpus.GBK_NAMES[0].encode("gbk").decode("cp437")
    with ResultArchive.open(path, encoding="CP936") as archive:
        assert [e.name for e in archive.entries] == corpus.GBK_NAMES


def test_unknown_forced_encoding_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ResultError, match="Unknown encoding 'gbkk'"):
        ResultArchive.open(corpus.gbk_names_zip(tmp_path), encoding="gbkk")


def test_utf8_flag_and_unicode_path_field(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.utf8_flag_zip(tmp_path)) as archive:
        assert [e.name for e in archive.entries] == ["报告/总结.json", "Ünïcödé.txt", "plain.txt"]
    with ResultArchive.open(corpus.unicode_path_zip(tmp_path)) as archive:
        # First: the field's CRC matches the raw name, so its UTF-8 name is used.
        # Second: a stale field is ignored and the raw bytes fall back to CP437.
        assert [e.name for e in archive.entries] == ["résumé-真名.txt", "café.txt"]


def test_utf8_flag_is_honoured_even_when_an_encoding_is_forced(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.utf8_flag_zip(tmp_path), encoding="cp437") as archive:
        assert archive.entries[0].name == "报告/总结.json"


def test_name_guess_is_per_archive_then_per_name() -> None:
    gbk = "文件".encode("gbk")
    assert decode_names([b"a", "表".encode("gbk"), gbk], None) == ["a", "表", "文件"]
    # All legacy names valid UTF-8: read as UTF-8.
    assert decode_names(["文件".encode()], None) == ["文件"]
    # GB18030 cannot read 0x80 alone: that name falls back to CP437, the others stay GBK.
    assert decode_names([b"\x80x", gbk], None) == ["Çx", "文件"]


def test_sorted_by_each_key_and_totals(tmp_path: Path) -> None:
    members = [
        Member("b.txt", b"x" * 300, method=8),
        Member("a.txt", b"abcdefghij" * 3),
        Member("c/", b""),
    ]
    with ResultArchive.from_bytes(build_zip(members)) as archive:
        assert [e.name for e in archive.sorted("name")] == ["a.txt", "b.txt", "c/"]
        assert [e.name for e in archive.sorted("size", reverse=True)] == ["b.txt", "a.txt", "c/"]
        assert next(e.name for e in archive.sorted("compressed")) == "c/"
        assert next(e.name for e in archive.sorted("ratio", reverse=True)) == "b.txt"
        assert len(archive.sorted("modified")) == 3
        totals = archive.totals()
        assert (totals.entries, totals.files, totals.dirs) == (3, 2, 1)
        assert totals.size == 330
        assert totals.compressed_size == sum(e.compressed_size for e in archive.entries)
        with pytest.raises(ResultError, match="Cannot sort by 'colour'"):
            archive.sorted("colour")


def test_find_suggests_close_names_and_matches_folders(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive:
        assert archive.find("data").name == "data/"
        with pytest.raises(ResultError) as caught:
            archive.find("data/stored.tx")
    assert "No entry named 'data/stored.tx'" in caught.value.message
    assert "data/stored.txt" in caught.value.hint


def test_entry_list_is_a_lazy_sequence(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive:
        entries = archive.entries
        assert len(entries) == 8
        assert entries[-1].name == "结果.txt"
        assert [e.name for e in entries[1:3]] == ["data/stored.txt", "data/deflated.csv"]
        assert entries[2] is archive.entry(2)  # made once, then cached
        columns = archive.columns()
        assert list(columns.names) == [e.name for e in entries]
        assert list(columns.sizes) == [e.size for e in entries]


def test_open_entry_streams_and_stops_at_the_limit(tmp_path: Path) -> None:
    text = bytes(range(256)) * 4096  # 1 MiB
    with ResultArchive.from_bytes(build_zip([Member("big.bin", text, method=8)])) as archive:
        entry = archive.entries[0]
        with archive.open_entry(entry) as stream:
            assert stream.read(10) == text[:10]
            assert stream.read(65536) == text[10:65546]
        with archive.open_entry(entry, limit=1000) as stream:
            assert stream.read(1000) == text[:1000]
            with pytest.raises(UnsafeEntryError, match="more than the limit of 1,000 bytes"):
                stream.read(1)
        with pytest.raises(UnsafeEntryError):
            archive.read_entry(entry, limit=len(text) - 1)
        assert archive.read_entry(entry, limit=len(text)) == text


def test_first_page_of_a_big_entry_is_fast_and_small(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    line = b"2025-01-01 12:00:00 INFO table T_ORDER row copied without error\n"
    chunk = line * (1 << 14)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as writer,
        writer.open("log.txt", "w") as out,
    ):
        for _ in range(64):  # 64 MiB of text, ~0.2 MiB on disk
            out.write(chunk)
    with ResultArchive.open(path) as archive:
        entry = archive.entries[0]
        tracemalloc.start()
        started = time.perf_counter()
        with archive.open_entry(entry) as stream:
            page = stream.read(65536)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert page == chunk[:65536]
    assert entry.size == len(chunk) * 64
    assert peak < 2 << 20
    assert elapsed < 0.5  # generous for CI; bench/bench_archive.py measures the real figure


def test_check_records_crc_status(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive:
        entry = archive.find("data/deflated.csv")
        assert entry.crc_status == CRC_UNCHECKED
        checked = archive.check(entry)
        assert checked.crc_status == CRC_OK
        assert archive.entry(entry.index).crc_status == CRC_OK
        assert archive.crc_status(entry) == CRC_OK
        assert archive.columns().crc_status == {entry.index: CRC_OK}


def test_many_entries_list_quickly(tmp_path: Path) -> None:
    path = corpus.many_entries_zip(tmp_path)
    started = time.perf_counter()
    with ResultArchive.open(path) as archive:
        elapsed = time.perf_counter() - started
        assert len(archive) == 100_000
        assert archive.problems == []
        assert archive.entries[99_999].name == "dir099/file099999.txt"
        assert archive.totals().size == 200_000
        assert archive.read_entry(archive.find("dir050/file050123.txt")) == b"x\n"
    assert elapsed < 2.0  # about 0.1 s here; a ZipInfo-per-entry parser is 3-4x slower


def test_zip64_offsets_past_4_gib(tmp_path: Path) -> None:
    path = corpus.big_offset_zip(tmp_path)
    if path is None:
        pytest.skip("the file system does not write sparse files")
    with ResultArchive.open(path) as archive:
        second = archive.find("second.txt")
        assert second.header_offset == 5 << 30
        assert archive.read_entry(second) == b"second entry " * 10
        assert archive.read_entry(archive.find("first.txt")) == b"first"


def test_bytes_prepended_to_the_archive_are_skipped(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.prefixed_zip(tmp_path)) as archive:
        assert archive.problems == []
        assert archive.read_entry(archive.find("a.txt")) == b"after the stub"
        assert archive.read_entry(archive.find("b.txt")) == b"second"


def test_empty_archive(tmp_path: Path) -> None:
    with ResultArchive.from_bytes(build_zip([])) as archive:
        assert len(archive) == 0
        assert archive.problems == []
        assert archive.totals().entries == 0


def test_nested_archive_opens_under_the_same_bounds(tmp_path: Path) -> None:
    inner = build_zip([Member("inner.txt", b"inside", method=8)])
    outer = build_zip([Member("nested.zip", inner), Member("big.zip", inner * 50, method=8)])
    with ResultArchive.from_bytes(outer, name="outer.zip") as archive:
        with archive.open_nested(archive.find("nested.zip")) as nested:
            assert nested.name == "outer.zip/nested.zip"
            assert nested.depth == 1
            assert nested.read_entry(nested.find("inner.txt")) == b"inside"
        with pytest.raises(UnsafeEntryError):
            archive.open_nested(archive.find("big.zip"), limit=100)


def test_nesting_depth_is_capped() -> None:
    data = build_zip([Member("leaf.txt", b"leaf")])
    for level in range(10):
        data = build_zip([Member(f"level{level}.zip", data)])
    archive = ResultArchive.from_bytes(data)
    opened = [archive]
    with pytest.raises(UnsafeEntryError, match="nested more than 8 deep"):
        while True:
            current = opened[-1]
            opened.append(current.open_nested(current.entries[0]))
    assert len(opened) == 9
    for item in opened:
        item.close()


def test_closed_archive_refuses_reads(tmp_path: Path) -> None:
    archive = ResultArchive.open(corpus.mixed_zip(tmp_path))
    entry = archive.entries[1]
    archive.close()
    with pytest.raises(ResultError, match="closed"):
        archive.read_entry(entry)


def test_entry_from_another_archive_is_refused(tmp_path: Path) -> None:
    first = ResultArchive.from_bytes(build_zip([Member("a.txt", b"a")]))
    second = ResultArchive.from_bytes(build_zip([Member("b.txt", b"b")]))
    with pytest.raises(ResultError, match="not an entry of"):
        second.open_entry(first.entries[0])


def test_missing_file_and_folder_are_result_errors(tmp_path: Path) -> None:
    with pytest.raises(ResultError, match="does not exist"):
        ResultArchive.open(tmp_path / "nope.zip")
    with pytest.raises(ResultError, match="is a folder"):
        ResultArchive.open(tmp_path)


def test_open_file_object_is_closed_on_failure(tmp_path: Path) -> None:
    path = corpus.html_download(tmp_path)
    with pytest.raises(ResultError):
        ResultArchive.open(path)
    # from_bytes over the same data fails the same way without leaking anything.
    with pytest.raises(ResultError):
        ResultArchive.from_bytes(path.read_bytes())


def test_streams_are_independent_and_thread_safe(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    data = {f"f{i}.txt": bytes([i]) * (200_000 + i) for i in range(8)}
    members = [Member(name, body, method=8) for name, body in data.items()]
    with ResultArchive.from_bytes(build_zip(members)) as archive:

        def read(name: str) -> bytes:
            stream = archive.open_entry(archive.find(name))
            parts = []
            while chunk := stream.read(1000):
                parts.append(chunk)
            return b"".join(parts)

        with ThreadPoolExecutor(4) as pool:
            results = dict(zip(data, pool.map(read, data), strict=True))
    assert results == data


def test_crc_of_stored_entry_read_in_pieces(tmp_path: Path) -> None:
    body = b"0123456789" * 10_000
    with ResultArchive.from_bytes(build_zip([Member("s.bin", body)])) as archive:
        stream = archive.open_entry(archive.entries[0])
        buffer = io.BytesIO()
        while chunk := stream.read(777):
            buffer.write(chunk)
        assert zlib.crc32(buffer.getvalue()) == archive.entries[0].crc
        assert archive.entries[0].crc_status == CRC_OK


def test_archive_layer_imports_no_textual_and_no_network() -> None:
    import subprocess
    import sys

    code = (
        "import sys, drs_tui.result.zip.archive, drs_tui.result.zip.extract, drs_tui.commands.archive\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'httpx', 'keyring')]\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
