"""The deadline query: open deadlines of the plans a caller may read, from the read model `deadline_entry`.

`deadline_entry` holds one row per open deadline (see `models.DeadlineEntry`, kept by `read_model.py`), so a
page is one index range read in the order it is listed, whatever the size of the territory. Scoping is the
shared `territory_filter` on the entry's copies of its plan's territory codes (what `plan_visible` asks of the
plan; see `_visible` for a school scope). On top of it, a caller tied to schools
(school staff, curators, or anyone filtering by `school_code`) sees the deadlines of those schools: the
occurrences of its schools' own plans, and, for an activity tracked per school, the occurrence once per its
school whose row is still open. Activities of a territory plan that are not tracked per school belong to the
territory, not to the school, and stay out of a school's list.

Pages: `page`/`per_page` (an offset) as before, or keyset pagination by an opaque `cursor` naming the last row
of the previous page (due date, occurrence, school): the next page starts where that one stopped without
reading the rows before it. The total is counted up to `TOTAL_CAP` rows past the page (`total_capped` beyond).
Territory callers' statements are built once per shape and take the scope's codes as parameters.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    Boolean,
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal_column,
    or_,
    select,
    text,
    true,
    tuple_,
)
from sqlmodel import Session, col

from services.roadmap.deadlines.models import DeadlineEntry
from services.roadmap.deadlines.read_model import CLOSED_STATUSES, OPEN_PLAN_STATUSES
from services.roadmap.plans.models import Activity, ActivitySchool
from services.shared.errors import InvalidValue
from services.shared.ids import CODE_PATTERN, MAX_ID
from services.shared.scoping import school_codes, territory_filter
from services.shared.security import Principal, Scope, ScopeKind

__all__ = ["CLOSED_STATUSES", "OPEN_PLAN_STATUSES", "DeadlineQuery", "deadline_page", "deadline_rows"]

TOTAL_CAP = 1000
"""A page's total counts at most this many rows past the page; beyond, the total says so (`total_capped`)."""

E = DeadlineEntry

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

ITEM_COLUMNS = (  # in this order: `service.item_fields` reads a row by position
    col(E.occurrence_id),
    col(E.start),
    col(E.due),
    col(E.stage),
    col(E.label),
    col(E.activity_id),
    col(E.number),
    col(E.title),
    col(E.plan_id),
    col(E.plan_title),
    col(E.plan_status),
    col(E.section_number),
    col(E.section_title),
    col(E.school_code),
    col(E.status),
    col(E.school_key),
)
ORDER = (col(E.due), col(E.occurrence_id), col(E.school_key))
# Spelled as the partial indexes' predicates are, so both databases see that an index covers the query
# (SQLAlchemy writes `tracked IS 0` on SQLite, which SQLite does not match to `WHERE NOT tracked`).
PLAN_ENTRY = literal_column("NOT deadline_entry.tracked", Boolean)
SCHOOL_ENTRY = literal_column("deadline_entry.tracked", Boolean)


@dataclass(frozen=True)
class DeadlineQuery:
    """What to list: `horizon` None means the whole plan period (the calendar feed)."""

    today: date
    horizon: date | None = None
    mine_subject: str | None = None
    school_code: str | None = None
    plan_id: int | None = None


@dataclass(frozen=True)
class Cursor:
    """Where a keyset page starts: after the row (due, occurrence, school key)."""

    due: date
    occurrence_id: int
    school_key: str

    def encode(self) -> str:
        raw = json.dumps([self.due.isoformat(), self.occurrence_id, self.school_key], ensure_ascii=False)
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor:
        try:
            raw = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
            due, occurrence_id, school_key = raw
            if not _cursor_keys(occurrence_id, school_key):
                raise ValueError(value)
            return cls(date.fromisoformat(due), occurrence_id, school_key)
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as error:
            raise InvalidValue(
                "Недействительный курсор страницы: начните список сначала",
                code="invalid_cursor",
                loc=["query", "cursor"],
            ) from error

    @classmethod
    def after(cls, row: Any) -> Cursor:
        return cls(row.due, row.occurrence_id, row.school_key)


