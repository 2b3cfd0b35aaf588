"""The app factory every service shares: settings, engine, token verifier, errors, request ids, health."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import text

from services.shared.db import make_engine
from services.shared.errors import ErrorBody, ServiceUnavailable, install_error_handlers
from services.shared.headers import SecurityHeadersMiddleware, docs_html
from services.shared.logs import RequestIdMiddleware, configure_logging
from services.shared.security import TokenVerifier
from services.shared.settings import Settings, get_settings

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody} for status in (400, 401, 403, 404, 409, 422, 503)
}


def create_service_app(
    name: str,
    title: str,
    routers: Sequence[APIRouter],
    settings: Settings | None = None,
    verifier: TokenVerifier | None = None,
) -> FastAPI:
    """A FastAPI app for service `name`, its routes under `/api/<name>/`."""
    settings = settings or get_settings()
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
        docs_url=None,
        redoc_url=None,
        responses=ERROR_RESPONSES,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service_name = name
    app.state.engine = make_engine(settings.database_url(name))
    app.state.verifier = verifier or TokenVerifier(settings)
    app.state.on_shutdown = []  # closers (sync or async) of the clients a service opens
    install_error_handlers(app)
    app.add_middleware(RequestIdMiddleware)
    # Outside every other layer, even the one answering unexpected errors (500s carry the headers too).
    build_stack = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityHeadersMiddleware(build_stack())  # type: ignore[method-assign]
    app.include_router(_health_router(name))
    app.include_router(_docs_router(name, title))
    for router in routers:
        app.include_router(router, prefix=f"/api/{name}")
    return app


def _docs_router(name: str, title: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    @router.get(f"/api/{name}/docs")
    def docs() -> HTMLResponse:
        return docs_html(f"/api/{name}/openapi.json", f"{title} — API")

    return router


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
