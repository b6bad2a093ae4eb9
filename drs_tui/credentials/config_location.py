"""Where drs-tui's files live, and the keys of `config.toml` read without tomlkit.

`config.toml` is in the config folder; what the app remembers (`ui-state.json`) is in
the state folder. Read here with tomllib: `ui_language` (before any command parses its
command line, `ls` included, whose start-up is measured against `unzip -l`), the
`[keymap]` table, and the profile names that shell completion offers (it must answer
at once and never touch the keyring). profiles.py owns writing and validating profiles.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drs_tui.i18n import _
from drs_tui.safe_text import safe_line

CONFIG_DIR_ENV = "DRS_TUI_CONFIG_DIR"
CONFIG_FILE_NAME = "config.toml"
UI_LANGUAGE_KEY = "ui_language"
KEYMAP_TABLE = "keymap"


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    override = env.get(CONFIG_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    if sys.platform.startswith("linux"):
        # platformdirs' answer on Linux, without its import (~7 ms of every command's
        # start, `ls` included): $XDG_CONFIG_HOME when absolute (the XDG spec ignores a
        # relative one), else ~/.config.
        base = Path(env.get("XDG_CONFIG_HOME", "").strip())
        if not base.is_absolute():
            base = Path("~/.config").expanduser()
        return base / "drs-tui"
    import platformdirs

    return Path(platformdirs.user_config_dir("drs-tui", appauthor=False))


def config_path(env: Mapping[str, str] | None = None) -> Path:
    return config_dir(env) / CONFIG_FILE_NAME


def state_dir() -> Path:
    """Where the app keeps what it remembers (`ui-state.json`): the platform's state
    folder, `$XDG_STATE_HOME/drs-tui` (usually ~/.local/state/drs-tui) on Linux."""
    import platformdirs

    return Path(platformdirs.user_state_dir("drs-tui", appauthor=False))


def _read(env: Mapping[str, str] | None) -> dict[str, Any]:
    """config.toml as a dict; empty when missing or broken (the commands that use the
    file report its problems, in a language)."""
    return _parse(_bytes(env))


def _bytes(env: Mapping[str, str] | None) -> bytes:
    try:
        return config_path(env).read_bytes()
    except OSError:
        return b""


def _parse(data: bytes) -> dict[str, Any]:
    import tomllib  # only when there is a file to read: every command's start reads it

    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}


def configured_ui_language(env: Mapping[str, str] | None = None) -> str | None:
    """The `ui_language = "zh"` of config.toml, or None."""
    data = _bytes(env)
    if UI_LANGUAGE_KEY.encode() not in data:
        return None  # most files: no TOML parser needed to know
    value = _parse(data).get(UI_LANGUAGE_KEY)
    return value if isinstance(value, str) else None


@dataclass(frozen=True)
class KeymapSetting:
    """The `[keymap]` table: binding id -> keys as written ("n", "ctrl+n,n"), and the
    entries that are not even strings. Which ids and keys exist is the UI's to check
    (ui/keymap.py)."""

    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def configured_keymap(env: Mapping[str, str] | None = None) -> KeymapSetting:
    table = _read(env).get(KEYMAP_TABLE)
    if table is None:
        return KeymapSetting()
    if not isinstance(table, dict):
        return KeymapSetting(problems=[_("keymap must be a table: [keymap] on its own line.")])
    setting = KeymapSetting()
    for binding_id, keys in table.items():
        if isinstance(keys, str):
            setting.keys[binding_id] = keys
        else:
            message = _('{id} must be keys in quotes, such as {id} = "n"; left out.')
            setting.problems.append(message.format(id=safe_line(binding_id)))
    return setting


def configured_profile_names(env: Mapping[str, str] | None = None) -> list[str]:
    """The names of config.toml's profiles, sorted; nothing when there is no file."""
    tables = _read(env).get("profiles")
    return sorted(str(name) for name in tables) if isinstance(tables, dict) else []
