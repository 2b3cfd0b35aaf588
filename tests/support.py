"""Test databases (SQLite files, or fresh PostgreSQL databases when OPORA_TEST_POSTGRES is set), settings
and tokens. Every suite runs twice from `make test`: once on SQLite, once on PostgreSQL."""

from __future__ import annotations

import atexit
import os
import queue
import socketserver
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, closing, contextmanager
from datetime import timedelta
from http.cookiejar import CookieJar, DefaultCookiePolicy
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import httpx
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.gateway.settings import GatewaySettings
from services.identification.settings import IdentificationSettings
from services.shared import topology
from services.shared.remote import default_tls
from services.worker.settings import WorkerSettings

POSTGRES_URL = os.environ.get("OPORA_TEST_POSTGRES", "")
"""Server URL of the PostgreSQL leg, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres."""
PATIENCE_SECONDS = 300.0
"""How long a test waits for something that happens in the background before it fails: long enough for
any loaded machine, so a test fails for what never happens, never for the machine's speed."""


CHEAP_ARGON2: dict[str, int] = {"argon2_memory_kib": 8, "argon2_time_cost": 1, "argon2_parallelism": 1}
"""The cheapest valid Argon2 cost, for every stack of the suite, in-process or not: a hash or check takes about
0.05 ms of CPU instead of production's 0.25 s, which the suite's seeding and thousands of sign-ins would pay."""
CHEAP_ARGON2_ENVIRONMENT = {f"OPORA_{name.upper()}": str(value) for name, value in CHEAP_ARGON2.items()}
"""`CHEAP_ARGON2` for processes of their own."""

web = httpx.Client(
    timeout=120,
    verify=default_tls(),
    limits=httpx.Limits(max_keepalive_connections=0),
    cookies=CookieJar(DefaultCookiePolicy(allowed_domains=[])),
)
"""The tests' one-off requests to a running stack (`web.get(url, headers=…)`), made as `httpx.get` makes them:
a connection of its own each, no cookie kept; answers are waited for two minutes (httpx's 5 s failed a 20 MB
upload on a loaded machine), as the suite's other clients wait. `httpx.get` builds a client for every
request, and each client loads certifi's authorities again (50–80 ms of CPU): about a thousand requests per
leg. Safe to share between threads (httpx's clients are)."""


REDIS_URL = os.environ.get("OPORA_TEST_REDIS", "redis://127.0.0.1:6379/0")
"""The machine's Redis: the job queue of the PostgreSQL leg (the SQLite leg uses huey's SQLite queue)."""


class DatabaseGuard:
    """Refuses databases, stacks and the leg's job queue to a test marked `no_database` (tests/conftest.py
    arms it around such a test, its fixtures included): the PostgreSQL leg deselects those tests, so the
    marker must never hide one that the second leg would run differently."""

    armed_for: ClassVar[str] = ""
    """The node id of the `no_database` test running now, or "" when databases are allowed."""
    refused: ClassVar[list[str]] = []
    """What was refused to that test (also when the refusal was raised in a thread that swallowed it)."""

    @classmethod
    def check(cls, what: str) -> None:
        if cls.armed_for:
            cls.refused.append(what)
            raise AssertionError(
                f"{cls.armed_for} is marked no_database but uses {what}: remove the marker, the test must run "
                "on the PostgreSQL leg too"
            )


def queue_settings() -> dict[str, Any]:
    """A queue of its own for one stack: on the PostgreSQL leg Redis under a fresh key prefix."""
    DatabaseGuard.check("the job queue of the leg (queue_settings)")
    if not POSTGRES_URL:
        return {}
    return {"queue_url": REDIS_URL, "queue_name": f"opora-test-{uuid.uuid4().hex[:10]}"}


def check_redis() -> None:
    """Fail loudly (never skip) when the tests that need Redis cannot reach it."""
    import redis

    redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()


def backend() -> str:
    DatabaseGuard.check("the leg's backend (backend())")
    return "postgresql" if POSTGRES_URL else "sqlite"


