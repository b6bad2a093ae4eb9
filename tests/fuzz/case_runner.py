"""One fuzz case, in a worker process: every command a user can run on the input.

The input goes through `drs_tui.cli.main` in-process, as `drs-tui` would run it: `ls`,
`ls --json`, then for each entry `ls --json` names (up to MAX_ENTRIES) `show`, `show
--rows 0` and `show --errors`, then `extract` into a fresh folder. Output goes to a sink
that only counts. A finding is anything but an orderly end: an exception out of `main`
(SystemExit from argparse aside), a traceback printed on stderr, an exit code that is
not 0, 2 or 6, a default `show` page larger than PAGE_LIMIT, memory above the limit,
a write or link outside the case's folder (seen by an audit hook on every file
operation), or a symbolic link among the extracted files. Timeouts and hard crashes are
caught by the pool, which runs this in a process it can kill and times each command.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_ENTRIES = 16
PAGE_LIMIT = 4 << 20  # bytes a default `show` page may print
OK_CODES = {0, 2, 6}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_WRITE_EVENTS = {
    "os.rename": (0, 1),
    "os.replace": (0, 1),
    "os.link": (1,),
    "os.symlink": (1,),
    "os.mkdir": (0,),
    "os.remove": (0,),
    "os.rmdir": (0,),
    "os.chmod": (0,),
    "os.chown": (0,),
    "os.utime": (0,),
    "os.truncate": (0,),
    "shutil.copyfile": (1,),
    "shutil.rmtree": (0,),
}


@dataclass
class Finding:
    kind: str
    signature: str
    detail: str
    argv: list[str]


@dataclass
class CaseResult:
    case: int
    description: str
    seconds: float = 0.0
    peak_bytes: int = 0
    output_bytes: int = 0
    steps: int = 0
    findings: list[Finding] = field(default_factory=list)
    data: bytes = b""  # the input, kept only when there are findings


class CountingSink(io.TextIOBase):
    """A text stream that keeps nothing but a count (and, for stderr, a short head)."""

    def __init__(self, keep: int = 0) -> None:
        super().__init__()
        self.count = 0
        self._keep = keep
        self.head = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.count += len(text)
        if len(self.head) < self._keep:
            self.head += text[: self._keep - len(self.head)]
        return len(text)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"


class WriteGuard:
    """An audit hook recording file writes outside the allowed folders while armed."""

    def __init__(self) -> None:
        self.allowed: tuple[str, ...] = ()
        self.armed = False
        self.outside: list[str] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.armed:
            return
        if event == "open":
            path, mode, flags = args
            writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS
            )
            if writes:
                self._check(event, path)
        elif event in _WRITE_EVENTS:
            for position in _WRITE_EVENTS[event]:
                if position < len(args):
                    self._check(event, args[position])

    def _check(self, event: str, path: object) -> None:
        if isinstance(path, int) or path is None:
            return  # a file descriptor (or a dir_fd-relative call): opened earlier, checked then
        try:
            text = os.fsdecode(path)  # type: ignore[arg-type]
            full = os.path.realpath(os.path.join(os.getcwd(), text))
        except (TypeError, ValueError, OSError):
            self.outside.append(f"{event} {path!r}")
            return
        if not any(full == root or full.startswith(root + os.sep) for root in self.allowed):
            self.outside.append(f"{event} {full}")


@contextlib.contextmanager
def _streams(out: CountingSink, err: CountingSink) -> Iterator[None]:
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def _signature(exc: BaseException) -> str:
    """Exception type and the innermost drs_tui frame: one line per distinct bug."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "drs_tui" in f.filename] or frames
    where = ours[-1] if ours else None
    place = f"{Path(where.filename).name}:{where.name}" if where else "?"  # no line: stable
    return f"{type(exc).__name__} at {place}"


