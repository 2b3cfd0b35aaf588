"""Request bodies of the parse endpoints (the answers are `Schedule` and `list[Target]`)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.shared.school_year import CalendarDate, SchoolYear


class ScheduleParseRequest(BaseModel):
    """A deadline cell to read, with the plan's school year and period that date bare months."""

    text: str = Field(max_length=2000, description="Срок, как он записан в плане")
    school_year: SchoolYear | None = Field(default=None, description="Учебный год плана: 2022-2023")
    period_start: CalendarDate | None = Field(default=None, description="Начало периода плана")
    period_end: CalendarDate | None = Field(default=None, description="Окончание периода плана")


class TargetsParseRequest(BaseModel):
    """An expected-result cell to read."""

    text: str = Field(max_length=2000, description="Ожидаемый результат, как он записан в плане")
