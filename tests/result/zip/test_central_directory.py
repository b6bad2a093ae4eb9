"""The end record and the central directory chosen as unzip and Python's zipfile choose them."""

from __future__ import annotations

import io
import zipfile

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
