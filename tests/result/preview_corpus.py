"""Result ZIPs and text samples for the preview tests, built by code."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping

from drs_tui.result.zip.archive import ResultArchive

# Mixed Chinese and ASCII as DRS writes it: multi-byte characters everywhere.
ZH_LINES = "".join(
    f"第{i}行：表 T_ORDER 列 COL_{i % 9} 校验失败，错误原因：目标库中不存在该列。\n"
    for i in range(400)
)
KAFKA_RECORDS = [
    {
        "topic": "drs_order",
        "partition": i % 3,
        "offset": i,
        "错误原因": "字段类型不匹配" if i % 4 else "",
    }
    for i in range(50)
]
JSON_DOC = json.dumps({"job": "导入任务", "records": KAFKA_RECORDS}, ensure_ascii=False)
JSON_LINES = "\n".join(json.dumps(r, ensure_ascii=False) for r in KAFKA_RECORDS) + "\n"
CSV_TEXT = "表名,列名,错误原因\r\n" + "".join(
    f"T_{i},COL_{i},{'长度超过限制' if i % 5 == 0 else ''}\r\n" for i in range(1, 301)
)
TSV_TEXT = CSV_TEXT.replace(",", "\t")
PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def zip_bytes(files: Mapping[str, bytes], *, stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def archive_of(files: Mapping[str, bytes]) -> ResultArchive:
    return ResultArchive.from_bytes(zip_bytes(files), name="result.zip")


def mark_encrypted(data: bytes, name: str) -> bytes:
    """Set the 'encrypted' flag of `name` in its local and central headers."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (pos := raw.find(signature, start)) >= 0:
            if raw[pos + name_at : pos + name_at + len(encoded)] == encoded:
                raw[pos + flag_at] |= 0x01
            start = pos + 4
    return bytes(raw)
