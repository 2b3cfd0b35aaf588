"""What the execution endpoints (evidence, comments, indicators, the directory) read and answer."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from services.shared.school_year import SchoolYear


class EvidenceRead(BaseModel):
    id: int
    activity_id: int
    school_code: str | None
    kind: str
    title: str
    url: str | None
    file_name: str | None
    content_type: str | None
    size: int | None
    created_by_name: str
    created_at: datetime


class CommentIn(BaseModel):
    text: str = Field(min_length=1, max_length=4000)
    school_code: str | None = Field(default=None, max_length=30)

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Комментарий не может быть пустым")
        return value.strip()


class CommentRead(BaseModel):
    id: int
    activity_id: int
    school_code: str | None
    text: str
    created_by_name: str
    created_at: datetime


class IndicatorIn(BaseModel):
    name: str = Field(min_length=3, max_length=500)
    unit: str = Field(default="", max_length=50)
    baseline: float | None = None
    baseline_year: SchoolYear | None = None
    targets: dict[SchoolYear, float] = Field(default_factory=dict, description="учебный год → цель")
    actuals: dict[SchoolYear, float] = Field(default_factory=dict, description="учебный год → факт")


class IndicatorUpdate(BaseModel):
    targets: dict[SchoolYear, float] | None = None
    actuals: dict[SchoolYear, float] | None = None


class IndicatorRead(IndicatorIn):
    id: int
    plan_id: int


class PartyIn(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    kind: str = Field(pattern="^(person|body)$")
    position: str = Field(default="", max_length=300)
    municipality_code: str | None = Field(default=None, max_length=20)
    school_code: str | None = Field(default=None, max_length=30)
    user_subject: str | None = Field(default=None, max_length=100, pattern="^user:[0-9]+$")
    email: str | None = Field(default=None, max_length=300, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PartyRead(PartyIn):
    id: int
    region_code: str | None
