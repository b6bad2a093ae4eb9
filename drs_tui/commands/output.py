"""Small helpers for printing tables and sizes on stdout.

Untrusted text (from a server or a file) goes through `printable` (drs_tui.safe_text) on
its way out; `print_json` escapes the characters JSON itself leaves raw.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from drs_tui.safe_text import safe_line


def printable(text: str) -> str:
    """Control characters in names from servers or ZIPs could drive the terminal (and bidi
    marks could disguise them): show them as visible escapes, on one line."""
    return safe_line(text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*headers).rstrip())
    for row in rows:
        print(line.format(*row).rstrip())


def print_json(data: Any) -> None:
    """JSON on stdout, readable (not ASCII-only) yet safe on a terminal: C1 controls, bidi
    and other invisible characters, which JSON allows raw in strings, are written as
    \\uXXXX escapes (they can only occur inside strings, where the escape is valid)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not line.isprintable():
            lines[i] = "".join(_json_escape(ch) for ch in line)
    sys.stdout.write("\n".join(lines) + "\n")


def _json_escape(ch: str) -> str:
    if safe_line(ch) == ch:
        return ch
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON spells astral characters as a pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
