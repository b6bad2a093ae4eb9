"""Test support for the result viewer: ZIPs built by code, a host app, screen text."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from textual.app import App

from drs_tui import i18n
from drs_tui.simulator.jobs import MYSQL_KAFKA_JOB, ORACLE_JOB, TAURUS_KAFKA_JOB, demo_jobs
from drs_tui.simulator.result_files import build_result_zip
from drs_tui.simulator.xlsx_writer import build_xlsx
from drs_tui.ui.origin import ResultOrigin
from drs_tui.ui.screens.result_viewer import ResultViewerScreen
from tests.ui.flow_support import settle as settle  # the one settle(), for viewer tests

STAMP = (2026, 11, 27, 16, 20, 0)


@contextmanager
def in_language(language: i18n.UiLanguage) -> Iterator[None]:
    """The UI in `language` for the block; the one before it afterwards."""
    before = i18n.current_language()
    i18n.set_language(language)
    try:
        yield
    finally:
        i18n.set_language(before)


_JOBS = {job.id: job for job in demo_jobs(0)}
SCENARIOS = {"xlsx": ORACLE_JOB, "json": TAURUS_KAFKA_JOB, "txt": MYSQL_KAFKA_JOB}


def result_zip(tmp: Path, kind: str = "xlsx", language: str = "en-us", name: str = "") -> Path:
    """A result ZIP as the DRS simulator serves it for the given scenario."""
    data = build_result_zip(_JOBS[SCENARIOS[kind]], "detail", language, None)
    path = tmp / (name or f"{kind}-{language}.zip")
    path.write_bytes(data)
    return path


def zip_of(tmp: Path, name: str, files: dict[str, bytes], *, stored: bool = False) -> Path:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for entry, data in files.items():
            info = zipfile.ZipInfo(entry, date_time=STAMP)
            info.compress_type = method
            archive.writestr(info, data)
    path = tmp / name
    path.write_bytes(buffer.getvalue())
    return path


def mark_encrypted(path: Path, entry: str) -> None:
    """Set the 'encrypted' flag of `entry` in its local header and central record."""
    data = bytearray(path.read_bytes())
    raw = entry.encode()
    for signature, flag_at, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + len(raw)] == raw:
                data[start + flag_at] |= 0x01
            start += 4
    path.write_bytes(bytes(data))


def two_sheet_workbook() -> bytes:
    return build_xlsx(
        {
            "Result": [["Table", "Error Reason"], ["T1", None], ["T2", "Table does not exist"]],
            "Summary": [["Total", "Failed"], ["2", "1"]],
        }
    )


def origin_for(path: Path, refetch: Callable[[str, str], None] | None = None) -> ResultOrigin:
    return ResultOrigin(
        job_id="0c0ffee0-0000-4000-8000-00000000a001",
        job_name="orders-oracle-to-gaussdb",
        type="detail",
        language="en-us",
        level=None,
        request_id="req-5f2a9c",
        saved_path=Path("/home/ops/drs-results") / path.name,
        refetch=refetch,
    )


class ViewerHost(App[None]):
    """A bare app that shows the viewer, as `drs-tui open FILE.zip` does."""

    def __init__(self, path: Path, origin: ResultOrigin | None = None) -> None:
        super().__init__()
        self.path = path
        self.origin = origin
        self.copied: list[str] = []

    def on_mount(self) -> None:
        self.open_viewer()

    def open_viewer(self) -> None:
        self.push_screen(ResultViewerScreen(self.path, origin=self.origin))

    def copy_to_clipboard(self, text: str) -> None:
        self.copied.append(text)
        super().copy_to_clipboard(text)

    @property
    def viewer(self) -> ResultViewerScreen:
        screen = next(s for s in self.screen_stack if isinstance(s, ResultViewerScreen))
        return screen


def screen_text(app: App[None]) -> str:
    """The whole screen as plain text lines."""
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


def notices(app: App[None]) -> str:
    """Text of the notifications shown so far."""
    return "\n".join(notification.message for notification in app._notifications)
