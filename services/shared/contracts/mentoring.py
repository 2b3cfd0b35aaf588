"""What roadmap answers about mentor school pairs (`GET /api/roadmap/mentor-pairs`) and the reports service reads
to list the pairs in the identification note and the execution report."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class MentorPairItem(BaseModel):
    """A pair: the mentor school and the supported school with their heads, the basis (the agreement), why."""

    id: int
    municipality_code: str = Field(description="муниципалитет подшефной школы")
    mentor_school_code: str
    mentor_school_name: str
    mentor_head: str
    supported_school_code: str
    supported_school_name: str
    supported_head: str
    agreement_number: str
    agreement_date: date | None
    rationale: str
    starts_on: date
    ends_on: date | None
