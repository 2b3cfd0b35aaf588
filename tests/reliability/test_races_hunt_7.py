"""Races and bad input hunted down in a seventh round with real concurrent clients against the real processes
(see test_races.py): the gateway's API clients (a secret rotated or the client switched off while its tokens are
in use), creates retried with one `Idempotency-Key` (teachers and directory entries have no natural unique key:
the key is what keeps a double click from making two), letterheads named for no authority, fields the API does
not know (refused, never silently ignored), `/me/deadlines` cursors no page gave, and the reports service (a
letterhead replaced during a render, a worker killed mid-render). Outcomes are asserted — who won, what is
stored —, never timing.
"""

from __future__ import annotations

import base64
import io
import json
import random
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import docx
import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import col

from services.reports.archive.models import Report
from services.shared.pauses import PAUSE_DIR
from tests.reliability.clients import at_once, database_rows, json_of, login, no_server_errors, request
from tests.reliability.test_races import ROUNDS, _me, _plan
from tests.reliability.test_races_hunt_2 import _pair, _two_schools_of_one_municipality
from tests.reliability.test_races_hunt_4 import _state
from tests.reliability.test_races_more import _letterhead
from tests.stack import RunningStack, running_stack
from tests.support import wait_until, web

pytestmark = pytest.mark.e2e

AT_ONCE = 4
CLIENTS = "/api/admin/clients"
TEACHERS = "/api/identification/competence/teachers"
PARTIES = "/api/roadmap/parties"


def _refused(answer: httpx.Response, status: int, code: str) -> None:
    """A refusal with its stable code and a Russian detail."""
    assert answer.status_code == status, (answer.status_code, answer.text)
    body = answer.json()
    assert body["code"] == code, body
    assert any("а" <= letter <= "я" for letter in body["detail"].lower()), body


def _school_staff(live: RunningStack) -> tuple[dict[str, str], str]:
    school_staff = login(live, "school_staff")
    return school_staff, _me(live, school_staff)["scope"]["schools"][0]


def _new_client(live: RunningStack, admin: dict[str, str]) -> dict[str, Any]:
    body = {"name": f"Центр обработки {uuid.uuid4().hex[:6]}", "role": "observer",
            "scope": {"kind": "region", "region": "99"}}  # fmt: skip
    created: dict[str, Any] = json_of(web.post(f"{live.url()}{CLIENTS}", json=body, headers=admin))
    return created


def _client_token(live: RunningStack, client: dict[str, Any]) -> dict[str, str]:
    form = {
        "grant_type": "client_credentials",
        "client_id": client["client_id"],
        "client_secret": client["client_secret"],
    }
    answer = web.post(f"{live.url()}/api/auth/token", data=form)
    return {"Authorization": f"Bearer {json_of(answer)['access_token']}"}


def _eventually_refused(url: str, headers: dict[str, str]) -> httpx.Response:
    """The answer once the service refuses the token: a service learns of rotations from the gateway's revocation
    list, which it polls (`OPORA_REVOCATION_POLL_SECONDS`); the outcome is asserted, the delay only bounded."""
    answers: list[httpx.Response] = []

    def refused() -> bool:
        answers.append(web.get(url, headers=headers))
        return answers[-1].status_code != 200

    wait_until(refused, step=0.2)
    return answers[-1]


# --- API clients: a rotated secret ends the tokens issued for the old one --------------------------------------


