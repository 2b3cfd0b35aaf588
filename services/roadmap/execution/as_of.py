"""A plan's execution at a date tells only what was known by the end of that day.

Dates in roadmap are the service's own calendar days (`date.today()`: a stage marked today, an activity reported
done today); times are stored in UTC. An upload's day is its UTC time turned into the service's local day, so an
evidence file counts at `as_of` exactly when it was uploaded by the end of that day, by the same clock that dates
the done marks. A stage's done mark, and the status, progress and actual result (of an activity, of a school's
part) changed after that day are read back from the audit trail as they stood then; the stored rows are never
changed by reading the past.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlmodel import Session

from services.roadmap.db import AuditEvent
from services.roadmap.execution.repository import ExecutionRecords
from services.roadmap.plans.models import Activity, ActivityOccurrence, ActivitySchool, Evidence
from services.roadmap.plans.repository import PlanRepository
from services.shared.contracts.roadmap import EvidenceItem
from services.shared.errors import InvalidValue

Row = TypeVar("Row", Activity, ActivitySchool)


def local_day(moment: datetime) -> date:
    """The service's calendar day of a stored time (naive times, as SQLite gives them back, are UTC)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone().date()


def report_date(as_of: date | None, today: date | None = None) -> date:
    """The date of an execution: today when none is asked; a date still to come everywhere in Russia (after the
    server's tomorrow: Kamchatka's day begins up to twelve hours before the server's in UTC) is 422
    `as_of_in_future` — what will be done by then is not known, and a report «по состоянию на» it would claim it."""
    today = today or date.today()
    if as_of is None:
        return today
    if as_of > today + timedelta(days=1):
        raise InvalidValue(
            f"Дата «по состоянию на» ({as_of:%d.%m.%Y}) ещё не наступила: укажите сегодняшнюю "
            f"({today:%d.%m.%Y}) или более раннюю дату",
            code="as_of_in_future",
            loc=["query", "as_of"],
        )
    return as_of


def end_of_day(as_of: date) -> datetime:
    """The moment `as_of` ends by the service's calendar (its local midnight after it), in UTC."""
    return datetime.combine(as_of + timedelta(days=1), time()).astimezone().astimezone(UTC)


def evidence_item(evidence: Evidence) -> EvidenceItem:
    """A proof with its upload day and who uploaded it."""
    return EvidenceItem(
        **evidence.model_dump(include={"id", "school_code", "title", "file_name", "url"}),
        kind="link" if evidence.kind == "link" else "file",
        uploaded_at=evidence.created_at if evidence.created_at.tzinfo else evidence.created_at.replace(tzinfo=UTC),
        uploaded_on=local_day(evidence.created_at),
        uploaded_by=evidence.created_by_name or None,
    )


def evidence_known(plans: PlanRepository, activity_ids: list[int], as_of: date) -> dict[int, list[EvidenceItem]]:
    """Per activity, the proofs uploaded by the end of `as_of`, oldest first: filtered and ordered in SQL."""
    found = plans.evidence(activity_ids, end_of_day(as_of))
    return {activity_id: [evidence_item(e) for e in rows] for activity_id, rows in found.items()}


def _marks_after(session: Session, activity_ids: list[int], as_of: date) -> dict[int, Any]:
    """Per stage, its done mark as it stood at the end of `as_of`, for the stages whose mark was changed after
    that day: the `before` of the first such change (the audit of `mark_stage` names the stage since it was
    written with `stage_id`; older entries that do not name it are left out)."""
    found = ExecutionRecords(session).audit_of("activity", [str(i) for i in activity_ids], ("mark_stage",))
    marks: dict[int, Any] = {}
    for event in (e for rows in found.values() for e in rows):  # a stage is one activity's: its events in order
        stage_id = (event.before or {}).get("stage_id")
        if isinstance(stage_id, int) and stage_id not in marks and local_day(event.occurred_at) > as_of:
            marks[stage_id] = (event.before or {}).get("completed_on")
    return marks


