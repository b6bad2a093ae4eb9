"""What the preview pane asks for, and the opening it does in its worker threads.

No widgets here: `PreviewReader` turns a `Request` into an engine `Preview` (the entry
opened as a Document, or a hex dump, or a problem) and owns it until the next one;
closing it frees the document's temporary copies.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

from drs_tui.result import Preview, ResultArchive, ZipEntry, preview_entry

ViewMode = Literal["auto", "text", "hex"]


@dataclass(frozen=True)
class Request:
    """What to preview and how; a new request replaces the one on screen."""

    entry: ZipEntry
    encoding: str | None = None
    sheet: str | None = None
    mode: ViewMode = "auto"


class PreviewReader:
    def __init__(self) -> None:
        self.archive: ResultArchive | None = None
        self._open: Preview | None = None
        self._lock = threading.Lock()

    def read(self, request: Request) -> Preview:
        """Open the entry (in a worker thread); the previous preview is closed."""
        assert self.archive is not None
        preview = preview_entry(
            self.archive,
            request.entry,
            encoding=request.encoding,
            sheet=request.sheet,
            view=request.mode,
            records=request.mode == "auto",
        )
        with self._lock:
            old, self._open = self._open, preview
        if old is not None:
            old.close()
        return preview

    def close(self) -> None:
        with self._lock:
            old, self._open = self._open, None
        if old is not None:
            old.close()