def test_a_client_token_stops_once_its_secret_is_rotated(live: RunningStack) -> None:
    """A data centre's secret is rotated (it leaked, or a script is being retired): the access tokens got with the
    old secret stop at once through the gateway, and at the next revocation poll straight at a service (as nginx
    routes it), with 401 `client_token_outdated` / `session_revoked`; a token got with the new secret works.
    Before, every token of the old secret kept working until it expired."""
    admin = login(live, "admin")
    client = _new_client(live, admin)
    old = _client_token(live, client)
    schools = "/api/identification/schools"
    assert web.get(f"{live.url()}{schools}", headers=old).status_code == 200
    assert web.get(f"{live.url('identification')}{schools}", headers=old).status_code == 200
    rotated = json_of(web.post(f"{live.url()}{CLIENTS}/{client['id']}/secret", headers=admin))
    _refused(web.get(f"{live.url()}/api/auth/me", headers=old), 401, "client_token_outdated")
    _refused(web.get(f"{live.url()}{schools}", headers=old), 401, "client_token_outdated")
    _refused(web.post(f"{live.url()}/api/auth/job-token", headers=old), 401, "client_token_outdated")
    _refused(_eventually_refused(f"{live.url('identification')}{schools}", old), 401, "session_revoked")
    new = _client_token(live, rotated)
    assert web.get(f"{live.url()}/api/auth/me", headers=new).status_code == 200
    assert web.get(f"{live.url('identification')}{schools}", headers=new).status_code == 200
    _refused(web.post(f"{live.url()}/api/auth/token", data={"grant_type": "client_credentials", "client_id":
             client["client_id"], "client_secret": client["client_secret"]}), 401, "invalid_client")  # fmt: skip


def test_a_client_switched_off_and_on_again_does_not_bring_its_old_tokens_back(live: RunningStack) -> None:
    """Switching a client off ends its tokens; switching it on again lets it sign in anew with its secret, but
    the tokens got before it was switched off stay ended (401 `client_token_outdated`). Before, they worked
    again until they expired, as if the client had never been switched off."""
    admin = login(live, "admin")
    client = _new_client(live, admin)
    old = _client_token(live, client)
    json_of(web.post(f"{live.url()}{CLIENTS}/{client['id']}/deactivate", headers=admin))
    _refused(web.get(f"{live.url()}/api/auth/me", headers=old), 401, "client_inactive")
    json_of(web.post(f"{live.url()}{CLIENTS}/{client['id']}/activate", headers=admin))
    _refused(web.get(f"{live.url()}/api/auth/me", headers=old), 401, "client_token_outdated")
    assert web.get(f"{live.url()}/api/auth/me", headers=_client_token(live, client)).status_code == 200


def test_a_secret_rotated_while_the_client_signs_in_with_it(live: RunningStack) -> None:
    """Sign-ins with the old secret at once with the rotation: each either is refused or gets a token that the
    gateway refuses once the rotation is in — never a token that outlives the secret it was got with."""
    admin = login(live, "admin")
    client = _new_client(live, admin)
    form = {
        "grant_type": "client_credentials",
        "client_id": client["client_id"],
        "client_secret": client["client_secret"],
    }
    calls = [request("POST", "/api/auth/token", data=form) for _ in range(AT_ONCE)]
    calls.append(request("POST", f"{CLIENTS}/{client['id']}/secret", headers=admin))
    answers = at_once(live, calls)
    no_server_errors(answers)
    assert answers[-1].status_code == 200, answers[-1].text
    for answer in answers[:-1]:
        if answer.status_code == 200:
            token = {"Authorization": f"Bearer {answer.json()['access_token']}"}
            _refused(web.get(f"{live.url()}/api/auth/me", headers=token), 401, "client_token_outdated")
        else:
            _refused(answer, 401, "invalid_client")


# --- creates without a natural key: an Idempotency-Key makes a retried click one row ----------------------------


