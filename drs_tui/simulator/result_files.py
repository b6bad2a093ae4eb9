"""Result ZIPs shaped like DRS's: xlsx workbooks for Oracle jobs, JSON/TXT for Kafka jobs."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

from drs_tui.simulator.jobs import DemoJob
from drs_tui.simulator.xlsx_writer import Cell, build_xlsx

_TABLES = [
    ("ORDERS", "ORDER_HEADER", "ORDER_ID"),
    ("ORDERS", "ORDER_LINE", "LINE_NO"),
    ("ORDERS", "ORDER_AUDIT", "AUDIT_TS"),
    ("SALES", "CUSTOMER", "CUSTOMER_ID"),
    ("SALES", "CUSTOMER_ADDRESS", "ADDRESS_ID"),
    ("SALES", "REGION", "REGION_CODE"),
    ("HR", "EMPLOYEE", "EMP_ID"),
    ("HR", "PAYROLL_2026_Q3_ARCHIVE_WITH_A_VERY_LONG_TABLE_NAME_THAT_BREAKS", "PAY_ID"),
    ("FIN", "LEDGER", "ENTRY_ID"),
    ("FIN", "LEDGER", "ENTRY_ID"),
    ("FIN", "MISSING_TABLE", "ID"),
    ("INV", "STOCK", "SKU"),
]
# Row index -> (en, zh) reason, for the rows DRS rejects in a `detail` result.
_REASONS = {
    7: ("Table name exceeds 63 characters", "表名长度超过63个字符"),
    9: ("Duplicate object in the template", "模板中存在重复对象"),
    10: ("Table does not exist in the source database", "源库中不存在该表"),
}
# What a re-upload of the template changes (revision 2 and later): the over-long table
# was taken out, the missing table now exists, one more table was added, and a column
# type the target cannot take now rejects a table that passed before.
_REUPLOAD_REMOVED = frozenset({7})
_REUPLOAD_FIXED = frozenset({10})
_REUPLOAD_NEW_REASONS = {3: ("Column type LONG is not supported", "不支持LONG类型的列")}
_REUPLOAD_ADDED = [("INV", "STOCK_MOVE", "MOVE_ID")]
Reason = tuple[str, str] | None


def _objects(revision: int) -> list[tuple[str, str, str, Reason]]:
    """(schema, table, column, (en, zh) reason or None) of the uploaded template."""
    objects: list[tuple[str, str, str, Reason]] = []
    for i, (schema, table, column) in enumerate(_TABLES):
        reason = _REASONS.get(i)
        if revision > 1:
            if i in _REUPLOAD_REMOVED:
                continue
            if i in _REUPLOAD_FIXED:
                reason = None
            reason = _REUPLOAD_NEW_REASONS.get(i, reason)
        objects.append((schema, table, column, reason))
    if revision > 1:
        objects += [(schema, table, column, None) for schema, table, column in _REUPLOAD_ADDED]
    return objects


_HEADERS = {
    "en-us": {
        "schema": "Schema",
        "table": "Table",
        "column": "Column",
        "type": "Object Type",
        "result": "Import Result",
        "reason": "Error Reason",
        "change": "Change",
        "key": "Compare Key",
        "ok": "Success",
        "failed": "Failed",
        "added": "added",
        "removed": "removed",
        "table_kind": "TABLE",
    },
    "zh-cn": {
        "schema": "模式",
        "table": "表名",
        "column": "列名",
        "type": "对象类型",
        "result": "导入结果",
        "reason": "错误原因",
        "change": "变更",
        "key": "比对键",
        "ok": "成功",
        "failed": "失败",
        "added": "新增",
        "removed": "删除",
        "table_kind": "表",
    },
}
_FILE_NAMES = {
    "en-us": {
        "detail": "object_import_detail",
        "synchronized": "synchronized_objects",
        "change": "changed_objects",
        "compare": "compare_keys",
        "compare_key_detail": "compare_key_detail",
    },
    "zh-cn": {
        "detail": "对象导入校验结果",
        "synchronized": "已同步对象",
        "change": "变更对象",
        "compare": "比对键",
        "compare_key_detail": "比对键校验结果",
    },
}
_STAMP = (2026, 11, 27, 16, 20, 0)


def build_result_zip(
    job: DemoJob, result_type: str, language: str, level: str | None, revision: int = 1
) -> bytes:
    """The result ZIP of the job's template as uploaded `revision` times. `synchronized`
    lists only the objects that passed validation (the rejected ones never sync)."""
    objects = _objects(revision)
    if result_type == "synchronized":
        objects = [o for o in objects if o[3] is None]
    buffer = io.BytesIO()
    base = _FILE_NAMES[language][result_type]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        if job.result_format == "xlsx":
            rows = _workbook_rows(objects, result_type, language, level)
            sheet = "校验结果" if language == "zh-cn" else "Result"
            _add(zf, f"{base}.xlsx", build_xlsx({sheet: rows}))
        elif job.result_format == "json":
            _add(zf, f"{base}.json", _json_result(objects, result_type, language).encode("utf-8"))
        else:
            _add(zf, f"{base}.txt", _txt_result(objects, result_type, language).encode("utf-8"))
        _add(
            zf,
            "README.txt" if language == "en-us" else "说明.txt",
            _readme(job, result_type, language),
        )
    return buffer.getvalue()


def _add(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_STAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def _workbook_rows(
    objects: list[tuple[str, str, str, Reason]], result_type: str, language: str, level: str | None
) -> list[list[Cell]]:
    h = _HEADERS[language]
    with_reason = result_type in ("detail", "compare_key_detail")
    header: list[Cell] = [h["schema"], h["table"]]
    if level == "column":
        header.append(h["column"])
    if result_type == "change":
        header.append(h["change"])
    elif result_type in ("compare", "compare_key_detail"):
        header.append(h["key"])
    else:
        header.append(h["type"])
    if with_reason:
        header += [h["result"], h["reason"]]
    rows: list[list[Cell]] = [header]
    lang_index = 0 if language == "en-us" else 1
    for i, (schema, table, column, reason) in enumerate(objects):
        row: list[Cell] = [schema, table]
        if level == "column":
            row.append(column)
        if result_type == "change":
            row.append(h["removed"] if i % 4 == 3 else h["added"])
        elif result_type in ("compare", "compare_key_detail"):
            row.append(column)
        else:
            row.append(h["table_kind"])
        if with_reason:
            row += [h["failed"], reason[lang_index]] if reason else [h["ok"], None]
        rows.append(row)
    return rows


def _json_result(
    objects: list[tuple[str, str, str, Reason]], result_type: str, language: str
) -> str:
    items = []
    for schema, table, _column, reason in objects[:8]:
        item: dict[str, object] = {"database": schema.lower(), "table": table.lower()}
        item["topic"] = f"drs-{schema.lower()}-{table.lower()}"[:60]
        if result_type in ("detail", "compare_key_detail"):
            item["result"] = "failed" if reason else "success"
            item["error_reason"] = (reason[0 if language == "en-us" else 1]) if reason else ""
        items.append(item)
    return json.dumps({"type": result_type, "objects": items}, ensure_ascii=False, indent=2)


def _txt_result(
    objects: list[tuple[str, str, str, Reason]], result_type: str, language: str
) -> str:
    lines = []
    for schema, table, _column, reason in objects[:8]:
        status = "FAILED" if reason else "OK"
        text = reason[0 if language == "en-us" else 1] if reason else ""
        lines.append(f"{schema.lower()}.{table.lower()}\t{status}\t{text}".rstrip("\t"))
    return "\n".join(lines) + "\n"


def _readme(job: DemoJob, result_type: str, language: str) -> bytes:
    stamp = datetime(*_STAMP).isoformat()
    if language == "zh-cn":
        text = (
            f"任务: {job.name}\n类型: {result_type}\n生成时间: {stamp}\n此文件由 DRS 模拟器生成。\n"
        )
    else:
        text = f"Job: {job.name}\nType: {result_type}\nGenerated: {stamp}\nBy the DRS simulator.\n"
    return text.encode("utf-8")


def big_zip_parts(size: int) -> tuple[bytes, bytes, int, int]:
    """(local header, trailer, chunk count, chunk size) of a stored ZIP about `size` bytes.

    The body is 1 MiB of fixed bytes repeated; headers are computed once so serving it
    costs the server only socket writes (benchmarks compare clients, not the server).
    """
    import struct
    import zlib

    chunk = bytes(range(256)) * 4096
    count = max(1, size // len(chunk))
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    data_len = count * len(chunk)
    name = b"big.bin"
    local = (
        struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 0, 0, 0, crc, data_len, data_len, len(name), 0
        )
        + name
    )
    central = (
        struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            0,
            0,
            0,
            crc,
            data_len,
            data_len,
            len(name),
            0,
            0,
            0,
            0,
            0,
            0,
        )
        + name
    )
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + data_len, 0)
    return local, central + end, count, len(chunk)
