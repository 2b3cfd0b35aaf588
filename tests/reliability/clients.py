"""Real concurrent clients: each thread its own HTTP connection, all released at once by a barrier."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import sqlalchemy as sa
from sqlmodel import col

from services.shared.audit import AuditEventBase
from services.shared.remote import service_client
from tests.stack import RunningStack
from tests.support import web


def login(live: RunningStack, username: str) -> dict[str, str]:
    answer = web.post(f"{live.url()}/api/auth/token", data={"username": username, "password": "demo"})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


Call = Callable[[httpx.Client], httpx.Response]


def request(method: str, url: str, **options: Any) -> Call:
    """One request, to be sent by a client of `at_once` (the arguments are bound now)."""
    return lambda client: client.request(method, url, **options)


def at_once(live: RunningStack, calls: list[Callable[[httpx.Client], httpx.Response]]) -> list[httpx.Response]:
    """Run every call in its own thread with its own client, started together; the answers in call order."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[httpx.Client], httpx.Response]) -> httpx.Response:
        with service_client(live.url(), timeout=120) as client:
            client.get("/api/health")  # the connection is open before the start
            barrier.wait()
            return call(client)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def no_server_errors(answers: list[httpx.Response]) -> None:
    errors = [
        (a.request.method, a.request.url.path, a.status_code, a.text[:300]) for a in answers if a.status_code >= 500
    ]
    assert not errors, errors


def json_of(answer: httpx.Response) -> Any:
    assert answer.status_code < 300, (answer.status_code, answer.text)
    return answer.json()


def database_rows(live: RunningStack, process: str, statement: Any) -> list[Any]:
    """Rows of a process's database (`process`: GATEWAY, IDENTIFICATION, ROADMAP, REPORTS), read directly."""
    engine = sa.create_engine(live.env[f"OPORA_{process}_DATABASE_URL"])
    try:
        with engine.connect() as connection:
            return list(connection.execute(statement))
    finally:
        engine.dispose()


def audit_events(
    live: RunningStack, process: str, model: type[AuditEventBase], entity: str, entity_id: str
) -> list[Any]:
    """A process's audit events of one record (action, before, after), in the order they were recorded."""
    statement = (
        sa.select(col(model.action), col(model.before), col(model.after))
        .where(col(model.entity) == entity, col(model.entity_id) == entity_id)
        .order_by(col(model.id))
    )
    return database_rows(live, process, statement)
