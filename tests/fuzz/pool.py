"""Fuzz cases spread over worker processes, each case under a time and memory limit.

Each worker is a spawned process holding the seed corpus; it makes case N's input
itself (mutations are deterministic), runs it (case_runner.py) and sends back a
`CaseResult`, telling the parent as each command starts. The parent gives each command
`timeout` seconds: a worker that overruns is killed (faulthandler has dumped its stack
to a file first) and replaced, as is one that dies. Each worker also caps its address space (RLIMIT_AS) well above the memory limit,
so a runaway allocation ends as a MemoryError finding instead of taking the machine.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from tests.fuzz.case_runner import CaseResult, Finding
from tests.fuzz.mutations import make_case
from tests.fuzz.seeds import Seed, seed_corpus

_ADDRESS_SPACE_MARGIN = 1 << 30  # above the limit: a guard, the limit itself is measured
_STARTUP_TIMEOUT = 120.0


@dataclass(frozen=True)
class FuzzOptions:
    cases: int
    first: int = 0
    base_seed: int = 0
    workers: int = max(1, min(os.cpu_count() or 1, 8))
    timeout: float = 10.0
    memory_limit: int = 200 << 20
    workdir: Path | None = None


@dataclass
class FuzzReport:
    results: list[CaseResult] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    @property
    def findings(self) -> list[tuple[CaseResult, Finding]]:
        return [(r, f) for r in self.results for f in r.findings]

    def by_kind(self) -> Counter[str]:
        return Counter(f.kind for _, f in self.findings)

    def by_signature(self) -> dict[tuple[str, str], list[tuple[CaseResult, Finding]]]:
        groups: dict[tuple[str, str], list[tuple[CaseResult, Finding]]] = {}
        for result, finding in self.findings:
            groups.setdefault((finding.kind, finding.signature), []).append((result, finding))
        return groups


def worker_main(conn: Connection, seeds: tuple[Seed, ...], options: FuzzOptions, root: str) -> None:
    """A worker's life: set limits, warm up, then run the cases it is sent."""
    sys.dont_write_bytecode = True  # imports must not write .pyc files (the audit hook)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    scratch = Path(root)
    (scratch / "tmp").mkdir(parents=True, exist_ok=True)
    tempfile.tempdir = str(scratch / "tmp")
    os.chdir(scratch)
    hang_log = (scratch / "hang.txt").open("w")
    from tests.fuzz.case_runner import CaseRunner

    def on_step(argv: list[str]) -> None:
        hang_log.seek(0)
        hang_log.truncate()
        faulthandler.dump_traceback_later(max(options.timeout - 1, 0.5), file=hang_log)
        conn.send(("step", argv))

    runner = CaseRunner(scratch, options.memory_limit)
    runner.run(-1, "warm-up", seeds[0].data)  # lazy imports happen here, not in a case
    runner.on_step = on_step
    _limit_address_space(options.memory_limit)
    conn.send("ready")
    while True:
        try:
            case = conn.recv()
        except EOFError:  # the parent is gone
            break
        if case is None:
            break
        (scratch / "current.txt").write_text(f"{case}\n(the case was being made)")
        data, description = make_case(seeds, options.base_seed, case)
        (scratch / "current.txt").write_text(f"{case}\n{description}")
        result = runner.run(case, description, data)
        faulthandler.cancel_dump_traceback_later()
        conn.send(result)


def _limit_address_space(memory_limit: int) -> None:
    try:
        import resource

        size = _vm_size()
        if size:
            limit = size + memory_limit + _ADDRESS_SPACE_MARGIN
            resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
    except (ImportError, ValueError, OSError):
        pass


def _vm_size() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class _Worker:
    def __init__(self, index: int, seeds: tuple[Seed, ...], options: FuzzOptions, base: Path):
        self.root = base / f"worker{index}-{time.monotonic_ns()}"
        self.root.mkdir(parents=True)
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=worker_main, args=(child, seeds, options, str(self.root)), daemon=True
        )
        self.process.start()
        child.close()
        self.case: int | None = None
        self.deadline = 0.0
        self.argv: list[str] = []  # the command running now
        if not self.conn.poll(_STARTUP_TIMEOUT) or self.conn.recv() != "ready":
            raise RuntimeError("a fuzz worker did not start")

    def send(self, case: int, timeout: float) -> None:
        self.case = case
        self.argv = []
        self.deadline = time.monotonic() + timeout
        self.conn.send(case)

    def left_behind(self, name: str) -> bytes:
        """A file the worker wrote for the case it was running: its stack dump, its
        description, its input."""
        try:
            return (self.root / name).read_bytes()
        except OSError:
            return b""

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def run_fuzz(
    options: FuzzOptions,
    *,
    on_result: Callable[[CaseResult], None] | None = None,
    seeds: Iterable[Seed] | None = None,
) -> FuzzReport:
    """Run cases first .. first+cases-1; every result goes to `on_result` as it comes."""
    corpus = tuple(seeds) if seeds is not None else seed_corpus()
    report = FuzzReport()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="drs-fuzz-", dir=options.workdir) as base:
        workers = [_Worker(i, corpus, options, Path(base)) for i in range(options.workers)]
        pending = iter(range(options.first, options.first + options.cases))
        try:
            _drive(workers, pending, options, corpus, report, on_result, Path(base))
        except KeyboardInterrupt:
            report.interrupted = True  # a long run stopped by hand still gets its summary
        finally:
            for worker in workers:
                worker.stop()
    report.seconds = time.monotonic() - started
    return report


