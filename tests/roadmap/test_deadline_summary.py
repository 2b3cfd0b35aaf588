"""One count of overdue deadlines: `/me/deadlines/summary` equals the list, a plan's page, and drafts never count."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import Stack
from tests.roadmap.plan_rows import add_activity, add_plan, roadmap_session
from tests.roadmap.test_deadlines import Scene, _scene, deadlines

SUMMARY = "/api/roadmap/me/deadlines/summary"


@pytest.fixture(scope="module")
def scene(stack: Stack) -> Scene:
    return _scene(stack)


@pytest.fixture(scope="module")
def draft_plan(stack: Stack, scene: Scene) -> int:
    """A draft programme of the school whose every date has passed: nothing in it is overdue."""
    t = stack.territory
    with roadmap_session(stack.settings) as session:
        rows = add_plan(
            session,
            title="Проект программы",
            region=t["region"]["code"],
            municipality=t["municipality"]["code"],
            school=t["school"]["code"],
            status="draft",
        )
        add_activity(session, rows, "Прошедший срок проекта", [scene.today - timedelta(days=20)])
        add_activity(session, rows, "Этапы проекта", [scene.today - timedelta(days=9), scene.today - timedelta(days=2)])
    return rows.plan_id


def summary(stack: Stack, username: str, **params: Any) -> dict[str, Any]:
    answer = stack.gateway.get(SUMMARY, params=params, headers=stack.auth(username))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


@pytest.mark.parametrize("username", ["school_staff", "municipal_coordinator", "observer", "admin", "curator"])
def test_the_summary_counts_exactly_the_list(stack: Stack, draft_plan: int, username: str) -> None:
    items = deadlines(stack, username)["items"]
    counts = summary(stack, username)
    assert counts["overdue"] == sum(item["overdue"] for item in items)
    assert counts["due_soon"] == sum(date.fromisoformat(item["due"]) >= date.today() for item in items)
    assert counts["days"] >= 1 and "проектов планов" in counts["definition"]
    wide = summary(stack, username, days=60)
    assert wide["due_soon"] == sum(
        date.fromisoformat(i["due"]) >= date.today() for i in deadlines(stack, username, days=60)["items"]
    )


def test_a_drafts_dates_are_listed_but_never_overdue(stack: Stack, draft_plan: int) -> None:
    items = [i for i in deadlines(stack, "school_staff")["items"] if i["plan_id"] == draft_plan]
    assert len(items) == 3 and all(i["plan_status"] == "draft" and not i["overdue"] for i in items)
    assert summary(stack, "school_staff", plan_id=draft_plan)["overdue"] == 0
    headers = stack.auth("school_staff")
    progress = stack.gateway.get(f"/api/roadmap/plans/{draft_plan}/progress", headers=headers).json()
    assert progress["plan"]["counts"]["overdue"] == 0
    plan = stack.gateway.get(f"/api/roadmap/plans/{draft_plan}", headers=headers).json()
    assert not any(a["overdue"] for s in plan["sections"] for a in s["activities"])


def test_a_plans_overdue_is_the_same_on_its_page_and_in_the_list(stack: Stack, draft_plan: int) -> None:
    items = deadlines(stack, "school_staff")["items"]
    own = next(i["plan_id"] for i in items if i["title"] == "Просрочено")
    listed = [i for i in items if i["plan_id"] == own and i["overdue"]]
    assert summary(stack, "school_staff", plan_id=own)["overdue"] == len(listed) == 2
    assert summary(stack, "school_staff", plan_id=987654)["overdue"] == 0


def test_bad_summary_requests_are_refused(stack: Stack) -> None:
    assert stack.gateway.get(SUMMARY).status_code == 401
    bad = stack.gateway.get(SUMMARY, params={"days": 0}, headers=stack.auth("admin"))
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"
    bad = stack.gateway.get(SUMMARY, params={"plan_id": "x"}, headers=stack.auth("admin"))
    assert bad.status_code == 422
