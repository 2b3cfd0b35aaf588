"""Plans and their activities: creation, edits guarded by revisions, approval and versions, tracking.

An approved plan's content is frozen (a change makes a new version), but its execution is not: statuses,
progress, actual results and evidence go on being reported. Every change is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, update

from services.roadmap.db import AuditEvent
from services.roadmap.plans.models import Activity, ActivityOccurrence, ActivitySchool, Plan, PlanIndicator, PlanSection
from services.roadmap.plans.repository import PlanRepository, may_edit, may_track_school
from services.roadmap.plans.schemas import (
    TRACKING_FIELDS,
    ActivityIn,
    ActivityUpdate,
    Approval,
    PartyRef,
    PlanCreate,
    PlanUpdate,
    SchoolProgressUpdate,
    SectionIn,
    StageMark,
)
from services.roadmap.schedules.parser import ScheduleKind, parse_schedule, school_year_bounds
from services.roadmap.schedules.targets import parse_targets
from services.shared import audit
from services.shared.audit import utcnow
from services.shared.db import advisory_lock
from services.shared.errors import Conflict, Forbidden, InvalidValue, NotFound
from services.shared.remote import RemoteService, segment
from services.shared.revisions import compare_and_set, differing, keep_unchanged
from services.shared.security import Principal

CLOSED = ("done", "cancelled")


def is_overdue(due: date | None, status: str, today: date | None = None, plan_status: str = "approved") -> bool:
    """Past its date, still open, in an approved plan: a draft's dates are proposals, never overdue (the same
    definition as `overdue_when` of the deadline list)."""
    return plan_status == "approved" and due is not None and status not in CLOSED and due < (today or date.today())


CLEARABLE = ("number", "risk_factor", "responsible", "co_executors")
"""The activity fields a null clears; a null of any other field leaves it as it is."""

DERIVED_FROM_STATUS = ("progress", "completed_at")
"""What a status change sets besides the status (a «done» is 100 % on its day): audited beside it, so the
execution at a date reads them back from the audit trail instead of guessing."""


def _audited(changes: dict[str, Any]) -> list[str]:
    """The fields an edit's audit event records: the ones sent and changed, and what a new status derives."""
    derived = [field for field in DERIVED_FROM_STATUS if "status" in changes and field not in changes]
    return [*changes, *derived]


