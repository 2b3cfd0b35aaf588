"""Plans (roadmaps, transition and anti-risk programmes, mentoring plans), their sections and activities.

A plan belongs to a territory or to one school; `region_code`, `municipality_code` and `school_code` say
where it lies, so scoping needs no call to another service. `revision` counts every change of a row and is
its ETag: a write must name the revision it read (If-Match), so two editors never overwrite each other.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, UniqueConstraint, event, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapper
from sqlmodel import Field

from services.roadmap.db import Base
from services.shared.audit import utcnow
from services.shared.db import NEVER_REUSED_IDS
from services.shared.vocabulary import visible


class Plan(Base, table=True):
    # One draft and one approved version per family, each version number once: enforced by the database (the
    # service's family lock keeps them; these refuse what would break them anyway).
    __table_args__ = (
        Index("uq_plan_family_version", "family_id", "version", unique=True),
        *(
            Index(
                f"uq_plan_family_one_{status}",
                "family_id",
                unique=True,
                sqlite_where=text(f"status = '{status}'"),
                postgresql_where=text(f"status = '{status}'"),
            )
            for status in ("draft", "approved")
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40, description="PlanKindCode (services/roadmap/vocabulary.py)")
    title: str = Field(max_length=500)
    description: str = ""
    owner_kind: str = Field(max_length=20, description="territory or school")
    region_code: str | None = Field(default=None, max_length=20, index=True)
    municipality_code: str | None = Field(default=None, max_length=20, index=True)
    school_code: str | None = Field(default=None, max_length=30, index=True)
    owner_label: str = Field(max_length=500, description="the territory's or the school's name")
    school_year: str | None = Field(default=None, max_length=9, index=True)
    period_start: date
    period_end: date
    status: str = Field(default="draft", max_length=20, description="draft, approved, archived")
    order_number: str | None = Field(default=None, max_length=100)
    order_date: date | None = None
    family_id: int | None = Field(default=None, description="the first version's id, shared by all")
    version: int = 1
    previous_version_id: int | None = Field(default=None, foreign_key="plan.id")
    risk_factor: int | None = Field(default=None, description="the 500+ factor of an anti-risk programme")
    category: str | None = Field(default=None, max_length=30)
    identification_run_id: int | None = None
    column_set: str = Field(
        default="standard",
        max_length=20,
        description="the columns the plan is written in: the set it was imported with (tracks_003 …) or standard",
    )
    revision: int = 1
    created_by: str = Field(max_length=100)
    created_by_name: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    approved_by_name: str | None = Field(default=None, max_length=300)
    approved_at: datetime | None = None


class PlanSection(Base, table=True):
    """A section or track of a plan, in order, with its planned results."""

    __tablename__ = "plan_section"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    position: int
    number: str | None = Field(default=None, max_length=20)
    title: str = Field(max_length=1000)
    planned_results: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)


class Activity(Base, table=True):
    __table_args__ = (NEVER_REUSED_IDS,)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    section_id: int = Field(foreign_key="plan_section.id", index=True)
    position: int
    number: str | None = Field(default=None, max_length=20, description="as written: 1.1, 17")
    title: str
    responsible: list[dict[str, Any]] = Field(
        default_factory=list, sa_type=JSON, nullable=False, description='[{"party_id": 3, "name": "Бабкина Н.А."}]'
    )
    co_executors: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON, nullable=False)
    deadline_text: str = ""
    schedule: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, nullable=False)
    start_date: date | None = Field(default=None, description="the schedule's first start")
    due_date: date | None = Field(default=None, index=True, description="the schedule's last due date")
    expected_result: str = ""
    targets: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON, nullable=False)
    final_document: str = ""
    risk_factor: int | None = None
    indicator: str = ""
    status: str = Field(default="planned", max_length=20, description="planned, in_progress, done, cancelled")
    progress: int = Field(default=0, ge=0, le=100)
    actual_result: str = ""
    per_school: bool = Field(default=False, description="tracked per participating school and rolled up")
    completed_at: date | None = None
    revision: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class ActivityOccurrence(Base, table=True):
    """One due date of an activity's schedule (a recurring activity has several): what deadline lists read."""

    __tablename__ = "activity_occurrence"
    __table_args__ = (NEVER_REUSED_IDS,)

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    start: date | None = None
    due: date = Field(index=True)
    stage: str | None = Field(default=None, max_length=20)
    label: str = Field(default="", max_length=200)
    completed_on: date | None = Field(default=None, description="the stage's done mark; None — not reported done")


