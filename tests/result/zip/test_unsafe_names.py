"""Names that extraction refuses are flagged when the listing is read, with the same words."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from drs_tui.result.zip import unsafe_names
from drs_tui.result.zip.archive import ResultArchive
from drs_tui.result.zip.extract import extract_entries
from tests.result import corpus
from tests.result.corpus import S_IFLNK, S_IFREG, UNIX, Member, build_zip


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("../evil.txt", unsafe_names.PARENT),
        ("a/../../evil.txt", unsafe_names.PARENT),
        ("..\\evil.txt", unsafe_names.PARENT),
        ("/abs.txt", unsafe_names.ABSOLUTE),
        ("\\abs.txt", unsafe_names.ABSOLUTE),
        ("C:\\win.txt", unsafe_names.DRIVE),
        ("c:rel.txt", unsafe_names.DRIVE),
        ("nul\0byte.txt", unsafe_names.NUL),
        ("", unsafe_names.EMPTY),
        ("./", unsafe_names.EMPTY),
        ("safe/ok.txt", None),
        ("...", None),
        ("a/./b.txt", None),
        ("win\\sub\\back.txt", None),
        ("a..b/..c", None),
    ],
)
def test_name_rule(name: str, why: str | None) -> None:
    assert unsafe_names.name_problem(name) == why


def test_listing_flags_every_name_extract_refuses(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.traversal_zip(tmp_path)) as archive:
        flagged = {e.name: e.name_problem for e in archive.entries if e.name_problem}
        assert set(flagged) == set(corpus.TRAVERSAL_NAMES)
        for entry in archive.entries:
            if entry.name_problem:
                assert entry.problem == f"not extracted: {entry.name_problem}"
                assert entry.readable  # still readable: `show` may look at it
        assert archive.columns().name_problems.keys() == {
            i for i, e in enumerate(archive.entries) if e.name_problem
        }
        assert archive.totals().with_problems == len(corpus.TRAVERSAL_NAMES)
        assert archive.problems == []  # the archive itself is sound
        refused: dict[str, str] = {}
        extract_entries(
            archive,
            None,
            tmp_path / "out",
            on_error=lambda e, x: refused.update({e.name: x.message}),
        )
        for name, why in flagged.items():
            assert refused[name] == f"Entry {name!r} was not extracted: {why}."


def test_symbolic_links_are_flagged(tmp_path: Path) -> None:
    with ResultArchive.open(corpus.symlink_zip(tmp_path)) as archive:
        problems = {e.name: e.name_problem for e in archive.entries}
        assert problems == {"link": unsafe_names.SYMLINK, "link/passwd": None, "regular.txt": None}


def test_duplicate_names_are_flagged_after_the_first_unless_only_folders_repeat() -> None:
    """Every copy after the first is flagged, as extract writes the first and refuses
    the rest (ls marked the first too, and counted it as not extracted)."""
    members = [
        Member("a.txt", b"1"),
        Member("dir/", b""),
        Member("dir/", b""),
        Member("a.txt", b"2"),
        Member("x\\y.txt", b"3"),
        Member("x/y.txt", b"4"),
        Member("./z.txt", b"5"),
        Member("z.txt", b"6", create_system=UNIX, external_attr=(S_IFREG | 0o644) << 16),
        Member("f", b"7"),
        Member("f/", b""),
        Member("unique.txt", b"8"),
    ]
    with ResultArchive.from_bytes(build_zip(members)) as archive:
        flagged = [e.name for e in archive.entries if e.name_problem == unsafe_names.DUPLICATE]
        assert flagged == ["a.txt", "x/y.txt", "z.txt", "f/"]
        assert archive.entries[3].name == "a.txt" and archive.entries[0].name_problem is None


def test_symlink_flag_matches_the_entry_property() -> None:
    mode = (S_IFLNK | 0o777) << 16
    members = [
        Member("l1", b"t", create_system=UNIX, external_attr=mode),
        Member("l2", b"t", create_system=0, external_attr=mode),  # not a Unix entry
        Member("f", b"x"),
    ]
    with ResultArchive.from_bytes(build_zip(members)) as archive:
        for entry in archive.entries:
            assert (entry.name_problem == unsafe_names.SYMLINK) == entry.is_symlink


def test_sound_archive_has_no_name_problems(tmp_path: Path) -> None:
    path = tmp_path / "sound.zip"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("dir/", b"")
        out.writestr("dir/a.txt", b"a")
        out.writestr("b.txt", b"b")
    with ResultArchive.open(path) as archive:
        assert not archive.columns().name_problems
        assert all(e.problem is None for e in archive.entries)
