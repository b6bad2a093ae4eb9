"""What an entry holds, decided from its first bytes and then its name.

Content wins over the name: DRS-style exports named `.xls` are sometimes HTML or
tab-separated text, and a `.txt` can be a ZIP. The name only picks among formats the
bytes allow (JSON vs plain text, xlsx vs xlsm, CSV vs TSV).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from drs_tui import i18n
from drs_tui.i18n import N_, _
from drs_tui.result.text.text_decode import decode_bytes, looks_like_text

# How much of an entry the detection reads.
SNIFF_BYTES = 64 * 1024

TEXT_EXTENSIONS = frozenset(
    {
        "txt", "log", "sql", "csv", "tsv", "tab", "json", "jsonl", "ndjson", "xml", "yaml",
        "yml", "md", "ini", "conf", "cfg", "properties", "html", "htm", "err", "out", "dat",
        "toml", "sh", "py", "java", "js", "ts", "go", "rs", "c", "h", "ddl", "trc", "lst",
    }
)  # fmt: skip
SPREADSHEET_EXTENSIONS = frozenset({"xlsx", "xlsm", "xls", "xlsb", "ods", "et"})
ZIP_EXTENSIONS = frozenset({"zip", "jar", "docx", "pptx"})

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIME = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!", "rar"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"\x7fELF", "elf"),
    (b"MZ", "exe"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
)


class Kind(StrEnum):
    EMPTY = "empty"
    TEXT = "text"
    SPREADSHEET = "spreadsheet"
    ZIP = "zip"
    BINARY = "binary"


@dataclass(frozen=True, slots=True)
class Detected:
    """`fmt` refines the kind: txt, json, jsonl, csv, tsv, xml, html; xlsx, xlsm, xls,
    xlsb, ods; zip; or a binary format name (gzip, pdf, ...; 'data' when unknown)."""

    kind: Kind
    fmt: str
    note: str | None = None


def extension(name: str) -> str:
    """Lower-case extension of the last path component, without the dot."""
    return PurePosixPath(name.replace("\\", "/")).suffix.lower().lstrip(".")


def detect_kind(name: str, head: bytes, *, size: int | None = None) -> Detected:
    """Kind of an entry from its name and its first bytes (SNIFF_BYTES are enough)."""
    ext = extension(name)
    if not head:
        return Detected(Kind.EMPTY, ext or "txt") if not size else _unknown_binary(ext)
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(head, ext)
    if head.startswith(_OLE_MAGIC):
        if ext in ("xls", "et", ""):
            return Detected(Kind.SPREADSHEET, "xls")
        if ext in ("xlsx", "xlsm"):
            # Excel stores a password-protected xlsx inside an OLE2 file.
            note = _(
                "named .{ext} but is an OLE2 file: most likely a password-protected workbook"
            ).format(ext=ext)
            return Detected(Kind.BINARY, "ole2", note)
        return Detected(Kind.BINARY, "ole2", _("an OLE2 compound file (old Office format)"))
    for magic, fmt in _BINARY_MAGIC:
        if head.startswith(magic):
            return Detected(Kind.BINARY, fmt)
    if looks_like_text(head[:SNIFF_BYTES]):
        return _text_kind(head[:SNIFF_BYTES], ext)
    return _unknown_binary(ext)


def _unknown_binary(ext: str) -> Detected:
    note = None
    if ext in TEXT_EXTENSIONS or ext in SPREADSHEET_EXTENSIONS:
        note = (
            _("named .{ext} but its bytes are not text").format(ext=ext)
            if ext in TEXT_EXTENSIONS
            else _("named .{ext} but its bytes are not {format}").format(ext=ext, format=ext)
        )
    return Detected(Kind.BINARY, "data", note)


def _zip_kind(head: bytes, ext: str) -> Detected:
    if _ODS_MIME in head[:200]:
        return Detected(Kind.SPREADSHEET, "ods")
    if ext in ("xlsx", "xlsm", "xlsb") or b"xl/" in head:
        if ext == "xlsb" or b"xl/workbook.bin" in head:
            return Detected(Kind.SPREADSHEET, "xlsb")
        note = None
        if ext in SPREADSHEET_EXTENSIONS and ext not in ("xlsx", "xlsm"):
            # often renamed by some tool
            note = _("named .{ext} but holds an xlsx workbook").format(ext=ext)
        return Detected(Kind.SPREADSHEET, "xlsm" if ext == "xlsm" else "xlsx", note)
    if ext == "ods":
        return Detected(Kind.SPREADSHEET, "ods")
    if ext in SPREADSHEET_EXTENSIONS:  # a ZIP without visible xl/ parts in the head
        return Detected(Kind.SPREADSHEET, "xlsx", _("named .{ext} but holds a ZIP").format(ext=ext))
    return Detected(Kind.ZIP, "zip")


def _text_kind(sample: bytes, ext: str) -> Detected:
    text = decode_bytes(sample).text.lstrip("\ufeff \t\r\n")
    shape = _text_shape(text)
    if ext == "json":
        return Detected(Kind.TEXT, "jsonl" if shape == "jsonl" else "json")
    if ext in ("jsonl", "ndjson"):
        return Detected(Kind.TEXT, "jsonl")
    if ext in ("csv", "tsv", "tab"):
        return Detected(Kind.TEXT, "tsv" if ext != "csv" else "csv")
    if ext in SPREADSHEET_EXTENSIONS:
        fmt = shape if shape in ("html", "xml") else _delimited_shape(text) or "txt"
        words = i18n._(_FORMAT_WORDS[fmt])
        return Detected(
            Kind.TEXT, fmt, _("named .{ext} but holds {format}").format(ext=ext, format=words)
        )
    if shape != "txt" and ext in ("", "txt", "log", "dat", "out", "xml", "html", "htm"):
        return Detected(Kind.TEXT, shape)
    if ext in ("xml", "html", "htm"):
        return Detected(Kind.TEXT, "html" if ext != "xml" else "xml")
    return Detected(Kind.TEXT, "txt")


_FORMAT_WORDS = {
    "html": "HTML",
    "xml": "XML",
    "csv": N_("comma-separated text"),
    "tsv": N_("tab-separated text"),
    "txt": N_("plain text"),
}


def _text_shape(text: str) -> str:
    """json, jsonl, xml, html or txt, judged from the start of the text."""
    if text.startswith(("{", "[")):
        first, __, rest = text.partition("\n")
        if rest.lstrip().startswith("{") and _is_json(first):
            return "jsonl"
        return "json"
    lowered = text[:512].lower()
    if lowered.startswith(("<!doctype html", "<html")) or "<table" in lowered:
        return "html"
    if lowered.startswith("<?xml"):
        return "xml"
    return "txt"


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except (ValueError, RecursionError):
        return False
    return True


def _delimited_shape(text: str) -> str | None:
    """csv or tsv when the first lines split into the same number of fields."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    if len(lines) < 2:
        return None
    for sep, fmt in (("\t", "tsv"), (",", "csv")):
        counts = {line.count(sep) for line in lines[:-1]}
        if len(counts) == 1 and counts != {0}:
            return fmt
    return None
