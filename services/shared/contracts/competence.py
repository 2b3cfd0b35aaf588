"""What identification answers about a school's teacher competence diagnosis
(`GET /api/identification/competence/schools/{code}/profile`) and the reports service reads for the school card;
the share of teachers at the critical level per competence is the school's professional deficit."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class DeficitShare(BaseModel):
    code: str
    title: str
    teachers: int
    critical: int
    critical_share: float | None = Field(description="Доля педагогов на критическом уровне — профессиональный дефицит")
    mean_percent: float | None
    previous_critical_share: float | None = None


class ProfileCampaign(BaseModel):
    id: int
    title: str
    stage_label: str
    held_on: date
    school_year: str


class ProfileGroup(BaseModel):
    teachers: int
    overall_mean_percent: float | None
    deficits: list[DeficitShare]


class CompetenceProfile(BaseModel):
    """The school's latest diagnosis: its campaign, the result per competence and the critical competences."""

    school_code: str
    campaign: ProfileCampaign | None
    result: ProfileGroup | None
    critical_competences: list[str]
