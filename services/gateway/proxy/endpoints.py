"""Routing `/api/<service>/…` to the services, and `/api/health`.

Bodies stream both ways (a 100 MB upload is passed on chunk by chunk, never held in memory). A bearer
token is checked here too, so an ended session stops at the door; the service verifies it again itself.
A method without a body (GET, HEAD, OPTIONS) is forwarded without one and without the client's
`Content-Length`, and is retried once when the pooled connection it went out on turns out to have been closed
by the service (it is idempotent); a path with control characters is refused here.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session
from starlette.background import BackgroundTask
from starlette.requests import ClientDisconnect
from starlette.responses import Response, StreamingResponse

from services.gateway.auth.service import AuthService
from services.shared import topology
from services.shared.errors import NotFound, OporaError, ServiceUnavailable
from services.shared.logs import REQUEST_ID_HEADER, current_request_id
from services.shared.security import TokenVerifier

log = logging.getLogger("opora.proxy")

router = APIRouter(tags=["gateway"])

HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "x-request-id",
}
BACKENDS = {process.name: process for process in topology.BACKENDS}
BODILESS = ("GET", "HEAD", "OPTIONS")
BODY_HEADERS = {"content-length", "content-type", "content-encoding"}
STALE_CONNECTION = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


def _title(service: str) -> str:
    return BACKENDS[service].title


def _check_token(request: Request, authorization: str) -> None:
    """Verify the bearer token and that its session is open (runs in a worker thread: it may do I/O)."""
    verifier: TokenVerifier = request.app.state.verifier
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return
    principal = verifier.verify(token)
    with Session(request.app.state.engine) as session:
        AuthService(
            session, request.app.state.engine, request.app.state.keys, request.app.state.settings
        ).ensure_current(principal)


def _forward_headers(request: Request) -> list[tuple[str, str]]:
    dropped = HOP_BY_HOP | BODY_HEADERS if request.method in BODILESS else HOP_BY_HOP
    headers = [(k, v) for k, v in request.headers.items() if k.lower() not in dropped]
    client = request.client.host if request.client else ""
    forwarded_for = request.headers.get("x-forwarded-for")
    headers += [
        ("x-forwarded-for", f"{forwarded_for}, {client}" if forwarded_for else client),
        ("x-forwarded-proto", request.url.scheme),
        ("x-forwarded-host", request.headers.get("host", "")),
        (REQUEST_ID_HEADER, current_request_id() or ""),
    ]
    return headers


@router.api_route(
    "/api/{service}/{path:path}",
    methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
    include_in_schema=False,
)
async def forward(service: str, path: str, request: Request) -> Response:
    # The decoded path as received (`path` and `request.url` lose a trailing newline or tabs on the way).
    if service not in BACKENDS or any(ord(char) < 32 or ord(char) == 127 for char in request.scope["path"]):
        raise NotFound("Адрес не найден", code="not_found")
    authorization = request.headers.get("authorization")
    if authorization:
        await run_in_threadpool(_check_token, request, authorization)
    url = f"{request.app.state.settings.service_url(service)}/api/{service}/{path}"
    target = f"{url}?{request.url.query}" if request.url.query else url
    try:
        response = await _send(request.app.state, request, target)
    except (httpx.InvalidURL, httpx.HTTPError) as exc:
        log.warning("%s %s: %s did not answer: %r", request.method, request.url.path, service, exc)
        raise _upstream_error(exc, service) from None
    except ClientDisconnect:
        # The client went away before its whole body came (a dropped connection, a cancelled upload): the service
        # saw its request end unfinished and wrote nothing. Nobody reads this answer; it is a 400, not a 500.
        log.info("%s %s: the client left before sending its whole body", request.method, request.url.path)
        raise OporaError(
            "Запрос оборван: тело запроса получено не полностью", code="incomplete_body", status_code=400
        ) from None
    headers = {k: v for k, v in response.headers.items() if k.lower() not in HOP_BY_HOP}
    return StreamingResponse(
        response.aiter_raw(),
        status_code=response.status_code,
        headers=headers,
        background=BackgroundTask(response.aclose),
    )


async def _send(state: Any, request: Request, target: str) -> httpx.Response:
    """The request sent on to `target`, its answer streamed.

    A request without a body takes a pooled connection, and is sent once more when that connection had been
    closed by the service meanwhile. A request with a body cannot be sent twice (it is streamed through, and may
    not be idempotent), so it never takes a pooled connection: it goes on one of its own (`proxy_body_client`, no
    keep-alive), which the service cannot have closed before it was sent. Twenty concurrent uploads once met a
    pooled connection that broke under them (a 502, `tests/reliability/test_races.py`)."""
    if request.method not in BODILESS:
        client: httpx.AsyncClient = state.proxy_body_client
        upstream = client.build_request(
            request.method, target, headers=_forward_headers(request), content=request.stream()
        )
        return await client.send(upstream, stream=True)
    for attempt in (1, 2):
        upstream = state.proxy_client.build_request(request.method, target, headers=_forward_headers(request))
        try:
            response: httpx.Response = await state.proxy_client.send(upstream, stream=True)
            return response
        except STALE_CONNECTION:
            if attempt == 2:
                raise
    raise AssertionError("unreachable: the second attempt answers or raises")


def _upstream_error(exc: Exception, service: str) -> OporaError:
    """The gateway's answer when the service could not be reached: 404 for an address httpx refuses, 504 when
    it did not answer in time, 503 when it is down, 502 for any other broken connection."""
    if isinstance(exc, httpx.InvalidURL):
        return NotFound("Адрес не найден", code="not_found")
    if isinstance(exc, httpx.TimeoutException):
        return OporaError(f"{_title(service)} не ответил вовремя", code="service_timeout", status_code=504)
    if isinstance(exc, httpx.ConnectError):
        return ServiceUnavailable(f"{_title(service)} недоступен", code="service_unavailable")
    return OporaError(f"{_title(service)} ответил с ошибкой соединения", code="bad_gateway", status_code=502)


async def _service_health(client: httpx.AsyncClient, base_url: str, service: str) -> dict[str, Any]:
    try:
        response = await client.get(f"{base_url}/api/{service}/health", timeout=3)
    except httpx.HTTPError:
        return {"status": "unavailable", "title": _title(service), "detail": f"{_title(service)} недоступен"}
    if response.status_code != 200:
        detail = response.json().get("detail", "") if response.content else ""
        return {"status": "unavailable", "title": _title(service), "detail": detail}
    return {"status": "ok", "title": _title(service)}


@router.get("/api/health", summary="Состояние шлюза и каждого сервиса")
async def health(request: Request) -> dict[str, Any]:
    client: httpx.AsyncClient = request.app.state.proxy_client
    settings = request.app.state.settings
    results = await asyncio.gather(*(_service_health(client, settings.service_url(name), name) for name in BACKENDS))
    services: dict[str, Any] = {"gateway": {"status": "ok", "title": topology.GATEWAY.title}}
    services.update(dict(zip(BACKENDS, results, strict=True)))
    status = "ok" if all(s["status"] == "ok" for s in services.values()) else "degraded"
    return {"status": status, "services": services}
