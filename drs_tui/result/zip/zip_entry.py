"""One ZIP entry as the rest of the app sees it, and the archive totals.

`ZipEntry` objects are built on demand from the central-directory bytes (see
`central_directory.py`): a 100,000-entry listing keeps arrays, not 100,000 objects.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from datetime import datetime

# Method ids from APPNOTE 4.4.5; the ones `entry_stream.py` can decode are READABLE_METHODS.
METHOD_NAMES: dict[int, str] = {
    0: "Stored",
    1: "Shrink",
    2: "Reduce1",
    3: "Reduce2",
    4: "Reduce3",
    5: "Reduce4",
    6: "Implode",
    8: "Deflate",
    9: "Deflate64",
    10: "PKWARE-Implode",
    12: "BZip2",
    14: "LZMA",
    16: "IBM-CMPSC",
    18: "IBM-TERSE",
    19: "IBM-LZ77",
    20: "Zstd-old",
    93: "Zstd",
    94: "MP3",
    95: "XZ",
    96: "JPEG",
    97: "WavPack",
    98: "PPMd",
    99: "AES",
}
READABLE_METHODS = frozenset({0, 8, 12, 14})
AES_METHOD = 99

FLAG_ENCRYPTED = 0x0001
FLAG_DATA_DESCRIPTOR = 0x0008
FLAG_STRONG_ENCRYPTION = 0x0040
FLAG_UTF8 = 0x0800

CRC_UNCHECKED = "unchecked"
CRC_OK = "ok"
CRC_BAD = "bad"

_UNIX_SYSTEM = 3  # "version made by" high byte: external_attr holds st_mode << 16


def method_name(method: int) -> str:
    return METHOD_NAMES.get(method, f"method {method}")


def dos_datetime(dos: int) -> datetime | None:
    """MS-DOS date (high 16 bits) and time (low 16 bits) as a naive local datetime."""
    date, time = dos >> 16, dos & 0xFFFF
    if date == 0:
        return None
    try:
        return datetime(
            (date >> 9) + 1980,
            (date >> 5) & 0xF,
            date & 0x1F,
            time >> 11,
            (time >> 5) & 0x3F,
            min((time & 0x1F) * 2, 59),
        )
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class ZipEntry:
    """One central-directory record, decoded. `problem` says why it is bad or unreadable."""

    index: int
    name: str
    raw_name: bytes
    size: int
    compressed_size: int
    method: int
    flags: int
    crc: int
    header_offset: int
    dos_time: int
    external_attr: int
    create_system: int
    problem: str | None = None
    # False when no byte of it can be read: encrypted, unsupported method, overlapping data.
    readable: bool = True
    crc_status: str = CRC_UNCHECKED
    # Why extraction refuses this name (unsafe path, symbolic link, duplicate), or None.
    name_problem: str | None = None

    @property
    def ratio(self) -> float:
        """Uncompressed / compressed size; 1.0 for empty entries."""
        if self.size == 0:
            return 1.0
        return self.size / max(self.compressed_size, 1)

    @property
    def modified(self) -> datetime | None:
        return dos_datetime(self.dos_time)

    @property
    def method_name(self) -> str:
        return method_name(self.method)

    @property
    def encrypted(self) -> bool:
        return bool(self.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) or (
            self.method == AES_METHOD
        )

    @property
    def is_dir(self) -> bool:
        return self.name.endswith(("/", "\\"))

    @property
    def unix_mode(self) -> int | None:
        if self.create_system != _UNIX_SYSTEM:
            return None
        return self.external_attr >> 16

    @property
    def is_symlink(self) -> bool:
        mode = self.unix_mode
        return mode is not None and stat.S_ISLNK(mode)


@dataclass(frozen=True, slots=True)
class ArchiveTotals:
    """Counts and sizes for a listing footer."""

    entries: int
    files: int
    dirs: int
    size: int
    compressed_size: int
    with_problems: int

    @property
    def ratio(self) -> float:
        if self.size == 0:
            return 1.0
        return self.size / max(self.compressed_size, 1)
