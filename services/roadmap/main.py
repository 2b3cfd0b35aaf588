"""The roadmap service: plans, anti-risk programmes, activities, deadlines."""

from __future__ import annotations

from fastapi import FastAPI

from services.roadmap.catalogue.endpoints import router as catalogue_router
from services.shared.app import create_service_app
from services.shared.security import TokenVerifier
from services.shared.settings import Settings


def create_app(settings: Settings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    return create_service_app(
        "roadmap", "Опора: дорожные карты", routers=[catalogue_router], settings=settings, verifier=verifier
    )
