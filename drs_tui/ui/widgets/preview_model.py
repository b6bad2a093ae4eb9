"""What the preview pane shows for an engine `Preview`, and the state of its filters.

No widgets here. `Filter` and `Search` hold what the person asked for and what the
engine has found so far (over the whole entry); `table_columns` sizes a document's
columns; `cell_detail` makes a cell's full text readable, spaces at its ends and all.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from drs_tui.i18n import _, ngettext
from drs_tui.result import Document, Matches, Preview, PreviewKind, Progress, Query
from drs_tui.ui.widgets.virtual_table import Column

ERROR_COLUMN_WIDTH = 160
ERROR_MIN_WIDTH = 30  # the reason column is narrowed last, and not below this
COLUMN_WIDTH = 100
_VISIBLE_SPACE = "␠"


@dataclass
class MessageContent:
    title: str
    message: str
    hint: str = ""


def message_for(preview: Preview) -> MessageContent | None:
    """A message in place of the content: a problem, an empty entry."""
    if preview.kind is PreviewKind.PROBLEM:
        failure = preview.error
        title = failure.title if failure is not None else _("Cannot preview")
        hint = failure.hint if failure is not None else ""
        problem = preview.problem or _("This entry cannot be previewed.")
        return MessageContent(title, problem, hint)
    if preview.kind is PreviewKind.EMPTY:
        return MessageContent(_("Empty"), _("This entry is empty (0 bytes)."))
    return None


def table_columns(document: Document) -> list[Column]:
    """Columns as wide as their content (within bounds); the reason column widest."""
    error = document.error_column.index if document.error_column else None
    return [
        Column(name, min_width=ERROR_MIN_WIDTH, max_width=ERROR_COLUMN_WIDTH)
        if i == error
        else Column(name, max_width=COLUMN_WIDTH)
        for i, name in enumerate(document.columns)
    ]


@dataclass
class Filter:
    """Rows kept by `e`, `f` or a reason picked in the reasons view."""

    query: Query = field(default_factory=Query)
    matches: Matches | None = None
    progress: Progress | None = None

    @property
    def active(self) -> bool:
        return not self.query.empty

    def words(self) -> str:
        query = self.query
        kept = []
        if query.errors_only:
            kept.append(_("only ✗"))
        if query.reason is not None:
            kept.append(_("reason {text}").format(text=repr(short(query.reason))))
        if query.contains:
            kept.append(_("filter {text}").format(text=repr(query.contains)))
        return " + ".join(kept)


@dataclass
class Search:
    """The last `/` search over the whole entry and where the cursor stands in its hits."""

    text: str = ""
    matches: Matches | None = None
    progress: Progress | None = None
    current: int = -1  # position in matches.ordinals of the current hit

    def step(self, ordinal: int, step: int, visible: object = None) -> int | None:
        """The hit after (step 1) or before (-1) `ordinal`, wrapping round."""
        if self.matches is None or not self.matches.ordinals:
            return None
        hits = self.matches.ordinals
        if step > 0:
            at = bisect.bisect_right(hits, ordinal)
            at = 0 if at >= len(hits) else at
        else:
            at = bisect.bisect_left(hits, ordinal) - 1
            at = len(hits) - 1 if at < 0 else at
        self.current = at
        return hits[at]

    def first_from(self, ordinal: int) -> int | None:
        """The first hit at or after `ordinal` (wrapping round)."""
        if self.matches is None or not self.matches.ordinals:
            return None
        hits = self.matches.ordinals
        at = bisect.bisect_left(hits, ordinal)
        self.current = 0 if at >= len(hits) else at
        return hits[self.current]


def short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cell_detail(column: str, text: str) -> str:
    """'Error Reason · 41 chars, 1 trailing space: The column name…␠' — every character
    of the cell, with spaces at its ends made visible."""
    stripped = text.strip(" ")
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text) - len(text.rstrip(" "))
    size = len(text)
    notes = [ngettext("{count} char", "{count} chars", size).format(count=f"{size:,}")]
    if lead:
        words = ngettext("{count} leading space", "{count} leading spaces", lead)
        notes.append(words.format(count=f"{lead:,}"))
    if trail:
        words = ngettext("{count} trailing space", "{count} trailing spaces", trail)
        notes.append(words.format(count=f"{trail:,}"))
    shown = (
        _VISIBLE_SPACE * lead + stripped + _VISIBLE_SPACE * trail
        if stripped
        else (_VISIBLE_SPACE * len(text))
    )
    # ", " is a list separator: Chinese writes "，"
    return _("{column} · {notes}: {value}").format(
        column=column, notes=_(", ").join(notes), value=shown
    )