def _admin_engine() -> sa.Engine:
    return sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")


def check_postgres() -> None:
    """Fail loudly (never skip) when the PostgreSQL leg cannot reach its server."""
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    engine.dispose()


@contextmanager
def fresh_database(name: str, tmp: Path) -> Iterator[str]:
    """A new empty database for one service; dropped afterwards."""
    DatabaseGuard.check(f"a new database ({name})")
    if not POSTGRES_URL:
        yield f"sqlite:///{(tmp / f'{name}.db').as_posix()}"
        return
    with _postgres_database(name) as url:
        yield url


def fresh_databases(exit_stack: ExitStack, tmp: Path) -> dict[str, str]:
    """A new empty database for every service that has one, by service name; dropped with `exit_stack`."""
    return {p.name: exit_stack.enter_context(fresh_database(p.name, tmp)) for p in topology.ALL if p.has_database}


@contextmanager
def database_copy(name: str, source: str, tmp: Path) -> Iterator[str]:
    """A copy of a migrated and loaded database for one service, so a module starts from seeded data without
    migrating and loading again: the SQLite file copied page by page (SQLite's backup API, so a WAL never
    leaves it half-copied), or on PostgreSQL a new database made with `source` as its template (nobody may
    be connected to `source` meanwhile). Dropped afterwards, as `fresh_database`."""
    DatabaseGuard.check(f"a copy of the seeded database ({name})")
    if not POSTGRES_URL:
        target = tmp / f"{name}.db"
        original = sqlite3.connect(sa.make_url(source).database or "")
        with closing(original), closing(sqlite3.connect(target)) as copy:
            original.backup(copy)
        yield f"sqlite:///{target.as_posix()}"
        return
    with _postgres_database(name, template=sa.make_url(source).database) as url:
        yield url


@contextmanager
def _postgres_database(name: str, template: str | None = None) -> Iterator[str]:
    """A new database on the PostgreSQL leg's server, empty or a copy of `template`; dropped once the block is
    done, in the background (`_DROPPER`)."""
    database = f"opora_test_{name}_{uuid.uuid4().hex[:10]}"
    copy_of = f' TEMPLATE "{template}"' if template else ""
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{database}"{copy_of}'))
    engine.dispose()
    try:
        yield sa.make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)
    finally:
        _DROPPER.put(database)


DROPPERS = 8
"""Connections that drop databases at once: a DROP DATABASE waits for a checkpoint, and the server serves the
requests that wait together with one checkpoint (12 drops under load: 41 s one after another, 11 s at once)."""


