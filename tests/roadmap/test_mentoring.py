"""Mentor school pairs through HTTP: forming a pair (schools read from identification), the mentor's staff
reading the supported school's plans while the pair lasts (and not editing them), suggestions of mentors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Stack

PAIRS = "/api/roadmap/mentor-pairs"
PLANS = "/api/roadmap/plans"
YEAR = "2023-2024"


def _ok(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def _schools(stack: Stack) -> list[dict[str, Any]]:
    answer = stack.gateway.get("/api/identification/schools", params={"per_page": 500}, headers=stack.auth("admin"))
    return list(_ok(answer)["items"])


@pytest.fixture(scope="module")
def places(stack: Stack) -> dict[str, Any]:
    mentor = stack.territory["school"]["code"]
    municipality = stack.territory["municipality"]["code"]
    schools = _schools(stack)
    neighbours = [
        s["school_code"] for s in schools if s["municipality_code"] == municipality and s["school_code"] != mentor
    ]
    outside = next(s["school_code"] for s in schools if s["municipality_code"] != municipality)
    return {"mentor": mentor, "supported": neighbours[0], "former": neighbours[1], "outside": outside}


def _plan(stack: Stack, school: str) -> int:
    body = {"kind": "mentoring_plan", "title": "План наставничества", "school_code": school, "school_year": "2024-2025"}
    return int(_ok(stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator")), 201)["id"])


def _pair(stack: Stack, mentor: str, supported: str, **extra: Any) -> httpx.Response:
    body = {
        "mentor_school_code": mentor,
        "supported_school_code": supported,
        "mentor_head": "Шаляпина Т.А.",
        "supported_head": "Иванов И.И.",
        "agreement_number": "12-С",
        "agreement_date": "2024-09-01",
        "rationale": "Стабильно высокие результаты ОГЭ по математике, опыт сетевого взаимодействия",
        "starts_on": "2024-09-01",
    } | extra
    return stack.gateway.post(PAIRS, json=body, headers=stack.auth("municipal_coordinator"))


def test_the_mentors_staff_read_the_supported_schools_plans(stack: Stack, places: dict[str, Any]) -> None:
    plan = _plan(stack, places["supported"])
    staff = stack.auth("school_staff")
    assert stack.gateway.get(f"{PLANS}/{plan}", headers=staff).status_code == 403
    pair = _ok(_pair(stack, places["mentor"], places["supported"], plan_id=plan), 201)
    assert pair["active"] and pair["municipality_code"] == stack.territory["municipality"]["code"]
    assert pair["mentor_school_name"] and pair["supported_school_name"] and pair["plan_id"] == plan
    read = stack.gateway.get(f"{PLANS}/{plan}", headers=staff)
    assert read.status_code == 200
    listed = _ok(stack.gateway.get(PLANS, params={"per_page": 500}, headers=staff))
    assert plan in {p["id"] for p in listed["items"]}
    edit = stack.gateway.patch(
        f"{PLANS}/{plan}", json={"title": "Чужой план"}, headers=staff | {"If-Match": read.headers["ETag"]}
    )
    assert edit.status_code == 403
    assert [p["id"] for p in _ok(stack.gateway.get(PAIRS, headers=staff))] == [pair["id"]]
    assert _ok(stack.gateway.get(f"{PAIRS}/{pair['id']}", headers=staff))["agreement_number"] == "12-С"


def test_an_ended_pair_shows_no_more(stack: Stack, places: dict[str, Any]) -> None:
    plan = _plan(stack, places["former"])
    ended = _ok(_pair(stack, places["mentor"], places["former"], starts_on="2022-09-01", ends_on="2023-06-30"), 201)
    assert not ended["active"]
    assert stack.gateway.get(f"{PLANS}/{plan}", headers=stack.auth("school_staff")).status_code == 403
    active = _ok(stack.gateway.get(PAIRS, params={"active": True}, headers=stack.auth("municipal_coordinator")))
    assert ended["id"] not in {p["id"] for p in active}


def test_pairs_are_checked(stack: Stack, places: dict[str, Any]) -> None:
    outside = _pair(stack, places["mentor"], places["outside"], starts_on="2025-01-01")
    assert outside.status_code == 403 and outside.json()["code"] == "out_of_scope"
    assert _pair(stack, places["mentor"], places["mentor"]).status_code == 422
    assert _pair(stack, places["mentor"], places["supported"], ends_on="2020-01-01").status_code == 422
    again = _pair(stack, places["mentor"], places["supported"])
    assert again.status_code == 409 and again.json()["code"] == "pair_exists"
    body = {
        "mentor_school_code": places["mentor"],
        "supported_school_code": places["supported"],
        "starts_on": "2025-01-01",
    }
    assert stack.gateway.post(PAIRS, json=body, headers=stack.auth("school_staff")).status_code == 403
    own_plan = _ok(
        stack.gateway.post(
            PLANS,
            json={
                "kind": "other",
                "title": "Другой план",
                "school_code": places["supported"],
                "school_year": "2024-2025",
            },
            headers=stack.auth("municipal_coordinator"),
        ),
        201,
    )
    wrong = _pair(stack, places["mentor"], places["supported"], starts_on="2025-01-01", plan_id=own_plan["id"])
    assert wrong.status_code == 422 and wrong.json()["code"] == "not_a_mentoring_plan"
    pairs = _ok(stack.gateway.get(PAIRS, headers=stack.auth("regional_analyst")))
    assert all(p["region_code"] == stack.territory["region"]["code"] for p in pairs)


def test_suggestions_are_effective_schools_of_the_municipality(stack: Stack, places: dict[str, Any]) -> None:
    _ok(
        stack.gateway.post(
            "/api/identification/runs", json={"school_year": YEAR}, headers=stack.auth("regional_analyst")
        ),
        201,
    )
    municipality = stack.territory["municipality"]["code"]
    statuses = _ok(
        stack.gateway.get(
            "/api/identification/school-statuses",
            params={"school_year": YEAR, "category": "effective", "municipality": municipality, "per_page": 500},
            headers=stack.auth("municipal_coordinator"),
        )
    )
    effective = {s["school_code"] for s in statuses["items"]} - {places["supported"]}
    suggested = _ok(
        stack.gateway.get(
            f"{PAIRS}/suggestions",
            params={"school_code": places["supported"], "school_year": "2023/2024"},
            headers=stack.auth("municipal_coordinator"),
        )
    )
    assert effective, "the demo municipality has effective schools"
    assert len(suggested) == min(10, len(effective)) and {s["school_code"] for s in suggested} <= effective
    ranks = [(not s["same_settlement"], not s["same_kind"]) for s in suggested]
    assert ranks == sorted(ranks)
    assert all(s["reasons"][0] == "эффективная школа того же муниципалитета" for s in suggested)
    refused = stack.gateway.get(
        f"{PAIRS}/suggestions",
        params={"school_code": places["outside"], "school_year": YEAR},
        headers=stack.auth("municipal_coordinator"),
    )
    assert refused.status_code == 403


def test_proposals_for_a_critical_competence(stack: Stack, places: dict[str, Any]) -> None:
    """The generator's proposals: the library's measures of the competence factor, and the school's mentor."""
    competence = "/api/identification/competence"
    coordinator = stack.auth("municipal_coordinator")
    teacher = _ok(
        stack.gateway.post(
            f"{competence}/teachers",
            json={"school_code": places["supported"], "full_name": "Зайцева Нина Павловна"},
            headers=coordinator,
        ),
        201,
    )
    card = next(c for c in _ok(stack.gateway.get(f"{competence}/cards", headers=coordinator)) if c["code"] == "5k")
    body = {
        "card_id": card["id"],
        "title": "Входная диагностика",
        "stage": "entry",
        "held_on": "2024-10-01",
        "school_year": "2024-2025",
        "school_codes": [places["supported"]],
    }
    campaign = _ok(stack.gateway.post(f"{competence}/campaigns", json=body, headers=coordinator), 201)
    codes = [k["code"] for c in card["definition"]["competences"] for k in c["criteria"]]
    sheet = {
        "teacher_id": teacher["id"],
        "rater": "deputy",
        "scores": {c: 0 if c.startswith("K5") else 2 for c in codes},
    }
    _ok(stack.gateway.put(f"{competence}/campaigns/{campaign['id']}/scores", json=sheet, headers=coordinator))

    proposals = _ok(
        stack.gateway.get(
            "/api/roadmap/competence-proposals", params={"school_code": places["supported"]}, headers=coordinator
        )
    )
    assert proposals["campaign_id"] == campaign["id"]
    assert [(d["code"], d["critical_share"]) for d in proposals["deficits"]] == [("K5", 1.0)]
    library = _ok(stack.gateway.get("/api/roadmap/library/measures", params={"risk_factor": 3}, headers=coordinator))
    assert [m["id"] for m in proposals["measures"]] == [m["id"] for m in library] and library
    assert [p["mentor_school_code"] for p in proposals["mentor_pairs"]] == [places["mentor"]]
    none = _ok(
        stack.gateway.get(
            "/api/roadmap/competence-proposals", params={"school_code": places["mentor"]}, headers=coordinator
        )
    )
    assert none["deficits"] == [] and none["measures"] == [] and none["campaign_id"] is None
    outside = stack.gateway.get(
        "/api/roadmap/competence-proposals", params={"school_code": places["outside"]}, headers=coordinator
    )
    assert outside.status_code == 403
