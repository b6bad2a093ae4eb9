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
from collections.abc import Sequence

from drs_tui.result.errors import UnknownNameError

UNICODE_PATH_EXTRA = 0x7075
_UNICODE_PATH_MIN = 6  # version (1 byte), CRC-32 of the raw name (4), a name (1 or more)
_LEGACY_GUESSES = ("utf-8", "gb18030")
_LAST_RESORT = "cp437"


def check_encoding(encoding: str) -> str:
    """The codec's canonical name, or a clear error for a typo like `--encoding gbkk`."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise UnknownNameError(
            f"Unknown encoding {encoding!r}.",
            hint="Use a Python codec name such as utf-8, gb18030, cp936, cp437 or shift_jis.",
            title="Unknown encoding",
        ) from None


def decode_names(
    raw_names: Sequence[bytes],
    utf8_flags: Sequence[bool] | None,
    forced: str | None = None,
) -> list[str]:
    """Decode every name of one archive at once (see the module docstring).

    `utf8_flags` is None when no name has the UTF-8 flag.
    """
    joined = b"\0".join(raw_names)
    if joined.isascii() and joined.count(0) == max(len(raw_names) - 1, 0):
        return joined.decode("ascii").split("\0") if raw_names else []
    if utf8_flags is None:
        utf8_flags = [False] * len(raw_names)
    legacy = [raw for raw, flagged in zip(raw_names, utf8_flags, strict=True) if not flagged]
    encoding = forced or _archive_guess(legacy)
    names: list[str] = []
    for raw, flagged in zip(raw_names, utf8_flags, strict=True):
        if flagged:
            names.append(raw.decode("utf-8", "replace"))
        elif encoding is not None:
            names.append(raw.decode(encoding, "replace"))
        else:
            names.append(decode_one(raw))
    return names


def decode_one(raw: bytes) -> str:
    """Per-name fallback chain for archives whose legacy names mix encodings."""
    for encoding in _LEGACY_GUESSES:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode(_LAST_RESORT)


def _archive_guess(legacy: Sequence[bytes]) -> str | None:
    for encoding in _LEGACY_GUESSES:
        try:
            for raw in legacy:
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
