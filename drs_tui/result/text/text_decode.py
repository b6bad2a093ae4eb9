"""Turn a page of untrusted bytes into text and say which encoding was used.

Detection order: BOM, UTF-16 when its NUL pattern is plain, strict UTF-8, strict
GB18030, then Big5 and Shift_JIS when GB18030 reads as nonsense or not at all, then a
lossy fallback. Pages are cut anywhere, so an incomplete character at the end of a page
is set aside (the next page starts with it) and, when a page starts at an offset, a
partial character at its front is skipped.

Big5 and Shift_JIS bytes are nearly always valid GB18030 too, so strictness cannot tell
them apart; what can is which characters come out. Each reading is scored by the share
of its non-ASCII characters that are common in that script: for GB18030 the GB2312 set,
for Big5 (read as CP950) the symbols and first-level hanzi (lead bytes up to 0xC6), for
Shift_JIS (read as CP932) the symbols, kana and first-level kanji (lead bytes up to
0x98; half-width katakana count three quarters); kana in Chinese, and Greek, Cyrillic,
box drawing and bopomofo anywhere, count against. Big5 read as GB18030 is mostly rare
GBK hanzi and kana; Shift_JIS read as GB18030 is mostly GBK extension hanzi; either
scores well only under its own reading.
The scores are counted by codecs and regular expressions over at most 8,192
characters, not character by character in Python.
"""

from __future__ import annotations

import codecs
import re
import threading
from dataclasses import dataclass

from drs_tui.i18n import _, ngettext
from drs_tui.result.errors import PreviewError
from drs_tui.safe_text import safe_lines

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030"),
)
_GB_FAMILY = frozenset({"gb18030", "gbk", "gb2312", "hz"})
# Big5 and Shift_JIS as Windows writes them (CP950 and CP932 are their supersets).
_LEGACY_CJK = ("cp950", "cp932")
_DOUBLE_BYTE = frozenset({*_LEGACY_CJK, "big5", "big5hkscs", "shift_jis", "euc_jp", "euc_kr"})
_NAMES = {"cp950": "Big5", "cp932": "Shift_JIS", "big5": "Big5", "shift_jis": "Shift_JIS"}
# GB18030 is kept when this share of its characters is common Chinese (see above) ...
_GB_PLAUSIBLE = 0.9
# ... else another reading wins when it scores at least this, and clearly better.
_OTHER_PLAUSIBLE = 0.8
_MARGIN = 0.1
# When GB18030 cannot read the bytes at all, this is enough.
_ONLY_READING = 0.6
_SCORED_CHARS = 8192
_ASCII_RUNS = re.compile(r"[\x00-\x7f]+")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HALF_WIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
_NO_CJK_TEXT = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u2500-\u257f\u3100-\u312f]")
_LEADS_ABOVE_C6 = bytes(range(0xC7, 0x100))
_LEADS_ABOVE_98 = bytes(range(0x99, 0x100))
_BELOW_TRAIL = re.compile(rb"[\x00-\x3f]")  # never inside a Big5 or Shift_JIS character
# Detection looks at this much; decoding always covers the whole page.
_SNIFF_BYTES = 64 * 1024
# The lossy fallback keeps UTF-8 or GB18030 while at most this share of bytes is bad.
_MAX_BAD_SHARE = 0.05

