"""The central directory read a window at a time into compact columns.

zipfile builds a ZipInfo per entry and is about 4x slower than `unzip -l` on 100,000
entries; here one struct call per record fills a few arrays, each of the smallest type
that holds its values, and the names go into one byte string. The directory's bytes are
read 4 MiB at a time and dropped once their records are in the columns, so a listing of
a million entries never holds the whole directory (76 MB) nor an object per name. What
needs the record's own bytes (ZIP64 sizes, Unicode Path names, symbolic links) is
done window by window, before the window goes.
"""

from __future__ import annotations

import bisect
import operator
import re
import struct
import sys
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat

from drs_tui import i18n
from drs_tui.i18n import _
from drs_tui.result.zip import hazards
from drs_tui.result.zip.entry_names import EntryNames, bounds_from_lengths
from drs_tui.result.zip.names import decode_entry_names, unicode_path
from drs_tui.result.zip.zip64 import MAX32, zip64_values

# (offset in the directory, length) -> the bytes there; shorter only past its end.
Reader = Callable[[int, int], bytes]

_CD_SIG = 0x02014B50
# A record's 46-byte head: signature 0, made-by system 5 (high byte), flags 8, method 10,
# DOS time|date 12, CRC 16, compressed size 20, size 24, the three lengths 28,
# external attributes 38, local header offset 42 (see _scan_window).
_LENGTHS = struct.Struct("<HH")  # name and extra field lengths, at offset 28
# What the walk from record to record needs: the signature and the three lengths.
_WALK = struct.Struct("<I24xHHH")
_WINDOW = 4 << 20  # more than the longest record (46 + 3 * 65535 bytes)
# Info-ZIP Unicode Path field header: id 0x7075, any length, version 1.
_UNICODE_PATH = re.compile(b"up..\x01", re.DOTALL)
# A record of a Unix entry whose mode is a symbolic link: made-by system 3 at offset 5,
# the high byte of the mode (S_IFLNK 0xA000) at offset 41. A match (maybe a look-alike
# inside a name) sends the window's entries to the exact test on their columns.
_SYMLINK_RECORD = re.compile(rb"PK\x01\x02.\x03.{35}[\xa0-\xaf]", re.DOTALL)
_UNIX_SYSTEM = 3
_LINK_TYPE = 0xA  # the top four bits of external attributes holding S_IFLNK << 16


@dataclass
class CentralDirectory:
    """Per-entry columns, index-aligned; `names` holds the decoded and the stored names."""

    names: EntryNames
    flags: array[int]
    methods: array[int]
    dos_times: array[int]  # DOS date << 16 | time
    crcs: array[int]
    sizes: array[int]
    compressed: array[int]
    offsets: array[int]  # local header offsets, already shifted by any prefix
    systems: array[int]  # the "version made by" high byte: 3 is Unix
    external_attrs: array[int]
    data_end: int  # local data must end before this offset (the CD start)
    symlinks: list[int] = field(default_factory=list)  # Unix symbolic links
    offsets_sorted: bool = True  # local headers in central-directory order (hazards.py)
    may_lose_entries: bool = False  # damaged or short: see central_directory.unlisted_names
    problems: dict[int, str] = field(default_factory=dict)
    unreadable: set[int] = field(default_factory=set)
    name_problems: dict[int, str] = field(default_factory=dict)  # see unsafe_names.py
    archive_problems: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.flags)


class _Columns:
    """The arrays being filled, and what the windows found besides."""

    def __init__(self) -> None:
        self.flags, self.methods = array("H"), array("H")
        self.dos_times, self.crcs = array("I"), array("I")
        self.sizes, self.compressed, self.offsets = array("I"), array("I"), array("I")
        self.systems, self.external_attrs = array("B"), array("I")
        self.raw = bytearray(b"\n")
        self.name_lengths = array("H")
        self.unicode_paths: dict[int, str] = {}
        self.symlinks: list[int] = []
        self.zip64_problems: list[tuple[int, str]] = []

    def widen(self) -> None:
        """Room for ZIP64 sizes and offsets."""
        if self.sizes.typecode != "Q":
            self.sizes = array("Q", self.sizes)
            self.compressed = array("Q", self.compressed)
            self.offsets = array("Q", self.offsets)


