"""Races and bad input hunted down in a sixth round with real concurrent clients against the real processes (see
test_races.py): a plan's indicator and a library measure edited by two people at once (If-Match, as plans,
activities, pairs and teachers are), numbers that are not numbers (NaN, Infinity, 1e400), names of spaces only,
and another school's code in a body. Outcomes are asserted — who won, what is stored —, never timing.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from services.roadmap.db import AuditEvent as RoadmapAuditEvent
from tests.reliability.clients import at_once, audit_events, json_of, login, no_server_errors, request
from tests.reliability.test_races import PLANS, ROUNDS, _me, _plan
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

AT_ONCE = 4
MEASURES = "/api/roadmap/library/measures"
NOT_FINITE = ("NaN", "Infinity", "-Infinity", "1e400", "1" + "0" * 400, '"nan"', '"inf"', '"12"', "true")
"""Figures that are no finite JSON number: NaN and Infinity (not JSON, but Python's parser reads them), numbers
beyond the floats, and strings or booleans that a lax parser would read as floats."""
NOT_A_NUMBER = {"finite_number", "float_type"}


def _codes(answers: list[httpx.Response]) -> list[tuple[int, str | None]]:
    """Each answer's status and, for an error, its machine code; sorted, for comparing outcomes."""
    return sorted((a.status_code, a.json().get("code") if a.status_code >= 400 else None) for a in answers)


def _school_staff(live: RunningStack) -> tuple[dict[str, str], str]:
    school_staff = login(live, "school_staff")
    return school_staff, _me(live, school_staff)["scope"]["schools"][0]


def _refused(answer: httpx.Response, status: int, code: str, field: str | set[str] | None = None) -> None:
    """A refusal with its stable code and a Russian detail (and, for a 422, the field's code: one of `field`)."""
    assert answer.status_code == status, (answer.status_code, answer.text)
    body = answer.json()
    assert body["code"] == code, body
    assert any("а" <= letter <= "я" for letter in body["detail"].lower()), body
    if field is not None:
        expected = {field} if isinstance(field, str) else field
        assert expected & {item["code"] for item in body["fields"]}, body
        assert all(any("а" <= ch <= "я" for ch in item["detail"].lower()) for item in body["fields"]), body


def _raw_json(method: str, url: str, body: str, headers: dict[str, str]) -> httpx.Response:
    """A request whose JSON body is sent as written (NaN and Infinity are not JSON, so no encoder writes them)."""
    return web.request(method, url, content=body.encode(), headers=headers | {"Content-Type": "application/json"})


def _indicator(live: RunningStack, headers: dict[str, str], plan: dict[str, Any], name: str) -> httpx.Response:
    body = {"name": name, "unit": "%", "baseline": 40.0, "targets": {"2024-2025": 30.0}}
    return web.post(f"{live.url()}{PLANS}/{plan['id']}/indicators", json=body, headers=headers)


def _stored_indicator(live: RunningStack, headers: dict[str, str], plan: dict[str, Any], id_: int) -> dict[str, Any]:
    listed = json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}/indicators", headers=headers))
    found: dict[str, Any] = next(i for i in listed if i["id"] == id_)
    return found


# --- If-Match on the indicator PATCH and the library measure PUT ------------------------------------------------


