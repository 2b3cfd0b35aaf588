"""The registry: region → municipality → settlement → school, each with a stable code."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, UniqueConstraint
from sqlmodel import Field

from services.identification.db import Base
from services.shared.audit import utcnow
from services.shared.vocabulary import visible


class Region(Base, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True, index=True)
    name: str = Field(max_length=300)


class Municipality(Base, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, unique=True, index=True)
    region_id: int = Field(foreign_key="region.id", index=True)
    name: str = Field(max_length=300)
    kind: str = Field(default="municipal_district", sa_type=String(40))


class Settlement(Base, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=30, unique=True, index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    name: str = Field(max_length=300)
    kind: str = Field(default="", max_length=40, description="город, посёлок, село, деревня")
    rural: bool = False
    hard_to_reach: bool = False
    unemployment_share: float | None = Field(default=None, ge=0, le=1)


class School(Base, table=True):
    id: int | None = Field(default=None, primary_key=True)
    school_code: str = Field(max_length=30, unique=True, index=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    settlement_id: int | None = Field(default=None, foreign_key="settlement.id", index=True)
    full_name: str = Field(max_length=500)
    short_name: str = Field(max_length=300, index=True)
    legal_form: str = Field(default="", max_length=20, description="МБОУ, МКОУ, МАОУ …")
    kind: str = Field(default="", max_length=40, description="СОШ, ООШ, НОШ, лицей, гимназия …")
    rural: bool = False
    small: bool = Field(default=False, description="малокомплектная")
    roles: list[str] = Field(default_factory=list, sa_type=JSON, nullable=False)
    pupils: int | None = Field(default=None, ge=0)
    teachers: int | None = Field(default=None, ge=0)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class SchoolAlias(Base, table=True):
    """Another spelling of a school's name, as imports bring it (Уньюганская / Уньганская)."""

    __tablename__ = "school_alias"
    __table_args__ = (UniqueConstraint("school_id", "normalized"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id")
    """No index of its own: the unique key (school_id, normalized) starts with it."""
    alias: str = Field(max_length=500)
    normalized: str = Field(max_length=500, index=True)


def normalize_name(name: str) -> str:
    """Name as compared: lower case, ё→е, quotes and dashes dropped, spaces folded, invisible characters (zero-width
    spaces, direction marks, soft hyphens: `visible`) gone."""
    text = visible(name).lower().replace("ё", "е")
    for char in "\"'«»“”„-–—.,№":
        text = text.replace(char, " ")
    return " ".join(text.split())
