"""Which lines of a text result report a rejected object.

TXT and log results have no error-reason column: a line that says "failed", "error",
"失败"... is taken as one, except a header line: fields (split on tabs, commas, `|`, `;`
or runs of spaces) where the only error words are in fields that name a reason column
("错误原因", "Error Reason"). Pretty-printed JSON has one when a key naming a reason holds
a non-empty string, or a value says the object failed. A whole-entry pass looks for the
words first (a byte search on lower-cased text) and runs the full test only on lines
that hold one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from drs_tui.result.error_column import is_reason_header

FAILURE_LINE = re.compile(
    r"\b(?:fail(?:ed|ure)?|error|rejected|invalid)\b|失败|错误|不存在", re.IGNORECASE
)
JSON_FAILURE_LINE = re.compile(
    r'"[^"]*(?:reason|error|message|原因|错误)[^"]*"\s*:\s*"[^"]+"'
    r'|:\s*"(?:fail(?:ed|ure)?|error|rejected|失败|错误)"',
    re.IGNORECASE,
)
# Each failure line of a text result holds one of these (lower-cased): the cheap test.
FAILURE_WORDS = ("fail", "error", "reject", "invalid", "失败", "错误", "不存在")
# The JSON test run on a whole lower-cased block of UTF-8 bytes at once.
_JSON_FAILURE_BYTES = re.compile(
    '(?:reason|error|message|原因|错误)[^"\n]*"[ \t]*:[ \t]*"[^"\n]'
    '|:[ \t]*"(?:fail(?:ed|ure)?|error|rejected|失败|错误)"'.encode()
)

LineTest = Callable[[str], bool]


_FIELD_SEPARATOR = re.compile(r"\t|,|\||;| {2,}")


def failure_line(line: str) -> bool:
    """A line with an error word outside the fields that name a reason column."""
    if FAILURE_LINE.search(line) is None:
        return False
    if _FIELD_SEPARATOR.search(line) is None:
        return True  # one field: no header to tell apart
    # Only a field holding an error word is asked whether it names the reason column.
    return any(
        FAILURE_LINE.search(field) is not None and not is_reason_header(field)
        for field in _FIELD_SEPARATOR.split(line)
    )


def json_failure_line(line: str) -> bool:
    return JSON_FAILURE_LINE.search(line) is not None


def line_test(fmt: str) -> LineTest:
    """The test of one line for a text format."""
    return json_failure_line if fmt in ("json", "jsonl") else failure_line


def failure_positions(block: bytes, fmt: str, encoding: str) -> Iterator[int]:
    """Positions in `block` (whole lines of text in `encoding`) inside lines that may
    report a failure; each line found is then checked with `line_test`."""
    lowered = block.lower()
    if fmt in ("json", "jsonl") and encoding in ("utf-8", "ascii"):
        for match in _JSON_FAILURE_BYTES.finditer(lowered):
            yield match.start()
        return
    for word in FAILURE_WORDS:
        raw = word.encode(encoding, "ignore")
        at = lowered.find(raw) if raw else -1
        while at >= 0:
            yield at
            end = lowered.find(b"\n", at)
            at = lowered.find(raw, end) if end >= 0 else -1
