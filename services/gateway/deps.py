"""Dependencies of the gateway's own endpoints."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.gateway.auth.keys import KeyStore
from services.gateway.auth.service import AuthService
from services.gateway.identity.passwords import passwords_for
from services.gateway.identity.service import IdentityService
from services.gateway.identity.territories import TerritoryDirectory
from services.shared.db import SessionDep
from services.shared.errors import Forbidden
from services.shared.security import Principal, Role, get_principal


def get_auth_service(request: Request, session: SessionDep) -> AuthService:
    keys: KeyStore = request.app.state.keys
    return AuthService(session, request.app.state.engine, keys, request.app.state.settings)


AuthServiceDep = Annotated[AuthService, Depends(get_auth_service)]


def current_principal(principal: Annotated[Principal, Depends(get_principal)], auth: AuthServiceDep) -> Principal:
    """A verified token whose session is still open (logout and deactivation end it at once)."""
    auth.ensure_current(principal)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_admin(principal: CurrentPrincipal) -> Principal:
    if principal.role != Role.admin:
        raise Forbidden("Раздел доступен только администратору", code="admin_only")
    return principal


AdminDep = Annotated[Principal, Depends(require_admin)]


def get_identity_service(request: Request, session: SessionDep) -> IdentityService:
    passwords = passwords_for(request.app.state.settings)
    return IdentityService(session, passwords, TerritoryDirectory(request.app.state.identification_client))


IdentityServiceDep = Annotated[IdentityService, Depends(get_identity_service)]