class CaseRunner:
    """Runs cases in one worker; `root` is the worker's own scratch folder."""

    def __init__(
        self,
        root: Path,
        memory_limit: int,
        on_step: Callable[[list[str]], None] | None = None,
    ) -> None:
        self.root = root
        self.memory_limit = memory_limit
        self.on_step = on_step  # told before each command: the pool times each one
        self.guard = WriteGuard()
        from drs_tui.cli import main

        self._main = main

    def run(self, case: int, description: str, data: bytes) -> CaseResult:
        result = CaseResult(case, description)
        folder = self.root / "case"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        path = folder / "input.zip"
        path.write_bytes(data)
        dest = folder / "dest"
        scratch = str(Path(tempfile.gettempdir()).resolve())  # spooled nested archives
        self.guard.allowed = (str(dest.resolve()), scratch, os.devnull, "/proc/self/clear_refs")
        baseline = _reset_peak()
        started = time.perf_counter()
        try:
            self._commands(result, path, dest)
        finally:
            result.seconds = time.perf_counter() - started
            result.peak_bytes = max(_peak() - baseline, 0)
        if result.peak_bytes > self.memory_limit:
            result.findings.append(
                Finding("memory", "peak over the limit", f"{result.peak_bytes:,} bytes", [])
            )
        for link in (p for p in dest.rglob("*") if p.is_symlink()) if dest.exists() else ():
            result.findings.append(Finding("symlink", "link extracted", str(link), []))
        if result.findings:
            result.data = data
        shutil.rmtree(folder, ignore_errors=True)
        return result

    def _commands(self, result: CaseResult, path: Path, dest: Path) -> None:
        self._step(result, ["ls", str(path)])
        listing = self._step(result, ["ls", "--json", str(path)], keep=8 << 20)
        for name in _entry_names(listing)[:MAX_ENTRIES]:
            self._step(result, ["show", str(path), name], page=True)
            self._step(result, ["show", str(path), name, "--rows", "0"])
            self._step(result, ["show", str(path), name, "--errors"])
        self.guard.outside.clear()
        self.guard.armed = True
        try:
            self._step(result, ["extract", str(path), "-d", str(dest)])
        finally:
            self.guard.armed = False
        if self.guard.outside:
            detail = "\n".join(self.guard.outside[:20])
            result.findings.append(Finding("outside-write", "write outside -d", detail, []))

    def _step(
        self, result: CaseResult, argv: list[str], *, keep: int = 0, page: bool = False
    ) -> str:
        out, err = CountingSink(keep), CountingSink(64 << 10)
        result.steps += 1
        if self.on_step is not None:
            self.on_step(argv)
        with _streams(out, err):
            try:
                code = self._main(argv)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
            except MemoryError as exc:
                detail = "".join(traceback.format_exception(exc))
                result.findings.append(Finding("memory", _signature(exc), detail, argv))
                return ""
            except Exception as exc:  # any escape is the finding
                detail = "".join(traceback.format_exception(exc))
                result.findings.append(Finding("traceback", _signature(exc), detail, argv))
                return ""
        result.output_bytes = max(result.output_bytes, out.count)
        if "Traceback (most recent call last)" in err.head:
            result.findings.append(Finding("stderr-traceback", "traceback printed", err.head, argv))
        if code not in OK_CODES:
            result.findings.append(Finding("exit-code", f"exit {code}", err.head[:2000], argv))
        if page and out.count > PAGE_LIMIT:
            detail = f"{out.count:,} characters from a default page"
            result.findings.append(Finding("output", "default page unbounded", detail, argv))
        return out.head


def _entry_names(listing: str) -> list[str]:
    try:
        entries = json.loads(listing)["entries"]
        return [e["name"] for e in entries if not e["is_dir"]]
    except (ValueError, KeyError, TypeError):
        return []


def _reset_peak() -> int:
    """Reset the kernel's RSS high-water mark; the current RSS in bytes (0 if unknown)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")
    return _status("VmRSS")


def _peak() -> int:
    return _status("VmHWM")


def _status(key: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
