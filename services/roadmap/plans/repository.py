"""Reading plans, scoped in one place: `PlanRepository.scoped_plans()` and `scoped_activities()`.

A caller sees a plan when it lies in its territory: a region's analyst the region's plans, a municipal
coordinator its municipality's, school staff and curators the plans of their schools and the territory plans
in which one of their schools takes part (an activity tracked per school); a mentor school's staff also the
plans of the schools it mentors (an active mentor pair), read-only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy import ColumnElement, exists, func, or_
from sqlmodel import Session, col, delete, select, update
from sqlmodel.sql.expression import SelectOfScalar

from services.roadmap.db import AuditEvent
from services.roadmap.mentoring.repository import mentored_schools
from services.roadmap.plans.models import (
    Activity,
    ActivityComment,
    ActivityOccurrence,
    ActivitySchool,
    Evidence,
    Party,
    Plan,
    PlanIndicator,
    PlanSection,
)
from services.shared.audit import utcnow
from services.shared.errors import NotFound, OporaError, OutOfScope
from services.shared.pagination import PageParams, paginate
from services.shared.revisions import changed_ids
from services.shared.scoping import covers, territory_filter
from services.shared.security import Principal, Role

Row = TypeVar("Row", ActivitySchool, ActivityOccurrence, Evidence)

EDITOR_ROLES = (Role.admin, Role.regional_analyst, Role.municipal_coordinator, Role.school_staff)


def plan_visible(principal: Principal) -> ColumnElement[bool]:
    """The condition on `plan` rows that a caller may read: a school's own plans and those it takes part in."""

    def schools_plans(codes: list[str]) -> ColumnElement[bool]:
        takes_part = exists().where(
            col(Activity.plan_id) == col(Plan.id),
            col(ActivitySchool.activity_id) == col(Activity.id),
            col(ActivitySchool.school_code).in_(codes),
        )
        mentored = col(Plan.school_code).in_(mentored_schools(codes))
        return or_(col(Plan.school_code).in_(codes), takes_part, mentored)

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


@dataclass(frozen=True)
class PlanFilter:
    """What `GET /plans` narrows the caller's plans by; an empty field does not narrow."""

    kind: str | None = None
    status: str | None = None
    school_year: str | None = None
    school_code: str | None = None
    municipality_code: str | None = None
    text: str | None = None

    def apply(self, statement: SelectOfScalar[Plan]) -> SelectOfScalar[Plan]:
        for column, value in (
            (Plan.kind, self.kind),
            (Plan.status, self.status),
            (Plan.school_year, self.school_year),
            (Plan.school_code, self.school_code),
            (Plan.municipality_code, self.municipality_code),
        ):
            if value:
                statement = statement.where(col(column) == value)
        if self.text:
            pattern = f"%{self.text}%"
            statement = statement.where(or_(col(Plan.title).ilike(pattern), col(Plan.owner_label).ilike(pattern)))
        return statement


def _grouped(rows: Sequence[Row]) -> dict[int, list[Row]]:
    """Rows of several activities by activity id, each list in the order of the select."""
    grouped: dict[int, list[Row]] = {}
    for row in rows:
        grouped.setdefault(row.activity_id, []).append(row)
    return grouped


