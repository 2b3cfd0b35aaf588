"""The archive of rendered reports (each with its parameters, author, time and checksum) and the DOCX
templates authorities upload as their letterhead."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, text
from sqlmodel import Field

from services.reports.db import Base
from services.shared.audit import utcnow


class Report(Base, table=True):
    id: int | None = Field(default=None, primary_key=True)
    report_type: str = Field(max_length=40, index=True)
    parameters: dict[str, Any] = Field(sa_type=JSON, nullable=False)
    format: str = Field(max_length=10)
    status: str = Field(default="running", max_length=20, index=True, description="running, done, failed")
    progress: int = 0
    error_code: str | None = Field(default=None, max_length=100)
    error_detail: str | None = None
    error_status: int | None = Field(default=None, description="the HTTP status the failure answers")
    title: str | None = Field(default=None, max_length=500)
    file_name: str | None = Field(default=None, max_length=300)
    media_type: str | None = Field(default=None, max_length=200)
    size: int | None = None
    checksum: str | None = Field(default=None, max_length=64, description="sha256 of the file")
    storage_key: str | None = Field(default=None, max_length=200)
    template_id: int | None = None
    created_by: str = Field(max_length=100, index=True)
    created_by_name: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    started_at: datetime | None = Field(default=None, description="when a worker took the job; empty: queued")
    heartbeat_at: datetime | None = Field(default=None, description="the worker's lease, renewed while it renders")


class ReportTemplate(Base, table=True):
    """An authority's DOCX letterhead for one report type, used for the reports of its territory."""

    __tablename__ = "report_template"
    # At most one active letterhead per report type and territory, enforced by the database.
    __table_args__ = (
        Index(
            "uq_report_template_one_active",
            "report_type",
            text("coalesce(territory_code, '')"),
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    report_type: str = Field(max_length=40, index=True)
    territory_kind: str = Field(max_length=20, description="all, region, municipality")
    territory_code: str | None = Field(default=None, max_length=30, index=True)
    name: str = Field(max_length=300)
    file_name: str = Field(max_length=300)
    checksum: str = Field(max_length=64)
    storage_key: str = Field(max_length=200)
    fields: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    active: bool = True
    uploaded_by: str = Field(max_length=100)
    uploaded_by_name: str = Field(max_length=300)
    uploaded_at: datetime = Field(default_factory=utcnow)
