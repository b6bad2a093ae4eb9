"""The DRS client: one httpx.AsyncClient per session, explicit timeouts, proxies from env.

async with DrsClient(settings) as client:
    page = await client.list_jobs(name="orders")
    result = await client.download_template_result(request, Path("."))
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import time
from collections.abc import Callable, Coroutine, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

import httpcore
import httpx

from drs_tui import __version__
from drs_tui.api import log_redaction, request_log
from drs_tui.api.auth import AkSkAuth, IamTokenSource, PasswordAuth, TokenAuth
from drs_tui.api.download import (
    PartFile,
    check_folder,
    check_writable_target,
    filename_from_disposition,
    resolve_target,
)
from drs_tui.api.download_body import DownloadLimits, read_json_body, save_body, too_long
from drs_tui.api.errors import (
    SDK_ONLY_HINT,
    ApiError,
    CredentialsError,
    NoProjectInRegionError,
    refused_sdk_only,
)
from drs_tui.api.models import (
    DownloadedResult,
    DownloadProgress,
    ImportProgress,
    JobPage,
    TemplateResultRequest,
)
from drs_tui.api.transport import RetryPolicy, Sleep, send_with_retries
from drs_tui.connection import inputs
from drs_tui.connection.endpoints import (
    SDK_ONLY_TYPES,
    default_drs_endpoint,
    default_iam_endpoint,
)
from drs_tui.connection.settings import (
    AkSkCredentials,
    ConnectionSettings,
    PasswordCredentials,
    TokenCredentials,
)
from drs_tui.errors import DrsTuiError
from drs_tui.i18n import (
    _,
    _ as gettext,  # for SDK_ONLY_HINT, marked with N_()
    api_language,
)

ProgressCallback = Callable[[DownloadProgress], None]
_log = logging.getLogger(__name__)
_P = ParamSpec("_P")
_R = TypeVar("_R")


def _redacting(
    method: Callable[Concatenate[DrsClient, _P], Coroutine[Any, Any, _R]],
) -> Callable[Concatenate[DrsClient, _P], Coroutine[Any, Any, _R]]:
    """Errors leave the client with its caller's secrets masked in every text they carry,
    whatever the server echoed back (see log_redaction)."""

    @functools.wraps(method)
    async def call(self: DrsClient, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return await method(self, *args, **kwargs)
        except DrsTuiError as exc:
            log_redaction.redact_error(exc, self.secret_values())
            raise

    return call


def _widen_socket_reads(size: int = 256 * 1024) -> None:
    """httpcore reads 64 KiB per recv; 256 KiB cuts the per-chunk Python work of a large
    download by about a quarter (bench/bench_download.py). A no-op if httpcore changes."""
    connection = getattr(httpcore, "AsyncHTTP11Connection", None)
    if connection is not None and getattr(connection, "READ_NUM_BYTES", size) < size:
        connection.READ_NUM_BYTES = size


class DrsClient:
    def __init__(
        self,
        settings: ConnectionSettings,
        *,
        retry: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        # Both change the whole process (a class attribute of httpcore, filters on the
        # httpx and httpcore loggers), so they happen when a client is made, before its
        # first request, not when this module is imported for its types. Both are idempotent.
        _widen_socket_reads()
        log_redaction.install()
        inputs.check_region(settings.region)
        if settings.project_id:
            inputs.check_id("project_id", settings.project_id)
        self.settings = settings
        self.drs_endpoint = (settings.drs_endpoint or default_drs_endpoint(settings.region)).rstrip(
            "/"
        )
        self.iam_endpoint = (settings.iam_endpoint or default_iam_endpoint(settings.region)).rstrip(
            "/"
        )
        t = settings.timeouts
        self._http = httpx.AsyncClient(
            timeout=httpx.Timeout(connect=t.connect, read=t.read, write=t.write, pool=t.pool),
            verify=settings.verify,
            trust_env=True,
            follow_redirects=False,
            headers={"User-Agent": f"drs-tui/{__version__}"},
            event_hooks={
                "request": [request_log.on_request],
                "response": [request_log.on_response],
            },
        )
        self._retry = retry or RetryPolicy(attempts=settings.retry_count + 1)
        self._sleep = sleep
        self._project_id = settings.project_id
        self._token_source: IamTokenSource | None = None
        self._auth = self._make_auth(settings)
        log_redaction.register(self.secret_values)
        _log.info(
            "client: region %s, DRS endpoint %s (%s), IAM endpoint %s (%s), project %s; "
            "timeouts connect %g s, read %g s; retry count %d",
            settings.region,
            self.drs_endpoint,
            "override" if settings.drs_endpoint else "from the region",
            self.iam_endpoint,
            "override" if settings.iam_endpoint else "from the region",
            settings.project_id or "to be resolved",
            t.connect,
            t.read,
            settings.retry_count,
        )

    def secret_values(self) -> Iterator[str]:
        """This session's secrets as sent: what must never come back out of a server's text."""
        creds = self.settings.credentials
        if isinstance(creds, TokenCredentials):
            yield creds.token.reveal()
        elif isinstance(creds, PasswordCredentials):
            yield creds.password.reveal()
            if creds.mfa_code:
                yield creds.mfa_code.reveal()
            token = self._token_source.token if self._token_source else None
            if token is not None:
                yield token.value
        elif isinstance(creds, AkSkCredentials):
            yield creds.access_key
            yield creds.secret_key.reveal()
            if creds.security_token:
                yield creds.security_token.reveal()

    def _make_auth(self, settings: ConnectionSettings) -> httpx.Auth:
        creds = settings.credentials
        if isinstance(creds, TokenCredentials):
            return TokenAuth(creds.token.reveal())
        if isinstance(creds, PasswordCredentials):
            self._token_source = IamTokenSource(
                creds,
                iam_endpoint=self.iam_endpoint,
                region=settings.region,
                project_id=settings.project_id,
                http=self._http,
            )
            return PasswordAuth(self._token_source)
        if isinstance(creds, AkSkCredentials):
            return AkSkAuth(creds, settings.project_id)
        raise CredentialsError(
            _("Unknown credentials type {kind}.").format(kind=type(creds).__name__)
        )

    async def __aenter__(self) -> DrsClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        log_redaction.unregister(self.secret_values)
        await self._http.aclose()

    def __repr__(self) -> str:
        return f"DrsClient(endpoint={self.drs_endpoint!r}, region={self.settings.region!r})"

    # -- identity -------------------------------------------------------------------

    @property
    def project_id(self) -> str | None:
        return self._project_id

    @property
    def token_expires_at(self) -> datetime | None:
        token = self._token_source.token if self._token_source else None
        return token.expires_at if token else None

    @_redacting
    async def resolve_project_id(self) -> str:
        """From settings, from the password token's scope, or from IAM by region name."""
        if self._project_id:
            return self._project_id
        if self._token_source is not None:
            token = await self._token_source.get()
            if token.project_id:
                _log.info("project id from the IAM token's scope")
                return self._set_project(token.project_id)
        _log.info("project id: asking IAM for the project named %s", self.settings.region)
        data = await self._get_json(
            f"{self.iam_endpoint}/v3/projects", params={"name": self.settings.region}
        )
        listed = data.get("projects")
        projects = [p for p in listed if isinstance(p, dict)] if isinstance(listed, list) else []
        match = next((p for p in projects if p.get("name") == self.settings.region), None)
        if match is None or not match.get("id"):
            raise NoProjectInRegionError(
                _("IAM lists no project named {region} for these credentials.").format(
                    region=self.settings.region
                ),
                hint=_("Check the region, or give the project ID explicitly (--project-id)."),
            )
        return self._set_project(str(match["id"]))

    def _set_project(self, project_id: str) -> str:
        self._project_id = inputs.check_id("project_id", project_id)
        if isinstance(self._auth, AkSkAuth):
            self._auth.project_id = project_id
        return project_id

    # -- DRS ------------------------------------------------------------------------

    @_redacting
    async def list_jobs(
        self,
        *,
        job_type: str = "sync",
        name: str | None = None,
        status: str | None = None,
        engine_type: str | None = None,
        offset: int = 0,
        limit: int = 10,
    ) -> JobPage:
        """One page of the project's jobs; name, status and engine_type filter on the server."""
        inputs.check_paging(offset, limit)
        if engine_type:
            inputs.check_engine_type(engine_type)
        project = await self.resolve_project_id()
        params: dict[str, str | int] = {"job_type": job_type, "offset": offset, "limit": limit}
        if name:
            params["name"] = name
        if status:
            params["status"] = status
        if engine_type:
            params["engine_type"] = engine_type
        data = await self._get_json(f"{self.drs_endpoint}/v5/{project}/jobs", params=params)
        return JobPage.from_api(data, offset, limit)

    @_redacting
    async def template_progress(
        self,
        job_id: str,
        *,
        level: str | None = None,
        offset: int | None = None,
        limit: int | None = None,
    ) -> ImportProgress:
        """The import progress of the job's uploaded template; `level="column"` asks for the
        column-level import's (the SDK's `type=column`), offset/limit page it as the SDK does."""
        inputs.check_id("job_id", job_id)
        inputs.check_level(level)
        params: dict[str, str | int] = {}
        if level:
            params["type"] = level
        if offset is not None or limit is not None:
            inputs.check_paging(offset or 0, 10 if limit is None else limit)
            if offset is not None:
                params["offset"] = offset
            if limit is not None:
                params["limit"] = limit
        project = await self.resolve_project_id()
        url = f"{self.drs_endpoint}/v5/{project}/jobs/{job_id}/db-object/template/progress"
        try:
            data = await self._get_json(url, params=params or None)
        except ApiError as exc:
            _explain_sdk_only(exc, [f"type={level}"] if level else [])
            raise
        return ImportProgress.from_api(data)

    @_redacting
    async def download_template_result(
        self,
        request: TemplateResultRequest,
        dest: Path,
        *,
        overwrite: bool = False,
        on_progress: ProgressCallback | None = None,
        limits: DownloadLimits | None = None,
        name: str | None = None,
    ) -> DownloadedResult:
        """Stream the result ZIP to `dest` (a folder or a file path) and return where it is.

        In a folder the file is called `name` when given (`drs-tui fetch` passes
        `file_name_for`, the app's rule), else what the server's Content-Disposition says
        (sanitised, always `.zip`), else the request's default name; `overwrite` replaces
        an existing file only when `dest` itself names it.
        """
        limits = limits or DownloadLimits()
        inputs.check_id("job_id", request.job_id)
        inputs.check_result_type(request.type)
        inputs.check_language(request.language)
        inputs.check_level(request.level)
        in_folder = dest.is_dir()
        default_target = resolve_target(dest, name or request.default_filename())
        check_folder(default_target.parent)
        project = await self.resolve_project_id()
        http_request = self.result_request(request, project)
        if limits.read_timeout is not None:
            t = self._http.timeout
            http_request.extensions["timeout"] = httpx.Timeout(
                connect=t.connect, read=limits.read_timeout, write=t.write, pool=t.pool
            ).as_dict()
        started = time.monotonic()
        deadline = asyncio.timeout(limits.timeout or None)
        try:
            async with deadline, self._send(http_request) as response:
                disposition = response.headers.get("Content-Disposition")
                named = None if name else filename_from_disposition(disposition)
                target = resolve_target(dest, named) if named and in_folder else default_target
                _log.info(
                    "saving to %s (named by %s)",
                    target,
                    "the caller"
                    if name or not in_folder
                    else "Content-Disposition"
                    if named
                    else "the request (no usable Content-Disposition)",
                )
                replace = overwrite and not in_folder
                check_writable_target(target, overwrite=replace, named_by_user=not in_folder)
                part = PartFile(target)
                try:
                    await save_body(response, part, limits, started, on_progress)
                    entries = await part.commit(overwrite=replace)
                    _log.info("saved %s: %d bytes, %d entries", target, part.size, entries)
                except BaseException:
                    part.discard()  # cancel, network cut, bad ZIP: never leave a partial file
                    raise
        except TimeoutError:
            if deadline.expired():
                raise too_long(limits) from None
            raise
        except ApiError as exc:
            _explain_sdk_only(exc, _sdk_only_parameters(request))
            raise
        return DownloadedResult(
            path=target,
            size=part.size,
            request_id=response.headers.get("X-Request-Id"),
            request=request,
            entry_count=entries,
        )

    def result_request(self, request: TemplateResultRequest, project_id: str) -> httpx.Request:
        """The result download as it goes out, before authentication: built, not sent
        (`fetch --dry-run` shows it)."""
        url = f"{self.drs_endpoint}/v5/{project_id}/jobs/{request.job_id}/db-object/template/result"
        params = {"type": request.type}
        if request.level:
            params["file_export_object_level"] = request.level
        http_request = self._build("GET", url, params=params, language=request.language)
        http_request.headers["Accept-Encoding"] = "identity"  # the body is a ZIP already
        return http_request

    # -- plumbing -------------------------------------------------------------------

    def _build(
        self, method: str, url: str, *, params: Any = None, language: str | None = None
    ) -> httpx.Request:
        headers = {
            "Content-Type": "application/json",
            # No language chosen (flag, profile, form): the one the user reads the app in.
            "X-Language": language or self.settings.language or api_language(),
        }
        return self._http.build_request(method, url, params=params, headers=headers)

    def _send(self, request: httpx.Request) -> Any:
        return send_with_retries(
            _AuthedClient(self._http, self._auth),
            request,
            policy=self._retry,
            idempotent=request.method in ("GET", "HEAD"),
            sleep=self._sleep,
            auth=self.settings.credentials.method,
        )

    async def _get_json(self, url: str, *, params: Any = None) -> dict[str, Any]:
        request = self._build("GET", url, params=params)
        async with self._send(request) as response:
            body = await read_json_body(response)
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # RecursionError: [[[[...]]]] nested too deep
            raise ApiError(
                status=response.status_code,
                error_msg=_("the answer was not JSON"),
                request_id=response.headers.get("X-Request-Id"),
                method=request.method,
                url=str(request.url),
                hint=_("An endpoint override may point at the wrong service."),
            ) from None
        return data if isinstance(data, dict) else {}


def _sdk_only_parameters(request: TemplateResultRequest) -> list[str]:
    """What in a result request only the SDK knows (the reference lists neither)."""
    found = [f"type={request.type}"] if request.type in SDK_ONLY_TYPES else []
    if request.level:
        found.append(f"file_export_object_level={request.level}")
    return found


def _explain_sdk_only(error: ApiError, sdk_only: list[str]) -> None:
    """A region that refuses what only the SDK knows gets a hint that says so."""
    if sdk_only and refused_sdk_only(error):
        error.hint = gettext(SDK_ONLY_HINT).format(what=", ".join(sdk_only))
        error.region_may_help = True


class _AuthedClient:
    """Lets send_with_retries call `send` with this session's auth and timeouts."""

    def __init__(self, http: httpx.AsyncClient, auth: httpx.Auth) -> None:
        self._http = http
        self._auth = auth
        self.timeout = http.timeout

    async def send(self, request: httpx.Request, *, stream: bool) -> httpx.Response:
        return await self._http.send(request, stream=stream, auth=self._auth)
