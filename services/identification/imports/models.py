"""Import batches and the history of values a later import replaced."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field

from services.identification.db import Base
from services.shared.audit import utcnow


class ImportBatch(Base, table=True):
    """One applied upload: who, when, which file and what it changed. Dry runs and refused uploads leave none."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=30, index=True, description="results, schools, social …")
    file_name: str = Field(max_length=300)
    file_format: str = Field(max_length=10, description="csv, xlsx, json")
    checksum: str = Field(max_length=64, index=True, description="sha256 of the uploaded bytes")
    created_by: str = Field(max_length=100)
    created_by_name: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    status: str = Field(max_length=20, description="applied: every row; partial: the valid rows only")
    rows_total: int = 0
    rows_valid: int = 0
    rows_rejected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON, nullable=False)


class IndicatorRevision(Base, table=True):
    """The values a row held before an import replaced them: the history behind every correction."""

    __tablename__ = "indicator_revision"

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="import_batch.id", index=True)
    kind: str = Field(max_length=30)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    key: str = Field(max_length=200, description="the natural key, e.g. 2023-2024|ВПР|4|russian")
    before: dict[str, Any] = Field(sa_type=JSON, nullable=False)
    after: dict[str, Any] = Field(sa_type=JSON, nullable=False)
    changed_at: datetime = Field(default_factory=utcnow)
