"""What the competence endpoints take and answer."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.identification.competence.card import CardDefinition
from services.identification.competence.models import Stage
from services.shared.contracts.competence import DeficitShare
from services.shared.ids import Id, Text
from services.shared.school_year import CalendarDate, SchoolYear


class CardCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, never silently dropped

    code: str = Field(min_length=1, max_length=40, pattern=r"^[\w.\-]+$")
    title: Text = Field(min_length=1, max_length=300)
    definition: CardDefinition


class CardRead(BaseModel):
    id: int
    authority: str = Field(description="Код территории, утвердившей карту; пусто — встроенная карта «5К»")
    code: str
    version: int
    title: str
    definition: CardDefinition


class TeacherCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, never silently dropped

    school_code: str = Field(min_length=1, max_length=30)
    full_name: Text = Field(min_length=3, max_length=300)
    position: str = Field(default="", max_length=200)
    subjects: list[str] = Field(default_factory=list, max_length=20)


class TeacherUpdate(BaseModel):
    """What an edit of a teacher may change; what is left out stays."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, not a «saved» edit that changed nothing

    full_name: Text | None = Field(default=None, min_length=3, max_length=300)
    position: str | None = Field(default=None, max_length=200)
    subjects: list[str] | None = Field(default=None, max_length=20)


class TeacherRead(BaseModel):
    id: int
    school_code: str
    full_name: str
    position: str
    subjects: list[str]
    revision: int = Field(description="Версия записи; её ETag, который правка передаёт в If-Match")


class CampaignCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, never silently dropped

    card_id: Id
    title: Text = Field(min_length=1, max_length=300)
    stage: Stage
    held_on: CalendarDate
    school_year: SchoolYear
    municipality_code: str | None = Field(
        default=None, max_length=20, description="Муниципалитет; пусто — региональная диагностика"
    )
    school_codes: list[str] = Field(min_length=1, max_length=2000)


class CampaignRead(BaseModel):
    id: int
    card_id: int
    region_code: str
    municipality_code: str | None
    title: str
    stage: Stage
    stage_label: str
    held_on: date
    school_year: str
    school_codes: list[str]


class ScoreSheet(BaseModel):
    """One rater's scores of one teacher: criterion code → score; a criterion left out stays as it was."""

    teacher_id: Id
    rater: str = Field(min_length=1, max_length=30)
    scores: dict[str, int] = Field(min_length=1, max_length=100)


class ScoreSheetRead(BaseModel):
    teacher_id: Id
    rater: str
    scores: dict[str, int]


class ImportReport(BaseModel):
    rows: int
    sheets: int = Field(description="Записано листов оценки (педагог × оценщик)")
    scores: int


class CompetenceResult(BaseModel):
    code: str
    percent: float | None = Field(description="% от максимума по всем оценщикам")
    level: str | None
    by_rater: dict[str, float | None]
    self_minus_others: float | None = Field(description="Самооценка минус среднее остальных оценщиков, п.п.")


class TeacherResult(BaseModel):
    teacher_id: int
    full_name: str
    school_code: str
    raters: list[str]
    overall: CompetenceResult
    competences: list[CompetenceResult]
    change: float | None = Field(default=None, description="Изменение общего % с прошлого этапа, п.п.")


class GroupResult(BaseModel):
    """A school's or the territory's profile: teachers assessed and deficits per competence."""

    school_code: str | None = None
    teachers: int
    overall_mean_percent: float | None
    deficits: list[DeficitShare]


class CampaignResults(BaseModel):
    campaign: CampaignRead
    previous_campaign_id: int | None
    teachers: list[TeacherResult]
    schools: list[GroupResult]
    territory: GroupResult


class SchoolProfile(BaseModel):
    """The school card's block: the school's latest diagnosis, its deficits, and the critical competences."""

    school_code: str
    campaign: CampaignRead | None
    result: GroupResult | None
    critical_competences: list[str] = Field(
        description="Компетенции, где доля педагогов на критическом уровне не меньше порога (профессиональные дефициты)"
    )
