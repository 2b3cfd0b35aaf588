"""Every table of the roadmap service, imported once so Alembic and the app see the whole metadata."""

from services.roadmap.db import AuditEvent
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
