"""Typed errors of the HTTP layer, with a one-line hint for the common cases.

An `ApiError` carries what support needs to trace a call: status, error_code, error_msg,
X-Request-Id, method and URL. URLs never hold secrets (auth travels in headers only).
"""

from __future__ import annotations

import json
import re
from typing import Any

from drs_tui import exit_codes
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import (
    N_,
    _,
    _ as gettext,  # for the hints marked with N_() below
)

# error_code -> hint. APIGW codes come from the API gateway in front of every service; the
# DRS codes and their messages are those of Huawei's DRS API reference (DRS.10000010 "Job
# does not exist, please check job ID.", DRS.10030009 "Download template file failed.").
# The Chinese texts follow the console's wording for the same codes where it is public
# (drs_tui/i18n/po/api_hints.po). Marked N_ here, translated when an error is made.
_HINTS_BY_CODE = {
    "APIGW.0101": N_(
        "This API is not offered in this region or endpoint; pick a region where "
        "the DRS import-template APIs are available."
    ),
    "APIGW.0301": N_(
        "The token or AK/SK was rejected: check the credentials, and for AK/SK "
        "also the clock (signatures fail beyond 15 minutes of skew)."
    ),
    "APIGW.0303": N_(
        "The AK/SK signature was rejected: check the secret key and the clock "
        "of this machine (skew over 15 minutes fails)."
    ),
    "APIGW.0307": N_("The token has expired: enter a new token or use password / AK/SK auth."),
    "APIGW.0308": N_("Requests are being throttled: wait a moment and retry."),
    "APIGW.0302": N_(
        "This IAM user lacks the DRS permission for this API; ask the account "
        "admin for DRS read access."
    ),
    "DRS.M00102": N_(
        "Insufficient permissions: check this user's DRS permissions, or ask the account "
        "admin for DRS read access."
    ),
    "DRS.M00202": N_(
        "A parameter of the request was refused: check the job ID, result type, language and level."
    ),
    "DRS.10030008": N_(
        "The result file could not be produced: the job may have no uploaded "
        "template yet, or none of this type; upload a template in the console and retry."
    ),
    "DRS.10030009": N_(
        "DRS could not read this job's template file of this type: check that one was "
        "uploaded (a comparison-key file for the compare types) and that its import "
        "finished, then retry."
    ),
    "DRS.10000010": N_(
        "The job does not exist in this project: check the job ID, the region and the project."
    ),
}
# Not an error code: this job's scenario has no import templates (a message only).
_SCENARIO_HINT = N_(
    "This job's scenario does not support import templates (only Oracle -> "
    "GaussDB distributed and TaurusDB/MySQL -> Kafka sync jobs)."
)
# A type or parameter of huaweicloudsdkdrs that the public API reference does not list.
SDK_ONLY_HINT = N_(
    "{what} is known to Huawei's SDK but not to the public API reference, and this region "
    "refused it: ask without it (types detail, synchronized, change), or use a region "
    "that accepts it."
)
# Words of a message, in English or as DRS writes them in Chinese (X-Language: zh-cn), and
# the code whose hint fits: a code we do not know, or one that changes, still gets its hint.
_HINTS_BY_MESSAGE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("has not been published", "未发布"), "APIGW.0101"),
    (
        ("token must be updated", "token expired", "token has expired", "token需要更新"),
        "APIGW.0307",
    ),
    (("signature", "x-sdk-date", "app authentication", "签名"), "APIGW.0303"),
    (("throttl", "流控"), "APIGW.0308"),
    (("not authorized", "sufficient permission", "权限不足", "不允许访问"), "APIGW.0302"),
    (("download template file failed", "下载模板文件失败"), "DRS.10030009"),
    (("failed to download the file", "下载文件失败"), "DRS.10030008"),
    (("not support", "不支持"), "scenario"),
    (("job does not exist", "job not found", "task not found", "任务不存在"), "DRS.10000010"),
)
_HINTS_BY_STATUS = {
    400: N_("The request was rejected; check the job ID, type and language."),
    401: N_("Authentication failed: re-enter the credentials."),
    403: N_("Access denied: this user lacks DRS permissions in this project."),
    404: N_("Not found: check the job ID, the region and that the API exists in this region."),
    429: N_("Too many requests: wait a moment and retry."),
    500: N_("The server failed; retry later and quote the request ID to support."),
    502: N_("The gateway got no valid answer from DRS; retry in a minute."),
    503: N_("DRS is unavailable right now; retry in a minute."),
    504: N_("The gateway timed out waiting for DRS; retry in a minute."),
}


