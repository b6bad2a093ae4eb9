"""Workbooks: xlsx by our own streaming reader, xls/xlsb/ods through python-calamine."""

from drs_tui.result.sheets.calamine_book import CALAMINE_LIMIT
from drs_tui.result.sheets.workbook import (
    CALAMINE_FORMATS,
    XLSX_FORMATS,
    SheetView,
    Workbook,
    open_workbook,
    read_sheet,
)
from drs_tui.result.sheets.xlsx_stream import SheetInfo

__all__ = [
    "CALAMINE_FORMATS",
    "CALAMINE_LIMIT",
    "XLSX_FORMATS",
    "SheetInfo",
    "SheetView",
    "Workbook",
    "open_workbook",
    "read_sheet",
]
