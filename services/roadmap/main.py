"""The roadmap service: plans, anti-risk programmes, activities, deadlines."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from services.roadmap import models  # noqa: F401  (every table, and the hooks of the deadlines read model)
from services.roadmap.catalogue.endpoints import router as catalogue_router
from services.roadmap.competence.endpoints import router as competence_router
from services.roadmap.db import IdempotencyRecord
from services.roadmap.deadlines.endpoints import router as deadlines_router
from services.roadmap.effects.endpoints import router as effects_router
from services.roadmap.execution.endpoints import router as execution_router
from services.roadmap.library.endpoints import router as library_router
from services.roadmap.mentoring.endpoints import router as mentoring_router
from services.roadmap.monitoring.endpoints import router as monitoring_router
from services.roadmap.plans.endpoints import router as plans_router
from services.roadmap.schedules.endpoints import router as schedules_router
from services.roadmap.settings import RoadmapSettings, get_settings
from services.shared.app import create_service_app
from services.shared.remote import service_client
from services.shared.security import TokenVerifier
from services.shared.storage import storage_for


def create_app(
    settings: RoadmapSettings | None = None,
    verifier: TokenVerifier | None = None,
    identification_client: httpx.Client | None = None,
    gateway_client: httpx.Client | None = None,
) -> FastAPI:
    """`identification_client` talks to the identification service, `gateway_client` to the gateway (whose
    calendar feed is it); tests pass in-process ones (or set `app.state.gateway_client` afterwards)."""
    app = create_service_app(
        "roadmap",
        "Опора: дорожные карты",
        routers=[
            catalogue_router,
            schedules_router,
            library_router,
            plans_router,
            execution_router,
            deadlines_router,
            effects_router,
            mentoring_router,
            competence_router,
            monitoring_router,
        ],
        settings=settings or get_settings(),
        verifier=verifier,
        idempotency_model=IdempotencyRecord,
    )
    if identification_client is None:
        identification_client = service_client(app.state.settings.identification_url, timeout=30)
        app.state.on_shutdown.append(identification_client.close)
    app.state.identification_client = identification_client
    if gateway_client is None:
        gateway_client = service_client(app.state.settings.gateway_url, timeout=10)
        app.state.on_shutdown.append(gateway_client.close)
    app.state.gateway_client = gateway_client
    app.state.evidence_storage = storage_for(app.state.settings, "evidence")
    return app
