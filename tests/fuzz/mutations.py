"""Mutants of the seed corpus: one case number always gives the same bytes.

Two families. Byte-level mutants edit the archive as a file: bit flips, bytes set to
edge values, truncation, splices from another seed, inserted or deleted ranges, length
and offset fields of ZIP records set to edge values, records duplicated. Content mutants
keep the archive sound and edit one entry (or an entry of a nested ZIP or workbook) with
tokens chosen to upset parsers ('²' where a number belongs, 1e400, huge row numbers,
_xHHHH_ escapes, DOCTYPEs, control characters), then write the archive again with
zipfile, so the readers behind the ZIP layer get well-formed but hostile content.
"""

from __future__ import annotations

import io
import random
import re
import struct
import warnings
import zipfile
from collections.abc import Callable, Sequence

from tests.fuzz.seeds import Seed

MAX_CASE_BYTES = 8 << 20
# Compressing 16 MiB with bzip2 or lzma takes longer than a case may: bigger entries
# are written deflated (their readers still get every size below this).
_SLOW_METHOD_LIMIT = 2 << 20
_SLOW = {zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}

# (signature, {field offset: struct format}) of the records whose fields steer a reader.
RECORD_FIELDS: dict[bytes, dict[int, str]] = {
    b"PK\x03\x04": {6: "H", 8: "H", 14: "I", 18: "I", 22: "I", 26: "H", 28: "H"},
    b"PK\x01\x02": {
        4: "H", 8: "H", 10: "H", 16: "I", 20: "I", 24: "I", 28: "H", 30: "H", 32: "H",
        34: "H", 38: "I", 42: "I",
    },
    b"PK\x05\x06": {4: "H", 6: "H", 8: "H", 10: "H", 12: "I", 16: "I", 20: "H"},
    b"PK\x06\x06": {4: "Q", 16: "I", 20: "I", 24: "Q", 32: "Q", 40: "Q", 48: "Q"},
    b"PK\x06\x07": {4: "I", 8: "Q", 16: "I"},
    b"PK\x07\x08": {4: "I", 8: "I", 12: "I"},
    b"up": {2: "H"},  # Unicode Path extra field length
}  # fmt: skip
EDGE_BYTES = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF]
TOKENS = [
    "²", "٣", "①", "-1", "0", "-0", "99999999999999999999", "1e400", "-1e400", "NaN", "inf",
    "2958465.9999999", "2958466", "-693594", "1e308", "4294967296", "2147483648",
    "&amp;", "&#0;", "&#x10FFFF;", "&#xD800;", "&bogus;", "_x000D_", "_xD800_", "_x0000_",
    "<![CDATA[x]]>", "]]>", '<!DOCTYPE x [<!ENTITY a "b">]>', "<!ENTITY", "<?xml?>",
    'r="A0"', 'r="XFD1048577"', 'r="ZZZZZZZ99999999999"', 'r="²"', 's="99999"', 's="-1"',
    't="s"', 't="e"', 't="d"', 't="inlineStr"', 't="b"', 't="str"', "<v>", "</v>",
    "<v>²</v>", "<v>1e400</v>", "<v>99999999999</v>", "<is><t>x</t></is>", "<t>", "</t>",
    '<row r="²">', '<row r="1048577">', '<c r="A1" t="s"><v>²</v></c>',
    '<dimension ref="A1:XFD1048576"/>', 'count="²"', 'uniqueCount="4294967295"',
    'date1904="1"', 'formatCode="[h]:mm:ss"', 'numFmtId="46"', 'numFmtId="²"', "sheetId=\"-1\"",
    '"', "'", ",", ";", "\t", "\r", "\n", "\r\n", "\x00", "\ufeff", "\u202e", "\x1b[2J",
    "\x1b]52;c;eA==\x07", "\ud7ff", "\U0010ffff", "[" * 200, "{" * 200, '{"a":' * 100,
    "\\u0000", '"\\ud800"', "null", "true", "[]", "{}", "%s%n", "\x85", "\u2028",
]  # fmt: skip
INTERESTING_NUMBERS = [0, 1, 2, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 1 << 32]

Mutator = Callable[[random.Random, bytes, Sequence[Seed]], tuple[bytes, str]]


# -- byte level ----------------------------------------------------------------------------


def bit_flips(rng: random.Random, data: bytes, _: Sequence[Seed]) -> tuple[bytes, str]:
    out = bytearray(data)
    count = rng.choice([1, 1, 2, 4, 8, 16])
    for _flip in range(count):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out), f"flip {count} bits"


