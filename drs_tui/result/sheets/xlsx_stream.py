"""A streaming, read-only xlsx reader: the first rows of a huge sheet in milliseconds.

The sheet XML is parsed by expat as it is decompressed and parsing stops when the
caller stops asking for rows. sharedStrings.xml (which can be bigger than the sheet)
is parsed only as far as the highest string index asked for so far.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from drs_tui.result.errors import PreviewError, UnknownNameError
from drs_tui.result.sheets.xlsx_values import format_bool, format_number, read_style_kinds
from drs_tui.result.sheets.xml_parts import (
    CHUNK,
    BoundedPart,
    Package,
    feed,
    local_name,
    new_parser,
)
from drs_tui.result.table import MAX_COLUMNS

# Every part is decompressed under this bound (bytes actually produced).
PART_LIMIT = 1024 * 1024 * 1024
# Shared strings held in memory at once: more means a file made to exhaust memory.
MAX_SHARED_CHARS = 256 * 1024 * 1024
MAX_SHARED_STRINGS = 8_000_000
MAX_CELL_CHARS = 32_767  # Excel's own limit
_MAX_COLUMN = 16_384  # XFD

_REL_SHEET = "/worksheet"
_REL_SHARED = "/sharedStrings"
_REL_STYLES = "/styles"
_REL_OFFICE = "/officeDocument"


@dataclass(frozen=True, slots=True)
class SheetInfo:
    name: str
    index: int
    hidden: bool = False
    part: str = ""


def pick_sheet(sheets: list[SheetInfo], name: str | None) -> SheetInfo:
    """The sheet called `name`, or the first visible one."""
    if not sheets:
        raise PreviewError("The workbook has no sheets.")
    if name is None:
        return next((s for s in sheets if not s.hidden), sheets[0])
    for info in sheets:
        if info.name == name:
            return info
    names = ", ".join(repr(s.name) for s in sheets)  # repr: a name may hold escapes
    raise UnknownNameError(
        f"The workbook has no sheet {name!r}.", hint=f"Sheets: {names}.", title="No such sheet"
    )


class SharedStrings:
    """The shared string table, read lazily: `get(i)` parses only up to string i."""

    def __init__(self, package: Package, part: str | None) -> None:
        self._strings: list[str] = []
        self._chars = 0
        self._stream: BoundedPart | None = None
        self._parts: list[str] = []
        self._depth_si = 0
        self._collect = 0
        self._phonetic = 0
        self.declared: int | None = None
        if part is not None and package.find(part) is not None:
            self._stream = package.open(part)
            self._parser = new_parser(self._stream.part)
            self._parser.StartElementHandler = self._start
            self._parser.EndElementHandler = self._end
            self._parser.CharacterDataHandler = self._text

    @property
    def loaded(self) -> int:
        return len(self._strings)

    def get(self, index: int) -> str:
        """String `index`; '' for an index the table does not have."""
        while index >= len(self._strings) and self._stream is not None:
            chunk = self._stream.read(CHUNK)
            feed(self._parser, chunk, self._stream.part, final=not chunk)
            if not chunk:
                self.close()
        if 0 <= index < len(self._strings):
            return self._strings[index]
        return ""

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        name = local_name(tag)
        if name == "si":
            self._depth_si += 1
            self._parts = []
        elif name == "t" and self._depth_si and not self._phonetic:
            self._collect += 1
        elif name == "rPh":
            self._phonetic += 1
        elif name == "sst":
            count = attrs.get("uniqueCount") or attrs.get("count")
            self.declared = int(count) if count and count.isdigit() else None

    def _end(self, tag: str) -> None:
        name = local_name(tag)
        if name == "t" and self._collect:
            self._collect -= 1
        elif name == "rPh" and self._phonetic:
            self._phonetic -= 1
        elif name == "si" and self._depth_si:
            self._depth_si -= 1
            text = "".join(self._parts)[:MAX_CELL_CHARS]
            self._chars += len(text)
            if len(self._strings) >= MAX_SHARED_STRINGS or self._chars > MAX_SHARED_CHARS:
                raise PreviewError(
                    "The workbook's shared string table is too large to hold "
                    f"(over {MAX_SHARED_STRINGS:,} strings or {MAX_SHARED_CHARS:,} characters).",
                    hint="Only the first rows of such a sheet can be shown.",
                )
            self._strings.append(text)

    def _text(self, data: str) -> None:
        if self._collect:
            self._parts.append(data)


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


def _last_row(dimension: str | None) -> int | None:
    """Last row of a `<dimension ref="A1:J100001">`."""
    if not dimension:
        return None
    return _row_of(dimension.rpartition(":")[2])


def _row_of(ref: str) -> int | None:
    digits = ref.lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz").lstrip("$")
    return int(digits) if digits.isdigit() and len(digits) < 10 else None


class SheetRows:
    """Rows of one sheet as (row number, cells) pairs, parsed as they are asked for.

    Rows without any cell are skipped; cells land in the column their `r` names, gaps
    are ''. Cells past column MAX_COLUMNS are dropped and counted.
    """

    def __init__(self, workbook: XlsxWorkbook, sheet: SheetInfo) -> None:
        self._book = workbook
        self._stream: BoundedPart | None = workbook.package.open(sheet.part)
        self._parser = new_parser(sheet.part)
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._text
        self._ready: deque[tuple[int, list[str]]] = deque()
        self._row = 0
        self._cells: dict[int, str] = {}
        self._next_col = 0
        self._cell: tuple[int, str, str | None] | None = None  # column, type, style
        self._value: list[str] | None = None
        self._value_len = 0
        self._collecting = False  # inside <v> or a non-phonetic <t>
        self._inline = False
        self._phonetic = 0
        self._done = False
        self.dimension: str | None = None
        self.dropped_cells = 0

    @property
    def last_row(self) -> int | None:
        """Last row number from the sheet's dimension, known once the first row is read."""
        return _last_row(self.dimension)

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self

    def __next__(self) -> tuple[int, list[str]]:
        while not self._ready:
            if self._done or self._stream is None:
                self.close()
                raise StopIteration
            chunk = self._stream.read(CHUNK)
            feed(self._parser, chunk, self._stream.part, final=not chunk)
            if not chunk:
                self._done = True
        return self._ready.popleft()

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        name = local_name(tag)
        if name == "c":
            ref = attrs.get("r")
            col = column_index(ref) if ref else None
            if col is None:
                col = self._next_col
            self._cell = (col, attrs.get("t", "n"), attrs.get("s"))
            self._next_col = col + 1
        elif name == "v" or (name == "t" and self._inline and not self._phonetic):
            if self._cell is not None:
                self._collecting = True
                if self._value is None:
                    self._value, self._value_len = [], 0
        elif name == "row":
            number = attrs.get("r", "")
            self._row = int(number) if number.isdigit() else self._row + 1
            self._cells = {}
            self._next_col = 0
        elif name == "is":
            self._inline = True
        elif name == "rPh":
            self._phonetic += 1
        elif name == "dimension":
            self.dimension = attrs.get("ref")

    def _end(self, tag: str) -> None:
        name = local_name(tag)
        if name in ("v", "t"):
            self._collecting = False
        elif name == "c":
            self._finish_cell()
        elif name == "row":
            if self._cells:
                width = max(self._cells) + 1
                cells = [""] * width
                for col, value in self._cells.items():
                    cells[col] = value
                self._ready.append((self._row, cells))
        elif name == "is":
            self._inline = False
        elif name == "rPh" and self._phonetic:
            self._phonetic -= 1
        elif name == "sheetData":
            self._done = True

    def _text(self, data: str) -> None:
        if self._collecting and self._value is not None and self._value_len < MAX_CELL_CHARS:
            self._value.append(data)
            self._value_len += len(data)

    def _finish_cell(self) -> None:
        cell, parts = self._cell, self._value
        self._cell, self._value, self._collecting = None, None, False
        if cell is None or parts is None:
            return
        col, kind, style = cell
        if col >= MAX_COLUMNS:
            self.dropped_cells += 1
            return
        text = "".join(parts)[:MAX_CELL_CHARS]
        value = self._book.cell_text(text, kind, style)
        if value:
            self._cells[col] = value


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
                "This ZIP has no workbook part (xl/workbook.xml); it is not an xlsx.",
                hint="It is listed as a ZIP instead.",
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

    def sheet(self, name: str | None) -> SheetInfo:
        return pick_sheet(self.sheets, name)

    def rows(self, sheet: SheetInfo) -> SheetRows:
        if not sheet.part or self.package.find(sheet.part) is None:
            raise PreviewError(f"Sheet {sheet.name!r} has no data part in the workbook.")
        return SheetRows(self, sheet)

    def cell_text(self, text: str, kind: str, style: str | None) -> str:
        """Display string of a cell from its raw value text, `t` and `s` attributes."""
        if kind == "s":
            index = text.strip()
            return self.shared.get(int(index)) if index.isdigit() and len(index) < 12 else ""
        if kind in ("inlineStr", "str", "e"):
            return text
        if kind == "b":
            return format_bool(text)
        if kind == "d":
            return text.replace("T00:00:00", "").rstrip("Z")
        date_kind = None
        if style is not None and self.style_kinds and style.isdigit() and len(style) < 9:
            xf = int(style)
            date_kind = self.style_kinds[xf] if xf < len(self.style_kinds) else None
        return format_number(text, date_kind, date1904=self.date1904)

    def close(self) -> None:
        self.shared.close()
        self.package.close()
