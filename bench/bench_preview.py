"""Preview benchmarks: first page of a 1 GB text entry, first 100 rows of a 100,000-row xlsx.

    python bench/bench_preview.py            # build inputs in bench/out/ (once), measure
    python bench/bench_preview.py --rows 20000 --text-mb 64   # a quicker run

Every measurement runs in its own subprocess: time of the first (cold) call and the
median of the next runs, and the extra peak memory of the cold call (peak RSS after the
imports are done, reset through /proc/self/clear_refs, minus the RSS at that point;
for unzip, the largest peak RSS of the shell pipeline's processes).
Targets: text first page < 20 ms and < 20 MB whatever the entry size; xlsx first 100
rows < 0.3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out"
PAGE = 256 * 1024
ROWS_SHOWN = 100


# -- inputs ---------------------------------------------------------------------------


def build_text_zip(path: Path, megabytes: int) -> None:
    """A result ZIP with a `megabytes` MB log (ZIP64, deflated) and a 1 MB one."""
    line = "".join(
        f"2024-05-06 12:00:{i % 60:02d} 第{i}行 表 T_ORDER 列 COL_{i % 9} 校验失败：不存在\n"
        for i in range(1000)
    ).encode()
    chunk = line * max(1, (1 << 20) // len(line))
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        with zf.open("small.log", "w") as out:
            out.write(chunk[: 1 << 20])
        with zf.open("big.log", "w", force_zip64=True) as out:
            written = 0
            while written < megabytes << 20:
                out.write(chunk)
                written += len(chunk)
    tmp.rename(path)


def build_xlsx(path: Path, rows: int) -> None:
    from tests.result.sheet_corpus import write_big_xlsx

    tmp = path.with_suffix(".tmp")
    write_big_xlsx(tmp, rows)
    tmp.rename(path)


def build_result_zip(path: Path, xlsx: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(xlsx, "detail/T_ORDER.xlsx")


# -- measured calls (run inside a child process) ----------------------------------------


def ours_text(zip_path: str, entry: str) -> Callable[[], object]:
    from drs_tui.result.preview import preview_entry
    from drs_tui.result.zip.archive import ResultArchive

    def run() -> object:
        with ResultArchive.open(zip_path) as archive:
            preview = preview_entry(archive, archive.find(entry))
            assert preview.kind == "text" and preview.document is not None, preview
            first = preview.document.first_rows()
            preview.close()
        assert len(first) >= 1000, len(first)
        return first[-1]

    return run


def unzip_head(zip_path: str, entry: str) -> Callable[[], object]:
    def run() -> object:
        command = f"unzip -p {zip_path} {entry} | head -c {PAGE} | wc -c"
        return subprocess.run(command, shell=True, check=True, capture_output=True).stdout

    return run


def ours_xlsx_in_zip(zip_path: str, entry: str) -> Callable[[], object]:
    from drs_tui.result.preview import preview_entry
    from drs_tui.result.zip.archive import ResultArchive

    def run() -> object:
        with ResultArchive.open(zip_path) as archive:
            preview = preview_entry(archive, archive.find(entry))
            assert preview.document is not None, preview
            first = preview.document.first_rows()[:ROWS_SHOWN]
            preview.close()
        assert len(first) == ROWS_SHOWN
        return first[-1]

    return run


def ours_xlsx(path: str) -> Callable[[], object]:
    from drs_tui.result.sheets.workbook import open_workbook, read_sheet

    def run() -> object:
        with open(path, "rb") as file:
            book = open_workbook(file, "xlsx")
            view = read_sheet(book, max_rows=ROWS_SHOWN)
            book.close()
        assert len(view.table.rows) == ROWS_SHOWN
        return view.table.rows[-1]

    return run


def openpyxl_xlsx(path: str) -> Callable[[], object]:
    from itertools import islice

    import openpyxl  # type: ignore[import-untyped]

    def run() -> object:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = list(islice(book.worksheets[0].iter_rows(values_only=True), ROWS_SHOWN + 1))
        book.close()
        return rows[-1]

    return run


def calamine_xlsx(path: str) -> Callable[[], object]:
    from python_calamine import CalamineWorkbook

    def run() -> object:
        book = CalamineWorkbook.from_path(path)
        rows = book.get_sheet_by_index(0).to_python(nrows=ROWS_SHOWN + 1)
        book.close()
        return rows[-1]

    return run


MEASURES: dict[str, Callable[..., Callable[[], object]]] = {
    "ours_text": ours_text,
    "unzip_head": unzip_head,
    "ours_xlsx_in_zip": ours_xlsx_in_zip,
    "ours_xlsx": ours_xlsx,
    "openpyxl_xlsx": openpyxl_xlsx,
    "calamine_xlsx": calamine_xlsx,
}


def _rss_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def measure_in_child(name: str, args: list[str], repeat: int) -> None:
    run = MEASURES[name](*args)  # imports happen here, outside the measurement
    Path("/proc/self/clear_refs").write_text("5")  # reset the peak RSS
    base = _rss_kib("VmRSS")
    start = time.perf_counter()
    run()
    cold = time.perf_counter() - start
    peak = _rss_kib("VmHWM") - base
    if name == "unzip_head":  # the work happens in unzip: its whole peak RSS
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        warm.append(time.perf_counter() - start)
    warm_median = statistics.median(warm) if warm else cold
    print(json.dumps({"cold": cold, "warm": warm_median, "peak_mb": peak / 1024}))


def measure(name: str, *args: str, repeat: int = 5) -> dict[str, float]:
    command = [sys.executable, __file__, "--measure", name, "--repeat", str(repeat), *args]
    done = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def report(label: str, result: dict[str, float], target: str = "") -> None:
    print(
        f"  {label:<46} cold {result['cold'] * 1000:8.1f} ms   warm {result['warm'] * 1000:8.1f} ms"
        f"   peak +{result['peak_mb']:6.1f} MB  {target}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="xlsx data rows")
    parser.add_argument("--text-mb", type=int, default=1024, help="big text entry size")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=5, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.measure:
        measure_in_child(args.measure, rest, args.repeat)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    text_zip = OUT / f"text_{args.text_mb}mb.zip"
    xlsx = OUT / f"sheet_{args.rows}x10.xlsx"
    result_zip = OUT / f"result_{args.rows}x10.zip"
    builders: list[tuple[Path, Callable[[Path], None]]] = [
        (text_zip, lambda p: build_text_zip(p, args.text_mb)),
        (xlsx, lambda p: build_xlsx(p, args.rows)),
        (result_zip, lambda p: build_result_zip(p, xlsx)),
    ]
    for path, build in builders:
        if not path.exists():
            start = time.perf_counter()
            build(path)
            print(f"built {path.name} in {time.perf_counter() - start:.1f} s")
    print(f"machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(f"\nText: first page ({PAGE // 1024} KiB) of a deflated entry")
    big = f"big.log ({args.text_mb:,} MB)"
    text = str(text_zip)
    report(f"drs-tui preview_entry, {big}", measure("ours_text", text, "big.log"), "< 20 ms, 20 MB")
    report("drs-tui preview_entry, small.log (1 MB)", measure("ours_text", text, "small.log"))
    report(f"unzip -p | head -c {PAGE}, {big}", measure("unzip_head", text, "big.log"))
    size = xlsx.stat().st_size / 1e6
    print(f"\nxlsx: first {ROWS_SHOWN} rows of a {args.rows:,} x 10 sheet ({size:.1f} MB file)")
    in_zip = measure("ours_xlsx_in_zip", str(result_zip), "detail/T_ORDER.xlsx")
    report("drs-tui preview_entry (xlsx inside result ZIP)", in_zip, "target < 0.3 s")
    report("drs-tui streaming reader (xlsx file)", measure("ours_xlsx", str(xlsx)))
    report("openpyxl read_only (xlsx file)", measure("openpyxl_xlsx", str(xlsx), repeat=2))
    report("python-calamine (xlsx file)", measure("calamine_xlsx", str(xlsx), repeat=2))


if __name__ == "__main__":
    main()
