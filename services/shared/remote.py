"""Calling another service over HTTP on behalf of the caller: its token passed on, its errors relayed.

A 403 or 404 of the other service means the same for the caller (another territory's school, an unknown
run), so those answers travel back in the shared error shape; an unreachable service is a 503 naming it.
"""

from __future__ import annotations

from typing import Any

import httpx

from services.shared.errors import OporaError, ServiceUnavailable
from services.shared.logs import current_request_id

RELAYED = {400, 401, 403, 404, 409, 422}


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
            response = self.client.get(path, params=params, headers=headers)
        except httpx.HTTPError:
            raise ServiceUnavailable(f"Сервис «{self.label}» недоступен", code="dependency_unavailable") from None
        if response.status_code == 200:
            return response.json()
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        if response.status_code in RELAYED and "code" in body:
            raise OporaError(body.get("detail"), code=body["code"], status_code=response.status_code)
        raise ServiceUnavailable(f"Сервис «{self.label}» ответил ошибкой", code="dependency_failed")
