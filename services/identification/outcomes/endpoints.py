"""`/api/identification/outcomes`: what became of the year's at-risk schools the next year."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.identification.deps import OutcomeServiceDep
from services.shared.contracts.outcomes import YearOutcomes
from services.shared.ids import Code
from services.shared.school_year import SchoolYear

router = APIRouter(tags=["outcomes"])


@router.get(
    "/outcomes",
    response_model=YearOutcomes,
    summary="Итог учебного года: школы утверждённого списка года Y и их положение в году Y+1",
)
def year_outcomes(
    service: OutcomeServiceDep, school_year: SchoolYear, municipality: Annotated[Code | None, Query()] = None
) -> YearOutcomes:
    return service.year(school_year, municipality)
