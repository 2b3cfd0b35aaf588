"""Reading plans, scoped in one place: `PlanRepository.scoped_plans()` and `scoped_activities()`.

A caller sees a plan when it lies in its territory: a region's analyst the region's plans, a municipal
coordinator its municipality's, school staff and curators the plans of their schools and the territory plans
in which one of their schools takes part (an activity tracked per school).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, exists, false, or_, true
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from services.roadmap.plans.models import Activity, ActivitySchool, Plan
from services.shared.errors import NotFound, OutOfScope
from services.shared.security import Principal, Role, ScopeKind

EDITOR_ROLES = (Role.admin, Role.regional_analyst, Role.municipal_coordinator, Role.school_staff)


def plan_visible(principal: Principal) -> ColumnElement[bool]:
    """The condition on `plan` rows that a caller may read."""
    scope = principal.scope
    match scope.kind:
        case ScopeKind.all:
            return true()
        case ScopeKind.region:
            return col(Plan.region_code) == scope.region
        case ScopeKind.municipality:
            return col(Plan.municipality_code) == scope.municipality
        case ScopeKind.schools:
            if not scope.schools:
                return false()
            takes_part = exists().where(
                col(Activity.plan_id) == col(Plan.id),
                col(ActivitySchool.activity_id) == col(Activity.id),
                col(ActivitySchool.school_code).in_(scope.schools),
            )
            return or_(col(Plan.school_code).in_(scope.schools), takes_part)


def may_edit(principal: Principal, plan: Plan) -> bool:
    """Whether the caller may change the plan's content and its tracking (not only per-school rows)."""
    if principal.role not in EDITOR_ROLES:
        return False
    scope = principal.scope
    if scope.kind == ScopeKind.schools:
        return plan.school_code is not None and plan.school_code in scope.schools
    return scope.covers(plan.region_code, plan.municipality_code, plan.school_code)


def may_track_school(principal: Principal, plan: Plan, school_code: str) -> bool:
    """Whether the caller may report progress of one school in a plan (its own school's row)."""
    if may_edit(principal, plan):
        return True
    return principal.role == Role.school_staff and school_code in principal.scope.schools


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
