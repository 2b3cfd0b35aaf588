"""`/api/roadmap/mentor-pairs`: mentor school pairs, and suggestions of mentors for a school."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.roadmap.deps import MentoringServiceDep
from services.roadmap.mentoring.repository import school_year_period
from services.roadmap.mentoring.schemas import MentorSuggestion, PairCreate, PairEnd, PairRead, PairUpdate
from services.roadmap.mentoring.service import pair_read
from services.shared.ids import Code, Id
from services.shared.revisions import IfMatch, tagged
from services.shared.school_year import SchoolYear
from services.shared.scoping import refuse_municipality_filter, refuse_school_filter
from services.shared.security import Role, require_roles

router = APIRouter(prefix="/mentor-pairs", tags=["mentoring"])
FORMERS = require_roles(Role.regional_analyst, Role.municipal_coordinator)
"""Pairs are formed by the authority's order: the region's analyst or the municipality's coordinator."""


@router.get("", response_model=list[PairRead], summary="Пары «школа-наставник — подшефная школа»")
def pairs(
    mentoring: MentoringServiceDep,
    school_code: Annotated[Code | None, Query(description="Пары, в которых участвует школа")] = None,
    active: Annotated[bool, Query(description="Только действующие")] = False,
    municipality: Annotated[Code | None, Query(description="Муниципалитет подшефных школ")] = None,
    school_year: Annotated[SchoolYear | None, Query(description="Работавшие в этом учебном году")] = None,
) -> list[PairRead]:
    refuse_municipality_filter(mentoring.principal.scope, municipality, mentoring.identification)
    refuse_school_filter(mentoring.principal.scope, school_code, mentoring.identification)
    period = school_year_period(school_year) if school_year else None
    return [pair_read(pair) for pair in mentoring.repository.pairs(school_code, active, municipality, period)]


@router.post("", response_model=PairRead, status_code=201, dependencies=[FORMERS], summary="Закрепить наставника")
def create_pair(body: PairCreate, mentoring: MentoringServiceDep, response: Response) -> PairRead:
    return tagged(response, mentoring.create(body))


@router.get(
    "/suggestions",
    response_model=list[MentorSuggestion],
    dependencies=[FORMERS],
    summary="Кого предложить наставником: эффективные школы того же муниципалитета, ближе и похожее — выше",
)
def suggestions(
    mentoring: MentoringServiceDep,
    school_code: Annotated[Code, Query(description="Подшефная школа")],
    school_year: SchoolYear,
) -> list[MentorSuggestion]:
    return mentoring.suggestions(school_code, school_year)


@router.get("/{pair_id}", response_model=PairRead, summary="Пара наставничества")
def pair(pair_id: Id, mentoring: MentoringServiceDep, response: Response) -> PairRead:
    return tagged(response, pair_read(mentoring.repository.pair(pair_id)))


@router.patch(
    "/{pair_id}",
    response_model=PairRead,
    dependencies=[FORMERS],
    summary="Изменить обоснование, основание (соглашение) или дату окончания пары (If-Match)",
)
def update_pair(
    pair_id: Id, body: PairUpdate, mentoring: MentoringServiceDep, response: Response, if_match: IfMatch = None
) -> PairRead:
    return tagged(response, mentoring.update(pair_id, body, if_match))


@router.post(
    "/{pair_id}/end",
    response_model=PairRead,
    dependencies=[FORMERS],
    summary="Завершить пару: со следующего дня наставник не видит планы школы (If-Match)",
)
def end_pair(
    pair_id: Id, body: PairEnd, mentoring: MentoringServiceDep, response: Response, if_match: IfMatch = None
) -> PairRead:
    return tagged(response, mentoring.end(pair_id, body.ends_on, if_match))
