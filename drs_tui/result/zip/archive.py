"""`ResultArchive`: the listing, bounded reads, CRC checks and nested archives of one ZIP.

Nothing here trusts the file: every failure is a `ResultError` subclass, entries that
cannot be read carry a `problem`, and every read is bounded by bytes actually produced.
Nested archives (a ZIP inside the ZIP, or an xlsx, itself a ZIP) are copied through the
same bounded stream into a spooled temporary file (in memory up to 32 MiB, then on disk
in the system temp folder), CRC-checked, and opened from there; closing the nested
archive deletes the copy. Nesting deeper than MAX_NESTING levels is refused.
"""

from __future__ import annotations

import bisect
import difflib
import io
import shutil
import tempfile
from array import array
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import IO, BinaryIO, Literal

from drs_tui import i18n
from drs_tui.i18n import _
from drs_tui.result.errors import (
    CorruptEntryError,
    ResultError,
    UnknownNameError,
    UnsafeEntryError,
)
from drs_tui.result.zip import hazards
from drs_tui.result.zip.byte_source import ByteSource
from drs_tui.result.zip.central_directory import (
    CentralDirectory,
    read_central_directory,
    unlisted_names,
)
from drs_tui.result.zip.entry_list import EntryList, ListingColumns
from drs_tui.result.zip.entry_names import offsets_array
from drs_tui.result.zip.entry_reader import EntryReader
from drs_tui.result.zip.entry_stream import (
    CompressedInput,
    DecoderState,
    EntryStream,
    StateHook,
    buffered,
    make_decoder,
)
from drs_tui.result.zip.local_header import data_start, refuse_unreadable
from drs_tui.result.zip.names import check_encoding
from drs_tui.result.zip.zip_entry import (
    CRC_BAD,
    CRC_OK,
    CRC_UNCHECKED,
    ArchiveTotals,
    ZipEntry,
)

DEFAULT_LIMIT = 4 << 30  # no single read produces more than 4 GiB unless asked to
MAX_NESTING = 8
_SPOOL_IN_MEMORY = 32 << 20
_CHECK_CHUNK = 1 << 20
_CLOSE_MATCH_LIMIT = 5000  # "did you mean" looks among this many distinct names at most

SortKey = Literal["name", "size", "compressed", "ratio", "modified"]
SORT_KEYS: tuple[SortKey, ...] = ("name", "size", "compressed", "ratio", "modified")


