"""Dependencies of the reports service's endpoints: each provider is named after what it provides."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.reports.archive.letterheads import TemplateService
from services.reports.archive.service import ReportRunner
from services.shared.db import SessionDep
from services.shared.security import PrincipalDep


def get_report_runner(request: Request) -> ReportRunner:
    """The app's one runner: its worker threads render in the background (see `services/reports/main.py`)."""
    runner: ReportRunner = request.app.state.report_runner
    return runner


ReportRunnerDep = Annotated[ReportRunner, Depends(get_report_runner)]


def get_template_service(request: Request, session: SessionDep, principal: PrincipalDep) -> TemplateService:
    """Letterheads are kept under `<data_dir>/reports/`."""
    return TemplateService(session, principal, request.app.state.settings.data_dir / "reports")


TemplateServiceDep = Annotated[TemplateService, Depends(get_template_service)]