def test_a_teacher_added_at_once_with_one_key_is_one_teacher(live: RunningStack) -> None:
    """The «5К» form adding a teacher, sent again at once (a double click, a phone retrying) with its
    `Idempotency-Key`: one teacher is stored, one answer is 201 and the others replay it or are told it runs (409
    `idempotency_in_progress`); a retry afterwards replays the same teacher."""
    school_staff, school = _school_staff(live)
    name = f"Петрова Анна {uuid.uuid4().hex[:6]}"
    keyed = school_staff | {"Idempotency-Key": str(uuid.uuid4())}
    body = {"school_code": school, "full_name": name}
    answers = at_once(live, [request("POST", TEACHERS, json=body, headers=keyed) for _ in range(AT_ONCE)])
    no_server_errors(answers)
    _one_created(answers)
    again = web.post(f"{live.url()}{TEACHERS}", json=body, headers=keyed)
    created = next(a for a in answers if a.status_code == 201).json()
    assert (again.status_code, again.json()["id"], again.headers["idempotent-replayed"]) == (201, created["id"], "true")
    listed = json_of(web.get(f"{live.url()}{TEACHERS}", params={"school_code": school}, headers=school_staff))
    assert [t["id"] for t in listed if t["full_name"] == name] == [created["id"]]


def test_a_directory_entry_added_at_once_with_one_key_is_one_entry(live: RunningStack) -> None:
    """The same for a responsible person of the directory: one entry for one key, however many times it is sent."""
    coordinator = login(live, "municipal_coordinator")
    _, school = _school_staff(live)
    name = f"Иванов Иван {uuid.uuid4().hex[:6]}"
    keyed = coordinator | {"Idempotency-Key": str(uuid.uuid4())}
    body = {"name": name, "kind": "person", "school_code": school}
    answers = at_once(live, [request("POST", PARTIES, json=body, headers=keyed) for _ in range(AT_ONCE)])
    no_server_errors(answers)
    _one_created(answers)
    again = web.post(f"{live.url()}{PARTIES}", json=body, headers=keyed)
    assert again.status_code == 201 and again.headers["idempotent-replayed"] == "true", again.text
    listed = json_of(web.get(f"{live.url()}{PARTIES}", params={"q": name}, headers=coordinator))
    assert [p["id"] for p in listed if p["name"] == name] == [again.json()["id"]]


def _one_created(answers: list[httpx.Response]) -> None:
    """One answer made the row (201, not replayed); the others replayed it or were told it still runs."""
    made = [a for a in answers if a.status_code == 201 and "idempotent-replayed" not in a.headers]
    assert len(made) == 1, [(a.status_code, dict(a.headers), a.text) for a in answers]
    for answer in answers:
        if answer.status_code == 409:
            _refused(answer, 409, "idempotency_in_progress")
        else:
            assert answer.status_code == 201 and answer.json()["id"] == made[0].json()["id"], answer.text


# --- letterheads: named for an authority that exists --------------------------------------------------------------


@pytest.mark.parametrize("code", ["77", "99-99", "9901003", " ", "несуществующий"])
def test_a_letterhead_for_a_territory_that_does_not_exist_is_422(live: RunningStack, code: str) -> None:
    """An administrator (of the whole country) names the authority a letterhead is for: another region with no
    schools here, an unknown municipality, a school's code, blank or a typo is 422 `unknown_territory` on
    `territory_code`, and nothing is stored. Before, each was stored and listed as an active letterhead of a
    «territory» no document would ever use."""
    admin = login(live, "admin")
    url = f"{live.url()}/api/reports/templates"
    before = json_of(web.get(url, headers=admin))
    answer = web.post(url, data={"report_type": "plan", "name": "Бланк проверки", "territory_code": code},
                      files={"file": ("бланк.docx", _letterhead("ОТДЕЛ ОБРАЗОВАНИЯ"))}, headers=admin)  # fmt: skip
    _refused(answer, 422, "unknown_territory")
    assert answer.json()["fields"][0]["loc"][-1] == "territory_code", answer.json()
    assert json_of(web.get(url, headers=admin)) == before


