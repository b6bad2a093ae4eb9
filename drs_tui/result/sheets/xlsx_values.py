"""Cell values as display strings: numbers, booleans, dates, times and durations.

Excel stores dates as day numbers; only the cell's number format tells them apart, so
styles.xml is read for the format of each cell style (`s` attribute). The rules for
showing a moment or a duration are shared with the calamine path (calamine_book.py),
which gets Python dates, times and timedeltas instead of day numbers, so a workbook
shows the same whatever its format:

- a date is 'YYYY-MM-DD', a date with a time 'YYYY-MM-DD HH:MM:SS', a time of day
  (a day number under 1) 'HH:MM:SS', all rounded to the second as Excel shows them;
- an elapsed-time format (`[h]:mm:ss`, `[mm]:ss`, `[ss]`...) is a duration: total
  hours, minutes and seconds, '255:10:10', '-0:01:30';
- a day number that is no date (negative, past 9999-12-31) is shown as a number.
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime, time, timedelta

from drs_tui.result.sheets.xml_parts import Package, local_name

DATE, TIME, DATETIME, DURATION = "date", "time", "datetime", "duration"

# Built-in number formats that show dates or times (ECMA-376 18.8.30, plus the ids
# Chinese, Japanese and Korean Excel use for their local date formats).
_BUILTIN_KINDS: dict[int, str] = {
    **dict.fromkeys((14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58), DATE),
    **dict.fromkeys((18, 19, 20, 21, 32, 33, 34, 35, 45, 47, 55, 56), TIME),
    22: DATETIME,
    46: DURATION,  # [h]:mm:ss
}
# Quoted text, escaped characters and [colour]/[locale] sections say nothing about dates.
_NOT_CODES = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]', re.IGNORECASE)
_ELAPSED = re.compile(r"\[(?:h+|m+|s+)\]", re.IGNORECASE)
_MS_PER_DAY = 86_400_000
_EPOCH_1900 = datetime(1899, 12, 30)
_EPOCH_1904 = datetime(1904, 1, 1)


def classify_format(code: str) -> str | None:
    """DATE, TIME, DATETIME, DURATION or None for an Excel number format code."""
    section = code.split(";", 1)[0]
    letters = _NOT_CODES.sub("", section).lower()
    if _ELAPSED.search(letters):
        return DURATION
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
    """'3.0' -> '3', '0.1000000000000000055' -> '0.1'; day numbers styled as dates -> ISO,
    as elapsed time -> a duration. A number past the range of a double is shown as
    written."""
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
    if abs(value) >= 1e12:  # no date, and past what a duration in ms holds exactly
        return None
    ms = round(value * _MS_PER_DAY)
    if kind == DURATION:
        return duration_text(ms)
    if value < 0:
        return None
    seconds = _whole_seconds(ms)
    if value < 1 and not (date1904 and kind != TIME):
        return clock_text(seconds)  # day 0 of 1900 is no date: a time of day
    if date1904:
        base = _EPOCH_1904
    else:
        # Excel counts a 29 February 1900 that never was: day numbers below 60 start a day
        # later.
        base = _EPOCH_1900 + timedelta(days=1) if value < 60 else _EPOCH_1900
    try:
        moment = base + timedelta(seconds=seconds)
    except OverflowError:  # past 9999-12-31 23:59:59: Excel shows no date either
        return None
    if kind == DATE and moment.time() == time():
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _whole_seconds(ms: int) -> int:
    """Milliseconds rounded to the second, half up, as Excel shows a time."""
    return (ms + 500) // 1000


def clock_text(seconds: int) -> str:
    """'HH:MM:SS' of the time of day `seconds` after a midnight."""
    seconds %= 86400
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def duration_text(ms: int) -> str:
    """An elapsed time as total hours: 918610000 ms -> '255:10:10', -90000 -> '-0:01:30'."""
    seconds = _whole_seconds(abs(ms))
    sign = "-" if ms < 0 and seconds else ""
    return f"{sign}{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def moment_text(moment: datetime | time | timedelta) -> str:
    """A datetime, time or timedelta (calamine's values) by the rules above; a `date`
    alone is its isoformat()."""
    if isinstance(moment, timedelta):
        return duration_text(round(moment / timedelta(milliseconds=1)))
    extra = _whole_seconds((moment.microsecond + 500) // 1000)
    if isinstance(moment, time):
        return clock_text(moment.hour * 3600 + moment.minute * 60 + moment.second + extra)
    whole = moment.replace(microsecond=0, tzinfo=None)
    with contextlib.suppress(OverflowError):  # 9999-12-31 23:59:59.6 stays in 9999
        whole += timedelta(seconds=extra)
    return whole.strftime("%Y-%m-%d %H:%M:%S")


def format_iso(text: str, kind: str | None) -> str:
    """A t="d" cell's ISO 8601 value by the rules above: a midnight is a date when the
    cell's format is a date or the value has no time; what is no ISO date is shown as
    written."""
    value = text.strip()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        try:
            return moment_text(time.fromisoformat(value))
        except ValueError:
            return text
    if moment.time() == time() and (kind == DATE or "T" not in value.upper()):
        return moment.strftime("%Y-%m-%d")
    return moment_text(moment)


def format_bool(text: str) -> str:
    """A t="b" cell: 'true', or any number but 0, is TRUE (as openpyxl reads it)."""
    value = text.strip().lower()
    if value in ("true", "false"):
        return value.upper()
    try:
        return "TRUE" if float(value) != 0 else "FALSE"
    except ValueError:
        return "FALSE"


def _int(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text)
    except ValueError:
        return None
