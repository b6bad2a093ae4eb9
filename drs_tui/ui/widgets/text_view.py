"""A read-only text view that renders only the lines on screen, with search highlights.

Lines come from a `LineSource` (a list, or an engine Document read block by block), so
a 1 GiB entry costs what the lines on screen cost. Each visible line is turned into a
Strip on demand (syntax spans, search hits) and kept in a small LRU. Lines that report
a failure get a ✗ in the gutter, so the meaning survives NO_COLOR. Searching is the
engine's (whole entry); the view shows which line is the current hit and marks the
text searched for in every visible line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import ClassVar, Protocol

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from drs_tui.i18n import N_
from drs_tui.ui.widgets.cell_text import width_of
from drs_tui.ui.widgets.table_model import nearest_position

MARKER = "✗"
MAX_LINE_CHARS = 10_000
_SCROLL_STEP = 8
_MIN_WIDTH = 80

# (start, end, component class) spans of one line.
Spans = list[tuple[int, int, str]]
LineHighlighter = Callable[[str], Spans]


class LineSource(Protocol):
    """Lines by index; only the visible ones are asked for."""

    def __len__(self) -> int: ...

    def line(self, index: int) -> str | None:
        """The line, or None while it is being read."""
        ...

    def number(self, index: int) -> int:
        """1-based line number in the file."""
        ...

    def marked(self, index: int) -> bool:
        """True when the line reports a failure."""
        ...


class ListLines:
    """Lines held in a list (a hex dump, a message)."""

    def __init__(self, lines: Sequence[str], marks: Callable[[str], bool] | None = None) -> None:
        self.lines = lines
        self._marks = marks

    def __len__(self) -> int:
        return len(self.lines)

    def line(self, index: int) -> str | None:
        return self.lines[index]

    def number(self, index: int) -> int:
        return index + 1

    def marked(self, index: int) -> bool:
        return self._marks is not None and self._marks(self.lines[index])


def display_line(line: str) -> str:
    """A line as drawn: tabs expanded, a trailing CR dropped, very long lines cut."""
    if "\t" in line:
        line = line.expandtabs(4)
    if line.endswith("\r"):
        line = line[:-1]
    if len(line) > MAX_LINE_CHARS:
        line = line[:MAX_LINE_CHARS] + "…"
    return line


_JSON_TOKEN = re.compile(
    r'(?P<key>"(?:[^"\\]|\\.)*"(?=\s*:))'
    r'|(?P<string>"(?:[^"\\]|\\.)*")'
    r"|(?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
    r"|(?P<literal>\btrue\b|\bfalse\b|\bnull\b)"
)
_XML_TOKEN = re.compile(r"(?P<key></?[\w:.-]+)|(?P<string>\"[^\"]*\")|(?P<literal>/?>)")


def json_spans(line: str) -> Spans:
    """Keys, strings, numbers and literals of a (pretty-printed) JSON line."""
    return [
        (m.start(), m.end(), f"text-view--{m.lastgroup}")
        for m in _JSON_TOKEN.finditer(line)
        if m.lastgroup
    ]


def xml_spans(line: str) -> Spans:
    """Tag names, attribute values and tag ends of an XML or HTML line."""
    return [
        (m.start(), m.end(), f"text-view--{m.lastgroup}")
        for m in _XML_TOKEN.finditer(line)
        if m.lastgroup
    ]


class TextView(ScrollView, can_focus=True):
    """Lines with a gutter (line number, ✗ for lines that report a failure)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_lines(-1)", N_("Up"), show=False, id="text-up"),
        Binding("down,j", "scroll_lines(1)", N_("Down"), show=False, id="text-down"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="text-page-up"),
        Binding("pagedown,space", "page(1)", N_("Page down"), show=False, id="text-page-down"),
        Binding("home,g", "top", N_("Top"), show=False, id="text-top"),
        Binding("end,G", "bottom", N_("Bottom"), show=False, id="text-bottom"),
        Binding("left,h", "scroll_cells(-1)", N_("Scroll left"), show=False, id="text-left"),
        Binding("right,l", "scroll_cells(1)", N_("Scroll right"), show=False, id="text-right"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "text-view--gutter",
        "text-view--marker",
        "text-view--key",
        "text-view--string",
        "text-view--number",
        "text-view--literal",
        "text-view--match",
        "text-view--current-match",
    }

    DEFAULT_CSS = """
    TextView {
        background: $surface;
        color: $foreground;
        & > .text-view--gutter { color: $text-muted; }
        & > .text-view--marker { color: $text-error; text-style: bold; }
        & > .text-view--key { color: $text-primary; text-style: bold; }
        & > .text-view--string { color: $text-success; }
        & > .text-view--number { color: $text-warning; }
        & > .text-view--literal { color: $text-accent; }
        & > .text-view--match { background: $warning 40%; text-style: underline; }
        & > .text-view--current-match {
            background: $warning; color: $background; text-style: bold reverse;
        }
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.source: LineSource = ListLines([])
        self.view: Sequence[int] | None = None
        self.highlighter: LineHighlighter | None = None
        self.highlight_text = ""
        self.current_line: int | None = None  # source index of the current search hit
        self._widest = 0
        self._cache: LRUCache[int, Strip] = LRUCache(256)
        self._grow = False

    # -- data -------------------------------------------------------------------------

    def set_source(self, source: LineSource, *, highlighter: LineHighlighter | None = None) -> None:
        """Show these lines from the top; filters and search hits are cleared."""
        self.source = source
        self.view = None
        self.highlighter = highlighter
        self.highlight_text = ""
        self.current_line = None
        self._widest = max(
            (width_of(display_line(line or "")) for line in _sample(source)), default=0
        )
        self._relayout()
        self.scroll_to(0, 0, animate=False)

    def set_view(self, view: Sequence[int] | None, *, highlight: str = "") -> None:
        """Show only these source lines (None: all); `highlight` marks the filter text."""
        top = self.source_index(round(self.scroll_y)) if self.line_count else 0
        self.view = view
        self.highlight_text = highlight
        self._relayout()
        row = top if view is None else (nearest_position(view, top) if view else 0)
        self.scroll_to(y=row, animate=False)

    def set_highlight(self, text: str) -> None:
        self.highlight_text = text
        self._cache.clear()
        self.refresh()

    def lines_arrived(self) -> None:
        """Lines that were being read are here: draw again."""
        self._relayout()

    def lines_grown(self) -> None:
        """The source has more lines (its index grows): only the size changes."""
        width = max(self._widest, _MIN_WIDTH)
        self.virtual_size = Size(self.gutter_width + width, self.line_count)

    @property
    def line_count(self) -> int:
        return len(self.view) if self.view is not None else len(self.source)

    def source_index(self, row: int) -> int:
        return self.view[row] if self.view is not None else row

    def row_of(self, index: int) -> int | None:
        """Display row of source line `index` (None when a filter hides it)."""
        if self.view is None:
            return index if 0 <= index < len(self.source) else None
        row = nearest_position(self.view, index) if self.view else 0
        return row if self.view and self.view[row] == index else None

    def go_to_line(self, index: int, *, current: bool = False) -> None:
        """Scroll source line `index` into the middle; `current` marks it as the hit."""
        row = self.row_of(index)
        if current:
            self.current_line = index
            self._cache.clear()
        if row is None:
            self.refresh()
            return
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if not top <= row < top + height:
            self.scroll_to(y=max(row - height // 2, 0), animate=False)
        line = self.source.line(index) or ""
        needle = self.highlight_text.lower()
        at = display_line(line).lower().find(needle) if needle else -1
        if at > 0:
            column = width_of(display_line(line)[:at])
            view_width = self.scrollable_content_region.width - self.gutter_width
            left = round(self.scroll_x)
            if not left <= column < left + max(view_width - 4, 1):
                self.scroll_to(x=max(column - view_width // 2, 0), animate=False)
        self.refresh()

    @property
    def top_line(self) -> int:
        """Source index of the first line on screen."""
        return self.source_index(round(self.scroll_y)) if self.line_count else 0

    @property
    def text(self) -> str:
        """The lines shown (the first 100,000 of a filter), for the clipboard."""
        return "\n".join(
            self.source.line(self.source_index(row)) or ""
            for row in range(min(self.line_count, 100_000))
        )

    @property
    def gutter_width(self) -> int:
        last = self.source.number(len(self.source) - 1) if len(self.source) else 1
        return len(str(max(last, 1))) + 3

    def _relayout(self) -> None:
        self._cache.clear()
        width = max(self._widest, _MIN_WIDTH)
        self.virtual_size = Size(self.gutter_width + width, self.line_count)
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    # -- rendering --------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        base = self.rich_style
        if row >= self.line_count:
            return Strip.blank(width, base)
        index = self.source_index(row)
        line = self._line_strip(index)
        gutter = self._gutter(index)
        body = line.crop_extend(scroll_x, scroll_x + max(width - self.gutter_width, 0), base)
        return Strip.join([gutter, body]).crop(0, width)

    def _gutter(self, index: int) -> Strip:
        style = self.get_component_rich_style("text-view--gutter")
        label = str(self.source.number(index)).rjust(self.gutter_width - 3) + " "
        if self.source.marked(index):
            marker = self.get_component_rich_style("text-view--marker")
            segments = [Segment(label, style), Segment(MARKER, marker), Segment(" ", style)]
        else:
            segments = [Segment(label + "  ", style)]
        return Strip(segments, self.gutter_width)

    def _line_strip(self, index: int) -> Strip:
        cached = self._cache.get(index)
        if cached is not None:
            return cached
        raw = self.source.line(index)
        line = display_line(raw if raw is not None else "…")
        text = Text(line, no_wrap=True, end="")
        if self.highlighter is not None and raw is not None:
            for start, end, component in self.highlighter(line):
                text.stylize(self._style(component), start, end)
        needle = self.highlight_text.lower()
        if needle:
            component = "text-view--current-match"
            if index != self.current_line:
                component = "text-view--match"
            lowered = line.lower()
            if len(lowered) == len(line):
                at = lowered.find(needle)
                while at >= 0:
                    text.stylize(self._style(component), at, at + len(needle))
                    at = lowered.find(needle, at + len(needle))
        segments = Segment.apply_style(text.render(self.app.console), style=self.rich_style)
        width = width_of(line)
        strip = Strip(list(segments), width)
        if raw is not None:
            self._cache[index] = strip
            if width > self._widest:
                self._widest = width
                if not self._grow:
                    self._grow = True
                    self.call_later(self._grown)
        return strip

    def _grown(self) -> None:
        self._grow = False
        self._relayout()

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component, partial=True)

    def action_scroll_lines(self, delta: int) -> None:
        self.scroll_to(y=self.scroll_y + delta, animate=False)

    def action_page(self, direction: int) -> None:
        step = max(self.scrollable_content_region.height - 1, 1)
        self.scroll_to(y=self.scroll_y + direction * step, animate=False)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)

    def action_scroll_cells(self, direction: int) -> None:
        self.scroll_to(x=self.scroll_x + direction * _SCROLL_STEP, animate=False)

    def on_resize(self, _event: events.Resize) -> None:
        self._cache.clear()


def _sample(source: LineSource) -> list[str | None]:
    return [source.line(i) for i in range(min(len(source), 200))]
