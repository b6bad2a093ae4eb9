"""Workbooks for the preview tests and the bench, built by code (no binaries committed).

`xlsx_bytes` writes the OOXML parts by hand so tests control every detail (sparse
cells, inline strings, styles, DOCTYPEs, part sizes); `openpyxl_xlsx` writes through
openpyxl for a cross-check against a real writer; `write_big_xlsx` streams a large
sheet to disk quickly.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from drs_tui.result.table import column_letter

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Raw:
    """A cell written exactly as given: `<c r=.. {attrs}>{inner}</c>`."""

    attrs: str
    inner: str


CellValue = str | int | float | bool | date | datetime | Raw | None
# A row is a list (None leaves the cell out) or {column index: value}.
Row = Sequence[CellValue] | Mapping[int, CellValue]

ERROR_HEADERS = ["表名", "列名", "数据类型", "错误原因"]
ERROR_HEADERS_EN = ["Table", "Column", "Type", "Error Reason"]


def drs_rows(count: int, *, every: int = 7, chinese: bool = True) -> list[list[CellValue]]:
    """Header plus `count` rows like a DRS detail result: every `every`-th row rejected."""
    rows: list[list[CellValue]] = [list(ERROR_HEADERS if chinese else ERROR_HEADERS_EN)]
    for i in range(1, count + 1):
        reason = ""
        if i % every == 0:
            reason = f"第{i}行：列 COL_{i % 13} 不存在" if chinese else f"column COL_{i} missing"
        rows.append([f"T_ORDER_{i % 50}", f"COL_{i % 13}", "VARCHAR2(64)", reason])
    return rows


def _cell_xml(ref: str, value: CellValue, strings: dict[str, int] | None) -> str:
    if isinstance(value, Raw):
        return f'<c r="{ref}" {value.attrs}>{value.inner}</c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime | date):
        base = datetime(1899, 12, 30)
        moment = value if isinstance(value, datetime) else datetime(*value.timetuple()[:3])
        serial = (moment - base).total_seconds() / 86400
        style = 2 if isinstance(value, datetime) else 1
        return f'<c r="{ref}" s="{style}"><v>{serial!r}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    text = str(value)
    if strings is None:
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
    index = strings.setdefault(text, len(strings))
    return f'<c r="{ref}" t="s"><v>{index}</v></c>'


def _row_items(row: Row) -> Iterable[tuple[int, CellValue]]:
    if isinstance(row, Mapping):
        return sorted(row.items())
    return enumerate(row)


def sheet_xml(
    rows: Iterable[tuple[int, Row]], strings: dict[str, int] | None, *, dimension: str = ""
) -> Iterator[str]:
    yield f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS_MAIN}">'
    if dimension:
        yield f'<dimension ref="{dimension}"/>'
    yield "<sheetData>"
    for number, row in rows:
        cells = "".join(
            _cell_xml(f"{column_letter(col)}{number}", value, strings)
            for col, value in _row_items(row)
            if value is not None
        )
        yield f'<row r="{number}">{cells}</row>'
    yield "</sheetData></worksheet>"


def shared_strings_xml(strings: Mapping[str, int], *, extra: int = 0) -> Iterator[str]:
    total = len(strings) + extra
    yield (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{NS_MAIN}" count="{total}" uniqueCount="{total}">'
    )
    for text in strings:
        yield f'<si><t xml:space="preserve">{escape(text)}</t></si>'
    for i in range(extra):  # never referenced: a table far bigger than the first rows need
        yield f"<si><t>unused padding string number {i:09d} 填充</t></si>"
    yield "</sst>"


STYLES_XML = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/mm/dd hh:mm"/></numFmts>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
    "</styleSheet>"
)


def _workbook_parts(names: Sequence[str], hidden: Sequence[str]) -> dict[str, str]:
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{i + 1}" r:id="rId{i + 1}"'
        + (' state="hidden"' if name in hidden else "")
        + "/>"
        for i, name in enumerate(names)
    )
    rels = "".join(
        f'<Relationship Id="rId{i + 1}" Type="{NS_REL}/worksheet" '
        f'Target="worksheets/sheet{i + 1}.xml"/>'
        for i in range(len(names))
    )
    n = len(names)
    rels += (
        f'<Relationship Id="rId{n + 1}" Type="{NS_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="{NS_REL}/styles" Target="styles.xml"/>'
    )
    sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = (
        f'<Override PartName="/xl/workbook.xml" ContentType="{sml}.sheet.main+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sml}.sharedStrings+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{sml}.styles+xml"/>'
    )
    overrides += "".join(
        f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="{sml}.worksheet+xml"/>'
        for i in range(n)
    )
    return {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org'
            '/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS_PKG}">'
            f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS_MAIN}" '
            f'xmlns:r="{NS_REL}"><workbookPr/><sheets>{sheets}</sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS_PKG}">{rels}'
            "</Relationships>"
        ),
        "xl/styles.xml": STYLES_XML,
    }


def xlsx_bytes(
    sheets: Mapping[str, Sequence[Row]],
    *,
    shared: bool = True,
    extra_shared: int = 0,
    hidden: Sequence[str] = (),
    replace: Mapping[str, str] | None = None,
    row_numbers: Mapping[str, Sequence[int]] | None = None,
) -> bytes:
    """An xlsx with the given sheets. `replace` overrides whole parts by name (hostile
    variants); `row_numbers` gives explicit `r` values for a sheet's rows (gaps)."""
    buffer = io.BytesIO()
    strings: dict[str, int] | None = {} if shared else None
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _workbook_parts(list(sheets), hidden).items():
            zf.writestr(name, (replace or {}).get(name, text))
        for i, (name, rows) in enumerate(sheets.items()):
            part = f"xl/worksheets/sheet{i + 1}.xml"
            numbers = (row_numbers or {}).get(name) or range(1, len(rows) + 1)
            width = max((len(r) for r in rows), default=1)
            dim = f"A1:{column_letter(max(width, 1) - 1)}{max(numbers, default=1)}"
            body = "".join(sheet_xml(zip(numbers, rows, strict=True), strings, dimension=dim))
            zf.writestr(part, (replace or {}).get(part, body))
        sst = "".join(shared_strings_xml(strings or {}, extra=extra_shared))
        zf.writestr("xl/sharedStrings.xml", (replace or {}).get("xl/sharedStrings.xml", sst))
    return buffer.getvalue()


