"""`/api/identification/runs`, `/agreed-list`, `/schools/{code}/history`, `/dashboard`, `/school-years`."""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, Query, Response, status

from services.identification import examples
from services.identification.deps import DashboardServiceDep, RunServiceDep
from services.identification.runs.models import RunSchool
from services.identification.runs.schemas import (
    AgreedSchool,
    Approval,
    Dashboard,
    OverrideCreate,
    RunComparison,
    RunCreate,
    RunDetail,
    RunRead,
    RunSchoolDetail,
    RunSchoolRead,
    SchoolHistory,
    SchoolStatus,
    SchoolYears,
)
from services.identification.runs.service import fired_rules, run_read, school_read
from services.identification.tabular import TableFormat, file_response
from services.identification.vocabulary import Category
from services.shared.errors import answer_example, error_responses
from services.shared.ids import Id, Search
from services.shared.pagination import Page, PageDep
from services.shared.revisions import IfMatch
from services.shared.school_year import SchoolYear
from services.shared.security import Role, WriterDep, require_roles
from services.shared.vocabulary import CATEGORY_SHORT, TREND_LABELS

router = APIRouter(tags=["runs"])
STATUS_CATEGORIES = "^(low_results|unfavourable_social|risk_zone|effective|none)$"
RUNNERS = require_roles(Role.regional_analyst, Role.municipal_coordinator)


@router.post(
    "/runs",
    response_model=RunRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[RUNNERS],
    responses=answer_example(examples.RUN, 201) | error_responses(401, 403, 409, 422),
    summary="Провести идентификацию школ территории",
)
def create_run(data: RunCreate, service: RunServiceDep, _writer: WriterDep) -> RunRead:
    return service.run_reads([service.create(data)])[0]


@router.get("/runs", response_model=Page[RunRead], summary="Расчёты идентификации")
def list_runs(
    service: RunServiceDep,
    page: PageDep,
    school_year: SchoolYear | None = None,
    run_status: Annotated[str | None, Query(alias="status", pattern="^(computed|approved|superseded)$")] = None,
) -> Page[RunRead]:
    runs, total = service.repository.list_runs(page, school_year, run_status)
    return Page(items=service.run_reads(runs), total=total, page=page.page, per_page=page.per_page)


@router.get(
    "/runs/compare", response_model=RunComparison, summary="Сравнить два расчёта: кто вошёл, кто вышел и почему"
)
def compare_runs(service: RunServiceDep, base: Id, other: Id) -> RunComparison:
    return service.compare(base, other)


@router.get(
    "/runs/{run_id}",
    response_model=RunDetail,
    responses=answer_example(examples.RUN | {"rules": {}}) | error_responses(401, 404, 422),
    summary="Расчёт с параметрами методики",
)
def get_run(run_id: Id, service: RunServiceDep) -> RunDetail:
    run = service.repository.run(run_id)
    summary = service.summaries([run_id])[run_id]
    return RunDetail.model_validate(run_read(run, summary).model_dump() | {"rules": run.rules})


def _labels(codes: list[str] | None) -> str:
    return "; ".join(CATEGORY_SHORT[code] for code in codes or [])


def _lines(items: list[dict[str, Any]]) -> str:
    return "\n".join(str(item.get("detail", "")) for item in items)


def _yes(flag: bool) -> str:
    return "да" if flag else ""


EXPORT_COLUMNS = (
    "Код ОО",
    "Школа",
    "Муниципалитет",
    "Итоговые категории",
    "Категории по расчёту",
    "Экспертная корректировка",
    "Недостаточно данных",
    "Доля ниже порога",
    "Изменение доли за год",
    "Динамика",
    "Число рисков 500+",
    "Основания",
    "Предупреждения",
    "Флаги объективности",
)
"""The columns of a run's CSV/XLSX export, with the Russian headers people read; `_export_row` fills them."""


def _export_row(r: RunSchool) -> tuple[Any, ...]:
    return (
        r.school_code,
        r.school_name,
        r.municipality_code,
        _labels(r.final_categories),
        _labels(r.categories),
        _yes(r.overridden),
        _yes(r.insufficient_data),
        r.fail_share,
        r.trend_change,
        TREND_LABELS.get(r.trend, r.trend),
        r.risk_count,
        "\n".join(f"{f.label}: {f.reason}" for f in fired_rules(r.rules)),
        _lines(r.warnings),
        _lines(r.objectivity_flags),
    )


def _export_frame(rows: list[RunSchool]) -> pd.DataFrame:
    return pd.DataFrame.from_records([_export_row(r) for r in rows], columns=list(EXPORT_COLUMNS))


