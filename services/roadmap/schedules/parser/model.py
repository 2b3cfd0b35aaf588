"""What a deadline text is read into: its kind, its concrete occurrences and a Russian summary."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, Field


class ScheduleKind(StrEnum):
    date = "date"
    month = "month"
    range = "range"
    dates = "dates"
    staged = "staged"
    recurring = "recurring"
    period = "period"
    on_request = "on_request"
    unparsed = "unparsed"


class Stage(StrEnum):
    entry = "entry"
    interim = "interim"
    final = "final"


STAGE_LABELS: dict[Stage, str] = {Stage.entry: "входной", Stage.interim: "промежуточный", Stage.final: "итоговый"}
# the stage words agreeing with the noun written: «этап» (masculine, `STAGE_LABELS`), «диагностика», «тестирование»,
# «работы»
STAGE_FORMS: dict[str, dict[Stage, str]] = {
    "m": STAGE_LABELS,
    "f": {Stage.entry: "входная", Stage.interim: "промежуточная", Stage.final: "итоговая"},
    "n": {Stage.entry: "входное", Stage.interim: "промежуточное", Stage.final: "итоговое"},
    "p": {Stage.entry: "входные", Stage.interim: "промежуточные", Stage.final: "итоговые"},
}


class Occurrence(BaseModel):
    """One concrete time the activity is due: `start` (None for "до …") to `due`, with a Russian label."""

    start: date | None = None
    due: date
    stage: Stage | None = None
    label: str


class Schedule(BaseModel):
    """A deadline text as written and as read; `occurrences` are sorted by `due`."""

    text: str
    kind: ScheduleKind
    occurrences: list[Occurrence] = Field(default_factory=list)
    period_start: date | None = None
    period_end: date | None = None
    recurrence: str | None = None
    summary: str
    warnings: list[str] = Field(
        default_factory=list, description="Замечания к прочтению: срок вне периода плана, с прочитанной датой"
    )
