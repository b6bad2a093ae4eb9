"""Result ZIP pairs for the comparison tests: the simulator's own results (as the API
serves them) and small hand-made CSV/JSON archives."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

from drs_tui.result import ResultArchive
from drs_tui.simulator.jobs import demo_jobs
from drs_tui.simulator.result_files import build_result_zip

ORACLE, TAURUS = demo_jobs(0)[0], demo_jobs(0)[1]


def result(
    result_type: str = "detail",
    language: str = "en-us",
    level: str | None = None,
    revision: int = 1,
    *,
    kafka: bool = False,
) -> bytes:
    return build_result_zip(TAURUS if kafka else ORACLE, result_type, language, level, revision)


def zip_of(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return buffer.getvalue()


@contextmanager
def archives(old: bytes, new: bytes) -> Iterator[tuple[ResultArchive, ResultArchive]]:
    with (
        ResultArchive.from_bytes(old, name="old.zip") as a,
        ResultArchive.from_bytes(new, name="new.zip") as b,
    ):
        yield a, b
