"""Entry names kept as one string, not one object per name.

A million names as a list of `str` cost about 90 MB (each string carries ~50 bytes of
header); joined in one string they cost their characters and a 4-byte offset each.
`EntryNames` is that string, "\n" + the names joined by "\n" + "\n", with the position of
the newline before each name; a name is sliced out when it is asked for, and iteration
splits the string a few thousand names at a time. The same framing is what
unsafe_names.py scans, so its checks read the names without building them.
"""

from __future__ import annotations

import bisect
import operator
from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate, islice, repeat
from typing import overload

_CHUNK = 4096  # names per piece when iterating


def offsets_array(limit: int) -> array[int]:
    """An empty array for positions below `limit`, 4 bytes an item when that suffices."""
    return array("I" if limit < 1 << 32 else "Q")


class EntryNames(Sequence[str]):
    """The decoded names of an archive's entries, in central-directory order.

    `raw(i)` is the name's bytes as stored: sliced from `raw_text` when it is kept, else
    the decoded name encoded again with `codec` (exact for ASCII and strict UTF-8).
    Compares equal to a list or tuple of the same names, like the list it replaces.
    """

    __slots__ = ("_bounds", "_codec", "_plain", "_raw", "_raw_bounds", "text")

    def __init__(
        self,
        text: str,
        bounds: array[int],
        *,
        codec: str = "ascii",
        raw: bytes | None = None,
        raw_bounds: array[int] | None = None,
    ) -> None:
        self.text = text  # "\n" + "\n".join(names) + "\n"
        self._bounds = bounds  # position of the "\n" before each name, then the last one
        self._codec = codec
        self._raw = raw  # the raw names framed the same way, or None
        self._raw_bounds = raw_bounds
        # No name holds a newline: the text splits at "\n" into exactly the names.
        self._plain = text.count("\n") == len(bounds)

    def __len__(self) -> int:
        return len(self._bounds) - 1

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        bounds = self._bounds
        if index < 0:
            index += len(bounds) - 1
        if not 0 <= index < len(bounds) - 1:
            raise IndexError("entry index out of range")
        return self.text[bounds[index] + 1 : bounds[index + 1]]

    def __iter__(self) -> Iterator[str]:
        if not self._plain:
            yield from map(self.__getitem__, range(len(self)))
            return
        for piece in self.chunks():
            yield from piece[:-1].split("\n")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, EntryNames | list | tuple):
            return NotImplemented
        return len(self) == len(other) and all(map(operator.eq, self, other))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"EntryNames({len(self)} names)"

    @property
    def plain(self) -> bool:
        """True when no name holds a newline, so `text` splits into exactly the names."""
        return self._plain

    def chunks(self, size: int = _CHUNK) -> Iterator[str]:
        """The text in pieces of up to `size` names, each name followed by "\n"."""
        bounds, text = self._bounds, self.text
        count = len(bounds) - 1
        for start in range(0, count, size):
            end = min(start + size, count)
            yield text[bounds[start] + 1 : bounds[end] + 1]

    def raw(self, index: int) -> bytes:
        """The name's bytes as the archive stores them."""
        if self._raw is None or self._raw_bounds is None:
            return self[index].encode(self._codec)
        bounds = self._raw_bounds
        return self._raw[bounds[index] + 1 : bounds[index + 1]]

    def count_ending(self, *suffixes: str) -> int:
        """How many names end with one of these one-character suffixes."""
        if self._plain:
            return sum(self.text.count(suffix + "\n") for suffix in suffixes)
        return sum(1 for name in self if name.endswith(suffixes))

    def isprintable(self) -> bool:
        """Whether every name is printable (`str.isprintable`), checked on the one string."""
        return self._plain and all(
            piece.replace("\n", "").isprintable() for piece in self.chunks(1 << 16)
        )

    def find(self, name: str) -> int | None:
        """The index of the first entry with exactly this name, or None."""
        if not self._plain:
            return next((i for i, each in enumerate(self) if each == name), None)
        if "\n" in name:
            return None
        at = self.text.find("\n" + name + "\n")
        if at < 0:
            return None
        return bisect.bisect_left(self._bounds, at)

    def sorted_indices(self, *, reverse: bool = False) -> array[int]:
        """Entry indices ordered by name; equal names keep their order."""
        order = sorted(range(len(self)), key=self.__getitem__, reverse=reverse)
        out = offsets_array(len(self))
        out.extend(order)
        return out


def newline_bounds(text: str, count: int) -> array[int]:
    """The bounds of `count` names in `text` (framed by "\n", no name holding one)."""
    bounds = offsets_array(len(text))
    bounds.append(0)
    last = len(text) - 1
    position = 0
    while position < last:
        end = text.find("\n", min(position + _CHUNK * 64, last))
        piece = text[position + 1 : end]
        lengths = map(len, piece.split("\n"))
        steps = accumulate(map(operator.add, lengths, repeat(1)), initial=position)
        bounds.extend(islice(steps, 1, None))
        position = end
    if len(bounds) != count + 1:
        raise ValueError("names hold newlines: their bounds cannot be found by splitting")
    return bounds


def bounds_from_lengths(lengths: Iterable[int], limit: int) -> array[int]:
    """Bounds of names of these lengths, framed as in `EntryNames.text`."""
    bounds = offsets_array(limit)
    bounds.extend(accumulate(map(operator.add, lengths, repeat(1)), initial=0))
    return bounds
