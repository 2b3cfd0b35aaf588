"""The body of every service's Alembic `env.py`: one service, its own metadata, its own database.

Replicas starting at once on a fresh PostgreSQL database would each try to create the same tables; the
upgrade therefore runs under a session-level advisory lock named after the service, so the first one
migrates and the others wait, then find the schema at head and do nothing.
"""

from __future__ import annotations

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from alembic import context
from sqlalchemy import Connection, MetaData, text

from services.shared.db import advisory_key, make_engine
from services.shared.settings import CommonSettings


def run_migrations(service: str, metadata: MetaData, settings: Callable[[], CommonSettings]) -> None:
    """Migrate the database of `service` (URL from the service's `settings` unless the Alembic config names
    one: then the settings are not read at all)."""
    config = context.config
    url = config.get_main_option("sqlalchemy.url") or settings().database_url(service)
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    with engine.connect() as connection, _one_at_a_time(connection, url, service):
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=url.startswith("sqlite"),
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


@contextmanager
def _one_at_a_time(connection: Connection, url: str, service: str) -> Iterator[None]:
    """PostgreSQL: a session-level advisory lock (the migration runs in transactions of its own);
    a SQLite file: an exclusive lock on a file beside it (one host, several processes)."""
    if connection.dialect.name == "postgresql":
        key = {"key": advisory_key(f"migrate:{service}")}
        connection.execute(text("SELECT pg_advisory_lock(:key)"), key)
        connection.commit()
        try:
            yield
        finally:
            connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), key)
            connection.commit()
        return
    path = url.removeprefix("sqlite:///")
    if not path or path == ":memory:":
        yield
        return
    with open(f"{path}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
