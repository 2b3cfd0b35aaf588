"""`Idempotency-Key`: a retried write answers what the first one answered, against the real processes (through
the gateway as `make run` serves them, and straight to a service as nginx routes them in production)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from fastapi import FastAPI, Request, Response
from starlette.types import Message

from services.reports.db import IdempotencyRecord
from services.shared.db import make_engine
from services.shared.idempotency import RUNNING_SECONDS, IdempotencyMiddleware, IdempotencyStore
from tests.reliability.clients import at_once, json_of, login, no_server_errors, request
from tests.reliability.test_races import PLANS, _me
from tests.stack import RunningStack
from tests.support import fresh_database, migrate, web

pytestmark = pytest.mark.e2e


def _plan_body(school: str, title: str) -> dict[str, Any]:
    return {
        "kind": "anti_risk_programme",
        "title": title,
        "school_code": school,
        "school_year": "2024-2025",
        "sections": [{"title": "Диагностика", "activities": [{"number": "1.1", "title": "Диагностика"}]}],
    }


def _plans_titled(live: RunningStack, headers: dict[str, str], title: str) -> list[dict[str, Any]]:
    listed = json_of(web.get(f"{live.url()}{PLANS}", params={"q": title, "per_page": 100}, headers=headers))
    return [plan for plan in listed["items"] if plan["title"] == title]


def _keyed(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


@pytest.mark.parametrize("through", ["gateway", "roadmap"])
def test_a_retried_create_answers_the_first_answer_and_creates_once(live: RunningStack, through: str) -> None:
    staff = login(live, "school_staff")
    school = _me(live, staff)["scope"]["schools"][0]
    title = f"Программа с ключом {uuid.uuid4().hex[:8]}"
    key = str(uuid.uuid4())
    url = f"{live.url(through)}{PLANS}"
    first = web.post(url, json=_plan_body(school, title), headers=_keyed(staff, key))
    again = web.post(url, json=_plan_body(school, title), headers=_keyed(staff, key))
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert again.headers.get("etag") == first.headers.get("etag")
    assert "idempotent-replayed" not in first.headers
    assert len(_plans_titled(live, staff, title)) == 1
    without_key = web.post(url, json=_plan_body(school, title), headers=staff)
    assert without_key.status_code == 201 and len(_plans_titled(live, staff, title)) == 2


def test_the_same_key_sent_at_once_runs_one_request(live: RunningStack) -> None:
    staff = login(live, "school_staff")
    school = _me(live, staff)["scope"]["schools"][0]
    for round_ in range(3):
        title = f"Одновременно с ключом {round_} {uuid.uuid4().hex[:8]}"
        headers = _keyed(staff, str(uuid.uuid4()))
        calls = [request("POST", f"{live.url()}{PLANS}", json=_plan_body(school, title), headers=headers)] * 5
        answers = at_once(live, calls)
        no_server_errors(answers)
        created = [a for a in answers if a.status_code == 201]
        busy = [a for a in answers if a.status_code == 409]
        assert len(created) + len(busy) == 5, [a.text for a in answers]
        assert all(a.json()["code"] == "idempotency_in_progress" and a.headers["retry-after"] for a in busy)
        assert len({a.json()["id"] for a in created}) == 1  # every 201 is the one plan
        assert len(_plans_titled(live, staff, title)) == 1


def test_a_key_is_the_callers_own_and_names_one_request(live: RunningStack) -> None:
    staff, coordinator = login(live, "school_staff"), login(live, "municipal_coordinator")
    school = _me(live, staff)["scope"]["schools"][0]
    title = f"Чужой ключ {uuid.uuid4().hex[:8]}"
    key = str(uuid.uuid4())
    url = f"{live.url()}{PLANS}"
    mine = json_of(web.post(url, json=_plan_body(school, title), headers=_keyed(staff, key)))
    theirs = json_of(web.post(url, json=_plan_body(school, title), headers=_keyed(coordinator, key)))
    assert mine["id"] != theirs["id"]  # another caller's key never replays someone else's answer
    other = web.post(url, json=_plan_body(school, f"{title} другой"), headers=_keyed(staff, key))
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    assert _plans_titled(live, staff, f"{title} другой") == []
    bad = web.post(url, json=_plan_body(school, title), headers=_keyed(staff, "x" * 201))
    assert (bad.status_code, bad.json()["code"]) == (422, "invalid_idempotency_key")


def test_a_refusal_is_kept_too_and_a_token_is_still_required(live: RunningStack) -> None:
    """A 4xx is the answer to that request: its repeat gets the same refusal. Without a valid token the key
    is ignored and the endpoint answers 401 itself, every time."""
    admin = login(live, "admin")
    url = f"{live.url()}/api/admin/users"
    body = {
        "username": f"keyed_{uuid.uuid4().hex[:8]}",
        "full_name": "Пользователь, созданный с ключом",
        "password": "keyed-password-1",
        "role": "admin",
        "scope": {"kind": "all"},
    }
    key = str(uuid.uuid4())
    created = web.post(url, json=body, headers=_keyed(admin, key))
    retried = web.post(url, json=body, headers=_keyed(admin, key))
    assert created.status_code == retried.status_code == 201 and retried.json() == created.json()
    taken = web.post(url, json=body, headers=_keyed(admin, str(uuid.uuid4())))
    assert (taken.status_code, taken.json()["code"]) == (409, "username_taken")
    for _ in range(2):
        anonymous = web.post(url, json=body, headers={"Idempotency-Key": key})
        assert anonymous.status_code == 401 and "idempotent-replayed" not in anonymous.headers
    forged = httpx.post(url, json=body, headers={"Idempotency-Key": key, "Authorization": "Bearer forged"})
    assert forged.status_code == 401


def test_a_killed_requests_key_is_taken_over_once_after_its_time(tmp_path: Path) -> None:
    """The store on the real migrated database: a key held by a request still running is busy; one held past
    `RUNNING_SECONDS` (its process was killed) is taken over by exactly one repeat; a released key runs again."""
    with fresh_database("reports", tmp_path) as url:
        migrate("reports", url)
        engine = make_engine(url)
        store = IdempotencyStore(engine, IdempotencyRecord.__table__)  # type: ignore[attr-defined]
        try:
            first = store.reserve("user:1", "k", "f", "POST", "/api/reports/x")
            assert first.action == "run"
            assert store.reserve("user:1", "k", "f", "POST", "/api/reports/x").action == "busy"
            assert store.reserve("user:1", "k", "other", "POST", "/api/reports/x").action == "reused"
            assert store.reserve("user:2", "k", "f", "POST", "/api/reports/x").action == "run"
            long_ago = datetime.now(UTC) - timedelta(seconds=RUNNING_SECONDS + 1)
            with engine.begin() as connection:
                connection.execute(sa.update(IdempotencyRecord.__table__).values(created_at=long_ago))  # type: ignore[attr-defined]
            taken = [store.reserve("user:1", "k", "f", "POST", "/api/reports/x") for _ in range(2)]
            assert [d.action for d in taken] == ["run", "busy"] and taken[0].record_id == first.record_id
            store.keep(first.record_id or 0, 201, {"content-type": "application/json"}, b'{"id": 7}')
            replay = store.reserve("user:1", "k", "f", "POST", "/api/reports/x")
            assert (replay.action, replay.status_code, replay.body) == ("replay", 201, b'{"id": 7}')
            store.release(first.record_id or 0)
            assert store.reserve("user:1", "k", "f", "POST", "/api/reports/x").action == "run"
        finally:
            engine.dispose()


def test_the_answer_is_kept_before_the_client_holds_all_of_it(tmp_path: Path) -> None:
    """Every service counts requests in an `@app.middleware` layer inside this one, which sends the whole body
    with `more_body` and then an empty last message: the answer must be kept before the bytes a client waits
    for (its `Content-Length`) leave, or a retry sent the moment it has them finds the key running (a 409)."""
    app = FastAPI()

    @app.middleware("http")
    async def passing(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        return await call_next(request)

    @app.post("/plans", status_code=201)
    def create() -> dict[str, int]:
        return {"id": 7}

    with fresh_database("reports", tmp_path) as url:
        migrate("reports", url)
        engine = make_engine(url)
        store = IdempotencyStore(engine, IdempotencyRecord.__table__)  # type: ignore[attr-defined]
        try:
            record_id = store.reserve("user:1", "k", "f", "POST", "/plans").record_id or 0
            states_seen: list[tuple[bytes, str]] = []

            async def send(message: Message) -> None:
                if message["type"] == "http.response.body" and message.get("body"):
                    states_seen.append((message["body"], store.reserve("user:1", "k", "f", "POST", "/plans").action))

            async def receive() -> Message:
                return {"type": "http.request", "body": b"", "more_body": False}

            scope = {"type": "http", "method": "POST", "path": "/plans", "headers": [], "query_string": b""}
            middleware = IdempotencyMiddleware(app, service=app)
            asyncio.run(middleware._run(scope, receive, send, store, record_id))
            assert states_seen == [(b'{"id":7}', "replay")]
        finally:
            engine.dispose()
