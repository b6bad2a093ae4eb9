"""`drs-tui show`: one entry on stdout, streamed as it is read, whatever its size.

Text is printed as it is written (control characters escaped, so a hostile entry cannot
drive the terminal); tables (sheets, CSV/TSV, JSON records, a nested ZIP's listing) as
TSV, CSV or JSON Lines; binary as hex lines. `--errors` keeps the rows with an error
reason (or the lines that report a failure), `--reasons` counts each distinct reason.
Notes ("showing 100 of 10,000 rows") go to `err`, keeping `out` clean for pipes.
"""

from __future__ import annotations

import codecs
import csv
import sys
from collections.abc import Callable, Iterable
from typing import Literal, TextIO, TypeVar

from drs_tui.commands.output import json_line
from drs_tui.i18n import _, ngettext
from drs_tui.result import (
    Document,
    EntryInfo,
    EntrySource,
    Preview,
    PreviewError,
    PreviewKind,
    preview_entry,
    refusal_reason,
)
from drs_tui.result.text import BYTES_PER_LINE, escape_for_display, hex_lines, read_exactly
from drs_tui.safe_text import safe_line
from drs_tui.sizes import format_size

E = TypeVar("E", bound=EntryInfo)
Format = Literal["text", "tsv", "csv", "json"]

# Without --rows, this much text is printed at most (one 2 GiB line would be 2 GiB).
DEFAULT_PAGE_CHARS = 1 << 20
_CHUNK = 1 << 20
_PLAIN_ASCII = bytes([9, 10, *range(0x20, 0x7F)])
_HIGH_BYTES = bytes(range(0x80, 0x100))
_UNLIMITED = 1 << 62


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
    reasons: bool = False,
    fmt: Format | None = None,
    page_chars: int | None = None,
) -> None:
    """`drs-tui show`: the entry on `out`. `rows` caps the lines or rows printed (<= 0:
    all; a capped page is also cut at `page_chars`); notes go to `err` (stderr by
    default). Raises ResultError subclasses on unreadable entries."""
    notes = err if err is not None else sys.stderr
    limit = rows if rows > 0 else _UNLIMITED
    chars = page_chars if page_chars is not None else (DEFAULT_PAGE_CHARS if rows > 0 else 0)
    refused = refusal_reason(entry)
    if refused is not None:
        raise PreviewError(refused)
    as_table = records or fmt not in (None, "text")
    preview = preview_entry(archive, entry, encoding=encoding, sheet=sheet, records=as_table)
    try:
        if preview.kind is PreviewKind.PROBLEM:
            raise preview.error or PreviewError(preview.problem or _("cannot read this entry"))
        for note in preview.notes:
            print(_("note: {note}").format(note=safe_line(note)), file=notes)
        if encoding is None and preview.encoding not in (None, "utf-8", "ascii"):
            label = preview.encoding_label or str(preview.encoding)
            print(
                _("note: decoded as {encoding} (detected; --encoding to choose)").format(
                    encoding=label
                ),
                file=notes,
            )
        if len(preview.sheets) > 1:
            names = ", ".join(safe_line(s.name) for s in preview.sheets)
            print(
                _("sheet {sheet!r} of: {names}").format(
                    sheet=safe_line(preview.sheet or ""), names=names
                ),
                file=notes,
            )
        _render(
            archive, entry, preview, limit, chars, out, notes, errors_only, records, reasons, fmt
        )
    finally:
        preview.close()


