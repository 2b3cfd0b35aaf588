"""`/api/identification/methodologies`: versioned rule sets, their copies, edits and activation."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from services.identification.deps import MethodologyServiceDep
from services.identification.methodology.schemas import (
    Activation,
    MethodologyCopy,
    MethodologyRead,
    MethodologySummary,
    MethodologyUpdate,
    RuleCatalogue,
)
from services.identification.methodology.service import MethodologyService
from services.shared.ids import Id
from services.shared.revisions import IfMatch, tagged
from services.shared.school_year import SchoolYear
from services.shared.security import Role, require_roles

router = APIRouter(prefix="/methodologies", tags=["methodology"])
EDITORS = require_roles(Role.regional_analyst)


@router.get("", response_model=list[MethodologySummary], summary="Версии методик")
def list_methodologies(service: MethodologyServiceDep) -> list[MethodologySummary]:
    return service.summaries()


@router.get("/rules", response_model=RuleCatalogue, summary="Правила идентификации и схема их параметров")
def rule_catalogue() -> RuleCatalogue:
    return MethodologyService.catalogue()


@router.get("/active", response_model=MethodologyRead, summary="Методика, действующая в учебном году")
def active(service: MethodologyServiceDep, school_year: SchoolYear) -> MethodologyRead:
    return service.read(service.repository.active(school_year))


@router.get("/{methodology_id}", response_model=MethodologyRead, summary="Версия методики с параметрами")
def get_methodology(methodology_id: Id, service: MethodologyServiceDep, response: Response) -> MethodologyRead:
    return tagged(response, service.read(service.repository.get(methodology_id)))


@router.post(
    "/{methodology_id}/copy",
    response_model=MethodologyRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[EDITORS],
    summary="Создать новую версию копированием",
)
def copy_methodology(
    methodology_id: Id, data: MethodologyCopy, service: MethodologyServiceDep, response: Response
) -> MethodologyRead:
    return tagged(response, service.read(service.copy(methodology_id, data)))


@router.patch(
    "/{methodology_id}",
    response_model=MethodologyRead,
    dependencies=[EDITORS],
    summary="Изменить черновик (If-Match: 412, если его изменил другой пользователь, 428 без него)",
)
def update_methodology(
    methodology_id: Id,
    data: MethodologyUpdate,
    service: MethodologyServiceDep,
    response: Response,
    if_match: IfMatch = None,
) -> MethodologyRead:
    return tagged(response, service.read(service.update(methodology_id, data, if_match)))


@router.delete(
    "/{methodology_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[EDITORS],
    summary="Удалить черновик (If-Match: 412, если его изменил другой пользователь, 428 без него)",
)
def delete_methodology(methodology_id: Id, service: MethodologyServiceDep, if_match: IfMatch = None) -> None:
    service.delete(methodology_id, if_match)


@router.post(
    "/{methodology_id}/activate",
    response_model=MethodologyRead,
    dependencies=[EDITORS],
    summary="Сделать действующей для учебного года (If-Match: 412, если версию изменили, 428 без него)",
)
def activate(
    methodology_id: Id, data: Activation, service: MethodologyServiceDep, response: Response, if_match: IfMatch = None
) -> MethodologyRead:
    return tagged(response, service.read(service.activate(methodology_id, data.school_year, if_match)))
