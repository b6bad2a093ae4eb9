"""Write a column-level DRS result workbook for the whole-entry benchmarks (issue 10).

    python bench/make_column_workbook.py OUT.zip [--rows 1000000] [--inline]

The result ZIP holds one xlsx (`column_detail.xlsx`): a header and `--rows` rows of
schema, table, column, type, synchronize flag and error reason, as DRS writes for
`file_export_object_level=column`. One row in 101 has an error reason (9,901 of
1,000,000), spread evenly; a few reasons end in a space, as real rejections do. Strings
are shared (as Excel and POI's XSSF write them) unless `--inline`.
"""

from __future__ import annotations

import argparse
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = [
    "Schema / 源库",
    "Table / 表名",
    "Column / 列名",
    "Type / 类型",
    "Sync / 同步",
    "Error Reason / 错误原因",
]
TYPES = ["NUMBER(10)", "VARCHAR2(64)", "DATE", "CLOB", "TIMESTAMP(6)", "CHAR(1)"]
REASONS = [
    "The column name contains a trailing space / 列名存在尾部空格 ",
    "Column type CLOB is not supported in the target database / 目标库不支持该列类型",
    "The table does not exist in the source database / 源库中不存在该表",
    "Duplicate object in the template / 模板中对象重复",
]
ERROR_EVERY = 101
COLUMNS_PER_TABLE = 200


def rows(count: int) -> Iterator[list[str]]:
    for n in range(count):
        table, column = divmod(n, COLUMNS_PER_TABLE)
        reason = (
            REASONS[(n // ERROR_EVERY) % len(REASONS)] if n % ERROR_EVERY == ERROR_EVERY - 1 else ""
        )
        yield [
            f"HR_{table % 7:02d}",
            f"T_ORDERS_{table:05d}",
            f"COL_{column:03d}",
            TYPES[n % len(TYPES)],
            "Y" if not reason else "N",
            reason,
        ]


def column_letter(index: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def write_workbook(path: Path, count: int, inline: bool) -> None:
    strings: dict[str, int] = {}

    def cell(ref: str, text: str) -> str:
        if inline:
            return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(text)}</t></is></c>'
        index = strings.setdefault(text, len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as book:
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{ns}">'
                f'<dimension ref="A1:F{count + 1}"/><sheetData>'.encode()
            )
            batch: list[str] = []
            for number, values in enumerate([HEADER, *rows(count)], start=1):
                cells = "".join(
                    cell(f"{column_letter(i)}{number}", v) for i, v in enumerate(values) if v
                )
                batch.append(f'<row r="{number}">{cells}</row>')
                if len(batch) >= 10_000:
                    sheet.write("".join(batch).encode())
                    batch = []
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode())
        shared = "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in strings)
        book.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{ns}" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{shared}</sst>',
        )
        rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{ns}" xmlns:r="{rel}"><sheets>'
            '<sheet name="列级结果" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        book.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        book.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>",
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the result ZIP to write")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--inline", action="store_true", help="inline strings, not shared")
    args = parser.parse_args()
    book = args.out.with_suffix(".xlsx.tmp")
    write_workbook(book, args.rows, args.inline)
    with zipfile.ZipFile(args.out, "w", zipfile.ZIP_STORED) as result:
        result.write(book, "column_detail.xlsx")
    book.unlink()
    print(f"{args.out}: {args.rows:,} rows, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
