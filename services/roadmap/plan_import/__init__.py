"""Reading existing plans (DOCX tables, XLSX, CSV, text pasted from Word/Excel) into a neutral structure.

    read_plan(content, file_name) -> ImportedPlan     # DOCX, XLSX, CSV/TSV by magic bytes and extension
    read_pasted(text) -> ImportedPlan                 # tab-separated text pasted from Word/Excel

Only `PlanFileError` is raised (codes `unreadable_file`, `empty_file`, `no_table`, `header_not_found`);
deadlines stay raw text. Pure Python: no database, no HTTP.
"""

from __future__ import annotations

from services.roadmap.plan_import.recognise import read_pasted, read_plan
from services.roadmap.plan_import.schemas import (
    ImportedActivity,
    ImportedPlan,
    ImportedSection,
    ImportProblem,
    PlanFileError,
)

__all__ = [
    "ImportProblem",
    "ImportedActivity",
    "ImportedPlan",
    "ImportedSection",
    "PlanFileError",
    "read_pasted",
    "read_plan",
]
