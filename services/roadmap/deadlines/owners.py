"""Who owns a calendar feed now, asked of the gateway (the roadmap never reads the gateway's tables).

A calendar app fetches a feed without a token, so a scope frozen at the feed's creation would outlive a
narrowed or deactivated account. Instead the feed is registered with the gateway when it is made (with the
caller's token), under a grant key derived from the feed's secret, and every fetch asks the gateway for the
owner's current role and scope by that key. The gateway answers 404 once the account may no longer sign
in; then the feed is gone too. A gateway that cannot be asked means 503: a feed never falls back to what
its owner could once see.
"""

from __future__ import annotations

import hashlib

import httpx
from fastapi import Request

from services.shared.errors import NotFound, OporaError, ServiceUnavailable
from services.shared.logs import current_request_id
from services.shared.security import Principal

GRANTS = "/api/auth/calendar-grants"


def grant_key(secret: str) -> str:
    """The key the gateway knows a feed by: derived from the secret, never the secret or its stored hash."""
    return hashlib.sha256(f"opora-calendar-grant:{secret}".encode()).hexdigest()


class FeedOwners:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def _post(self, path: str, key: str, bearer: str | None = None) -> httpx.Response:
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
        request_id = current_request_id()
        if request_id:
            headers["X-Request-ID"] = request_id
        try:
            return self.client.post(path, json={"key": key}, headers=headers)
        except httpx.HTTPError:
            raise ServiceUnavailable("Шлюз недоступен: календарь не проверен", code="dependency_unavailable") from None

    def register(self, secret: str, bearer: str) -> None:
        """Tell the gateway that the new feed belongs to the caller of this request."""
        answer = self._post(GRANTS, grant_key(secret), bearer)
        if answer.status_code == 204:
            return
        if answer.status_code in (401, 403) and answer.headers.get("content-type", "").startswith("application/json"):
            body = answer.json()
            raise OporaError(body.get("detail"), code=body.get("code"), status_code=answer.status_code)
        raise ServiceUnavailable("Шлюз не зарегистрировал календарь", code="dependency_failed")

    def current(self, secret: str) -> Principal:
        """The feed's owner with the role and scope the account has now; 404 once it has no access."""
        answer = self._post(f"{GRANTS}/owner", grant_key(secret))
        if answer.status_code == 404:
            raise NotFound("Календарь не найден или отозван", code="calendar_not_found")
        if answer.status_code != 200:
            raise ServiceUnavailable("Шлюз не ответил, чей это календарь", code="dependency_failed")
        owner = answer.json()
        return Principal(
            subject=owner["subject"], username="", name=owner["name"], role=owner["role"], scope=owner["scope"]
        )


def feed_owners(request: Request) -> FeedOwners:
    return FeedOwners(request.app.state.gateway_client)