def test_an_indicator_changed_without_if_match_is_428_and_with_a_stale_one_412(live: RunningStack) -> None:
    """An indicator's facts are changed as a plan's activities are: the revision read is sent back (`If-Match`);
    without it 428 `precondition_required`, with an old one 412 `stale_revision`, and nothing is written either
    way. Its ETag and `revision` say which revision a read saw. Before, any PATCH overwrote the year's figure."""
    school_staff, school = _school_staff(live)
    plan = _plan(live, school_staff, school)
    created = _indicator(live, school_staff, plan, "Доля обучающихся ниже порога")
    indicator = json_of(created)
    assert (created.headers["ETag"], indicator["revision"]) == ('"1"', 1), created.headers
    url = f"{live.url()}/api/roadmap/indicators/{indicator['id']}"
    fact = {"actuals": {"2024-2025": 35.0}}
    _refused(web.patch(url, json=fact, headers=school_staff), 428, "precondition_required")
    _refused(web.patch(url, json=fact, headers=school_staff | {"If-Match": '"2"'}), 412, "stale_revision")
    _refused(web.patch(url, json=fact, headers=school_staff | {"If-Match": "2"}), 400, "invalid_if_match")
    assert _stored_indicator(live, school_staff, plan, indicator["id"])["actuals"] == {}
    changed = web.patch(url, json=fact, headers=school_staff | {"If-Match": '"1"'})
    assert (changed.status_code, changed.headers.get("ETag")) == (200, '"2"'), changed.text
    assert changed.json()["actuals"] == {"2024-2025": 35.0} and changed.json()["revision"] == 2
    read = web.get(url, headers=login(live, "observer"))
    assert (read.status_code, read.headers.get("ETag"), read.json()["actuals"]) == (200, '"2"', fact["actuals"])
    assert _stored_indicator(live, school_staff, plan, indicator["id"])["revision"] == 2


def test_two_editors_of_one_indicator_with_the_same_revision_one_wins_one_gets_412(live: RunningStack) -> None:
    """The school and the coordinator correct the same year's fact having read the same revision: one is kept,
    the other is told the figure changed (412) instead of silently replacing it; one change is audited."""
    school_staff, school = _school_staff(live)
    coordinator = login(live, "municipal_coordinator")
    plan = _plan(live, school_staff, school)
    for round_ in range(ROUNDS):
        indicator = json_of(_indicator(live, school_staff, plan, f"Доля успевающих {round_}"))
        url = f"/api/roadmap/indicators/{indicator['id']}"
        calls = [
            request("PATCH", url, json={"actuals": {"2024-2025": 50.0 + i}},
                    headers=(school_staff, coordinator)[i % 2] | {"If-Match": '"1"'})
            for i in range(2)
        ]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [(200, None), (412, "stale_revision")], [a.text for a in answers]
        winner = next(a for a in answers if a.status_code == 200).json()
        stored = _stored_indicator(live, school_staff, plan, indicator["id"])
        assert (stored["actuals"], stored["revision"]) == (winner["actuals"], 2), (stored, winner)
        events = audit_events(live, "ROADMAP", RoadmapAuditEvent, "plan_indicator", str(indicator["id"]))
        assert [e.action for e in events] == ["update"], events


def test_a_library_measure_rewritten_without_if_match_is_428_and_with_a_stale_one_412(live: RunningStack) -> None:
    """A typical measure is rewritten whole (PUT): without the revision read, 428; with an old one, 412; the text
    stays. The list and the answers carry the revision (the ETag). Before, the last PUT replaced the other's."""
    analyst = login(live, "regional_analyst")
    url = f"{live.url()}{MEASURES}"
    body: dict[str, Any] = {"risk_factor": 7, "title": f"Мера для проверки версий {uuid.uuid4().hex[:6]}"}
    created = web.post(url, json=body, headers=analyst)
    measure = json_of(created)
    assert (created.headers["ETag"], measure["revision"]) == ('"1"', 1), created.headers
    item = f"{url}/{measure['id']}"
    changed = body | {"title": "Изменённая мера"}
    _refused(web.put(item, json=changed, headers=analyst), 428, "precondition_required")
    _refused(web.put(item, json=changed, headers=analyst | {"If-Match": '"5"'}), 412, "stale_revision")
    listed = {m["id"]: m for m in json_of(web.get(url, params={"risk_factor": 7}, headers=analyst))}
    assert (listed[measure["id"]]["title"], listed[measure["id"]]["revision"]) == (body["title"], 1)
    written = web.put(item, json=changed, headers=analyst | {"If-Match": '"1"'})
    assert (written.status_code, written.headers.get("ETag")) == (200, '"2"'), written.text
    read = web.get(item, headers=login(live, "school_staff"))
    assert (read.status_code, read.headers.get("ETag"), read.json()["title"]) == (200, '"2"', "Изменённая мера")
    assert (written.json()["title"], written.json()["revision"]) == ("Изменённая мера", 2)


