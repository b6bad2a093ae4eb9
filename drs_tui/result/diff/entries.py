"""Which entries of two result ZIPs are the same file, and whether it changed.

Entries pair by exact name first. The files of another result type or language are
named differently (`object_import_detail.xlsx`, `synchronized_objects.xlsx`,
`对象导入校验结果.xlsx`), so the entries left over then pair by kind: when each side has
exactly one left with the same extension, those two are the same file. A changed entry
differs in size or CRC-32, as the central directories say (nothing is decompressed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath

from drs_tui.result.zip import ResultArchive, ZipEntry

ADDED, REMOVED, CHANGED, SAME = "added", "removed", "changed", "same"
# Entries compared row by row (others, text and binaries, only as whole entries).
TABLE_SUFFIXES = frozenset(
    {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".tsv", ".json", ".jsonl"}
)


@dataclass(frozen=True, slots=True)
class EntryChange:
    status: str  # added, removed, changed, same
    old: ZipEntry | None
    new: ZipEntry | None

    @property
    def name(self) -> str:
        entry = self.new or self.old
        assert entry is not None
        return entry.name

    @property
    def old_name(self) -> str | None:
        return self.old.name if self.old else None

    @property
    def new_name(self) -> str | None:
        return self.new.name if self.new else None

    @property
    def renamed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.name != self.new.name

    @property
    def paired(self) -> bool:
        return self.old is not None and self.new is not None

    @property
    def tabular(self) -> bool:
        """Both sides are sheets, CSV or JSON: rows can be compared."""
        return self.paired and all(
            _suffix(e.name) in TABLE_SUFFIXES for e in (self.old, self.new) if e is not None
        )


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix.casefold()


def _files(archive: ResultArchive) -> list[ZipEntry]:
    return [entry for entry in archive.entries if not entry.is_dir]


def _status(old: ZipEntry, new: ZipEntry) -> str:
    return SAME if (old.size, old.crc) == (new.size, new.crc) else CHANGED


def pair_entries(old: ResultArchive, new: ResultArchive) -> list[EntryChange]:
    """Every file of both archives once: paired (same or changed), removed or added."""
    old_files, new_files = _files(old), _files(new)
    by_name: dict[str, ZipEntry] = {}
    for entry in new_files:
        by_name.setdefault(entry.name, entry)
    changes: list[EntryChange] = []
    taken: set[int] = set()
    left_old: list[ZipEntry] = []
    for entry in old_files:
        match = by_name.get(entry.name)
        if match is not None and match.index not in taken:
            taken.add(match.index)
            changes.append(EntryChange(_status(entry, match), entry, match))
        else:
            left_old.append(entry)
    left_new = [entry for entry in new_files if entry.index not in taken]
    old_kinds: defaultdict[str, list[ZipEntry]] = defaultdict(list)
    new_kinds: defaultdict[str, list[ZipEntry]] = defaultdict(list)
    for entry in left_old:
        old_kinds[_suffix(entry.name)].append(entry)
    for entry in left_new:
        new_kinds[_suffix(entry.name)].append(entry)
    for suffix, olds in old_kinds.items():
        news = new_kinds.get(suffix, [])
        if len(olds) == 1 and len(news) == 1:
            changes.append(EntryChange(_status(olds[0], news[0]), olds[0], news[0]))
            taken.add(news[0].index)
        else:
            changes.extend(EntryChange(REMOVED, entry, None) for entry in olds)
    changes.extend(EntryChange(ADDED, None, e) for e in left_new if e.index not in taken)
    return changes
