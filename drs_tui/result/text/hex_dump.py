"""Classic hex dump lines for binary entries: offset, 16 bytes in hex, printable ASCII."""

from __future__ import annotations

from collections.abc import Iterator

BYTES_PER_LINE = 16
_PRINTABLE = bytes(range(0x20, 0x7F))


def hex_lines(data: bytes, *, offset: int = 0) -> Iterator[str]:
    """'00000000  50 4b 03 04 14 00 00 00  08 00 ...  |PK..............|'"""
    for start in range(0, len(data), BYTES_PER_LINE):
        chunk = data[start : start + BYTES_PER_LINE]
        left = " ".join(f"{b:02x}" for b in chunk[:8])
        right = " ".join(f"{b:02x}" for b in chunk[8:])
        text = "".join(chr(b) if b in _PRINTABLE else "." for b in chunk)
        yield f"{offset + start:08x}  {left:<23}  {right:<23}  |{text}|"


def hex_dump(data: bytes, *, offset: int = 0) -> str:
    return "\n".join(hex_lines(data, offset=offset))
