"""The top line of every screen: the app's title and what it is connected to.

Textual's Header draws the same words with a clock and a widget per part; one line of
text is enough here and keeps the first screen quick to draw.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TitleBar(Widget, can_focus=False):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        height: 1;
        width: 1fr;
        background: $panel;
        color: $foreground;
        content-align: center middle;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def on_mount(self) -> None:
        # `profile · region · DEMO` changes when the session does.
        self.watch(self.app, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def render(self) -> Text:
        title = Text(self.app.title, style="bold")
        if self.app.sub_title:
            title.append(f" — {self.app.sub_title}", style="")
        return title
