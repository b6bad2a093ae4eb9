"""Property tests: whatever the bytes, the engine raises only its own ResultError types.

Inputs are random bytes, random archives built field by field, and sound archives with
bits flipped, bytes overwritten or the tail cut off. Each example is opened, listed,
sorted, every entry is read (bounded), checked, nested-opened, and everything is
extracted to a scratch folder.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings, strategies as st

from drs_tui.result.errors import ResultError
from drs_tui.result.zip.archive import ResultArchive
from drs_tui.result.zip.extract import extract_entries
from drs_tui.result.zip.zip_entry import ZipEntry
from tests.result import corpus
from tests.result.corpus import Member, build_zip

READ_LIMIT = 1 << 20
# A long local run: DRS_TUI_FUZZ_EXAMPLES=5000 python -m pytest tests/result/zip/test_archive_props.py
EXAMPLES = int(os.environ.get("DRS_TUI_FUZZ_EXAMPLES", "150"))
PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def exercise(data: bytes) -> None:
    """Everything a user can do with an archive; only ResultError may come out."""
    try:
        archive = ResultArchive.from_bytes(data, name="fuzz.zip")
    except ResultError:
        return
    with archive:
        _ = archive.problems, archive.totals(), archive.columns()
        for key in ("name", "size", "compressed", "ratio", "modified"):
            archive.sorted(key)
        entries = list(archive.entries)[:20]
        for entry in entries:
            _ = entry.modified, entry.ratio, entry.is_symlink, entry.method_name
            _read_bounded(archive, entry)
            archive.check(entry)
            _open_nested(archive, entry)
            with contextlib.suppress(ResultError):
                archive.find(entry.name)
        failures: list[ResultError] = []
        with tempfile.TemporaryDirectory() as scratch:
            extract_entries(
                archive,
                entries,
                Path(scratch) / "out",
                limit=READ_LIMIT,
                on_error=lambda _entry, error: failures.append(error),
            )
            dest = Path(scratch).resolve()
            for path in Path(scratch).rglob("*"):
                assert path.resolve().is_relative_to(dest)
                assert not path.name.endswith(".part")


def _read_bounded(archive: ResultArchive, entry: ZipEntry) -> None:
    try:
        with archive.open_entry(entry, limit=READ_LIMIT) as stream:
            produced = 0
            while chunk := stream.read(64 * 1024):
                produced += len(chunk)
                assert produced <= READ_LIMIT
    except ResultError:
        pass


def _open_nested(archive: ResultArchive, entry: ZipEntry) -> None:
    try:
        with archive.open_nested(entry, limit=READ_LIMIT) as nested:
            list(nested.entries)
    except ResultError:
        pass


@cache
def seed_archives() -> tuple[bytes, ...]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        paths = [
            corpus.mixed_zip(base),
            corpus.zipfile_methods_zip(base),
            corpus.gbk_names_zip(base),
            corpus.unicode_path_zip(base),
            corpus.encrypted_zip(base),
            corpus.prefixed_zip(base),
        ]
        seeds = [path.read_bytes() for path in paths]
    nested = build_zip([Member("inner.zip", seeds[2]), Member("a.txt", b"a" * 100, method=8)])
    return (*seeds, nested)


@PROPERTY_SETTINGS
@given(st.binary(max_size=2048))
def test_random_bytes(data: bytes) -> None:
    exercise(data)


@PROPERTY_SETTINGS
@given(st.binary(max_size=512), st.sampled_from([b"PK\x03\x04", b"PK\x05\x06", b"PK\x01\x02"]))
def test_random_bytes_with_zip_signatures(data: bytes, signature: bytes) -> None:
    exercise(signature + data)
    exercise(data + signature + data[:18])


@PROPERTY_SETTINGS
@given(
    st.integers(0, 6),
    st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 7)), min_size=1, max_size=8),
)
def test_bit_flipped_archives(seed: int, flips: list[tuple[int, int]]) -> None:
    data = bytearray(seed_archives()[seed])
    for position, bit in flips:
        data[position % len(data)] ^= 1 << bit
    exercise(bytes(data))


@PROPERTY_SETTINGS
@given(st.integers(0, 6), st.integers(0, 1 << 20), st.binary(min_size=1, max_size=16))
def test_overwritten_archives(seed: int, position: int, junk: bytes) -> None:
    data = bytearray(seed_archives()[seed])
    start = position % len(data)
    data[start : start + len(junk)] = junk
    exercise(bytes(data))


@PROPERTY_SETTINGS
@given(st.integers(0, 6), st.integers(0, 1 << 20))
def test_truncated_archives(seed: int, cut: int) -> None:
    data = seed_archives()[seed]
    exercise(data[: cut % len(data)])


names = st.one_of(
    st.text(max_size=12),
    st.binary(max_size=12),
    st.sampled_from(["../x", "/abs", "C:\\x", "a/../../b", "d/", "", "link"]),
)
members = st.builds(
    Member,
    name=names,
    data=st.binary(max_size=300),
    method=st.sampled_from([0, 8, 12, 14, 9, 99]),
    flags=st.sampled_from([0, 1, 0x800, 0x40]),
    crc=st.one_of(st.none(), st.integers(0, 0xFFFFFFFF)),
    size=st.one_of(st.none(), st.integers(0, 1 << 24)),
    create_system=st.sampled_from([0, 3]),
    external_attr=st.sampled_from([0, 0o120777 << 16, 0o100644 << 16, 0x10]),
    descriptor=st.booleans(),
    zip64=st.booleans(),
)


@PROPERTY_SETTINGS
@given(st.lists(members, max_size=6), st.booleans())
def test_archives_with_random_fields(items: list[Member], zip64_end: bool) -> None:
    for item in items:
        if item.method not in (0, 8):
            item.payload = item.data  # nonsense compressed data for the other methods
    exercise(build_zip(items, zip64_end=zip64_end))


@PROPERTY_SETTINGS
@given(st.lists(members, min_size=2, max_size=5), st.data())
def test_archives_with_shared_local_headers(items: list[Member], data: st.DataObject) -> None:
    for position in range(1, len(items)):
        if data.draw(st.booleans()):
            items[position].points_to = data.draw(st.integers(0, position - 1))
    assume(any(item.points_to is None for item in items))
    exercise(build_zip(items))


def test_stdlib_archive_survives_every_single_byte_truncation() -> None:
    """Exhaustive over a small archive: every prefix length opens or fails cleanly."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "small.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("a.txt", "alpha " * 50)
            archive.writestr("b/c.txt", "gamma")
        data = path.read_bytes()
    for cut in range(len(data) + 1):
        exercise(data[:cut])


def test_seed_archives_are_sound() -> None:
    """The mutation seeds must open and read cleanly, or the tests above prove little."""
    read = 0
    for data in seed_archives():
        with ResultArchive.from_bytes(data) as archive:
            assert archive.problems == []
            for entry in archive.entries:
                if entry.readable:
                    archive.read_entry(entry)
                    read += 1
    assert read >= 20
