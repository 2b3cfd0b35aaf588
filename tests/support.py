"""Test databases (SQLite files, or fresh PostgreSQL databases when OPORA_TEST_POSTGRES is set), settings
and tokens. Every suite runs twice from `make test`: once on SQLite, once on PostgreSQL."""

from __future__ import annotations

import atexit
import os
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.shared import topology
from services.shared.settings import Settings

POSTGRES_URL = os.environ.get("OPORA_TEST_POSTGRES", "")
"""Server URL of the PostgreSQL leg, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres."""
PATIENCE_SECONDS = 300.0
"""How long a test waits for something that happens in the background before it fails: long enough for
any loaded machine, so a test fails for what never happens, never for the machine's speed."""


def backend() -> str:
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
    if not POSTGRES_URL:
        yield f"sqlite:///{(tmp / f'{name}.db').as_posix()}"
        return
    with _postgres_database(name) as url:
        yield url


@contextmanager
def database_copy(name: str, source: str, tmp: Path) -> Iterator[str]:
    """A copy of a migrated and loaded database for one service, so a module starts from seeded data without
    migrating and loading again: the SQLite file copied page by page (SQLite's backup API, so a WAL never
    leaves it half-copied), or on PostgreSQL a new database made with `source` as its template (nobody may
    be connected to `source` meanwhile). Dropped afterwards, as `fresh_database`."""
    if not POSTGRES_URL:
        target = tmp / f"{name}.db"
        original = sqlite3.connect(sa.make_url(source).database or "")
        with closing(original), closing(sqlite3.connect(target)) as copy:
            original.backup(copy)
        yield f"sqlite:///{target.as_posix()}"
        return
    with _postgres_database(name, template=sa.make_url(source).database) as url:
        yield url


_USED_DATABASES: list[str] = []


@contextmanager
def _postgres_database(name: str, template: str | None = None) -> Iterator[str]:
    """A new database on the PostgreSQL leg's server, empty or a copy of `template`; dropped when the
    process ends (`drop_used_databases`)."""
    database = f"opora_test_{name}_{uuid.uuid4().hex[:10]}"
    copy_of = f' TEMPLATE "{template}"' if template else ""
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{database}"{copy_of}'))
    engine.dispose()
    try:
        yield sa.make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)
    finally:
        _USED_DATABASES.append(database)


@atexit.register
def drop_used_databases() -> None:
    """Drop the databases of the stacks that are done, all at the end: every DROP DATABASE waits for a
    checkpoint, which after a module's writes takes half a second (four per stack); one after another at
    the end, only the first finds anything to write."""
    if not _USED_DATABASES:
        return
    engine = _admin_engine()
    with engine.connect() as connection:
        while _USED_DATABASES:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{_USED_DATABASES.pop()}" WITH (FORCE)'))
    engine.dispose()


def migrate(service: str, url: str) -> None:
    config = Config(topology.BY_NAME[service].migrations)
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


def make_settings(data_dir: Path, urls: dict[str, str], **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "test",
        "data_dir": data_dir,
        "log_json": False,
        "log_level": "WARNING",
        **{f"{name}_database_url": url for name, url in urls.items()},
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


def wait_until(condition: Callable[[], bool], step: float = 0.05) -> bool:
    """Check `condition` until it holds; give up only after `PATIENCE_SECONDS`, so a slow machine never fails
    a test and only something that never happens does. Answers the last check."""
    deadline = time.monotonic() + PATIENCE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(step)
    return True


def expired(seconds: int) -> timedelta:
    return timedelta(seconds=-seconds)
