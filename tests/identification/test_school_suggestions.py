"""School search tolerant of typos: `/schools/suggestions` (pg_trgm on PostgreSQL, rapidfuzz on SQLite)."""

from __future__ import annotations

from typing import Any

from tests.conftest import Stack

URL = "/api/identification/schools/suggestions"


def _suggest(stack: Stack, username: str, q: str, **params: Any) -> list[dict[str, Any]]:
    answer = stack.gateway.get(URL, params={"q": q, **params}, headers=stack.auth(username))
    assert answer.status_code == 200, answer.text
    body: list[dict[str, Any]] = answer.json()
    return body


def _typo(word: str) -> str:
    """The word with one inner letter dropped: «Сосновка» → «Сосовка»."""
    middle = len(word) // 2
    return word[:middle] + word[middle + 1 :]


def _schools(stack: Stack, username: str) -> list[dict[str, Any]]:
    answer = stack.gateway.get("/api/identification/schools", params={"per_page": 500}, headers=stack.auth(username))
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def test_a_mistyped_settlement_finds_its_school_among_the_closest_names(stack: Stack) -> None:
    own = stack.territory["school"]["code"]
    school = next(s for s in _schools(stack, "admin") if s["school_code"] == own)
    word = max(school["short_name"].split(), key=len)
    assert len(word) >= 5, school["short_name"]
    typo = _typo(word)
    plain = stack.gateway.get("/api/identification/schools", params={"q": typo}, headers=stack.auth("admin")).json()
    assert plain["total"] == 0, "the exact search does not forgive the typo"
    found = _suggest(stack, "admin", typo, limit=20)
    mine = next(s for s in found if s["school_code"] == own)
    assert mine["score"] == found[0]["score"], "no name comes closer than the school meant"
    scores = [s["score"] for s in found]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert all(s["municipality_name"] and s["short_name"] for s in found)
    assert len(_suggest(stack, "admin", typo, limit=1)) == 1


def test_suggestions_stay_within_the_callers_territory(stack: Stack) -> None:
    own = stack.territory["school"]["code"]
    school = next(s for s in _schools(stack, "admin") if s["school_code"] == own)
    typo = _typo(max(school["short_name"].split(), key=len))
    assert {s["school_code"] for s in _suggest(stack, "school_staff", typo)} <= {own}
    local = {s["school_code"] for s in _schools(stack, "municipal_coordinator")}
    assert {s["school_code"] for s in _suggest(stack, "municipal_coordinator", typo)} <= local
    for other in _schools(stack, "admin"):
        if other["school_code"] not in local:
            foreign = _typo(max(other["short_name"].split(), key=len))
            assert {s["school_code"] for s in _suggest(stack, "municipal_coordinator", foreign)} <= local
            break


def test_nothing_close_and_bad_queries(stack: Stack) -> None:
    assert _suggest(stack, "admin", "Zqxjwv") == []
    short = stack.gateway.get(URL, params={"q": "ab"}, headers=stack.auth("admin"))
    assert short.status_code == 422 and short.json()["code"] == "validation_error"
    many = stack.gateway.get(URL, params={"q": "школа", "limit": 500}, headers=stack.auth("admin"))
    assert many.status_code == 422
    assert stack.gateway.get(URL, params={"q": "школа"}).status_code == 401
