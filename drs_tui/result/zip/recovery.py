"""Listing of a ZIP whose central directory is gone, from its local headers.

A download cut short loses the end of the file, which is where the central directory
lives. Walking the local headers from the start recovers every entry written before the
cut, like `zip -FF`. The result is a synthetic central directory, so the rest of the
engine reads it as it reads a sound one; entries cut off are then flagged by `hazards`.
"""

from __future__ import annotations

import re
import struct

from drs_tui.i18n import _, ngettext
from drs_tui.result.zip.byte_source import ByteSource
from drs_tui.result.zip.names import iter_extra
from drs_tui.result.zip.zip64 import MAX32, ZIP64_EXTRA, zip64_extra, zip64_values
from drs_tui.result.zip.zip_entry import FLAG_DATA_DESCRIPTOR

LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")  # 30 bytes
_CD_RECORD = struct.Struct("<4sHHHHHHIIIHHHHHII")
_LOCAL_SIG = b"PK\x03\x04"
# After entry data written with a data descriptor comes the descriptor, then a signature.
_NEXT_RECORD = re.compile(b"PK(?:\x07\x08|\x03\x04|\x01\x02)")
_DESCRIPTOR_SIG = b"PK\x07\x08"
_SEARCH_CHUNK = 1 << 20
_LOOK_BEHIND = 24  # a descriptor without signature sits just before the next header
_LOOK_AHEAD = 28  # a signed ZIP64 descriptor after a signature found at a chunk's end
_MAX_CANDIDATES = 100_000
_MAX_ENTRIES = 1 << 22


def recover_listing(source: ByteSource) -> tuple[bytes, str] | None:
    """(synthetic central directory, archive problem), or None if no local header is found."""
    if source.read_at(0, 4) != _LOCAL_SIG:
        return None
    records: list[bytes] = []
    pos = 0
    note = ""
    while len(records) < _MAX_ENTRIES:
        header = source.read_at(pos, LOCAL_HEADER.size)
        if len(header) < LOCAL_HEADER.size or header[:4] != _LOCAL_SIG:
            break
        (__, need, flags, method, time, date, crc, csize, usize, nlen, xlen) = LOCAL_HEADER.unpack(
            header
        )
        name = source.read_at(pos + 30, nlen)
        extra = source.read_at(pos + 30 + nlen, xlen)
        if len(name) < nlen or len(extra) < xlen:
            note = _(" The last header is cut off.")
            break
        usize, csize, __, __ = zip64_values(extra, usize, csize, 0)
        data_start = pos + 30 + nlen + xlen
        next_pos = data_start + csize
        if flags & FLAG_DATA_DESCRIPTOR:
            found = _find_descriptor(source, data_start)
            if found is None:
                csize = max(source.size - data_start, 0)
                next_pos = source.size
            else:
                crc, csize, usize, next_pos = found
        records.append(
            _record(need, flags, method, time, date, crc, csize, usize, pos, name, extra)
        )
        if next_pos >= source.size:
            break
        pos = next_pos
    problem = ngettext(
        "The end of the file is missing (no central directory): the download looks "
        "truncated. The listing shows {count:,} entry found by scanning local "
        "headers; the last ones may be incomplete.{note}",
        "The end of the file is missing (no central directory): the download looks "
        "truncated. The listing shows {count:,} entries found by scanning local "
        "headers; the last ones may be incomplete.{note}",
        len(records),
    ).format(count=len(records), note=note)
    return b"".join(records), problem


def _record(
    need: int,
    flags: int,
    method: int,
    time: int,
    date: int,
    crc: int,
    csize: int,
    usize: int,
    offset: int,
    name: bytes,
    extra: bytes,
) -> bytes:
    kept = b"".join(
        struct.pack("<HH", field_id, len(body)) + body
        for field_id, body in iter_extra(extra)
        if field_id != ZIP64_EXTRA
    )
    z64, usize32, csize32, offset32 = zip64_extra(usize, csize, offset)
    extra_out = (z64 + kept)[:0xFFFF]
    return (
        _CD_RECORD.pack(
            b"PK\x01\x02",
            need,
            need,
            flags,
            method,
            time,
            date,
            crc,
            csize32,
            usize32,
            len(name),
            len(extra_out),
            0,
            0,
            0,
            0,
            offset32,
        )
        + name
        + extra_out
    )


def _find_descriptor(source: ByteSource, data_start: int) -> tuple[int, int, int, int] | None:
    """(crc, compressed, size, next header) from the data descriptor after the data.

    The descriptor's own signature is optional, so also try the bytes before the next
    header signature; a candidate counts only if its compressed size matches its place.
    Candidates are checked in the chunk already read, and their number is capped so a
    file stuffed with fake signatures cannot make the search crawl.
    """
    pos = data_start
    candidates = 0
    while pos < source.size:
        window_start = max(data_start, pos - _LOOK_BEHIND)
        window = source.read_at(window_start, pos - window_start + _SEARCH_CHUNK + _LOOK_AHEAD)
        for match in _NEXT_RECORD.finditer(window, pos - window_start):
            if match.start() >= pos - window_start + _SEARCH_CHUNK:
                break  # the next chunk starts here
            found = _descriptor_at(window, window_start, data_start, window_start + match.start())
            if found is not None:
                return found
            candidates += 1
            if candidates > _MAX_CANDIDATES:
                return None
        pos += _SEARCH_CHUNK
    return None


def _descriptor_at(
    window: bytes, window_start: int, data_start: int, sig_pos: int
) -> tuple[int, int, int, int] | None:
    at = sig_pos - window_start
    if window[at : at + 4] == _DESCRIPTOR_SIG:
        for fmt, length in (("<IQQ", 20), ("<III", 12)):
            if at + 4 + length <= len(window):
                crc, csize, usize = struct.unpack_from(fmt, window, at + 4)
                if csize == sig_pos - data_start and csize != MAX32:
                    return crc, csize, usize, sig_pos + 4 + length
        return None
    # A header follows: the descriptor, without its signature, ends right here.
    for fmt, length in (("<III", 12), ("<IQQ", 20)):
        start = at - length
        if start + window_start < data_start or start < 0:
            continue
        crc, csize, usize = struct.unpack_from(fmt, window, start)
        if csize == start + window_start - data_start:
            return crc, csize, usize, sig_pos
    return None
