"""Dependencies of the identification service's endpoints: each provider is named after what it provides."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from services.identification.competence.service import CompetenceService
from services.identification.imports.service import ImportService
from services.identification.indicators.service import IndicatorService
from services.identification.methodology.service import MethodologyService
from services.identification.outcomes.service import OutcomeService
from services.identification.registry.service import RegistryService
from services.identification.runs.dashboard import DashboardService
from services.identification.runs.service import RunService
from services.shared.db import SessionDep
from services.shared.security import PrincipalDep


def get_registry_service(session: SessionDep, principal: PrincipalDep) -> RegistryService:
    return RegistryService(session, principal)


RegistryServiceDep = Annotated[RegistryService, Depends(get_registry_service)]


def get_import_service(session: SessionDep, principal: PrincipalDep) -> ImportService:
    return ImportService(session, principal)


ImportServiceDep = Annotated[ImportService, Depends(get_import_service)]


def get_indicator_service(session: SessionDep, principal: PrincipalDep) -> IndicatorService:
    return IndicatorService(session, principal)


IndicatorServiceDep = Annotated[IndicatorService, Depends(get_indicator_service)]


def get_methodology_service(session: SessionDep, principal: PrincipalDep) -> MethodologyService:
    return MethodologyService(session, principal)


MethodologyServiceDep = Annotated[MethodologyService, Depends(get_methodology_service)]


def get_run_service(session: SessionDep, principal: PrincipalDep) -> RunService:
    return RunService(session, principal)


RunServiceDep = Annotated[RunService, Depends(get_run_service)]


def get_competence_service(session: SessionDep, principal: PrincipalDep) -> CompetenceService:
    return CompetenceService(session, principal)


CompetenceServiceDep = Annotated[CompetenceService, Depends(get_competence_service)]


def get_dashboard_service(session: SessionDep, principal: PrincipalDep) -> DashboardService:
    return DashboardService(session, principal)


DashboardServiceDep = Annotated[DashboardService, Depends(get_dashboard_service)]


def get_outcome_service(session: SessionDep, principal: PrincipalDep) -> OutcomeService:
    return OutcomeService(session, principal)


OutcomeServiceDep = Annotated[OutcomeService, Depends(get_outcome_service)]
