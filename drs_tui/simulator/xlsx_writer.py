"""A minimal xlsx writer (shared strings, one or more sheets) for the demo result files."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
{sheets}
</Types>"""
_SHEET_TYPE = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
)
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_SHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_REL_STRINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"

Cell = str | int | float | None


def _column(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text_element(text: str) -> str:
    """A <t>; with xml:space="preserve" when spaces at its ends matter, as POI writes it
    (readers trim them otherwise)."""
    if text != text.strip():
        return f'<t xml:space="preserve">{escape(text)}</t>'
    return f"<t>{escape(text)}</t>"


def build_xlsx(sheets: dict[str, list[list[Cell]]]) -> bytes:
    """An xlsx workbook; the first row of each sheet is its header."""
    strings: dict[str, int] = {}
    sheet_xml: list[str] = []
    for rows in sheets.values():
        out = [
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_NS_MAIN}"><sheetData>'
        ]
        for r, row in enumerate(rows, start=1):
            out.append(f'<row r="{r}">')
            for c, value in enumerate(row):
                ref = f"{_column(c)}{r}"
                if value is None or value == "":
                    continue
                if isinstance(value, int | float):
                    out.append(f'<c r="{ref}"><v>{value}</v></c>')
                else:
                    idx = strings.setdefault(value, len(strings))
                    out.append(f'<c r="{ref}" t="s"><v>{idx}</v></c>')
            out.append("</row>")
        out.append("</sheetData></worksheet>")
        sheet_xml.append("".join(out))
    shared = "".join(f"<si>{_text_element(s)}</si>" for s in strings)
    names = list(sheets)
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{_NS_MAIN}" '
        f'xmlns:r="{_NS_REL}"><sheets>'
        + "".join(
            f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, n in enumerate(names, start=1)
        )
        + "</sheets></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="'
        'http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{_REL_SHEET}" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        + f'<Relationship Id="rId{len(names) + 1}" Type="{_REL_STRINGS}" '
        'Target="sharedStrings.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        types = "".join(_SHEET_TYPE.format(n=i) for i in range(1, len(names) + 1))
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets=types))
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", rels)
        zf.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{_NS_MAIN}" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>',
        )
        for i, xml in enumerate(sheet_xml, start=1):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", xml)
    return buffer.getvalue()