def test_two_curators_rewriting_one_measure_with_the_same_revision(live: RunningStack) -> None:
    """Two curators send their text of one measure having read the same revision: one text is kept whole, the
    other is refused (412) — never a mix of both, never the later one silently replacing the first."""
    analyst = login(live, "regional_analyst")
    admin = login(live, "admin")
    url = f"{live.url()}{MEASURES}"
    for round_ in range(ROUNDS):
        body: dict[str, Any] = {"category": "risk_zone", "title": f"Мера раунда {round_} {uuid.uuid4().hex[:6]}"}
        measure = json_of(web.post(url, json=body, headers=analyst))
        texts = [
            body | {"title": f"Текст {who} {round_}", "responsible": who, "deadline_text": f"срок {who}"}
            for who in ("аналитика", "администратора")
        ]
        calls = [
            request("PUT", f"{MEASURES}/{measure['id']}", json=text, headers=editor | {"If-Match": '"1"'})
            for text, editor in zip(texts, (analyst, admin), strict=True)
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [(200, None), (412, "stale_revision")], [a.text for a in answers]
        kept = texts[[a.status_code for a in answers].index(200)]
        stored = next(m for m in json_of(web.get(url, headers=analyst)) if m["id"] == measure["id"])
        assert {k: stored[k] for k in ("title", "responsible", "deadline_text", "revision")} == {
            "title": kept["title"], "responsible": kept["responsible"], "deadline_text": kept["deadline_text"],
            "revision": 2,
        }  # fmt: skip


def test_a_measure_rewritten_with_its_revision_while_deleted(live: RunningStack) -> None:
    """A rewrite with the right revision and a removal at once, as in one order or the other: rewritten and then
    removed, or refused as removed (404 `measure_not_found`, not 412 «changed by another»); never a 500."""
    analyst = login(live, "regional_analyst")
    url = f"{live.url()}{MEASURES}"
    for round_ in range(ROUNDS):
        body: dict[str, Any] = {"risk_factor": 6, "title": f"Мера для удаления {round_} {uuid.uuid4().hex[:6]}"}
        measure = json_of(web.post(url, json=body, headers=analyst))
        item = f"{MEASURES}/{measure['id']}"
        put, delete = at_once(
            live,
            [request("PUT", item, json=body | {"title": "Правка"}, headers=analyst | {"If-Match": '"1"'}),
             request("DELETE", item, headers=analyst | {"If-Match": "*"})],
        )  # fmt: skip
        no_server_errors([put, delete])
        assert delete.status_code == 204, delete.text
        if put.status_code != 200:
            _refused(put, 404, "measure_not_found")
        assert measure["id"] not in {m["id"] for m in json_of(web.get(url, headers=analyst))}


# --- numbers that are not numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", NOT_FINITE, ids=lambda value: value[:12])
def test_an_indicator_figure_that_is_not_a_finite_number_is_422(live: RunningStack, value: str) -> None:
    """NaN, Infinity, a number beyond the floats, a string or true as a baseline, a target or a fact: 422
    (`finite_number` or `float_type`, the field named); nothing is stored. Before, NaN was stored and read back
    as an empty figure (null), so the KPI table showed a hole where the school had «entered» a figure, and
    `true` was stored as 1."""
    school_staff, school = _school_staff(live)
    plan = _plan(live, school_staff, school)
    base = f"{live.url()}{PLANS}/{plan['id']}/indicators"
    for body in (
        f'{{"name": "Доля с NaN", "baseline": {value}}}',
        f'{{"name": "Доля с NaN", "targets": {{"2024-2025": {value}}}}}',
        f'{{"name": "Доля с NaN", "actuals": {{"2024-2025": {value}}}}}',
    ):
        _refused(_raw_json("POST", base, body, school_staff), 422, "validation_error", NOT_A_NUMBER)
    assert json_of(web.get(base, headers=school_staff)) == []
    indicator = json_of(_indicator(live, school_staff, plan, "Доля обучающихся"))
    url = f"{live.url()}/api/roadmap/indicators/{indicator['id']}"
    for field in ("targets", "actuals"):
        body = f'{{"{field}": {{"2025-2026": {value}}}}}'
        answer = _raw_json("PATCH", url, body, school_staff | {"If-Match": "*"})
        _refused(answer, 422, "validation_error", NOT_A_NUMBER)
    stored = _stored_indicator(live, school_staff, plan, indicator["id"])
    assert (stored["targets"], stored["actuals"], stored["revision"]) == ({"2024-2025": 30.0}, {}, 1), stored


def test_a_methodology_parameter_that_is_not_a_finite_number_is_422(live: RunningStack) -> None:
    """A rule's threshold or an index weight sent as NaN or Infinity: 422 `finite_number`, the draft unchanged.
    Before, NaN was stored as null (the rules are kept as JSON), and the draft's rules no longer read back."""
    analyst = login(live, "regional_analyst")
    base = f"{live.url()}/api/identification/methodologies"
    listed = json_of(web.get(base, headers=analyst))
    source = (listed["items"] if isinstance(listed, dict) else listed)[0]
    draft = json_of(web.post(f"{base}/{source['id']}/copy", json={"name": "Черновик с NaN"}, headers=analyst))
    rules = draft["rules"]
    for rule, field, value in (
        ("indicator_level", "threshold", "NaN"),
        ("indicator_mean", "threshold", "Infinity"),
        ("social_index_bottom_quartile", "weights", '{"parents_higher_education_share": NaN}'),
    ):
        changed = {**rules, rule: {**rules[rule], field: "@"}}
        body = '{"rules": ' + httpx.Request("POST", "/", json=changed).content.decode().replace('"@"', value) + "}"
        answer = _raw_json("PATCH", f"{base}/{draft['id']}", body, analyst)
        _refused(answer, 422, "validation_error", "finite_number")
    stored = json_of(web.get(f"{base}/{draft['id']}", headers=analyst))
    assert stored["rules"] == rules, stored["rules"]


# --- names of spaces only ---------------------------------------------------------------------------------------


def test_roadmap_names_of_spaces_only_are_422(live: RunningStack) -> None:
    """A name or title that is only spaces is empty: 422 (`string_too_short`, field named), nothing stored. Before,
    an indicator, a measure, a directory entry «   » were created and a draft's or an activity's title blanked."""
    school_staff, school = _school_staff(live)
    analyst = login(live, "regional_analyst")
    plan = _plan(live, school_staff, school)
    activity = plan["sections"][0]["activities"][0]
    blank = " \t  "
    refusals = [
        web.post(f"{live.url()}{PLANS}/{plan['id']}/indicators", json={"name": blank}, headers=school_staff),
        web.post(f"{live.url()}{MEASURES}", json={"risk_factor": 5, "title": blank}, headers=analyst),
        web.post(f"{live.url()}/api/roadmap/parties", json={"name": blank, "kind": "person", "school_code": school},
                 headers=school_staff),
        web.patch(f"{live.url()}{PLANS}/{plan['id']}", json={"title": blank},
                  headers=school_staff | {"If-Match": "*"}),
        web.patch(f"{live.url()}/api/roadmap/activities/{activity['id']}", json={"title": blank},
                  headers=school_staff | {"If-Match": "*"}),
    ]  # fmt: skip
    for answer in refusals:
        _refused(answer, 422, "validation_error", "string_too_short")
    stored = json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}", headers=school_staff))
    assert (stored["title"], stored["revision"]) == (plan["title"], plan["revision"])
    assert stored["sections"][0]["activities"][0]["title"] == activity["title"]
    assert json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}/indicators", headers=school_staff)) == []
    trimmed = web.post(f"{live.url()}{PLANS}/{plan['id']}/indicators", json={"name": "  Доля  "}, headers=school_staff)
    assert json_of(trimmed)["name"] == "Доля"


