"""Rows of a worksheet's XML, cut apart and read without an XML parser per cell.

A sheet part is a long run of `<row>` elements. `RowSplitter` cuts decompressed bytes
at row starts (every byte before the last row start of a chunk belongs to complete
rows), so any chunk can be read on its own and a row can be found again from its byte
offset; `read_row` turns one row's XML into display strings. Regular expressions do the
per-cell work in C: expat spent ~5 callbacks per cell in Python, 20 s for a million
rows. What the file declares is never trusted: numbers are parsed strictly, a row or a
cell that grows past its bound is cut (and counted), not held.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice
from typing import Protocol

from drs_tui.i18n import _
from drs_tui.result.errors import PreviewError
from drs_tui.result.sheets.xml_text import MAX_CELL_CHARS, element_text, string_item, xml_int
from drs_tui.result.table import MAX_COLUMNS, column_letter

# A row's XML past this is cut: its remaining cells are dropped and the row is noted.
MAX_ROW_BYTES = 16 << 20
_MAX_COLUMN = 16_384  # XFD

ROW_START = re.compile(rb"<(?:\w{1,16}:)?row[\s>/]")
SHEET_DATA_END = re.compile(rb"</(?:\w{1,16}:)?sheetData\s*>")
_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.I)
_DIMENSION = re.compile(rb"<(?:\w{1,16}:)?dimension\s[^>]*?ref\s*=\s*[\"']([^\"']{1,40})[\"']")
# A self-closing <row .../> (a row that only carries a height or a style) is not a row
# of the table; every other <row> is, values or not.
EMPTY_ROW = re.compile(rb"<(?:\w{1,16}:)?row\b[^>]*/>")
_ROW_TAG = re.compile(r"<(?:\w+:)?row\b([^>]*)>")
_CELL_START = re.compile(r"<(?:\w+:)?c[\s>/]")
_CELL_TAG = re.compile(r"<(?:\w+:)?c(\s[^>]*?)?(/?)>")
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_VALUE = re.compile(r"<(?:\w+:)?v(?:\s[^>]*)?>(.*?)</(?:\w+:)?v\s*>", re.S)
_INLINE = re.compile(r"<(?:\w+:)?is(?:\s[^>]*)?>(.*?)</(?:\w+:)?is\s*>", re.S)
# The usual cell: r, then s and t (in either order), then one <v> without entities.
# `raw` holds ASCII digits only for shared strings (isdigit() alone would let '²' in).
_PLAIN_CELL = re.compile(
    r'<c r="([A-Z]{1,3})[0-9]{1,7}"(?: s="([0-9]{1,8})")?(?: t="([a-zA-Z]{1,9})")?'
    r'(?: s="([0-9]{1,8})")?(?:/>|>(?:<v>([\x20-\x25\x27-\x3b\x3d-\x7e]*)</v>)?</c>)'
)


def column_index(ref: str) -> int | None:
    """0-based column of a cell reference ('C7' -> 2); None when it has no valid letters."""
    number = 0
    for ch in ref:
        code = ord(ch) | 0x20  # lower-case ASCII letters
        if not 97 <= code <= 122:
            break
        number = number * 26 + code - 96
        if number > _MAX_COLUMN:
            return None
    return number - 1 if number else None


def attributes(text: str) -> dict[str, str]:
    """Attributes of a start tag (prefixes dropped), values unescaped."""
    found: dict[str, str] = {}
    for name, double, single in _ATTR.findall(text):
        value = double or single
        found[name.rpartition(":")[2]] = element_text(value) if "&" in value else value
    return found


def refuse_doctype(head: bytes, part: str) -> None:
    """A DOCTYPE could declare entities that expand without bound: refuse the part."""
    if _DOCTYPE.search(head):
        raise PreviewError(
            _(
                "The workbook part {part} declares a DOCTYPE or entities; "
                "it is refused because such XML can expand without bound."
            ).format(part=part),
            title=_("Unsafe workbook"),
        )


def dimension_last_row(head: bytes) -> int | None:
    """Last row of a `<dimension ref="A1:J100001">` near the start of a sheet."""
    found = _DIMENSION.search(head)
    if found is None:
        return None
    ref = found.group(1).decode("latin-1").rpartition(":")[2]
    return xml_int(ref.lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz").lstrip("$"))


class ElementSplitter:
    """Cuts a stream of XML into whole elements of one kind (rows of a sheet, items of the
    shared string table) without parsing it.

    `feed` takes the next chunk and returns (offset, block, starts): `block` holds only
    whole elements, each beginning at one of `starts`, and `offset` is where `block`
    lies in the stream. Bytes before the first element are kept in `head`; the stream
    ends at the closing tag of the container. An element longer than `max_bytes` is cut
    there (closed with `close_tag`) and the rest of it skipped; `cut` counts those.
    """

    def __init__(
        self,
        start: re.Pattern[bytes],
        end: re.Pattern[bytes],
        close_tag: bytes,
        max_bytes: int,
        *,
        at: int = 0,
        end_word: bytes = b"",
    ) -> None:
        self._start = start
        self._end = end
        # A word the closing tag holds: the pattern (which allows any prefix) is only
        # tried on data that holds it, so data full of other closing tags is not
        # searched tag by tag.
        self._end_word = end_word
        self._close = close_tag
        self._max = max_bytes
        self._pending = b""
        self._at = at  # stream offset of _pending
        self._skipping = False
        # Fed from an element's start (a row found again by its offset): no head.
        self.started = at > 0
        self.ended = False
        self.head = b""
        self.cut = 0
        self.tag: bytes | None = None  # the start tag as written: b"<row", b"<x:row"

    def feed(self, chunk: bytes, *, final: bool = False) -> tuple[int, bytes, list[int]]:
        if self.ended:
            return self._at, b"", []
        data = self._pending + chunk if self._pending else chunk
        base = self._at
        closing = self._end.search(data) if self._end_word in data else None
        if closing is not None:
            data, final = data[: closing.start()], True
            self.ended = True
        if self.tag is None:
            found = self._start.search(data)
            if found is not None:
                # Every element of a file uses the same prefix: a literal start tag is
                # found 4x faster than the pattern that allows any prefix.
                self.tag = found.group()[:-1]
                self._start = re.compile(re.escape(self.tag) + rb"[\s>/]")
        starts = [m.start() for m in self._start.finditer(data)]
        if not self.started:
            if not starts:
                self._pending, self._at = self._rest(data, base, final)
                if len(self._pending) > self._max:  # a head no real file has
                    self.head, self._pending = self._pending[: self._max], b""
                    self._at += len(data)
                return base, b"", []
            self.head, self.started = data[: starts[0]], True
        if self._skipping:
            if not starts:
                self._pending, self._at = b"", base + len(data)
                return base, b"", []
            self._skipping = False
        cut = len(data) if final else starts[-1]
        first = starts[0]
        block = data[first:cut]
        starts = [s - first for s in starts if s < cut]
        tail = data[cut:]
        if len(tail) > self._max:
            block += tail[: self._max] + self._close
            starts.append(cut - first)
            self.cut += 1
            self._skipping = True
            self._pending, self._at = b"", base + len(data)
        else:
            self._pending, self._at = self._rest(tail, base + cut, final)
        return base + first, block, starts

    @staticmethod
    def _rest(data: bytes, at: int, final: bool) -> tuple[bytes, int]:
        return (b"", at + len(data)) if final else (data, at)


# A cut row is closed after whatever its last cell had open, so the cells before the cut
# read as they are and a cell cut inside its inline string shows the string's start.
# Stray closing tags are nothing to the regular expressions that read a row.
CUT_ROW_CLOSE = b"</t></is></v></c></row>"


def row_splitter(at: int = 0) -> ElementSplitter:
    """Rows of a worksheet's <sheetData>, fed from its start or from a row at `at`."""
    return ElementSplitter(
        ROW_START, SHEET_DATA_END, CUT_ROW_CLOSE, MAX_ROW_BYTES, at=at, end_word=b"sheetData"
    )


