"""`drs-tui profile ...` end to end through cli.main, with the test keyring and config."""

from __future__ import annotations

import io
import json
import logging
import re
import sys
import time

import keyring
import pytest

from drs_tui import exit_codes
from drs_tui.cli import main
from drs_tui.credentials import prompts
from drs_tui.credentials.profiles import ProfileFile
from drs_tui.credentials.secret_store import SERVICE
from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from tests.credentials.backends import HangingKeyring, no_keyring
from tests.credentials.terminal import Terminal, fake_terminal
from tests.support.isolation import MemoryKeyring


@pytest.fixture
def tty(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    return fake_terminal(monkeypatch)


@pytest.fixture
def no_tty(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    return fake_terminal(monkeypatch, interactive=False)


SK = "cli-secret-key-0001"
STS = "cli-security-token-0001"


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str | None = None
) -> tuple[int, str, str]:
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(argv)
    finally:
        sys.stdin = saved
    out, err = capsys.readouterr()
    return code, out, err


ADD_PROD = ["profile", "add", "prod", "--method", "aksk", "--region", "ap-southeast-1"]


def test_add_from_stdin_list_show_without_secrets(
    capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    argv = [*ADD_PROD, "--access-key", "AKIDPROD0000WXYZ", "--secret-stdin"]
    code, out, _ = run(argv, capsys, stdin=f"{SK}\n{STS}\n")
    assert code == exit_codes.OK
    assert "'prod' is the default profile" in out  # the first profile becomes the default
    assert memory_keyring.store == {
        (SERVICE, "prod:secret_key"): SK,
        (SERVICE, "prod:security_token"): STS,
    }
    code, out, _ = run(["profile", "list"], capsys)
    assert code == 0
    assert "prod *" in out and "aksk" in out and "stored" in out
    code, out, err = run(["profile", "show", "prod"], capsys)
    assert code == 0
    assert "************WXYZ" in out and "AKIDPROD0000WXYZ" not in out
    assert "Secret access key (SK): stored" in out
    data = json.loads(run(["profile", "show", "prod", "--json"], capsys)[1])
    assert data["secrets"] == {"secret_key": "stored", "security_token": "stored"}
    for text in (out, err, json.dumps(data)):
        assert SK not in text and STS not in text


def test_interactive_add_then_update_keeps_or_replaces_secrets(
    capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring, tty: Terminal
) -> None:
    tty.answers.extend([SK, STS])
    assert run([*ADD_PROD, "--access-key", "AK1"], capsys)[0] == 0
    prompts = tty.prompts
    assert prompts == [
        "Secret access key (SK): ",
        "Security token (temporary keys only; Enter for none): ",
    ]
    tty.answers.extend(["", ""])  # Enter, Enter: keep both
    assert run(["profile", "add", "prod", "--update", "--region", "cn-north-4"], capsys)[0] == 0
    assert "[Enter keeps the stored one]" in prompts[-1]
    assert memory_keyring.store[(SERVICE, "prod:secret_key")] == SK
    assert ProfileFile().read().profiles["prod"].region == "cn-north-4"
    tty.answers.extend(["new-permanent-sk", ""])  # a new SK without a token: permanent keys now
    assert run(["profile", "add", "prod", "--update"], capsys)[0] == 0
    assert memory_keyring.store == {(SERVICE, "prod:secret_key"): "new-permanent-sk"}


def test_add_refuses_to_overwrite_without_update(capsys: pytest.CaptureFixture[str]) -> None:
    run([*ADD_PROD, "--access-key", "AK1", "--no-secret"], capsys)
    code, _, err = run([*ADD_PROD, "--access-key", "AK2", "--no-secret"], capsys)
    assert code == exit_codes.USAGE
    assert "--update" in err
    assert ProfileFile().read().profiles["prod"].access_key == "AK1"


def test_add_without_a_terminal_asks_for_stdin_and_saves_nothing(
    capsys: pytest.CaptureFixture[str], no_tty: Terminal
) -> None:
    code, _, err = run([*ADD_PROD, "--access-key", "AK1"], capsys)
    assert code == exit_codes.USAGE
    assert "--secret-stdin" in err
    assert ProfileFile().read().profiles == {}


def test_empty_secret_on_stdin_saves_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([*ADD_PROD, "--access-key", "AK1", "--secret-stdin"], capsys, stdin="\n")
    assert code == exit_codes.USAGE
    assert "No secret access key" in err
    assert ProfileFile().read().profiles == {}


def test_add_without_a_keyring_explains_and_saves_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    keyring.set_keyring(no_keyring())
    code, _, err = run([*ADD_PROD, "--access-key", "AK1", "--secret-stdin"], capsys, stdin=SK)
    assert code == exit_codes.AUTH
    assert "Keyring unavailable" in err and "No usable keyring" in err
    for fix in ("dbus-run-session", "PYTHON_KEYRING_BACKEND", "HUAWEICLOUD_SDK_AK", "--no-secret"):
        assert fix in err
    # The session-only store cannot keep what `add` saves: the hint does not offer it.
    assert "--credential-store memory" not in err
    assert SK not in err
    assert ProfileFile().read().profiles == {}
    # Fields only, to be completed per session or by environment variables:
    assert run([*ADD_PROD, "--access-key", "AK1", "--no-secret"], capsys)[0] == 0


def test_add_with_the_memory_store_refuses_to_ask(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*ADD_PROD, "--access-key", "AK1", "--credential-store", "memory", "--secret-stdin"]
    code, _, err = run(argv, capsys, stdin=SK)
    assert code == exit_codes.USAGE
    assert "vanish" in err


def test_the_global_credential_store_flag_reaches_profile_add(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`drs-tui --credential-store memory profile add ...`: the flag before the command
    counts as it does after it (it was dropped, and the keyring was used)."""
    keyring.set_keyring(no_keyring())
    argv = ["--credential-store", "memory", *ADD_PROD, "--access-key", "AK1", "--secret-stdin"]
    code, _, err = run(argv, capsys, stdin=SK)
    assert code == exit_codes.USAGE
    assert "vanish" in err and "--no-secret" in err
    assert ProfileFile().read().profiles == {}
    # The command the hint names works, with the flag in either place.
    argv = ["--credential-store", "memory", *ADD_PROD, "--access-key", "AK1", "--no-secret"]
    assert run(argv, capsys)[0] == exit_codes.OK
    code, out, _ = run(["--credential-store", "memory", "profile", "list", "--json"], capsys)
    assert code == exit_codes.OK and json.loads(out)["credential_store"] == "memory"


def test_list_with_a_hanging_keyring_finishes_and_explains(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run([*ADD_PROD, "--access-key", "AK1", "--no-secret"], capsys)
    monkeypatch.setenv("DRS_TUI_KEYRING_TIMEOUT", "0.2")
    backend = HangingKeyring()
    keyring.set_keyring(backend)
    try:
        started = time.monotonic()
        code, out, err = run(["profile", "list"], capsys)
        assert time.monotonic() - started < 3
    finally:
        backend.release.set()
    assert code == 0
    assert "unknown" in out
    assert "did not answer within 0.2 seconds" in err
    assert "gnome-keyring-daemon --unlock" in err


def test_remove_deletes_secrets_and_asks_first(
    capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring, tty: Terminal
) -> None:
    run([*ADD_PROD, "--access-key", "AK1", "--secret-stdin"], capsys, stdin=SK)
    tty.answers.append("n")
    code, out, _ = run(["profile", "remove", "prod"], capsys)
    assert code == 0 and "Nothing removed" in out
    assert memory_keyring.store
    tty.answers.append("y")
    code, out, _ = run(["profile", "remove", "prod"], capsys)
    assert code == 0 and "and its secrets" in out
    assert memory_keyring.store == {}
    assert ProfileFile().read().profiles == {}
    assert run(["profile", "remove", "prod", "--yes"], capsys)[0] == exit_codes.USAGE


def test_remove_needs_yes_without_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run([*ADD_PROD, "--access-key", "AK1", "--no-secret"], capsys)
    monkeypatch.setattr(prompts, "is_interactive", lambda: False)
    code, _, err = run(["profile", "remove", "prod"], capsys)
    assert code == exit_codes.USAGE and "--yes" in err
    assert run(["profile", "remove", "prod", "--yes"], capsys)[0] == 0


def test_default_show_set_unset(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["profile", "default"], capsys)[1].strip() == "(no default profile)"
    run([*ADD_PROD, "--access-key", "AK1", "--no-secret"], capsys)
    run(
        ["profile", "add", "dev", "--method", "token", "--region", "cn-north-4", "--no-secret"],
        capsys,
    )
    assert run(["profile", "default"], capsys)[1].strip() == "prod"
    assert run(["profile", "default", "dev"], capsys)[0] == 0
    assert ProfileFile().read().default_profile == "dev"
    assert run(["profile", "default", "nope"], capsys)[0] == exit_codes.USAGE
    assert run(["profile", "default", "--unset"], capsys)[0] == 0
    assert ProfileFile().read().default_profile is None


def test_path_names_config_and_keyring(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["profile", "path"], capsys)
    assert code == 0
    assert str(ProfileFile().path) in out
    assert "MemoryKeyring" in out and "'drs-tui'" in out
    data = json.loads(run(["profile", "path", "--json"], capsys)[1])
    assert data["config_path"] == str(ProfileFile().path)
    assert data["keyring_service"] == SERVICE and data["problem"] is None


def add_demo_profile(
    capsys: pytest.CaptureFixture[str], sim: Simulator, method: str, secret_lines: str
) -> None:
    fields = {
        "token": [],
        "password": ["--domain", DEMO.domain_name, "--user", DEMO.user_name],
        "aksk": ["--access-key", DEMO.access_key],
        "temporary": ["--access-key", DEMO.temp_access_key],
    }[method]
    argv = [
        "profile", "add", "demo", "--method", "aksk" if method == "temporary" else method,
        "--region", DEMO.region, "--endpoint", sim.base_url, "--iam-endpoint", sim.base_url,
        "--secret-stdin", *fields,
    ]  # fmt: skip
    assert run(argv, capsys, stdin=secret_lines)[0] == 0


@pytest.mark.parametrize(
    ("method", "secret_lines"),
    [
        ("token", f"{DEMO.token}\n"),
        ("password", f"{DEMO.password}\n"),
        ("aksk", f"{DEMO.secret_key}\n\n"),
        ("temporary", f"{DEMO.temp_secret_key}\n{DEMO.security_token}\n"),
    ],
)
def test_profile_test_round_trip_for_each_method(
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    simulator: Simulator,
    method: str,
    secret_lines: str,
) -> None:
    caplog.set_level(logging.DEBUG)
    add_demo_profile(capsys, simulator, method, secret_lines)
    code, out, err = run(["profile", "test", "demo"], capsys)
    assert code == exit_codes.OK, err
    assert re.search(r"Result:\s+connected", out)
    assert re.search(rf"DRS endpoint:\s+{simulator.base_url}", out)
    assert re.search(rf"Project ID:\s+{DEMO.project_id}", out)
    expiry = re.search(r"Expires:\s+(.*)", out)
    assert expiry is not None
    if method == "password":
        assert re.fullmatch(r"token \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", expiry.group(1))
    elif method == "token":
        assert expiry.group(1).startswith("unknown to drs-tui: IAM does not return")
    else:
        assert expiry.group(1) == "AK/SK: no expiry (temporary credentials expire as issued)"
    assert "sync job(s)" in out
    # And the jobs command, which resolves through the same profile and keyring.
    assert run(["jobs", "--profile", "demo", "--limit", "1"], capsys)[0] == 0
    for secret in filter(None, secret_lines.split("\n")):
        assert secret not in out + err + caplog.text


def test_profile_test_failure_exit_code_and_request_id(
    capsys: pytest.CaptureFixture[str], simulator: Simulator
) -> None:
    add_demo_profile(capsys, simulator, "aksk", "wrong-secret-key-77\n\n")
    code, out, err = run(["profile", "test", "demo"], capsys)
    assert code == exit_codes.AUTH
    assert "failed: Authentication failed" in out
    assert "Request ID" in err
    assert "wrong-secret-key-77" not in out + err


def test_profile_test_uses_the_profile_even_with_env_credentials(
    capsys: pytest.CaptureFixture[str], simulator: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_demo_profile(capsys, simulator, "token", f"{DEMO.token}\n")
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", "SOMEOTHERAK")
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", "some-other-sk")
    code, out, err = run(["profile", "test"], capsys)  # the default profile
    assert code == 0 and "IAM token" in out
    assert "jobs` and `fetch` use it instead" in err


def test_profile_test_with_a_missing_secret(
    capsys: pytest.CaptureFixture[str], simulator: Simulator
) -> None:
    run([*ADD_PROD, "--access-key", "AK1", "--no-secret"], capsys)
    code, out, err = run(["profile", "test", "prod"], capsys)
    assert code == exit_codes.AUTH
    assert out == ""
    assert "no secret access key (SK) in the keyring" in err
    assert "drs-tui profile add prod --update" in err
    assert simulator.seen == []


def test_changing_the_method_drops_the_old_fields_and_secrets(
    capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    run([*ADD_PROD, "--access-key", "AKIDPROD0000WXYZ", "--secret-stdin"], capsys, f"{SK}\n{STS}\n")
    argv = ["profile", "add", "prod", "--update", "--method", "token", "--secret-stdin"]
    code, out, err = run(argv, capsys, stdin="a-pasted-token\n")
    assert code == exit_codes.OK, err
    assert ProfileFile().read().profiles["prod"].access_key is None
    assert "access_key" not in ProfileFile().path.read_text()
    assert memory_keyring.store == {(SERVICE, "prod:token"): "a-pasted-token"}
    code, out, _ = run(["profile", "show", "prod"], capsys)
    assert "Access key" not in out and "WXYZ" not in out
    assert "access_key" not in json.loads(run(["profile", "show", "prod", "--json"], capsys)[1])
    # Back to password: the token goes, the password method's fields are asked for.
    argv = ["profile", "add", "prod", "--update", "--method", "password", "--secret-stdin"]
    argv += ["--domain", "acme", "--user", "ops"]
    assert run(argv, capsys, stdin="a-password\n")[0] == exit_codes.OK
    assert memory_keyring.store == {(SERVICE, "prod:password"): "a-password"}


def test_a_flag_of_another_method_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["profile", "add", "t", "--method", "token", "--region", "cn-north-4", "--no-secret"]
    code, _, err = run([*argv, "--access-key", "AK1"], capsys)
    assert code == exit_codes.USAGE
    assert "--access-key is only used by the aksk method" in err
    code, _, err = run([*argv, "--domain", "acme"], capsys)
    assert code == exit_codes.USAGE and "--domain is only used by the password method" in err
    assert ProfileFile().read().profiles == {}


def add_mfa_profile(capsys: pytest.CaptureFixture[str], sim: Simulator) -> None:
    argv = [
        "profile", "add", "mfa", "--method", "password", "--region", DEMO.region,
        "--domain", DEMO.domain_name, "--user", DEMO.user_name, "--mfa",
        "--endpoint", sim.base_url, "--iam-endpoint", sim.base_url, "--secret-stdin",
    ]  # fmt: skip
    code, _, err = run(argv, capsys, stdin=f"{DEMO.password}\n")
    assert code == exit_codes.USAGE and "user_id" in err
    code, _, err = run([*argv, "--user-id", DEMO.user_id], capsys, stdin=f"{DEMO.password}\n")
    assert code == exit_codes.OK, err


def test_an_mfa_profile_asks_for_the_code_at_each_sign_in(
    capsys: pytest.CaptureFixture[str],
    simulator: Simulator,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DRS_TUI_MFA_CODE", raising=False)
    add_mfa_profile(capsys, simulator)
    code, out, _ = run(["profile", "show", "mfa"], capsys)
    assert re.search(r"MFA:\s+yes", out) and DEMO.user_id in out
    terminal = fake_terminal(monkeypatch)
    terminal.answers.append(DEMO.mfa_code)
    code, out, err = run(["profile", "test", "mfa"], capsys)
    assert code == exit_codes.OK, err
    assert re.search(r"Result:\s+connected", out)
    assert terminal.prompts == ["MFA code for profile 'mfa' (6 digits): "]
    # No terminal and no DRS_TUI_MFA_CODE: a clear error, nothing sent.
    fake_terminal(monkeypatch, interactive=False)
    simulator.seen.clear()
    code, out, err = run(["profile", "test", "mfa"], capsys)
    assert code == exit_codes.AUTH
    assert "signs in with MFA" in err and "DRS_TUI_MFA_CODE" in err
    assert simulator.seen == []
    # The variable serves scripts: `jobs` signs in with it.
    monkeypatch.setenv("DRS_TUI_MFA_CODE", DEMO.mfa_code)
    assert run(["jobs", "--profile", "mfa", "--limit", "1"], capsys)[0] == exit_codes.OK
    monkeypatch.setenv("DRS_TUI_MFA_CODE", "000000")
    code, _, err = run(["jobs", "--profile", "mfa", "--limit", "1"], capsys)
    assert code == exit_codes.AUTH and "verification code" in err
    assert DEMO.mfa_code not in str(memory_keyring.store) + ProfileFile().path.read_text()


def test_mfa_belongs_to_the_password_method(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([*ADD_PROD, "--access-key", "AK1", "--mfa", "--no-secret"], capsys)
    assert code == exit_codes.USAGE and "--mfa is only used by the password method" in err
