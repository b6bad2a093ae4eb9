"""The result viewer's pickers: encoding, entry-name encoding, copy, re-fetch.

Each action opens a `ChoicePicker` and acts on the answer; the choices are listed here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from drs_tui.ui.screens.result_viewer_dialogs import Choice, ChoicePicker
from drs_tui.ui.screens.result_viewer_files import FileActions

if TYPE_CHECKING:
    from drs_tui.ui.widgets.preview_pane import PreviewPane

# "" means: detect (BOM, UTF-8, GB18030, ...), as the engine does by itself.
ENCODINGS = (
    ("a", "detect automatically", ""),
    ("u", "UTF-8", "utf-8"),
    ("g", "GB18030 (GBK, GB2312: simplified Chinese Windows)", "gb18030"),
    ("6", "UTF-16 (with BOM)", "utf-16"),
    ("l", "UTF-16 LE", "utf-16-le"),
    ("b", "UTF-16 BE", "utf-16-be"),
    ("5", "Big5 (traditional Chinese)", "big5"),
    ("j", "Shift_JIS", "shift_jis"),
    ("1", "Latin-1 (ISO-8859-1)", "latin-1"),
    ("w", "Windows-1252", "cp1252"),
    ("4", "CP437 (old DOS archivers)", "cp437"),
)

RESULT_TYPES = (
    ("d", "detail: every object with its import result and error reason", "detail"),
    ("s", "synchronized: objects already being synchronized", "synchronized"),
    ("c", "change: objects added or removed by the template", "change"),
    ("k", "compare: compare keys of the objects", "compare"),
    ("v", "compare_key_detail: compare-key check with reasons", "compare_key_detail"),
)

LANGUAGES = (
    ("e", "en-us: English names and messages", "en-us"),
    ("z", "zh-cn: Chinese names and messages (中文)", "zh-cn"),
)


def encoding_choices() -> list[Choice[str]]:
    return [Choice(key, label, value) for key, label, value in ENCODINGS]


def type_choices() -> list[Choice[str]]:
    return [Choice(key, label, value) for key, label, value in RESULT_TYPES]


def language_choices() -> list[Choice[str]]:
    return [Choice(key, label, value) for key, label, value in LANGUAGES]


def copy_choices(request_id: str | None, has_row: bool) -> list[Choice[str]]:
    choices = [Choice("n", "entry name", "name")]
    if request_id:
        choices.append(Choice("r", f"request id ({request_id})", "request"))
    choices.append(Choice("p", "preview text (what is shown, tab-separated for tables)", "preview"))
    if has_row:
        choices.append(Choice("w", "the row under the cursor", "row"))
    choices.append(Choice("f", "path of the ZIP file", "path"))
    return choices


class PickerActions(FileActions):
    """Actions that ask with a picker first; the viewer provides the rest."""

    name_encoding: str | None

    @property
    def preview(self) -> PreviewPane:
        raise NotImplementedError

    def _open_archive(self, encoding: str | None) -> object:
        raise NotImplementedError

    def action_encoding(self) -> None:
        request = self.preview.request
        if request is None:
            return
        current = request.encoding or ""
        picker = ChoicePicker("Decode the preview as", encoding_choices(), current=current)
        self.app.push_screen(picker, self._encoding_picked)

    def _encoding_picked(self, encoding: str | None) -> None:
        if encoding is not None:
            self.preview.change(encoding=encoding or None)

    def action_name_encoding(self) -> None:
        current = self.name_encoding or ""
        picker = ChoicePicker("Decode entry names as", encoding_choices(), current=current)
        self.app.push_screen(picker, self._name_encoding_picked)

    def _name_encoding_picked(self, encoding: str | None) -> None:
        if encoding is not None:
            self.name_encoding = encoding or None
            self._open_archive(self.name_encoding)

    def action_copy(self) -> None:
        request_id = self.origin.request_id if self.origin else None
        row = self.preview.cursor_row_text()
        picker = ChoicePicker("Copy to the clipboard", copy_choices(request_id, row is not None))
        self.app.push_screen(picker, self._copy_picked)

    def _copy_picked(self, what: str | None) -> None:
        entry = self.entry_list.cursor_entry()
        texts = {
            "name": entry.name if entry else None,
            "request": self.origin.request_id if self.origin else None,
            "preview": self.preview.visible_text(),
            "row": self.preview.cursor_row_text(),
            "path": str(self.path),
        }
        text = texts.get(what or "")
        if not text:
            return
        self.app.copy_to_clipboard(text)
        size = f"{len(text):,} characters" if len(text) > 80 else repr(text)
        self.notify(f"Copied {size} (terminal clipboard, OSC 52).", timeout=4)

    def action_refetch(self) -> None:
        origin = self.origin
        if origin is None or origin.refetch is None:
            self.notify("Opened from disk: re-fetch needs a job from the job list.", timeout=5)
            return
        picker = ChoicePicker("Re-fetch: result type", type_choices(), current=origin.type)
        self.app.push_screen(picker, self._type_picked)

    def _type_picked(self, result_type: str | None) -> None:
        if result_type is None or self.origin is None:
            return
        picker = ChoicePicker(
            f"Re-fetch {result_type}: language", language_choices(), current=self.origin.language
        )
        self.app.push_screen(picker, lambda language: self._refetch(result_type, language))

    def _refetch(self, result_type: str, language: str | None) -> None:
        if language is not None and self.origin is not None and self.origin.refetch is not None:
            self.origin.refetch(result_type, language)