class ActivitySchool(Base, table=True):
    """How one participating school executes an activity that applies to several schools."""

    __tablename__ = "activity_school"
    __table_args__ = (UniqueConstraint("activity_id", "school_code"), NEVER_REUSED_IDS)

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id")
    """No index of its own: the unique key (activity_id, school_code) starts with it."""
    school_code: str = Field(max_length=30, index=True)
    school_name: str = Field(max_length=500)
    municipality_code: str | None = Field(default=None, max_length=20, index=True)
    status: str = Field(default="planned", max_length=20)
    progress: int = Field(default=0, ge=0, le=100)
    actual_result: str = ""
    completed_at: date | None = None
    revision: int = 1
    updated_at: datetime = Field(default_factory=utcnow)


class Evidence(Base, table=True):
    """A file or a link that proves an activity was done (for the whole activity or for one school)."""

    __table_args__ = (NEVER_REUSED_IDS,)
    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    school_code: str | None = Field(default=None, max_length=30)
    kind: str = Field(max_length=10, description="file or link")
    title: str = Field(max_length=500)
    url: str | None = Field(default=None, max_length=2000)
    file_name: str | None = Field(default=None, max_length=300)
    content_type: str | None = Field(default=None, max_length=100)
    size: int | None = None
    sha256: str | None = Field(default=None, max_length=64)
    storage_key: str | None = Field(default=None, max_length=200)
    created_by: str = Field(max_length=100)
    created_by_name: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)


class ActivityComment(Base, table=True):
    __tablename__ = "activity_comment"
    __table_args__ = (NEVER_REUSED_IDS,)

    id: int | None = Field(default=None, primary_key=True)
    activity_id: int = Field(foreign_key="activity.id", index=True)
    school_code: str | None = Field(default=None, max_length=30)
    text: str
    created_by: str = Field(max_length=100)
    created_by_name: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow)


class PlanIndicator(Base, table=True):
    """A plan-level indicator with a target and an actual value per year (the KPI table of seed 004)."""

    __tablename__ = "plan_indicator"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    position: int = 0
    name: str = Field(max_length=500)
    unit: str = Field(default="", max_length=50)
    direction: str = Field(default="higher", max_length=10, description="higher or lower: which way is better")
    baseline: float | None = None
    baseline_year: str | None = Field(default=None, max_length=9)
    targets: dict[str, float] = Field(default_factory=dict, sa_type=JSON, nullable=False)
    actuals: dict[str, float] = Field(default_factory=dict, sa_type=JSON, nullable=False)
    revision: int = Field(default=1, description="counts every change: the indicator's ETag (If-Match on edits)")
    updated_at: datetime = Field(default_factory=utcnow)


def name_key(name: str) -> str:
    """A person's or a body's name as compared for sameness: case, «ё», punctuation and spacing aside
    («Иванов И. И.» and «ИВАНОВ И.И.» are both «иванов и и»), whether «ё» is typed as one character or two, and
    whatever invisible characters (a zero-width space inside a word, a direction mark: `visible`) it holds."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFC", visible(name)).casefold().replace("ё", "е")))


class Party(Base, table=True):
    """The directory of responsible people and bodies; a person may be linked to a user of the gateway.

    One entry per person (or body) and place: the same name of the same kind is stored once in one school, one
    municipality (outside its schools) or one region — a unique key, so two people adding the same colleague at
    once make one entry, not two the plans then split between."""

    __table_args__ = (Index("uq_party_place_name", "place_key", "kind", "name_key", unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300, index=True)
    kind: str = Field(max_length=20, description="person or body")
    position: str = Field(default="", max_length=300)
    region_code: str | None = Field(default=None, max_length=20)
    municipality_code: str | None = Field(default=None, max_length=20, index=True)
    school_code: str | None = Field(default=None, max_length=30, index=True)
    user_subject: str | None = Field(default=None, max_length=100, index=True, description="user:<id>")
    email: str | None = Field(default=None, max_length=300)
    name_key: str = Field(default="", max_length=300, description="the name as compared (`name_key`)")
    place_key: str = Field(default="", max_length=30, description="the school's, else the municipality's, else the "
                           "region's code: where the entry is one")  # fmt: skip


@event.listens_for(Party, "before_insert")
@event.listens_for(Party, "before_update")
def _party_keys(_mapper: Mapper[Party], _connection: Connection, party: Party) -> None:
    party.name_key = name_key(party.name)
    party.place_key = party.school_code or party.municipality_code or party.region_code or ""
