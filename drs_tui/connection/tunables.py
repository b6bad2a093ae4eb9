"""Connection tunables, as KooCLI offers them: connect and read timeouts, retry count.

Each comes from, highest first: its flag (`--cli-connect-timeout`, `--cli-read-timeout`,
`--cli-retry-count`), its environment variable (DRS_TUI_CONNECT_TIMEOUT,
DRS_TUI_READ_TIMEOUT, DRS_TUI_RETRY_COUNT), the profile's key (`connect_timeout`,
`read_timeout`, `retry_count` in config.toml), then the default (10 s, 60 s, 2 retries).
Every value is checked wherever it comes from, with a message that names where.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

from drs_tui.connection.settings import ConnectionSettings
from drs_tui.errors import UsageError
from drs_tui.i18n import _

TunableName = Literal["connect_timeout", "read_timeout", "retry_count"]
TUNABLE_NAMES: tuple[TunableName, ...] = ("connect_timeout", "read_timeout", "retry_count")
ENV_VARS: Mapping[TunableName, str] = {
    "connect_timeout": "DRS_TUI_CONNECT_TIMEOUT",
    "read_timeout": "DRS_TUI_READ_TIMEOUT",
    "retry_count": "DRS_TUI_RETRY_COUNT",
}
FLAGS: Mapping[TunableName, str] = {
    "connect_timeout": "--cli-connect-timeout",
    "read_timeout": "--cli-read-timeout",
    "retry_count": "--cli-retry-count",
}
# Above these a value is a typo, not a wish: an hour of silence, ten retries.
MAX_CONNECT_TIMEOUT = 300.0
MAX_READ_TIMEOUT = 3600.0
MAX_RETRY_COUNT = 10
DEFAULT_RETRY_COUNT = 2  # three attempts in all

_NUMBER = re.compile(r"[0-9]{1,9}(\.[0-9]{1,6})?")
_COUNT = re.compile(r"[0-9]{1,3}")


@dataclass(frozen=True)
class Tunables:
    """The values one source gives; None where it says nothing."""

    connect_timeout: float | None = None
    read_timeout: float | None = None
    retry_count: int | None = None

    def given(self) -> dict[TunableName, float | int]:
        return {name: v for name in TUNABLE_NAMES if (v := getattr(self, name)) is not None}


def check_tunable(name: TunableName, value: object, where: str) -> float | int:
    """`value` (a number, or its text) for `name`, or UsageError naming `where` it came from."""
    if name == "retry_count":
        return _check_count(value, where)
    limit = MAX_CONNECT_TIMEOUT if name == "connect_timeout" else MAX_READ_TIMEOUT
    number: float | None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = float(value.strip())
    else:
        number = None
    if number is None or not math.isfinite(number) or not 0 < number <= limit:
        raise UsageError(
            _("{where}: {value} is not a number of seconds above 0 and at most {limit:g}.").format(
                where=where, value=repr(value)[:40], limit=limit
            ),
            hint=_("Give seconds in digits, e.g. 30 or 2.5."),
        )
    return number


def _check_count(value: object, where: str) -> int:
    count: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        count = value
    elif isinstance(value, str) and _COUNT.fullmatch(value.strip()):
        count = int(value.strip())
    if count is None or not 0 <= count <= MAX_RETRY_COUNT:
        raise UsageError(
            _("{where}: {value} is not a retry count from 0 to {limit}.").format(
                where=where, value=repr(value)[:40], limit=MAX_RETRY_COUNT
            ),
            hint=_("Give a whole number, e.g. 0 for no retries or 3."),
        )
    return count


def from_environment(env: Mapping[str, str]) -> Tunables:
    values: dict[str, float | int] = {}
    for name, variable in ENV_VARS.items():
        text = env.get(variable, "").strip()
        if text:
            values[name] = check_tunable(name, text, _("environment {name}").format(name=variable))
    return Tunables(**values)  # type: ignore[arg-type]


def apply_tunables(
    settings: ConnectionSettings,
    *layers: tuple[Tunables, str],
    sources: dict[str, str] | None = None,
) -> ConnectionSettings:
    """`settings` with each tunable from the first layer (highest first) that gives it;
    `sources` (when given) records, in words, where each one came from."""
    timeouts = settings.timeouts
    retry_count = settings.retry_count
    chosen: set[str] = set()
    for tunables, where in layers:
        for name, value in tunables.given().items():
            if name in chosen:
                continue
            chosen.add(name)
            if sources is not None:
                sources[name] = where
            if name == "retry_count":
                retry_count = int(value)
            elif name == "connect_timeout":
                timeouts = replace(timeouts, connect=float(value))
            else:
                timeouts = replace(timeouts, read=float(value))
    return replace(settings, timeouts=timeouts, retry_count=retry_count)
