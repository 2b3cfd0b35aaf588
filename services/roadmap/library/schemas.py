"""What the library endpoints read and answer."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.roadmap.plans.schemas import PlanSummary
from services.shared.ids import MAX_ID, Code, Text
from services.shared.school_year import SchoolYear


class MeasureIn(BaseModel):
    risk_factor: int | None = Field(default=None, ge=1, le=10)
    category: str | None = Field(default=None, pattern="^(low_results|unfavourable_social|risk_zone)$")
    position: int = Field(default=0, ge=0, le=MAX_ID, description="Место меры в списке её фактора риска")
    title: Text = Field(min_length=3, max_length=2000)
    responsible: str = Field(default="", max_length=300)
    deadline_text: str = Field(default="", max_length=300)
    expected_result: str = Field(default="", max_length=2000)
    final_document: str = Field(default="", max_length=300)

    @model_validator(mode="after")
    def _one_target(self) -> MeasureIn:
        if (self.risk_factor is None) == (self.category is None):
            raise ValueError("Укажите либо фактор риска, либо категорию школы")
        return self


class MeasureRead(MeasureIn):
    id: int
    revision: int = Field(description="Версия записи; её ETag, который правка передаёт в If-Match")


class DraftRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, never silently dropped

    school_year: SchoolYear = Field(description="учебный год согласованного списка: 2023-2024")
    plan_year: SchoolYear | None = Field(default=None, description="учебный год программ; по умолчанию следующий")
    school_codes: list[Code] = Field(
        default_factory=list, description="по умолчанию все школы списка в вашей территории"
    )
    risk_factors: list[int] = Field(default_factory=list, description="факторы «500+», по разделу на каждый")
    by_category: bool = Field(default=True, description="разделы по категориям школы из списка")


class DraftResult(BaseModel):
    created: list[PlanSummary]
    skipped: list[str] = Field(description="школы, для которых программа этого года уже есть")
