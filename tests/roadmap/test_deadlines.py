"""`/api/roadmap/me/deadlines` through the gateway: scope per role, windows, per-school rows, ETag, pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import Stack
from tests.roadmap.plan_rows import PlanRows, add_activity, add_party, add_plan, roadmap_session

URL = "/api/roadmap/me/deadlines"
OTHER_SCHOOL = "9901009"
"""A school of the coordinator's municipality other than the staff's and the curated ones (the demo region is seeded
the same every time): a filter by a school identification does not know is refused (422 `unknown_school`)."""


def user_subject(stack: Stack, username: str) -> str:
    me = stack.gateway.get("/api/auth/me", headers=stack.auth(username))
    assert me.status_code == 200, me.text
    return f"user:{me.json()['id']}"


@dataclass
class Scene:
    today: date
    titles: dict[str, str]
    """activity title → plan label, to read assertions by name."""


def _scene(stack: Stack) -> Scene:
    today = date.today()
    t = stack.territory
    region, municipality, school = t["region"]["code"], t["municipality"]["code"], t["school"]["code"]
    curated_other = [s["code"] for s in t["curated_schools"] if s["code"] != school]
    staff = user_subject(stack, "school_staff")
    titles: dict[str, str] = {}

    def activity(rows: PlanRows, plan: str, title: str, dues: list[date], **kw: Any) -> None:
        titles[title] = plan
        add_activity(session, rows, title, dues, **kw)

    with roadmap_session(stack.settings) as session:
        mine = add_party(session, "Иванова М.А.", user_subject=staff)
        someone = add_party(session, "Бабкина Н.А.", user_subject="user:9999")
        own = add_plan(session, title="Программа школы", region=region, municipality=municipality, school=school)
        activity(own, "own", "Просрочено", [today - timedelta(days=3)], responsible=[someone])
        activity(own, "own", "Скоро", [today + timedelta(days=5)], responsible=[someone])
        activity(own, "own", "Нескоро", [today + timedelta(days=40)])
        activity(own, "own", "Выполнено", [today + timedelta(days=2)], status="done")
        activity(own, "own", "Отменено", [today - timedelta(days=2)], status="cancelled")
        activity(
            own,
            "own",
            "Ежемесячно",
            [today - timedelta(days=10), today + timedelta(days=7), today + timedelta(days=100)],
        )
        activity(own, "own", "Моё", [today + timedelta(days=3)], responsible=[mine, someone], status="in_progress")
        other = add_plan(session, title="Чужая школа", region=region, municipality=municipality, school=OTHER_SCHOOL)
        activity(other, "other_school", "Чужое", [today + timedelta(days=1)], responsible=[mine])
        municipal = add_plan(session, title="Дорожная карта", region=region, municipality=municipality)
        rows = [(school, "in_progress"), (OTHER_SCHOOL, "planned")] + [(c, "done") for c in curated_other]
        activity(municipal, "municipal", "По школам", [today + timedelta(days=6)], per_school=rows)
        activity(municipal, "municipal", "Совещание", [today + timedelta(days=4)])
        other_mun = add_plan(session, title="Другой район", region=region, municipality="OTHER-MUN")
        activity(other_mun, "other_municipality", "Районное", [today + timedelta(days=2)])
        other_region = add_plan(session, title="Другой регион", region="OTHER-REG", municipality="OTHER-REG-MUN")
        activity(other_region, "other_region", "Региональное", [today + timedelta(days=2)])
        archived = add_plan(
            session, title="Архив", region=region, municipality=municipality, school=school, status="archived"
        )
        activity(archived, "archived", "Архивное", [today + timedelta(days=1)])
        draft = add_plan(
            session, title="Черновик", region=region, municipality=municipality, school=school, status="draft"
        )
        activity(draft, "draft", "Из черновика", [today + timedelta(days=8)])
    return Scene(today, titles)  # fmt: skip


@pytest.fixture(scope="module")
def scene(stack: Stack) -> Scene:
    return _scene(stack)


def deadlines(stack: Stack, username: str, **params: Any) -> dict[str, Any]:
    answer = stack.gateway.get(URL, params={"per_page": 500, **params}, headers=stack.auth(username))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def titles(body: dict[str, Any]) -> list[str]:
    return sorted(item["title"] for item in body["items"])


OWN = ["Ежемесячно", "Ежемесячно", "Моё", "Просрочено", "Скоро"]


def test_school_staff_sees_its_school_and_its_rows_of_territory_plans_only(stack: Stack, scene: Scene) -> None:
    body = deadlines(stack, "school_staff")
    assert titles(body) == sorted([*OWN, "По школам", "Из черновика"])
    school = stack.territory["school"]["code"]
    assert {item["school_code"] for item in body["items"]} == {school}
    row = next(item for item in body["items"] if item["title"] == "По школам")
    assert row["status"] == "in_progress", "the school's own row gives the status"
    assert body["total"] == len(body["items"])


def test_curator_sees_open_rows_of_its_schools_only(stack: Stack, scene: Scene) -> None:
    body = deadlines(stack, "curator")
    assert titles(body) == sorted([*OWN, "По школам", "Из черновика"]), "done rows of other curated schools stay out"
    assert OTHER_SCHOOL not in {item["school_code"] for item in body["items"]}


def test_territory_roles_see_their_territory(stack: Stack, scene: Scene) -> None:
    municipal = [*OWN, "Чужое", "По школам", "Совещание", "Из черновика"]
    assert titles(deadlines(stack, "municipal_coordinator")) == sorted(municipal)
    regional = sorted([*municipal, "Районное"])
    assert titles(deadlines(stack, "regional_analyst")) == regional
    assert titles(deadlines(stack, "observer")) == regional
    assert titles(deadlines(stack, "admin")) == sorted([*regional, "Региональное"])
    one = deadlines(stack, "municipal_coordinator")["items"]
    assert [i["school_code"] for i in one if i["title"] == "По школам"] == [None], "once for the territory"


def test_school_filter_expands_per_school_rows(stack: Stack, scene: Scene) -> None:
    body = deadlines(stack, "municipal_coordinator", school_code=OTHER_SCHOOL)
    assert titles(body) == ["По школам", "Чужое"]
    assert {item["school_code"] for item in body["items"]} == {OTHER_SCHOOL}
    assert deadlines(stack, "school_staff", school_code=OTHER_SCHOOL)["items"] == []


def test_overdue_and_soon_and_window(stack: Stack, scene: Scene) -> None:
    items = deadlines(stack, "school_staff")["items"]
    dues = [item["due"] for item in items]
    assert dues == sorted(dues), "sorted by due date"
    overdue = {item["title"]: item for item in items if item["overdue"]}
    assert sorted(overdue) == ["Ежемесячно", "Просрочено"]
    assert overdue["Просрочено"]["days_left"] == -3
    soon = next(item for item in items if item["title"] == "Скоро")
    assert soon["days_left"] == 5 and soon["overdue"] is False
    assert soon["plan_title"] == "Программа школы" and soon["section_number"] == "1"
    assert len(soon["section_title"]) <= 80 and soon["section_title"].endswith("…")
    wide = titles(deadlines(stack, "school_staff", days=60))
    assert "Нескоро" in wide and wide.count("Ежемесячно") == 2
    narrow = titles(deadlines(stack, "school_staff", days=4))
    assert narrow == ["Ежемесячно", "Моё", "Просрочено"]


def test_mine_lists_only_activities_naming_the_caller(stack: Stack, scene: Scene) -> None:
    assert titles(deadlines(stack, "school_staff", mine="true")) == ["Моё"]
    assert titles(deadlines(stack, "municipal_coordinator", mine="true")) == []
    assert titles(deadlines(stack, "admin", mine="true")) == []


def test_etag_answers_304_without_body(stack: Stack, scene: Scene) -> None:
    first = stack.gateway.get(URL, headers=stack.auth("school_staff"))
    assert first.status_code == 200
    assert first.headers["cache-control"] == "private, no-cache"
    tag = first.headers["etag"]
    again = stack.gateway.get(URL, headers={**stack.auth("school_staff"), "If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    other = stack.gateway.get(URL, headers={**stack.auth("municipal_coordinator"), "If-None-Match": tag})
    assert other.status_code == 200, "another caller's list has another tag"
    changed = stack.gateway.get(URL, params={"days": 60}, headers={**stack.auth("school_staff"), "If-None-Match": tag})
    assert changed.status_code == 200


def test_pages(stack: Stack, scene: Scene) -> None:
    whole = deadlines(stack, "admin")["items"]
    pages = [deadlines(stack, "admin", page=n, per_page=3) for n in (1, 2, 3, 4, 5)]
    assert all(page["total"] == len(whole) for page in pages)
    joined = [item for page in pages for item in page["items"]]
    assert [(i["occurrence_id"], i["school_code"]) for i in joined] == [
        (i["occurrence_id"], i["school_code"]) for i in whole
    ]
    assert deadlines(stack, "admin", page=50, per_page=3) | {"items": []} == {
        "items": [],
        "total": len(whole),
        "page": 50,
        "per_page": 3,
    }


def test_invalid_window_and_no_token(stack: Stack, scene: Scene) -> None:
    answer = stack.gateway.get(URL, params={"days": 0}, headers=stack.auth("school_staff"))
    assert answer.status_code == 422 and answer.json()["code"] == "validation_error"
    assert stack.gateway.get(URL).status_code == 401


def test_the_answer_is_the_pages_model_byte_for_byte(stack: Stack, scene: Scene) -> None:
    """The list is serialised without building the models (the phone's hot path): its bytes are exactly what
    `DeadlinePage` answers for the same content, for every role and with the optional fields set."""
    from services.roadmap.deadlines.schemas import DeadlinePage

    for username, params in (
        ("school_staff", {"days": 60}),
        ("municipal_coordinator", {}),
        ("regional_analyst", {"per_page": 2}),
        ("admin", {"days": 365, "school_code": OTHER_SCHOOL}),
    ):
        answer = stack.gateway.get(URL, params=params, headers=stack.auth(username))
        assert answer.status_code == 200, answer.text
        assert answer.json()["items"], username
        assert DeadlinePage.model_validate_json(answer.content).body() == answer.content, username
