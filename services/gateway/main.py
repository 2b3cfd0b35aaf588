"""The gateway: identity and tokens, routing to the services, the SPA."""

from __future__ import annotations

import httpx
from fastapi import FastAPI

from services.gateway.auth.endpoints import router as auth_router
from services.gateway.auth.keys import KeyStore
from services.gateway.db import IdempotencyRecord
from services.gateway.identity.endpoints import router as admin_router
from services.gateway.proxy.endpoints import router as proxy_router
from services.gateway.settings import GatewaySettings, get_settings
from services.gateway.spa import router as spa_router
from services.shared import topology
from services.shared.app import create_service_app
from services.shared.remote import service_client
from services.shared.security import TokenVerifier


def create_app(
    settings: GatewaySettings | None = None,
    identification_client: httpx.Client | None = None,
    proxy_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """The gateway app. Tests may hand in transports that reach in-process services."""
    settings = settings or get_settings()
    keys = KeyStore.from_settings(settings)
    app = create_service_app(
        "gateway",
        "Опора: шлюз",
        routers=[],
        settings=settings,
        verifier=TokenVerifier(settings, jwks=keys.jwks()),
        idempotency_model=IdempotencyRecord,
    )
    app.state.keys = keys
    # Sign-ins count failed attempts, and a refresh ends a session whose token came back, in sessions of their own
    # (they must stay when the request is refused): the request must not hold the write lock they need. Every
    # other write (sign-out, calendar grants) takes it first, as everywhere: on SQLite a transaction that read
    # before it wrote failed at once («database is locked») when another writer had committed meanwhile.
    app.state.deferred_write_prefixes = ("/api/auth/token", "/api/auth/refresh")
    timeout = httpx.Timeout(settings.proxy_read_timeout_seconds, connect=settings.proxy_connect_timeout_seconds)
    # Idle pooled connections are dropped long before the services' own keep-alive timeout closes them.
    limits = httpx.Limits(
        max_connections=200, max_keepalive_connections=50, keepalive_expiry=topology.PROXY_KEEPALIVE_EXPIRY_SECONDS
    )
    app.state.proxy_client = httpx.AsyncClient(timeout=timeout, limits=limits, transport=proxy_transport)
    # A request with a body goes on a connection of its own (`proxy.endpoints._send`): no keep-alive.
    app.state.proxy_body_client = httpx.AsyncClient(
        timeout=timeout,
        limits=httpx.Limits(max_connections=200, max_keepalive_connections=0),
        transport=proxy_transport,
    )
    app.state.identification_client = identification_client or service_client(
        settings.service_url("identification"), timeout=10
    )
    app.state.on_shutdown += [
        app.state.proxy_client.aclose,
        app.state.proxy_body_client.aclose,
        app.state.identification_client.close,
    ]
    for router in (auth_router, admin_router, proxy_router, spa_router):
        app.include_router(router)
    return app
