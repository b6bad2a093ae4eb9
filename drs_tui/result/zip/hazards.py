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

from drs_tui import i18n
from drs_tui.i18n import N_, _, ngettext
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

# Marked for the catalog; entries get them translated (`i18n._`) when they are flagged.
OVERLAP = N_("overlaps another entry: possible zip bomb")
OUTSIDE = N_("data lies past the end of the archive data (truncated file or bad offset)")
CRC_MISMATCH = N_("CRC mismatch")

__all__ = ["READABLE_METHODS", "mark_hazards", "method_problem", "ratio_problem"]


def method_problem(flags: int, method: int) -> str:
    if method == AES_METHOD:
        return _("encrypted (AES)")
    if flags & FLAG_STRONG_ENCRYPTION:
        return _("encrypted (PKWARE strong encryption)")
    if flags & FLAG_ENCRYPTED:
        return _("encrypted (ZipCrypto)")
    return _("unsupported method {method}").format(method=method_name(method))


def ratio_words() -> str:
    """The ratio problem's words, to translate once for a whole listing."""
    return _("compression ratio {ratio:.0f}:1 is suspicious")


def ratio_problem(size: int, compressed: int, words: str | None = None) -> str:
    return (words or ratio_words()).format(ratio=size / max(compressed, 1))


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
    outside_words = i18n._(OUTSIDE)
    for index in outside:
        add_problem(directory, index, outside_words, unreadable=True)
    if outside:
        directory.archive_problems.append(
            ngettext(
                "{count:,} entry has data past the end of the archive data: "
                "the file is truncated or its offsets are wrong; it cannot be read.",
                "{count:,} entries have data past the end of the archive data: "
                "the file is truncated or its offsets are wrong; they cannot be read.",
                len(outside),
            ).format(count=len(outside))
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
    overlap_words = i18n._(OVERLAP)
    for index in sorted(overlapping):
        add_problem(directory, index, overlap_words, unreadable=True)
    if overlapping:
        directory.archive_problems.append(
            _(
                "{count} entries overlap each other: possible zip bomb; "
                "they cannot be read or extracted."
            ).format(count=len(overlapping))
        )
