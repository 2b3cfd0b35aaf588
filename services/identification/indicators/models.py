"""What is known about a school per school year: assessment results and the indicators of each kind.

One row per natural key (school, year, and for results procedure/grade/subject); an import that brings
different values for a key replaces the row and keeps the old values in `indicator_revision`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from services.identification.db import Base
from services.shared.audit import utcnow


class SchoolYearRow(Base):
    """Columns every indicator row has: the school, the school year, the batch that last wrote it."""

    school_id: int = Field(foreign_key="school.id")
    """No index of its own: every indicator table's unique key starts with school_id. On PostgreSQL this and
    `batch_id` are checked once per statement instead of by a row-by-row foreign key (migration e3f1a7c5d924)."""
    school_year: str = Field(max_length=9, index=True)
    batch_id: int | None = Field(default=None, foreign_key="import_batch.id")
    """The import that last wrote the row. No index (migration c9f0f53e2dc9): no query reads rows by batch."""
    updated_at: datetime = Field(default_factory=utcnow)


class AssessmentResult(SchoolYearRow, table=True):
    """One procedure, grade and subject of one school in one year (ВПР, ОГЭ, ЕГЭ, ГВЭ, РПР …)."""

    __tablename__ = "assessment_result"
    __table_args__ = (UniqueConstraint("school_id", "school_year", "procedure", "grade", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    procedure: str = Field(max_length=20)
    grade: int
    subject: str = Field(max_length=40)
    participants: int
    below_min: int | None = None
    mean_score: float | None = None
    max_score: float | None = None
    mark2: int | None = None
    mark3: int | None = None
    mark4: int | None = None
    mark5: int | None = None


class VprObjectivity(SchoolYearRow, table=True):
    """ВПР mark against the term mark: how many pupils' marks were lowered, confirmed, raised."""

    __tablename__ = "vpr_objectivity"
    __table_args__ = (UniqueConstraint("school_id", "school_year", "grade", "subject"),)

    id: int | None = Field(default=None, primary_key=True)
    grade: int
    subject: str = Field(max_length=40)
    lowered: int
    confirmed: int
    raised: int


class SocialIndicator(SchoolYearRow, table=True):
    __tablename__ = "social_indicator"
    __table_args__ = (UniqueConstraint("school_id", "school_year"),)

    id: int | None = Field(default=None, primary_key=True)
    pupils: int | None = None
    parents_higher_education_share: float | None = None
    unemployed_parents_share: float | None = None
    deviant_behaviour_share: float | None = None
    non_native_russian_share: float | None = None


class StaffingIndicator(SchoolYearRow, table=True):
    __tablename__ = "staffing_indicator"
    __table_args__ = (UniqueConstraint("school_id", "school_year"),)

    id: int | None = Field(default=None, primary_key=True)
    teachers: int | None = None
    vacancies: int | None = None
    teachers_over_60_share: float | None = None
    teachers_higher_category_share: float | None = None


class OlympiadParticipation(SchoolYearRow, table=True):
    __tablename__ = "olympiad_participation"
    __table_args__ = (UniqueConstraint("school_id", "school_year"),)

    id: int | None = Field(default=None, primary_key=True)
    pupils: int | None = None
    participants_regional: int | None = None
    participants_all_russian: int | None = None


class RiskLevel(SchoolYearRow, table=True):
    """The school's level of one factor of the ФИОКО "500+" risk profile in one year."""

    __tablename__ = "risk_level"
    __table_args__ = (UniqueConstraint("school_id", "school_year", "factor"),)

    id: int | None = Field(default=None, primary_key=True)
    factor: int
    level: str = Field(max_length=10, description="high, medium, low, none")


class MeasureValue(SchoolYearRow, table=True):
    """A named measure of a school in a year, imported as it is (a regional index such as ИОР of seed 002):
    its value, unit and direction (`higher` or `lower` is better). Methodology rules read its level, its
    mean over years and its trend."""

    __tablename__ = "measure_value"
    __table_args__ = (UniqueConstraint("school_id", "school_year", "measure"),)

    id: int | None = Field(default=None, primary_key=True)
    measure: str = Field(max_length=60, index=True)
    value: float
    unit: str | None = Field(default=None, max_length=40)
    direction: str | None = Field(default=None, max_length=10, description="higher, lower; unknown is higher")


class RiskFactor(Base, table=True):
    """The catalogue of "500+" risk factors, versioned: a catalogue version applies from a school year on."""

    __tablename__ = "risk_factor"
    __table_args__ = (UniqueConstraint("version", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=20)
    valid_from: str = Field(max_length=9, description="first school year the version applies to")
    number: int
    name: str = Field(max_length=300)
