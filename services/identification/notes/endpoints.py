"""`/api/identification/notes/identification`: the data of the analytical note on identification."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.identification.notes.service import NoteService
from services.shared.contracts.identification_note import IdentificationNote
from services.shared.db import SessionDep
from services.shared.school_year import SchoolYear
from services.shared.security import PrincipalDep

router = APIRouter(tags=["notes"])


@router.get(
    "/notes/identification",
    response_model=IdentificationNote,
    summary="Данные аналитической справки по результатам идентификации территории за учебный год",
    description="Перечень берётся из утверждённого расчёта, покрывающего территорию; если утверждённого нет — из "
    "последнего расчёта (run.approved = false). Школьному пользователю — 403: справка составляется по территории.",
)
def identification_note(
    session: SessionDep,
    principal: PrincipalDep,
    school_year: Annotated[SchoolYear, Query(description="учебный год: 2023-2024")],
    territory: Annotated[
        str | None, Query(max_length=30, description="код региона или муниципалитета; по умолчанию территория доступа")
    ] = None,
) -> IdentificationNote:
    return NoteService(session, principal).note(school_year, territory)
