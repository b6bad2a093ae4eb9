"""Small helpers for printing tables and sizes on stdout."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any


def printable(text: str) -> str:
    """Control characters in names from servers or ZIPs could drive the terminal (and bidi
    marks could disguise them): show everything unprintable as a Python escape."""
    return (
        text
        if text.isprintable()
        else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    )


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format(*headers).rstrip())
    for row in rows:
        print(line.format(*row).rstrip())


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