def edge_bytes(rng: random.Random, data: bytes, _: Sequence[Seed]) -> tuple[bytes, str]:
    out = bytearray(data)
    at = rng.randrange(len(out))
    width = rng.choice([1, 2, 4, 8])
    out[at : at + width] = bytes([rng.choice(EDGE_BYTES)]) * width
    return bytes(out[: len(data)]), f"set {width} bytes at {at}"


def truncate(rng: random.Random, data: bytes, _: Sequence[Seed]) -> tuple[bytes, str]:
    cut = (
        len(data) - rng.randint(1, min(len(data), 80))
        if rng.random() < 0.5
        else rng.randrange(len(data))
    )
    return data[:cut], f"truncate at {cut}"


def splice(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> tuple[bytes, str]:
    donor = rng.choice(seeds)
    start = rng.randrange(len(donor.data))
    piece = donor.data[start : start + rng.randint(1, 4096)]
    at = rng.randrange(len(data) + 1)
    replace = rng.random() < 0.5
    end = at + len(piece) if replace else at
    return data[:at] + piece + data[end:], f"splice {len(piece)} bytes of {donor.name} at {at}"


def insert_or_delete(rng: random.Random, data: bytes, _: Sequence[Seed]) -> tuple[bytes, str]:
    at = rng.randrange(len(data))
    if rng.random() < 0.5:
        length = rng.randint(1, 64)
        return data[:at] + data[at + length :], f"delete {length} bytes at {at}"
    junk = rng.randbytes(rng.randint(1, 64)) if rng.random() < 0.5 else b"\0" * rng.randint(1, 64)
    return data[:at] + junk + data[at:], f"insert {len(junk)} bytes at {at}"


def _records(data: bytes) -> list[tuple[int, bytes]]:
    found: list[tuple[int, bytes]] = []
    for signature in RECORD_FIELDS:
        start = 0
        while (pos := data.find(signature, start)) >= 0 and len(found) < 4096:
            found.append((pos, signature))
            start = pos + 1
    return found


def record_field(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> tuple[bytes, str]:
    """Set a length, count, offset or flag field of one ZIP record to an edge value."""
    records = _records(data)
    if not records:
        return bit_flips(rng, data, seeds)
    pos, signature = rng.choice(records)
    offset, fmt = rng.choice(sorted(RECORD_FIELDS[signature].items()))
    size = struct.calcsize("<" + fmt)
    if pos + offset + size > len(data):
        return truncate(rng, data, seeds)
    (old,) = struct.unpack_from("<" + fmt, data, pos + offset)
    limit = (1 << (8 * size)) - 1
    new = rng.choice(
        [*INTERESTING_NUMBERS, old + 1, old - 1, old * 2, old // 2, limit, rng.randint(0, limit)]
    )
    out = bytearray(data)
    struct.pack_into("<" + fmt, out, pos + offset, new % (limit + 1))
    return bytes(out), f"{signature!r}@{pos}+{offset} {old} -> {new % (limit + 1)}"


def duplicate_record(rng: random.Random, data: bytes, seeds: Sequence[Seed]) -> tuple[bytes, str]:
    records = sorted(p for p, s in _records(data) if s in (b"PK\x03\x04", b"PK\x01\x02"))
    if not records:
        return splice(rng, data, seeds)
    index = rng.randrange(len(records))
    start = records[index]
    end = records[index + 1] if index + 1 < len(records) else min(len(data), start + 256)
    copy = data[start:end]
    at = rng.choice([end, start, rng.randrange(len(data) + 1)])
    return data[:at] + copy + data[at:], f"duplicate record at {start} ({len(copy)} bytes) to {at}"


BYTE_MUTATORS: list[tuple[Mutator, int]] = [
    (bit_flips, 4),
    (edge_bytes, 2),
    (truncate, 2),
    (splice, 2),
    (insert_or_delete, 2),
    (record_field, 5),
    (duplicate_record, 2),
]


# -- content level -------------------------------------------------------------------------


# Bounded repeats and a bounded window: a regex over 200 KiB of one letter must not
# take minutes (an unbounded `\w+="` is quadratic there).
_NUMBER = re.compile(rb"-?\d{1,30}(?:\.\d{1,30})?(?:[eE][+-]?\d{1,4})?")
_ATTRIBUTE = re.compile(rb'\b(\w{1,40})="([^"]{0,200})"')
_WINDOW = 64 << 10


def _window(rng: random.Random, text: bytes) -> tuple[int, int]:
    start = rng.randrange(max(len(text) - _WINDOW, 0) + 1)
    return start, start + _WINDOW


def mutate_text(rng: random.Random, text: bytes) -> tuple[bytes, str]:
    """One edit of an entry's content, chosen to upset the parser behind it."""
    if not text:
        return rng.choice(TOKENS).encode("utf-8", "surrogatepass"), "empty entry given a token"
    kind = rng.randrange(8)
    at = rng.randrange(len(text) + 1)
    if kind <= 1:
        token = rng.choice(TOKENS).encode("utf-8", "surrogatepass")
        return text[:at] + token + text[at:], f"insert {token[:40]!r} at {at}"
    if kind == 2:  # a number where one belongs, replaced
        numbers = list(_NUMBER.finditer(text, *_window(rng, text)))
        if numbers:
            match = rng.choice(numbers)
            token = rng.choice(TOKENS[:17]).encode()
            return text[: match.start()] + token + text[match.end() :], f"number -> {token!r}"
    if kind == 3:  # an attribute value replaced
        attributes = list(_ATTRIBUTE.finditer(text, *_window(rng, text)))
        if attributes:
            match = rng.choice(attributes)
            token = rng.choice(TOKENS).encode("utf-8", "surrogatepass").replace(b'"', b"'")
            changed = match.group(1) + b'="' + token + b'"'
            return text[: match.start()] + changed + text[match.end() :], f"attr {changed[:60]!r}"
    if kind == 4:
        length = rng.randint(1, 200)
        return text[:at] + text[at + length :], f"delete {length} at {at}"
    if kind == 5:  # a range repeated: long lines, huge strings, many rows
        piece = text[at : at + rng.randint(1, 300)] or b"x"
        # Now and then 16 MiB: the size the memory blow-ups needed.
        times = rng.choices([2, 10, 1000, 20_000, 200_000], [30, 30, 25, 14, 1])[0]
        grown = (piece * times)[: 16 << 20]
        return text[:at] + grown + text[at:], f"repeat {len(piece)} bytes x{times} at {at}"
    if kind == 6:
        return text[:at], f"cut at {at}"
    out = bytearray(text)
    out[min(at, len(out) - 1)] ^= 1 << rng.randrange(8)
    return bytes(out), f"flip a bit at {at}"


def mutate_entry(rng: random.Random, data: bytes, depth: int = 0) -> tuple[bytes, str] | None:
    """The archive rewritten by zipfile with one entry's content edited; None if zipfile
    cannot read every entry of it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [(info, archive.read(info)) for info in archive.infolist()]
    except Exception:  # zipfile raises many kinds on a hostile seed
        return None
    files = [i for i, (info, _) in enumerate(members) if not info.is_dir()]
    if not files:
        return None
    index = rng.choice(files)
    info, content = members[index]
    nested = None
    if content[:4] == b"PK\x03\x04" and depth < 3 and rng.random() < 0.8:
        nested = mutate_entry(rng, content, depth + 1)
    content, what = nested if nested is not None else mutate_text(rng, content)
    members[index] = (info, content)
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": kept on purpose
        for member_info, member_data in members:
            if len(member_data) > _SLOW_METHOD_LIMIT and member_info.compress_type in _SLOW:
                member_info.compress_type = zipfile.ZIP_DEFLATED  # bzip2/lzma: 10 s here
            archive.writestr(member_info, member_data)
    return buffer.getvalue(), f"{info.filename}: {what}"


# -- a case --------------------------------------------------------------------------------


def make_case(seeds: Sequence[Seed], base_seed: int, case: int) -> tuple[bytes, str]:
    """The input of case number `case` and how it was made."""
    rng = random.Random(f"{base_seed}:{case}")
    seed = rng.choice(seeds)
    data, steps = seed.data, [seed.name]
    if case % 50 == 0:
        return data, seed.name + " (unmutated)"
    rounds = rng.choice([1, 1, 1, 2, 3])
    for _ in range(rounds):
        if not data:
            data = rng.choice(seeds).data
        if rng.random() < 0.45:
            edited = mutate_entry(rng, data)
            if edited is not None:
                data, what = edited
                steps.append(what)
                continue
        mutators, weights = zip(*BYTE_MUTATORS, strict=True)
        mutator = rng.choices(mutators, weights)[0]
        data, what = mutator(rng, data, seeds)
        steps.append(what)
    return data[:MAX_CASE_BYTES], " | ".join(steps)
