"""Text entries: what an entry holds, its encoding, pages of it, JSON, CSV and hex."""

from drs_tui.result.text.delimited import read_delimited
from drs_tui.result.text.hex_dump import BYTES_PER_LINE, hex_dump, hex_lines
from drs_tui.result.text.json_preview import MAX_JSON_BYTES, render_json, render_json_lines
from drs_tui.result.text.json_records import json_records
from drs_tui.result.text.kinds import SNIFF_BYTES, Detected, Kind, detect_kind
from drs_tui.result.text.line_document import TextDocument
from drs_tui.result.text.streams import read_exactly
from drs_tui.result.text.text_decode import (
    DecodedText,
    decode_bytes,
    escape_for_display,
    normalize_encoding,
)

__all__ = [
    "BYTES_PER_LINE",
    "MAX_JSON_BYTES",
    "SNIFF_BYTES",
    "DecodedText",
    "Detected",
    "Kind",
    "TextDocument",
    "decode_bytes",
    "detect_kind",
    "escape_for_display",
    "hex_dump",
    "hex_lines",
    "json_records",
    "normalize_encoding",
    "read_delimited",
    "read_exactly",
    "render_json",
    "render_json_lines",
]
