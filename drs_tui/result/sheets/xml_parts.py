"""Safe access to the parts of an OOXML package (an xlsx is a ZIP of XML files).

The package is read from a bounded local copy by the project's own ZIP reader, so every
part is decompressed under a bound of the bytes actually produced; it is parsed by expat
with any DOCTYPE refused:
no entity can be declared, so entity expansion and external entities cannot happen.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from typing import IO, BinaryIO
from xml.parsers import expat

from drs_tui.i18n import _
from drs_tui.result.errors import PreviewError
from drs_tui.result.zip import EntryReader, ResultArchive, ZipEntry

CHUNK = 64 * 1024
# Small parts (workbook, relationships, styles) are parsed whole; they stay under this.
SMALL_PART_LIMIT = 16 * 1024 * 1024

StartHandler = Callable[[str, dict[str, str]], None]
EndHandler = Callable[[str], None]
TextHandler = Callable[[str], None]


def local_name(tag: str) -> str:
    """'x:row' -> 'row' (parsing is namespace-unaware on purpose: it is faster)."""
    return tag.rpartition(":")[2]


def new_parser(part: str) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = CHUNK

    def refuse(*_args: object) -> int:
        # Raised inside expat's callback; Parse() passes it through unchanged.
        raise PreviewError(
            _(
                "The workbook part {part} declares a DOCTYPE or entities; "
                "it is refused because such XML can expand without bound."
            ).format(part=part),
            title=_("Unsafe workbook"),
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


class BoundedPart:
    """One part's bytes as they are decompressed, bounded by the archive reader."""

    def __init__(self, stream: BinaryIO, part: str) -> None:
        self._stream = stream
        self.part = part

    def read(self, size: int = CHUNK) -> bytes:
        return self._stream.read(size)

    def close(self) -> None:
        self._stream.close()


def parse_stream(
    parser: expat.XMLParserType, stream: BoundedPart, *, stop: Callable[[], bool]
) -> Iterator[None]:
    """Feed `stream` to `parser` chunk by chunk, yielding after each chunk until `stop()`."""
    while not stop():
        chunk = stream.read(CHUNK)
        feed(parser, chunk, stream.part, final=not chunk)
        yield
        if not chunk:
            return


def feed(parser: expat.XMLParserType, data: bytes, part: str, *, final: bool) -> None:
    try:
        parser.Parse(data, final)
    except expat.ExpatError as exc:
        raise PreviewError(
            _(
                "The workbook part {part} is not valid XML "
                "(line {line}, column {column}): {problem}."
            ).format(
                part=part,
                line=exc.lineno,
                column=exc.offset,
                problem=expat.errors.messages[exc.code],
            ),
            hint=_("The file may be damaged or not a real xlsx."),
        ) from None
    except LookupError:  # expat looks up the codec an XML declaration names
        raise PreviewError(
            _(
                "The workbook part {part} declares an XML encoding this reader does not know."
            ).format(part=part),
            hint=_("Office writes UTF-8; the file may be damaged or not a real xlsx."),
        ) from None


class Package:
    """The parts of one OOXML ZIP, read through the same ZIP reader as the result itself
    (same bounds, same checks). Part names match case-insensitively and with either
    slash, as Office and calamine read them."""

    def __init__(self, file: IO[bytes], *, part_limit: int) -> None:
        self.part_limit = part_limit
        self._zip = ResultArchive.from_file(file, name="workbook")
        self._members: dict[str, int] = {}
        for index, name in enumerate(self._zip.names):
            self._members.setdefault(_part_key(name), index)

    def find(self, name: str) -> str | None:
        """The member name for a part name, or None when the package has no such part."""
        index = self._members.get(_part_key(name))
        return None if index is None else self._zip.names[index]

    def reader(self, name: str, *, limit: int | None = None) -> EntryReader:
        """A part readable at any offset (a sheet is read again from where a row lies)."""
        return self._zip.reader(self._entry(name), limit=limit or self.part_limit)

    def _entry(self, name: str) -> ZipEntry:
        index = self._members.get(_part_key(name))
        if index is None:
            raise PreviewError(
                _("The workbook has no part {name}.").format(name=name),
                hint=_("It may be damaged."),
            )
        entry = self._zip.entry(index)
        if entry.encrypted:
            raise PreviewError(_("The workbook is encrypted."), title=_("Encrypted workbook"))
        return entry

    def open(self, name: str, *, limit: int | None = None) -> BoundedPart:
        entry = self._entry(name)
        stream = self._zip.open_entry(entry, limit=limit or self.part_limit)
        return BoundedPart(stream, entry.name)

    def parse_small(
        self,
        name: str,
        start: StartHandler,
        end: EndHandler | None = None,
        text: TextHandler | None = None,
    ) -> None:
        """Parse a small part whole (bounded by SMALL_PART_LIMIT)."""
        stream = self.open(name, limit=min(SMALL_PART_LIMIT, self.part_limit))
        parser = new_parser(stream.part)
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        try:
            for _ in parse_stream(parser, stream, stop=lambda: False):
                pass
        finally:
            stream.close()

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """rId -> (type, target part name) from the part's .rels file."""
        folder, base = posixpath.split(part.replace("\\", "/"))
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        found: dict[str, tuple[str, str]] = {}
        if self.find(rels_name) is None:
            return found

        def start(tag: str, attrs: dict[str, str]) -> None:
            if local_name(tag) != "Relationship" or attrs.get("TargetMode") == "External":
                return
            target = attrs.get("Target", "").replace("\\", "/")
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target))
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), resolved)

        self.parse_small(rels_name, start)
        return found

    def close(self) -> None:
        self._zip.close()


def _part_key(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()
