"""Checks made just before reading an entry: is it readable, and where its data lies.

The listing trusts the central directory; reading goes to the local header, which a
hostile archive can make disagree with it, so the data range is checked again here.
"""

from __future__ import annotations

from drs_tui import i18n
from drs_tui.i18n import _
from drs_tui.result.errors import (
    CorruptEntryError,
    EncryptedEntryError,
    TruncatedArchiveError,
    UnsafeEntryError,
    UnsupportedEntryError,
)
from drs_tui.result.zip import hazards
from drs_tui.result.zip.byte_source import ByteSource
from drs_tui.result.zip.central_directory import LOCAL_SIG
from drs_tui.result.zip.recovery import LOCAL_HEADER
from drs_tui.result.zip.zip_entry import FLAG_ENCRYPTED, READABLE_METHODS, ZipEntry


def refuse_unreadable(entry: ZipEntry) -> None:
    """Raise the error that fits an entry marked unreadable by the listing."""
    if entry.readable:
        return
    problem = entry.problem or _("cannot be read")
    message = f"{entry.name}: {problem}."
    if entry.encrypted:
        raise EncryptedEntryError(
            message, hint=_("drs-tui does not decrypt; use 7-Zip or unzip with the password.")
        )
    if entry.method not in READABLE_METHODS:
        raise UnsupportedEntryError(message, hint=_("7-Zip reads more compression methods."))
    # The listing words the problem in the language of the moment it was flagged.
    if hazards.OVERLAP in problem or i18n._(hazards.OVERLAP) in problem:
        raise UnsafeEntryError(message)
    if hazards.OUTSIDE in problem or i18n._(hazards.OUTSIDE) in problem:
        raise TruncatedArchiveError(message)
    raise CorruptEntryError(message)


def data_start(source: ByteSource, entry: ZipEntry, data_end: int, next_header: int) -> int:
    """Offset of the entry's data, after checking its local header and neighbours."""
    offset = entry.header_offset
    header = source.read_at(offset, LOCAL_HEADER.size)
    if len(header) < LOCAL_HEADER.size or header[:4] != LOCAL_SIG:
        raise CorruptEntryError(
            _("{name}: no local header at offset {offset:,}.").format(
                name=entry.name, offset=offset
            )
        )
    (__, __, flags, method, __, __, __, __, __, name_len, extra_len) = LOCAL_HEADER.unpack(header)
    if flags & FLAG_ENCRYPTED:
        raise EncryptedEntryError(
            _("{name}: encrypted (its local header says so).").format(name=entry.name)
        )
    if method != entry.method:
        raise CorruptEntryError(
            _("{name}: the local header names another method.").format(name=entry.name)
        )
    start: int = offset + LOCAL_HEADER.size + name_len + extra_len
    end = start + entry.compressed_size
    if end > data_end:
        raise TruncatedArchiveError(
            _("{name}: its data runs past the end of the archive data (truncated?).").format(
                name=entry.name
            )
        )
    if end > next_header:
        raise UnsafeEntryError(
            _("{name}: {problem}.").format(name=entry.name, problem=i18n._(hazards.OVERLAP))
        )
    return start
