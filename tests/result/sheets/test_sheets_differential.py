"""Differential tests: the project's xlsx reader against python-calamine and openpyxl.

Hypothesis builds a workbook model (up to three sheets, a title row above the header,
gaps, merged cells, and cells of every kind: strings with XML specials, line ends and
`_xHHHH_` escapes, rich text, numbers, dates, datetimes, times, durations, booleans,
errors). Each model is written three ways:

- by openpyxl, which writes strings inline (`t="inlineStr"`, rich text as runs),
  numbers with 16 significant digits, its own number formats, and 1904 workbooks;
- by XlsxWriter, which writes shared strings (inline ones in its constant-memory
  mode), escapes as Excel does, says xml:space="preserve" where a string needs it, and
  writes error cells as formulas with a cached error;
- by hand through `sheet_corpus.xlsx_bytes`, as Excel writes: strings in the shared
  table or inline, escaped the Excel way (a CR is _x000D_, an underscore that would
  start an escape is _x005F_), <t> with or without xml:space="preserve", phonetic runs,
  and the built-in number format ids 14, 21, 22 and 46.

Both files are read by the project's reader (XlsxWorkbook and its SheetRows), by
python-calamine and by openpyxl, and compared cell by cell; the project's reading is
also compared with the model itself.

Normalisation: each peer's typed value is shown by the project's display rules
(xlsx_values.py), so what is compared is the value each reader found, not how it is
printed:

- None and '' are empty; numbers (calamine gives floats, openpyxl ints and floats)
  go through float() and the project's number rule ('3' for 3.0, 15 significant
  digits), so an int past 2**53 is compared as the double Excel stores;
- True/False are 'TRUE'/'FALSE';
- a date is ISO, a datetime 'YYYY-MM-DD HH:MM:SS', a time 'HH:MM:SS', all rounded to
  the second as Excel shows them. calamine's binding types a date cell by its value (a
  whole day number is a `date`, under one day a `time`), openpyxl gives a `datetime`
  for every date: the model's kind of the cell (for calamine) and openpyxl's own format
  test `is_datetime` (for openpyxl) say whether a midnight is a date or a datetime;
- a `timedelta` (an elapsed format such as `[h]:mm:ss`) is total hours, 'H:MM:SS';
- openpyxl returns a formula's text unless opened with data_only=True: it is.

Deliberate differences (the peer's value is not compared in these cells; `deliberate`
names each):

- calamine's binding returns '' for an error cell; the project shows the error code
  (#N/A, ...) as Excel and openpyxl do;
- calamine decodes only _x0000_ to _x00FF_; the project decodes every escape (Excel
  writes _x4E2D_ for any character XML cannot hold; a surrogate pair is one character);
- openpyxl never decodes `_xHHHH_` (it only drops 'x005F_') and writes a literal
  '_x0041_' unescaped, so a string holding one is not compared with openpyxl, nor with
  the model when openpyxl wrote it (the file then says something else);
- XlsxWriter escapes a literal `_xHHHH_` but misses one that overlaps another
  ('_x005F_x000D_'), and escapes the runs of a rich string twice (a CR shows as
  '_x000D_' in Excel, calamine and the project alike): those strings are not compared
  with the model (`written_text` says what the file holds);
- openpyxl keeps the spaces around a <t> without xml:space="preserve"; Excel and
  calamine trim them, and so does the project. openpyxl also writes some strings and
  runs with edge spaces without "preserve": those are not compared with the model;
- a day number before the workbook's epoch (a 1902 date in a 1904 workbook) is no date
  (Excel shows ####): the project shows the number, openpyxl a date, calamine 00:00:00;
- a number past the range of a double (openpyxl writes 1.797693134862316e+308 for the
  largest double) is shown as written; the peers read inf.

Beyond the cells, the whole-sheet index of each sheet as `drs-tui show` opens it (a ZIP
entry through `preview_entry`) must agree with the rows read one by one: its row count,
every row's cells, and the rows `find(Query(errors_only=True))` reports.

Many more examples than the default 60 (about 5 minutes each for 2,000; the per-test
timeout has to go):

    DIFFERENTIAL_EXAMPLES=2000 python -m pytest --timeout 0 \\
        tests/result/sheets/test_sheets_differential.py
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from drs_tui.result.document import Document, Query
from drs_tui.result.preview import PreviewKind, preview_entry
from drs_tui.result.sheets.xlsx_stream import XlsxWorkbook
from drs_tui.result.sheets.xlsx_values import format_number, moment_text
from drs_tui.result.table import column_letter
from tests.result.preview_corpus import archive_of
from tests.result.sheet_corpus import NS_MAIN, CellValue, Raw, xlsx_bytes

# openpyxl on a hand-written styles.xml without cellStyleXfs: "no default style".
pytestmark = pytest.mark.filterwarnings("ignore:Workbook contains no default style")
EXAMPLES = int(os.environ.get("DIFFERENTIAL_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ERROR_CODES = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
REASON_HEADER = "错误原因"
# Elapsed-time formats: openpyxl reads each as a timedelta, calamine too.
DURATION_FORMATS = ("[h]:mm:ss", "[hh]:mm:ss", "[mm]:ss", "[ss]", "[h]:mm")
_X_ESCAPE = re.compile(r"_x[0-9A-Fa-f]{4}_")
_UNDERSCORE_TO_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")

# -- the model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """One generated cell: `kind` names how it is written and what it should show."""

    kind: str  # str, rich, num, bool, error, date, datetime, time, duration
    value: Any
    fmt: str = ""  # number format of a duration
    # How the hand writer writes a string: in the shared table or inline, and whether
    # its <t> elements say xml:space="preserve" (openpyxl decides that for itself).
    shared: bool = False
    preserve: bool = True

    @property
    def text(self) -> str:
        """The string of a str or rich cell."""
        return "".join(self.value) if self.kind == "rich" else str(self.value)


@dataclass
class SheetModel:
    name: str
    rows: list[dict[int, Cell]]  # row i is sheet row i + 1; {column: cell}
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2


@dataclass
class BookModel:
    sheets: list[SheetModel]
    date1904: bool = False


# Pieces a string is built from: every XML special, the line ends and tab openpyxl can
# write, Excel's escapes and things that look like them, markup, CJK, astral characters.
_PIECES = st.sampled_from(
    [
        *("&", "<", ">", '"', "'", "\t", "\n", "\r", "\r\n", " ", "\u00a0", "x", "a b"),
        *("_", "_x", "_x000D_", "_x005F_", "_x005F_x000D_", "_x0041_", "_x00e9_", "_x4E2D_"),
        *("_x1F600_", "_xd83d_", "_xD83D__xDE00_", "_x004g_"),
        *("&amp;", "&#65;", "]]>", "<t>", "</si>", "<v>1</v>", "表", "错误原因", "😀"),
    ]
)
_CHARS = st.characters(
    codec="utf-8",
    exclude_categories=["Cs"],
    exclude_characters="".join(map(chr, [*range(0, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF])),
)
_TEXT = st.lists(_PIECES | st.text(_CHARS, min_size=1, max_size=6), min_size=1, max_size=6).map(
    "".join
)
# openpyxl turns '=...' into a formula and an error code into an error cell.
STRINGS = _TEXT.filter(lambda s: not s.startswith("=") and s not in ERROR_CODES)

_NUMBERS = (
    st.integers(-(10**17), 10**17)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0, -0.0, 1e-7, 1e20, -1e20, 0.1, 1 / 3, 2**53 + 1, 5e-324, 1e308])
)
_DATES = st.dates(date(1900, 1, 1), date(9999, 12, 31))
_DATETIMES = st.datetimes(datetime(1900, 1, 1), datetime(9999, 12, 31, 23, 59, 59))
_TIMES = st.times()
_DURATIONS = st.timedeltas(timedelta(days=-500), timedelta(days=100_000))

CELLS = st.one_of(
    st.builds(Cell, st.just("str"), STRINGS, shared=st.booleans(), preserve=st.booleans()),
    st.builds(
        Cell,
        st.just("rich"),
        st.lists(STRINGS, min_size=1, max_size=3).map(tuple),
        shared=st.booleans(),
        preserve=st.booleans(),
    ),
    _NUMBERS.map(lambda n: Cell("num", n)),
    st.booleans().map(lambda b: Cell("bool", b)),
    st.sampled_from(ERROR_CODES).map(lambda e: Cell("error", e)),
    _DATES.map(lambda d: Cell("date", d)),
    _DATETIMES.map(lambda d: Cell("datetime", d)),
    _TIMES.map(lambda t: Cell("time", t)),
    st.tuples(_DURATIONS, st.sampled_from(DURATION_FORMATS)).map(
        lambda d: Cell("duration", d[0], d[1])
    ),
)

_SHEET_NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="[]:*?/\\'"),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip() == s)


@st.composite
def sheet_models(draw: st.DrawFn, name: str) -> SheetModel:
    width = draw(st.integers(1, 6))
    reason = draw(st.integers(0, width - 1))
    rows: list[dict[int, Cell]] = []
    if draw(st.booleans()):  # a title row above the header (and maybe a blank row)
        rows.append({0: Cell("str", draw(STRINGS))})
        if draw(st.booleans()):
            rows.append({})
    header = {c: Cell("str", f"列{c}") for c in range(width)}
    header[reason] = Cell("str", REASON_HEADER)
    rows.append(header)
    for _ in range(draw(st.integers(0, 12))):
        columns = draw(st.sets(st.integers(0, width + 1), max_size=width + 2))
        row = {c: draw(CELLS) for c in sorted(columns)}
        if draw(st.booleans()):
            row[reason] = Cell("str", draw(STRINGS))
        rows.append(row)
    merges = []
    if len(rows) > 2 and draw(st.booleans()):
        top = draw(st.integers(len(rows) - 1, len(rows)))
        left = draw(st.integers(0, width))
        merges.append((top, left, top + draw(st.integers(0, 2)), left + draw(st.integers(1, 2))))
    return SheetModel(name, rows, merges)


@st.composite
def book_models(draw: st.DrawFn) -> BookModel:
    names = draw(st.lists(_SHEET_NAMES, min_size=1, max_size=3, unique_by=str.casefold))
    return BookModel([draw(sheet_models(n)) for n in names], draw(st.booleans()))


# -- expected text -----------------------------------------------------------------------


def xml_line_ends(text: str) -> str:
    """A line end read from XML is '\\n' (XML 1.0, 2.11)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def number_text(value: float) -> str:
    return format_number(repr(float(value)))


