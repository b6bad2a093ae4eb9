"""`drs-tui show`: one entry as plain text on stdout, streamed so any size works.

Text is decoded page by page and printed line by line; sheets are printed as TSV from
the streaming reader; binary as hex lines. Every control character is escaped, so a
hostile entry cannot drive the terminal. Notes ("showing 100 of 10,000 rows") go to
`err`, keeping `out` clean for pipes.
"""

from __future__ import annotations

import sys
from typing import TextIO, TypeVar

from drs_tui.result import (
    EntryInfo,
    EntrySource,
    Preview,
    PreviewError,
    PreviewKind,
    bounded_copy,
    find_error_column,
    json_records,
    nested_limit,
    preview_entry,
    refusal_reason,
    workbook_limit,
)
from drs_tui.result.sheets import open_workbook, read_sheet
from drs_tui.result.text import (
    BYTES_PER_LINE,
    MAX_JSON_BYTES,
    SNIFF_BYTES,
    Kind,
    TextPager,
    detect_kind,
    escape_for_display,
    hex_lines,
    read_exactly,
)
from drs_tui.sizes import format_size

E = TypeVar("E", bound=EntryInfo)

# A line longer than this is printed in pieces rather than held whole.
_MAX_PENDING_CHARS = 1024 * 1024
_UNLIMITED_ROWS = 1 << 62


def render_plain(
    archive: EntrySource[E],
    entry: E,
    *,
    sheet: str | None,
    rows: int,
    encoding: str | None,
    out: TextIO,
    err: TextIO | None = None,
    errors_only: bool = False,
    records: bool = False,
) -> None:
    """`drs-tui show`: the entry as plain text (sheets as TSV, binary as hex) on `out`.

    `rows` caps the lines, sheet rows or hex lines printed (<= 0: all); notes go to
    `err` (stderr by default); `records` prints a JSON document's list of objects as
    TSV. Raises ResultError subclasses on unreadable entries.
    """
    notes = err if err is not None else sys.stderr
    limit = rows if rows > 0 else _UNLIMITED_ROWS
    refused = refusal_reason(entry)
    if refused is not None:
        raise PreviewError(refused)
    with archive.open_entry(entry) as stream:
        head = read_exactly(stream, SNIFF_BYTES)
    found = detect_kind(entry.name, head, size=entry.size)
    if found.note:
        print(f"note: {found.note}", file=notes)
    if records:
        if not (found.kind is Kind.TEXT and found.fmt == "json"):
            raise PreviewError(
                f"{entry.name} is not a JSON document.",
                hint="--records reads the list of objects in a .json entry; drop it here.",
            )
        _print_records(archive, entry, encoding, limit, errors_only, out, notes)
    elif found.kind is Kind.TEXT and found.fmt in ("json", "jsonl"):
        _print_preview_text(archive, entry, encoding, limit, out, notes)
    elif found.kind in (Kind.TEXT, Kind.EMPTY):
        _print_text(archive, entry, encoding, limit, out, notes)
    elif found.kind is Kind.SPREADSHEET:
        _print_sheet(archive, entry, found.fmt, sheet, limit, errors_only, out, notes)
    elif found.kind is Kind.ZIP:
        _print_listing(archive, entry, limit, out, notes)
    else:
        _print_hex(archive, entry, limit, out, notes)


def _print_text(
    archive: EntrySource[E],
    entry: E,
    encoding: str | None,
    limit: int,
    out: TextIO,
    notes: TextIO,
) -> None:
    pager = TextPager(
        lambda cap: archive.open_entry(entry, limit=cap), total=entry.size, encoding=encoding
    )
    written = 0
    pending = ""
    with pager:
        while True:
            page = pager.read_page()
            lines = (pending + page.text).split("\n")
            pending = lines.pop()
            for line in lines:
                if written >= limit:
                    print(f"showing the first {written:,} lines; use --rows for more", file=notes)
                    return
                out.write(line + "\n")
                written += 1
            if len(pending) > _MAX_PENDING_CHARS:
                out.write(pending)
                pending = ""
            if page.at_end:
                break
    if pending and written < limit:
        out.write(pending + "\n")


def _previewed(archive: EntrySource[E], entry: E, encoding: str | None) -> Preview:
    """The engine's preview of a JSON entry; its problem raised as the error it is."""
    shown = preview_entry(archive, entry, encoding=encoding)
    if shown.kind is PreviewKind.PROBLEM and shown.error is not None:
        raise shown.error
    return shown


