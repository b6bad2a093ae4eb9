"""The simulator answers like the real gateway, IAM and DRS, over plain HTTP."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest

from drs_tui.simulator import Simulator
from drs_tui.simulator.accounts import DEMO
from drs_tui.simulator.jobs import ORACLE_JOB, demo_jobs
from drs_tui.simulator.listener import DemoListener
from drs_tui.simulator.result_files import build_result_zip

JOBS = f"/v5/{DEMO.project_id}/jobs"


def get(sim: Simulator, path: str, **headers: str) -> httpx.Response:
    return httpx.get(sim.base_url + path, headers=headers, timeout=5)


def test_every_answer_has_a_request_id_and_date(simulator: Simulator) -> None:
    for response in (get(simulator, JOBS), get(simulator, JOBS, **{"X-Auth-Token": DEMO.token})):
        assert len(response.headers["X-Request-Id"]) == 32
        assert response.headers["Date"].endswith("GMT")


def test_gateway_rejects_missing_and_unknown_credentials(simulator: Simulator) -> None:
    assert get(simulator, JOBS).json()["error_code"] == "APIGW.0301"
    bad = get(simulator, JOBS, **{"X-Auth-Token": "nope"})
    assert bad.status_code == 401
    unsigned = get(
        simulator, JOBS, Authorization="SDK-HMAC-SHA256 Access=X, SignedHeaders=host, Signature=00"
    )
    assert unsigned.status_code == 401


def test_iam_token_issue_and_use(simulator: Simulator) -> None:
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": DEMO.user_name,
                        "password": DEMO.password,
                        "domain": {"name": DEMO.domain_name},
                    }
                },
            },
            "scope": {"project": {"name": DEMO.region}},
        }
    }
    issued = httpx.post(simulator.base_url + "/v3/auth/tokens", json=body, timeout=5)
    assert issued.status_code == 201
    token = issued.headers["X-Subject-Token"]
    assert issued.json()["token"]["project"]["id"] == DEMO.project_id
    assert get(simulator, JOBS, **{"X-Auth-Token": token}).status_code == 200
    body["auth"]["identity"]["password"]["user"]["password"] = "wrong"  # type: ignore[index]
    refused = httpx.post(simulator.base_url + "/v3/auth/tokens", json=body, timeout=5)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == 401


def test_paging_and_filters(simulator: Simulator) -> None:
    auth = {"X-Auth-Token": DEMO.token}
    page = get(simulator, JOBS + "?offset=5&limit=3", **auth).json()
    assert page["total_count"] == len(demo_jobs()) - 1  # the migration job is not sync
    assert len(page["jobs"]) == 3
    assert get(simulator, JOBS + "?job_type=migration", **auth).json()["total_count"] == 1
    found = get(simulator, JOBS + f"?name={ORACLE_JOB[-6:]}", **auth).json()
    assert [j["id"] for j in found["jobs"]] == [ORACLE_JOB]


@pytest.mark.parametrize("language", ["en-us", "zh-cn"])
def test_detail_workbook_has_an_error_reason_column(language: str) -> None:
    from openpyxl import load_workbook

    job = next(j for j in demo_jobs() if j.id == ORACLE_JOB)
    with zipfile.ZipFile(io.BytesIO(build_result_zip(job, "detail", language, "column"))) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".xlsx"))
        workbook = load_workbook(io.BytesIO(zf.read(name)), read_only=True)
    rows = list(workbook.worksheets[0].values)
    header = rows[0]
    reason = "Error Reason" if language == "en-us" else "错误原因"
    assert header[-1] == reason and ("Column" in header or "列名" in header)
    last = len(header) - 1  # read-only rows stop at their last non-empty cell
    assert sum(1 for row in rows[1:] if len(row) > last and row[last]) == 3


def test_faults_count_down(simulator: Simulator) -> None:
    simulator.faults.bad_gateway = 1
    first = get(simulator, JOBS, **{"X-Auth-Token": DEMO.token})
    second = get(simulator, JOBS, **{"X-Auth-Token": DEMO.token})
    assert first.status_code == 502 and "text/html" in first.headers["Content-Type"]
    assert second.status_code == 200


def test_demo_listener_answers_requests_sent_before_it_started() -> None:
    import socket
    import threading

    with DemoListener() as listener:
        answer: list[httpx.Response] = []
        early = threading.Thread(
            target=lambda: answer.append(
                httpx.get(listener.base_url + JOBS, headers={"X-Auth-Token": DEMO.token})
            )
        )
        early.start()  # connects at once (the socket listens) and waits for an answer
        early.join(timeout=0.3)
        assert early.is_alive() and not answer
        listener.start()
        listener.start()  # once only
        early.join(timeout=10)
        assert answer[0].status_code == 200 and answer[0].json()["total_count"] > 0
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", _port(listener))):
        pass  # stopped: nothing listens any more


def test_a_demo_listener_never_started_still_closes() -> None:
    import socket

    listener = DemoListener()
    listener.stop()
    listener.start()  # after stop: stays stopped
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", _port(listener))):
        pass


def _port(listener: DemoListener) -> int:
    return int(listener.base_url.rsplit(":", 1)[1])
