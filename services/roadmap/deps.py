"""Dependencies of the roadmap service's endpoints: each provider is named after what it provides."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.roadmap.effects.service import EffectService
from services.roadmap.execution.service import ExecutionService
from services.roadmap.library.service import LibraryService
from services.roadmap.mentoring.service import MentoringService
from services.roadmap.monitoring.service import MonitoringService
from services.roadmap.plans.service import PlanService
from services.shared.db import SessionDep
from services.shared.remote import RemoteService
from services.shared.security import BearerDep, PrincipalDep


def get_identification(request: Request, bearer: BearerDep) -> RemoteService:
    """The identification service, asked with the caller's token (its schools, runs and territories)."""
    return RemoteService(request.app.state.identification_client, bearer, "идентификация")


IdentificationDep = Annotated[RemoteService, Depends(get_identification)]


def get_plan_service(session: SessionDep, principal: PrincipalDep, identification: IdentificationDep) -> PlanService:
    """Plans of the caller's territory; schools and runs are read from identification with the caller's token."""
    return PlanService(session, principal, identification)


PlanServiceDep = Annotated[PlanService, Depends(get_plan_service)]


def get_library_service(session: SessionDep) -> LibraryService:
    return LibraryService(session)


LibraryServiceDep = Annotated[LibraryService, Depends(get_library_service)]


def get_execution_service(request: Request, session: SessionDep, principal: PrincipalDep) -> ExecutionService:
    """Evidence files go through the app's evidence storage (local folder or S3: `services/shared/storage.py`)."""
    return ExecutionService(session, principal, request.app.state.evidence_storage)


ExecutionServiceDep = Annotated[ExecutionService, Depends(get_execution_service)]


def get_effect_service(
    session: SessionDep, principal: PrincipalDep, identification: IdentificationDep
) -> EffectService:
    return EffectService(session, principal, identification)


EffectServiceDep = Annotated[EffectService, Depends(get_effect_service)]


def get_mentoring_service(
    session: SessionDep, principal: PrincipalDep, identification: IdentificationDep
) -> MentoringService:
    return MentoringService(session, principal, identification)


MentoringServiceDep = Annotated[MentoringService, Depends(get_mentoring_service)]


def get_monitoring_service(session: SessionDep, principal: PrincipalDep) -> MonitoringService:
    return MonitoringService(session, principal)


MonitoringServiceDep = Annotated[MonitoringService, Depends(get_monitoring_service)]
