"""The loopback simulator as a fixture: real HTTP on 127.0.0.1, fresh faults per test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drs_tui.simulator import Simulator


@pytest.fixture(scope="session")
def _simulator_session() -> Iterator[Simulator]:
    with Simulator() as sim:
        yield sim


@pytest.fixture
def simulator(_simulator_session: Simulator) -> Iterator[Simulator]:
    """The shared simulator with its faults, requests log and tokens reset for this test."""
    from drs_tui.simulator.gateway import TokenBook
    from drs_tui.simulator.jobs import demo_jobs
    from drs_tui.simulator.server import Faults

    sim = _simulator_session
    sim.faults = Faults()
    sim.seen.clear()
    sim.tokens = TokenBook()
    sim.jobs = demo_jobs()
    sim.forget_uploads()
    yield sim