class SheetSyntax:
    """Patterns for one sheet's XML, written with the prefix its tags use (usually
    none): patterns that start with a literal run several times faster."""

    def __init__(self, row_tag: bytes) -> None:
        prefix = re.escape(row_tag[1:-3])  # b"<x:row" -> b"x:"
        self.prefix = prefix
        self._self_closing = re.compile(re.escape(row_tag) + rb"\b[^>]*/>")
        self._unusual_cell = re.compile(rb"<" + prefix + rb'c(?:>|/|\s(?!r="))')

    def table_rows(self, block: bytes, starts: list[int]) -> list[int]:
        """The starts of rows that are rows of the table (self-closing ones left out)."""
        empty = {m.start() for m in self._self_closing.finditer(block)}
        return [s for s in starts if s not in empty] if empty else starts

    def usual_cells(self, block: bytes) -> bool:
        """Every cell of the block starts `<c r="`: a column's cells can then be found
        by their reference alone."""
        return self._unusual_cell.search(block) is None

    def column_pattern(self, column: int) -> re.Pattern[bytes]:
        """Cells of one column in the usual form (`<c r="F12" ...>...</c>`)."""
        letters = column_letter(column).encode()
        prefix = self.prefix
        return re.compile(
            rb"<" + prefix + rb'c r="' + letters + rb'[0-9]{1,7}"([^>]*?)'
            rb"(?:/>|>(.*?)</" + prefix + rb"c>)",
            re.S,
        )


def _cells_of(text: str) -> Iterator[tuple[str, str]]:
    """(attributes, inner XML) of each cell of a row. The row is cut at cell starts first
    and each piece read on its own: a cell that never closes cannot make the search for
    its end run over the rest of the row (quadratic on a hostile row)."""
    starts = [m.start() for m in _CELL_START.finditer(text)]
    for at, end in zip(starts, [*starts[1:], len(text)], strict=True):
        piece = text[at:end]
        tag = _CELL_TAG.match(piece)
        if tag is None:
            continue
        attrs, closed = tag.group(1) or "", tag.group(2)
        if closed:
            yield attrs, ""
            continue
        close = piece.rfind("</")
        inner = piece[tag.end() : close] if close >= tag.end() else piece[tag.end() :]
        yield attrs, inner


