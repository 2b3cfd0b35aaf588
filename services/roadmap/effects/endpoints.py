"""`/api/roadmap/effects`: «Что работает» — measures compared by the outcomes of the schools that did them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import Field

from services.roadmap.deps import EffectServiceDep
from services.shared.contracts.effects import EffectsReport, MeasureRanking
from services.shared.ids import Code
from services.shared.school_year import SchoolYear
from services.shared.vocabulary import Category

router = APIRouter(tags=["effects"])


@router.get(
    "/effects",
    response_model=EffectsReport,
    summary="Что работает: меры, выполненные школами списка года Y, и изменение их результатов к году Y+1",
)
def effects(
    service: EffectServiceDep, school_year: SchoolYear, municipality: Annotated[Code | None, Query()] = None
) -> EffectsReport:
    return service.report(school_year, municipality)


@router.get(
    "/effects/ranking",
    response_model=MeasureRanking,
    summary="Меры библиотеки для факторов риска или категории в порядке, который подсказывает опыт года",
)
def ranking(
    service: EffectServiceDep,
    school_year: SchoolYear,
    risk_factors: Annotated[list[Annotated[int, Field(ge=1, le=10)]], Query(description="факторы «500+»: 1–10")] = [],  # noqa: B006
    category: Annotated[Category | None, Query()] = None,
    municipality: Annotated[Code | None, Query()] = None,
) -> MeasureRanking:
    return service.ranking(school_year, risk_factors, category.value if category else None, municipality)
