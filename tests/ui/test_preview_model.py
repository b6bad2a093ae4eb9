"""The cell detail line's words: counts in the singular when there is one."""

from __future__ import annotations

from drs_tui.ui.widgets.preview_model import cell_detail


def test_one_character_is_a_char_and_spaces_at_the_ends_are_shown() -> None:
    assert cell_detail("a", "1") == "a · 1 char: 1"
    assert cell_detail("Reason", "尾部空格 ") == "Reason · 5 chars, 1 trailing space: 尾部空格␠"
    assert cell_detail("Name", "  x") == "Name · 3 chars, 2 leading spaces: ␠␠x"
