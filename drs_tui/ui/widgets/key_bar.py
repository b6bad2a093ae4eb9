"""The keys that work right now, on the bottom line of every screen.

It shows what Textual's Footer shows (the focused widget's keys, then the screen's, then
the app's; disabled ones dimmed) but as one line of text rather than a widget per key:
it redraws without recomposing, it is cheap on the first screen, and when the terminal
is too narrow it ends with "? more" instead of cutting a key in half. A click on a key
presses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

from drs_tui.i18n import (
    N_,
    _ as gettext,  # for messages marked with N_() elsewhere
)

if TYPE_CHECKING:
    from textual.screen import Screen

MORE = N_("? more")


@dataclass(frozen=True)
class KeyHint:
    key: str  # the key to press (first of the binding's keys)
    display: str  # how it is shown: "?", "⏎", "^q"
    description: str  # in the language of the moment
    enabled: bool


class KeyBar(Widget, can_focus=False):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, KeyHint]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def hints(self) -> list[KeyHint]:
        """One hint per action that shows in the footer, in Textual's order; the
        descriptions (marked N_ in BINDINGS) are translated here, at each draw, so they
        follow a language switch."""
        seen: set[str] = set()
        hints: list[KeyHint] = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            display = self.app.get_key_display(binding)
            description = gettext(binding.description)
            hints.append(KeyHint(binding.key, display, description, enabled))
        return hints

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        text_style = self.get_component_rich_style("key-bar--description")
        width = self.size.width
        hints = self.hints()
        words = [f"{h.display} {h.description}" for h in hints]
        # Drop keys from the end until the rest and "? more" fit (F1 lists every key).
        count = len(hints)
        more = self._more()
        while count and _line_width(words[:count]) > width:
            count -= 1
            while count and _line_width([*words[:count], more]) > width:
                count -= 1
        line = Text(no_wrap=True, overflow="crop")
        self._spans = []
        for hint in hints[:count]:
            if line:
                line.append(" ")
            start = line.cell_len
            dim = Style(dim=not hint.enabled)
            line.append(hint.display, style=key_style + dim)
            line.append(f" {hint.description}", style=text_style + dim)
            self._spans.append((start, line.cell_len, hint))
        if count < len(hints):
            line.append(" " if line else "")
            line.append(more, style=text_style)
        return line

    def _more(self) -> str:
        """MORE in the language of the moment, with the key that opens help now (a keymap
        may have moved it from ?)."""
        more = gettext(MORE)
        for active in self.screen.active_bindings.values():
            if active.binding.id == "help":
                return more.replace("?", self.app.get_key_display(active.binding), 1)
        return more

    def on_click(self, event: events.Click) -> None:
        for start, end, hint in self._spans:
            if start <= event.x < end:
                if hint.enabled:
                    self.app.simulate_key(hint.key)
                else:
                    self.app.bell()
                return


def _line_width(words: list[str]) -> int:
    return sum(cell_len(w) for w in words) + max(len(words) - 1, 0)
