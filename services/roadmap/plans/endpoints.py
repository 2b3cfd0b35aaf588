"""`/api/roadmap/plans`, `/activities`: plans, their sections and activities, tracking, versions, progress.

Every read of a plan or an activity carries an `ETag` (its revision); every write must send it back in
`If-Match`: a stale write answers 412 and changes nothing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Header, Query, Request, Response, UploadFile, status
from pydantic import ValidationError
from sqlmodel import col, or_, select

from services.roadmap.db import AuditEvent
from services.roadmap.plans.importing import MAX_PLAN_BYTES, PlanPreview, plan_create, preview, read_upload
from services.roadmap.plans.models import Plan, PlanSection
from services.roadmap.plans.reads import activity_read, diff, plan_read, progress, summary
from services.roadmap.plans.schemas import (
    ActivityIn,
    ActivityRead,
    ActivitySchoolRead,
    ActivityUpdate,
    Approval,
    PlanCreate,
    PlanDiff,
    PlanProgress,
    PlanRead,
    PlanSummary,
    PlanUpdate,
    SchoolProgressUpdate,
    SectionIn,
)
from services.roadmap.plans.service import PlanService, check_revision, is_overdue
from services.shared.db import SessionDep
from services.shared.errors import InvalidValue, NotFound, validation_fields
from services.shared.pagination import Page, PageDep, paginate
from services.shared.remote import RemoteService
from services.shared.school_year import SchoolYear
from services.shared.security import BearerDep, PrincipalDep, WriterDep

router = APIRouter(tags=["plans"])
IfMatch = Annotated[str | None, Header(alias="If-Match", description="ETag прочитанной записи")]


def get_plan_service(request: Request, session: SessionDep, principal: PrincipalDep, bearer: BearerDep) -> PlanService:
    identification = RemoteService(request.app.state.identification_client, bearer, "идентификация")
    return PlanService(session, principal, identification)


ServiceDep = Annotated[PlanService, Depends(get_plan_service)]


def _etag(response: Response, revision: int) -> None:
    response.headers["ETag"] = f'"{revision}"'


@router.get("/plans", response_model=Page[PlanSummary], summary="Планы в пределах доступа")
def list_plans(
    service: ServiceDep,
    page: PageDep,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    plan_status: Annotated[str | None, Query(alias="status", pattern="^(draft|approved|archived)$")] = None,
    school_year: SchoolYear | None = None,
    school_code: Annotated[str | None, Query(max_length=30)] = None,
    municipality: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[PlanSummary]:
    statement = service.repository.scoped_plans().order_by(col(Plan.updated_at).desc(), col(Plan.id).desc())
    for column, value in (
        (Plan.kind, kind),
        (Plan.status, plan_status),
        (Plan.school_year, school_year),
        (Plan.school_code, school_code),
        (Plan.municipality_code, municipality),
    ):
        if value:
            statement = statement.where(col(column) == value)
    if q:
        statement = statement.where(or_(col(Plan.title).ilike(f"%{q}%"), col(Plan.owner_label).ilike(f"%{q}%")))
    plans, total = paginate(service.session, statement, page)
    return Page(items=[summary(p) for p in plans], total=total, page=page.page, per_page=page.per_page)


@router.post("/plans", response_model=PlanRead, status_code=status.HTTP_201_CREATED, summary="Создать план")
def create_plan(data: PlanCreate, service: ServiceDep, response: Response, _writer: WriterDep) -> PlanRead:
    plan = service.create(data)
    _etag(response, plan.revision)
    return plan_read(service, plan)


@router.post(
    "/plans/import",
    response_model=PlanPreview | PlanRead,
    summary="Загрузить существующий план (DOCX, XLSX, CSV или вставленная таблица): просмотр или сохранение",
)
async def import_plan(
    service: ServiceDep,
    response: Response,
    _writer: WriterDep,
    header: Annotated[str, Form(description="JSON: kind, title, school_code | municipality_code, school_year")],
    file: Annotated[UploadFile | None, File()] = None,
    text: Annotated[str | None, Form(max_length=2_000_000)] = None,
    dry_run: Annotated[bool, Form()] = True,
) -> PlanPreview | PlanRead:
    try:
        plan_header = PlanCreate.model_validate_json(header)
    except ValidationError as error:
        fields = validation_fields(error.errors())
        raise InvalidValue("Неверные сведения о плане", code="validation_error", fields=fields) from None
    content = await file.read(MAX_PLAN_BYTES + 1) if file is not None else None
    imported = read_upload(content, file.filename if file else None, text)
    if dry_run:
        return preview(imported, plan_header.school_year)
    plan = service.create(plan_create(imported, plan_header))
    response.status_code = status.HTTP_201_CREATED
    _etag(response, plan.revision)
    return plan_read(service, plan)


@router.get("/plans/{plan_id}", response_model=PlanRead, summary="План с разделами и мероприятиями")
def get_plan(plan_id: int, service: ServiceDep, response: Response) -> PlanRead:
    plan = service.repository.plan(plan_id)
    _etag(response, plan.revision)
    return plan_read(service, plan)


@router.patch("/plans/{plan_id}", response_model=PlanRead, summary="Изменить черновик плана")
def update_plan(
    plan_id: int,
    data: PlanUpdate,
    service: ServiceDep,
    response: Response,
    _writer: WriterDep,
    if_match: IfMatch = None,
) -> PlanRead:
    plan = service.repository.plan(plan_id)
    check_revision(if_match, plan.revision)
    service.update_plan(plan, data)
    _etag(response, plan.revision)
    return plan_read(service, plan)


@router.post(
    "/plans/{plan_id}/sections", response_model=PlanRead, status_code=status.HTTP_201_CREATED, summary="Добавить раздел"
)
def add_section(plan_id: int, data: SectionIn, service: ServiceDep, response: Response, _writer: WriterDep) -> PlanRead:
    plan = service.repository.plan(plan_id)
    service.require_editor(plan)
    service.add_section(plan, data)
    service.touch(plan)
    _etag(response, plan.revision)
    return plan_read(service, plan)


@router.post(
    "/plans/{plan_id}/sections/{section_id}/activities",
    response_model=ActivityRead,
    status_code=status.HTTP_201_CREATED,
    summary="Добавить мероприятие",
)
def add_activity(
    plan_id: int, section_id: int, data: ActivityIn, service: ServiceDep, response: Response, _writer: WriterDep
) -> ActivityRead:
    plan = service.repository.plan(plan_id)
    service.require_editor(plan)
    section = service.session.get(PlanSection, section_id)
    if section is None or section.plan_id != plan_id:
        raise NotFound("Раздел не найден в этом плане", code="section_not_found")
    activity = service.add_activity(plan, section, data)
    service.touch(plan)
    service.session.flush()
    _etag(response, activity.revision)
    return activity_read(activity, service.school_rows([activity.id or 0]).get(activity.id or 0, []), plan)


@router.get("/activities/{activity_id}", response_model=ActivityRead, summary="Мероприятие")
def get_activity(activity_id: int, service: ServiceDep, response: Response) -> ActivityRead:
    activity, plan = service.repository.activity(activity_id)
    _etag(response, activity.revision)
    return activity_read(activity, service.school_rows([activity_id]).get(activity_id, []), plan)


@router.patch(
    "/activities/{activity_id}", response_model=ActivityRead, summary="Изменить мероприятие или его исполнение"
)
def update_activity(
    activity_id: int,
    data: ActivityUpdate,
    service: ServiceDep,
    response: Response,
    _writer: WriterDep,
    if_match: IfMatch = None,
) -> ActivityRead:
    activity, plan = service.repository.activity(activity_id)
    check_revision(if_match, activity.revision)
    service.update_activity(activity, plan, data)
    service.session.flush()
    _etag(response, activity.revision)
    return activity_read(activity, service.school_rows([activity_id]).get(activity_id, []), plan)


@router.delete(
    "/activities/{activity_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Удалить мероприятие черновика"
)
def delete_activity(activity_id: int, service: ServiceDep, _writer: WriterDep, if_match: IfMatch = None) -> None:
    activity, plan = service.repository.activity(activity_id)
    check_revision(if_match, activity.revision)
    service.delete_activity(activity, plan)


@router.patch(
    "/activities/{activity_id}/schools/{school_code}",
    response_model=ActivitySchoolRead,
    summary="Исполнение мероприятия одной школой",
)
def update_school(
    activity_id: int,
    school_code: str,
    data: SchoolProgressUpdate,
    service: ServiceDep,
    response: Response,
    _writer: WriterDep,
    if_match: IfMatch = None,
) -> ActivitySchoolRead:
    activity, plan = service.repository.activity(activity_id)
    row = service.update_school(activity, plan, school_code, data, if_match)
    _etag(response, row.revision)
    return ActivitySchoolRead(**row.model_dump(), overdue=is_overdue(activity.due_date, row.status, None, plan.status))


@router.post("/plans/{plan_id}/approve", response_model=PlanRead, summary="Утвердить план (номер и дата приказа)")
def approve(
    plan_id: int, data: Approval, service: ServiceDep, response: Response, _writer: WriterDep, if_match: IfMatch = None
) -> PlanRead:
    plan = service.repository.plan(plan_id)
    check_revision(if_match, plan.revision)
    service.approve(plan, data)
    _etag(response, plan.revision)
    return plan_read(service, plan)


@router.post("/plans/{plan_id}/archive", response_model=PlanRead, summary="Отправить план в архив")
def archive(
    plan_id: int, service: ServiceDep, response: Response, _writer: WriterDep, if_match: IfMatch = None
) -> PlanRead:
    plan = service.repository.plan(plan_id)
    check_revision(if_match, plan.revision)
    service.archive(plan)
    _etag(response, plan.revision)
    return plan_read(service, plan)


@router.post(
    "/plans/{plan_id}/versions",
    response_model=PlanRead,
    status_code=status.HTTP_201_CREATED,
    summary="Новая версия утверждённого плана (черновик-копия)",
)
def new_version(plan_id: int, service: ServiceDep, response: Response, _writer: WriterDep) -> PlanRead:
    copy = service.new_version(service.repository.plan(plan_id))
    _etag(response, copy.revision)
    return plan_read(service, copy)


@router.get("/plans/{plan_id}/versions", response_model=list[PlanSummary], summary="Все версии плана")
def versions(plan_id: int, service: ServiceDep) -> list[PlanSummary]:
    plan = service.repository.plan(plan_id)
    statement = service.repository.scoped_plans().where(Plan.family_id == plan.family_id).order_by(col(Plan.version))
    return [summary(p) for p in service.session.exec(statement).all()]


@router.get("/plans/{plan_id}/diff", response_model=PlanDiff, summary="Чем версия отличается от другой")
def plan_diff(plan_id: int, service: ServiceDep, against: int) -> PlanDiff:
    return diff(service, service.repository.plan(against), service.repository.plan(plan_id))


@router.get("/plans/{plan_id}/progress", response_model=PlanProgress, summary="Исполнение: план, разделы, школы")
def plan_progress(plan_id: int, service: ServiceDep) -> PlanProgress:
    return progress(service, service.repository.plan(plan_id))


@router.get("/plans/{plan_id}/history", response_model=list[dict], summary="Кто, когда и что менял")
def plan_history(plan_id: int, service: ServiceDep) -> list[dict]:
    plan = service.repository.plan(plan_id)
    ids = [str(a.id) for a in service.activities(plan_id)]
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
    return [
        event.model_dump(include={"occurred_at", "actor_name", "action", "entity", "entity_id", "before", "after"})
        for event in service.session.exec(statement).all()
    ]
