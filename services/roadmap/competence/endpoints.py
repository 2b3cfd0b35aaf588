"""`/api/roadmap/competence-proposals`: what the programme generator proposes for a school's deficits."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from services.roadmap.competence.schemas import DeficitProposals
from services.roadmap.competence.service import deficit_proposals
from services.shared.db import SessionDep
from services.shared.ids import Code
from services.shared.remote import RemoteService
from services.shared.security import BearerDep, PrincipalDep

router = APIRouter(tags=["competence"])


@router.get(
    "/competence-proposals",
    response_model=DeficitProposals,
    summary="Меры библиотеки для профессиональных дефицитов школы (по диагностике «5К») и её наставники",
)
def proposals(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    bearer: BearerDep,
    school_code: Annotated[Code, Query(description="Код ОО")],
) -> DeficitProposals:
    identification = RemoteService(request.app.state.identification_client, bearer, "идентификация")
    return deficit_proposals(session, principal, identification, school_code)
