"""Layering: the credentials layer never loads Textual, and only one module uses keyring."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import drs_tui

PACKAGE = Path(drs_tui.__file__).parent


def test_credentials_import_without_textual() -> None:
    code = (
        "import sys\n"
        "import drs_tui.credentials.catalog, drs_tui.credentials.diagnostics\n"
        "import drs_tui.credentials.resolve, drs_tui.credentials.keyring_store\n"
        "import drs_tui.credentials.prompts\n"
        "import drs_tui.commands.profile, drs_tui.commands.doctor\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_keyring_is_imported_by_one_module_only() -> None:
    pattern = re.compile(r"^\s*(import keyring|from keyring[ .])", re.MULTILINE)
    users = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    )
    assert users == ["credentials/keyring_store.py"]
