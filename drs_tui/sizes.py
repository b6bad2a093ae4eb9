"""Byte counts in words, one style for every screen and command (binary units)."""

from __future__ import annotations


def format_size(size: float) -> str:
    """1536 -> '1.5 KiB'; whole bytes below 1 KiB."""
    if size < 1024:
        return f"{size:.0f} B"
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        size /= 1024
        if size < 1024 or unit == "TiB":
            break
    return f"{size:.1f} {unit}"


def format_rate(bytes_per_second: float) -> str:
    return f"{format_size(bytes_per_second)}/s"


def compact_size(size: int) -> str:
    """The same units in at most 7 cells, for narrow columns: 999 B, 1.0 KiB, 12 KiB,
    381 MiB, 1.2 GiB."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KiB", "MiB", "GiB", "TiB", "PiB"):
        value /= 1024
        if value < 10:
            return f"{value:.1f} {unit}"
        if value < 1000 or unit == "PiB":
            return f"{value:.0f} {unit}"
    raise AssertionError("unreachable")
