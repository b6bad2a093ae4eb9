"""Errors of the result engine. Every failure on untrusted input is one of these."""

from __future__ import annotations

from drs_tui import exit_codes
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import N_


class ResultError(DrsTuiError):
    """A result archive or one of its entries cannot be used as asked."""

    title = N_("Result file problem")
    exit_code = exit_codes.BAD_RESULT


class NotAZipError(ResultError):
    title = N_("Not a ZIP file")


class TruncatedArchiveError(ResultError):
    title = N_("Truncated archive")


class CorruptEntryError(ResultError):
    """Bad local header, CRC mismatch, broken compressed data."""

    title = N_("Damaged entry")


class UnsafeEntryError(ResultError):
    """Decompression bound exceeded, suspicious ratio, overlapping entries."""

    title = N_("Unsafe entry")


class EncryptedEntryError(ResultError):
    title = N_("Encrypted entry")


class UnsupportedEntryError(ResultError):
    """A compression method or format the engine cannot read."""

    title = N_("Unsupported entry")


class UnsafePathError(ResultError):
    """An entry name that would write outside the destination folder."""

    title = N_("Unsafe path")


class UnknownNameError(ResultError):
    """A name the user gave that the file (or Python) does not have: an entry, a sheet,
    an encoding. A bad input value (exit 2), not a damaged file."""

    title = N_("Not found")
    exit_code = exit_codes.USAGE


class PreviewError(ResultError):
    """An entry cannot be previewed as the kind it claims to be."""

    title = N_("Cannot preview")


class ExtractError(ResultError):
    """An entry or a copy cannot be written to disk (permissions, disk full, bad name)."""

    title = N_("Cannot extract")


class DestinationExistsError(ExtractError):
    """Extraction or a copy would replace an existing file and overwriting was not asked."""

    title = N_("File exists")
