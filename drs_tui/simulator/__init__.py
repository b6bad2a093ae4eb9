"""A loopback IAM + DRS simulator for the demo and the tests. Nothing here imports Textual."""

from drs_tui.simulator.server import Faults, Simulator

__all__ = ["Faults", "Simulator"]
