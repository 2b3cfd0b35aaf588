"""Concurrent writers of one plan leave the deadlines read model equal to a full rebuild.

Each writer is a real HTTP request in its own thread (its own session and transaction), all released at once
by a barrier: one moves an activity's deadline, one renames another activity, one closes a school's per-school
row, and one renames the plan. The first three change different rows of the same plan, so all succeed; the plan's
revision moves with its activities' edits, so the rename wins or gets 412 depending on who went first. Each
transaction refreshes the plan's entries before it commits, and the later refresh must read what the earlier
one committed (on PostgreSQL the plan's row lock orders them). Outcomes are asserted, never timings.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from tests.conftest import Stack
from tests.roadmap.test_deadlines_read_model import (
    PLANS,
    activity_id,
    assert_follows,
    etag,
    horizon,
    listed,
    municipal_plan,
)

ROUNDS = 3
Write = Callable[[], httpx.Response]


def at_once(writes: list[Write]) -> list[httpx.Response]:
    """Every write in its own thread, started together; the answers in order."""
    barrier = threading.Barrier(len(writes))

    def run(write: Write) -> httpx.Response:
        barrier.wait()
        return write()

    with ThreadPoolExecutor(max_workers=len(writes)) as pool:
        return list(pool.map(run, writes))


def _writes(stack: Stack, plan: dict[str, Any], round_: int) -> list[Write]:
    """Four edits of one plan, each with the revision it read (If-Match) taken before the start."""
    own = stack.territory["school"]["code"]
    meeting = f"/api/roadmap/activities/{activity_id(plan, 'Совещание')}"
    seminar = f"/api/roadmap/activities/{activity_id(plan, 'Семинар')}"
    per_school = activity_id(plan, "Программы школ")
    row = stack.gateway.get(f"/api/roadmap/activities/{per_school}", headers=stack.auth("school_staff")).json()
    revision = next(s["revision"] for s in row["schools"] if s["school_code"] == own)
    staff = stack.auth("school_staff") | {"If-Match": f'"{revision}"'}
    plan_url = f"{PLANS}/{plan['id']}"
    meeting_headers, seminar_headers, plan_headers = (etag(stack, url) for url in (meeting, seminar, plan_url))
    return [
        lambda: stack.gateway.patch(meeting, json={"deadline_text": horizon(4 + round_)}, headers=meeting_headers),
        lambda: stack.gateway.patch(seminar, json={"title": f"Семинар {round_}"}, headers=seminar_headers),
        lambda: stack.gateway.patch(
            f"/api/roadmap/activities/{per_school}/schools/{own}", json={"status": "done"}, headers=staff
        ),
        lambda: stack.gateway.patch(plan_url, json={"title": f"Карта, правка {round_}"}, headers=plan_headers),
    ]


def test_concurrent_writers_of_one_plan_leave_the_read_model_as_a_rebuild(stack: Stack) -> None:
    own = stack.territory["school"]["code"]
    for round_ in range(ROUNDS):
        plan = municipal_plan(stack, f"Карта для одновременных правок {round_}")
        answers = at_once(_writes(stack, plan, round_))
        statuses = [a.status_code for a in answers]
        assert statuses[:3] == [200, 200, 200] and statuses[3] in (200, 412), [(a.status_code, a.text) for a in answers]
        assert_follows(stack)
        items = [i for i in listed(stack) if i["plan_id"] == plan["id"]]
        title = f"Карта, правка {round_}" if statuses[3] == 200 else plan["title"]
        assert {i["plan_title"] for i in items} == {title}
        assert next(i["days_left"] for i in items if i["title"] == "Совещание") == 4 + round_
        assert f"Семинар {round_}" in {i["title"] for i in items}
        assert [i for i in listed(stack, "school_staff") if i["plan_id"] == plan["id"]] == []
        assert [i["school_code"] for i in listed(stack, school_code=own) if i["plan_id"] == plan["id"]] == []