def scan_directory(
    read: Reader, total: int, delta: int, data_end: int, encoding: str | None
) -> tuple[CentralDirectory, array[int]]:
    """The directory of `total` bytes as columns, and each entry's smallest data end.

    `delta` shifts the local header offsets (bytes prepended to the archive); the data
    ends (local header + name as the directory spells it + compressed bytes) are for
    `hazards.mark_hazards`, which needs the stored names' lengths.
    """
    columns = _Columns()
    position = 0
    while position + 46 <= total:
        window = read(position, min(_WINDOW, total - position))
        used, damaged = _scan_window(window, total - position, columns)
        position += used
        if damaged or not used:
            break
    count = len(columns.flags)
    raw_bounds = bounds_from_lengths(columns.name_lengths, len(columns.raw))
    directory = CentralDirectory(
        names=EntryNames("\n", array("I", [0])),  # decoded last, see below
        flags=columns.flags,
        methods=columns.methods,
        dos_times=columns.dos_times,
        crcs=columns.crcs,
        sizes=columns.sizes,
        compressed=columns.compressed,
        offsets=columns.offsets,
        systems=columns.systems,
        external_attrs=columns.external_attrs,
        data_end=data_end,
        symlinks=columns.symlinks,
    )
    if position < total:
        directory.archive_problems.append(
            _(
                "The central directory is damaged after entry {count}; "
                "the listing shows the entries before the damage."
            ).format(count=count)
        )
    words: dict[str, str] = {}  # each problem translated once, however many entries have it
    for index, problem in columns.zip64_problems:
        text = words.get(problem) or words.setdefault(problem, i18n._(problem))
        hazards.add_problem(directory, index, text, unreadable=True)
    if delta:
        _shift_offsets(directory, delta)
    _mark_methods(directory)
    _mark_ratios(directory)
    raw, columns.raw = columns.raw, bytearray()
    directory.names = decode_entry_names(
        raw, raw_bounds, directory.flags, encoding, columns.unicode_paths
    )
    del raw  # before the data ends are made: the peak is the raw and decoded names
    add = operator.add
    ends = map(add, map(add, directory.offsets, directory.compressed), columns.name_lengths)
    min_ends = array("Q", map(add, ends, repeat(hazards.LOCAL_HEADER_SIZE)))
    return directory, min_ends


def _scan_window(window: bytes, limit: int, columns: _Columns) -> tuple[int, bool]:
    """Add the whole records at the start of `window`, the directory's last `limit`
    bytes; (bytes used, damaged). The loop body is the cost of a listing, so it only
    finds where records start and slices their names; the fixed fields of all of them
    are unpacked at once afterwards (iter_unpack over their 46-byte heads joined), and
    what needs the window's bytes runs after that."""
    starts = array("I")
    names: list[bytes] = []
    add_start, add_name = starts.append, names.append
    walk = _WALK.unpack_from
    size = len(window)
    base = len(columns.flags)
    position = 0
    damaged = False
    while position + 46 <= size:
        sig, nlen, xlen, clen = walk(window, position)
        name_end = position + 46 + nlen
        end = name_end + xlen + clen
        if sig != _CD_SIG or end > limit:
            damaged = True
            break
        if end > size:
            break  # the record goes on in the next window
        add_start(position)
        add_name(window[position + 46 : name_end])
        position = end
    if starts:
        heads = b"".join([window[start : start + 46] for start in starts])
        _put(columns.flags, _field(heads, 8, "H"))
        _put(columns.methods, _field(heads, 10, "H"))
        _put(columns.dos_times, _field(heads, 12, "I"))
        _put(columns.crcs, _field(heads, 16, "I"))
        _put(columns.compressed, _field(heads, 20, "I"))
        _put(columns.sizes, _field(heads, 24, "I"))
        _put(columns.external_attrs, _field(heads, 38, "I"))
        _put(columns.offsets, _field(heads, 42, "I"))
        columns.systems.frombytes(heads[5::46])
    if names:
        columns.raw += b"\n".join(names)
        columns.raw += b"\n"
        columns.name_lengths.extend(map(len, names))
        _apply_zip64(window, starts, base, columns)
        _find_unicode_paths(window, position, starts, names, base, columns)
        if _SYMLINK_RECORD.search(window, 0, position) is not None:
            systems, attrs = columns.systems, columns.external_attrs
            columns.symlinks.extend(
                index
                for index in range(base, len(systems))
                if systems[index] == _UNIX_SYSTEM and attrs[index] >> 28 == _LINK_TYPE
            )
    return position, damaged


