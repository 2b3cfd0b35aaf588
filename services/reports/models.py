"""Every table of the reports service, imported once so Alembic and the app see the whole metadata."""

from services.reports.archive.models import Report, ReportTemplate
from services.reports.db import AuditEvent

__all__ = ["AuditEvent", "Report", "ReportTemplate"]
