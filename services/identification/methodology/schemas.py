"""What the methodology endpoints read and answer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from services.identification.methodology.rules import MethodologyRules
from services.shared.ids import Text
from services.shared.school_year import SchoolYear


class MethodologySummary(BaseModel):
    id: int
    family: str
    version: int
    name: str
    description: str
    based_on_id: int | None
    frozen: bool
    active_for: list[str] = Field(description="учебные годы, для которых версия действует")
    created_by_name: str
    created_at: datetime
    updated_at: datetime


class MethodologyRead(MethodologySummary):
    rules: dict[str, Any]
    revision: int = Field(description="Версия записи; её ETag, который правка может передать в If-Match")


class MethodologyCopy(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, never silently dropped

    name: Text | None = Field(default=None, min_length=3, max_length=300)
    description: str | None = Field(default=None, max_length=5000)


class MethodologyUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, not a «saved» edit that changed nothing

    name: Text | None = Field(default=None, min_length=3, max_length=300)
    description: str | None = Field(default=None, max_length=5000)
    rules: MethodologyRules | None = None


class Activation(BaseModel):
    school_year: SchoolYear


class RuleDescription(BaseModel):
    id: str
    label: str
    category: str | None
    category_label: str | None
    source: str
    description: str


class RuleCatalogue(BaseModel):
    rules: list[RuleDescription]
    categories: dict[str, str]
    parameters_schema: dict[str, Any] = Field(description="JSON Schema правил методики")
