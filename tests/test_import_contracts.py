"""The import contracts in pyproject.toml (checked by `lint-imports`) keep up with the code.

A contract that lists modules by name says nothing of a module added later; these tests
fail until the new module is placed in the contracts.
"""

from __future__ import annotations

import pkgutil
import tomllib
from pathlib import Path
from typing import Any

import drs_tui
import drs_tui.result

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
RESULT_FACES = {"zip", "sheets", "text"}  # packages whose __init__ is a face


def _contract(contract_id: str) -> dict[str, Any]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    contracts: list[dict[str, Any]] = config["tool"]["importlinter"]["contracts"]
    return next(contract for contract in contracts if contract.get("id") == contract_id)


def _children(package: Any) -> list[pkgutil.ModuleInfo]:
    return list(pkgutil.iter_modules(package.__path__))


def test_every_module_but_the_ui_is_kept_from_textual() -> None:
    named = {
        *_contract("headless-without-textual")["source_modules"],
        *_contract("cli-textual-through-ui")["source_modules"],
    }
    everything = {f"drs_tui.{info.name}" for info in _children(drs_tui)} - {"drs_tui.ui"}
    assert named == everything


def test_ui_and_commands_are_kept_from_every_module_behind_the_result_faces() -> None:
    forbidden = set(_contract("result-faces")["forbidden_modules"])
    behind = {
        f"drs_tui.result.{info.name}.*"
        if info.name in RESULT_FACES
        else f"drs_tui.result.{info.name}"
        for info in _children(drs_tui.result)
    }
    assert forbidden == behind
    assert all(info.ispkg for info in _children(drs_tui.result) if info.name in RESULT_FACES)
