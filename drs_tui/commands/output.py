"""Small helpers for printing tables, JSON and failures.

Untrusted text (from a server or a file) goes through `printable` (drs_tui.safe_text) on
its way out; `print_json` escapes the characters JSON itself leaves raw.

A failure is told on stderr, a line each for its title and details (`print_error`); a
command run with `--json` also prints it on stdout as one JSON object (`report_failure`),
so a script that reads stdout always gets JSON.
"""

from __future__ import annotations

import contextlib
import json
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from drs_tui.safe_text import safe_line

if TYPE_CHECKING:
    from drs_tui.errors import DrsTuiError


def printable(text: str) -> str:
    """Control characters in names from servers or ZIPs could drive the terminal (and bidi
    marks could disguise them): show them as visible escapes, on one line."""
    return safe_line(text)


def cell_width(text: str) -> int:
    """Terminal cells `text` takes: two for a wide (CJK) character, none for a combining
    mark or a format character, one for the rest (what wcwidth says, for our texts)."""
    if text.isascii():
        return len(text)
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad(text: str, width: int, *, right: bool = False) -> str:
    """`text` padded with spaces to `width` cells (on the left when `right`)."""
    fill = " " * max(width - cell_width(text), 0)
    return fill + text if right else text + fill


# Chinese punctuation that starts no line, and that ends none.
_NO_BREAK_BEFORE = frozenset("，。、；：？！）》」』】”’,.;:?!)")
_NO_BREAK_AFTER = frozenset("（《「『【“‘")


def wrap_cells(text: str, width: int) -> list[str]:
    """One paragraph in lines of at most `width` cells: broken at spaces and between wide
    characters (Chinese has no spaces between words), never before closing punctuation.
    A word longer than the line stays whole."""
    lines: list[str] = []
    line: list[str] = []  # the pieces of the line being filled
    for piece in _tokens(text):
        if piece == " ":
            if line:
                line.append(piece)
            continue
        filled = "".join(line)
        if filled.strip() and cell_width(filled + piece) > max(width, 2):
            while line and line[-1] == " ":
                line.pop()
            carried: list[str] = []
            # the piece before goes along with closing punctuation, opening punctuation
            # goes along with the piece after it
            if piece[0] in _NO_BREAK_BEFORE and len(line) > 1:
                carried.insert(0, line.pop())
            while len(line) > 1 and line[-1] in _NO_BREAK_AFTER:
                carried.insert(0, line.pop())
            lines.append("".join(line).rstrip())
            line = carried
        line.append(piece)
    if "".join(line).strip():
        lines.append("".join(line).rstrip())
    return lines


def _tokens(text: str) -> Iterator[str]:
    """Spaces, wide characters one by one, and runs of the other characters."""
    run = ""
    for ch in text:
        if ch == " " or cell_width(ch) == 2:
            if run:
                yield run
                run = ""
            yield ch
        else:
            run += ch
    if run:
        yield run


def print_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """Columns padded by terminal cells, so Chinese headings and names line up."""
    widths = [cell_width(h) for h in headers]
    for row in rows:
        widths = [max(w, cell_width(cell)) for w, cell in zip(widths, row, strict=True)]
    for row in (headers, *rows):
        print("  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())


def print_json(data: Any) -> None:
    """JSON on stdout, readable (not ASCII-only) yet safe on a terminal: C1 controls, bidi
    and other invisible characters, which JSON allows raw in strings, are written as
    \\uXXXX escapes (they can only occur inside strings, where the escape is valid)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    lines = text.split("\n")
    for i, line in enumerate(lines):
        lines[i] = json_safe(line)
    sys.stdout.write("\n".join(lines) + "\n")


def json_line(data: Any) -> str:
    """One JSON Lines record (no newline), escaped as `print_json` escapes."""
    return json_safe(json.dumps(data, ensure_ascii=False, default=str))


def json_safe(text: str) -> str:
    """JSON text with the characters a terminal would act on written as \\uXXXX."""
    return text if text.isprintable() else "".join(_json_escape(ch) for ch in text)


def error_json(exc: DrsTuiError) -> dict[str, Any]:
    """A failure as `--json` prints it: the same fields for every error, null when unknown.

    `status`, `error_code` and `error_msg` are the server's for an API error; for any other
    failure `error_msg` is the message and the other two are null.
    """
    status = getattr(exc, "status", None)
    data: dict[str, Any] = {
        "status": status if isinstance(status, int) else None,
        "error_code": getattr(exc, "error_code", None) or None,
        "error_msg": getattr(exc, "error_msg", None) or exc.message,
        "hint": exc.hint or None,
        "request_id": exc.request_id or None,
        "exit_code": exc.exit_code,
        "title": exc.title,
        "message": exc.message,
    }
    method, url = getattr(exc, "method", ""), getattr(exc, "url", "")
    if url:
        data["request"] = f"{method} {url}".strip()
    return data


def print_error(exc: DrsTuiError) -> None:
    """Title and details on stderr, one line each. Messages quote servers and files (error
    messages, request ids, entry and sheet names): nothing in them reaches the terminal raw."""
    print(f"drs-tui: {safe_line(exc.title)}", file=sys.stderr)  # i18n: keep (the program's name)
    for label, value in exc.details():
        print(f"  {label}: {safe_line(value)}", file=sys.stderr)


def report_failure(exc: DrsTuiError, *, as_json: bool, extra: dict[str, Any] | None = None) -> int:
    """The failure on stderr and, for `--json`, as one object on stdout; its exit code."""
    print_error(exc)
    if as_json:
        with contextlib.suppress(BrokenPipeError):
            print_json({**error_json(exc), **(extra or {})})
            sys.stdout.flush()
    return exc.exit_code


def _json_escape(ch: str) -> str:
    if safe_line(ch) == ch:
        return ch
    code = ord(ch)
    if code < 0x10000:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)  # JSON spells astral characters as a pair
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
