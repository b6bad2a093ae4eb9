"""The Chinese catalog covers every message of the source, and nothing skips it."""

from __future__ import annotations

import gettext
import re
from pathlib import Path
from string import Formatter

import pytest

from drs_tui.i18n import catalog_build
from drs_tui.i18n.catalog_build import PO_DIR, CatalogError, collect, compile_mo, read_po
from tests.i18n import source_messages


def _catalog() -> dict[str, catalog_build.Message]:
    return collect(PO_DIR.glob("*.po"))


def test_every_message_of_the_source_has_a_chinese_translation() -> None:
    used, _ = source_messages.messages()
    known = _catalog()
    missing = [str(where[0]) for key, where in used.items() if key not in known]
    assert not missing, (
        "messages without a Chinese translation (python -m tests.i18n.source_messages "
        "missing prints them as .po entries):\n" + "\n".join(missing)
    )


def test_translation_calls_take_literals() -> None:
    _, wrong = source_messages.messages()
    assert not wrong, "a message must be a literal, with {fields} filled by .format():\n" + (
        "\n".join(map(str, wrong))
    )


def test_no_user_facing_literal_skips_the_catalog() -> None:
    found = source_messages.literals()
    assert not found, (
        "user-facing text not passed through _() (mark protocol words with "
        "`# i18n: keep`):\n" + "\n".join(map(str, found))
    )


def test_the_catalog_holds_no_message_the_source_no_longer_uses() -> None:
    used, _ = source_messages.messages()
    stale = [m.where for key, m in _catalog().items() if key not in used]
    assert not stale, "catalog entries no code uses:\n" + "\n".join(stale)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def test_translations_keep_every_named_field() -> None:
    """A translation that drops or renames {count} would raise at .format() in Chinese."""
    wrong = []
    for message in _catalog().values():
        english = _fields(message.msgid) | _fields(message.plural or "")
        for translation in message.translations:
            if _fields(translation) != english:
                wrong.append(f"{message.where}: {message.msgid!r} -> {translation!r}")
    assert not wrong, "\n".join(wrong)


def test_translations_keep_markup_and_line_breaks() -> None:
    wrong = []
    for message in _catalog().values():
        tags = sorted(re.findall(r"\[/?[a-z ]*\]", message.msgid))
        for translation in message.translations:
            if sorted(re.findall(r"\[/?[a-z ]*\]", translation)) != tags:
                wrong.append(f"{message.where}: markup differs")
            if translation.count("\n") != message.msgid.count("\n"):
                wrong.append(f"{message.where}: line breaks differ")
    assert not wrong, "\n".join(wrong)


def test_the_compiled_catalog_is_current() -> None:
    assert catalog_build.main(["--check"]) == 0


def test_the_compiled_catalog_reads_back_through_gettext(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        '# a comment\nmsgid "Quit"\nmsgstr "退出"\n\n'
        'msgid "{count} entry"\nmsgid_plural "{count} entries"\nmsgstr[0] "{count} 个条目"\n\n'
        '#, fuzzy\nmsgid "Later"\nmsgstr "稍后"\n\n'
        'msgid ""\n"Two "\n"lines"\nmsgstr "两"\n"行"\n',
        encoding="utf-8",
    )
    mo = tmp_path / "x.mo"
    mo.write_bytes(compile_mo(collect([po])))
    with mo.open("rb") as file:
        catalog = gettext.GNUTranslations(file)
    assert catalog.gettext("Quit") == "退出"
    assert catalog.ngettext("{count} entry", "{count} entries", 1) == "{count} 个条目"
    assert catalog.ngettext("{count} entry", "{count} entries", 5) == "{count} 个条目"
    assert catalog.gettext("Later") == "Later"  # fuzzy: not trusted
    assert catalog.gettext("Two lines") == "两行"


def test_a_message_translated_two_ways_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.po").write_text('msgid "Quit"\nmsgstr "退出"\n', encoding="utf-8")
    (tmp_path / "b.po").write_text('msgid "Quit"\nmsgstr "离开"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="translated differently"):
        collect(tmp_path.glob("*.po"))


def test_a_broken_po_line_is_refused(tmp_path: Path) -> None:
    po = tmp_path / "bad.po"
    po.write_text('msgid "Quit"\nmsgstrr "退出"\n', encoding="utf-8")
    with pytest.raises(CatalogError, match="bad.po:2"):
        list(read_po(po))
