"""Turning an existing plan (DOCX, XLSX, CSV, pasted table) into a plan: preview first, then save.

The preview shows what was recognised — the column set, sections, activities with their deadlines read
into schedules — and the problems by row; saving creates a draft through the same path as the API.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from services.roadmap.plan_import.people import co_executor_columns, co_executors, split_people
from services.roadmap.plan_import.recognise import read_pasted, read_plan
from services.roadmap.plan_import.schemas import ImportedActivity, ImportedPlan, PlanFileError
from services.roadmap.plans.columns import column_set_of_import
from services.roadmap.plans.schemas import (
    PLANNED_RESULT_LENGTH,
    PLANNED_RESULTS,
    ActivityIn,
    PartyRef,
    PlanCreate,
    SectionIn,
)
from services.roadmap.schedules.parser import parse_schedule, school_year_bounds
from services.shared.errors import FieldError, InvalidValue, OporaError
from services.shared.vocabulary import trimmed

MAX_PLAN_BYTES = 20 * 1024 * 1024
INDICATOR_HEADERS = re.compile(r"^\s*(?:целев\w*\s+|количественн\w*\s+|качественн\w*\s+)?(?:показател|индикатор)")
"""Extra columns the saved activity keeps as its indicator («Показатели» beside «Ожидаемый результат»)."""


class PreviewActivity(BaseModel):
    row: int
    sheet: str | None = Field(
        default=None, description="лист книги, на котором строка `row`, если план собран с нескольких"
    )
    number: str | None
    title: str
    responsible: str = Field(description="ответственный, как в файле")
    responsible_parties: list[str] = Field(
        default_factory=list, description="ответственные по отдельности — так, как они будут сохранены"
    )
    co_executors: str = Field(
        default="", description="соисполнители, как в файле: столбцы «Соисполнители», «Исполнители», «Участники»"
    )
    co_executor_parties: list[str] = Field(
        default_factory=list, description="соисполнители по отдельности — так, как они будут сохранены"
    )
    expected_result: str = Field(description="ожидаемый результат, как в файле")
    final_document: str = Field(description="итоговый документ, как в файле")
    deadline: str
    schedule_kind: str
    schedule_summary: str
    schedule_warnings: list[str] = Field(description="предупреждения разбора срока: дата вне периода плана")
    due_dates: list[date]
    extra: dict[str, str] = Field(
        default_factory=dict,
        description="прочие столбцы по их заголовкам в файле: «Показатели», «Источник финансирования», «Ресурсы», "
        "«Примечание»",
    )
    indicator: str = Field(default="", description="что сохранится в показателе мероприятия (из «Показатели»)")


class PlanPreview(BaseModel):
    column_set: str
    columns: dict[str, str]
    sections: list[dict[str, Any]] = Field(description="разделы с запланированными результатами и мероприятиями")
    problems: list[dict[str, Any]]
    activities: int


def read_upload(content: bytes | None, file_name: str | None, text: str | None) -> ImportedPlan:
    """The recognised plan, or 422 naming what is wrong (with the rows of blocking problems)."""
    try:
        if content is not None:
            if len(content) > MAX_PLAN_BYTES:
                raise OporaError("Файл больше 20 МБ", code="file_too_large", status_code=413)
            imported = read_plan(content, file_name or "plan")
        elif text and text.strip():
            imported = read_pasted(text)
        else:
            raise InvalidValue("Приложите файл или вставьте таблицу плана", code="plan_source_required", loc=["file"])
    except PlanFileError as error:
        raise InvalidValue(error.detail, code=error.code, loc=["file"]) from None
    if imported.errors:
        raise InvalidValue(
            imported.errors[0].detail,
            code="plan_not_recognised",
            fields=[
                FieldError(loc=["row", e.row or 0, e.column or ""], code=e.code, detail=e.detail)
                for e in imported.errors
            ],
        )
    return imported


def preview(
    imported: ImportedPlan, school_year: str | None, period: tuple[date | None, date | None] = (None, None)
) -> PlanPreview:
    """What saving would create; deadlines are read against the plan's period as the saved plan reads them
    (a bound not given is the school year's)."""
    year = school_year_bounds(school_year)
    start, end = period[0] or (year[0] if year else None), period[1] or (year[1] if year else None)
    bounds = (start, end) if start is not None and end is not None else None
    sections = []
    for section in imported.sections:
        activities = []
        for a in section.activities:
            schedule = parse_schedule(a.deadline or a.period, school_year, bounds)
            activities.append(
                PreviewActivity(
                    row=a.row,
                    sheet=a.sheet,
                    number=a.number,
                    title=a.title,
                    responsible=a.responsible,
                    responsible_parties=split_people(a.responsible),
                    co_executors=co_executors_text(a),
                    co_executor_parties=co_executors(a.extra),
                    expected_result=a.expected_result,
                    final_document=a.final_document,
                    deadline=a.deadline or a.period,
                    schedule_kind=schedule.kind,
                    schedule_summary=schedule.summary,
                    schedule_warnings=schedule.warnings,
                    due_dates=[o.due for o in schedule.occurrences],
                    extra=a.extra,
                    indicator=indicator_of(a),
                ).model_dump(mode="json")
            )
        sections.append({"title": section.title, "number": section.number,
                         "planned_results": section.planned_results, "activities": activities})  # fmt: skip
    return PlanPreview(
        column_set=imported.column_set,
        columns=imported.columns,
        sections=sections,
        problems=[p.model_dump() for p in imported.problems],
        activities=sum(len(s.activities) for s in imported.sections),
    )


def _parties(names: list[str]) -> list[PartyRef]:
    """The people a cell names, as free-text parties; a name of invisible characters only (a zero-width space
    left in a cell) names nobody, so it is left out instead of refusing the whole file."""
    return [PartyRef(name=name[:300]) for name in names if trimmed(name)]


def plan_create(imported: ImportedPlan, header: PlanCreate) -> PlanCreate:
    """The plan to create: the header the user gave, the sections and activities the file holds."""
    sections = [
        SectionIn(
            number=section.number,
            title=section.title[:1000],
            planned_results=[line[:PLANNED_RESULT_LENGTH] for line in section.planned_results][:PLANNED_RESULTS],
            activities=[
                ActivityIn(
                    number=a.number,
                    title=a.title[:4000],
                    responsible=_parties(split_people(a.responsible)),
                    co_executors=_parties(co_executors(a.extra)),
                    deadline_text=(a.deadline or a.period)[:2000],
                    expected_result=a.expected_result[:4000],
                    final_document=a.final_document[:500],
                    indicator=indicator_of(a)[:500],
                )
                for a in section.activities
                if a.title.strip()
            ],
        )
        for section in imported.sections
        if section.title.strip()
    ]
    return header.model_copy(update={"sections": sections, "column_set": column_set_of_import(imported.column_set)})


def indicator_of(activity: ImportedActivity) -> str:
    """The activity's indicators: the values of its «Показатели»/«Индикаторы» columns (kept beside the expected
    result as extra values), joined; of the other extra columns only the co-executors' are saved (`co_executors`)."""
    values = [v.strip() for k, v in activity.extra.items() if INDICATOR_HEADERS.match(k.lower()) and v.strip()]
    return "; ".join(values)


def co_executors_text(activity: ImportedActivity) -> str:
    """The activity's co-executors' cells as in the file (several such columns joined by «; »)."""
    return "; ".join(v for k in co_executor_columns(activity.extra) if (v := activity.extra[k].strip()))
