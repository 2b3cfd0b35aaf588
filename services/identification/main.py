"""The identification service: registry, data imports, methodology, identification runs."""

from __future__ import annotations

from fastapi import FastAPI

from services.identification.competence.endpoints import router as competence_router
from services.identification.db import IdempotencyRecord
from services.identification.imports.endpoints import router as imports_router
from services.identification.indicators.endpoints import router as indicators_router
from services.identification.methodology.endpoints import router as methodology_router
from services.identification.notes.endpoints import router as notes_router
from services.identification.outcomes.endpoints import router as outcomes_router
from services.identification.registry.endpoints import router as registry_router
from services.identification.runs.endpoints import router as runs_router
from services.identification.settings import IdentificationSettings, get_settings
from services.shared.app import create_service_app
from services.shared.security import TokenVerifier


def create_app(settings: IdentificationSettings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    return create_service_app(
        "identification",
        "Опора: идентификация школ",
        routers=[
            registry_router,
            imports_router,
            indicators_router,
            methodology_router,
            runs_router,
            notes_router,
            outcomes_router,
            competence_router,
        ],
        settings=settings or get_settings(),
        verifier=verifier,
        idempotency_model=IdempotencyRecord,
    )
