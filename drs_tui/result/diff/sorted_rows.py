"""Rows sorted by their key without holding a whole entry: an external merge sort.

Rows are gathered until about RUN_BYTES of them are held, sorted, and written as one
run to a private temporary folder; `heapq.merge` then reads all runs at once, a chunk
of each at a time. An entry that fits in one run never touches the disk. The folder is
removed when the `SpillFolder` closes, on success, on error and on Ctrl-C alike.
"""

from __future__ import annotations

import heapq
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

# (key values, ordinal in the entry, source row number, every cell of the row)
Record = tuple[tuple[str, ...], int, int, list[str]]
RUN_BYTES = 16 * 1024 * 1024  # estimated memory of the rows held before a run is written
_CHUNK = 256  # records per pickle on disk, and read back per run at a time
_PER_CELL = 64  # rough bytes a str object costs beyond its characters
_PER_ROW = 200


class SpillFolder:
    """A temporary folder made on first use and removed, whole, on close."""

    def __init__(self, parent: str | Path | None = None) -> None:
        self._parent = parent
        self.path: Path | None = None
        self._runs = 0

    def new_run(self) -> Path:
        if self.path is None:
            self.path = Path(tempfile.mkdtemp(prefix="drs-tui-diff-", dir=self._parent))
        self._runs += 1
        return self.path / f"run-{self._runs:05d}.bin"

    def close(self) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
            self.path = None

    def __enter__(self) -> SpillFolder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class SortedRows:
    """Collects records (`add`), then gives them back in key order (`merged`)."""

    def __init__(self, spill: SpillFolder, *, run_bytes: int = RUN_BYTES) -> None:
        self._spill = spill
        self._run_bytes = run_bytes
        self._held: list[Record] = []
        self._held_bytes = 0
        self._runs: list[Path] = []
        self.count = 0

    def add(self, record: Record) -> None:
        self._held.append(record)
        self.count += 1
        cells = record[3]
        self._held_bytes += _PER_ROW + _PER_CELL * len(cells) + sum(map(len, cells))
        if self._held_bytes >= self._run_bytes:
            self._write_run()

    @property
    def runs(self) -> int:
        return len(self._runs)

    def _write_run(self) -> None:
        self._held.sort()
        path = self._spill.new_run()
        with path.open("wb") as file:
            for start in range(0, len(self._held), _CHUNK):
                pickle.dump(self._held[start : start + _CHUNK], file, pickle.HIGHEST_PROTOCOL)
        self._runs.append(path)
        self._held = []
        self._held_bytes = 0

    def merged(self) -> Iterator[Record]:
        """Every record added, by (key, ordinal); once."""
        self._held.sort()
        if not self._runs:
            held, self._held = self._held, []
            yield from held
            return
        if self._held:
            self._write_run()
        files = [path.open("rb") for path in self._runs]
        try:
            yield from heapq.merge(*(_read_run(file) for file in files))
        finally:
            for file in files:
                file.close()


def _read_run(file: BinaryIO) -> Iterator[Record]:
    # Our own files in our own private folder (mkdtemp is 0700): pickle is safe here.
    while True:
        try:
            chunk: list[Record] = pickle.load(file)  # noqa: S301
        except EOFError:
            return
        yield from chunk
