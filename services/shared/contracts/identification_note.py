"""The data of the analytical note on identification (`GET /api/identification/notes/identification`).

The identification service owns the meaning — which run states the list for a territory and year, what the
year before was, which figure explains a decision and what it is compared with; the reports service only lays
it out. Figures are numbers with a `unit`; texts are Russian sentences a person reads.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from services.shared.contracts.competence import DeficitShare

FigureUnit = Literal["share", "score", "index", "count", "points", "flag"]
"""share: 0.25 is 25 %; score: % of the maximum or points; index: a dimensionless index; count: a whole number;
points: percentage points; flag: yes/no, no number."""


class NoteTerritory(BaseModel):
    kind: Literal["region", "municipality"]
    code: str
    name: str
    region_code: str
    region_name: str
    municipalities: dict[str, str] = Field(description="код → название муниципалитетов территории")


class NoteRun(BaseModel):
    """The run that states the list: the approved one, else the latest computed one (`approved` false)."""

    run_id: int = Field(description="для сверки; в документ не выводится")
    school_year: str
    approved: bool
    order_number: str | None
    order_date: date | None
    computed_on: date
    covers: Literal["territory", "region"] = Field(
        description="territory — расчёт по самой территории; region — по региону, в который она входит"
    )


class CategoryCriteria(BaseModel):
    category: str
    label: str
    text: str = Field(description="критерии категории одним абзацем простым языком")


class RuleParameters(BaseModel):
    rule: str
    label: str
    category_label: str
    enabled: bool
    description: str
    parameters: str = Field(description="параметры правила словами")


class NoteMethodology(BaseModel):
    name: str
    version: int
    criteria: list[CategoryCriteria]
    parameters: list[RuleParameters]
    combine: str = Field(description="как сочетаются правила в категориях, словами")


class RuleFigure(BaseModel):
    """A fired rule with its key figure next to the municipal and the regional value of the same figure."""

    rule: str
    label: str
    category: str
    reason: str = Field(description="полное объяснение правила с цифрами")
    figure_label: str
    unit: FigureUnit
    value: float | None
    municipal_value: float | None = Field(description="среднее по школам муниципалитета школы")
    regional_value: float | None = Field(description="среднее по школам региона")


class SchoolCompetence(BaseModel):
    """The school's latest teacher competence diagnosis: the share of teachers at the critical level per
    competence (the professional deficits)."""

    campaign_title: str
    stage_label: str = Field(description="входная, промежуточная, итоговая")
    held_on: date
    teachers: int
    deficits: list[DeficitShare]


class StaffingFactor(BaseModel):
    """A staffing-related 500+ factor set for the school (high or medium level) in the year."""

    number: int
    name: str
    level: Literal["high", "medium"]


class NoteSchool(BaseModel):
    school_code: str
    school_name: str
    municipality_code: str
    municipality_name: str
    categories: list[str] = Field(description="итоговые категории")
    computed_categories: list[str]
    overridden: bool
    override_reason: str | None
    insufficient_data: bool
    fail_share: float | None
    risk_count: int | None
    trend: str
    fired: list[RuleFigure]
    warnings: list[str] = Field(description="предупреждения о данных без повторов")
    objectivity: list[str]
    roles: list[str] = Field(description="mentor — школа-наставник, support_centre — опорная школа")
    competence: SchoolCompetence | None = Field(
        default=None, description="последняя диагностика компетенций педагогов (для школ группы риска)"
    )
    staffing_factors: list[StaffingFactor] = Field(
        default_factory=list, description="кадровые факторы «500+» школы группы риска высокого и среднего уровня"
    )


class CategoryMovement(BaseModel):
    category: str
    before: int
    entered: int
    left: int
    stayed: int
    after: int


class MovedSchool(BaseModel):
    category: str
    movement: Literal["entered", "left"]
    school_code: str
    school_name: str
    municipality_name: str
    reason: str = Field(description="почему вошла (сработавшие правила) или вышла (что показывают правила теперь)")


class NoteComparison(BaseModel):
    previous_year: str
    previous_approved: bool | None = Field(description="None — за прошлый год расчёта нет")
    previous_order_number: str | None
    previous_order_date: date | None
    categories: list[CategoryMovement]
    schools: list[MovedSchool]


class YearFigures(BaseModel):
    school_year: str
    approved: bool
    schools: int
    categories: dict[str, int]
    insufficient_data: int
    mean_fail_share: float | None
    over_threshold_share: float | None = Field(description="доля школ с долей ниже минимума не меньше порога")


class Aggregate(BaseModel):
    code: str
    name: str
    schools: int
    categories: dict[str, int]
    insufficient_data: int
    mean_fail_share: float | None


class NoteAggregates(BaseModel):
    territory: Aggregate
    region: Aggregate
    municipalities: list[Aggregate] = Field(description="муниципалитеты региона")
    rank: int | None = Field(description="место муниципалитета в регионе по доле ШНОР (1 — наибольшая)")


class ProcedureYear(BaseModel):
    procedure: str
    school_year: str
    participants: int
    schools: int


class NoteSources(BaseModel):
    procedures: list[ProcedureYear]
    schools_total: int
    schools_in_run: int
    schools_with_results: int
    risk_profile_schools: int
    social_schools: int
    staffing_schools: int
    objectivity_schools: int


class RiskFactorCount(BaseModel):
    number: int
    name: str
    high: int
    medium: int
    schools: int = Field(description="школ группы риска с высоким или средним уровнем фактора")


class IndicatorComparison(BaseModel):
    label: str
    unit: FigureUnit
    identified: float | None = Field(description="среднее по школам группы риска")
    others: float | None = Field(description="среднее по остальным школам территории")
    schools: int = Field(description="школ группы риска, по которым есть данные")


class FlagCount(BaseModel):
    code: str
    label: str
    schools: int


class IdentificationNote(BaseModel):
    school_year: str
    territory: NoteTerritory
    run: NoteRun
    methodology: NoteMethodology
    threshold: float = Field(description="порог доли участников ниже минимума, применённый в расчёте")
    counts: dict[str, int] = Field(description="школ по итоговым категориям и insufficient_data")
    schools: list[NoteSchool]
    comparison: NoteComparison
    years: list[YearFigures]
    aggregates: NoteAggregates
    sources: NoteSources
    risk_factors: list[RiskFactorCount]
    indicators: list[IndicatorComparison]
    objectivity: list[FlagCount]
