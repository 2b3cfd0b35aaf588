"""Every seed's own criteria as a methodology built through the API — a copy of the default, edited — and
run on the demo region; each outcome is checked against the figures the run explains it with.

000 Черемшан: ШНОР **and** at least three risks of the "500+" profile (a condition tree).
002 Октябрьский: the risk zone by the regional ИОР index and its trend, "стабильно низкие" by its 3-year mean.
003 Енисейск: 30 % below the minimum in two procedures of one year, or once in each of the last two years in
    different procedures; track 2 (near the threshold) → risk zone.
004 Грачёвка: the lowest quarter, 20 points below the regional mean, olympiads from grade 9, the social index,
    hard to reach, unemployment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import Stack

BASE = "/api/identification/methodologies"
RUNS = "/api/identification/runs"
YEAR, PREV = "2023-2024", "2022-2023"
Rules = dict[str, Any]


def _default_id(stack: Stack) -> int:
    listing = stack.gateway.get(BASE, headers=stack.auth("observer")).json()
    return int(next(m["id"] for m in listing if m["family"] == "default"))


def _build(stack: Stack, name: str, edit: Callable[[Rules], None]) -> dict[str, Any]:
    headers = stack.auth("regional_analyst")
    copy = stack.gateway.post(f"{BASE}/{_default_id(stack)}/copy", json={"name": name}, headers=headers).json()
    rules = copy["rules"]
    edit(rules)
    answer = stack.gateway.patch(
        f"{BASE}/{copy['id']}", json={"rules": rules}, headers=headers | {"If-Match": f'"{copy["revision"]}"'}
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _run(stack: Stack, methodology_id: int) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    headers = stack.auth("regional_analyst")
    answer = stack.gateway.post(RUNS, json={"school_year": YEAR, "methodology_id": methodology_id}, headers=headers)
    assert answer.status_code == 201, answer.text
    run = answer.json()
    rows = stack.gateway.get(f"{RUNS}/{run['id']}/results", params={"per_page": 500}, headers=headers).json()
    return run, {row["school_code"]: row for row in rows["items"]}


def _detail(stack: Stack, run_id: int, code: str) -> dict[str, Any]:
    answer = stack.gateway.get(f"{RUNS}/{run_id}/schools/{code}", headers=stack.auth("regional_analyst"))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _fired(row: dict[str, Any]) -> set[str]:
    return {rule["id"] for rule in row["fired_rules"]}


@pytest.fixture(scope="module")
def default_run(stack: Stack) -> dict[str, dict[str, Any]]:
    return _run(stack, _default_id(stack))[1]


def test_seed_000_low_results_and_at_least_three_risks(stack: Stack, default_run: dict[str, dict[str, Any]]) -> None:
    def edit(rules: Rules) -> None:
        rules["risk_count"]["min_risks"] = 3
        results = [{"op": "rule", "rule": r} for r in ("fail_share_30", "bottom_quartile", "below_regional_mean")]
        rules["conditions"] = {
            "low_results": {"op": "and", "args": [{"op": "or", "args": results}, {"op": "rule", "rule": "risk_count"}]}
        }

    methodology = _build(stack, "Черемшан 2021: ШНОР и не менее трёх рисков", edit)
    assert methodology["rules"]["conditions"]["low_results"]["op"] == "and"
    run, rows = _run(stack, methodology["id"])
    low = {code for code, row in rows.items() if "low_results" in row["categories"]}
    by_results = {"fail_share_30", "bottom_quartile", "below_regional_mean"}
    expected = {
        code
        for code, row in default_run.items()
        if _fired(row) & by_results and row["risk_count"] is not None and row["risk_count"] >= 3
    }
    assert low == expected and low, "ШНОР by results AND ≥ 3 risks, computed from the default run's figures"
    assert low < {code for code, row in default_run.items() if _fired(row) & by_results}
    code = sorted(low)[0]
    rule = _detail(stack, run["id"], code)["rules"]["risk_count"]
    assert rule["outcome"] == "fired" and set(rule["serves"]) == {"low_results", "risk_zone"}


def test_seed_002_regional_index_level_mean_and_trend(stack: Stack) -> None:
    def edit(rules: Rules) -> None:
        rules["indicator_trend"] |= {"enabled": True, "measure": "ior", "decline": 0.1, "amplitude": 0.1}
        rules["indicator_mean"] |= {"enabled": True, "measure": "ior", "threshold": 0.5}
        rules["indicator_level"] |= {"enabled": True, "measure": "ior", "threshold": 0.45}

    methodology = _build(stack, "Октябрьский 2020: индекс ИОР", edit)
    run, rows = _run(stack, methodology["id"])
    trend = {code for code, row in rows.items() if "indicator_trend" in _fired(row)}
    mean = {code for code, row in rows.items() if "indicator_mean" in _fired(row)}
    assert trend and mean, "the demo ИОР index has swinging and steadily low schools"
    for code in sorted(trend | mean)[:6]:
        rules = _detail(stack, run["id"], code)["rules"]
        values = rules["indicator_trend"]["figures"][0]["values"]
        assert len(values) == 3 and None not in values
        first, last = values[0], values[-1]
        turned = (values[1] - first) * (last - values[1]) < 0
        fired = first - last >= 0.1 - 1e-9 or (max(values) - min(values) >= 0.1 - 1e-9 and turned)
        assert (rules["indicator_trend"]["outcome"] == "fired") == fired, values
        assert (rules["indicator_mean"]["outcome"] == "fired") == (sum(values) / 3 <= 0.5 + 1e-9), values
        if rules["indicator_trend"]["outcome"] == "fired":
            assert "risk_zone" in rows[code]["categories"]
        if rules["indicator_mean"]["outcome"] == "fired":
            assert "low_results" in rows[code]["categories"]
    refused = stack.gateway.patch(
        f"{BASE}/{_build(stack, 'Черновик', lambda r: None)['id']}",
        json={"rules": methodology["rules"] | {"indicator_level": methodology["rules"]["indicator_level"] | {
            "measure": "ior_2030"}}},
        headers=stack.auth("regional_analyst") | {"If-Match": "*"},
    )  # fmt: skip
    assert refused.status_code == 422 and refused.json()["code"] == "methodology_invalid_reference"
    assert refused.json()["fields"][0]["loc"] == ["body", "rules", "indicator_level", "measure"]
    assert "«ior_2030» не загружен" in refused.json()["detail"] and "ior" in refused.json()["detail"]


def _over(figures: list[dict[str, Any]]) -> set[tuple[str, str]]:
    return {(f["school_year"], f["procedure"]) for f in figures if f["rows_over"] > 0}


def test_seed_003_once_each_year_in_different_procedures(stack: Stack) -> None:
    def edit(rules: Rules) -> None:
        rules["fail_share_30"] |= {"years_procedures": "different", "consecutive_years": 2, "same_year_procedures": 2}
        rules["near_threshold"] |= {"lower": 0.2, "upper": 0.3}

    methodology = _build(stack, "Енисейск 2022: треки 1 и 2", edit)
    run, rows = _run(stack, methodology["id"])
    checked = {"fired": 0, "not_fired": 0}
    for code in sorted(rows)[:25]:
        rule = _detail(stack, run["id"], code)["rules"]["fail_share_30"]
        if rule["outcome"] not in checked:
            continue
        over = _over(rule["figures"])
        now = {p for y, p in over if y == YEAR}
        before = {p for y, p in over if y == PREV}
        expected = len(now) >= 2 or any(p != q for p in now for q in before)
        assert (rule["outcome"] == "fired") == expected, (code, over)
        checked[rule["outcome"]] += 1
    assert checked["fired"] and checked["not_fired"], checked


def test_seed_004_grachevka_criteria(stack: Stack) -> None:
    def edit(rules: Rules) -> None:
        for rule_id in ("fail_share_30", "unstable_results", "near_threshold", "risk_count"):
            rules[rule_id]["enabled"] = False
        rules["below_regional_mean"] |= {"gap": 20, "scale": "percent_of_max"}
        rules["olympiad_share"] |= {"max_share": 0.005, "years": 3, "taught_grades": [9, 10, 11]}
        rules["unemployment"]["factor"] = 1.5

    methodology = _build(stack, "Грачёвка 2020", edit)
    run, rows = _run(stack, methodology["id"])
    seed_rules = {"bottom_quartile", "below_regional_mean", "olympiad_share"}
    social_rules = {"social_index_bottom_quartile", "hard_to_reach", "unemployment"}
    for code, row in rows.items():
        assert ("low_results" in row["categories"]) == bool(_fired(row) & seed_rules), code
        assert ("unfavourable_social" in row["categories"]) == bool(_fired(row) & social_rules), code
        assert "risk_zone" not in row["categories"]
    schools = stack.gateway.get(
        "/api/identification/schools", params={"per_page": 500}, headers=stack.auth("regional_analyst")
    ).json()["items"]
    primary = [s["school_code"] for s in schools if s["kind"] == "НОШ" and s["school_code"] in rows]
    assert primary, "the demo region has primary schools"
    for code in primary[:3]:
        olympiad = _detail(stack, run["id"], code)["rules"]["olympiad_share"]
        assert olympiad["outcome"] == "not_applicable" and "9–11" in olympiad["reason"]
    assert all("olympiad_share" not in _fired(rows[code]) for code in primary)


ANY = {"If-Match": "*"}
"""An edit's precondition: whatever the revision (the draft is this test's own)."""


def test_references_are_checked_against_the_catalogue(stack: Stack) -> None:
    draft = _build(stack, "Черновик с проверками", lambda rules: None)
    headers = stack.auth("regional_analyst")
    rules = draft["rules"] | {"risk_count": draft["rules"]["risk_count"] | {"min_risks": 11}}
    answer = stack.gateway.patch(f"{BASE}/{draft['id']}", json={"rules": rules}, headers=headers | ANY)
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "methodology_invalid_reference"
    assert body["fields"][0]["loc"] == ["body", "rules", "risk_count", "min_risks"]
    assert "10 факторов" in body["detail"]
    ten = draft["rules"] | {"risk_count": draft["rules"]["risk_count"] | {"min_risks": 10}}
    assert stack.gateway.patch(f"{BASE}/{draft['id']}", json={"rules": ten}, headers=headers | ANY).status_code == 200
    tree = {"op": "and", "args": [{"op": "rule", "rule": "risk_count"}, {"op": "rule", "rule": "astrology"}]}
    bad = stack.gateway.patch(
        f"{BASE}/{draft['id']}", json={"rules": ten | {"conditions": {"low_results": tree}}}, headers=headers | ANY
    )
    assert bad.status_code == 422 and "Неизвестное правило в условии" in bad.text
    stored = stack.gateway.get(f"{BASE}/{draft['id']}", headers=headers).json()
    assert stored["rules"]["risk_count"]["min_risks"] == 10 and stored["rules"]["conditions"] == {}
