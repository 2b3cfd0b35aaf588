"""Database engine and the request session of one service.

Each service declares its tables on its own SQLAlchemy registry (`new_registry()`), so the four services'
tables never share metadata even when tests import them into one process. Endpoints get a session from
`SessionDep`; repositories and services only `add` and `flush`; the dependency commits once the endpoint
has returned (before the response is sent) or rolls back on any error, so nothing is half-written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, event
from sqlalchemy.orm import registry
from sqlmodel import Session, create_engine


def new_registry() -> registry:
    """A registry (and so a metadata) of one service's tables."""
    return registry()


def _json(value: Any) -> str:
    """JSON columns keep Cyrillic as UTF-8, not as \\uXXXX escapes (half the size, twice as readable)."""
    return json.dumps(value, ensure_ascii=False)


def make_engine(url: str) -> Engine:
    """Engine for a SQLite file (created with its folder) or a PostgreSQL URL."""
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
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, json_serializer=_json)


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