@router.get(
    "/runs/{run_id}/results",
    response_model=Page[RunSchoolRead],
    responses=answer_example(examples.page(examples.RUN_SCHOOL)) | error_responses(401, 404, 422),
    summary="Результаты по школам (format=csv|xlsx — файл со всеми строками)",
)
def run_results(
    run_id: Id,
    service: RunServiceDep,
    page: PageDep,
    category: Category | None = None,
    municipality: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[Search | None, Query(max_length=200, description="поиск по названию или коду")] = None,
    trend: Annotated[str | None, Query(pattern="^(entered|left|stayed|unchanged|new)$")] = None,
    insufficient_data: bool | None = None,
    overridden: bool | None = None,
    format: Annotated[TableFormat, Query(description="json, csv или xlsx")] = "json",
) -> Page[RunSchoolRead] | Response:
    run = service.repository.run(run_id)
    statement = service.repository.run_schools(run_id, category, municipality, q, trend, insufficient_data, overridden)
    if format != "json":
        rows = service.repository.all(statement)
        return file_response(_export_frame(rows), format, f"идентификация-{run.school_year}-расчёт-{run_id}", "Школы")
    items, total = service.repository.paginate(statement, page)
    return Page(items=[school_read(r) for r in items], total=total, page=page.page, per_page=page.per_page)


@router.get(
    "/runs/{run_id}/schools/{school_code}", response_model=RunSchoolDetail, summary="Решение по школе с объяснением"
)
def run_school(run_id: Id, school_code: str, service: RunServiceDep, response: Response) -> RunSchoolDetail:
    return _decision_tagged(response, service.school_detail(run_id, school_code))


def _decision_tagged(response: Response, detail: RunSchoolDetail) -> RunSchoolDetail:
    """The decision with its ETag: the number of overrides it has had (`If-Match` of the next override)."""
    response.headers["ETag"] = f'"{len(detail.overrides)}"'
    return detail


@router.post(
    "/runs/{run_id}/schools/{school_code}/override",
    response_model=RunSchoolDetail,
    dependencies=[RUNNERS],
    summary="Экспертная корректировка категорий школы",
)
def override(
    run_id: Id,
    school_code: str,
    data: OverrideCreate,
    service: RunServiceDep,
    response: Response,
    _writer: WriterDep,
    if_match: IfMatch = None,
) -> RunSchoolDetail:
    return _decision_tagged(response, service.override(run_id, school_code, data, if_match))


@router.post(
    "/runs/{run_id}/approve",
    response_model=RunRead,
    dependencies=[RUNNERS],
    responses=answer_example(examples.RUN | {"status": "approved", "order_number": "01-12/345"})
    | error_responses(401, 403, 404, 422)
    | error_responses(409, s409="Расчёт уже утверждён или заменён (`run_not_computed`)"),
    summary="Утвердить согласованный список (номер и дата приказа)",
)
def approve(run_id: Id, data: Approval, service: RunServiceDep, _writer: WriterDep) -> RunRead:
    return service.run_reads([service.approve(run_id, data)])[0]


@router.get(
    "/agreed-list",
    response_model=Page[AgreedSchool],
    responses=answer_example(examples.page(examples.AGREED_SCHOOL)) | error_responses(401, 422),
    summary="Согласованный список школ учебного года",
)
def agreed_list(
    service: RunServiceDep,
    page: PageDep,
    school_year: SchoolYear,
    category: Category | None = None,
    municipality: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[Search | None, Query(max_length=200)] = None,
) -> Page[AgreedSchool]:
    return service.agreed_list(school_year, page, category, municipality, q)


@router.get(
    "/school-statuses",
    response_model=Page[SchoolStatus],
    summary="Школы территории с категориями за учебный год (фильтры: категория, муниципалитет, поиск)",
)
def school_statuses(
    service: RunServiceDep,
    page: PageDep,
    school_year: SchoolYear,
    category: Annotated[
        str | None, Query(pattern="^(low_results|unfavourable_social|risk_zone|effective|none)$")
    ] = None,
    municipality: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[Search | None, Query(max_length=200)] = None,
) -> Page[SchoolStatus]:
    return service.statuses(school_year, page, category, municipality, q)


@router.get("/schools/{school_code}/history", response_model=SchoolHistory, summary="История школы по годам")
def school_history(school_code: str, service: RunServiceDep) -> SchoolHistory:
    return service.history(school_code)


@router.get("/dashboard", response_model=Dashboard, summary="Сводка по территории за учебный год")
def dashboard(
    service: DashboardServiceDep,
    school_year: SchoolYear,
    municipality: Annotated[str | None, Query(max_length=20)] = None,
) -> Dashboard:
    return service.dashboard(school_year, municipality)


@router.get("/school-years", response_model=SchoolYears, summary="Учебные годы с данными и текущий учебный год")
def school_years(service: RunServiceDep) -> SchoolYears:
    return service.school_years()
