"""A plan's execution at a date tells only what was known by the end of that day.

Dates in roadmap are the service's own calendar days (`date.today()`: a stage marked today, an activity reported
done today); times are stored in UTC. An upload's day is its UTC time turned into the service's local day, so an
evidence file counts at `as_of` exactly when it was uploaded by the end of that day, by the same clock that dates
the done marks. A stage's done mark and a status (of an activity, of a school's part) changed after that day are
read back from the audit trail as they stood then; the stored rows are never changed by reading the past.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from services.roadmap.db import AuditEvent
from services.roadmap.plans.models import Activity, ActivityOccurrence, ActivitySchool, Evidence
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


def evidence_items(evidence: list[Evidence], as_of: date) -> list[EvidenceItem]:
    """The proofs uploaded by the end of `as_of`, oldest first, each with its upload day and who uploaded it."""
    known = sorted((e for e in evidence if local_day(e.created_at) <= as_of), key=lambda e: (e.created_at, e.id or 0))
    return [
        EvidenceItem(
            **e.model_dump(include={"id", "school_code", "title", "file_name", "url"}),
            kind="link" if e.kind == "link" else "file",
            uploaded_at=e.created_at if e.created_at.tzinfo is not None else e.created_at.replace(tzinfo=UTC),
            uploaded_on=local_day(e.created_at),
            uploaded_by=e.created_by_name or None,
        )
        for e in known
    ]


def _marks_after(session: Session, activity_ids: list[int], as_of: date) -> dict[int, Any]:
    """Per stage, its done mark as it stood at the end of `as_of`, for the stages whose mark was changed after
    that day: the `before` of the first such change (the audit of `mark_stage` names the stage since it was
    written with `stage_id`; older entries that do not name it are left out)."""
    if not activity_ids:
        return {}
    statement = (
        select(AuditEvent)
        .where(AuditEvent.entity == "activity", AuditEvent.action == "mark_stage")
        .where(col(AuditEvent.entity_id).in_([str(i) for i in activity_ids]))
        .order_by(col(AuditEvent.occurred_at), col(AuditEvent.id))
    )
    marks: dict[int, Any] = {}
    for event in session.exec(statement).all():
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


def _status_events(session: Session, entity: str, entity_ids: list[str]) -> dict[str, list[AuditEvent]]:
    """The audited changes of a status (an activity's, or a school's part of it), per entity, oldest first."""
    if not entity_ids:
        return {}
    statement = (
        select(AuditEvent)
        .where(AuditEvent.entity == entity, col(AuditEvent.entity_id).in_(entity_ids))
        .order_by(col(AuditEvent.occurred_at), col(AuditEvent.id))
    )
    events: dict[str, list[AuditEvent]] = {}
    for event in session.exec(statement).all():
        if "status" in (event.before or {}) and "status" in (event.after or {}):
            events.setdefault(event.entity_id, []).append(event)
    return events


def _status_then(status: str, completed: date | None, events: list[AuditEvent], as_of: date) -> tuple[str, date | None]:
    """The status and its done day at the end of `as_of`: the status before the first change after that day,
    done on the day it was last set done by then (the done day is the day it was set, as the service dates it)."""
    later = [e for e in events if local_day(e.occurred_at) > as_of]
    if not later:
        return status, completed
    before = str((later[0].before or {})["status"])
    if before != "done":
        return before, None
    set_done = [e for e in events if local_day(e.occurred_at) <= as_of and (e.after or {}).get("status") == "done"]
    return before, local_day(set_done[-1].occurred_at) if set_done else completed


def activities_known(session: Session, activities: list[Activity], as_of: date) -> list[Activity]:
    """The activities with their status as known at the end of `as_of` (detached copies where it changed after)."""
    events = _status_events(session, "activity", [str(a.id) for a in activities])
    return [_with_status(a, events.get(str(a.id), []), as_of) for a in activities]


def schools_known(
    session: Session, schools: dict[int, list[ActivitySchool]], as_of: date
) -> dict[int, list[ActivitySchool]]:
    """The schools' parts with their status as known at the end of `as_of`."""
    keys = [f"{s.activity_id}:{s.school_code}" for rows in schools.values() for s in rows]
    events = _status_events(session, "activity_school", keys)
    return {
        activity_id: [_with_status(s, events.get(f"{s.activity_id}:{s.school_code}", []), as_of) for s in rows]
        for activity_id, rows in schools.items()
    }


def _with_status(row: Row, events: list[AuditEvent], as_of: date) -> Row:
    status, completed = _status_then(row.status, row.completed_at, events, as_of)
    if (status, completed) == (row.status, row.completed_at):
        return row
    return type(row)(**{**row.model_dump(), "status": status, "completed_at": completed})
