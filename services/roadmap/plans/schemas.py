"""What the plan endpoints read and answer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from services.roadmap.vocabulary import PlanKindCode
from services.shared.contracts.roadmap import ColumnSetCode, PlanColumn
from services.shared.ids import Code, Id, Text, composed
from services.shared.school_year import CalendarDate, SchoolYear
from services.shared.vocabulary import trimmed

ActivityStatus = Literal["planned", "in_progress", "done", "cancelled"]


def _text(value: str) -> str:
    text = composed(trimmed(value))  # a title of spaces or zero-width spaces only is empty too
    if not text:
        raise ValueError("Поле не может быть пустым")
    return text


PLANNED_RESULT_LENGTH, PLANNED_RESULTS = 4000, 200
"""A section's planned results: each as long as an activity's expected result, and as many as a document's page
of them could hold (before, unbounded: a 200,000-character line, or 100,000 lines, was stored in the plan)."""


def _lines(values: list[str]) -> list[str]:
    """Lines of text as stored: trimmed and composed (`Text`), the ones left empty (spaces or invisible
    characters only) dropped, as a blank line of a document is."""
    return [line for line in (composed(trimmed(value)) for value in values) if line]


class PartyRef(BaseModel):
    """A responsible person or body: a directory entry (`party_id`) or free text (`name`)."""

    party_id: Id | None = None
    name: Text = Field(default="", max_length=300)

    @model_validator(mode="after")
    def _named(self) -> PartyRef:
        if self.party_id is None and not self.name:  # spaces or a zero-width space alone name nobody
            raise ValueError("Укажите ответственного: запись справочника или имя")
        return self


class ActivityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, never silently dropped

    number: str | None = Field(default=None, max_length=20)
    title: str = Field(min_length=1, max_length=4000)
    responsible: list[PartyRef] = Field(default_factory=list)
    co_executors: list[PartyRef] = Field(default_factory=list)
    deadline_text: str = Field(default="", max_length=2000, description="срок как в документе: «Сентябрь 2022 г.»")
    expected_result: str = Field(default="", max_length=4000)
    final_document: str = Field(default="", max_length=500)
    risk_factor: int | None = Field(default=None, ge=1, le=10)
    indicator: str = Field(default="", max_length=500)
    school_codes: list[Code] = Field(default_factory=list, description="школы-участницы: исполнение по каждой")

    _title = field_validator("title")(_text)


class SectionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, never silently dropped

    number: str | None = Field(default=None, max_length=20)
    title: str = Field(min_length=1, max_length=1000)
    planned_results: list[Annotated[str, StringConstraints(max_length=PLANNED_RESULT_LENGTH)]] = Field(
        default_factory=list, max_length=PLANNED_RESULTS, description="планируемые результаты раздела, по строке"
    )
    activities: list[ActivityIn] = Field(default_factory=list)

    _title = field_validator("title")(_text)
    _planned_results = field_validator("planned_results")(_lines)


class PlanCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, never silently dropped

    kind: PlanKindCode
    title: str = Field(min_length=3, max_length=500)
    description: str = Field(default="", max_length=10000)
    school_code: Code | None = Field(default=None, description="план школы")
    municipality_code: Code | None = Field(default=None, description="план муниципалитета")
    region_code: Code | None = Field(default=None, description="план региона")
    school_year: SchoolYear | None = None
    period_start: CalendarDate | None = None
    period_end: CalendarDate | None = None
    risk_factor: int | None = Field(default=None, ge=1, le=10)
    category: str | None = Field(default=None, max_length=30)
    column_set: ColumnSetCode = Field(
        default="standard", description="колонки таблицы плана: standard или набор загруженного документа"
    )
    sections: list[SectionIn] = Field(default_factory=list)

    _title = field_validator("title")(_text)


class PlanUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, not a «saved» edit that changed nothing

    title: Text | None = Field(default=None, min_length=3, max_length=500)
    description: str | None = Field(default=None, max_length=10000)
    period_start: CalendarDate | None = None
    period_end: CalendarDate | None = None
    column_set: ColumnSetCode | None = Field(default=None, description="колонки, в которых печатается таблица плана")


def _no_yes_or_no(value: Any) -> Any:
    """A percentage of completion sent as `true`/`false` or as text is refused: JSON's lax reading made `true`
    1 % done and the text «50» 50 % (a form that sent text had a bug the stored number hid)."""
    if isinstance(value, bool):
        raise ValueError("Процент выполнения — число от 0 до 100, а не «да» или «нет»")
    if isinstance(value, str):
        raise ValueError("Процент выполнения — число от 0 до 100 без кавычек, а не текст")
    return value


class ActivityUpdate(BaseModel):
    """Content fields change a draft only; tracking fields (status, progress, actual result) any plan."""

    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, not a «saved» edit that changed nothing

    number: str | None = Field(default=None, max_length=20)
    title: Text | None = Field(default=None, min_length=1, max_length=4000)
    responsible: list[PartyRef] | None = None
    co_executors: list[PartyRef] | None = None
    deadline_text: str | None = Field(default=None, max_length=2000)
    expected_result: str | None = Field(default=None, max_length=4000)
    final_document: str | None = Field(default=None, max_length=500)
    risk_factor: int | None = Field(default=None, ge=1, le=10)
    indicator: str | None = Field(default=None, max_length=500)
    status: ActivityStatus | None = None
    progress: int | None = Field(default=None, ge=0, le=100)
    actual_result: str | None = Field(default=None, max_length=4000)

    _progress = field_validator("progress", mode="before")(_no_yes_or_no)


TRACKING_FIELDS = {"status", "progress", "actual_result"}


class SchoolProgressUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, not a «saved» edit that changed nothing

    status: ActivityStatus | None = None
    progress: int | None = Field(default=None, ge=0, le=100)
    actual_result: str | None = Field(default=None, max_length=4000)

    _progress = field_validator("progress", mode="before")(_no_yes_or_no)


class StageMark(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt field is 422, not a «saved» edit that changed nothing

    done: bool = Field(description="true — этап выполнен (сегодняшней датой); false — снять отметку")
    completed_on: CalendarDate | None = Field(default=None, description="дата выполнения; по умолчанию сегодня")


class Approval(BaseModel):
    order_number: str = Field(min_length=1, max_length=100)
    order_date: CalendarDate

    _number = field_validator("order_number")(_text)


class ActivitySchoolRead(BaseModel):
    school_code: str
    school_name: str
    status: str
    overdue: bool
    progress: int
    actual_result: str
    completed_at: date | None
    revision: int


class StageRead(BaseModel):
    """One due date of the activity's schedule with its done mark."""

    id: int
    label: str
    stage: str | None
    start: date | None
    due: date
    completed_on: date | None


