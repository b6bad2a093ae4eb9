"""The result engine's public face: what ui/ and commands/ import from drs_tui.result
exists, and nothing else of the engine is reached into (pyproject's import contracts
check the modules; this checks the names, which the lazy face cannot show mypy)."""

from __future__ import annotations

import ast
from pathlib import Path

import drs_tui
import drs_tui.result as result

PACKAGE = Path(drs_tui.__file__).parent


def test_every_exported_name_resolves() -> None:
    for name in result.__all__:
        assert getattr(result, name) is not None, name


def test_every_name_taken_from_the_face_is_exported() -> None:
    wanted: set[tuple[str, str]] = set()
    for path in PACKAGE.rglob("*.py"):
        if "result" in path.relative_to(PACKAGE).parts[:1]:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "drs_tui.result":
                wanted.update((str(path.relative_to(PACKAGE)), a.name) for a in node.names)
    missing = sorted((where, name) for where, name in wanted if name not in result.__all__)
    assert not missing
