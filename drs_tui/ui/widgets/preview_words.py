"""The two lines above the preview: what is shown (title) and how much of it (status).

Words, not colours, carry the meaning: the current sheet is in [brackets], a forced
encoding says "forced", filters say what they keep and how many rows passed, and a pass
over the entry that is still running says how far it has come ("≥ 412 matches, 38%").
"""

from __future__ import annotations

from rich.text import Text

from drs_tui.result import Document, Preview, PreviewKind, Progress
from drs_tui.safe_text import safe_line
from drs_tui.sizes import format_rate
from drs_tui.ui.widgets.preview_model import Filter, Search
from drs_tui.ui.widgets.preview_reader import Request

_KIND_WORDS = {
    PreviewKind.TEXT: "text",
    PreviewKind.JSON: "JSON",
    PreviewKind.TABLE: "table",
    PreviewKind.SHEET: "workbook",
    PreviewKind.BINARY: "binary",
    PreviewKind.ARCHIVE: "nested ZIP",
    PreviewKind.EMPTY: "empty",
    PreviewKind.PROBLEM: "cannot preview",
}


def title_line(name: str, preview: Preview | None, request: Request | None) -> Text:
    """'object_import_detail.xlsx · workbook xlsx · sheets: [Result] Summary'."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(safe_line(name) or "No entry", style="bold")
    if preview is None or request is None or preview.name != request.entry.name:
        if name:
            text.append(" · loading…")
        return text
    kind = _KIND_WORDS.get(preview.kind, str(preview.kind))
    if preview.records:
        kind = "JSON records"
    text.append(f" · {kind}")
    if preview.fmt and preview.fmt.lower() not in kind.lower():
        text.append(f" {preview.fmt}")
    if len(preview.sheets) > 1:
        text.append(" · sheets: ")
        for sheet in preview.sheets:
            shown = safe_line(sheet.name)
            label = f"[{shown}]" if sheet.name == preview.sheet else shown
            text.append(label + " ", style="bold" if sheet.name == preview.sheet else "")
    elif preview.sheet:
        text.append(f" · sheet {safe_line(preview.sheet)}")
    if preview.encoding_label:
        forced = " (forced)" if request.encoding else ""
        text.append(f" · {preview.encoding_label}{forced}")
    if request.mode != "auto":
        text.append(f" · view: {request.mode}")
    return text


def status_line(
    preview: Preview | None,
    document: Document | None,
    *,
    index: Progress | None,
    row_filter: Filter,
    search: Search,
) -> Text:
    """One line: how many rows, how many with a reason, what a filter keeps and what a
    search found, and how far a pass that is still running has come."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if preview is None:
        return text
    if document is None:
        if preview.kind is PreviewKind.BINARY:
            text.append(f"hex view of the first {preview.shown_bytes:,} bytes")
        return text
    noun = "lines" if document.kind == "lines" else "rows"
    parts: list[str] = []
    state = document.index
    if search.text:  # what was asked last comes first: it is cut last on a narrow screen
        parts.append(_search_words(search))
    if row_filter.active:
        parts.append(_filter_words(row_filter, state.rows, state.complete, noun))
    elif state.complete:
        parts.append(f"{state.rows:,} {noun if state.rows != 1 else noun[:-1]}")  # 1 line
        parts.append(_errors_words(document, state.errors.count, final=True))
    else:
        parts.append(_indexing_words(index, state.rows, noun))
        parts.append(_errors_words(document, state.errors.count, final=False))
    parts.extend(state.notes)
    parts.extend(preview.notes)
    text.append(" · ".join(safe_line(p) for p in parts if p))
    return text


def _indexing_words(progress: Progress | None, rows: int, noun: str) -> str:
    if progress is None:
        return f"reading… {rows:,} {noun} so far"
    fraction = progress.fraction
    done = f"{fraction:.0%}" if fraction is not None else f"{progress.done:,} bytes"
    return f"indexing {done} · {progress.rows:,} {noun} so far · {format_rate(progress.rate)}"


def _errors_words(document: Document, count: int, *, final: bool) -> str:
    so_far = "" if final else " so far"
    if document.kind == "table":
        column = document.error_column
        if column is None:
            return "no error-reason column found" if final else ""
        if final and not count:
            return "none with an error reason"
        return f"✗ {count:,} with an error reason ({column.name}){so_far}"
    if final and not count:
        return ""
    return f"✗ {count:,} report a failure{so_far}"


def _filter_words(row_filter: Filter, total: int, complete: bool, noun: str) -> str:
    matches = row_filter.matches
    words = row_filter.words()
    of = f" of {total:,}" if complete else ""
    if matches is None:
        return f"{words}: filtering…"
    if not matches.complete:
        progress = row_filter.progress
        scanned = f", {progress.fraction:.0%} scanned" if progress and progress.fraction else ""
        return f"{words}: ≥ {matches.count:,} {noun}{scanned}"
    return f"{words}: {matches.count:,}{of} {noun}"


def _search_words(search: Search) -> str:
    matches = search.matches
    what = f"search {search.text!r}"
    if matches is None:
        return f"{what}: searching…"
    if not matches.complete:
        progress = search.progress
        scanned = f", {progress.fraction:.0%} scanned" if progress and progress.fraction else ""
        return f"{what}: ≥ {matches.count:,} matches{scanned}"
    if not matches.count:
        return f"{what}: no match"
    if search.current >= 0:
        return f"{what}: match {search.current + 1:,} of {matches.count:,}"
    return f"{what}: {matches.count:,} match{'es' if matches.count != 1 else ''}"
