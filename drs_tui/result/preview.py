"""The preview facade the UI and `drs-tui show` call: one entry in, one `Preview` out.

It reads one bounded page of the entry, decides what the entry holds (kinds.py) and
hands the bytes to the text, JSON, CSV, spreadsheet, nested-ZIP or hex reader. Any
ResultError on the way becomes a Preview of kind PROBLEM, so the UI can show it in
place; plain_output.render_plain (`drs-tui show`) raises instead, for the CLI's exit
codes.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import IO, BinaryIO, Literal, Protocol, TypeVar

from drs_tui.result.error_column import ErrorColumn, find_error_column
from drs_tui.result.errors import PreviewError, ResultError
from drs_tui.result.sheets import (
    CALAMINE_LIMIT,
    XLSX_FORMATS,
    SheetInfo,
    open_workbook,
    read_sheet,
)
from drs_tui.result.table import DEFAULT_MAX_ROWS, Table
from drs_tui.result.text.delimited import read_delimited
from drs_tui.result.text.hex_dump import hex_dump
from drs_tui.result.text.json_preview import MAX_JSON_BYTES, render_json, render_json_lines
from drs_tui.result.text.kinds import SNIFF_BYTES, Detected, Kind, detect_kind
from drs_tui.result.text.text_decode import decode_bytes, escape_for_display
from drs_tui.result.text.text_preview import (
    DEFAULT_PAGE_BYTES,
    TextDocument,
    TextPager,
    read_exactly,
)
from drs_tui.sizes import format_size

# A workbook is copied out of the result ZIP (bounded) before it is opened.
XLSX_COPY_LIMIT = 512 * 1024 * 1024
# A ZIP inside the result is copied to a temporary file to list it: only a listing is
# shown, so bigger ones are left for extraction rather than written to disk for a glance.
NESTED_COPY_LIMIT = 64 * 1024 * 1024
# CSV/TSV: this much text is read for the table, whatever the page size.
TABLE_BYTES = 4 * 1024 * 1024
HEX_BYTES = 4096
MAX_NESTED_LISTED = 10_000
_SPOOL_IN_MEMORY = 32 * 1024 * 1024


class EntryInfo(Protocol):
    """What the preview needs of a ZIP entry (drs_tui.result.zip.zip_entry.ZipEntry fits)."""

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


@dataclass(frozen=True, slots=True)
class NestedEntry:
    name: str
    size: int
    compressed_size: int
    is_dir: bool
    problem: str | None = None


@dataclass(frozen=True)
class Preview:
    """What to show for one entry. Fields are filled by kind:

    TEXT/JSON: text (escaped for display), encoding, shown_bytes of total_bytes.
    TABLE/SHEET: table, sheets, sheet, error_column. BINARY: hex.
    ARCHIVE: entries. PROBLEM: problem (and error, with title and hint).
    """

    kind: PreviewKind
    name: str
    size: int
    fmt: str = ""
    notes: tuple[str, ...] = ()
    text: str = ""
    encoding: str | None = None
    encoding_label: str = ""
    shown_bytes: int = 0
    total_bytes: int | None = None
    complete: bool = True
    table: Table | None = None
    sheets: tuple[SheetInfo, ...] = ()
    sheet: str | None = None
    error_column: ErrorColumn | None = None
    hex: str = ""
    entries: tuple[NestedEntry, ...] = ()
    problem: str | None = None
    error: ResultError | None = field(default=None, compare=False)

    @property
    def status(self) -> str:
        """One line for a status bar."""
        if self.kind is PreviewKind.PROBLEM:
            return self.problem or "cannot preview"
        if self.table is not None:
            return self.table.status()
        if self.kind is PreviewKind.ARCHIVE:
            return f"{len(self.entries):,} entr{'y' if len(self.entries) == 1 else 'ies'}"
        total = format_size(self.total_bytes) if self.total_bytes is not None else "?"
        shown = f"showing {format_size(self.shown_bytes)} of {total}"
        return f"{shown} · {self.encoding_label}" if self.encoding_label else shown


def preview_entry(
    archive: EntrySource[E],
    entry: E,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    page_bytes: int = DEFAULT_PAGE_BYTES,
    errors_only: bool = False,
    contains: str | None = None,
    view: View = "auto",
    cancelled: Callable[[], bool] | None = None,
) -> Preview:
    """Preview one entry. `encoding` forces the text encoding; `sheet` picks a sheet;
    `errors_only`/`contains` scan the whole sheet for matching rows; `view` forces
    text or hex. Never raises ResultError: it comes back as kind PROBLEM."""
    refused = refusal_reason(entry)
    if refused is not None:
        return Preview(PreviewKind.PROBLEM, entry.name, entry.size, problem=refused)
    try:
        with archive.open_entry(entry) as stream:
            head = read_exactly(stream, max(page_bytes, 16))
            whole = len(head) < max(page_bytes, 16)
            found = detect_kind(entry.name, head[:SNIFF_BYTES], size=entry.size)
            base = Preview(PreviewKind.EMPTY, entry.name, entry.size, found.fmt, _notes(found.note))
            if view == "hex" or (view == "auto" and found.kind is Kind.BINARY):
                return _hex(base, head)
            if view == "text" or found.kind in (Kind.TEXT, Kind.EMPTY):
                if found.kind is Kind.EMPTY and view == "auto":
                    return base
                return _text_kind(base, found, stream, head, whole, encoding, max_rows)
        if found.kind is Kind.SPREADSHEET:
            return _sheet(archive, entry, base, sheet, max_rows, errors_only, contains, cancelled)
        return _nested(archive, entry, base)
    except ResultError as exc:
        return Preview(PreviewKind.PROBLEM, entry.name, entry.size, problem=exc.message, error=exc)


def open_text_document(
    archive: EntrySource[E],
    entry: E,
    *,
    encoding: str | None = None,
    page_bytes: int = DEFAULT_PAGE_BYTES,
) -> TextDocument:
    """The entry as paged text for "load more" / "next page" / search (close it after)."""
    pager = TextPager(
        lambda limit: archive.open_entry(entry, limit=limit),
        total=entry.size,
        encoding=encoding,
        page_bytes=page_bytes,
    )
    return TextDocument(pager)


def refusal_reason(entry: EntryInfo) -> str | None:
    if entry.is_dir:
        return "This is a folder; pick a file inside it."
    if entry.encrypted:
        return "This entry is encrypted; drs-tui cannot read it."
    if not getattr(entry, "readable", True):
        return entry.problem or "This entry cannot be read."
    return None


def _notes(*notes: str | None) -> tuple[str, ...]:
    return tuple(n for n in notes if n)


def _hex(base: Preview, head: bytes) -> Preview:
    shown = head[:HEX_BYTES]
    return replace(
        base,
        kind=PreviewKind.BINARY,
        hex=hex_dump(shown),
        shown_bytes=len(shown),
        total_bytes=base.size,
        complete=len(shown) >= base.size,
    )


def _text_kind(
    base: Preview,
    found: Detected,
    stream: BinaryIO,
    head: bytes,
    whole: bool,
    encoding: str | None,
    max_rows: int,
) -> Preview:
    fmt = found.fmt if found.kind is Kind.TEXT else "txt"
    if fmt == "json" and not whole and base.size <= MAX_JSON_BYTES:
        head += read_exactly(stream, MAX_JSON_BYTES + 1 - len(head))
        whole = len(head) <= MAX_JSON_BYTES
    elif fmt in ("csv", "tsv") and not whole:
        head += read_exactly(stream, max(0, TABLE_BYTES - len(head)))
        whole = len(head) < TABLE_BYTES
    decoded = decode_bytes(head, encoding=encoding, at_end=whole)
    base = replace(
        base,
        kind=PreviewKind.TEXT,
        text=escape_for_display(decoded.text),
        encoding=decoded.encoding,
        encoding_label=decoded.label,
        shown_bytes=decoded.end,
        total_bytes=base.size,
        complete=whole,
    )
    if fmt in ("json", "jsonl"):
        if fmt == "json":
            shown = render_json(decoded.text, complete=whole)
        else:
            shown = render_json_lines(decoded.text, complete=whole)
        return replace(
            base,
            kind=PreviewKind.JSON if shown.pretty else PreviewKind.TEXT,
            text=shown.text,
            notes=base.notes + _notes(shown.note),
        )
    if fmt in ("csv", "tsv"):
        delimiter = "\t" if fmt == "tsv" else None
        try:
            table = read_delimited(
                decoded.text, delimiter=delimiter, complete=whole, max_rows=max_rows
            )
        except PreviewError as exc:
            return replace(base, notes=(*base.notes, exc.message))
        return replace(
            base, kind=PreviewKind.TABLE, table=table, error_column=find_error_column(table)
        )
    return base


def _sheet(
    archive: EntrySource[E],
    entry: E,
    base: Preview,
    sheet: str | None,
    max_rows: int,
    errors_only: bool,
    contains: str | None,
    cancelled: Callable[[], bool] | None,
) -> Preview:
    limit = workbook_limit(entry, base.fmt)
    with bounded_copy(archive, entry, limit) as copy:
        book = open_workbook(copy, base.fmt)
        try:
            view = read_sheet(
                book,
                sheet,
                max_rows=max_rows,
                errors_only=errors_only,
                contains=contains,
                cancelled=cancelled,
            )
        finally:
            book.close()
    return replace(
        base,
        kind=PreviewKind.SHEET,
        table=view.table,
        sheets=tuple(book.sheets),
        sheet=view.sheet.name,
        error_column=view.error_column,
        notes=base.notes + tuple(view.table.notes),
    )


def workbook_limit(entry: EntryInfo, fmt: str) -> int:
    """Copy bound for a workbook entry; PreviewError when its declared size is over it."""
    limit = XLSX_COPY_LIMIT if fmt in XLSX_FORMATS else CALAMINE_LIMIT
    if entry.size > limit:
        raise PreviewError(
            f"This workbook is {format_size(entry.size)}; {fmt} workbooks over "
            f"{format_size(limit)} are not previewed.",
            hint="Extract it and open it in Excel or WPS.",
        )
    return limit


def nested_limit(entry: EntryInfo) -> int:
    """Copy bound for a nested ZIP; PreviewError when its declared size is over it."""
    if entry.size > NESTED_COPY_LIMIT:
        raise PreviewError(
            f"This ZIP inside the result is {format_size(entry.size)}; nested archives over "
            f"{format_size(NESTED_COPY_LIMIT)} are not previewed.",
            hint="Extract it (e in the viewer, or `drs-tui extract FILE NAME -d DIR`) and "
            "open it on its own.",
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
        raise PreviewError(f"Cannot copy {entry.name} to a temporary file: {exc}") from exc
    except BaseException:
        spool.close()
        raise
    return spool


def _nested(archive: EntrySource[E], entry: E, base: Preview) -> Preview:
    nested = archive.open_nested(entry, limit=nested_limit(entry))
    try:
        listed = [
            NestedEntry(e.name, e.size, e.compressed_size, e.is_dir, e.problem)
            for e, _ in zip(nested.entries, range(MAX_NESTED_LISTED), strict=False)
        ]
        count = len(nested.entries)
    finally:
        nested.close()
    notes = (f"showing {len(listed):,} of {count:,} entries",) if count > len(listed) else ()
    return replace(base, kind=PreviewKind.ARCHIVE, entries=tuple(listed), notes=base.notes + notes)
