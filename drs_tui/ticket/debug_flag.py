"""Whether this run wants `--debug`: read before anything is parsed, so it imports nothing
(every command's start-up pays for what is imported here)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

ENV_DEBUG = "DRS_TUI_DEBUG"
DEBUG_FLAG = "--debug"


def wanted(env: Mapping[str, str]) -> bool:
    return env.get(ENV_DEBUG, "").strip().lower() in ("1", "true", "yes", "on")


def take_debug_flag(argv: Sequence[str]) -> tuple[list[str], bool]:
    """`argv` without `--debug` (wherever it stands before `--`), and whether it was there."""
    words = list(argv)
    end = words.index("--") if "--" in words else len(words)
    found = DEBUG_FLAG in words[:end]
    return [w for i, w in enumerate(words) if i >= end or w != DEBUG_FLAG], found
