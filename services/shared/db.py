"""Database engine and the request session of one service.

Each service declares its tables on its own SQLAlchemy registry (`new_registry()`), so the four services'
tables never share metadata even when tests import them into one process. Endpoints get a session from
`SessionDep`; repositories and services only `add` and `flush`; the dependency commits once the endpoint
has returned (before the response is sent) or rolls back on any error, so nothing is half-written.

SQLite runs in WAL mode with a busy timeout, and a request that may write (any method but GET, HEAD and
OPTIONS) opens its transaction with `BEGIN IMMEDIATE`: it takes the write lock before its first read, so
writers queue for the lock (up to the busy timeout) instead of failing with «database is locked» when a
deferred transaction that has read finds another writer committed meanwhile, and a read-check-write in such a
request sees no concurrent change. PostgreSQL needs no such thing: conditional writes are compare-and-set
statements and serialised sections take advisory locks (`advisory_lock`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Connection, Engine, event, text
from sqlalchemy.exc import DataError
from sqlalchemy.orm import registry
from sqlmodel import Session, create_engine

if TYPE_CHECKING:
    from services.shared.settings import CommonSettings


def new_registry() -> registry:
    """A registry (and so a metadata) of one service's tables."""
    return registry()


def _json(value: Any) -> str:
    """JSON columns keep Cyrillic as UTF-8, not as \\uXXXX escapes (half the size, twice as readable)."""
    return json.dumps(value, ensure_ascii=False)


NEVER_REUSED_IDS: dict[str, bool] = {"sqlite_autoincrement": True}
"""The last of a table's `__table_args__` whose rows are deleted: on SQLite its ids are AUTOINCREMENT, so the id
of a deleted last row is never given again (PostgreSQL's sequences never do); its migration makes it so on a
database already there (`migrations.sqlite_autoincrement`)."""


def make_engine(url: str, pool_size: int = 4, max_overflow: int = 4) -> Engine:
    """Engine for a SQLite file (created with its folder) or a PostgreSQL URL (pool from the settings
    `db_pool_size` and `db_max_overflow`: see `engine_for`)."""
    connect_args: dict[str, Any] = {}
    if url.startswith("sqlite"):
        from pathlib import Path

        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_SECONDS}
        engine = create_engine(url, connect_args=connect_args, json_serializer=_json)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "before_cursor_execute", _refuse_nul)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow, json_serializer=_json)


def engine_for(settings: CommonSettings, service: str) -> Engine:
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


BUSY_TIMEOUT_SECONDS = 30
WRITE_LOCK_OPTION = "sqlite_write_lock"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling is off: SQLAlchemy's "begin" event emits BEGIN (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.close()
    # SQLite's own lower()/upper() know only ASCII; ILIKE becomes lower() LIKE lower(), so Cyrillic search
    # needs Python's Unicode case mapping, as PostgreSQL has.
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
    dbapi_connection.create_function("upper", 1, _upper, deterministic=True)


def _refuse_nul(
    _connection: Connection, _cursor: Any, statement: str, parameters: Any, _context: Any, _executemany: bool
) -> None:
    """Refuse a text holding a NUL character as PostgreSQL does (`DataError`: 422 `invalid_value`), so a value
    the production database would refuse is not stored by the embedded one either."""
    if any(_holds_nul(row.values() if isinstance(row, dict) else row) for row in _rows(parameters)):
        raise DataError(statement, parameters, ValueError("A string literal cannot contain NUL (0x00) characters."))


def _rows(parameters: Any) -> Any:
    """A statement's parameters as rows, in any of the driver's shapes: a mapping or a row (one statement), a list
    of rows (an executemany), one flat row of a multi-row INSERT."""
    if not parameters or isinstance(parameters, dict):
        return (parameters or (),)
    return parameters if isinstance(parameters[0], dict | list | tuple) else (parameters,)


def _holds_nul(values: Any) -> bool:
    for value in values:  # noqa: SIM110 - a plain loop, twice as fast as any(): it sees every value of a bulk import
        if value.__class__ is str and "\x00" in value:
            return True
    return False


def _sqlite_begin(connection: Connection) -> None:
    """BEGIN IMMEDIATE for a connection marked as writing (`WRITE_LOCK_OPTION`), else a deferred BEGIN."""
    immediate = connection.get_execution_options().get(WRITE_LOCK_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def write_transaction(session: Session) -> None:
    """Open `session`'s transaction as a writer: on SQLite `BEGIN IMMEDIATE`, the write lock taken before the
    first read, for a writing request's session (`get_session`) and any other unit of work that reads and then
    writes (a deferred transaction whose snapshot another writer committed past would fail its first write at
    once, «database is locked»). Nothing to do on PostgreSQL, or once the transaction has begun."""
    if session.get_bind().dialect.name == "sqlite" and not session.in_transaction():
        session.connection(execution_options={WRITE_LOCK_OPTION: True})


def restart_as_writer(session: Session) -> None:
    """Let a reading request's session write after all (a GET that records when it was served): on SQLite its
    deferred transaction, which cannot write once another writer has committed since its first read («database
    is locked»), is rolled back (it wrote nothing) and begun again as a writer's (`write_transaction`); the
    request commits it as usual. Nothing to do on PostgreSQL. Loaded records are expired by the rollback."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.rollback()
    write_transaction(session)


def advisory_lock(session: Session, name: str) -> None:
    """Serialise a section per `name` until the transaction ends: a PostgreSQL advisory transaction lock.

    On SQLite a writing request already holds the database's write lock from its first statement
    (`BEGIN IMMEDIATE`), which serialises it with every other writer, so nothing more is needed there.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    key = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big", signed=True)
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _may_write(request: Request) -> bool:
    """A request that may write, unless its path is one whose writes go through a session of their own
    (`app.state.deferred_write_prefixes`: holding the write lock there would make them wait for it)."""
    exempt: tuple[str, ...] = getattr(request.app.state, "deferred_write_prefixes", ())
    return request.method not in READ_ONLY_METHODS and not request.url.path.startswith(exempt)


def get_session(request: Request) -> Iterator[Session]:
    """The request's unit of work: commit after the endpoint, roll back on any error."""
    engine = get_engine(request)
    with Session(engine, expire_on_commit=False) as session:
        if _may_write(request):
            write_transaction(session)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def read_session(request: Request) -> Iterator[Session]:
    """The session of a read that is one statement (roadmap's `/me/deadlines`: the page and its total
    together): on PostgreSQL in autocommit, so the request makes no BEGIN and COMMIT round trips (on a loaded
    machine each round trip waits for the database's turn on a CPU); elsewhere the request's usual session."""
    engine = get_engine(request)
    if engine.dialect.name != "postgresql":
        yield from get_session(request)
        return
    with Session(engine, expire_on_commit=False) as session:
        session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        yield session


ReadSessionDep = Annotated[Session, Depends(read_session, scope="function")]


def session_factory(engine: Engine) -> Callable[[], Session]:
    """Sessions for command-line jobs (demo loading, scheduled jobs) outside a request."""
    return lambda: Session(engine, expire_on_commit=False)