def peer_text(value: Any, kind: str | None = None) -> str:
    """A peer's typed value as the project shows it; `kind` is the peer's own date
    classification of the cell's format, where it has one."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, datetime) and kind == "date" and value.time() == time():
        return value.date().isoformat()
    if isinstance(value, datetime | time | timedelta):
        return moment_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# -- writers -----------------------------------------------------------------------------

Grid = dict[tuple[int, int], str]  # (row, column), both 1-based -> shown text, empty left out


def write_openpyxl(model: BookModel) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = Workbook()
    book.remove(book.active)
    if model.date1904:
        book.epoch = CALENDAR_MAC_1904
    for sheet in model.sheets:
        ws = book.create_sheet(sheet.name)
        for r, row in enumerate(sheet.rows, start=1):
            for c, cell in row.items():
                target = ws.cell(r, c + 1)
                if cell.kind == "rich":
                    bold = InlineFont(b=True)
                    target.value = CellRichText(
                        [TextBlock(bold, t) if i % 2 else t for i, t in enumerate(cell.value)]
                    )
                elif cell.kind == "error":
                    target.value = cell.value
                    target.data_type = "e"
                else:
                    target.value = cell.value
                    if cell.kind == "duration":
                        target.number_format = cell.fmt
        for r1, c1, r2, c2 in sheet.merges:
            ws.merge_cells(start_row=r1, start_column=c1 + 1, end_row=r2, end_column=c2 + 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSXWRITER_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss", "time": "hh:mm:ss"}


def write_xlsxwriter(model: BookModel, *, constant_memory: bool = False) -> bytes:
    """The model through XlsxWriter: shared strings, or inline strings in its
    constant-memory mode (merges are left to the openpyxl writer)."""
    import xlsxwriter

    buffer = io.BytesIO()
    # in_memory would turn constant_memory off; without it, rows go through temp files.
    options = {"constant_memory": True} if constant_memory else {"in_memory": True}
    book = xlsxwriter.Workbook(buffer, {**options, "date_1904": model.date1904})
    bold = book.add_format({"bold": True})
    formats = {k: book.add_format({"num_format": v}) for k, v in XLSXWRITER_FORMATS.items()}
    formats.update({f: book.add_format({"num_format": f}) for f in DURATION_FORMATS})
    for sheet in model.sheets:
        ws = book.add_worksheet(sheet.name)
        for r, row in enumerate(sheet.rows):
            for c, cell in sorted(row.items()):
                if cell.kind == "rich" and len(cell.value) > 1:
                    ws.write_rich_string(r, c, *[part for t in cell.value for part in (bold, t)])
                elif cell.kind in ("str", "rich"):
                    ws.write_string(r, c, cell.text)
                elif cell.kind == "num":
                    ws.write_number(r, c, cell.value)
                elif cell.kind == "bool":
                    ws.write_boolean(r, c, cell.value)
                elif cell.kind == "error":
                    ws.write_formula(r, c, "=NA()", None, cell.value)
                else:
                    ws.write_datetime(r, c, cell.value, formats[cell.fmt or cell.kind])
    book.close()
    return buffer.getvalue()


# Hand-written files: style index -> number format. 14, 22, 21 and 46 are built in.
HAND_STYLES = {"date": 1, "datetime": 2, "time": 3, "[h]:mm:ss": 4}
_CUSTOM_FORMATS = {164: "[hh]:mm:ss", 165: "[mm]:ss", 166: "[ss]", 167: "[h]:mm"}
HAND_STYLES.update({code: 5 + i for i, code in enumerate(_CUSTOM_FORMATS.values())})
HAND_STYLES_XML = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS_MAIN}"><numFmts>'
    + "".join(f'<numFmt numFmtId="{i}" formatCode="{c}"/>' for i, c in _CUSTOM_FORMATS.items())
    + '</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/>'
    '<xf numFmtId="21"/><xf numFmtId="46"/>'
    + "".join(f'<xf numFmtId="{i}"/>' for i in _CUSTOM_FORMATS)
    + "</cellXfs></styleSheet>"
)


def excel_escape(text: str) -> str:
    """A string as Excel writes it in XML: an underscore that would start an escape is
    escaped itself (each one: '_x005F_x000D_' overlaps two), a CR becomes _x000D_,
    then the XML specials."""
    text = _UNDERSCORE_TO_ESCAPE.sub("_x005F_", text).replace("\r", "_x000D_")
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def serial(value: date | datetime | time | timedelta) -> float:
    if isinstance(value, timedelta):
        return value / timedelta(days=1)
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second) / 86400 + (
            value.microsecond / 86_400_000_000
        )
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    days = (moment - datetime(1899, 12, 30)) / timedelta(days=1)
    return days - 1 if days < 61 else days  # Excel's 29 February 1900 that never was


def string_xml(cell: Cell) -> str:
    """The inside of an <si> or <is> for a string cell, as Excel writes it."""
    space = ' xml:space="preserve"' if cell.preserve else ""
    if cell.kind == "str":
        return f"<t{space}>{excel_escape(cell.text)}</t>"
    runs = "".join(f"<r><rPr><b/></rPr><t{space}>{excel_escape(t)}</t></r>" for t in cell.value)
    return f'{runs}<rPh sb="0" eb="1"><t>ふ</t></rPh>'  # a phonetic run is not shown


def hand_cell(cell: Cell, shared: dict[str, int]) -> Raw:
    """A cell as Excel would write it: strings in the shared table or inline."""
    if cell.kind in ("str", "rich"):
        if cell.shared:
            index = shared.setdefault(string_xml(cell), len(shared))
            return Raw('t="s"', f"<v>{index}</v>")
        return Raw('t="inlineStr"', f"<is>{string_xml(cell)}</is>")
    if cell.kind == "num":
        return Raw("", f"<v>{float(cell.value)!r}</v>")
    if cell.kind == "bool":
        return Raw('t="b"', f"<v>{int(cell.value)}</v>")
    if cell.kind == "error":
        return Raw('t="e"', f"<v>{excel_escape(cell.value)}</v>")
    style = HAND_STYLES[cell.fmt or cell.kind]
    return Raw(f's="{style}"', f"<v>{serial(cell.value)!r}</v>")


def write_by_hand(model: BookModel) -> bytes:
    shared: dict[str, int] = {}
    sheets: dict[str, list[dict[int, CellValue]]] = {
        s.name: [{c: hand_cell(cell, shared) for c, cell in row.items()} for row in s.rows]
        for s in model.sheets
    }
    sst = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS_MAIN}" count="{len(shared)}" '
        f'uniqueCount="{len(shared)}">' + "".join(f"<si>{x}</si>" for x in shared) + "</sst>"
    )
    parts = {"xl/styles.xml": HAND_STYLES_XML, "xl/sharedStrings.xml": sst}
    return xlsx_bytes(sheets, replace=parts)


# -- readers -----------------------------------------------------------------------------


def read_ours(data: bytes) -> dict[str, Grid]:
    book = XlsxWorkbook(io.BytesIO(data))
    found: dict[str, Grid] = {}
    try:
        for info in book.sheets:
            grid: Grid = {}
            for number, cells in book.rows(info):
                grid.update({(number, c + 1): v for c, v in enumerate(cells) if v})
            found[info.name] = grid
    finally:
        book.close()
    return found


def calamine_text(value: Any, cell: Cell | None) -> str:
    """calamine's binding types a date cell by its value, not its format (a whole day
    number is a `date`, under one day a `time`): the model's kind says how to show it."""
    is_date = isinstance(value, date) and not isinstance(value, datetime)
    if is_date and cell is not None and cell.kind == "datetime":
        return f"{value.isoformat()} 00:00:00"
    return peer_text(value)


