"""CSV and TSV text as a Table: the delimiter sniffed, the first rows read."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import replace

from drs_tui.i18n import _
from drs_tui.result.errors import PreviewError
from drs_tui.result.table import DEFAULT_MAX_ROWS, Table, build_table

# Delimiter sniffing looks at this much text; csv.Sniffer is quadratic on some inputs.
_SNIFF_CHARS = 4 * 1024
_DELIMITERS = ",\t;|"


def sniff_delimiter(text: str, *, default: str = ",") -> str:
    """Delimiter of a CSV-like text: csv.Sniffer on the first lines, then counting."""
    sample = text[:_SNIFF_CHARS]
    cut = sample.rfind("\n")
    if cut > 0:
        sample = sample[:cut]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        pass
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    best = default
    best_score = 0
    for delim in _DELIMITERS:
        counts = [line.count(delim) for line in lines]
        if not counts or min(counts) == 0:
            continue
        score = min(counts) * (2 if len(set(counts)) == 1 else 1)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_delimited(
    text: str,
    *,
    delimiter: str | None = None,
    complete: bool,
    max_rows: int = DEFAULT_MAX_ROWS,
    header: bool = True,
) -> Table:
    """CSV/TSV `text` as a Table. `complete` False means the text was cut by a page end:
    the last, possibly partial, line is left out and `more` is set."""
    if not complete:
        cut = text.rfind("\n")
        text = text[: cut + 1] if cut >= 0 else ""
    delim = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=False)

    def numbered() -> Iterable[tuple[int, list[str]]]:
        start = 1
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1

    try:
        table = build_table(numbered(), max_rows=max_rows, header=header)
    except csv.Error as exc:
        raise PreviewError(
            _("Cannot read this file as {format}: {error}.").format(
                format="TSV" if delim == chr(9) else "CSV", error=exc
            ),
            hint=_("It is shown as plain text instead."),
        ) from None
    total = len(table.rows) if complete and not table.more else None
    return replace(table, total_rows=total, more=table.more or not complete)
