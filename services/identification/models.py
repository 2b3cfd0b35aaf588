"""Every table of the identification service, imported once so Alembic and the app see the whole metadata."""

from services.identification.db import AuditEvent
from services.identification.registry.models import Municipality, Region, School, SchoolAlias, Settlement

__all__ = ["AuditEvent", "Municipality", "Region", "School", "SchoolAlias", "Settlement"]
