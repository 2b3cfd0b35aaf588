"""Races with real concurrent clients against the real processes: nothing lost, nothing doubled, no 5xx.

Each race is repeated a few times; the assertions are about outcomes (who won, what is stored), never about
how long anything took.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.identification.import_support import csv_bytes
from tests.reliability.clients import at_once, json_of, login, no_server_errors, request
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

ROUNDS = 4
PLANS = "/api/roadmap/plans"
IDENTIFICATION = "/api/identification"


def _me(live: RunningStack, headers: dict[str, str]) -> dict[str, Any]:
    me: dict[str, Any] = json_of(web.get(f"{live.url()}/api/auth/me", headers=headers))
    return me


def _plan(live: RunningStack, headers: dict[str, str], school: str) -> dict[str, Any]:
    body = {
        "kind": "anti_risk_programme",
        "title": "Программа для проверки одновременных правок",
        "school_code": school,
        "school_year": "2024-2025",
        "sections": [
            {
                "title": "Диагностика",
                "activities": [{"number": "1.1", "title": "Диагностика", "deadline_text": "Сентябрь"}],
            }
        ],
    }
    plan: dict[str, Any] = json_of(web.post(f"{live.url()}{PLANS}", json=body, headers=headers))
    return plan


def _one_winner(answers: list[httpx.Response]) -> httpx.Response:
    no_server_errors(answers)
    assert sorted(a.status_code for a in answers) == [200, 412], [(a.status_code, a.text) for a in answers]
    loser = next(a for a in answers if a.status_code == 412)
    assert loser.json()["code"] == "stale_revision"
    return next(a for a in answers if a.status_code == 200)


def test_two_editors_with_the_same_if_match_one_wins_one_gets_412(live: RunningStack) -> None:
    school_staff = login(live, "school_staff")
    coordinator = login(live, "municipal_coordinator")
    plan = _plan(live, school_staff, _me(live, school_staff)["scope"]["schools"][0])
    activity_url = f"{live.url()}/api/roadmap/activities/{plan['sections'][0]['activities'][0]['id']}"
    plan_url = f"{live.url()}{PLANS}/{plan['id']}"
    for round_ in range(ROUNDS):
        for url, field in ((activity_url, "title"), (plan_url, "title")):
            read = web.get(url, headers=school_staff)
            etag = read.headers["ETag"]
            edits = {"school": f"Правка школы {round_}", "coordinator": f"Правка муниципалитета {round_}"}
            answers = at_once(
                live,
                [
                    request("PATCH", url, headers=school_staff | {"If-Match": etag}, json={field: edits["school"]}),
                    request("PATCH", url, headers=coordinator | {"If-Match": etag}, json={field: edits["coordinator"]}),
                ],
            )
            winner = _one_winner(answers)
            stored = web.get(url, headers=school_staff)
            assert stored.json()[field] == winner.json()[field] in edits.values()
            assert stored.headers["ETag"] == winner.headers["ETag"] == f'"{int(etag.strip(chr(34))) + 1}"'


def test_if_match_star_weak_and_malformed_tags(live: RunningStack) -> None:
    school_staff = login(live, "school_staff")
    plan = _plan(live, school_staff, _me(live, school_staff)["scope"]["schools"][0])
    url = f"{live.url()}{PLANS}/{plan['id']}"
    etag = web.get(url, headers=school_staff).headers["ETag"]
    weak = web.patch(url, json={"title": "Слабый тег"}, headers=school_staff | {"If-Match": f"W/{etag}"})
    assert weak.status_code == 412  # RFC 9110: If-Match compares strongly, a weak tag never matches
    listed = web.patch(url, json={"title": "Список тегов"}, headers=school_staff | {"If-Match": f'"999", {etag}'})
    assert listed.status_code == 200, listed.text
    star = web.patch(url, json={"title": "Любая версия"}, headers=school_staff | {"If-Match": "*"})
    assert star.status_code == 200 and star.json()["title"] == "Любая версия"
    malformed = web.patch(url, json={"title": "Без кавычек"}, headers=school_staff | {"If-Match": "abc"})
    assert (malformed.status_code, malformed.json()["code"]) == (400, "invalid_if_match")
    assert web.patch(url, json={"title": "Без заголовка"}, headers=school_staff).status_code == 428


def test_two_approvals_of_one_plan_with_the_same_if_match(live: RunningStack) -> None:
    school_staff = login(live, "school_staff")
    school = _me(live, school_staff)["scope"]["schools"][0]
    for round_ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        url = f"{live.url()}{PLANS}/{plan['id']}"
        etag = web.get(url, headers=school_staff).headers["ETag"]
        approve = {"order_number": f"{round_}-од", "order_date": "2024-09-02"}
        calls = [
            request("POST", f"{url}/approve", json=approve, headers=school_staff | {"If-Match": etag}) for _ in range(3)
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert sorted(a.status_code for a in answers) == [200, 412, 412]
        history = json_of(web.get(f"{url}/history", headers=school_staff))
        assert [e["action"] for e in history].count("approve") == 1


def _new_runs(live: RunningStack, headers: dict[str, str], year: str, count: int) -> list[int]:
    runs = []
    for _ in range(count):
        run = json_of(web.post(f"{live.url()}{IDENTIFICATION}/runs", json={"school_year": year}, headers=headers))
        assert run["status"] == "computed"
        runs.append(run["id"])
    return runs


def test_ten_approvals_at_once_leave_one_agreed_list(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    approved = json_of(web.get(f"{live.url()}{IDENTIFICATION}/runs", params={"status": "approved"}, headers=analyst))[
        "items"
    ]
    year = approved[0]["school_year"]
    for round_ in range(3):
        runs = _new_runs(live, analyst, year, 3)
        order = {"order_number": f"{round_}-од", "order_date": "2024-09-02"}
        calls = [
            request("POST", f"{IDENTIFICATION}/runs/{runs[i % len(runs)]}/approve", json=order, headers=analyst)
            for i in range(10)
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert {a.status_code for a in answers} <= {200, 409}, [a.text for a in answers]
        won = [a.json()["id"] for a in answers if a.status_code == 200]
        assert won and len(won) == len(set(won)), won  # no run approved twice
        assert all(
            a.json()["code"] in ("run_not_computed", "approval_conflict") for a in answers if a.status_code == 409
        )
        listed = json_of(
            web.get(
                f"{live.url()}{IDENTIFICATION}/runs",
                params={"status": "approved", "school_year": year, "per_page": 500},
                headers=analyst,
            )
        )["items"]
        details = [json_of(web.get(f"{live.url()}{IDENTIFICATION}/runs/{run}", headers=analyst)) for run in runs]
        territory = (details[0]["territory_kind"], details[0]["territory_code"])
        mine = [r for r in listed if (r["territory_kind"], r["territory_code"]) == territory]
        assert len(mine) == 1 and mine[0]["id"] in won, mine
        assert sum(r["status"] == "approved" for r in details) == 1


def test_twenty_identical_corrected_imports_make_one_batch(live: RunningStack) -> None:
    analyst = login(live, "regional_analyst")
    schools = json_of(web.get(f"{live.url()}{IDENTIFICATION}/schools", params={"per_page": 11}, headers=analyst))[
        "items"
    ]
    codes = [s["school_code"] for s in schools]
    assert len(codes) == 11
    header = ["Код ОО", "Учебный год", "Класс", "Предмет", "Понизили", "Подтвердили", "Повысили"]
    url = f"{IDENTIFICATION}/imports/vpr_objectivity"

    def history(code: str) -> int:
        answer = web.get(
            f"{live.url()}{IDENTIFICATION}/imports/history",
            params={"school_code": code, "kind": "vpr_objectivity"},
            headers=analyst,
        )
        total: int = json_of(answer)["total"]
        return total

    def batches() -> int:
        answer = web.get(
            f"{live.url()}{url.rsplit('/', 1)[0]}/batches", params={"kind": "vpr_objectivity"}, headers=analyst
        )
        total: int = json_of(answer)["total"]
        return total

    for round_ in range(3):
        year = f"{2040 + round_}-{2041 + round_}"
        first = csv_bytes([header, *([code, year, "4", "русский", "3", "20", "1"] for code in codes)])
        created = web.post(f"{live.url()}{url}", files={"file": ("v.csv", first)}, headers=analyst)
        assert json_of(created)["status"] == "applied"
        before = {code: history(code) for code in codes}
        batches_before = batches()
        corrected = csv_bytes([header, *([code, year, "4", "русский", "5", "18", "1"] for code in codes)])
        calls = [request("POST", url, files={"file": ("v2.csv", corrected)}, headers=analyst) for _ in range(20)]
        answers = at_once(live, calls)
        no_server_errors(answers)
        statuses = sorted(json_of(a)["status"] for a in answers)
        assert statuses == ["applied"] + ["unchanged"] * 19, statuses
        applied = next(a.json() for a in answers if a.json()["status"] == "applied")
        assert applied["updated"] == 11
        assert batches() == batches_before + 1
        assert {code: history(code) - before[code] for code in codes} == dict.fromkeys(codes, 1)
