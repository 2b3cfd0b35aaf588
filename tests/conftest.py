from __future__ import annotations

import copy
import functools
import json
import math
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
from sqlalchemy import event
from sqlalchemy.pool import Pool

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
    DatabaseGuard,
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


NO_DATABASE = "no_database"
"""The marker of a module whose tests touch no database, stack or job queue (parsers, engines, renderers,
property tests, deploy checks): they gain nothing from a second leg, so the PostgreSQL leg deselects them.
Set per module (`pytestmark = pytest.mark.no_database`); `DatabaseGuard` fails such a test that makes a
database, a stack or a connection, so the marker cannot hide a database test from the PostgreSQL leg."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if POSTGRES_URL:
        skipped = [item for item in items if item.get_closest_marker(NO_DATABASE)]
        if skipped:
            config.hook.pytest_deselected(items=skipped)
            items[:] = [item for item in items if not item.get_closest_marker(NO_DATABASE)]
    items.sort(key=longest_first)


MODULE_SECONDS = Path(__file__).with_name("module_seconds.json")
"""Measured wall seconds of each in-process module (its tests' setup, call and teardown summed, the mean of the
SQLite and the PostgreSQL leg, on a loaded machine: only their order matters): the run starts with the longest,
so pytest-xdist (`--dist loadfile --no-loadscope-reorder`) hands the short ones out last and no worker is left
with a long module while the other has nothing to do. Order only: a missing or stale figure costs balance,
never a test."""


@functools.cache
def module_seconds() -> dict[str, float]:
    if not MODULE_SECONDS.exists():
        return {}
    seconds: dict[str, float] = json.loads(MODULE_SECONDS.read_text(encoding="utf-8"))
    return seconds


def longest_first(item: pytest.Item) -> float:
    """Sort key of `item`: minus its module's measured seconds. A module not measured (a new one, the process
    suites) goes first: a short one there costs nothing, a long one last would keep a worker busy alone.
    Python's sort is stable, so a module's tests keep their order and stay together."""
    return -module_seconds().get(item.nodeid.split("::")[0], math.inf)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Arm `DatabaseGuard` around a `no_database` test: its setup (module fixtures too), call and teardown."""
    armed = item.get_closest_marker(NO_DATABASE) is not None
    DatabaseGuard.armed_for = item.nodeid if armed else ""
    DatabaseGuard.refused.clear()
    try:
        yield
    finally:
        DatabaseGuard.armed_for = ""


@pytest.fixture(autouse=True)
def _no_database_means_none(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fails a `no_database` test whose use of a database was refused where nobody saw it (in a thread)."""
    yield
    if DatabaseGuard.refused:
        pytest.fail(f"{request.node.nodeid} is marked no_database but used {', '.join(DatabaseGuard.refused)}")


@event.listens_for(Pool, "connect")
def _refuse_connections(dbapi_connection: Any, record: Any) -> None:
    """Every new connection of any SQLAlchemy engine (SQLite or PostgreSQL) passes `DatabaseGuard`."""
    DatabaseGuard.check("a database connection")


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
    DatabaseGuard.check("a stack (build_stack)")
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
