"""What `doctor` reports: config, keyring, network, terminal, clock; never a secret."""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.compat import properties

from drs_tui.credentials import diagnostics, keyring_store
from drs_tui.credentials.diagnostics import (
    collect,
    collect_async,
    colour_depth,
    measure_clock_offset,
    redact_url,
)
from drs_tui.credentials.keyring_store import BackendInfo
from drs_tui.credentials.profiles import Profile, ProfileFile
from drs_tui.simulator import Simulator
from tests.credentials.backends import no_keyring
from tests.support.isolation import MemoryKeyring

REAL_LIST_BACKENDS = keyring_store._list_backends


@pytest.fixture(autouse=True)
def fixed_backend_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """Listing backends probes D-Bus; keep the developer's session bus out of tests."""
    infos = [
        BackendInfo("isolation MemoryKeyring", 1.0, True, ""),
        BackendInfo("SecretService Keyring", None, False, "DBUS_SESSION_BUS_ADDRESS is unset"),
    ]
    monkeypatch.setattr(keyring_store, "_list_backends", lambda: infos)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, "truecolor (24-bit)"),
        ({"TERM": "xterm-256color"}, "256 colours"),
        ({"TERM": "screen"}, "16 colours"),
        ({"TERM": "xterm-kitty"}, "truecolor (24-bit)"),
        ({"TERM": "dumb"}, "none (TERM is dumb or unset)"),
        ({}, "none (TERM is dumb or unset)"),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, "none (NO_COLOR is set)"),
    ],
)
def test_colour_depth(env: dict[str, str], expected: str) -> None:
    assert colour_depth(env) == expected


def test_proxy_passwords_are_redacted() -> None:
    assert redact_url("http://alice:pa55@proxy:3128") == "http://alice:***@proxy:3128"
    assert redact_url("http://proxy:3128") == "http://proxy:3128"


def test_collect_reports_config_keyring_network_terminal(tmp_path: Path) -> None:
    ProfileFile().save_profile(Profile(name="prod", method="token", region="cn-north-4"))
    ProfileFile().set_default("prod")
    env = {
        "HTTPS_PROXY": "http://bob:proxy-pass-9@proxy.corp:8080",
        "no_proxy": "127.0.0.1",
        "REQUESTS_CA_BUNDLE": str(tmp_path / "missing.pem"),
        "TERM": "xterm-256color",
        "SSH_CONNECTION": "10.0.0.1 5555 10.0.0.2 22",
        "HUAWEICLOUD_SDK_AK": "SOMEAK",
        "HUAWEICLOUD_SDK_SK": "env-secret-key-42",
    }
    report = collect(env=env)
    data = report.to_dict()
    assert data["config"]["profiles"] == ["prod"]
    assert data["config"]["default_profile"] == "prod"
    if sys.platform != "win32":
        assert data["config"]["file_mode"] == "0600"
    assert report.keyring.usable and report.keyring.active == "isolation MemoryKeyring"
    assert report.keyring.backends[1]["reason"] == "DBUS_SESSION_BUS_ADDRESS is unset"
    assert report.network["HTTPS_PROXY"] == "http://bob:***@proxy.corp:8080"
    assert report.network["NO_PROXY"] == "127.0.0.1"
    assert report.terminal["colour_depth"] == "256 colours"
    assert report.terminal["ssh_session"] == "yes"
    assert report.credentials_env == {"HUAWEICLOUD_SDK_AK": "set", "HUAWEICLOUD_SDK_SK": "set"}
    joined = " ".join(report.warnings)
    assert "does not exist" in joined
    assert "REQUESTS_CA_BUNDLE is not read by drs-tui" in joined
    assert "take precedence over every profile" in joined
    text = repr(data)
    assert "env-secret-key-42" not in text and "proxy-pass-9" not in text


def test_collect_explains_a_missing_keyring() -> None:
    keyring.set_keyring(no_keyring())
    report = collect(env={})
    assert not report.keyring.usable
    assert "No usable keyring" in report.keyring.problem
    assert any("dbus-run-session" in warning for warning in report.warnings)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_config_others_can_change_is_a_warning() -> None:
    ProfileFile().save_profile(Profile(name="prod", method="token", region="cn-north-4"))
    ProfileFile().path.chmod(0o666)
    assert any("chmod go-w" in warning for warning in collect(env={}).warnings)


def test_broken_profiles_are_warned_about(isolated_env: Path) -> None:
    (isolated_env / "config.toml").write_text('[profiles.x]\nmethod = "owl"\nregion = "r1"\n')
    assert any("'x' cannot be used" in warning for warning in collect(env={}).warnings)


async def test_clock_offset_against_the_simulator(simulator: Simulator) -> None:
    clock = await measure_clock_offset(simulator.base_url)
    assert clock.error == ""
    assert clock.offset_seconds is not None and abs(clock.offset_seconds) < 2


