"""Entry names that must not become files: one rule for the listing and for extraction.

A name is unsafe when, written below a folder, it would land elsewhere or nowhere:
an absolute path, a drive letter, a `..` component, a NUL character, nothing left once
`.` and empty components are dropped. Backslashes count as separators (DOS archivers
write them). Symbolic-link entries are unsafe too (drs-tui never creates links), and
so are names that several entries share, since only one of them can be written.

`mark_unsafe_names` flags them when the listing is read, so `ls` and the viewer show
them before anyone extracts; `extract.safe_relative_parts` refuses them with the same
words. The checks run as C-level passes over the names' one string (`EntryNames.text`,
each name framed by newlines) and loop only on suspects.
"""

from __future__ import annotations

import operator
import re
from array import array
from collections.abc import Sequence
from itertools import compress, repeat
from typing import TYPE_CHECKING

from drs_tui import i18n
from drs_tui.i18n import N_, _
from drs_tui.result.zip import hazards

if TYPE_CHECKING:
    from drs_tui.result.zip.directory_scan import CentralDirectory
    from drs_tui.result.zip.entry_names import EntryNames

# Marked for the catalog; translated (`i18n._`) when an entry is flagged or refused.
NUL = N_("its name contains a NUL character")
ABSOLUTE = N_("it has an absolute path")
DRIVE = N_("its path starts with a drive letter")
PARENT = N_("its path goes up out of the folder with '..'")
EMPTY = N_("its name is empty")
SYMLINK = N_("it is a symbolic link, and drs-tui does not create links")
DUPLICATE = N_("another entry has the same name")

_DRIVE = re.compile(r"^[A-Za-z]:")
# Substrings of all names joined by newlines (and framed by them) that any unsafe or
# oddly spelled name contains; plain `in` scans, far faster than one regex. Safe names
# may contain them too ("...", "a/./b", a name with a newline): each is then checked.
_SUSPECT_PARTS = ("\\", "\0", ":", "\n/", "\n.", "\n\n", "/.", "//")


def relative_parts(name: str) -> tuple[list[str], str | None]:
    """The name as path components below a folder, or ([], why it is unsafe)."""
    if "\0" in name:
        return [], NUL
    path = name.replace("\\", "/")
    if path.startswith("/"):
        return [], ABSOLUTE
    if _DRIVE.match(path):
        return [], DRIVE
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if ".." in parts:
        return [], PARENT
    if not parts:
        return [], EMPTY
    return parts, None


def name_problem(name: str) -> str | None:
    """Why this name cannot be extracted, or None."""
    return relative_parts(name)[1]


def listing_problem(why: str) -> str:
    """`why` (one of the constants above, untranslated) as the listing says it."""
    return _("not extracted: {why}").format(why=i18n._(why))


def mark_unsafe_names(directory: CentralDirectory) -> None:
    """Flag unsafe names, symbolic links and duplicates as entry problems."""
    names = directory.names
    if not names:
        return
    found: dict[int, str] = {}
    joined = names.text  # "\n" + "\n".join(names) + "\n"
    suspects = any(part in joined for part in _SUSPECT_PARTS)
    keys: list[str | None] | None = None  # each name's path, None where it is refused
    if suspects:  # one pass of relative_parts gives both the problems and the paths
        keys = []
        for index, name in enumerate(names):
            parts, why = relative_parts(name)
            if why is not None:
                found[index] = why
            keys.append(None if why else "/".join(parts))
    for index in directory.symlinks:
        found.setdefault(index, SYMLINK)
    if keys is not None or not names.plain or _may_repeat(names):
        if keys is None:
            keys = [_key(name) for name in names]
        for index in _duplicates(names, keys):
            found.setdefault(index, DUPLICATE)
    words: dict[str, tuple[str, str]] = {}  # each reason translated once, not per entry
    for index in sorted(found):
        why = found[index]
        if why not in words:
            words[why] = (i18n._(why), listing_problem(why))
        directory.name_problems[index], problem = words[why]
        hazards.add_problem(directory, index, problem, unreadable=False)


def _may_repeat(names: EntryNames) -> bool:
    """Whether two names may land on one path, for names without suspect parts (so a
    name's path is itself, less the "/" that ends a folder). Compares hashes, a few
    thousand names at a time: no set of a million strings; a false alarm (two hashes
    alike) only costs the exact check. The hashes are counted as two sets, negative and
    not, so the peak is half a set of a million ints (~30 MB less) at the same speed."""
    hashes = array("q")
    for piece in names.chunks():
        hashes.extend(map(hash, piece.replace("/\n", "\n").split("\n")))
        hashes.pop()  # the "" after the piece's last "\n"
    distinct = 0
    for side in (operator.lt, operator.ge):
        distinct += len(set(compress(hashes, map(side, hashes, repeat(0)))))
    return distinct != len(names)


def _duplicates(names: Sequence[str], keys: Sequence[str | None]) -> list[int]:
    """The entries `extract` does not write because an earlier entry takes their path:
    every copy after the first, unless both are folders. The first one is extracted, so
    `ls` does not mark it ("!" means "not extracted")."""
    first_is_folder: dict[str, bool] = {}
    repeated: list[int] = []
    for index, (name, key) in enumerate(zip(names, keys, strict=True)):
        if key is None:
            continue
        folder = name.endswith(("/", "\\"))
        if key not in first_is_folder:
            first_is_folder[key] = folder
        elif not (folder and first_is_folder[key]):
            repeated.append(index)
    return repeated


def _key(name: str) -> str | None:
    parts, why = relative_parts(name)
    return None if why else "/".join(parts)
