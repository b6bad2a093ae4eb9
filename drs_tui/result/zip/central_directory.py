"""A lean central-directory reader: end records, one read of the CD bytes, flat arrays.

zipfile builds a ZipInfo per entry and is about 4x slower than `unzip -l` on 100,000
entries; here one struct call per record fills a few arrays, names are decoded in bulk,
and `ZipEntry` objects are made only when someone asks for one (`ResultArchive.entry`).
"""

from __future__ import annotations

import bisect
import operator
import re
import struct
from array import array
from dataclasses import dataclass, field
from itertools import repeat

from drs_tui.result.errors import NotAZipError, UnsupportedEntryError
from drs_tui.result.server_answer import JSON_ERROR_HEAD, json_error_words
from drs_tui.result.zip import hazards, recovery, unsafe_names
from drs_tui.result.zip.byte_source import ByteSource
from drs_tui.result.zip.names import decode_names, unicode_path
from drs_tui.result.zip.zip64 import MAX16, MAX32, ZIP64_EXTRA, zip64_values
from drs_tui.result.zip.zip_entry import FLAG_UTF8

CD_SIG = b"PK\x01\x02"
LOCAL_SIG = b"PK\x03\x04"
EOCD_SIG = b"PK\x05\x06"
EOCD64_SIG = b"PK\x06\x06"
LOCATOR_SIG = b"PK\x06\x07"

CD_RECORD = struct.Struct("<IHHHHHHIIIHHHHHII")  # 46 bytes, signature included
# The fields the listing needs: sig, flags, method, time|date, csize, size, 3 lengths, offset.
_SCAN_RECORD = struct.Struct("<I4xHHI4xIIHHH8xI")
# Info-ZIP Unicode Path field header: id 0x7075, any length, version 1.
_UNICODE_PATH = re.compile(b"up..\x01", re.DOTALL)
_CD_SIG_INT = 0x02014B50
_EOCD = struct.Struct("<4sHHHHIIH")  # 22 bytes
_LOCATOR = struct.Struct("<4sIQI")  # 20 bytes
_EOCD64 = struct.Struct("<4sQHHIIQQQQ")  # 56 bytes
_TAIL = _EOCD.size + MAX16 + _LOCATOR.size
_JOIN_HINT = "Join the parts first, e.g. `zip -s 0 split.zip --out whole.zip`."
# A whole archive whose disk numbers are wrong reads fine (unzip and zipfile read it);
# the last part of a real split archive has no readable entry, and is refused.
_SPLIT_PROBLEM = (
    "The end record says this file is one part of a split (multi-volume) archive; it is "
    "read as if the parts were joined. If entries are missing: " + _JOIN_HINT
)


@dataclass
class EndRecord:
    entries: int
    cd_size: int
    cd_offset: int
    cd_end: int  # where the CD really ends in this file: the first end record
    zip64: bool
    problem: str = ""  # an anomaly of the end record itself (a comment cut short)
    split: bool = False  # its disk numbers say it is one part of a split archive


@dataclass
class CentralDirectory:
    """Per-entry arrays, index-aligned; `cd` holds the raw records for lazy fields."""

    cd: bytes
    starts: array[int]  # offset of each record in `cd`
    flags: array[int]
    methods: array[int]
    dos_times: array[int]  # DOS date << 16 | time
    sizes: array[int]
    compressed: array[int]
    offsets: array[int]  # local header offsets, already shifted by any prefix
    # Smallest possible end of each entry's data (header, CD name length, compressed bytes).
    min_ends: array[int]
    names: list[str]
    data_end: int  # local data must end before this offset (the CD start)
    problems: dict[int, str] = field(default_factory=dict)
    unreadable: set[int] = field(default_factory=set)
    name_problems: dict[int, str] = field(default_factory=dict)  # see unsafe_names.py
    archive_problems: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.starts)

    def record(self, index: int) -> tuple[int, ...]:
        return CD_RECORD.unpack_from(self.cd, self.starts[index])

    def raw_name(self, index: int) -> bytes:
        start = self.starts[index]
        (name_len,) = struct.unpack_from("<H", self.cd, start + 28)
        return self.cd[start + 46 : start + 46 + name_len]

    def extra_field(self, index: int) -> bytes:
        start = self.starts[index]
        name_len, extra_len = struct.unpack_from("<HH", self.cd, start + 28)
        return self.cd[start + 46 + name_len : start + 46 + name_len + extra_len]


