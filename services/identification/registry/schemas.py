from __future__ import annotations

from pydantic import BaseModel, Field

from services.shared.security import Scope


class MunicipalityRead(BaseModel):
    code: str
    name: str
    kind: str
    school_count: int


class MunicipalityPlace(BaseModel):
    """A municipality and the region it lies in (what another service needs to judge a filter by it)."""

    code: str
    name: str
    region_code: str


class RegionRead(BaseModel):
    code: str
    name: str
    municipalities: list[MunicipalityRead]


class SchoolRead(BaseModel):
    school_code: str
    short_name: str
    full_name: str
    municipality_code: str
    municipality_name: str
    settlement_name: str | None
    legal_form: str
    kind: str
    rural: bool
    small: bool
    hard_to_reach: bool
    roles: list[str]
    pupils: int | None
    teachers: int | None
    aliases: list[str]


class SchoolSuggestion(BaseModel):
    """A school whose name comes close to what was typed: to offer «Возможно, вы имели в виду …»."""

    school_code: str
    short_name: str
    municipality_name: str
    score: float = Field(description="близость названия к запросу, 0..1")


class ResolvedScope(BaseModel):
    scope: Scope
    label: str
