"""The end record and the central directory chosen as unzip and Python's zipfile choose them."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from drs_tui.result.zip.archive import ResultArchive
from tests.result.corpus import Member, build_zip


def _with_hidden_archive(comment: bytes) -> bytes:
    """An archive whose last entry is a stored ZIP: its end record sits inside the data."""
    hidden = build_zip([Member("hidden.txt", b"hidden")])
    return build_zip([Member("real.txt", b"real"), Member("inner.zip", hidden)], comment=comment)


def test_end_record_with_a_truncated_comment_is_chosen_and_flagged() -> None:
    data = _with_hidden_archive(b"c" * 50)[:-20]  # the comment announces 50 bytes, 30 follow
    expected = zipfile.ZipFile(io.BytesIO(data)).namelist()
    with ResultArchive.from_bytes(data) as archive:
        assert list(archive.names) == expected == ["real.txt", "inner.zip"]
        assert len(archive.problems) == 1
        assert "comment" in archive.problems[0]
        assert "50" in archive.problems[0] and "30" in archive.problems[0]
        assert archive.read_entry(archive.find("real.txt")) == b"real"


def test_end_record_with_its_whole_comment_has_no_problem() -> None:
    data = _with_hidden_archive(b"c" * 50)
    with ResultArchive.from_bytes(data) as archive:
        assert list(archive.names) == ["real.txt", "inner.zip"]
        assert archive.problems == []


def test_signature_too_close_to_the_end_for_a_record_is_skipped_as_unzip_does() -> None:
    data = _with_hidden_archive(b"") + b"PK\x05\x06abc"
    with ResultArchive.from_bytes(data) as archive:
        assert list(archive.names) == ["real.txt", "inner.zip"]


@pytest.mark.parametrize(("offset", "value"), [(4, 2), (6, 1), (4, 0xFFFF)])
def test_whole_archive_with_wrong_disk_numbers_is_read_and_flagged(offset: int, value: int) -> None:
    """unzip warns and reads it, zipfile reads it: the disk numbers alone prove nothing."""
    data = bytearray(build_zip([Member("a.txt", b"alpha")]))
    struct.pack_into("<H", data, data.rindex(b"PK\x05\x06") + offset, value)
    assert zipfile.ZipFile(io.BytesIO(bytes(data))).read("a.txt") == b"alpha"
    with ResultArchive.from_bytes(bytes(data)) as archive:
        assert archive.read_entry(archive.find("a.txt")) == b"alpha"
        assert len(archive.problems) == 1
        assert "split" in archive.problems[0] and "zip -s 0" in archive.problems[0]
