"""«Что работает» (roadmap answers it; the reports service reads it for the analytical note)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.shared.school_year import SchoolYear


class SchoolExecution(BaseModel):
    """One school of year Y's list and one measure type in its plans of year Y+1: how it was executed, the outcome."""

    school_code: str
    school_name: str
    municipality_code: str
    completed: bool
    on_time: bool | None = Field(description="выполнено не позже срока; null — не выполнено")
    evidence: int = Field(description="число подтверждений (файлы и ссылки)")
    outcome: str
    fail_share_change: float | None


class MeasureEffect(BaseModel):
    template_id: int
    title: str
    risk_factor: int | None
    category: str | None
    planned: int = Field(description="школ списка, у которых мера была в плане")
    completed: int = Field(description="школ, выполнивших меру")
    on_time: int
    late: int
    with_evidence: int
    compared_completed: int = Field(description="выполнившие меру школы, для которых нашлись сопоставимые")
    compared_others: int = Field(description="сопоставимые школы, не выполнявшие меру")
    strata: int
    effect: float | None = Field(description="разность изменения доли ниже порога: выполнившие − остальные")
    low: float | None
    high: float | None
    verdict: str = Field(description="lower, higher, no_difference, too_few, no_comparison")
    verdict_label: str
    left_share_completed: float | None = Field(description="доля вышедших из категорий риска среди выполнивших")
    left_share_others: float | None
    schools: list[SchoolExecution]


class SubjectSummary(BaseModel):
    """One procedure and subject over the schools of year Y's list with results in both years."""

    procedure: str
    subject: str
    subject_label: str
    schools: int = Field(description="школ списка с результатами в обоих годах")
    share_before: float | None = Field(description="доля ниже минимума в году Y по этим школам вместе")
    share_after: float | None
    change: float | None = Field(description="среднее по школам изменение доли ниже минимума Y → Y+1")


class EffectsReport(BaseModel):
    school_year: SchoolYear
    next_school_year: SchoolYear
    method: str
    min_schools: int
    outcomes: dict[str, int]
    measures: list[MeasureEffect]
    subjects: list[SubjectSummary] = Field(
        default_factory=list, description="изменение доли ниже минимума по процедурам и предметам Y → Y+1"
    )


class RankedMeasure(BaseModel):
    """A library measure in the order the evidence suggests, with the sentence saying on what it is based."""

    rank: int
    template_id: int
    title: str
    risk_factor: int | None
    category: str | None
    verdict: str = Field(description="lower, no_difference, too_few, no_comparison, not_applied, higher")
    effect: float | None
    low: float | None
    high: float | None
    completed: int
    compared_others: int
    basis: str


class MeasureRanking(BaseModel):
    school_year: SchoolYear
    next_school_year: SchoolYear
    method: str
    measures: list[RankedMeasure]
