"""The report types: each one's builder (data read over HTTP → `Document`) and the parameters it needs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from services.reports.documents import identification_note, indicators, plan, plan_execution, school_card
from services.reports.documents.model import Document
from services.reports.documents.params import ReportParams
from services.reports.documents.sources import Sources

Builder = Callable[[ReportParams, Sources, date], Document]

BUILDERS: dict[str, Builder] = {
    "identification_note": identification_note.build,
    "school_card": school_card.build,
    "plan": plan.build,
    "plan_execution": plan_execution.build,
    "indicators": indicators.build,
}

# What must be given; the rest is optional (territory: the caller's whole scope; a school card's year: the latest).
REQUIRED: dict[str, tuple[str, ...]] = {
    "identification_note": ("school_year",),
    "school_card": ("school_code",),
    "plan": ("plan_id",),
    "plan_execution": ("plan_id",),
    "indicators": ("plan_id",),
}