def test_a_letterhead_named_for_a_region_or_municipality_says_which(live: RunningStack) -> None:
    """A known code is stored with its kind (region or municipality), as a letterhead uploaded by the region's or
    the municipality's own staff is, and documents of that territory use it."""
    admin = login(live, "admin")
    url = f"{live.url()}/api/reports/templates"
    for code, kind in (("99", "region"), (" 99-02 ", "municipality")):
        answer = web.post(url, data={"report_type": "indicators", "name": "Бланк проверки", "territory_code": code},
                          files={"file": ("бланк.docx", _letterhead("ОТДЕЛ ОБРАЗОВАНИЯ"))}, headers=admin)  # fmt: skip
        stored = json_of(answer)
        assert (stored["territory_kind"], stored["territory_code"]) == (kind, code.strip()), stored


# --- a misnamed field is refused, never silently ignored -----------------------------------------------------------


def _runs(live: RunningStack, headers: dict[str, str]) -> list[int]:
    listed = json_of(web.get(f"{live.url()}/api/identification/runs", params={"per_page": 100}, headers=headers))
    return [run["id"] for run in listed["items"]]


@pytest.mark.parametrize("territory", [{"territory_code": "99-01"}, {"territory": "99-01"},
                                       {"territory_kind": "municipality", "territory_code": "77-01"}])  # fmt: skip
def test_a_run_with_a_misnamed_territory_is_422_not_a_run_of_everything(
    live: RunningStack, territory: dict[str, str]
) -> None:
    """A data centre's script names the territory of a run by a field the API does not have (`territory_code`,
    `territory`; the field is `territory_id`): 422 `validation_error` naming the field (`extra_forbidden`), and
    no run is made. Before, the field was ignored and a run of the caller's whole territory computed instead —
    an administrator asking for one municipality got a run of every school of the country."""
    admin = login(live, "admin")
    before = _runs(live, admin)
    answer = web.post(f"{live.url()}/api/identification/runs", json={"school_year": "2023-2024"} | territory,
                      headers=admin)  # fmt: skip
    _refused(answer, 422, "validation_error")
    assert {item["code"] for item in answer.json()["fields"]} == {"extra_forbidden"}, answer.json()
    assert {item["loc"][-1] for item in answer.json()["fields"]} == set(territory), answer.json()
    assert _runs(live, admin) == before


def test_a_render_with_misnamed_parameters_is_422_not_the_whole_territory(live: RunningStack) -> None:
    """The same for a report: `params` instead of `parameters` is 422 (`extra_forbidden`), and nothing is put in
    the archive. Before, the note of the caller's whole territory was rendered and archived."""
    coordinator = login(live, "municipal_coordinator")
    archive = f"{live.url()}/api/reports/reports"
    before = json_of(web.get(archive, headers=coordinator))["total"]
    body = {"report_type": "identification_note", "format": "html",
            "params": {"school_year": "2023-2024", "territory": "99-01"}}  # fmt: skip
    answer = web.post(f"{live.url()}/api/reports/render", json=body, headers=coordinator)
    _refused(answer, 422, "validation_error")
    assert [(i["loc"][-1], i["code"]) for i in answer.json()["fields"]] == [("params", "extra_forbidden")]
    assert json_of(web.get(archive, headers=coordinator))["total"] == before


