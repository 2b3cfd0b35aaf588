"""`/api/roadmap/monitoring`: the coordinator's table of schools × done / in work / overdue / without evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import select

from services.roadmap.plans.models import ActivityOccurrence, Evidence
from tests.conftest import Stack
from tests.roadmap.plan_rows import add_activity, add_plan, roadmap_session

URL = "/api/roadmap/monitoring"
SCHOOL = "MON-SCHOOL-1"


@dataclass
class Scene:
    own: int
    municipal: int
    draft: int
    other_municipality: int


@pytest.fixture(scope="module")
def scene(stack: Stack) -> Scene:
    today = date.today()
    t = stack.territory
    region, municipality, staff_school = t["region"]["code"], t["municipality"]["code"], t["school"]["code"]
    past, future = today - timedelta(days=5), today + timedelta(days=20)
    with roadmap_session(stack.settings) as session:
        own = add_plan(session, title="Программа школы МОН", region=region, municipality=municipality, school=SCHOOL)
        add_activity(session, own, "Просрочено", [past])
        add_activity(session, own, "Просрочено в работе", [past], status="in_progress")
        add_activity(session, own, "В работе", [future], status="in_progress")
        add_activity(session, own, "Запланировано", [future])
        add_activity(session, own, "Выполнено без документа", [past], status="done")
        proved = add_activity(session, own, "Выполнено с документом", [past], status="done")
        add_activity(session, own, "Отменено", [past], status="cancelled")
        # a passed stage marked done, the next one ahead: in work, not overdue
        staged = add_activity(session, own, "Этапы", [past, future], status="in_progress")
        session.add(
            Evidence(
                activity_id=proved,
                kind="link",
                title="Приказ",
                url="https://example.org/order",
                created_by="user:1",
                created_by_name="Тест",
            )
        )
        first = session.exec(
            select(ActivityOccurrence).where(ActivityOccurrence.activity_id == staged, ActivityOccurrence.due == past)
        ).one()
        first.completed_on = past
        session.add(first)
        municipal = add_plan(session, title="Дорожная карта МОН", region=region, municipality=municipality)
        add_activity(session, municipal, "По школам", [past], per_school=[(SCHOOL, "planned"), (staff_school, "done")])
        draft = add_plan(
            session, title="Проект МОН", region=region, municipality=municipality, school=SCHOOL, status="draft"
        )
        add_activity(session, draft, "Из проекта", [past])
        other = add_plan(session, title="Другой район МОН", region=region, municipality="OTHER-MUN", school="MON-2")
        add_activity(session, other, "Чужое", [past])
    return Scene(own.plan_id, municipal.plan_id, draft.plan_id, other.plan_id)


def table(stack: Stack, username: str, **params: Any) -> dict[str, Any]:
    answer = stack.gateway.get(URL, params=params, headers=stack.auth(username))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def school_row(body: dict[str, Any], code: str) -> dict[str, Any] | None:
    return next((s for s in body["schools"] if s["school_code"] == code), None)


def test_the_coordinator_sees_each_school_with_its_counts(stack: Stack, scene: Scene) -> None:
    body = table(stack, "municipal_coordinator")
    row = school_row(body, SCHOOL)
    assert row is not None and "Одна строка на школу" in body["definition"]
    plans = {p["id"]: p["counts"] for p in row["plans"]}
    assert set(plans) == {scene.own, scene.municipal}  # the draft does not count
    assert plans[scene.own] == {"done": 2, "in_work": 3, "overdue": 2, "no_evidence": 1, "total": 7}
    assert plans[scene.municipal] == {"done": 0, "in_work": 0, "overdue": 1, "no_evidence": 0, "total": 1}
    assert row["counts"] == {"done": 2, "in_work": 3, "overdue": 3, "no_evidence": 1, "total": 8}
    assert school_row(body, "MON-2") is None  # another municipality's school
    overdue = [s["counts"]["overdue"] for s in body["schools"]]
    assert overdue == sorted(overdue, reverse=True)
    assert body["totals"]["overdue"] == sum(overdue)


def test_a_status_filter_keeps_the_schools_that_have_it(stack: Stack, scene: Scene) -> None:
    body = table(stack, "municipal_coordinator", status="no_evidence")
    assert school_row(body, SCHOOL) is not None
    assert all(s["counts"]["no_evidence"] > 0 for s in body["schools"])
    year = date.today().year
    assert school_row(table(stack, "municipal_coordinator", school_year=f"{year - 5}-{year - 4}"), SCHOOL) is None
    assert school_row(table(stack, "municipal_coordinator", school_year=f"{year}/{year + 1}"), SCHOOL) is not None


def test_school_staff_see_only_their_school(stack: Stack, scene: Scene) -> None:
    body = table(stack, "school_staff")
    assert school_row(body, SCHOOL) is None  # another school of the municipality
    row = school_row(body, stack.territory["school"]["code"])
    assert row is not None
    municipal = next(p for p in row["plans"] if p["id"] == scene.municipal)
    assert municipal["counts"] == {"done": 1, "in_work": 0, "overdue": 0, "no_evidence": 1, "total": 1}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"status": "late"}, "validation_error"),
        ({"school_year": "2024"}, "validation_error"),
        ({"municipality": "a b/c"}, "validation_error"),
    ],
)
def test_bad_requests_are_refused_in_russian(stack: Stack, params: dict[str, str], code: str) -> None:
    answer = stack.gateway.get(URL, params=params, headers=stack.auth("municipal_coordinator"))
    assert answer.status_code == 422 and answer.json()["code"] == code
    assert stack.gateway.get(URL).status_code == 401
