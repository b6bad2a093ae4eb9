"""The two lines above the preview: what is shown (title) and how much of it (status).

Words, not colours, carry the meaning: the current sheet is in [brackets], a forced
encoding says "forced", filters say what they keep and how many rows passed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from drs_tui.result import PreviewKind
from drs_tui.ui.widgets.preview_model import MessageContent, Shown, TableContent, TextContent

if TYPE_CHECKING:
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


def title_line(name: str, shown: Shown | None, request: Request | None) -> Text:
    """'object_import_detail.xlsx · workbook xlsx · sheets: [Result] Summary'."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(name or "No entry", style="bold")
    if shown is None or request is None or shown.preview.name != request.entry.name:
        if name:
            text.append(" · loading…")
        return text
    preview = shown.preview
    kind = _KIND_WORDS.get(preview.kind, str(preview.kind))
    if isinstance(shown.content, TableContent) and preview.kind is PreviewKind.JSON:
        kind = "JSON records"
    text.append(f" · {kind}")
    if preview.fmt and preview.fmt.lower() not in kind.lower():
        text.append(f" {preview.fmt}")
    if len(preview.sheets) > 1:
        text.append(" · sheets: ")
        for sheet in preview.sheets:
            label = f"[{sheet.name}]" if sheet.name == preview.sheet else sheet.name
            text.append(label + " ", style="bold" if sheet.name == preview.sheet else "")
    elif preview.sheet:
        text.append(f" · sheet {preview.sheet}")
    if preview.encoding_label:
        forced = " (forced)" if request.encoding else ""
        text.append(f" · {preview.encoding_label}{forced}")
    if request.mode != "auto":
        text.append(f" · view: {request.mode}")
    return text


def status_line(
    shown: Shown | None,
    filter_text: str,
    errors_only: bool,
    counts: tuple[int, int],
    extra: str = "",
) -> Text:
    """'1,000 of 100,000 rows · m: load more · ✗ 3 with an error reason · filter ...'."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if shown is None:
        return text
    content = shown.content
    parts: list[str] = []
    shown_count, total = counts
    if (filter_text or errors_only) and not isinstance(content, MessageContent):
        kept = []
        if errors_only:
            kept.append("only ✗")
        if filter_text:
            kept.append(f"filter {filter_text!r}")
        noun = "lines" if isinstance(content, TextContent) else "rows"
        of_total = f" of {total:,}" if total else ""
        parts.append(f"{' + '.join(kept)}: {shown_count:,}{of_total} {noun}")
    parts.append(shown.status)
    more_rows = isinstance(content, TableContent) and content.more
    more_text = isinstance(content, TextContent) and not shown.preview.complete
    if more_rows or more_text:
        parts.append("m: load more")
    if extra:
        parts.append(extra)
    parts.extend(shown.notes)
    text.append(" · ".join(p for p in parts if p))
    return text
