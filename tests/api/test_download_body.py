"""The download within limits: identity encoding, bounded decoding, size, deadline, rate."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from drs_tui.api.client import DrsClient
from drs_tui.api.download_body import (
    DECODE_STEP,
    BodyDecoder,
    DownloadLimits,
    MiB,
    read_capped,
    read_json_body,
)
from drs_tui.api.errors import BadResultFileError, NetworkError, UnexpectedAnswerError
from drs_tui.api.models import TemplateResultRequest
from drs_tui.simulator import Simulator
from drs_tui.simulator.hostile import gzip_of_zeros
from drs_tui.simulator.jobs import ORACLE_JOB, demo_jobs
from drs_tui.simulator.result_files import build_result_zip

REQUEST = TemplateResultRequest(ORACLE_JOB)


async def test_the_download_asks_for_identity_encoding(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    await client.download_template_result(REQUEST, tmp_path)
    assert simulator.seen[-1].headers["Accept-Encoding"] == "identity"


async def test_a_gzip_bomb_stops_at_the_size_limit_in_little_memory(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.hostile.gzip_bomb = 128 * MiB  # about 128 KiB on the wire
    gzip_of_zeros(128 * MiB)  # built before measuring: the server's cost, not ours
    tracemalloc.start()
    try:
        with pytest.raises(BadResultFileError, match="past the download limit of 48.0 MiB"):
            await client.download_template_result(
                REQUEST, tmp_path, limits=DownloadLimits(max_size=48 * MiB)
            )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 24 * MiB
    assert list(tmp_path.iterdir()) == []


async def test_a_gzip_bomb_under_the_limit_is_decoded_and_refused_as_not_a_zip(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.hostile.gzip_bomb = 2 * MiB
    with pytest.raises(BadResultFileError, match="not a ZIP"):
        await client.download_template_result(REQUEST, tmp_path)
    assert list(tmp_path.iterdir()) == []


async def test_an_endless_body_stops_at_the_size_limit(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.hostile.endless = True
    with pytest.raises(BadResultFileError, match="grew past the download limit of 4.0 MiB") as info:
        await client.download_template_result(
            REQUEST, tmp_path, limits=DownloadLimits(max_size=4 * MiB)
        )
    assert "--max-size SIZE" in info.value.hint
    assert list(tmp_path.iterdir()) == []


async def test_a_declared_length_over_the_limit_is_refused_before_reading(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.big_result = 3 * MiB
    with pytest.raises(BadResultFileError, match=r"The result is 3\.0 MiB, over"):
        await client.download_template_result(
            REQUEST, tmp_path, limits=DownloadLimits(max_size=MiB)
        )
    assert list(tmp_path.iterdir()) == []


async def test_a_trickle_is_stopped_by_the_rate_floor(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.hostile.trickle = 0.01  # about 100 bytes a second
    limits = DownloadLimits(min_rate=1000, rate_window=0.3)
    with pytest.raises(NetworkError, match="slowed to") as info:
        await client.download_template_result(REQUEST, tmp_path, limits=limits)
    assert "--min-rate" in info.value.hint
    assert list(tmp_path.iterdir()) == []


async def test_a_trickle_is_stopped_by_the_deadline(
    client: DrsClient, simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.hostile.trickle = 0.01
    limits = DownloadLimits(timeout=0.5, min_rate=0)
    with pytest.raises(NetworkError, match="did not finish within 0.5 seconds") as info:
        await client.download_template_result(REQUEST, tmp_path, limits=limits)
    assert "--timeout" in info.value.hint
    assert list(tmp_path.iterdir()) == []


async def test_a_stall_names_the_flag_that_allows_longer(
    make_client: Callable[..., DrsClient], simulator: Simulator, tmp_path: Path
) -> None:
    simulator.faults.stall = 1.5
    async with make_client() as client:
        with pytest.raises(NetworkError, match="no data for 0.3 seconds") as info:
            await client.download_template_result(
                REQUEST, tmp_path, limits=DownloadLimits(read_timeout=0.3)
            )
    assert "--read-timeout SECONDS" in info.value.hint
    assert list(tmp_path.iterdir()) == []


def result_zip() -> bytes:
    return build_result_zip(demo_jobs()[0], "detail", "en-us", None)


@pytest.mark.parametrize(
    ("encoding", "pack"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-15)),  # raw, as some servers do
        ("identity", lambda data: data),
        (None, lambda data: data),
    ],
)
def test_decoder_undoes_what_servers_send(
    encoding: str | None, pack: Callable[[bytes], bytes]
) -> None:
    data = result_zip()
    decoder = BodyDecoder(encoding)
    packed = pack(data)
    out = b"".join(
        piece for i in range(0, len(packed), 100) for piece in decoder.decode(packed[i : i + 100])
    )
    decoder.finish()
    assert out == data


def test_decoder_produces_bounded_pieces_from_one_bomb_chunk() -> None:
    pieces = BodyDecoder("gzip").decode(gzip_of_zeros(16 * MiB))
    sizes = [len(p) for p in pieces]
    assert sum(sizes) == 16 * MiB and max(sizes) <= DECODE_STEP


def test_decoder_refuses_unknown_and_cut_encodings() -> None:
    with pytest.raises(BadResultFileError, match="'br'"):
        BodyDecoder("br")
    decoder = BodyDecoder("gzip")
    list(decoder.decode(gzip.compress(result_zip())[:-20]))
    with pytest.raises(BadResultFileError, match="damaged or incomplete"):
        decoder.finish()


async def test_a_json_answer_has_a_size_limit_too() -> None:
    body = httpx.ByteStream(gzip_of_zeros(64 * MiB))
    bomb = httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=body)
    with pytest.raises(UnexpectedAnswerError, match="far more than DRS ever sends"):
        await read_json_body(bomb)


class CutStream(httpx.AsyncByteStream):
    """A body that breaks off after its first bytes."""

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"error_code": "DRS.1", "error_msg": "half'
        raise httpx.ReadError("connection cut")


async def test_a_cut_error_body_keeps_what_came_and_a_cut_json_answer_raises() -> None:
    cut = httpx.Response(500, stream=CutStream())
    assert await read_capped(cut, 1024, keep_partial=True) == (
        b'{"error_code": "DRS.1", "error_msg": "half',
        False,
    )
    with pytest.raises(httpx.ReadError):
        await read_json_body(httpx.Response(200, stream=CutStream()))
