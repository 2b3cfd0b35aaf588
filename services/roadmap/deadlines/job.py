"""The notification job: due-soon and overdue notices for the users named responsible, then their mail.

Recipients are the users linked to the parties of an activity's `responsible` list (`Party.user_subject`).
A (user, occurrence, kind) gets at most one notice, whatever the number of runs or processes (a unique
constraint backs the check). The worker runs it as a periodic task of the job queue every
`OPORA_NOTIFY_EVERY_MINUTES`; `python -m services.roadmap.cli notify` runs it once. A run makes its notices in
one transaction, then sends each letter in a transaction of its own (`mail.mail_pending`), each holding the lock
named `notifications` (an advisory lock on PostgreSQL), so runs started at once by several workers, hosts or
cron follow one another, and the later one finds every letter sent. A process killed while mailing loses no
notice and, after a restart, sends again only the one letter it was sending (never the ones already sent).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from huey import Huey
from sqlalchemy import Engine
from sqlalchemy import select as sql_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from services.roadmap.deadlines.mail import LOCK, mail_pending
from services.roadmap.deadlines.models import Notification
from services.roadmap.deadlines.read_model import CLOSED_STATUSES
from services.roadmap.plans.models import Activity, ActivityOccurrence, Party, Plan
from services.roadmap.settings import RoadmapSettings
from services.shared.db import exclusive

logger = logging.getLogger("opora.roadmap.notifications")

CHUNK = 500
Key = tuple[str, int, str]


def _party_ids(responsible: Iterable[dict[str, Any]]) -> set[int]:
    return {p["party_id"] for p in responsible if type(p.get("party_id")) is int}


def due_rows(session: Session, horizon: date) -> list[Any]:
    """Occurrences of open activities of approved plans due by `horizon`, with the activity's responsible.

    A draft's dates are proposals, never overdue nor due (issue 16: drafts are not counted as overdue): the
    job says nothing of a plan until it is approved."""
    statement = (
        sql_select(
            col(ActivityOccurrence.id),
            col(ActivityOccurrence.due),
            col(Activity.id),
            col(Activity.title),
            col(Activity.responsible),
        )
        .join(Activity, col(Activity.id) == col(ActivityOccurrence.activity_id))
        .join(Plan, col(Plan.id) == col(Activity.plan_id))
        .where(
            col(Plan.status) == "approved",
            col(Activity.status).not_in(CLOSED_STATUSES),
            col(ActivityOccurrence.due) <= horizon,
        )
    )
    return list(session.execute(statement).all())


def linked_users(session: Session, party_ids: set[int]) -> dict[int, str]:
    """party id → user subject, for the parties linked to a user."""
    users: dict[int, str] = {}
    ids = sorted(party_ids)
    for start in range(0, len(ids), CHUNK):
        rows = session.exec(
            select(Party.id, Party.user_subject).where(
                col(Party.id).in_(ids[start : start + CHUNK]), col(Party.user_subject).is_not(None)
            )
        ).all()
        users.update({party_id: subject for party_id, subject in rows if party_id and subject})
    return users


def existing_keys(session: Session, occurrence_ids: list[int]) -> set[Key]:
    keys: set[Key] = set()
    for start in range(0, len(occurrence_ids), CHUNK):
        rows = session.exec(
            select(Notification.user_subject, Notification.occurrence_id, Notification.kind).where(
                col(Notification.occurrence_id).in_(occurrence_ids[start : start + CHUNK])
            )
        ).all()
        keys.update((subject, occurrence_id, kind) for subject, occurrence_id, kind in rows)
    return keys


def create_notifications(session: Session, today: date, soon_days: int) -> int:
    """Add the notices not made yet; answer how many."""
    rows = due_rows(session, today + timedelta(days=soon_days))
    users = linked_users(session, set().union(*(_party_ids(row[4]) for row in rows)) if rows else set())
    existing = existing_keys(session, sorted({row[0] for row in rows}))
    new: list[Notification] = []
    for occurrence_id, due, activity_id, title, responsible in rows:
        kind = "overdue" if due < today else "due_soon"
        for subject in sorted({users[p] for p in _party_ids(responsible) if p in users}):
            if (subject, occurrence_id, kind) in existing:
                continue
            existing.add((subject, occurrence_id, kind))
            new.append(
                Notification(
                    user_subject=subject,
                    activity_id=activity_id,
                    occurrence_id=occurrence_id,
                    kind=kind,
                    due=due,
                    title=title,
                )
            )
    if not new:
        return 0
    try:
        with session.begin_nested():
            session.add_all(new)
    except IntegrityError:
        logger.warning("notifications made by another run at the same time; this run adds none")
        return 0
    return len(new)


def run_once(engine: Engine, settings: RoadmapSettings, today: date | None = None) -> dict[str, int]:
    """One run (CLI and worker): the notices made and committed, then the unmailed ones mailed letter by letter
    if a mail server is configured; each step under the lock `notifications`, one run at a time across processes.
    """
    with Session(engine, expire_on_commit=False) as session:
        with exclusive(session.connection(), LOCK):
            created = create_notifications(session, today or date.today(), settings.deadline_soon_days)
        session.commit()
    mailed = failed = 0
    if settings.smtp_host:
        mailed, failed = mail_pending(engine, settings)
    return {"created": created, "mailed": mailed, "mail_failed": failed}


def every_minutes(minutes: int) -> Callable[[datetime], bool]:
    """A huey schedule: true at the minutes of the day divisible by `minutes` (0: never)."""
    return lambda moment: minutes > 0 and (moment.hour * 60 + moment.minute) % minutes == 0


def register_notifications(queue: Huey, engine: Callable[[], Engine], settings: RoadmapSettings) -> Any:
    """The notification job as a periodic task of the worker's queue; the task itself, to queue it by hand."""

    @queue.periodic_task(every_minutes(settings.notify_every_minutes), name="notify_deadlines")
    def notify_deadlines() -> dict[str, int]:
        result = run_once(engine(), settings)
        logger.info("notification job: %s", result)
        return result

    return notify_deadlines
