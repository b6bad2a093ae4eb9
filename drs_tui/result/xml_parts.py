"""Safe access to the parts of an OOXML package (an xlsx is a ZIP of XML files).

The package is read from a bounded local copy. Every part is decompressed through a
counter of the bytes actually produced, and parsed by expat with any DOCTYPE refused:
no entity can be declared, so entity expansion and external entities cannot happen.
"""

from __future__ import annotations

import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO
from xml.parsers import expat

from drs_tui.result.errors import CorruptEntryError, PreviewError, UnsafeEntryError

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
            f"The workbook part {part} declares a DOCTYPE or entities; "
            "it is refused because such XML can expand without bound.",
            title="Unsafe workbook",
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


class BoundedPart:
    """A decompressing stream that fails once it has produced more than `limit` bytes."""

    def __init__(self, inner: IO[bytes], part: str, limit: int) -> None:
        self._inner = inner
        self.part = part
        self.limit = limit
        self.produced = 0

    def read(self, size: int = CHUNK) -> bytes:
        with zip_errors(self.part):
            data = self._inner.read(size)
        self.produced += len(data)
        if self.produced > self.limit:
            raise UnsafeEntryError(
                f"The workbook part {self.part} expands to more than {self.limit:,} bytes.",
                hint="It may be a decompression bomb; it is not read further.",
            )
        return data

    def close(self) -> None:
        self._inner.close()


@contextmanager
def zip_errors(what: str) -> Iterator[None]:
    """Turn the many ways stdlib zipfile fails on damaged input into one error."""
    try:
        yield
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
        struct.error,
        KeyError,
        IndexError,
        OverflowError,
    ) as exc:
        raise CorruptEntryError(
            f"The workbook is damaged ({what}): {exc}",
            hint="Open it in Excel or WPS to check it.",
        ) from None


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
            f"The workbook part {part} is not valid XML "
            f"(line {exc.lineno}, column {exc.offset}): {expat.errors.messages[exc.code]}.",
            hint="The file may be damaged or not a real xlsx.",
        ) from None


class Package:
    """The parts of one OOXML ZIP, opened from a seekable local copy."""

    def __init__(self, file: IO[bytes], *, part_limit: int) -> None:
        self.part_limit = part_limit
        with zip_errors("ZIP directory"):
            self._zip = zipfile.ZipFile(file)
            infos = self._zip.infolist()
        self._names = {info.filename: info for info in infos}
        self._folded = {name.lower(): name for name in self._names}

    def find(self, name: str) -> str | None:
        """Exact member name for a part name (ZIP names are matched case-insensitively)."""
        name = name.lstrip("/")
        if name in self._names:
            return name
        return self._folded.get(name.lower())

    def open(self, name: str, *, limit: int | None = None) -> BoundedPart:
        member = self.find(name)
        if member is None:
            raise PreviewError(f"The workbook has no part {name}.", hint="It may be damaged.")
        info = self._names[member]
        if info.flag_bits & 0x1:
            raise PreviewError("The workbook is encrypted.", title="Encrypted workbook")
        with zip_errors(member):
            inner = self._zip.open(info)
        return BoundedPart(inner, member, limit or self.part_limit)

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
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        found: dict[str, tuple[str, str]] = {}
        if self.find(rels_name) is None:
            return found

        def start(tag: str, attrs: dict[str, str]) -> None:
            if local_name(tag) != "Relationship" or attrs.get("TargetMode") == "External":
                return
            target = attrs.get("Target", "")
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(folder, target))
            found[attrs.get("Id", "")] = (attrs.get("Type", ""), resolved)

        self.parse_small(rels_name, start)
        return found

    def close(self) -> None:
        self._zip.close()
