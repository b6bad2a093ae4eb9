"""Archive-layer benchmark: listing 100,000 entries, first 64 KiB of a 1 MiB / 1 GiB entry.

    python bench/bench_archive.py                 # inputs built once in bench/out/archive/
    python bench/bench_archive.py --repeat 9 --big-mib 256   # quicker build

Each engine measurement runs in a fresh subprocess, side by side with its peer
(`unzip -l`, `unzip -p FILE ENTRY | head -c 65536`). Times: median (and min) wall time
of --repeat runs; for the engine also the in-process time after imports. Memory:
"extra" is the peak RSS growth of the operation, measured inside the subprocess by
resetting the kernel's high-water mark (/proc/self/clear_refs) after the imports and
reading VmHWM - VmRSS at the end (falls back to resource.getrusage ru_maxrss deltas);
for the peers it is the peak RSS of the process tree (os.wait4 rusage).
Targets: listing <= 2x `unzip -l` and < 80 MB extra; first page < 20 ms, < 20 MB extra,
the same for 1 MiB and 1 GiB entries.
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out" / "archive"
PAGE = 64 * 1024
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None

# Runs in the measured subprocess: reset the RSS high-water mark, run, report.
PROBE = r"""
import json, os, resource, sys, time
t_start = time.perf_counter()
{imports}
def rss_kib(field):
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
try:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
    base, method = rss_kib("VmRSS"), "VmHWM"
except OSError:
    base, method = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "ru_maxrss"
t_imported = time.perf_counter()
{work}
t_done = time.perf_counter()
peak = rss_kib("VmHWM") if method == "VmHWM" else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"import_s": t_imported - t_start, "work_s": t_done - t_imported,
                   "extra_kib": peak - base, "method": method}}), file=sys.stderr)
