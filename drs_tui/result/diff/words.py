"""The comparison's own words, for the CLI and the screen alike (in the UI language)."""

from __future__ import annotations

from drs_tui.i18n import _


def verdict_words(reason: str) -> str:
    """A row's error-reason verdict ("fixed", "new error", "still failing"), translated."""
    return {
        "fixed": _("fixed"),
        "new error": _("new error"),
        "still failing": _("still failing"),
    }.get(reason, reason)


def reason_counts(fixed: int, new_errors: int, still_failing: int) -> str:
    """ "fixed: 12, new errors: 3, still failing: 40", numbers grouped."""
    return _("fixed: {fixed}, new errors: {new}, still failing: {still}").format(
        fixed=f"{fixed:,}", new=f"{new_errors:,}", still=f"{still_failing:,}"
    )
