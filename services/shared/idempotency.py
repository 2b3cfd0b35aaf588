"""`Idempotency-Key`: a retried write answers what the first one answered, instead of doing it twice.

A client that may send a write again (a data centre's script after a timeout, a phone on a flaky network) puts
a key of its own in the `Idempotency-Key` header of a POST, PUT, PATCH or DELETE. The first request with that
key from that caller runs and its answer is kept (status, body, `Content-Type`, `ETag`, `Location`); a repeat
within `KEEP_HOURS` gets the kept answer with `Idempotent-Replayed: true`, and nothing runs again.

- The key belongs to the caller (the token's subject), so two callers never see each other's answers.
- The same key with another request (method, path, query, `If-Match` or body differ) is a 422
  `idempotency_key_reused`: an edit refused as stale and sent again with the fresh ETag needs a new key.
- The same key again while the first request still runs is a 409 `idempotency_in_progress` with
  `Retry-After`, never a second run. A request whose process was killed holds its key `RUNNING_SECONDS`; a
  repeat after that runs it (one compare-and-set decides which repeat).
- An answer of 500 or more, or an exception, is not kept: the repeat runs again.
- Only the first `FINGERPRINT_BYTES` of a body are compared (with its length): an import of hundreds of MB is
  not held in memory; a multipart body's boundary is not (a client draws a new one each time it builds the body
  of a retried upload). An answer over `KEPT_BYTES` is not kept (its key is released).
- Requests without a valid token pass through untouched: their endpoint answers 401 itself.

The key is reserved in a transaction of its own before the endpoint runs, and the answer kept in another after
the endpoint's unit of work has committed. A process killed between those two commits leaves the change done
and the key held: a repeat after `RUNNING_SECONDS` would run again (the one window where a retry repeats).

Each service declares the table with `class IdempotencyRecord(IdempotencyRecordBase, Base, table=True)` and
sets `app.state.idempotency_model` to it; `create_service_app` installs the middleware (inside the layer that
answers unexpected errors, so an exception reaches it and releases the key).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from fastapi import FastAPI
from sqlalchemy import JSON, Engine, LargeBinary, Table, UniqueConstraint, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, SQLModel
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.shared import topology
from services.shared.audit import utcnow
from services.shared.errors import OporaError, error_response
from services.shared.security import verified_principal

KEEP_HOURS = 24
RUNNING_SECONDS = 300
FINGERPRINT_BYTES = 1 << 20
KEPT_BYTES = 5 << 20
KEPT_HEADERS = ("content-type", "etag", "location", "content-disposition")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_KEY = re.compile(r"[\x21-\x7e]{1,200}")


class IdempotencyRecordBase(SQLModel):
    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("subject", "key", name="uq_idempotency_record_subject_key"),)

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=200, description="the caller: user:<id> or client:<id>")
    key: str = Field(max_length=200)
    fingerprint: str = Field(max_length=64, description="sha256 of method, path, query and body")
    method: str = Field(max_length=10)
    path: str = Field(max_length=500)
    state: str = Field(default="running", max_length=10, description="running or done")
    created_at: datetime = Field(index=True)
    status_code: int | None = None
    headers: dict[str, str] | None = Field(default=None, sa_type=JSON)
    body: bytes | None = Field(default=None, sa_type=LargeBinary)


class InvalidIdempotencyKey(OporaError):
    status_code = 422
    code = "invalid_idempotency_key"
    detail = "Заголовок Idempotency-Key: от 1 до 200 видимых символов ASCII"


class IdempotencyKeyReused(OporaError):
    status_code = 422
    code = "idempotency_key_reused"
    detail = "Этот ключ Idempotency-Key уже использован для другого запроса: для нового запроса нужен новый ключ"


class IdempotencyInProgress(OporaError):
    status_code = 409
    code = "idempotency_in_progress"
    detail = "Запрос с этим ключом Idempotency-Key ещё выполняется: повторите позже"

    def __init__(self) -> None:
        super().__init__(headers={"Retry-After": "5"})


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with a request: run it (holding record `record_id`), replay a kept answer, or refuse."""

    action: Literal["run", "replay", "reused", "busy"]
    record_id: int | None = None
    status_code: int = 0
    headers: dict[str, str] | None = None
    body: bytes = b""


