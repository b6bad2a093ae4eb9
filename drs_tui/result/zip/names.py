"""Decoding of entry names, which ZIP stores as bytes of an unstated encoding.

Rules, in order:
1. the Info-ZIP Unicode Path extra field (0x7075), when its CRC matches the raw name;
2. UTF-8 when general-purpose flag bit 11 is set;
3. a forced encoding, like `unzip -O CP936`;
4. otherwise one guess for the whole archive: strict UTF-8 if every legacy name is valid
   UTF-8, else GB18030 (a superset of GBK/CP936, what Chinese Windows archivers write) if
   every one decodes, else per name UTF-8 -> GB18030 -> CP437 (which decodes any bytes).
One guess per archive keeps a short GBK name that happens to be valid UTF-8 from coming
out as mojibake next to its correctly decoded siblings.
"""

from __future__ import annotations

import codecs
import struct
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence

from drs_tui.i18n import _
from drs_tui.result.errors import UnknownNameError
from drs_tui.result.zip.entry_names import EntryNames, bounds_from_lengths, newline_bounds
from drs_tui.result.zip.zip_entry import FLAG_UTF8

UNICODE_PATH_EXTRA = 0x7075
_UNICODE_PATH_MIN = 6  # version (1 byte), CRC-32 of the raw name (4), a name (1 or more)
_LEGACY_GUESSES = ("utf-8", "gb18030")
_LAST_RESORT = "cp437"
_CHUNK = 4096
# Codecs in which a b"\n" byte is always the character "\n" and never part of another:
# names joined by newlines decode as one piece exactly as they do one by one.
_SPLITS_AT_NEWLINE = frozenset(
    {"utf-8", "gb18030", "gbk", "gb2312", "big5", "cp437", "iso8859-1", "cp1252"}
    | {"shift_jis", "cp932", "euc_jp", "euc_kr", "cp949"}
)


