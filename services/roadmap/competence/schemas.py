"""What the proposals for a school's professional deficits answer."""

from __future__ import annotations

from pydantic import BaseModel, Field

from services.roadmap.library.schemas import MeasureRead
from services.roadmap.mentoring.schemas import PairRead


class Deficit(BaseModel):
    code: str
    title: str
    critical_share: float | None


class DeficitProposals(BaseModel):
    """Measures of the library for a school's critical competences, and the mentors it already has."""

    school_code: str
    campaign_id: int | None = Field(description="Диагностика, по которой определены дефициты")
    deficits: list[Deficit]
    risk_factor: int = Field(description="Фактор «500+», под которым в библиотеке лежат меры")
    measures: list[MeasureRead]
    mentor_pairs: list[PairRead] = Field(description="Действующие пары, где школа — подшефная (наставничество)")
