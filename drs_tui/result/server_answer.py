"""What a file that should have been a result ZIP says when it is an API's JSON error.

DRS and IAM answer an error with `{"error_code": ..., "error_msg": ...}` (IAM also with
`{"error": {"code": ..., "message": ...}}`); saved in place of the ZIP (a download
through a proxy, a script's `curl -o`), the body is all that is left of the server's
answer. Its words are the server's: they come back through `drs_tui.safe_text`.
"""

from __future__ import annotations

import json
import re

from drs_tui.i18n import _
from drs_tui.safe_text import safe_line

# How much of the file is read for it: an error body is short.
JSON_ERROR_HEAD = 4096
_MAX_MESSAGE = 300
_FIELD = r'"{}"\s*:\s*"((?:[^"\\]|\\.)*)"?'  # the closing quote may be cut off


def json_error_words(head: bytes) -> str | None:
    """`error_code X: message` from the first bytes of a JSON error body (even one cut
    short), safe for the terminal; None when it names neither."""
    text = head.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if not text.startswith("{"):
        return None
    code, message = _fields(text)
    if not code and not message:
        return None
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    words = f"error_code {safe_line(code)}" if code else _("no error_code")
    return f"{words}: {safe_line(message)}" if message else words


def _fields(text: str) -> tuple[str, str]:
    try:
        data = json.loads(text)
    except ValueError:  # cut short: the fields as written
        return _written(text, "error_code"), _written(text, "error_msg")
    if not isinstance(data, dict):
        return "", ""
    inner = data.get("error")
    if isinstance(inner, dict) and "error_code" not in data:
        data = {"error_code": inner.get("code"), "error_msg": inner.get("message")}
    return _text(data.get("error_code")), _text(data.get("error_msg"))


def _text(value: object) -> str:
    return "" if value is None else value if isinstance(value, str) else json.dumps(value)


def _written(text: str, key: str) -> str:
    found = re.search(_FIELD.format(key), text)
    if found is None:
        return ""
    try:
        return str(json.loads(f'"{found.group(1)}"'))
    except ValueError:
        return found.group(1)