def stages_known(
    session: Session, stages: dict[int, list[ActivityOccurrence]], as_of: date
) -> dict[int, list[ActivityOccurrence]]:
    """The stages with their done marks as known at the end of `as_of`: a stage marked done after that day (even
    with an earlier `completed_on`) was not done yet as far as anyone knew, and one whose mark was taken off
    after it still was. The stored stages are left as they are: the changed ones are detached copies."""
    marks = _marks_after(session, list(stages), as_of)
    if not marks:
        return stages
    return {activity_id: [_as_marked(o, marks) for o in rows] for activity_id, rows in stages.items()}


def _as_marked(stage: ActivityOccurrence, marks: dict[int, Any]) -> ActivityOccurrence:
    """The stage itself, or a detached copy with the done mark it had (never written back)."""
    if stage.id not in marks:
        return stage
    mark = marks[stage.id]
    completed_on = date.fromisoformat(mark) if isinstance(mark, str) else None
    return ActivityOccurrence(**{**stage.model_dump(), "completed_on": completed_on})


TRACKED = ("status", "progress", "actual_result")
"""What a report of execution changes on an activity or a school's part, each change audited with its `before`."""


def _tracking(events: list[AuditEvent]) -> list[AuditEvent]:
    """The events that changed a tracked field (an activity's content edits are audited as «update» too)."""
    return [e for e in events if any(field in (e.before or {}) for field in TRACKED)]


def _progress_before(earlier: list[AuditEvent]) -> Any:
    """The progress as the changes up to an event left it: setting the status «done» sets it to 100 without
    auditing it (the service derives it), a row starts at 0."""
    for event in reversed(earlier):
        after = event.after or {}
        if "progress" in after:
            return after["progress"]
        if after.get("status") == "done":
            return 100
    return 0


def _tracked_then(row: Row, events: list[AuditEvent], as_of: date) -> dict[str, Any]:
    """The status, progress and actual result at the end of `as_of`: today's values with the changes made after
    that day undone, newest first (each change's `before`); the progress a «done» set after it raised to 100
    is the one the earlier changes had left."""
    values = {field: getattr(row, field) for field in TRACKED}
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if local_day(event.occurred_at) <= as_of:
            break
        before = event.before or {}
        values.update({field: before[field] for field in TRACKED if field in before})
        if (event.after or {}).get("status") == "done" and "progress" not in before:
            values["progress"] = _progress_before(events[:index])
    return values


def _completed_then(row: Row, status: str, events: list[AuditEvent], as_of: date) -> date | None:
    """The done day at the end of `as_of`: none unless done then; the day it was last set done by then (the day
    it was set, as the service dates it) when the status changed after; else the stored one."""
    if status != "done":
        return None
    if not any("status" in (e.before or {}) and local_day(e.occurred_at) > as_of for e in events):
        return row.completed_at
    set_done = [e for e in events if local_day(e.occurred_at) <= as_of and (e.after or {}).get("status") == "done"]
    return local_day(set_done[-1].occurred_at) if set_done else row.completed_at


def activities_known(session: Session, activities: list[Activity], as_of: date) -> list[Activity]:
    """The activities with their status, progress and actual result as known at the end of `as_of` (detached
    copies where they changed after)."""
    events = ExecutionRecords(session).audit_of("activity", [str(a.id) for a in activities], ("update",))
    return [_as_then(a, events.get(str(a.id), []), as_of) for a in activities]


def schools_known(
    session: Session, schools: dict[int, list[ActivitySchool]], as_of: date
) -> dict[int, list[ActivitySchool]]:
    """The schools' parts with their status, progress and actual result as known at the end of `as_of`."""
    keys = [f"{s.activity_id}:{s.school_code}" for rows in schools.values() for s in rows]
    events = ExecutionRecords(session).audit_of("activity_school", keys, ("report",))
    return {
        activity_id: [_as_then(s, events.get(f"{s.activity_id}:{s.school_code}", []), as_of) for s in rows]
        for activity_id, rows in schools.items()
    }


def _as_then(row: Row, events: list[AuditEvent], as_of: date) -> Row:
    """The row itself, or a detached copy with the tracked values it had at the end of `as_of`."""
    tracking = _tracking(events)
    values = _tracked_then(row, tracking, as_of)
    values["completed_at"] = _completed_then(row, values["status"], tracking, as_of)
    if all(getattr(row, field) == value for field, value in values.items()):
        return row
    return type(row)(**{**row.model_dump(), **values})