def _render(
    archive: EntrySource[E],
    entry: E,
    preview: Preview,
    limit: int,
    chars: int,
    out: TextIO,
    notes: TextIO,
    errors_only: bool,
    records: bool,
    reasons: bool,
    fmt: Format | None,
) -> None:
    document = preview.document
    if preview.kind is PreviewKind.EMPTY:
        return
    if preview.kind is PreviewKind.BINARY or document is None:
        if errors_only or reasons or records or fmt == "json":
            raise PreviewError(
                _("{name} is binary: it has no rows to filter or print as JSON.").format(
                    name=entry.name
                ),
                hint=_("Drop --errors, --reasons, --records and --json (or --format json)."),
            )
        _print_hex(archive, entry, limit, out, notes)
        return
    if records and preview.fmt not in ("json", "jsonl"):
        raise PreviewError(
            _("{name} is not a JSON document.").format(name=entry.name),
            hint=_("--records reads the list of objects in a .json entry; drop it here."),
        )
    if records and not preview.records:
        raise PreviewError(
            _("{name} holds no list of objects.").format(name=entry.name),
            hint=_("Drop --records to print it as text."),
        )
    if reasons:
        _print_reasons(document, out, notes, as_json=fmt == "json")
        return
    if document.kind == "lines" and not records and fmt in (None, "text", "json"):
        as_json = fmt == "json"
        if (
            not (errors_only or as_json)
            and limit == _UNLIMITED
            and preview.kind is not PreviewKind.JSON
        ):
            _stream_text(archive, entry, preview.encoding or "utf-8", out)
            return
        _print_lines(document, limit, 0 if as_json else chars, errors_only, out, notes, as_json)
        return
    if document.kind == "lines":
        raise PreviewError(
            _("{name} is text, not a table: --format {format} needs rows.").format(
                name=entry.name, format=fmt
            ),
            hint=_("Drop --format, or use --records for a JSON list of objects."),
        )
    table_fmt: Format = fmt or ("csv" if preview.fmt == "csv" else "tsv")
    if table_fmt == "text":
        table_fmt = "tsv"
    if (
        preview.kind is PreviewKind.TABLE
        and table_fmt == preview.fmt
        and not errors_only
        and limit == _UNLIMITED
    ):
        _stream_text(archive, entry, preview.encoding or "utf-8", out)  # as written
        return
    _print_table(document, limit, errors_only, table_fmt, out, notes)


def _stream_text(archive: EntrySource[E], entry: E, encoding: str, out: TextIO) -> None:
    """The whole entry, escaped chunk by chunk, at the speed of the reader.

    UTF-8 text bound for a UTF-8 stdout is checked on bytes: a chunk whose only bytes
    outside printable ASCII, tab and newline form printable characters is written as
    it is, without a decode and an encode (escaping goes on a character at a time
    only in chunks that need it).
    """
    raw = getattr(out, "buffer", None)
    fast = (
        raw is not None
        and encoding in ("utf-8", "ascii")
        and (getattr(out, "encoding", "") or "").lower().replace("_", "-") in ("utf-8", "utf8")
    )
    if fast:
        out.flush()
    decoder = codecs.getincrementaldecoder(encoding)("replace")
    carry = b""
    first = True
    with archive.open_entry(entry) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            data = carry + chunk if carry else chunk
            cut = len(data) if not chunk else data.rfind(b"\n") + 1
            if chunk and cut == 0 and len(data) < 8 * _CHUNK:
                carry = data  # no line end yet: wait for one (a line is never split)
                continue
            block, carry = data[:cut], data[cut:]
            if first and block.startswith(codecs.BOM_UTF8) and encoding == "utf-8":
                block = block[len(codecs.BOM_UTF8) :]
            first = False
            if fast and raw is not None and _plain_utf8(block):
                raw.write(block.replace(b"\r\n", b"\n") if b"\r" in block else block)
            else:
                text = decoder.decode(block, final=not chunk)
                if fast and raw is not None:
                    raw.write(escape_for_display(text).encode("utf-8"))
                else:
                    out.write(escape_for_display(text))
            if not chunk:
                break
    if fast and raw is not None:
        raw.flush()


def _plain_utf8(block: bytes) -> bool:
    """Printable UTF-8 text with tabs and line ends only (CRLF allowed): safe as it is."""
    rest = block.translate(None, _PLAIN_ASCII)
    if not rest:
        return True
    controls = rest.translate(None, _HIGH_BYTES)
    if controls and (controls.strip(b"\r") or block.count(b"\r") != block.count(b"\r\n")):
        return False
    try:
        return rest.translate(None, b"\r").decode("utf-8").isprintable()
    except UnicodeDecodeError:
        return False


