"""Dependencies of the reports service's endpoints: each provider is named after what it provides."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.reports.archive.letterheads import TemplateService
from services.reports.archive.service import ReportJobs
from services.shared.db import SessionDep
from services.shared.remote import RemoteService
from services.shared.security import BearerDep, PrincipalDep
from services.shared.storage import Storage


def get_report_jobs(request: Request) -> ReportJobs:
    """The web process's side of the render queue: check, archive, queue, wait a little (the worker renders)."""
    jobs: ReportJobs = request.app.state.report_jobs
    return jobs


ReportJobsDep = Annotated[ReportJobs, Depends(get_report_jobs)]


def get_report_storage(request: Request) -> Storage:
    """Where rendered reports and letterheads are kept (local folder or S3: `services/shared/storage.py`)."""
    storage: Storage = request.app.state.storage
    return storage


ReportStorageDep = Annotated[Storage, Depends(get_report_storage)]


def get_template_service(
    request: Request, session: SessionDep, principal: PrincipalDep, bearer: BearerDep
) -> TemplateService:
    registry = RemoteService(request.app.state.identification_client, bearer, "идентификация")
    return TemplateService(session, principal, request.app.state.storage, registry)


TemplateServiceDep = Annotated[TemplateService, Depends(get_template_service)]
