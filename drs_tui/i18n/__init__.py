"""The language the user reads: English in the source, Simplified Chinese from a catalog.

Every user-facing string goes through `_()` (or `ngettext()` when it counts something) at
the moment it is shown, so a language switch in the app takes effect on the next draw.
Strings defined at import time (binding descriptions, tables of hints) are marked with
`N_()`, which returns them unchanged, and translated with `_()` where they are shown.

Messages use named fields (`_("{count} rows").format(count=n)`), never concatenation, so
a translation can put the words in its own order. The catalog sources are the `.po` files
in `po/`, one per part of the app; `python -m drs_tui.i18n.catalog_build` compiles them
into `locale/zh/LC_MESSAGES/drs_tui.mo`, which is checked in (a test checks it is current).

The language is chosen in this order (`choose_language`): `--ui-lang`, the config key
`ui_language`, then `LANGUAGE`, `LC_ALL`, `LC_MESSAGES` and `LANG` as gettext reads them;
English when none of them names a language we have.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

__all__ = [
    "LANGUAGES",
    "N_",
    "UiLanguage",
    "_",
    "api_language",
    "choose_language",
    "current_language",
    "language_from_environment",
    "ngettext",
    "parse_language",
    "set_language",
]

UiLanguage = Literal["en", "zh"]
LANGUAGES: tuple[UiLanguage, ...] = ("en", "zh")
DOMAIN = "drs_tui"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENVIRONMENT_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language: UiLanguage = "en"


def _(message: str) -> str:
    """`message` in the user's language (itself in English or when not translated)."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a counted message for `count` ("1 entry", "2 entries"; Chinese has one)."""
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks `message` for the catalog without translating it (translate it where shown)."""
    return message


def current_language() -> UiLanguage:
    return _language


def set_language(language: UiLanguage) -> None:
    """Translate from now on into `language` ("en" or "zh")."""
    global _translation, _language
    if language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(
            DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
        )
    _language = language


def parse_language(value: str | None) -> UiLanguage | None:
    """The UI language a locale-like value names: "zh", "zh_CN.UTF-8", "zh-cn" -> "zh";
    "en", "en_US", "C", "POSIX" -> "en"; anything else (or nothing) -> None.

    Traditional Chinese locales (zh_TW, zh_HK) get the Simplified catalog: it is closer to
    what they read than English is."""
    if not value:
        return None
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if code in ("c", "posix"):
        return "en"
    base = code.split("_")[0]
    return "zh" if base == "zh" else "en" if base == "en" else None


def language_from_environment(environ: Mapping[str, str]) -> UiLanguage | None:
    """The language the locale variables ask for, read as gettext reads them: the first
    variable that is set decides; LANGUAGE may list several (`zh_CN:en`)."""
    for name in ENVIRONMENT_VARIABLES:
        value = environ.get(name)
        if not value:
            continue
        for part in value.split(":") if name == "LANGUAGE" else [value]:
            language = parse_language(part)
            if language is not None:
                return language
        if name != "LANGUAGE":
            return None  # a set LC_ALL/LC_MESSAGES/LANG we have no catalog for: English
    return None


def choose_language(
    flag: str | None, configured: str | None, environ: Mapping[str, str]
) -> UiLanguage:
    """`--ui-lang`, then the config key, then the locale variables, then English."""
    for value in (flag, configured):
        language = parse_language(value)
        if language is not None:
            return language
    return language_from_environment(environ) or "en"


def api_language(language: UiLanguage | None = None) -> str:
    """The X-Language that matches the UI language: zh-cn for Chinese, en-us otherwise."""
    return "zh-cn" if (language or _language) == "zh" else "en-us"
