"""A read-only text view that renders only the lines on screen, with search highlights.

Lines are held as strings; each visible line is turned into a Strip on demand (syntax
spans, search hits) and kept in a small LRU. Lines that mention a failure get a ✗ in the
gutter, so the meaning survives NO_COLOR. Search itself (`find_matches`) is a plain
function the caller runs in a worker; the view only shows the hits it is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from drs_tui.ui.widgets.cell_text import width_of

MARKER = "✗"
MAX_LINE_CHARS = 10_000
MAX_MATCHES = 10_000
_SCROLL_STEP = 8

# (start, end, component class) spans of one line.
Spans = list[tuple[int, int, str]]
LineHighlighter = Callable[[str], Spans]


@dataclass(frozen=True, slots=True)
class Match:
    """A search hit: 0-based line, character start and end in that line."""

    line: int
    start: int
    end: int


def find_matches(lines: Sequence[str], query: str, *, limit: int = MAX_MATCHES) -> list[Match]:
    """Case-insensitive hits of `query`, in order, at most `limit`."""
    if not query:
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    hits: list[Match] = []
    for number, line in enumerate(lines):
        for found in pattern.finditer(line):
            hits.append(Match(number, found.start(), found.end()))
            if len(hits) >= limit:
                return hits
    return hits


def prepare_lines(text: str) -> tuple[list[str], int]:
    """Display lines (tabs expanded, very long lines cut) and the widest line in cells."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    widest = 0
    for i, line in enumerate(lines):
        if "\t" in line:
            line = line.expandtabs(4)
        if len(line) > MAX_LINE_CHARS:
            line = line[:MAX_LINE_CHARS] + "…"
        if line.endswith("\r"):
            line = line[:-1]
        lines[i] = line
        widest = max(widest, width_of(line))
    return lines, widest


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
        Binding("up,k", "scroll_lines(-1)", "Up", show=False, id="text-up"),
        Binding("down,j", "scroll_lines(1)", "Down", show=False, id="text-down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="text-page-up"),
        Binding("pagedown,space", "page(1)", "Page down", show=False, id="text-page-down"),
        Binding("home,g", "top", "Top", show=False, id="text-top"),
        Binding("end,G", "bottom", "Bottom", show=False, id="text-bottom"),
        Binding("left,h", "scroll_cells(-1)", "Scroll left", show=False, id="text-left"),
        Binding("right,l", "scroll_cells(1)", "Scroll right", show=False, id="text-right"),
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
        self.lines: list[str] = []
        self.numbers: Sequence[int] | None = None
        self.highlighter: LineHighlighter | None = None
        self.marks: Callable[[str], bool] | None = None
        self.matches: list[Match] = []
        self.current_match = -1
        self._matches_by_line: dict[int, list[int]] = {}
        self._widest = 0
        self._cache: LRUCache[int, Strip] = LRUCache(256)

    def set_lines(
        self,
        lines: list[str],
        widest: int,
        *,
        highlighter: LineHighlighter | None = None,
        marks: Callable[[str], bool] | None = None,
        numbers: Sequence[int] | None = None,
        keep_position: bool = False,
    ) -> None:
        """Show `lines` (from `prepare_lines`); search hits are cleared. `numbers` are
        0-based line numbers in the file when the lines are a filtered subset."""
        self.lines = lines
        self.numbers = numbers
        self._widest = widest
        self.highlighter = highlighter
        self.marks = marks
        self.matches = []
        self.current_match = -1
        self._matches_by_line = {}
        self._cache.clear()
        self.virtual_size = Size(self.gutter_width + widest, len(lines))
        if not keep_position:
            self.scroll_to(0, 0, animate=False)
        self.refresh()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def gutter_width(self) -> int:
        last = len(self.lines)
        if self.numbers:
            last = self.numbers[-1] + 1
        return len(str(max(last, 1))) + 3

    def line_number(self, index: int) -> int:
        """1-based number in the file of displayed line `index`."""
        return (self.numbers[index] if self.numbers is not None else index) + 1

    def set_matches(self, matches: list[Match]) -> None:
        """Highlight these hits; the current one is the first at or below the top line."""
        self.matches = matches
        self._matches_by_line = {}
        for number, match in enumerate(matches):
            self._matches_by_line.setdefault(match.line, []).append(number)
        self._cache.clear()
        self.current_match = -1
        if matches:
            top = round(self.scroll_y)
            first = next((i for i, m in enumerate(matches) if m.line >= top), 0)
            self.go_to_match(first)
        self.refresh()

    def go_to_match(self, number: int) -> None:
        """Make hit `number` (wrapping around) current and scroll it into the middle."""
        if not self.matches:
            return
        self.current_match = number % len(self.matches)
        match = self.matches[self.current_match]
        self._cache.clear()
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if not top <= match.line < top + height:
            self.scroll_to(y=max(match.line - height // 2, 0), animate=False)
        column = width_of(self.lines[match.line][: match.start])
        view_width = self.scrollable_content_region.width - self.gutter_width
        left = round(self.scroll_x)
        if not left <= column < left + max(view_width - 4, 1):
            self.scroll_to(x=max(column - view_width // 2, 0), animate=False)
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        number = scroll_y + y
        base = self.rich_style
        if number >= len(self.lines):
            return Strip.blank(width, base)
        line = self._line_strip(number)
        gutter = self._gutter(number)
        body = line.crop_extend(scroll_x, scroll_x + max(width - self.gutter_width, 0), base)
        return Strip.join([gutter, body]).crop(0, width)

    def _gutter(self, number: int) -> Strip:
        style = self.get_component_rich_style("text-view--gutter")
        label = str(self.line_number(number)).rjust(self.gutter_width - 3) + " "
        if self.marks is not None and self.marks(self.lines[number]):
            marker = self.get_component_rich_style("text-view--marker")
            segments = [Segment(label, style), Segment(MARKER, marker), Segment(" ", style)]
        else:
            segments = [Segment(label + "  ", style)]
        return Strip(segments, self.gutter_width)

    def _line_strip(self, number: int) -> Strip:
        cached = self._cache.get(number)
        if cached is not None:
            return cached
        line = self.lines[number]
        text = Text(line, no_wrap=True, end="")
        if self.highlighter is not None:
            for start, end, component in self.highlighter(line):
                text.stylize(self._style(component), start, end)
        for index in self._matches_by_line.get(number, ()):
            match = self.matches[index]
            component = "text-view--current-match"
            if index != self.current_match:
                component = "text-view--match"
            text.stylize(self._style(component), match.start, match.end)
        segments = Segment.apply_style(text.render(self.app.console), style=self.rich_style)
        strip = Strip(list(segments), width_of(line))
        self._cache[number] = strip
        return strip

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
