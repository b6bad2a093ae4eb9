"""Connection tunables: flag > environment > profile > default, checked wherever they come
from, and used by the client (timeouts, retries) against the simulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from drs_tui.connection.settings import Timeouts
from drs_tui.connection.tunables import check_tunable
from drs_tui.credentials.profiles import ProfileFile
from drs_tui.credentials.resolve import ConnectionFlags, resolve_connection
from drs_tui.errors import UsageError
from drs_tui.simulator import Simulator
from tests.ticket.profiles import save_profile


@pytest.mark.parametrize(
    ("name", "text", "value"),
    [
        ("connect_timeout", "5", 5.0),
        ("read_timeout", "2.5", 2.5),
        ("read_timeout", "3600", 3600.0),
        ("retry_count", "0", 0),
        ("retry_count", "10", 10),
    ],
)
def test_good_values(name: str, text: str, value: float) -> None:
    assert check_tunable(name, text, "here") == value  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("connect_timeout", "0"),
        ("connect_timeout", "301"),
        ("connect_timeout", "-1"),
        ("connect_timeout", "nan"),
        ("connect_timeout", "1e3"),
        ("read_timeout", "3601"),
        ("read_timeout", "²"),
        ("read_timeout", True),
        ("retry_count", "11"),
        ("retry_count", "1.5"),
        ("retry_count", -1),
        ("retry_count", 2.0),
    ],
)
def test_bad_values_name_where_they_came_from(name: str, value: object) -> None:
    with pytest.raises(UsageError) as info:
        check_tunable(name, value, "environment DRS_TUI_X")  # type: ignore[arg-type]
    assert info.value.message.startswith("environment DRS_TUI_X: ")


def test_flag_beats_environment_beats_profile_beats_default(
    simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_profile(simulator, "token", connect_timeout=7, read_timeout=70, retry_count=1)
    settings = resolve_connection(ConnectionFlags()).settings
    assert (settings.timeouts.connect, settings.timeouts.read, settings.retry_count) == (7, 70, 1)
    monkeypatch.setenv("DRS_TUI_READ_TIMEOUT", "80")
    monkeypatch.setenv("DRS_TUI_RETRY_COUNT", "4")
    resolution = resolve_connection(ConnectionFlags(retry_count=5))
    settings = resolution.settings
    assert (settings.timeouts.connect, settings.timeouts.read, settings.retry_count) == (7, 80, 5)
    assert resolution.sources["retry_count"] == "flag"
    assert resolution.sources["read_timeout"] == "environment"
    assert resolution.sources["connect_timeout"] == "profile"


def test_defaults_without_any(simulator: Simulator) -> None:
    save_profile(simulator, "token")
    settings = resolve_connection(ConnectionFlags()).settings
    assert settings.timeouts == Timeouts() and settings.retry_count == 2


def test_a_bad_environment_value_is_refused_with_its_name(
    simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_profile(simulator, "token")
    monkeypatch.setenv("DRS_TUI_CONNECT_TIMEOUT", "soon")
    with pytest.raises(UsageError, match="environment DRS_TUI_CONNECT_TIMEOUT: 'soon'"):
        resolve_connection(ConnectionFlags())


def test_a_bad_profile_value_makes_the_profile_unusable_and_says_why(tmp_path: Path) -> None:
    file = ProfileFile(tmp_path / "config.toml")
    file.path.write_text(
        '[profiles.p]\nmethod = "token"\nregion = "ap-southeast-1"\nretry_count = 99\n',
        encoding="utf-8",
    )
    snapshot = file.read()
    assert "p" not in snapshot.profiles
    assert "retry_count" in snapshot.problems[0].message
    assert "0 to 10" in snapshot.problems[0].message


def test_profile_keys_survive_a_save(simulator: Simulator) -> None:
    save_profile(simulator, "token", read_timeout=12.5, retry_count=0)
    text = ProfileFile().path.read_text(encoding="utf-8")
    assert "read_timeout = 12.5" in text and "retry_count = 0" in text
    profile = ProfileFile().read().profiles["token"]
    assert (profile.read_timeout, profile.retry_count) == (12.5, 0)


def test_a_bad_flag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["jobs", "--cli-retry-count", "many"])
    assert info.value.code == exit_codes.USAGE
    err = capsys.readouterr().err
    assert "argument --cli-retry-count: 'many' is not a retry count from 0 to 10" in err


def test_retry_count_zero_gives_up_at_the_first_throttle(
    simulator: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    save_profile(simulator, "token")
    simulator.faults.throttle = 1
    assert main(["jobs", "--cli-retry-count", "0"]) == exit_codes.API
    assert "429" in capsys.readouterr().err
    simulator.faults.throttle = 3
    # Two retries by default would fail; three from the environment get through.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DRS_TUI_RETRY_COUNT", "3")
        assert main(["jobs"]) == exit_codes.OK


def test_global_flags_before_the_command_count(simulator: Simulator) -> None:
    save_profile(simulator, "token")
    simulator.faults.throttle = 1
    assert main(["--cli-retry-count", "0", "jobs"]) == exit_codes.API


def test_read_timeout_from_a_slow_server(
    simulator: Simulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    save_profile(simulator, "token", read_timeout=0.3)
    simulator.faults.latency = 1.0
    assert main(["jobs", "--cli-retry-count", "0"]) == exit_codes.NETWORK
    assert "no data for 0.3 seconds" in capsys.readouterr().err
    monkeypatch.setenv("DRS_TUI_READ_TIMEOUT", "20")  # the environment beats the profile
    assert main(["jobs"]) == exit_codes.OK


def test_profile_add_sets_the_keys_with_the_same_flags(
    capsys: pytest.CaptureFixture[str],
) -> None:
    base = ["profile", "add", "p", "--method", "token", "--region", "ap-southeast-1"]
    assert main([*base, "--no-secret", "--cli-read-timeout", "90", "--cli-retry-count", "4"]) == 0
    text = ProfileFile().path.read_text(encoding="utf-8")
    assert "read_timeout = 90\n" in text and "retry_count = 4\n" in text
    assert (
        main(["profile", "add", "p", "--update", "--no-secret", "--cli-connect-timeout", "3"]) == 0
    )
    profile = ProfileFile().read().profiles["p"]
    assert (profile.connect_timeout, profile.read_timeout, profile.retry_count) == (3, 90, 4)
    capsys.readouterr()
    assert main(["profile", "show", "p"]) == 0
    out = capsys.readouterr().out
    assert "connect_timeout: 3" in out and "retry_count:     4" in out
