"""Calendar feeds behind secret URLs and the notifications of the deadline job."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from services.roadmap.db import Base
from services.shared.audit import utcnow


class CalendarFeed(Base, table=True):
    """A user's iCalendar feed. The URL carries a secret whose hash is kept; the caller's scope is stored with
    it, because a calendar app fetches the feed without a token."""

    __tablename__ = "calendar_feed"

    id: int | None = Field(default=None, primary_key=True)
    user_subject: str = Field(max_length=100, index=True)
    user_name: str = Field(max_length=300)
    role: str = Field(max_length=40)
    scope: dict[str, Any] = Field(sa_type=JSON, nullable=False)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
    last_fetched_at: datetime | None = None


class Notification(Base, table=True):
    """A due-soon or overdue notice for one user and one deadline, made once by the scheduled job."""

    __table_args__ = (UniqueConstraint("user_subject", "occurrence_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    user_subject: str = Field(max_length=100, index=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    occurrence_id: int = Field(foreign_key="activity_occurrence.id")
    kind: str = Field(max_length=20, description="due_soon or overdue")
    due: date
    title: str
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None
    mailed_at: datetime | None = None
