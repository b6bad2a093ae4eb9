"""The one door to the terminal for text drs-tui did not write itself.

Text from a server (error codes and messages, X-Request-Id, job names and statuses,
Content-Disposition names) or from a file (entry names, sheet names, cell text) never
reaches the terminal raw. On its way out it goes through one of these:

- `safe_line(text)`: one line. Every control character (C0 and C1: ESC, CR, LF, BEL, TAB,
  CSI...), every format character (bidi controls U+202A-202E, U+2066-2069, U+200E/F, U+061C,
  zero-width characters, BOM), line and paragraph separators, private-use and unassigned
  code points are shown as visible escapes (``\\x1b``, ``\\u202e``), so an OSC 52 sequence
  cannot write the clipboard, ``ESC[2J`` cannot clear the screen, CR cannot overwrite the
  line and U+202E cannot reorder it.
- `safe_lines(text)`: the same, keeping newline and tab (CRLF becomes LF), for text shown
  as a block.
- `safe_markup(text)`: `safe_line` and then Rich markup escaped, for the rare place where
  Textual or Rich parses markup (`notify`, a `Static` given a string). Prefer handing
  `rich.text.Text(safe_line(text))` to widgets: Text never parses markup.

The result holds printable characters only, so applying a function twice changes
nothing. Nothing here imports Textual; Rich loads only for `safe_markup`.
"""

from __future__ import annotations

import unicodedata

# Unicode general categories that are never shown as they are.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def safe_line(text: str) -> str:
    """`text` on one line, every control, format or bidi character as a visible escape."""
    if text.isprintable():
        return text
    return "".join(_escape(ch) if _hidden(ch) else ch for ch in text)


def safe_lines(text: str) -> str:
    """Like `safe_line`, but newline and tab stay (CRLF becomes LF; a lone CR is escaped)."""
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    if text.isprintable():
        return text
    return "".join(ch if ch in "\n\t" or not _hidden(ch) else _escape(ch) for ch in text)


def safe_markup(text: str) -> str:
    """`safe_line(text)` with Rich markup escaped, for APIs that parse markup."""
    from rich.markup import escape

    return escape(safe_line(text))


def _hidden(ch: str) -> bool:
    return unicodedata.category(ch) in _HIDDEN_CATEGORIES


_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(ch: str) -> str:
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"
