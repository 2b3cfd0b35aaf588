"""What the mentor pair endpoints take and answer."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.shared.contracts.mentoring import MentorPairItem
from services.shared.ids import Id, Text
from services.shared.school_year import CalendarDate


class PairCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, never silently dropped

    mentor_school_code: str = Field(min_length=1, max_length=30)
    supported_school_code: str = Field(min_length=1, max_length=30)
    mentor_head: Text = Field(default="", max_length=300, description="Руководитель школы-наставника")
    supported_head: Text = Field(default="", max_length=300, description="Руководитель подшефной школы")
    agreement_number: Text = Field(default="", max_length=100, description="Номер соглашения о сетевом взаимодействии")
    agreement_date: CalendarDate | None = None
    rationale: Text = Field(default="", max_length=4000, description="Обоснование выбора наставника")
    starts_on: CalendarDate
    ends_on: CalendarDate | None = None
    plan_id: Id | None = Field(default=None, description="План наставничества пары")

    @model_validator(mode="after")
    def _consistent(self) -> PairCreate:
        if self.mentor_school_code == self.supported_school_code:
            raise ValueError("Школа не может быть наставником самой себе")
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("Окончание раньше начала")
        return self


class PairUpdate(BaseModel):
    """What an edit of a pair may change: why it was formed, its basis and its end; what is left out stays."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, not a «saved» edit that changed nothing

    rationale: Text | None = Field(default=None, max_length=4000, description="Обоснование выбора наставника")
    agreement_number: Text | None = Field(default=None, max_length=100, description="Номер соглашения")
    agreement_date: CalendarDate | None = None
    ends_on: CalendarDate | None = Field(default=None, description="Дата окончания (последний день работы пары)")


class PairEnd(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, never silently dropped

    ends_on: CalendarDate = Field(
        description="Последний день работы пары: со следующего дня наставник не видит планы школы"
    )


class PairRead(MentorPairItem):
    region_code: str
    mentor_municipality_code: str
    plan_id: int | None
    active: bool
    revision: int = Field(description="Версия записи; её ETag")


class MentorSuggestion(BaseModel):
    school_code: str
    school_name: str
    settlement_name: str | None
    kind: str
    pupils: int | None
    trend: str | None = Field(description="unchanged — эффективна и в прошлом году (стабильные результаты)")
    same_settlement: bool
    same_kind: bool
    reasons: list[str]
