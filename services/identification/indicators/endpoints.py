"""`/api/identification/results`, `/exports/{kind}`, `/risk-factors`: indicators read back, scoped to the caller.

`format=json` of `/results` is one page (`Page` of rows) for screens; `/exports/{kind}?format=json` is the whole
export as `{"kind", "columns", "total", "rows"}`, which `POST /imports/{kind}/rows` accepts unchanged.
CSV (UTF-8 with BOM, `;`) and XLSX carry the canonical headers and re-import unchanged.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from services.identification import examples
from services.identification.deps import IndicatorServiceDep, RegistryServiceDep
from services.identification.indicators.schemas import ExportFilters, ExportFormat, ExportRows, RiskFactorRead
from services.identification.tabular import file_response, json_rows
from services.shared.errors import answer_example, error_responses
from services.shared.pagination import Page, PageDep
from services.shared.school_year import SchoolYear

router = APIRouter(tags=["indicators"])


def export_filters(
    registry: RegistryServiceDep,
    school_year: SchoolYear | None = None,
    municipality: Annotated[str | None, Query(max_length=20, description="Код муниципалитета")] = None,
    school_code: Annotated[str | None, Query(max_length=30, description="Код ОО")] = None,
    procedure: Annotated[str | None, Query(max_length=40, description="ВПР, ОГЭ, ЕГЭ, ГВЭ, РПР")] = None,
    subject: Annotated[str | None, Query(max_length=60, description="Предмет: код или название")] = None,
    grade: Annotated[int | None, Query(ge=1, le=11, description="Класс")] = None,
) -> ExportFilters:
    registry.repository.check_municipality_filter(municipality)  # 403 / 422, never an empty table
    registry.repository.check_school_filter(school_code)
    return ExportFilters(
        school_year=school_year,
        municipality=municipality,
        school_code=school_code,
        procedure=procedure,
        subject=subject,
        grade=grade,
    )


FiltersDep = Annotated[ExportFilters, Depends(export_filters)]
FormatQuery = Annotated[ExportFormat, Query(description="json, csv или xlsx")]


@router.get(
    "/results",
    response_model=Page[dict[str, Any]],
    summary="Результаты оценочных процедур (страница JSON, или файл CSV/XLSX целиком)",
)
def results(
    indicators: IndicatorServiceDep, filters: FiltersDep, page: PageDep, format: FormatQuery = "json"
) -> Page[dict[str, Any]] | Response:
    if format != "json":
        frame, _ = indicators.frame("results", filters)
        return file_response(frame, format, "results", "results")
    frame, total = indicators.frame("results", filters, page)
    return Page(items=json_rows(frame), total=total, page=page.page, per_page=page.per_page)


@router.get(
    "/exports/{kind}",
    response_model=ExportRows,
    responses=answer_example(examples.EXPORT) | error_responses(401, 403, 404, 422),
    summary="Выгрузка в столбцах загрузки (JSON, CSV, XLSX)",
)
def export(kind: str, indicators: IndicatorServiceDep, filters: FiltersDep, format: FormatQuery = "json") -> Any:
    frame, total = indicators.frame(kind, filters)
    if format != "json":
        return file_response(frame, format, kind, kind)
    return ExportRows(kind=kind, columns=list(frame.columns), total=total, rows=json_rows(frame))


@router.get("/risk-factors", response_model=list[RiskFactorRead], summary="Каталог факторов риска «500+» по версиям")
def risk_factors(indicators: IndicatorServiceDep) -> list[RiskFactorRead]:
    return indicators.risk_factors()
