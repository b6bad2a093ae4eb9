"""Whole-entry benchmarks (issue 10): every count, filter, search and jump over all of it.

    python bench/bench_whole.py                # inputs built once in bench/out/whole/
    python bench/bench_whole.py --repeat 3 --text-mib 256 --rows 300000   # quicker

Runs each measurement in a fresh process, side by side with its peer, and prints the
median wall time (and peak RSS of the process tree) with the ratio the target names:

- `drs-tui show --errors --rows 0` on a 1,000,000 x 6 column-level workbook against
  python-calamine reading the same sheet (`to_python()`): <= 1.0x, peak < 150 MB;
- `drs-tui show --rows 0 | grep` on a 512 MiB CSV entry against `unzip -p | grep`: <= 2x;
- the viewer (a headless Textual run of the result viewer on the workbook and on a
  1 GiB text entry): the whole index (error count), a search that lands on the last
  row, "go to the last row" once indexed, and the peak memory of the app;
- `drs-tui ls --json` against `drs-tui ls` on 100,000 entries: <= 1.5x; `ls` against
  `unzip -l`: <= 2x.

Tests never assert on time; this script prints the figures for the closing notes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "whole"
PY = sys.executable

VIEWER_PROBE = r"""
import asyncio, json, resource, sys, time
from pathlib import Path
from textual.app import App
from drs_tui.ui.screens.result_viewer import ResultViewerScreen

path, needle, entry_name = sys.argv[1], sys.argv[2], sys.argv[3]
marks = {}

class Host(App[None]):
    def on_mount(self) -> None:
        self.push_screen(ResultViewerScreen(Path(path)))

async def until(pilot, test, timeout=600.0):
    start = time.perf_counter()
    while not test():
        await pilot.pause(0.01)
        if time.perf_counter() - start > timeout:
            raise SystemExit("timed out")

