"""Startup and job-picker benchmark, side by side with a minimal Textual app (the floor).

    python bench/bench_startup.py               # 5 startups per case, 100 keys per kind
    python bench/bench_startup.py --runs 3 --keys 50

Part 1, startup in a real pseudo-terminal (100x30, TERM=xterm-256color): wall time from
spawning the process until a marker is on the terminal, median of --runs. drs_tui is
byte-compiled first, as `pip install` does (Textual, the floor's only import, comes
compiled from its wheel; a source checkout run with PYTHONDONTWRITEBYTECODE=1 would
otherwise compile all of drs_tui on every start):
  floor        `python -c` with a minimal Textual app (one Static): "ready";
  drs-tui      `drs-tui --demo`: the job picker drawn ("search name or ID"; the first
               interactive screen, keys work) and its jobs listed ("orders-oracle-...",
               after the embedded simulator started and answered over HTTP).
Part 2, 1,000 jobs in the picker, headless (App.run_test at 120x40), each case in a fresh
subprocess: "first rows" is from creating the app until the first job row is on screen;
a keystroke is from sending the key until every widget handled its messages and the
screen is composed (median, p95, max over down, pagedown, up, end, home); "peak MB" is
the subprocess's peak RSS (VmHWM). Cases: the floor, the picker (JobTable, a line-API
ScrollView against the simulator with 1,000 jobs on one page) and, for comparison, the
same rows in Textual's stock DataTable.
Targets (issue 5): startup within 1.3x of the floor; first rows within 1 s; under 50 ms
per keystroke; peak under 250 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pty
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
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
SIZE = (120, 40)
JOBS = 1000
FLOOR_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Floor(App):\n"
    "    def compose(self):\n"
    "        yield Static('ready')\n"
    "Floor().run()\n"
)
ANSI = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]|\x1b\][^\x07]*\x07"
)


# -- part 1: startup in a pty -----------------------------------------------------------


def time_startup(command: list[str], markers: list[bytes], cwd: Path) -> list[float]:
    """Seconds from spawn until each marker is on the terminal; then ctrl+q."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    found: list[float] = []
    deadline = start + 30
    try:
        while len(found) < len(markers) and time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                seen += chunk
                text = ANSI.sub(b"", seen)
                while len(found) < len(markers) and markers[len(found)] in text:
                    found.append(time.perf_counter() - start)
        os.write(master, b"\x11")  # ctrl+q
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    finally:
        os.close(master)
    if len(found) < len(markers):
        raise SystemExit(f"{command}: markers not seen: {markers[len(found) :]}")
    return found


def startup(runs: int) -> dict[str, list[float]]:
    import compileall

    import drs_tui

    compileall.compile_dir(Path(drs_tui.__file__).parent, quiet=1)
    exe = Path(sys.executable).parent / "drs-tui"
    app = [str(exe), "--demo"] if exe.exists() else [sys.executable, "-m", "drs_tui", "--demo"]
    cases = {
        "floor": ([sys.executable, "-c", FLOOR_APP], [b"ready"]),
        "drs-tui": (app, [b"search name or ID", b"orders-oracle-to-gaussdb"]),
    }
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as cwd:
        time_startup(cases["floor"][0], cases["floor"][1], Path(cwd))  # warm the disk cache
        for name, (command, markers) in cases.items():
            samples = [time_startup(command, markers, Path(cwd)) for _ in range(runs)]
            for i in range(len(markers)):
                results[f"{name}:{i}"] = [s[i] for s in samples]
    return results


# -- part 2: 1,000 jobs, inside the measured subprocess ------------------------------------


