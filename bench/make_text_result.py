"""Write a result ZIP with big text entries for the whole-entry benchmarks (issue 10).

    python bench/make_text_result.py OUT.zip [--csv MIB] [--txt MIB] [--jsonl MIB]

Each entry is deflated, as DRS sends them: `detail.csv` holds schema, table, column,
type and error reason (one row in 101 rejected, the last row names a table found
nowhere else); `sync.txt` is a log of one line per object; `records.jsonl` one JSON
object per line. Sizes are in MiB of uncompressed text.
"""

from __future__ import annotations

import argparse
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

REASONS = [
    "The column name contains a trailing space / 列名存在尾部空格 ",
    "Column type CLOB is not supported / 目标库不支持该列类型",
    'Object "HR"."T" does not exist, in the source / 源库中不存在该表',
]
BATCH = 20_000


def csv_lines(size: int) -> Iterator[str]:
    yield "schema,table,column,type,error_reason\n"
    written, n = 0, 0
    while written < size:
        reason = REASONS[n % 3] if n % 101 == 100 else ""
        if '"' in reason or "," in reason:
            reason = '"' + reason.replace('"', '""') + '"'
        line = f"HR_{n % 7:02d},T_ORDERS_{n // 200:06d},COL_{n % 200:03d},VARCHAR2(64),{reason}\n"
        written += len(line.encode())
        n += 1
        yield line
    yield "HR_99,T_LAST_ONE_XYZ,COL_000,DATE,\n"


def txt_lines(size: int) -> Iterator[str]:
    written, n = 0, 0
    while written < size:
        state = "failed: column type not supported / 同步失败" if n % 101 == 100 else "ok"
        name = f"HR.T_ORDERS_{n // 200:06d}.COL_{n % 200:03d}"
        line = f"2026-11-30 08:00:{n % 60:02d} object {name} {state}\n"
        written += len(line.encode())
        n += 1
        yield line
    yield "2026-11-30 09:00:00 object HR.T_LAST_ONE_XYZ.COL_000 ok\n"


def jsonl_lines(size: int) -> Iterator[str]:
    written, n = 0, 0
    while written < size:
        record = {
            "database": f"db_{n % 7}",
            "table": f"t_orders_{n // 200:06d}",
            "topic": "drs-topic",
            "error_reason": REASONS[n % 3] if n % 101 == 100 else "",
        }
        line = json.dumps(record, ensure_ascii=False) + "\n"
        written += len(line.encode())
        n += 1
        yield line


def write(zf: zipfile.ZipFile, name: str, lines: Iterator[str]) -> None:
    with zf.open(name, "w", force_zip64=True) as out:
        batch: list[str] = []
        for line in lines:
            batch.append(line)
            if len(batch) >= BATCH:
                out.write("".join(batch).encode())
                batch = []
        out.write("".join(batch).encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--csv", type=int, default=0, metavar="MIB")
    parser.add_argument("--txt", type=int, default=0, metavar="MIB")
    parser.add_argument("--jsonl", type=int, default=0, metavar="MIB")
    args = parser.parse_args()
    with zipfile.ZipFile(args.out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        if args.csv:
            write(zf, "detail.csv", csv_lines(args.csv << 20))
        if args.txt:
            write(zf, "sync.txt", txt_lines(args.txt << 20))
        if args.jsonl:
            write(zf, "records.jsonl", jsonl_lines(args.jsonl << 20))
    print(f"{args.out}: {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
