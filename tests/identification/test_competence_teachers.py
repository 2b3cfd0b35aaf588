"""Editing and removing teachers of the registry through the gateway: within scope only (another
municipality's teachers are refused), edits and removals conditional on the revision read (If-Match: 428
without it, 412 on a stale one, of two concurrent editors one wins), Russian errors with codes, and a removed
teacher's scores kept."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from services.identification.competence.card import FIVE_K
from tests.conftest import Stack

API = "/api/identification/competence"


def _ok(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json() if answer.content else None


def _teacher(stack: Stack, school: str, name: str, user: str = "school_staff") -> dict[str, Any]:
    body = {"school_code": school, "full_name": name, "position": "учитель", "subjects": ["Математика"]}
    return dict(_ok(stack.gateway.post(f"{API}/teachers", json=body, headers=stack.auth(user)), 201))


def _if_match(revision: int) -> dict[str, str]:
    return {"If-Match": f'"{revision}"'}


def _outside_school(stack: Stack) -> str:
    schools = _ok(stack.gateway.get("/api/identification/schools?per_page=500", headers=stack.auth("admin")))
    own = stack.territory["municipality"]["code"]
    return str(next(s["school_code"] for s in schools["items"] if s["municipality_code"] != own))


def test_a_teacher_is_corrected_within_scope(stack: Stack) -> None:
    school = stack.territory["school"]["code"]
    teacher = _teacher(stack, school, "Сидорова Ольга Викторовна")
    assert teacher["revision"] == 1
    answer = stack.gateway.patch(
        f"{API}/teachers/{teacher['id']}",
        json={"full_name": "Сидорова  Ольга Викторовна ", "position": "заместитель директора", "subjects": [" "]},
        headers=stack.auth("school_staff") | _if_match(1),
    )
    changed = _ok(answer)
    assert (changed["full_name"], changed["position"], changed["subjects"], changed["revision"]) == (
        "Сидорова Ольга Викторовна",
        "заместитель директора",
        [],
        2,
    )
    assert answer.headers["ETag"] == '"2"'
    kept = _ok(
        stack.gateway.patch(
            f"{API}/teachers/{teacher['id']}",
            json={"subjects": ["Физика"]},
            headers=stack.auth("municipal_coordinator") | {"If-Match": answer.headers["ETag"]},
        )
    )
    assert kept["position"] == "заместитель директора" and kept["subjects"] == ["Физика"] and kept["revision"] == 3
    short = stack.gateway.patch(
        f"{API}/teachers/{teacher['id']}", json={"full_name": "А"}, headers=stack.auth("admin") | _if_match(3)
    )
    assert short.status_code == 422
    observer = stack.gateway.patch(
        f"{API}/teachers/{teacher['id']}", json={"position": "x"}, headers=stack.auth("observer") | _if_match(3)
    )
    assert observer.status_code == 403


def _listed(stack: Stack, teacher: dict[str, Any]) -> dict[str, Any]:
    rows = _ok(
        stack.gateway.get(
            f"{API}/teachers", params={"school_code": teacher["school_code"]}, headers=stack.auth("admin")
        )
    )
    return dict(next(t for t in rows if t["id"] == teacher["id"]))


def test_an_edit_needs_the_current_revision(stack: Stack) -> None:
    teacher = _teacher(stack, stack.territory["school"]["code"], "Версионная Анна Ивановна")
    url, staff = f"{API}/teachers/{teacher['id']}", stack.auth("school_staff")
    missing = stack.gateway.patch(url, json={"position": "директор"}, headers=staff)
    assert missing.status_code == 428 and missing.json()["code"] == "precondition_required", missing.text
    assert "If-Match" in missing.json()["detail"]
    malformed = stack.gateway.patch(url, json={"position": "директор"}, headers=staff | {"If-Match": "1"})
    assert malformed.status_code == 400 and malformed.json()["code"] == "invalid_if_match"
    _ok(stack.gateway.patch(url, json={"position": "методист"}, headers=staff | _if_match(1)))
    for tag in ('"1"', 'W/"2"'):  # stale, and weak (compared strongly: never matches)
        stale = stack.gateway.patch(url, json={"position": "директор"}, headers=staff | {"If-Match": tag})
        assert stale.status_code == 412 and stale.json()["code"] == "stale_revision", stale.text
        assert "другой пользователь" in stale.json()["detail"]
    assert _listed(stack, teacher)["position"] == "методист" and _listed(stack, teacher)["revision"] == 2
    anyone = _ok(stack.gateway.patch(url, json={"position": "директор"}, headers=staff | {"If-Match": "*"}))
    assert (anyone["position"], anyone["revision"]) == ("директор", 3)


def test_two_concurrent_editors_of_one_revision_one_wins(stack: Stack) -> None:
    """Two writers with the same If-Match at once, each in its own thread and request: the database's
    compare-and-set lets exactly one through; the other gets 412 and writes nothing."""
    for round_ in range(3):
        teacher = _teacher(stack, stack.territory["school"]["code"], f"Спорная Мария Петровна {round_}")
        url = f"{API}/teachers/{teacher['id']}"
        editors = {"school_staff": f"учитель {round_}", "municipal_coordinator": f"методист {round_}"}
        barrier = threading.Barrier(len(editors))

        def edit(user: str, position: str, url: str = url, barrier: threading.Barrier = barrier) -> httpx.Response:
            headers = stack.auth(user) | _if_match(1)
            barrier.wait()
            return stack.gateway.patch(url, json={"position": position}, headers=headers)

        with ThreadPoolExecutor(max_workers=len(editors)) as pool:
            answers = list(pool.map(edit, editors, editors.values()))
        assert sorted(a.status_code for a in answers) == [200, 412], [(a.status_code, a.text) for a in answers]
        winner = next(a for a in answers if a.status_code == 200)
        loser = next(a for a in answers if a.status_code == 412)
        assert loser.json()["code"] == "stale_revision"
        stored = _listed(stack, teacher)
        assert stored["position"] == winner.json()["position"] in editors.values()
        assert stored["revision"] == winner.json()["revision"] == 2


def test_another_municipalitys_teachers_are_refused(stack: Stack) -> None:
    stranger = _teacher(stack, _outside_school(stack), "Чужая Мария Петровна", user="admin")
    for user in ("municipal_coordinator", "school_staff"):
        edit = stack.gateway.patch(
            f"{API}/teachers/{stranger['id']}", json={"position": "директор"}, headers=stack.auth(user) | _if_match(1)
        )
        assert edit.status_code == 403 and edit.json()["code"] == "out_of_scope", edit.text
        removal = stack.gateway.delete(f"{API}/teachers/{stranger['id']}", headers=stack.auth(user))
        assert removal.status_code == 403 and removal.json()["code"] == "out_of_scope"
    missing = stack.gateway.patch(
        f"{API}/teachers/999999", json={"position": "x"}, headers=stack.auth("admin") | _if_match(1)
    )
    assert missing.status_code == 404 and missing.json()["code"] == "teacher_not_found"
    assert "Педагог не найден" in missing.json()["detail"]
    unchanged = _ok(
        stack.gateway.get(
            f"{API}/teachers", params={"school_code": stranger["school_code"]}, headers=stack.auth("admin")
        )
    )
    assert {t["id"]: t["position"] for t in unchanged}[stranger["id"]] == "учитель"


def test_a_removed_teacher_leaves_the_registry_and_keeps_the_scores(stack: Stack) -> None:
    school = stack.territory["school"]["code"]
    teacher = _teacher(stack, school, "Уходящий Павел Сергеевич")
    coordinator = stack.auth("municipal_coordinator")
    card = next(c for c in _ok(stack.gateway.get(f"{API}/cards", headers=coordinator)) if c["code"] == "5k")
    body = {
        "card_id": card["id"],
        "title": "Входная диагностика",
        "stage": "entry",
        "held_on": "2024-10-01",
        "school_year": "2024-2025",
        "school_codes": [school],
    }
    campaign = _ok(stack.gateway.post(f"{API}/campaigns", json=body, headers=coordinator), 201)
    sheet = {"teacher_id": teacher["id"], "rater": "self", "scores": dict.fromkeys(FIVE_K.criterion_codes(), 2)}
    _ok(stack.gateway.put(f"{API}/campaigns/{campaign['id']}/scores", json=sheet, headers=coordinator))

    url = f"{API}/teachers/{teacher['id']}"
    unconditional = stack.gateway.delete(url, headers=stack.auth("school_staff"))
    assert unconditional.status_code == 428 and unconditional.json()["code"] == "precondition_required"
    stale = stack.gateway.delete(url, headers=stack.auth("school_staff") | _if_match(teacher["revision"] + 1))
    assert stale.status_code == 412 and stale.json()["code"] == "stale_revision"
    _ok(stack.gateway.delete(url, headers=stack.auth("school_staff") | _if_match(teacher["revision"])), 204)
    listed = _ok(stack.gateway.get(f"{API}/teachers", params={"school_code": school}, headers=coordinator))
    assert teacher["id"] not in {t["id"] for t in listed}
    again = stack.gateway.delete(url, headers=coordinator | _if_match(teacher["revision"] + 1))
    assert again.status_code == 404 and again.json()["code"] == "teacher_not_found"
    late = stack.gateway.put(f"{API}/campaigns/{campaign['id']}/scores", json=sheet, headers=coordinator)
    assert late.status_code == 404 and late.json()["code"] == "teacher_not_found"
    results = _ok(stack.gateway.get(f"{API}/campaigns/{campaign['id']}/results", headers=coordinator))
    assert [t["teacher_id"] for t in results["teachers"]] == [teacher["id"]]
    assert results["teachers"][0]["overall"]["percent"] == 100.0
