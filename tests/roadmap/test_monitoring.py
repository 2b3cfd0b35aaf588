"""`/api/roadmap/monitoring`: the coordinator's table of schools × done / in work / overdue / without evidence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from sqlmodel import select

from services.roadmap.plans.models import ActivityOccurrence, Evidence, Plan
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


RUN = 424242


@pytest.fixture(scope="module")
def programmes(stack: Stack) -> list[int]:
    """Programmes formed from one agreed list: an approved one with a draft second version, a draft, an archived."""
    today = date.today()
    t = stack.territory
    region, municipality = t["region"]["code"], t["municipality"]["code"]
    ids: list[int] = []
    with roadmap_session(stack.settings) as session:
        for title, school, status in [
            ("Программа A", "CYC-1", "approved"),
            ("Программа A, версия 2", "CYC-1", "draft"),
            ("Программа B", "CYC-2", "draft"),
            ("Программа C", "CYC-3", "archived"),
        ]:
            rows = add_plan(
                session, title=title, region=region, municipality=municipality, school=school, status=status
            )
            add_activity(session, rows, "Выполнено", [today - timedelta(days=3)], status="done")
            add_activity(session, rows, "Просрочено", [today - timedelta(days=3)])
            ids.append(rows.plan_id)
        for plan_id in ids:
            plan = session.get(Plan, plan_id)
            assert plan is not None
            plan.identification_run_id = RUN
            plan.family_id = ids[0] if plan_id in ids[:2] else plan_id
            plan.version = 2 if plan_id == ids[1] else 1  # each version of a family once (a database rule)
            session.add(plan)
    return ids


def test_the_cycle_counts_the_programmes_of_an_agreed_list(stack: Stack, programmes: list[int]) -> None:
    headers = stack.auth("municipal_coordinator")
    answer = stack.gateway.get(f"{URL}/cycle", params={"run_id": RUN}, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "run_id": RUN,
        "programmes": 2,  # A (two versions) and B; the archived C does not count
        "approved": 1,
        "execution": {"done": 1, "in_work": 0, "overdue": 1, "no_evidence": 1, "total": 2},
    }
    table = stack.gateway.get(URL, params={"run_id": RUN}, headers=headers).json()
    assert [s["school_code"] for s in table["schools"]] == ["CYC-1"] and table["totals"] == answer.json()["execution"]
    other = stack.gateway.get(f"{URL}/cycle", params={"run_id": RUN + 1}, headers=headers).json()
    assert other["programmes"] == other["approved"] == other["execution"]["total"] == 0
    staff = stack.gateway.get(f"{URL}/cycle", params={"run_id": RUN}, headers=stack.auth("school_staff")).json()
    assert staff["programmes"] == 0  # other schools' programmes are out of a school's scope
    for bad in ("0", "x", str(2**63)):
        refused = stack.gateway.get(f"{URL}/cycle", params={"run_id": bad}, headers=headers)
        assert refused.status_code == 422 and refused.json()["code"] == "validation_error"
