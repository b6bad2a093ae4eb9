"""The preview facade over a real ResultArchive: one entry in, one Preview out."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from drs_tui.commands.show_output import render_plain
from drs_tui.result.document import Document, Query
from drs_tui.result.errors import PreviewError, ResultError
from drs_tui.result.preview import (
    NESTED_COPY_LIMIT,
    Preview,
    PreviewKind,
    preview_entry,
)
from drs_tui.result.text.hex_dump import hex_dump
from drs_tui.result.zip.archive import ResultArchive
from tests.result.preview_corpus import (
    CSV_TEXT,
    JSON_DOC,
    JSON_LINES,
    KAFKA_RECORDS,
    PNG_HEAD,
    TSV_TEXT,
    ZH_LINES,
    archive_of,
    mark_encrypted,
    zip_bytes,
)
from tests.result.sheet_corpus import BILLION_LAUGHS, drs_rows, ods_bytes, xlsx_bytes

BOOK = xlsx_bytes({"导入结果": drs_rows(2000), "Other": [["x", "y"], ["1", "2"]]})


@pytest.fixture(scope="module")
def archive() -> ResultArchive:
    return archive_of(
        {
            "detail/T_ORDER.xlsx": BOOK,
            "detail/T_ORDER.xls": TSV_TEXT.encode("gbk"),  # a ".xls" that is really TSV
            "logs/错误日志.txt": ZH_LINES.encode("gbk"),
            "logs/utf16.log": ZH_LINES.encode("utf-16"),
            "logs/big.log": ZH_LINES.encode() * 200,
            "kafka/result.json": JSON_DOC.encode(),
            "kafka/records.jsonl": JSON_LINES.encode(),
            "kafka/broken.json": b'{"a": [1, 2',
            "report.csv": CSV_TEXT.encode("gb18030"),
            "sheet.ods": ods_bytes({"S": drs_rows(10)}),
            "image.png": PNG_HEAD,
            "empty.txt": b"",
            "folder/": b"",
            "nested.zip": zip_bytes({"inner/a.txt": b"a", "inner/b.xlsx": BOOK}),
            "hostile.xlsx": xlsx_bytes(
                {"S": drs_rows(3)}, replace={"xl/sharedStrings.xml": BILLION_LAUGHS}
            ),
        }
    )


def show(archive: ResultArchive, name: str, **kwargs: object) -> Preview:
    return preview_entry(archive, archive.find(name), **kwargs)  # type: ignore[arg-type]


def document_of(preview: Preview) -> Document:
    assert preview.document is not None, preview
    return preview.document


def cells(document: Document) -> list[list[str]]:
    return [row for _, row in document.first_rows()]


def test_xlsx_entry_is_a_sheet_with_error_column(archive: ResultArchive) -> None:
    preview = show(archive, "detail/T_ORDER.xlsx")
    assert preview.kind is PreviewKind.SHEET
    document = document_of(preview)
    assert document.columns == ["表名", "列名", "数据类型", "错误原因"]
    assert cells(document)[6][3] == "第7行：列 COL_7 不存在"
    assert [s.name for s in preview.sheets] == ["导入结果", "Other"]
    assert preview.sheet == "导入结果"
    assert document.error_column is not None and document.error_column.name == "错误原因"
    document.build_index(None, None)
    assert document.index.rows == 2000
    assert document.index.errors.count == 2000 // 7
    assert document.rows(1999, 5) == [(2001, ["T_ORDER_0", "COL_11", "VARCHAR2(64)"])]
    preview.close()


def test_xlsx_other_sheet_and_errors_only(archive: ResultArchive) -> None:
    other = show(archive, "detail/T_ORDER.xlsx", sheet="Other")
    assert cells(document_of(other)) == [["1", "2"]]
    document = document_of(show(archive, "detail/T_ORDER.xlsx"))
    found = document.find(Query(errors_only=True), None, None)
    assert found.complete and found.count == 2000 // 7
    assert all(row[3] for _, row in document.rows_at(found.ordinals))
    missing = show(archive, "detail/T_ORDER.xlsx", sheet="Nope")
    assert missing.kind is PreviewKind.PROBLEM
    assert missing.problem is not None and "Nope" in missing.problem


def test_xls_name_with_tsv_content_is_a_table_with_a_note(archive: ResultArchive) -> None:
    preview = show(archive, "detail/T_ORDER.xls")
    assert preview.kind is PreviewKind.TABLE
    assert document_of(preview).columns == ["表名", "列名", "错误原因"]
    assert any("tab-separated" in n for n in preview.notes)
    assert preview.encoding == "gb18030"


def test_gbk_text_entry(archive: ResultArchive) -> None:
    preview = show(archive, "logs/错误日志.txt")
    assert preview.kind is PreviewKind.TEXT
    assert preview.text() == ZH_LINES.rstrip("\n")
    assert preview.encoding_label == "GB18030"


def test_utf16_text_entry_with_bom(archive: ResultArchive) -> None:
    preview = show(archive, "logs/utf16.log")
    assert preview.text() == ZH_LINES.rstrip("\n")
    assert preview.encoding_label == "UTF-16-LE (BOM)"


def test_big_text_entry_is_whole_after_its_index(archive: ResultArchive) -> None:
    preview = show(archive, "logs/big.log")
    document = document_of(preview)
    assert preview.kind is PreviewKind.TEXT and document.kind == "lines"
    document.build_index(None, None)
    assert document.index.rows == 400 * 200
    last = document.rows(400 * 200 - 1, 5)
    assert last == [(80_000, [ZH_LINES.splitlines()[-1]])]
    found = document.find(Query(contains="第3行："), None, None)
    assert found.count == 200 and found.ordinals[:2].tolist() == [3, 403]
    assert document.index.errors.count == 400 * 200  # every line says 校验失败


def test_forced_encoding(archive: ResultArchive) -> None:
    preview = show(archive, "logs/错误日志.txt", encoding="latin-1")
    assert preview.encoding == "iso8859-1"
    assert "第" not in preview.text()


def test_json_entries(archive: ResultArchive) -> None:
    records = show(archive, "kafka/result.json")
    assert records.kind is PreviewKind.JSON and records.records
    table = document_of(records)
    assert table.columns == list(KAFKA_RECORDS[0])
    assert len(table.first_rows()) == 50
    pretty = show(archive, "kafka/result.json", records=False)
    assert pretty.kind is PreviewKind.JSON and not pretty.records
    assert json.loads(pretty.text()) == json.loads(JSON_DOC)
    assert pretty.text().startswith('{\n  "job"')
    lines = show(archive, "kafka/records.jsonl")
    assert lines.records and len(document_of(lines).first_rows()) == 50
    broken = show(archive, "kafka/broken.json")
    assert broken.kind is PreviewKind.TEXT
    assert broken.text() == '{"a": [1, 2'
    assert broken.notes and "not valid JSON" in broken.notes[0]


def test_csv_entry_is_a_table(archive: ResultArchive) -> None:
    preview = show(archive, "report.csv")
    document = document_of(preview)
    assert preview.kind is PreviewKind.TABLE
    assert cells(document)[4] == ["T_5", "COL_5", "长度超过限制"]
    assert document.error_column is not None and document.error_column.index == 2
    document.build_index(None, None)
    assert (document.index.rows, document.index.errors.count) == (300, 60)


def test_ods_entry(archive: ResultArchive) -> None:
    preview = show(archive, "sheet.ods")
    assert preview.kind is PreviewKind.SHEET
    assert cells(document_of(preview))[6][3] == "第7行：列 COL_7 不存在"


def test_binary_empty_folder_nested(archive: ResultArchive) -> None:
    image = show(archive, "image.png")
    assert image.kind is PreviewKind.BINARY and image.fmt == "png"
    assert image.hex.startswith("00000000  89 50 4e 47 0d 0a 1a 0a  00 00 00 0d 49 48 44 52  |.PNG")
    assert show(archive, "empty.txt").kind is PreviewKind.EMPTY
    folder = show(archive, "folder/")
    assert folder.kind is PreviewKind.PROBLEM and "folder" in (folder.problem or "")
    nested = show(archive, "nested.zip")
    assert nested.kind is PreviewKind.ARCHIVE
    listing = cells(document_of(nested))
    assert [row[0] for row in listing] == ["inner/a.txt", "inner/b.xlsx"]
    assert listing[1][1] == str(len(BOOK))


def test_view_overrides(archive: ResultArchive) -> None:
    as_hex = show(archive, "logs/错误日志.txt", view="hex")
    assert as_hex.kind is PreviewKind.BINARY and as_hex.hex.startswith("00000000  b5 da")
    as_text = show(archive, "image.png", view="text", encoding="latin-1")
    assert as_text.kind is PreviewKind.TEXT
    assert as_text.text().startswith("\\x89PNG\n\\x1a\n\\x00")


def test_hostile_workbook_is_a_problem_not_a_crash(archive: ResultArchive) -> None:
    preview = show(archive, "hostile.xlsx")
    assert preview.kind is PreviewKind.PROBLEM
    assert preview.error is not None and preview.error.title == "Unsafe workbook"


def test_encrypted_entry_is_refused() -> None:
    data = mark_encrypted(zip_bytes({"secret.txt": b"hidden text"}), "secret.txt")
    archive = ResultArchive.from_bytes(data)
    preview = preview_entry(archive, archive.find("secret.txt"))
    assert preview.kind is PreviewKind.PROBLEM
    assert preview.problem is not None and "encrypted" in preview.problem.lower()


def test_damaged_entry_is_a_problem() -> None:
    data = bytearray(zip_bytes({"a.txt": ZH_LINES.encode() * 5}))
    data[60:90] = b"\xff" * 30  # inside the deflate stream
    archive = ResultArchive.from_bytes(bytes(data))
    preview = preview_entry(archive, archive.find("a.txt"))
    assert preview.kind in (PreviewKind.PROBLEM, PreviewKind.TEXT, PreviewKind.BINARY)
    if preview.kind is PreviewKind.PROBLEM:
        assert preview.error is not None and preview.error.title


def test_workbook_over_the_copy_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("drs_tui.result.preview.XLSX_COPY_LIMIT", 1000)
    archive = archive_of({"big.xlsx": BOOK})
    preview = preview_entry(archive, archive.find("big.xlsx"))
    assert preview.kind is PreviewKind.PROBLEM
    assert "not previewed" in (preview.problem or "")


def plain(archive: ResultArchive, name: str, **kwargs: object) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    options: dict[str, object] = {"sheet": None, "rows": 0, "encoding": None}
    options.update(kwargs)
    render_plain(archive, archive.find(name), out=out, err=err, **options)  # type: ignore[arg-type]
    return out.getvalue(), err.getvalue()


def test_plain_text_lines(archive: ResultArchive) -> None:
    out, err = plain(archive, "logs/错误日志.txt", rows=3)
    assert out == "".join(ZH_LINES.splitlines(keepends=True)[:3])
    assert "first 3 lines" in err
    failed, note = plain(archive, "logs/错误日志.txt", rows=2, errors_only=True)
    assert failed == "".join(ZH_LINES.splitlines(keepends=True)[:2])
    assert "400 failure lines" in note
    everything, _ = plain(archive, "logs/big.log")
    assert everything == ZH_LINES * 200


def test_plain_sheet_is_tsv(archive: ResultArchive) -> None:
    out, err = plain(archive, "detail/T_ORDER.xlsx", rows=2)
    assert out.splitlines() == [
        "表名\t列名\t数据类型\t错误原因",
        "T_ORDER_1\tCOL_1\tVARCHAR2(64)\t",  # every row has every column
        "T_ORDER_2\tCOL_2\tVARCHAR2(64)\t",
    ]
    assert "导入结果" in err and "first 2 rows" in err
    errors, note = plain(archive, "detail/T_ORDER.xlsx", rows=3, errors_only=True)
    assert errors.splitlines()[1] == "T_ORDER_7\tCOL_7\tVARCHAR2(64)\t第7行：列 COL_7 不存在"
    assert len(errors.splitlines()) == 4
    assert note.splitlines()[-1] == "✗ 285 of 2,000 rows with an error reason (错误原因)"
    other, _ = plain(archive, "detail/T_ORDER.xlsx", sheet="Other")
    assert other == "x\ty\n1\t2\n"


def test_plain_json_binary_nested(archive: ResultArchive) -> None:
    out, _ = plain(archive, "kafka/result.json")
    assert json.loads(out) == json.loads(JSON_DOC)
    out, _ = plain(archive, "image.png", rows=1)
    assert out == hex_dump(PNG_HEAD[:16]) + "\n"
    out, _ = plain(archive, "nested.zip")
    assert out.splitlines()[1].startswith("inner/a.txt\t")


def test_a_big_nested_zip_is_not_copied_out_for_a_preview(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert NESTED_COPY_LIMIT <= 64 * 1024 * 1024
    # 65 MiB stored inside, a few hundred KiB deflated outside: previewing it would
    # have meant writing 65 MiB to a temporary file.
    inner = zip_bytes({"big.bin": bytes(65 * 1024 * 1024)}, stored=True)
    archive = archive_of({"inner.zip": inner})
    assert archive.entries[0].compressed_size < 1024 * 1024
    copies: list[int] = []
    real_open_nested = ResultArchive.open_nested

    def spy(self: ResultArchive, entry: object, *, limit: int | None = None) -> object:
        copies.append(limit or 0)
        return real_open_nested(self, entry, limit=limit)  # type: ignore[arg-type]

    monkeypatch.setattr(ResultArchive, "open_nested", spy)
    shown = preview_entry(archive, archive.find("inner.zip"))
    assert shown.kind is PreviewKind.PROBLEM
    assert shown.problem == (
        "This ZIP inside the result is 65.0 MiB; nested archives over 64.0 MiB are not previewed."
    )
    assert shown.error is not None and "Extract it" in shown.error.hint
    with pytest.raises(PreviewError, match="not previewed"):
        plain(archive, "inner.zip")
    assert copies == []  # refused from the declared size, before any copy


def test_plain_escapes_terminal_controls() -> None:
    archive = archive_of({"evil.txt": b"ok\x1b]0;pwned\x07\x1b[2J\n"})
    out, _ = plain(archive, "evil.txt")
    assert out == "ok\\x1b]0;pwned\\x07\\x1b[2J\n"
    assert "\x1b" not in out


def test_plain_raises_result_errors() -> None:
    archive = archive_of({"hostile.xlsx": xlsx_bytes({"S": []}, replace={"xl/workbook.xml": "x"})})
    with pytest.raises(PreviewError):
        plain(archive, "hostile.xlsx")


def _zip_with(name: str, data: bytes) -> ResultArchive:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, data)
    return ResultArchive.from_bytes(buffer.getvalue())


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(["a.txt", "a.json", "a.csv", "a.xlsx", "a.xls", "a.ods", "a.zip", "a"]),
    data=st.binary(max_size=3000),
    prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"{"]),
)
def test_any_entry_previews_or_reports_a_problem(name: str, data: bytes, prefix: bytes) -> None:
    archive = _zip_with(name, prefix + data)
    preview = preview_entry(archive, archive.entries[0])
    assert isinstance(preview.kind, PreviewKind)
    if preview.document is not None:
        with contextlib.suppress(ResultError):
            preview.document.build_index(None, None)
            preview.document.find(Query(contains="a"), None, None)
    preview.close()
    if preview.kind is PreviewKind.PROBLEM:
        assert preview.problem
    with contextlib.suppress(ResultError):
        plain(archive, name, rows=5)


def test_preview_layer_imports_neither_textual_nor_calamine() -> None:
    code = (
        "import sys, io\n"
        "import drs_tui.result.preview, drs_tui.commands.show_output\n"
        "from drs_tui.result.zip.archive import ResultArchive\n"
        "from tests.result.sheet_corpus import xlsx_bytes, drs_rows\n"
        "from tests.result.preview_corpus import zip_bytes\n"
        "a = ResultArchive.from_bytes(zip_bytes({'d.xlsx': xlsx_bytes({'S': drs_rows(3)})}))\n"
        "p = drs_tui.result.preview.preview_entry(a, a.entries[0])\n"
        "assert p.kind == 'sheet', p\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'python_calamine')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