def write_big_xlsx(path: Path, rows: int, cols: int = 10, *, extra_shared: int = 0) -> Path:
    """A rows x cols sheet (plus header) streamed to disk: numbers, repeated and unique
    strings and a sparse error column, as a DRS detail result looks."""
    strings: dict[str, int] = {}
    headers = [f"COLUMN_{c}" for c in range(cols - 1)] + ["错误原因"]

    def generate() -> Iterator[tuple[int, Row]]:
        yield 1, headers
        for r in range(1, rows + 1):
            row: list[CellValue] = []
            for c in range(cols - 1):
                row.append(r * 10 + c if c % 3 == 0 else f"value {r}-{c}" if c % 3 == 1 else "同")
            row.append(f"第{r}行校验失败" if r % 10 == 0 else None)
            yield r + 1, row

    dim = f"A1:{column_letter(cols - 1)}{rows + 1}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, text in _workbook_parts(["Sheet1"], ()).items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w") as out:
            batch: list[str] = []
            for piece in sheet_xml(generate(), strings, dimension=dim):
                batch.append(piece)
                if len(batch) >= 2000:
                    out.write("".join(batch).encode())
                    batch.clear()
            out.write("".join(batch).encode())
        with zf.open("xl/sharedStrings.xml", "w") as out:
            for piece in shared_strings_xml(strings, extra=extra_shared):
                out.write(piece.encode())
    return path


def openpyxl_xlsx(sheets: Mapping[str, Sequence[Sequence[CellValue]]]) -> bytes:
    """The same kind of workbook written by openpyxl (a real-world writer)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ).replace("&lol0;", "&lol;")
    + f']><sst xmlns="{NS_MAIN}"><si><t>&lol9;</t></si></sst>'
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
    f'<worksheet xmlns="{NS_MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&ext;'
    "</t></is></c></row></sheetData></worksheet>"
)


ODS_MIME = "application/vnd.oasis.opendocument.spreadsheet"


def ods_bytes(sheets: Mapping[str, Sequence[Sequence[CellValue]]], *, padding: int = 0) -> bytes:
    """A minimal OpenDocument spreadsheet; `padding` adds that many spaces of
    whitespace to content.xml (a part that inflates far beyond its compressed size)."""
    tables = []
    for name, rows in sheets.items():
        body = []
        for row in rows:
            cells = []
            for value in row:
                if value is None:
                    cells.append("<table:table-cell/>")
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    cells.append(
                        f'<table:table-cell office:value-type="float" office:value="{value}">'
                        f"<text:p>{value}</text:p></table:table-cell>"
                    )
                else:
                    cells.append(
                        '<table:table-cell office:value-type="string">'
                        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
                    )
            body.append(f"<table:table-row>{''.join(cells)}</table:table-row>")
        tables.append(f"<table:table table:name={quoteattr(name)}>{''.join(body)}</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{''.join(tables)}</office:spreadsheet></office:body>"
        + " " * padding
        + "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODS_MIME}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("mimetype", ODS_MIME, compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
