"""A lean central-directory reader: end records, then the records as compact columns.

The end records say where the directory is; directory_scan.py reads it a window at a
time into arrays and one string of names, and `ZipEntry` objects are made only when
someone asks for one (`ResultArchive.entry`). A directory that cannot be found is
rebuilt from the local headers (recovery.py).
"""

from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass
from functools import partial

from drs_tui import i18n
from drs_tui.i18n import N_, _
from drs_tui.result.errors import NotAZipError, UnsupportedEntryError
from drs_tui.result.server_answer import JSON_ERROR_HEAD, json_error_words
from drs_tui.result.zip import hazards, recovery, unsafe_names
from drs_tui.result.zip.byte_source import ByteSource
from drs_tui.result.zip.directory_scan import CentralDirectory, Reader, scan_directory
from drs_tui.result.zip.zip64 import MAX16, ZIP64_EXTRA

CD_SIG = b"PK\x01\x02"
LOCAL_SIG = b"PK\x03\x04"
EOCD_SIG = b"PK\x05\x06"
EOCD64_SIG = b"PK\x06\x06"
LOCATOR_SIG = b"PK\x06\x07"

_EOCD = struct.Struct("<4sHHHHIIH")  # 22 bytes
_LOCATOR = struct.Struct("<4sIQI")  # 20 bytes
_EOCD64 = struct.Struct("<4sQHHIIQQQQ")  # 56 bytes
_TAIL = _EOCD.size + MAX16 + _LOCATOR.size
_JOIN_HINT = N_("Join the parts first, e.g. `zip -s 0 split.zip --out whole.zip`.")
# A whole archive whose disk numbers are wrong reads fine (unzip and zipfile read it);
# the last part of a real split archive has no readable entry, and is refused.
_SPLIT_PROBLEM = N_(
    "The end record says this file is one part of a split (multi-volume) archive; it is "
    "read as if the parts were joined. If entries are missing: {join_hint}"
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


def read_central_directory(source: ByteSource, *, encoding: str | None) -> CentralDirectory:
    """Parse the listing of `source`; damaged archives give what can be read plus problems."""
    end = find_end_record(source)
    archive_problems: list[str] = []
    directory: CentralDirectory | None = None
    min_ends = array("Q")
    if end is not None and end.problem:
        archive_problems.append(end.problem)
    if end is not None and end.split:
        archive_problems.append(i18n._(_SPLIT_PROBLEM).format(join_hint=i18n._(_JOIN_HINT)))
    if end is not None:
        start, length, delta, cd_problem = _find_cd(source, end)
        if cd_problem:
            archive_problems.append(cd_problem)
        if length or end.entries == 0:
            read = partial(_read_from, source, start)
            directory, min_ends = scan_directory(
                read, length, delta, end.cd_offset + delta, encoding
            )
            count_differs = end.entries % (MAX16 + 1) != len(directory) % (MAX16 + 1)
            if count_differs and not directory.archive_problems:
                archive_problems.append(
                    _(
                        "The end record announces {announced} entries but the central "
                        "directory holds {count}; the listing shows what could be read."
                    ).format(announced=end.entries, count=len(directory))
                )
            # Entries after a damaged or short directory leave no trace but their local
            # headers: unlisted_names() walks those only then.
            directory.may_lose_entries = bool(
                cd_problem or count_differs or directory.archive_problems
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
                    _("{name} is not a ZIP archive (no end of central directory).").format(
                        name=source.name
                    ),
                    hint=_not_a_zip_hint(source.read_at(0, JSON_ERROR_HEAD)),
                )
            raise NotAZipError(
                _("{name} is not a readable ZIP archive: {problem}").format(
                    name=source.name,
                    problem=archive_problems[0] if archive_problems else _("no entries found."),
                ),
            )
        synthetic_cd, found_problem = recovered
        archive_problems.append(found_problem)
        directory, min_ends = _scan_bytes(synthetic_cd, source.size, encoding)
    directory.archive_problems[:0] = archive_problems
    hazards.mark_hazards(directory, min_ends)
    del min_ends
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
    Only done when the directory may have lost entries (`may_lose_entries`): a sound
    one, or a listing that is itself that walk (a truncated download), is trusted.
    """
    if not directory.may_lose_entries:
        return []
    recovered = recovery.recover_listing(source)
    if recovered is None:
        return []
    found, _ = _scan_bytes(recovered[0], source.size, encoding)
    listed = set(directory.offsets)
    pairs = zip(found.names, found.offsets, strict=True)
    return [name for name, offset in pairs if offset not in listed]


def _not_a_zip_hint(head: bytes) -> str:
    text = head.lstrip().lower()
    if text.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return _("It is a web page: the server sent an error page instead of the result file.")
    if text.startswith((b"{", b"[")):
        words = json_error_words(head)
        if words:
            return _(
                "It is JSON: the API answered with an error ({words}) instead of the file."
            ).format(words=words)
        return _("It is JSON: the API answered with an error instead of the file.")
    if not head:
        return _("The file is empty: the download did not write anything.")
    return _("Check that the download finished and that this is the result ZIP.")


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
                record.problem = _(
                    "The archive comment is cut short: the end record announces "
                    "{announced} bytes but {present} follow (truncated file?)."
                ).format(announced=fields[7], present=present)
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
        _("{name} is one part of a split (multi-volume) ZIP archive.").format(name=source.name),
        hint=i18n._(_JOIN_HINT),
        title=_("Split archive"),
    )


def _find_cd(source: ByteSource, end: EndRecord) -> tuple[int, int, int, str]:
    """Where the CD starts and how many of its bytes the file holds, the prefix shift
    (bytes prepended, as in self-extractors), a problem."""
    if end.entries == 0 and end.cd_size == 0:
        return 0, 0, 0, ""
    shifted = end.cd_end - end.cd_size
    for start in dict.fromkeys((shifted, end.cd_offset)):  # prefix-shifted first, as zipfile
        if start < 0 or start >= end.cd_end:
            continue
        if source.read_at(start, 4) == CD_SIG:
            length = min(end.cd_size, end.cd_end - start, source.size - start)
            problem = ""
            if length < end.cd_size:
                problem = _("The central directory is shorter than its end record says.")
            return start, length, start - end.cd_offset, problem
    return 0, 0, 0, _("The central directory is missing or damaged (bad offset or signature).")


def _read_from(source: ByteSource, start: int, offset: int, length: int) -> bytes:
    return source.read_at(start + offset, length)


def _scan_bytes(
    records: bytes, data_end: int, encoding: str | None
) -> tuple[CentralDirectory, array[int]]:
    """A directory rebuilt in memory from the local headers (recovery.py)."""

    def read(offset: int, length: int) -> bytes:
        return records[offset : offset + length]

    reader: Reader = read
    return scan_directory(reader, len(records), 0, data_end, encoding)


__all__ = [
    "LOCAL_SIG",
    "ZIP64_EXTRA",
    "CentralDirectory",
    "EndRecord",
    "find_end_record",
    "read_central_directory",
    "unlisted_names",
]
