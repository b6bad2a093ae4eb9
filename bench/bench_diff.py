"""`drs-tui diff` on a 1,000,000-row pair of column-level workbooks: time and peak memory.

    python bench/bench_diff.py                 # inputs built once in bench/out/diff/
    python bench/bench_diff.py --rows 200000   # quicker

OLD is bench/make_column_workbook.py's workbook; NEW is the same upload redone: every
5,000th row removed, one error in ten fixed, a new error every 7,919 rows, 300 rows
added at the end. Each run is a fresh process; its peak RSS comes from wait4(). The peer
is python-calamine reading both sheets (`to_python()`) and comparing them as two dicts
keyed by (schema, table, column): the obvious in-memory way. Target: peak under 250 MB.
Tests never assert on time; this prints the figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_column_workbook as book

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "diff"
PY = sys.executable

PEER = r"""
import sys, zipfile, io
from python_calamine import CalamineWorkbook
def load(path):
    with zipfile.ZipFile(path) as z:
        data = z.read("column_detail.xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    return {(r[0], r[1], r[2]): r for r in rows[1:]}
old, new = load(sys.argv[1]), load(sys.argv[2])
added = sum(1 for k in new if k not in old)
removed = sum(1 for k in old if k not in new)
changed = sum(1 for k, r in new.items() if k in old and old[k] != r)
print(f"{added} added, {removed} removed, {changed} changed")
"""


_ORIGINAL_ROWS = book.rows


def changed_rows(count: int) -> Iterator[list[str]]:
    for n, row in enumerate(_ORIGINAL_ROWS(count)):
        if n % 5000 == 17:
            continue
        if row[5] and (n // book.ERROR_EVERY) % 10 == 0:
            row = [*row[:4], "Y", ""]
        elif not row[5] and n % 7919 == 3:
            row = [*row[:4], "N", "Column type LONG is not supported / 不支持LONG类型的列"]
        yield row
    for extra in range(300):
        yield ["HR_NEW", f"T_NEW_{extra // 20:03d}", f"COL_{extra % 20:03d}", "DATE", "Y", ""]


def build(path: Path, count: int, *, new: bool) -> None:
    if path.exists():
        return
    original = book.rows
    if new:
        book.rows = changed_rows  # type: ignore[assignment]
    try:
        sheet = path.with_suffix(".xlsx.tmp")
        book.write_workbook(sheet, count, inline=False)
    finally:
        book.rows = original  # type: ignore[assignment]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as result:
        result.write(sheet, "column_detail.xlsx")
    sheet.unlink()


def measure(argv: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB, and the last line of stdout of one fresh process."""
    start = time.perf_counter()
    out = (OUT / "stdout.txt").open("w")
    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    out.close()
    lines = (OUT / "stdout.txt").read_text(encoding="utf-8").splitlines()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{argv} failed")
    return wall, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    old, new = OUT / f"old-{args.rows}.zip", OUT / f"new-{args.rows}.zip"
    build(old, args.rows, new=False)
    build(new, args.rows, new=True)
    runs = {
        "drs-tui diff (text)": [PY, "-m", "drs_tui", "diff", str(old), str(new)],
        "drs-tui diff --format tsv": [PY, "-m", "drs_tui", "diff", str(old), str(new),
                                      "--format", "tsv"],
        "python-calamine, two dicts": [PY, "-c", PEER, str(old), str(new)],
    }  # fmt: skip
    print(f"{args.rows:,} rows each; OLD {old.stat().st_size:,} bytes, NEW {new.stat().st_size:,}")
    for name, argv in runs.items():
        wall, peak, last = measure(argv)
        print(f"{name:28} {wall:7.1f} s  peak {peak:6.0f} MB  | {last[:110]}")


if __name__ == "__main__":
    main()
