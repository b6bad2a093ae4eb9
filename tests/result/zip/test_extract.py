"""Extraction and saving: nothing outside the folder, nothing clobbered, nothing partial."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from drs_tui.result.errors import (
    CorruptEntryError,
    DestinationExistsError,
    ExtractError,
    ResultError,
    UnsafeEntryError,
    UnsafePathError,
)
from drs_tui.result.zip.archive import ResultArchive
from drs_tui.result.zip.extract import extract_entries, save_copy
from drs_tui.result.zip.zip_entry import ZipEntry
from tests.result import corpus
from tests.result.corpus import Member, build_zip


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def collect() -> tuple[list[tuple[str, ResultError]], object]:
    failures: list[tuple[str, ResultError]] = []

    def on_error(entry: ZipEntry, error: ResultError) -> None:
        failures.append((entry.name, error))

    return failures, on_error


def test_extracts_all_entries_with_folders_and_times(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    with ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive:
        written = extract_entries(archive, None, dest)
    assert len(written) == 8
    assert (dest / "data" / "stored.txt").read_bytes() == b"stored bytes\n"
    assert (dest / "data" / "bzip2.txt").read_bytes().startswith(b"row 0,value 0\n")
    assert (dest / "结果.txt").read_bytes() == "中文内容".encode("gbk")
    stamp = datetime.fromtimestamp((dest / "data" / "stored.txt").stat().st_mtime)
    assert stamp == datetime(2025, 1, 1, 12, 0)
    assert not [p for p in dest.rglob("*.part")]


def test_extracts_only_the_chosen_entries(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    with ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive:
        written = extract_entries(archive, [archive.find("data/nosig.txt")], dest)
    assert written == [dest.resolve() / "data" / "nosig.txt"]
    assert files_under(dest) == {"data", "data/nosig.txt"}


def test_traversal_names_never_leave_the_folder(tmp_path: Path) -> None:
    dest = tmp_path / "deep" / "out"
    failures, on_error = collect()
    with ResultArchive.open(corpus.traversal_zip(tmp_path)) as archive:
        extract_entries(archive, None, dest, on_error=on_error)  # type: ignore[arg-type]
    assert files_under(dest) == {"safe", "safe/ok.txt", "win", "win/sub", "win/sub/back.txt"}
    assert files_under(tmp_path / "deep") == {"out"} | {f"out/{p}" for p in files_under(dest)}
    assert not (tmp_path / "evil.txt").exists()
    refused = {name: error for name, error in failures}
    assert set(refused) == set(corpus.TRAVERSAL_NAMES)
    assert all(isinstance(error, UnsafePathError) for error in refused.values())
    assert "goes up out of the folder" in refused["../evil.txt"].message
    assert "'../evil.txt'" in refused["../evil.txt"].message
    assert "absolute path" in refused["/abs.txt"].message
    assert "drive letter" in refused["C:\\win.txt"].message
    assert "NUL" in refused["nul\0byte.txt"].message


def test_unsafe_name_stops_everything_before_writing_without_a_handler(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    with (
        ResultArchive.open(corpus.traversal_zip(tmp_path)) as archive,
        pytest.raises(UnsafePathError, match="evil"),
    ):
        extract_entries(archive, None, dest)
    assert files_under(dest) == set()


def test_symlink_entries_are_not_created(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    failures, on_error = collect()
    with ResultArchive.open(corpus.symlink_zip(tmp_path)) as archive:
        written = extract_entries(archive, None, dest, on_error=on_error)  # type: ignore[arg-type]
    assert [name for name, _ in failures] == ["link"]
    assert "symbolic link" in failures[0][1].message
    assert not (dest / "link").is_symlink()
    # "link/passwd" is then an ordinary file in an ordinary folder inside dest.
    assert (dest / "link" / "passwd").read_bytes() == b"owned"
    assert len(written) == 2


def test_existing_symlinked_folder_cannot_redirect_writes(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "safe").symlink_to(outside, target_is_directory=True)
    with (
        ResultArchive.open(corpus.traversal_zip(tmp_path)) as archive,
        pytest.raises(UnsafePathError, match="symbolic link"),
    ):
        extract_entries(archive, [archive.find("safe/ok.txt")], dest)
    assert list(outside.iterdir()) == []


def test_existing_files_are_kept_unless_overwrite(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    (dest / "data").mkdir(parents=True)
    (dest / "data" / "stored.txt").write_bytes(b"mine")
    with ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive:
        with pytest.raises(DestinationExistsError) as caught:
            extract_entries(archive, None, dest)
        assert "stored.txt" in caught.value.message
        assert "--overwrite" in caught.value.hint
        assert files_under(dest) == {"data", "data/stored.txt"}  # nothing written
        assert (dest / "data" / "stored.txt").read_bytes() == b"mine"
        extract_entries(archive, None, dest, overwrite=True)
    assert (dest / "data" / "stored.txt").read_bytes() == b"stored bytes\n"


def test_existing_files_are_reported_and_skipped_with_a_handler(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "结果.txt").write_bytes(b"mine")
    failures, on_error = collect()
    with ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive:
        written = extract_entries(archive, None, dest, on_error=on_error)  # type: ignore[arg-type]
    assert [name for name, _ in failures] == ["结果.txt"]
    assert isinstance(failures[0][1], DestinationExistsError)
    assert len(written) == 7
    assert (dest / "结果.txt").read_bytes() == b"mine"


def test_crc_error_leaves_no_file_and_no_temp(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    failures, on_error = collect()
    with ResultArchive.open(corpus.crc_mismatch_zip(tmp_path)) as archive:
        written = extract_entries(archive, None, dest, on_error=on_error)  # type: ignore[arg-type]
    assert written == [dest.resolve() / "good.txt"]
    assert {name for name, _ in failures} == {"bad_stored.txt", "bad_deflate.txt"}
    assert all(isinstance(error, CorruptEntryError) for _, error in failures)
    assert files_under(dest) == {"good.txt"}


def test_bomb_entries_are_refused_and_leave_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    with (
        ResultArchive.open(corpus.full_overlap_bomb(tmp_path)) as archive,
        pytest.raises(UnsafeEntryError),
    ):
        extract_entries(archive, None, dest)
    with ResultArchive.open(corpus.ratio_zip(tmp_path)) as archive:
        with pytest.raises(UnsafeEntryError):
            extract_entries(archive, [archive.find("liar.bin")], dest)
        with pytest.raises(UnsafeEntryError):
            extract_entries(archive, [archive.find("zeros.bin")], dest, limit=1 << 20)
    assert files_under(dest) == set()


def test_repeated_names_are_not_silently_replaced(tmp_path: Path) -> None:
    members = [Member("same.txt", b"first"), Member("same.txt", b"second")]
    dest = tmp_path / "out"
    with ResultArchive.from_bytes(build_zip(members)) as archive:
        with pytest.raises(UnsafePathError, match="repeated"):
            extract_entries(archive, None, dest)
        assert files_under(dest) == set()


def test_destination_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with (
        ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive,
        pytest.raises(ExtractError, match="not a folder"),
    ):
        extract_entries(archive, None, target)


def test_unwritable_name_becomes_an_extract_error(tmp_path: Path) -> None:
    long_name = "x" * 300 + ".txt"  # longer than any file system allows for one name
    dest = tmp_path / "out"
    with (
        ResultArchive.from_bytes(build_zip([Member(long_name, b"x")])) as archive,
        pytest.raises(ExtractError, match="Cannot write"),
    ):
        extract_entries(archive, None, dest)
    assert files_under(dest) == set()


def test_save_copy_is_atomic_and_refuses_to_clobber(tmp_path: Path) -> None:
    source = corpus.mixed_zip(tmp_path)
    folder = tmp_path / "saved"
    folder.mkdir()
    copy = save_copy(source, folder)
    assert copy == folder / "mixed.zip"
    assert copy.read_bytes() == source.read_bytes()
    with pytest.raises(DestinationExistsError, match="already exists"):
        save_copy(source, copy)
    copy.write_bytes(b"old")
    assert save_copy(source, copy, overwrite=True).read_bytes() == source.read_bytes()
    with pytest.raises(ExtractError, match="is the file being copied"):
        save_copy(source, source, overwrite=True)
    with pytest.raises(ExtractError, match="Cannot read"):
        save_copy(tmp_path / "missing.zip", tmp_path / "x.zip")
    assert sorted(os.listdir(folder)) == ["mixed.zip"]


@pytest.mark.skipif(
    os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores modes"
)
def test_read_only_folder_is_an_extract_error(tmp_path: Path) -> None:
    dest = tmp_path / "ro"
    dest.mkdir()
    dest.chmod(0o500)
    try:
        with ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive, pytest.raises(ExtractError):
            extract_entries(archive, [archive.find("结果.txt")], dest)
    finally:
        dest.chmod(0o700)


def test_disk_full_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    dest = tmp_path / "out"
    with (
        ResultArchive.open(corpus.mixed_zip(tmp_path)) as archive,
        pytest.raises(ExtractError, match="No space left on device") as caught,
    ):
        extract_entries(archive, [archive.find("data/deflated.csv")], dest)
    assert "deflated.csv" in caught.value.message
    assert files_under(dest) == {"data"}


posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


def special_targets(folder: Path) -> dict[str, Path]:
    """A named pipe and a folder where files would go; never anything under /dev."""
    folder.mkdir(parents=True, exist_ok=True)
    fifo = folder / "pipe.txt"
    os.mkfifo(fifo)
    (folder / "dir.txt").mkdir()
    return {"pipe.txt": fifo, "dir.txt": folder / "dir.txt"}


@posix_only
def test_overwrite_never_replaces_a_pipe_or_a_folder(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    targets = special_targets(dest)
    members = [Member("pipe.txt", b"p"), Member("dir.txt", b"d"), Member("ok.txt", b"ok")]
    with ResultArchive.from_bytes(build_zip(members)) as archive:
        with pytest.raises(ExtractError, match="not a regular file") as caught:
            extract_entries(archive, None, dest, overwrite=True)
        assert "named pipe" in caught.value.message
        assert not (dest / "ok.txt").exists()  # refused before anything was written
        failures, on_error = collect()
        written = extract_entries(archive, None, dest, overwrite=True, on_error=on_error)  # type: ignore[arg-type]
    assert written == [dest.resolve() / "ok.txt"]
    refused = {name: error.message for name, error in failures}
    assert "a named pipe (FIFO), not a regular file" in refused["pipe.txt"]
    assert "a folder, not a regular file" in refused["dir.txt"]
    assert stat.S_ISFIFO(os.lstat(targets["pipe.txt"]).st_mode)
    assert targets["dir.txt"].is_dir()
    assert not [p for p in dest.rglob("*.part")]


@posix_only
def test_save_copy_never_replaces_a_pipe_or_a_folder(tmp_path: Path) -> None:
    source = corpus.mixed_zip(tmp_path)
    saved = tmp_path / "saved"
    saved.mkdir()
    pipe = saved / "result.zip"
    os.mkfifo(pipe)
    with pytest.raises(ExtractError, match="named pipe") as caught:
        save_copy(source, pipe, overwrite=True)
    assert "not a regular file" in caught.value.message
    (saved / "mixed.zip").mkdir()  # a folder under the name the copy would take
    with pytest.raises(ExtractError, match="a folder, not a regular file"):
        save_copy(source, saved, overwrite=True)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert sorted(os.listdir(saved)) == ["mixed.zip", "result.zip"]
    assert list((saved / "mixed.zip").iterdir()) == []


def test_a_link_in_the_destination_cannot_create_folders_outside(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "link").symlink_to(outside, target_is_directory=True)
    members = [Member("link/deep/er/x.txt", b"x"), Member("link/new/", b"")]
    failures, on_error = collect()
    with ResultArchive.from_bytes(build_zip(members)) as archive:
        written = extract_entries(archive, None, dest, on_error=on_error)  # type: ignore[arg-type]
    assert written == []
    assert [name for name, _ in failures] == ["link/deep/er/x.txt", "link/new/"]
    assert all(isinstance(error, UnsafePathError) for _, error in failures)
    assert list(outside.iterdir()) == []


def test_a_dangling_link_in_the_destination_is_refused(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "gone").symlink_to(tmp_path / "nowhere", target_is_directory=True)
    with (
        ResultArchive.from_bytes(build_zip([Member("gone/a/b.txt", b"x")])) as archive,
        pytest.raises(UnsafePathError, match="symbolic link"),
    ):
        extract_entries(archive, None, dest)
    assert not (tmp_path / "nowhere").exists()
