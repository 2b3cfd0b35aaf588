"""Plans as read back: the full plan with its tracking, progress roll-ups, and the difference of versions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from services.roadmap.execution.as_of import activities_known, evidence_known, schools_known, stages_known
from services.roadmap.plans.columns import columns
from services.roadmap.plans.models import Activity, ActivityOccurrence, ActivitySchool, Plan
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
    StageRead,
)
from services.roadmap.plans.service import PlanService, is_overdue, open_due
from services.roadmap.vocabulary import PLAN_KIND_LABELS
from services.shared.contracts.roadmap import (
    ActivityExecution,
    EvidenceItem,
    ExecutionState,
    PlanExecution,
    SchoolExecution,
    SectionExecution,
    StageExecution,
    StageState,
)

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
PLAN_FIELDS = ("title", "description", "period_start", "period_end", "column_set")


def summary(plan: Plan) -> PlanSummary:
    return PlanSummary.model_validate(plan.model_dump() | {"kind_label": PLAN_KIND_LABELS.get(plan.kind, plan.kind)})


def activity_read(
    activity: Activity,
    schools: list[ActivitySchool],
    stages: list[ActivityOccurrence],
    plan: Plan,
    today: date | None = None,
) -> ActivityRead:
    """The activity with its schools and stages; «overdue» is judged by its earliest stage without a done mark,
    and only in an approved plan (a draft's dates are proposals)."""
    due = open_due(activity, stages)
    return ActivityRead(
        **activity.model_dump(),
        overdue=is_overdue(due, activity.status, today, plan.status),
        schools=[
            ActivitySchoolRead(**row.model_dump(), overdue=is_overdue(due, row.status, today, plan.status))
            for row in schools
        ],
        stages=[StageRead.model_validate(stage.model_dump()) for stage in stages],
    )


def one_activity(service: PlanService, activity: Activity, plan: Plan) -> ActivityRead:
    activity_id = activity.id or 0
    schools = service.repository.school_rows([activity_id]).get(activity_id, [])
    return activity_read(activity, schools, service.repository.stages([activity_id]).get(activity_id, []), plan)


def plan_read(service: PlanService, plan: Plan) -> PlanRead:
    activities = service.repository.activities(plan.id or 0)
    schools = service.repository.school_rows([a.id or 0 for a in activities])
    stages = service.repository.stages([a.id or 0 for a in activities])
    sections = [
        SectionRead(
            **section.model_dump(),
            activities=[
                activity_read(a, schools.get(a.id or 0, []), stages.get(a.id or 0, []), plan)
                for a in activities
                if a.section_id == section.id
            ],
        )
        for section in service.repository.sections(plan.id or 0)
    ]
    return PlanRead(
        **summary(plan).model_dump(),
        description=plan.description,
        columns=columns(plan.column_set),
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


def _units(activity: Activity, schools: list[ActivitySchool], due: date | None) -> list[tuple[str, date | None]]:
    """What counts for progress: an activity tracked per school counts once per participating school."""
    if activity.per_school and schools:
        return [(row.status, due) for row in schools]
    return [(activity.status, due)]


Unit = tuple[str, date | None]
"""What progress counts: a status and the due date it is judged overdue by."""


def progress(service: PlanService, plan: Plan, today: date | None = None) -> PlanProgress:
    """The counts of the whole plan, of each section and of each participating school."""
    today = today or date.today()

    def count(items: Iterable[Unit]) -> Counts:
        return _count(items, today, plan.status)

    activities = service.repository.activities(plan.id or 0)
    ids = [a.id or 0 for a in activities]
    schools = service.repository.school_rows(ids)
    stages = service.repository.stages(ids)
    dues, units = _dues_and_units(activities, schools, stages)
    by_section: dict[int, list[Unit]] = {}
    for activity in activities:
        by_section.setdefault(activity.section_id, []).extend(units[activity.id or 0])
    sections = [
        _row(str(s.id), s.title, count(by_section.get(s.id or 0, [])))
        for s in service.repository.sections(plan.id or 0)
    ]
    by_school = _by_school(activities, schools, dues)
    return PlanProgress(
        plan=_row(str(plan.id), plan.title, count(u for us in units.values() for u in us)),
        sections=sections,
        schools=[_row(code, name, count(items)) for code, (name, items) in sorted(by_school.items())],
    )


def _dues_and_units(
    activities: list[Activity], schools: dict[int, list[ActivitySchool]], stages: dict[int, list[ActivityOccurrence]]
) -> tuple[dict[int, date | None], dict[int, list[Unit]]]:
    """Each activity's open due date and what it counts for progress, by activity id."""
    dues: dict[int, date | None] = {}
    units: dict[int, list[Unit]] = {}
    for activity in activities:
        key = activity.id or 0
        dues[key] = open_due(activity, stages.get(key, []))
        units[key] = _units(activity, schools.get(key, []), dues[key])
    return dues, units


def _by_school(
    activities: list[Activity], schools: dict[int, list[ActivitySchool]], dues: dict[int, date | None]
) -> dict[str, tuple[str, list[Unit]]]:
    """Each participating school's name and its rows' units, in the order of the activities."""
    by_school: dict[str, tuple[str, list[Unit]]] = {}
    for activity in activities:
        for row in schools.get(activity.id or 0, []):
            entry = by_school.setdefault(row.school_code, (row.school_name, []))
            entry[1].append((row.status, dues[activity.id or 0]))
    return by_school


def _key(section_title: str, activity: Activity) -> tuple[str, str]:
    return section_title, activity.number or activity.title


def _activities(service: PlanService, plan: Plan) -> dict[tuple[str, str], tuple[str, Activity]]:
    titles = {s.id: s.title for s in service.repository.sections(plan.id or 0)}
    return {
        _key(titles[a.section_id], a): (titles[a.section_id], a) for a in service.repository.activities(plan.id or 0)
    }


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
    old_sections = {s.title for s in service.repository.sections(base.id or 0)}
    new_sections = {s.title for s in service.repository.sections(other.id or 0)}
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


# --- execution at a date (the execution report reads this) -----------------------------------------------


def _done_by(status: str, completed: date | None, as_of: date) -> bool:
    """Reported done on or before `as_of` (a done mark made after the report's date does not count yet)."""
    return status == "done" and (completed is None or completed <= as_of)


def stage_state(occurrence: ActivityOccurrence, done: bool, cancelled: bool, as_of: date) -> StageState:
    """A stage is done when marked done (itself, or its whole activity) by `as_of`; a passed stage without a
    done mark is overdue, whatever the activity's final due date."""
    if cancelled:
        return "cancelled"
    if done or (occurrence.completed_on is not None and occurrence.completed_on <= as_of):
        return "done"
    if occurrence.due < as_of:
        return "overdue"
    if (occurrence.start or occurrence.due) <= as_of:
        return "current"
    return "upcoming"


def unit_state(status: str, completed: date | None, stages: list[StageExecution], as_of: date) -> ExecutionState:
    """One activity's (or one school's part of it) state at `as_of`."""
    if status == "cancelled":
        return "cancelled"
    if _done_by(status, completed, as_of):
        return "done"
    if any(s.state == "overdue" for s in stages):
        return "overdue"
    if status in ("in_progress", "done") or any(s.state == "done" for s in stages):
        return "in_progress"
    return "planned"


def rolled_up(states: list[ExecutionState]) -> ExecutionState:
    """An activity tracked per school: done when every school is done (or cancelled), overdue when any is."""
    distinct = set(states)
    if distinct == {"cancelled"}:
        return "cancelled"
    if distinct <= {"done", "cancelled"}:
        return "done"
    if "overdue" in distinct:
        return "overdue"
    return "in_progress" if distinct & {"in_progress", "done"} else "planned"


def _responsible(activity: Activity) -> str:
    names = ", ".join(p["name"] for p in activity.responsible if p.get("name"))
    co = ", ".join(p["name"] for p in activity.co_executors if p.get("name"))
    if co:
        return f"{names}; соисполнители: {co}" if names else co
    return names


def activity_execution(
    activity: Activity,
    occurrences: list[ActivityOccurrence],
    schools: list[ActivitySchool],
    evidence: list[EvidenceItem],
    as_of: date,
) -> ActivityExecution:
    tracked = activity.per_school and bool(schools)
    all_done = _done_by(activity.status, activity.completed_at, as_of) or (
        tracked and all(_done_by(s.status, s.completed_at, as_of) or s.status == "cancelled" for s in schools)
    )
    stages = [
        StageExecution(
            id=o.id or 0,
            label=o.label,
            stage=o.stage,
            start=o.start,
            due=o.due,
            completed_on=o.completed_on,
            state=stage_state(o, all_done, activity.status == "cancelled", as_of),
        )
        for o in occurrences
    ]
    school_rows = [
        SchoolExecution(
            **s.model_dump(include={"school_code", "school_name", "status", "progress", "actual_result"}),
            completed_at=s.completed_at,
            state=unit_state(s.status, s.completed_at, stages, as_of),
        )
        for s in schools
    ]
    if activity.status == "cancelled" or _done_by(activity.status, activity.completed_at, as_of) or not tracked:
        state = unit_state(activity.status, activity.completed_at, stages, as_of)
    else:
        state = rolled_up([s.state for s in school_rows])
    return ActivityExecution(
        **activity.model_dump(
            include={"id", "number", "title", "deadline_text", "expected_result", "final_document", "status"}
        ),
        responsible=_responsible(activity),
        state=state,
        progress=activity.progress,
        actual_result=activity.actual_result,
        completed_at=activity.completed_at,
        per_school=activity.per_school,
        stages=stages,
        schools=school_rows,
        evidence=evidence,
    )


def execution(service: PlanService, plan: Plan, as_of: date) -> PlanExecution:
    """The plan's execution at `as_of`: every activity with its stages, schools and evidence, in order."""
    activities = activities_known(service.session, service.repository.activities(plan.id or 0), as_of)
    ids = [a.id or 0 for a in activities]
    schools = schools_known(service.session, service.repository.school_rows(ids), as_of)
    occurrences = stages_known(service.session, service.repository.stages(ids), as_of)
    evidence = evidence_known(service.repository, ids, as_of)
    sections = [
        SectionExecution(
            **section.model_dump(include={"id", "number", "title", "planned_results"}),
            activities=[
                activity_execution(
                    a, occurrences.get(a.id or 0, []), schools.get(a.id or 0, []), evidence.get(a.id or 0, []), as_of
                )
                for a in activities
                if a.section_id == section.id
            ],
        )
        for section in service.repository.sections(plan.id or 0)
    ]
    return PlanExecution(
        plan_id=plan.id or 0,
        as_of=as_of,
        column_set=plan.column_set,
        columns=columns(plan.column_set),
        sections=sections,
    )
