"""What the roadmap service answers and the reports service reads: a plan's column set, its execution at a
date (per activity, per stage, per school, with the evidence), and its indicators.

Roadmap owns the meaning — which columns a plan is written in, when a stage is overdue, whether an indicator
is better higher or lower; reports only lays it out.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

ColumnSetCode = Literal["standard", "tracks_003", "content_001", "measures_000", "periods_004", "report_002"]
PlanField = Literal["number", "title", "responsible", "deadline", "expected_result", "final_document"]
ExecutionState = Literal["done", "in_progress", "overdue", "planned", "cancelled"]
StageState = Literal["done", "overdue", "current", "upcoming", "cancelled"]
IndicatorDirection = Literal["higher", "lower"]


class PlanColumn(BaseModel):
    """One column of the plan's own table, in its order: the activity field it shows and its header."""

    field: PlanField
    label: str


class StageExecution(BaseModel):
    """One due date of an activity's schedule at the report's date: `overdue` is a passed stage without a
    done mark (of the stage itself or of the whole activity)."""

    id: int
    label: str
    stage: str | None = Field(
        default=None, description="entry, interim or final (входной, промежуточный, итоговый) when the text says so"
    )
    start: date | None
    due: date
    completed_on: date | None = Field(default=None, description="the stage's done mark")
    state: StageState


class SchoolExecution(BaseModel):
    school_code: str
    school_name: str
    status: str = Field(description="planned, in_progress, done, cancelled — as the school reported")
    state: ExecutionState = Field(description="at the report's date, the stages taken into account")
    progress: int
    actual_result: str
    completed_at: date | None


class EvidenceItem(BaseModel):
    """A proof of execution cited by its file name (or the link's title and address), with when and by whom it
    was uploaded; an execution at a date lists only the proofs uploaded by the end of that day."""

    id: int
    school_code: str | None
    kind: Literal["file", "link"]
    title: str
    file_name: str | None
    url: str | None
    uploaded_at: datetime | None = Field(default=None, description="when it was uploaded (UTC)")
    uploaded_on: date | None = Field(
        default=None, description="the day it was uploaded, by the roadmap service's calendar (as `as_of` is)"
    )
    uploaded_by: str | None = Field(default=None, description="the name of who uploaded it")


class ActivityExecution(BaseModel):
    id: int
    number: str | None
    title: str
    responsible: str = Field(description="names of the responsible, then «соисполнители: …»")
    deadline_text: str
    expected_result: str
    final_document: str
    status: str = Field(description="planned, in_progress, done, cancelled — as reported")
    state: ExecutionState = Field(description="at the report's date, from the stages and the schools")
    progress: int
    actual_result: str
    completed_at: date | None
    per_school: bool
    stages: list[StageExecution]
    schools: list[SchoolExecution]
    evidence: list[EvidenceItem]


class SectionExecution(BaseModel):
    id: int
    number: str | None
    title: str
    planned_results: list[str]
    activities: list[ActivityExecution]


class PlanExecution(BaseModel):
    """`GET /api/roadmap/plans/{id}/execution?as_of=YYYY-MM-DD` (today by default; a date after today is 422
    `as_of_in_future`): what was known by the end of that day — the proofs uploaded by then, the done marks and
    statuses as they stood then (a mark made later, even dated earlier, does not count yet)."""

    plan_id: int
    as_of: date
    column_set: ColumnSetCode
    columns: list[PlanColumn]
    sections: list[SectionExecution]


class PlanIndicator(BaseModel):
    """`GET /api/roadmap/plans/{id}/indicators`: targets and actuals by school year."""

    id: int
    plan_id: int
    name: str
    unit: str
    direction: IndicatorDirection = Field(description="higher — the more the better; lower — the less the better")
    baseline: float | None
    baseline_year: str | None = Field(description="the year of the baseline's fact: 2023-2024 (or a calendar year)")
    targets: dict[str, float]
    actuals: dict[str, float]
