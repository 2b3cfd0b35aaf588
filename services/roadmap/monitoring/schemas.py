"""`/api/roadmap/monitoring`: the coordinator's table of schools × execution of their approved plans."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

MonitoringStatus = Literal["overdue", "in_work", "done", "no_evidence"]


class MonitoringCounts(BaseModel):
    done: int = Field(0, description="выполнено")
    in_work: int = Field(0, description="в работе: не выполнено, срок не прошёл")
    overdue: int = Field(0, description="просрочено: срок открытого этапа прошёл, план утверждён")
    no_evidence: int = Field(0, description="выполнено, но нет ни одного подтверждения")
    total: int = Field(0, description="все мероприятия школы, кроме отменённых")


class MonitoringPlan(BaseModel):
    id: int
    title: str
    counts: MonitoringCounts


class MonitoringSchool(BaseModel):
    school_code: str
    school_name: str
    counts: MonitoringCounts
    plans: list[MonitoringPlan]


class Monitoring(BaseModel):
    definition: str = Field(description="как считаются столбцы — одна строка на школу")
    totals: MonitoringCounts
    schools: list[MonitoringSchool]


class CycleFigures(BaseModel):
    """The programmes formed from one agreed list (an identification run) and their execution, for Обзор's guide."""

    run_id: int
    programmes: int = Field(description="программ по этому списку (версии одной программы — одна)")
    approved: int = Field(description="из них утверждено")
    execution: MonitoringCounts = Field(description="исполнение утверждённых программ по этому списку")