def _print_lines(
    document: Document,
    limit: int,
    chars: int,
    errors_only: bool,
    out: TextIO,
    notes: TextIO,
    as_json: bool = False,
) -> None:
    """Lines as written, or for --json one {"line": N, "text": ...} record each (N is the
    line number in the entry, from 1, as editors and `grep -n` count)."""
    if errors_only:
        document.build_index(None, None)
        selected: Iterable[int] | None = document.index.errors.ordinals
        total = document.index.errors.count
    else:
        selected, total = None, None
    used = 0
    for written, (number, cells) in enumerate(document.iter_rows(selected)):
        if written >= limit:
            if total is not None:
                note = _(
                    "showing the first {shown:,} of {total:,} failure lines; use --rows for more"
                ).format(shown=written, total=total)
            else:
                note = _("showing the first {shown:,} lines; use --rows for more").format(
                    shown=written
                )
            print(note, file=notes)
            return
        line = cells[0] if cells else ""
        if as_json:
            out.write(json_line({"line": number, "text": line}) + "\n")
            continue
        if chars and used + len(line) > chars:
            out.write(line[: max(chars - used, 0)] + "\n")
            print(
                _(
                    "showing {size} of text; a line was cut there (use --rows 0 for all of it)"
                ).format(size=format_size(chars)),
                file=notes,
            )
            return
        out.write(line + "\n")
        used += len(line) + 1
    if errors_only:
        print(
            ngettext(
                "{count:,} line reports a failure", "{count:,} lines report a failure", total or 0
            ).format(count=total or 0),
            file=notes,
        )


def _print_table(
    document: Document,
    limit: int,
    errors_only: bool,
    fmt: Format,
    out: TextIO,
    notes: TextIO,
) -> None:
    if errors_only:
        if document.error_column is None:
            raise PreviewError(
                _("No error-reason column was found in this table."),
                hint=_("Drop --errors, or look at the columns with --rows 5."),
            )
        document.build_index(None, None)
        selected: Iterable[int] | None = document.index.errors.ordinals
    else:
        selected = None
    width = len(document.columns)
    write = _writer(fmt, document.columns, out)
    for written, (_number, cells) in enumerate(document.iter_rows(selected)):
        if written >= limit:
            print(
                _("showing the first {shown:,} rows; use --rows for more").format(shown=written),
                file=notes,
            )
            break
        write(cells + [""] * (width - len(cells)) if len(cells) < width else cells)
    if document.index.complete:
        print(_summary(document, errors_only), file=notes)


def _summary(document: Document, errors_only: bool) -> str:
    index = document.index
    column = document.error_column
    if column is None:
        return ngettext(
            "{rows:,} row · no error-reason column found",
            "{rows:,} rows · no error-reason column found",
            index.rows,
        ).format(rows=index.rows)
    failed = index.errors.count
    what = ngettext(
        "✗ {failed:,} of {rows:,} row with an error reason ({column})",
        "✗ {failed:,} of {rows:,} rows with an error reason ({column})",
        index.rows,
    ).format(failed=failed, rows=index.rows, column=column.name)
    return (
        what
        if errors_only or failed
        else ngettext(
            "{rows:,} row · none with an error reason",
            "{rows:,} rows · none with an error reason",
            index.rows,
        ).format(rows=index.rows)
    )


def _writer(fmt: Format, columns: list[str], out: TextIO) -> Callable[[list[str]], None]:
    if fmt == "json":

        def write_json(cells: list[str]) -> None:
            record = dict(zip(columns, cells, strict=False))
            out.write(json_line(record) + "\n")  # bidi and C1 controls escaped

        return write_json
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)

        def write_csv(cells: list[str]) -> None:
            writer.writerow(cells)

        return write_csv
    out.write(_tsv(columns) + "\n")

    def write_tsv(cells: list[str]) -> None:
        out.write(_tsv(cells) + "\n")

    return write_tsv


def _tsv(cells: Iterable[str]) -> str:
    return "\t".join(
        c.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        for c in cells
    )


def _print_reasons(document: Document, out: TextIO, notes: TextIO, *, as_json: bool) -> None:
    if document.kind == "table" and document.error_column is None:
        raise PreviewError(
            _("No error-reason column was found in this table."),
            hint=_("Drop --reasons, or look at the columns with --rows 5."),
        )
    document.build_index(None, None)
    ranked = document.index.errors.ranked()
    total = document.index.rows
    if as_json:
        out.write(
            json_line(
                {
                    "rows": total,
                    "with_reason": document.index.errors.count,
                    "reasons": [{"reason": r, "count": n} for r, n in ranked],
                }
            )
            + "\n"
        )
        return
    out.write("count\tshare\treason\n")  # i18n: keep (a TSV header, for scripts)
    for reason, count in ranked:
        share = f"{count / total:.1%}" if total else "-"
        out.write(f"{count}\t{share}\t{_tsv([reason])}\n")
    print(
        _("{reasons:,} distinct reasons in {rows:,} rows").format(reasons=len(ranked), rows=total),
        file=notes,
    )


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
        print(
            _("showing {shown} of {size}").format(
                shown=format_size(offset), size=format_size(entry.size)
            ),
            file=notes,
        )