def test_identification_and_gateway_names_of_spaces_only_are_422(live: RunningStack) -> None:
    """The same for a teacher's full name, a diagnostic's and a card's title, a methodology's name, a user's full
    name and an API client's name: 422, nothing created or renamed. Before, each was stored blank."""
    school_staff, school = _school_staff(live)
    analyst = login(live, "regional_analyst")
    admin = login(live, "admin")
    blank = "    "
    url = live.url()
    methodology = json_of(web.get(f"{url}/api/identification/methodologies", headers=analyst))
    source = (methodology["items"] if isinstance(methodology, dict) else methodology)[0]
    username = f"blank_{uuid.uuid4().hex[:8]}"
    user = json_of(web.post(f"{url}/api/admin/users", json={
        "username": username, "full_name": "Пробный Пользователь", "role": "observer",
        "scope": {"kind": "region", "region": "99"}, "password": "длинный-пароль-1"}, headers=admin))  # fmt: skip
    teachers = f"{url}/api/identification/competence/teachers"
    refusals = [
        web.post(teachers, json={"school_code": school, "full_name": blank}, headers=school_staff),
        web.post(f"{url}/api/identification/methodologies/{source['id']}/copy", json={"name": blank},
                 headers=analyst),
        web.post(f"{url}/api/admin/users", json={
            "username": f"{username}x", "full_name": blank, "role": "observer",
            "scope": {"kind": "region", "region": "99"}, "password": "длинный-пароль-1"}, headers=admin),
        web.patch(f"{url}/api/admin/users/{user['id']}", json={"full_name": blank}, headers=admin | {"If-Match": "*"}),
        web.post(f"{url}/api/admin/clients", json={"name": blank, "scope": {"kind": "region", "region": "99"}},
                 headers=admin),
    ]  # fmt: skip
    for answer in refusals:
        _refused(answer, 422, "validation_error", "string_too_short")
    assert json_of(web.get(f"{url}/api/admin/users/{user['id']}", headers=admin))["full_name"] == "Пробный Пользователь"
    assert blank not in {t["full_name"] for t in json_of(web.get(teachers, params={"school_code": school},
                                                                  headers=school_staff))}  # fmt: skip
    listed = json_of(web.get(f"{url}/api/admin/users", params={"q": username}, headers=admin))
    assert [u["username"] for u in listed["items"]] == [username], listed


