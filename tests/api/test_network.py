"""Network failures against real sockets on loopback."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from drs_tui.api.client import DrsClient
from drs_tui.api.errors import NetworkError
from drs_tui.simulator import Simulator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_connection_refused(make_client: Callable[..., DrsClient]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    async with make_client(drs_endpoint=url, iam_endpoint=url, project_id="p1") as client:
        with pytest.raises(NetworkError, match="Could not connect to 127.0.0.1"):
            await client.list_jobs()


async def test_tls_to_a_plain_http_server(
    make_client: Callable[..., DrsClient], simulator: Simulator
) -> None:
    url = simulator.base_url.replace("http://", "https://")
    async with make_client(drs_endpoint=url, iam_endpoint=url, project_id="p1") as client:
        with pytest.raises(NetworkError, match="TLS handshake"):
            await client.list_jobs()


async def test_read_timeout_on_a_silent_server(make_client: Callable[..., DrsClient]) -> None:
    from drs_tui.connection.settings import Timeouts

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        timeouts = Timeouts(connect=2, read=0.3, write=2, pool=2)
        async with make_client(
            drs_endpoint=url, iam_endpoint=url, project_id="p1", timeouts=timeouts
        ) as client:
            with pytest.raises(NetworkError, match="stopped answering: no data for 0.3 seconds"):
                await client.list_jobs()
