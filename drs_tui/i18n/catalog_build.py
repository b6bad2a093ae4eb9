"""Compile the `.po` sources in `po/` into the `.mo` catalog gettext reads.

    python -m drs_tui.i18n.catalog_build          # write locale/zh/LC_MESSAGES/drs_tui.mo
    python -m drs_tui.i18n.catalog_build --check  # exit 1 when the .mo is not current

Each `.po` file holds the messages of one part of the app (so parallel work does not edit
one file); a message may appear in several, with the same translation. The compiler is
ours because the standard library ships only the reader (`gettext`), and msgfmt would
add a system dependency for 100 lines: it reads the subset of the PO format we write
(msgid, msgid_plural, msgstr, msgstr[N], continued strings, comments, the fuzzy flag) and
refuses anything else, so a typo in a catalog fails loudly instead of losing a message.
"""

from __future__ import annotations

import argparse
import ast
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from drs_tui.i18n import DOMAIN, LOCALE_DIR

PO_DIR = Path(__file__).resolve().parent / "po"
MO_PATH = LOCALE_DIR / "zh" / "LC_MESSAGES" / f"{DOMAIN}.mo"
HEADER = (
    "Project-Id-Version: drs-tui\n"
    "Language: zh_CN\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=1; plural=0;\n"
)


class CatalogError(ValueError):
    """A `.po` file that cannot be read, or two files that translate a message apart."""


@dataclass
class Message:
    msgid: str
    plural: str | None = None
    translations: list[str] = field(default_factory=list)
    fuzzy: bool = False
    where: str = ""

    @property
    def key(self) -> str:
        return self.msgid if self.plural is None else f"{self.msgid}\0{self.plural}"


def read_po(path: Path) -> Iterator[Message]:
    """The messages of one `.po` file (the header entry, msgid "", left out)."""
    message: Message | None = None
    target: tuple[str, int] | None = None  # ("msgid" | "plural" | "msgstr", index)
    fuzzy = False
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line:
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if message is None or target is None:
                raise CatalogError(f"{where}: a continued string outside a message")
            _append(message, target, _string(line, where))
            continue
        text = _string(rest, where)
        if keyword == "msgid":
            if message is not None and message.msgid:
                yield message
            message = Message(text, fuzzy=fuzzy, where=where)
            fuzzy = False
            target = ("msgid", 0)
        elif message is None:
            raise CatalogError(f"{where}: {keyword} before msgid")
        elif keyword == "msgid_plural":
            message.plural = text
            target = ("plural", 0)
        elif keyword == "msgstr":
            message.translations = [text]
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            if index != len(message.translations):
                raise CatalogError(f"{where}: {keyword} out of order")
            message.translations.append(text)
            target = ("msgstr", index)
        else:
            raise CatalogError(f"{where}: unknown keyword {keyword!r}")
    if message is not None and message.msgid:
        yield message


def _string(token: str, where: str) -> str:
    if not (len(token) >= 2 and token.startswith('"') and token.endswith('"')):
        raise CatalogError(f"{where}: expected a quoted string, got {token!r}")
    try:
        value = ast.literal_eval(token)
    except (ValueError, SyntaxError) as exc:
        raise CatalogError(f"{where}: bad string {token!r}") from exc
    if not isinstance(value, str):
        raise CatalogError(f"{where}: expected a string, got {token!r}")
    return value


def _append(message: Message, target: tuple[str, int], text: str) -> None:
    kind, index = target
    if kind == "msgid":
        message.msgid += text
    elif kind == "plural":
        message.plural = (message.plural or "") + text
    else:
        message.translations[index] += text


def collect(paths: Iterable[Path]) -> dict[str, Message]:
    """Every translated message of the files, by key; the same message translated two
    ways is an error. Fuzzy and untranslated messages are left out (English shows)."""
    messages: dict[str, Message] = {}
    for path in sorted(paths):
        for message in read_po(path):
            if message.fuzzy or not any(message.translations):
                continue
            seen = messages.get(message.key)
            if seen is not None and seen.translations != message.translations:
                raise CatalogError(
                    f"{message.where}: {message.msgid!r} is translated differently in {seen.where}"
                )
            messages.setdefault(message.key, message)
    return messages


def compile_mo(messages: dict[str, Message]) -> bytes:
    """The GNU `.mo` bytes for `messages`, keys sorted as the format requires."""
    entries = {"": HEADER} | {key: "\0".join(m.translations) for key, m in messages.items()}
    keys = sorted(entries, key=lambda key: key.encode("utf-8"))
    ids = [key.encode("utf-8") for key in keys]
    strs = [entries[key].encode("utf-8") for key in keys]
    count = len(keys)
    header_size = 7 * 4
    ids_table = header_size
    strs_table = ids_table + count * 8
    data_start = strs_table + count * 8
    id_offsets: list[tuple[int, int]] = []
    offset = data_start
    for value in ids:
        id_offsets.append((len(value), offset))
        offset += len(value) + 1
    str_offsets: list[tuple[int, int]] = []
    for value in strs:
        str_offsets.append((len(value), offset))
        offset += len(value) + 1
    out = bytearray(struct.pack("<7I", 0x950412DE, 0, count, ids_table, strs_table, 0, 0))
    for length, start in (*id_offsets, *str_offsets):
        out += struct.pack("<2I", length, start)
    for value in (*ids, *strs):
        out += value + b"\0"
    return bytes(out)


def build() -> bytes:
    return compile_mo(collect(PO_DIR.glob("*.po")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m drs_tui.i18n.catalog_build")
    parser.add_argument("--check", action="store_true", help="fail when the .mo is stale")
    args = parser.parse_args(argv)
    data = build()
    if args.check:
        current = MO_PATH.is_file() and MO_PATH.read_bytes() == data
        if not current:
            print(f"{MO_PATH} is not current: run python -m drs_tui.i18n.catalog_build")
        return 0 if current else 1
    MO_PATH.parent.mkdir(parents=True, exist_ok=True)
    MO_PATH.write_bytes(data)
    print(f"wrote {MO_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
