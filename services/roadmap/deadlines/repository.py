"""The deadline query: occurrences of open activities in the plans a caller may read, in one SQL statement.

Scoping is `plan_visible()` of the plans repository, never re-implemented here. On top of it, a caller tied
to schools (school staff, curators, or anyone filtering by `school_code`) sees the deadlines of those schools:
the occurrences of its schools' own plans, and, for an activity tracked per school, the occurrence once per
its school whose row is still open. Activities of a territory plan that are not tracked per school belong to
the territory, not to the school, and stay out of a school's list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, select, text, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from services.roadmap.plans.models import Activity, ActivityOccurrence, ActivitySchool, Plan, PlanSection
from services.roadmap.plans.repository import plan_visible
from services.shared.scoping import school_codes
from services.shared.security import Principal

OPEN_PLAN_STATUSES = ("draft", "approved")
CLOSED_STATUSES = ("done", "cancelled")

# "Is the caller among the responsible?": `responsible` is a JSON list of {"party_id": …, "name": …}; the
# party carries the user link. JSON functions differ by database, so the one condition has two spellings.
_MINE_SQL = {
    "sqlite": (
        "EXISTS (SELECT 1 FROM json_each(activity.responsible) AS r JOIN party"
        " ON party.id = json_extract(r.value, '$.party_id') WHERE party.user_subject = :mine_subject)"
    ),
    "postgresql": (
        "EXISTS (SELECT 1 FROM json_array_elements(activity.responsible) AS r JOIN party"
        " ON party.id = (r.value ->> 'party_id')::integer WHERE party.user_subject = :mine_subject)"
    ),
}


@dataclass(frozen=True)
class DeadlineQuery:
    """What to list: `horizon` None means the whole plan period (the calendar feed)."""

    today: date
    horizon: date | None = None
    mine_subject: str | None = None
    school_code: str | None = None
    plan_id: int | None = None


def overdue_when(due: Any, plan_status: Any, today: date) -> ColumnElement[bool]:
    """The one definition of an overdue deadline: its date has passed and its plan is approved (a draft's
    dates are proposals, not commitments). `deadline_item` answers the same for one row."""
    return and_(due < today, plan_status == "approved")


def school_filter(principal: Principal, school_code: str | None) -> list[str] | None:
    """The schools whose deadlines are listed, or None for the whole visible territory."""
    schools = school_codes(principal.scope)
    if schools is not None:
        return [school_code] if school_code in schools else ([] if school_code else schools)
    return [school_code] if school_code else None


def responsible_is(dialect: str, subject: str) -> ColumnElement[bool]:
    """Activities whose responsible list names a party linked to the user `subject`."""
    return text(_MINE_SQL.get(dialect, _MINE_SQL["postgresql"])).bindparams(mine_subject=subject)  # type: ignore[return-value]


Rows = Select[*tuple[Any, ...]]


def _deadlines(
    principal: Principal, query: DeadlineQuery, dialect: str, school_code: Any, status: Any, extra: tuple[Any, ...]
) -> Rows:
    """Occurrences of open activities of the open plans the caller may read, with the common columns."""
    statement: Rows = (
        select(
            col(ActivityOccurrence.id).label("occurrence_id"),
            col(ActivityOccurrence.start).label("start"),
            col(ActivityOccurrence.due).label("due"),
            col(ActivityOccurrence.stage).label("stage"),
            col(ActivityOccurrence.label).label("label"),
            col(Activity.id).label("activity_id"),
            col(Activity.number).label("number"),
            col(Activity.title).label("title"),
            col(Plan.id).label("plan_id"),
            col(Plan.title).label("plan_title"),
            col(Plan.status).label("plan_status"),
            col(PlanSection.number).label("section_number"),
            col(PlanSection.title).label("section_title"),
            school_code.label("school_code"),
            status.label("status"),
            *extra,
        )
        .select_from(ActivityOccurrence)
        .join(Activity, col(Activity.id) == col(ActivityOccurrence.activity_id))
        .join(Plan, col(Plan.id) == col(Activity.plan_id))
        .join(PlanSection, col(PlanSection.id) == col(Activity.section_id))
        .where(
            plan_visible(principal),
            col(Plan.status).in_(OPEN_PLAN_STATUSES),
            col(Activity.status).not_in(CLOSED_STATUSES),
            col(ActivityOccurrence.completed_on).is_(None),  # a stage marked done is no longer a deadline
        )
    )
    if query.horizon is not None:
        statement = statement.where(col(ActivityOccurrence.due) <= query.horizon)
    if query.mine_subject is not None:
        statement = statement.where(responsible_is(dialect, query.mine_subject))
    if query.plan_id is not None:
        statement = statement.where(col(Plan.id) == query.plan_id)
    return statement


def _school_deadlines(
    principal: Principal, query: DeadlineQuery, dialect: str, schools: list[str], extra: tuple[Any, ...]
) -> Rows:
    """The deadlines of some schools: their own plans' occurrences, and per-school rows still open.

    Two arms of a UNION ALL rather than one outer join with an OR: each arm starts from an index (the plan's
    school, the per-school row's school) instead of scanning every occurrence in the window.
    """
    codes = schools or [""]
    tracked_here = exists().where(
        col(ActivitySchool.activity_id) == col(Activity.id), col(ActivitySchool.school_code).in_(codes)
    )
    own = _deadlines(principal, query, dialect, col(Plan.school_code), col(Activity.status), extra).where(
        col(Plan.school_code).in_(codes), or_(col(Activity.per_school).is_(False), ~tracked_here)
    )
    row = aliased(ActivitySchool)
    tracked = (
        _deadlines(principal, query, dialect, col(row.school_code), col(row.status), extra)
        .join(row, col(row.activity_id) == col(Activity.id))
        .where(
            col(Activity.per_school).is_(True),
            col(row.school_code).in_(codes),
            col(row.status).not_in(CLOSED_STATUSES),
        )
    )
    union = union_all(own, tracked).subquery("deadline")
    return select(*union.c)


def deadline_set(principal: Principal, query: DeadlineQuery, dialect: str, *extra: Any) -> Rows:
    """One row per deadline, unordered: occurrence, activity, plan and section columns, `school_code`, `status`."""
    schools = school_filter(principal, query.school_code)
    if schools is None:
        return _deadlines(principal, query, dialect, col(Plan.school_code), col(Activity.status), extra)
    return _school_deadlines(principal, query, dialect, schools, extra)


def _by_due(statement: Rows, columns: Any) -> Rows:
    return statement.order_by(columns.due, columns.occurrence_id, columns.school_code)


def deadline_page(
    session: Session, principal: Principal, query: DeadlineQuery, offset: int, limit: int
) -> tuple[list[Any], int]:
    """One page of deadlines and the total, in one statement.

    The set is a materialised CTE counted by a window function: planned on its own, without the LIMIT, so
    PostgreSQL joins from the caller's plans instead of walking every occurrence in due order (a window
    over the whole set makes the LIMIT's early stop an illusion the planner would otherwise believe).
    """
    dialect = session.get_bind().dialect.name
    deadline = deadline_set(principal, query, dialect).cte("deadline").prefix_with("MATERIALIZED", dialect="postgresql")
    statement = _by_due(select(deadline, func.count().over().label("total")), deadline.c)
    rows = list(session.execute(statement.offset(offset).limit(limit)).all())
    if rows:
        return rows, int(rows[0].total)
    if offset == 0:
        return [], 0
    # A page past the end has no row to carry the total: count it separately (rare).
    total = session.execute(select(func.count()).select_from(deadline_set(principal, query, dialect).subquery()))
    return [], int(total.scalar_one())


def deadline_rows(session: Session, principal: Principal, query: DeadlineQuery, *extra: Any) -> list[Any]:
    """Every deadline by due date (the calendar feed), with `extra` columns."""
    dialect = session.get_bind().dialect.name
    statement = deadline_set(principal, query, dialect, *extra)
    return list(session.execute(_by_due(statement, statement.selected_columns)).all())


def deadline_counts(session: Session, principal: Principal, query: DeadlineQuery) -> tuple[int, int]:
    """(overdue, due within the window) over exactly the set `/me/deadlines` lists, counted in SQL."""
    dialect = session.get_bind().dialect.name
    deadline = deadline_set(principal, query, dialect).subquery("deadline")
    is_overdue = overdue_when(deadline.c.due, deadline.c.plan_status, query.today)
    overdue = func.coalesce(func.sum(case((is_overdue, 1), else_=0)), 0)
    soon = func.coalesce(func.sum(case((deadline.c.due >= query.today, 1), else_=0)), 0)
    row = session.execute(select(overdue, soon).select_from(deadline)).one()
    return int(row[0]), int(row[1])
