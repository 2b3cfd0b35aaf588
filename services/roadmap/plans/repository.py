"""Reading plans, scoped in one place: `PlanRepository.scoped_plans()` and `scoped_activities()`.

A caller sees a plan when it lies in its territory: a region's analyst the region's plans, a municipal
coordinator its municipality's, school staff and curators the plans of their schools and the territory plans
in which one of their schools takes part (an activity tracked per school).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from services.roadmap.plans.models import Activity, ActivitySchool, Plan
from services.shared.errors import NotFound, OutOfScope
from services.shared.scoping import covers, territory_filter
from services.shared.security import Principal, Role

EDITOR_ROLES = (Role.admin, Role.regional_analyst, Role.municipal_coordinator, Role.school_staff)


def plan_visible(principal: Principal) -> ColumnElement[bool]:
    """The condition on `plan` rows that a caller may read: a school's own plans and those it takes part in."""

    def schools_plans(codes: list[str]) -> ColumnElement[bool]:
        takes_part = exists().where(
            col(Activity.plan_id) == col(Plan.id),
            col(ActivitySchool.activity_id) == col(Activity.id),
            col(ActivitySchool.school_code).in_(codes),
        )
        return or_(col(Plan.school_code).in_(codes), takes_part)

    return territory_filter(
        principal.scope, region=col(Plan.region_code), municipality=col(Plan.municipality_code), school=schools_plans
    )


def may_edit(principal: Principal, plan: Plan) -> bool:
    """Whether the caller may change the plan's content and its tracking (not only per-school rows)."""
    if principal.role not in EDITOR_ROLES:
        return False
    return covers(principal.scope, plan.region_code, plan.municipality_code, plan.school_code)


def may_track_school(principal: Principal, plan: Plan, school_code: str) -> bool:
    """Whether the caller may report progress of one school in a plan (its own school's row)."""
    if may_edit(principal, plan):
        return True
    return principal.role == Role.school_staff and covers(principal.scope, None, None, school_code)


class PlanRepository:
    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    def scoped_plans(self) -> SelectOfScalar[Plan]:
        return select(Plan).where(plan_visible(self.principal))

    def scoped_activities(self) -> SelectOfScalar[Activity]:
        return select(Activity).join(Plan, col(Plan.id) == Activity.plan_id).where(plan_visible(self.principal))

    def plan(self, plan_id: int) -> Plan:
        """The plan: 404 if there is none, 403 if it lies outside the caller's territory."""
        found = self.session.exec(self.scoped_plans().where(Plan.id == plan_id)).first()
        if found is not None:
            return found
        if self.session.get(Plan, plan_id) is None:
            raise NotFound("План не найден", code="plan_not_found")
        raise OutOfScope("План относится к другой территории")

    def activity(self, activity_id: int) -> tuple[Activity, Plan]:
        row = self.session.exec(
            select(Activity, Plan)
            .join(Plan, col(Plan.id) == Activity.plan_id)
            .where(Activity.id == activity_id, plan_visible(self.principal))
        ).first()
        if row is not None:
            return row
        if self.session.get(Activity, activity_id) is None:
            raise NotFound("Мероприятие не найдено", code="activity_not_found")
        raise OutOfScope("Мероприятие относится к другой территории")

    def all(self, statement: SelectOfScalar[Any]) -> list[Any]:
        return list(self.session.exec(statement).all())
