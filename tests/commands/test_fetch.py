"""`drs-tui fetch` against a hostile server: limits with flags, names the server cannot choose."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.api.download_body import DownloadLimits
from drs_tui.cli import build_parser, main
from drs_tui.commands.fetch import size_argument
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.hostile import RTL_EXE_DISPOSITION
from drs_tui.simulator.jobs import ORACLE_JOB


@pytest.fixture
def fetch_args(simulator: Simulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    monkeypatch.setenv("DRS_TUI_TOKEN", DEMO.token)
    return [
        "fetch",
        "--job",
        ORACLE_JOB,
        "--endpoint",
        simulator.base_url,
        "--iam-endpoint",
        simulator.base_url,
        "--region",
        DEMO.region,
        "-o",
        str(tmp_path),
    ]


def test_defaults_of_the_flags_are_the_documented_limits() -> None:
    args = build_parser().parse_args(["fetch", "--job", ORACLE_JOB])
    limits = DownloadLimits(args.max_size, args.timeout, args.read_timeout, args.min_rate)
    assert limits == DownloadLimits()


@pytest.mark.parametrize(
    ("text", "size"),
    [("1048576", 1 << 20), ("512K", 512 << 10), ("2g", 2 << 30), ("1MiB", 1 << 20)],
)
def test_sizes_take_binary_units(text: str, size: int) -> None:
    assert size_argument(text) == size


@pytest.mark.parametrize("text", ["", "1.5G", "-1", "²", "1 X", "1e9"])
def test_bad_sizes_are_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        size_argument(text)


def test_max_size_stops_an_endless_body(
    simulator: Simulator, fetch_args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    simulator.faults.hostile.endless = True
    assert main([*fetch_args, "--max-size", "2M"]) == exit_codes.BAD_RESULT
    err = capsys.readouterr().err
    assert "download limit of 2.0 MiB" in err and "--max-size SIZE" in err
    assert list(tmp_path.iterdir()) == []


def test_timeout_stops_a_trickle(
    simulator: Simulator, fetch_args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    simulator.faults.hostile.trickle = 0.01
    assert main([*fetch_args, "--timeout", "0.4", "--min-rate", "0"]) == exit_codes.NETWORK
    assert "--timeout SECONDS" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_read_timeout_flag_is_used(
    simulator: Simulator, fetch_args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    simulator.faults.stall = 1.5
    assert main([*fetch_args, "--read-timeout", "0.3"]) == exit_codes.NETWORK
    err = capsys.readouterr().err
    assert "no data for 0.3 seconds" in err and "--read-timeout SECONDS" in err


def test_the_server_does_not_name_the_saved_file(
    simulator: Simulator, fetch_args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a folder the name follows the app's rule; a hostile Content-Disposition
    (`result<U+202E>piz.exe`) decides nothing."""
    simulator.faults.disposition = RTL_EXE_DISPOSITION
    assert main(fetch_args) == exit_codes.OK
    assert [p.name for p in tmp_path.iterdir()] == [f"{ORACLE_JOB}-detail-en-us.zip"]
    assert "\u202e" not in capsys.readouterr().out


def test_overwrite_in_a_folder_replaces_nothing(
    simulator: Simulator, fetch_args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / f"{ORACLE_JOB}-detail-en-us.zip"
    mine.write_bytes(b"mine")
    assert main([*fetch_args, "--overwrite"]) == exit_codes.BAD_RESULT
    assert "--overwrite replaces only a file you name" in capsys.readouterr().err
    assert mine.read_bytes() == b"mine"
