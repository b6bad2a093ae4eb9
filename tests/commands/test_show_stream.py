"""`drs-tui show --rows 0` streams text as it reads it; hostile bytes are still escaped."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from drs_tui.commands.show_output import _plain_utf8


@pytest.mark.parametrize(
    ("block", "plain"),
    [
        (b"a,b\n1,2\n", True),
        ("表名,错误原因\r\nT,列不存在\r\n".encode(), True),
        (b"ok\x1b]52;c;cHduZWQ=\x07\n", False),  # OSC 52 would write the clipboard
        (b"ok\rover\n", False),  # a lone CR rewrites the line
        ("evil\u202etxt.exe\n".encode(), False),  # RLO reorders what follows
        ("zero\u200bwidth\n".encode(), False),
        ("\u2028sep\n".encode(), False),
        (b"bad \xff\xfe utf-8\n", False),
        (b"c1 \xc2\x9b csi\n", False),
    ],
)
def test_only_plain_utf8_goes_out_unchanged(block: bytes, plain: bool) -> None:
    assert _plain_utf8(block) is plain


def test_streamed_text_is_byte_for_byte_or_escaped(tmp_path: Path) -> None:
    path = tmp_path / "r.zip"
    clean = "".join(f"T_{i},列 {i} 不存在\n" for i in range(50_000)).encode()
    hostile = b"start\n" + b"x\x1b[2J\x1b]52;c;AAAA\x07y\n" * 3 + b"end\n"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("clean.csv", clean)
        zf.writestr("hostile.txt", hostile)
    run = [sys.executable, "-m", "drs_tui", "show", str(path)]
    env = {"PYTHONIOENCODING": "utf-8", "PATH": "/usr/bin:/bin"}
    same = subprocess.run([*run, "clean.csv", "--rows", "0"], capture_output=True, env=env)
    assert same.returncode == 0 and same.stdout == clean
    shown = subprocess.run([*run, "hostile.txt", "--rows", "0"], capture_output=True, env=env)
    assert b"\x1b" not in shown.stdout and b"\x07" not in shown.stdout
    assert shown.stdout.count(b"x\\x1b[2J\\x1b]52;c;AAAA\\x07y\n") == 3