def _activity(live: RunningStack, headers: dict[str, str], school: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new draft programme of the school and its one activity."""
    plan = _plan(live, headers, school)
    read = json_of(web.get(f"{live.url()}/api/roadmap/plans/{plan['id']}", headers=headers))
    activity: dict[str, Any] = read["sections"][0]["activities"][0]
    return read, activity


@pytest.mark.parametrize("change", [{"statuss": "done"}, {"state": "done", "progress": 100}, {"name": "Другое"}])
def test_an_activity_edit_with_a_misspelt_field_is_422_and_changes_nothing(
    live: RunningStack, change: dict[str, Any]
) -> None:
    """An edit naming a field the activity does not have (`statuss`, `state`, `name`) is 422 `extra_forbidden` on
    that field; the activity, its revision and its plan's revision stay. Before, it answered 200 as saved, changed
    nothing the caller meant (the activity stayed «planned») and still took a revision: the next edit of whoever
    had read the activity before was refused as stale for a change nobody made."""
    school_staff, school = _school_staff(live)
    plan, activity = _activity(live, school_staff, school)
    url = f"{live.url()}/api/roadmap/activities/{activity['id']}"
    answer = web.patch(url, json=change, headers=school_staff | {"If-Match": f'"{activity["revision"]}"'})
    _refused(answer, 422, "validation_error")
    unknown = {item["loc"][-1] for item in answer.json()["fields"] if item["code"] == "extra_forbidden"}
    assert unknown == set(change) - {"progress"}, answer.json()
    after = json_of(web.get(f"{live.url()}/api/roadmap/plans/{plan['id']}", headers=school_staff))
    stored = after["sections"][0]["activities"][0]
    assert (stored["revision"], stored["status"], stored["title"]) == (activity["revision"], "planned",
                                                                        activity["title"])  # fmt: skip
    assert after["revision"] == plan["revision"]


def test_a_plan_pair_stage_or_school_edit_with_a_misspelt_field_is_422(live: RunningStack) -> None:
    """The same for a plan's title (`titel`), a stage mark (`completed`) and a school's row (`statuss`): 422 on the
    field, never a 200 that changed nothing."""
    school_staff, school = _school_staff(live)
    plan, activity = _activity(live, school_staff, school)
    plan_url = f"{live.url()}/api/roadmap/plans/{plan['id']}"
    answer = web.patch(
        plan_url, json={"titel": "Новое название"}, headers=school_staff | {"If-Match": f'"{plan["revision"]}"'}
    )
    _refused(answer, 422, "validation_error")
    assert [(i["loc"][-1], i["code"]) for i in answer.json()["fields"]] == [("titel", "extra_forbidden")]
    assert json_of(web.get(plan_url, headers=school_staff))["revision"] == plan["revision"]
    stage = web.patch(f"{live.url()}/api/roadmap/activities/{activity['id']}/stages/1", json={"done": True,
                      "completed": "2024-10-01"}, headers=school_staff | {"If-Match": "*"})  # fmt: skip
    _refused(stage, 422, "validation_error")
    row = web.patch(f"{live.url()}/api/roadmap/activities/{activity['id']}/schools/{school}",
                    json={"statuss": "done"}, headers=school_staff | {"If-Match": "*"})  # fmt: skip
    _refused(row, 422, "validation_error")


def test_a_mentor_pair_edit_with_a_misspelt_field_is_422(live: RunningStack) -> None:
    """A pair's end date sent as `end_date` (the field is `ends_on`): 422 on the field and the pair's revision
    stays, instead of a 200 that left the pair running and took a revision."""
    coordinator = login(live, "municipal_coordinator")
    mentor, supported = _two_schools_of_one_municipality(live)
    pair = _pair(live, coordinator, mentor, supported, date(2001, 1, 1) + timedelta(days=random.randrange(3000)))
    url = f"{live.url()}/api/roadmap/mentor-pairs/{pair['id']}"
    answer = web.patch(
        url, json={"end_date": "2030-06-30"}, headers=coordinator | {"If-Match": f'"{pair["revision"]}"'}
    )
    _refused(answer, 422, "validation_error")
    assert [(i["loc"][-1], i["code"]) for i in answer.json()["fields"]] == [("end_date", "extra_forbidden")]
    kept = web.patch(url, json={"ends_on": None}, headers=coordinator | {"If-Match": f'"{pair["revision"]}"'})
    assert kept.status_code == 200, kept.text  # the revision read is still the pair's


# --- /me/deadlines while plans are approved, superseded and edited ----------------------------------------------


def _deadlines_of(live: RunningStack, headers: dict[str, str], school: str, plan_ids: set[int]) -> list[Any]:
    listed = json_of(web.get(f"{live.url()}/api/roadmap/me/deadlines",
                             params={"school_code": school, "per_page": 100}, headers=headers))  # fmt: skip
    return sorted((d["plan_id"], d["activity_id"], d["due"], d["status"], d["plan_status"], d["title"])
                  for d in listed["items"] if d["plan_id"] in plan_ids)  # fmt: skip


def _expected_deadlines(live: RunningStack, headers: dict[str, str], plan_id: int) -> list[Any]:
    """What the plan's own tables say its deadlines are (an open plan's open activities, each due date once)."""
    plan = json_of(web.get(f"{live.url()}/api/roadmap/plans/{plan_id}", headers=headers))
    if plan["status"] not in ("draft", "approved"):
        return []
    return sorted((plan_id, a["id"], o["due"], a["status"], plan["status"], a["title"])
                  for s in plan["sections"] for a in s["activities"] if a["status"] not in ("done", "cancelled")
                  for o in a["schedule"]["occurrences"])  # fmt: skip


def test_my_deadlines_while_a_new_version_is_approved_and_both_versions_are_edited(live: RunningStack) -> None:
    """A new version of an approved programme is approved while the old version's activity is marked in work and
    the new one's deadline rewritten, all at once: `/me/deadlines` then lists exactly what the plans' tables say —
    nothing of the archived version, each due date of the approved one once, with its status and title."""
    school_staff, school = _school_staff(live)
    any_revision = school_staff | {"If-Match": "*"}
    order = {"order_number": "7-од", "order_date": "2024-09-01"}
    for round_ in range(ROUNDS):
        old = _plan(live, school_staff, school)
        json_of(web.post(f"{live.url()}/api/roadmap/plans/{old['id']}/approve", json=order, headers=any_revision))
        new = json_of(web.post(f"{live.url()}/api/roadmap/plans/{old['id']}/versions", headers=school_staff))
        new_activity = json_of(web.get(f"{live.url()}/api/roadmap/plans/{new['id']}", headers=school_staff))[
            "sections"][0]["activities"][0]  # fmt: skip
        old_activity = old["sections"][0]["activities"][0]
        answers = at_once(
            live,
            [request("POST", f"/api/roadmap/plans/{new['id']}/approve", json=order, headers=any_revision),
             request("PATCH", f"/api/roadmap/activities/{old_activity['id']}", json={"status": "in_progress"},
                     headers=any_revision),
             request("PATCH", f"/api/roadmap/activities/{new_activity['id']}",
                     json={"deadline_text": f"до {10 + round_} октября 2024 г.", "title": f"Срок {round_}"},
                     headers=any_revision)],
        )  # fmt: skip
        no_server_errors(answers)
        assert answers[0].status_code == 200, answers[0].text
        assert all(a.status_code in (200, 409) for a in answers), [a.text for a in answers]
        plans = {old["id"], new["id"]}
        expected = _expected_deadlines(live, school_staff, old["id"]) + _expected_deadlines(
            live, school_staff, new["id"]
        )
        assert _deadlines_of(live, school_staff, school, plans) == sorted(expected), [a.text for a in answers]
        assert all(entry[0] == new["id"] for entry in expected), expected


# --- a render whose worker is killed -----------------------------------------------------------------------------


def test_a_render_whose_worker_is_killed_ends_failed_and_the_next_one_is_rendered(tmp_path: Path) -> None:
    """The worker is killed (SIGKILL) in the middle of a render, as it writes the file: after the restart the
    report is not left «в работе» for ever — once its lease lapses it is failed with `job_interrupted` and a
    Russian detail, has no file (409 on download) — and a render ordered again is done."""
    pauses = tmp_path / "pauses"
    pauses.mkdir()
    with running_stack(extra_env={PAUSE_DIR: str(pauses), "OPORA_JOB_LEASE_SECONDS": "2"}) as stack:
        school_staff, school = _school_staff(stack)
        plan = _plan(stack, school_staff, school)
        body = {"report_type": "plan", "format": "html", "parameters": {"plan_id": plan["id"]}, "background": True}
        (pauses / "storage_part_written").touch()
        report = json_of(web.post(f"{stack.url()}/api/reports/render", json=body, headers=school_staff))
        worker = stack.processes["worker"]
        assert wait_until(lambda: _state(worker.pid) == "T"), "the worker never paused"
        stack.stop("worker", kill=True)
        stack.start("worker")
        url = f"{stack.url()}/api/reports/reports/{report['id']}"
        assert wait_until(lambda: json_of(web.get(url, headers=school_staff))["status"] != "running", step=0.2)
        ended = json_of(web.get(url, headers=school_staff))
        assert (ended["status"], ended["error_code"], ended["download"]) == ("failed", "job_interrupted", None), ended
        assert any("а" <= letter <= "я" for letter in ended["error_detail"].lower()), ended
        _refused(web.get(f"{url}/file", headers=school_staff), 409, "job_interrupted")
        again = web.post(f"{stack.url()}/api/reports/render", json=body | {"background": False}, headers=school_staff)
        assert again.status_code == 200 and again.content, again.text


def test_a_teacher_or_methodology_edit_with_a_misspelt_field_is_422(live: RunningStack) -> None:
    """A teacher's name sent as `fullname` and a draft methodology's name as `title`: 422 `extra_forbidden` on the
    field, the record and its revision (ETag) stay. Before, each answered 200 as saved, with nothing changed."""
    school_staff, school = _school_staff(live)
    teacher = json_of(web.post(f"{live.url()}{TEACHERS}", json={"school_code": school, "full_name": "Орлова Нина"},
                               headers=school_staff))  # fmt: skip
    url = f"{live.url()}{TEACHERS}/{teacher['id']}"
    answer = web.patch(url, json={"fullname": "Орлова Нина Павловна"}, headers=school_staff | {"If-Match": "*"})
    _refused(answer, 422, "validation_error")
    assert [(i["loc"][-1], i["code"]) for i in answer.json()["fields"]] == [("fullname", "extra_forbidden")]
    analyst = login(live, "regional_analyst")
    base = f"{live.url()}/api/identification/methodologies"
    listed = json_of(web.get(base, headers=analyst))
    source = (listed["items"] if isinstance(listed, dict) else listed)[0]
    draft = json_of(web.post(f"{base}/{source['id']}/copy", json={"name": "Черновик с опечаткой"}, headers=analyst))
    answer = web.patch(f"{base}/{draft['id']}", json={"title": "Новое имя"}, headers=analyst | {"If-Match": '"1"'})
    _refused(answer, 422, "validation_error")
    assert [(i["loc"][-1], i["code"]) for i in answer.json()["fields"]] == [("title", "extra_forbidden")]
    stored = web.get(f"{base}/{draft['id']}", headers=analyst)
    assert (stored.headers["ETag"], json_of(stored)["name"]) == ('"1"', "Черновик с опечаткой")


def _cursor(*keys: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(keys)).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "keys",
    [("2024-09-01", 2**70, ""), ("2024-09-01", -(2**70), ""), ("2024-09-01", 2**31, ""), ("2024-09-01", -1, ""),
     ("2024-09-01", 1, "\x00"), ("2024-09-01", 1, "99/../01"), ("2024-09-01", 1, "\ud800"), ("2024-09-01", True, ""),
     ("2024-13-45", 1, ""), ("2024-09-01", 1.5, "")],
)  # fmt: skip
def test_a_deadline_cursor_with_keys_no_page_gives_is_422_not_500(live: RunningStack, keys: tuple[Any, ...]) -> None:
    """`/me/deadlines?cursor=` is the previous page's `next_cursor`, but a phone or a script may send anything: an
    id beyond the database's integers, a NUL or a lone surrogate in the school key, a path in it, a bad date — each
    is 422 `invalid_cursor` (start the list again), never a 500. Before, the ids beyond the integers were 500 on
    SQLite and PostgreSQL, and the NUL 500 on PostgreSQL."""
    coordinator = login(live, "municipal_coordinator")
    answer = web.get(f"{live.url()}/api/roadmap/me/deadlines", params={"cursor": _cursor(*keys)}, headers=coordinator)
    _refused(answer, 422, "invalid_cursor")


def test_a_deadline_cursor_that_a_page_gave_still_reads_the_next_page(live: RunningStack) -> None:
    """The check of a cursor's keys refuses no cursor that a page gives: a coordinator's deadlines read one by one
    with `next_cursor` are the same as read at once."""
    coordinator = login(live, "municipal_coordinator")
    school_staff, school = _school_staff(live)
    for _ in range(3):
        _plan(live, school_staff, school)
    url = f"{live.url()}/api/roadmap/me/deadlines"
    whole = json_of(web.get(url, params={"per_page": 100}, headers=coordinator))["items"][:12]
    assert len(whole) >= 3, whole
    seen: list[Any] = []
    cursor: str | None = None
    while len(seen) < len(whole):
        params: dict[str, Any] = {"per_page": 2} | ({"cursor": cursor} if cursor else {})
        page = json_of(web.get(url, params=params, headers=coordinator))
        seen += page["items"]
        cursor = page.get("next_cursor")
        if cursor is None:
            break
    assert [(d["occurrence_id"], d["school_code"]) for d in seen[: len(whole)]] == [
        (d["occurrence_id"], d["school_code"]) for d in whole
    ]


# --- the reports service: renders at once, a letterhead replaced while it is used ------------------------------


def _docx_text(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_a_render_while_its_letterhead_is_replaced_uses_one_letterhead_whole(live: RunningStack) -> None:
    """A plan rendered as DOCX while the municipality replaces its letterhead: the document is set on one of the
    two letterheads, whole — the one the archive names (`template_id`) —, never a mix nor a failure."""
    coordinator = login(live, "municipal_coordinator")
    school_staff, school = _school_staff(live)
    plan = _plan(live, school_staff, school)
    templates = "/api/reports/templates"

    def upload(text: str) -> Any:
        return request("POST", templates, data={"report_type": "plan", "name": f"Бланк {text}"},
                       files={"file": ("бланк.docx", _letterhead(text))}, headers=coordinator)  # fmt: skip

    for round_ in range(ROUNDS):
        first = json_of(web.post(f"{live.url()}{templates}", data={"report_type": "plan", "name": "Бланк"},
                                 files={"file": ("бланк.docx", _letterhead(f"ОТДЕЛ ПЕРВЫЙ {round_}"))},
                                 headers=coordinator))  # fmt: skip
        body = {"report_type": "plan", "format": "docx", "parameters": {"plan_id": plan["id"]}}
        rendered, replaced = at_once(live, [request("POST", "/api/reports/render", json=body, headers=coordinator),
                                            upload(f"ОТДЕЛ ВТОРОЙ {round_}")])  # fmt: skip
        no_server_errors([rendered, replaced])
        assert (rendered.status_code, replaced.status_code) == (200, 201), (rendered.text[:300], replaced.text)
        text = _docx_text(rendered.content)
        used = {f"ОТДЕЛ ПЕРВЫЙ {round_}": first["id"], f"ОТДЕЛ ВТОРОЙ {round_}": replaced.json()["id"]}
        found = [name for name in used if name in text]
        assert len(found) == 1, text[:500]
        latest = json_of(web.get(f"{live.url()}/api/reports/reports", params={"per_page": 1}, headers=coordinator))
        stored = database_rows(live, "REPORTS", sa.select(col(Report.template_id)).where(
            col(Report.id) == latest["items"][0]["id"]))  # fmt: skip
        assert stored == [(used[found[0]],)], (stored, used, found)
