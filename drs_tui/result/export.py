"""The rows a person is looking at, written to a CSV or TSV file for a ticket or Excel.

All of them, not the window on screen: the rows are read again from the entry in one
pass. The file is written beside its final name and moved into place when complete
(zip/extract.py's `write_atomically`), so a failure or a cancel leaves nothing behind,
and an existing file is replaced only when asked. CSV gets a UTF-8 byte order mark:
Excel then shows Chinese text right when the file is double-clicked.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from drs_tui.result.document import Cancelled, Document, ProgressClock, ProgressHook
from drs_tui.result.zip.extract import write_atomically


def export_rows(
    document: Document,
    ordinals: Iterable[int] | None,
    dest: Path,
    *,
    overwrite: bool = False,
    progress: ProgressHook | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Write the header and the rows (all, or these ascending ordinals) to `dest`:
    TSV for a .tsv or .txt name, CSV otherwise. Returns the number of rows written."""
    tsv = dest.suffix.lower() in (".tsv", ".txt")
    clock = ProgressClock(progress, cancelled, None)
    columns = document.columns or ["line"]
    written = 0

    def write(out: BinaryIO) -> None:
        nonlocal written
        if not tsv:
            out.write(codecs.BOM_UTF8)
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
        writer = csv.writer(text, delimiter="\t" if tsv else ",", lineterminator="\r\n")
        writer.writerow(columns)
        width = len(columns)
        for _, cells in document.iter_rows(ordinals):
            writer.writerow(cells + [""] * (width - len(cells)) if len(cells) < width else cells)
            written += 1
            if written % 4096 == 0:
                clock.tick(0, written, written)
        text.flush()
        text.detach()

    write_atomically(dest, write, overwrite=overwrite)
    clock.tick(0, written, written, final=True)
    return written
