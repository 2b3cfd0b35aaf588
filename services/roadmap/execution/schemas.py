"""What the execution endpoints (evidence, comments, indicators, the directory) read and answer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, Strict

from services.shared.contracts import roadmap as contract
from services.shared.contracts.roadmap import IndicatorDirection
from services.shared.ids import Code, Text
from services.shared.school_year import SchoolYear

Figure = Annotated[FiniteFloat, Strict()]
"""An indicator's baseline, target or fact: a JSON number, finite — not NaN, Infinity, a string or true/false."""


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
    model_config = ConfigDict(extra="forbid")  # a misspelt `school_code` is 422, not a comment about every school

    text: Text = Field(min_length=1, max_length=4000)
    school_code: Code | None = None


class CommentRead(BaseModel):
    id: int
    activity_id: int
    school_code: str | None
    text: str
    created_by_name: str
    created_at: datetime


class IndicatorIn(BaseModel):
    name: Text = Field(min_length=3, max_length=500)
    unit: str = Field(default="", max_length=50)
    direction: IndicatorDirection = Field(
        default="higher", description="higher — чем больше, тем лучше; lower — чем меньше, тем лучше"
    )
    baseline: Figure | None = None
    baseline_year: SchoolYear | None = None
    targets: dict[SchoolYear, Figure] = Field(default_factory=dict, description="учебный год → цель")
    actuals: dict[SchoolYear, Figure] = Field(default_factory=dict, description="учебный год → факт")


class IndicatorUpdate(BaseModel):
    direction: IndicatorDirection | None = None
    targets: dict[SchoolYear, Figure] | None = None
    actuals: dict[SchoolYear, Figure] | None = None


class IndicatorRead(contract.PlanIndicator):
    """The shape the reports service reads (services/shared/contracts/roadmap.py), with the indicator's revision:
    its ETag, which an edit sends back in If-Match."""

    revision: int = Field(description="Версия записи; её ETag, который правка передаёт в If-Match")


class PartyIn(BaseModel):
    name: Text = Field(min_length=2, max_length=300)
    kind: str = Field(pattern="^(person|body)$")
    position: str = Field(default="", max_length=300)
    municipality_code: Code | None = None
    school_code: Code | None = None
    user_subject: str | None = Field(default=None, max_length=100, pattern="^user:[0-9]+$")
    email: str | None = Field(default=None, max_length=300, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class PartyRead(PartyIn):
    id: int
    region_code: str | None
