"""ZIP archives read without trusting them: listing, bounded reads, checks, extraction."""

from drs_tui.result.zip.archive import SORT_KEYS, ResultArchive, SortKey
from drs_tui.result.zip.entry_list import EntryList, ListingColumns
from drs_tui.result.zip.entry_reader import EntryReader
from drs_tui.result.zip.extract import extract_entries, safe_relative_parts, save_copy
from drs_tui.result.zip.names import check_encoding
from drs_tui.result.zip.zip_entry import (
    CRC_BAD,
    CRC_OK,
    CRC_UNCHECKED,
    ArchiveTotals,
    ZipEntry,
    dos_datetime,
    method_name,
)

__all__ = [
    "CRC_BAD",
    "CRC_OK",
    "CRC_UNCHECKED",
    "SORT_KEYS",
    "ArchiveTotals",
    "EntryList",
    "EntryReader",
    "ListingColumns",
    "ResultArchive",
    "SortKey",
    "ZipEntry",
    "check_encoding",
    "dos_datetime",
    "extract_entries",
    "method_name",
    "safe_relative_parts",
    "save_copy",
]
