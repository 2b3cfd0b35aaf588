"""Methodologies: versioned rule sets stored as data, and which version is active for a school year."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, UniqueConstraint
from sqlmodel import Field

from services.identification.db import Base
from services.shared.audit import utcnow
from services.shared.db import NEVER_REUSED_IDS


class Methodology(Base, table=True):
    """One version of a rule set. A version that was activated or used by a run is frozen: edit a copy."""

    __table_args__ = (UniqueConstraint("family", "version"), NEVER_REUSED_IDS)

    id: int | None = Field(default=None, primary_key=True)
    family: str = Field(max_length=60, description="versions of one methodology share a family")
    version: int
    name: str = Field(max_length=300)
    description: str = ""
    based_on_id: int | None = Field(default=None, foreign_key="methodology.id")
    rules: dict[str, Any] = Field(sa_type=JSON, nullable=False, description="MethodologyRules as JSON")
    frozen: bool = False
    revision: int = Field(default=1, description="counts every edit: the version's ETag (If-Match on edits)")
    created_by: str = Field(max_length=100)
    created_by_name: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class MethodologyActivation(Base, table=True):
    """The methodology version in force for a school year (one per year; re-activation replaces it)."""

    __tablename__ = "methodology_activation"

    id: int | None = Field(default=None, primary_key=True)
    school_year: str = Field(max_length=9, unique=True)
    methodology_id: int = Field(foreign_key="methodology.id", index=True)
    activated_by: str = Field(max_length=100)
    activated_by_name: str = Field(max_length=300)
    activated_at: datetime = Field(default_factory=utcnow)