def read_calamine(data: bytes, cells: dict[tuple[str, tuple[int, int]], Cell]) -> dict[str, Grid]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    found: dict[str, Grid] = {}
    for index, name in enumerate(book.sheet_names):
        rows = book.get_sheet_by_index(index).to_python(skip_empty_area=False)
        found[name] = {
            (r, c): text
            for r, row in enumerate(rows, start=1)
            for c, value in enumerate(row, start=1)
            if (text := calamine_text(value, cells.get((name, (r, c)))))
        }
    book.close()
    return found


def read_openpyxl(data: bytes, cells: dict[tuple[str, tuple[int, int]], Cell]) -> dict[str, Grid]:
    from openpyxl import load_workbook
    from openpyxl.styles.numbers import is_datetime

    book = load_workbook(io.BytesIO(data), data_only=True)
    found: dict[str, Grid] = {}
    for ws in book.worksheets:
        grid: Grid = {}
        for row in ws.iter_rows():
            for cell in row:
                text = peer_text(cell.value, is_datetime(cell.number_format))
                if text:
                    grid[(cell.row, cell.column)] = text
        found[ws.title] = grid
    return found


# -- comparing ---------------------------------------------------------------------------


def written_number(cell: Cell, writer: str) -> str:
    """The number as the writer put it in the file: openpyxl and XlsxWriter write 16
    significant digits, the hand writer repr()."""
    if writer == "hand":
        return repr(float(cell.value))
    return f"{cell.value:.16G}" if writer == "xlsxwriter" else f"{cell.value:.16g}"


