"""Cell values of an xlsx as display strings: numbers, booleans, errors and dates.

Excel stores dates as day numbers; only the cell's number format tells them apart, so
styles.xml is read for the format of each cell style (`s` attribute).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from drs_tui.result.sheets.xml_parts import Package, local_name

DATE, TIME, DATETIME = "date", "time", "datetime"

# Built-in number formats that show dates or times (ECMA-376 18.8.30, plus the ids
# Chinese, Japanese and Korean Excel use for their local date formats).
_BUILTIN_KINDS: dict[int, str] = {
    **dict.fromkeys((14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58), DATE),
    **dict.fromkeys((18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56), TIME),
    22: DATETIME,
}
# Quoted text, escaped characters and [colour]/[locale] sections say nothing about dates.
_NOT_CODES = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]', re.IGNORECASE)
_MAX_SERIAL = 2958466  # 9999-12-31


def classify_format(code: str) -> str | None:
    """DATE, TIME, DATETIME or None for an Excel number format code."""
    section = code.split(";", 1)[0]
    letters = _NOT_CODES.sub("", section).lower()
    has_date = "y" in letters or "d" in letters
    has_time = "h" in letters or "s" in letters
    if not has_date and not has_time and "m" in letters:
        has_date = True  # "mmm" alone is a month
    if has_date and has_time:
        return DATETIME
    if has_date:
        return DATE
    return TIME if has_time else None


def read_style_kinds(package: Package, styles_part: str | None) -> list[str | None]:
    """Date kind of each cell style (index = `s` attribute); empty when unknown."""
    if styles_part is None or package.find(styles_part) is None:
        return []
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    depth = {"cellXfs": 0}

    def start(tag: str, attrs: dict[str, str]) -> None:
        name = local_name(tag)
        if name == "numFmt":
            fmt_id = _int(attrs.get("numFmtId"))
            if fmt_id is not None:
                custom[fmt_id] = attrs.get("formatCode", "")
        elif name == "cellXfs":
            depth["cellXfs"] += 1
        elif name == "xf" and depth["cellXfs"]:
            xf_formats.append(_int(attrs.get("numFmtId")) or 0)

    def end(tag: str) -> None:
        if local_name(tag) == "cellXfs":
            depth["cellXfs"] -= 1

    package.parse_small(styles_part, start, end)
    kinds: list[str | None] = []
    for fmt_id in xf_formats:
        code = custom.get(fmt_id)
        kinds.append(classify_format(code) if code is not None else _BUILTIN_KINDS.get(fmt_id))
    return kinds


def format_number(text: str, kind: str | None = None, *, date1904: bool = False) -> str:
    """'3.0' -> '3', '0.1000000000000000055' -> '0.1'; day numbers styled as dates -> ISO."""
    try:
        value = float(text)
    except ValueError:
        return text
    if value != value or value in (float("inf"), float("-inf")):
        return text
    if kind is not None:
        shown = _serial_to_text(value, kind, date1904)
        if shown is not None:
            return shown
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return format(value, ".15g")


def _serial_to_text(value: float, kind: str, date1904: bool) -> str | None:
    if not 0 <= value < _MAX_SERIAL:
        return None
    if date1904:
        base = datetime(1904, 1, 1)
    else:
        # Excel counts a 29 Feb 1900 that never was: day numbers below 60 start a day later.
        base = datetime(1899, 12, 31) if value < 60 else datetime(1899, 12, 30)
    moment = base + timedelta(seconds=round(value * 86400))
    if kind == TIME and value < 1:
        return moment.strftime("%H:%M:%S")
    if kind == DATE and moment.time() == datetime.min.time():
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def format_bool(text: str) -> str:
    return "TRUE" if text.strip() in ("1", "true") else "FALSE"


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None
