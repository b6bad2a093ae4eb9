"""The config file: round trip, owner-only mode, comments and unknown keys kept."""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import Any

import pytest

from drs_tui.credentials.profiles import (
    ConfigFileError,
    Profile,
    ProfileFile,
    ProfileNotFoundError,
    config_dir,
    config_path,
)
from drs_tui.errors import UsageError

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


def aksk(name: str = "prod", **extra: Any) -> Profile:
    return Profile(name=name, method="aksk", region="ap-southeast-1", access_key="AKID1", **extra)


def test_config_dir_comes_from_the_env_override(isolated_env: Path) -> None:
    assert config_dir() == isolated_env
    assert config_path() == isolated_env / "config.toml"


def test_config_dir_defaults_to_platformdirs() -> None:
    import platformdirs

    assert config_dir({}) == Path(platformdirs.user_config_dir("drs-tui", appauthor=False))


def test_round_trip_of_every_method() -> None:
    file = ProfileFile()
    profiles = [
        Profile(name="tok", method="token", region="cn-north-4", language="zh-cn"),
        Profile(
            name="pw",
            method="password",
            region="ap-southeast-1",
            domain_name="acme",
            user_name="ops",
            user_id="u1",
            project_id="0123456789abcdef0123456789abcdef",
            note="Support desk: ticket queue 7",
        ),
        aksk("keys", drs_endpoint="https://drs.example.com/", iam_endpoint="http://127.0.0.1:9"),
    ]
    for profile in profiles:
        file.save_profile(profile)
    snapshot = file.read()
    assert snapshot.problems == []
    assert snapshot.profiles["tok"] == profiles[0]
    assert snapshot.profiles["pw"] == profiles[1]
    assert snapshot.profiles["keys"].drs_endpoint == "https://drs.example.com"


@posix_only
def test_file_and_folder_are_owner_only(tmp_path: Path) -> None:
    file = ProfileFile(tmp_path / "fresh" / "drs-tui" / "config.toml")
    file.save_profile(aksk())
    assert stat.S_IMODE(file.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(file.path.parent.stat().st_mode) == 0o700


@posix_only
def test_rewrite_tightens_a_loose_file(isolated_env: Path) -> None:
    path = isolated_env / "config.toml"
    path.write_text('default_profile = "x"\n')
    path.chmod(0o644)
    ProfileFile().save_profile(aksk())
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


COMMENTED = """\
# My drs-tui setup; do not lose this comment.
theme = "dark"  # a key drs-tui does not know (yet)

[profiles.prod]
# the production account
method = "aksk"
region = "ap-southeast-1"
access_key = "AKID1"
colour = "red"  # unknown key, kept

[keymap]
quit = "ctrl+q"
"""


def test_comments_and_unknown_keys_survive_every_write(isolated_env: Path) -> None:
    path = isolated_env / "config.toml"
    path.write_text(COMMENTED)
    file = ProfileFile()
    file.save_profile(aksk(project_id="p1"))
    file.save_profile(Profile(name="other", method="token", region="cn-north-4"))
    file.set_default("prod")
    file.set_credential_store("memory")
    file.remove_profile("other")
    text = path.read_text()
    for kept in (
        "# My drs-tui setup; do not lose this comment.",
        'theme = "dark"  # a key drs-tui does not know (yet)',
        "# the production account",
        'colour = "red"  # unknown key, kept',
        "[keymap]",
        'quit = "ctrl+q"',
    ):
        assert kept in text
    snapshot = file.read()
    assert snapshot.profiles["prod"].project_id == "p1"
    assert snapshot.default_profile == "prod"
    assert snapshot.credential_store == "memory"
    assert "other" not in snapshot.profiles


def test_rename_keeps_the_table_comments_and_moves_the_default(isolated_env: Path) -> None:
    (isolated_env / "config.toml").write_text('default_profile = "prod"\n' + COMMENTED)
    file = ProfileFile()
    file.save_profile(aksk("live"), previous_name="prod")
    text = (isolated_env / "config.toml").read_text()
    assert "[profiles.live]" in text and "[profiles.prod]" not in text
    assert "# the production account" in text
    assert file.read().default_profile == "live"


def test_removing_the_default_profile_unsets_the_default() -> None:
    file = ProfileFile()
    file.save_profile(aksk())
    file.set_default("prod")
    assert file.remove_profile("prod") is True
    assert file.read().default_profile is None
    assert file.remove_profile("prod") is False


@posix_only
def test_a_symlinked_config_stays_a_symlink(tmp_path: Path, isolated_env: Path) -> None:
    real = tmp_path / "dotfiles" / "drs-tui.toml"
    real.parent.mkdir()
    real.write_text("# managed by my dotfiles\n")
    link = isolated_env / "config.toml"
    link.symlink_to(real)
    ProfileFile().save_profile(aksk())
    assert link.is_symlink()
    assert "# managed by my dotfiles" in real.read_text()
    assert "[profiles.prod]" in real.read_text()


def test_secrets_written_into_the_file_are_refused_without_echo(isolated_env: Path) -> None:
    (isolated_env / "config.toml").write_text(
        '[profiles.bad]\nmethod = "aksk"\nregion = "ap-southeast-1"\n'
        'access_key = "AKID1"\nsecret_key = "hunter2-very-secret"\n'
    )
    snapshot = ProfileFile().read()
    assert "bad" not in snapshot.profiles
    [problem] = snapshot.problems
    assert "secret_key" in problem.message
    assert "hunter2" not in problem.message
    with pytest.raises(ConfigFileError) as info:
        snapshot.get("bad")
    assert "hunter2" not in str(info.value)


def test_one_broken_profile_does_not_hide_the_others(isolated_env: Path) -> None:
    (isolated_env / "config.toml").write_text(
        '[profiles.ok]\nmethod = "token"\nregion = "cn-north-4"\n'
        '[profiles.broken]\nmethod = "carrier-pigeon"\nregion = "cn-north-4"\n'
        '[profiles.noregion]\nmethod = "token"\n'
    )
    snapshot = ProfileFile().read()
    assert list(snapshot.profiles) == ["ok"]
    assert {p.name for p in snapshot.problems} == {"broken", "noregion"}


def test_invalid_toml_is_a_config_file_error(isolated_env: Path) -> None:
    (isolated_env / "config.toml").write_text("[profiles.x\n")
    with pytest.raises(ConfigFileError) as info:
        ProfileFile().read()
    assert "not valid TOML" in info.value.message


def test_unknown_profile_lists_the_known_ones() -> None:
    ProfileFile().save_profile(aksk())
    with pytest.raises(ProfileNotFoundError) as info:
        ProfileFile().read().get("staging")
    assert "prod" in info.value.message


def test_missing_file_reads_as_empty(isolated_env: Path) -> None:
    snapshot = ProfileFile().read()
    assert snapshot.profiles == {} and snapshot.default_profile is None
    assert not (isolated_env / "config.toml").exists()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name": "bad name"},
        {"name": "-dash"},
        {"name": "prod\n"},
        {"region": "AP_SOUTH"},
        {"method": "kerberos"},
        {"access_key": "AK with space"},
        {"drs_endpoint": "ftp://drs.example.com"},
        {"drs_endpoint": "http://drs.example.com"},
        {"drs_endpoint": "https://drs.example.com?x=1"},
        {"language": "fr-fr"},
        {"project_id": "has space"},
        {"note": "line\nbreak"},
    ],
)
def test_invalid_values_are_usage_errors(kwargs: dict[str, str]) -> None:
    values = {"name": "prod", "method": "aksk", "region": "ap-southeast-1", "access_key": "AK1"}
    values.update(kwargs)
    with pytest.raises(UsageError):
        Profile(**values)  # type: ignore[arg-type]


