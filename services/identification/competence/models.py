"""Teacher competence diagnostics: cards, teachers of a school, campaigns and the scores raters give."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Index, String, UniqueConstraint, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper
from sqlmodel import Field

from services.identification.db import Base
from services.identification.registry.models import normalize_name
from services.shared.audit import utcnow
from services.shared.vocabulary import visible


class Stage(StrEnum):
    """When in the programme a diagnosis is made, as the seeds stage their monitoring."""

    entry = "entry"
    interim = "interim"
    final = "final"


STAGE_LABELS = {Stage.entry: "входная", Stage.interim: "промежуточная", Stage.final: "итоговая"}


class CompetenceCard(Base, table=True):
    """One version of a diagnostic card; `authority` is the territory that defined it ('' for the built-in)."""

    __tablename__ = "competence_card"
    __table_args__ = (UniqueConstraint("authority", "code", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    authority: str = Field(default="", max_length=20)
    """No index of its own: the unique key (authority, code, version) starts with it."""
    code: str = Field(max_length=40)
    version: int = Field(ge=1)
    title: str = Field(max_length=300)
    definition: dict[str, Any] = Field(sa_type=JSON, nullable=False)
    created_at: datetime = Field(default_factory=utcnow)


def name_key(full_name: str) -> str:
    """A teacher's name as compared for sameness, as the score imports find a teacher by name (`normalize_name`:
    case, «ё», quotes, dashes, dots and spacing aside), whether «ё» is typed as one character or two (NFC)."""
    return normalize_name(unicodedata.normalize("NFC", full_name))[:300]


class Teacher(Base, table=True):
    """A teacher of a school: personal data, read only within the caller's scope.

    One teacher of a name per school among those on its registry (a unique key on the name as compared): two
    people adding the same colleague at once make one teacher, whose scores are then not split between two."""

    __table_args__ = (
        Index(
            "uq_teacher_school_name",
            "school_id",
            "name_key",
            unique=True,
            sqlite_where=text("is_active"),
            postgresql_where=text("is_active"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    full_name: str = Field(max_length=300)
    position: str = Field(default="", max_length=200)
    subjects: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    is_active: bool = True
    revision: int = Field(default=1, description="counts every change: the teacher's ETag (If-Match on edits)")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    name_key: str = Field(default="", max_length=300, description="the name as compared (`name_key`)")


@event.listens_for(Teacher, "before_insert")
@event.listens_for(Teacher, "before_update")
def _teacher_key(_mapper: Mapper[Teacher], _connection: Connection, teacher: Teacher) -> None:
    teacher.name_key = name_key(teacher.full_name)


def campaign_key(campaign: DiagnosticCampaign) -> str:
    """What makes a campaign the same one: its territory, card, stage, school year, date and title (in any case and
    spacing, invisible characters aside: two groups diagnosed on one day under titles of their own are two
    campaigns)."""
    stage = Stage(campaign.stage).value
    place = f"{campaign.region_code}|{campaign.municipality_code or ''}"
    title = hashlib.sha256(" ".join(visible(campaign.title).casefold().split()).encode()).hexdigest()[:16]
    return f"{place}|{campaign.card_id}|{stage}|{campaign.school_year}|{campaign.held_on}|{title}"[:200]


class DiagnosticCampaign(Base, table=True):
    """A diagnosis of the teachers of chosen schools of one territory on one date with one card.

    One campaign of a territory per card, stage, school year, date and title (a unique key on `campaign_key`): two
    people opening it at once, or a double click, make one campaign, whose scores are then not split in two."""

    __tablename__ = "diagnostic_campaign"
    __table_args__ = (UniqueConstraint("campaign_key", name="uq_diagnostic_campaign_key"),)

    id: int | None = Field(default=None, primary_key=True)
    card_id: int = Field(foreign_key="competence_card.id", index=True)
    region_code: str = Field(max_length=20, index=True)
    municipality_code: str | None = Field(default=None, max_length=20, index=True)
    title: str = Field(max_length=300)
    stage: Stage = Field(sa_type=String(20))
    held_on: date
    school_year: str = Field(max_length=9)
    school_codes: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    created_by: str = Field(default="", max_length=200)
    created_at: datetime = Field(default_factory=utcnow)
    campaign_key: str = Field(default="", max_length=200, description="what makes it the same (`campaign_key`)")


@event.listens_for(DiagnosticCampaign, "before_insert")
def _campaign_key(_mapper: Mapper[DiagnosticCampaign], _connection: Connection, campaign: DiagnosticCampaign) -> None:
    campaign.campaign_key = campaign_key(campaign)


class CompetenceScore(Base, table=True):
    """One rater's score of one teacher on one criterion in one campaign."""

    __tablename__ = "competence_score"
    __table_args__ = (
        UniqueConstraint("campaign_id", "teacher_id", "rater", "criterion"),
        CheckConstraint("value >= 0", name="competence_score_value_nonnegative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="diagnostic_campaign.id")
    """No index of its own: the unique key (campaign_id, teacher_id, rater, criterion) starts with it."""
    teacher_id: int = Field(foreign_key="teacher.id", index=True)
    rater: str = Field(max_length=30)
    criterion: str = Field(max_length=20)
    value: int
    updated_at: datetime = Field(default_factory=utcnow)