# --- another school's code in a body ----------------------------------------------------------------------------


def test_evidence_and_comments_naming_a_school_outside_the_activity_are_404(live: RunningStack) -> None:
    """Evidence and comments may name the school they are about: the plan's own school or one taking part in the
    activity. Another territory's school, or one of the coordinator's schools that takes no part, is 404
    `school_not_in_activity` (as for a school's progress) and nothing is stored. Before, the editors of the plan
    (its school, the coordinator) filed evidence and comments under any school code, which then read as that
    school's report."""
    school_staff, school = _school_staff(live)
    coordinator = login(live, "municipal_coordinator")
    plan = _plan(live, school_staff, school)
    activity = plan["sections"][0]["activities"][0]["id"]
    evidence = f"{live.url()}/api/roadmap/activities/{activity}/evidence"
    comments = f"{live.url()}/api/roadmap/activities/{activity}/comments"
    municipality = _me(live, coordinator)["scope"]["municipality"]
    neighbour = next(
        s["school_code"]
        for s in json_of(web.get(f"{live.url()}/api/identification/schools", params={"per_page": 50},
                                 headers=coordinator))["items"]
        if s["school_code"] != school and s["municipality_code"] == municipality
    )  # fmt: skip
    for other in ("9902008", neighbour, "9999999"):
        link = {"url": "https://example.org/akt", "title": "Акт", "school_code": other}
        _refused(web.post(evidence, data=link, headers=coordinator), 404, "school_not_in_activity")
        _refused(web.post(comments, json={"text": "Отчёт", "school_code": other}, headers=coordinator), 404,
                 "school_not_in_activity")  # fmt: skip
        _refused(web.post(comments, json={"text": "Отчёт", "school_code": other}, headers=school_staff), 404,
                 "school_not_in_activity")  # fmt: skip
    _refused(web.post(evidence, data={"url": "https://example.org/a", "school_code": "9902008"}, headers=school_staff),
             404, "school_not_in_activity")  # fmt: skip
    assert json_of(web.get(evidence, headers=school_staff)) == []
    assert json_of(web.get(comments, headers=school_staff)) == []
    own = web.post(evidence, data={"url": "https://example.org/own", "school_code": school}, headers=coordinator)
    assert json_of(own)["school_code"] == school
    said = web.post(comments, json={"text": "Своя школа", "school_code": school}, headers=school_staff)
    assert json_of(said)["school_code"] == school


