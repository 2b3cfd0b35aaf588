"""The reports service: analytical notes, plans and execution reports as DOCX, XLSX, PDF and HTML."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from services.reports.archive.endpoints import router as archive_router
from services.reports.archive.service import Clients, ReportJobs, ReportRunner
from services.reports.catalogue.endpoints import router as catalogue_router
from services.reports.db import IdempotencyRecord
from services.reports.settings import ReportsSettings, get_settings
from services.shared.app import create_service_app
from services.shared.jobs import make_queue
from services.shared.remote import service_client
from services.shared.security import TokenVerifier
from services.shared.storage import storage_for


def create_app(
    settings: ReportsSettings | None = None,
    verifier: TokenVerifier | None = None,
    identification_client: httpx.Client | None = None,
    roadmap_client: httpx.Client | None = None,
) -> FastAPI:
    """The clients reach the identification and roadmap services (tests pass in-process ones).

    Renders are queued for the worker (`services.worker`); `app.state.report_runner` is what the worker
    runs, kept here too so that the in-process test stack can consume the queue in this process.
    """
    settings = settings or get_settings()
    app = create_service_app(
        "reports",
        "Опора: отчёты",
        routers=[catalogue_router, archive_router],
        settings=settings,
        verifier=verifier,
        idempotency_model=IdempotencyRecord,
    )
    clients = Clients(
        identification=identification_client or _client(app, settings.identification_url),
        roadmap=roadmap_client or _client(app, settings.roadmap_url),
    )
    app.state.identification_client = clients.identification
    app.state.storage = storage_for(settings, "reports")
    app.state.gateway_client = _client(app, settings.gateway_url)
    runner = ReportRunner(app.state.engine, app.state.storage, clients, app.state.verifier, settings.job_lease_seconds)
    app.state.report_runner = runner
    app.state.report_jobs = ReportJobs(
        app.state.engine, make_queue(settings), lambda: app.state.gateway_client, lambda: runner
    )
    return app


def _client(app: FastAPI, base_url: str) -> httpx.Client:
    client = service_client(base_url, timeout=120)
    app.state.on_shutdown.append(client.close)
    return client
