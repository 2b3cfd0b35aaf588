"""`/api/reports/render`, `/reports` (the archive), `/templates` (authorities' letterheads)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile, status
from fastapi.responses import JSONResponse, StreamingResponse
from sqlmodel import col

from services.reports.archive.letterheads import MAX_TEMPLATE_BYTES, TemplateService
from services.reports.archive.models import Report, ReportTemplate
from services.reports.archive.repository import ArchiveRepository
from services.reports.archive.schemas import RenderBody, ReportRead, TemplateFields, TemplateRead
from services.reports.archive.service import RenderRequest, expire_stale
from services.reports.deps import ReportJobsDep, ReportStorageDep, TemplateServiceDep
from services.reports.documents.builders import REPORT_TYPE_PATTERN
from services.reports.rendering.render import REQUIRED_FIELDS, TEMPLATE_FIELDS
from services.reports.settings import ReportsSettings
from services.shared.db import SessionDep
from services.shared.errors import OporaError
from services.shared.ids import Id, Text
from services.shared.pagination import Page, PageDep, paginate
from services.shared.security import BearerDep, PrincipalDep
from services.shared.storage import Storage, file_response
from services.shared.uploads import one_file

router = APIRouter(tags=["reports"])
ReportTypeForm = Annotated[str, Form(pattern=REPORT_TYPE_PATTERN, description="вид отчёта: GET /types")]


def report_read(report: Report) -> ReportRead:
    download = f"/api/reports/reports/{report.id}/file" if report.status == "done" else None
    return ReportRead.model_validate(report.model_dump() | {"download": download})


def _file(storage: Storage, report: Report) -> StreamingResponse:
    headers = {"X-Report-Id": str(report.id), "X-Checksum-SHA256": report.checksum or ""}
    return file_response(
        storage,
        report.storage_key or "",
        report.media_type,
        report.file_name or "report",
        headers=headers,
        inline=report.format == "html",
        size=report.size,
    )


@router.post(
    "/render",
    summary="Подготовить отчёт: файл сразу или фоновая задача (202) для больших отчётов",
    responses={202: {"model": ReportRead}},
)
def render_report(
    body: RenderBody,
    jobs: ReportJobsDep,
    storage: ReportStorageDep,
    principal: PrincipalDep,
    bearer: BearerDep,
    request: Request,
) -> Response:
    report_id = jobs.submit(RenderRequest(body.report_type, body.parameters, body.format, principal, bearer))
    wait = 0.0 if body.background else request.app.state.settings.reports_sync_seconds
    report = jobs.wait(report_id, wait)
    if report.status == "done":
        return _file(storage, report)
    if report.status == "failed":
        raise OporaError(
            report.error_detail, code=report.error_code or "report_failed", status_code=report.error_status or 409
        )
    return JSONResponse(
        report_read(report).model_dump(mode="json"),
        status_code=status.HTTP_202_ACCEPTED,
        headers={"Location": f"/api/reports/reports/{report_id}"},
    )


@router.get("/reports", response_model=Page[ReportRead], summary="Архив подготовленных отчётов")
def archive(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    request: Request,
    report_type: Annotated[
        str | None, Query(pattern=REPORT_TYPE_PATTERN, description="вид отчёта: GET /types; другой — 422")
    ] = None,
) -> Page[ReportRead]:
    settings: ReportsSettings = request.app.state.settings
    expire_stale(session, settings.job_lease_seconds, settings.job_token_ttl_seconds)
    statement = (
        ArchiveRepository(session, principal).reports().order_by(col(Report.created_at).desc(), col(Report.id).desc())
    )
    if report_type:
        statement = statement.where(Report.report_type == report_type)
    reports, total = paginate(session, statement, page)
    return Page(items=[report_read(r) for r in reports], total=total, page=page.page, per_page=page.per_page)


def _report(session: SessionDep, principal: PrincipalDep, report_id: Id, settings: ReportsSettings) -> Report:
    expire_stale(session, settings.job_lease_seconds, settings.job_token_ttl_seconds)
    return ArchiveRepository(session, principal).report(report_id)


@router.get("/reports/{report_id}", response_model=ReportRead, summary="Состояние и сведения об отчёте")
def get_report(report_id: Id, session: SessionDep, principal: PrincipalDep, request: Request) -> ReportRead:
    return report_read(_report(session, principal, report_id, request.app.state.settings))


@router.get("/reports/{report_id}/file", summary="Скачать отчёт из архива")
def report_file(
    report_id: Id, session: SessionDep, principal: PrincipalDep, storage: ReportStorageDep, request: Request
) -> StreamingResponse:
    report = _report(session, principal, report_id, request.app.state.settings)
    if report.status == "running":
        raise OporaError("Отчёт ещё готовится", code="report_not_ready", status_code=409)
    if report.status != "done":
        raise OporaError(report.error_detail or "Отчёт не подготовлен", code=report.error_code or "report_failed",
                         status_code=409)  # fmt: skip
    return _file(storage, report)


@router.get("/templates/fields", response_model=TemplateFields, summary="Поля, которые может содержать бланк")
def template_fields(_principal: PrincipalDep) -> TemplateFields:
    return TemplateFields(fields=TEMPLATE_FIELDS, required=sorted(REQUIRED_FIELDS))


@router.get("/templates", response_model=list[TemplateRead], summary="Бланки вашей территории")
def list_templates(templates: TemplateServiceDep) -> list[TemplateRead]:
    return [_template_read(t, templates) for t in templates.visible()]


@router.post(
    "/templates",
    response_model=TemplateRead,
    status_code=status.HTTP_201_CREATED,
    dependencies=[Depends(one_file())],
    summary="Загрузить свой бланк DOCX",
)
def upload_template(
    templates: TemplateServiceDep,
    report_type: ReportTypeForm,
    file: Annotated[UploadFile, File()],
    name: Annotated[Text, Form(min_length=3, max_length=300)] = "Бланк",
    territory_code: Annotated[str | None, Form(max_length=30)] = None,
) -> TemplateRead:
    """A plain (threadpool) endpoint: checking the letterhead renders it in a child process, off the event loop."""
    content = file.file.read(MAX_TEMPLATE_BYTES + 1)
    template = templates.upload(report_type, name, file.filename, content, territory_code)
    return _template_read(template, templates)


def _template_read(template: ReportTemplate, templates: TemplateService) -> TemplateRead:
    return TemplateRead.model_validate({**template.model_dump(), "manageable": templates.manages(template)})


@router.delete("/templates/{template_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Снять бланк")
def delete_template(template_id: Id, templates: TemplateServiceDep) -> None:
    templates.deactivate(template_id)
