"""The hostile server serves what it promises, so the client's tests attack for real."""

from __future__ import annotations

import gzip
import json

import httpx

from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.hostile import HOSTILE_HEADER_TEXT, HOSTILE_TEXT
from drs_tui.simulator.jobs import ORACLE_JOB

JOBS = f"/v5/{DEMO.project_id}/jobs"
RESULT = f"{JOBS}/{ORACLE_JOB}/db-object/template/result?type=detail"
TOKEN = {"X-Auth-Token": DEMO.token}


def get(sim: Simulator, path: str, **headers: str) -> httpx.Response:
    return httpx.get(sim.base_url + path, headers={**TOKEN, **headers}, timeout=5)


def test_error_echoes_the_token_and_carries_control_sequences(simulator: Simulator) -> None:
    simulator.faults.hostile.error = 1
    answer = get(simulator, JOBS)
    assert answer.status_code == 400
    body = answer.json()
    assert body["error_msg"].startswith(HOSTILE_TEXT) and DEMO.token in body["error_msg"]
    assert "\x1b[31m" in body["error_code"]
    assert answer.headers["X-Request-Id"] == HOSTILE_HEADER_TEXT  # UTF-8 on the wire
    assert get(simulator, JOBS).status_code == 200  # one error only


def test_error_echoes_the_password_of_a_token_request(simulator: Simulator) -> None:
    simulator.faults.hostile.error = 1
    body = {"auth": {"identity": {"password": {"user": {"password": 'pa"ss'}}}}}
    answer = httpx.post(simulator.base_url + "/v3/auth/tokens", json=body, timeout=5)
    assert 'password pa"ss' in answer.json()["error_msg"]


def test_server_error_asks_to_wait_with_any_retry_after(simulator: Simulator) -> None:
    simulator.faults.hostile.server_error = 1
    simulator.faults.retry_after = "²"
    answer = get(simulator, JOBS)
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "²"


def test_total_count_is_sent_verbatim(simulator: Simulator) -> None:
    simulator.faults.hostile.total_count = "1e400"
    raw = get(simulator, JOBS).text
    assert '"total_count": 1e400' in raw
    assert json.loads(raw)["total_count"] == float("inf")


def test_job_names_and_statuses_carry_the_text(simulator: Simulator) -> None:
    simulator.faults.hostile.job_text = HOSTILE_TEXT
    jobs = get(simulator, JOBS).json()["jobs"]
    assert jobs and all(
        j["name"].endswith(HOSTILE_TEXT) and j["status"] == HOSTILE_TEXT for j in jobs
    )


def test_gzip_bomb_ignores_accept_encoding(simulator: Simulator) -> None:
    simulator.faults.hostile.gzip_bomb = 4 * 1024 * 1024
    identity = {**TOKEN, "Accept-Encoding": "identity"}
    with httpx.stream("GET", simulator.base_url + RESULT, headers=identity) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
        raw = b"".join(answer.iter_raw())
    assert len(raw) < 64 * 1024
    assert gzip.decompress(raw) == bytes(4 * 1024 * 1024)


def test_endless_body_goes_on_while_read(simulator: Simulator) -> None:
    simulator.faults.hostile.endless = True
    read = 0
    with httpx.stream("GET", simulator.base_url + RESULT, headers=TOKEN, timeout=5) as answer:
        assert "Content-Length" not in answer.headers
        for chunk in answer.iter_raw():
            read += len(chunk)
            if read > 8 * 1024 * 1024:
                break
    assert read > 8 * 1024 * 1024


def test_trickle_sends_a_byte_at_a_time(simulator: Simulator) -> None:
    simulator.faults.hostile.trickle = 0.001
    with httpx.stream("GET", simulator.base_url + RESULT, headers=TOKEN, timeout=5) as answer:
        chunks = []
        for chunk in answer.iter_raw():
            chunks.append(chunk)
            if len(chunks) == 5:
                break
    assert [len(c) for c in chunks] == [1] * 5
