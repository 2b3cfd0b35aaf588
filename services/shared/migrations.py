"""The body of every service's Alembic `env.py`: one service, its own metadata, its own database.

Replicas starting at once on a fresh PostgreSQL database would each try to create the same tables; the
upgrade therefore runs under a session-level advisory lock named after the service, so the first one
migrates and the others wait, then find the schema at head and do nothing.
"""

from __future__ import annotations

import fcntl
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from alembic import context, op
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


_ID_COLUMN = re.compile(r'^(\s*)"?id"?\s+INTEGER\s+NOT\s+NULL\s*,', re.IGNORECASE | re.MULTILINE)
_TABLE_KEY = re.compile(r',\s*(?:CONSTRAINT\s+"?\w+"?\s+)?PRIMARY\s+KEY\s*\(\s*"?id"?\s*\)', re.IGNORECASE)
_CREATED_TABLE = re.compile(r'^CREATE\s+TABLE\s+"?(\w+)"?\s*\(', re.IGNORECASE)


def sqlite_autoincrement(tables: Sequence[str]) -> None:
    """Make each table's `id` an `INTEGER PRIMARY KEY AUTOINCREMENT` on SQLite (nothing on PostgreSQL, whose
    sequences never give an id twice). Without it SQLite gives the id of a deleted last row to the next row, so an
    id read before a deletion (a stage, an activity, its audit history) names a new record.

    SQLite cannot alter a key: each table is rebuilt as SQLite's documentation says (a copy made from the table's
    own CREATE statement with the key changed, the rows copied, the old table dropped, the copy renamed, its
    indexes and triggers made again), with foreign keys off for the rebuild and checked before they are on
    again. The ids stay; `sqlite_sequence` starts from the highest."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # PRAGMA foreign_keys is ignored inside a transaction: the migrations before this one are committed (as
    # Alembic's autocommit block would), then the rebuild runs in a transaction of its own.
    raw: Any = bind.connection.dbapi_connection
    raw.commit()
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        raw.execute("BEGIN")
        for table in tables:
            _rebuild_with_autoincrement(bind, table)
        broken = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"foreign keys broken by the rebuild: {broken[:5]}")
        raw.commit()
    except BaseException:
        raw.rollback()
        raise
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def _rebuild_with_autoincrement(bind: Connection, table: str) -> None:
    created = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).scalar_one()
    if "AUTOINCREMENT" in created.upper():
        return
    copy = f"{table}__autoincrement"
    changed, columns = _ID_COLUMN.subn(r"\1id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", created, count=1)
    changed, keys = _TABLE_KEY.subn("", changed, count=1)
    changed, names = _CREATED_TABLE.subn(f'CREATE TABLE "{copy}" (', changed, count=1)
    if (columns, keys, names) != (1, 1, 1):
        raise RuntimeError(f"unexpected definition of {table}: {created}")
    others = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        (table,),
    ).scalars()
    recreated = list(others)
    bind.exec_driver_sql(changed)
    bind.exec_driver_sql(f'INSERT INTO "{copy}" SELECT * FROM "{table}"')
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE "{copy}" RENAME TO "{table}"')
    for statement in recreated:
        bind.exec_driver_sql(statement)