def read_central_directory(source: ByteSource, *, encoding: str | None) -> CentralDirectory:
    """Parse the listing of `source`; damaged archives give what can be read plus problems."""
    end = find_end_record(source)
    archive_problems: list[str] = []
    directory: CentralDirectory | None = None
    if end is not None and end.problem:
        archive_problems.append(end.problem)
    if end is not None and end.split:
        archive_problems.append(_SPLIT_PROBLEM)
    if end is not None:
        cd, delta, cd_problem = _read_cd_bytes(source, end)
        if cd_problem:
            archive_problems.append(cd_problem)
        if cd or end.entries == 0:
            directory = _scan(cd, delta, end.cd_offset + delta, encoding)
            count_differs = end.entries % (MAX16 + 1) != len(directory) % (MAX16 + 1)
            if count_differs and not directory.archive_problems:
                archive_problems.append(
                    f"The end record announces {end.entries} entries but the central "
                    f"directory holds {len(directory)}; the listing shows what could be read."
                )
            if end.entries and not len(directory):
                directory = None  # nothing usable: look for local headers instead
    if directory is None and end is not None and end.split:
        raise _split_archive(source)  # the directory points into another part
    if directory is None:
        recovered = recovery.recover_listing(source)
        if recovered is None:
            if end is None:
                raise NotAZipError(
                    f"{source.name} is not a ZIP archive (no end of central directory).",
                    hint=_not_a_zip_hint(source.read_at(0, JSON_ERROR_HEAD)),
                )
            raise NotAZipError(
                f"{source.name} is not a readable ZIP archive: "
                + (archive_problems[0] if archive_problems else "no entries found."),
            )
        synthetic_cd, found_problem = recovered
        archive_problems.append(found_problem)
        directory = _scan(synthetic_cd, 0, source.size, encoding)
    directory.archive_problems[:0] = archive_problems
    hazards.mark_hazards(directory)
    if end is not None and end.split and len(directory.unreadable) == len(directory):
        raise _split_archive(source)  # every entry's data lies in another part
    unsafe_names.mark_unsafe_names(directory)
    return directory


def unlisted_names(
    source: ByteSource, directory: CentralDirectory, *, encoding: str | None
) -> list[str]:
    """Names of entries whose local header is in the file but not in `directory`.

    A damaged central directory loses the entries after the damage without a trace;
    walking the local headers from the first byte (as the recovery of a truncated
    download does) finds them again, so extraction can name what it did not write.
    Only done for an archive with problems: a sound listing is trusted.
    """
    if not directory.archive_problems:
        return []
    recovered = recovery.recover_listing(source)
    if recovered is None:
        return []
    found = _scan(recovered[0], 0, source.size, encoding)
    listed = set(directory.offsets)
    pairs = zip(found.names, found.offsets, strict=True)
    return [name for name, offset in pairs if offset not in listed]


def _not_a_zip_hint(head: bytes) -> str:
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return "It is a web page: the server sent an error page instead of the result file."
    if text.startswith((b"{", b"[")):
        words = json_error_words(head)
        said = f" ({words})" if words else ""
        return f"It is JSON: the API answered with an error{said} instead of the file."
    if not head:
        return "The file is empty: the download did not write anything."
    return "Check that the download finished and that this is the result ZIP."


def find_end_record(source: ByteSource) -> EndRecord | None:
    """The end of central directory record (and its ZIP64 twin), searched from the end.

    The last signature followed by a whole 22-byte record wins, as in unzip and Python's
    zipfile, even when the comment it announces is cut short: skipping it for an earlier
    signature would show an archive hidden in the data (a stored ZIP entry, say) instead
    of the one its peers show. The cut comment is reported as a problem.
    """
    tail_start = max(0, source.size - _TAIL)
    tail = source.read_at(tail_start, source.size - tail_start)
    pos = tail.rfind(EOCD_SIG)
    while pos >= 0:
        if pos + _EOCD.size <= len(tail):
            fields = _EOCD.unpack_from(tail, pos)
            record = _end_record(source, tail_start + pos, fields)
            present = len(tail) - pos - _EOCD.size
            if present < fields[7]:
                record.problem = (
                    f"The archive comment is cut short: the end record announces "
                    f"{fields[7]} bytes but {present} follow (truncated file?)."
                )
            return record
        pos = tail.rfind(EOCD_SIG, 0, pos)
    return None


