"""Calling another service over HTTP on behalf of the caller: its token passed on, its errors relayed.

A 403 or 404 of the other service means the same for the caller (another territory's school, an unknown
run), so those answers travel back in the shared error shape (any 4xx in that shape: the caller's input was at
fault, not the other service); an unreachable service is a 503 naming it. Values put into a path go through
`segment()`, so a code can never change which resource is read. A GET that fails on a pooled connection the
other service has just closed is retried once (it is idempotent).
"""

from __future__ import annotations

import functools
import ssl
from typing import Any
from urllib.parse import quote

import httpx

from services.shared.errors import OporaError, ServiceUnavailable
from services.shared.logs import current_request_id

RETRIED = (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError, httpx.ConnectError)


@functools.cache
def default_tls() -> ssl.SSLContext:
    """The TLS settings of httpx's default client (certifi's authorities), made once per process: each
    `httpx.Client()` otherwise loads the authorities anew (30–50 ms), and a process makes several clients."""
    return httpx.create_ssl_context()


def service_client(base_url: str = "", timeout: float = 10) -> httpx.Client:
    """The client a process keeps for another service of the installation (`base_url`, `OPORA_<NAME>_URL`)."""
    return httpx.Client(base_url=base_url, timeout=timeout, verify=default_tls())


def segment(value: object) -> str:
    """One path segment: `/`, `?`, `#`, `%` and the rest percent-encoded; `.` and `..` refused as values."""
    text = str(value)
    if text in (".", ".."):
        raise OporaError("Недопустимый код в адресе", code="invalid_path_segment", status_code=422)
    return quote(text, safe="")


class RemoteService:
    def __init__(self, client: httpx.Client, bearer: str, label: str) -> None:
        self.client = client
        self.bearer = bearer
        self.label = label

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """The JSON answer of a GET, or the other service's error as ours."""
        headers = {"Authorization": f"Bearer {self.bearer}"}
        request_id = current_request_id()
        if request_id:
            headers["X-Request-ID"] = request_id
        try:
            try:
                response = self.client.get(path, params=params, headers=headers)
            except RETRIED:
                response = self.client.get(path, params=params, headers=headers)
        except httpx.HTTPError:
            raise ServiceUnavailable(f"Сервис «{self.label}» недоступен", code="dependency_unavailable") from None
        if response.status_code == 200:
            return response.json()
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        if 400 <= response.status_code < 500 and "code" in body:
            raise OporaError(body.get("detail"), code=body["code"], status_code=response.status_code)
        raise ServiceUnavailable(f"Сервис «{self.label}» ответил ошибкой", code="dependency_failed")