def _cursor_keys(occurrence_id: Any, school_key: Any) -> bool:
    """Whether a cursor's keys are ones a page could have given: an occurrence id of the id range (a number beyond
    the database's integers was a 500) and a school key that is a school's code or empty (a NUL, which
    PostgreSQL's text refuses, was another)."""
    if type(occurrence_id) is not int or not 0 <= occurrence_id <= MAX_ID or not isinstance(school_key, str):
        return False
    return school_key == "" or re.fullmatch(CODE_PATTERN, school_key) is not None


@dataclass
class DeadlinePageRows:
    rows: list[Any]
    total: int
    total_capped: bool
    next_cursor: str | None


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


Rows = Select[*tuple[Any, ...]]


def _filters(statement: Rows, horizon: bool, plan: bool) -> Rows:
    """The query's optional conditions, as parameters: `horizon`, `plan_id`."""
    if horizon:
        statement = statement.where(col(E.due) <= bindparam("horizon"))
    if plan:
        statement = statement.where(col(E.plan_id) == bindparam("plan_id"))
    return statement


def _parameters(query: DeadlineQuery) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if query.horizon is not None:
        values["horizon"] = query.horizon
    if query.mine_subject is not None:
        values["mine_subject"] = query.mine_subject
    if query.plan_id is not None:
        values["plan_id"] = query.plan_id
    return values


def _visible(kind: ScopeKind) -> ColumnElement[bool]:
    """`plan_visible` on the entries, with the scope's codes as parameters (`scope_region`,
    `scope_municipality`): the entry's territory codes are its plan's, copied.

    A school scope needs no condition of its own: its list is made of the entries of plans of its own schools
    (`plan_school_code`) and of per-school rows of its own schools (`school_code`, only in plans the school
    takes part in), and `school_filter` keeps the codes within the scope; both kinds of plan are what
    `plan_visible` shows a school, so asking it again per row (its EXISTS over the plan's per-school rows
    cost a school caller 100 ms on 100,000 activities) would change nothing."""
    if kind == ScopeKind.schools:
        return true()
    codes: dict[str, Any] = {"region": bindparam("scope_region"), "municipality": bindparam("scope_municipality")}
    scope = Scope.model_construct(kind=kind, schools=[], **codes)
    return territory_filter(scope, region=col(E.region_code), municipality=col(E.municipality_code))


@cache
def _territory_statement(kind: ScopeKind, dialect: str, horizon: bool, mine: bool, plan: bool, extra: bool) -> Rows:
    """The deadlines of a territory (the whole country, a region, a municipality), built once per shape."""
    statement = _base(extra or mine).where(_visible(kind), PLAN_ENTRY)
    return _with_mine(_filters(statement, horizon, plan), dialect, mine)


def _base(with_activity: bool) -> Rows:
    """The entry columns; joined to the activity for its own columns (the calendar) or its responsible (`mine`)."""
    statement: Rows = select(*ITEM_COLUMNS)
    if with_activity:
        statement = statement.join(Activity, col(Activity.id) == col(E.activity_id))
    return statement


def _with_mine(statement: Rows, dialect: str, mine: bool) -> Rows:
    """Only activities naming the caller among the responsible (the statement is joined to `activity`)."""
    if not mine:
        return statement
    return statement.where(text(_MINE_SQL.get(dialect, _MINE_SQL["postgresql"])))


@cache
def _school_statement(kind: ScopeKind, dialect: str, horizon: bool, mine: bool, plan: bool, extra: bool) -> Rows:
    """The deadlines of some schools (the parameter `codes`), built once per shape: their own plans' entries,
    and the per-school entries of their rows."""
    codes: BindParameter[list[str]] = bindparam("codes", expanding=True)
    tracked_here = exists().where(
        col(ActivitySchool.activity_id) == col(E.activity_id), col(ActivitySchool.school_code).in_(codes)
    )
    own = and_(PLAN_ENTRY, col(E.plan_school_code).in_(codes), or_(col(E.per_school).is_(False), ~tracked_here))
    tracked = and_(SCHOOL_ENTRY, col(E.school_code).in_(codes))
    statement = _base(extra or mine).where(_visible(kind), or_(own, tracked))
    return _with_mine(_filters(statement, horizon, plan), dialect, mine)


