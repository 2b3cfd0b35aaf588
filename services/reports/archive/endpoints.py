"""`/api/reports/render`, `/reports` (the archive), `/templates` (authorities' letterheads)."""

from __future__ import annotations

import concurrent.futures
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile, status
from fastapi.responses import FileResponse, JSONResponse
from sqlmodel import Session, col

from services.reports.archive.letterheads import MAX_TEMPLATE_BYTES
from services.reports.archive.models import Report
from services.reports.archive.repository import ArchiveRepository
from services.reports.archive.schemas import RenderBody, ReportRead, TemplateFields, TemplateRead
from services.reports.archive.service import RenderRequest, ReportRunner
from services.reports.deps import ReportRunnerDep, TemplateServiceDep
from services.reports.rendering.render import REQUIRED_FIELDS, TEMPLATE_FIELDS
from services.shared.db import SessionDep
from services.shared.errors import OporaError
from services.shared.pagination import Page, PageDep, paginate
from services.shared.security import BearerDep, PrincipalDep

router = APIRouter(tags=["reports"])
ReportTypeForm = Annotated[
    str, Form(pattern="^(identification_note|school_card|plan|plan_execution|indicators)$", description="вид отчёта")
]


def report_read(report: Report) -> ReportRead:
    download = f"/api/reports/reports/{report.id}/file" if report.status == "done" else None
    return ReportRead.model_validate(report.model_dump() | {"download": download})


def _file(runner: ReportRunner, report: Report) -> FileResponse:
    headers = {"X-Report-Id": str(report.id), "X-Checksum-SHA256": report.checksum or ""}
    inline = report.format == "html"
    return FileResponse(
        runner.path(report),
        media_type=report.media_type,
        filename=report.file_name,
        headers=headers,
        content_disposition_type="inline" if inline else "attachment",
    )


@router.post(
    "/render",
    summary="Подготовить отчёт: файл сразу или фоновая задача (202) для больших отчётов",
    responses={202: {"model": ReportRead}},
)
def render_report(
    body: RenderBody, runner: ReportRunnerDep, principal: PrincipalDep, bearer: BearerDep, request: Request
) -> Response:
    report_id, future = runner.start(RenderRequest(body.report_type, body.parameters, body.format, principal, bearer))
    wait = 0.0 if body.background else request.app.state.settings.reports_sync_seconds
    try:
        future.result(timeout=wait)
    except concurrent.futures.TimeoutError:
        with Session(runner.engine) as session:
            report = session.get(Report, report_id)
            assert report is not None
            return JSONResponse(
                report_read(report).model_dump(mode="json"),
                status_code=status.HTTP_202_ACCEPTED,
                headers={"Location": f"/api/reports/reports/{report_id}"},
            )
    with Session(runner.engine) as session:
        report = session.get(Report, report_id)
        assert report is not None
        return _file(runner, report)


@router.get("/reports", response_model=Page[ReportRead], summary="Архив подготовленных отчётов")
def archive(
    session: SessionDep,
    principal: PrincipalDep,
    page: PageDep,
    report_type: Annotated[str | None, Query(max_length=40)] = None,
) -> Page[ReportRead]:
    statement = (
        ArchiveRepository(session, principal).reports().order_by(col(Report.created_at).desc(), col(Report.id).desc())
    )
    if report_type:
        statement = statement.where(Report.report_type == report_type)
    reports, total = paginate(session, statement, page)
    return Page(items=[report_read(r) for r in reports], total=total, page=page.page, per_page=page.per_page)


def _report(session: SessionDep, principal: PrincipalDep, report_id: int) -> Report:
    return ArchiveRepository(session, principal).report(report_id)


@router.get("/reports/{report_id}", response_model=ReportRead, summary="Состояние и сведения об отчёте")
def get_report(report_id: int, session: SessionDep, principal: PrincipalDep) -> ReportRead:
    return report_read(_report(session, principal, report_id))


@router.get("/reports/{report_id}/file", summary="Скачать отчёт из архива")
def report_file(report_id: int, session: SessionDep, principal: PrincipalDep, runner: ReportRunnerDep) -> FileResponse:
    report = _report(session, principal, report_id)
    if report.status == "running":
        raise OporaError("Отчёт ещё готовится", code="report_not_ready", status_code=409)
    if report.status != "done":
        raise OporaError(report.error_detail or "Отчёт не подготовлен", code=report.error_code or "report_failed",
                         status_code=409)  # fmt: skip
    return _file(runner, report)


@router.get("/templates/fields", response_model=TemplateFields, summary="Поля, которые может содержать бланк")
def template_fields(_principal: PrincipalDep) -> TemplateFields:
    return TemplateFields(fields=TEMPLATE_FIELDS, required=sorted(REQUIRED_FIELDS))


@router.get("/templates", response_model=list[TemplateRead], summary="Бланки вашей территории")
def list_templates(templates: TemplateServiceDep) -> list[TemplateRead]:
    return [TemplateRead.model_validate(t.model_dump()) for t in templates.visible()]


@router.post(
    "/templates", response_model=TemplateRead, status_code=status.HTTP_201_CREATED, summary="Загрузить свой бланк DOCX"
)
async def upload_template(
    templates: TemplateServiceDep,
    report_type: ReportTypeForm,
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form(min_length=3, max_length=300)] = "Бланк",
    territory_code: Annotated[str | None, Form(max_length=30)] = None,
) -> TemplateRead:
    content = await file.read(MAX_TEMPLATE_BYTES + 1)
    template = templates.upload(report_type, name, file.filename or "template.docx", content, territory_code)
    return TemplateRead.model_validate(template.model_dump())


@router.delete("/templates/{template_id}", status_code=status.HTTP_204_NO_CONTENT, summary="Снять бланк")
def delete_template(template_id: int, templates: TemplateServiceDep) -> None:
    templates.deactivate(template_id)
