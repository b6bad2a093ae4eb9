"""Where `config.toml` lives, and the one key read before anything else: `ui_language`.

Kept apart from profiles.py (tomlkit, validation) because every command reads the UI
language before it parses its own command line, `ls` included, whose start-up is
measured against `unzip -l`.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

CONFIG_DIR_ENV = "DRS_TUI_CONFIG_DIR"
CONFIG_FILE_NAME = "config.toml"
UI_LANGUAGE_KEY = "ui_language"


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    override = env.get(CONFIG_DIR_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("drs-tui", appauthor=False))


def config_path(env: Mapping[str, str] | None = None) -> Path:
    return config_dir(env) / CONFIG_FILE_NAME


def configured_ui_language(env: Mapping[str, str] | None = None) -> str | None:
    """The `ui_language = "zh"` of config.toml, or None. A missing or broken file says
    nothing here: the commands that use the file report its problems, in a language."""
    try:
        with config_path(env).open("rb") as file:
            value = tomllib.load(file).get(UI_LANGUAGE_KEY)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None
    return value if isinstance(value, str) else None
