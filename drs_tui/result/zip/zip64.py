"""The ZIP64 extended-information extra field (id 0x0001).

When a 32-bit size or offset in a header is 0xFFFFFFFF, the real 64-bit value sits in
this field, in a fixed order, and only for the values that were saturated.
"""

from __future__ import annotations

import struct

from drs_tui.i18n import N_
from drs_tui.result.zip.names import iter_extra

MAX16 = 0xFFFF
MAX32 = 0xFFFFFFFF
ZIP64_EXTRA = 0x0001


# Larger than any file (4 EiB): such a value is damage, and sums of it overflow 64 bits.
MAX_SANE = 1 << 62


def zip64_values(
    extra: bytes, size: int, compressed: int, offset: int
) -> tuple[int, int, int, str]:
    """(size, compressed size, header offset, problem); saturated values are replaced."""
    for field_id, body in iter_extra(extra):
        if field_id != ZIP64_EXTRA:
            continue
        pos = 0
        values = [size, compressed, offset]
        for slot, value in enumerate(values):
            if value != MAX32:
                continue
            if pos + 8 > len(body):
                return size, compressed, offset, N_("ZIP64 extra field is too short")
            (values[slot],) = struct.unpack_from("<Q", body, pos)
            pos += 8
        if max(values) > MAX_SANE:
            return size, compressed, offset, N_("ZIP64 extra field holds an impossible size")
        return values[0], values[1], values[2], ""
    if offset == MAX32 or size == MAX32 or compressed == MAX32:
        return size, compressed, offset, N_("ZIP64 extra field is missing")
    return size, compressed, offset, ""


def zip64_extra(size: int, compressed: int, offset: int) -> tuple[bytes, int, int, int]:
    """An extra field for values that do not fit 32 bits, and the header values to write."""
    body = b""
    header = []
    for value in (size, compressed, offset):
        if value >= MAX32:
            body += struct.pack("<Q", value)
            header.append(MAX32)
        else:
            header.append(value)
    extra = struct.pack("<HH", ZIP64_EXTRA, len(body)) + body if body else b""
    return extra, header[0], header[1], header[2]
