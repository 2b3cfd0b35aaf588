"""Identification runs through HTTP on the demo region: compute, explain, adjust, approve, compare, read."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pandas as pd
import pytest

from services.shared.school_year import SCHOOL_YEAR_MESSAGE
from tests.conftest import Stack

RUNS = "/api/identification/runs"
YEAR = "2023-2024"


def _run(stack: Stack, username: str = "regional_analyst", **body: Any) -> dict[str, Any]:
    answer = stack.gateway.post(RUNS, json={"school_year": YEAR, **body}, headers=stack.auth(username))
    assert answer.status_code == 201, answer.text
    run: dict[str, Any] = answer.json()
    return run


def _results(stack: Stack, run_id: int, username: str = "regional_analyst", **params: Any) -> dict[str, Any]:
    answer = stack.gateway.get(
        f"{RUNS}/{run_id}/results", params={"per_page": 500, **params}, headers=stack.auth(username)
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


@pytest.fixture(scope="module")
def regional_run(stack: Stack) -> dict[str, Any]:
    return _run(stack)


def test_a_regional_run_covers_every_school_with_reasons(stack: Stack, regional_run: dict[str, Any]) -> None:
    schools = stack.gateway.get("/api/identification/schools", params={"per_page": 1}, headers=stack.auth("admin"))
    assert regional_run["schools_count"] == schools.json()["total"]
    assert regional_run["territory_kind"] == "region" and regional_run["status"] == "computed"
    summary = regional_run["summary"]
    assert summary["schools"] == regional_run["schools_count"]
    assert summary["categories"].get("low_results", 0) > 0
    rows = _results(stack, regional_run["id"])["items"]
    assert len(rows) == regional_run["schools_count"]
    low = [r for r in rows if "low_results" in r["final_categories"]]
    assert low and all(any(f["category"] == "low_results" and f["reason"] for f in r["fired_rules"]) for r in low)
    effective = [r for r in rows if r["final_categories"] == ["effective"]]
    assert all(not r["insufficient_data"] and not r["fired_rules"] for r in effective)
    assert {r["trend"] for r in rows} <= {"entered", "left", "stayed", "unchanged", "new"}


def test_the_school_decision_explains_every_rule_with_figures(stack: Stack, regional_run: dict[str, Any]) -> None:
    rows = _results(stack, regional_run["id"], category="low_results")["items"]
    detail = stack.gateway.get(
        f"{RUNS}/{regional_run['id']}/schools/{rows[0]['school_code']}", headers=stack.auth("regional_analyst")
    ).json()
    assert detail["school_year"] == YEAR
    assert {"fail_share_30", "bottom_quartile", "risk_count", "hard_to_reach"} <= set(detail["rules"])
    outcomes = {rule["outcome"] for rule in detail["rules"].values()}
    assert outcomes <= {"fired", "not_fired", "insufficient_data", "disabled"}
    fired = [rule for rule in detail["rules"].values() if rule["outcome"] == "fired"]
    assert fired and all(rule["reason"] and "parameters" in rule for rule in fired)


def test_filters_search_and_exports(stack: Stack, regional_run: dict[str, Any]) -> None:
    run_id = regional_run["id"]
    everything = _results(stack, run_id)
    municipality = stack.territory["municipality"]["code"]
    local = _results(stack, run_id, municipality=municipality)
    assert 0 < local["total"] < everything["total"]
    assert {r["municipality_code"] for r in local["items"]} == {municipality}
    school = everything["items"][0]
    found = _results(stack, run_id, q=school["school_name"][:12])
    assert school["school_code"] in {r["school_code"] for r in found["items"]}
    csv = stack.gateway.get(
        f"{RUNS}/{run_id}/results", params={"format": "csv"}, headers=stack.auth("regional_analyst")
    )
    assert csv.status_code == 200 and csv.content.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(csv.content), sep=";", encoding="utf-8-sig", dtype=str)
    assert len(frame) == everything["total"] and "Основания" in frame.columns
    xlsx = stack.gateway.get(
        f"{RUNS}/{run_id}/results", params={"format": "xlsx", "category": "low_results"}, headers=stack.auth("admin")
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row - 1 == regional_run["summary"]["categories"]["low_results"]
    bad = stack.gateway.get(f"{RUNS}/{run_id}/results", params={"category": "bad"}, headers=stack.auth("admin"))
    assert bad.status_code == 422


def test_a_municipal_run_and_what_a_coordinator_sees(stack: Stack, regional_run: dict[str, Any]) -> None:
    municipality = stack.territory["municipality"]["code"]
    run = _run(stack, "municipal_coordinator")
    assert run["territory_kind"] == "municipality" and run["territory_code"] == municipality
    rows = _results(stack, run["id"], "municipal_coordinator")["items"]
    assert rows and {r["municipality_code"] for r in rows} == {municipality}
    # The regional run is visible to the coordinator, restricted to its own schools.
    seen = _results(stack, regional_run["id"], "municipal_coordinator")
    assert {r["municipality_code"] for r in seen["items"]} == {municipality}
    outside = next(r for r in _results(stack, regional_run["id"])["items"] if r["municipality_code"] != municipality)
    answer = stack.gateway.get(
        f"{RUNS}/{regional_run['id']}/schools/{outside['school_code']}", headers=stack.auth("municipal_coordinator")
    )
    assert answer.status_code == 403 and answer.json()["code"] == "out_of_scope"


def test_bad_run_requests(stack: Stack) -> None:
    region = stack.territory["region"]["code"]
    headers = stack.auth("municipal_coordinator")
    other = next(
        m["code"]
        for m in stack.gateway.get("/api/identification/territories", headers=stack.auth("admin")).json()[0][
            "municipalities"
        ]
        if m["code"] != stack.territory["municipality"]["code"]
    )
    cases = [
        ("municipal_coordinator", {"school_year": YEAR, "territory_id": other}, 403, "out_of_scope"),
        ("municipal_coordinator", {"school_year": YEAR, "territory_id": region}, 403, "out_of_scope"),
        ("regional_analyst", {"school_year": YEAR, "territory_id": "нет-такой"}, 422, "unknown_territory"),
        ("regional_analyst", {"school_year": "2023"}, 422, "validation_error"),
        ("regional_analyst", {"school_year": "2010-2011"}, 422, "no_data_for_year"),
        ("regional_analyst", {"school_year": YEAR, "methodology_id": 999999}, 404, "methodology_not_found"),
        ("regional_analyst", {"school_year": 2023}, 422, "validation_error"),
        ("school_staff", {"school_year": YEAR}, 403, "forbidden"),
        ("observer", {"school_year": YEAR}, 403, "forbidden"),
        ("curator", {"school_year": YEAR}, 403, "forbidden"),
    ]
    for username, body, status, code in cases:
        answer = stack.gateway.post(RUNS, json=body, headers=stack.auth(username))
        assert (answer.status_code, answer.json()["code"]) == (status, code), (username, body, answer.text)
    assert stack.gateway.get(f"{RUNS}/999999", headers=headers).json()["code"] == "run_not_found"
    assert stack.gateway.post(RUNS, json={"school_year": YEAR}).status_code == 401


def test_override_approve_and_the_agreed_list(stack: Stack) -> None:
    run = _run(stack)
    rows = _results(stack, run["id"])["items"]
    school = next(r for r in rows if r["final_categories"] == ["effective"])
    url = f"{RUNS}/{run['id']}/schools/{school['school_code']}/override"
    headers = stack.auth("regional_analyst")
    for body in (
        {"categories": ["low_results"], "reason": "   "},
        {"categories": ["low_results"]},
        {"categories": ["effective", "low_results"], "reason": "Эксперты считают иначе"},
        {"categories": [], "reason": "Эксперты считают иначе"},
        {"categories": ["best"], "reason": "Эксперты считают иначе"},
    ):
        answer = stack.gateway.post(url, json=body, headers=headers)
        assert answer.status_code == 422, (body, answer.text)
    assert (
        stack.gateway.post(
            url, json={"categories": ["low_results"], "reason": "x" * 12}, headers=stack.auth("school_staff")
        ).status_code
        == 403
    )
    reason = "По итогам выезда: результаты ОГЭ 2024 года занижены, школа нуждается в поддержке"
    adjusted = stack.gateway.post(url, json={"categories": ["low_results"], "reason": reason}, headers=headers)
    assert adjusted.status_code == 200, adjusted.text
    body = adjusted.json()
    assert body["final_categories"] == ["low_results"] and body["categories"] == ["effective"] and body["overridden"]
    assert body["overrides"][0]["reason"] == reason and body["overrides"][0]["before"] == ["effective"]

    refused = stack.gateway.post(
        f"{RUNS}/{run['id']}/approve",
        json={"order_number": "15-од", "order_date": "2024-09-02"},
        headers=stack.auth("municipal_coordinator"),
    )
    assert refused.status_code == 403
    for bad in ({"order_number": " ", "order_date": "2024-09-02"}, {"order_number": "15", "order_date": "02.09"}):
        assert stack.gateway.post(f"{RUNS}/{run['id']}/approve", json=bad, headers=headers).status_code == 422
    approved = stack.gateway.post(
        f"{RUNS}/{run['id']}/approve", json={"order_number": "15-од", "order_date": "2024-09-02"}, headers=headers
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved" and approved.json()["order_number"] == "15-од"
    again = stack.gateway.post(url, json={"categories": ["risk_zone"], "reason": reason}, headers=headers)
    assert again.status_code == 409 and again.json()["code"] == "run_approved"

    agreed = stack.gateway.get(
        "/api/identification/agreed-list",
        params={"school_year": YEAR, "category": "low_results", "per_page": 500},
        headers=stack.auth("municipal_coordinator"),
    ).json()
    municipality = stack.territory["municipality"]["code"]
    assert agreed["items"] and {s["municipality_code"] for s in agreed["items"]} == {municipality}
    assert all(s["order_number"] == "15-од" and s["run_id"] == run["id"] for s in agreed["items"])
    if school["municipality_code"] == municipality:
        assert school["school_code"] in {s["school_code"] for s in agreed["items"]}

    # A later approval of the same territory supersedes this one.
    newer = _run(stack)
    stack.gateway.post(
        f"{RUNS}/{newer['id']}/approve", json={"order_number": "16-од", "order_date": "2024-09-10"}, headers=headers
    )
    old = stack.gateway.get(f"{RUNS}/{run['id']}", headers=headers).json()
    assert old["status"] == "superseded"


def test_compare_names_who_entered_and_why(stack: Stack, regional_run: dict[str, Any]) -> None:
    headers = stack.auth("regional_analyst")
    default = next(
        m
        for m in stack.gateway.get("/api/identification/methodologies", headers=headers).json()
        if m["family"] == "default"
    )
    copy = stack.gateway.post(
        f"/api/identification/methodologies/{default['id']}/copy", json={"name": "Строгая"}, headers=headers
    ).json()
    rules = copy["rules"]
    rules["fail_share_30"]["threshold"] = 0.15
    edited = stack.gateway.patch(
        f"/api/identification/methodologies/{copy['id']}",
        json={"rules": rules},
        headers=headers | {"If-Match": f'"{copy["revision"]}"'},
    )
    assert edited.status_code == 200, edited.text
    strict = _run(stack, methodology_id=copy["id"])
    assert strict["summary"]["categories"]["low_results"] >= regional_run["summary"]["categories"]["low_results"]
    comparison = stack.gateway.get(
        f"{RUNS}/compare", params={"base": regional_run["id"], "other": strict["id"]}, headers=headers
    ).json()
    low = next(c for c in comparison["categories"] if c["category"] == "low_results")
    assert low["entered"], "a lower threshold must bring schools in"
    assert all(any(r["id"] == "fail_share_30" for r in s["reasons"]) or s["reasons"] for s in low["entered"])
    assert not low["left"]
    frozen = stack.gateway.get(f"/api/identification/methodologies/{copy['id']}", headers=headers).json()
    assert frozen["frozen"] is True, "a methodology used by a run is frozen"


def test_school_history_and_dashboard(stack: Stack, regional_run: dict[str, Any]) -> None:
    own = stack.territory["school"]["code"]
    history = stack.gateway.get(f"/api/identification/schools/{own}/history", headers=stack.auth("school_staff"))
    assert history.status_code == 200, history.text
    body = history.json()
    assert YEAR in {s["school_year"] for s in body["statuses"]}
    assert {r["school_year"] for r in body["results"]} >= {"2021-2022", "2022-2023", YEAR}
    outside = next(r for r in _results(stack, regional_run["id"])["items"] if r["school_code"] != own)
    answer = stack.gateway.get(
        f"/api/identification/schools/{outside['school_code']}/history", headers=stack.auth("school_staff")
    )
    assert answer.status_code == 403

    dashboard = stack.gateway.get(
        "/api/identification/dashboard", params={"school_year": YEAR}, headers=stack.auth("regional_analyst")
    ).json()
    assert dashboard["schools"] == regional_run["schools_count"]
    assert sum(m["schools"] for m in dashboard["municipalities"]) == dashboard["schools"]
    assert sum(sum(trends.values()) for trends in dashboard["status_trend"].values()) == dashboard["schools"]
    local = stack.gateway.get(
        "/api/identification/dashboard", params={"school_year": YEAR}, headers=stack.auth("municipal_coordinator")
    ).json()
    assert [m["municipality_code"] for m in local["municipalities"]] == [stack.territory["municipality"]["code"]]
    bad = stack.gateway.get("/api/identification/dashboard", params={"school_year": "24"}, headers=stack.auth("admin"))
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"
    assert bad.json()["fields"] == [
        {"loc": ["query", "school_year"], "code": "invalid_school_year", "detail": SCHOOL_YEAR_MESSAGE}
    ]


def test_school_statuses_list_every_school_with_its_category(stack: Stack, regional_run: dict[str, Any]) -> None:
    url = "/api/identification/school-statuses"
    coordinator = stack.auth("municipal_coordinator")
    listed = stack.gateway.get(url, params={"school_year": YEAR, "per_page": 500}, headers=coordinator).json()
    municipality = stack.territory["municipality"]["code"]
    assert listed["total"] > 0 and {s["municipality_code"] for s in listed["items"]} == {municipality}
    assert all(s["source"] in {"approved", "computed"} for s in listed["items"])
    low = stack.gateway.get(
        url, params={"school_year": YEAR, "category": "low_results", "per_page": 500}, headers=coordinator
    ).json()
    assert all("low_results" in s["categories"] for s in low["items"])
    earlier = stack.gateway.get(url, params={"school_year": "2019-2020"}, headers=coordinator).json()
    assert earlier["total"] == listed["total"] and all(s["source"] == "none" for s in earlier["items"])
    alias = stack.gateway.get(
        url, params={"school_year": YEAR, "q": listed["items"][0]["school_name"][:10]}, headers=coordinator
    ).json()
    assert listed["items"][0]["school_code"] in {s["school_code"] for s in alias["items"]}
    bad = stack.gateway.get(url, params={"school_year": YEAR, "category": "best"}, headers=coordinator)
    assert bad.status_code == 422


def test_a_data_centre_uploads_runs_and_downloads(stack: Stack) -> None:
    """The whole path of a regional data centre: client credentials, JSON rows, a run, the results file."""
    created = stack.gateway.post(
        "/api/admin/clients",
        json={"name": "РЦОКО", "role": "regional_analyst", "scope": {"kind": "region", "region": "99"}},
        headers=stack.auth("admin"),
    ).json()
    grant = {
        "grant_type": "client_credentials",
        "client_id": created["client_id"],
        "client_secret": created["client_secret"],
    }
    token = stack.gateway.post("/api/auth/token", data=grant).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    school = stack.territory["school"]["code"]
    row = {
        "school_code": school,
        "school_year": YEAR,
        "procedure": "ГВЭ",
        "grade": 9,
        "subject": "mathematics",
        "participants": 4,
        "below_min": 1,
    }
    uploaded = stack.gateway.post(
        "/api/identification/imports/results/rows", json={"rows": [row], "source": "РЦОКО"}, headers=headers
    )
    assert uploaded.status_code == 200, uploaded.text
    run = stack.gateway.post(RUNS, json={"school_year": YEAR}, headers=headers)
    assert run.status_code == 201, run.text
    detail = stack.gateway.get(f"{RUNS}/{run.json()['id']}/schools/{school}", headers=headers).json()
    assert detail["school_code"] == school
    csv = stack.gateway.get(f"{RUNS}/{run.json()['id']}/results", params={"format": "csv"}, headers=headers)
    assert csv.status_code == 200 and school.encode() in csv.content


def test_a_run_is_a_snapshot_and_new_data_shows_in_the_next_run(stack: Stack) -> None:
    headers = stack.auth("regional_analyst")
    before = _run(stack)
    effective = next(r for r in _results(stack, before["id"])["items"] if r["final_categories"] == ["effective"])
    code = effective["school_code"]
    failing = [
        {"school_code": code, "school_year": YEAR, "procedure": procedure, "grade": grade, "subject": "mathematics",
         "participants": 20, "below_min": 8}
        for procedure, grade in (("ВПР", 5), ("ОГЭ", 9))
    ]  # fmt: skip
    corrected = stack.gateway.post(
        "/api/identification/imports/results/rows", json={"rows": failing, "source": "исправление"}, headers=headers
    )
    assert corrected.status_code == 200 and corrected.json()["status"] == "applied", corrected.text
    after = _run(stack)
    now = stack.gateway.get(f"{RUNS}/{after['id']}/schools/{code}", headers=headers).json()
    assert "low_results" in now["categories"]
    assert now["rules"]["fail_share_30"]["outcome"] == "fired"
    assert "40" in now["rules"]["fail_share_30"]["reason"]  # 8 of 20 is 40 %
    then = stack.gateway.get(f"{RUNS}/{before['id']}/schools/{code}", headers=headers).json()
    assert then["categories"] == ["effective"], "a stored run never changes"
    comparison = stack.gateway.get(
        f"{RUNS}/compare", params={"base": before["id"], "other": after["id"]}, headers=headers
    ).json()
    low = next(c for c in comparison["categories"] if c["category"] == "low_results")
    entered = next(s for s in low["entered"] if s["school_code"] == code)
    assert "fail_share_30" in {r["id"] for r in entered["reasons"]}


def test_the_demo_region_comes_with_an_agreed_list_for_each_year(stack: Stack) -> None:
    for school_year in ("2021-2022", "2022-2023"):
        agreed = stack.gateway.get(
            "/api/identification/agreed-list",
            params={"school_year": school_year, "category": "low_results"},
            headers=stack.auth("observer"),
        ).json()
        assert agreed["total"] > 0 and agreed["items"][0]["order_number"], school_year


def test_a_school_year_is_read_in_any_written_form_and_answered_canonically(
    stack: Stack, regional_run: dict[str, Any]
) -> None:
    headers = stack.auth("regional_analyst")
    reads = {
        RUNS: lambda body: {r["school_year"] for r in body["items"]},
        "/api/identification/school-statuses": lambda body: {body["total"]},
        "/api/identification/dashboard": lambda body: {body["schools"]},
        "/api/identification/methodologies/active": lambda body: {body["id"]},
        "/api/identification/results": lambda body: {r["school_year"] for r in body["items"]},
    }
    for url, read in reads.items():
        canonical = stack.gateway.get(url, params={"school_year": YEAR}, headers=headers)
        assert canonical.status_code == 200, (url, canonical.text)
        for written in ("2023/2024", "2023–24", " 2023 - 24 "):
            answer = stack.gateway.get(url, params={"school_year": written}, headers=headers)
            assert answer.status_code == 200, (url, written, answer.text)
            assert read(answer.json()) == read(canonical.json()), (url, written)
        for wrong in ("2023", "2023-2025", "24-25", "год"):
            bad = stack.gateway.get(url, params={"school_year": wrong}, headers=headers)
            assert bad.status_code == 422 and bad.json()["code"] == "validation_error", (url, wrong, bad.text)
            assert bad.json()["fields"] == [
                {"loc": ["query", "school_year"], "code": "invalid_school_year", "detail": SCHOOL_YEAR_MESSAGE}
            ]
    assert {
        r["school_year"]
        for r in stack.gateway.get(RUNS, params={"school_year": "2023/24"}, headers=headers).json()["items"]
    } == {YEAR}
    created = stack.gateway.post(RUNS, json={"school_year": "2023/2024"}, headers=headers)
    assert created.status_code == 201 and created.json()["school_year"] == YEAR


@pytest.mark.parametrize("url", ["/api/identification/agreed-list", "/api/identification/school-statuses"])
def test_lists_of_the_year_page_in_order_with_their_total(stack: Stack, regional_run: dict[str, Any], url: str) -> None:
    """Every page of a filtered list is the matching slice of the whole list, and the total counts all of it."""
    municipality = stack.territory["municipality"]["code"]
    filters: list[dict[str, Any]] = [
        {},
        {"category": "low_results"},
        {"municipality": municipality},
        {"q": "СОШ"},
        {"category": "effective", "municipality": municipality},
    ]
    if url.endswith("statuses"):
        filters.append({"category": "none"})
    for username in ("regional_analyst", "municipal_coordinator", "observer"):
        headers = stack.auth(username)
        for school_year in ("2022-2023", YEAR):
            for extra in filters:
                params = {"school_year": school_year, **extra}
                whole = stack.gateway.get(url, params={**params, "per_page": 500}, headers=headers).json()
                assert whole["total"] == len(whole["items"]), (username, params)
                paged: list[dict[str, Any]] = []
                for number in range(1, whole["total"] // 7 + 2):
                    page = stack.gateway.get(url, params={**params, "per_page": 7, "page": number}, headers=headers)
                    assert page.json()["total"] == whole["total"], (username, params, number)
                    paged.extend(page.json()["items"])
                assert paged == whole["items"], (username, params)
                order = [(s["municipality_code"], s["school_name"]) for s in whole["items"]]
                assert order == sorted(order), (username, params)
