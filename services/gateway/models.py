"""Every table of the gateway, imported once so Alembic and the app see the whole metadata."""

from services.gateway.auth.models import AuthSession, LoginFailure, RefreshToken
from services.gateway.db import AuditEvent
from services.gateway.identity.models import ApiClient, User

__all__ = ["ApiClient", "AuditEvent", "AuthSession", "LoginFailure", "RefreshToken", "User"]