# Anything outside these ranges (all printable, all assigned) sends a text through the
# character-by-character check of safe_text.
_UNCOMMON = re.compile(
    "[^\t\n\x20-\x7e\u00a0-\u00ac\u00ae-\u0377\u2010-\u2027\u2030-\u205e"
    "\u3000-\u303f\u3041-\u3096\u3099-\u30ff\u4e00-\u9fff\uff01-\uff5e]"
)
# Characters a DRS result is made of: ASCII, Latin, punctuation, CJK, kana and full- and
# half-width forms, and the controls terminal logs carry (colour escapes, bell, backspace,
# form feed).
_UNEXPECTED = re.compile(
    "[^\t\n\r\x07\x08\x0b\x0c\x1b\x20-\x7e\u00a0-\u024f\u2000-\u206f"
    "\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]"
)


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from `data[start:end]`; bytes after `end` are an unfinished character."""

    text: str
    encoding: str
    start: int
    end: int
    bom: bool = False
    replaced: int = 0
    guessed: bool = True

    @property
    def label(self) -> str:
        """Encoding as shown to a person, e.g. 'UTF-8 (BOM)' or 'GB18030, 3 bad bytes'."""
        label = _NAMES.get(self.encoding) or self.encoding.upper()
        if self.bom:
            label += " (BOM)"
        if self.replaced:
            label += ngettext(
                ", {count} undecodable byte", ", {count} undecodable bytes", self.replaced
            ).format(count=self.replaced)
        return label


def normalize_encoding(name: str) -> str:
    """The codec's canonical name; PreviewError for unknown or non-text codecs."""
    try:
        info = codecs.lookup(name.strip())
    except (LookupError, TypeError, ValueError):
        raise PreviewError(
            _("Unknown text encoding {name!r}.").format(name=name),
            hint=_("Try utf-8, gb18030, utf-16 or latin-1."),
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise PreviewError(
            _("{name!r} is not a text encoding.").format(name=name), hint=_("Try utf-8 or gb18030.")
        )
    return info.name


def decode_bytes(
    data: bytes,
    *,
    encoding: str | None = None,
    prefer: str | None = None,
    at_start: bool = True,
    aligned: bool = False,
    at_end: bool = False,
) -> DecodedText:
    """Decode one page.

    `encoding` forces a codec (bad bytes become U+FFFD); `prefer` is tried first and
    kept when it decodes cleanly (the encoding of earlier pages). `at_start`: the page
    begins at byte 0 of the entry, where a BOM may be. `aligned`: it begins on a
    character boundary elsewhere (the pager knows); otherwise a partial character at
    its front is skipped. `at_end`: nothing follows, so a cut character at the end is
    bad data, not something the next page will finish.
    """
    head = at_start or aligned
    if encoding is not None:
        return _decode_forced(data, normalize_encoding(encoding), at_start, head, at_end)
    if at_start:
        for bom, codec in _BOMS:
            if data.startswith(bom):
                found = _strict(data, codec, len(bom), at_end)
                if found is not None:
                    return _with(found, bom=True, guessed=False)
    candidates = _candidates(data, head)
    preferred = normalize_encoding(prefer) if prefer is not None else None
    if preferred is not None:
        candidates.insert(0, preferred)
    for codec in candidates:
        found = _strict(data, codec, _head_skip(data, codec, head), at_end)
        if found is not None:
            if codec == "gb18030" and preferred != codec:
                return _gb18030_or_other(data, found, head, at_end)
            return found
    other = _other_cjk(data, head, at_end, floor=_ONLY_READING)
    return other[1] if other is not None else _fallback(data, head, at_end)


def detect_encoding(data: bytes, *, at_start: bool = True) -> str:
    """The encoding `decode_bytes` would pick for this sample."""
    return decode_bytes(data[:_SNIFF_BYTES], at_start=at_start).encoding


def looks_like_text(data: bytes, *, at_start: bool = True) -> bool:
    """True when the sample decodes cleanly to mostly printable characters."""
    if not data:
        return True
    sample = data[:_SNIFF_BYTES]
    decoded = decode_bytes(sample, at_start=at_start)
    if not decoded.text:
        return False  # only a cut character: too little to tell
    if decoded.replaced * 100 > len(sample):
        return False
    if decoded.encoding in ("utf-8", "gb18030") and b"\x00" in sample:
        return False
    return _plausibility(decoded.text) >= 0.9


def escape_for_display(text: str) -> str:
    """Make control, bidi and other invisible characters visible (\\x1b, \\u202e); keep tab
    and newline; CRLF becomes LF and a lone CR is escaped so it cannot overwrite a line.

    The rules are drs_tui.safe_text's (the one door to the terminal); this is its fast
    path for big text: one regular expression finds whether anything beyond the common
    printable ranges is there at all, and only then is the text checked character by
    character.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if _UNCOMMON.search(text) is None:
        return text
    return safe_lines(text)


def _candidates(data: bytes, at_start: bool) -> list[str]:
    sample = data[:_SNIFF_BYTES]
    codecs_to_try = []
    if b"\x00" in sample:
        codecs_to_try.extend(_utf16_by_nuls(sample, at_start))
    codecs_to_try.extend(("utf-8", "gb18030"))
    return codecs_to_try


def _gb18030_or_other(data: bytes, gb: DecodedText, head: bool, at_end: bool) -> DecodedText:
    """GB18030 unless Big5 or Shift_JIS reads the same bytes as clearly likelier text."""
    core = _ASCII_RUNS.sub("", gb.text[:_SCORED_CHARS])
    if len(core) < 2:
        return gb  # one character or none: nothing to tell them apart by
    score = _score("gb18030", core)
    if score >= _GB_PLAUSIBLE:
        return gb
    other = _other_cjk(data, head, at_end, floor=max(_OTHER_PLAUSIBLE, score + _MARGIN))
    return other[1] if other is not None else gb


def _other_cjk(
    data: bytes, head: bool, at_end: bool, *, floor: float
) -> tuple[float, DecodedText] | None:
    """The best strict Big5 or Shift_JIS reading that scores at least `floor`."""
    best: tuple[float, DecodedText] | None = None
    for codec in _LEGACY_CJK:
        found = _strict(data, codec, _head_skip(data, codec, head), at_end)
        if found is None:
            continue
        core = _ASCII_RUNS.sub("", found.text[:_SCORED_CHARS])
        if len(core) < 2:
            continue
        score = _score(codec, core)
        if score >= floor and (best is None or score > best[0]):
            best = (score, found)
    return best


def _score(codec: str, core: str) -> float:
    """Share of `core` (text without ASCII) that is common in the script `codec` writes."""
    odd = len(_NO_CJK_TEXT.findall(core))
    if codec == "cp932":
        half_width = len(_HALF_WIDTH_KANA.findall(core))
        full = _HALF_WIDTH_KANA.sub("", core) if half_width else core
        leads = full.encode(codec, "ignore")[0::2]  # every other character is two bytes
        # Half-width katakana are real in old Japanese files, and also what Big5 and
        # GB18030 bytes turn into under CP932: worth less than a full-width character.
        common = len(leads.translate(None, _LEADS_ABOVE_98)) + half_width * 3 // 4
    else:
        odd += len(_KANA.findall(core))
        if codec == "cp950":
            leads = core.encode(codec, "ignore")[0::2]
            common = len(leads.translate(None, _LEADS_ABOVE_C6))
        else:  # GB18030: the GB2312 set, two bytes each
            common = len(core.encode("gb2312", "ignore")) // 2
    return (common - odd) / len(core)


def _utf16_by_nuls(sample: bytes, at_start: bool) -> list[str]:
    """UTF-16 orders suggested by where the NUL bytes sit (ASCII has a NUL high byte)."""
    pairs = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if max(even, odd) < max(1, pairs // 100):
        return []
    if odd >= 4 * even:
        order = ["utf-16-le", "utf-16-be"]
    elif even >= 4 * odd:
        order = ["utf-16-be", "utf-16-le"]
    else:
        return []
    # From an unknown offset a shifted LE page looks like BE; both are tried, scored.
    return order if at_start else ["utf-16?"]


def _head_skip(data: bytes, codec: str, at_start: bool) -> int:
    """Bytes at the front that belong to a character cut by the page start."""
    if at_start:
        return 0
    if codec in ("utf-8", "utf-8-sig"):
        skip = 0
        while skip < min(3, len(data)) and 0x80 <= data[skip] <= 0xBF:
            skip += 1
        return skip
    if codec in _GB_FAMILY:
        return _gb_head_skip(data, codec)
    if codec in _DOUBLE_BYTE:
        return _double_byte_head_skip(data, codec)
    return 0


def _double_byte_head_skip(data: bytes, codec: str) -> int:
    """Big5 and Shift_JIS characters are at most two bytes, none below 0x40: the text up
    to the first such byte is decoded from both possible starts, and the start whose
    text is likelier in that script (see _score) wins."""
    sync = _BELOW_TRAIL.search(data, 0, 4096)
    segment = data[: sync.start() if sync is not None else 64]
    best: tuple[float, int] | None = None
    for skip in (0, 1):
        try:
            text = segment[skip:].decode(codec)
        except UnicodeDecodeError:
            continue
        core = _ASCII_RUNS.sub("", text)
        score = _score(codec, core) if core else 1.0
        if best is None or score > best[0]:
            best = (score, skip)
    return best[1] if best is not None else 0


def _gb_head_skip(data: bytes, codec: str) -> int:
    """GB18030 is not self-synchronizing: a byte below 0x30 is never part of a
    multi-byte character, so the text up to the first one is decoded from each of the
    four possible starts and the one with the fewest rare characters wins."""
    sync = next((i for i, b in enumerate(data[:4096]) if b < 0x30), None)
    segment = data[:sync] if sync is not None else data[:64]
    best: tuple[int, int] | None = None
    for skip in range(min(4, len(segment) + 1)):
        try:
            text = segment[skip:].decode(codec)
        except UnicodeDecodeError:
            if sync is not None:
                continue
            partial = _strict(segment, codec, skip, at_end=False)
            if partial is None:
                continue
            text = partial.text
        rare = sum(1 for ch in text if not _is_common(ch))
        if best is None or (rare, skip) < best:
            best = (rare, skip)
    return best[1] if best is not None else 0


def _is_common(ch: str) -> bool:
    if ch < "\x80":
        return ch.isprintable() or ch in "\t\n\r"
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _strict(data: bytes, codec: str, skip: int, at_end: bool) -> DecodedText | None:
    """Decode all but an unfinished last character; None if anything else is invalid."""
    if codec == "utf-16?":
        return _shifted_utf16(data, at_end)
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        text = decoder.decode(data[skip:], False)
    except UnicodeDecodeError:
        return None
    pending = len(decoder.getstate()[0])
    if pending and at_end:
        return None
    return DecodedText(text, codec, skip, len(data) - pending)


def _shifted_utf16(data: bytes, at_end: bool) -> DecodedText | None:
    options = [
        _strict(data, "utf-16-le", 0, at_end),
        _strict(data, "utf-16-le", 1, at_end),
        _strict(data, "utf-16-be", 0, at_end),
        _strict(data, "utf-16-be", 1, at_end),
    ]
    found = [o for o in options if o is not None and o.text]
    if not found:
        return None
    return max(found, key=lambda o: (_plausibility(o.text[:4096]), -o.start))


def _decode_forced(
    data: bytes, codec: str, at_start: bool, head: bool, at_end: bool
) -> DecodedText:
    skip = 0
    if at_start:
        for bom, bom_codec in _BOMS:
            if data.startswith(bom) and (bom_codec == codec or bom_codec.startswith(codec + "-")):
                skip, codec = len(bom), bom_codec
                break
    else:
        skip = _head_skip(data, codec, head)
    if codec in ("utf-16", "utf-32"):
        # Without a BOM Python's utf-16/utf-32 decoders fail; little-endian is the norm.
        codec += "-le"
    try:
        decoded = _lossy(data, codec, skip, at_end)
    except UnicodeError as exc:  # codecs such as idna fail in ways no handler catches
        raise PreviewError(
            _("These bytes cannot be decoded as {codec}: {error}").format(codec=codec, error=exc)
        ) from None
    return _with(decoded, bom=skip > 0 and at_start, guessed=False)


def _fallback(data: bytes, at_start: bool, at_end: bool) -> DecodedText:
    best: DecodedText | None = None
    for codec in ("utf-8", "gb18030"):
        decoded = _lossy(data, codec, _head_skip(data, codec, at_start), at_end)
        if best is None or decoded.replaced < best.replaced:
            best = decoded
    assert best is not None
    if best.replaced <= max(1, int(len(data) * _MAX_BAD_SHARE)):
        return best
    # Mostly not UTF-8 or GB18030: every byte shown as one Latin-1 character.
    return DecodedText(data.decode("latin-1"), "latin-1", 0, len(data))


def _lossy(data: bytes, codec: str, skip: int, at_end: bool) -> DecodedText:
    _bad_bytes.count = 0
    decoder = codecs.getincrementaldecoder(codec)(_COUNTING_HANDLER)
    text = decoder.decode(data[skip:], at_end)
    pending = 0 if at_end else len(decoder.getstate()[0])
    return DecodedText(text, codec, skip, len(data) - pending, replaced=_bad_bytes.count)


class _BadByteCount(threading.local):
    count = 0


_bad_bytes = _BadByteCount()
_COUNTING_HANDLER = "drs-tui-count-replace"


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _bad_bytes.count += exc.end - exc.start
    return "\ufffd", exc.end


codecs.register_error(_COUNTING_HANDLER, _count_and_replace)


def _with(decoded: DecodedText, *, bom: bool, guessed: bool) -> DecodedText:
    return DecodedText(
        decoded.text, decoded.encoding, decoded.start, decoded.end, bom, decoded.replaced, guessed
    )


def _plausibility(text: str) -> float:
    """Share of characters that are expected in a DRS result (1.0 = all of them)."""
    if not text:
        return 1.0
    sample = text[:_SNIFF_BYTES]
    return 1.0 - len(_UNEXPECTED.findall(sample)) / len(sample)
