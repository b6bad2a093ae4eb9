"""Paged text of one entry, however big: one bounded page at a time through one stream.

The pager never reads more than a page ahead, so the first page of a 1 GB entry costs
what the first page of a 1 MB one does. An unfinished character at the end of a page is
carried into the next, so page joins never garble text. Not thread-safe: one worker
at a time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from drs_tui.result.errors import PreviewError
from drs_tui.result.text.text_decode import decode_bytes, escape_for_display, normalize_encoding
from drs_tui.sizes import format_size

DEFAULT_PAGE_BYTES = 256 * 1024
# "Load more" appends pages until this much is loaded; then only "next page" goes on.
MAX_LOADED_BYTES = 8 * 1024 * 1024
_SKIP_CHUNK = 1024 * 1024

# Opens the entry from its first byte; reads stop after `limit` bytes when it is given.
EntryOpener = Callable[[int | None], BinaryIO]


@dataclass(frozen=True, slots=True)
class TextPage:
    """Decoded bytes `start`..`end` of an entry; `text` is escaped for display."""

    text: str
    encoding: str
    encoding_label: str
    start: int
    end: int
    total: int | None
    at_end: bool

    @property
    def shown_bytes(self) -> int:
        return self.end - self.start


def read_exactly(stream: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes; fewer only at the end of the stream."""
    parts: list[bytes] = []
    left = size
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


class TextPager:
    """Reads an entry page by page; `encoding` is detected on the first page unless given."""

    def __init__(
        self,
        opener: EntryOpener,
        *,
        total: int | None,
        encoding: str | None = None,
        page_bytes: int = DEFAULT_PAGE_BYTES,
    ) -> None:
        if page_bytes < 16:
            raise PreviewError(f"A page must be at least 16 bytes, not {page_bytes}.")
        self._opener = opener
        self.total = total
        self.page_bytes = page_bytes
        self.encoding = normalize_encoding(encoding) if encoding else None
        self._forced = encoding is not None
        self._stream: BinaryIO | None = None
        self._position = 0  # bytes read from the stream so far
        self._carry = b""  # unfinished character from the previous page
        self._eof = False
        self._aligned = True  # False after a seek: the offset may be inside a character

    @property
    def offset(self) -> int:
        """Where the next page starts."""
        return self._position - len(self._carry)

    @property
    def at_end(self) -> bool:
        return self._eof and not self._carry

    def read_page(self) -> TextPage:
        start = self.offset
        at_start = start == 0
        data = self._carry + self._read(self.page_bytes)
        decoded = decode_bytes(
            data,
            encoding=self.encoding if self._forced else None,
            prefer=None if self._forced else self.encoding,
            at_start=at_start,
            aligned=self._aligned,
            at_end=self._eof,
        )
        if at_start:  # later pages keep this choice (a forced utf-16 now knows its order)
            self.encoding = decoded.encoding
        self._carry = data[decoded.end :]
        self._aligned = True
        if self._eof and self._carry:
            self._carry = b""  # a cut character at the very end: shown as U+FFFD already
        return TextPage(
            text=escape_for_display(decoded.text),
            encoding=decoded.encoding,
            encoding_label=decoded.label,
            start=start,
            end=start + decoded.end,
            total=self.total,
            at_end=self.at_end,
        )

    def seek(self, offset: int) -> None:
        """Next page starts at `offset` (a partial character there is skipped)."""
        if offset < 0:
            raise PreviewError(f"Offset {offset} is before the start of the entry.")
        if offset < self._position or self._stream is None:
            self.close()
            self._stream = self._opener(None)
            self._position = 0
        self._carry = b""
        self._eof = False
        self._aligned = offset == 0
        while self._position < offset:
            chunk = self._read(min(_SKIP_CHUNK, offset - self._position))
            if not chunk:
                break

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def __enter__(self) -> TextPager:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _read(self, size: int) -> bytes:
        if self._eof:
            return b""
        if self._stream is None:
            self._stream = self._opener(None)
        data = read_exactly(self._stream, size)
        self._position += len(data)
        if len(data) < size:
            self._eof = True
            self.close()
        return data


def first_page(
    opener: EntryOpener,
    *,
    total: int | None,
    encoding: str | None = None,
    page_bytes: int = DEFAULT_PAGE_BYTES,
) -> TextPage:
    """The first page alone: one page is read, then the stream is closed."""
    with TextPager(opener, total=total, encoding=encoding, page_bytes=page_bytes) as pager:
        page = pager.read_page()
    if not page.at_end and total is not None and page.end >= total:
        return _replace_at_end(page)
    return page


def _replace_at_end(page: TextPage) -> TextPage:
    return TextPage(
        page.text, page.encoding, page.encoding_label, page.start, page.end, page.total, True
    )


@dataclass(frozen=True, slots=True)
class TextMatch:
    """A search hit in the loaded text: 0-based line and column, and character offset."""

    line: int
    column: int
    offset: int
    length: int


class TextDocument:
    """The text loaded so far from one entry: `load_more` appends a page, `next_page`
    replaces the text with the following one, `search` looks in what is loaded."""

    def __init__(self, pager: TextPager, *, max_loaded_bytes: int = MAX_LOADED_BYTES) -> None:
        self.pager = pager
        self.max_loaded_bytes = max_loaded_bytes
        self._parts: list[str] = []
        self._text: str | None = ""
        self.start = pager.offset
        self.end = pager.offset
        self.encoding_label = ""
        self.load_more()

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._parts)
        return self._text

    @property
    def at_end(self) -> bool:
        return self.pager.at_end

    @property
    def encoding(self) -> str | None:
        return self.pager.encoding

    @property
    def can_load_more(self) -> bool:
        loaded = self.end - self.start
        return not self.at_end and loaded + self.pager.page_bytes <= self.max_loaded_bytes

    def status(self) -> str:
        """'showing 256.0 KiB of 1.0 GiB' (or 'bytes 8.0 MiB-8.3 MiB of ...' after paging)."""
        total = format_size(self.pager.total) if self.pager.total is not None else "unknown"
        if self.start == 0:
            return f"showing {format_size(self.end)} of {total}"
        return f"showing bytes {format_size(self.start)}–{format_size(self.end)} of {total}"

    def load_more(self) -> bool:
        """Append the next page; False at the end or when the loaded limit is reached."""
        if self._parts and not self.can_load_more:
            return False
        page = self.pager.read_page()
        self._parts.append(page.text)
        self._text = None
        self.end = page.end
        self.encoding_label = page.encoding_label
        return True

    def next_page(self) -> bool:
        """Drop what is loaded and load the following page; False at the end."""
        if self.at_end:
            return False
        self._parts = []
        self._text = ""
        self.start = self.end
        return self.load_more()

    def search(
        self, query: str, *, case_sensitive: bool = False, limit: int = 1000
    ) -> list[TextMatch]:
        """Hits of `query` in the loaded text, at most `limit`, in order."""
        if not query:
            return []
        flags = 0 if case_sensitive else re.IGNORECASE
        pattern = re.compile(re.escape(query), flags)
        text = self.text
        hits: list[TextMatch] = []
        line, line_start, scanned = 0, 0, 0
        for match in pattern.finditer(text):
            pos = match.start()
            newlines = text.count("\n", scanned, pos)
            if newlines:
                line += newlines
                line_start = text.rfind("\n", scanned, pos) + 1
            scanned = pos
            hits.append(TextMatch(line, pos - line_start, pos, match.end() - pos))
            if len(hits) >= limit:
                break
        return hits

    def close(self) -> None:
        self.pager.close()
