"""Entry names: the Info-ZIP Unicode Path field (0x7075) and when it is not to be used."""

from __future__ import annotations

import struct
import zlib

import pytest

from drs_tui.result.zip.archive import ResultArchive
from drs_tui.result.zip.names import unicode_path
from tests.result.corpus import Member, build_zip

RAW = b"name.txt"


def path_field(body: bytes) -> bytes:
    return struct.pack("<HH", 0x7075, len(body)) + body


def good(name: str, raw: bytes = RAW) -> bytes:
    return path_field(b"\x01" + struct.pack("<I", zlib.crc32(raw)) + name.encode())


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # A field of version + CRC only (5 bytes) names nothing: the entry was listed as ''.
        (path_field(b"\x01" + struct.pack("<I", zlib.crc32(RAW))), "name.txt"),
        (path_field(b"\x01ab"), "name.txt"),  # shorter than its own header
        (path_field(b""), "name.txt"),
        (path_field(b"\x02" + struct.pack("<I", zlib.crc32(RAW)) + b"v2.txt"), "name.txt"),
        (good("stale.txt", raw=b"other"), "name.txt"),  # written for another raw name
        # A bad field first, then a valid one: the valid one is used.
        (path_field(b"\x01" + struct.pack("<I", zlib.crc32(RAW))) + good("名.txt"), "名.txt"),
        (good("stale.txt", raw=b"x") + good("名.txt"), "名.txt"),
        (path_field(b"\x01" + struct.pack("<I", zlib.crc32(RAW)) + b"\xff\xfe") + good("名"), "名"),
    ],
    ids=[
        "only-version-and-crc",
        "shorter-than-6",
        "empty",
        "unknown-version",
        "crc-mismatch",
        "empty-then-valid",
        "stale-then-valid",
        "bad-utf8-then-valid",
    ],
)
def test_unicode_path_field_is_used_only_when_valid(extra: bytes, expected: str) -> None:
    with ResultArchive.from_bytes(build_zip([Member(RAW, b"x", extra=extra)])) as archive:
        assert archive.names == [expected]
        assert archive.entries[0].name == expected


def test_unicode_path_helper_returns_none_without_a_valid_field() -> None:
    assert unicode_path(path_field(b"\x01" + struct.pack("<I", zlib.crc32(RAW))), RAW) is None
    assert unicode_path(good("ok.txt"), RAW) == "ok.txt"
