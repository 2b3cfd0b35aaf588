from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from services.identification.tabular import TableFormat
from services.shared.school_year import SchoolYear

ExportFormat = TableFormat


class ExportFilters(BaseModel):
    """Filters of the exports; each applies to the kinds that have the column."""

    school_year: SchoolYear | None = None
    municipality: str | None = None
    school_code: str | None = None
    procedure: str | None = None
    subject: str | None = None
    grade: int | None = None


class ExportRows(BaseModel):
    """A whole export as JSON: post it unchanged to `/imports/{kind}/rows` and nothing changes."""

    kind: str
    columns: list[str]
    total: int
    rows: list[dict[str, Any]]


class RiskFactorRead(BaseModel):
    version: str
    valid_from: str
    number: int
    name: str
