from __future__ import annotations

import copy
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.gateway.auth.keys import KeyStore, generate_key
from services.gateway.demo import create_demo_users
from services.gateway.main import create_app as create_gateway
from services.identification.demo.loader import load_demo_region
from services.identification.main import create_app as create_identification
from services.reports.main import create_app as create_reports
from services.roadmap.main import create_app as create_roadmap
from services.shared import topology
from services.shared.jobs import start_consumer
from tests.support import (
    POSTGRES_URL,
    StackSettings,
    check_postgres,
    check_redis,
    database_copy,
    drop_used_databases,
    fresh_databases,
    make_settings,
    migrate,
    queue_settings,
)

DEMO_SCHOOLS = 60


def pytest_sessionstart(session: pytest.Session) -> None:
    if POSTGRES_URL:
        check_postgres()  # the PostgreSQL leg fails, never skips, when its server is missing
        check_redis()  # and so when the Redis of its job queue is missing


class RoutingTransport(httpx.AsyncBaseTransport):
    """Sends the gateway's proxied requests to in-process service apps by port."""

    def __init__(self, apps: dict[int, FastAPI]) -> None:
        self.transports = {port: httpx.ASGITransport(app=app) for port, app in apps.items()}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        transport = self.transports.get(request.url.port or 80)
        if transport is None:
            raise httpx.ConnectError("connection refused", request=request)
        return await transport.handle_async_request(request)


@dataclass
class Stack:
    """The four apps in one process over real databases, and the demo territory loaded into them."""

    settings: StackSettings
    gateway: TestClient
    services: dict[str, TestClient]
    territory: dict[str, Any]
    tokens: dict[str, str] = field(default_factory=dict)

    def login(self, username: str, password: str = "demo") -> dict[str, Any]:
        response = self.gateway.post("/api/auth/token", data={"username": username, "password": password})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def token(self, username: str) -> str:
        if username not in self.tokens:
            self.tokens[username] = self.login(username)["access_token"]
        return self.tokens[username]

    def auth(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(username)}"}


@dataclass(frozen=True)
class SeededRegion:
    """The four databases migrated and loaded with the demo region and its users, once per test session (once
    per pytest-xdist worker): every stack starts from a copy of them instead of migrating and loading again."""

    folder: Path
    """Holds `demo/` (the region as CSV files the loader writes) and, on SQLite, the database files."""
    urls: dict[str, str]
    territory: dict[str, Any]

    def copy_to(self, tmp: Path, exit_stack: ExitStack) -> dict[str, str]:
        """Copy the region's files and databases for one stack into `tmp`: the copies' database URLs, dropped
        when `exit_stack` closes."""
        shutil.copytree(self.folder, tmp, ignore=shutil.ignore_patterns("*.db", "*.db-*"), dirs_exist_ok=True)
        return {name: exit_stack.enter_context(database_copy(name, url, tmp)) for name, url in self.urls.items()}


_SEEDED: dict[str, SeededRegion] = {}
_SESSION_RESOURCES = ExitStack()
"""Folders and PostgreSQL databases of the seeded regions; released when the session ends."""


def seed_databases(
    folder: Path, exit_stack: ExitStack, schools: int = DEMO_SCHOOLS, demo_password: str | None = None
) -> tuple[dict[str, str], dict[str, Any]]:
    """New databases for every service, migrated, with the demo region and its users loaded (their CSV files
    in `folder`): answers the databases' URLs and the territory. Seeding reads no other setting."""
    urls = fresh_databases(exit_stack, folder)
    for name, url in urls.items():
        migrate(name, url)
    settings = make_settings(folder, urls, **({"demo_password": demo_password} if demo_password else {}))
    territory = load_demo_region(settings, schools, 7)
    create_demo_users(settings, territory)
    return urls, territory


def seeded_region(schools: int = DEMO_SCHOOLS, demo_password: str | None = None) -> SeededRegion:
    """The demo region with `schools` schools and its users (with `demo_password`, else the default one),
    seeded on first use in this process."""
    key = repr((schools, demo_password))
    if key not in _SEEDED:
        folder = Path(tempfile.mkdtemp(prefix="opora-seeded-"))
        _SESSION_RESOURCES.callback(shutil.rmtree, folder, ignore_errors=True)
        urls, territory = seed_databases(folder, _SESSION_RESOURCES, schools, demo_password)
        _SEEDED[key] = SeededRegion(folder, urls, territory)
    return _SEEDED[key]


def release_seeded_regions() -> None:
    """Remove the seeded regions' folders and drop every PostgreSQL database the process made."""
    _SESSION_RESOURCES.close()
    drop_used_databases()


def pytest_sessionfinish(session: pytest.Session) -> None:
    release_seeded_regions()


def build_stack(tmp: Path, exit_stack: ExitStack, schools: int = DEMO_SCHOOLS, **overrides: Any) -> Stack:
    """The four apps over their own copies of the seeded databases and files (see `SeededRegion`)."""
    seeded = seeded_region(schools, overrides.get("demo_password"))
    urls = seeded.copy_to(tmp, exit_stack)
    base = make_settings(tmp, urls, jwt_private_key_file=generate_key(tmp / "keys"), **(queue_settings() | overrides))
    jwks = KeyStore.from_settings(base).jwks()
    settings = base.model_copy(update={"jwks_json": json.dumps(jwks)})
    territory = copy.deepcopy(seeded.territory)
    identification = create_identification(settings)
    identification_client = exit_stack.enter_context(TestClient(identification))
    roadmap = create_roadmap(settings, identification_client=identification_client)
    roadmap_client = exit_stack.enter_context(TestClient(roadmap))
    reports = create_reports(settings, identification_client=identification_client, roadmap_client=roadmap_client)
    apps = {"identification": identification, "roadmap": roadmap, "reports": reports}
    services = {
        "identification": identification_client,
        "roadmap": roadmap_client,
        "reports": exit_stack.enter_context(TestClient(reports)),
    }
    gateway_app = create_gateway(
        settings,
        identification_client=services["identification"],
        proxy_transport=RoutingTransport({topology.BY_NAME[n].port: a for n, a in apps.items()}),
    )
    gateway = exit_stack.enter_context(TestClient(gateway_app))
    roadmap.state.gateway_client = gateway  # whose calendar feed is it: asked of the gateway
    # The reports service asks the gateway for job credentials; its queue is consumed here, in threads,
    # by the runner the app holds (the real worker process is tested in tests/production/).
    exit_stack.enter_context(consuming(reports, gateway))
    return Stack(settings, gateway, services, territory)


@contextmanager
def consuming(reports: FastAPI, gateway: httpx.Client) -> Iterator[None]:
    """The reports app's renders run here, in threads, by the runner the app holds; job credentials come
    from `gateway` (the real worker process is tested in tests/production/)."""
    reports.state.gateway_client = gateway
    queue = reports.state.report_jobs.queue
    consumer = start_consumer(queue, workers=2)
    try:
        yield
    finally:
        consumer.stop(graceful=True)
        queue.flush()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with ExitStack() as exit_stack:
        yield build_stack(tmp_path_factory.mktemp("stack"), exit_stack)
