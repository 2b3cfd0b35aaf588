"""Checking a scope's codes against the registry, which lives in the identification service.

The gateway never reads the identification database: it asks the service over HTTP, with the
administrator's own token, and gets back the scope completed (region of a municipality) and its label.
"""

from __future__ import annotations

import httpx

from services.shared.errors import FieldError, InvalidValue, ServiceUnavailable
from services.shared.security import Scope, ScopeKind

RESOLVE_PATH = "/api/identification/territories/resolve"


class TerritoryDirectory:
    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def resolve(self, scope: Scope, bearer: str) -> tuple[Scope, str]:
        """The scope with its region filled in and a Russian label, or 422 naming the unknown codes."""
        if scope.kind == ScopeKind.all:
            return scope, "Все территории"
        try:
            response = self.client.post(
                RESOLVE_PATH,
                json=scope.model_dump(mode="json"),
                headers={"Authorization": f"Bearer {bearer}"},
            )
        except httpx.HTTPError:
            raise ServiceUnavailable(
                "Сервис идентификации недоступен: территорию нельзя проверить",
                code="identification_unavailable",
            ) from None
        body = response.json() if response.headers.get("content-type", "").startswith("application/json") else {}
        if response.status_code == 422:
            fields = [FieldError(**field) for field in body.get("fields", [])]
            raise InvalidValue(
                body.get("detail", "Неизвестная территория"),
                code="unknown_territory",
                fields=[FieldError(loc=["scope", *f.loc], code=f.code, detail=f.detail) for f in fields],
            )
        if response.status_code != 200:
            raise ServiceUnavailable(
                "Сервис идентификации не смог проверить территорию", code="identification_unavailable"
            )
        return Scope(**body["scope"]), str(body["label"])
