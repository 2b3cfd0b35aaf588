"""`/api/roadmap/plans`, `/activities`: plans, their sections and activities, tracking, versions, progress.

Every read of a plan or an activity carries an `ETag` (its revision); every write must send it back in
`If-Match`: a stale write answers 412 and changes nothing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile, status
from pydantic import ValidationError

from services.roadmap.deps import PlanServiceDep
from services.roadmap.execution.as_of import report_date
from services.roadmap.plans.importing import MAX_PLAN_BYTES, PlanPreview, plan_create, preview, read_upload
from services.roadmap.plans.reads import diff, execution, one_activity, plan_read, progress, summary
from services.roadmap.plans.repository import PlanFilter
from services.roadmap.plans.schemas import (
    ActivityIn,
    ActivityRead,
    ActivitySchoolRead,
    ActivityUpdate,
    Approval,
    PlanCreate,
    PlanDiff,
    PlanEvent,
    PlanProgress,
    PlanRead,
    PlanSummary,
    PlanUpdate,
    SchoolProgressUpdate,
    SectionIn,
    StageMark,
)
from services.roadmap.plans.service import is_overdue, open_due
from services.shared.contracts.roadmap import PlanExecution
from services.shared.errors import InvalidValue, validation_fields
from services.shared.ids import Id, Search
from services.shared.pagination import Page, PageDep
from services.shared.revisions import IfMatch, set_etag
from services.shared.school_year import CalendarDate, SchoolYear
from services.shared.scoping import refuse_municipality_filter, refuse_school_filter
from services.shared.security import WriterDep
from services.shared.uploads import one_file

router = APIRouter(tags=["plans"])


@router.get("/plans", response_model=Page[PlanSummary], summary="Планы в пределах доступа")
def list_plans(
    service: PlanServiceDep,
    page: PageDep,
    kind: Annotated[str | None, Query(max_length=40)] = None,
    plan_status: Annotated[str | None, Query(alias="status", pattern="^(draft|approved|archived)$")] = None,
    school_year: SchoolYear | None = None,
    school_code: Annotated[str | None, Query(max_length=30)] = None,
    municipality: Annotated[str | None, Query(max_length=20)] = None,
    q: Annotated[Search | None, Query(max_length=200)] = None,
) -> Page[PlanSummary]:
    refuse_municipality_filter(service.principal.scope, municipality, service.identification)
    refuse_school_filter(service.principal.scope, school_code, service.identification)
    where = PlanFilter(kind, plan_status, school_year, school_code, municipality, q)
    plans, total = service.repository.plans(where, page)
    return Page(items=[summary(p) for p in plans], total=total, page=page.page, per_page=page.per_page)


@router.post("/plans", response_model=PlanRead, status_code=status.HTTP_201_CREATED, summary="Создать план")
def create_plan(data: PlanCreate, service: PlanServiceDep, response: Response, _writer: WriterDep) -> PlanRead:
    plan = service.create(data)
    set_etag(response, plan.revision)
    return plan_read(service, plan)


@router.post(
    "/plans/import",
    response_model=PlanPreview | PlanRead,
    dependencies=[Depends(one_file())],
    summary="Загрузить существующий план (DOCX, XLSX, CSV или вставленная таблица): просмотр или сохранение",
)
def import_plan(
    service: PlanServiceDep,
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
    if file is not None and text and text.strip():  # one would be dropped without a word
        raise InvalidValue(
            "Приложите файл или вставьте таблицу — что-то одно", code="plan_source_ambiguous", loc=["body", "text"]
        )
    content = file.file.read(MAX_PLAN_BYTES + 1) if file is not None else None  # sync: off the event loop
    imported = read_upload(content, file.filename if file else None, text)
    if dry_run:
        return preview(imported, plan_header.school_year, (plan_header.period_start, plan_header.period_end))
    plan = service.create(plan_create(imported, plan_header))
    response.status_code = status.HTTP_201_CREATED
    set_etag(response, plan.revision)
    return plan_read(service, plan)


@router.get("/plans/{plan_id}", response_model=PlanRead, summary="План с разделами и мероприятиями")
def get_plan(plan_id: Id, service: PlanServiceDep, response: Response) -> PlanRead:
    plan = service.repository.plan(plan_id)
    set_etag(response, plan.revision)
    return plan_read(service, plan)


@router.patch("/plans/{plan_id}", response_model=PlanRead, summary="Изменить черновик плана")
def update_plan(
    plan_id: Id,
    data: PlanUpdate,
    service: PlanServiceDep,
    response: Response,
    _writer: WriterDep,
    if_match: IfMatch = None,
) -> PlanRead:
    plan = service.repository.plan(plan_id)
    service.update_plan(plan, data, if_match)
    set_etag(response, plan.revision)
    return plan_read(service, plan)


@router.post(
    "/plans/{plan_id}/sections", response_model=PlanRead, status_code=status.HTTP_201_CREATED, summary="Добавить раздел"
)
def add_section(
    plan_id: Id, data: SectionIn, service: PlanServiceDep, response: Response, _writer: WriterDep
) -> PlanRead:
    plan = service.repository.plan(plan_id)
    service.require_editor(plan)
    service.add_section(plan, data)
    service.touch(plan, content=True)
    set_etag(response, plan.revision)
    return plan_read(service, plan)


@router.post(
    "/plans/{plan_id}/sections/{section_id}/activities",
    response_model=ActivityRead,
    status_code=status.HTTP_201_CREATED,
    summary="Добавить мероприятие",
)
def add_activity(
    plan_id: Id, section_id: Id, data: ActivityIn, service: PlanServiceDep, response: Response, _writer: WriterDep
) -> ActivityRead:
    plan = service.repository.plan(plan_id)
    service.require_editor(plan)
    section = service.repository.section(plan, section_id)
    activity = service.add_activity(plan, section, data)
    service.touch(plan, content=True)
    service.session.flush()
    set_etag(response, activity.revision)
    return one_activity(service, activity, plan)


@router.get("/activities/{activity_id}", response_model=ActivityRead, summary="Мероприятие")
def get_activity(activity_id: Id, service: PlanServiceDep, response: Response) -> ActivityRead:
    activity, plan = service.repository.activity(activity_id)
    set_etag(response, activity.revision)
    return one_activity(service, activity, plan)


@router.patch(
    "/activities/{activity_id}", response_model=ActivityRead, summary="Изменить мероприятие или его исполнение"
)
def update_activity(
    activity_id: Id,
    data: ActivityUpdate,
    service: PlanServiceDep,
    response: Response,
    _writer: WriterDep,
    if_match: IfMatch = None,
) -> ActivityRead:
    activity, plan = service.repository.activity(activity_id)
    service.update_activity(activity, plan, data, if_match)
    service.session.flush()
    set_etag(response, activity.revision)
    return one_activity(service, activity, plan)


@router.delete(
    "/activities/{activity_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Удалить мероприятие черновика"
)
def delete_activity(activity_id: Id, service: PlanServiceDep, _writer: WriterDep, if_match: IfMatch = None) -> None:
    activity, plan = service.repository.activity(activity_id)
    service.delete_activity(activity, plan, if_match)


@router.patch(
    "/activities/{activity_id}/schools/{school_code}",
    response_model=ActivitySchoolRead,
    summary="Исполнение мероприятия одной школой",
)
def update_school(
    activity_id: Id,
    school_code: str,
    data: SchoolProgressUpdate,
    service: PlanServiceDep,
    response: Response,
    _writer: WriterDep,
    if_match: IfMatch = None,
) -> ActivitySchoolRead:
    activity, plan = service.repository.activity(activity_id)
    row = service.update_school(activity, plan, school_code, data, if_match)
    set_etag(response, row.revision)
    stages = service.repository.stages([activity_id]).get(activity_id, [])
    return ActivitySchoolRead(
        **row.model_dump(), overdue=is_overdue(open_due(activity, stages), row.status, None, plan.status)
    )


@router.post("/plans/{plan_id}/approve", response_model=PlanRead, summary="Утвердить план (номер и дата приказа)")
def approve(
    plan_id: Id,
    data: Approval,
    service: PlanServiceDep,
    response: Response,
    _writer: WriterDep,
    if_match: IfMatch = None,
) -> PlanRead:
    plan = service.repository.plan(plan_id)
    service.approve(plan, data, if_match)
    set_etag(response, plan.revision)
    return plan_read(service, plan)


@router.post("/plans/{plan_id}/archive", response_model=PlanRead, summary="Отправить план в архив")
def archive(
    plan_id: Id, service: PlanServiceDep, response: Response, _writer: WriterDep, if_match: IfMatch = None
) -> PlanRead:
    plan = service.repository.plan(plan_id)
    service.archive(plan, if_match)
    set_etag(response, plan.revision)
    return plan_read(service, plan)


@router.post(
    "/plans/{plan_id}/versions",
    response_model=PlanRead,
    status_code=status.HTTP_201_CREATED,
    summary="Новая версия утверждённого плана (черновик-копия)",
)
def new_version(plan_id: Id, service: PlanServiceDep, response: Response, _writer: WriterDep) -> PlanRead:
    copy = service.new_version(service.repository.plan(plan_id))
    set_etag(response, copy.revision)
    return plan_read(service, copy)


@router.get("/plans/{plan_id}/versions", response_model=list[PlanSummary], summary="Все версии плана")
def versions(plan_id: Id, service: PlanServiceDep) -> list[PlanSummary]:
    return [summary(p) for p in service.repository.versions(service.repository.plan(plan_id))]


@router.get("/plans/{plan_id}/diff", response_model=PlanDiff, summary="Чем версия отличается от другой")
def plan_diff(plan_id: Id, service: PlanServiceDep, against: Id) -> PlanDiff:
    return diff(service, service.repository.plan(against), service.repository.plan(plan_id))


@router.get("/plans/{plan_id}/progress", response_model=PlanProgress, summary="Исполнение: план, разделы, школы")
def plan_progress(plan_id: Id, service: PlanServiceDep) -> PlanProgress:
    return progress(service, service.repository.plan(plan_id))


@router.get(
    "/plans/{plan_id}/execution",
    response_model=PlanExecution,
    summary="Исполнение на дату: этапы, школы, подтверждения (для справки о выполнении плана)",
)
def plan_execution(
    plan_id: Id,
    service: PlanServiceDep,
    as_of: Annotated[
        CalendarDate | None, Query(description="на какую дату (ГГГГ-ММ-ДД); по умолчанию сегодня; не позже сегодня")
    ] = None,
) -> PlanExecution:
    return execution(service, service.repository.plan(plan_id), report_date(as_of))


@router.patch(
    "/activities/{activity_id}/stages/{stage_id}",
    response_model=ActivityRead,
    summary="Отметить этап мероприятия выполненным (или снять отметку)",
)
def mark_stage(
    activity_id: Id,
    stage_id: Id,
    data: StageMark,
    service: PlanServiceDep,
    response: Response,
    _writer: WriterDep,
    if_match: IfMatch = None,
) -> ActivityRead:
    activity, plan = service.repository.activity(activity_id)
    service.mark_stage(activity, plan, stage_id, data, if_match)
    service.session.flush()
    set_etag(response, activity.revision)
    return one_activity(service, activity, plan)


@router.get("/plans/{plan_id}/history", response_model=list[PlanEvent], summary="Кто, когда и что менял")
def plan_history(plan_id: Id, service: PlanServiceDep) -> list[PlanEvent]:
    events = service.repository.history(service.repository.plan(plan_id))
    return [PlanEvent.model_validate(event, from_attributes=True) for event in events]