class IdempotencyStore:
    """The records of one service's database; every method is one short transaction of its own."""

    def __init__(self, engine: Engine, table: Table) -> None:
        self.engine = engine
        self.table = table

    def reserve(self, subject: str, key: str, fingerprint: str, method: str, path: str) -> Decision:
        now = utcnow()
        table = self.table
        with self.engine.begin() as connection:  # the caller's expired records go first
            connection.execute(
                delete(table).where(table.c.subject == subject, table.c.created_at < now - timedelta(hours=KEEP_HOURS))
            )
        values = {"subject": subject, "key": key, "fingerprint": fingerprint, "method": method, "path": path}
        for _ in range(3):  # a record removed between the insert and the read is tried again
            try:
                with self.engine.begin() as connection:
                    statement = insert(table).values(**values, state="running", created_at=now)
                    record_id = connection.execute(statement.returning(table.c.id)).scalar_one()
                    return Decision("run", int(record_id))
            except IntegrityError:
                decision = self._existing(subject, key, fingerprint, now)
                if decision is not None:
                    return decision
        return Decision("busy")

    def _existing(self, subject: str, key: str, fingerprint: str, now: datetime) -> Decision | None:
        """The decision a record already there makes; None if it has gone meanwhile."""
        table = self.table
        with self.engine.begin() as connection:
            row = connection.execute(select(table).where(table.c.subject == subject, table.c.key == key)).first()
            if row is None:
                return None
            if row.fingerprint != fingerprint:
                return Decision("reused")
            if row.state == "done":
                return Decision("replay", row.id, row.status_code, row.headers or {}, row.body or b"")
            held_since = now - timedelta(seconds=RUNNING_SECONDS)
            if _aware(row.created_at) > held_since:
                return Decision("busy")
            taken = connection.execute(  # a killed request's key: one repeat takes it over (compare-and-set)
                update(table)
                .where(table.c.id == row.id, table.c.state == "running", table.c.created_at <= held_since)
                .values(created_at=now)
            )
            return Decision("run", row.id) if taken.rowcount == 1 else Decision("busy")

    def keep(self, record_id: int, status_code: int, headers: dict[str, str], body: bytes) -> None:
        with self.engine.begin() as connection:
            connection.execute(
                update(self.table)
                .where(self.table.c.id == record_id)
                .values(state="done", status_code=status_code, headers=headers, body=body)
            )

    def release(self, record_id: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(self.table).where(self.table.c.id == record_id))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class IdempotencyMiddleware:
    """The ASGI layer that reserves, replays and keeps (see the module's note)."""

    def __init__(self, app: ASGIApp, service: FastAPI) -> None:
        self.app = app
        self.service = service
        own = getattr(service.state, "service_name", "")  # the gateway passes these paths on (`make run`):
        self.proxied = tuple(f"/api/{p.name}/" for p in topology.BACKENDS if p.name != own)  # the service keeps them

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        key = headers.get("idempotency-key")
        model = getattr(self.service.state, "idempotency_model", None)
        if key is None or model is None or scope["path"].startswith(self.proxied):
            await self.app(scope, receive, send)
            return
        if not _KEY.fullmatch(key):
            await _answer(send, InvalidIdempotencyKey())
            return
        subject = await run_in_threadpool(_caller, self.service, headers)
        if subject is None:
            await self.app(scope, receive, send)
            return
        head, receive = await _buffered(receive)
        fingerprint = _fingerprint(scope, headers, head)
        store = IdempotencyStore(self.service.state.engine, model.__table__)
        decision = await run_in_threadpool(store.reserve, subject, key, fingerprint, scope["method"], scope["path"])
        if decision.action == "run" and decision.record_id is not None:
            await self._run(scope, receive, send, store, decision.record_id)
        elif decision.action == "replay":
            await _replay(send, decision)
        else:
            await _answer(send, IdempotencyKeyReused() if decision.action == "reused" else IdempotencyInProgress())

    async def _run(self, scope: Scope, receive: Receive, send: Send, store: IdempotencyStore, record_id: int) -> None:
        """Run the request and keep its answer before the answer's last part leaves: a client that retries the
        moment it has the answer then finds it kept (sent first, a quick retry found the key still running and
        got 409 `idempotency_in_progress`)."""
        answer = _Answer()
        settled = False

        async def settle() -> None:
            nonlocal settled
            settled = True
            if answer.status_code < 500 and answer.complete and len(answer.body) <= KEPT_BYTES:
                await run_in_threadpool(store.keep, record_id, answer.status_code, answer.headers, bytes(answer.body))
            else:
                await run_in_threadpool(store.release, record_id)

        async def capture(message: Message) -> None:
            answer.take(message)
            if answer.complete and not settled:
                await settle()
            await send(message)

        try:
            await self.app(scope, receive, capture)
        except BaseException:
            if not settled:
                await run_in_threadpool(store.release, record_id)
            raise
        if not settled:
            await settle()


