"""The one sanitiser for untrusted text on its way to a terminal."""

from __future__ import annotations

import io
import json
import unicodedata
from contextlib import redirect_stdout

from hypothesis import given, strategies as st
from rich.text import Text

from drs_tui.commands.output import print_json, printable
from drs_tui.safe_text import safe_line, safe_lines, safe_markup

# What the hostile server puts in error messages and job names.
HOSTILE = "\x1b]52;c;aGFja2Vk\x07\x1b[2J\rfake\u202eevil\u2066x\u200f[bold red]loud[/]\x9b31m"


def test_safe_line_shows_every_control_as_an_escape() -> None:
    shown = safe_line(HOSTILE)
    assert shown.isprintable()
    assert "\x1b" not in shown and "\x07" not in shown and "\r" not in shown
    assert "\\x1b]52;c;aGFja2Vk\\x07" in shown and "\\x1b[2J" in shown and "\\r" in shown
    assert "\\u202e" in shown and "\\u2066" in shown and "\\u200f" in shown and "\\x9b" in shown
    assert safe_line("a\nb\tc") == "a\\nb\\tc"


def test_ordinary_text_passes_unchanged() -> None:
    for text in ("orders-oracle-to-gaussdb", "对象导入校验结果.xlsx", "a\u3000b", "x y", "é😀"):
        assert safe_line(text) == text


def test_safe_lines_keeps_newline_and_tab_only() -> None:
    assert safe_lines("a\r\nb\tc\rd\x1b") == "a\nb\tc\\rd\\x1b"


def test_safe_markup_escapes_rich_markup() -> None:
    shown = safe_markup(HOSTILE)
    assert Text.from_markup(shown).plain == safe_line(HOSTILE)


@given(st.text())
def test_results_are_printable_and_stable(text: str) -> None:
    once = safe_line(text)
    assert all(ch.isprintable() or unicodedata.category(ch) == "Zs" for ch in once)
    assert safe_line(once) == once
    assert all(ch in "\n\t" or safe_line(ch) == ch for ch in safe_lines(text))


def test_printable_is_safe_line() -> None:
    assert printable(HOSTILE) == safe_line(HOSTILE)


@given(st.text())
def test_print_json_stays_valid_and_shows_nothing_invisible(text: str) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        print_json({"name": text, "n": 1})
    written = out.getvalue()
    assert json.loads(written) == {"name": text, "n": 1}
    assert all(line == safe_line(line) for line in written.splitlines())
