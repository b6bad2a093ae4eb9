"""The result viewer's pickers: what they offer (encodings, result types, languages,
what to copy) and `pick`, which asks with a `ChoicePicker` and hands the answer on.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from drs_tui import i18n
from drs_tui.i18n import N_, _
from drs_tui.ui.screens.result_viewer_dialogs import Choice, ChoicePicker

if TYPE_CHECKING:
    from textual.app import App

    from drs_tui.ui.origin import Refetch, ResultOrigin

T = TypeVar("T")

# "" means: detect (BOM, UTF-8, GB18030, ...), as the engine does by itself.
ENCODINGS = (
    ("a", N_("detect automatically"), ""),
    ("u", "UTF-8", "utf-8"),
    ("g", N_("GB18030 (GBK, GB2312: simplified Chinese Windows)"), "gb18030"),
    ("6", N_("UTF-16 (with BOM)"), "utf-16"),
    ("l", "UTF-16 LE", "utf-16-le"),
    ("b", "UTF-16 BE", "utf-16-be"),
    ("5", N_("Big5 (traditional Chinese)"), "big5"),
    ("j", "Shift_JIS", "shift_jis"),
    ("1", "Latin-1 (ISO-8859-1)", "latin-1"),
    ("w", "Windows-1252", "cp1252"),
    ("4", N_("CP437 (old DOS archivers)"), "cp437"),
)

RESULT_TYPES = (
    ("d", N_("detail: every object with its import result and error reason"), "detail"),
    ("s", N_("synchronized: objects already being synchronized"), "synchronized"),
    ("c", N_("change: objects added or removed by the template"), "change"),
    ("k", N_("compare: compare keys of the objects"), "compare"),
    ("v", N_("compare_key_detail: compare-key check with reasons"), "compare_key_detail"),
)

LANGUAGES = (
    ("e", N_("en-us: English names and messages"), "en-us"),
    ("z", N_("zh-cn: Chinese names and messages (中文)"), "zh-cn"),
)


def _choices(table: Sequence[tuple[str, str, str]]) -> list[Choice[str]]:
    """The table's choices, labels in the user's language (values stay as the API's)."""
    return [Choice(key, i18n._(label), value) for key, label, value in table]


def encoding_choices() -> list[Choice[str]]:
    return _choices(ENCODINGS)


def type_choices() -> list[Choice[str]]:
    return _choices(RESULT_TYPES)


def language_choices() -> list[Choice[str]]:
    return _choices(LANGUAGES)


def copy_choices(request_id: str | None, has_row: bool) -> list[Choice[str]]:
    choices = [Choice("n", _("entry name"), "name")]
    if request_id:
        label = _("request id ({request_id})").format(request_id=request_id)
        choices.append(Choice("r", label, "request"))
    label = _("preview text (what is shown, tab-separated for tables)")
    choices.append(Choice("p", label, "preview"))
    if has_row:
        choices.append(Choice("w", _("the row under the cursor"), "row"))
    choices.append(Choice("f", _("path of the ZIP file"), "path"))
    return choices


def pick(
    app: App[Any],
    title: str,
    choices: Sequence[Choice[T]],
    then: Callable[[T], object],
    *,
    current: T | None = None,
) -> None:
    """Ask with a `ChoicePicker`; `then` gets the choice (nothing happens on Esc)."""

    def answered(value: T | None) -> None:
        if value is not None:
            then(value)

    app.push_screen(ChoicePicker(title, choices, current=current), answered)


def ask_refetch(app: App[Any], origin: ResultOrigin, refetch: Refetch) -> None:
    """Which result type, then which language; then `refetch` them for the origin's job."""

    def typed(result_type: str) -> None:
        title = _("Re-fetch {result_type}: language").format(result_type=result_type)
        then = partial(refetch, result_type)
        pick(app, title, language_choices(), then, current=origin.language)

    pick(app, _("Re-fetch: result type"), type_choices(), typed, current=origin.type)
