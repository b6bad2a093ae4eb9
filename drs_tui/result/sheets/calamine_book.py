"""Legacy .xls, .xlsb and .ods workbooks through python-calamine, bounded.

calamine reads a whole workbook into memory, so it only gets files under
CALAMINE_LIMIT; for the ZIP-based formats the members are first inflated here, counted
and discarded, so a decompression bomb is refused before calamine sees it. The
library is imported on first use: most previews never need it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import IO, Any, TypeVar

from drs_tui.i18n import _
from drs_tui.result.errors import PreviewError, UnsafeEntryError
from drs_tui.result.sheets.xlsx_stream import SheetInfo, pick_sheet
from drs_tui.result.sheets.xlsx_values import format_number, moment_text
from drs_tui.result.sheets.xml_parts import CHUNK
from drs_tui.result.zip import ResultArchive
from drs_tui.sizes import format_size

CALAMINE_LIMIT = 64 * 1024 * 1024
# What the members of an .ods/.xlsb may inflate to, all together.
EXPANDED_LIMIT = 512 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"

T = TypeVar("T")


def _guarded(fmt: str, call: Callable[[], T]) -> T:
    """Run a calamine call; its errors (and Rust panics, which are BaseExceptions)
    become PreviewError."""
    try:
        return call()
    except (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError):
        raise
    except PreviewError:
        raise
    except BaseException as exc:  # pyo3 PanicException derives from BaseException
        text = str(exc).strip()
        message = text.splitlines()[0][:200] if text else type(exc).__name__
        raise PreviewError(
            _("Cannot read this {fmt} workbook: {message}").format(fmt=fmt, message=message),
            hint=_("The file may be damaged, encrypted or not really a workbook."),
        ) from None


def check_expansion(data: bytes, limit: int = EXPANDED_LIMIT) -> int:
    """Inflate every member of the ZIP in `data` with the project's ZIP reader, counting
    bytes actually produced; UnsafeEntryError past `limit`. Returns the total."""
    total = 0
    with ResultArchive.from_bytes(data, name="workbook") as package:
        for entry in package.entries:
            if entry.is_dir:
                continue
            with package.open_entry(entry, limit=limit - total + 1) as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise UnsafeEntryError(
                            _("The workbook expands to more than {limit}.").format(
                                limit=format_size(limit)
                            )
                        )
    return total


def _cell_text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float | int):
        return format_number(repr(float(value)))
    if isinstance(value, datetime | time | timedelta):
        return moment_text(value)  # the xlsx reader's rules (xlsx_values.py)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


class CalamineRows:
    """Rows of one calamine sheet as (row number, cells); empty rows are skipped."""

    def __init__(self, sheet: Any, fmt: str) -> None:
        self._fmt = fmt
        start = _guarded(fmt, lambda: sheet.start) or (0, 0)
        self._first_row, self._first_col = int(start[0]), int(start[1])
        self._height = _guarded(fmt, lambda: sheet.height)
        self._rows = _guarded(fmt, sheet.iter_rows)

    @property
    def last_row(self) -> int | None:
        """1-based number of the sheet's last row."""
        return self._first_row + int(self._height) if self._height is not None else None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        number = self._first_row
        while True:
            row = _guarded(self._fmt, lambda: next(self._rows, None))
            if row is None:
                return
            number += 1
            cells = [_cell_text(v) for v in row]
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                yield number, [""] * self._first_col + cells

    def close(self) -> None:
        self._rows = iter(())


class CalamineBook:
    """A .xls/.xlsb/.ods workbook held in memory by calamine."""

    def __init__(self, file: IO[bytes], fmt: str) -> None:
        self.fmt = fmt
        data = file.read(CALAMINE_LIMIT + 1)
        if len(data) > CALAMINE_LIMIT:
            raise PreviewError(
                _(
                    "This {fmt} workbook is over {limit}; "
                    "{fmt} files are read whole, so larger ones are not previewed."
                ).format(fmt=fmt, limit=format_size(CALAMINE_LIMIT)),
                hint=_("Extract it and open it in Excel or WPS, or save it as xlsx."),
            )
        if data.startswith(_ZIP_MAGIC):
            check_expansion(data)
        from python_calamine import CalamineWorkbook

        self._book = _guarded(fmt, lambda: CalamineWorkbook.from_filelike(io.BytesIO(data)))
        metadata = _guarded(fmt, lambda: list(self._book.sheets_metadata))
        self.sheets = [
            SheetInfo(str(m.name), i, str(m.visible).rpartition(".")[2].lower() != "visible")
            for i, m in enumerate(metadata)
        ]

    def sheet(self, name: str | None) -> SheetInfo:
        return pick_sheet(self.sheets, name)

    def rows(self, sheet: SheetInfo) -> CalamineRows:
        found = _guarded(self.fmt, lambda: self._book.get_sheet_by_index(sheet.index))
        return CalamineRows(found, self.fmt)

    def close(self) -> None:
        _guarded(self.fmt, self._book.close)
