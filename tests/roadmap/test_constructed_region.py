"""«Что работает» on a small region built only through the public endpoints, checked by hand.

A new municipality of twelve schools is imported (registry, then ВПР and ОГЭ results for two years) through
`/api/identification/imports/{kind}/rows`; identification runs and is approved for both years; the schools'
programmes of the second year are written and executed through roadmap's API. Every school is on the first
year's list (half of its pupils below the minimum in both procedures) and so in one stratum; the second year's
share is planted: six schools fall by 30 points, six by 5 (each ± 0–2 points). Three measures:
- «known» done by the six that fell by 30: the effect is −25 points, and its bootstrap interval covers it;
- «none» done by three of each half with the same offsets: no difference at all (effect 0);
- «few» done by three schools: shown, never a finding («мало школ»).
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Stack

API = "/api/identification"
YEAR, NEXT = "2022-2023", "2023-2024"
MUNICIPALITY = "99Т"
SCHOOLS = [f"99Т{n:02d}" for n in range(1, 13)]
OFFSETS = [-2, -1, 0, 0, 1, 2]
AFTER = {code: 20 + OFFSETS[i] for i, code in enumerate(SCHOOLS[:6])} | {
    code: 45 + OFFSETS[i] for i, code in enumerate(SCHOOLS[6:])
}
"""Pupils of 100 below the minimum in the second year; 50 in the first."""
KNOWN = SCHOOLS[:6]
NONE = [SCHOOLS[0], SCHOOLS[5], SCHOOLS[2], SCHOOLS[7], SCHOOLS[10], SCHOOLS[9]]
FEW = SCHOOLS[3:6]


def _ok(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def _rows(stack: Stack, kind: str, rows: list[dict[str, Any]]) -> None:
    body = {"rows": rows, "source": "сконструированный регион"}
    report = _ok(stack.gateway.post(f"{API}/imports/{kind}/rows", json=body, headers=stack.auth("regional_analyst")))
    assert report.get("rejected", 0) == 0, report


def _results(year: str, below: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {
            "school_code": code,
            "school_year": year,
            "procedure": procedure,
            "grade": grade,
            "subject": subject,
            "participants": 100,
            "below_min": below[code],
        }
        for code in SCHOOLS
        for procedure, grade, subject in (("ВПР", 5, "russian"), ("ОГЭ", 9, "mathematics"))
    ]


def _approve(stack: Stack, year: str, number: str) -> None:
    headers = stack.auth("regional_analyst")
    run = _ok(
        stack.gateway.post(f"{API}/runs", json={"school_year": year, "territory_id": MUNICIPALITY}, headers=headers),
        201,
    )
    _ok(
        stack.gateway.post(
            f"{API}/runs/{run['id']}/approve",
            json={"order_number": number, "order_date": "2024-06-01"},
            headers=headers,
        )
    )


def _plan(stack: Stack, school: str, titles: list[str], done: set[str]) -> None:
    headers = stack.auth("regional_analyst")
    body = {
        "kind": "anti_risk_programme",
        "title": "Антирисковая программа",
        "school_code": school,
        "school_year": NEXT,
        "sections": [{"number": "1", "title": "Меры", "activities": [{"title": t} for t in titles]}],
    }
    plan = _ok(stack.gateway.post("/api/roadmap/plans", json=body, headers=headers), 201)
    for activity in plan["sections"][0]["activities"]:
        if activity["title"] in done:
            _ok(
                stack.gateway.patch(
                    f"/api/roadmap/activities/{activity['id']}",
                    json={"status": "done"},
                    headers=headers | {"If-Match": f'"{activity["revision"]}"'},
                )
            )


@pytest.fixture(scope="module")
def region(stack: Stack) -> dict[str, Any]:
    region_code = stack.territory["region"]["code"]
    _rows(stack, "municipalities", [{"code": MUNICIPALITY, "region_code": region_code, "name": "Опытный район"}])
    _rows(
        stack,
        "schools",
        [
            {
                "school_code": code,
                "municipality_code": MUNICIPALITY,
                "full_name": f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {i}»",
                "short_name": f"Школа № {i} (опытный район)",
            }
            for i, code in enumerate(SCHOOLS, start=1)
        ],
    )
    _rows(stack, "results", _results(YEAR, dict.fromkeys(SCHOOLS, 50)) + _results(NEXT, AFTER))
    _approve(stack, YEAR, "1-о")
    _approve(stack, NEXT, "2-о")
    library = _ok(stack.gateway.get("/api/roadmap/library/measures", headers=stack.auth("regional_analyst")))
    titles = [m["title"] for m in library[:3]]
    for code in SCHOOLS:
        done = {t for t, schools in zip(titles, (KNOWN, NONE, FEW), strict=True) if code in schools}
        _plan(stack, code, titles, done)
    report = _ok(
        stack.gateway.get(
            "/api/roadmap/effects",
            params={"school_year": YEAR, "municipality": MUNICIPALITY},
            headers=stack.auth("regional_analyst"),
        )
    )
    return {"titles": titles, "report": report}


def _measure(region: dict[str, Any], index: int) -> dict[str, Any]:
    return next(m for m in region["report"]["measures"] if m["title"] == region["titles"][index])


def _by_hand(done: list[str]) -> float:
    change = {code: (AFTER[code] - 50) / 100 for code in SCHOOLS}
    mine = [change[c] for c in SCHOOLS if c in done]
    others = [change[c] for c in SCHOOLS if c not in done]
    return sum(mine) / len(mine) - sum(others) / len(others)


def test_the_planted_shares_come_back_per_school(stack: Stack, region: dict[str, Any]) -> None:
    outcomes = _ok(
        stack.gateway.get(
            f"{API}/outcomes",
            params={"school_year": YEAR, "municipality": MUNICIPALITY},
            headers=stack.auth("regional_analyst"),
        )
    )
    by_code = {s["school_code"]: s for s in outcomes["schools"]}
    assert sorted(by_code) == SCHOOLS
    for code in SCHOOLS:
        school = by_code[code]
        assert "low_results" in school["categories_before"]
        assert school["fail_share_before"] == pytest.approx(0.5)
        assert school["fail_share_change"] == pytest.approx((AFTER[code] - 50) / 100)
        vpr = next(c for c in school["subjects"] if c["procedure"] == "ВПР")
        assert (vpr["subject"], vpr["share_before"], vpr["participants_after"]) == ("russian", 0.5, 100)
        assert vpr["change"] == pytest.approx((AFTER[code] - 50) / 100)
    # The first half is out of ШНОР the next year (near the threshold at most), the second half stays in it.
    assert all("low_results" not in (by_code[c]["categories_after"] or []) for c in SCHOOLS[:6])
    assert all("low_results" in (by_code[c]["categories_after"] or []) for c in SCHOOLS[6:])
    assert sum(region["report"]["outcomes"].values()) == 12


def test_a_measure_with_a_known_effect(region: dict[str, Any]) -> None:
    known = _measure(region, 0)
    assert (known["planned"], known["completed"]) == (12, 6)
    assert (known["compared_completed"], known["compared_others"], known["strata"]) == (6, 6, 1)
    assert known["effect"] == pytest.approx(_by_hand(KNOWN), abs=1e-6) and known["effect"] == pytest.approx(-0.25)
    assert known["low"] <= -0.25 <= known["high"] < 0
    assert known["verdict"] == "lower"


def test_a_measure_with_none(region: dict[str, Any]) -> None:
    none = _measure(region, 1)
    assert none["completed"] == 6 and (none["compared_completed"], none["compared_others"]) == (6, 6)
    assert none["effect"] == pytest.approx(_by_hand(NONE), abs=1e-6) and none["effect"] == pytest.approx(0, abs=1e-9)
    assert none["low"] < 0 < none["high"] and none["verdict"] == "no_difference"


def test_three_schools_are_too_few(region: dict[str, Any]) -> None:
    few = _measure(region, 2)
    assert few["completed"] == 3 and few["compared_completed"] == 3 and few["compared_others"] == 9
    assert few["effect"] == pytest.approx(_by_hand(FEW), abs=1e-6)
    assert few["verdict"] == "too_few" and few["verdict_label"] == "мало школ для вывода"


def test_the_subjects_summary_of_the_constructed_region(region: dict[str, Any]) -> None:
    summary = {(s["procedure"], s["subject"]): s for s in region["report"]["subjects"]}
    assert set(summary) == {("ВПР", "russian"), ("ОГЭ", "mathematics")}
    for row in summary.values():
        assert row["schools"] == 12 and row["share_before"] == pytest.approx(0.5)
        assert row["share_after"] == pytest.approx(sum(AFTER.values()) / 1200)
        assert row["change"] == pytest.approx(sum(AFTER.values()) / 1200 - 0.5)