def sent(changes: dict[str, Any], clearable: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields of an edit that change something: a null only where it clears the field."""
    return {field: value for field, value in changes.items() if value is not None or field in clearable}


def activity_gone() -> NotFound:
    """The 404 of an activity deleted while a write of it waited for the deletion (`compare_and_set`'s `gone`)."""
    return NotFound("Мероприятие не найдено", code="activity_not_found")


def check_progress(stored_status: str, changes: dict[str, Any]) -> None:
    """A percentage below 100 sent to what stays done (the status neither sent nor changed) is 422
    `progress_contradicts_status`: stored, it read «done, 40 %» in the execution report. A status changed to done
    with another percentage still makes it 100 % (`_derive`), as the tracking form sends them together."""
    progress = changes.get("progress")
    if progress is None or progress == 100 or "status" in changes or stored_status != "done":
        return
    raise InvalidValue(
        "Мероприятие выполнено, его процент — 100; чтобы указать меньший, сначала смените статус",
        code="progress_contradicts_status",
        loc=["body", "progress"],
    )


def check_deadline(text: str | None, plan: Plan) -> None:
    """A deadline typed as a span that ends before it starts («с 20.05.2025 по 01.03.2025») is 422
    `deadline_reversed`: it was stored with no due date at all, silently — never overdue, never in the deadline
    list. Checked where one activity is added or edited; a whole plan (an imported document) keeps such a text as
    written, its preview shows it unread."""
    if not text or not text.strip():
        return
    period = (plan.period_start, plan.period_end)
    schedule = parse_schedule(text, plan.school_year, period)
    if schedule.kind != ScheduleKind.range or schedule.occurrences:
        return
    if parse_schedule(text, plan.school_year, None).occurrences:  # cut away by the plan's period: not reversed
        return
    raise InvalidValue(
        f"Срок «{text.strip()[:100]}» заканчивается раньше, чем начинается: поменяйте даты местами",
        code="deadline_reversed",
        loc=["body", "deadline_text"],
    )


def open_due(activity: Activity, stages: list[ActivityOccurrence]) -> date | None:
    """The due date an activity's overdue flag is judged by: the earliest stage without a done mark (a passed
    October stage makes it overdue in November though its final stage is in May); none when every stage is
    marked done; the final due date when it has no stages."""
    if not stages:
        return activity.due_date
    return min((s.due for s in stages if s.completed_on is None), default=None)


class PlanService:
    def __init__(self, session: Session, principal: Principal, identification: RemoteService) -> None:
        self.session = session
        self.principal = principal
        self.identification = identification
        self.repository = PlanRepository(session, principal)

    # --- where a plan lies ----------------------------------------------------------------------------

    def _municipality_region(self, municipality_code: str) -> tuple[str, str]:
        """The region code and the name of a municipality, from the identification registry."""
        for region in self.identification.get("/api/identification/territories"):
            for municipality in region["municipalities"]:
                if municipality["code"] == municipality_code:
                    return region["code"], municipality["name"]
        raise InvalidValue(
            f"Муниципалитет «{municipality_code}» не найден в вашей территории", code="unknown_territory", loc=["body"]
        )

    def school(self, school_code: str) -> dict[str, Any]:
        school: dict[str, Any] = self.identification.get(f"/api/identification/schools/{segment(school_code)}")
        return school

    def _place(self, data: PlanCreate) -> dict[str, Any]:
        if data.school_code:
            school = self.school(data.school_code)
            region, _ = self._municipality_region(school["municipality_code"])
            return {
                "owner_kind": "school",
                "school_code": data.school_code,
                "municipality_code": school["municipality_code"],
                "region_code": region,
                "owner_label": school["short_name"],
            }
        if data.municipality_code:
            region, name = self._municipality_region(data.municipality_code)
            return {
                "owner_kind": "territory",
                "municipality_code": data.municipality_code,
                "region_code": region,
                "owner_label": name,
            }
        if data.region_code:
            for region in self.identification.get("/api/identification/territories"):
                if region["code"] == data.region_code:
                    return {"owner_kind": "territory", "region_code": region["code"], "owner_label": region["name"]}
            raise InvalidValue(
                f"Регион «{data.region_code}» не найден в вашей территории", code="unknown_territory", loc=["body"]
            )
        raise InvalidValue(
            "Укажите владельца плана: школу, муниципалитет или регион", code="owner_required", loc=["body"]
        )

    @staticmethod
    def _period(data: PlanCreate) -> tuple[str | None, date, date]:
        """The canonical school year (if given) and the plan's bounds: the school year's unless dates are given."""
        year_bounds = school_year_bounds(data.school_year)
        start = data.period_start or (year_bounds[0] if year_bounds else None)
        end = data.period_end or (year_bounds[1] if year_bounds else None)
        if start is None or end is None:
            raise InvalidValue(
                "Укажите учебный год или даты начала и окончания плана", code="period_required", loc=["body"]
            )
        if start > end:
            raise InvalidValue("Дата начала позже даты окончания", code="invalid_period", loc=["body", "period_end"])
        return data.school_year, start, end

    # --- creating -------------------------------------------------------------------------------------

    def create(self, data: PlanCreate, identification_run_id: int | None = None) -> Plan:
        school_year, start, end = self._period(data)
        plan = Plan(
            kind=data.kind,
            title=data.title,
            description=data.description,
            school_year=school_year,
            period_start=start,
            period_end=end,
            risk_factor=data.risk_factor,
            category=data.category,
            column_set=data.column_set,
            identification_run_id=identification_run_id,
            created_by=self.principal.subject,
            created_by_name=self.principal.name,
            **self._place(data),
        )
        if not may_edit(self.principal, plan):
            raise Forbidden("Создавать планы этой территории вы не можете", code="forbidden")
        self.session.add(plan)
        self.session.flush()
        plan.family_id = plan.id
        for position, section in enumerate(data.sections):
            self.add_section(plan, section, position)
        audit.record(
            self.session, AuditEvent, self.principal, "create", "plan", plan.id or 0, after={"title": plan.title}
        )
        return plan

    def add_section(self, plan: Plan, data: SectionIn, position: int | None = None) -> PlanSection:
        if position is None:  # after the last section: counted under the plan's lock (`PlanRepository.lock`)
            self.repository.lock(plan)
            position = len(self.repository.sections(plan.id or 0))
        self._require_draft(plan)
        section = PlanSection(
            plan_id=plan.id or 0,
            position=position,
            number=data.number,
            title=data.title,
            planned_results=[r.strip() for r in data.planned_results if r.strip()],
        )
        self.session.add(section)
        self.session.flush()
        for index, activity in enumerate(data.activities):
            self.add_activity(plan, section, activity, index)
        return section

    def _parties(
        self, refs: list[PartyRef], loc: str, kept: list[dict[str, Any]] | None = None
    ) -> list[dict[str, Any]]:
        """The named parties as stored: each id one of the caller's directory (422 `unknown_party` for another
        territory's, as for none), or one the activity already names (`kept`, as it was stored)."""
        named = {entry.get("party_id"): entry for entry in kept or [] if entry.get("party_id") is not None}
        out: list[dict[str, Any]] = []
        for index, ref in enumerate(refs):
            if ref.party_id is None:
                out.append({"party_id": None, "name": ref.name.strip()})
                continue
            if ref.party_id in named:
                out.append(dict(named[ref.party_id]))
                continue
            party = self.repository.party(ref.party_id)
            if party is None:
                raise InvalidValue(
                    "Нет такой записи в справочнике ответственных", code="unknown_party", loc=["body", loc, index]
                )
            out.append({"party_id": party.id, "name": party.name})
        return out

    def _schedule(self, activity: Activity, plan: Plan) -> None:
        """Parse the free-text deadline into a schedule and its occurrences (the text is always kept)."""
        schedule = parse_schedule(activity.deadline_text, plan.school_year, (plan.period_start, plan.period_end))
        activity.schedule = schedule.model_dump(mode="json")
        dues = [o.due for o in schedule.occurrences]
        starts = [o.start for o in schedule.occurrences if o.start]
        activity.due_date = max(dues) if dues else None
        activity.start_date = min(starts) if starts else None
        if activity.id is not None:
            self.repository.drop_stages(activity)
        self.session.flush()
        self.session.add_all(
            ActivityOccurrence(
                activity_id=activity.id or 0, start=o.start, due=o.due, stage=o.stage, label=o.label[:200]
            )
            for o in schedule.occurrences
        )

    def add_activity(self, plan: Plan, section: PlanSection, data: ActivityIn, position: int | None = None) -> Activity:
        if position is None:  # after the section's last activity: counted under the plan's lock
            check_deadline(data.deadline_text, plan)
            self.repository.lock(plan)
            position = self.repository.next_activity_position(section)
        self._require_draft(plan)
        activity = Activity(
            plan_id=plan.id or 0,
            section_id=section.id or 0,
            position=position,
            number=data.number,
            title=data.title,
            responsible=self._parties(data.responsible, "responsible"),
            co_executors=self._parties(data.co_executors, "co_executors"),
            deadline_text=data.deadline_text,
            expected_result=data.expected_result,
            targets=[t.model_dump(mode="json") for t in parse_targets(data.expected_result)],
            final_document=data.final_document,
            risk_factor=data.risk_factor,
            indicator=data.indicator,
            per_school=bool(data.school_codes),
        )
        self.session.add(activity)
        self.session.flush()
        self._schedule(activity, plan)
        for code in dict.fromkeys(data.school_codes):
            school = self.school(code)
            self.session.add(
                ActivitySchool(
                    activity_id=activity.id or 0,
                    school_code=code,
                    school_name=school["short_name"],
                    municipality_code=school["municipality_code"],
                )
            )
        return activity

    # --- changing -------------------------------------------------------------------------------------

    def require_editor(self, plan: Plan) -> None:
        if not may_edit(self.principal, plan):
            raise Forbidden("Изменять этот план вы не можете", code="forbidden")

    @staticmethod
    def _require_draft(plan: Plan) -> None:
        if plan.status != "draft":
            raise Conflict("План утверждён: чтобы изменить его содержание, создайте новую версию", code="plan_frozen")

    def touch(self, plan: Plan, content: bool = False) -> None:
        """A change inside the plan (a section, an activity) moves the plan's revision too: in SQL
        (`revision = revision + 1`), so concurrent changes of different activities never lose a step.

        A change of the `content` is a compare-and-set on the plan's status as well (`… AND status = 'draft'`):
        an approval that commits meanwhile (it holds the plan's row) makes it a 409 `plan_frozen` and rolls
        the change back, so an approved plan is never changed behind its approval."""
        self.session.flush()
        statement = update(Plan).where(col(Plan.id) == plan.id)
        if content:
            statement = statement.where(col(Plan.status) == "draft")
        statement = statement.values(revision=col(Plan.revision) + 1, updated_at=utcnow())
        result = self.session.execute(statement.execution_options(synchronize_session=False))
        if getattr(result, "rowcount", 0) != 1:
            raise Conflict("План утверждён: чтобы изменить его содержание, создайте новую версию", code="plan_frozen")
        self.session.refresh(plan)

    def update_plan(self, plan: Plan, data: PlanUpdate, if_match: str | None) -> Plan:
        if not differing(plan, sent(data.model_dump(exclude_unset=True))):
            keep_unchanged(plan, if_match)
            self.require_editor(plan)
            self._require_draft(plan)
            return plan
        compare_and_set(self.session, plan, if_match)
        self.require_editor(plan)
        self._require_draft(plan)
        before = {"title": plan.title, "period_start": str(plan.period_start), "period_end": str(plan.period_end),
                  "column_set": plan.column_set}  # fmt: skip
        for field, value in data.model_dump(exclude_unset=True).items():
            if value is not None:
                setattr(plan, field, value)
        if plan.period_start > plan.period_end:
            raise InvalidValue("Дата начала позже даты окончания", code="invalid_period", loc=["body", "period_end"])
        self.session.add(plan)
        if (before["period_start"], before["period_end"]) != (str(plan.period_start), str(plan.period_end)):
            for activity in self.repository.activities(plan.id or 0):  # deadlines are read within the period
                self._schedule(activity, plan)
                self.session.add(activity)
        after = {"title": plan.title, "period_start": str(plan.period_start), "period_end": str(plan.period_end),
                 "column_set": plan.column_set}  # fmt: skip
        audit.record(self.session, AuditEvent, self.principal, "update", "plan", plan.id or 0, before, after)
        return plan

    def update_activity(self, activity: Activity, plan: Plan, data: ActivityUpdate, if_match: str | None) -> Activity:
        changes = differing(activity, data.model_dump(exclude_unset=True))
        if not sent(changes, CLEARABLE):
            keep_unchanged(activity, if_match)
            self.require_editor(plan)
            return activity
        compare_and_set(self.session, activity, if_match, gone=activity_gone())
        self.session.refresh(plan)
        self.require_editor(plan)
        if set(changes) - TRACKING_FIELDS:
            self._require_draft(plan)
        if "deadline_text" in changes:
            check_deadline(changes["deadline_text"], plan)
        check_progress(activity.status, changes)
        audited = _audited(changes)
        before = {field: _plain(getattr(activity, field)) for field in audited}
        self._set_fields(activity, data, changes)
        self._derive(activity, plan, set(changes))
        self.session.add(activity)
        self.touch(plan, content=bool(set(changes) - TRACKING_FIELDS))
        after = {field: _plain(getattr(activity, field)) for field in audited}
        audit.record(self.session, AuditEvent, self.principal, "update", "activity", activity.id or 0, before, after)
        return activity

    def _set_fields(self, activity: Activity, data: ActivityUpdate, changes: dict[str, Any]) -> None:
        """The sent fields onto the activity: parties looked up; a null clears only `number` and `risk_factor`."""
        for field, value in changes.items():
            if field in ("responsible", "co_executors"):
                value = self._parties(getattr(data, field) or [], field, getattr(activity, field))
            if value is None and field not in ("number", "risk_factor"):
                continue
            setattr(activity, field, value)

    def _derive(self, activity: Activity, plan: Plan, changed: set[str]) -> None:
        """What follows from the changed fields: targets from the expected result, the schedule from the
        deadline's text, the completion date (and full progress) from the status."""
        if "expected_result" in changed:
            activity.targets = [t.model_dump(mode="json") for t in parse_targets(activity.expected_result)]
        if "deadline_text" in changed:
            self._schedule(activity, plan)
        if "status" in changed:
            activity.completed_at = date.today() if activity.status == "done" else None
            if activity.status == "done":
                activity.progress = 100

    def mark_stage(
        self, activity: Activity, plan: Plan, stage_id: int, data: StageMark, if_match: str | None
    ) -> ActivityOccurrence:
        """The done mark of one stage (tracking: any plan status); a passed stage without it is overdue.

        A stage is done on a day that has come (422 `invalid_completion_date` for a later one): a mark dated
        ahead read as done in the execution at every date before it, and the stage was never overdue."""
        compare_and_set(self.session, activity, if_match, gone=activity_gone())
        self.session.refresh(plan)
        self.require_editor(plan)
        if data.done and data.completed_on is not None and data.completed_on > date.today():
            raise InvalidValue(
                f"Этап не может быть выполнен в будущем: {data.completed_on:%d.%m.%Y} ещё не наступило",
                code="invalid_completion_date",
                loc=["body", "completed_on"],
            )
        stage = self.repository.stage(activity, stage_id)
        before = {"completed_on": _plain(stage.completed_on), "stage_id": stage_id}
        stage.completed_on = (data.completed_on or date.today()) if data.done else None
        self.session.add(stage)
        self.touch(plan)
        after = {"completed_on": _plain(stage.completed_on), "stage_id": stage_id}
        audit.record(
            self.session, AuditEvent, self.principal, "mark_stage", "activity", activity.id or 0, before, after
        )
        return stage

    def delete_activity(self, activity: Activity, plan: Plan, if_match: str | None) -> None:
        compare_and_set(self.session, activity, if_match, gone=activity_gone())
        self.session.refresh(plan)
        self.require_editor(plan)
        self._require_draft(plan)
        dropped = self.repository.drop_parts(activity)
        audit.record(
            self.session, AuditEvent, self.principal, "delete", "activity", activity.id or 0,
            {"title": activity.title, **dropped},
        )  # fmt: skip
        self.session.delete(activity)
        self.touch(plan, content=True)

    def update_school(
        self, activity: Activity, plan: Plan, school_code: str, data: SchoolProgressUpdate, if_match: str | None
    ) -> ActivitySchool:
        row = self.repository.school_row(activity, school_code)
        changes = differing(row, sent(data.model_dump(exclude_unset=True)))
        if not changes:
            keep_unchanged(row, if_match)
        else:
            compare_and_set(self.session, row, if_match, gone=activity_gone())  # its rows go with the activity
        if not may_track_school(self.principal, plan, school_code):
            raise Forbidden("Отчитываться за эту школу вы не можете", code="forbidden")
        if not changes:
            return row
        check_progress(row.status, changes)
        audited = _audited(changes)
        before = {field: _plain(getattr(row, field)) for field in audited}
        for field, value in changes.items():
            if value is not None:
                setattr(row, field, value)
        if "status" in changes:
            row.completed_at = date.today() if row.status == "done" else None
            if row.status == "done":
                row.progress = 100
        self.session.add(row)
        audit.record(
            self.session,
            AuditEvent,
            self.principal,
            "report",
            "activity_school",
            f"{activity.id}:{school_code}",
            before,
            {field: _plain(getattr(row, field)) for field in audited},
        )
        return row

    def approve(self, plan: Plan, data: Approval, if_match: str | None) -> Plan:
        advisory_lock(self.session, f"plan-family:{plan.family_id}")
        compare_and_set(self.session, plan, if_match)
        self.require_editor(plan)
        self._require_draft(plan)
        if not self.repository.activities(plan.id or 0):
            raise Conflict("В плане нет ни одного мероприятия", code="plan_empty")
        # The older version leaves «approved» before this one enters it (one per family), audited as archived.
        for older_id in self.repository.archive_other_approved(plan):
            audit.record(
                self.session, AuditEvent, self.principal, "archive", "plan", older_id, after={"superseded_by": plan.id}
            )
        plan.status = "approved"
        plan.order_number = data.order_number
        plan.order_date = data.order_date
        plan.approved_by_name = self.principal.name
        plan.approved_at = utcnow()
        self.session.add(plan)
        audit.record(
            self.session,
            AuditEvent,
            self.principal,
            "approve",
            "plan",
            plan.id or 0,
            after={"order_number": data.order_number, "order_date": str(data.order_date)},
        )
        return plan

    def archive(self, plan: Plan, if_match: str | None) -> Plan:
        compare_and_set(self.session, plan, if_match)
        self.require_editor(plan)
        if plan.status == "archived":
            raise Conflict("План уже в архиве", code="plan_archived")
        plan.status = "archived"
        self.session.add(plan)
        audit.record(self.session, AuditEvent, self.principal, "archive", "plan", plan.id or 0)
        return plan

    def new_version(self, plan: Plan) -> Plan:
        """A draft copy of an approved plan: sections, activities, schools and indicators (not the tracking)."""
        self.require_editor(plan)
        if plan.status == "draft":
            raise Conflict("Черновик изменяется сам, новая версия не нужна", code="plan_is_draft")
        advisory_lock(self.session, f"plan-family:{plan.family_id}")
        draft = self.repository.family_draft(plan)
        if draft is not None:  # a retry, or a second editor at once: the family's draft is already there
            raise Conflict(
                f"У плана уже есть черновик новой версии (версия {draft.version}): продолжайте его",
                code="draft_exists",
            )
        copy = Plan(
            **plan.model_dump(
                exclude={"id", "status", "order_number", "order_date", "approved_by_name", "approved_at", "revision"}
            )
            | {
                "version": self.repository.next_version(plan),
                "previous_version_id": plan.id,
                "created_by": self.principal.subject,
                "created_by_name": self.principal.name,
                "created_at": utcnow(),
                "updated_at": utcnow(),
            }
        )
        self.session.add(copy)
        self.session.flush()
        self._copy_content(plan, copy)
        audit.record(
            self.session, AuditEvent, self.principal, "new_version", "plan", copy.id or 0, after={"from": plan.id}
        )
        return copy

    def _copy_content(self, plan: Plan, copy: Plan) -> None:
        """The plan's sections with their activities and schools, and its indicators, into the copy."""
        activities = self.repository.activities(plan.id or 0)
        schools = self.repository.school_rows([a.id or 0 for a in activities])
        for section in self.repository.sections(plan.id or 0):
            new_section = PlanSection(**section.model_dump(exclude={"id", "plan_id"}), plan_id=copy.id or 0)
            self.session.add(new_section)
            self.session.flush()
            for activity in (a for a in activities if a.section_id == section.id):
                self._copy_activity(activity, copy, new_section, schools.get(activity.id or 0, []))
        for indicator in self.repository.indicators(plan.id or 0):
            self.session.add(
                PlanIndicator(
                    **indicator.model_dump(exclude={"id", "plan_id", "revision", "updated_at"}), plan_id=copy.id or 0
                )
            )

    def _copy_activity(
        self, activity: Activity, plan: Plan, section: PlanSection, schools: list[ActivitySchool]
    ) -> None:
        content = activity.model_dump(
            exclude={"id", "plan_id", "section_id", "status", "progress", "actual_result", "completed_at", "revision"}
        )
        copy = Activity(**content, plan_id=plan.id or 0, section_id=section.id or 0)
        self.session.add(copy)
        self.session.flush()
        self._schedule(copy, plan)
        for row in schools:
            self.session.add(
                ActivitySchool(
                    activity_id=copy.id or 0,
                    school_code=row.school_code,
                    school_name=row.school_name,
                    municipality_code=row.municipality_code,
                )
            )


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | list | dict | type(None)) else str(value)
