"""`/api/roadmap/effects`: «Что работает» — measures compared by the outcomes of the schools that did them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from services.roadmap.effects.schemas import EffectsReport
from services.roadmap.effects.service import EffectService
from services.shared.db import SessionDep
from services.shared.remote import RemoteService
from services.shared.school_year import SchoolYear
from services.shared.security import BearerDep, PrincipalDep

router = APIRouter(tags=["effects"])


@router.get(
    "/effects",
    response_model=EffectsReport,
    summary="Что работает: меры, выполненные школами списка года Y, и изменение их результатов к году Y+1",
)
def effects(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    bearer: BearerDep,
    school_year: SchoolYear,
    municipality: Annotated[str | None, Query(max_length=20)] = None,
) -> EffectsReport:
    identification = RemoteService(request.app.state.identification_client, bearer, "идентификация")
    return EffectService(session, principal, identification).report(school_year, municipality)