async def test_collect_async_with_an_endpoint(simulator: Simulator) -> None:
    report = await collect_async(simulator.base_url, env={})
    assert report.clock is not None and report.clock.offset_seconds is not None


@contextlib.contextmanager
def server_without_date() -> Iterator[str]:
    """A loopback HTTP server whose answers carry no Date header."""

    class NoDate(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response_only(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), NoDate)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


async def test_a_skewed_clock_is_a_warning(simulator: Simulator) -> None:
    behind = 20 * 60.0  # this machine's clock runs 20 minutes late
    clock = await measure_clock_offset(simulator.base_url, local_clock=lambda: time.time() - behind)
    assert clock.offset_seconds is not None and 1190 < clock.offset_seconds < 1210
    warnings: list[str] = []
    diagnostics._clock_warnings(clock, warnings)
    assert "will be rejected" in warnings[0] and "behind" in warnings[0]
    assert [seen.method for seen in simulator.seen] == ["GET"]
    sent = {name.lower() for name in simulator.seen[0].headers}
    assert not sent & {"authorization", "x-auth-token", "x-sdk-date"}


async def test_an_answer_without_date() -> None:
    with server_without_date() as url:
        clock = await measure_clock_offset(url)
    assert clock.error == "the answer has no Date header"


async def test_no_answer_at_all() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    clock = await measure_clock_offset(f"http://127.0.0.1:{port}", timeout=2)
    assert clock.error.startswith("no answer: ConnectError")


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ("drs.example.com", "it must start with https://"),
        ("http://127.0.0.1:99999", "port is not a number from 1 to 65535"),
        ("http://[::1", "Invalid endpoint 'http://[::1'"),
        ("http://doctor:pw-11@127.0.0.1:9", "must not contain a user name or password"),
        ("ftp://doctor:pw-11@drs.example.com", "must not contain a user name or password"),
    ],
)
async def test_a_bad_endpoint_is_a_report_line_not_an_exception(
    endpoint: str, problem: str
) -> None:
    clock = await measure_clock_offset(endpoint, "--endpoint")
    assert problem in clock.error
    assert clock.offset_seconds is None
    assert "pw-11" not in clock.endpoint + clock.error


def test_the_active_profile_chooses_the_clock_endpoint() -> None:
    file = ProfileFile()
    file.save_profile(Profile(name="prod", method="token", region="cn-north-4"))
    local = Profile(
        name="local", method="token", region="cn-north-4", drs_endpoint="http://[::1]:8"
    )
    file.save_profile(local)
    assert diagnostics.clock_target(None, {}) is None  # no default profile: nothing contacted
    file.set_default("prod")
    assert diagnostics.clock_target(None, {}) == (
        "https://drs.cn-north-4.myhuaweicloud.com",
        "profile 'prod' (its region)",
    )
    env = {"DRS_TUI_PROFILE": "local"}
    assert diagnostics.clock_target(None, env) == ("http://[::1]:8", "profile 'local'")
    assert diagnostics.clock_target("https://x.example", env) == ("https://x.example", "--endpoint")
    assert diagnostics.clock_target(None, {"DRS_TUI_PROFILE": "gone"}) is None


def test_a_proxy_url_with_a_bad_port_is_redacted_not_fatal() -> None:
    report = collect(env={"HTTPS_PROXY": "http://carol:pp-12@proxy:99999"})
    assert report.network["HTTPS_PROXY"] == "http://***@proxy:99999"
    assert redact_url("http://carol:pp@[::1]:3128") == "http://carol:***@[::1]:3128"


def test_listing_backends_says_why_each_is_unusable(monkeypatch: pytest.MonkeyPatch) -> None:
    class NeedsDbus(KeyringBackend):
        @properties.classproperty
        def priority(cls) -> float:
            raise RuntimeError("python-dbus not installed")

        def get_password(self, service: str, username: str) -> str | None:
            return None

        def set_password(self, service: str, username: str, password: str) -> None:
            return None

    from keyring.backends import fail

    monkeypatch.setattr(keyring_store, "_list_backends", REAL_LIST_BACKENDS)
    monkeypatch.setattr(keyring.backend, "get_all_keyring", lambda: [])
    monkeypatch.setattr(KeyringBackend, "_classes", {MemoryKeyring, NeedsDbus, fail.Keyring})
    infos, how = keyring_store.keyring_backends(timeout=2)
    by_name = {info.name.split()[-1]: info for info in infos}
    assert by_name["MemoryKeyring"].usable
    assert by_name["Keyring"].reason.startswith("keyring's placeholder")
    assert by_name["NeedsDbus"].reason == "python-dbus not installed"
    assert how == "the highest-priority usable backend"
