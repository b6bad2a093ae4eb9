"""The two lines above the preview: what is shown (title) and how much of it (status).

Words, not colours, carry the meaning: the current sheet is in [brackets], a forced
encoding says "forced", filters say what they keep and how many rows passed, and a pass
over the entry that is still running says how far it has come ("≥ 412 matches, 38%").
"""

from __future__ import annotations

from rich.text import Text

from drs_tui import i18n
from drs_tui.i18n import N_, _, ngettext
from drs_tui.result import Document, Preview, PreviewKind, Progress
from drs_tui.safe_text import safe_line
from drs_tui.sizes import format_rate
from drs_tui.ui.widgets.preview_model import Filter, Search
from drs_tui.ui.widgets.preview_reader import Request

_KIND_WORDS = {
    PreviewKind.TEXT: N_("text"),
    PreviewKind.JSON: "JSON",  # i18n: keep
    PreviewKind.TABLE: N_("table"),
    PreviewKind.SHEET: N_("workbook"),
    PreviewKind.BINARY: N_("binary"),
    PreviewKind.ARCHIVE: N_("nested ZIP"),
    PreviewKind.EMPTY: N_("empty"),
    PreviewKind.PROBLEM: N_("cannot preview"),
}
_MODE_WORDS = {"text": N_("text"), "hex": N_("hex")}


def title_line(name: str, preview: Preview | None, request: Request | None) -> Text:
    """'object_import_detail.xlsx · workbook xlsx · sheets: [Result] Summary'."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(safe_line(name) or _("No entry"), style="bold")
    if preview is None or request is None or preview.name != request.entry.name:
        if name:
            text.append(" · " + _("loading…"))
        return text
    kind = _KIND_WORDS.get(preview.kind, str(preview.kind))
    if preview.records:
        kind = N_("JSON records")
    text.append(f" · {i18n._(kind)}")
    if preview.fmt and preview.fmt.lower() not in kind.lower():  # "xlsx", not "JSON json"
        text.append(f" {preview.fmt}")
    if len(preview.sheets) > 1:
        text.append(" · " + _("sheets:") + " ")
        for sheet in preview.sheets:
            shown = safe_line(sheet.name)
            label = f"[{shown}]" if sheet.name == preview.sheet else shown
            text.append(label + " ", style="bold" if sheet.name == preview.sheet else "")
    elif preview.sheet:
        text.append(" · " + _("sheet {name}").format(name=safe_line(preview.sheet)))
    if preview.encoding_label:
        label = preview.encoding_label
        shown = _("{encoding} (forced)").format(encoding=label) if request.encoding else label
        text.append(f" · {shown}")
    if request.mode != "auto":
        mode = i18n._(_MODE_WORDS.get(request.mode, request.mode))
        text.append(" · " + _("view: {mode}").format(mode=mode))
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
            shown = preview.shown_bytes
            words = ngettext(
                "hex view of the first {count} byte", "hex view of the first {count} bytes", shown
            )
            text.append(words.format(count=f"{shown:,}"))
        return text
    lines = document.kind == "lines"
    parts: list[str] = []
    state = document.index
    if search.text:  # what was asked last comes first: it is cut last on a narrow screen
        parts.append(_search_words(search))
    if row_filter.active:
        parts.append(_filter_words(row_filter, state.rows, state.complete, lines))
    elif state.complete:
        parts.append(counted_rows(state.rows, lines))
        parts.append(_errors_words(document, state.errors.count, final=True))
    else:
        parts.append(_indexing_words(index, state.rows, lines))
        parts.append(_errors_words(document, state.errors.count, final=False))
    parts.extend(state.notes)
    parts.extend(preview.notes)
    text.append(" · ".join(safe_line(p) for p in parts if p))
    return text


def counted_rows(count: int, lines: bool = False) -> str:
    """'1 row', '9,900 rows' (or lines, for a text entry)."""
    if lines:
        words = ngettext("{count} line", "{count} lines", count)
    else:
        words = ngettext("{count} row", "{count} rows", count)
    return words.format(count=f"{count:,}")


def _percent(fraction: float) -> str:
    return f"{fraction:.0%}"


def _indexing_words(progress: Progress | None, rows: int, lines: bool) -> str:
    so_far = counted_rows(rows, lines)
    if progress is None:
        return _("reading… {rows} so far").format(rows=so_far)
    fraction = progress.fraction
    if fraction is not None:
        done = _percent(fraction)
    else:
        done = ngettext("{count} byte", "{count} bytes", progress.done)
        done = done.format(count=f"{progress.done:,}")
    return _("indexing {done} · {rows} so far · {rate}").format(
        done=done, rows=counted_rows(progress.rows, lines), rate=format_rate(progress.rate)
    )


def _errors_words(document: Document, count: int, *, final: bool) -> str:
    shown = f"{count:,}"
    if document.kind == "table":
        column = document.error_column
        if column is None:
            return _("no error-reason column found") if final else ""
        if final and not count:
            return _("none with an error reason")
        if final:
            words = _("✗ {count} with an error reason ({column})")
        else:
            words = _("✗ {count} with an error reason ({column}) so far")
        return words.format(count=shown, column=column.name)
    if final and not count:
        return ""
    # One form: English has said "✗ 1 report a failure" (its snapshots show it) all along
    words = _("✗ {count} report a failure") if final else _("✗ {count} report a failure so far")
    return words.format(count=shown)


def _filter_words(row_filter: Filter, total: int, complete: bool, lines: bool) -> str:
    matches = row_filter.matches
    words = row_filter.words()
    if matches is None:
        return _("{what}: filtering…").format(what=words)
    if not matches.complete:
        progress = row_filter.progress
        found = counted_rows(matches.count, lines)
        if progress and progress.fraction:
            scanned = _percent(progress.fraction)
            return _("{what}: ≥ {rows}, {percent} scanned").format(
                what=words, rows=found, percent=scanned
            )
        return _("{what}: ≥ {rows}").format(what=words, rows=found)
    if not complete:
        return _("{what}: {rows}").format(what=words, rows=counted_rows(matches.count, lines))
    if lines:
        kept = ngettext(
            "{what}: {count} of {total} line", "{what}: {count} of {total} lines", total
        )
    else:
        kept = ngettext("{what}: {count} of {total} row", "{what}: {count} of {total} rows", total)
    return kept.format(what=words, count=f"{matches.count:,}", total=f"{total:,}")


def _search_words(search: Search) -> str:
    matches = search.matches
    what = _("search {text}").format(text=repr(search.text))
    if matches is None:
        return _("{what}: searching…").format(what=what)
    count = f"{matches.count:,}"
    if not matches.complete:
        progress = search.progress
        if progress and progress.fraction:
            words = ngettext(
                "{what}: ≥ {count} match, {percent} scanned",
                "{what}: ≥ {count} matches, {percent} scanned",
                matches.count,
            )
            return words.format(what=what, count=count, percent=_percent(progress.fraction))
        words = ngettext("{what}: ≥ {count} match", "{what}: ≥ {count} matches", matches.count)
        return words.format(what=what, count=count)
    if not matches.count:
        return _("{what}: no match").format(what=what)
    if search.current >= 0:
        return _("{what}: match {current} of {count}").format(
            what=what, current=f"{search.current + 1:,}", count=count
        )
    words = ngettext("{what}: {count} match", "{what}: {count} matches", matches.count)
    return words.format(what=what, count=count)
