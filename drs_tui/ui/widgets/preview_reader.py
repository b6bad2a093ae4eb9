"""What the preview pane asks for, and the reading it does in its worker threads.

No widgets here: `PreviewReader` turns a `Request` into a `Shown` (read, decode, parse,
and the pane's name filter) and pages through long text, holding the open text document
between pages. Its methods run in thread workers; the pane only shows their results.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from drs_tui.result import (
    PreviewKind,
    ResultArchive,
    TextDocument,
    ZipEntry,
    open_text_document,
    preview_entry,
)
from drs_tui.ui.widgets.preview_model import Shown, TableContent, shown_for, text_content

ViewMode = Literal["auto", "text", "hex"]
FIRST_ROWS = 1000
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Request:
    """What to preview and how; a new request replaces the one on screen."""

    entry: ZipEntry
    encoding: str | None = None
    sheet: str | None = None
    mode: ViewMode = "auto"
    max_rows: int = FIRST_ROWS
    # Sheets with more rows than loaded are filtered by the engine over the whole sheet.
    errors_only: bool = False
    contains: str = ""

    @property
    def engine_filtered(self) -> bool:
        return self.errors_only or bool(self.contains)


class PreviewReader:
    def __init__(self) -> None:
        self.archive: ResultArchive | None = None
        self._document: TextDocument | None = None
        self._lock = threading.Lock()

    def read(self, request: Request, cancelled: Callable[[], bool]) -> Shown:
        assert self.archive is not None
        preview = preview_entry(
            self.archive,
            request.entry,
            encoding=request.encoding,
            sheet=request.sheet,
            max_rows=request.max_rows,
            view=request.mode,
            errors_only=request.errors_only,
            contains=request.contains or None,
            cancelled=cancelled,
        )
        return shown_for(preview, as_records=request.mode == "auto")

    def more_text(self, request: Request, shown: Shown) -> Shown:
        """The next part of a long text entry (the document stays open between calls)."""
        assert self.archive is not None
        with self._lock:
            document = self._document
            if document is None:
                encoding = request.encoding or shown.preview.encoding
                document = open_text_document(self.archive, request.entry, encoding=encoding)
                self._document = document
            if not document.load_more():
                document.next_page()
            status = f"{document.status()} · {document.encoding_label}"
            content = text_content(document.text, PreviewKind.TEXT, shown.preview.fmt)
        notes = [n for n in shown.notes if "JSON" not in n]
        return Shown(shown.preview, content, status, notes)

    @property
    def at_end(self) -> bool:
        """The open text document has nothing more to show."""
        return self._document is not None and self._document.at_end

    def close(self) -> None:
        with self._lock:
            if self._document is not None:
                self._document.close()
                self._document = None


def filtered(shown: Shown, request: Request | None, text: str, errors_only: bool) -> Shown:
    """`shown` with the pane's name filter applied to a table (unless the engine did)."""
    content = shown.content
    if isinstance(content, TableContent) and not (request and request.engine_filtered):
        content.view = content.filtered(text, errors_only)
    return shown