def _end_record(source: ByteSource, eocd_pos: int, fields: tuple[int, ...]) -> EndRecord:
    _, disk, cd_disk, _, entries, cd_size, cd_offset, _ = fields
    locator = source.read_at(eocd_pos - _LOCATOR.size, _LOCATOR.size)
    if eocd_pos >= _LOCATOR.size and locator[:4] == LOCATOR_SIG:
        _, _, eocd64_offset, disks = _LOCATOR.unpack(locator)
        eocd64_pos = eocd_pos - _LOCATOR.size - _EOCD64.size
        record = source.read_at(eocd64_pos, _EOCD64.size) if eocd64_pos >= 0 else b""
        if record[:4] != EOCD64_SIG:  # no prefix shift: trust the locator's offset
            eocd64_pos = eocd64_offset
            record = source.read_at(eocd64_pos, _EOCD64.size)
        if len(record) == _EOCD64.size and record[:4] == EOCD64_SIG:
            _, _, _, _, disk, cd_disk, _, entries, cd_size, cd_offset = _EOCD64.unpack(record)
            split = disk != 0 or cd_disk != 0 or disks > 1
            return EndRecord(entries, cd_size, cd_offset, eocd64_pos, zip64=True, split=split)
    split = disk != 0 or cd_disk != 0
    return EndRecord(entries, cd_size, cd_offset, eocd_pos, zip64=False, split=split)


def _split_archive(source: ByteSource) -> UnsupportedEntryError:
    return UnsupportedEntryError(
        f"{source.name} is one part of a split (multi-volume) ZIP archive.",
        hint=_JOIN_HINT,
        title="Split archive",
    )


def _read_cd_bytes(source: ByteSource, end: EndRecord) -> tuple[bytes, int, str]:
    """The CD bytes, the prefix shift (bytes prepended, as in self-extractors), a problem."""
    if end.entries == 0 and end.cd_size == 0:
        return b"", 0, ""
    shifted = end.cd_end - end.cd_size
    for start in dict.fromkeys((shifted, end.cd_offset)):  # prefix-shifted first, as zipfile
        if start < 0 or start >= end.cd_end:
            continue
        if source.read_at(start, 4) == CD_SIG:
            cd = source.read_at(start, min(end.cd_size, end.cd_end - start))
            problem = ""
            if len(cd) < end.cd_size:
                problem = "The central directory is shorter than its end record says."
            return cd, start - end.cd_offset, problem
    return b"", 0, "The central directory is missing or damaged (bad offset or signature)."


def _scan(cd: bytes, delta: int, data_end: int, encoding: str | None) -> CentralDirectory:
    """One tight pass over the records filling arrays; every check runs afterwards in bulk.

    The loop body is the cost of listing 100,000 entries, so it only unpacks and appends.
    """
    starts, flags, methods = array("Q"), array("H"), array("H")
    dos_times, sizes, compressed = array("L"), array("Q"), array("Q")
    offsets = array("Q")
    raw_names: list[bytes] = []
    add_start, add_flags, add_method = starts.append, flags.append, methods.append
    add_time, add_size, add_compressed = dos_times.append, sizes.append, compressed.append
    add_offset, add_name = offsets.append, raw_names.append
    unpack = _SCAN_RECORD.unpack_from
    total = len(cd)
    pos = 0
    while pos + 46 <= total:
        sig, flag, method, dos, csize, usize, nlen, xlen, clen, offset = unpack(cd, pos)
        name_end = pos + 46 + nlen
        if sig != _CD_SIG_INT or name_end + xlen + clen > total:
            break
        add_start(pos)
        add_flags(flag)
        add_method(method)
        add_time(dos)
        add_size(usize)
        add_compressed(csize)
        add_offset(offset)
        add_name(cd[pos + 46 : name_end])
        pos = name_end + xlen + clen
    directory = CentralDirectory(
        cd=cd,
        starts=starts,
        flags=flags,
        methods=methods,
        dos_times=dos_times,
        sizes=sizes,
        compressed=compressed,
        offsets=offsets,
        min_ends=array("Q"),
        names=[],
        data_end=data_end,
    )
    if pos < total:
        directory.archive_problems.append(
            f"The central directory is damaged after entry {len(starts)}; "
            "the listing shows the entries before the damage."
        )
    _apply_zip64(directory)
    if delta:
        _shift_offsets(directory, delta)
    # Smallest possible data end: local header + name (as the CD spells it) + data.
    add = operator.add
    ends = map(add, map(add, directory.offsets, directory.compressed), map(len, raw_names))
    directory.min_ends = array("Q", map(add, ends, repeat(hazards.LOCAL_HEADER_SIZE)))
    _mark_methods(directory)
    _mark_ratios(directory)
    utf8 = [bool(flag & FLAG_UTF8) for flag in flags] if _any_bit(flags, FLAG_UTF8) else None
    directory.names = decode_names(raw_names, utf8, encoding)
    _apply_unicode_paths(directory, raw_names)
    return directory


