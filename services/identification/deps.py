"""Dependencies of the identification service's endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from services.identification.registry.service import RegistryService
from services.shared.db import SessionDep
from services.shared.security import PrincipalDep


def get_registry_service(session: SessionDep, principal: PrincipalDep) -> RegistryService:
    return RegistryService(session, principal)


RegistryServiceDep = Annotated[RegistryService, Depends(get_registry_service)]
