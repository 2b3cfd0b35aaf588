"""`/api/identification/outcomes`: what became of the year's at-risk schools the next year."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.identification.outcomes.service import OutcomeService
from services.identification.registry.repository import RegistryRepository
from services.shared.contracts.outcomes import YearOutcomes
from services.shared.db import SessionDep
from services.shared.ids import Code
from services.shared.school_year import SchoolYear
from services.shared.security import PrincipalDep

router = APIRouter(tags=["outcomes"])


@router.get(
    "/outcomes",
    response_model=YearOutcomes,
    summary="Итог учебного года: школы утверждённого списка года Y и их положение в году Y+1",
)
def year_outcomes(
    session: SessionDep,
    principal: PrincipalDep,
    school_year: SchoolYear,
    municipality: Annotated[Code | None, Query()] = None,
) -> YearOutcomes:
    RegistryRepository(session, principal).check_municipality_filter(municipality)  # a region's code too: 422
    return OutcomeService(session, principal).year(school_year, municipality)
