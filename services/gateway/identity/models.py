"""People and API clients of the installation, each with a role and a territorial scope."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String
from sqlmodel import Field, SQLModel

from services.gateway.db import Base
from services.shared.audit import utcnow
from services.shared.security import ROLE_LABELS, Role, Scope, ScopeKind


class ScopedMixin(SQLModel):
    # Enums are stored as plain strings: adding a role later needs no ALTER TYPE in PostgreSQL.
    role: str = Field(sa_type=String(40))
    scope_kind: str = Field(sa_type=String(20))
    region_code: str | None = Field(default=None, max_length=20)
    municipality_code: str | None = Field(default=None, max_length=20)
    school_codes: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    territory_label: str = Field(default="", max_length=300)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role_enum]

    @property
    def scope(self) -> Scope:
        return Scope(
            kind=ScopeKind(self.scope_kind),
            region=self.region_code,
            municipality=self.municipality_code,
            schools=list(self.school_codes or []),
        )


class User(ScopedMixin, Base, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=100, unique=True, index=True)
    full_name: str = Field(max_length=300)
    email: str | None = Field(default=None, max_length=300)
    password_hash: str = Field(max_length=300)
    password_changed_at: datetime = Field(default_factory=utcnow)
    revision: int = Field(default=1, description="counts every change: the user's ETag (If-Match on edits)")


class ApiClient(ScopedMixin, Base, table=True):
    """A regional data centre's integration: client-credentials grant, no refresh tokens."""

    __tablename__ = "api_client"

    id: int | None = Field(default=None, primary_key=True)
    client_id: str = Field(max_length=100, unique=True, index=True)
    name: str = Field(max_length=300)
    secret_hash: str = Field(max_length=300)
    last_used_at: datetime | None = None
