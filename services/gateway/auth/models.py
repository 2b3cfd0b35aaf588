"""Sign-in sessions with rotating refresh tokens, and the failed-login counters that slow guessing down."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from services.gateway.db import Base
from services.shared.audit import utcnow


class AuthSession(Base, table=True):
    """One sign-in of a user: a family of refresh tokens. Revoking it ends every token of the family."""

    __tablename__ = "auth_session"

    id: str = Field(primary_key=True, max_length=64)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_reason: str | None = Field(default=None, max_length=40)
    ip: str | None = Field(default=None, max_length=64)
    user_agent: str | None = Field(default=None, max_length=300)


class RefreshToken(Base, table=True):
    __tablename__ = "refresh_token"

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(foreign_key="auth_session.id", index=True, max_length=64)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    issued_at: datetime = Field(default_factory=utcnow)
    used_at: datetime | None = None


class LoginFailure(Base, table=True):
    """Failed attempts per key (`user:<name>` or `client:<id>`) within the current window."""

    __tablename__ = "login_failure"

    key: str = Field(primary_key=True, max_length=200)
    failures: int = 0
    first_failure_at: datetime = Field(default_factory=utcnow)
    last_failure_at: datetime = Field(default_factory=utcnow)


class CalendarGrant(Base, table=True):
    """The link between a roadmap calendar feed and its owner. A calendar app fetches a feed without a token,
    so the roadmap service asks the gateway, by the feed's grant key, whose feed it is and what that account
    may see now: a feed reads with its owner's current scope and dies with the owner's access."""

    __tablename__ = "calendar_grant"

    key_hash: str = Field(primary_key=True, max_length=64)
    subject: str = Field(max_length=120, index=True)
    created_at: datetime = Field(default_factory=utcnow)
