"""Marks entries that must not be trusted, from central-directory data alone.

- Overlapping local data is the construction of Fifield's non-recursive zip bomb: many
  entries share one compressed kernel. Such entries are refused, as `unzip` 6.0-25+ does.
- A ratio far above what real data reaches (deflate tops out near 1032:1, text ~10:1) is
  flagged but still readable: reads are bounded by bytes produced, not by header fields.
- Data beyond the central directory means a truncated or lying archive.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from itertools import islice
from typing import TYPE_CHECKING

from drs_tui.result.zip.zip_entry import (
    AES_METHOD,
    FLAG_ENCRYPTED,
    FLAG_STRONG_ENCRYPTION,
    READABLE_METHODS,
    method_name,
)

if TYPE_CHECKING:
    from drs_tui.result.zip.directory_scan import CentralDirectory

RATIO_MIN_SIZE = 1 << 20
RATIO_LIMIT = 100
LOCAL_HEADER_SIZE = 30

OVERLAP = "overlaps another entry: possible zip bomb"
OUTSIDE = "data lies past the end of the archive data (truncated file or bad offset)"
CRC_MISMATCH = "CRC mismatch"

__all__ = ["READABLE_METHODS", "mark_hazards", "method_problem", "ratio_problem"]


def method_problem(flags: int, method: int) -> str:
    if method == AES_METHOD:
        return "encrypted (AES)"
    if flags & FLAG_STRONG_ENCRYPTION:
        return "encrypted (PKWARE strong encryption)"
    if flags & FLAG_ENCRYPTED:
        return "encrypted (ZipCrypto)"
    return f"unsupported method {method_name(method)}"


def ratio_problem(size: int, compressed: int) -> str:
    return f"compression ratio {size / max(compressed, 1):.0f}:1 is suspicious"


def add_problem(directory: CentralDirectory, index: int, text: str, *, unreadable: bool) -> None:
    """Record a problem; several are joined, the ones that block reading first."""
    old = directory.problems.get(index)
    if old is None:
        directory.problems[index] = text
    elif text not in old:
        directory.problems[index] = f"{text}; {old}" if unreadable else f"{old}; {text}"
    if unreadable:
        directory.unreadable.add(index)


def mark_hazards(directory: CentralDirectory, min_ends: Sequence[int]) -> None:
    """`min_ends`: each entry's smallest possible data end (local header, the name as
    the directory spells it, the compressed bytes)."""
    offsets = directory.offsets
    if not offsets:
        return
    # Each check first runs as one C-level pass; Python loops only when something is off.
    outside = []
    if max(min_ends) > directory.data_end:
        outside = [i for i, end in enumerate(min_ends) if end > directory.data_end]
    for index in outside:
        add_problem(directory, index, OUTSIDE, unreadable=True)
    if outside:
        directory.archive_problems.append(
            f"{_entries(len(outside))} data past the end of the archive data: "
            f"the file is truncated or its offsets are wrong; {_they(len(outside))} cannot be read."
        )
    directory.offsets_sorted = all(map(operator.le, offsets, islice(offsets, 1, None)))
    if directory.offsets_sorted:
        order: Sequence[int] = range(len(offsets))
        sorted_offsets: Sequence[int] = offsets
        sorted_ends: Sequence[int] = min_ends
    else:
        order = sorted(range(len(offsets)), key=offsets.__getitem__)
        sorted_offsets = [offsets[i] for i in order]
        sorted_ends = [min_ends[i] for i in order]
    following = islice(sorted_offsets, 1, None)
    if not any(map(operator.gt, sorted_ends, following)):
        return
    pairs = zip(sorted_ends, islice(sorted_offsets, 1, None), strict=False)
    clashes = [k for k, (end, next_offset) in enumerate(pairs) if end > next_offset]
    overlapping = {order[k] for k in clashes} | {order[k + 1] for k in clashes}
    for index in sorted(overlapping):
        add_problem(directory, index, OVERLAP, unreadable=True)
    if overlapping:
        directory.archive_problems.append(
            f"{len(overlapping)} entries overlap each other: possible zip bomb; "
            "they cannot be read or extracted."
        )


def _entries(count: int) -> str:
    return "1 entry has" if count == 1 else f"{count:,} entries have"


def _they(count: int) -> str:
    return "it" if count == 1 else "they"
