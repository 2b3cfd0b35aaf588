"""Every table of the roadmap service, imported once so Alembic and the app see the whole metadata; and the
session hooks of the deadlines read model, which follow every write to the plans' tables whoever makes it."""

from services.roadmap.db import AuditEvent
from services.roadmap.deadlines import read_model  # noqa: F401  (registers the read model's session hooks)
from services.roadmap.deadlines.models import CalendarFeed, DeadlineEntry, Notification
from services.roadmap.library.models import MeasureTemplate
from services.roadmap.mentoring.models import MentorPair
from services.roadmap.plans.models import (
    Activity,
    ActivityComment,
    ActivityOccurrence,
    ActivitySchool,
    Evidence,
    Party,
    Plan,
    PlanIndicator,
    PlanSection,
)

__all__ = [
    "Activity",
    "ActivityComment",
    "ActivityOccurrence",
    "ActivitySchool",
    "AuditEvent",
    "CalendarFeed",
    "DeadlineEntry",
    "Evidence",
    "MeasureTemplate",
    "MentorPair",
    "Notification",
    "Party",
    "Plan",
    "PlanIndicator",
    "PlanSection",
]
