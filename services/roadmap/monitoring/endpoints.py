"""`/api/roadmap/monitoring`: schools × (выполнено / в работе / просрочено / нет подтверждения)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.roadmap.deps import IdentificationDep, MonitoringServiceDep
from services.roadmap.monitoring.schemas import CycleFigures, Monitoring, MonitoringStatus
from services.shared.ids import Code, Id
from services.shared.school_year import SchoolYear
from services.shared.scoping import refuse_municipality_filter
from services.shared.security import PrincipalDep

router = APIRouter(tags=["monitoring"])


@router.get(
    "/monitoring",
    response_model=Monitoring,
    summary="Мониторинг исполнения: школы × выполнено / в работе / просрочено / нет подтверждения",
)
def monitoring(
    principal: PrincipalDep,
    identification: IdentificationDep,
    service: MonitoringServiceDep,
    status: Annotated[MonitoringStatus | None, Query(description="только школы, где есть такие мероприятия")] = None,
    school_year: Annotated[SchoolYear | None, Query(description="учебный год планов")] = None,
    municipality: Annotated[Code | None, Query(description="код муниципалитета")] = None,
    run_id: Annotated[Id | None, Query(description="только программы по согласованному списку этого расчёта")] = None,
) -> Monitoring:
    refuse_municipality_filter(principal.scope, municipality, identification)  # 422 unknown, 403 another's
    return service.table(status, school_year, municipality, run_id=run_id)


@router.get(
    "/monitoring/cycle",
    response_model=CycleFigures,
    summary="Программы по согласованному списку (расчёту идентификации) и их исполнение — для «Обзора»",
)
def cycle(
    service: MonitoringServiceDep, run_id: Annotated[Id, Query(description="утверждённый расчёт")]
) -> CycleFigures:
    return service.cycle(run_id)