def test_method_specific_fields_are_required() -> None:
    with pytest.raises(UsageError, match="domain_name and user_name"):
        Profile(name="p", method="password", region="cn-north-4")
    with pytest.raises(UsageError, match="access_key"):
        Profile(name="p", method="aksk", region="cn-north-4")


def test_an_endpoint_with_a_password_is_refused_without_echo() -> None:
    with pytest.raises(UsageError) as info:
        aksk(drs_endpoint="https://me:s3cr3t-pw@drs.example.com")
    assert "s3cr3t-pw" not in info.value.message


def test_http_is_allowed_to_loopback_only() -> None:
    for url in ("http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:2"):
        assert aksk(drs_endpoint=url).drs_endpoint == url


def test_fields_of_another_method_are_dropped(isolated_env: Path) -> None:
    token = Profile(name="p", method="token", region="cn-north-4", access_key="AK1", user_name="u")
    assert token.access_key is None and token.user_name is None
    assert "access_key" not in token.to_toml()
    # A hand-edited (or older) file with leftovers reads clean and is cleaned on save.
    (isolated_env / "config.toml").write_text(
        '[profiles.p]\nmethod = "aksk"\nregion = "cn-north-4"\naccess_key = "AK1"\n'
        'domain_name = "acme"\nuser_id = "u1"\n'
    )
    profile = ProfileFile().read().profiles["p"]
    assert (profile.access_key, profile.domain_name, profile.user_id) == ("AK1", None, None)
    ProfileFile().save_profile(profile)
    text = (isolated_env / "config.toml").read_text()
    assert "domain_name" not in text and "user_id" not in text and "access_key" in text


def test_the_ui_language_is_written_with_comments_kept_and_forgotten(isolated_env: Path) -> None:
    from drs_tui.credentials.config_location import configured_ui_language

    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('# mine\ndefault_profile = "hk"  # the usual one\n', encoding="utf-8")
    ProfileFile().set_ui_language("zh")
    assert configured_ui_language() == "zh"
    assert "# the usual one" in path.read_text(encoding="utf-8")
    ProfileFile().set_ui_language(None)
    assert configured_ui_language() is None
    assert path.read_text(encoding="utf-8").startswith("# mine\n")
