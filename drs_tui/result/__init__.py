"""The result engine: list, check, preview and extract result ZIPs. No Textual here.

`ui/` and `commands/` import what they need from this face (or from the faces of
`result.zip`, `result.sheets` and `result.text`), never from the modules behind it;
`pyproject.toml`'s import contracts check that. Names load on first use, so
`drs-tui ls` does not pay for the spreadsheet and text readers it never calls.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> module that defines it
_EXPORTS = {
    **dict.fromkeys(
        (
            "CorruptEntryError",
            "DestinationExistsError",
            "EncryptedEntryError",
            "ExtractError",
            "NotAZipError",
            "PreviewError",
            "ResultError",
            "TruncatedArchiveError",
            "UnknownNameError",
            "UnsafeEntryError",
            "UnsafePathError",
            "UnsupportedEntryError",
        ),
        "drs_tui.result.errors",
    ),
    **dict.fromkeys(
        (
            "CRC_BAD",
            "CRC_OK",
            "CRC_UNCHECKED",
            "SORT_KEYS",
            "EntryList",
            "ResultArchive",
            "ZipEntry",
            "check_encoding",
            "dos_datetime",
            "extract_entries",
            "method_name",
            "safe_relative_parts",
            "save_copy",
        ),
        "drs_tui.result.zip",
    ),
    **dict.fromkeys(
        (
            "Preview",
            "PreviewKind",
            "EntryInfo",
            "EntrySource",
            "bounded_copy",
            "nested_limit",
            "refusal_reason",
            "workbook_limit",
            "preview_entry",
        ),
        "drs_tui.result.preview",
    ),
    **dict.fromkeys(
        (
            "Document",
            "ErrorSummary",
            "Matches",
            "Progress",
            "Query",
            "Row",
            "ScanCancelled",
            "sorted_ordinals",
        ),
        "drs_tui.result.document",
    ),
    **dict.fromkeys(
        (
            "CellChange",
            "DiffProgress",
            "DiffTotals",
            "EntryChange",
            "NoCommonEntryError",
            "NoKeyColumnsError",
            "ReasonSummary",
            "ResultComparison",
            "RowChange",
            "RowSummary",
            "TableComparison",
            "plan_notes",
            "reason_counts",
            "verdict_words",
        ),
        "drs_tui.result.diff",
    ),
    **dict.fromkeys(("export_rows",), "drs_tui.result.export"),
    **dict.fromkeys(("ErrorColumn", "find_error_column"), "drs_tui.result.error_column"),
    **dict.fromkeys(("Table",), "drs_tui.result.table"),
    **dict.fromkeys(("TextDocument", "json_records"), "drs_tui.result.text"),
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from drs_tui.result.diff import (
        CellChange as CellChange,
        DiffProgress as DiffProgress,
        DiffTotals as DiffTotals,
        EntryChange as EntryChange,
        NoCommonEntryError as NoCommonEntryError,
        NoKeyColumnsError as NoKeyColumnsError,
        ReasonSummary as ReasonSummary,
        ResultComparison as ResultComparison,
        RowChange as RowChange,
        RowSummary as RowSummary,
        TableComparison as TableComparison,
        plan_notes as plan_notes,
        reason_counts as reason_counts,
        verdict_words as verdict_words,
    )
    from drs_tui.result.document import (
        Document as Document,
        ErrorSummary as ErrorSummary,
        Matches as Matches,
        Progress as Progress,
        Query as Query,
        Row as Row,
        ScanCancelled as ScanCancelled,
        sorted_ordinals as sorted_ordinals,
    )
    from drs_tui.result.error_column import (
        ErrorColumn as ErrorColumn,
        find_error_column as find_error_column,
    )
    from drs_tui.result.errors import (
        CorruptEntryError as CorruptEntryError,
        DestinationExistsError as DestinationExistsError,
        EncryptedEntryError as EncryptedEntryError,
        ExtractError as ExtractError,
        NotAZipError as NotAZipError,
        PreviewError as PreviewError,
        ResultError as ResultError,
        TruncatedArchiveError as TruncatedArchiveError,
        UnknownNameError as UnknownNameError,
        UnsafeEntryError as UnsafeEntryError,
        UnsafePathError as UnsafePathError,
        UnsupportedEntryError as UnsupportedEntryError,
    )
    from drs_tui.result.export import (
        export_rows as export_rows,
    )
    from drs_tui.result.preview import (
        EntryInfo as EntryInfo,
        EntrySource as EntrySource,
        Preview as Preview,
        PreviewKind as PreviewKind,
        bounded_copy as bounded_copy,
        nested_limit as nested_limit,
        preview_entry as preview_entry,
        refusal_reason as refusal_reason,
        workbook_limit as workbook_limit,
    )
    from drs_tui.result.table import (
        Table as Table,
    )
    from drs_tui.result.text import (
        TextDocument as TextDocument,
        json_records as json_records,
    )
    from drs_tui.result.zip import (
        CRC_BAD as CRC_BAD,
        CRC_OK as CRC_OK,
        CRC_UNCHECKED as CRC_UNCHECKED,
        SORT_KEYS as SORT_KEYS,
        EntryList as EntryList,
        ResultArchive as ResultArchive,
        ZipEntry as ZipEntry,
        check_encoding as check_encoding,
        dos_datetime as dos_datetime,
        extract_entries as extract_entries,
        method_name as method_name,
        safe_relative_parts as safe_relative_parts,
        save_copy as save_copy,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
