from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int
    refresh_token: str | None = None


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refresh_token: str = Field(min_length=10, max_length=200)


class Revocations(BaseModel):
    sessions: list[str] = Field(description="завершённые сессии, чьи токены ещё могут быть в ходу")
    clients: list[str] = Field(description="отключённые клиенты API (`client:<client_id>`)")
    until: datetime = Field(description="время ответа: следующий запрос — с `since` около него")
