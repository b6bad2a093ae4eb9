"""The hex dump against a byte-by-byte reference: every length around a line's end."""

from __future__ import annotations

from hypothesis import given, strategies as st

from drs_tui.result.text.hex_dump import hex_lines


def reference(data: bytes, offset: int) -> list[str]:
    lines = []
    for start in range(0, len(data), 16):
        chunk = data[start : start + 16]
        left = " ".join(f"{byte:02x}" for byte in chunk[:8])
        right = " ".join(f"{byte:02x}" for byte in chunk[8:])
        text = "".join(chr(byte) if 0x20 <= byte < 0x7F else "." for byte in chunk)
        lines.append(f"{offset + start:08x}  {left:<23}  {right:<23}  |{text}|")
    return lines


@given(st.binary(max_size=200), st.integers(min_value=0, max_value=1 << 40))
def test_hex_lines_match_the_reference(data: bytes, offset: int) -> None:
    assert list(hex_lines(data, offset=offset)) == reference(data, offset)


def test_a_short_last_line_is_padded_and_every_byte_value_shown() -> None:
    data = bytes(range(256)) + b"PK"
    assert list(hex_lines(data)) == reference(data, 0)
    (line,) = hex_lines(b"PK\x03")
    assert line == "00000000  50 4b 03" + " " * 15 + "  " + " " * 23 + "  |PK.|"
