"""A lazy, read-only sequence of entries: a listing order over the archive's arrays."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Set as AbstractSet
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

from drs_tui.result.zip.entry_names import EntryNames
from drs_tui.result.zip.zip_entry import ZipEntry

if TYPE_CHECKING:
    from drs_tui.result.zip.archive import ResultArchive


class EntryList(Sequence[ZipEntry]):
    """Entries in listing order, each `ZipEntry` made on first access."""

    __slots__ = ("_archive", "_order")

    def __init__(self, archive: ResultArchive, order: Sequence[int]) -> None:
        self._archive = archive
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, item: int) -> ZipEntry: ...
    @overload
    def __getitem__(self, item: slice) -> EntryList: ...
    def __getitem__(self, item: int | slice) -> ZipEntry | EntryList:
        if isinstance(item, slice):
            return EntryList(self._archive, self._order[item])
        return self._archive.entry(self._order[item])

    def __iter__(self) -> Iterator[ZipEntry]:
        entry = self._archive.entry
        for index in self._order:
            yield entry(index)

    @property
    def indices(self) -> Sequence[int]:
        return self._order


@dataclass(frozen=True)
class ListingColumns:
    """The listing as index-aligned columns, for printing or rendering many rows fast.

    Read-only views of the archive's arrays (`names` is `EntryNames`: one string, see
    entry_names.py); `problems`, `name_problems` (why extraction refuses the name, see
    unsafe_names.py) and `crc_status` map an entry index to its text and hold only the
    entries that have one; `symlinks` and `unreadable` hold the indices of the entries
    that are symbolic links and that cannot be read.
    """

    names: EntryNames
    sizes: Sequence[int]
    compressed: Sequence[int]
    methods: Sequence[int]
    dos_times: Sequence[int]
    flags: Sequence[int]
    crcs: Sequence[int]
    problems: Mapping[int, str]
    name_problems: Mapping[int, str]
    crc_status: Mapping[int, str]
    symlinks: AbstractSet[int]
    unreadable: AbstractSet[int]