def test_a_directory_entry_under_another_territorys_codes_is_refused(live: RunningStack) -> None:
    """A responsible person or body is filed where its codes say: a school is the caller's (403 `out_of_scope`
    for another municipality's school, 404 `school_not_found` for none) and gives the entry its municipality; a
    municipality named alone is one of the caller's (422 `unknown_territory`). Before, a coordinator filed an
    entry under another municipality's school, an analyst under another region's codes and a school under another
    municipality, each then listed in that territory's directory."""
    school_staff, school = _school_staff(live)
    coordinator = login(live, "municipal_coordinator")
    analyst = login(live, "regional_analyst")
    url = f"{live.url()}/api/roadmap/parties"
    municipality = _me(live, coordinator)["scope"]["municipality"]
    name = f"Ответственный {uuid.uuid4().hex[:6]}"
    _refused(web.post(url, json={"name": name, "kind": "person", "school_code": "9902008"}, headers=coordinator),
             403, "out_of_scope")  # fmt: skip
    _refused(web.post(url, json={"name": name, "kind": "person", "school_code": "9999999"}, headers=analyst),
             404, "school_not_found")  # fmt: skip
    _refused(web.post(url, json={"name": name, "kind": "body", "municipality_code": "77-01"}, headers=analyst),
             422, "unknown_territory")  # fmt: skip
    assert [p for p in json_of(web.get(url, params={"q": name}, headers=analyst))] == []
    own = json_of(web.post(url, json={"name": name, "kind": "person", "school_code": school, "municipality_code":
                                      "99-02"}, headers=school_staff))  # fmt: skip
    assert (own["school_code"], own["municipality_code"]) == (school, municipality), own
    placed = json_of(web.post(url, json={"name": f"{name} 2", "kind": "person", "school_code": school},
                              headers=analyst))  # fmt: skip
    assert (placed["school_code"], placed["municipality_code"]) == (school, municipality), placed


