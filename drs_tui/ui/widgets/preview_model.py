"""What the preview pane shows for one engine `Preview`: lines or table rows, and its words.

These functions run in worker threads (they can take a while on big entries) and build
plain data the widgets then show: `TextContent` for TextView, `TableContent` for
VirtualTable, `MessageContent` for a problem. Filters ("only rows with an error reason",
"rows containing ...") derive a view from the loaded content without reading again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from drs_tui.result import Preview, PreviewKind, Table, find_error_column, json_records
from drs_tui.sizes import compact_size
from drs_tui.ui.widgets.text_view import LineHighlighter, json_spans, prepare_lines, xml_spans
from drs_tui.ui.widgets.virtual_table import Column, ListRows

# A line of a TXT or log result that reports a rejected object.
FAILURE_LINE = re.compile(r"\b(?:fail(?:ed|ure)?|error|rejected|invalid)\b|失败|错误|不存在", re.I)
# A pretty-printed JSON line whose key names a reason and whose value is not empty, or
# whose value says the object failed.
JSON_FAILURE_LINE = re.compile(
    r'"[^"]*(?:reason|error|message|原因|错误)[^"]*"\s*:\s*"[^"]+"'
    r'|:\s*"(?:fail(?:ed|ure)?|error|rejected|失败|错误)"',
    re.I,
)
ERROR_COLUMN_WIDTH = 80
ERROR_MIN_WIDTH = 30  # the reason column is narrowed last, and not below this
COLUMN_WIDTH = 40


def failure_line(line: str) -> bool:
    return FAILURE_LINE.search(line) is not None


def json_failure_line(line: str) -> bool:
    return JSON_FAILURE_LINE.search(line) is not None


@dataclass
class TextContent:
    """Lines to show; `numbers` are 0-based file line numbers when this is a subset."""

    lines: list[str]
    widest: int
    highlighter: LineHighlighter | None = None
    marks: Callable[[str], bool] | None = None
    numbers: list[int] | None = None

    def subset(self, query: str, errors_only: bool) -> TextContent:
        """Only lines containing `query` (case-insensitive) and, with `errors_only`,
        that report a failure."""
        needle = query.casefold()
        keep = [
            i
            for i, line in enumerate(self.lines)
            if (not needle or needle in line.casefold())
            and (not errors_only or (self.marks is not None and self.marks(line)))
        ]
        lines = [self.lines[i] for i in keep]
        widest = max((len(line) for line in lines), default=0)
        return TextContent(lines, widest, self.highlighter, self.marks, keep)

    @property
    def marked_count(self) -> int:
        if self.marks is None:
            return 0
        return sum(1 for line in self.lines if self.marks(line))


@dataclass
class TableContent:
    """Rows of a CSV, sheet, JSON records or nested listing; `view` is a filter."""

    columns: list[Column]
    rows: ListRows
    error_column: int | None = None
    error_name: str = ""
    view: list[int] | None = None
    more: bool = False
    marked: int = 0

    def filtered(self, query: str, errors_only: bool) -> list[int] | None:
        """Indices of rows that pass the filters (None when there is no filter)."""
        if not query and not errors_only:
            return None
        needle = query.casefold()
        keep: list[int] = []
        for index in range(len(self.rows)):
            if errors_only and not self.rows.marked(index):
                continue
            if needle and not any(needle in c.casefold() for c in self.rows.cells(index)):
                continue
            keep.append(index)
        return keep


@dataclass
class MessageContent:
    title: str
    message: str
    hint: str = ""


Content = TextContent | TableContent | MessageContent


@dataclass
class Shown:
    """Everything the pane needs for one preview: content plus the words around it."""

    preview: Preview
    content: Content
    status: str
    notes: list[str] = field(default_factory=list)


def shown_for(preview: Preview, *, as_records: bool = True) -> Shown:
    """Content for a preview; JSON with a list of records becomes a table (`as_records`)."""
    notes = list(preview.notes)
    kind = preview.kind
    if kind is PreviewKind.PROBLEM:
        failure = preview.error
        title = failure.title if failure is not None else "Cannot preview"
        hint = failure.hint if failure is not None else ""
        message = MessageContent(title, preview.problem or "This entry cannot be previewed.", hint)
        return Shown(preview, message, title, notes)
    if kind is PreviewKind.EMPTY:
        return Shown(preview, MessageContent("Empty", "This entry is empty (0 bytes)."), "empty")
    if kind is PreviewKind.ARCHIVE:
        return Shown(preview, nested_table(preview), preview.status, notes)
    if preview.table is not None:
        error = preview.error_column
        content = table_content(preview.table, error.index if error else None)
        return Shown(preview, content, table_status(preview, content), notes)
    if kind is PreviewKind.JSON and as_records and preview.complete:
        records = json_records(preview.text)
        if records is not None:
            error = find_error_column(records)
            content = table_content(records, error.index if error else None)
            return Shown(preview, content, table_status(preview, content, "records"), notes)
    if kind is PreviewKind.BINARY:
        lines, widest = prepare_lines(preview.hex)
        notes.append("binary: hex view of the first bytes")
        return Shown(preview, TextContent(lines, widest), preview.status, notes)
    text = text_content(preview.text, preview.kind, preview.fmt)
    return Shown(preview, text, preview.status, notes)


def text_content(text: str, kind: PreviewKind, fmt: str) -> TextContent:
    lines, widest = prepare_lines(text)
    if kind is PreviewKind.JSON or fmt in ("json", "jsonl"):
        return TextContent(lines, widest, json_spans, json_failure_line)
    highlighter = xml_spans if fmt in ("xml", "html") else None
    return TextContent(lines, widest, highlighter, failure_line)


def table_content(table: Table, error_column: int | None) -> TableContent:
    columns = [
        Column(name, min_width=ERROR_MIN_WIDTH, max_width=ERROR_COLUMN_WIDTH)
        if i == error_column
        else Column(name, max_width=COLUMN_WIDTH)
        for i, name in enumerate(table.columns)
    ]
    rows = ListRows(table.rows, error_column, table.row_numbers)
    marked = sum(1 for i in range(len(rows)) if rows.marked(i)) if error_column is not None else 0
    name = table.columns[error_column] if error_column is not None else ""
    return TableContent(columns, rows, error_column, name, None, table.more, marked)


def table_status(preview: Preview, content: TableContent, noun: str = "rows") -> str:
    table = preview.table
    status = table.status() if table is not None else f"{len(content.rows):,} {noun}"
    if content.error_column is None:
        return status
    return f"{status} · ✗ {content.marked:,} with an error reason ({content.error_name})"


def nested_table(preview: Preview) -> TableContent:
    columns = [
        Column("Name", max_width=80, clip="start"),
        Column("Size", width=7, align="right"),
        Column("Packed", width=7, align="right"),
        Column("Problem", max_width=60),
    ]
    rows = [
        [
            e.name,
            "dir" if e.is_dir else compact_size(e.size),
            compact_size(e.compressed_size),
            e.problem or "",
        ]
        for e in preview.entries
    ]
    listing = ListRows(rows, 3)
    marked = sum(1 for i in range(len(listing)) if listing.marked(i))
    return TableContent(columns, listing, 3, "Problem", None, False, marked)