_XLSXWRITER_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")


def _xlsxwriter_escape(text: str) -> str:
    return _XLSXWRITER_ESCAPE.sub(r"_x005F\1", text).replace("\r", "_x000D_")


def written_text(cell: Cell, writer: str) -> str:
    """A string's escapes as the writer put them in the file. openpyxl escapes nothing.
    XlsxWriter escapes a literal `_xHHHH_` but not one that overlaps another
    ('_x005F_x000D_' comes back '_x005F\\r' from any reader), and escapes the runs of
    a rich string twice (a CR in one comes back as '_x000D_')."""
    runs = cell.value if cell.kind == "rich" else (cell.text,)
    if writer == "openpyxl":
        return cell.text
    if writer == "xlsxwriter":
        twice = cell.kind == "rich" and len(runs) > 1
        return "".join(
            _xlsxwriter_escape(_xlsxwriter_escape(r)) if twice else _xlsxwriter_escape(r)
            for r in runs
        )
    return "".join(excel_escape(r) for r in runs)


def before_1904(cell: Cell, date1904: bool) -> bool:
    """A date before the 1904 epoch: a negative day number, which Excel shows as ####."""
    return date1904 and cell.kind in ("date", "datetime") and cell.value.year < 1904


def expected_text(cell: Cell, writer: str, date1904: bool = False) -> str | None:
    """What the project must show for a cell it was given (the model's own truth), or
    None where the file does not hold the model's value (see `written_unlike_model`)."""
    if cell.kind in ("str", "rich"):
        runs = cell.value if cell.kind == "rich" else (cell.value,)
        if writer == "openpyxl":
            if _X_ESCAPE.search(cell.text) or spaced(runs):
                return None
            return xml_line_ends(cell.text)
        if written_text(cell, writer) != written_text(cell, "hand"):
            return None  # XlsxWriter's escaping: the file holds something else
        # A CR is written _x000D_, so it is text, not a space to trim. XlsxWriter says
        # "preserve" wherever a run needs it.
        keep = cell.preserve or writer == "xlsxwriter"
        return "".join(r if keep else r.strip(" \t\n") for r in runs)
    if cell.kind == "error":
        return str(cell.value)
    if before_1904(cell, date1904):
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, to_excel

        moment = datetime.combine(cell.value, time()) if cell.kind == "date" else cell.value
        return number_text(float(f"{to_excel(moment, CALENDAR_MAC_1904):.16g}"))
    if cell.kind == "num":
        written = written_number(cell, writer)
        return written if math.isinf(float(written)) else number_text(float(written))
    return peer_text(cell.value, "date" if cell.kind == "date" else None)