async def main() -> None:
    start = time.perf_counter()
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        viewer = app.screen
        preview = viewer.preview
        await until(pilot, lambda: preview.document is not None and preview.document.first_rows())
        marks["first_rows"] = time.perf_counter() - start
        t = time.perf_counter()
        await until(pilot, lambda: preview.document.index.complete)
        marks["index"] = time.perf_counter() - t
        marks["rows"] = preview.document.index.rows
        marks["errors"] = preview.document.index.errors.count
        preview.focus_content()
        await pilot.pause()
        t = time.perf_counter()
        await pilot.press("end")
        last = preview.document.index.rows - 1
        def shown():
            if preview.showing == "table":
                table = preview.table
                return table.cursor_row == last and table.source.cells(last) != ["…"]
            view = preview.text_view
            at_end = round(view.scroll_y) >= view.max_scroll_y - 1
            return view.source.line(last) is not None and at_end
        await until(pilot, shown)
        marks["end"] = time.perf_counter() - t
        t = time.perf_counter()
        await pilot.press("home")
        preview.search(needle)
        def searched():
            matches = preview.search_state.matches
            return matches is not None and matches.complete
        await until(pilot, searched)
        marks["search"] = time.perf_counter() - t
        matches = preview.search_state.matches
        marks["search_hits"] = matches.count
        marks["search_last"] = matches.ordinals[-1] if matches.count else -1
    marks["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

asyncio.run(main())
print(json.dumps(marks))
"""

CALAMINE_PROBE = r"""
import sys
from python_calamine import CalamineWorkbook
rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
print(len(rows))
"""


def run(command: Sequence[str] | str, *, shell: bool = False) -> tuple[float, float, str]:
    """Wall seconds, peak RSS of the process tree (MB), stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, shell=shell, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status:
        raise SystemExit(f"failed ({status}): {command}")
    return wall, usage.ru_maxrss / 1024, out.decode(errors="replace")


def median(samples: list[tuple[float, float, str]]) -> tuple[float, float, str]:
    walls = sorted(s[0] for s in samples)
    return statistics.median(walls), max(s[1] for s in samples), samples[-1][2]


def side_by_side(
    label: str, ours: Sequence[str] | str, peer: Sequence[str] | str, repeat: int, shell: bool
) -> tuple[float, float, float, float]:
    """Alternate ours and the peer `repeat` times; print medians and the ratio."""
    mine, theirs = [], []
    for _ in range(repeat):
        mine.append(run(ours, shell=shell))
        theirs.append(run(peer, shell=shell))
    a, b = median(mine), median(theirs)
    print(
        f"  {label:<54} ours {a[0]:7.2f} s {a[1]:7.0f} MB   peer {b[0]:7.2f} s {b[1]:7.0f} MB"
        f"   ratio {a[0] / b[0]:5.2f}x",
        flush=True,
    )
    return a[0], a[1], b[0], b[1]


def build(args: argparse.Namespace) -> dict[str, Path]:
    OUT.mkdir(parents=True, exist_ok=True)
    paths = {
        "workbook": OUT / f"column-{args.rows}.zip",
        "text": OUT / f"text-{args.text_mib}.zip",
        "big": OUT / f"big-{args.big_mib}.zip",
        "entries": OUT / f"entries-{args.entries}.zip",
    }
    if not paths["workbook"].exists():
        subprocess.run(
            [
                PY,
                str(ROOT / "bench" / "make_column_workbook.py"),
                str(paths["workbook"]),
                "--rows",
                str(args.rows),
            ],
            check=True,
        )
    if not paths["text"].exists():
        subprocess.run(
            [
                PY,
                str(ROOT / "bench" / "make_text_result.py"),
                str(paths["text"]),
                "--csv",
                str(args.text_mib),
            ],
            check=True,
        )
    if not paths["big"].exists():
        subprocess.run(
            [
                PY,
                str(ROOT / "bench" / "make_text_result.py"),
                str(paths["big"]),
                "--txt",
                str(args.big_mib),
            ],
            check=True,
        )
    if not paths["entries"].exists():
        with zipfile.ZipFile(paths["entries"], "w", zipfile.ZIP_STORED) as zf:
            for i in range(args.entries):
                zf.writestr(f"detail/schema_{i % 97:02d}/table_{i:07d}.csv", b"a,b\n1,2\n")
    xlsx = OUT / f"column-{args.rows}.xlsx"
    if not xlsx.exists():
        with zipfile.ZipFile(paths["workbook"]) as zf, xlsx.open("wb") as out:
            shutil.copyfileobj(zf.open("column_detail.xlsx"), out)
    paths["xlsx"] = xlsx
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--text-mib", type=int, default=512)
    parser.add_argument("--big-mib", type=int, default=1024)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--skip-viewer", action="store_true")
    args = parser.parse_args(argv)
    paths = build(args)
    drs = [PY, "-m", "drs_tui"]
    print(f"whole-entry benchmarks, median of {args.repeat} (ours and the peer alternate)")
    print("\nCLI")
    side_by_side(
        f"show --errors --rows 0, {args.rows:,} x 6 xlsx | python-calamine to_python()",
        [*drs, "show", str(paths["workbook"]), "column_detail.xlsx", "--errors", "--rows", "0"],
        [PY, "-c", CALAMINE_PROBE, str(paths["xlsx"])],
        args.repeat,
        shell=False,
    )
    drs_cmd = " ".join(drs)
    side_by_side(
        f"show --rows 0 | grep, {args.text_mib} MiB CSV | unzip -p | grep",
        f"{drs_cmd} show {paths['text']} detail.csv --rows 0 | grep -c T_LAST_ONE",
        f"unzip -p {paths['text']} detail.csv | grep -c T_LAST_ONE",
        args.repeat,
        shell=True,
    )
    side_by_side(
        f"ls --json, {args.entries:,} entries | drs-tui ls",
        f"{drs_cmd} ls --json {paths['entries']} > /dev/null",
        f"{drs_cmd} ls {paths['entries']} > /dev/null",
        args.repeat,
        shell=True,
    )
    side_by_side(
        f"ls, {args.entries:,} entries | unzip -l",
        f"{drs_cmd} ls {paths['entries']} > /dev/null",
        f"unzip -l {paths['entries']} > /dev/null",
        args.repeat,
        shell=True,
    )
    if args.skip_viewer:
        return 0
    print("\nViewer (headless, 120x40; one run each)")
    last_table = f"T_ORDERS_{(args.rows - 1) // 200:05d}"  # the table of the last row
    for label, path, needle, entry in (
        (f"{args.rows:,}-row sheet", paths["workbook"], last_table, "column_detail.xlsx"),
        (f"{args.big_mib} MiB text entry", paths["big"], "T_LAST_ONE_XYZ", "sync.txt"),
    ):
        _, peak, out = run([PY, "-c", VIEWER_PROBE, str(path), needle, entry])
        marks = json.loads(out.strip().splitlines()[-1])
        print(
            f"  {label}: first rows {marks['first_rows']:.2f} s · index {marks['index']:.2f} s "
            f"({marks['rows']:,} rows, ✗ {marks['errors']:,}) · end {marks['end'] * 1000:.0f} ms"
            f" · search {marks['search']:.2f} s = {marks['search'] / marks['index']:.2f}x the "
            f"index ({marks['search_hits']:,} hits, last at {marks['search_last']:,}) · peak "
            f"{peak:.0f} MB",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
