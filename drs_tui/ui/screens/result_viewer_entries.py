"""The entry side of the result viewer: which entries it lists, in which order, and how.

`EntryOrder` says which entries show and how they are sorted (as stored, by a column, by
part of the name, only those with a problem); `apply` runs in the viewer's "listing"
worker. `EntriesPane` is the list, the line that counts what it shows, and the find bar
that asks for part of a name. The viewer owns the archive and the workers; the pane
shows what they give it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from drs_tui import i18n
from drs_tui.i18n import N_, _, ngettext
from drs_tui.result import SORT_KEYS, EntryList, ResultArchive, ZipEntry
from drs_tui.safe_text import safe_line
from drs_tui.sizes import compact_size
from drs_tui.ui.widgets.entry_list import ZipEntryList, entry_problem
from drs_tui.ui.widgets.find_bar import FindBar

_README = ("readme", "说明", "read_me")
_SORT_WORDS = {
    "name": N_("by name"),
    "size": N_("by size"),
    "compressed": N_("by compressed"),
    "ratio": N_("by ratio"),
    "modified": N_("by modified"),
}


@dataclass(frozen=True)
class EntryOrder:
    """Which entries the list shows, and in which order."""

    sort_key: str = ""  # "" = as stored; by name A-Z, by any other column biggest first
    name_part: str = ""  # only names that hold this, in any case
    problems_only: bool = False

    def next_sort(self) -> EntryOrder:
        """As stored, then by each column in turn, then as stored again."""
        keys = ["", *SORT_KEYS]
        return replace(self, sort_key=keys[(keys.index(self.sort_key) + 1) % len(keys)])

    def apply(self, archive: ResultArchive) -> Sequence[ZipEntry]:
        """The archive's entries in this order (lazy: an entry is made when it is shown)."""
        key = self.sort_key
        listing = archive.sorted(key, reverse=key != "name") if key else archive.entries
        if not self.name_part and not self.problems_only:
            return listing
        names, needle = archive.names, self.name_part.casefold()
        order = [i for i in listing.indices if not needle or needle in names[i].casefold()]
        if self.problems_only:
            order = [i for i in order if entry_problem(archive.entry(i))]
        return EntryList(archive, order)

    def words(self) -> list[str]:
        """How the list differs from the archive as stored, for the status line."""
        key = self.sort_key
        parts = [i18n._(_SORT_WORDS[key]) if key in _SORT_WORDS else key] if key else []
        if self.name_part:
            parts.append(_("filter {text}").format(text=repr(self.name_part)))
        if self.problems_only:
            parts.append(_("only ✗"))
        return parts


class EntriesPane(Vertical):
    """The entries of the open archive, a status line under them, and a find bar."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.order = EntryOrder()

    def compose(self) -> ComposeResult:
        yield ZipEntryList(id="entries")
        yield Static(_("Opening…"), id="entries-status")
        yield FindBar(id="entries-find")

    @property
    def entry_list(self) -> ZipEntryList:
        return self.query_one(ZipEntryList)

    def ask_name_part(self) -> None:
        """Open the find bar with the part of a name now filtered by."""
        self.query_one(FindBar).open("entries", self.order.name_part)

    def show(
        self,
        archive: ResultArchive,
        entries: Sequence[ZipEntry],
        *,
        first: bool,
        name_encoding: str | None,
    ) -> None:
        """List `entries` of `archive`; for an archive's `first` listing, put the cursor
        on its first result file (a result is mostly one workbook and a readme)."""
        listing = self.entry_list
        listing.show_entries(entries, problem_column=archive.totals().with_problems > 0)
        if first and entries:
            listing.cursor_row = _first_result(entries)
        self._update_status(archive, name_encoding)

    def show_texts(self, archive: ResultArchive | None, name_encoding: str | None) -> None:
        """The status line again, in the language of the moment (after F2)."""
        if archive is not None:
            self._update_status(archive, name_encoding)

    def _update_status(self, archive: ResultArchive, name_encoding: str | None) -> None:
        totals = archive.totals()
        shown = len(self.entry_list.entries)
        total = totals.entries
        if shown == total:
            count = ngettext("{count} entry", "{count} entries", total)
        else:
            count = ngettext("{shown} of {count} entry", "{shown} of {count} entries", total)
        parts = [count.format(count=f"{total:,}", shown=f"{shown:,}"), compact_size(totals.size)]
        if totals.with_problems:
            parts.append(_("✗ {count} with a problem").format(count=f"{totals.with_problems:,}"))
        parts.extend(self.order.words())
        if archive.problems:  # too long for one line at 80 columns: i shows it whole
            parts.append(_("i: the whole warning"))
        parts.extend(archive.problems[:1])
        if name_encoding:
            parts.append(_("names as {encoding}").format(encoding=name_encoding))
        # archive.problems quote entry names: the file's words, shown as Text, made safe.
        self.query_one("#entries-status", Static).update(Text(safe_line(" · ".join(parts))))


def archive_details(archive: ResultArchive, path: Path) -> list[tuple[str, str]]:
    """The archive's file, totals and every warning, for a dialog that wraps them."""
    totals = archive.totals()
    pairs = [
        (_("File"), str(path)),
        (_("Entries"), f"{totals.entries:,}"),
        (_("Size"), compact_size(totals.size)),
        (_("With a problem"), f"{totals.with_problems:,}"),
    ]
    problems = archive.problems
    warning = _("Warning {number}")
    pairs += [(warning.format(number=n), text) for n, text in enumerate(problems, 1)] or [
        (_("Warnings"), _("none"))
    ]
    return pairs


def _first_result(entries: Sequence[ZipEntry]) -> int:
    """The entry to preview first: the first file that is not a readme."""
    for index, entry in enumerate(entries[:50]):
        lowered = entry.name.lower()
        if not entry.is_dir and not any(word in lowered for word in _README):
            return index
    return 0
