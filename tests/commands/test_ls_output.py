"""`drs-tui ls --json` is formatted column by column; each row must still say what the
entry itself says. The reference here builds one dict per `ZipEntry`, the slow way."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from drs_tui.cli import main
from drs_tui.result import ResultArchive, ZipEntry
from tests.result import corpus


def entry_dict(entry: ZipEntry) -> dict[str, object]:
    modified = entry.modified
    return {
        "name": entry.name,
        "size": entry.size,
        "compressed_size": entry.compressed_size,
        "ratio": round(entry.ratio, 2),
        "method": entry.method_name,
        "modified": modified.isoformat() if modified else None,
        "encrypted": entry.encrypted,
        "is_dir": entry.is_dir,
        "is_symlink": entry.is_symlink,
        "crc": f"{entry.crc:08x}",
        "crc_status": entry.crc_status,
        "readable": entry.readable,
        "problem": entry.problem,
        "name_problem": entry.name_problem,
    }


def odd_names_zip(tmp_path: Path) -> Path:
    """Folders, a repeated name, a newline and an escape in names, an empty file, ZIP64."""
    path = tmp_path / "odd.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a/", b"")
        zf.writestr("a/b.txt", b"x" * 3_000_000)
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("a/b.txt", b"y")
        zf.writestr("line\nbreak.txt", b"nl")
        zf.writestr("\x1b[31mred.txt", b"r")
        zf.writestr("ü名.txt", b"")
        with zf.open("forced64.bin", "w", force_zip64=True) as out:
            out.write(b"z" * 1000)
    return path


ARCHIVES: dict[str, Callable[[Path], Path]] = {
    "mixed": corpus.mixed_zip,
    "gbk": corpus.gbk_names_zip,
    "unicode path": corpus.unicode_path_zip,
    "symlink": corpus.symlink_zip,
    "encrypted": corpus.encrypted_zip,
    "unsupported": corpus.unsupported_zip,
    "ratio": corpus.ratio_zip,
    "traversal": corpus.traversal_zip,
    "crc mismatch": corpus.crc_mismatch_zip,
    "prefixed": corpus.prefixed_zip,
    "overlap": corpus.quoted_overlap_bomb,
    "odd names": odd_names_zip,
}


@pytest.mark.parametrize("name", sorted(ARCHIVES))
@pytest.mark.parametrize(
    "options",
    [[], ["--sort", "name"], ["--sort", "ratio", "-r"], ["-r"], ["--check", "--sort", "size"]],
    ids=lambda options: " ".join(options) or "as stored",
)
def test_json_rows_say_what_each_entry_says(
    name: str, options: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ARCHIVES[name](tmp_path)
    main(["ls", str(path), "--json", *options])
    printed = json.loads(capsys.readouterr().out)["entries"]
    with ResultArchive.open(path) as archive:
        if "--check" in options:
            for entry in archive.entries:
                if not entry.is_dir:
                    archive.check(entry)
        if "--sort" in options:
            key = options[options.index("--sort") + 1]
            entries = list(archive.sorted(key, reverse="-r" in options))
        else:
            entries = list(archive.entries)[:: -1 if "-r" in options else 1]
        assert printed == [entry_dict(entry) for entry in entries]
