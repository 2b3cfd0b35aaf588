"""The outcome of a school year through HTTP: approved lists of two years, read back per school."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Stack

RUNS = "/api/identification/runs"
OUTCOMES = "/api/identification/outcomes"
RISKS = ("low_results", "unfavourable_social", "risk_zone")


def _approved_run(stack: Stack, school_year: str, number: str) -> dict[str, Any]:
    headers = stack.auth("regional_analyst")
    run = stack.gateway.post(RUNS, json={"school_year": school_year}, headers=headers)
    assert run.status_code == 201, run.text
    approved = stack.gateway.post(
        f"{RUNS}/{run.json()['id']}/approve", json={"order_number": number, "order_date": "2024-06-01"}, headers=headers
    )
    assert approved.status_code == 200, approved.text
    rows = stack.gateway.get(f"{RUNS}/{run.json()['id']}/results", params={"per_page": 500}, headers=headers)
    return {r["school_code"]: r for r in rows.json()["items"]}


@pytest.fixture(scope="module")
def years(stack: Stack) -> tuple[dict[str, Any], dict[str, Any]]:
    return _approved_run(stack, "2022-2023", "12-о"), _approved_run(stack, "2023-2024", "34-о")


def _expected(before: dict[str, Any], after: dict[str, Any] | None) -> str:
    if after is None or after["insufficient_data"]:
        return "unknown"
    was = {c for c in before["final_categories"] if c in RISKS}
    now = {c for c in after["final_categories"] if c in RISKS}
    return "left" if not now else "stayed" if now == was else "moved"


def test_every_school_of_the_list_has_its_outcome_the_next_year(
    stack: Stack, years: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    first, second = years
    answer = stack.gateway.get(OUTCOMES, params={"school_year": "2022/2023"}, headers=stack.auth("regional_analyst"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["school_year"] == "2022-2023" and body["next_school_year"] == "2023-2024"
    listed = {code for code, r in first.items() if set(r["final_categories"]) & set(RISKS)}
    assert listed and {s["school_code"] for s in body["schools"]} == listed
    for school in body["schools"]:
        before, after = first[school["school_code"]], second.get(school["school_code"])
        assert school["outcome"] == _expected(before, after)
        assert school["source_after"] == "approved"
        assert school["fail_share_before"] == before["fail_share"]
        if after is not None and before["fail_share"] is not None and after["fail_share"] is not None:
            assert school["fail_share_change"] == pytest.approx(after["fail_share"] - before["fail_share"])
        fired = {f["id"] for f in before["fired_rules"] if f["category"] in RISKS}
        assert {r["id"] for r in school["rules"]} == fired
    assert sum(body["counts"].values()) == len(body["schools"])
    assert body["counts"]["left"] + body["counts"]["stayed"] + body["counts"]["moved"] > 0


def test_a_coordinator_sees_its_municipality_only(stack: Stack, years: tuple[dict[str, Any], dict[str, Any]]) -> None:
    municipality = stack.territory["municipality"]["code"]
    regional = stack.gateway.get(
        OUTCOMES, params={"school_year": "2022-2023"}, headers=stack.auth("regional_analyst")
    ).json()
    local = stack.gateway.get(
        OUTCOMES, params={"school_year": "2022-2023"}, headers=stack.auth("municipal_coordinator")
    ).json()
    assert {s["municipality_code"] for s in local["schools"]} <= {municipality}
    mine = [s["school_code"] for s in regional["schools"] if s["municipality_code"] == municipality]
    assert mine and [s["school_code"] for s in local["schools"]] == mine
    filtered = stack.gateway.get(
        OUTCOMES,
        params={"school_year": "2022-2023", "municipality": municipality},
        headers=stack.auth("regional_analyst"),
    ).json()
    assert filtered["schools"] == local["schools"]


def test_a_bad_school_year_is_a_clear_422(stack: Stack) -> None:
    answer = stack.gateway.get(OUTCOMES, params={"school_year": "2022"}, headers=stack.auth("regional_analyst"))
    assert answer.status_code == 422
    assert answer.json()["code"]


def test_another_territory_or_an_unknown_code_is_refused(stack: Stack) -> None:
    own = stack.territory["municipality"]["code"]
    schools = stack.gateway.get(
        "/api/identification/schools", params={"per_page": 500}, headers=stack.auth("admin")
    ).json()["items"]
    other = next(s["municipality_code"] for s in schools if s["municipality_code"] != own)
    params = {"school_year": "2022-2023", "municipality": other}
    foreign = stack.gateway.get(OUTCOMES, params=params, headers=stack.auth("municipal_coordinator"))
    assert foreign.status_code == 403 and foreign.json()["code"]
    unknown = stack.gateway.get(
        OUTCOMES, params={"school_year": "2022-2023", "municipality": "нет"}, headers=stack.auth("regional_analyst")
    )
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_territory"
    relayed = stack.gateway.get("/api/roadmap/effects", params=params, headers=stack.auth("municipal_coordinator"))
    assert relayed.status_code == 403


def _sums(history: list[dict[str, Any]]) -> dict[tuple[str, str, str], list[int]]:
    """(year, procedure, subject) → [participants, below the minimum] of both years, over grades."""
    sums: dict[tuple[str, str, str], list[int]] = {}
    for row in history:
        if row.get("below_min") is None or not row["participants"]:
            continue
        if row["school_year"] in ("2022-2023", "2023-2024"):
            found = sums.setdefault((row["school_year"], row["procedure"], row["subject"]), [0, 0])
            found[0] += row["participants"]
            found[1] += row["below_min"]
    return sums


def _check_change(change: dict[str, Any], sums: dict[tuple[str, str, str], list[int]]) -> bool:
    """The change as the results give it; whether both years were there to compare."""
    was = sums.get(("2022-2023", change["procedure"], change["subject"]))
    now = sums.get(("2023-2024", change["procedure"], change["subject"]))
    assert change["participants_before"] == (was[0] if was else None)
    assert change["participants_after"] == (now[0] if now else None)
    if not (was and now):
        assert change["change"] is None
        return False
    assert change["change"] == pytest.approx(now[1] / now[0] - was[1] / was[0], abs=1e-5)
    return True


def test_the_share_below_the_minimum_by_procedure_and_subject(
    stack: Stack, years: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    """Each school's ВПР/ОГЭ/ЕГЭ × subject shares of both years, summed over grades, as its results give them."""
    headers = stack.auth("regional_analyst")
    body = stack.gateway.get(OUTCOMES, params={"school_year": "2022-2023"}, headers=headers).json()
    checked = 0
    for school in body["schools"][:5]:
        history = stack.gateway.get(f"/api/identification/schools/{school['school_code']}/history", headers=headers)
        assert history.status_code == 200, history.text
        sums = _sums(history.json()["results"])
        assert {(c["procedure"], c["subject"]) for c in school["subjects"]} == {(p, s) for _, p, s in sums}
        checked += sum(_check_change(change, sums) for change in school["subjects"])
        assert all(c["subject_label"] and c["subject_label"] != c["subject"] for c in school["subjects"])
    assert checked, "the demo schools have results in both years"
    procedures = [c["procedure"] for c in body["schools"][0]["subjects"]]
    order = {"ВПР": 0, "ОГЭ": 1, "ЕГЭ": 2}
    assert procedures == sorted(procedures, key=lambda p: order.get(p, 9))
