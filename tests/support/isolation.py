"""Autouse isolation: no test touches the real keyring, config dir or environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    """A keyring backend that lives in one dict for one test."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.store.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


_SDK_VARS = (
    "HUAWEICLOUD_SDK_AK",
    "HUAWEICLOUD_SDK_SK",
    "HUAWEICLOUD_SDK_SECURITY_TOKEN",
    "HUAWEICLOUD_SDK_PROJECT_ID",
    "HUAWEICLOUD_SDK_REGION",
)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    config_dir = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("DRS_TUI_CONFIG_DIR", str(config_dir))
    # The app's default downloads folder lives in the user data folder.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
    # The state folder: ui-state.json, the debug logs and the last request.
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    for name in _SDK_VARS:
        monkeypatch.delenv(name, raising=False)
    for name in (
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    return config_dir


_DRS_TUI_VARS = (
    "DRS_TUI_TOKEN",
    "DRS_TUI_PROFILE",
    "DRS_TUI_KEYRING_TIMEOUT",
    "DRS_TUI_MFA_CODE",
    "PYTHON_KEYRING_BACKEND",
    "DRS_TUI_DEBUG",
    "DRS_TUI_CONNECT_TIMEOUT",
    "DRS_TUI_READ_TIMEOUT",
    "DRS_TUI_RETRY_COUNT",
    # A test run inside tmux or screen must copy as it would outside (ui/clipboard.py).
    "TMUX",
    "STY",
)


@pytest.fixture(autouse=True)
def fresh_secret_stores(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No session secrets or remembered keyring failure leak from one test to the next."""
    from drs_tui.api import request_log
    from drs_tui.credentials.secret_store import reset_secret_stores

    for name in _DRS_TUI_VARS:
        monkeypatch.delenv(name, raising=False)
    reset_secret_stores()
    request_log.forget()  # the last request of an earlier test is not this test's
    yield
    reset_secret_stores()


@pytest.fixture(autouse=True)
def english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The developer's locale (LANG=zh_CN.UTF-8) does not turn the English tests Chinese,
    and a test that switches to Chinese leaves English behind it."""
    from drs_tui import i18n

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language("en")
    yield
    i18n.set_language("en")
