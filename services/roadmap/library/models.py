"""The library of typical measures that draft programmes are filled from (data, editable)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from services.roadmap.db import Base
from services.shared.audit import utcnow
from services.shared.db import NEVER_REUSED_IDS


class MeasureTemplate(Base, table=True):
    __tablename__ = "measure_template"
    __table_args__ = (NEVER_REUSED_IDS,)

    id: int | None = Field(default=None, primary_key=True)
    risk_factor: int | None = Field(default=None, index=True, description="a 500+ factor, or None")
    category: str | None = Field(default=None, max_length=30, index=True, description="low_results … or None")
    position: int = 0
    title: str
    responsible: str = Field(default="", max_length=300)
    deadline_text: str = Field(default="", max_length=300)
    expected_result: str = ""
    final_document: str = Field(default="", max_length=300)
    revision: int = Field(default=1, description="counts every change: the measure's ETag (If-Match on edits)")
    updated_at: datetime = Field(default_factory=utcnow)
