"""Small modal dialogs of the result viewer: a path prompt, a yes/no question, a picker.

Each answers through `dismiss`: a Path, a bool, or the chosen value (None when the
person pressed Esc).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from rich.table import Table as RichTable
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from drs_tui.i18n import N_, _
from drs_tui.safe_text import safe_line, safe_lines
from drs_tui.ui.user_paths import expand_user
from drs_tui.ui.widgets.cursor_list import CursorList

T = TypeVar("T")


class ViewerDialog(ModalScreen[T]):
    """A centred box over the viewer."""

    DEFAULT_CSS = """
    ViewerDialog {
        align: center middle;
        & > Vertical {
            width: 76; max-width: 95%; height: auto; max-height: 90%;
            border: thick $primary; background: $surface; padding: 0 1;
        }
        & .dialog-title { text-style: bold; padding-bottom: 1; }
        & .dialog-hint { color: $text-muted; padding-top: 1; }
        & .dialog-message { padding-bottom: 1; }
        & Horizontal { height: auto; align-horizontal: right; padding-top: 1; }
        & Button { margin-left: 1; min-width: 10; }
        & OptionList { height: auto; max-height: 16; }
        & VerticalScroll { height: auto; max-height: 50vh; }  /* the box fits 60x15 */
    }
    """


class PathPrompt(ViewerDialog[Path | None]):
    """Ask for a file or folder path; Enter accepts, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="dialog-cancel"),
    ]

    def __init__(self, title: str, initial: Path, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.initial = initial
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(safe_line(self.title_text)), classes="dialog-title")
            yield Input(str(self.initial), id="path-input")
            if self.hint:
                yield Static(Text(safe_lines(self.hint)), classes="dialog-hint")
            yield Static(_("Enter: OK · Esc: cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(expand_user(value) if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPrompt(ViewerDialog[str | None]):
    """Ask for a line of text (a row number); Enter accepts, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="dialog-cancel"),
    ]

    def __init__(self, title: str, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="dialog-title")
            yield Input(id="text-input")
            if self.hint:
                yield Static(self.hint, classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ViewerDialog[bool | None]):
    """A yes/no question: y or Enter on the first button says yes; n says no. Esc says
    no too, unless `cancel` names a third way out: then Esc answers None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Yes"), id="dialog-yes"),
        Binding("n", "answer(False)", N_("No"), id="dialog-no"),
        Binding("escape", "cancel", N_("Cancel"), id="dialog-cancel"),
    ]

    def __init__(
        self, title: str, message: str, yes: str = "", no: str = "", cancel: str = ""
    ) -> None:
        super().__init__()
        self.title_text, self.message = title, message
        self.yes, self.no = yes or _("Yes"), no or _("No")
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text(safe_line(self.title_text)), classes="dialog-title")
            yield Static(Text(safe_lines(self.message)))  # names entries: the file's words
            with Horizontal():
                yield Button(f"{self.yes} (y)", variant="warning", id="yes")
                yield Button(f"{self.no} (n)", id="no")
            if self.cancel:
                yield Static(_("Esc: {action}").format(action=self.cancel), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    def action_cancel(self) -> None:
        self.dismiss(None if self.cancel else False)


@dataclass(frozen=True)
class Choice(Generic[T]):
    """One line of a picker: `key` picks it at once."""

    key: str
    label: str
    value: T


class ChoicePicker(ViewerDialog[T | None], Generic[T]):
    """A list to pick from with arrows and Enter, or with a choice's key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), id="dialog-cancel"),
    ]

    def __init__(
        self,
        title: str,
        choices: Sequence[Choice[T]],
        *,
        current: T | None = None,
        message: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, classes="dialog-title")
            if self.message:
                yield Static(Text(self.message), classes="dialog-message")
            options = [
                Option(
                    Text(f"{c.key}  {c.label}{_current(c.value == self.current)}"),
                    id=str(i),
                )
                for i, c in enumerate(self.choices)
            ]
            yield CursorList(*options)
            yield Static(_("key or Enter: choose · Esc: cancel"), classes="dialog-hint")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        for i, choice in enumerate(self.choices):
            if choice.value == self.current:
                options.highlighted = i

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[int(event.option.id or 0)].value)

    def on_key(self, event: events.Key) -> None:
        for choice in self.choices:
            if event.character and event.character == choice.key:
                event.stop()
                event.prevent_default()
                self.dismiss(choice.value)
                return

    def action_cancel(self) -> None:
        self.dismiss(None)


def _current(yes: bool) -> str:
    return "  " + _("(current)") if yes else ""


class RowDetail(ViewerDialog[None]):
    """One table row as 'column: value' lines, values wrapped: the whole error reason."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,enter", "close", N_("Close"), id="dialog-close"),
    ]

    def __init__(self, title: str, pairs: Sequence[tuple[str, str]], marked: int | None) -> None:
        super().__init__()
        self.title_text, self.pairs, self.marked = title, list(pairs), marked

    def compose(self) -> ComposeResult:
        table = RichTable(box=None, show_header=False, expand=True, padding=(0, 1))
        table.add_column("Column", style="bold", no_wrap=True, max_width=30)
        table.add_column("Value", overflow="fold")
        for index, (name, value) in enumerate(self.pairs):
            # Column names and cells are the file's words: Text, never markup, made safe.
            label = f"✗ {name}" if index == self.marked else name
            table.add_row(Text(safe_line(label)), Text(safe_lines(value or "-")))
        with Vertical():
            yield Label(Text(safe_line(self.title_text)), classes="dialog-title")
            with VerticalScroll():
                yield Static(table)
            yield Static(_("Esc, q or Enter: close"), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
