"""What the plan repository answers through HTTP: the history as typed events, the list's filters, the parts
of a plan reached only through a plan in the caller's territory (a section of another plan, an indicator or an
evidence item of another territory's plan)."""

from __future__ import annotations

from typing import Any

from tests.conftest import Stack

PLANS = "/api/roadmap/plans"
YEAR = "2024-2025"
EVENT_FIELDS = {"occurred_at", "actor_name", "action", "entity", "entity_id", "before", "after"}


def _plan(stack: Stack, username: str, title: str, **owner: str) -> dict[str, Any]:
    body = {
        "kind": "municipal_roadmap" if "municipality_code" in owner else "anti_risk_programme",
        "title": title,
        "school_year": YEAR,
        "sections": [{"title": "Раздел", "activities": [{"number": "1", "title": "Семинар", "deadline_text": "май"}]}],
    } | owner
    answer = stack.gateway.post(PLANS, json=body, headers=stack.auth(username))
    assert answer.status_code == 201, answer.text
    plan: dict[str, Any] = answer.json()
    return plan


def _other_municipality(stack: Stack) -> str:
    regions = stack.gateway.get("/api/identification/territories", headers=stack.auth("admin")).json()
    own = stack.territory["municipality"]["code"]
    return next(m["code"] for region in regions for m in region["municipalities"] if m["code"] != own)


def test_the_history_is_typed_events_of_the_plan_its_activities_and_schools(stack: Stack) -> None:
    plan = _plan(stack, "school_staff", "Программа с историей", school_code=stack.territory["school"]["code"])
    activity = plan["sections"][0]["activities"][0]
    url = f"/api/roadmap/activities/{activity['id']}"
    etag = stack.gateway.get(url, headers=stack.auth("school_staff")).headers["ETag"]
    changed = stack.gateway.patch(url, json={"progress": 30}, headers=stack.auth("school_staff") | {"If-Match": etag})
    assert changed.status_code == 200, changed.text
    history = stack.gateway.get(f"{PLANS}/{plan['id']}/history", headers=stack.auth("observer"))
    assert history.status_code == 200
    events = history.json()
    assert all(set(event) == EVENT_FIELDS for event in events)
    assert [(e["action"], e["entity"], e["entity_id"]) for e in events] == [
        ("create", "plan", str(plan["id"])),
        ("update", "activity", str(activity["id"])),
    ]
    assert events[1]["before"] == {"progress": 0} and events[1]["after"] == {"progress": 30}
    schema = stack.services["roadmap"].get("/api/roadmap/openapi.json").json()
    answer = schema["paths"]["/api/roadmap/plans/{plan_id}/history"]["get"]["responses"]["200"]
    items = answer["content"]["application/json"]["schema"]["items"]
    assert items == {"$ref": "#/components/schemas/PlanEvent"}
    assert set(schema["components"]["schemas"]["PlanEvent"]["properties"]) == EVENT_FIELDS


def test_the_list_filters_by_kind_status_owner_and_words(stack: Stack) -> None:
    municipality = stack.territory["municipality"]["code"]
    school = stack.territory["school"]["code"]
    roadmap = _plan(stack, "municipal_coordinator", "Дорожная карта «Фильтр-сова»", municipality_code=municipality)
    programme = _plan(stack, "school_staff", "Программа «Фильтр-сова»", school_code=school)
    headers = stack.auth("municipal_coordinator")

    def found(**params: str) -> set[int]:
        answer = stack.gateway.get(PLANS, params={"per_page": 500, **params}, headers=headers)
        assert answer.status_code == 200, answer.text
        return {p["id"] for p in answer.json()["items"]} & {roadmap["id"], programme["id"]}

    assert found(q="фильтр-сова") == {roadmap["id"], programme["id"]}
    assert found(q="фильтр-сова", kind="municipal_roadmap") == {roadmap["id"]}
    assert found(q="фильтр-сова", school_code=school) == {programme["id"]}
    assert found(q="фильтр-сова", municipality=municipality, status="draft") == {roadmap["id"], programme["id"]}
    assert found(q="фильтр-сова", status="approved") == set()
    assert found(q=programme["owner_label"][:12]) >= {programme["id"]}  # the owner's name is searched too
    page = stack.gateway.get(PLANS, params={"q": "фильтр-сова", "per_page": 1}, headers=headers).json()
    assert page["total"] == 2 and len(page["items"]) == 1 and page["items"][0]["id"] == programme["id"]


