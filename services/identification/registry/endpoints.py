"""`/api/identification/territories`, `/schools`: the registry as the caller's scope allows."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from services.identification.deps import RegistryServiceDep
from services.identification.registry.schemas import (
    MunicipalityPlace,
    RegionRead,
    ResolvedScope,
    SchoolRead,
    SchoolSuggestion,
)
from services.shared.ids import Code, Search
from services.shared.pagination import Page, PageDep
from services.shared.security import Role, Scope, require_roles

router = APIRouter(tags=["registry"])


@router.get("/territories", response_model=list[RegionRead], summary="Территории в пределах доступа")
def territories(registry: RegistryServiceDep) -> list[RegionRead]:
    return registry.territories()


@router.get(
    "/municipalities/{code}",
    response_model=MunicipalityPlace,
    summary="Муниципалитет по коду и его регион (403 — вне вашей территории, 404 — такого нет)",
)
def municipality(
    code: Annotated[Code, Path(description="код муниципалитета")], registry: RegistryServiceDep
) -> MunicipalityPlace:
    return registry.repository.municipality_place(code)


@router.post(
    "/territories/resolve",
    response_model=ResolvedScope,
    dependencies=[require_roles(Role.admin)],
    summary="Проверить коды территории доступа и получить её название",
)
def resolve(scope: Scope, registry: RegistryServiceDep) -> ResolvedScope:
    return registry.resolve(scope)


@router.get("/schools", response_model=Page[SchoolRead], summary="Школы в пределах доступа")
def list_schools(
    registry: RegistryServiceDep,
    page: PageDep,
    municipality: Annotated[str | None, Query(max_length=20, description="Код муниципалитета")] = None,
    q: Annotated[
        Search | None, Query(max_length=200, description="Поиск по названию, варианту названия или коду")
    ] = None,
    kind: Annotated[str | None, Query(max_length=40, description="Вид: СОШ, ООШ, НОШ, лицей, гимназия")] = None,
    rural: bool | None = None,
) -> Page[SchoolRead]:
    schools, total = registry.repository.list_schools(page, municipality, q, kind, rural)
    return Page(items=registry.school_reads(schools), total=total, page=page.page, per_page=page.per_page)


@router.get(
    "/schools/suggestions",
    response_model=list[SchoolSuggestion],
    summary="Школы с названием, близким к набранному (с опечатками), лучшие первыми",
)
def suggest_schools(
    registry: RegistryServiceDep,
    q: Annotated[Search, Query(min_length=3, max_length=200, description="Набранное название, возможно с опечаткой")],
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
) -> list[SchoolSuggestion]:
    return registry.suggestions(q, limit)


@router.get("/schools/{school_code}", response_model=SchoolRead, summary="Карточка школы")
def get_school(school_code: str, registry: RegistryServiceDep) -> SchoolRead:
    return registry.school_reads([registry.repository.school(school_code)])[0]
