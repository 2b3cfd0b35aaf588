from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from services.shared.security import Role, Scope


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    refresh_token: str | None = None


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=10, max_length=200)


class CalendarGrantKey(BaseModel):
    """A calendar feed's grant key (derived by the roadmap service from the feed's secret)."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(min_length=32, max_length=128, pattern=r"^[A-Za-z0-9_\-]+$")


class CalendarOwner(BaseModel):
    """Who owns a calendar feed and what that account may see now."""

    subject: str
    name: str
    role: Role
    scope: Scope


class Revocations(BaseModel):
    sessions: list[str] = Field(description="завершённые сессии, чьи токены ещё могут быть в ходу")
    clients: list[str] = Field(description="отключённые клиенты API (`client:<client_id>`)")
    client_secrets: dict[str, str] = Field(
        default_factory=dict,
        description="действующие клиенты API (`client:<client_id>`) и версия их секрета: токен, выданный "
        "под прежний секрет, не принимается",
    )
    until: datetime = Field(description="время ответа: следующий запрос — с `since` около него")