class PlanRepository:
    """Every query of plans and their parts. A plan or an activity is reached through `plan()` / `activity()`
    (scoped); the reads of its parts below take the id of a plan (or activities) already reached so."""

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

    def indicator(self, indicator_id: int) -> tuple[PlanIndicator, Plan]:
        """An indicator and its plan: 404 if there is none, 403 if its plan lies outside the territory."""
        indicator = self.session.get(PlanIndicator, indicator_id)
        if indicator is None:
            raise NotFound("Показатель не найден", code="indicator_not_found")
        return indicator, self.plan(indicator.plan_id)

    def evidence_item(self, evidence_id: int) -> Evidence:
        """An evidence item: 404 if there is none, 403 if its activity lies outside the territory."""
        evidence = self.session.get(Evidence, evidence_id)
        if evidence is None:
            raise NotFound("Подтверждение не найдено", code="evidence_not_found")
        self.activity(evidence.activity_id)
        return evidence

    # --- lists of plans --------------------------------------------------------------------------------

    def plans(self, where: PlanFilter, page: PageParams) -> tuple[list[Plan], int]:
        """One page of the caller's plans, the latest changed first, and their total."""
        statement = where.apply(self.scoped_plans()).order_by(col(Plan.updated_at).desc(), col(Plan.id).desc())
        return paginate(self.session, statement, page)

    def versions(self, plan: Plan) -> list[Plan]:
        """The versions of the plan's family the caller sees, the first first."""
        statement = self.scoped_plans().where(Plan.family_id == plan.family_id).order_by(col(Plan.version))
        return list(self.session.exec(statement).all())

    def next_version(self, plan: Plan) -> int:
        """The number of a new version of the plan's family (under the family's advisory lock)."""
        latest = self.session.exec(select(func.max(Plan.version)).where(Plan.family_id == plan.family_id)).one()
        return int(latest or 0) + 1

    def family_draft(self, plan: Plan) -> Plan | None:
        """The draft of the plan's family, if there is one (under the family's advisory lock)."""
        statement = select(Plan).where(Plan.family_id == plan.family_id, Plan.status == "draft")
        return self.session.exec(statement.order_by(col(Plan.version))).first()

    def archive_other_approved(self, plan: Plan) -> list[int]:
        """Archive the approved versions of the plan's family other than the plan (approving it supersedes them);
        the ids archived, each moved to its next revision (its status changed: a tag read before no longer holds).

        A compare-and-set on the status (`UPDATE … WHERE status = 'approved' RETURNING id`): an archival of the
        same version committed meanwhile makes this one find it archived already, so a version is archived once,
        with one audit record, whichever came first."""
        statement = (
            update(Plan)
            .where(col(Plan.family_id) == plan.family_id, col(Plan.status) == "approved", col(Plan.id) != plan.id)
            .values(status="archived", revision=col(Plan.revision) + 1, updated_at=utcnow())
        )
        return changed_ids(self.session, statement, col(Plan.id))

    def lock(self, plan: Plan) -> None:
        """Hold the plan's row until the transaction ends (PostgreSQL `FOR NO KEY UPDATE`, the lock the deadline
        read model takes first as well; SQLite's writers are serialised already) and read it again.

        A new section, activity or indicator takes the place after the plan's last one, read by a count: two
        added at once would both count the same and share a place. Under the plan's lock they count one after
        the other, and the later one's count (a new statement, so a new snapshot) includes the earlier one's."""
        self.session.refresh(plan, with_for_update={"key_share": True})

    # --- the parts of a plan ----------------------------------------------------------------------------

    def sections(self, plan_id: int) -> list[PlanSection]:
        statement = select(PlanSection).where(PlanSection.plan_id == plan_id).order_by(col(PlanSection.position))
        return list(self.session.exec(statement).all())

    def section(self, plan: Plan, section_id: int) -> PlanSection:
        """A section of the plan; 404 when the plan has no such section."""
        section = self.session.get(PlanSection, section_id)
        if section is None or section.plan_id != plan.id:
            raise NotFound("Раздел не найден в этом плане", code="section_not_found")
        return section

    def activities(self, plan_id: int) -> list[Activity]:
        statement = select(Activity).where(Activity.plan_id == plan_id).order_by(col(Activity.position))
        return list(self.session.exec(statement).all())

    def next_activity_position(self, section: PlanSection) -> int:
        """The place after the section's last activity: its highest place plus one, not the number of its
        activities (a deleted one leaves a gap, and a count would then repeat the last place)."""
        statement = select(func.max(Activity.position)).where(Activity.section_id == section.id)
        last = self.session.exec(statement).one()
        return 0 if last is None else int(last) + 1

    def school_rows(self, activity_ids: list[int]) -> dict[int, list[ActivitySchool]]:
        """The participating schools of the activities, each activity's by school name."""
        statement = (
            select(ActivitySchool)
            .where(col(ActivitySchool.activity_id).in_(activity_ids))
            .order_by(col(ActivitySchool.school_name))
        )
        return _grouped(self.session.exec(statement).all())

    def school_row(self, activity: Activity, school_code: str) -> ActivitySchool:
        """One school's row of an activity; 404 when the school does not take part, or 404 `activity_not_found`
        when the activity was deleted (with its rows) since it was read: the answer a request after the deletion
        gets, never «the school does not take part» in an activity that is gone."""
        statement = select(ActivitySchool).where(
            ActivitySchool.activity_id == activity.id, ActivitySchool.school_code == school_code
        )
        row = self.session.exec(statement).first()
        if row is None:
            if self.session.exec(select(Activity.id).where(Activity.id == activity.id)).first() is None:
                raise NotFound("Мероприятие не найдено", code="activity_not_found")
            raise OporaError("Школа не участвует в этом мероприятии", code="school_not_in_activity", status_code=404)
        return row

    def stages(self, activity_ids: list[int]) -> dict[int, list[ActivityOccurrence]]:
        """The stages (occurrences) of the activities, each activity's by due date."""
        statement = (
            select(ActivityOccurrence)
            .where(col(ActivityOccurrence.activity_id).in_(activity_ids))
            .order_by(col(ActivityOccurrence.due), col(ActivityOccurrence.id))
        )
        return _grouped(self.session.exec(statement).all())

    def stage(self, activity: Activity, stage_id: int) -> ActivityOccurrence:
        """One stage of the activity; 404 when the activity has no such stage."""
        stage = self.session.get(ActivityOccurrence, stage_id)
        if stage is None or stage.activity_id != activity.id:
            raise OporaError("У мероприятия нет такого этапа", code="stage_not_found", status_code=404)
        return stage

    def drop_stages(self, activity: Activity) -> None:
        """Delete the activity's stages (its schedule is parsed anew)."""
        self.session.exec(delete(ActivityOccurrence).where(col(ActivityOccurrence.activity_id) == activity.id))

    def drop_parts(self, activity: Activity) -> dict[str, int]:
        """Delete the activity's stages, school rows, comments and evidence, before the activity itself (a
        draft's activity goes with what was said and attached to it; the files stay, named by their checksum).

        Run once the activity's row is held (`compare_and_set`): an attachment being added waits for it in
        `hold_activity`, and one committed before is visible to these statements, so none is left behind.
        Answers how many comments and evidence items went, for the audit."""
        self.drop_stages(activity)
        self.session.exec(delete(ActivitySchool).where(col(ActivitySchool.activity_id) == activity.id))
        dropped: dict[str, int] = {}
        for name, part in (("comments", ActivityComment), ("evidence", Evidence)):
            result = self.session.exec(delete(part).where(col(part.activity_id) == activity.id))
            dropped[name] = int(getattr(result, "rowcount", 0) or 0)
        return dropped

    def hold_activity(self, activity_id: int) -> None:
        """Hold the activity's row against its deletion until the transaction ends (PostgreSQL `FOR SHARE`,
        which a deletion's `compare_and_set` waits for; SQLite's writers are serialised already); 404 when it
        was deleted meanwhile, as if the deletion had come first.

        Taken before a comment or an evidence item is attached: otherwise a deletion that has already removed
        the activity's attachments would then fail on the new one's foreign key."""
        statement = select(Activity.id).where(Activity.id == activity_id).with_for_update(read=True)
        if self.session.exec(statement).first() is None:
            raise NotFound("Мероприятие не найдено", code="activity_not_found")

    def evidence(self, activity_ids: list[int], uploaded_before: datetime | None = None) -> dict[int, list[Evidence]]:
        """The evidence of the activities, each activity's in the order it was attached; with `uploaded_before`
        (aware), only what was uploaded before that moment (an execution at a date)."""
        statement = (
            select(Evidence)
            .where(col(Evidence.activity_id).in_(activity_ids))
            .order_by(col(Evidence.created_at), col(Evidence.id))
        )
        if uploaded_before is not None:
            statement = statement.where(col(Evidence.created_at) < uploaded_before.astimezone(UTC))
        return _grouped(self.session.exec(statement).all())

    def comments(self, activity_id: int) -> list[ActivityComment]:
        """The comments of an activity, the oldest first."""
        statement = (
            select(ActivityComment)
            .where(ActivityComment.activity_id == activity_id)
            .order_by(col(ActivityComment.created_at), col(ActivityComment.id))
        )
        return list(self.session.exec(statement).all())

    def indicators(self, plan_id: int) -> list[PlanIndicator]:
        statement = select(PlanIndicator).where(PlanIndicator.plan_id == plan_id).order_by(col(PlanIndicator.position))
        return list(self.session.exec(statement).all())

    def party(self, party_id: int) -> Party | None:
        """A directory entry the caller may name as responsible: one the directory lists to it (its territory's);
        None for another territory's, as for none, so an id tells nothing of who is filed elsewhere."""
        visible = territory_filter(
            self.principal.scope,
            region=col(Party.region_code),
            municipality=col(Party.municipality_code),
            school=col(Party.school_code),
        )
        return self.session.exec(select(Party).where(col(Party.id) == party_id, visible)).first()

    def history(self, plan: Plan) -> list[AuditEvent]:
        """The audit events of the plan, its activities and their schools' rows, in the order they happened."""
        ids = [str(activity.id) for activity in self.activities(plan.id or 0)]
        statement = (
            select(AuditEvent)
            .where(
                or_(
                    (col(AuditEvent.entity) == "plan") & (col(AuditEvent.entity_id) == str(plan.id)),
                    (col(AuditEvent.entity) == "activity") & col(AuditEvent.entity_id).in_(ids),
                    (col(AuditEvent.entity) == "activity_school")
                    & or_(*(col(AuditEvent.entity_id).startswith(f"{i}:") for i in ids or ["-"])),
                )
            )
            .order_by(col(AuditEvent.occurred_at), col(AuditEvent.id))
        )
        return list(self.session.exec(statement).all())
