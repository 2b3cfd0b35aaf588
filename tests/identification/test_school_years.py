"""One list of school years for every year picker, and a dashboard that says what it counts and what is missing."""

from __future__ import annotations

from typing import Any

from services.shared.school_year import current_school_year
from tests.conftest import Stack

YEARS = "/api/identification/school-years"
DASHBOARD = "/api/identification/dashboard"


def _years(stack: Stack, username: str) -> dict[str, Any]:
    answer = stack.gateway.get(YEARS, headers=stack.auth(username))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_the_years_with_data_newest_first_and_the_default(stack: Stack) -> None:
    body = _years(stack, "regional_analyst")
    years = [y["school_year"] for y in body["years"]]
    assert years == sorted(years, reverse=True)
    assert {"2021-2022", "2022-2023", "2023-2024"} <= set(years)
    assert body["current"] == current_school_year()
    assert body["latest"] == next(y["school_year"] for y in body["years"] if y["schools_with_results"])
    latest = next(y for y in body["years"] if y["school_year"] == body["latest"])
    assert (
        latest["schools_with_results"]
        == stack.gateway.get(
            DASHBOARD, params={"school_year": body["latest"]}, headers=stack.auth("regional_analyst")
        ).json()["schools"]
    )
    assert all(y["approved"] and y["runs"] >= 1 for y in body["years"] if y["school_year"] in years[:3])


def test_an_observer_of_the_region_is_offered_the_same_years(stack: Stack) -> None:
    assert _years(stack, "observer") == _years(stack, "regional_analyst")


def test_the_years_are_counted_over_the_callers_schools(stack: Stack) -> None:
    everything = {y["school_year"]: y for y in _years(stack, "regional_analyst")["years"]}
    own = {y["school_year"]: y for y in _years(stack, "school_staff")["years"]}
    assert own and set(own) <= set(everything)
    assert all(y["schools_with_results"] <= 1 for y in own.values())
    local = {y["school_year"]: y for y in _years(stack, "municipal_coordinator")["years"]}
    year = max(local)
    assert 1 <= local[year]["schools_with_results"] < everything[year]["schools_with_results"]


def test_unauthenticated_and_forged_callers_are_refused(stack: Stack) -> None:
    assert stack.gateway.get(YEARS).status_code == 401
    forged = stack.gateway.get(YEARS, headers={"Authorization": "Bearer e30.e30.AAAA"})
    assert forged.status_code == 401


def test_the_dashboard_says_what_its_grid_counts_and_which_data_is_missing(stack: Stack) -> None:
    for school_year in ("2021-2022", "2023-2024"):
        body = stack.gateway.get(
            DASHBOARD, params={"school_year": school_year}, headers=stack.auth("regional_analyst")
        ).json()
        assert "самой тяжёлой" in body["status_trend_note"]
        grid_rows = sum(sum(trends.values()) for trends in body["status_trend"].values())
        assert grid_rows == body["schools"] - body["not_identified"]
        if body["insufficient_data"]:
            assert body["missing_data"], school_year
        if school_year == "2021-2022":  # the demo's first year has no three-year history
            assert body["insufficient_data"] and body["missing_data"]
        for missing in body["missing_data"]:
            assert 1 <= missing["schools"] <= body["insufficient_data"]
            assert missing["reason"] and missing["rule_label"] != missing["rule_id"]
