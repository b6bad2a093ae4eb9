"""Text entries of any size as Documents: lines (TXT, logs, JSON, XML) or CSV/TSV records.

The index pass reads the entry once in line-aligned blocks and leaves a mark at the end
of each (about every 64 KiB): the byte offset of a record start and the record and
line numbers there. Any record is then one short read away: the nearest mark, then at
most a block of text. Counting is done on bytes (`bytes.count(b"\\n")`), which is why the
entry's encoding must keep "\\n" a single byte that no other character contains: UTF-8,
GB18030, GBK, Big5, Shift_JIS and the one-byte codepages do. A UTF-16 or UTF-32 entry is
first re-encoded as UTF-8 into a temporary file (the one case that copies an entry).

CSV records may hold quoted line breaks: a line ends a record only outside quotes,
which is told by counting quote characters ('""' inside a field counts twice).
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import itertools
import tempfile
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, BinaryIO, Literal, Protocol

from drs_tui.i18n import _, ngettext
from drs_tui.result.document import (
    Cancelled,
    ErrorSummary,
    IndexState,
    Matches,
    ProgressClock,
    ProgressHook,
    Query,
    Row,
    column_has_error,
    header_index,
    row_test,
)
from drs_tui.result.error_column import ErrorColumn, find_error_column
from drs_tui.result.table import build_table
from drs_tui.result.text.failure_lines import failure_positions, line_test
from drs_tui.result.text.text_decode import escape_for_display

CHUNK = 1 << 20
FIRST_CHUNK = 64 << 10
FIRST_RECORDS = 1000
HEADER_SEARCH_RECORDS = 10
# A line longer than this is cut for display (the bytes stay in the entry, not in memory).
MAX_LINE_CHARS = 64 * 1024
_WIDE_ENCODINGS = ("utf-16", "utf-32")
_LINE_CACHE = 64


class ByteReader(Protocol):
    """What the document needs of the entry: reads from any offset (EntryReader fits)."""

    size: int

    def open(self, offset: int = 0) -> BinaryIO: ...


class _Marks:
    """Record starts the index pass left behind: offset, record ordinal, line number."""

    def __init__(self) -> None:
        self.offsets = array("q", [0])
        self.records = array("q", [0])
        self.lines = array("q", [1])  # line numbers count from 1

    def add(self, offset: int, record: int, line: int) -> None:
        if record > self.records[-1]:
            self.offsets.append(offset)
            self.records.append(record)
            self.lines.append(line)

    def nearest(self, record: int) -> tuple[int, int, int]:
        at = bisect.bisect_right(self.records, record) - 1
        return self.offsets[at], self.records[at], self.lines[at]


class TextDocument:
    """Lines of a text entry (`kind` "lines"), or records of a CSV/TSV one ("table")."""

    def __init__(
        self,
        reader: ByteReader,
        *,
        name: str,
        encoding: str,
        fmt: str,
        delimiter: str | None = None,
    ) -> None:
        self.name = name
        self.fmt = fmt
        self.delimiter = delimiter
        self.kind: Literal["table", "lines"] = "table" if delimiter else "lines"
        self.notes: list[str] = []
        self.encoding = encoding
        self._spool: IO[bytes] | None = None
        if encoding.replace("_", "-").startswith(_WIDE_ENCODINGS):
            reader = self._as_utf8(reader, encoding)
            self.encoding = "utf-8"
        self.reader = reader
        self.size: int | None = reader.size
        self.index = IndexState()
        self._marks = _Marks()
        self._lock = threading.Lock()
        self._cache: dict[int, list[Row]] = {}
        self._failure = line_test(fmt)
        self.columns: list[str] = []
        self.error_column: ErrorColumn | None = None
        self.header_at = 0
        self._first: list[Row] = []
        self._open()

    # -- opening ----------------------------------------------------------------------

    def _as_utf8(self, reader: ByteReader, encoding: str) -> ByteReader:
        """A UTF-16/32 entry re-encoded as UTF-8 in a temporary file, read from there."""
        spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        decoder = codecs.getincrementaldecoder(encoding)("replace")
        with reader.open(0) as stream:
            while chunk := stream.read(CHUNK):
                spool.write(decoder.decode(chunk).encode("utf-8"))
            spool.write(decoder.decode(b"", True).encode("utf-8"))
        self._spool = spool
        self.notes.append(
            _("{encoding} text, re-encoded to read it").format(encoding=encoding.upper())
        )
        return _FileReader(spool)

    def _open(self) -> None:
        head = list(itertools.islice(self._records_from(0, 0, 1), FIRST_RECORDS + 20))
        if self.kind == "lines":
            self._first = head[:FIRST_RECORDS]
            return
        self.header_at = header_index(head[:HEADER_SEARCH_RECORDS])
        table = build_table(head[self.header_at :], max_rows=FIRST_RECORDS)
        self.columns = table.columns
        self.error_column = find_error_column(table)
        self._first = list(zip(table.row_numbers, table.rows, strict=True))
        if self.header_at:
            self.notes.append(
                ngettext(
                    "{count} line above the header not shown",
                    "{count} lines above the header not shown",
                    self.header_at,
                ).format(count=self.header_at)
            )

    def first_rows(self) -> list[Row]:
        return self._first

    @property
    def _skip(self) -> int:
        """Records before the first data row (title lines and the header of a table)."""
        return self.header_at + 1 if self.kind == "table" else 0

    # -- reading ----------------------------------------------------------------------

    def _blocks(self, offset: int) -> Iterator[tuple[int, bytes, int]]:
        """Blocks of whole records from `offset` (a record start): (offset, block,
        records in it). A record is a line; for CSV, lines up to one that ends outside
        quotes. One enormous line is passed on in pieces (of no record each)."""
        carry = b""
        at = offset
        quoted = self.kind == "table"
        size = min(FIRST_CHUNK, CHUNK)  # small first reads: a first page needs ~100 KiB
        with self.reader.open(offset) as stream:
            while True:
                chunk = stream.read(size)
                size = min(size * 4, CHUNK)
                data = carry + chunk if carry else chunk
                if not chunk:
                    if data:
                        yield at, data, 1
                    return
                cut, records = _record_end(data, quoted)
                # One enormous record is passed on in pieces, but only past a full-size
                # read: a quoted CSV record of some 100 KiB outgrows the small first reads.
                if cut == 0 and len(data) > max(MAX_LINE_CHARS * 4, CHUNK):
                    cut, records = len(data), 0
                if cut:
                    yield at, data[:cut], records
                    at += cut
                carry = data[cut:]

    def _texts(self, offset: int) -> Iterator[str]:
        """Decoded lines (with their line end) from `offset`, a line start. A line longer
        than MAX_LINE_CHARS is cut there (marked with "…"); the rest of it is skipped."""
        decoder = codecs.getincrementaldecoder(self.encoding)("replace")
        first = offset == 0
        partial = ""  # the start of a line that goes on in the next block
        for __, block, __ in self._blocks(offset):
            text = decoder.decode(block)
            if first and text.startswith("\ufeff"):
                text = text[1:]
            first = False
            lines = _lines(text)
            if partial and lines:
                lines[0] = partial + lines[0] if len(partial) < MAX_LINE_CHARS else partial
                partial = ""
            if lines and not lines[-1].endswith("\n"):
                partial = lines.pop()[: MAX_LINE_CHARS + 1]
            yield from lines
        if partial:
            yield partial

    def _records_from(self, offset: int, record: int, line_no: int) -> Iterator[Row]:
        """Records from a record start: (first line number, cells) for tables, (line
        number, [text]) for lines."""
        texts = self._texts(offset)
        if self.kind == "lines":
            for number, line in enumerate(texts, start=line_no):
                yield number, [_shown(line)]
            return
        yield from self._parsed(texts, line_no)

    def _parsed(self, lines: Iterable[str], line_no: int) -> Iterator[Row]:
        reader = csv.reader(lines, delimiter=self.delimiter or ",", strict=False)
        consumed = 0  # lines the reader has taken: the next record starts after them
        try:
            for cells in reader:
                yield line_no + consumed, [_shown(c) for c in cells]
                consumed = reader.line_num
        except csv.Error as exc:
            self.notes.append(
                _("CSV stops being readable at line {line}: {error}").format(
                    line=line_no + consumed, error=exc
                )
            )

    def _line_cells(self, line: str) -> list[str]:
        """The cells of one line of a CSV block without quoted line breaks (a bare CR
        can still make csv end the record early: the first record then)."""
        row = next(self._parsed([line], 0), None)
        return row[1] if row is not None else []

    def _block_rows(self, block: bytes, line_no: int) -> Iterator[Row]:
        return self._parsed(_lines(block.decode(self.encoding, "replace")), line_no)

    # -- the index pass ---------------------------------------------------------------

    def build_index(self, progress: ProgressHook | None, cancelled: Cancelled | None) -> None:
        with self._lock:
            if self.index.complete:
                return
            self._index(ProgressClock(progress, cancelled, self.size))

    def _index(self, clock: ProgressClock) -> None:
        index = self.index
        marks = _Marks()
        self._marks = marks
        record = line = done = 0
        errors = index.errors
        for offset, block, records in self._blocks(0):
            if self.kind == "lines":
                self._index_failures(block, record, errors)
            elif self.error_column is not None:
                self._index_reasons(block, record, line + 1, errors)
            record += records
            line += block.count(b"\n")
            if block.endswith(b"\n"):
                marks.add(offset + len(block), record, line + 1)
            index.rows = max(0, record - self._skip)
            done = offset + len(block)
            clock.tick(done, index.rows, errors.count)
        index.complete = True
        clock.tick(self.size or done, index.rows, errors.count, final=True)

    def _index_failures(self, block: bytes, line: int, errors: ErrorSummary) -> None:
        """Lines of `block` that report a failure: found on bytes, then tested in full."""
        positions = failure_positions(block, self.fmt, self.encoding)
        for at, start, end in _lines_at(block, positions):
            if self._failure(block[start:end].decode(self.encoding, "replace")):
                errors.add(line + at, "")

    def _index_reasons(self, block: bytes, record: int, line_no: int, errors: ErrorSummary) -> None:
        """Records of `block` with an error reason: in a block without quotes each line is
        a record and one regular expression finds the non-empty reason fields."""
        column = self.error_column.index if self.error_column else 0
        skip = self._skip
        delimiter = (self.delimiter or ",").encode()
        lines = block.split(b"\n")
        if lines and not lines[-1]:
            lines.pop()
        if not any(line.count(b'"') % 2 for line in lines if b'"' in line):
            # A record per line. A line whose last field is empty ends with the delimiter:
            # when the reason is the last column only the other lines are read.
            last = column == len(self.columns) - 1
            for at, text in enumerate(lines):
                if record + at < skip or (last and text.rstrip(b"\r").endswith(delimiter)):
                    continue
                cells = self._line_cells(text.decode(self.encoding, "replace"))
                if column < len(cells) and cells[column].strip():
                    errors.add(record + at - skip, cells[column])
            return
        for at, (__, cells) in enumerate(self._block_rows(block, line_no)):
            if record + at >= skip and column < len(cells) and cells[column].strip():
                errors.add(record + at - skip, cells[column])

    # -- rows -------------------------------------------------------------------------

    def rows(self, start: int, count: int) -> list[Row]:
        if count <= 0 or start < 0:
            return []
        if not self.index.complete and start + count <= len(self._first):
            return self._first[start : start + count]
        record = start + self._skip
        offset, at_record, line = self._marks.nearest(record)
        rows = self._records_from(offset, at_record, line)
        return list(itertools.islice(rows, record - at_record, record - at_record + count))

    def column_values(
        self, column: int, progress: ProgressHook | None, cancelled: Cancelled | None
    ) -> list[str]:
        clock = ProgressClock(progress, cancelled, None)
        values: list[str] = []
        for __, cells in self.iter_rows():
            values.append(cells[column] if column < len(cells) else "")
            if len(values) % 4096 == 0:
                clock.tick(0, len(values), 0)
        return values

    def has_error(self, cells: Sequence[str]) -> bool:
        if self.kind == "lines":
            return bool(cells) and self._failure(cells[0])
        return column_has_error(cells, self.error_column)

    def rows_at(self, ordinals: Sequence[int]) -> list[Row]:
        if len(ordinals) <= 64:
            found: list[Row] = []
            for ordinal in ordinals:
                found.extend(self.rows(ordinal, 1))
            return found
        return list(self.iter_rows(sorted(ordinals)))

    def iter_rows(self, ordinals: Iterable[int] | None = None) -> Iterator[Row]:
        """Data rows (or lines) in order, in one pass: all, or those with these ascending
        ordinals."""
        wanted = iter(ordinals) if ordinals is not None else None
        target = next(wanted, None) if wanted is not None else 0
        if target is None:
            return
        record = target + self._skip
        offset, at_record, line = self._marks.nearest(record)
        for ordinal, row in enumerate(self._records_from(offset, at_record, line), at_record):
            ordinal -= self._skip
            if ordinal < 0 or (wanted is not None and ordinal != target):
                continue
            yield row
            if wanted is not None:
                target = next(wanted, None)
                if target is None:
                    return

    # -- whole-entry queries ----------------------------------------------------------

    def find(
        self, query: Query, progress: ProgressHook | None, cancelled: Cancelled | None
    ) -> Matches:
        if query.empty:
            return Matches(complete=True)
        if not query.contains:
            self.build_index(progress, cancelled)  # or wait for the pass already running
            errors = self.index.errors
            if query.reason is not None:
                return errors.with_reason(query.reason)
            found = Matches(complete=True, scanned=self.index.rows)
            found.ordinals, found.count = array("q", errors.ordinals), errors.count
            return found
        return self._search(query, ProgressClock(progress, cancelled, self.size))

    def _search(self, query: Query, clock: ProgressClock) -> Matches:
        """Records holding the text: found by a byte search, then tested in full."""
        keep = row_test(query, self.error_column.index if self.error_column else None)
        needle = query.contains.lower()
        raw = needle.encode(self.encoding, "replace")
        # Case beyond ASCII cannot be folded on bytes: decode and test every record.
        exact = needle.isascii() or needle.upper() == needle
        found = Matches()
        record = line = 0
        for offset, block, records in self._blocks(0):
            for at, cells in self._block_hits(block, raw if exact else None, line + 1):
                ordinal = record + at - self._skip
                if ordinal >= 0 and (
                    keep(cells) if self.kind == "table" else self._keeps(query, cells)
                ):
                    found.add(ordinal)
            record += records
            line += block.count(b"\n")
            found.scanned = max(0, record - self._skip)
            clock.tick(offset + len(block), found.scanned, found.count)
        found.complete = True
        clock.tick(self.size or 0, found.scanned, found.count, final=True)
        return found

    def _keeps(self, query: Query, cells: list[str]) -> bool:
        text = cells[0]
        return query.contains.lower() in text.lower() and (
            not query.errors_only or self._failure(text)
        )

    def _block_hits(
        self, block: bytes, raw: bytes | None, line_no: int
    ) -> Iterator[tuple[int, list[str]]]:
        """(record within block, cells) of the records that may hold `raw` (None: all)."""
        simple = self.kind == "lines" or b'"' not in block
        if raw is not None and simple:
            lowered = block.lower()
            for at, start, end in _hit_lines(block, lowered, [raw]):
                text = block[start:end].decode(self.encoding, "replace")
                if self.kind == "lines":
                    yield at, [_shown(text)]
                else:
                    yield at, self._line_cells(text)
            return
        if raw is not None and raw not in block.lower():
            return
        if self.kind == "lines":
            for at, text in enumerate(_lines(block.decode(self.encoding, "replace"))):
                yield at, [_shown(text)]
            return
        for at, (__, cells) in enumerate(self._block_rows(block, line_no)):
            yield at, cells

    def close(self) -> None:
        if self._spool is not None:
            self._spool.close()
            self._spool = None


def _record_end(data: bytes, quoted: bool) -> tuple[int, int]:
    """Where the last whole record of `data` ends, and how many records come before."""
    cut = data.rfind(b"\n") + 1
    if not quoted or b'"' not in data[:cut]:
        return cut, data.count(b"\n", 0, cut)
    records = end = position = 0
    in_quotes = False
    for line in data[:cut].split(b"\n")[:-1]:
        position += len(line) + 1
        if line.count(b'"') % 2:
            in_quotes = not in_quotes
        if not in_quotes:
            records += 1
            end = position
    return end, records


def _hit_lines(
    block: bytes, haystack: bytes, needles: Sequence[bytes]
) -> list[tuple[int, int, int]]:
    """(line within block, start, end) of the lines where `haystack` (the block, maybe
    lower-cased) holds a needle, in order."""

    def positions() -> Iterator[int]:
        for raw in needles:
            at = haystack.find(raw)
            while at >= 0:
                yield at
                end = haystack.find(b"\n", at)
                at = haystack.find(raw, end) if end >= 0 else -1

    return _lines_at(block, positions())


def _lines_at(block: bytes, positions: Iterable[int]) -> list[tuple[int, int, int]]:
    """(line within block, start, end) of the lines holding these positions, in order,
    each line once."""
    starts = sorted({block.rfind(b"\n", 0, at) + 1 for at in positions})
    found: list[tuple[int, int, int]] = []
    line = last = 0
    for start in starts:
        line += block.count(b"\n", last, start)
        last = start
        end = block.find(b"\n", start)
        found.append((line, start, len(block) if end < 0 else end))
    return found


class _FileReader:
    """A local file read from any offset (the re-encoded copy of a UTF-16 entry)."""

    def __init__(self, file: IO[bytes]) -> None:
        self._file = file
        self._lock = threading.Lock()
        self.size = file.seek(0, 2)

    def read_at(self, offset: int, size: int) -> bytes:
        with self._lock:
            self._file.seek(offset)
            return self._file.read(size)

    def open(self, offset: int = 0) -> BinaryIO:
        return io.BufferedReader(_FileSlice(self, offset), CHUNK)


class _FileSlice(io.RawIOBase):
    def __init__(self, file: _FileReader, offset: int) -> None:
        super().__init__()
        self._source = file
        self._at = offset

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self._source.read_at(self._at, len(buffer))
        buffer[: len(data)] = data
        self._at += len(data)
        return len(data)


def _lines(text: str) -> list[str]:
    """Lines with their "\n" (only "\n" ends a line, as the index counts them); a last
    line without one is kept as it is."""
    lines = text.split("\n")
    last = lines.pop()
    out = [line + "\n" for line in lines]
    if last:
        out.append(last)
    return out


def _shown(text: str) -> str:
    text = text.rstrip("\r\n")
    if len(text) > MAX_LINE_CHARS:
        text = text[:MAX_LINE_CHARS] + "…"
    return escape_for_display(text)
