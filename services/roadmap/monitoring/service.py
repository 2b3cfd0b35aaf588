"""The monitoring table: the SQL counts per (school, plan) folded into schools, filtered and sorted by overdue."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from services.roadmap.monitoring.repository import MonitoringRepository
from services.roadmap.monitoring.schemas import (
    CycleFigures,
    Monitoring,
    MonitoringCounts,
    MonitoringPlan,
    MonitoringSchool,
    MonitoringStatus,
)
from services.shared.security import Principal

DEFINITION = (
    "Одна строка на школу: мероприятия её утверждённых программ и её строки в мероприятиях территориальных планов "
    "(отменённые не считаются). Просрочено — не выполнено, а срок ближайшего неотмеченного этапа прошёл; в работе — "
    "не выполнено, срок не прошёл; нет подтверждения — выполнено, но не приложено ни одного документа или ссылки. "
    "Проекты планов не учитываются."
)

COUNT_FIELDS = ("done", "in_work", "overdue", "no_evidence", "total")


def _add(into: MonitoringCounts, row: Any) -> None:
    for name in COUNT_FIELDS:
        setattr(into, name, getattr(into, name) + int(row[name] or 0))


class MonitoringService:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.repository = MonitoringRepository(session, principal)

    def table(
        self,
        status: MonitoringStatus | None = None,
        school_year: str | None = None,
        municipality: str | None = None,
        today: date | None = None,
        run_id: int | None = None,
    ) -> Monitoring:
        schools: dict[str, MonitoringSchool] = {}
        for row in self.repository.counts(today or date.today(), school_year, municipality, run_id):
            school = schools.setdefault(
                row["school_code"],
                MonitoringSchool(
                    school_code=row["school_code"], school_name=row["school_name"], counts=MonitoringCounts(), plans=[]
                ),
            )
            plan = MonitoringPlan(id=row["plan_id"], title=row["plan_title"], counts=MonitoringCounts())
            _add(plan.counts, row)
            _add(school.counts, row)
            school.plans.append(plan)
        rows = [s for s in schools.values() if status is None or getattr(s.counts, status) > 0]
        rows.sort(key=lambda s: (-s.counts.overdue, -s.counts.no_evidence, s.school_name, s.school_code))
        totals = MonitoringCounts()
        for school in rows:
            _add(totals, school.counts.model_dump())
        return Monitoring(definition=DEFINITION, totals=totals, schools=rows)

    def cycle(self, run_id: int, today: date | None = None) -> CycleFigures:
        """Обзор's figures of one agreed list: its programmes and the execution of the approved ones."""
        programmes, approved = self.repository.programmes(run_id)
        execution = self.table(today=today, run_id=run_id).totals
        return CycleFigures(run_id=run_id, programmes=programmes, approved=approved, execution=execution)
