"""What the identification run endpoints read and answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from services.identification.vocabulary import Category
from services.shared.ids import Code, Id, composed
from services.shared.school_year import CalendarDate, SchoolYear
from services.shared.vocabulary import trimmed, visible


class RunCreate(BaseModel):
    """A field the API does not know is refused, not ignored: `territory_code` or `territory` for `territory_id`
    would otherwise compute a run of the caller's whole territory instead of the one named."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"school_year": "2023-2024", "territory_id": "99"}]}
    )

    school_year: SchoolYear
    territory_id: Code | None = Field(
        default=None, description="код региона или муниципалитета; по умолчанию вся территория доступа"
    )
    methodology_id: Id | None = Field(default=None, description="по умолчанию действующая в учебном году")


class RunRead(BaseModel):
    id: int
    school_year: SchoolYear
    territory_kind: str
    territory_code: str | None
    territory_label: str
    methodology_id: int
    methodology_label: str
    status: str
    schools_count: int
    summary: dict[str, Any]
    created_by_name: str
    created_at: datetime
    duration_ms: int
    # defaults only so that OpenAPI (which drops nulls from examples) can show a run not yet approved
    order_number: str | None = None
    order_date: date | None = None
    approved_by_name: str | None = None
    approved_at: datetime | None = None


class RunDetail(RunRead):
    rules: dict[str, Any]


class FiredRule(BaseModel):
    id: str
    label: str
    category: str | None
    reason: str


class RunSchoolRead(BaseModel):
    school_code: str
    school_name: str
    municipality_code: str
    categories: list[str]
    final_categories: list[str]
    overridden: bool
    insufficient_data: bool
    risk_count: int | None
    fail_share: float | None
    previous_categories: list[str] | None
    trend: str
    trend_change: float | None
    fired_rules: list[FiredRule]
    warnings: list[dict[str, Any]]
    objectivity_flags: list[dict[str, Any]]


class OverrideRead(BaseModel):
    before: list[str]
    categories: list[str]
    reason: str
    created_by_name: str
    created_at: datetime


class RunSchoolDetail(RunSchoolRead):
    run_id: int
    school_year: SchoolYear
    run_status: str
    rules: dict[str, Any]
    overrides: list[OverrideRead]


class OverrideCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, never silently dropped

    categories: list[Category] = Field(min_length=1, description="итоговые категории школы")
    reason: str = Field(min_length=10, max_length=4000, description="обоснование экспертной корректировки")

    @field_validator("categories")
    @classmethod
    def _effective_alone(cls, value: list[Category]) -> list[Category]:
        if Category.effective in value and len(set(value)) > 1:
            raise ValueError("Эффективный режим не сочетается с другими категориями")
        return sorted(set(value), key=list(Category).index)

    @field_validator("reason")
    @classmethod
    def _reason_text(cls, value: str) -> str:
        """Ten characters one can read: zero-width spaces, direction marks or soft hyphens count for none."""
        reason = composed(trimmed(value))
        if len(visible(reason)) < 10:
            raise ValueError("Обоснование должно содержать не менее 10 символов")
        return reason


class Approval(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"order_number": "01-12/345", "order_date": "2024-02-15"}]}
    )

    order_number: str = Field(min_length=1, max_length=100, description="номер приказа")
    order_date: CalendarDate = Field(description="дата приказа")

    @field_validator("order_number")
    @classmethod
    def _number(cls, value: str) -> str:
        number = composed(trimmed(value))  # a number of a zero-width space alone is none, printed on the order
        if not number:
            raise ValueError("Укажите номер приказа")
        return number


class ComparedSchool(BaseModel):
    school_code: str
    school_name: str
    municipality_code: str
    before: list[str]
    after: list[str]
    reasons: list[FiredRule] = Field(description="правила, объясняющие изменение")


class CategoryChange(BaseModel):
    category: str
    label: str
    entered: list[ComparedSchool]
    left: list[ComparedSchool]
    stayed: int


class RunComparison(BaseModel):
    base: RunRead
    other: RunRead
    categories: list[CategoryChange]


class AgreedSchool(BaseModel):
    school_code: str
    school_name: str
    municipality_code: str
    school_year: SchoolYear
    categories: list[str]
    run_id: int
    order_number: str | None
    order_date: date | None
    fired_rules: list[FiredRule]


class SchoolStatus(BaseModel):
    """A school of the caller's territory with its status in a school year."""

    school_code: str
    school_name: str
    municipality_code: str
    categories: list[str]
    source: str = Field(description="approved — согласованный список; computed — расчёт без утверждения; none")
    run_id: int | None
    insufficient_data: bool
    trend: str | None
    fail_share: float | None


class YearStatus(BaseModel):
    school_year: SchoolYear
    categories: list[str]
    source: str = Field(description="approved — согласованный список; computed — расчёт без утверждения")
    run_id: int
    order_number: str | None
    order_date: date | None
    insufficient_data: bool
    trend: str
    fired_rules: list[FiredRule]
    warnings: list[dict[str, Any]]
    objectivity_flags: list[dict[str, Any]]


class SchoolHistory(BaseModel):
    school_code: str
    school_name: str
    statuses: list[YearStatus]
    results: list[dict[str, Any]]
    risk_profile: list[dict[str, Any]]
    vpr_objectivity: list[dict[str, Any]]


class MunicipalityFigures(BaseModel):
    municipality_code: str
    municipality_name: str
    schools: int
    with_results: int
    categories: dict[str, int]
    insufficient_data: int
    not_identified: int


class MissingData(BaseModel):
    """A rule that could not be decided for some schools, and why (the reason of one of them)."""

    rule_id: str
    rule_label: str
    schools: int
    reason: str


class Dashboard(BaseModel):
    school_year: SchoolYear
    schools: int
    categories: dict[str, int] = Field(description="школ в каждой категории; школа может быть в нескольких")
    category_labels: dict[str, str]
    insufficient_data: int
    not_identified: int
    status_trend: dict[str, dict[str, int]] = Field(
        description="статус × изменение за год: одна строка на школу, статус — самая тяжёлая из её категорий"
    )
    status_trend_note: str = Field(description="что считает таблица «статус × изменение», для людей")
    missing_data: list[MissingData] = Field(
        default_factory=list, description="правила, не решённые из-за недостатка данных, с числом школ"
    )
    municipalities: list[MunicipalityFigures]
    approved_runs: list[RunRead]


class SchoolYearData(BaseModel):
    """What is known of one school year over the caller's schools."""

    school_year: SchoolYear
    schools_with_results: int = Field(description="школ с результатами оценочных процедур")
    runs: int = Field(description="расчётов идентификации")
    approved: bool = Field(description="есть утверждённый приказом согласованный список")


class SchoolYears(BaseModel):
    """The school years every year picker offers: those with data, newest first, and today's one."""

    current: SchoolYear = Field(description="текущий учебный год по календарю")
    latest: SchoolYear | None = Field(description="последний учебный год с данными — выбор по умолчанию")
    years: list[SchoolYearData]
