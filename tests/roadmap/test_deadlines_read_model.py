"""The deadlines read model (`deadline_entry`) follows every kind of write to plans, sections, activities,
occurrences and per-school rows, in the write's own transaction; keyset pages and the capped total.

After each write through HTTP, the entries kept equal the entries selected afresh from the plan tables (the
rebuild is run in a transaction that is rolled back), and `/me/deadlines` shows the change.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select, update
from sqlmodel import col

from services.roadmap.deadlines import read_model
from services.roadmap.deadlines.models import DeadlineEntry
from services.roadmap.plans.models import Activity, ActivityOccurrence
from tests.conftest import Stack
from tests.roadmap.plan_rows import add_activity, add_plan, roadmap_session

PLANS = "/api/roadmap/plans"
DEADLINES = "/api/roadmap/me/deadlines"
YEAR = "2025-2026"
COLUMNS = [column for column in DeadlineEntry.__table__.columns if column.name != "id"]  # type: ignore[attr-defined]


def entries(connection: Any) -> Counter[tuple[Any, ...]]:
    return Counter(tuple(row) for row in connection.execute(select(*COLUMNS)))


def assert_follows(stack: Stack) -> None:
    """The kept entries are exactly what the plan tables give now."""
    with roadmap_session(stack.settings) as session:
        connection = session.connection()
        kept = entries(connection)
        read_model.rebuild(connection)
        fresh = entries(connection)
        session.rollback()
    assert kept == fresh, {"kept only": kept - fresh, "fresh only": fresh - kept}


def listed(stack: Stack, username: str = "municipal_coordinator", **params: Any) -> list[dict[str, Any]]:
    answer = stack.gateway.get(DEADLINES, params={"days": 365, "per_page": 500, **params}, headers=stack.auth(username))
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def titles(stack: Stack, plan_id: int, username: str = "municipal_coordinator") -> list[str]:
    return sorted(item["title"] for item in listed(stack, username) if item["plan_id"] == plan_id)


def etag(stack: Stack, url: str, username: str = "municipal_coordinator") -> dict[str, str]:
    answer = stack.gateway.get(url, headers=stack.auth(username))
    assert answer.status_code == 200, answer.text
    return stack.auth(username) | {"If-Match": answer.headers["ETag"]}


def horizon(days: int) -> str:
    return (date.today() + timedelta(days=days)).strftime("%d.%m.%Y")


def municipal_plan(stack: Stack, title: str = "Дорожная карта для проверки сроков") -> dict[str, Any]:
    own = stack.territory["school"]["code"]
    other = next(s["code"] for s in stack.territory["curated_schools"] if s["code"] != own)
    body = {
        "kind": "municipal_roadmap",
        "title": title,
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": YEAR,
        "sections": [
            {
                "number": "1",
                "title": "Адресная поддержка",
                "activities": [
                    {"number": "1.1", "title": "Совещание", "deadline_text": horizon(10)},
                    {"number": "1.2", "title": "Семинар", "deadline_text": horizon(20)},
                    {
                        "number": "1.3",
                        "title": "Программы школ",
                        "deadline_text": horizon(30),
                        "school_codes": [own, other],
                    },
                ],
            }
        ],
    }
    answer = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator"))
    assert answer.status_code == 201, answer.text
    plan: dict[str, Any] = answer.json()
    return plan


def activity_id(plan: dict[str, Any], title: str) -> int:
    return next(a["id"] for s in plan["sections"] for a in s["activities"] if a["title"] == title)


@pytest.fixture
def plan(stack: Stack) -> dict[str, Any]:
    return municipal_plan(stack)


def test_a_new_plan_has_its_entries(stack: Stack, plan: dict[str, Any]) -> None:
    assert titles(stack, plan["id"]) == ["Программы школ", "Семинар", "Совещание"]
    own = stack.territory["school"]["code"]
    assert [i["title"] for i in listed(stack, "school_staff") if i["plan_id"] == plan["id"]] == ["Программы школ"]
    assert [i["school_code"] for i in listed(stack, school_code=own) if i["plan_id"] == plan["id"]] == [own]
    assert_follows(stack)


def test_a_section_and_an_activity_added(stack: Stack, plan: dict[str, Any]) -> None:
    headers = etag(stack, f"{PLANS}/{plan['id']}")
    section = stack.gateway.post(
        f"{PLANS}/{plan['id']}/sections", json={"number": "2", "title": "Мониторинг"}, headers=headers
    )
    assert section.status_code == 201, section.text
    section_id = section.json()["sections"][-1]["id"]
    added = stack.gateway.post(
        f"{PLANS}/{plan['id']}/sections/{section_id}/activities",
        json={"title": "Новое мероприятие", "deadline_text": horizon(5)},
        headers=etag(stack, f"{PLANS}/{plan['id']}"),
    )
    assert added.status_code == 201, added.text
    item = next(i for i in listed(stack) if i["title"] == "Новое мероприятие")
    assert item["section_title"] == "Мониторинг"
    assert_follows(stack)


def test_an_activitys_new_deadline_and_title(stack: Stack, plan: dict[str, Any]) -> None:
    url = f"/api/roadmap/activities/{activity_id(plan, 'Совещание')}"
    changed = stack.gateway.patch(
        url, json={"title": "Совещание директоров", "deadline_text": horizon(3)}, headers=etag(stack, url)
    )
    assert changed.status_code == 200, changed.text
    item = next(i for i in listed(stack) if i["plan_id"] == plan["id"] and i["title"] == "Совещание директоров")
    assert item["days_left"] == 3
    assert_follows(stack)


def test_an_activity_done_or_deleted_leaves(stack: Stack, plan: dict[str, Any]) -> None:
    url = f"/api/roadmap/activities/{activity_id(plan, 'Совещание')}"
    assert stack.gateway.patch(url, json={"status": "done"}, headers=etag(stack, url)).status_code == 200
    assert titles(stack, plan["id"]) == ["Программы школ", "Семинар"]
    assert_follows(stack)
    url = f"/api/roadmap/activities/{activity_id(plan, 'Семинар')}"
    assert stack.gateway.delete(url, headers=etag(stack, url)).status_code == 204
    assert titles(stack, plan["id"]) == ["Программы школ"]
    assert_follows(stack)


def test_a_schools_row_done_leaves_that_schools_list(stack: Stack, plan: dict[str, Any]) -> None:
    own = stack.territory["school"]["code"]
    activity = activity_id(plan, "Программы школ")
    row = stack.gateway.get(f"/api/roadmap/activities/{activity}", headers=stack.auth("school_staff"))
    revision = next(s["revision"] for s in row.json()["schools"] if s["school_code"] == own)
    reported = stack.gateway.patch(
        f"/api/roadmap/activities/{activity}/schools/{own}",
        json={"status": "done"},
        headers=stack.auth("school_staff") | {"If-Match": f'"{revision}"'},
    )
    assert reported.status_code == 200, reported.text
    assert [i for i in listed(stack, "school_staff") if i["plan_id"] == plan["id"]] == []
    assert "Программы школ" in titles(stack, plan["id"]), "the territory's own deadline stays"
    assert_follows(stack)


def test_approval_title_and_archive(stack: Stack, plan: dict[str, Any]) -> None:
    renamed = stack.gateway.patch(
        f"{PLANS}/{plan['id']}", json={"title": "Дорожная карта (новая)"}, headers=etag(stack, f"{PLANS}/{plan['id']}")
    )
    assert renamed.status_code == 200, renamed.text
    assert {i["plan_title"] for i in listed(stack) if i["plan_id"] == plan["id"]} == {"Дорожная карта (новая)"}
    assert_follows(stack)
    approved = stack.gateway.post(
        f"{PLANS}/{plan['id']}/approve",
        json={"order_number": "15-од", "order_date": date.today().isoformat()},
        headers=etag(stack, f"{PLANS}/{plan['id']}"),
    )
    assert approved.status_code == 200, approved.text
    assert {i["plan_status"] for i in listed(stack) if i["plan_id"] == plan["id"]} == {"approved"}
    assert_follows(stack)
    copy = stack.gateway.post(f"{PLANS}/{plan['id']}/versions", headers=etag(stack, f"{PLANS}/{plan['id']}"))
    assert copy.status_code == 201, copy.text
    assert titles(stack, copy.json()["id"]) == titles(stack, plan["id"]), "the new version's draft has its own"
    assert_follows(stack)
    archived = stack.gateway.post(f"{PLANS}/{plan['id']}/archive", headers=etag(stack, f"{PLANS}/{plan['id']}"))
    assert archived.status_code == 200, archived.text
    assert titles(stack, plan["id"]) == []
    assert_follows(stack)


def test_a_stage_marked_done_leaves(stack: Stack) -> None:
    today = date.today()
    first, last = today + timedelta(days=5), today + timedelta(days=40)
    text = f"{first:%d.%m.%Y} (входной), {last:%d.%m.%Y} (итоговый)"
    plan = municipal_plan(stack, "Дорожная карта с этапами")
    url = f"/api/roadmap/activities/{activity_id(plan, 'Совещание')}"
    assert stack.gateway.patch(url, json={"deadline_text": text}, headers=etag(stack, url)).status_code == 200
    stages = stack.gateway.get(url, headers=stack.auth("municipal_coordinator")).json()["stages"]
    assert len([i for i in listed(stack) if i["plan_id"] == plan["id"] and i["title"] == "Совещание"]) == 2
    marked = stack.gateway.patch(f"{url}/stages/{stages[0]['id']}", json={"done": True}, headers=etag(stack, url))
    assert marked.status_code == 200, marked.text
    left = [i for i in listed(stack) if i["plan_id"] == plan["id"] and i["title"] == "Совещание"]
    assert [i["due"] for i in left] == [last.isoformat()]
    assert_follows(stack)


def test_rows_written_by_a_session_are_followed(stack: Stack) -> None:
    """Writes outside the service (tools, the tests' own scenes) go through sessions and are followed too."""
    t = stack.territory
    with roadmap_session(stack.settings) as session:
        rows = add_plan(session, title="План из сессии", region=t["region"]["code"], municipality="SESSION-MUN")
        add_activity(session, rows, "Из сессии", [date.today() + timedelta(days=2)])
        closed = add_activity(session, rows, "Закрыто запросом", [date.today() + timedelta(days=3)])
    assert titles(stack, rows.plan_id, "regional_analyst") == ["Закрыто запросом", "Из сессии"]
    assert_follows(stack)
    with roadmap_session(stack.settings) as session:  # an UPDATE statement, as `compare_and_set` runs them
        session.execute(update(Activity).where(col(Activity.id) == closed).values(status="done"))
    assert titles(stack, rows.plan_id, "regional_analyst") == ["Из сессии"]
    assert_follows(stack)
    with roadmap_session(stack.settings) as session:  # a bulk DELETE of occurrences
        session.execute(delete(ActivityOccurrence).where(col(ActivityOccurrence.activity_id).in_(rows.activities)))
    assert titles(stack, rows.plan_id, "regional_analyst") == []
    assert_follows(stack)


def test_keyset_pages_give_the_whole_list_once(stack: Stack, plan: dict[str, Any]) -> None:
    whole = listed(stack, "admin")
    seen: list[dict[str, Any]] = []
    params: dict[str, Any] = {"per_page": 2, "days": 365}
    for _ in range(len(whole)):
        answer = stack.gateway.get(DEADLINES, params=params, headers=stack.auth("admin")).json()
        assert answer["total"] == len(whole) and "total_capped" not in answer
        seen += answer["items"]
        if "next_cursor" not in answer:
            break
        params["cursor"] = answer["next_cursor"]
    key = [(i["occurrence_id"], i["school_code"]) for i in seen]
    assert key == [(i["occurrence_id"], i["school_code"]) for i in whole]
    assert len(set(key)) == len(key)


def test_a_bad_cursor_is_a_clear_422(stack: Stack) -> None:
    for cursor in ("not-a-cursor", "WzEsMiwzXQ", "!!"):
        answer = stack.gateway.get(DEADLINES, params={"cursor": cursor}, headers=stack.auth("admin"))
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == "invalid_cursor" and "курсор" in answer.json()["detail"]


def test_the_total_stops_counting_at_a_thousand(stack: Stack) -> None:
    """A long list is not counted to its end on every page: past 1,000 the total says `total_capped`."""
    t = stack.territory
    with roadmap_session(stack.settings) as session:
        rows = add_plan(session, title="Очень длинный план", region=t["region"]["code"], municipality="LONG-MUN")
        add_activity(session, rows, "Ежедневно", [date.today() + timedelta(days=1)] * 1005)
    page = stack.gateway.get(DEADLINES, params={"per_page": 10}, headers=stack.auth("admin")).json()
    assert page["total"] == 1000 and page["total_capped"] is True and len(page["items"]) == 10
    assert page["next_cursor"]
    assert_follows(stack)
