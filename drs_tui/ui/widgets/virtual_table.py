"""A table that renders only the rows on screen: a line-API ScrollView over a row source.

Textual's DataTable measures every cell of every row (about 17 s for 100,000 rows here);
this table asks its `RowSource` for the rows in the visible window only, sizes columns
on a sample, keeps a small LRU of rendered rows, and keeps the header line fixed.
Rows that carry an error reason get a ✗ in the gutter as well as a colour, so the
meaning survives NO_COLOR; the cursor row gets a ▶.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from drs_tui.i18n import N_
from drs_tui.ui.widgets.cell_text import clean, width_of
from drs_tui.ui.widgets.table_lines import (
    CURSOR,
    GUTTER_MARKS,
    MARKER,
    body_width,
    gutter_strip,
    header_strip,
    restyled,
    row_strip,
)
from drs_tui.ui.widgets.table_model import (
    SAMPLE_ROWS,
    Column,
    ListRows,
    RowSource,
    measure,
    nearest_position,
    spread,
)

__all__ = ["CURSOR", "MARKER", "SAMPLE_ROWS", "Column", "ListRows", "RowSource", "VirtualTable"]

SEPARATOR = " │ "


class VirtualTable(ScrollView, can_focus=True):
    """Header line, gutter (cursor, marker, row number) and the visible rows only."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", N_("Up"), show=False, id="table-cursor-up"),
        Binding("down,j", "cursor_down", N_("Down"), show=False, id="table-cursor-down"),
        Binding("pageup", "page_up", N_("Page up"), show=False, id="table-page-up"),
        Binding("pagedown", "page_down", N_("Page down"), show=False, id="table-page-down"),
        Binding("home,g", "first_row", N_("First row"), show=False, id="table-first-row"),
        Binding("end,G", "last_row", N_("Last row"), show=False, id="table-last-row"),
        Binding("left,h", "scroll_column(-1)", N_("Column left"), show=False, id="table-left"),
        Binding("right,l", "scroll_column(1)", N_("Column right"), show=False, id="table-right"),
        Binding(
            "enter",
            "select_row",
            N_("Open"),
            show=False,
            id="table-select-row",
            tooltip=N_("The entry's preview, or the whole row (every column, wrapped)"),
        ),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--gutter",
        "virtual-table--cursor",
        "virtual-table--marked",
        "virtual-table--marker",
        "virtual-table--match",
        "virtual-table--separator",
    }

    DEFAULT_CSS = """
    VirtualTable {
        background: $surface;
        color: $foreground;
        & > .virtual-table--header { text-style: bold; background: $panel; }
        & > .virtual-table--gutter { color: $text-muted; }
        & > .virtual-table--separator { color: $text-muted; }
        & > .virtual-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus > .virtual-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .virtual-table--marked { color: $text-error; }
        & > .virtual-table--marker { color: $text-error; text-style: bold; }
        & > .virtual-table--match { background: $warning 50%; text-style: underline; }
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)
    cursor_column: reactive[int] = reactive(0, init=False)

    class CursorMoved(Message):
        """The cursor moved to display row `row`, which is source row `index`."""

        def __init__(self, table: VirtualTable, row: int, index: int) -> None:
            super().__init__()
            self.table = table
            self.row = row
            self.index = index

        @property
        def control(self) -> VirtualTable:
            return self.table

    class RowSelected(CursorMoved):
        """Enter (or a click on the cursor row) on display row `row`."""

    def __init__(
        self,
        columns: Sequence[Column] = (),
        source: RowSource | None = None,
        *,
        row_numbers: bool = True,
        cell_cursor: bool = False,
        separator: str = SEPARATOR,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns: list[Column] = list(columns)
        self.source: RowSource = source or ListRows([])
        self.view: Sequence[int] | None = None
        self.row_numbers = row_numbers
        # With a cell cursor, left/right move between columns (the cell is shown whole
        # elsewhere); without one they scroll by a column.
        self.cell_cursor = cell_cursor
        self.separator = separator
        self.highlight_text = ""
        self._measured: list[int] = measure(self.columns, self.source)
        self._widths: list[int] = list(self._measured)
        self._number_width = 1
        self._cache: LRUCache[int, Strip] = LRUCache(512)
        self._grow: dict[int, int] = {}

    # -- data -----------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        """Rows shown (after any filter)."""
        return len(self.view) if self.view is not None else len(self.source)

    def source_index(self, row: int) -> int:
        return self.view[row] if self.view is not None else row

    def set_rows(self, columns: Sequence[Column], source: RowSource) -> None:
        """Show new rows; the cursor goes to the top."""
        self.columns = list(columns)
        self.source = source
        self.view = None
        self.highlight_text = ""
        self._measured = measure(self.columns, self.source)
        self._relayout()
        self.scroll_to(0, 0, animate=False)
        self.cursor_column = 0
        self.cursor_row = 0

    def rows_arrived(self) -> None:
        """Rows that were being read are here: draw again."""
        self._cache.clear()
        self.rows_grown()
        self.refresh()

    def rows_grown(self) -> None:
        """The source has more rows (its index grows): only the size changes."""
        self.virtual_size = Size(self.gutter_width + self.body_width, self.row_count + 1)

    def set_view(self, view: Sequence[int] | None, *, highlight: str = "") -> None:
        """Show only these source rows (None: all); `highlight` marks matches of a filter."""
        current = self.source_index(self.cursor_row) if self.row_count else 0
        self.view = view
        self.highlight_text = highlight
        self._cache.clear()
        self._relayout()
        row = 0
        if view is None:
            row = current
        elif view:
            row = nearest_position(view, current)
        self.cursor_row = min(row, max(self.row_count - 1, 0))

    def set_highlight(self, text: str) -> None:
        """Mark case-insensitive occurrences of `text` in the cells (search hits)."""
        self.highlight_text = text
        self._cache.clear()
        self.refresh()

    def find_rows(self, text: str) -> list[int]:
        """Display rows (in the current view) with `text` in a cell, case-insensitive."""
        needle = text.casefold()
        return [
            row
            for row in range(self.row_count)
            if any(needle in cell.casefold() for cell in self.source.cells(self.source_index(row)))
        ]

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Change the columns shown (the source must give cells for them); rows stay."""
        self.columns = list(columns)
        self._measured = measure(self.columns, self.source)
        self._relayout()

    def cursor_index(self) -> int | None:
        """Source index of the cursor row, or None when no row is shown."""
        if not self.row_count:
            return None
        return self.source_index(self.cursor_row)

    # -- layout ---------------------------------------------------------------------------

    def _relayout(self) -> None:
        rows = len(self.source)
        self._number_width = 0
        if self.row_numbers:
            self._number_width = len(str(self.source.number(rows - 1) if rows else 1))
        room = self.scrollable_content_region.width - self.gutter_width
        self._widths = spread(self._measured, self.columns, room, len(self.separator))
        self._cache.clear()
        self.virtual_size = Size(self.gutter_width + self.body_width, self.row_count + 1)
        self.refresh()

    @property
    def gutter_width(self) -> int:
        """Cursor glyph, marker glyph and a space, row number and a space."""
        return GUTTER_MARKS + (self._number_width + 1 if self.row_numbers else 0)

    @property
    def body_width(self) -> int:
        return body_width(self._widths, self.separator)

    def on_resize(self, _event: events.Resize) -> None:
        self._relayout()
        self._scroll_cursor_visible()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- rendering ------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        if y == 0:
            gutter = Strip([Segment(" " * self.gutter_width, base)], self.gutter_width)
            sep = self._style("separator")
            body = header_strip(self.columns, self._widths, self.separator, sep)
        else:
            row = scroll_y + y - 1
            if row >= self.row_count:
                return Strip.blank(width, base)
            index = self.source_index(row)
            gutter = self._gutter_strip(row, index)
            body = self._row_strip(index)
            if row == self.cursor_row:
                body = restyled(body, self._style("cursor"))
                if self.cell_cursor and self.columns:
                    body = self._mark_cell(body)
        body_width = max(width - self.gutter_width, 0)
        body = body.crop_extend(scroll_x, scroll_x + body_width, base)
        if y == 0:
            body = restyled(body, self._style("header"))
        return Strip.join([gutter, body]).crop(0, width)

    def _mark_cell(self, body: Strip) -> Strip:
        """The cursor row with the cursor cell drawn reversed."""
        start = sum(w + len(self.separator) for w in self._widths[: self.cursor_column])
        width = self._widths[min(self.cursor_column, len(self._widths) - 1)]
        before = body.crop(0, start)
        cell = restyled(body.crop(start, start + width), Style(reverse=True))
        after = body.crop(start + width, body.cell_length)
        return Strip.join([before, cell, after])

    def _style(self, part: str) -> Style:
        return self.get_component_rich_style(f"virtual-table--{part}")

    def _gutter_strip(self, row: int, index: int) -> Strip:
        number = ""
        if self.row_numbers:
            number = str(self.source.number(index)).rjust(self._number_width) + " "
        return gutter_strip(
            cursor=row == self.cursor_row,
            marked=self.source.marked(index),
            number=number,
            style=self._style("gutter"),
            marker_style=self._style("marker"),
        )

    def _row_strip(self, index: int) -> Strip:
        cached = self._cache.get(index)
        if cached is not None:
            return cached
        cells = self.source.cells(index)
        values = [clean(cells[col]) if col < len(cells) else "" for col in range(len(self.columns))]
        for col, (column, width) in enumerate(zip(self.columns, self._widths, strict=True)):
            if not column.flex and column.width is None and width < column.max_width:
                self._note_width(col, width_of(values[col]))
        style = self.rich_style
        if self.source.marked(index):
            style += self._style("marked")
        strip = row_strip(
            values,
            self.columns,
            self._widths,
            separator=self.separator,
            style=style,
            separator_style=self._style("separator"),
            highlight=self.highlight_text,
            match_style=self._style("match"),
        )
        self._cache[index] = strip
        return strip

    def _note_width(self, col: int, wanted: int) -> None:
        """A visible cell is wider than the sample said: widen the column after this frame
        (up to its max_width: a wider wish would re-lay out the table on every frame)."""
        wanted = min(wanted, self.columns[col].max_width)
        if wanted <= self._measured[col]:
            return
        if not self._grow:
            self.call_later(self._apply_growth)
        self._grow[col] = max(self._grow.get(col, 0), wanted)

    def _apply_growth(self) -> None:
        for col, wanted in self._grow.items():
            if col < len(self._measured):
                self._measured[col] = wanted
        self._grow.clear()
        self._relayout()

    # -- cursor and keys ------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        if self.row_count:
            clamped = max(0, min(new, self.row_count - 1))
            if clamped != new:
                self.cursor_row = clamped
                return
        self._scroll_cursor_visible()
        self.refresh()
        if self.row_count:
            self._post_cursor_moved(new)

    def _post_cursor_moved(self, row: int) -> None:
        """Tell the parent the cursor moved (a subclass may speak of its own rows)."""
        self.post_message(self.CursorMoved(self, row, self.source_index(row)))

    def _post_row_selected(self, row: int) -> None:
        self.post_message(self.RowSelected(self, row, self.source_index(row)))

    def _scroll_cursor_visible(self) -> None:
        height = self.scrollable_content_region.height - 1  # the header line
        if height <= 0:
            return
        top = round(self.scroll_y)
        row = self.cursor_row
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False)

    @property
    def page_rows(self) -> int:
        return max(self.scrollable_content_region.height - 2, 1)

    def action_cursor_up(self) -> None:
        self.cursor_row = max(self.cursor_row - 1, 0)

    def action_cursor_down(self) -> None:
        self.cursor_row = min(self.cursor_row + 1, max(self.row_count - 1, 0))

    def action_page_up(self) -> None:
        self.cursor_row = max(self.cursor_row - self.page_rows, 0)

    def action_page_down(self) -> None:
        self.cursor_row = min(self.cursor_row + self.page_rows, max(self.row_count - 1, 0))

    def action_first_row(self) -> None:
        self.cursor_row = 0

    def action_last_row(self) -> None:
        self.cursor_row = max(self.row_count - 1, 0)

    def watch_cursor_column(self, _old: int, new: int) -> None:
        if self.columns:
            clamped = max(0, min(new, len(self.columns) - 1))
            if clamped != new:
                self.cursor_column = clamped
                return
        self._scroll_column_visible()
        self._cache.clear()
        self.refresh()
        if self.row_count:
            self._post_cursor_moved(self.cursor_row)

    def _scroll_column_visible(self) -> None:
        start = sum(w + len(self.separator) for w in self._widths[: self.cursor_column])
        width = self._widths[self.cursor_column] if self._widths else 0
        view = self.scrollable_content_region.width - self.gutter_width
        left = round(self.scroll_x)
        if start < left:
            self.scroll_to(x=start, animate=False)
        elif start + width > left + view:
            self.scroll_to(x=min(start, start + width - view), animate=False)

    def action_scroll_column(self, direction: int) -> None:
        """Scroll so the next (or previous) column starts at the left edge, or, with a
        cell cursor, move the cursor one column."""
        if self.cell_cursor:
            self.cursor_column = max(0, min(self.cursor_column + direction, len(self.columns) - 1))
            return
        starts, position = [], 0
        for width in self._widths:
            starts.append(position)
            position += width + len(self.separator)
        current = round(self.scroll_x)
        if direction > 0:
            target = next((x for x in starts if x > current), current)
        else:
            target = next((x for x in reversed(starts) if x < current), 0)
        self.scroll_to(x=min(target, self.max_scroll_x), animate=False)

    def action_select_row(self) -> None:
        if self.row_count:
            self._post_row_selected(self.cursor_row)

    def on_click(self, event: events.Click) -> None:
        row = round(self.scroll_y) + event.y - 1
        if event.y < 1 or row >= self.row_count:
            return
        if row == self.cursor_row:
            self.action_select_row()
        else:
            self.cursor_row = row
