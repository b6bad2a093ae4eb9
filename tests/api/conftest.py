"""Clients against the loopback simulator, one per auth method."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from drs_tui.api.client import DrsClient
from drs_tui.api.transport import RetryPolicy
from drs_tui.connection.settings import ConnectionSettings, Timeouts
from drs_tui.simulator import Simulator
from drs_tui.simulator.demo import demo_settings


class SleepLog:
    """Records backoff sleeps instead of waiting them out."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def sleeps() -> SleepLog:
    return SleepLog()


@pytest.fixture
def make_client(simulator: Simulator, sleeps: SleepLog) -> Callable[..., DrsClient]:
    made: list[DrsClient] = []

    def make(method: str = "token", **changes: Any) -> DrsClient:
        settings: ConnectionSettings = demo_settings(simulator.base_url, method)  # type: ignore[arg-type]
        if changes:
            settings = dataclasses.replace(settings, **changes)
        client = DrsClient(settings, retry=RetryPolicy(), sleep=sleeps)
        made.append(client)
        return client

    return make


@pytest.fixture
async def client(make_client: Callable[..., DrsClient]) -> AsyncIterator[DrsClient]:
    async with make_client() as c:
        yield c


FAST = Timeouts(connect=2.0, read=0.5, write=2.0, pool=2.0)
