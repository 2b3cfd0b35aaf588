"""Every table of the identification service, imported once so Alembic and the app see the whole metadata."""

from services.identification.competence.models import CompetenceCard, CompetenceScore, DiagnosticCampaign, Teacher
from services.identification.db import AuditEvent
from services.identification.imports.models import ImportBatch, IndicatorRevision
from services.identification.indicators.models import (
    AssessmentResult,
    OlympiadParticipation,
    RiskFactor,
    RiskLevel,
    SocialIndicator,
    StaffingIndicator,
    VprObjectivity,
)
from services.identification.methodology.models import Methodology, MethodologyActivation
from services.identification.registry.models import Municipality, Region, School, SchoolAlias, Settlement
from services.identification.runs.models import IdentificationRun, RunOverride, RunSchool

__all__ = [
    "AssessmentResult",
    "AuditEvent",
    "CompetenceCard",
    "CompetenceScore",
    "DiagnosticCampaign",
    "IdentificationRun",
    "ImportBatch",
    "IndicatorRevision",
    "Methodology",
    "MethodologyActivation",
    "Municipality",
    "OlympiadParticipation",
    "Region",
    "RiskFactor",
    "RiskLevel",
    "RunOverride",
    "RunSchool",
    "School",
    "SchoolAlias",
    "Settlement",
    "SocialIndicator",
    "StaffingIndicator",
    "Teacher",
    "VprObjectivity",
]