def check_encoding(encoding: str) -> str:
    """The codec's canonical name, or a clear error for a typo like `--encoding gbkk`."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise UnknownNameError(
            _("Unknown encoding {encoding!r}.").format(encoding=encoding),
            hint=_("Use a Python codec name such as utf-8, gb18030, cp936, cp437 or shift_jis."),
            title=_("Unknown encoding"),
        ) from None


def decode_names(
    raw_names: Sequence[bytes],
    utf8_flags: Sequence[bool] | None,
    forced: str | None = None,
) -> list[str]:
    """Decode every name of one archive at once (see the module docstring).

    `utf8_flags` is None when no name has the UTF-8 flag. A list in, a list out: the
    listing itself uses `decode_entry_names`, which this calls.
    """
    raw = b"\n" + b"\n".join(raw_names) + b"\n" if raw_names else b"\n"
    bounds = bounds_from_lengths(map(len, raw_names), len(raw))
    flags = [FLAG_UTF8 if flag else 0 for flag in utf8_flags or [False] * len(raw_names)]
    return list(decode_entry_names(raw, bounds, flags, forced))


def decode_entry_names(
    raw: bytes | bytearray,
    raw_bounds: array[int],
    flags: Sequence[int],
    forced: str | None = None,
    unicode_paths: Mapping[int, str] | None = None,
) -> EntryNames:
    """Decode every name of one archive (see the module docstring) into `EntryNames`.

    `raw` holds the stored names framed like `EntryNames.text` ("\n" before each, one
    after the last), `raw_bounds` where each begins; `flags` are the entries' general
    purpose flags; `unicode_paths` the names already read from valid Unicode Path fields.
    Archives whose names decode as one piece are decoded as one piece: the result is
    the same as name by name, since "\n" never sits inside a character of these codecs.
    """
    count = len(raw_bounds) - 1
    ascii_only = raw.isascii() and b"\0" not in raw
    if not unicode_paths:
        if ascii_only:
            return EntryNames(raw.decode("ascii"), raw_bounds, codec="ascii")
        whole = _decode_whole(raw, count, flags, forced)
        if whole is not None:
            text, codec = whole
            bounds = newline_bounds(text, count)
            if codec == "utf-8":  # strict UTF-8 encodes back to the very same bytes
                return EntryNames(text, bounds, codec=codec)
            return EntryNames(text, bounds, raw=bytes(raw), raw_bounds=raw_bounds)
    return _decode_each(raw, raw_bounds, flags, forced, unicode_paths or {}, ascii_only)


def _decode_whole(
    raw: bytes | bytearray, count: int, flags: Sequence[int], forced: str | None
) -> tuple[str, str] | None:
    """(text, codec) when all names decode strictly as one piece, else None."""
    if raw.count(b"\n") != count + 1:
        return None  # a name holds a newline byte
    flagged = any(flag & FLAG_UTF8 for flag in set(flags))
    if forced:
        candidates: tuple[str, ...] = () if flagged else (forced,)
    else:
        candidates = ("utf-8",) if flagged else _LEGACY_GUESSES
    for encoding in candidates:
        if encoding not in _SPLITS_AT_NEWLINE:
            return None
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _decode_each(
    raw: bytes | bytearray,
    raw_bounds: array[int],
    flags: Sequence[int],
    forced: str | None,
    unicode_paths: Mapping[int, str],
    ascii_only: bool,
) -> EntryNames:
    """Name by name, a few thousand at a time: mixed encodings, Unicode Path fields."""
    count = len(raw_bounds) - 1

    def stored(index: int) -> bytes:
        return bytes(raw[raw_bounds[index] + 1 : raw_bounds[index + 1]])

    def legacy() -> Iterator[bytes]:
        return (stored(i) for i in range(count) if not flags[i] & FLAG_UTF8)

    encoding = "ascii" if ascii_only else forced or _archive_guess(legacy)
    pieces: list[str] = []
    lengths = array("L")
    for start in range(0, count, _CHUNK):
        names: list[str] = []
        for index in range(start, min(start + _CHUNK, count)):
            better = unicode_paths.get(index)
            name = stored(index)
            if better is not None:
                names.append(better)
            elif ascii_only:
                names.append(name.decode("ascii"))
            elif flags[index] & FLAG_UTF8:
                names.append(name.decode("utf-8", "replace"))
            elif encoding is not None:
                names.append(name.decode(encoding, "replace"))
            else:
                names.append(decode_one(name))
        pieces.append("\n".join(names))
        lengths.extend(map(len, names))
    text = "\n" + "\n".join(pieces) + "\n" if count else "\n"
    bounds = bounds_from_lengths(lengths, len(text))
    return EntryNames(text, bounds, raw=bytes(raw), raw_bounds=raw_bounds)


def decode_one(raw: bytes) -> str:
    """Per-name fallback chain for archives whose legacy names mix encodings."""
    for encoding in _LEGACY_GUESSES:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode(_LAST_RESORT)


def _archive_guess(legacy: Callable[[], Iterator[bytes]]) -> str | None:
    for encoding in _LEGACY_GUESSES:
        try:
            for raw in legacy():
                if not raw.isascii():
                    raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def unicode_path(extra: bytes, raw_name: bytes) -> str | None:
    """The UTF-8 name from an Info-ZIP Unicode Path field, if present and still valid.

    The field carries the CRC-32 of the raw name it was written for; a tool that renamed
    the entry later without updating the field leaves a stale CRC, and then it is ignored.
    So is a field with another version, no name (shorter than 6 bytes) or a name that is
    not UTF-8; the next valid field is used, else the raw name (as unzip does).
    """
    for field_id, body in iter_extra(extra):
        if field_id != UNICODE_PATH_EXTRA or len(body) < _UNICODE_PATH_MIN or body[0] != 1:
            continue
        (name_crc,) = struct.unpack_from("<I", body, 1)
        if name_crc != zlib.crc32(raw_name):
            continue
        try:
            return body[5:].decode("utf-8")
        except UnicodeDecodeError:
            continue
    return None


def iter_extra(extra: bytes) -> list[tuple[int, bytes]]:
    """(id, body) pairs of an extra field block; a truncated last field is dropped."""
    fields: list[tuple[int, bytes]] = []
    pos = 0
    while pos + 4 <= len(extra):
        field_id, length = struct.unpack_from("<HH", extra, pos)
        body = extra[pos + 4 : pos + 4 + length]
        if len(body) < length:
            break
        fields.append((field_id, body))
        pos += 4 + length
    return fields
