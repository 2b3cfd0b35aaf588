"""Plans as read back: the full plan with its tracking, progress roll-ups, and the difference of versions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from services.roadmap.plans.models import Activity, ActivitySchool, Plan
from services.roadmap.plans.repository import may_edit
from services.roadmap.plans.schemas import (
    ActivityChange,
    ActivityRead,
    ActivitySchoolRead,
    Counts,
    FieldChange,
    PlanDiff,
    PlanProgress,
    PlanRead,
    PlanSummary,
    ProgressRow,
    SectionRead,
)
from services.roadmap.plans.service import PlanService, is_overdue
from services.roadmap.vocabulary import PLAN_KIND_LABELS

COMPARED_FIELDS = (
    "title",
    "responsible",
    "co_executors",
    "deadline_text",
    "expected_result",
    "final_document",
    "risk_factor",
    "indicator",
)
PLAN_FIELDS = ("title", "description", "period_start", "period_end")


def summary(plan: Plan) -> PlanSummary:
    return PlanSummary.model_validate(plan.model_dump() | {"kind_label": PLAN_KIND_LABELS.get(plan.kind, plan.kind)})


def activity_read(
    activity: Activity, schools: list[ActivitySchool], plan: Plan, today: date | None = None
) -> ActivityRead:
    rows = [
        ActivitySchoolRead(**row.model_dump(), overdue=is_overdue(activity.due_date, row.status, today, plan.status))
        for row in schools
    ]
    overdue = is_overdue(activity.due_date, activity.status, today, plan.status)
    return ActivityRead(**activity.model_dump(), overdue=overdue, schools=rows)


def plan_read(service: PlanService, plan: Plan) -> PlanRead:
    activities = service.activities(plan.id or 0)
    schools = service.school_rows([a.id or 0 for a in activities])
    sections = [
        SectionRead(
            **section.model_dump(),
            activities=[
                activity_read(a, schools.get(a.id or 0, []), plan) for a in activities if a.section_id == section.id
            ],
        )
        for section in service.sections(plan.id or 0)
    ]
    return PlanRead(
        **summary(plan).model_dump(),
        description=plan.description,
        sections=sections,
        can_edit=may_edit(service.principal, plan),
    )


def _count(items: Iterable[tuple[str, date | None]], today: date, plan_status: str) -> Counts:
    counts = Counts()
    for status, due in items:
        counts.total += 1
        setattr(counts, status, getattr(counts, status) + 1)
        counts.overdue += is_overdue(due, status, today, plan_status)
    return counts


def _row(key: str, label: str, counts: Counts) -> ProgressRow:
    return ProgressRow(key=key, label=label, counts=counts, done_share=counts.done_share)


def _units(activity: Activity, schools: list[ActivitySchool]) -> list[tuple[str, date | None]]:
    """What counts for progress: an activity tracked per school counts once per participating school."""
    if activity.per_school and schools:
        return [(row.status, activity.due_date) for row in schools]
    return [(activity.status, activity.due_date)]


def progress(service: PlanService, plan: Plan, today: date | None = None) -> PlanProgress:
    today = today or date.today()

    def count(items: Iterable[tuple[str, date | None]]) -> Counts:
        return _count(items, today, plan.status)

    activities = service.activities(plan.id or 0)
    schools = service.school_rows([a.id or 0 for a in activities])
    units = {a.id: _units(a, schools.get(a.id or 0, [])) for a in activities}
    sections = [
        _row(str(s.id), s.title, count(u for a in activities if a.section_id == s.id for u in units[a.id]))
        for s in service.sections(plan.id or 0)
    ]
    by_school: dict[str, tuple[str, list[tuple[str, date | None]]]] = {}
    for activity in activities:
        for row in schools.get(activity.id or 0, []):
            entry = by_school.setdefault(row.school_code, (row.school_name, []))
            entry[1].append((row.status, activity.due_date))
    return PlanProgress(
        plan=_row(str(plan.id), plan.title, count(u for us in units.values() for u in us)),
        sections=sections,
        schools=[_row(code, name, count(items)) for code, (name, items) in sorted(by_school.items())],
    )


def _key(section_title: str, activity: Activity) -> tuple[str, str]:
    return section_title, activity.number or activity.title


def _activities(service: PlanService, plan: Plan) -> dict[tuple[str, str], tuple[str, Activity]]:
    titles = {s.id: s.title for s in service.sections(plan.id or 0)}
    return {_key(titles[a.section_id], a): (titles[a.section_id], a) for a in service.activities(plan.id or 0)}


def _changes(before: Any, after: Any, fields: Iterable[str]) -> list[FieldChange]:
    return [
        FieldChange(field=f, before=getattr(before, f), after=getattr(after, f))
        for f in fields
        if getattr(before, f) != getattr(after, f)
    ]


def diff(service: PlanService, base: Plan, other: Plan) -> PlanDiff:
    """What changed from `base` to `other`: activities matched by section title and number (or title)."""
    old, new = _activities(service, base), _activities(service, other)
    changes: list[ActivityChange] = []
    for key in sorted(old.keys() | new.keys()):
        if key not in new:
            section, activity = old[key]
            changes.append(
                ActivityChange(
                    change="removed", section=section, number=activity.number, title=activity.title, fields=[]
                )
            )
        elif key not in old:
            section, activity = new[key]
            changes.append(
                ActivityChange(change="added", section=section, number=activity.number, title=activity.title, fields=[])
            )
        elif fields := _changes(old[key][1], new[key][1], COMPARED_FIELDS):
            section, activity = new[key]
            changes.append(
                ActivityChange(
                    change="changed", section=section, number=activity.number, title=activity.title, fields=fields
                )
            )
    old_sections = {s.title for s in service.sections(base.id or 0)}
    new_sections = {s.title for s in service.sections(other.id or 0)}
    return PlanDiff(
        base_id=base.id or 0,
        other_id=other.id or 0,
        plan_fields=[
            FieldChange(field=c.field, before=str(c.before), after=str(c.after))
            for c in _changes(base, other, PLAN_FIELDS)
        ],
        sections_added=sorted(new_sections - old_sections),
        sections_removed=sorted(old_sections - new_sections),
        activities=changes,
    )
