"""Which entries the viewer lists, and in which order (`EntryOrder`, without a screen)."""

from __future__ import annotations

from pathlib import Path

from drs_tui.result import SORT_KEYS, ResultArchive
from drs_tui.ui.screens.result_viewer_entries import EntryOrder
from tests.ui.viewer_support import mark_encrypted, zip_of


def names(order: EntryOrder, archive: ResultArchive) -> list[str]:
    return [entry.name for entry in order.apply(archive)]


def test_sort_goes_round_every_column_and_back_to_as_stored() -> None:
    order, seen = EntryOrder(), []
    for _ in range(len(SORT_KEYS) + 1):
        order = order.next_sort()
        seen.append(order.sort_key)
    assert seen == [*SORT_KEYS, ""]


def test_name_part_problems_and_sort_combine(tmp_path: Path) -> None:
    files = {"b/Detail.txt": b"x" * 50, "a/detail.txt": b"x" * 5, "readme.txt": b"x"}
    path = zip_of(tmp_path, "r.zip", files, stored=True)
    mark_encrypted(path, "a/detail.txt")
    with ResultArchive.open(path) as archive:
        assert names(EntryOrder(), archive) == list(files)
        assert names(EntryOrder("name"), archive) == ["a/detail.txt", "b/Detail.txt", "readme.txt"]
        assert names(EntryOrder("size"), archive)[0] == "b/Detail.txt"  # biggest first
        assert names(EntryOrder(name_part="DETAIL"), archive) == ["b/Detail.txt", "a/detail.txt"]
        order = EntryOrder("name", "detail", problems_only=True)
        assert names(order, archive) == ["a/detail.txt"]
        assert order.words() == ["by name", "filter 'detail'", "only ✗"]
    assert EntryOrder().words() == []
