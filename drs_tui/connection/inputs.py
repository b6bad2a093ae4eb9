"""Validation of everything that reaches a URL, a header or a query string."""

from __future__ import annotations

import re

from drs_tui.connection.endpoints import EXPORT_LEVELS, RESULT_TYPES
from drs_tui.connection.settings import LANGUAGES
from drs_tui.errors import UsageError
from drs_tui.i18n import _

_ID = re.compile(r"[A-Za-z0-9-]{1,64}")
_REGION = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])")  # a DNS label


def check_id(field: str, value: str) -> str:
    """project_id and job_id: letters, digits and '-', at most 64 characters."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        shown = repr(value)[:80]
        raise UsageError(
            _(
                "{field} {shown} is not valid: use letters, digits and '-' only, "
                "1 to 64 characters."
            ).format(field=field, shown=shown),
            hint=_("Copy the {field} from the DRS console or from `drs-tui jobs`.").format(
                field=field
            ),
        )
    return value


def check_region(value: str) -> str:
    if not _REGION.fullmatch(value or ""):
        raise UsageError(
            _("region {value!r} is not valid: expected something like 'ap-southeast-1'.").format(
                value=value
            ),
            hint=_("See `drs-tui --help` for the region flag, or set it in the profile."),
        )
    return value


def _check_choice(field: str, value: str, choices: tuple[str, ...] | list[str]) -> str:
    if value not in choices:
        raise UsageError(
            _("{field} {value!r} is not one of: {choices}.").format(
                field=field, value=value, choices=", ".join(choices)
            ),
            hint=_("Pick a {field} from the list.").format(field=field),
        )
    return value


def check_result_type(value: str) -> str:
    return _check_choice("type", value, list(RESULT_TYPES))


def check_language(value: str) -> str:
    return _check_choice("language", value, LANGUAGES)


def check_level(value: str | None) -> str | None:
    return None if value is None else _check_choice("level", value, EXPORT_LEVELS)


_ENGINE_TYPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # oracle-to-gaussdbv5, mysql-to-kafka


def check_engine_type(value: str) -> str:
    """An engine type such as oracle-to-gaussdbv5: lower-case words joined by '-'."""
    if not _ENGINE_TYPE.fullmatch(value or "") or len(value) > 64:
        raise UsageError(
            _(
                "engine type {value!r} is not valid: expected something like 'oracle-to-gaussdbv5'."
            ).format(value=value),
            hint=_("The engine types are listed in `drs-tui jobs` (ENGINE column)."),
        )
    return value


def check_paging(offset: int, limit: int) -> None:
    if offset < 0:
        raise UsageError(_("offset {offset} must be 0 or more.").format(offset=offset))
    if not 1 <= limit <= 1000:
        raise UsageError(_("limit {limit} must be between 1 and 1000.").format(limit=limit))
