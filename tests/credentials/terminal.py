"""A terminal whose answers a test queues: stands in for getpass, input and isatty."""

from __future__ import annotations

import pytest

from drs_tui.credentials import prompts


class Terminal:
    """Answers are popped in order; every prompt shown is kept."""

    def __init__(self) -> None:
        self.answers: list[str] = []
        self.prompts: list[str] = []

    def answer(self, prompt: str = "") -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0)


def fake_terminal(monkeypatch: pytest.MonkeyPatch, *, interactive: bool = True) -> Terminal:
    """Route getpass, input and the is-a-terminal check of prompts.py to a Terminal."""
    terminal = Terminal()
    monkeypatch.setattr(prompts, "is_interactive", lambda: interactive)
    monkeypatch.setattr("getpass.getpass", terminal.answer)
    monkeypatch.setattr("builtins.input", terminal.answer)
    return terminal