def spaced(runs: tuple[str, ...]) -> bool:
    """A run starts or ends with a space, tab or line end: Excel trims it unless its <t>
    says xml:space="preserve"."""
    return any(r != r.strip(" \t\n\r") for r in runs)


def _high_escape(text: str) -> bool:
    """Holds an escape past _x00FF_ that the project decodes and calamine does not."""
    return any(int(m.group()[2:6], 16) > 0xFF for m in _X_ESCAPE.finditer(text))


def deliberate(
    peer: str, writer: str, cell: Cell | None, ours: str, date1904: bool = False
) -> str | None:
    """Why a peer's reading of this cell is not compared, or None (see the docstring)."""
    if cell is None:
        return None
    if before_1904(cell, date1904):
        return "a day number before the workbook's epoch is no date: shown as the number"
    text = cell.text if cell.kind in ("str", "rich") else ""
    runs = (cell.value if cell.kind == "rich" else (text,)) if text else ()
    if peer == "calamine":
        if cell.kind == "error":
            return "calamine's binding returns '' for error cells"
        if _high_escape(written_text(cell, writer)):
            return "calamine decodes only _x0000_ to _x00FF_"
    if peer == "openpyxl":
        if _X_ESCAPE.search(text) or (writer != "openpyxl" and "\r" in text):
            return "openpyxl neither escapes nor decodes _xHHHH_"
        if spaced(runs) and (writer == "openpyxl" or (writer == "hand" and not cell.preserve)):
            return "openpyxl keeps the spaces Excel trims around a <t> without preserve"
    if cell.kind == "num" and math.isinf(float(written_number(cell, writer))):
        return "a number past the range of a double is shown as written, not as inf"
    return None


