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
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from drs_tui.safe_text import safe_line

if TYPE_CHECKING:
    from drs_tui.errors import DrsTuiError


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
    print(f"drs-tui: {safe_line(exc.title)}", file=sys.stderr)
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
