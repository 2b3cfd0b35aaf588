"""The app factory every service shares: settings, engine, token verifier, errors, request ids, health."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import text

from services.shared.db import engine_for
from services.shared.errors import ErrorBody, ServiceUnavailable, install_error_handlers
from services.shared.headers import SecurityHeadersMiddleware, docs_html
from services.shared.idempotency import IdempotencyMiddleware, IdempotencyRecordBase
from services.shared.logs import RequestIdMiddleware, configure_logging
from services.shared.metrics import install_metrics
from services.shared.revocation import RevocationList
from services.shared.security import TokenVerifier
from services.shared.settings import CommonSettings
from services.shared.tracing import install_tracing
from services.shared.uploads import install_strict_forms

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 422, 503)
}


def create_service_app(
    name: str,
    title: str,
    routers: Sequence[APIRouter],
    settings: CommonSettings,
    verifier: TokenVerifier | None = None,
    idempotency_model: type[IdempotencyRecordBase] | None = None,
) -> FastAPI:
    """A FastAPI app for service `name`, its routes under `/api/<name>/`, configured by `settings` (the
    service's own class, from its `get_settings()` unless a test hands in its own); writes with an
    `Idempotency-Key` are kept in the service's `idempotency_model` table (`services.shared.idempotency`)."""
    configure_logging(name, settings.log_level, settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        for close in app.state.on_shutdown:
            result = close()
            if inspect.isawaitable(result):
                await result
        app.state.engine.dispose()

    app = FastAPI(
        title=title,
        openapi_url=f"/api/{name}/openapi.json",
        docs_url=None,  # served below with the project's own Swagger UI assets: no CDN in a closed network
        redoc_url=None,
        responses=ERROR_RESPONSES,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service_name = name
    app.state.engine = engine_for(settings, name)
    app.state.verifier = verifier or TokenVerifier(settings)
    app.state.idempotency_model = idempotency_model
    app.state.on_shutdown = []  # closers (sync or async) of the clients a service opens
    if name != "gateway" and settings.revocation_poll_seconds > 0:
        revocations = RevocationList(settings)
        revocations.start()
        app.state.revocations = revocations
        app.state.on_shutdown.append(revocations.stop)
    install_error_handlers(app)
    install_strict_forms()
    install_metrics(app, name)
    install_tracing(app, name, settings)
    app.add_middleware(IdempotencyMiddleware, service=app)
    app.add_middleware(RequestIdMiddleware)
    # Outside every other layer, even the one answering unexpected errors (500s carry the headers too).
    build_stack = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityHeadersMiddleware(build_stack())  # type: ignore[method-assign]
    app.include_router(_health_router(name))
    install_docs(app, name, title)
    for router in routers:
        app.include_router(router, prefix=f"/api/{name}")
    return app


def _health_router(name: str) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get(f"/api/{name}/health", summary="Состояние сервиса и его базы данных")
    def health(request: Request) -> dict[str, str]:
        try:
            with request.app.state.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception as exc:
            raise ServiceUnavailable("База данных сервиса недоступна", code="database_unavailable") from exc
        return {"status": "ok", "service": name}

    return router


def install_docs(app: FastAPI, name: str, title: str) -> None:
    """`/api/<name>/docs`: Swagger UI from the assets shipped in the `fastapi-offline` package."""
    import fastapi_offline
    from fastapi.staticfiles import StaticFiles

    assets = f"/api/{name}/docs-assets"
    app.mount(assets, StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static"), name=f"{name}-docs")

    @app.get(f"/api/{name}/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return docs_html(f"/api/{name}/openapi.json", f"{title} — API", assets)