class ResultArchive:
    """One ZIP archive, opened read-only. Use as a context manager or call `close()`."""

    def __init__(
        self,
        source: ByteSource,
        *,
        path: Path | None,
        encoding: str | None,
        depth: int = 0,
    ) -> None:
        self._source = source
        self.path = path
        self.name = source.name
        self.encoding = encoding
        self.depth = depth
        self._dir: CentralDirectory = read_central_directory(source, encoding=encoding)
        self._cache: dict[int, ZipEntry] = {}  # the entries asked for, not one per entry
        self._crc: dict[int, str] = {}
        self._next_headers: Sequence[int] | None = None
        self._totals: ArchiveTotals | None = None

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, encoding: str | None = None) -> ResultArchive:
        """Open a ZIP file and read its listing. `encoding` forces legacy name decoding."""
        path = Path(path)
        encoding = check_encoding(encoding) if encoding else None
        try:
            file = path.open("rb")
        except FileNotFoundError:
            raise ResultError(
                _("{path} does not exist.").format(path=path), title=_("File not found")
            ) from None
        except IsADirectoryError:
            raise ResultError(_("{path} is a folder, not a ZIP file.").format(path=path)) from None
        except OSError as exc:
            raise ResultError(
                _("Cannot open {path}: {reason}").format(path=path, reason=exc.strerror or exc)
            ) from exc
        return cls._from_file(file, name=str(path), path=path, encoding=encoding)

    @classmethod
    def from_bytes(
        cls, data: bytes, *, name: str = "<memory>", encoding: str | None = None
    ) -> ResultArchive:
        """An archive held in memory, e.g. one received over the network."""
        encoding = check_encoding(encoding) if encoding else None
        return cls._from_file(io.BytesIO(data), name=name, path=None, encoding=encoding)

    @classmethod
    def from_file(cls, file: IO[bytes], *, name: str) -> ResultArchive:
        """An archive in an open, seekable file (an xlsx copied out of a result, say);
        closing the archive closes the file."""
        return cls._from_file(file, name=name, path=None, encoding=None)

    @classmethod
    def _from_file(
        cls,
        file: IO[bytes],
        *,
        name: str,
        path: Path | None,
        encoding: str | None,
        depth: int = 0,
    ) -> ResultArchive:
        try:
            source = ByteSource(file, name=name)
        except BaseException:
            file.close()
            raise
        try:
            return cls(source, path=path, encoding=encoding, depth=depth)
        except BaseException:
            source.close()
            raise

    def close(self) -> None:
        self._source.close()

    def __enter__(self) -> ResultArchive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- listing -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._dir)

    @property
    def entries(self) -> EntryList:
        """All entries in central-directory order (a lazy, read-only sequence)."""
        return EntryList(self, range(len(self._dir)))

    @property
    def problems(self) -> list[str]:
        """Archive-level warnings: the listing may be partial when this is not empty."""
        return list(self._dir.archive_problems)

    @property
    def names(self) -> Sequence[str]:
        return self._dir.names

    def unlisted_names(self) -> list[str]:
        """Names of entries whose local header is in the file but not in the listing
        (see central_directory.unlisted_names); empty for an archive without problems."""
        return unlisted_names(self._source, self._dir, encoding=self.encoding)

    def entry(self, index: int) -> ZipEntry:
        if not -len(self._dir) <= index < len(self._dir):
            raise IndexError("entry index out of range")
        index %= len(self._dir)
        cached = self._cache.get(index)
        if cached is None:
            cached = self._cache[index] = self._make_entry(index)
        return cached

    def _make_entry(self, index: int) -> ZipEntry:
        directory = self._dir
        return ZipEntry(
            index=index,
            name=directory.names[index],
            raw_name=directory.names.raw(index),
            size=directory.sizes[index],
            compressed_size=directory.compressed[index],
            method=directory.methods[index],
            flags=directory.flags[index],
            crc=directory.crcs[index],
            header_offset=directory.offsets[index],
            dos_time=directory.dos_times[index],
            external_attr=directory.external_attrs[index],
            create_system=directory.systems[index],
            problem=directory.problems.get(index),
            readable=index not in directory.unreadable,
            crc_status=self._crc.get(index, CRC_UNCHECKED),
            name_problem=directory.name_problems.get(index),
        )

    def columns(self) -> ListingColumns:
        """All entries as columns, without building a `ZipEntry` per entry."""
        directory = self._dir
        return ListingColumns(
            names=directory.names,
            sizes=directory.sizes,
            compressed=directory.compressed,
            methods=directory.methods,
            dos_times=directory.dos_times,
            flags=directory.flags,
            crcs=directory.crcs,
            problems=MappingProxyType(directory.problems),
            name_problems=MappingProxyType(directory.name_problems),
            crc_status=MappingProxyType(self._crc),
            symlinks=frozenset(directory.symlinks),
            unreadable=frozenset(directory.unreadable),
        )

    def totals(self) -> ArchiveTotals:
        if self._totals is None:
            directory = self._dir
            dirs = directory.names.count_ending("/", "\\")
            self._totals = ArchiveTotals(
                entries=len(directory),
                files=len(directory) - dirs,
                dirs=dirs,
                size=sum(directory.sizes),
                compressed_size=sum(directory.compressed),
                with_problems=len(directory.problems),
            )
        return self._totals

    def sorted(self, key: SortKey | str = "name", reverse: bool = False) -> EntryList:
        """Entries ordered by one column; ties keep central-directory order."""
        directory = self._dir
        sizes, compressed = directory.sizes, directory.compressed
        keys: dict[str, Callable[[int], float]] = {
            "size": sizes.__getitem__,
            "compressed": compressed.__getitem__,
            "ratio": lambda i: sizes[i] / max(compressed[i], 1),
            "modified": directory.dos_times.__getitem__,
        }
        if key == "name":
            return EntryList(self, directory.names.sorted_indices(reverse=reverse))
        if key not in keys:
            raise ResultError(
                _("Cannot sort by {key!r}.").format(key=key),
                hint=_("Use one of: {choices}.").format(choices=", ".join(SORT_KEYS)),
            )
        order = offsets_array(len(directory))
        order.extend(sorted(range(len(directory)), key=keys[key], reverse=reverse))
        return EntryList(self, order)

    def find(self, name: str) -> ZipEntry:
        """The entry with this exact name (first one if repeated); folders match without '/'."""
        names = self._dir.names
        for candidate in (name, name + "/", name.replace("\\", "/")):
            index = names.find(candidate)
            if index is not None:
                return self.entry(index)
        hint = _("Run `drs-tui ls FILE` to see the entry names.")
        distinct = _distinct(names, _CLOSE_MATCH_LIMIT)
        if distinct is not None:
            close = difflib.get_close_matches(name, distinct, n=3)
            if close:
                hint = _("Did you mean {names}?").format(
                    names=_(" or ").join(repr(c) for c in close)
                )
        raise UnknownNameError(
            _("No entry named {name!r} in {archive}.").format(name=name, archive=self.name),
            hint=hint,
            title=_("No such entry"),
        )

    def crc_status(self, entry: ZipEntry) -> str:
        return self._crc.get(entry.index, CRC_UNCHECKED)

    # -- reading -------------------------------------------------------------------------

    def open_entry(self, entry: ZipEntry, *, limit: int | None = None) -> BinaryIO:
        """A read-only stream of the entry's bytes, producing at most `limit` bytes.

        Raises up front for encrypted, unsupported or unsafe entries; while reading,
        UnsafeEntryError past `limit` or the declared size, CorruptEntryError on damaged
        data or a CRC mismatch at the end.
        """
        limit = DEFAULT_LIMIT if limit is None else limit
        if limit < 0:
            raise ResultError(
                _("Read limit must not be negative (got {limit}).").format(limit=limit)
            )
        current, start = self._readable(entry)
        data = CompressedInput(self._source, start, current.compressed_size)
        decoder = make_decoder(current.method, data, current.name)
        stream = EntryStream(
            decoder,
            name=current.name,
            size=current.size,
            crc=current.crc,
            limit=limit,
            on_crc=partial(self._record_crc, current.index),
        )
        return buffered(stream)

    def reader(self, entry: ZipEntry, *, limit: int | None = None) -> EntryReader:
        """The entry readable at any offset (see entry_reader.py); same bounds and errors
        as `open_entry`, the CRC checked whenever a read goes from the first byte to the
        last."""
        limit = DEFAULT_LIMIT if limit is None else limit
        current, start = self._readable(entry)

        def opener(offset: int, state: DecoderState | None, on_read: StateHook) -> BinaryIO:
            at = state or DecoderState(start, current.compressed_size)
            data = CompressedInput(self._source, at.position, at.remaining)
            decoder = make_decoder(current.method, data, current.name, resume=state)
            stream = EntryStream(
                decoder,
                name=current.name,
                size=current.size,
                crc=current.crc if offset == 0 else None,
                limit=limit,
                on_crc=partial(self._record_crc, current.index) if offset == 0 else None,
                start=offset,
                on_read=on_read,
            )
            return buffered(stream)

        return EntryReader(opener, size=min(current.size, limit))

    def read_entry(self, entry: ZipEntry, limit: int | None = None) -> bytes:
        """All bytes of a small entry; UnsafeEntryError if it is larger than `limit`."""
        with self.open_entry(entry, limit=limit) as stream:
            return stream.read()

    def check(self, entry: ZipEntry) -> ZipEntry:
        """Decompress the whole entry to verify its CRC; returns the updated entry.

        Damage is recorded (crc_status "bad" and a problem), not raised; unreadable
        entries are returned unchecked.
        """
        current = self._current(entry)
        if not current.readable:
            return current
        try:
            with self.open_entry(current) as stream:
                while stream.read(_CHECK_CHUNK):
                    pass
        except UnsafeEntryError:
            self._mark(current.index, _("more data than declared: possible zip bomb"), bad=True)
        except ResultError as exc:
            if self._crc.get(current.index) != CRC_BAD:
                self._mark(
                    current.index,
                    _("damaged data ({message})").format(message=exc.message),
                    bad=True,
                )
        return self.entry(current.index)

    def open_nested(self, entry: ZipEntry, *, limit: int | None = None) -> ResultArchive:
        """Open an entry that is itself a ZIP (or an xlsx) under the same bounds."""
        current = self._current(entry)
        if self.depth + 1 > MAX_NESTING:
            raise UnsafeEntryError(
                _("{name}: archives nested more than {depth} deep are refused.").format(
                    name=current.name, depth=MAX_NESTING
                )
            )
        spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY)  # noqa: SIM115
        try:
            with self.open_entry(current, limit=limit) as stream:
                shutil.copyfileobj(stream, spool, _CHECK_CHUNK)
        except OSError as exc:
            spool.close()
            raise ResultError(
                _("Cannot copy {name} to a temporary file: {error}").format(
                    name=current.name, error=exc
                )
            ) from exc
        except BaseException:
            spool.close()
            raise
        return self._from_file(
            spool,
            name=f"{self.name}/{current.name}",
            path=None,
            encoding=self.encoding,
            depth=self.depth + 1,
        )

    # -- internals -----------------------------------------------------------------------

    def _current(self, entry: ZipEntry) -> ZipEntry:
        if 0 <= entry.index < len(self._dir):
            current = self.entry(entry.index)
            if current.raw_name == entry.raw_name and current.header_offset == entry.header_offset:
                return current
        raise ResultError(
            _("{name!r} is not an entry of {archive}.").format(name=entry.name, archive=self.name)
        )

    def _readable(self, entry: ZipEntry) -> tuple[ZipEntry, int]:
        """The entry as listed now and where its data starts; raises if it cannot be read."""
        current = self._current(entry)
        refuse_unreadable(current)
        if current.method == 0 and current.size != current.compressed_size:
            raise CorruptEntryError(
                _(
                    "{name}: stored entry whose sizes differ ({size:,} vs {compressed:,} bytes)."
                ).format(name=current.name, size=current.size, compressed=current.compressed_size)
            )
        return current, self._data_start(current)

    def _data_start(self, entry: ZipEntry) -> int:
        try:
            return data_start(
                self._source, entry, self._dir.data_end, self._next_header(entry.header_offset)
            )
        except UnsafeEntryError:
            self._mark(entry.index, i18n._(hazards.OVERLAP), unreadable=True)
            raise

    def _next_header(self, offset: int) -> int:
        if self._next_headers is None:
            offsets = self._dir.offsets
            if self._dir.offsets_sorted:
                self._next_headers = offsets
            else:
                self._next_headers = array(offsets.typecode, sorted(offsets))
        position = bisect.bisect_right(self._next_headers, offset)
        if position < len(self._next_headers):
            return self._next_headers[position]
        return self._dir.data_end

    def _record_crc(self, index: int, good: bool) -> None:
        self._crc[index] = CRC_OK if good else CRC_BAD
        if not good:
            self._mark(index, i18n._(hazards.CRC_MISMATCH))
        self._cache.pop(index, None)

    def _mark(
        self, index: int, problem: str, *, unreadable: bool = False, bad: bool = False
    ) -> None:
        if bad:
            self._crc[index] = CRC_BAD
        hazards.add_problem(self._dir, index, problem, unreadable=unreadable)
        self._cache.pop(index, None)
        self._totals = None


def _distinct(names: Iterable[str], limit: int) -> list[str] | None:
    """The distinct names in order of appearance, or None when there are more than `limit`."""
    seen: dict[str, None] = {}
    for name in names:
        seen[name] = None
        if len(seen) > limit:
            return None
    return list(seen)
