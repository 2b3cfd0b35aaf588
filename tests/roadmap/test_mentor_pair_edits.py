"""Editing and ending mentor pairs through HTTP: compare-and-set on the pair's revision (If-Match), the
period checked with Russian errors, an ended pair no longer opening the supported school's plans to the
mentor's staff, and pairs of another municipality refused."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import Stack

PAIRS = "/api/roadmap/mentor-pairs"
PLANS = "/api/roadmap/plans"


def _ok(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


@pytest.fixture(scope="module")
def places(stack: Stack) -> dict[str, Any]:
    mentor = stack.territory["school"]["code"]
    municipality = stack.territory["municipality"]["code"]
    answer = stack.gateway.get("/api/identification/schools", params={"per_page": 500}, headers=stack.auth("admin"))
    schools = _ok(answer)["items"]
    neighbours = [
        s["school_code"] for s in schools if s["municipality_code"] == municipality and s["school_code"] != mentor
    ]
    others = [s for s in schools if s["municipality_code"] != municipality]
    return {"mentor": mentor, "supported": neighbours[2], "second": neighbours[3], "others": others}


def _pair(stack: Stack, mentor: str, supported: str, user: str = "municipal_coordinator", **extra: Any) -> Any:
    body = {
        "mentor_school_code": mentor,
        "supported_school_code": supported,
        "agreement_number": "7-С",
        "agreement_date": "2024-08-30",
        "rationale": "Близкая по составу школа того же посёлка",
        "starts_on": "2024-09-01",
    } | extra
    return _ok(stack.gateway.post(PAIRS, json=body, headers=stack.auth(user)), 201)


def test_a_pair_is_edited_with_its_revision(stack: Stack, places: dict[str, Any]) -> None:
    coordinator = stack.auth("municipal_coordinator")
    pair = _pair(stack, places["mentor"], places["supported"])
    url = f"{PAIRS}/{pair['id']}"
    read = stack.gateway.get(url, headers=coordinator)
    assert read.headers["ETag"] == f'"{pair["revision"]}"'
    change = {"rationale": "Наставник по математике", "agreement_number": "7-С/1", "agreement_date": "2024-09-02"}
    missing = stack.gateway.patch(url, json=change, headers=coordinator)
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required"
    edited = stack.gateway.patch(url, json=change, headers=coordinator | {"If-Match": read.headers["ETag"]})
    body = _ok(edited)
    assert (body["rationale"], body["agreement_number"], body["agreement_date"]) == (
        "Наставник по математике",
        "7-С/1",
        "2024-09-02",
    )
    assert body["revision"] == pair["revision"] + 1 and edited.headers["ETag"] == f'"{body["revision"]}"'
    assert body["starts_on"] == "2024-09-01" and body["mentor_school_code"] == places["mentor"]

    stale = stack.gateway.patch(
        url, json={"rationale": "Чужая правка"}, headers=coordinator | {"If-Match": read.headers["ETag"]}
    )
    assert stale.status_code == 412 and stale.json()["code"] == "stale_revision"
    early = stack.gateway.patch(
        url, json={"ends_on": "2024-01-01"}, headers=coordinator | {"If-Match": edited.headers["ETag"]}
    )
    assert early.status_code == 422 and early.json()["code"] == "invalid_period"
    assert "раньше начала" in early.json()["detail"]
    staff = stack.gateway.patch(url, json={"rationale": "x"}, headers=stack.auth("school_staff") | {"If-Match": "*"})
    assert staff.status_code == 403
    after = _ok(stack.gateway.get(url, headers=coordinator))
    assert after["rationale"] == "Наставник по математике" and after["ends_on"] is None


def test_an_ended_pair_closes_the_plans_to_the_mentors_staff(stack: Stack, places: dict[str, Any]) -> None:
    coordinator = stack.auth("municipal_coordinator")
    plan = _ok(
        stack.gateway.post(
            PLANS,
            json={
                "kind": "mentoring_plan",
                "title": "План наставничества",
                "school_code": places["second"],
                "school_year": "2024-2025",
            },
            headers=coordinator,
        ),
        201,
    )
    pair = _pair(stack, places["mentor"], places["second"], plan_id=plan["id"])
    staff = stack.auth("school_staff")
    assert stack.gateway.get(f"{PLANS}/{plan['id']}", headers=staff).status_code == 200

    url = f"{PAIRS}/{pair['id']}/end"
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    too_early = stack.gateway.post(url, json={"ends_on": "2024-08-01"}, headers=coordinator | {"If-Match": '"1"'})
    assert too_early.status_code == 422 and too_early.json()["code"] == "invalid_period"
    ended = _ok(stack.gateway.post(url, json={"ends_on": yesterday}, headers=coordinator | {"If-Match": '"1"'}))
    assert ended["ends_on"] == yesterday and not ended["active"] and ended["revision"] == 2
    assert stack.gateway.get(f"{PLANS}/{plan['id']}", headers=staff).status_code == 403
    listed = _ok(stack.gateway.get(PLANS, params={"per_page": 500}, headers=staff))
    assert plan["id"] not in {p["id"] for p in listed["items"]}
    active = _ok(stack.gateway.get(PAIRS, params={"active": True}, headers=coordinator))
    assert pair["id"] not in {p["id"] for p in active}
    twice = stack.gateway.post(url, json={"ends_on": yesterday}, headers=coordinator | {"If-Match": '"2"'})
    assert twice.status_code == 409 and twice.json()["code"] == "pair_ended"


def test_an_end_in_the_future_keeps_the_pair_until_then(stack: Stack, places: dict[str, Any]) -> None:
    coordinator = stack.auth("municipal_coordinator")
    pair = _pair(stack, places["mentor"], places["supported"], starts_on="2025-01-10")
    later = (date.today() + timedelta(days=30)).isoformat()
    ended = _ok(
        stack.gateway.post(
            f"{PAIRS}/{pair['id']}/end", json={"ends_on": later}, headers=coordinator | {"If-Match": "*"}
        )
    )
    assert ended["active"] and ended["ends_on"] == later


def test_pairs_of_another_municipality_are_refused(stack: Stack, places: dict[str, Any]) -> None:
    others = places["others"]
    municipality = others[0]["municipality_code"]
    mentor, supported = [s["school_code"] for s in others if s["municipality_code"] == municipality][:2]
    pair = _pair(stack, mentor, supported, user="admin")
    coordinator = stack.auth("municipal_coordinator") | {"If-Match": "*"}
    edit = stack.gateway.patch(f"{PAIRS}/{pair['id']}", json={"rationale": "x"}, headers=coordinator)
    assert edit.status_code == 403 and edit.json()["code"] == "out_of_scope"
    end = stack.gateway.post(f"{PAIRS}/{pair['id']}/end", json={"ends_on": "2025-06-30"}, headers=coordinator)
    assert end.status_code == 403 and end.json()["code"] == "out_of_scope"
    missing = stack.gateway.post(f"{PAIRS}/999999/end", json={"ends_on": "2025-06-30"}, headers=coordinator)
    assert missing.status_code == 404 and missing.json()["code"] == "pair_not_found"
    beyond = stack.gateway.patch(f"{PAIRS}/{2**63}", json={"rationale": "x"}, headers=coordinator)
    assert beyond.status_code == 422
