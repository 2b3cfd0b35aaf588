"""Mentor school pairs (seed 002, table 1): a mentor school supporting a school with low results."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field

from services.roadmap.db import Base
from services.shared.audit import utcnow


class MentorPair(Base, table=True):
    """The pair's schools and heads, its basis (the agreement) and why it was formed; a school may have several."""

    __tablename__ = "mentor_pair"
    __table_args__ = (
        UniqueConstraint("mentor_school_code", "supported_school_code", "starts_on"),
        CheckConstraint("mentor_school_code <> supported_school_code", name="mentor_pair_two_schools"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="mentor_pair_period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    region_code: str = Field(max_length=20, index=True)
    municipality_code: str = Field(max_length=20, index=True, description="the supported school's municipality")
    mentor_municipality_code: str = Field(max_length=20, index=True)
    mentor_school_code: str = Field(max_length=30)
    """No index of its own: the unique key (mentor, supported school, start) starts with it."""
    mentor_school_name: str = Field(max_length=500)
    mentor_head: str = Field(default="", max_length=300)
    supported_school_code: str = Field(max_length=30, index=True)
    supported_school_name: str = Field(max_length=500)
    supported_head: str = Field(default="", max_length=300)
    agreement_number: str = Field(default="", max_length=100)
    agreement_date: date | None = None
    rationale: str = Field(default="", max_length=4000)
    starts_on: date
    ends_on: date | None = None
    plan_id: int | None = Field(default=None, foreign_key="plan.id", description="the pair's mentoring plan")
    revision: int = Field(default=1, description="counts every change: the pair's ETag")
    created_by: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