def test_a_section_of_another_plan_is_404(stack: Stack) -> None:
    school = stack.territory["school"]["code"]
    first = _plan(stack, "school_staff", "Первая программа", school_code=school)
    second = _plan(stack, "school_staff", "Вторая программа", school_code=school)
    answer = stack.gateway.post(
        f"{PLANS}/{first['id']}/sections/{second['sections'][0]['id']}/activities",
        json={"title": "Чужой раздел"},
        headers=stack.auth("school_staff"),
    )
    assert answer.status_code == 404 and answer.json()["code"] == "section_not_found"


def test_an_indicator_or_evidence_of_another_territorys_plan_is_403_a_missing_one_404(stack: Stack) -> None:
    plan = _plan(stack, "admin", "Дорожная карта соседей", municipality_code=_other_municipality(stack))
    indicator = stack.gateway.post(
        f"{PLANS}/{plan['id']}/indicators", json={"name": "Доля школ", "unit": "%"}, headers=stack.auth("admin")
    )
    assert indicator.status_code == 201, indicator.text
    activity = plan["sections"][0]["activities"][0]
    evidence = stack.gateway.post(
        f"/api/roadmap/activities/{activity['id']}/evidence",
        data={"title": "Приказ"},
        files={"file": ("приказ.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        headers=stack.auth("admin"),
    )
    assert evidence.status_code == 201, evidence.text
    headers = stack.auth("municipal_coordinator")
    for answer in (
        stack.gateway.patch(f"/api/roadmap/indicators/{indicator.json()['id']}", json={"unit": "шт"}, headers=headers),
        stack.gateway.get(f"/api/roadmap/evidence/{evidence.json()['id']}/file", headers=headers),
        stack.gateway.get(f"{PLANS}/{plan['id']}/indicators", headers=headers),
    ):
        assert answer.status_code == 403 and answer.json()["code"] == "out_of_scope", answer.text
    missing_indicator = stack.gateway.patch("/api/roadmap/indicators/999999", json={"unit": "шт"}, headers=headers)
    assert missing_indicator.status_code == 404 and missing_indicator.json()["code"] == "indicator_not_found"
    missing_evidence = stack.gateway.get("/api/roadmap/evidence/999999/file", headers=headers)
    assert missing_evidence.status_code == 404 and missing_evidence.json()["code"] == "evidence_not_found"


def test_a_library_measure_is_listed_by_its_factor_changed_and_deleted(stack: Stack) -> None:
    headers = stack.auth("regional_analyst")
    url = "/api/roadmap/library/measures"

    def ids(factor: int) -> set[int]:
        return {m["id"] for m in stack.gateway.get(url, params={"risk_factor": factor}, headers=headers).json()}

    body = {"risk_factor": 9, "title": "Клуб «Совёнок» для родителей", "deadline_text": "ежегодно, октябрь"}
    created = stack.gateway.post(url, json=body, headers=headers)
    assert created.status_code == 201, created.text
    measure = created.json()
    listed = stack.gateway.get(url, params={"risk_factor": 9}, headers=headers).json()
    assert measure["id"] in {m["id"] for m in listed}
    assert measure["id"] not in {
        m["id"] for m in stack.gateway.get(url, params={"risk_factor": 8}, headers=headers).json()
    }
    changed = stack.gateway.put(
        f"{url}/{measure['id']}", json=body | {"title": "Клуб для родителей"}, headers=headers | {"If-Match": '"1"'}
    )
    assert changed.status_code == 200 and changed.json()["title"] == "Клуб для родителей"
    removed = stack.gateway.delete(f"{url}/{measure['id']}", headers=headers | {"If-Match": changed.headers["ETag"]})
    assert removed.status_code == 204, removed.text
    assert measure["id"] not in {
        m["id"] for m in stack.gateway.get(url, params={"risk_factor": 9}, headers=headers).json()
    }
    gone = stack.gateway.put(f"{url}/{measure['id']}", json=body, headers=headers)
    assert gone.status_code == 404 and gone.json()["code"] == "measure_not_found"
