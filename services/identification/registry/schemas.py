from __future__ import annotations

from pydantic import BaseModel

from services.shared.security import Scope


class MunicipalityRead(BaseModel):
    code: str
    name: str
    kind: str
    school_count: int


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


class ResolvedScope(BaseModel):
    scope: Scope
    label: str