def model_cells(model: BookModel) -> Iterator[tuple[str, tuple[int, int], Cell]]:
    for sheet in model.sheets:
        for r, row in enumerate(sheet.rows, start=1):
            for c, cell in row.items():
                yield sheet.name, (r, c + 1), cell


def merged_away(model: BookModel) -> set[tuple[str, tuple[int, int]]]:
    """Cells a merge covers (all but its top left): openpyxl clears them."""
    covered = set()
    for sheet in model.sheets:
        for r1, c1, r2, c2 in sheet.merges:
            for r in range(r1, r2 + 1):
                for c in range(c1 + 1, c2 + 2):
                    if (r, c) != (r1, c1 + 1):
                        covered.add((sheet.name, (r, c)))
    return covered


Reader = Callable[[bytes, dict[tuple[str, tuple[int, int]], Cell]], dict[str, Grid]]


def disagreements(
    model: BookModel, data: bytes, *, writer: str, peers: Mapping[str, Reader]
) -> list[str]:
    ours = read_ours(data)
    cells = {(s, at): cell for s, at, cell in model_cells(model)}
    covered = merged_away(model) if writer == "openpyxl" else set()
    found: list[str] = []
    for sheet, at, cell in model_cells(model):
        want = expected_text(cell, writer, model.date1904)
        got = ours[sheet].get(at, "")
        if (sheet, at) not in covered and want is not None and got != want:
            where = f"{column_letter(at[1] - 1)}{at[0]}"
            found.append(f"{writer} {sheet!r} {where} {cell}: model {want!r}, ours {got!r}")
    for peer, read in peers.items():
        theirs = read(data, cells)
        assert list(theirs) == list(ours), (peer, list(theirs), list(ours))
        for sheet, grid in theirs.items():
            for at in sorted(set(grid) | set(ours[sheet])):
                mine, other = ours[sheet].get(at, ""), grid.get(at, "")
                given = cells.get((sheet, at))
                if mine == other or deliberate(peer, writer, given, mine, model.date1904):
                    continue
                where = f"{column_letter(at[1] - 1)}{at[0]}"
                found.append(f"{writer} {sheet!r} {where} {given}: ours {mine!r}, {peer} {other!r}")
    return found


