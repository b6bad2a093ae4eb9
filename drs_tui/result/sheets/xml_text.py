"""Text and numbers out of untrusted spreadsheet XML, the same way everywhere.

Attribute values and element text come from the file, so nothing here trusts them:
numbers are ASCII digits only (`'²'.isdigit()` is True, but `int('²')` raises), strings
are unescaped for the five XML entities and character references only (a DOCTYPE that
could declare more is refused before any of this runs), and Excel's `_xHHHH_` escapes
are decoded as Excel, openpyxl and calamine decode them.
"""

from __future__ import annotations

import re

MAX_CELL_CHARS = 32_767  # Excel's own limit
_MAX_DIGITS = 18

_ENTITY = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
# _x000D_ and friends; _x005F_ escapes an underscore that would otherwise start one. An
# escape holds a UTF-16 code unit: a surrogate pair is two escapes in a row.
_X_ESCAPE = re.compile(
    r"_x([Dd][89ABab][0-9A-Fa-f]{2})__x([Dd][C-Fc-f][0-9A-Fa-f]{2})_|_x([0-9A-Fa-f]{4})_"
)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# <t> runs of a string item: the text of <r> runs and a bare <t>, not phonetic <rPh>.
_PHONETIC = re.compile(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>|<(?:\w+:)?rPh\b[^>]*/>", re.S)
_T_RUN = re.compile(r"<(?:\w+:)?t(\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)
_PRESERVE = re.compile(r"""space\s*=\s*["']preserve["']""")
_XML_SPACE = " \t\n\r"


def xml_int(text: str | bytes | None, *, limit: int = _MAX_DIGITS) -> int | None:
    """A non-negative integer written in ASCII digits (surrounding spaces allowed), else
    None. Never raises, whatever the file holds."""
    if text is None:
        return None
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    text = text.strip()
    if not text or len(text) > limit or not text.isascii() or not text.isdigit():
        return None
    return int(text)


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name[0] != "#":
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] == "x" else int(name[1:])
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(code)


def unescape(text: str) -> str:
    """XML text or attribute value with its entities and character references decoded;
    an unknown entity is kept as written."""
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _x_escape(match: re.Match[str]) -> str:
    high, low, single = match.groups()
    if high is not None:
        return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + int(low, 16) - 0xDC00)
    code = int(single, 16)
    return match.group() if 0xD800 <= code <= 0xDFFF else chr(code)


def decode_x_escapes(text: str) -> str:
    """'ABC_x000D_DEF' -> 'ABC\\rDEF' (ECMA-376 22.9.2.19); '_x005F_x000D_' stays literal.

    Any UTF-16 code unit is decoded (calamine decodes only _x0000_ to _x00FF_; Excel and
    the standard allow all): a surrogate pair becomes its character, a lone surrogate
    is kept as written, as calamine keeps it."""
    return _X_ESCAPE.sub(_x_escape, text) if "_x" in text else text


def line_ends(text: str) -> str:
    """XML's end-of-line rule (XML 1.0, 2.11): a CR LF pair or a lone CR read from the
    file is a LF. A CR written as &#13; or _x000D_ stays (decode those after this)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def element_text(inner: str) -> str:
    """The text content of an element's inner XML (<v>, one <t>): line ends as XML reads
    them, CDATA kept, comments and entities decoded."""
    inner = line_ends(inner)
    if "<" in inner:
        inner = _COMMENT.sub("", inner)
        if "<![CDATA[" in inner:
            parts = _CDATA.split(inner)  # text, cdata, text, cdata, ...
            return "".join(p if i % 2 else unescape(p) for i, p in enumerate(parts))
    return unescape(inner)


def string_item(inner: str) -> str:
    """The text of a shared string <si> or an inline <is>: its <t> runs joined, phonetic
    runs left out, escapes decoded, cut at Excel's 32,767 characters.

    A <t> without xml:space="preserve" loses the spaces, tabs and line ends around its
    text, as Excel and calamine read it (a writer that means them says "preserve")."""
    if "rPh" in inner:
        inner = _PHONETIC.sub("", inner)
    parts = []
    for attrs, run in _T_RUN.findall(inner):
        if "<" in run or "&" in run or "\r" in run:
            run = element_text(run)
        if not (attrs and _PRESERVE.search(attrs)):
            run = run.strip(_XML_SPACE)
        parts.append(run)
    text = parts[0] if len(parts) == 1 else "".join(parts)
    if "_x" in text:
        text = decode_x_escapes(text)
    return text[:MAX_CELL_CHARS]
