"""Fuzz the result engine through the CLI: `ls`, `ls --json`, `show` and `extract`.

    python bench/fuzz_result.py --cases 100000            # the issue 11 run
    python bench/fuzz_result.py --cases 2000 --workers 4 --seed 7
    python bench/fuzz_result.py --replay 1234 --seed 7     # one case, in this process

Cases are mutants of a seed corpus built by code (tests/fuzz/seeds.py, mutations.py),
run in worker processes under a time limit per command (--timeout, default 10 s) and
a memory limit (--memory-mb, default 200: the peak RSS growth of the case). A summary
gives the number of cases, findings by kind and by signature (first case, how it was
made, the command), the slowest cases and the biggest memory. The input and details of
the first cases of each signature are written to --out (default bench/out/fuzz/), and
`--replay N` runs case N again in-process and prints what it found, for debugging.
Findings: traceback (an exception out of `drs_tui.cli.main`), stderr-traceback,
exit-code (not 0, 2 or 6), output (a default `show` page over 4 MiB), memory, timeout,
crash (the worker died), outside-write and symlink (extraction left the folder).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz.case_runner import CaseResult, CaseRunner  # noqa: E402
from tests.fuzz.mutations import make_case  # noqa: E402
from tests.fuzz.pool import FuzzOptions, as_record, run_fuzz, shown, summary  # noqa: E402
from tests.fuzz.seeds import seed_corpus  # noqa: E402

KEEP_PER_SIGNATURE = 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--first", type=int, default=0, help="number of the first case")
    parser.add_argument("--seed", type=int, default=0, help="base seed of the mutations")
    parser.add_argument("--workers", type=int, default=FuzzOptions(0).workers)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per command of a case")
    parser.add_argument("--memory-mb", type=int, default=200, help="peak RSS growth per case")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "fuzz")
    parser.add_argument("--workdir", type=Path, help="scratch folder (default: /dev/shm)")
    parser.add_argument("--replay", type=int, metavar="CASE", help="run one case in-process")
    args = parser.parse_args()
    if args.replay is not None:
        return replay(args.replay, args.seed, args.memory_mb << 20)
    workdir = args.workdir or (Path("/dev/shm") if Path("/dev/shm").is_dir() else None)
    options = FuzzOptions(
        cases=args.cases,
        first=args.first,
        base_seed=args.seed,
        workers=args.workers,
        timeout=args.timeout,
        memory_limit=args.memory_mb << 20,
        workdir=workdir,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    log = (args.out / f"findings-seed{args.seed}.jsonl").open("a")
    kept: dict[tuple[str, str], int] = {}
    seeds = seed_corpus()
    done = 0
    started = time.monotonic()

    def on_result(result: CaseResult) -> None:
        nonlocal done
        done += 1
        for finding in result.findings:
            key = (finding.kind, finding.signature)
            kept[key] = kept.get(key, 0) + 1
            if kept[key] <= KEEP_PER_SIGNATURE:
                stem = args.out / f"{finding.kind}-seed{args.seed}-case{result.case}"
                stem.with_suffix(".zip").write_bytes(result.data)
                stem.with_suffix(".txt").write_text(
                    f"{result.description}\ndrs-tui {' '.join(finding.argv)}\n\n{finding.detail}"
                )
        if result.findings:
            log.write(json.dumps(as_record(result), ensure_ascii=False) + "\n")
            log.flush()
        if done % 500 == 0:
            rate = done / max(time.monotonic() - started, 1e-9)
            found = sum(kept.values())
            print(f"{done:,} cases, {rate:.1f}/s, {found} findings", file=sys.stderr, flush=True)

    signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` also ends with a summary
    report = run_fuzz(options, on_result=on_result, seeds=seeds)
    log.close()
    print(summary(report))
    print(f"inputs and details of findings: {args.out}")
    return 1 if report.findings else 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def replay(case: int, base_seed: int, memory_limit: int) -> int:
    data, description = make_case(seed_corpus(), base_seed, case)
    print(f"case {case}: {shown(description)}")
    with tempfile.TemporaryDirectory() as folder:
        result = CaseRunner(Path(folder), memory_limit).run(case, description, data)
    print(f"{result.seconds:.2f} s, peak {result.peak_bytes / (1 << 20):.1f} MiB")
    for finding in result.findings:
        print(f"[{finding.kind}] {finding.signature}\n  drs-tui {shown(' '.join(finding.argv))}")
        print(shown(finding.detail).replace("\\n", "\n"))
    return 1 if result.findings else 0


if __name__ == "__main__":
    sys.exit(main())
