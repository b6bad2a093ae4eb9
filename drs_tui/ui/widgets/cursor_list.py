"""An OptionList whose highlighted option gets a ▶, as the tables' cursor row does.

Textual's OptionList shows the highlight by colour alone, which NO_COLOR and some
terminals lose; this one draws a two-cell gutter: "▶ " on the highlighted option's first
line, spaces elsewhere.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import OptionList

from drs_tui.ui.widgets.table_lines import CURSOR

GUTTER = 2


class CursorList(OptionList):
    def _get_left_gutter_width(self) -> int:
        return GUTTER

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        line = self.scroll_offset.y + y
        lines = self._lines
        if not 0 <= line < len(lines):
            return strip  # below the last option: a blank line, full width already
        index, offset = lines[line]
        at_cursor = index == self.highlighted and offset == 0
        style = self.get_visual_style("option-list--option").rich_style
        mark = f"{CURSOR} " if at_cursor else " " * GUTTER
        return Strip([Segment(mark, style), *strip], strip.cell_length + GUTTER)
