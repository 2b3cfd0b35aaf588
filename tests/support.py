"""Test databases (SQLite files, or fresh PostgreSQL databases when OPORA_TEST_POSTGRES is set), settings
and tokens. Every suite runs twice from `make test`: once on SQLite, once on PostgreSQL."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.shared import topology
from services.shared.settings import Settings

POSTGRES_URL = os.environ.get("OPORA_TEST_POSTGRES", "")
"""Server URL of the PostgreSQL leg, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/postgres."""


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
    database = f"opora_test_{name}_{uuid.uuid4().hex[:10]}"
    engine = _admin_engine()
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{database}"'))
    try:
        yield sa.make_url(POSTGRES_URL).set(database=database).render_as_string(hide_password=False)
    finally:
        with engine.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
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
        "login_delay_step_seconds": 0.0,
        **{f"{name}_database_url": url for name, url in urls.items()},
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


def expired(seconds: int) -> timedelta:
    return timedelta(seconds=-seconds)


RENDER_URL = "/api/reports/render"
POLL_SECONDS = 0.1
POLL_LIMIT = 6000  # ten minutes of polls: a hung job fails the test instead of hanging the run


def render_report(client: httpx.Client, headers: dict[str, str], **body: Any) -> httpx.Response:
    """`POST /api/reports/render` as a patient user: a 202 (the render outlived the synchronous window on a
    slow machine) is polled until the job ends, never failed. Answers the file (200) when the report is done,
    the archive's 409 with the job's error code and detail when it failed, and any other answer as it came."""
    answer = client.post(RENDER_URL, json=body, headers=headers)
    if answer.status_code != 202:
        return answer
    url = answer.headers["Location"]
    poll_report(client, headers, url)
    return client.get(f"{url}/file", headers=headers)


def poll_report(client: httpx.Client, headers: dict[str, str], url: str) -> dict[str, Any]:
    """The archive entry at `url` once its job is no longer running."""
    for _ in range(POLL_LIMIT):
        status: dict[str, Any] = client.get(url, headers=headers).json()
        if status["status"] != "running":
            return status
        time.sleep(POLL_SECONDS)
    raise AssertionError(f"the report at {url} is still running after {POLL_LIMIT} polls")
