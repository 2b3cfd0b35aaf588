"""`/api/identification/methodologies`: versioned rule sets, their copies, edits and activation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from services.identification.deps import MethodologyServiceDep
from services.identification.methodology.schemas import (
    Activation,
    MethodologyCopy,
    MethodologyRead,
    MethodologySummary,
    MethodologyUpdate,
    RuleCatalogue,
)
from services.identification.methodology.service import MethodologyService, require_school_year
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
def active(service: MethodologyServiceDep, school_year: Annotated[str, Query(max_length=20)]) -> MethodologyRead:
    year = require_school_year(school_year, ["query", "school_year"])
    return service.read(service.repository.active(year))


@router.get("/{methodology_id}", response_model=MethodologyRead, summary="Версия методики с параметрами")
def get_methodology(methodology_id: int, service: MethodologyServiceDep) -> MethodologyRead:
    return service.read(service.repository.get(methodology_id))


@router.post(
    "/{methodology_id}/copy",
    response_model=MethodologyRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[EDITORS],
    summary="Создать новую версию копированием",
)
def copy_methodology(methodology_id: int, data: MethodologyCopy, service: MethodologyServiceDep) -> MethodologyRead:
    return service.read(service.copy(methodology_id, data))


@router.patch("/{methodology_id}", response_model=MethodologyRead, dependencies=[EDITORS], summary="Изменить черновик")
def update_methodology(methodology_id: int, data: MethodologyUpdate, service: MethodologyServiceDep) -> MethodologyRead:
    return service.read(service.update(methodology_id, data))


@router.delete(
    "/{methodology_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[EDITORS],
    summary="Удалить черновик",
)
def delete_methodology(methodology_id: int, service: MethodologyServiceDep) -> None:
    service.delete(methodology_id)


@router.post(
    "/{methodology_id}/activate",
    response_model=MethodologyRead,
    dependencies=[EDITORS],
    summary="Сделать действующей для учебного года",
)
def activate(methodology_id: int, data: Activation, service: MethodologyServiceDep) -> MethodologyRead:
    return service.read(service.activate(methodology_id, data.school_year))