def _drop(names: list[str]) -> None:
    """Drop these databases, `DROPPERS` at a time (`WITH (FORCE)`: a connection left open by a test is ended)."""
    engine = _admin_engine()
    errors: list[BaseException] = []

    def drop(chunk: list[str]) -> None:
        try:
            with engine.connect() as connection:
                for database in chunk:
                    connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        except BaseException as error:  # raised below, in the caller's thread
            errors.append(error)

    chunks = [names[i::DROPPERS] for i in range(DROPPERS) if names[i::DROPPERS]]
    threads = [threading.Thread(target=drop, args=(chunk,), name="drop-databases") for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    if errors:
        raise errors[0]


class _Dropper:
    """Drops the databases of finished stacks in a thread of its own while the next module runs.

    Every DROP DATABASE waits for a checkpoint (PostgreSQL 15): dropped all at the end of a leg, a worker's 140
    databases kept the leg waiting 8–10 s. Here each is dropped soon after its stack is done, with whatever else
    is waiting by then (`_drop`), and the end of the session waits only for the last ones
    (`drop_used_databases`). A failure is raised there."""

    def __init__(self) -> None:
        self._waiting: queue.SimpleQueue[str | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._errors: list[BaseException] = []

    def put(self, database: str) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="drop-databases", daemon=True)
                self._thread.start()
            self._waiting.put(database)

    def _run(self) -> None:
        done = False
        while not done:
            names = [self._waiting.get()]
            while not self._waiting.empty():
                names.append(self._waiting.get())
            done = None in names
            try:
                _drop([name for name in names if name is not None])
            except BaseException as error:  # raised by `finish`, in the caller's thread
                self._errors.append(error)

    def finish(self) -> None:
        """Wait until every database handed in so far is dropped."""
        with self._lock:
            thread, self._thread = self._thread, None
            if thread is not None:
                self._waiting.put(None)
        if thread is not None:
            thread.join()
        if self._errors:
            error, self._errors = self._errors[0], []
            raise error


_DROPPER = _Dropper()


@atexit.register
def drop_used_databases() -> None:
    """Wait until the databases of the stacks that are done are dropped (the last ones are, by now)."""
    _DROPPER.finish()


def migrate(service: str, url: str) -> None:
    DatabaseGuard.check(f"the migrations of {service}")
    config = Config(topology.BY_NAME[service].migrations)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


class StackSettings(GatewaySettings, IdentificationSettings, WorkerSettings):
    """Every process's settings in one object (the worker's hold the roadmap's and the reports'): the test stack
    runs the four apps in one process and hands each this one, an instance of its own class."""

    process: ClassVar[str] = ""


def make_settings(data_dir: Path, urls: dict[str, str], **overrides: Any) -> StackSettings:
    """Every process's settings for a test: the test mode, the cheapest Argon2 cost, quiet logs, `overrides`."""
    values: dict[str, Any] = {
        **CHEAP_ARGON2,
        "env": "test",
        "data_dir": data_dir,
        "log_json": False,
        "log_level": "WARNING",
        "revocation_poll_seconds": 0,  # in-process apps: the gateway is no address; see tests/production/
        **{f"{name}_database_url": url for name, url in urls.items()},
    }
    values.update(overrides)
    return StackSettings(_env_file=None, **values)


Server = TypeVar("Server", bound=socketserver.BaseServer)


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    """A test's own receiver (SMTP, an OTLP collector…) answering on a thread until the block ends."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def wait_until(condition: Callable[[], bool], step: float = 0.05) -> bool:
    """Check `condition` until it holds; give up only after `PATIENCE_SECONDS`, so a slow machine never fails
    a test and only something that never happens does. Answers the last check."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def waiting_for_a_lock(engine: sa.Engine) -> bool:
    """Whether a session of `engine`'s PostgreSQL database waits for a lock (a test's second writer, meanwhile)."""
    with engine.connect() as connection:
        waiting = connection.execute(
            sa.text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
        return bool(waiting.scalar_one())


def expired(seconds: int) -> timedelta:
    return timedelta(seconds=-seconds)


RENDER_URL = "/api/reports/render"
POLL_SECONDS = 0.1
POLL_LIMIT = 6000  # ten minutes of polls: a hung job fails the test instead of hanging the run


def render_report(client: httpx.Client, headers: dict[str, str], **body: Any) -> httpx.Response:
    """`POST /api/reports/render` as a patient user: a 202 (the render outlived the synchronous window on a
    slow machine) is polled until the job ends, never failed. Answers the file (200) when the report is done,
    the job's error (its status, code and detail) when it failed, and any other answer as it came."""
    answer = client.post(RENDER_URL, json=body, headers=headers)
    if answer.status_code != 202:
        return answer
    url = answer.headers["Location"]
    status = poll_report(client, headers, url)
    if status["status"] == "done":
        return client.get(f"{url}/file", headers=headers)
    error = {"code": status["error_code"], "detail": status["error_detail"], "fields": []}
    return httpx.Response(status["error_status"] or 409, json=error)


def poll_report(client: httpx.Client, headers: dict[str, str], url: str) -> dict[str, Any]:
    """The archive entry at `url` once its job is no longer running."""
    for _ in range(POLL_LIMIT):
        status: dict[str, Any] = client.get(url, headers=headers).json()
        if status["status"] != "running":
            return status
        time.sleep(POLL_SECONDS)
    raise AssertionError(f"the report at {url} is still running after {POLL_LIMIT} polls")