class CellValues(Protocol):
    """What a row needs of its workbook to show a cell."""

    def cell_text(self, text: str, kind: str, style: str | None) -> str:
        """Display text from the raw value, `t` and `s` attributes."""
        ...

    def shared_string(self, index: int) -> str: ...

    def number_text(self, text: str, style: str | None) -> str:
        """A numeric cell (no `t`, or t="n") as shown: dates by their style."""
        ...


class RowReader:
    """Turns one row's XML into (row number, display cells).

    Rows in the usual form (every cell `<c r="B7" s="3" t="s"><v>12</v></c>`, as
    Excel, POI, openpyxl and DRS write them) take a fast path with one regular
    expression per row; anything else goes through the general one.
    """

    def __init__(self, values: CellValues) -> None:
        self._values = values
        self._columns: dict[str, int] = {}
        self.dropped_cells = 0
        self.last_number = 0

    def read(self, xml: bytes) -> tuple[int, list[str]] | None:
        """The row's number and cells ('' for gaps); None for an EMPTY_ROW."""
        if EMPTY_ROW.match(xml) and xml.rstrip().endswith(b"/>"):
            self.last_number += 1
            return None
        text = xml.decode("utf-8", "replace")
        number = None
        if text.startswith('<row r="'):
            end = text.find('"', 8)
            number = xml_int(text[8:end]) if end > 0 else None
        else:
            tag = _ROW_TAG.match(text)
            number = xml_int(attributes(tag.group(1)).get("r")) if tag else None
        self.last_number = number if number is not None else self.last_number + 1
        plain = _PLAIN_CELL.findall(text)
        # Every cell in the usual form: no other "<c" tag, and no prefixed one ("<x:c").
        if len(plain) == text.count("<c") and ":c" not in text:
            cells = self._plain_cells(plain)
        else:
            cells = self._any_cells(text)
        if not cells:
            return self.last_number, []
        row = [""] * (max(cells) + 1)
        for col, value in cells.items():
            row[col] = value
        return self.last_number, row

    def _plain_cells(self, found: list[tuple[str, str, str, str, str]]) -> dict[int, str]:
        values = self._values
        columns = self._columns
        cells: dict[int, str] = {}
        for letters, style, kind, style_after, raw in found:
            style = style or style_after
            if not raw:
                continue
            col = columns.get(letters)
            if col is None:
                col = columns[letters] = column_index(letters) or 0
            if col >= MAX_COLUMNS:
                self.dropped_cells += 1
                continue
            if kind == "s":
                value = values.shared_string(int(raw)) if raw.isdigit() else ""
            elif not kind or kind == "n":
                value = values.number_text(raw, style or None)
            else:
                value = values.cell_text(raw, kind, style or None)
            if value:
                cells[col] = value
        return cells

    def _any_cells(self, text: str) -> dict[int, str]:
        cells: dict[int, str] = {}
        next_col = 0
        # A row has at most one cell per column: past that many, the rest is not read.
        for attrs, inner in islice(_cells_of(text), _MAX_COLUMN):
            col, kind, style = self._cell_attributes(attrs, next_col)
            next_col = col + 1
            if not inner:
                continue
            if col >= MAX_COLUMNS:
                self.dropped_cells += 1
                continue
            value = self.cell_value(inner, kind, style)
            if value:
                cells[col] = value
        return cells

    def cell_value(self, inner: str, kind: str, style: str | None) -> str:
        """Display text of a cell from its inner XML and its `t` and `s` attributes.

        A cell holding an inline string (<is>) shows it whatever its `t` says, as calamine
        reads it; an inline-string cell shows nothing else (a stray <v> is not its text)."""
        if kind == "inlineStr" or "is" in inner:
            inline = _INLINE.search(inner)
            if inline is not None:
                return string_item(inline.group(1))
            if kind == "inlineStr":
                return ""
        found = _VALUE.search(inner)
        raw = element_text(found.group(1))[:MAX_CELL_CHARS] if found else ""
        return self._values.cell_text(raw, kind, style) if raw else ""

    def column_cell(self, attrs: bytes, inner: bytes) -> str:
        """A cell found by `column_pattern`: its attributes after r, and its inner XML."""
        if not inner:
            return ""
        found = attributes(attrs.decode("utf-8", "replace"))
        return self.cell_value(
            inner.decode("utf-8", "replace"), found.get("t", "n"), found.get("s")
        )

    @staticmethod
    def _cell_attributes(attrs: str, next_col: int) -> tuple[int, str, str | None]:
        found = attributes(attrs) if attrs else {}
        ref = found.get("r")
        col = column_index(ref) if ref else None
        return (next_col if col is None else col), found.get("t", "n"), found.get("s")
