"""`/api/roadmap/monitoring`: schools × (выполнено / в работе / просрочено / нет подтверждения)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from services.roadmap.deps import MonitoringServiceDep
from services.roadmap.monitoring.schemas import Monitoring, MonitoringStatus
from services.shared.ids import Code
from services.shared.school_year import SchoolYear

router = APIRouter(tags=["monitoring"])


@router.get(
    "/monitoring",
    response_model=Monitoring,
    summary="Мониторинг исполнения: школы × выполнено / в работе / просрочено / нет подтверждения",
)
def monitoring(
    service: MonitoringServiceDep,
    status: Annotated[MonitoringStatus | None, Query(description="только школы, где есть такие мероприятия")] = None,
    school_year: Annotated[SchoolYear | None, Query(description="учебный год планов")] = None,
    municipality: Annotated[Code | None, Query(description="код муниципалитета")] = None,
) -> Monitoring:
    return service.table(status, school_year, municipality)