WRITERS: dict[str, Callable[[BookModel], bytes]] = {
    "openpyxl": write_openpyxl,
    "hand": write_by_hand,
    "xlsxwriter": write_xlsxwriter,
}
PEERS: dict[str, Reader] = {"calamine": read_calamine, "openpyxl": read_openpyxl}


@SETTINGS
@given(model=book_models())
def test_openpyxl_workbooks_read_as_calamine_and_openpyxl_read_them(model: BookModel) -> None:
    data = write_openpyxl(model)
    assert disagreements(model, data, writer="openpyxl", peers=PEERS) == []


@SETTINGS
@given(model=book_models(), constant_memory=st.booleans())
def test_xlsxwriter_workbooks_read_as_calamine_and_openpyxl_read_them(
    model: BookModel, constant_memory: bool
) -> None:
    data = write_xlsxwriter(model, constant_memory=constant_memory)
    assert disagreements(model, data, writer="xlsxwriter", peers=PEERS) == []


@SETTINGS
@given(model=book_models().filter(lambda m: not m.date1904))
def test_hand_written_workbooks_with_inline_strings(model: BookModel) -> None:
    data = write_by_hand(model)
    assert disagreements(model, data, writer="hand", peers=PEERS) == []


# -- the whole-sheet index against the rows one by one -----------------------------------


def whole_sheet(document: Document) -> list[tuple[int, list[str]]]:
    return document.rows(0, 10_000)


