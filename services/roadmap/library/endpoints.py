"""`/api/roadmap/library/measures`: typical measures; `/plans/from-identification`: draft programmes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.roadmap.deps import LibraryServiceDep, PlanServiceDep
from services.roadmap.library.models import MeasureTemplate
from services.roadmap.library.schemas import DraftRequest, DraftResult, MeasureIn, MeasureRead
from services.roadmap.library.service import draft_programmes
from services.shared.ids import Id
from services.shared.revisions import IfMatch, tagged
from services.shared.security import PrincipalDep, Role, WriterDep, require_roles

router = APIRouter(tags=["library"])
CURATORS_OF_LIBRARY = require_roles(Role.regional_analyst)
DRAFTERS = require_roles(Role.regional_analyst, Role.municipal_coordinator, Role.school_staff)


def _measure(response: Response, measure: MeasureTemplate) -> MeasureRead:
    """The measure with its revision as the ETag, the one an edit sends back in If-Match."""
    return tagged(response, MeasureRead.model_validate(measure.model_dump()))


@router.get("/library/measures", response_model=list[MeasureRead], summary="Библиотека типовых мероприятий")
def list_measures(
    library: LibraryServiceDep,
    _principal: PrincipalDep,
    risk_factor: Annotated[int | None, Query(ge=1, le=10)] = None,
    category: Annotated[str | None, Query(pattern="^(low_results|unfavourable_social|risk_zone)$")] = None,
) -> list[MeasureRead]:
    return [MeasureRead.model_validate(m.model_dump()) for m in library.repository.measures(risk_factor, category)]


@router.post(
    "/library/measures",
    response_model=MeasureRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[CURATORS_OF_LIBRARY],
    summary="Добавить типовое мероприятие",
)
def create_measure(data: MeasureIn, library: LibraryServiceDep, response: Response) -> MeasureRead:
    return _measure(response, library.save(data))


@router.get(
    "/library/measures/{measure_id}", response_model=MeasureRead, summary="Типовое мероприятие (ETag — его версия)"
)
def get_measure(
    measure_id: Id, library: LibraryServiceDep, _principal: PrincipalDep, response: Response
) -> MeasureRead:
    return _measure(response, library.repository.measure(measure_id))


@router.put(
    "/library/measures/{measure_id}",
    response_model=MeasureRead,
    dependencies=[CURATORS_OF_LIBRARY],
    summary="Изменить типовое мероприятие (If-Match: 412 на устаревшую версию, 428 без неё)",
)
def update_measure(
    measure_id: Id, data: MeasureIn, library: LibraryServiceDep, response: Response, if_match: IfMatch = None
) -> MeasureRead:
    return _measure(response, library.update(library.repository.measure(measure_id), data, if_match))


@router.delete(
    "/library/measures/{measure_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    dependencies=[CURATORS_OF_LIBRARY],
    summary="Удалить типовое мероприятие (If-Match: 412, если его изменил другой пользователь, 428 без него)",
)
def delete_measure(measure_id: Id, library: LibraryServiceDep, if_match: IfMatch = None) -> None:
    library.delete(library.repository.measure(measure_id, for_update=True), if_match)


@router.post(
    "/plans/from-identification",
    response_model=DraftResult,
    status_code=status.HTTP_201_CREATED,
    dependencies=[DRAFTERS],
    summary="Черновики антирисковых программ для школ согласованного списка",
)
def from_identification(request: DraftRequest, plans: PlanServiceDep, _writer: WriterDep) -> DraftResult:
    return draft_programmes(plans, request)