class _Answer:
    """The status, kept headers and body of a response as it is sent.

    The answer is complete at the last body message or when the body reaches its `Content-Length`, whichever
    comes first: a layer inside this one (the metrics' `@app.middleware`) sends the whole body with `more_body`
    and then an empty last message, and a client holding `Content-Length` bytes has its answer and may retry
    before that empty message leaves (its retry then found the key running: 409 `idempotency_in_progress`)."""

    def __init__(self) -> None:
        self.status_code = 500
        self.headers: dict[str, str] = {}
        self.body = bytearray()
        self.length: int | None = None
        self.received = 0
        self.complete = False

    def take(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status_code = message["status"]
            for raw, value in message.get("headers", []):
                name = raw.decode("latin-1").lower()
                if name in KEPT_HEADERS:
                    self.headers[name] = value.decode("latin-1")
                elif name == "content-length" and value.isdigit():
                    self.length = int(value)
        elif message["type"] == "http.response.body":
            chunk = message.get("body", b"")
            self.received += len(chunk)
            if len(self.body) <= KEPT_BYTES:
                self.body.extend(chunk)
            whole = self.length is not None and self.received >= self.length
            self.complete = whole or not message.get("more_body", False)


def _caller(service: FastAPI, headers: Headers) -> str | None:
    """The subject of the request's valid, unrevoked bearer token; None for any other request."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        return str(verified_principal(service, token.strip()).subject)
    except Exception:  # an invalid or ended token: the endpoint answers it with its own 401
        return None


async def _buffered(receive: Receive) -> tuple[bytes, Receive]:
    """The first `FINGERPRINT_BYTES` of the body, and a `receive` that hands the app the whole body again."""
    messages: list[Message] = []
    head = bytearray()
    while len(head) < FINGERPRINT_BYTES:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        head.extend(message.get("body", b""))
        if not message.get("more_body", False):
            break

    async def replayed() -> Message:
        return messages.pop(0) if messages else await receive()

    return bytes(head[:FINGERPRINT_BYTES]), replayed


def _fingerprint(scope: Scope, headers: Headers, head: bytes) -> str:
    digest = hashlib.sha256()
    for part in (scope["method"], scope["path"], scope.get("query_string", b"").decode("latin-1")):
        digest.update(part.encode() + b"\0")
    digest.update(headers.get("content-length", "").encode() + b"\0")
    if_match = headers.get("if-match")
    if if_match is not None:  # another precondition is another request, not a retry (absent: as before)
        digest.update(b"if-match:" + if_match.encode("latin-1") + b"\0")
    digest.update(_without_boundary(headers.get("content-type", ""), head))
    return digest.hexdigest()


_BOUNDARY = re.compile(r'boundary="?([^";,\s]+)"?', re.IGNORECASE)


def _without_boundary(content_type: str, head: bytes) -> bytes:
    """A multipart body with its boundary as one fixed token: every client draws a new random boundary each time
    it builds a body, so a retried upload would otherwise look like another request (422 `idempotency_key_reused`).
    A boundary cut by the end of a long body's head is dropped with it."""
    found = _BOUNDARY.search(content_type)
    if found is None or not content_type.lower().startswith("multipart/"):
        return head
    marker = b"--" + found.group(1).encode("latin-1")
    if len(head) >= FINGERPRINT_BYTES:
        head = head[: len(head) - len(marker)]
    return head.replace(marker, b"--\0boundary")


async def _replay(send: Send, decision: Decision) -> None:
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in (decision.headers or {}).items()]
    headers.append((b"idempotent-replayed", b"true"))
    headers.append((b"content-length", str(len(decision.body)).encode()))
    await send({"type": "http.response.start", "status": decision.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": decision.body})


async def _answer(send: Send, error: OporaError) -> None:
    response = error_response(error.status_code, error.code, error.detail, headers=error.headers)
    await response({"type": "http"}, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


def create_table_v1() -> None:
    """The table as the four services' migrations of 2026-12-02 create it (frozen: a later change of the
    model is a migration of its own)."""
    import sqlalchemy as sa
    from alembic import op
    from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

    op.create_table(
        "idempotency_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", AutoString(length=200), nullable=False),
        sa.Column("key", AutoString(length=200), nullable=False),
        sa.Column("fingerprint", AutoString(length=64), nullable=False),
        sa.Column("method", AutoString(length=10), nullable=False),
        sa.Column("path", AutoString(length=500), nullable=False),
        sa.Column("state", AutoString(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("subject", "key", name="uq_idempotency_record_subject_key"),
    )
    op.create_index("ix_idempotency_record_created_at", "idempotency_record", ["created_at"])


def drop_table_v1() -> None:
    from alembic import op

    op.drop_index("ix_idempotency_record_created_at", table_name="idempotency_record")
    op.drop_table("idempotency_record")
