"""The monitoring counts, aggregated in SQL per (school, plan) over the approved plans the caller may read.

A unit is what execution counts (the same as a plan's progress): an activity of a school's own plan, or a
school's row of an activity tracked per school in a territory's plan. Overdue is the one definition of the
roadmap (`is_overdue`): still open and the earliest stage without a done mark has passed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, literal, or_, union_all
from sqlalchemy import select as columns
from sqlmodel import Session, col, select

from services.roadmap.mentoring.repository import mentored_schools
from services.roadmap.plans.models import Activity, ActivityOccurrence, ActivitySchool, Evidence, Plan
from services.roadmap.plans.repository import plan_visible
from services.roadmap.plans.service import CLOSED
from services.shared.scoping import refuse_another_municipality, territory_filter
from services.shared.security import Principal


def _open_due() -> ColumnElement[Any]:
    """The earliest stage without a done mark; the activity's due date when it has no stages (`open_due`)."""
    has_stages = exists().where(col(ActivityOccurrence.activity_id) == col(Activity.id))
    earliest_open = (
        select(func.min(ActivityOccurrence.due))
        .where(col(ActivityOccurrence.activity_id) == col(Activity.id), col(ActivityOccurrence.completed_on).is_(None))
        .scalar_subquery()
    )
    return case((has_stages, earliest_open), else_=col(Activity.due_date))


def _has_evidence(school: Any) -> ColumnElement[bool]:
    """An evidence of the activity: of this school (or of the whole activity) for a per-school row."""
    condition = col(Evidence.activity_id) == col(Activity.id)
    if school is not None:
        condition = and_(condition, or_(col(Evidence.school_code) == school, col(Evidence.school_code).is_(None)))
    return exists().where(condition)


class MonitoringRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    def _row_visible(self) -> ColumnElement[bool]:
        """A school's row of a territory's plan: the caller's territory, or (a school's staff) its own and mentored."""

        def own_or_mentored(codes: list[str]) -> ColumnElement[bool]:
            return or_(
                col(ActivitySchool.school_code).in_(codes), col(ActivitySchool.school_code).in_(mentored_schools(codes))
            )

        return territory_filter(
            self.principal.scope,
            region=col(Plan.region_code),
            municipality=col(Plan.municipality_code),
            school=own_or_mentored,
        )

    def _visible(self) -> ColumnElement[bool]:
        """The visible plans as their own uncorrelated query: `plan_visible` looks at activities and school rows
        itself, which the unit queries also read."""
        return col(Plan.id).in_(select(col(Plan.id)).where(plan_visible(self.principal)).correlate(None))

    def programmes(self, run_id: int) -> tuple[int, int]:
        """Programmes formed from the run's agreed list (a family of versions counts once), and how many approved."""
        family = func.coalesce(col(Plan.family_id), col(Plan.id))
        approved = case((col(Plan.status) == "approved", family), else_=None)
        row = self.session.execute(
            columns(func.count(family.distinct()), func.count(approved.distinct())).where(
                col(Plan.identification_run_id) == run_id, col(Plan.status) != "archived", self._visible()
            )
        ).one()
        return int(row[0]), int(row[1])

    def counts(
        self, today: date, school_year: str | None = None, municipality: str | None = None, run_id: int | None = None
    ) -> list[dict[str, Any]]:
        """One row per (school, plan): the plan's id and title and the four counts of the school's units."""
        filters: list[ColumnElement[bool]] = [col(Plan.status) == "approved", self._visible()]
        if run_id is not None:
            filters.append(col(Plan.identification_run_id) == run_id)
        if school_year:
            filters.append(col(Plan.school_year) == school_year)
        if municipality:
            refuse_another_municipality(self.principal.scope, municipality)
            filters.append(col(Plan.municipality_code) == municipality)
        tracked = exists().where(col(ActivitySchool.activity_id) == col(Activity.id))
        own = (
            columns(
                col(Plan.school_code).label("school_code"),
                col(Plan.owner_label).label("school_name"),
                col(Plan.id).label("plan_id"),
                col(Plan.title).label("plan_title"),
                col(Activity.status).label("status"),
                _open_due().label("due"),
                _has_evidence(None).label("evidenced"),
            )
            .join(Plan, col(Plan.id) == col(Activity.plan_id))
            .where(col(Plan.school_code).is_not(None), ~tracked, *filters)
        )
        per_school = (
            columns(
                col(ActivitySchool.school_code).label("school_code"),
                col(ActivitySchool.school_name).label("school_name"),
                col(Plan.id).label("plan_id"),
                col(Plan.title).label("plan_title"),
                col(ActivitySchool.status).label("status"),
                _open_due().label("due"),
                _has_evidence(col(ActivitySchool.school_code)).label("evidenced"),
            )
            .join(Activity, col(Activity.id) == col(ActivitySchool.activity_id))
            .join(Plan, col(Plan.id) == col(Activity.plan_id))
            .where(self._row_visible(), *filters)
        )
        units = union_all(own, per_school).subquery("units")
        is_open = units.c.status.not_in(CLOSED)
        overdue = and_(is_open, units.c.due.is_not(None), units.c.due < today)

        def count(condition: ColumnElement[bool]) -> ColumnElement[Any]:
            return func.sum(case((condition, literal(1)), else_=literal(0)))

        statement = (
            columns(
                units.c.school_code,
                func.max(units.c.school_name).label("school_name"),
                units.c.plan_id,
                func.max(units.c.plan_title).label("plan_title"),
                count(units.c.status == "done").label("done"),
                count(and_(is_open, ~overdue)).label("in_work"),
                count(overdue).label("overdue"),
                count(and_(units.c.status == "done", ~units.c.evidenced)).label("no_evidence"),
                count(units.c.status != "cancelled").label("total"),
            )
            .group_by(units.c.school_code, units.c.plan_id)
            .order_by(units.c.school_code, units.c.plan_id)
        )
        return [dict(row._mapping) for row in self.session.execute(statement)]
