"""`/api/identification/competence/…`: the «5К» card, teachers, diagnostic campaigns, scores and results."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, UploadFile

from services.identification.competence.importing import import_scores
from services.identification.competence.schemas import (
    CampaignCreate,
    CampaignRead,
    CampaignResults,
    CardCreate,
    CardRead,
    ImportReport,
    SchoolProfile,
    ScoreSheet,
    ScoreSheetRead,
    TeacherCreate,
    TeacherRead,
    TeacherUpdate,
)
from services.identification.deps import CompetenceServiceDep
from services.identification.imports.endpoints import _read_limited
from services.shared.errors import error_responses
from services.shared.ids import Code, Id
from services.shared.revisions import IfMatch, tagged
from services.shared.security import Role, require_roles
from services.shared.uploads import one_file, safe_file_name

router = APIRouter(prefix="/competence", tags=["competence"])

AUTHORITIES = (Role.regional_analyst, Role.municipal_coordinator)
"""Who defines cards and opens campaigns (and the admin)."""
SCORERS = (*AUTHORITIES, Role.school_staff)
"""Who keeps the teacher registry and enters scores: the school's own staff and the authorities."""


@router.get(
    "/cards", response_model=list[CardRead], summary="Диагностические карты (встроенная «5К» и карты территории)"
)
def cards(competence: CompetenceServiceDep) -> list[CardRead]:
    return [competence.card_read(card) for card in competence.repository.cards()]


@router.get("/cards/{card_id}", response_model=CardRead, summary="Диагностическая карта")
def card(card_id: Id, competence: CompetenceServiceDep) -> CardRead:
    return competence.card_read(competence.repository.card(card_id))


@router.post(
    "/cards",
    response_model=CardRead,
    status_code=201,
    dependencies=[require_roles(*AUTHORITIES)],
    summary="Утвердить свою карту (или новую версию)",
)
def create_card(body: CardCreate, competence: CompetenceServiceDep) -> CardRead:
    return competence.create_card(body)


@router.get("/teachers", response_model=list[TeacherRead], summary="Педагоги школ в пределах доступа")
def teachers(
    competence: CompetenceServiceDep,
    school_code: Annotated[Code | None, Query(description="Код ОО")] = None,
) -> list[TeacherRead]:
    return competence.teachers(school_code)


@router.post(
    "/teachers",
    response_model=TeacherRead,
    status_code=201,
    dependencies=[require_roles(*SCORERS)],
    summary="Внести педагога школы (409 `teacher_exists`, если педагог с таким ФИО в школе уже есть)",
)
def create_teacher(body: TeacherCreate, competence: CompetenceServiceDep, response: Response) -> TeacherRead:
    return tagged(response, competence.create_teacher(body))


@router.patch(
    "/teachers/{teacher_id}",
    response_model=TeacherRead,
    dependencies=[require_roles(*SCORERS)],
    summary="Исправить ФИО, должность или предметы педагога (If-Match: 412 на устаревшую версию, 428 без неё)",
)
def update_teacher(
    teacher_id: Id,
    body: TeacherUpdate,
    competence: CompetenceServiceDep,
    response: Response,
    if_match: IfMatch = None,
) -> TeacherRead:
    return tagged(response, competence.update_teacher(teacher_id, body, if_match))


@router.delete(
    "/teachers/{teacher_id}",
    status_code=204,
    dependencies=[require_roles(*SCORERS)],
    summary="Исключить педагога из реестра школы (его прежние оценки остаются в результатах; If-Match: 412 на "
    "устаревшую версию, 428 без неё)",
)
def remove_teacher(teacher_id: Id, competence: CompetenceServiceDep, if_match: IfMatch = None) -> Response:
    competence.remove_teacher(teacher_id, if_match)
    return Response(status_code=204)


@router.get("/campaigns", response_model=list[CampaignRead], summary="Диагностики территории")
def campaigns(competence: CompetenceServiceDep) -> list[CampaignRead]:
    return [competence.campaign_read(c) for c in competence.repository.campaigns()]


_OPENED: dict[int | str, dict[str, Any]] = {
    200: {"model": CampaignRead, "description": "Такая диагностика уже открыта: она и возвращается"}
}


@router.post(
    "/campaigns",
    response_model=CampaignRead,
    status_code=201,
    dependencies=[require_roles(*AUTHORITIES)],
    summary="Открыть диагностику (входную, промежуточную, итоговую)",
    responses=_OPENED | error_responses(409, s409="Такая диагностика на эту дату уже открыта"),
)
def create_campaign(body: CampaignCreate, competence: CompetenceServiceDep, response: Response) -> CampaignRead:
    campaign, created = competence.create_campaign(body)
    if not created:
        response.status_code = 200
    return campaign


@router.get("/campaigns/{campaign_id}", response_model=CampaignRead, summary="Диагностика")
def campaign(campaign_id: Id, competence: CompetenceServiceDep) -> CampaignRead:
    return competence.campaign_read(competence.repository.campaign(campaign_id))


@router.put(
    "/campaigns/{campaign_id}/scores",
    response_model=ScoreSheetRead,
    dependencies=[require_roles(*SCORERS)],
    summary="Оценки одного оценщика одному педагогу по критериям",
)
def enter_scores(campaign_id: Id, body: ScoreSheet, competence: CompetenceServiceDep) -> ScoreSheetRead:
    return competence.enter_scores(campaign_id, body)


@router.post(
    "/campaigns/{campaign_id}/scores/import",
    response_model=ImportReport,
    dependencies=[require_roles(*SCORERS), Depends(one_file())],
    summary="Загрузить оценки из выгрузки формы (строка — оценщик и педагог); всё или ничего",
)
def upload_scores(campaign_id: Id, file: UploadFile, competence: CompetenceServiceDep) -> ImportReport:
    return import_scores(competence, campaign_id, _read_limited(file), safe_file_name(file.filename))


@router.get(
    "/campaigns/{campaign_id}/results", response_model=CampaignResults, summary="Результаты и профессиональные дефициты"
)
def results(
    campaign_id: Id,
    competence: CompetenceServiceDep,
    previous: Annotated[
        Id | None, Query(description="Диагностика для сравнения; по умолчанию предыдущая той же территории")
    ] = None,
) -> CampaignResults:
    return competence.results(campaign_id, previous)


@router.get(
    "/schools/{school_code}/profile",
    response_model=SchoolProfile,
    summary="Профиль школы для её карточки: последняя диагностика, дефициты по компетенциям",
)
def school_profile(school_code: Code, competence: CompetenceServiceDep) -> SchoolProfile:
    return competence.school_profile(school_code)