def test_two_administrators_editing_one_user_with_the_revision_they_read(live: RunningStack) -> None:
    """A user's card carries its revision (ETag); an edit that sends it back is applied only if nobody changed
    the user meanwhile: of two administrators who read the same revision, one wins and the other gets 412
    `stale_revision` with nothing written. A password reset or a switch-off moves the revision too. Without the
    header, 428 and nothing written (every edit names the revision it was made on). Before, the later edit
    silently replaced the earlier one's name and role."""
    admin = login(live, "admin")
    url = f"{live.url()}/api/admin/users"
    for round_ in range(ROUNDS):
        body = {"username": f"edited_{uuid.uuid4().hex[:8]}", "full_name": "Петров Пётр", "role": "observer",
                "scope": {"kind": "region", "region": "99"}, "password": "длинный-пароль-1"}  # fmt: skip
        created = web.post(url, json=body, headers=admin)
        user = json_of(created)
        assert (created.headers["ETag"], user["revision"]) == ('"1"', 1), created.headers
        calls = [
            request("PATCH", f"/api/admin/users/{user['id']}", json=change, headers=admin | {"If-Match": '"1"'})
            for change in ({"full_name": f"Сидоров {round_}"}, {"role": "regional_analyst"})
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [(200, None), (412, "stale_revision")], [a.text for a in answers]
        stored = json_of(web.get(f"{url}/{user['id']}", headers=admin))
        expected = ("Петров Пётр", "regional_analyst") if answers[1].status_code == 200 else (f"Сидоров {round_}",
                                                                                            "observer")  # fmt: skip
        assert (stored["full_name"], stored["role"], stored["revision"]) == (*expected, 2), stored
    item = f"{url}/{user['id']}"
    assert json_of(web.post(f"{item}/password", json={"password": "другой-пароль-2"}, headers=admin))["revision"] == 3
    _refused(web.patch(item, json={"full_name": "Устаревший"}, headers=admin | {"If-Match": '"2"'}), 412,
             "stale_revision")  # fmt: skip
    _refused(web.patch(item, json={"full_name": "Без версии"}, headers=admin), 428, "precondition_required")
    current = web.patch(item, json={"full_name": "С версией"}, headers=admin | {"If-Match": '"3"'})
    assert (current.status_code, current.headers.get("ETag"), current.json()["full_name"]) == (200, '"4"', "С версией")


def test_two_analysts_editing_one_methodology_draft_with_the_revision_they_read(live: RunningStack) -> None:
    """A methodology draft carries its revision (ETag); an edit that sends it back is applied only if nobody
    changed the draft meanwhile: of two analysts who read the same revision, one wins, the other gets 412 with
    nothing written (its rules not mixed into the winner's). A frozen version stays 409, a deleted one 404.
    Without the header, 428 and nothing written. Before, the later edit's rules silently replaced the earlier
    one's."""
    analysts = [login(live, "regional_analyst") for _ in range(2)]
    base = f"{live.url()}/api/identification/methodologies"
    listed = json_of(web.get(base, headers=analysts[0]))
    source = (listed["items"] if isinstance(listed, dict) else listed)[0]
    for round_ in range(ROUNDS):
        copied = web.post(f"{base}/{source['id']}/copy", json={"name": f"Черновик {round_}"}, headers=analysts[0])
        draft = json_of(copied)
        assert (copied.headers["ETag"], draft["revision"]) == ('"1"', 1), copied.headers
        rules = draft["rules"]
        thresholds = (0.35, 0.4)
        calls = [
            request("PATCH", f"/api/identification/methodologies/{draft['id']}",
                    json={"rules": {**rules, "fail_share_30": {**rules["fail_share_30"], "threshold": value}}},
                    headers=analyst | {"If-Match": '"1"'})
            for analyst, value in zip(analysts, thresholds, strict=True)
        ]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [(200, None), (412, "stale_revision")], [a.text for a in answers]
        kept = thresholds[[a.status_code for a in answers].index(200)]
        stored = web.get(f"{base}/{draft['id']}", headers=analysts[0])
        assert (stored.headers["ETag"], json_of(stored)["rules"]["fail_share_30"]["threshold"]) == ('"2"', kept)
    _refused(web.patch(f"{base}/{draft['id']}", json={"name": "Без версии"}, headers=analysts[1]), 428,
             "precondition_required")  # fmt: skip
    current = web.patch(f"{base}/{draft['id']}", json={"name": "С версией"}, headers=analysts[1] | {"If-Match": '"2"'})
    assert (current.status_code, current.headers.get("ETag"), current.json()["name"]) == (200, '"3"', "С версией")
    _refused(web.patch(f"{base}/{draft['id']}", json={"name": "Старая"}, headers=analysts[0] | {"If-Match": '"2"'}),
             412, "stale_revision")  # fmt: skip
    frozen = next(m for m in (listed["items"] if isinstance(listed, dict) else listed) if m["frozen"])
    revision = web.get(f"{base}/{frozen['id']}", headers=analysts[0]).headers["ETag"]
    _refused(web.patch(f"{base}/{frozen['id']}", json={"name": "Действующая"},
                       headers=analysts[0] | {"If-Match": revision}), 409, "methodology_frozen")  # fmt: skip


def test_a_measure_rewritten_and_removed_at_once_by_curators_who_read_the_same_revision(live: RunningStack) -> None:
    """A removal may name the revision read, as a rewrite must: sent at once with the same revision, either the
    rewrite wins (200) and the removal is refused (412, the measure stays with the new text), or the removal wins
    (204) and the rewrite finds nothing (404) — never a removed measure that someone had just rewritten."""
    analyst = login(live, "regional_analyst")
    url = f"{live.url()}{MEASURES}"
    for round_ in range(ROUNDS):
        body: dict[str, Any] = {"risk_factor": 4, "title": f"Мера {round_} {uuid.uuid4().hex[:6]}"}
        measure = json_of(web.post(url, json=body, headers=analyst))
        item = f"{MEASURES}/{measure['id']}"
        put, delete = at_once(
            live,
            [request("PUT", item, json=body | {"title": "Новый текст"}, headers=analyst | {"If-Match": '"1"'}),
             request("DELETE", item, headers=analyst | {"If-Match": '"1"'})],
        )  # fmt: skip
        no_server_errors([put, delete])
        stored = {m["id"]: m for m in json_of(web.get(url, headers=analyst))}
        if put.status_code == 200:
            _refused(delete, 412, "stale_revision")
            assert (stored[measure["id"]]["title"], stored[measure["id"]]["revision"]) == ("Новый текст", 2)
        else:
            _refused(put, 404, "measure_not_found")
            assert delete.status_code == 204 and measure["id"] not in stored, delete.text
    measure = json_of(web.post(url, json={"risk_factor": 4, "title": "Мера для старой версии"}, headers=analyst))
    item = f"{url}/{measure['id']}"
    json_of(web.put(item, json={"risk_factor": 4, "title": "Переписана"}, headers=analyst | {"If-Match": '"1"'}))
    _refused(web.delete(item, headers=analyst | {"If-Match": '"1"'}), 412, "stale_revision")
    assert web.delete(item, headers=analyst | {"If-Match": '"2"'}).status_code == 204


def test_dates_of_plans_orders_pairs_and_diagnostics_outside_the_school_years_are_422(live: RunningStack) -> None:
    """A plan's period, a plan's or a run's approval order date, a pair's dates and a diagnostic's date are
    1990–2101 (the years a school year may name): 0001-01-01 or 9999-12-31 is 422 `date_out_of_range` with a
    Russian message, nothing written; 2025-02-30 stays 422 as no date. Before, a draft's period became
    0001-01-01 – 9999-12-31 and was printed so in its documents."""
    school_staff, school = _school_staff(live)
    coordinator = login(live, "municipal_coordinator")
    analyst = login(live, "regional_analyst")
    plan = _plan(live, school_staff, school)
    activity = plan["sections"][0]["activities"][0]
    url = live.url()
    out_of_range = [
        web.patch(f"{url}{PLANS}/{plan['id']}", json={"period_start": "0001-01-01"},
                  headers=school_staff | {"If-Match": "*"}),
        web.patch(f"{url}{PLANS}/{plan['id']}", json={"period_end": "9999-12-31"},
                  headers=school_staff | {"If-Match": "*"}),
        web.post(f"{url}{PLANS}", json={"kind": "anti_risk_programme", "title": "Программа на века",
                                        "school_code": school, "period_start": "2024-09-01",
                                        "period_end": "9999-12-31"}, headers=school_staff),
        web.post(f"{url}{PLANS}/{plan['id']}/approve", json={"order_number": "1", "order_date": "1899-12-31"},
                 headers=coordinator | {"If-Match": "*"}),
        web.post(f"{url}/api/roadmap/mentor-pairs", json={"mentor_school_code": school, "supported_school_code":
                 "9901001", "starts_on": "2024-09-01", "ends_on": "9999-12-31"}, headers=coordinator),
        web.post(f"{url}/api/identification/runs/1/approve", json={"order_number": "1", "order_date": "0001-01-01"},
                 headers=analyst),
        web.post(f"{url}/api/identification/competence/campaigns", json={"card_id": 1, "title": "Диагностика",
                 "stage": "entry", "held_on": "9999-12-31", "school_year": "2024-2025", "school_codes": [school]},
                 headers=analyst),
    ]  # fmt: skip
    for answer in out_of_range:
        _refused(answer, 422, "validation_error", "date_out_of_range")
    impossible = web.patch(f"{url}{PLANS}/{plan['id']}", json={"period_start": "2025-02-30"},
                           headers=school_staff | {"If-Match": "*"})  # fmt: skip
    assert impossible.status_code == 422 and impossible.json()["fields"][0]["loc"] == ["body", "period_start"]
    stored = json_of(web.get(f"{url}{PLANS}/{plan['id']}", headers=school_staff))
    assert (stored["period_start"], stored["period_end"], stored["status"], stored["revision"]) == (
        plan["period_start"], plan["period_end"], "draft", plan["revision"]
    ), stored  # fmt: skip
    assert stored["sections"][0]["activities"][0]["revision"] == activity["revision"]
