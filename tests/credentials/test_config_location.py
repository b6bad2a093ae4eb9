"""Where config.toml is looked for: platformdirs' answer, without importing it on Linux."""

from __future__ import annotations

import sys

import platformdirs
import pytest

from drs_tui.credentials.config_location import config_dir


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fast path is Linux's")
@pytest.mark.parametrize("xdg", [None, "", "  ", "/srv/conf", "relative/conf"])
def test_the_config_folder_is_the_one_platformdirs_names(
    monkeypatch: pytest.MonkeyPatch, xdg: str | None
) -> None:
    monkeypatch.delenv("DRS_TUI_CONFIG_DIR", raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    expected = platformdirs.user_config_dir("drs-tui", appauthor=False)
    assert str(config_dir()) == expected