def _drive(
    workers: list[_Worker],
    pending: Iterable[int],
    options: FuzzOptions,
    corpus: tuple[Seed, ...],
    report: FuzzReport,
    on_result: Callable[[CaseResult], None] | None,
    base: Path,
) -> None:
    cases = iter(pending)

    def record(result: CaseResult) -> None:
        report.results.append(result)
        if on_result is not None:
            on_result(result)

    def feed(worker: _Worker) -> None:
        case = next(cases, None)
        if case is not None:
            worker.send(case, options.timeout)
        else:
            worker.case = None

    for worker in workers:
        feed(worker)
    while any(worker.case is not None for worker in workers):
        busy = [w for w in workers if w.case is not None]
        wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.25)
        for position, worker in enumerate(workers):
            if worker.case is None:
                continue
            answered = False
            try:
                while not answered and worker.conn.poll():
                    message = worker.conn.recv()
                    if isinstance(message, CaseResult):
                        record(message)
                        feed(worker)
                        answered = True
                    else:  # ("step", argv): a new command, a new clock
                        worker.argv = message[1]
                        worker.deadline = time.monotonic() + options.timeout
            except (EOFError, OSError):
                pass  # the worker died: seen below
            if answered:
                continue
            dead = not worker.process.is_alive()
            if dead or time.monotonic() > worker.deadline:
                record(_lost_case(worker, options, dead=dead))
                worker.stop(kill=True)
                workers[position] = replacement = _Worker(position, corpus, options, base)
                feed(replacement)


def _lost_case(worker: _Worker, options: FuzzOptions, *, dead: bool) -> CaseResult:
    case = worker.case if worker.case is not None else -1
    number, _, description = (
        worker.left_behind("current.txt").decode(errors="replace").partition("\n")
    )
    if number != str(case):
        description = "(unknown: the worker had not started it)"
    result = CaseResult(case, description, seconds=options.timeout)
    result.data = worker.left_behind("case/input.zip")
    stack = worker.left_behind("hang.txt").decode(errors="replace")
    if dead:
        code = worker.process.exitcode
        finding = Finding("crash", f"worker died (exit {code})", stack, worker.argv)
    else:
        finding = Finding("timeout", f"over {options.timeout:g} s", stack, worker.argv)
    result.findings.append(finding)
    return result


def summary(report: FuzzReport, *, top: int = 5) -> str:
    """Cases, findings by kind and by signature, the slowest and the biggest cases."""
    results = report.results
    lines = [
        ("interrupted; " if report.interrupted else "")
        + f"cases: {len(results):,} in {report.seconds:,.0f} s "
        f"({len(results) / max(report.seconds, 1e-9):,.1f}/s), "
        f"steps: {sum(r.steps for r in results):,}"
    ]
    kinds = report.by_kind()
    lines.append(
        "findings: " + (", ".join(f"{k} {n}" for k, n in kinds.most_common()) if kinds else "none")
    )
    for (kind, signature), group in sorted(report.by_signature().items()):
        first, finding = group[0]
        lines.append(f"  [{kind}] {signature}: {len(group)} cases, first case {first.case}")
        lines.append(f"      {shown(first.description[:160])}")
        if finding.argv:
            lines.append(f"      drs-tui {shown(' '.join(finding.argv)[:160])}")
    lines.append("slowest:")
    for result in sorted(results, key=lambda r: r.seconds, reverse=True)[:top]:
        lines.append(
            f"  {result.seconds:6.2f} s  case {result.case}: {shown(result.description[:120])}"
        )
    lines.append("biggest memory (peak RSS growth):")
    for result in sorted(results, key=lambda r: r.peak_bytes, reverse=True)[:top]:
        lines.append(
            f"  {result.peak_bytes / (1 << 20):7.1f} MiB  case {result.case}: "
            f"{shown(result.description[:120])}"
        )
    return "\n".join(lines)


def shown(text: str) -> str:
    """Text with control, format (bidi) and other unprintable characters escaped: case
    descriptions quote hostile entry names, which must not drive the terminal."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def as_record(result: CaseResult) -> dict[str, Any]:
    """A JSON-ready line for a findings log."""
    return {
        "case": result.case,
        "description": result.description,
        "seconds": round(result.seconds, 3),
        "peak_bytes": result.peak_bytes,
        "findings": [vars(f) for f in result.findings],
    }