def _print_preview_text(
    archive: EntrySource[E],
    entry: E,
    encoding: str | None,
    limit: int,
    out: TextIO,
    notes: TextIO,
) -> None:
    shown = _previewed(archive, entry, encoding)
    lines = shown.text.split("\n")
    for line in lines[:limit]:
        out.write(line + "\n")
    for note in shown.notes:
        print(f"note: {note}", file=notes)
    if len(lines) > limit:
        print(f"showing the first {limit:,} of {len(lines):,} lines", file=notes)


def _print_records(
    archive: EntrySource[E],
    entry: E,
    encoding: str | None,
    limit: int,
    errors_only: bool,
    out: TextIO,
    notes: TextIO,
) -> None:
    """The biggest list of objects as TSV, as the viewer shows it as a table."""
    shown = _previewed(archive, entry, encoding)
    drop = "Drop --records to print it as text."
    if not shown.complete:
        raise PreviewError(
            f"{entry.name} is too big to read as records "
            f"({format_size(entry.size)}; the limit is {format_size(MAX_JSON_BYTES)}).",
            hint=drop,
        )
    table = json_records(shown.text)
    if table is None:
        raise PreviewError(f"{entry.name} holds no list of objects.", hint=drop)
    error = find_error_column(table)
    rows = table.rows
    if errors_only:
        rows = [cells for cells in rows if error is not None and cells[error.index].strip()]
    out.write(_tsv(table.columns) + "\n")
    for cells in rows[:limit]:
        out.write(_tsv(cells) + "\n")
    what = f"{len(table.rows):,} records"
    if error is None:
        what += " · no error-reason column found"
    else:
        failed = sum(1 for cells in table.rows if cells[error.index].strip())
        what += f" · {failed:,} with an error reason ({error.name})"
    if len(rows) > limit:
        what += f" · showing the first {limit:,}; use --rows for more"
    print(what, file=notes)


def _tsv(cells: list[str]) -> str:
    return "\t".join(
        escape_for_display(c.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n"))
        for c in cells
    )


def _print_sheet(
    archive: EntrySource[E],
    entry: E,
    fmt: str,
    sheet: str | None,
    limit: int,
    errors_only: bool,
    out: TextIO,
    notes: TextIO,
) -> None:
    cap = workbook_limit(entry, fmt)
    with bounded_copy(archive, entry, cap) as copy:
        book = open_workbook(copy, fmt)
        try:
            info = book.sheet(sheet)
            if len(book.sheets) > 1:
                names = ", ".join(s.name for s in book.sheets)
                print(f"sheet {info.name!r} of: {names}", file=notes)
            if errors_only:
                view = read_sheet(book, info.name, max_rows=min(limit, 1_000_000), errors_only=True)
                out.write(_tsv(view.table.columns) + "\n")
                for cells in view.table.rows:
                    out.write(_tsv(cells) + "\n")
                print(f"{view.table.status()} with an error reason", file=notes)
                return
            source = book.rows(info)
            try:
                for written, (_number, cells) in enumerate(source):
                    if written > limit:  # the first row is the header
                        print(f"showing the first {limit:,} rows; use --rows for more", file=notes)
                        break
                    out.write(_tsv(cells) + "\n")
            finally:
                source.close()
        finally:
            book.close()


def _print_listing(
    archive: EntrySource[E], entry: E, limit: int, out: TextIO, notes: TextIO
) -> None:
    nested = archive.open_nested(entry, limit=nested_limit(entry))
    try:
        for count, item in enumerate(nested.entries):
            if count >= limit:
                print(f"showing {limit:,} of {len(nested.entries):,} entries", file=notes)
                break
            name = escape_for_display(item.name)
            out.write(f"{item.size}\t{item.compressed_size}\t{name}\n")
    finally:
        nested.close()


def _print_hex(archive: EntrySource[E], entry: E, limit: int, out: TextIO, notes: TextIO) -> None:
    offset = 0
    with archive.open_entry(entry) as stream:
        while offset < limit * BYTES_PER_LINE:
            chunk = read_exactly(stream, min(64 * 1024, limit * BYTES_PER_LINE - offset))
            if not chunk:
                return
            for line in hex_lines(chunk, offset=offset):
                out.write(line + "\n")
            offset += len(chunk)
    if offset < entry.size:
        print(f"showing {format_size(offset)} of {format_size(entry.size)}", file=notes)
