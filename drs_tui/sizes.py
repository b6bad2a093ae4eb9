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
    """ls -h style for narrow columns: 999, 1.0K, 12K, 3.4M, 1.2G."""
    if size < 1000:
        return str(size)
    value = float(size)
    for unit in "KMGTP":
        value /= 1024
        if value < 10:
            return f"{value:.1f}{unit}"
        if value < 1000 or unit == "P":
            return f"{value:.0f}{unit}"
    raise AssertionError("unreachable")
