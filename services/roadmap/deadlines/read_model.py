"""Keeping `deadline_entry` (the read model of `/me/deadlines`) equal to what the plan tables say, in the same
transaction as every write to them.

The unit of upkeep is a plan: whatever changes a plan, a section, an activity, an occurrence or a per-school row,
the plan's entries are deleted and selected again from the tables (a plan has tens of activities, so this is
cheap and leaves no case of partial upkeep to get wrong). Two session hooks find the plans:

- ORM flushes (`session.add`, attribute changes, `session.delete`): the plans of the rows flushed;
- UPDATE and DELETE statements run through a session (`compare_and_set`, bulk deletes of occurrences): the
  plans of the rows the statement's WHERE selects, read before it runs (a deleted row is gone after);

and the plans found are refreshed once, just before the transaction commits.

Lock order (PostgreSQL): a transaction locks a plan's row (`FOR NO KEY UPDATE`) before its first change of that
plan's rows, not only at the refresh. Otherwise two writers of one plan deadlock: one edits an activity (deleting
its occurrences) and then bumps the plan's revision, while the other, holding the plan, refreshes the entries,
whose foreign keys wait for the occurrences the first one deleted. With the plan locked first, writers of one
plan simply queue (they already did at `touch()` and at the refresh).

Writes that bypass the session (a bulk load with Core `insert`, as `bench/roadmap.py` does) call `rebuild()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import chain
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    Select,
    bindparam,
    delete,
    event,
    false,
    func,
    insert,
    inspect,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction
from sqlmodel import col

from services.roadmap.deadlines.models import DeadlineEntry
from services.roadmap.plans.models import Activity, ActivityOccurrence, ActivitySchool, Plan, PlanSection

OPEN_PLAN_STATUSES = ("draft", "approved")
CLOSED_STATUSES = ("done", "cancelled")

COLUMNS = (
    "occurrence_id",
    "activity_id",
    "plan_id",
    "region_code",
    "municipality_code",
    "plan_school_code",
    "school_code",
    "school_key",
    "tracked",
    "per_school",
    "due",
    "start",
    "stage",
    "label",
    "status",
    "plan_status",
    "number",
    "title",
    "plan_title",
    "section_number",
    "section_title",
)


def _arm(school_code: Any, tracked: ColumnElement[bool], status: Any, plans: ColumnElement[bool]) -> Select[Any]:
    return (
        select(
            col(ActivityOccurrence.id),
            col(Activity.id),
            col(Plan.id),
            col(Plan.region_code),
            col(Plan.municipality_code),
            col(Plan.school_code),
            school_code,
            func.coalesce(school_code, ""),
            tracked,
            col(Activity.per_school),
            col(ActivityOccurrence.due),
            col(ActivityOccurrence.start),
            col(ActivityOccurrence.stage),
            col(ActivityOccurrence.label),
            status,
            col(Plan.status),
            col(Activity.number),
            col(Activity.title),
            col(Plan.title),
            col(PlanSection.number),
            col(PlanSection.title),
        )
        .select_from(ActivityOccurrence)
        .join(Activity, col(Activity.id) == col(ActivityOccurrence.activity_id))
        .join(Plan, col(Plan.id) == col(Activity.plan_id))
        .join(PlanSection, col(PlanSection.id) == col(Activity.section_id))
        .where(
            plans,
            col(Plan.status).in_(OPEN_PLAN_STATUSES),
            col(Activity.status).not_in(CLOSED_STATUSES),
            col(ActivityOccurrence.completed_on).is_(None),  # a stage marked done is no longer a deadline
        )
    )


def _entries(plans: ColumnElement[bool]) -> Any:
    """INSERT … SELECT of the entries of the plans matching `plans`: the plan's rows and the per-school ones."""
    own = _arm(col(Plan.school_code), false(), col(Activity.status), plans)
    tracked = (
        _arm(col(ActivitySchool.school_code), true(), col(ActivitySchool.status), plans)
        .join(ActivitySchool, col(ActivitySchool.activity_id) == col(Activity.id))
        .where(col(Activity.per_school).is_(True), col(ActivitySchool.status).not_in(CLOSED_STATUSES))
    )
    return insert(DeadlineEntry).from_select(list(COLUMNS), union_all(own, tracked))


# Built once: the statements take the plan ids as an expanding parameter.
_PLAN_IDS: BindParameter[list[int]] = bindparam("plan_ids", expanding=True)
_DELETE_PLANS = delete(DeadlineEntry).where(col(DeadlineEntry.plan_id).in_(_PLAN_IDS))
_INSERT_PLANS = _entries(col(Plan.id).in_(_PLAN_IDS))
_LOCK_PLANS = (
    select(col(Plan.id)).where(col(Plan.id).in_(_PLAN_IDS)).order_by(col(Plan.id)).with_for_update(key_share=True)
)
_DELETE_ALL = delete(DeadlineEntry)
_INSERT_ALL = _entries(true())
_PLANS_OF_ACTIVITIES = select(col(Activity.plan_id)).where(
    col(Activity.id).in_(bindparam("activity_ids", expanding=True))
)


def plans_of_activities(connection: Connection, activity_ids: Iterable[int | None]) -> set[int]:
    activities = sorted({activity_id for activity_id in activity_ids if activity_id is not None})
    if not activities:
        return set()
    return set(connection.execute(_PLANS_OF_ACTIVITIES, {"activity_ids": activities}).scalars())


