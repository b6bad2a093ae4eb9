"""The preview facade the UI and `drs-tui show` call: one entry in, one `Preview` out.

It reads the first bytes of the entry, decides what the entry holds (text/kinds.py) and
opens it as a `Document` (rows or lines over the whole entry, see document.py): a sheet,
CSV/TSV records, text lines, a JSON document (pretty-printed lines, or its records as a
table), a nested ZIP's listing. Binary entries get a hex dump of their first bytes. Any
ResultError on the way becomes a Preview of kind PROBLEM, so the UI can show it in
place; `drs-tui show` raises it instead, for the CLI's exit codes.

The caller owns the document: `Preview.close()` (or the document's own close) frees it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import IO, BinaryIO, Literal, Protocol, TypeVar

from drs_tui.i18n import _, ngettext
from drs_tui.result.document import Document, MemoryLines, MemoryTable, Row, header_index
from drs_tui.result.errors import PreviewError, ResultError
from drs_tui.result.sheets import (
    CALAMINE_LIMIT,
    XLSX_FORMATS,
    SheetInfo,
    open_workbook,
)
from drs_tui.result.sheets.sheet_document import XlsxSheetDocument
from drs_tui.result.sheets.xlsx_stream import XlsxWorkbook
from drs_tui.result.table import Table, build_table
from drs_tui.result.text.delimited import sniff_delimiter
from drs_tui.result.text.hex_dump import hex_dump
from drs_tui.result.text.json_preview import MAX_JSON_BYTES, render_json, render_json_lines
from drs_tui.result.text.json_records import json_line_records, json_records
from drs_tui.result.text.kinds import SNIFF_BYTES, Kind, detect_kind
from drs_tui.result.text.line_document import TextDocument
from drs_tui.result.text.streams import read_exactly
from drs_tui.result.text.text_decode import decode_bytes, escape_for_display
from drs_tui.result.zip import EntryReader
from drs_tui.sizes import format_size

# A workbook is copied out of the result ZIP (bounded) before it is opened.
XLSX_COPY_LIMIT = 512 * 1024 * 1024
# A ZIP inside the result is copied to a temporary file to list it: only a listing is
# shown, so bigger ones are left for extraction rather than written to disk for a glance.
NESTED_COPY_LIMIT = 64 * 1024 * 1024
HEX_BYTES = 4096
MAX_NESTED_LISTED = 10_000
_SPOOL_IN_MEMORY = 32 * 1024 * 1024
# json.loads of 16 MiB of `[{},{},...]` builds 8 million dicts (about 600 MB): past
# this many objects and arrays a JSON entry is shown as text lines instead.
MAX_JSON_CONTAINERS = 500_000
_ENCODING_SAMPLE = 256 * 1024


class EntryInfo(Protocol):
    """What the preview needs of a ZIP entry (drs_tui.result.zip.ZipEntry fits)."""

    @property
    def name(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def compressed_size(self) -> int: ...
    @property
    def encrypted(self) -> bool: ...
    @property
    def is_dir(self) -> bool: ...
    @property
    def problem(self) -> str | None: ...


E = TypeVar("E", bound=EntryInfo)
E_contra = TypeVar("E_contra", bound=EntryInfo, contravariant=True)


class NestedListing(Protocol):
    @property
    def entries(self) -> Sequence[EntryInfo]: ...

    def close(self) -> None: ...


class EntrySource(Protocol[E_contra]):
    """What the preview needs of an archive (ResultArchive fits)."""

    def open_entry(self, entry: E_contra, *, limit: int | None = None) -> BinaryIO: ...

    def reader(self, entry: E_contra, *, limit: int | None = None) -> EntryReader: ...

    def open_nested(self, entry: E_contra, *, limit: int | None = None) -> NestedListing: ...


class PreviewKind(StrEnum):
    TEXT = "text"
    JSON = "json"
    TABLE = "table"  # CSV/TSV
    SHEET = "sheet"
    BINARY = "binary"
    ARCHIVE = "archive"
    EMPTY = "empty"
    PROBLEM = "problem"


View = Literal["auto", "text", "hex"]


@dataclass(frozen=True)
class Preview:
    """What to show for one entry. Fields are filled by kind:

    TEXT/JSON/TABLE/SHEET/ARCHIVE: `document` (lines or rows over the whole entry);
    JSON with `records` True: its records as a table. SHEET: `sheets`, `sheet`.
    BINARY: `hex` of the first `shown_bytes`. PROBLEM: `problem` (and `error`).
    """

    kind: PreviewKind
    name: str
    size: int
    fmt: str = ""
    notes: tuple[str, ...] = ()
    document: Document | None = field(default=None, compare=False)
    records: bool = False
    encoding: str | None = None
    encoding_label: str = ""
    sheets: tuple[SheetInfo, ...] = ()
    sheet: str | None = None
    hex: str = ""
    shown_bytes: int = 0
    problem: str | None = None
    error: ResultError | None = field(default=None, compare=False)

    def close(self) -> None:
        if self.document is not None:
            self.document.close()

    def text(self, limit: int = 100_000) -> str:
        """The first `limit` lines of a lines document as one text (tests, the CLI)."""
        document = self.document
        if document is None or document.kind != "lines":
            return ""
        rows = document.rows(0, limit) or document.first_rows()[:limit]
        return "\n".join(cells[0] if cells else "" for _, cells in rows)


def preview_entry(
    archive: EntrySource[E],
    entry: E,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    view: View = "auto",
    records: bool = True,
) -> Preview:
    """Open one entry for showing. `encoding` forces the text encoding; `sheet` picks a
    sheet; `view` forces text or hex; `records` shows a JSON list of objects as a table
    (else as pretty-printed lines). Never raises ResultError: it comes back as kind
    PROBLEM."""
    refused = refusal_reason(entry)
    if refused is not None:
        return Preview(PreviewKind.PROBLEM, entry.name, entry.size, problem=refused)
    try:
        with archive.open_entry(entry) as stream:
            head = read_exactly(stream, max(SNIFF_BYTES, _ENCODING_SAMPLE))
        found = detect_kind(entry.name, head[:SNIFF_BYTES], size=entry.size)
        base = Preview(PreviewKind.EMPTY, entry.name, entry.size, found.fmt, _notes(found.note))
        if view == "hex" or (view == "auto" and found.kind is Kind.BINARY):
            return _hex(base, head)
        if view == "text" or found.kind in (Kind.TEXT, Kind.EMPTY):
            if found.kind is Kind.EMPTY and view == "auto":
                return base
            fmt = found.fmt if found.kind is Kind.TEXT else "txt"
            as_records = records and view == "auto"
            return _text(archive, entry, replace(base, fmt=fmt), head, encoding, view, as_records)
        if found.kind is Kind.SPREADSHEET:
            return _sheet(archive, entry, base, sheet)
        return _nested(archive, entry, base)
    except ResultError as exc:
        return Preview(PreviewKind.PROBLEM, entry.name, entry.size, problem=exc.message, error=exc)


def refusal_reason(entry: EntryInfo) -> str | None:
    if entry.is_dir:
        return _("This is a folder; pick a file inside it.")
    if entry.encrypted:
        return _("This entry is encrypted; drs-tui cannot read it.")
    if not getattr(entry, "readable", True):
        return entry.problem or _("This entry cannot be read.")
    return None


def _notes(*notes: str | None) -> tuple[str, ...]:
    return tuple(n for n in notes if n)


def _hex(base: Preview, head: bytes) -> Preview:
    shown = head[:HEX_BYTES]
    return replace(base, kind=PreviewKind.BINARY, hex=hex_dump(shown), shown_bytes=len(shown))


def _text(
    archive: EntrySource[E],
    entry: E,
    base: Preview,
    head: bytes,
    encoding: str | None,
    view: View,
    records: bool,
) -> Preview:
    whole = len(head) >= entry.size
    decoded = decode_bytes(head, encoding=encoding, at_end=whole)
    base = replace(base, encoding=decoded.encoding, encoding_label=decoded.label)
    fmt = base.fmt
    if fmt in ("json", "jsonl") and entry.size <= MAX_JSON_BYTES:
        shown = _json(archive, entry, base, decoded.encoding, records)
        if isinstance(shown, Preview):
            return shown
        base = replace(base, notes=(*base.notes, shown))
    delimiter = None
    if fmt in ("csv", "tsv") and view == "auto":
        delimiter = "\t" if fmt == "tsv" else sniff_delimiter(decoded.text)
    document = TextDocument(
        archive.reader(entry),
        name=entry.name,
        encoding=decoded.encoding,
        fmt=fmt,
        delimiter=delimiter,
    )
    kind = PreviewKind.TABLE if delimiter else PreviewKind.TEXT
    if fmt in ("json", "jsonl") and not delimiter:
        kind = PreviewKind.JSON
        if entry.size > MAX_JSON_BYTES:
            base = replace(
                base,
                notes=(
                    *base.notes,
                    _("JSON over {size} is shown line by line, as it is written").format(
                        size=format_size(MAX_JSON_BYTES)
                    ),
                ),
            )
    return replace(base, kind=kind, document=document, notes=base.notes + tuple(document.notes))


def _json(
    archive: EntrySource[E], entry: E, base: Preview, encoding: str, records: bool
) -> Preview | str:
    """A JSON document read whole: its records as a table, or pretty-printed lines; or
    why it is shown line by line instead."""
    with archive.open_entry(entry, limit=MAX_JSON_BYTES) as stream:
        data = stream.read()
    text = decode_bytes(data, encoding=encoding, at_end=True).text
    if text.count("{") + text.count("[") > MAX_JSON_CONTAINERS:
        return _("over {count:,} JSON objects and arrays: shown line by line").format(
            count=MAX_JSON_CONTAINERS
        )
    if records:
        table = json_records(text) if base.fmt == "json" else json_line_records(text)
        if table is not None:
            document = MemoryTable(entry.name, table)
            return replace(base, kind=PreviewKind.JSON, document=document, records=True)
    if base.fmt == "json":
        shown = render_json(text, complete=True)
    else:
        shown = render_json_lines(text, complete=True)
    lines = MemoryLines(entry.name, shown.text.split("\n"), fmt="json")
    kind = PreviewKind.JSON if shown.pretty else PreviewKind.TEXT
    return replace(base, kind=kind, document=lines, notes=base.notes + _notes(shown.note))


def _sheet(archive: EntrySource[E], entry: E, base: Preview, sheet: str | None) -> Preview:
    limit = workbook_limit(entry, base.fmt)
    copy = bounded_copy(archive, entry, limit)
    try:
        if base.fmt in XLSX_FORMATS:
            book = XlsxWorkbook(copy)
            try:
                info = book.sheet(sheet)
                document: Document = XlsxSheetDocument(book, info, name=entry.name, owner=book)
            except BaseException:
                book.close()
                raise
            sheets = tuple(book.sheets)
        else:
            with copy:
                calamine = open_workbook(copy, base.fmt)
                try:
                    info = calamine.sheet(sheet)
                    source = calamine.rows(info)
                    document = MemoryTable(entry.name, _calamine_table(source))
                    sheets = tuple(calamine.sheets)
                finally:
                    calamine.close()
    except BaseException:
        copy.close()
        raise
    return replace(
        base,
        kind=PreviewKind.SHEET,
        document=document,
        sheets=sheets,
        sheet=info.name,
        notes=base.notes + tuple(document.notes),
    )


def _calamine_table(source: Iterable[Row]) -> Table:
    rows = list(source)
    header_at = header_index(rows[:10])
    table = build_table(rows[header_at:], max_rows=len(rows))
    if header_at:
        table.notes.append(
            ngettext(
                "{count} row above the header not shown",
                "{count} rows above the header not shown",
                header_at,
            ).format(count=header_at)
        )
    return table


def workbook_limit(entry: EntryInfo, fmt: str) -> int:
    """Copy bound for a workbook entry; PreviewError when its declared size is over it."""
    limit = XLSX_COPY_LIMIT if fmt in XLSX_FORMATS else CALAMINE_LIMIT
    if entry.size > limit:
        raise PreviewError(
            _("This workbook is {size}; {fmt} workbooks over {limit} are not previewed.").format(
                size=format_size(entry.size), fmt=fmt, limit=format_size(limit)
            ),
            hint=_("Extract it and open it in Excel or WPS."),
        )
    return limit


def nested_limit(entry: EntryInfo) -> int:
    """Copy bound for a nested ZIP; PreviewError when its declared size is over it."""
    if entry.size > NESTED_COPY_LIMIT:
        raise PreviewError(
            _(
                "This ZIP inside the result is {size}; nested archives over {limit} "
                "are not previewed."
            ).format(size=format_size(entry.size), limit=format_size(NESTED_COPY_LIMIT)),
            hint=_(
                "Extract it (e in the viewer, or `drs-tui extract FILE NAME -d DIR`) and "
                "open it on its own."
            ),
        )
    return NESTED_COPY_LIMIT


def bounded_copy(archive: EntrySource[E], entry: E, limit: int) -> IO[bytes]:
    """The entry in a spooled temporary file (memory up to 32 MiB, then disk)."""
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115
    try:
        with archive.open_entry(entry, limit=limit) as stream:
            shutil.copyfileobj(stream, spool, 1024 * 1024)
        spool.seek(0)
    except OSError as exc:
        spool.close()
        raise PreviewError(
            _("Cannot copy {name} to a temporary file: {error}").format(name=entry.name, error=exc)
        ) from exc
    except BaseException:
        spool.close()
        raise
    return spool


NESTED_COLUMNS = ["Name", "Size", "Packed", "Problem"]


def _nested(archive: EntrySource[E], entry: E, base: Preview) -> Preview:
    nested = archive.open_nested(entry, limit=nested_limit(entry))
    try:
        rows = [
            [
                escape_for_display(e.name),
                "dir" if e.is_dir else str(e.size),
                str(e.compressed_size),
                escape_for_display(e.problem or ""),
            ]
            for e, _ in zip(nested.entries, range(MAX_NESTED_LISTED), strict=False)
        ]
        count = len(nested.entries)
    finally:
        nested.close()
    numbered = [(0, NESTED_COLUMNS), *((i + 1, r) for i, r in enumerate(rows))]
    table = build_table(numbered, max_rows=len(rows))
    notes = (f"showing {len(rows):,} of {count:,} entries",) if count > len(rows) else ()
    document = MemoryTable(entry.name, table, error_column=3)
    return replace(base, kind=PreviewKind.ARCHIVE, document=document, notes=base.notes + notes)
