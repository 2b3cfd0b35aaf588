"""The outcome of a school year (identification answers it, roadmap reads it to compare measures)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.shared.school_year import SchoolYear


class RuleOutcome(BaseModel):
    """A rule that put the school on the list in year Y, and whether it still held in Y+1."""

    id: str
    label: str
    category: str | None
    before: str = Field(description="fired в году Y")
    after: str | None = Field(description="fired, not_fired, insufficient_data, disabled; null — нет расчёта")


class SubjectChange(BaseModel):
    """One procedure and subject of a school, summed over grades: the share below the minimum in Y and Y+1."""

    procedure: str = Field(description="ВПР, ОГЭ, ЕГЭ …")
    subject: str
    subject_label: str
    participants_before: int | None = Field(description="участников в году Y; null — результатов нет")
    share_before: float | None
    participants_after: int | None
    share_after: float | None
    change: float | None = Field(description="изменение доли ниже минимума Y → Y+1, в долях")


class SchoolOutcome(BaseModel):
    school_code: str
    school_name: str
    municipality_code: str
    outcome: str = Field(description="left — вышла из категорий риска; stayed — осталась; moved — сменила; unknown")
    outcome_label: str
    categories_before: list[str]
    categories_after: list[str] | None
    source_after: str | None = Field(description="approved или computed: чем подтверждено положение в году Y+1")
    run_before: int
    run_after: int | None
    fail_share_before: float | None
    fail_share_after: float | None
    fail_share_change: float | None = Field(description="изменение худшей доли ниже минимума, в долях")
    risk_count_before: int | None
    risk_count_after: int | None
    rules: list[RuleOutcome]
    subjects: list[SubjectChange] = Field(
        default_factory=list, description="доля ниже минимума по процедурам и предметам в годах Y и Y+1"
    )


class YearOutcomes(BaseModel):
    school_year: SchoolYear = Field(description="год Y, в котором школы были в утверждённом списке")
    next_school_year: SchoolYear
    counts: dict[str, int]
    schools: list[SchoolOutcome]
