"""The neutral structure an existing plan is read into (no database, no parsed deadlines)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from services.shared.contracts.roadmap import ColumnSetCode

ColumnSet = Literal[ColumnSetCode, "generic"]
"""The set a table was recognised in: one of the seed sets of `plans/columns.py`, or `generic` (never
`standard`, the set of plans made in the app)."""
ColumnField = Literal[
    "number", "title", "responsible", "deadline", "period", "expected_result", "final_document", "section", "extra"
]
"""`section`: a «Задачи» column grouping the activities into sections."""


SHEET_DESCRIPTION = "the XLSX sheet `row` counts on, when the plan was joined from several sheets (else null)"


class ImportedActivity(BaseModel):
    row: int = Field(
        description="1-based row as the user sees it: DOCX table row counting the header, XLSX sheet row, TSV/CSV line"
    )
    number: str | None = Field(default=None, description="as written, without a trailing dot: «1.1», «17»")
    title: str
    responsible: str = ""
    deadline: str = Field(default="", description="raw text, as in the document")
    expected_result: str = ""
    final_document: str = ""
    period: str = Field(default="", description="«Период реализации», raw text")
    extra: dict[str, str] = Field(default_factory=dict, description="unrecognised columns by header")
    sheet: str | None = Field(default=None, description=SHEET_DESCRIPTION)


class ImportedSection(BaseModel):
    title: str
    number: str | None = None
    planned_results: list[str] = Field(default_factory=list)
    activities: list[ImportedActivity] = Field(default_factory=list)


class ImportProblem(BaseModel):
    row: int | None = None
    sheet: str | None = Field(default=None, description=SHEET_DESCRIPTION)
    column: str | None = None
    code: str
    detail: str


class ImportedPlan(BaseModel):
    column_set: ColumnSet
    columns: dict[str, str] = Field(default_factory=dict, description="header as in the file → field")
    sections: list[ImportedSection] = Field(default_factory=list)
    problems: list[ImportProblem] = Field(default_factory=list, description="warnings; the plan can be imported")
    errors: list[ImportProblem] = Field(default_factory=list, description="things that prevent the import")


class PlanFileError(Exception):
    """An unreadable, empty or unsupported file, or one without a plan table (the API answers 422)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
