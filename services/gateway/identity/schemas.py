from __future__ import annotations

import re
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.shared.ids import Text
from services.shared.security import Role, Scope, ScopeKind

USERNAME_PATTERN = r"^[A-Za-z0-9_.\-]{3,100}$"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _email(value: str | None) -> str | None:
    """An address one can write to: `имя@домен.зона`, trimmed (`Text`); empty (spaces only) is none given. Before,
    any text up to 300 characters was stored, three hundred spaces included."""
    if value is None or value == "":
        return value
    if not _EMAIL.fullmatch(value):
        raise ValueError("Адрес электронной почты должен иметь вид имя@домен.ru")
    return value


class ScopeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ScopeKind
    region: str | None = Field(default=None, max_length=20)
    municipality: str | None = Field(default=None, max_length=20)
    schools: list[str] = Field(default_factory=list, max_length=500)

    def to_scope(self) -> Scope:
        return Scope(**self.model_dump())


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(pattern=USERNAME_PATTERN)
    full_name: Text = Field(min_length=1, max_length=300)
    email: Text | None = Field(default=None, max_length=300)
    role: Role
    scope: ScopeIn
    password: str = Field(min_length=8, max_length=200)

    _email = field_validator("email")(_email)


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    full_name: Text | None = Field(default=None, min_length=1, max_length=300)
    email: Text | None = Field(default=None, max_length=300)
    role: Role | None = None
    scope: ScopeIn | None = None

    _email = field_validator("email")(_email)


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=8, max_length=200)


class SessionRead(BaseModel):
    """One open sign-in of a user."""

    id: str
    created_at: datetime
    expires_at: datetime
    ip: str | None = Field(description="адрес, с которого выполнен вход")
    user_agent: str | None = Field(description="браузер или приложение")


class AccountRead(BaseModel):
    role: Role
    role_label: str
    scope: Scope
    territory_label: str
    is_active: bool
    created_at: datetime


class UserRead(AccountRead):
    id: int
    username: str
    full_name: str
    email: str | None
    revision: int = Field(description="Версия записи; её ETag, который правка может передать в If-Match")


class ClientCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Text = Field(min_length=1, max_length=300)
    role: Role = Role.regional_analyst
    scope: ScopeIn


class ClientRead(AccountRead):
    id: int
    client_id: str
    name: str
    last_used_at: datetime | None


class ClientWithSecret(ClientRead):
    client_secret: str = Field(description="Показывается один раз: сохраните его в системе центра")


class Me(BaseModel):
    id: int
    username: str
    full_name: str
    role: Role
    role_label: str
    scope: Scope
    territory_label: str
    is_client: bool