def refresh(connection: Connection, plan_ids: Iterable[int | None]) -> None:
    """Select again the entries of these plans.

    The plans' rows are locked first (in id order; PostgreSQL): two transactions that changed one plan refresh
    it one after the other, the later one reading what the earlier one committed, instead of both inserting
    the plan's entries (the unique key would refuse the second)."""
    ids = sorted({plan_id for plan_id in plan_ids if plan_id is not None})
    if not ids:
        return
    connection.execute(_LOCK_PLANS, {"plan_ids": ids})
    connection.execute(_DELETE_PLANS, {"plan_ids": ids})
    connection.execute(_INSERT_PLANS, {"plan_ids": ids})


def rebuild(connection: Connection) -> None:
    """Every entry selected again from the tables (after a bulk load; the migration does the same)."""
    connection.execute(_DELETE_ALL)
    connection.execute(_INSERT_ALL)


# --- the session hooks ------------------------------------------------------------------------------------
#
# Flushes and statements only note the plans they touch (`session.info`); the entries are selected again once,
# just before the transaction commits: a plan written row by row (an import flushes every activity) is
# refreshed once, not once per row. A rollback forgets the notes with the writes.

PENDING = "deadline_entry_plans"
Affected = tuple[set[int | None], set[int | None]]


def _loaded(obj: Any, name: str) -> Any:
    """An attribute as the session holds it, without loading it (a deleted row cannot be loaded after the flush)."""
    value = inspect(obj).dict.get(name)
    if value is None and name == "id":
        identity = inspect(obj).identity
        return identity[0] if identity else None
    return value


def _collect(objects: Iterable[Any], affected: Affected) -> None:
    plans, activities = affected
    for obj in objects:
        if isinstance(obj, Plan):
            plans.add(_loaded(obj, "id"))
        elif isinstance(obj, (PlanSection, Activity)):
            plans.add(_loaded(obj, "plan_id"))
        elif isinstance(obj, (ActivityOccurrence, ActivitySchool)):
            activities.add(_loaded(obj, "activity_id"))


def _pending(session: Session) -> set[int]:
    found: set[int] = session.info.setdefault(PENDING, set())
    return found


def _lock_first(session: Session, plan_ids: Iterable[int | None]) -> None:
    """Lock the plans this transaction is about to change and has not noted yet, before it changes them (see
    the module's note on lock order). PostgreSQL only: SQLite serialises writers by itself."""
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return
    ids = sorted({plan_id for plan_id in plan_ids if plan_id is not None} - _pending(session))
    if ids:
        connection.execute(_LOCK_PLANS, {"plan_ids": ids})


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, flush_context: UOWTransaction, instances: Any) -> None:
    """Changed and deleted rows, read while they can still be loaded."""
    changed = (obj for obj in session.dirty if session.is_modified(obj, include_collections=False))
    affected: Affected = (set(), set())
    _collect(chain(changed, session.deleted), affected)
    plans, activities = affected
    if plans or activities:
        _lock_first(session, plans | plans_of_activities(session.connection(), activities))
    session.info["deadline_entry_flushing"] = affected


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    """New rows (their ids are known now): the plans of everything flushed are noted."""
    plans, activities = session.info.pop("deadline_entry_flushing", (set(), set()))
    _collect(session.new, (plans, activities))
    if not (plans or activities):
        return
    pending = _pending(session)
    pending.update(plan_id for plan_id in plans if plan_id is not None)
    pending.update(plans_of_activities(session.connection(), activities))  # the activity may go later


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    """The entries of every plan the transaction touched, selected again inside it (at the outermost commit: a
    savepoint's release is not the end, and a savepoint rolled back after a refresh would take it along)."""
    if session.in_nested_transaction():
        return
    session.flush()
    plans = session.info.pop(PENDING, None)
    if plans:
        refresh(session.connection(), plans)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction(session: Session, transaction: SessionTransaction) -> None:
    """The notes go with the transaction, whether it committed, rolled back or was closed."""
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def _plans_where(table: str) -> Callable[[Any], Select[Any]] | None:
    """How to find the plans of the rows a WHERE clause of a statement on `table` selects."""

    def through_activity(model: Any) -> Callable[[Any], Select[Any]]:
        return lambda where: select(col(Activity.plan_id)).where(
            col(Activity.id).in_(_where(select(model.activity_id), where))
        )

    return {
        "plan": lambda where: _where(select(col(Plan.id)), where),
        "plan_section": lambda where: _where(select(col(PlanSection.plan_id)), where),
        "activity": lambda where: _where(select(col(Activity.plan_id)), where),
        "activity_occurrence": through_activity(ActivityOccurrence),
        "activity_school": through_activity(ActivitySchool),
    }.get(table)


def _where(statement: Select[Any], where: Any) -> Select[Any]:
    return statement if where is None else statement.where(where)


@event.listens_for(Session, "do_orm_execute")
def _on_statement(state: ORMExecuteState) -> Any:
    """An UPDATE or DELETE of a plan table run through the session: its plans' entries follow it."""
    if not (state.is_update or state.is_delete):
        return None
    table = getattr(state.statement, "table", None)
    plans_of = _plans_where(getattr(table, "name", ""))
    if plans_of is None:
        return None
    where = state.statement.whereclause  # type: ignore[attr-defined]
    found = set(state.session.connection().execute(plans_of(where), state.parameters or {}).scalars())
    _lock_first(state.session, found)
    _pending(state.session).update(found)
    return None
