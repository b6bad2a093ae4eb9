"""Request handling of the simulator: routing, gateway checks, DRS and IAM answers."""

from __future__ import annotations

import json
import re
import socket
import time
import uuid
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, urlsplit

from drs_tui.simulator import hostile
from drs_tui.simulator.accounts import (
    PROJECT_IDS,
    REGIONS_WITHOUT_SDK_ONLY,
    REGIONS_WITHOUT_TEMPLATE_API,
)
from drs_tui.simulator.gateway import Rejection, check_request
from drs_tui.simulator.result_files import big_zip_parts, build_result_zip

if TYPE_CHECKING:
    from drs_tui.simulator.server import Simulator

_JOBS = re.compile(r"/v5/([^/]+)/jobs")
_TEMPLATE = re.compile(r"/v5/([^/]+)/jobs/([^/]+)/db-object/template/(progress|result)")
_RESULT_TYPES = ("detail", "synchronized", "change", "compare", "compare_key_detail")
_SDK_ONLY_TYPES = ("compare", "compare_key_detail")  # not in the public API reference
_HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
    b"Gateway</h1></center>\r\n<hr><center>API Gateway</center>\r\n</body>\r\n</html>\r\n"
)
_NO_API = Rejection(
    404, "APIGW.0101", "The API does not exist or has not been published in the environment"
)
_NO_FILE = Rejection(400, "DRS.10030008", "Failed to download the file")
# The codes and messages of Huawei's DRS API reference examples.
_NO_JOB = Rejection(400, "DRS.10000010", "Job does not exist, please check job ID.")
_NO_TEMPLATE_FILE = Rejection(400, "DRS.10030009", "Download template file failed.")
# Undocumented: the generic code of the reference's examples, with words of our own.
_NO_SCENARIO = Rejection(
    400, "DRS.10000001", "This job does not support importing objects by template."
)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "DRS-Simulator"
    sim: Simulator

    def log_message(self, format: str, *args: Any) -> None:
        pass  # requests are reported through Simulator.record, without headers

    # -- entry points ----------------------------------------------------------------

    def do_GET(self) -> None:
        self._handle(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._handle(self.rfile.read(length) if length else b"")

    def _handle(self, body: bytes) -> None:
        self.sim = self.server.simulator  # type: ignore[attr-defined]
        self.request_id = uuid.uuid4().hex
        self.status = 0
        faults = self.sim.faults
        if faults.latency:
            time.sleep(faults.latency)
        if faults.take("throttle"):
            self._reject(
                Rejection(429, "APIGW.0308", "The throttling threshold has been reached"),
                extra={"Retry-After": faults.retry_after},
            )
        elif faults.take("bad_gateway"):
            self._send(502, _HTML_502, "text/html")
        elif faults.hostile.take("server_error"):
            self._reject(
                Rejection(503, "DRS.10000503", "The service is busy"),
                extra={"Retry-After": faults.retry_after},
            )
        elif faults.hostile.take("error"):
            self.request_id = hostile.header_text(hostile.HOSTILE_HEADER_TEXT)
            self._send_json(400, hostile.error_body(dict(self.headers), body))
        else:
            self._route(body)

    def _route(self, body: bytes) -> None:
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        if self.command == "POST" and parts.path == "/v3/auth/tokens":
            self._issue_token(body)
            return
        rejection = check_request(
            self.sim.account, self.sim.tokens, self.command, self.path, dict(self.headers), body
        )
        if rejection is not None:
            self._reject(rejection)
        elif self.command == "GET" and parts.path == "/v3/projects":
            self._projects(query)
        elif self.command == "GET" and (m := _JOBS.fullmatch(parts.path)):
            self._list_jobs(m.group(1), query)
        elif self.command == "GET" and (m := _TEMPLATE.fullmatch(parts.path)):
            self._template(m.group(1), m.group(2), m.group(3), query)
        else:
            self._reject(_NO_API)

    # -- IAM -------------------------------------------------------------------------

    def _issue_token(self, body: bytes) -> None:
        from drs_tui.simulator.iam import token_answer

        status, headers, payload = token_answer(self.sim, body)
        self._send_json(status, payload, extra=headers)

    def _projects(self, query: dict[str, str]) -> None:
        name = query.get("name")
        projects = [
            {"id": pid, "name": region, "enabled": True}
            for region, pid in PROJECT_IDS.items()
            if name is None or name == region
        ]
        self._send_json(200, {"projects": projects, "links": {"self": "/v3/projects"}})

    # -- DRS -------------------------------------------------------------------------

    def _known_project(self, project_id: str) -> bool:
        if project_id in PROJECT_IDS.values():
            return True
        self._reject(Rejection(403, "DRS.10000003", "The project ID does not match the token"))
        return False

    def _list_jobs(self, project_id: str, query: dict[str, str]) -> None:
        if not self._known_project(project_id):
            return
        try:
            offset = int(query.get("offset", "0"))
            limit = int(query.get("limit", "10"))
        except ValueError:
            self._reject(Rejection(400, "DRS.10000001", "Invalid parameter: offset or limit"))
            return
        job_type = query.get("job_type", "sync")
        needle = query.get("name", "").lower()
        status = query.get("status")
        engine = query.get("engine_type")
        jobs = [
            j
            for j in self.sim.jobs
            if j.job_type == job_type
            and (not needle or needle in j.name.lower() or needle in j.id)
            and (not status or j.status == status)
            and (not engine or j.engine_type == engine)
        ]
        page = [j.to_api() for j in jobs[offset : offset + max(0, min(limit, 1000))]]
        bad = self.sim.faults.hostile
        if bad.job_text is not None:
            page = hostile.hostile_jobs(page, bad.job_text)
        if bad.total_count is not None:
            data = hostile.job_list_body(bad.total_count, page)
            self._send(200, data, "application/json;charset=UTF-8")
            return
        self._send_json(200, {"total_count": len(jobs), "jobs": page})

    def _template(self, project_id: str, job_id: str, what: str, query: dict[str, str]) -> None:
        if not self._known_project(project_id):
            return
        region = next(r for r, p in PROJECT_IDS.items() if p == project_id)
        if region in REGIONS_WITHOUT_TEMPLATE_API:
            self._reject(_NO_API)
            return
        job = self.sim.job(job_id)
        if job is None:
            self._reject(_NO_JOB)
            return
        if job.job_type != "sync" or job.engine_type not in (
            "oracle-to-gaussdbv5",
            "taurus-to-kafka",
            "mysql-to-kafka",
        ):
            self._reject(_NO_SCENARIO)
            return
        if what == "progress":
            self._progress(job, query, knows_sdk=region not in REGIONS_WITHOUT_SDK_ONLY)
            return
        if region in REGIONS_WITHOUT_SDK_ONLY:
            refused = _sdk_only_refused(query)
            if refused is not None:
                self._reject(refused)
                return
        self._result(job, query)

    def _progress(self, job: Any, query: dict[str, str], *, knows_sdk: bool) -> None:
        """offset and limit as the reference documents them; type=column (column-level
        import) as the SDK adds it, where the region knows it."""
        kind = query.get("type")
        if kind is not None and (kind != "column" or not knows_sdk):
            self._reject(_invalid("type"))
            return
        for name, least in (("offset", 0), ("limit", 1)):
            value = query.get(name)
            if value is not None and (not value.isdigit() or int(value) < least):
                self._reject(_invalid(name))
                return
        # Column-level templates exist for the Oracle scenario (workbooks) only.
        ready = job.template == "ready" and (kind is None or job.result_format == "xlsx")
        parsed = ("27" if kind == "column" else "9") if ready else "0"
        self._send_json(
            200,
            {
                "send_success": ready,
                "process_status": "success" if ready else "",
                "parsed_success_number": parsed,
            },
        )

    def _result(self, job: Any, query: dict[str, str]) -> None:
        result_type = query.get("type", "")
        language = self.headers.get("X-Language", "en-us")
        level = query.get("file_export_object_level")
        if result_type not in _RESULT_TYPES:
            self._reject(Rejection(400, "DRS.10000001", f"Invalid parameter: type {result_type!r}"))
            return
        if language not in ("en-us", "zh-cn") or level not in (None, "column"):
            self._reject(Rejection(400, "DRS.10000001", "Invalid parameter: X-Language or level"))
            return
        if job.template != "ready":
            self._reject(_NO_FILE)
            return
        if job.result_format != "xlsx" and (result_type.startswith("compare") or level):
            self._reject(_NO_TEMPLATE_FILE)  # Kafka jobs have no comparison-key or column file
            return
        faults = self.sim.faults
        if faults.hostile.gzip_bomb:
            hostile.send_gzip_bomb(self, faults.hostile.gzip_bomb)
            return
        if faults.hostile.endless:
            hostile.send_endless(self)
            return
        if faults.big_result:
            self._send_big(faults.big_result)
            return
        if faults.not_zip:
            self._send_json(
                200, {"error_code": "DRS.10030008", "error_msg": "Failed to download the file"}
            )
            return
        revision = self.sim.template_revision(job.id)
        data = build_result_zip(job, result_type, language, level, revision)
        name = f"{job.name}-{result_type}-{language}.zip"
        disposition = faults.disposition or (
            f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
        )
        headers = {"Content-Disposition": disposition}
        if faults.cut_body:
            self._send_cut(data, headers)
        elif faults.hostile.trickle:
            hostile.send_trickle(self, data, faults.hostile.trickle, headers)
        else:
            self._send(200, data, "application/octet-stream", extra=headers, stall=faults.stall)

    # -- writing ---------------------------------------------------------------------

    def _reject(self, rejection: Rejection, extra: dict[str, str] | None = None) -> None:
        payload = {"error_code": rejection.error_code, "error_msg": rejection.error_msg}
        self._send_json(rejection.status, payload, extra=extra)

    def _send_json(self, status: int, payload: Any, extra: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self._send(status, data, "application/json;charset=UTF-8", extra=extra)

    def _head(
        self, status: int, content_type: str, length: int | None, extra: dict[str, str] | None
    ) -> None:
        """The status line and headers; `length` None: a chunked body follows."""
        self.status = status
        self.sim.record(_seen(self))  # before the answer leaves, so tests see it in order
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length is None:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(length))
        self.send_header("X-Request-Id", self.request_id)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()

    def _send(
        self,
        status: int,
        data: bytes,
        content_type: str,
        extra: dict[str, str] | None = None,
        stall: float = 0.0,
    ) -> None:
        self._head(status, content_type, len(data), extra)
        if stall and len(data) > 16:
            self.wfile.write(data[:16])
            self.wfile.flush()
            time.sleep(stall)
            data = data[16:]
        self.wfile.write(data)

    def _send_cut(self, data: bytes, extra: dict[str, str]) -> None:
        self._head(200, "application/octet-stream", len(data), extra)
        self.wfile.write(data[: len(data) // 2])
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def _send_big(self, size: int) -> None:
        local, trailer, count, chunk_size = big_zip_parts(size)
        chunk = bytes(range(256)) * (chunk_size // 256)
        total = len(local) + count * chunk_size + len(trailer)
        extra = {"Content-Disposition": 'attachment; filename="big-result.zip"'}
        self._head(200, "application/octet-stream", total, extra)
        self.wfile.write(local)
        for _ in range(count):
            self.wfile.write(chunk)
        self.wfile.write(trailer)


def _invalid(parameter: str) -> Rejection:
    """DRS's documented answer to a value it does not accept (DRS.M00202)."""
    return Rejection(400, "DRS.M00202", f"The value of parameter {parameter} is invalid.")


def _sdk_only_refused(query: dict[str, str]) -> Rejection | None:
    if query.get("type") in _SDK_ONLY_TYPES:
        return _invalid("type")
    if "file_export_object_level" in query:
        return _invalid("file_export_object_level")
    return None


def _seen(handler: Handler) -> Any:
    from drs_tui.simulator.server import SeenRequest

    return SeenRequest(
        method=handler.command,
        path=handler.path,
        headers=dict(handler.headers),
        status=handler.status,
        request_id=handler.request_id,
    )
