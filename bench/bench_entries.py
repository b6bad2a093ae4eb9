"""Archives with very many entries (issue 10): `ls`, `ls --json` and the viewer's memory.

    python bench/bench_entries.py                  # inputs built once in bench/out/entries/
    python bench/bench_entries.py --repeat 5 --counts 100000 1000000
    python bench/bench_entries.py --input /work/big/e100k.zip --input /work/big/e1m.zip

Each measurement is a fresh process, ours and the peer alternating; the median wall time
(whole process, output to a file) and the peak RSS are printed side by side with the
ratio the target names:

- `drs-tui ls` on 100,000 entries against `unzip -l`: <= 2x;
- `drs-tui ls --json` against `drs-tui ls`, on 100,000 and 1,000,000 entries: <= 1.5x;
- the viewer (`drs-tui open`'s app, headless at 120x40) holding 1,000,000 entries:
  resident < 200 MB, once listed (steady, after end and home) and at its peak (VmHWM),
  side by side with a Textual app showing one Static (the floor of any Textual app).

Tests never assert on time; this script prints the figures for the closing notes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

from bench_whole import run, side_by_side  # bench/ is on sys.path when run

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "entries"
PY = sys.executable
VIEWER_TARGET_MB = 200

VIEWER_PROBE = r"""
import asyncio, json, sys, time
from pathlib import Path

def memory():
    found = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                found[line[:5]] = int(line.split()[1]) / 1024
    return found

async def main(path):
    if path == "-":  # the floor: a Textual app with one Static
        from textual.app import App
        from textual.widgets import Static

        class Floor(App[None]):
            def compose(self):
                yield Static("floor")

        app = Floor()
        listed = lambda: True
    else:
        from drs_tui.ui.screens.result_viewer import ResultViewerScreen
        from drs_tui.ui.viewer_app import ViewerApp

        app = ViewerApp(Path(path))

        def listed():
            screen = app.screen
            return (
                isinstance(screen, ResultViewerScreen)
                and screen.archive is not None
                and len(screen.entries.entry_list.entries) > 0
            )

    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while not listed():
            await pilot.pause(0.05)
        seconds = time.perf_counter() - start
        await pilot.pause(1.0)
        for key in ("end", "home"):
            await pilot.press(key)
            await pilot.pause(0.5)
        marks = memory()
    print(json.dumps({"listed": seconds, "steady": marks["VmRSS"], "peak": marks["VmHWM"]}))

asyncio.run(main(sys.argv[1]))
"""


def build(counts: Sequence[int]) -> list[Path]:
    """The archives of bench_whole.py's many-entry case, one per count."""
    OUT.mkdir(parents=True, exist_ok=True)
    paths = []
    for count in counts:
        path = OUT / f"entries-{count}.zip"
        if not path.exists():
            print(f"building {path.name} ...", flush=True)
            with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
                for i in range(count):
                    zf.writestr(f"detail/schema_{i % 97:02d}/table_{i:07d}.csv", b"a,b\n1,2\n")
        paths.append(path)
    return paths


def entry_count(path: Path) -> int:
    # In a child: a million ZipInfos would swell this process, and every child forked
    # from it would report that as its own peak RSS.
    probe = "import sys, zipfile; print(len(zipfile.ZipFile(sys.argv[1]).infolist()))"
    return int(run([PY, "-c", probe, str(path)])[2])


def viewer(path: str) -> dict[str, float]:
    _, _, out = run([PY, "-c", VIEWER_PROBE, path])
    marks: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return marks


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--counts", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--input", type=Path, action="append", help="use this archive")
    parser.add_argument("--skip-viewer", action="store_true")
    args = parser.parse_args(argv)
    inputs = [path.resolve() for path in args.input or []]
    os.chdir(ROOT)  # `python -m drs_tui` and the probe import this checkout's package
    paths = inputs or build(args.counts)
    sized = sorted((entry_count(path), path) for path in paths)
    drs = f"{PY} -m drs_tui"
    listing = OUT / "listing.out"
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"many-entry benchmarks, median of {args.repeat} (ours and the peer alternate)")
    print("\nCLI (output to a file)")
    for count, path in sized:
        if count <= 100_000:
            side_by_side(
                f"ls, {count:,} entries | unzip -l",
                f"{drs} ls {path} > {listing}",
                f"unzip -l {path} > {listing}",
                args.repeat,
                shell=True,
            )
        side_by_side(
            f"ls --json, {count:,} entries | drs-tui ls",
            f"{drs} ls --json {path} > {listing}",
            f"{drs} ls {path} > {listing}",
            args.repeat,
            shell=True,
        )
    if args.skip_viewer:
        return 0
    count, path = sized[-1]
    print(f"\nViewer (headless, 120x40, one run each): {count:,} entries | a one-Static app")
    ours, floor = viewer(str(path)), viewer("-")
    for key, label in (("steady", "resident once listed"), ("peak", "peak resident (VmHWM)")):
        print(
            f"  {label:<54} ours {ours[key]:7.0f} MB   floor {floor[key]:7.0f} MB"
            f"   ratio {ours[key] / floor[key]:5.2f}x   target < {VIEWER_TARGET_MB} MB: "
            f"{'met' if ours[key] < VIEWER_TARGET_MB else 'MISSED'}",
            flush=True,
        )
    print(f"  listed after {ours['listed']:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
