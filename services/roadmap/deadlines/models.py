"""Calendar feeds behind secret URLs and the notifications of the deadline job."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, UniqueConstraint, text
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
    user_subject: str = Field(max_length=100)
    """No index of its own: the unique key (user_subject, occurrence_id, kind) starts with it."""
    activity_id: int = Field(foreign_key="activity.id", index=True)
    occurrence_id: int = Field(foreign_key="activity_occurrence.id")
    kind: str = Field(max_length=20, description="due_soon or overdue")
    due: date
    title: str
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None
    mailed_at: datetime | None = None


class DeadlineEntry(Base, table=True):
    """The read model of `/me/deadlines`: one row per open deadline, kept by `read_model.py` in the transaction
    of every write to a plan, section, activity, occurrence or per-school row.

    An open occurrence (open plan, activity neither done nor cancelled, stage not marked done) gives one row for
    its plan (`tracked` false: `school_code` is the plan's school, `status` the activity's) and, for an activity
    tracked per school, one more per school whose row is still open (`tracked` true: that school and its status).
    The territory codes, titles and statuses are copies, so a page is read from one table by an index in the
    order it is listed: due date, occurrence, school (`school_key`, the school or '' so it sorts everywhere alike).
    """

    __tablename__ = "deadline_entry"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "tracked", "school_key"),
        Index(
            "ix_deadline_entry_region_due",
            "region_code",
            "due",
            "occurrence_id",
            "school_key",
            postgresql_where=text("NOT tracked"),
            sqlite_where=text("NOT tracked"),
        ),
        Index(
            "ix_deadline_entry_municipality_due",
            "municipality_code",
            "due",
            "occurrence_id",
            "school_key",
            postgresql_where=text("NOT tracked"),
            sqlite_where=text("NOT tracked"),
        ),
        Index(
            "ix_deadline_entry_due",
            "due",
            "occurrence_id",
            "school_key",
            postgresql_where=text("NOT tracked"),
            sqlite_where=text("NOT tracked"),
        ),
        Index(
            "ix_deadline_entry_plan_school_due",
            "plan_school_code",
            "due",
            postgresql_where=text("NOT tracked"),
            sqlite_where=text("NOT tracked"),
        ),
        Index(
            "ix_deadline_entry_tracked_school_due",
            "school_code",
            "due",
            postgresql_where=text("tracked"),
            sqlite_where=text("tracked"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    occurrence_id: int
    activity_id: int = Field(index=True)
    plan_id: int = Field(index=True)
    region_code: str | None = Field(default=None, max_length=20)
    municipality_code: str | None = Field(default=None, max_length=20)
    plan_school_code: str | None = Field(default=None, max_length=30)
    school_code: str | None = Field(default=None, max_length=30)
    school_key: str = Field(max_length=30)
    tracked: bool
    per_school: bool
    due: date
    start: date | None = None
    stage: str | None = Field(default=None, max_length=20)
    label: str = Field(max_length=200)
    status: str = Field(max_length=20)
    plan_status: str = Field(max_length=20)
    number: str | None = Field(default=None, max_length=20)
    title: str
    plan_title: str = Field(max_length=500)
    section_number: str | None = Field(default=None, max_length=20)
    section_title: str = Field(max_length=1000)
