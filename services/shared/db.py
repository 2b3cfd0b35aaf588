"""Database engine and the request session of one service.

Each service declares its tables on its own SQLAlchemy registry (`new_registry()`), so the four services'
tables never share metadata even when tests import them into one process. Endpoints get a session from
`SessionDep`; repositories and services only `add` and `flush`; the dependency commits once the endpoint
has returned (before the response is sent) or rolls back on any error, so nothing is half-written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.orm import registry
from sqlmodel import Session, create_engine

if TYPE_CHECKING:
    from services.shared.settings import Settings


def new_registry() -> registry:
    """A registry (and so a metadata) of one service's tables."""
    return registry()


def _json(value: Any) -> str:
    """JSON columns keep Cyrillic as UTF-8, not as \\uXXXX escapes (half the size, twice as readable)."""
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str, pool_size: int = 4, max_overflow: int = 4) -> Engine:
    """Engine for a SQLite file (created with its folder) or a PostgreSQL URL (pool from the settings
    `db_pool_size` and `db_max_overflow`: see `engine_for`)."""
    connect_args: dict[str, Any] = {}
    if url.startswith("sqlite"):
        from pathlib import Path

        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"check_same_thread": False, "timeout": 30}
        engine = create_engine(url, connect_args=connect_args, json_serializer=_json)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow, json_serializer=_json)


def engine_for(settings: Settings, service: str) -> Engine:
    """The engine of one service's database with the configured pool."""
    return make_engine(settings.database_url(service), settings.db_pool_size, settings.db_max_overflow)


def advisory_key(name: str) -> int:
    """A stable 63-bit key for a PostgreSQL advisory lock named in words."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") >> 1


@contextmanager
def exclusive(connection: Connection, name: str) -> Iterator[None]:
    """Hold a lock named `name` for the rest of the connection's current transaction, across processes.

    PostgreSQL: a transaction-level advisory lock (waits for the holder, released at commit or rollback).
    SQLite: a write statement takes the database's write lock for the transaction (other writers wait
    up to `busy_timeout`), which serialises the same way on the one host SQLite serves.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": advisory_key(name)})
    else:
        connection.execute(text("DELETE FROM alembic_version WHERE 1 = 0"))
    yield


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    # SQLite's own lower()/upper() know only ASCII; ILIKE becomes lower() LIKE lower(), so Cyrillic search
    # needs Python's Unicode case mapping, as PostgreSQL has.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
    dbapi_connection.create_function("upper", 1, _upper, deterministic=True)


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: commit after the endpoint, roll back on any error."""
    with Session(get_engine(request), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def session_factory(engine: Engine) -> Callable[[], Session]:
    """Sessions for command-line jobs (demo loading, scheduled jobs) outside a request."""
    return lambda: Session(engine, expire_on_commit=False)
