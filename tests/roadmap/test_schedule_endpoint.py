"""`POST /api/roadmap/schedules/parse` and `/api/roadmap/expected-results/parse` through the gateway."""

from __future__ import annotations

import pytest

from tests.conftest import Stack

SCHEDULES = "/api/roadmap/schedules/parse"
RESULTS = "/api/roadmap/expected-results/parse"


@pytest.mark.parametrize("username", ["school_staff", "observer", "municipal_coordinator"])
def test_any_signed_in_user_parses_a_deadline(stack: Stack, username: str) -> None:
    body = {"text": "Ежегодно, май, сентябрь", "school_year": "2022/2023"}
    response = stack.gateway.post(SCHEDULES, json=body, headers=stack.auth(username))
    assert response.status_code == 200, response.text
    schedule = response.json()
    assert schedule["kind"] == "recurring" and schedule["recurrence"] == "yearly"
    assert schedule["summary"] == "ежегодно в мае и сентябре"
    assert [o["due"] for o in schedule["occurrences"]] == ["2022-09-30", "2023-05-31"]
    assert schedule["text"] == body["text"]


def test_period_dates_bare_months(stack: Stack) -> None:
    body = {"text": "Март", "period_start": "2021-01-01", "period_end": "2021-12-31"}
    response = stack.gateway.post(SCHEDULES, json=body, headers=stack.auth("curator"))
    assert response.status_code == 200, response.text
    assert response.json()["occurrences"][0]["due"] == "2021-03-31"


def test_unreadable_text_is_unparsed_not_an_error(stack: Stack) -> None:
    response = stack.gateway.post(SCHEDULES, json={"text": "когда-нибудь"}, headers=stack.auth("school_staff"))
    assert response.status_code == 200
    assert response.json()["kind"] == "unparsed" and response.json()["summary"] == "не разобрано"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"text": "Сентябрь", "school_year": "2022-2024"}, "validation_error"),
        ({"text": "Сентябрь", "school_year": "2022"}, "validation_error"),
        ({"text": "Сентябрь", "period_start": "2023-09-01", "period_end": "2022-09-01"}, "invalid_period"),
        ({"text": "x" * 2001}, "validation_error"),
        ({"school_year": "2022-2023"}, "validation_error"),
    ],
)
def test_bad_input(stack: Stack, body: dict[str, str], code: str) -> None:
    response = stack.gateway.post(SCHEDULES, json=body, headers=stack.auth("school_staff"))
    assert response.status_code == 422
    answer = response.json()
    assert answer["code"] == code
    assert answer["detail"] and not answer["detail"].isascii()


def test_expected_results(stack: Stack) -> None:
    text = "Проведено обучение не менее 5-ти человек от каждой школы (общее количество не менее 50 человек)"
    response = stack.gateway.post(RESULTS, json={"text": text}, headers=stack.auth("observer"))
    assert response.status_code == 200, response.text
    assert [(t["comparator"], t["value"], t["unit"], t["per"]) for t in response.json()] == [
        (">=", 5, "человек", "школа"),
        (">=", 50, "человек", None),
    ]


def test_anonymous_is_refused(stack: Stack) -> None:
    assert stack.gateway.post(SCHEDULES, json={"text": "Сентябрь"}).status_code == 401
    assert stack.gateway.post(RESULTS, json={"text": "1 пакет"}).status_code == 401