class ApiError(DrsTuiError):
    """A non-2xx answer from DRS, IAM or the gateway in front of them."""

    def __init__(
        self,
        *,
        status: int,
        error_code: str = "",
        error_msg: str = "",
        request_id: str | None = None,
        method: str = "",
        url: str = "",
        hint: str | None = None,
    ) -> None:
        self.status = status
        self.error_code = error_code
        self.error_msg = error_msg
        self.method = method
        self.url = url
        code = f" {error_code}" if error_code else ""
        message = f"HTTP {status}{code}: {error_msg or _('no error message')}"
        if hint is None:
            hint = hint_for(status, error_code, error_msg)
        super().__init__(message, hint=hint, request_id=request_id)
        self.title = _("Authentication failed") if status in (401, 403) else _("DRS API error")
        self.exit_code = exit_codes.AUTH if status in (401, 403) else exit_codes.API
        self.needs_credentials = status == 401
        self.credentials_may_help = status == 403  # another profile may have the permission
        self.region_may_help = error_code == "APIGW.0101" or status == 404

    @property
    def is_auth_failure(self) -> bool:
        return self.status in (401, 403)

    def details(self) -> list[tuple[str, str]]:
        rows = [
            (_("Status"), str(self.status)),
            (_("Error code"), self.error_code or "-"),
            (_("Message"), self.error_msg or "-"),
        ]
        if self.hint:
            rows.append((_("Hint"), self.hint))
        rows.append((_("Request ID"), self.request_id or "-"))
        if self.url:
            rows.append((_("Request"), f"{self.method} {self.url}"))
        return rows


def hint_for(status: int, error_code: str, error_msg: str) -> str:
    """The hint for an answer, in the user's language: by code, then by the message's
    words, then by status."""
    if error_code in _HINTS_BY_CODE:
        return gettext(_HINTS_BY_CODE[error_code])
    lowered = error_msg.lower()
    for words, code in _HINTS_BY_MESSAGE:
        if any(word in lowered for word in words):
            return gettext(_SCENARIO_HINT if code == "scenario" else _HINTS_BY_CODE[code])
    if "not exist" in lowered or "not found" in lowered or "不存在" in lowered:
        return gettext(_HINTS_BY_STATUS[404])
    return gettext(_HINTS_BY_STATUS[status]) if status in _HINTS_BY_STATUS else ""


def refused_sdk_only(error: ApiError) -> bool:
    """Whether a 400 reads as a refused parameter value, what a region that does not know
    an SDK-only type or parameter answers, rather than a reason of its own (no file, no job)."""
    if error.status != 400:
        return False
    if error.error_code == "DRS.M00202":
        return True
    lowered = error.error_msg.lower()
    invalid = any(word in lowered for word in ("invalid", "not valid", "不合法", "无效"))
    return invalid and error.error_code not in _HINTS_BY_CODE


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def parse_error_body(body: bytes, content_type: str) -> tuple[str, str]:
    """(error_code, error_msg) from DRS/APIGW, IAM or any other body; never a dump."""
    text = body.decode("utf-8", errors="replace")
    try:
        data: Any = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        inner = data.get("error")
        if isinstance(inner, dict):  # IAM: {"error": {"code": 401, "message": ..., "title": ...}}
            return str(inner.get("code", "")), str(inner.get("message", "")).strip()
        code = data.get("error_code") or data.get("errorCode") or data.get("code") or ""
        msg = data.get("error_msg") or data.get("errorMsg") or data.get("message") or ""
        if code or msg:
            return str(code), str(msg).strip()
    return "", summarise_body(text, content_type)


def summarise_body(text: str, content_type: str) -> str:
    """One short line about a non-JSON body, e.g. a gateway's HTML page."""
    if not text.strip():
        return _("empty response body")
    if "html" in content_type or text.lstrip().startswith("<"):
        title = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.I | re.S)
        found = title or heading
        label = _SPACE.sub(" ", _TAG.sub("", found.group(1))).strip() if found else ""
        return (
            _("HTML page from the gateway: {title}").format(title=label[:120])
            if label
            else _("HTML page")
        )
    line = _SPACE.sub(" ", text).strip()
    return line[:200] + ("..." if len(line) > 200 else "")


class NetworkError(DrsTuiError):
    """The request never got an HTTP answer."""

    title = N_("Network problem")
    exit_code = exit_codes.NETWORK
    region_may_help = True  # e.g. an endpoint that does not exist in this region


class CredentialsError(DrsTuiError):
    """Credentials are missing or IAM gave no usable token."""

    title = N_("Credentials problem")
    exit_code = exit_codes.AUTH
    needs_credentials = True


class NoProjectInRegionError(CredentialsError):
    """IAM lists no project of the region for these credentials."""

    region_may_help = True


class UnexpectedAnswerError(DrsTuiError):
    """A 2xx answer whose content makes no sense (a count that is not a number, say)."""

    title = N_("Unexpected answer")
    exit_code = exit_codes.API


class BadResultFileError(DrsTuiError):
    """The download finished but the body is not a readable ZIP."""

    title = N_("Bad result file")
    exit_code = exit_codes.BAD_RESULT
