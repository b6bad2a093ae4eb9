"""Which language the user gets: --ui-lang, the config key, the locale, English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from drs_tui import cli, i18n
from drs_tui.i18n import choose_language, language_from_environment, parse_language


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("zh_CN.UTF-8", "zh"),
        ("zh-cn", "zh"),
        ("zh", "zh"),
        ("zh_TW.UTF-8", "zh"),
        ("en_US.UTF-8", "en"),
        ("C.UTF-8", "en"),
        ("POSIX", "en"),
        ("fr_FR.UTF-8", None),
        ("", None),
    ],
)
def test_a_locale_value_names_a_language(value: str, expected: str | None) -> None:
    assert parse_language(value) == expected


def test_the_first_locale_variable_set_decides() -> None:
    assert language_from_environment({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert language_from_environment({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "en"
    assert language_from_environment({"LC_MESSAGES": "zh_CN", "LANG": "en_US"}) == "zh"
    assert language_from_environment({"LANGUAGE": "fr:zh_CN", "LANG": "en_US"}) == "zh"
    assert language_from_environment({"LC_ALL": "de_DE", "LANG": "zh_CN"}) is None
    assert language_from_environment({}) is None


def test_flag_then_config_then_environment_then_english() -> None:
    chinese = {"LANG": "zh_CN.UTF-8"}
    assert choose_language("en", "zh", chinese) == "en"
    assert choose_language(None, "en", chinese) == "en"
    assert choose_language(None, "klingon", chinese) == "zh"
    assert choose_language(None, None, chinese) == "zh"
    assert choose_language(None, None, {"LANG": "fr_FR"}) == "en"


def test_ui_lang_is_taken_out_of_the_command_line_wherever_it_stands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert cli.choose_ui_language(["--ui-lang", "zh", "jobs", "--json"]) == ["jobs", "--json"]
    assert i18n.current_language() == "zh"
    assert cli.choose_ui_language(["ls", "x.zip", "--ui-lang=en"]) == ["ls", "x.zip"]
    assert i18n.current_language() == "en"
    # after --, a word is an argument, not our flag
    assert cli.choose_ui_language(["open", "--", "--ui-lang", "zh"]) == [
        "open",
        "--",
        "--ui-lang",
        "zh",
    ]
    # a value we have no catalog for stays, for argparse to refuse with the choices
    assert cli.choose_ui_language(["--ui-lang", "fr"]) == ["--ui-lang", "fr"]


def test_the_config_key_chooses_when_no_flag_does(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DRS_TUI_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    (tmp_path / "config.toml").write_text('ui_language = "zh"\n', encoding="utf-8")
    cli.choose_ui_language(["jobs"])
    assert i18n.current_language() == "zh"
    (tmp_path / "config.toml").write_text("ui_language = [broken\n", encoding="utf-8")
    cli.choose_ui_language(["jobs"])
    assert i18n.current_language() == "en"


def test_api_language_follows_the_ui() -> None:
    assert i18n.api_language("zh") == "zh-cn"
    assert i18n.api_language("en") == "en-us"
