"""The reports service: analytical notes, plans and execution reports as DOCX, XLSX, PDF and HTML."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from services.reports.archive.endpoints import router as archive_router
from services.reports.archive.service import Clients, ReportRunner
from services.reports.catalogue.endpoints import router as catalogue_router
from services.shared.app import create_service_app
from services.shared.security import TokenVerifier
from services.shared.settings import Settings


def create_app(
    settings: Settings | None = None,
    verifier: TokenVerifier | None = None,
    identification_client: httpx.Client | None = None,
    roadmap_client: httpx.Client | None = None,
) -> FastAPI:
    """The clients reach the identification and roadmap services (tests pass in-process ones)."""
    app = create_service_app(
        "reports", "Опора: отчёты", routers=[catalogue_router, archive_router], settings=settings, verifier=verifier
    )
    settings = app.state.settings
    clients = Clients(
        identification=identification_client or _client(app, settings.identification_url),
        roadmap=roadmap_client or _client(app, settings.roadmap_url),
    )
    runner = ReportRunner(app.state.engine, settings.data_dir / "reports", clients, settings.reports_workers)
    app.state.report_runner = runner
    app.state.on_shutdown.append(runner.close)
    return app


def _client(app: FastAPI, base_url: str) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=120)
    app.state.on_shutdown.append(client.close)
    return client