def deadline_set(
    principal: Principal, query: DeadlineQuery, dialect: str, extra: bool = False
) -> tuple[Rows, dict[str, Any]]:
    """The deadlines of a caller, unordered, and the statement's parameters."""
    schools = school_filter(principal, query.school_code)
    scope = principal.scope
    values = _parameters(query) | {"scope_region": scope.region, "scope_municipality": scope.municipality}
    shape = (query.horizon is not None, query.mine_subject is not None, query.plan_id is not None, extra)
    if schools is not None:
        return _school_statement(scope.kind, dialect, *shape), values | {"codes": schools or [""]}
    return _territory_statement(scope.kind, dialect, *shape), values


def _counted(statement: Rows) -> Any:
    """How many rows `statement` selects, counted up to the parameter `count_limit` (a scalar subquery)."""
    capped = (
        statement.with_only_columns(literal_column("1"), maintain_column_froms=True)
        .order_by(None)
        .limit(bindparam("count_limit"))
        .subquery()
    )
    return select(func.count()).select_from(capped).scalar_subquery()


@cache
def _page_statement(statement: Rows, keyset: bool) -> Rows:
    """One page of `statement` in list order, at the parameters `offset` and `limit`, after the row named by
    `after_due`, `after_occurrence` and `after_school` (`keyset`), each row carrying the capped total of the
    whole list (`found_total`: one round trip instead of two). Built once per statement: the request only
    binds values, and SQLAlchemy finds the compiled form by the statement's remembered cache key."""
    page = statement.add_columns(_counted(statement).label("found_total"))
    if keyset:
        after = tuple_(bindparam("after_due"), bindparam("after_occurrence"), bindparam("after_school"))
        page = page.where(tuple_(*ORDER) > after)
    return page.order_by(*ORDER).offset(bindparam("offset")).limit(bindparam("limit"))


@cache
def _count_statement(statement: Rows) -> Any:
    """The capped total alone, for a page past the end of the list (no row carries it)."""
    return select(_counted(statement))


def deadline_page(
    session: Session, principal: Principal, query: DeadlineQuery, offset: int, limit: int, cursor: str | None = None
) -> DeadlinePageRows:
    """One page of deadlines by due date (after `cursor`, or at `offset`), the total (capped) and the cursor
    of the next page."""
    after = Cursor.decode(cursor) if cursor else None
    statement, values = deadline_set(principal, query, session.get_bind().dialect.name)
    values |= {"offset": 0 if after else offset, "limit": limit + 1}
    values["count_limit"] = values["offset"] + TOTAL_CAP + 1
    if after is not None:
        values |= {"after_due": after.due, "after_occurrence": after.occurrence_id, "after_school": after.school_key}
    rows = list(session.execute(_page_statement(statement, after is not None), values).all())
    found = (
        int(rows[0].found_total) if rows else int(session.execute(_count_statement(statement), values).scalar() or 0)
    )
    more = len(rows) > limit
    rows = rows[:limit]
    up_to = values["offset"] + TOTAL_CAP
    next_cursor = Cursor.after(rows[-1]).encode() if more and rows else None
    return DeadlinePageRows(rows, min(found, up_to), found > up_to, next_cursor)


def deadline_rows(session: Session, principal: Principal, query: DeadlineQuery, *extra: Any) -> list[Any]:
    """Every deadline by due date (the calendar feed), with `extra` columns of the activity."""
    statement, values = deadline_set(principal, query, session.get_bind().dialect.name, extra=bool(extra))
    return list(session.execute(statement.add_columns(*extra).order_by(*ORDER), values).all())


def deadline_counts(session: Session, principal: Principal, query: DeadlineQuery) -> tuple[int, int]:
    """(overdue, due within the window) over exactly the set `/me/deadlines` lists, counted in SQL."""
    statement, values = deadline_set(principal, query, session.get_bind().dialect.name)
    deadline = statement.subquery("deadline")
    is_overdue = overdue_when(deadline.c.due, deadline.c.plan_status, query.today)
    overdue = func.coalesce(func.sum(case((is_overdue, 1), else_=0)), 0)
    soon = func.coalesce(func.sum(case((deadline.c.due >= query.today, 1), else_=0)), 0)
    row = session.execute(select(overdue, soon).select_from(deadline), values).one()
    return int(row[0]), int(row[1])
