"""Numbers, dates, times and durations as the project shows them, on both paths."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, strategies as st

from drs_tui.result.sheets.calamine_book import CalamineBook
from drs_tui.result.sheets.xlsx_stream import XlsxWorkbook
from drs_tui.result.sheets.xlsx_values import (
    DATE,
    DATETIME,
    DURATION,
    TIME,
    classify_format,
    format_number,
    moment_text,
)

KINDS = [None, DATE, TIME, DATETIME, DURATION]


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("[h]:mm:ss", DURATION),
        ("[hh]:mm", DURATION),
        ("[mm]:ss", DURATION),
        ("[ss].000", DURATION),
        ("[Red][h]:mm:ss", DURATION),
        ('"[h]" h:mm', TIME),  # quoted: not an elapsed format
        ("h:mm:ss", TIME),
        ("yyyy-mm-dd", DATE),
        ("yyyy-mm-dd hh:mm:ss", DATETIME),
        ("0.00", None),
    ],
)
def test_elapsed_formats_are_durations(code: str, kind: str | None) -> None:
    assert classify_format(code) == kind


@pytest.mark.parametrize(
    ("serial", "shown"),
    [
        ("10.6320601851852", "255:10:10"),
        ("0.5", "12:00:00"),
        ("0", "0:00:00"),
        ("-0.00104166666666667", "-0:01:30"),
        ("3000", "72000:00:00"),
        ("1.0000001", "24:00:00"),
        (repr(0.5 / 86400), "0:00:01"),  # half a second rounds up, as Excel shows it
        (repr(0.4 / 86400), "0:00:00"),
    ],
)
def test_durations_are_total_hours_not_calendar_dates(serial: str, shown: str) -> None:
    assert format_number(serial, DURATION) == shown
    assert format_number(serial, DURATION, date1904=True) == shown


def test_duration_rule_is_the_same_for_a_calamine_timedelta() -> None:
    assert moment_text(timedelta(days=10, hours=15, minutes=10, seconds=10)) == "255:10:10"
    assert moment_text(timedelta(seconds=-90)) == "-0:01:30"
    assert moment_text(timedelta(seconds=1, microseconds=500_000)) == "0:00:02"
    assert moment_text(timedelta(0)) == "0:00:00"


@pytest.mark.parametrize(
    ("serial", "kind", "date1904", "shown"),
    [
        ("2958465", DATE, False, "9999-12-31"),
        ("2958465.99999", DATETIME, False, "9999-12-31 23:59:59"),
        ("2958465.99999999", DATETIME, False, "2958465.99999999"),  # rounds past 9999
        ("2958466", DATE, False, "2958466"),
        ("2957003", DATE, True, "9999-12-31"),
        ("2957004", DATE, True, "2957004"),
        ("2958465", DATETIME, True, "2958465"),
        ("1e300", DATE, True, "1e+300"),
        ("-1", DATE, False, "-1"),
    ],
)
def test_day_numbers_at_the_end_of_9999_do_not_overflow(
    serial: str, kind: str, date1904: bool, shown: str
) -> None:
    assert format_number(serial, kind, date1904=date1904) == shown


@given(
    value=st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**20), 10**20),
    kind=st.sampled_from(KINDS),
    date1904=st.booleans(),
)
def test_any_number_in_any_format_is_shown_without_raising(
    value: float, kind: str | None, date1904: bool
) -> None:
    assert format_number(repr(value), kind, date1904=date1904)


def test_a_day_number_under_one_in_a_date_format_is_a_time_of_day() -> None:
    """Day 0 of the 1900 system is no date (Excel shows 1900-01-00); calamine gives the
    time of day, and so does the project. In 1904 mode day 0 is 1904-01-01."""
    assert format_number("0.5", DATETIME) == "12:00:00"
    assert format_number("0", DATE) == "00:00:00"
    assert format_number("0.5", DATETIME, date1904=True) == "1904-01-01 12:00:00"
    assert format_number("0.5", TIME, date1904=True) == "12:00:00"


def test_times_round_to_the_second_on_both_paths() -> None:
    """Excel shows 07:08:09.6 as 07:08:10 in an h:mm:ss format; the calamine path got
    datetimes and times with their microseconds and cut them."""
    assert format_number(repr((7 * 3600 + 8 * 60 + 9.6) / 86400), TIME) == "07:08:10"
    assert moment_text(time(7, 8, 9, 600_000)) == "07:08:10"
    assert moment_text(time(23, 59, 59, 999_999)) == "00:00:00"
    assert moment_text(datetime(2024, 5, 6, 7, 8, 9, 500_000)) == "2024-05-06 07:08:10"
    assert moment_text(datetime(9999, 12, 31, 23, 59, 59, 900_000)) == "9999-12-31 23:59:59"


def duration_book() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    values: list[object] = [
        timedelta(days=10, hours=15, minutes=10, seconds=10),
        timedelta(seconds=-90),
        timedelta(hours=7, seconds=9, microseconds=600_000),
        time(7, 8, 9, 600_000),
        datetime(2024, 5, 6, 7, 8, 9, 600_000),
        date(2024, 5, 6),
    ]
    for column, value in enumerate(values, start=1):
        sheet.cell(1, column, value)
    for column, code in enumerate(["[h]:mm:ss", "[mm]:ss", "[ss]"], start=1):
        sheet.cell(1, column).number_format = code
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_durations_and_times_show_the_same_on_the_xlsx_and_calamine_paths() -> None:
    """One rule for both: the calamine path (xls, xlsb, ods) printed str(timedelta),
    '10 days, 15:10:10', and the xlsx path a calendar date, '1900-01-10 15:10:10'."""
    data = duration_book()
    ours = XlsxWorkbook(io.BytesIO(data))
    theirs = CalamineBook(io.BytesIO(data), "xlsx")
    try:
        ours_rows = [cells for _, cells in ours.rows(ours.sheet(None))]
        their_rows = [cells for _, cells in theirs.rows(theirs.sheet(None))]
    finally:
        ours.close()
        theirs.close()
    expected = ["255:10:10", "-0:01:30", "7:00:10", "07:08:10", "2024-05-06 07:08:10"]
    assert ours_rows == [[*expected, "2024-05-06"]]
    assert their_rows == ours_rows