async def probe(case: str, keys: int) -> dict[str, Any]:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable, Static

    from drs_tui.simulator.jobs import demo_jobs

    # The simulator runs in its own process, as a real server would: in this process its
    # threads would compete for the GIL with the keystrokes being timed.
    rows = [j for j in demo_jobs(filler=JOBS) if j.job_type == "sync"][:JOBS]
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(JOBS)], stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    base_url = server.stdout.readline().strip()
    try:

        class Floor(App[None]):
            def compose(self) -> ComposeResult:
                yield Static("drs-tui", id="floor")

        class Stock(App[None]):
            def compose(self) -> ComposeResult:
                yield DataTable(id="stock")

            def on_mount(self) -> None:
                table = self.query_one(DataTable)
                table.add_columns("Name", "ID", "Status", "Engine", "Dir", "Created")
                table.add_rows(
                    (j.name, j.id, j.status, j.engine_type, j.job_direction, j.create_time)
                    for j in rows
                )
                table.focus()

        def make() -> App[Any]:
            if case == "floor":
                return Floor()
            if case == "datatable":
                return Stock()
            from drs_tui.ui.app import DrsApp
            from drs_tui.ui.remembered import Remembered

            return DrsApp(
                demo_base_url=base_url,
                remembered=Remembered(None),
                page_size=JOBS,
                download_folder=Path(tempfile.gettempdir()),
            )

        def shown(app: App[Any]) -> bool:
            if case == "floor":
                return bool(app.screen.query("#floor"))
            if case == "datatable":
                table = app.screen.query("#stock")
                return bool(table) and table.first().row_count == JOBS  # type: ignore[attr-defined]
            from drs_tui.ui.screens.job_table import JobTable

            tables = app.screen.query(JobTable)
            return (
                bool(tables)
                and len(tables.first().jobs) == JOBS
                and bool(
                    rows[0].name[:12] in "".join(s.text for s in tables.first().render_line(1))
                )
            )

        start = time.perf_counter()
        app = make()
        async with app.run_test(size=SIZE) as pilot:
            while not shown(app):
                if time.perf_counter() - start > 60:
                    from drs_tui.ui.screens.job_table import JobTable

                    t = app.screen.query(JobTable).first()
                    line = "".join(s.text for s in t.render_line(1))
                    raise SystemExit(f"{case}: rows never shown: {len(t.jobs)} {line!r}")
                await asyncio.sleep(0.002)
            app.screen._compositor.render_strips()
            first = time.perf_counter() - start
            await pilot.pause()
            times, labels = await time_keys(app, pilot, keys)
    finally:
        server.terminate()
        server.wait()
    note = slowest(times, labels)
    return {"first_s": first, "keys_s": times, "peak_mb": peak_mb(), "slowest": note}


def serve(jobs: int) -> None:
    """The simulator with `jobs` sync jobs, until killed; prints its base URL first."""
    from drs_tui.simulator import Simulator
    from drs_tui.simulator.jobs import demo_jobs

    sim = Simulator(jobs=[j for j in demo_jobs(filler=jobs) if j.job_type == "sync"][:jobs])
    print(sim.base_url, flush=True)
    sim.serve_forever()


def run_case(case: str, keys: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--probe", case, "--keys", str(keys)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{case} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="startups per case")
    parser.add_argument("--keys", type=int, default=100, help="presses of down/pagedown/up")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve)
        return 0
    if args.probe:
        print(json.dumps(asyncio.run(probe(args.probe, args.keys))))
        return 0

    print(f"startup in a 100x30 pty, median of {args.runs} runs\n")
    times = startup(args.runs)
    floor = statistics.median(times["floor:0"])
    shell = statistics.median(times["drs-tui:0"])
    jobs = statistics.median(times["drs-tui:1"])
    for label, value in (
        ("minimal Textual app (floor)", floor),
        ("drs-tui --demo: job picker drawn", shell),
        ("drs-tui --demo: jobs listed (via simulator)", jobs),
    ):
        print(f"{label:<46}{value:>7.3f}s  {value / floor:.2f}x floor")

    print(f"\n{JOBS:,} jobs, headless {SIZE[0]}x{SIZE[1]}, {args.keys} presses per key kind\n")
    print(TABLE_HEADER)
    results = {}
    for case, label in (
        ("floor", "minimal Textual app (floor)"),
        ("picker", "job picker (JobTable, line API)"),
        ("datatable", "stock DataTable, same rows"),
    ):
        result = run_case(case, args.keys)
        results[case] = result
        print(table_row(label, result, f"slowest: {result['slowest']}"))
    picker = results["picker"]
    print("\ntargets: startup <= 1.3x floor, first rows <= 1 s, keystroke < 50 ms, peak < 250 MB")
    ok = (
        shell <= 1.3 * floor
        and picker["first_s"] <= 1.0
        and max(picker["keys_s"]) < 0.05
        and picker["peak_mb"] < 250
    )
    print("all met" if ok else "NOT all met")
    shutil.rmtree(Path(tempfile.gettempdir()) / "drs-tui-bench", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