"""

LIST_ENGINE = (
    "from drs_tui.result.zip.archive import ResultArchive",
    "archive = ResultArchive.open(sys.argv[1])\n"
    "names = archive.names; totals = archive.totals(); last = archive.entries[-1]\n"
    "assert totals.entries == len(names)",
)
LIST_TABLE = (
    "from drs_tui.result.zip.archive import ResultArchive\n"
    "from drs_tui.commands.ls_output import print_table",
    "archive = ResultArchive.open(sys.argv[1])\n"
    "print_table(archive, range(len(archive)), sys.stdout, checked=False)\nsys.stdout.flush()",
)
LIST_ZIPFILE = (
    "import zipfile",
    "infos = zipfile.ZipFile(sys.argv[1]).infolist()\nassert infos",
)
FIRST_PAGE = (
    "from drs_tui.result.zip.archive import ResultArchive",
    "archive = ResultArchive.open(sys.argv[1])\n"
    f"with archive.open_entry(archive.find(sys.argv[2])) as s: page = s.read({PAGE})\n"
    f"assert len(page) == {PAGE}",
)


@dataclass
class Sample:
    wall_s: float
    work_s: float | None
    extra_kib: int | None
    method: str


# -- inputs ----------------------------------------------------------------------------


def build_inputs(entries: int, big_mib: int, fresh: bool) -> tuple[Path, Path]:
    from tests.result.corpus import many_entries_zip

    OUT.mkdir(parents=True, exist_ok=True)
    many = OUT / f"many{entries}.zip"
    big = OUT / f"text{big_mib}m.zip"
    if fresh or not many.exists():
        print(f"building {many.name} ...", flush=True)
        many_entries_zip(OUT, entries)
    if fresh or not big.exists():
        print(f"building {big.name} (deflate, {big_mib} MiB + 1 MiB entries) ...", flush=True)
        build_text_zip(big, big_mib)
    return many, big


def build_text_zip(path: Path, mebibytes: int) -> None:
    """Log text repeating every 4 KiB: deflate reaches a few hundred to one."""
    block = "".join(
        f"2025-01-01 12:00:{i % 60:02d} INFO worker-{i % 8} table T_ORDER_{i % 5} "
        f"batch {i:03d} copied 1000 rows, 0 errors\n"
        for i in range(48)
    ).encode()
    chunk = block * ((1 << 20) // len(block) + 1)
    chunk = chunk[: 1 << 20]
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("small.log", "w") as out:
            out.write(chunk)
        with archive.open("big.log", "w", force_zip64=True) as out:
            for _ in range(mebibytes):
                out.write(chunk)
    tmp.replace(path)


# -- measuring -------------------------------------------------------------------------


def run_peer(command: Sequence[str] | str) -> Sample:
    """Wall time and peak RSS of a peer's process tree.

    The memory comes from GNU time run between us and the peer: a child spawned straight
    from this Python process inherits its high-water RSS, which would be measured instead.
    """
    shell = ["sh", "-c", command] if isinstance(command, str) else list(command)
    timed = [TIME, "-f", "%M", *shell] if TIME else shell
    started = time.perf_counter()
    result = subprocess.run(timed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 141):  # 141: unzip cut off by head's SIGPIPE
        raise SystemExit(f"{command!r} failed with {result.returncode}: {result.stderr}")
    lines = result.stderr.strip().splitlines()
    peak = int(lines[-1]) if TIME and lines and lines[-1].isdigit() else None
    return Sample(elapsed, None, peak, "peak RSS")


def run_engine(probe: tuple[str, str], *args: str) -> Sample:
    imports, work = probe
    code = PROBE.format(imports=imports, work=work)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - started
    report = json.loads(result.stderr.strip().splitlines()[-1])
    return Sample(elapsed, report["work_s"], report["extra_kib"], report["method"])


def repeat(runs: int, measure: object, *args: object) -> list[Sample]:
    assert callable(measure)
    measure(*args)  # warm the page cache and the interpreter's pyc files
    return [measure(*args) for _ in range(runs)]


@dataclass
class Row:
    case: str
    tool: str
    samples: list[Sample]

    def wall(self) -> float:
        return statistics.median(s.wall_s for s in self.samples)

    def work(self) -> float | None:
        values = [s.work_s for s in self.samples if s.work_s is not None]
        return statistics.median(values) if values else None

    def memory_mb(self) -> float | None:
        values = [s.extra_kib for s in self.samples if s.extra_kib is not None]
        return max(values) / 1024 if values else None


def print_rows(rows: list[Row]) -> None:
    head = (
        f"{'case':<30} {'tool':<34} {'wall ms':>8} {'min':>7} {'x peer':>7} "
        f"{'engine ms':>9} {'memory MB':>10}"
    )
    print(head)
    print("-" * len(head))
    peer_wall: dict[str, float] = {}
    for row in rows:
        wall = row.wall()
        if row.samples[0].work_s is None:
            peer_wall.setdefault(row.case, wall)
        ratio = wall / peer_wall[row.case] if row.case in peer_wall else None
        work = row.work()
        memory = row.memory_mb()
        kind = "extra" if row.samples[0].work_s is not None else "peak"
        print(
            f"{row.case:<30} {row.tool:<34} {wall * 1000:8.1f} "
            f"{min(s.wall_s for s in row.samples) * 1000:7.1f} "
            f"{f'{ratio:.2f}x' if ratio else '':>7} "
            f"{f'{work * 1000:.1f}' if work is not None else '':>9} "
            f"{f'{memory:.1f} {kind}' if memory is not None else '':>10}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--big-mib", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--fresh", action="store_true", help="rebuild the inputs")
    args = parser.parse_args(argv)
    if shutil.which("unzip") is None:
        raise SystemExit("unzip is needed as the peer (apt-get install unzip)")
    many, big = build_inputs(args.entries, args.big_mib, args.fresh)
    listing = f"list {args.entries:,} entries"
    drs_tui = shutil.which("drs-tui")
    rows = [
        Row(
            "interpreter start",
            "python -c pass",
            repeat(args.repeat, run_peer, [sys.executable, "-c", "pass"]),
        ),
        Row(listing, "unzip -l", repeat(args.repeat, run_peer, ["unzip", "-l", str(many)])),
        Row(
            listing,
            "engine: open+names+totals",
            repeat(args.repeat, run_engine, LIST_ENGINE, str(many)),
        ),
        Row(
            listing,
            "engine: open + ls table",
            repeat(args.repeat, run_engine, LIST_TABLE, str(many)),
        ),
        Row(
            listing,
            "zipfile.ZipFile().infolist()",
            repeat(args.repeat, run_engine, LIST_ZIPFILE, str(many)),
        ),
    ]
    if drs_tui:
        rows.append(
            Row(
                listing,
                "drs-tui ls (whole CLI)",
                repeat(args.repeat, run_peer, [drs_tui, "ls", str(many)]),
            )
        )
    for entry, label in (("small.log", "1 MiB"), ("big.log", f"{args.big_mib} MiB")):
        case = f"first 64 KiB of {label} entry"
        pipe = f"unzip -p '{big}' {entry} | head -c {PAGE} > /dev/null"
        rows.append(Row(case, "unzip -p | head -c 65536", repeat(args.repeat, run_peer, pipe)))
        rows.append(
            Row(
                case,
                "engine: open + open_entry + read",
                repeat(args.repeat, run_engine, FIRST_PAGE, str(big), entry),
            )
        )
    print()
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}, median of {args.repeat} runs")
    print("wall = whole process (interpreter start included); engine ms = work after imports")
    print()
    print_rows(rows)
    print()
    print("memory: engine rows = peak RSS growth during the work (VmHWM reset after imports);")
    print("        peer rows = peak RSS of the peer's process tree.")
    print()
    print_targets(rows)
    return 0


def print_targets(rows: list[Row]) -> None:
    """The issue's targets, judged on the rows above."""
    by_tool = {(row.case, row.tool): row for row in rows}
    listing = next(row for row in rows if row.tool == "unzip -l")
    engine = by_tool[(listing.case, "engine: open+names+totals")]
    table = by_tool[(listing.case, "engine: open + ls table")]
    checks = [
        (
            "listing process <= 2x unzip -l",
            engine.wall() / listing.wall(),
            engine.wall() <= 2 * listing.wall(),
        ),
        (
            "listing + full table process <= 2x unzip -l",
            table.wall() / listing.wall(),
            table.wall() <= 2 * listing.wall(),
        ),
        ("listing extra memory < 80 MB", table.memory_mb() or 0.0, (table.memory_mb() or 0) < 80),
    ]
    for row in rows:
        if row.tool.startswith("engine: open + open_entry"):
            work_ms = (row.work() or 0.0) * 1000
            memory = row.memory_mb() or 0.0
            checks.append((f"{row.case}: < 20 ms", work_ms, work_ms < 20))
            checks.append((f"{row.case}: < 20 MB extra", memory, memory < 20))
    print("targets")
    for label, value, passed in checks:
        print(f"  {'PASS' if passed else 'FAIL'}  {label:<52} ({value:.2f})")


if __name__ == "__main__":
    raise SystemExit(main())
