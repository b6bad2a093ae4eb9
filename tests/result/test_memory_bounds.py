"""Memory bounds of the result engine on entries made to exhaust it.

Each file is small once deflated and huge once inflated; it is built here by streaming
(never held whole), then read the way `drs-tui show` reads it, and the peak of Python
allocations during the read (tracemalloc) must stay under a bound far below what the
inflated entry would take. The review of issue 11 measured 1.87 GB for one huge shared
string and 584 MB for 16 MiB of `[{},{},...]`.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import TypeVar

from drs_tui.commands.show_output import render_plain
from drs_tui.result.document import Document
from drs_tui.result.preview import MAX_JSON_CONTAINERS, PreviewKind, preview_entry
from drs_tui.result.sheets.xlsx_stream import MAX_ITEM_BYTES
from drs_tui.result.sheets.xml_text import MAX_CELL_CHARS
from drs_tui.result.zip.archive import ResultArchive
from tests.result.sheet_corpus import NS_MAIN, xlsx_bytes

MB = 1 << 20
T = TypeVar("T")


def peak_of(call: Callable[[], T]) -> tuple[T, int]:
    """What `call` returns, and the peak of Python allocations while it ran."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def book_with_part(part: str, head: bytes, fill: bytes, size: int, tail: bytes) -> bytes:
    """A small workbook whose `part` is `head`, `size` bytes of `fill`, then `tail`,
    deflated as it is written."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes({"S": [["a", "b"], ["c", "d"]]})))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for info in source.infolist():
            if info.filename != part:
                zf.writestr(info.filename, source.read(info))
                continue
            with zf.open(part, "w") as stream:
                stream.write(head)
                block = fill * (MB // len(fill))
                for _ in range(size // len(block)):
                    stream.write(block)
                stream.write(tail)
    return out.getvalue()


def result_zip(name: str, data: bytes) -> ResultArchive:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    return ResultArchive.from_bytes(buffer.getvalue(), name="result.zip")


def shown(archive: ResultArchive, name: str) -> tuple[list[str], list[list[str]]]:
    """Columns and every row of the entry's sheet, the index built as the viewer does."""
    preview = preview_entry(archive, archive.find(name))
    try:
        assert preview.kind is PreviewKind.SHEET, preview.problem
        document: Document | None = preview.document
        assert document is not None
        document.build_index(None, None)
        return document.columns, [cells for _, cells in document.rows(0, 100)]
    finally:
        preview.close()


def test_one_huge_shared_string_is_cut_at_excel_limit_not_held() -> None:
    """200 MB of text in one <si> (a 200 KB file): the item is cut at MAX_ITEM_BYTES as
    it streams in, and the cell shows the first 32,767 characters."""
    sst = f'<?xml version="1.0"?><sst xmlns="{NS_MAIN}"><si><t>'.encode()
    rest = b"</t></si><si><t>b</t></si><si><t>c</t></si><si><t>d</t></si></sst>"
    data = book_with_part("xl/sharedStrings.xml", sst, b"x", 200 * MB, rest)
    assert len(data) < MB
    archive = result_zip("detail/T.xlsx", data)
    (columns, rows), peak = peak_of(lambda: shown(archive, "detail/T.xlsx"))
    assert columns == ["x" * MAX_CELL_CHARS, "b"]
    assert rows == [["c", "d"]]
    assert peak < 64 * MB, f"{peak / MB:.0f} MB"
    assert MAX_ITEM_BYTES <= 4 * MB


def test_one_enormous_row_is_cut_not_held() -> None:
    """A row holding a 200 MB inline string: the row is cut at MAX_ROW_BYTES, the cut cell
    shows the start of its text and the next row is read."""
    sheet = (
        f'<?xml version="1.0"?><worksheet xmlns="{NS_MAIN}"><sheetData><row r="1">'
        '<c r="A1" t="inlineStr"><is><t>head</t></is></c><c r="B1" t="inlineStr"><is><t>'
    ).encode()
    rest = (
        b'</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>after</t></is></c>'
        b"</row></sheetData></worksheet>"
    )
    data = book_with_part("xl/worksheets/sheet1.xml", sheet, b"y", 200 * MB, rest)
    assert len(data) < MB
    archive = result_zip("detail/T.xlsx", data)
    (columns, rows), peak = peak_of(lambda: shown(archive, "detail/T.xlsx"))
    assert columns == ["head", "y" * MAX_CELL_CHARS]
    assert rows == [["after"]]
    assert peak < 160 * MB, f"{peak / MB:.0f} MB"


def test_a_row_of_a_million_cells_reads_no_more_cells_than_columns() -> None:
    """One row of short cells past MAX_ROW_BYTES: only as many cells as a sheet has
    columns are read from what is kept of it."""
    sheet = f'<?xml version="1.0"?><worksheet xmlns="{NS_MAIN}"><sheetData><row r="1">'.encode()
    cell = b'<c r="A1" t="inlineStr"><is><t>zz</t></is></c>'
    rest = b'</row><row r="2"><c r="A2"><v>2</v></c></row></sheetData></worksheet>'
    data = book_with_part("xl/worksheets/sheet1.xml", sheet, cell, 64 * MB, rest)
    archive = result_zip("detail/T.xlsx", data)
    (columns, rows), peak = peak_of(lambda: shown(archive, "detail/T.xlsx"))
    assert columns == ["zz"]
    assert rows == [["2"]]
    assert peak < 160 * MB, f"{peak / MB:.0f} MB"


class Discard(io.StringIO):
    """stdout that keeps nothing."""

    def write(self, text: str) -> int:
        return len(text)


def test_show_of_sixteen_mib_of_empty_objects_stays_bounded() -> None:
    """16 MiB of `[{},{},...]` (8 million objects, 16 KiB deflated): past
    MAX_JSON_CONTAINERS objects the entry is shown as text lines, never parsed whole."""
    count = 16 * MB // 3
    text = "[" + "{}," * (count - 1) + "{}]"
    archive = result_zip("kafka/records.json", text.encode())
    del text
    assert archive.find("kafka/records.json").compressed_size < 64 * 1024
    assert count > MAX_JSON_CONTAINERS
    for rows, records in ((50, False), (50, True), (0, False)):
        err = io.StringIO()

        def show(rows: int = rows, records: bool = records, err: io.StringIO = err) -> None:
            render_plain(
                archive,
                archive.find("kafka/records.json"),
                sheet=None,
                rows=rows,
                encoding=None,
                out=Discard(),
                err=err,
                records=records,
            )

        try:
            _, peak = peak_of(show)
        except Exception as exc:  # --records on a document shown as lines is refused
            assert records, exc
            continue
        assert "shown line by line" in err.getvalue()
        assert peak < 128 * MB, f"rows={rows} records={records}: {peak / MB:.0f} MB"
