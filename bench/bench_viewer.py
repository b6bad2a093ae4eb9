"""Result viewer benchmark: first rows and keystrokes, side by side with a minimal Textual app.

    python bench/bench_viewer.py              # inputs built once in bench/out/viewer/
    python bench/bench_viewer.py --keys 50    # fewer keystrokes per kind

Cases, each in a fresh subprocess driven headless by App.run_test / Pilot at 120x40:
  floor    a minimal Textual app (one Static): the cost of Textual and the pilot alone;
  entries  the viewer on a 100,000-entry ZIP: the entry list, keys sent to it;
  sheet    the viewer on a ZIP holding a 100,000 x 10 workbook: the preview table.

"first rows" is the wall time from creating the app (imports done) until the rows are on
screen: the entry list holds every entry and its first row renders (entries), or the
preview table shows its first data row (sheet); for the floor, until the Static renders.
A keystroke is the time from sending the key event until every widget of the screen
has handled its messages (`Pilot._wait_for_screen`) and the whole screen is composed
into strips: median, 95th percentile and max over down, pagedown, up, end and home
presses. (`pilot.press` itself waits for CPU idle and adds ~60 ms to any app.)
"peak MB" is the subprocess's peak RSS (VmHWM), imports included.
Targets (issue 5): first rows within 1 s, under 50 ms per keystroke, peak under 250 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from keystrokes import (  # bench/ is on sys.path when run
    TABLE_HEADER,
    peak_mb,
    slowest,
    table_row,
    time_keys,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out" / "viewer"
SIZE = (120, 40)


def build_inputs() -> dict[str, Path]:
    """The 100,000-entry ZIP and the workbook ZIP, built once."""
    import zipfile

    from tests.result.corpus import many_entries_zip
    from tests.result.sheet_corpus import write_big_xlsx

    OUT.mkdir(parents=True, exist_ok=True)
    many = OUT / "many100000.zip"
    if not many.exists():
        print("building many100000.zip ...", flush=True)
        many_entries_zip(OUT, 100_000)
    sheet = OUT / "sheet100000x10.zip"
    if not sheet.exists():
        print("building sheet100000x10.zip (100,000 x 10 workbook) ...", flush=True)
        xlsx = write_big_xlsx(OUT / "sheet.xlsx", 100_000)
        with zipfile.ZipFile(sheet.with_suffix(".tmp"), "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(xlsx, "object_import_detail.xlsx")
            archive.writestr("README.txt", "bench\n")
        sheet.with_suffix(".tmp").replace(sheet)
        xlsx.unlink()
    return {"entries": many, "sheet": sheet}


# -- inside the measured subprocess -------------------------------------------------------


async def probe(case: str, path: str, keys: int) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    from drs_tui.ui.screens.result_viewer import ResultViewerScreen

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("drs-tui", id="floor")

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ResultViewerScreen(Path(path)))

    def shown(app: App[None]) -> bool:
        if case == "floor":
            return bool(app.screen.query("#floor"))
        if not isinstance(app.screen, ResultViewerScreen):
            return False
        viewer = app.screen
        if case == "entries":
            listing = viewer.entry_list
            return listing.row_count == 100_000 and "file000000" in listing.render_line(1).text
        table = viewer.preview.table
        return viewer.preview.showing == "table" and table.row_count > 0

    start = time.perf_counter()
    app: App[None] = Floor() if case == "floor" else Host()
    async with app.run_test(size=SIZE) as pilot:
        while not shown(app):
            await asyncio.sleep(0.002)
        app.screen._compositor.render_strips()
        first = time.perf_counter() - start
        if case == "sheet":
            app.screen.query_one("#preview-table").focus()
        await pilot.pause()
        times, labels = await time_keys(app, pilot, keys)
        rows = ""
        if case != "floor":
            rows = f"{app.screen.query_one('#entries').row_count:,} entries"  # type: ignore[attr-defined]
            if case == "sheet":
                table = app.screen.query_one("#preview-table")
                rows = f"{table.row_count:,} table rows loaded"  # type: ignore[attr-defined]
    rows += "; slowest: " + slowest(times, labels)
    return {"first_s": first, "keys_s": times, "peak_mb": peak_mb(), "rows": rows}


# -- the driver ----------------------------------------------------------------------------


def run_case(case: str, path: Path | None, keys: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--probe", case, "--path", str(path or ""), "--keys"]
    done = subprocess.run([*command, str(keys)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{case} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keys", type=int, default=100, help="presses of down/pagedown/up")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(asyncio.run(probe(args.probe, args.path, args.keys))))
        return 0
    inputs = build_inputs()
    print(f"terminal {SIZE[0]}x{SIZE[1]} (headless), {args.keys} presses per key kind\n")
    print(TABLE_HEADER + "  shown")
    results = {}
    for case, label in (
        ("floor", "minimal Textual app (floor)"),
        ("entries", "viewer, 100,000-entry ZIP"),
        ("sheet", "viewer, 100,000 x 10 workbook"),
    ):
        result = run_case(case, inputs.get(case), args.keys)
        results[case] = result
        print(table_row(label, result, result["rows"]))
    print("\ntargets: first rows <= 1 s, keystroke < 50 ms, peak < 250 MB")
    ok = all(
        results[c]["first_s"] <= 1.0
        and max(results[c]["keys_s"]) < 0.05
        and results[c]["peak_mb"] < 250
        for c in ("entries", "sheet")
    )
    print("all met" if ok else "NOT all met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
