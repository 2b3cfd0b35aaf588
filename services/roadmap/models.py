"""Every table of the roadmap service, imported once so Alembic and the app see the whole metadata."""

from services.roadmap.db import AuditEvent

__all__ = ["AuditEvent"]
