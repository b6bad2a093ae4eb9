"""JSON and JSON Lines pretty-printed for reading, with a size cap.

Input is untrusted: deep nesting, huge numbers and cut-off documents all fall back to
the raw text with a note saying why, never to an exception.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from drs_tui.i18n import _
from drs_tui.result.text.text_decode import escape_for_display
from drs_tui.sizes import format_size

# A JSON document is parsed only when the whole of it is at most this big.
MAX_JSON_BYTES = 16 * 1024 * 1024
# Pretty output is cut at this many characters.
MAX_PRETTY_CHARS = 4 * 1024 * 1024
MAX_JSON_LINES = 2000


@dataclass(frozen=True, slots=True)
class JsonRendering:
    """Text to show (escaped for display); `pretty` is False when it is the raw text."""

    text: str
    pretty: bool
    note: str | None = None
    records: int = 0  # JSON Lines: records shown
    invalid_lines: int = 0


def render_json(text: str, *, complete: bool, max_chars: int = MAX_PRETTY_CHARS) -> JsonRendering:
    """Pretty-print one JSON document; `complete` says `text` is the whole entry."""
    if not complete:
        return _raw(text, _("only the start of this JSON file is loaded; showing it as text"))
    try:
        value = json.loads(text)
    except RecursionError:
        return _raw(text, _("JSON nested too deeply to pretty-print; showing it as text"))
    except ValueError as exc:
        return _raw(
            text, _("not valid JSON ({reason}); showing it as text").format(reason=_reason(exc))
        )
    pretty = _dumps(value, indent=2)
    if pretty is None:
        return _raw(text, _("JSON nested too deeply to pretty-print; showing it as text"))
    return _capped(pretty, max_chars)


def render_json_lines(
    text: str,
    *,
    complete: bool,
    max_records: int = MAX_JSON_LINES,
    max_chars: int = MAX_PRETTY_CHARS,
) -> JsonRendering:
    """One pretty record after another; a line that is not JSON is shown as it is."""
    lines = text.splitlines()
    if not complete and lines and not text.endswith("\n"):
        lines.pop()  # cut by the page end
    out: list[str] = []
    size = records = invalid = 0
    note = None
    not_json = _("# line {number} is not valid JSON:")  # worded once, not per line
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if records >= max_records or size >= max_chars:
            note = _("showing the first {count} records").format(count=records)
            break
        try:
            rendered = _dumps(json.loads(line), indent=2)
        except (ValueError, RecursionError):
            rendered = None
        if rendered is None:
            invalid += 1
            rendered = not_json.format(number=number) + "\n" + line
        out.append(rendered)
        size += len(rendered)
        records += 1
    if note is None and not complete:
        note = _("more records follow; load more to see them")
    body = escape_for_display("\n\n".join(out))
    return JsonRendering(body, True, note, records, invalid)


def looks_like_json_lines(text: str) -> bool:
    """Two or more leading non-empty lines that each parse as a JSON object or array."""
    seen = 0
    for line in text.splitlines()[:20]:
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith(("{", "[")):
            return False
        try:
            json.loads(stripped)
        except (ValueError, RecursionError):
            return seen >= 2
        seen += 1
    return seen >= 2


def _dumps(value: object, *, indent: int) -> str | None:
    try:
        return json.dumps(value, indent=indent, ensure_ascii=False)
    except (RecursionError, ValueError):
        return None


def _capped(pretty: str, max_chars: int) -> JsonRendering:
    if len(pretty) <= max_chars:
        return JsonRendering(escape_for_display(pretty), True)
    cut = pretty.rfind("\n", 0, max_chars)
    shown = pretty[: cut if cut > 0 else max_chars]
    note = _("pretty output cut at {shown} of {size}").format(
        shown=format_size(len(shown)), size=format_size(len(pretty))
    )
    return JsonRendering(escape_for_display(shown), True, note)


def _raw(text: str, note: str) -> JsonRendering:
    return JsonRendering(escape_for_display(text), False, note)


def _reason(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return _("{problem} at line {line}, column {column}").format(
            problem=exc.msg, line=exc.lineno, column=exc.colno
        )
    return str(exc)[:120]
