"""Messages speak to people: no Python (keyword arguments, reprs of None) in any text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import drs_tui

_PYTHON = re.compile(r"\b[a-z_]+=(True|False|None)\b|\bNoneType\b")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def test_no_string_in_the_package_shows_python_keyword_arguments() -> None:
    root = Path(drs_tui.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
                and _PYTHON.search(node.value)
            ):
                offenders.append(f"{path.relative_to(root)}:{node.lineno}: {node.value!r}")
    assert offenders == []
