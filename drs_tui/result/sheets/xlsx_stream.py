"""A streaming, read-only xlsx reader: the first rows of a huge sheet in milliseconds.

A sheet part is decompressed in chunks and cut into rows (sheet_rows.py) as the caller
asks for them. sharedStrings.xml (which can be bigger than the sheet) is read only as
far as the highest string index asked for so far, unless a whole-sheet search needs it
all. The small parts (workbook, relationships, styles) are parsed by expat.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from drs_tui.i18n import _
from drs_tui.result.errors import PreviewError, UnknownNameError
from drs_tui.result.sheets.sheet_rows import (
    ElementSplitter,
    RowReader,
    dimension_last_row,
    refuse_doctype,
    row_splitter,
)
from drs_tui.result.sheets.xlsx_values import (
    format_bool,
    format_iso,
    format_number,
    read_style_kinds,
)
from drs_tui.result.sheets.xml_parts import Package, local_name
from drs_tui.result.sheets.xml_text import string_item, xml_int
from drs_tui.result.zip import EntryReader

# Every part is decompressed under this bound (bytes actually produced).
PART_LIMIT = 1024 * 1024 * 1024
# Shared strings held in memory at once: more means a file made to exhaust memory.
MAX_SHARED_CHARS = 256 * 1024 * 1024
MAX_SHARED_STRINGS = 8_000_000
# A shared string item's XML past this is cut (32,767 characters need far less).
MAX_ITEM_BYTES = 4 << 20
READ_CHUNK = 1 << 20
FIRST_READ = 16 << 10

_REL_SHEET = "/worksheet"
_REL_SHARED = "/sharedStrings"
_REL_STYLES = "/styles"
_REL_OFFICE = "/officeDocument"
_SI_START = re.compile(rb"<(?:\w{1,16}:)?si[\s>/]")
_SST_END = re.compile(rb"</(?:\w{1,16}:)?sst\s*>")
_SST_COUNT = re.compile(rb"\b(?:uniqueCount|count)\s*=\s*[\"']([^\"']{0,20})[\"']")


def _item_text(piece: str) -> str:
    """The text of one <si> item, given what follows its '<si' (attributes and all)."""
    end = piece.find(">")
    if end < 0 or piece[end - 1 : end] == "/":
        return ""
    close = piece.rfind("</")
    inner = piece[end + 1 : close] if close > end else piece[end + 1 :]
    return string_item(inner) if inner else ""


@dataclass(frozen=True, slots=True)
class SheetInfo:
    name: str
    index: int
    hidden: bool = False
    part: str = ""


def pick_sheet(sheets: list[SheetInfo], name: str | None) -> SheetInfo:
    """The sheet called `name`, or the first visible one."""
    if not sheets:
        raise PreviewError(_("The workbook has no sheets."))
    if name is None:
        return next((s for s in sheets if not s.hidden), sheets[0])
    for info in sheets:
        if info.name == name:
            return info
    names = ", ".join(repr(s.name) for s in sheets)  # repr: a name may hold escapes
    raise UnknownNameError(
        _("The workbook has no sheet {name!r}.").format(name=name),
        hint=_("Sheets: {names}.").format(names=names),
        title=_("No such sheet"),
    )


class SharedStrings:
    """The shared string table, read lazily: `get(i)` reads only up to string i."""

    def __init__(self, package: Package, part: str | None) -> None:
        self._strings: list[str] = []
        self._lock = threading.Lock()
        self._chars = 0
        self._chunks: Iterator[bytes] | None = None
        # A cut item is closed after its open <t>: it shows the start of its text.
        self._splitter = ElementSplitter(
            _SI_START, _SST_END, b"</t></si>", MAX_ITEM_BYTES, end_word=b"sst"
        )
        self.declared: int | None = None
        self.part = part or ""
        if part is not None and package.find(part) is not None:
            self._chunks = _growing_chunks(package.reader(part))

    @property
    def loaded(self) -> int:
        return len(self._strings)

    @property
    def complete(self) -> bool:
        return self._chunks is None

    def get(self, index: int) -> str:
        """String `index`; '' for an index the table does not have."""
        strings = self._strings
        if index >= len(strings) and self._chunks is not None:
            with self._lock:  # a preview and an index pass may both read the table
                while index >= len(strings) and self._chunks is not None:
                    self._read_more()
        return strings[index] if 0 <= index < len(strings) else ""

    def all(self) -> list[str]:
        """Every string (the whole table is read)."""
        with self._lock:
            while self._chunks is not None:
                self._read_more()
        return self._strings

    def _read_more(self) -> None:
        assert self._chunks is not None
        chunk = next(self._chunks, None)
        splitter = self._splitter
        started = splitter.started
        _, block, _ = splitter.feed(chunk or b"", final=chunk is None)
        if not started and splitter.started:
            refuse_doctype(splitter.head, self.part)
            found = _SST_COUNT.search(splitter.head)
            self.declared = xml_int(found.group(1)) if found else None
        if block and splitter.tag is not None:
            self._add(block.decode("utf-8", "replace"), splitter.tag.decode("latin-1"))
        if chunk is None or splitter.ended:
            self.close()

    def _add(self, text: str, tag: str) -> None:
        """The items of a block of whole <si> elements. The block is split at item starts
        and each piece read on its own, so an item that never closes costs its own length
        (a regular expression over the block was quadratic then)."""
        for piece in text.split(tag)[1:]:
            value = _item_text(piece)
            self._chars += len(value)
            if len(self._strings) >= MAX_SHARED_STRINGS or self._chars > MAX_SHARED_CHARS:
                raise PreviewError(
                    _(
                        "The workbook's shared string table is too large to hold "
                        "(over {strings:,} strings or {chars:,} characters)."
                    ).format(strings=MAX_SHARED_STRINGS, chars=MAX_SHARED_CHARS),
                    hint=_("Only the first rows of such a sheet can be shown."),
                )
            self._strings.append(value)

    def close(self) -> None:
        chunks, self._chunks = self._chunks, None
        if chunks is not None:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()


def _growing_chunks(reader: EntryReader) -> Iterator[bytes]:
    """Small reads first (the first rows need few strings), bigger ones as more are asked."""
    size = FIRST_READ
    with reader.open() as stream:
        while chunk := stream.read(size):
            yield chunk
            size = min(size * 2, READ_CHUNK)


class SheetRows:
    """Rows of one sheet as (row number, cells) pairs, read as they are asked for.

    Rows without any value are skipped; cells land in the column their `r` names, gaps
    are ''. Cells past column MAX_COLUMNS are dropped and counted.
    """

    def __init__(self, workbook: XlsxWorkbook, sheet: SheetInfo, *, offset: int = 0) -> None:
        self._book = workbook
        self.reader = workbook.part_reader(sheet)
        self._chunks: Iterator[bytes] | None = self.reader.chunks(offset, READ_CHUNK)
        self._splitter = row_splitter()
        self._rows = RowReader(workbook)
        self._ready: deque[bytes] = deque()
        self._part = sheet.part
        self.last_row: int | None = None

    @property
    def dropped_cells(self) -> int:
        return self._rows.dropped_cells

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self

    def __next__(self) -> tuple[int, list[str]]:
        read = self._rows.read
        while True:
            while not self._ready:
                if self._chunks is None:
                    raise StopIteration
                self._read_more()
            row = read(self._ready.popleft())
            if row is not None:
                return row

    def _read_more(self) -> None:
        assert self._chunks is not None
        chunk = next(self._chunks, None)
        splitter = self._splitter
        started = splitter.started
        __, block, starts = splitter.feed(chunk or b"", final=chunk is None)
        if not started and splitter.started:
            refuse_doctype(splitter.head, self._part)
            self.last_row = dimension_last_row(splitter.head)
        ready = self._ready
        for at, end in zip(starts, [*starts[1:], len(block)], strict=False):
            ready.append(block[at:end])  # read when asked for: the first rows stay cheap
        if chunk is None and splitter.started and not splitter.ended:
            self.close()
            raise PreviewError(
                _(
                    "The workbook part {part} is not valid XML: it ends inside its rows "
                    "(no </sheetData>)."
                ).format(part=self._part),
                hint=_("The file may be damaged or cut short."),
            )
        if chunk is None or splitter.ended:
            self.close()

    def close(self) -> None:
        chunks, self._chunks = self._chunks, None
        if chunks is not None:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()


class XlsxWorkbook:
    """One xlsx/xlsm workbook read from a seekable local copy (file or buffer)."""

    def __init__(self, file: IO[bytes], *, part_limit: int = PART_LIMIT) -> None:
        self.package = Package(file, part_limit=part_limit)
        try:
            self._load()
        except BaseException:
            self.package.close()
            raise

    def _load(self) -> None:
        root = self.package.relationships("")
        main = next((t for kind, t in root.values() if kind.endswith(_REL_OFFICE)), None)
        main = self.package.find(main or "xl/workbook.xml")
        if main is None:
            raise PreviewError(
                _("This ZIP has no workbook part (xl/workbook.xml); it is not an xlsx."),
                hint=_("It is listed as a ZIP instead."),
            )
        rels = self.package.relationships(main)
        self.date1904 = False
        self.sheets: list[SheetInfo] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            name = local_name(tag)
            if name == "sheet":
                rel = next((v for k, v in attrs.items() if local_name(k) == "id" and ":" in k), "")
                part = rels.get(rel, ("", ""))[1]
                hidden = attrs.get("state", "visible") != "visible"
                title = attrs.get("name", f"Sheet{len(self.sheets) + 1}")
                self.sheets.append(SheetInfo(title, len(self.sheets), hidden, part))
            elif name == "workbookPr":
                self.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")

        self.package.parse_small(main, start)
        if not self.sheets:  # no workbook listing: take worksheet relationships in order
            parts = [t for kind, t in rels.values() if kind.endswith(_REL_SHEET)]
            self.sheets = [SheetInfo(f"Sheet{i + 1}", i, False, p) for i, p in enumerate(parts)]
        shared = next((t for kind, t in rels.values() if kind.endswith(_REL_SHARED)), None)
        styles = next((t for kind, t in rels.values() if kind.endswith(_REL_STYLES)), None)
        self.shared = SharedStrings(self.package, shared or "xl/sharedStrings.xml")
        self.style_kinds = read_style_kinds(self.package, styles or "xl/styles.xml")
        self._numbers: dict[str, str] = {}  # raw -> shown, for cells without a date style

    def sheet(self, name: str | None) -> SheetInfo:
        return pick_sheet(self.sheets, name)

    def part_reader(self, sheet: SheetInfo) -> EntryReader:
        if not sheet.part or self.package.find(sheet.part) is None:
            raise PreviewError(
                _("Sheet {name!r} has no data part in the workbook.").format(name=sheet.name)
            )
        return self.package.reader(sheet.part)

    def rows(self, sheet: SheetInfo) -> SheetRows:
        return SheetRows(self, sheet)

    def shared_string(self, index: int) -> str:
        return self.shared.get(index)

    def _style_kind(self, style: str | None) -> str | None:
        """DATE, TIME, DATETIME, DURATION or None for a cell's `s` attribute."""
        if style is None or not self.style_kinds:
            return None
        xf = xml_int(style, limit=8)
        return self.style_kinds[xf] if xf is not None and xf < len(self.style_kinds) else None

    def number_text(self, text: str, style: str | None) -> str:
        date_kind = self._style_kind(style)
        if date_kind is None:
            shown = self._numbers.get(text)
            if shown is None:
                if len(self._numbers) > 65_536:
                    self._numbers.clear()
                shown = self._numbers[text] = format_number(text)
            return shown
        return format_number(text, date_kind, date1904=self.date1904)

    def cell_text(self, text: str, kind: str, style: str | None) -> str:
        """Display string of a cell from its raw <v> text, `t` and `s` attributes."""
        if kind == "s":
            index = xml_int(text, limit=11)
            return self.shared.get(index) if index is not None else ""
        if kind in ("str", "e"):
            return text
        if kind == "inlineStr":
            return ""  # its text is in <is> (RowReader reads it); a stray <v> is not
        if kind == "b":
            return format_bool(text)
        if kind == "d":
            return format_iso(text, self._style_kind(style))
        return self.number_text(text, style)

    def close(self) -> None:
        self.shared.close()
        self.package.close()
