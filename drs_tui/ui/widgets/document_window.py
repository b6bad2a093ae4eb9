"""The rows of an engine Document as the table and the text view ask for them.

Both widgets render synchronously and only the rows on screen. A row that is not in
memory yet is drawn as a placeholder while a worker reads its block (64 rows) from the
entry; when the block arrives the widget redraws. The first rows (read when the entry
was opened) are always at hand; a small LRU keeps the blocks read since.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

from drs_tui.i18n import _
from drs_tui.result import Document, ResultError, Row

BLOCK = 64
CACHED_BLOCKS = 256
PLACEHOLDER = "…"

# Asks for block `n` to be read (in a worker); called at most once per missing block.
FetchBlock = Callable[[int], None]


class DocumentWindow:
    """Row ordinal -> (number, cells), from the first rows, a block cache, or a fetch."""

    def __init__(self, document: Document, fetch: FetchBlock) -> None:
        self.document = document
        self._first = document.first_rows()
        self._fetch = fetch
        self._blocks: OrderedDict[int, list[Row]] = OrderedDict()
        self._pending: set[int] = set()
        self._lock = threading.Lock()

    @property
    def known_rows(self) -> int:
        """Rows that can be shown now: all once indexed, those seen so far before."""
        index = self.document.index
        if index.complete:
            return index.rows
        return max(len(self._first), index.rows)

    def row(self, ordinal: int) -> Row | None:
        """The row, or None while its block is being read."""
        if 0 <= ordinal < len(self._first):
            return self._first[ordinal]
        block, at = divmod(ordinal, BLOCK)
        rows = self._blocks.get(block)
        if rows is None:
            self._request(block)
            return None
        self._blocks.move_to_end(block)
        return rows[at] if at < len(rows) else None

    def _request(self, block: int) -> None:
        with self._lock:
            if block in self._pending:
                return
            self._pending.add(block)
        self._fetch(block)

    def read_block(self, block: int) -> list[Row]:
        """Read block `block` from the entry (in a worker thread). A block that cannot be
        read becomes rows that say why, rather than placeholders waiting forever."""
        try:
            return self.document.rows(block * BLOCK, BLOCK)
        except ResultError as exc:
            first = block * BLOCK
            message = _("cannot read this row: {error}").format(error=exc.message)
            return [(self.number(first + i), [message]) for i in range(BLOCK)]

    def store(self, block: int, rows: list[Row]) -> None:
        """A block read by `read_block` (on the UI thread)."""
        with self._lock:
            self._pending.discard(block)
        if rows:
            self._blocks[block] = rows
            while len(self._blocks) > CACHED_BLOCKS:
                self._blocks.popitem(last=False)

    def forget_missing(self) -> None:
        """Blocks asked for before the index reached them may be there now."""
        with self._lock:
            self._pending.clear()

    def peek(self, ordinal: int) -> Row | None:
        """The row if it is in memory; never starts a read."""
        if 0 <= ordinal < len(self._first):
            return self._first[ordinal]
        rows = self._blocks.get(ordinal // BLOCK)
        at = ordinal % BLOCK
        return rows[at] if rows is not None and at < len(rows) else None

    def cells(self, ordinal: int) -> Sequence[str]:
        row = self.row(ordinal)
        return row[1] if row is not None else [PLACEHOLDER]

    def number(self, ordinal: int) -> int:
        """The row's number in the file; an estimate (never a read) when it is not in
        memory: the gutter's width asks for the last row's number on every frame."""
        row = self.peek(ordinal)
        if row is not None:
            return row[0]
        first = self._first[0][0] if self._first else 1
        return first + ordinal  # an estimate until the block is read

    def marked(self, ordinal: int) -> bool:
        row = self.row(ordinal)
        if row is None:
            return False
        return self.document.has_error(row[1])


class TableRows:
    """A DocumentWindow as the VirtualTable's RowSource."""

    def __init__(self, window: DocumentWindow) -> None:
        self.window = window

    def __len__(self) -> int:
        return self.window.known_rows

    def cells(self, index: int) -> Sequence[str]:
        return self.window.cells(index)

    def marked(self, index: int) -> bool:
        return self.window.marked(index)

    def number(self, index: int) -> int:
        return self.window.number(index)


class DocumentLines:
    """A DocumentWindow of a lines document as the TextView's LineSource."""

    def __init__(self, window: DocumentWindow) -> None:
        self.window = window

    def __len__(self) -> int:
        return self.window.known_rows

    def line(self, index: int) -> str | None:
        row = self.window.row(index)
        if row is None:
            return None
        return row[1][0] if row[1] else ""

    def number(self, index: int) -> int:
        return self.window.number(index)

    def marked(self, index: int) -> bool:
        return self.window.marked(index)