def _field(heads: bytes, at: int, typecode: str) -> array[int]:
    """One little-endian field of every 46-byte record head in `heads`, as an array.

    Byte j of the field in every record is one strided slice (`heads[at + j :: 46]`);
    the slices are interleaved back into values by strided assignment. All of it runs
    in C: unpacking each record in Python was half the time of `ls`.
    """
    values = array(typecode)
    width = values.itemsize
    count = len(heads) // 46
    packed = bytearray(width * count)
    for byte in range(width):
        packed[byte::width] = heads[at + byte :: 46]
    values.frombytes(packed)
    if sys.byteorder == "big":
        values.byteswap()
    return values


def _put(column: array[int], values: array[int]) -> None:
    """Append `values`; a column widened for ZIP64 takes them value by value."""
    column.extend(values if column.typecode == values.typecode else iter(values))


def _extra_field(window: bytes, start: int) -> bytes:
    name_len, extra_len = _LENGTHS.unpack_from(window, start + 28)
    return window[start + 46 + name_len : start + 46 + name_len + extra_len]


def _apply_zip64(window: bytes, starts: array[int], base: int, columns: _Columns) -> None:
    """Replace saturated 32-bit values by those of each entry's ZIP64 extra field."""
    saturated = (columns.sizes, columns.compressed, columns.offsets)
    if all(MAX32 not in column[base:] for column in saturated):
        return
    columns.widen()
    sizes, compressed, offsets = columns.sizes, columns.compressed, columns.offsets
    for local, start in enumerate(starts):
        index = base + local
        size, packed, offset = sizes[index], compressed[index], offsets[index]
        if MAX32 not in (size, packed, offset):
            continue
        size, packed, offset, bad = zip64_values(_extra_field(window, start), size, packed, offset)
        sizes[index], compressed[index], offsets[index] = size, packed, offset
        if bad:
            columns.zip64_problems.append((index, bad))


def _find_unicode_paths(
    window: bytes,
    used: int,
    starts: array[int],
    names: list[bytes],
    base: int,
    columns: _Columns,
) -> None:
    """Names from Info-ZIP Unicode Path fields, found by one regex search of the window."""
    seen: set[int] = set()
    for match in _UNICODE_PATH.finditer(window, 0, used):
        local = bisect.bisect_right(starts, match.start()) - 1
        if local < 0 or local in seen:
            continue
        seen.add(local)
        better = unicode_path(_extra_field(window, starts[local]), names[local])
        if better is not None:
            columns.unicode_paths[base + local] = better


def _shift_offsets(directory: CentralDirectory, delta: int) -> None:
    """Offsets of an archive with bytes prepended (a self-extractor, a mail header)."""
    offsets = directory.offsets
    if delta > 0:
        wide = offsets.typecode == "Q" or max(offsets, default=0) + delta > MAX32
        directory.offsets = array(
            "Q" if wide else offsets.typecode, map(operator.add, offsets, repeat(delta))
        )
        return
    problem = _("local header offset is before the file start")
    for index, value in enumerate(offsets):
        if value + delta < 0:
            hazards.add_problem(directory, index, problem, unreadable=True)
        offsets[index] = max(value + delta, 0)


def _any_bit(values: array[int], bit: int) -> bool:
    return any(value & bit for value in set(values))


def _mark_methods(directory: CentralDirectory) -> None:
    flags, methods = directory.flags, directory.methods
    if not _any_bit(flags, 0x41) and set(methods) <= hazards.READABLE_METHODS:
        return
    words: dict[tuple[int, int], str] = {}  # each (flags, method) worded once
    for index, (flag, method) in enumerate(zip(flags, methods, strict=True)):
        if flag & 0x41 or method not in hazards.READABLE_METHODS:
            text = words.get((flag, method)) or words.setdefault(
                (flag, method), hazards.method_problem(flag, method)
            )
            hazards.add_problem(directory, index, text, unreadable=True)


def _mark_ratios(directory: CentralDirectory) -> None:
    sizes, compressed = directory.sizes, directory.compressed
    if not sizes or max(sizes) <= hazards.RATIO_MIN_SIZE:
        return
    unreadable = directory.unreadable  # so far: bad ZIP64 fields, whose sizes mean nothing
    words = hazards.ratio_words()  # translated once, not per entry
    for index, size in enumerate(sizes):
        if size > hazards.RATIO_MIN_SIZE and size > hazards.RATIO_LIMIT * compressed[index]:
            if index in unreadable:
                continue
            hazards.add_problem(
                directory,
                index,
                hazards.ratio_problem(size, compressed[index], words),
                unreadable=False,
            )
