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
    **dict.fromkeys(("export_rows",), "drs_tui.result.export"),
    **dict.fromkeys(("ErrorColumn", "find_error_column"), "drs_tui.result.error_column"),
    **dict.fromkeys(("Table",), "drs_tui.result.table"),
    **dict.fromkeys(("TextDocument", "json_records"), "drs_tui.result.text"),
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from drs_tui.result.document import (
        Document as Document,
    )
    from drs_tui.result.document import (
        ErrorSummary as ErrorSummary,
    )
    from drs_tui.result.document import (
        Matches as Matches,
    )
    from drs_tui.result.document import (
        Progress as Progress,
    )
    from drs_tui.result.document import (
        Query as Query,
    )
    from drs_tui.result.document import (
        Row as Row,
    )
    from drs_tui.result.document import (
        ScanCancelled as ScanCancelled,
    )
    from drs_tui.result.document import (
        sorted_ordinals as sorted_ordinals,
    )
    from drs_tui.result.error_column import (
        ErrorColumn as ErrorColumn,
    )
    from drs_tui.result.error_column import (
        find_error_column as find_error_column,
    )
    from drs_tui.result.errors import (
        CorruptEntryError as CorruptEntryError,
    )
    from drs_tui.result.errors import (
        DestinationExistsError as DestinationExistsError,
    )
    from drs_tui.result.errors import (
        EncryptedEntryError as EncryptedEntryError,
    )
    from drs_tui.result.errors import (
        ExtractError as ExtractError,
    )
    from drs_tui.result.errors import (
        NotAZipError as NotAZipError,
    )
    from drs_tui.result.errors import (
        PreviewError as PreviewError,
    )
    from drs_tui.result.errors import (
        ResultError as ResultError,
    )
    from drs_tui.result.errors import (
        TruncatedArchiveError as TruncatedArchiveError,
    )
    from drs_tui.result.errors import (
        UnknownNameError as UnknownNameError,
    )
    from drs_tui.result.errors import (
        UnsafeEntryError as UnsafeEntryError,
    )
    from drs_tui.result.errors import (
        UnsafePathError as UnsafePathError,
    )
    from drs_tui.result.errors import (
        UnsupportedEntryError as UnsupportedEntryError,
    )
    from drs_tui.result.export import (
        export_rows as export_rows,
    )
    from drs_tui.result.preview import (
        EntryInfo as EntryInfo,
    )
    from drs_tui.result.preview import (
        EntrySource as EntrySource,
    )
    from drs_tui.result.preview import (
        Preview as Preview,
    )
    from drs_tui.result.preview import (
        PreviewKind as PreviewKind,
    )
    from drs_tui.result.preview import (
        bounded_copy as bounded_copy,
    )
    from drs_tui.result.preview import (
        nested_limit as nested_limit,
    )
    from drs_tui.result.preview import (
        preview_entry as preview_entry,
    )
    from drs_tui.result.preview import (
        refusal_reason as refusal_reason,
    )
    from drs_tui.result.preview import (
        workbook_limit as workbook_limit,
    )
    from drs_tui.result.table import (
        Table as Table,
    )
    from drs_tui.result.text import (
        TextDocument as TextDocument,
    )
    from drs_tui.result.text import (
        json_records as json_records,
    )
    from drs_tui.result.zip import (
        CRC_BAD as CRC_BAD,
    )
    from drs_tui.result.zip import (
        SORT_KEYS as SORT_KEYS,
    )
    from drs_tui.result.zip import (
        EntryList as EntryList,
    )
    from drs_tui.result.zip import (
        ResultArchive as ResultArchive,
    )
    from drs_tui.result.zip import (
        ZipEntry as ZipEntry,
    )
    from drs_tui.result.zip import (
        check_encoding as check_encoding,
    )
    from drs_tui.result.zip import (
        dos_datetime as dos_datetime,
    )
    from drs_tui.result.zip import (
        extract_entries as extract_entries,
    )
    from drs_tui.result.zip import (
        method_name as method_name,
    )
    from drs_tui.result.zip import (
        safe_relative_parts as safe_relative_parts,
    )
    from drs_tui.result.zip import (
        save_copy as save_copy,
    )


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