class ActivityRead(BaseModel):
    id: int
    plan_id: int
    section_id: int
    position: int
    number: str | None
    title: str
    responsible: list[dict[str, Any]]
    co_executors: list[dict[str, Any]]
    deadline_text: str
    schedule: dict[str, Any]
    start_date: date | None
    due_date: date | None
    expected_result: str
    targets: list[dict[str, Any]]
    final_document: str
    risk_factor: int | None
    indicator: str
    status: str
    overdue: bool
    progress: int
    actual_result: str
    per_school: bool
    schools: list[ActivitySchoolRead]
    stages: list[StageRead] = Field(description="этапы срока с отметками о выполнении (PATCH …/stages/{id})")
    revision: int


class SectionRead(BaseModel):
    id: int
    position: int
    number: str | None
    title: str
    planned_results: list[str]
    activities: list[ActivityRead]


class PlanSummary(BaseModel):
    id: int
    kind: str
    kind_label: str
    title: str
    owner_kind: str
    owner_label: str
    region_code: str | None
    municipality_code: str | None
    school_code: str | None
    school_year: SchoolYear | None
    period_start: date
    period_end: date
    status: str
    order_number: str | None
    order_date: date | None
    version: int
    family_id: int | None
    risk_factor: int | None
    category: str | None
    column_set: ColumnSetCode
    revision: int
    created_by_name: str
    created_at: datetime
    updated_at: datetime


class PlanRead(PlanSummary):
    description: str
    columns: list[PlanColumn] = Field(description="the plan's table as written: the fields and headers in order")
    sections: list[SectionRead]
    can_edit: bool


class Counts(BaseModel):
    total: int = 0
    planned: int = 0
    in_progress: int = 0
    done: int = 0
    cancelled: int = 0
    overdue: int = 0

    @property
    def done_share(self) -> float:
        active = self.total - self.cancelled
        return round(self.done / active, 4) if active else 0.0


class ProgressRow(BaseModel):
    key: str
    label: str
    counts: Counts
    done_share: float


class PlanProgress(BaseModel):
    plan: ProgressRow
    sections: list[ProgressRow]
    schools: list[ProgressRow]


class FieldChange(BaseModel):
    field: str
    before: Any
    after: Any


class ActivityChange(BaseModel):
    change: Literal["added", "removed", "changed"]
    section: str
    number: str | None
    title: str
    fields: list[FieldChange]


class PlanDiff(BaseModel):
    base_id: int
    other_id: int
    plan_fields: list[FieldChange]
    sections_added: list[str]
    sections_removed: list[str]
    activities: list[ActivityChange]


class PlanEvent(BaseModel):
    """One change of the plan, an activity of it or a school's row, from the audit log."""

    occurred_at: datetime
    actor_name: str = Field(description="who changed it, as the token named them")
    action: str = Field(
        description="create, update, delete, approve, archive, new_version, mark_stage, add_evidence, report"
    )
    entity: str = Field(description="plan, activity or activity_school")
    entity_id: str = Field(description="the id; for a school's row `<activity id>:<school code>`")
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