@SETTINGS
@given(model=book_models(), writer=st.sampled_from(["openpyxl", "hand", "xlsxwriter"]))
def test_whole_sheet_index_agrees_with_rows_read_one_by_one(model: BookModel, writer: str) -> None:
    data = WRITERS[writer](model)
    archive = archive_of({"result/T.xlsx": data})
    entry = archive.find("result/T.xlsx")
    book = XlsxWorkbook(io.BytesIO(data))
    for info in book.sheets:
        preview = preview_entry(archive, entry, sheet=info.name)
        assert preview.kind is PreviewKind.SHEET, preview.problem
        document = preview.document
        assert document is not None and hasattr(document, "header_at")
        one_by_one = list(book.rows(info))[document.header_at + 1 :]
        document.build_index(None, None)
        assert document.index.rows == len(one_by_one)
        shown = whole_sheet(document)
        assert [n for n, _ in shown] == [n for n, _ in one_by_one]
        for (_, cells), (_, raw) in zip(shown, one_by_one, strict=True):
            assert cells[: len(raw)] == raw and not any(cells[len(raw) :])
        column = document.error_column
        errors = document.find(Query(errors_only=True), None, None)
        if column is None:
            assert errors.count == 0
        else:
            want = [
                i
                for i, (_, raw) in enumerate(one_by_one)
                if column.index < len(raw) and raw[column.index].strip()
            ]
            assert list(errors.ordinals) == want
            assert errors.count == document.index.errors.count == len(want)
        preview.close()
    book.close()


def test_the_model_writes_what_excel_would() -> None:
    """The hand writer's serials: Excel's day 60 is a 29 February 1900 that never was."""
    assert serial(date(1900, 1, 1)) == 1
    assert serial(date(1900, 3, 1)) == 61
    assert math.isclose(serial(time(12)), 0.5)
    assert excel_escape("a_x0041_\r&") == "a_x005F_x0041__x000D_&amp;"
    assert excel_escape("_x005F_x000D_") == "_x005F_x005F_x005F_x000D_"


# -- cell forms writers get wrong, each against the peer that reads it as Excel would ------

ODD_CELLS = [
    # an inline-string cell shows its <is> only: a stray <v> is not its text
    ('t="inlineStr"', "<v>stray</v><is><t>inline</t></is>", "inline", "calamine"),
    ('t="inlineStr"', "<is><t>inline</t></is><v>stray</v>", "inline", "openpyxl"),
    ('t="inlineStr"', "<v>stray</v>", "", "openpyxl"),
    # an <is> is read whatever the cell's t says (a writer that forgot t="inlineStr")
    ("", "<is><t>no t</t></is>", "no t", "calamine"),
    ('t="s"', "<is><t>t is s</t></is>", "t is s", "calamine"),
    ('t="str"', "<is><t>t is str</t></is>", "t is str", "calamine"),
    # a boolean is any number but 0, or the word
    ('t="b"', "<v>2</v>", "TRUE", "openpyxl"),
    ('t="b"', "<v>true</v>", "TRUE", "calamine"),
    # a t="d" value is a date or a datetime by the same rules as a day number
    ('t="d"', "<v>2024-05-06T07:08:09Z</v>", "2024-05-06 07:08:09", "openpyxl"),
    ('t="d"', "<v>2024-05-06T00:00:00</v>", "2024-05-06 00:00:00", "calamine"),
    ('t="d" s="1"', "<v>2024-05-06T00:00:00</v>", "2024-05-06", "openpyxl"),
]


@pytest.mark.parametrize(("attrs", "inner", "shown", "peer"), ODD_CELLS)
def test_odd_cell_forms_read_as_a_peer_reads_them(
    attrs: str, inner: str, shown: str, peer: str
) -> None:
    """Found by reading hand-written cells with all three readers: before, a stray <v>
    in an inline-string cell with no <is> was shown, an <is> in a cell without
    t="inlineStr" was not, <v>2</v> in a boolean was FALSE and a t="d" value kept its
    'T'."""
    data = xlsx_bytes(
        {"S": [["A"], [Raw(attrs, inner)]]}, replace={"xl/styles.xml": HAND_STYLES_XML}
    )
    assert read_ours(data)["S"].get((2, 1), "") == shown
    assert PEERS[peer](data, {})["S"].get((2, 1), "") == shown
