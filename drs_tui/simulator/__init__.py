"""A loopback IAM + DRS simulator for the demo and the tests. Nothing here imports Textual.

`Simulator` and `Faults` load on first use: the demo app imports `listener` from this
package before its first screen and must not pay for the HTTP server's imports then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drs_tui.simulator.server import Faults, Simulator

__all__ = ["Faults", "Simulator"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from drs_tui.simulator import server

        return getattr(server, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
