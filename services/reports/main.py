"""The reports service: analytical notes, plans and execution reports as DOCX, XLSX, PDF."""

from __future__ import annotations

from fastapi import FastAPI

from services.reports.catalogue.endpoints import router as catalogue_router
from services.shared.app import create_service_app
from services.shared.security import TokenVerifier
from services.shared.settings import Settings


def create_app(settings: Settings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    return create_service_app(
        "reports", "Опора: отчёты", routers=[catalogue_router], settings=settings, verifier=verifier
    )