def _any_bit(values: array[int], bit: int) -> bool:
    return any(value & bit for value in set(values))


def _apply_zip64(directory: CentralDirectory) -> None:
    """Replace saturated 32-bit values by those of each entry's ZIP64 extra field."""
    columns = (directory.sizes, directory.compressed, directory.offsets)
    if all(MAX32 not in column for column in columns):
        return
    for index in range(len(directory)):
        size, compressed = directory.sizes[index], directory.compressed[index]
        offset = directory.offsets[index]
        if MAX32 not in (size, compressed, offset):
            continue
        size, compressed, offset, bad = zip64_values(
            directory.extra_field(index), size, compressed, offset
        )
        directory.sizes[index], directory.compressed[index] = size, compressed
        directory.offsets[index] = offset
        if bad:
            hazards.add_problem(directory, index, bad, unreadable=True)


def _shift_offsets(directory: CentralDirectory, delta: int) -> None:
    """Offsets of an archive with bytes prepended (a self-extractor, a mail header)."""
    if delta > 0:
        directory.offsets = array("Q", map(operator.add, directory.offsets, repeat(delta)))
        return
    offsets = directory.offsets
    for index, value in enumerate(offsets):
        if value + delta < 0:
            problem = "local header offset is before the file start"
            hazards.add_problem(directory, index, problem, unreadable=True)
        offsets[index] = max(value + delta, 0)


def _mark_methods(directory: CentralDirectory) -> None:
    flags, methods = directory.flags, directory.methods
    if not _any_bit(flags, 0x41) and set(methods) <= hazards.READABLE_METHODS:
        return
    for index, (flag, method) in enumerate(zip(flags, methods, strict=True)):
        if flag & 0x41 or method not in hazards.READABLE_METHODS:
            hazards.add_problem(
                directory, index, hazards.method_problem(flag, method), unreadable=True
            )


def _mark_ratios(directory: CentralDirectory) -> None:
    sizes, compressed = directory.sizes, directory.compressed
    if not sizes or max(sizes) <= hazards.RATIO_MIN_SIZE:
        return
    unreadable = directory.unreadable  # so far: bad ZIP64 fields, whose sizes mean nothing
    for index, size in enumerate(sizes):
        if size > hazards.RATIO_MIN_SIZE and size > hazards.RATIO_LIMIT * compressed[index]:
            if index in unreadable:
                continue
            hazards.add_problem(
                directory, index, hazards.ratio_problem(size, compressed[index]), unreadable=False
            )


def _apply_unicode_paths(directory: CentralDirectory, raw_names: list[bytes]) -> None:
    """Use Info-ZIP Unicode Path fields; found by one regex search, not a per-entry parse."""
    cd, starts = directory.cd, directory.starts
    seen: set[int] = set()
    for match in _UNICODE_PATH.finditer(cd):
        index = bisect.bisect_right(starts, match.start()) - 1
        if index < 0 or index in seen:
            continue
        seen.add(index)
        better = unicode_path(directory.extra_field(index), raw_names[index])
        if better is not None:
            directory.names[index] = better


__all__ = [
    "CD_RECORD",
    "LOCAL_SIG",
    "ZIP64_EXTRA",
    "CentralDirectory",
    "EndRecord",
    "find_end_record",
    "read_central_directory",
    "unlisted_names",
]
