"""Races and hostile input hunted down in a twelfth round with real clients against the real processes (see
test_races.py): deletions of methodology drafts and library measures without the `If-Match` every other
conditional deletion needs, NUL characters and lists in a data centre's JSON rows (stored on SQLite, a 500
for a list), invisible characters (zero-width spaces, direction marks, soft hyphens) that made a second
teacher, directory entry or campaign of one that looks the same, a request cut off mid-body (logged by the
gateway as an unhandled error), and checks that stayed right: another municipality naming objects by id,
dates that do not exist, ids and page sizes out of range, a user switched off mid-request. Outcomes are
asserted — who won, what is stored —, never timing.
"""

from __future__ import annotations

import json
import random
import socket
import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import col

from services.roadmap.plans.models import Plan
from tests.reliability.clients import at_once, database_rows, json_of, login, no_server_errors, request
from tests.reliability.test_races_hunt_7 import TEACHERS, _refused
from tests.reliability.test_races_hunt_9 import SOCIAL, _batches, _social_csv, _stored_pupils
from tests.reliability.test_races_hunt_10 import COMPETENCE, _campaign_body
from tests.stack import RunningStack
from tests.support import wait_until, web

pytestmark = pytest.mark.e2e

AT_ONCE = 4
ROUNDS = 3
METHODOLOGIES = "/api/identification/methodologies"
MEASURES = "/api/roadmap/library/measures"
PLANS = "/api/roadmap/plans"
ACTIVITIES = "/api/roadmap/activities"
SOCIAL_ROWS = f"{SOCIAL}/rows"
SCHOOL = "9901003"


def _draft(live: RunningStack, analyst: dict[str, str]) -> tuple[str, str]:
    """A new methodology draft's address and ETag."""
    created = web.post(f"{live.url()}{METHODOLOGIES}/1/copy", json={"name": f"Черновик {uuid.uuid4().hex[:6]}"},
                       headers=analyst)  # fmt: skip
    return f"{METHODOLOGIES}/{json_of(created)['id']}", created.headers["ETag"]


def _measure(live: RunningStack, analyst: dict[str, str]) -> tuple[str, str]:
    """A new library measure's address and ETag."""
    body = {"category": "risk_zone", "title": f"Типовая мера {uuid.uuid4().hex[:6]}", "responsible": "Директор"}
    created = web.post(f"{live.url()}{MEASURES}", json=body, headers=analyst)
    return f"{MEASURES}/{json_of(created)['id']}", created.headers["ETag"]


def _exists(live: RunningStack, url: str, headers: dict[str, str]) -> bool:
    answer = web.get(f"{live.url()}{url}", headers=headers)
    assert answer.status_code in (200, 404), answer.text
    return answer.status_code == 200


# --- a conditional deletion needs the revision read ----------------------------------------------------------------


@pytest.mark.parametrize("make", [_draft, _measure], ids=["methodology_draft", "library_measure"])
def test_a_deletion_needs_the_etag_read(live: RunningStack, make: Any) -> None:
    """A methodology draft or a library measure is deleted only with `If-Match` naming the revision read, as plans,
    activities and teachers are: 428 `precondition_required` without it, 400 `invalid_if_match` for no ETag, 412
    `stale_revision` for a stale or weak one — the record stays each time; with its ETag, 204. Before, a deletion
    without `If-Match` was carried out, so an analyst deleted a draft a colleague had just corrected unseen."""
    analyst = login(live, "regional_analyst")
    url, etag = make(live, analyst)
    _refused(web.delete(f"{live.url()}{url}", headers=analyst), 428, "precondition_required")
    _refused(web.delete(f"{live.url()}{url}", headers=analyst | {"If-Match": "3"}), 400, "invalid_if_match")
    for stale in ('"999"', f"W/{etag}"):
        _refused(web.delete(f"{live.url()}{url}", headers=analyst | {"If-Match": stale}), 412, "stale_revision")
    assert _exists(live, url, analyst)
    assert web.delete(f"{live.url()}{url}", headers=analyst | {"If-Match": etag}).status_code == 204
    assert not _exists(live, url, analyst)


def test_an_unknown_draft_is_404_before_its_missing_if_match(live: RunningStack) -> None:
    """As for activities and teachers, what does not exist is said first: 404, not 428."""
    analyst = login(live, "regional_analyst")
    _refused(web.delete(f"{live.url()}{METHODOLOGIES}/2147483647", headers=analyst), 404, "methodology_not_found")


def test_a_deletion_retried_under_one_idempotency_key(live: RunningStack) -> None:
    """A deletion refused for want of `If-Match` (428) and sent again with it under the same `Idempotency-Key` is
    another request (422 `idempotency_key_reused`), the draft still there; under a new key it deletes, and its
    retry replays the 204 instead of answering 404."""
    analyst = login(live, "regional_analyst")
    url, etag = _draft(live, analyst)
    key = {"Idempotency-Key": f"delete-{uuid.uuid4().hex}"}
    _refused(web.delete(f"{live.url()}{url}", headers=analyst | key), 428, "precondition_required")
    again = web.delete(f"{live.url()}{url}", headers=analyst | key | {"If-Match": etag})
    _refused(again, 422, "idempotency_key_reused")
    assert _exists(live, url, analyst)
    key = {"Idempotency-Key": f"delete-{uuid.uuid4().hex}"}
    for replayed in (None, "true"):
        answer = web.delete(f"{live.url()}{url}", headers=analyst | key | {"If-Match": etag})
        assert (answer.status_code, answer.headers.get("Idempotent-Replayed")) == (204, replayed), answer.text
    assert not _exists(live, url, analyst)


def test_a_draft_deleted_and_edited_at_once_with_one_etag(live: RunningStack) -> None:
    """Two analysts act on the draft they both read: one deletes it, the other renames it, at once. One of them
    wins; the other is 412 (the draft moved on) or 404 (it is gone) — never a 500. Before, the deletion ignored
    its `If-Match`: both won, the draft renamed and then deleted under the renaming analyst's eyes."""
    analyst = login(live, "regional_analyst")
    for round_ in range(ROUNDS):
        url, etag = _draft(live, analyst)
        tag = analyst | {"If-Match": etag}
        name = f"Переименованный черновик {round_}"
        delete, edit = at_once(live, [request("DELETE", url, headers=tag),
                                      request("PATCH", url, json={"name": name}, headers=tag)])  # fmt: skip
        no_server_errors([delete, edit])
        if delete.status_code == 204:
            assert edit.status_code in (404, 412), edit.text
            assert not _exists(live, url, analyst)
        else:
            _refused(delete, 412, "stale_revision")
            assert json_of(edit)["name"] == name
            assert json_of(web.get(f"{live.url()}{url}", headers=analyst))["name"] == name


# --- NUL characters and nested values in a data centre's JSON ----------------------------------------------------


def _rows(pupils: int, changes: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return [{"school_code": SCHOOL, "school_year": "2023-2024", "pupils": pupils} | (changes or {})]


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_nul_in_an_import_source_is_refused_on_every_database(live: RunningStack, dry_run: bool) -> None:
    """The name of a JSON import (`source`, kept as the batch's file name) with a NUL character: 422
    `invalid_value`, nothing written, dry run or not. Before, SQLite stored it (and a dry run passed on PostgreSQL,
    whose confirmation then failed)."""
    analyst = login(live, "regional_analyst")
    before = (_batches(live), _stored_pupils(live))
    body = {"rows": _rows(random.randrange(100, 5000)), "source": "РЦОКО\x00выгрузка", "dry_run": dry_run}
    answer = web.post(f"{live.url()}{SOCIAL_ROWS}", json=body, headers=analyst)
    _refused(answer, 422, "invalid_value")
    assert answer.json()["fields"][0]["loc"] == ["body", "source"]
    assert (_batches(live), _stored_pupils(live)) == before


def _settlements(live: RunningStack, code: str) -> int:
    statement = sa.text("SELECT count(*) FROM settlement WHERE code = :code").bindparams(code=code)
    return int(database_rows(live, "IDENTIFICATION", statement)[0][0])


def test_a_nul_in_a_json_cell_is_refused_and_nothing_is_stored(live: RunningStack) -> None:
    """A NUL inside a cell of JSON rows (a settlement's name) is 422 `invalid_value` naming the row and field, and
    the settlement is not created. Before, SQLite stored the name with its NUL (PostgreSQL refused the write)."""
    admin = login(live, "admin")
    code = f"99-01-{uuid.uuid4().hex[:6]}"
    rows = [{"code": f"{code}-ok", "municipality_code": "99-01", "name": "Село Верное"},
            {"code": code, "municipality_code": "99-01", "name": "Село\x00Нулевое"}]  # fmt: skip
    for dry_run in (True, False):
        answer = web.post(f"{live.url()}/api/identification/imports/settlements/rows",
                          json={"rows": rows, "dry_run": dry_run}, headers=admin)  # fmt: skip
        _refused(answer, 422, "invalid_value")
        assert answer.json()["fields"][0]["loc"] == ["rows", 1, "name"]
    assert _settlements(live, code) == _settlements(live, f"{code}-ok") == 0


ODD_CELLS = {"list": [1], "empty_list": [], "object": {"значение": 5}, "nested": [[SCHOOL]]}


@pytest.mark.parametrize("cell", list(ODD_CELLS))
def test_a_list_or_an_object_in_a_json_cell_is_422_not_500(live: RunningStack, cell: str) -> None:
    """A cell that is a list or an object, in the rows of the JSON API or in an uploaded JSON file, is 422
    `invalid_cell` naming the row and field, nothing written. Before, the conversion of the column failed on it:
    a 500 (`unhashable type: 'list'`)."""
    analyst = login(live, "regional_analyst")
    before = (_batches(live), _stored_pupils(live))
    for field in ("pupils", "school_code"):
        rows = _rows(200) + _rows(201, {field: ODD_CELLS[cell]})
        answer = web.post(f"{live.url()}{SOCIAL_ROWS}", json={"rows": rows}, headers=analyst)
        _refused(answer, 422, "invalid_cell")
        assert answer.json()["fields"][0]["loc"] == ["rows", 1, field]
        as_file = web.post(f"{live.url()}{SOCIAL}", files={"file": ("rows.json", json.dumps(rows).encode())},
                           headers=analyst)  # fmt: skip
        _refused(as_file, 422, "invalid_cell")
    assert (_batches(live), _stored_pupils(live)) == before


# --- invisible characters make no second record -------------------------------------------------------------------

INVISIBLE = {
    "zero_width_space": "Петрова\u200b Анна {n}",
    "zero_width_space_in_a_word": "Пет\u200bрова Анна {n}",
    "right_to_left_mark": "\u200fПетрова Анна {n}",
    "soft_hyphen": "Петрова Ан\u00adна {n}",
    "byte_order_mark": "Петрова Анна\ufeff {n}",
    "right_to_left_override": "Петрова \u202eАнна {n}",
}


def _school_staff(live: RunningStack) -> dict[str, str]:
    return login(live, "school_staff")


def _teacher(live: RunningStack, headers: dict[str, str], name: str) -> httpx.Response:
    body = {"school_code": SCHOOL, "full_name": name, "position": "учитель"}
    return web.post(f"{live.url()}{TEACHERS}", json=body, headers=headers)


@pytest.mark.parametrize("variant", list(INVISIBLE))
def test_invisible_characters_make_no_second_teacher(live: RunningStack, variant: str) -> None:
    """A name that looks like a teacher's of the school, with a zero-width space, a direction mark, a soft hyphen
    or a BOM inside (pasted from Word, or typed on purpose), is that teacher: 409 `teacher_exists`. Before, it
    was another teacher, and the school's scores were split between the two, the lists showing one name twice."""
    staff = _school_staff(live)
    n = uuid.uuid4().hex[:6]
    assert _teacher(live, staff, f"Петрова Анна {n}").status_code == 201
    _refused(_teacher(live, staff, INVISIBLE[variant].format(n=n)), 409, "teacher_exists")
    listed = json_of(web.get(f"{live.url()}{TEACHERS}", params={"school_code": SCHOOL}, headers=staff))
    assert len([t for t in listed if t["full_name"].endswith(n)]) == 1


def test_look_alike_teachers_added_at_once_are_one_teacher(live: RunningStack) -> None:
    """The same teacher added at once under names that differ only by invisible characters: one 201, the others
    409 `teacher_exists` — the unique key of the database decides, whatever the interleaving."""
    staff = _school_staff(live)
    for _ in range(ROUNDS):
        n = uuid.uuid4().hex[:6]
        names = [f"Петрова Анна {n}", *(INVISIBLE[v].format(n=n) for v in list(INVISIBLE)[: AT_ONCE - 1])]
        body = {"school_code": SCHOOL, "position": "учитель"}
        answers = at_once(live, [request("POST", TEACHERS, json=body | {"full_name": name}, headers=staff)
                                 for name in names])  # fmt: skip
        no_server_errors(answers)
        assert sorted(a.status_code for a in answers) == [201] + [409] * (AT_ONCE - 1), [a.text for a in answers]
        listed = json_of(web.get(f"{live.url()}{TEACHERS}", params={"school_code": SCHOOL}, headers=staff))
        assert len([t for t in listed if t["full_name"].endswith(n)]) == 1


def test_invisible_characters_make_no_second_directory_entry(live: RunningStack) -> None:
    """A responsible person's name in the directory with a zero-width space inside a word or a direction mark is
    the entry already there: 409 `party_exists`. Before, «Сидо\u200bров» was a second «Сидоров» (the space split
    the word in two), and plans assigned to them were split between two entries that look the same."""
    coordinator = login(live, "municipal_coordinator")
    n = uuid.uuid4().hex[:6]
    url = f"{live.url()}/api/roadmap/parties"
    created = web.post(url, json={"name": f"Сидоров С. С. {n}", "kind": "person"}, headers=coordinator)
    assert created.status_code == 201, created.text
    for name in (f"Сидо\u200bров С. С. {n}", f"\u200fСидоров С.\u00adС. {n}", f"Сидоров С. С.\u2060 {n}"):
        _refused(web.post(url, json={"name": name, "kind": "person"}, headers=coordinator), 409, "party_exists")


def test_a_campaign_title_with_invisible_characters_is_the_same_campaign(live: RunningStack) -> None:
    """The same diagnosis opened again (at once, by several people) under its title with invisible characters
    is the campaign stored: one 201, the others 200 with its id. Before, each such title was a campaign of its own
    and the raters' scores were split between them."""
    analyst = login(live, "regional_analyst")
    body = _campaign_body(live, analyst, "Промежуточная диагностика")
    titles = ["Промежуточная диагностика", "Промежуточная\u200b диагностика", "\u200fПромежуточная диагностика",
              "Промежуточная диаг\u00adностика"]  # fmt: skip
    answers = at_once(live, [request("POST", f"{COMPETENCE}/campaigns", json=body | {"title": title},
                                     headers=analyst) for title in titles])  # fmt: skip
    no_server_errors(answers)
    assert sorted(a.status_code for a in answers) == [200] * (len(titles) - 1) + [201], [a.text for a in answers]
    assert len({a.json()["id"] for a in answers}) == 1


# --- a request cut off mid-body ------------------------------------------------------------------------------------


def _cut_off(live: RunningStack, path: str, content_type: str, body: bytes, headers: dict[str, str]) -> str:
    """Send `path` half its body, then close the sending side: the request id it went under."""
    request_id = uuid.uuid4().hex
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Type: {content_type}",
            f"Content-Length: {len(body)}", f"X-Request-ID: {request_id}", "Connection: close",
            *(f"{name}: {value}" for name, value in headers.items())]  # fmt: skip
    with socket.create_connection(("127.0.0.1", live.ports["gateway"]), timeout=60) as connection:
        connection.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body[: len(body) // 2])
        connection.shutdown(socket.SHUT_WR)
        while connection.recv(4096):  # whatever comes, until the gateway closes
            pass
    return request_id


def _logged(live: RunningStack, process: str, request_id: str) -> list[dict[str, Any]]:
    lines = (live.log_dir / f"{process}.log").read_text(encoding="utf-8", errors="replace").splitlines()
    return [entry for line in lines if request_id in line and (entry := json.loads(line)).get("request_id")]


def test_a_request_cut_off_mid_body_writes_nothing_and_is_no_server_error(live: RunningStack) -> None:
    """A plan and an import whose clients leave halfway through the body: nothing is written, and the gateway
    notes the client left (a 400 `incomplete_body` nobody reads). Before, the gateway logged each as an unhandled
    error, a 500 with a traceback in the log and the error metrics, for a client that had simply gone away."""
    coordinator = login(live, "municipal_coordinator")
    analyst = login(live, "regional_analyst")
    title = f"Оборванный план {uuid.uuid4().hex[:6]}"
    plan = json.dumps({"kind": "other", "title": title, "municipality_code": "99-01", "school_year": "2024-2025"})
    upload = (b'--XX\r\nContent-Disposition: form-data; name="file"; filename="social.csv"\r\n\r\n'
              + _social_csv(4321) + b"\r\n--XX--\r\n")  # fmt: skip
    before = (_batches(live), _stored_pupils(live))
    ids = [
        _cut_off(live, PLANS, "application/json", plan.encode(), coordinator),
        _cut_off(live, SOCIAL, "multipart/form-data; boundary=XX", upload, analyst),
    ]
    for request_id in ids:
        assert wait_until(lambda: bool(_logged(live, "gateway", request_id))), request_id  # noqa: B023
        entries = _logged(live, "gateway", request_id)
        assert not [e for e in entries if e["level"] == "error"], entries
        assert any("left before sending its whole body" in e["message"] for e in entries), entries
    assert not database_rows(live, "ROADMAP", sa.select(col(Plan.id)).where(col(Plan.title) == title))
    assert (_batches(live), _stored_pupils(live)) == before


# --- one activity marked done and still in progress at once --------------------------------------------------------


def _overdue_activity(live: RunningStack, coordinator: dict[str, str]) -> str:
    """An activity of an approved municipal plan of a past school year, its deadline passed: overdue."""
    body = {"kind": "anti_risk_programme", "title": f"Программа {uuid.uuid4().hex[:6]}", "municipality_code": "99-01",
            "school_year": "2023-2024",
            "sections": [{"title": "Раздел",
                          "activities": [{"title": "Семинар", "deadline_text": "Октябрь"}]}]}  # fmt: skip
    created = web.post(f"{live.url()}{PLANS}", json=body, headers=coordinator)
    plan = json_of(created)
    approval = {"order_number": "15-од", "order_date": "2023-09-01"}
    approved = web.post(f"{live.url()}{PLANS}/{plan['id']}/approve", json=approval,
                        headers=coordinator | {"If-Match": created.headers["ETag"]})  # fmt: skip
    assert json_of(approved)["status"] == "approved"
    return f"{ACTIVITIES}/{plan['sections'][0]['activities'][0]['id']}"


def test_done_and_in_progress_at_once_on_an_overdue_activity(live: RunningStack) -> None:
    """An overdue activity reported done by one person and «in progress, 50 %» by another at once, both with the
    ETag they read: one is stored whole, the other 412 — and what is read after is the winner's, consistently:
    done, 100 % and no longer overdue; or in progress, 50 % and overdue."""
    coordinator = login(live, "municipal_coordinator")
    for _ in range(ROUNDS):
        url = _overdue_activity(live, coordinator)
        read = web.get(f"{live.url()}{url}", headers=coordinator)
        assert json_of(read)["overdue"] is True
        tag = coordinator | {"If-Match": read.headers["ETag"]}
        reports: list[dict[str, Any]] = [{"status": "done"}, {"status": "in_progress", "progress": 50}]
        answers = at_once(live, [request("PATCH", url, json=report, headers=tag) for report in reports])
        no_server_errors(answers)
        assert sorted(a.status_code for a in answers) == [200, 412], [a.text for a in answers]
        winner = reports[[a.status_code for a in answers].index(200)]
        stored = json_of(web.get(f"{live.url()}{url}", headers=coordinator))
        if winner["status"] == "done":
            assert (stored["status"], stored["progress"], stored["overdue"]) == ("done", 100, False), stored
        else:
            assert (stored["status"], stored["progress"], stored["overdue"]) == ("in_progress", 50, True), stored


# --- another territory's objects named by id -----------------------------------------------------------------------

SECRET = "Тайн"


def _coordinator_of(live: RunningStack, municipality: str) -> dict[str, str]:
    admin = login(live, "admin")
    username = f"coordinator_{uuid.uuid4().hex[:8]}"
    body = {"username": username, "password": "Опора-пароль-2026", "full_name": "Координатор соседнего района",
            "role": "municipal_coordinator", "scope": {"kind": "municipality", "region": "99",
                                                       "municipality": municipality}}  # fmt: skip
    json_of(web.post(f"{live.url()}/api/admin/users", json=body, headers=admin))
    signed = web.post(f"{live.url()}/api/auth/token", data={"username": username, "password": body["password"]})
    return {"Authorization": f"Bearer {json_of(signed)['access_token']}"}


def _secret_objects(live: RunningStack) -> dict[str, Any]:
    """A plan of 99-01 with an activity, an indicator, a link, a comment, and a teacher of one of its schools."""
    coordinator = login(live, "municipal_coordinator")
    body = {"kind": "anti_risk_programme", "title": f"{SECRET}ая программа", "municipality_code": "99-01",
            "school_year": "2024-2025",
            "sections": [{"title": f"{SECRET}ый раздел", "activities": [
                {"title": f"{SECRET}ое мероприятие", "deadline_text": "Октябрь",
                 "school_codes": [SCHOOL]}]}]}  # fmt: skip
    plan = json_of(web.post(f"{live.url()}{PLANS}", json=body, headers=coordinator))
    activity = plan["sections"][0]["activities"][0]["id"]
    indicator = json_of(web.post(f"{live.url()}{PLANS}/{plan['id']}/indicators",
                                 json={"name": f"{SECRET}ый показатель", "school_year": "2024-2025", "target": 5},
                                 headers=coordinator))  # fmt: skip
    evidence = json_of(web.post(f"{live.url()}{ACTIVITIES}/{activity}/evidence",
                                data={"title": f"{SECRET}ая справка", "url": "https://example.org/spravka"},
                                headers=coordinator))  # fmt: skip
    web.post(f"{live.url()}{ACTIVITIES}/{activity}/comments", json={"text": f"{SECRET}ый отзыв"}, headers=coordinator)
    teacher = json_of(_teacher(live, _school_staff(live), f"{SECRET}ова Анна {uuid.uuid4().hex[:6]}"))
    return {"plan": plan["id"], "activity": activity, "indicator": indicator["id"], "evidence": evidence["id"],
            "teacher": teacher["id"]}  # fmt: skip


def test_another_municipality_naming_objects_by_id_gets_403_and_none_of_their_data(live: RunningStack) -> None:
    """A coordinator of 99-02 reads and writes 99-01's plan, activity, school row, evidence, comments, indicator
    and teacher by id, with `If-Match: *`: every answer 403/404 with a Russian detail and nothing of the objects
    (their titles), and afterwards each is as it was."""
    ids = _secret_objects(live)
    stranger = _coordinator_of(live, "99-02") | {"If-Match": "*"}
    plan, activity = f"{PLANS}/{ids['plan']}", f"{ACTIVITIES}/{ids['activity']}"
    calls = [
        ("GET", plan, None), ("PATCH", plan, {"title": "Чужая правка"}), ("GET", f"{plan}/history", None),
        ("GET", f"{plan}/execution", None), ("GET", f"{plan}/progress", None), ("GET", f"{plan}/versions", None),
        ("POST", f"{plan}/versions", None), ("GET", f"{plan}/diff?against={ids['plan']}", None),
        ("POST", f"{plan}/approve", {"order_number": "1", "order_date": "2024-09-02"}),
        ("POST", f"{plan}/sections", {"title": "Чужой раздел"}), ("GET", activity, None),
        ("PATCH", activity, {"status": "done"}), ("DELETE", activity, None),
        ("PATCH", f"{activity}/schools/{SCHOOL}", {"status": "done"}), ("GET", f"{activity}/evidence", None),
        ("GET", f"{activity}/comments", None), ("POST", f"{activity}/comments", {"text": "Чужой отзыв"}),
        ("GET", f"/api/roadmap/evidence/{ids['evidence']}/file", None),
        ("GET", f"/api/roadmap/indicators/{ids['indicator']}", None),
        ("PATCH", f"/api/roadmap/indicators/{ids['indicator']}", {"actual": 3}),
        ("PATCH", f"{TEACHERS}/{ids['teacher']}", {"position": "директор"}),
        ("DELETE", f"{TEACHERS}/{ids['teacher']}", None),
    ]  # fmt: skip
    for method, url, body in calls:
        answer = web.request(method, f"{live.url()}{url}", json=body, headers=stranger)
        assert answer.status_code in (403, 404), (method, url, answer.status_code, answer.text)
        assert SECRET.lower() not in answer.text.lower(), (method, url, answer.text)
        assert any("а" <= letter <= "я" for letter in answer.json()["detail"].lower()), answer.text
    owner = login(live, "municipal_coordinator")
    stored = json_of(web.get(f"{live.url()}{activity}", headers=owner))
    assert stored["status"] == "planned" and stored["title"].startswith(SECRET)
    assert json_of(web.get(f"{live.url()}{plan}", headers=owner))["title"].startswith(SECRET)
    listed = json_of(web.get(f"{live.url()}{TEACHERS}", params={"school_code": SCHOOL}, headers=owner))
    assert next(t for t in listed if t["id"] == ids["teacher"])["position"] == "учитель"


# --- a user switched off while their requests are in flight ---------------------------------------------------------


def test_a_user_switched_off_while_their_writes_are_in_flight(live: RunningStack) -> None:
    """A coordinator creates plans while an administrator switches them off: every plan answered 201 is stored,
    every other answer (401) left nothing, none is a 500; from then on their token is refused."""
    admin = login(live, "admin")
    username = f"coordinator_{uuid.uuid4().hex[:8]}"
    body = {"username": username, "password": "Опора-пароль-2026", "full_name": "Уходящий Координатор",
            "role": "municipal_coordinator", "scope": {"kind": "municipality", "region": "99",
                                                       "municipality": "99-01"}}  # fmt: skip
    user = json_of(web.post(f"{live.url()}/api/admin/users", json=body, headers=admin))
    signed = web.post(f"{live.url()}/api/auth/token", data={"username": username, "password": body["password"]})
    headers = {"Authorization": f"Bearer {json_of(signed)['access_token']}"}
    title = f"План уходящего {uuid.uuid4().hex[:6]}"
    plan = {"kind": "other", "title": title, "municipality_code": "99-01", "school_year": "2024-2025"}
    *writes, switched_off = at_once(
        live,
        [*(request("POST", PLANS, json=plan, headers=headers) for _ in range(AT_ONCE)),
         request("POST", f"/api/admin/users/{user['id']}/deactivate", headers=admin)],
    )  # fmt: skip
    no_server_errors([*writes, switched_off])
    assert switched_off.status_code == 200, switched_off.text
    for answer in writes:
        if answer.status_code != 201:
            assert answer.status_code == 401, answer.text
    stored = database_rows(live, "ROADMAP", sa.select(col(Plan.id)).where(col(Plan.title) == title))
    assert sorted(row[0] for row in stored) == sorted(a.json()["id"] for a in writes if a.status_code == 201)
    assert web.get(f"{live.url()}{PLANS}", headers=headers).status_code == 401


def test_an_edit_of_a_user_sending_the_stored_role_and_territory_keeps_the_revision(live: RunningStack) -> None:
    """An administrator's form saved as it was read (the same name, role and territory): 200 with the same ETag
    and the user's sessions untouched; a real change takes the next revision."""
    admin = login(live, "admin")
    username = f"observer_{uuid.uuid4().hex[:8]}"
    body = {"username": username, "password": "Опора-пароль-2026", "full_name": "Наблюдатель Проверочный",
            "role": "observer", "scope": {"kind": "municipality", "region": "99", "municipality": "99-01"}}  # fmt: skip
    created = web.post(f"{live.url()}/api/admin/users", json=body, headers=admin)
    user, etag = json_of(created), created.headers["ETag"]
    signed = web.post(f"{live.url()}/api/auth/token", data={"username": username, "password": body["password"]})
    own = {"Authorization": f"Bearer {json_of(signed)['access_token']}"}
    url = f"{live.url()}/api/admin/users/{user['id']}"
    same = {field: body[field] for field in ("full_name", "role", "scope")}
    unchanged = web.patch(url, json=same, headers=admin | {"If-Match": etag})
    assert (unchanged.status_code, unchanged.headers["ETag"]) == (200, etag), unchanged.text
    assert web.get(f"{live.url()}/api/auth/me", headers=own).status_code == 200
    changed = web.patch(
        url, json=same | {"full_name": "Наблюдатель Переименованный"}, headers=admin | {"If-Match": etag}
    )
    assert changed.status_code == 200 and changed.headers["ETag"] != etag, changed.text


# --- dates that do not exist, ids and page sizes out of range, bodies too deep ----------------------------------------


def test_dates_that_do_not_exist_are_refused_and_change_nothing(live: RunningStack) -> None:
    """30 February, 29 February of a common year, month 13, a year 0 as an order date, a stage's completion date
    or a campaign's date: 422 with a Russian detail naming the field; the plan stays a draft, the stage undone."""
    coordinator = login(live, "municipal_coordinator")
    analyst = login(live, "regional_analyst")
    body = {"kind": "anti_risk_programme", "title": f"Программа {uuid.uuid4().hex[:6]}", "municipality_code": "99-01",
            "school_year": "2024-2025", "sections": [{"title": "Раздел", "activities": [
                {"title": "Семинар", "deadline_text": "ежемесячно с октября по декабрь 2024"}]}]}  # fmt: skip
    created = web.post(f"{live.url()}{PLANS}", json=body, headers=coordinator)
    plan = json_of(created)
    activity = web.get(f"{live.url()}{ACTIVITIES}/{plan['sections'][0]['activities'][0]['id']}", headers=coordinator)
    stage = json_of(activity)["stages"][0]["id"]
    campaign = _campaign_body(live, analyst, f"Диагностика {uuid.uuid4().hex[:6]}")
    for day in ("2024-02-30", "2023-02-29", "2024-13-01", "0000-01-01", "2024-02-29\x00"):
        answers = [
            (web.post(f"{live.url()}{PLANS}/{plan['id']}/approve", json={"order_number": "1", "order_date": day},
                      headers=coordinator | {"If-Match": created.headers["ETag"]}), "order_date"),
            (web.patch(f"{live.url()}{ACTIVITIES}/{plan['sections'][0]['activities'][0]['id']}/stages/{stage}",
                       json={"done": True, "completed_on": day},
                       headers=coordinator | {"If-Match": activity.headers["ETag"]}), "completed_on"),
            (web.post(f"{live.url()}{COMPETENCE}/campaigns", json=campaign | {"held_on": day}, headers=analyst),
             "held_on"),
        ]  # fmt: skip
        for answer, field in answers:
            _refused(answer, 422, "validation_error")
            assert [f["loc"][-1] for f in answer.json()["fields"]] == [field], answer.text
    assert json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}", headers=coordinator))["status"] == "draft"
    stored = json_of(web.get(f"{live.url()}{ACTIVITIES}/{plan['sections'][0]['activities'][0]['id']}",
                             headers=coordinator))  # fmt: skip
    assert stored["stages"][0]["completed_on"] is None


BAD_IDS = ["0", "-1", "1.5", "abc", "2147483648", "99999999999999999999999", "1e3", "%EF%BC%91", "%D9%A1"]


ID_PATHS = {f"{PLANS}/{{}}": ("GET", "PATCH"), f"{ACTIVITIES}/{{}}": ("GET", "PATCH", "DELETE"),
            f"{METHODOLOGIES}/{{}}": ("GET", "PATCH", "DELETE"), "/api/identification/runs/{}": ("GET",),
            f"{MEASURES}/{{}}": ("GET", "PUT", "DELETE"), f"{TEACHERS}/{{}}": ("PATCH", "DELETE")}  # fmt: skip


@pytest.mark.parametrize("path", list(ID_PATHS))
def test_ids_that_are_no_record_id_are_422(live: RunningStack, path: str) -> None:
    """Zero, negative, fractional, beyond 2³¹−1, text, a full-width or an Arabic-Indic digit as an id, read,
    changed or deleted: 422 `validation_error` with a Russian detail — never a 500, never another record."""
    analyst = login(live, "regional_analyst") | {"If-Match": "*"}
    for bad in BAD_IDS:
        for method in ID_PATHS[path]:
            answer = web.request(method, f"{live.url()}{path.format(bad)}", json={}, headers=analyst)
            assert answer.status_code == 422, (method, bad, answer.status_code, answer.text)
            assert "path" in [f["loc"][0] for f in answer.json()["fields"]], answer.text
            assert any("а" <= letter <= "я" for letter in answer.json()["detail"].lower()), answer.text


@pytest.mark.parametrize("per_page", ["0", "-1", "1.5", "abc", "1000001", "99999999999999999999"])
def test_page_sizes_out_of_range_are_422(live: RunningStack, per_page: str) -> None:
    analyst = login(live, "regional_analyst")
    for url in (PLANS, "/api/identification/schools", "/api/identification/runs"):
        for params in ({"per_page": per_page}, {"page": per_page}):
            answer = web.get(f"{live.url()}{url}", params=params, headers=analyst)
            _refused(answer, 422, "validation_error")


def test_bodies_nested_too_deep_or_too_long_are_a_clear_4xx(live: RunningStack) -> None:
    """JSON nested 100,000 levels deep (to the JSON API of imports and to a teacher's creation) and a 30 MB plan
    description: a 4xx with a Russian detail, nothing stored."""
    analyst = login(live, "regional_analyst") | {"Content-Type": "application/json"}
    deep = b"[" * 100_000 + b"]" * 100_000
    before = (_batches(live), _stored_pupils(live))
    for url, content in ((SOCIAL_ROWS, b'{"rows": ' + deep + b"}"), (TEACHERS, deep)):
        answer = web.post(f"{live.url()}{url}", content=content, headers=analyst)
        assert 400 <= answer.status_code < 500, (url, answer.status_code, answer.text[:300])
        assert any("а" <= letter <= "я" for letter in answer.json()["detail"].lower()), answer.text[:300]
    title = f"Огромный план {uuid.uuid4().hex[:6]}"
    body = {"kind": "other", "title": title, "municipality_code": "99-01", "school_year": "2024-2025",
            "description": "я" * (30 * 1024 * 1024)}  # fmt: skip
    huge = web.post(f"{live.url()}{PLANS}", json=body, headers=login(live, "municipal_coordinator"))
    _refused(huge, 422, "validation_error")
    assert not database_rows(live, "ROADMAP", sa.select(col(Plan.id)).where(col(Plan.title) == title))
    assert (_batches(live), _stored_pupils(live)) == before


# --- If-Match naming no ETag the service gave -----------------------------------------------------------------------


@pytest.mark.parametrize("make", [_draft, _measure], ids=["methodology_draft", "library_measure"])
def test_an_if_match_that_only_looks_like_the_etag_changes_nothing(live: RunningStack, make: Any) -> None:
    """`"01"` or `"001"` is no ETag the service gave (`"1"`): compared strongly, as RFC 9110 says, it is 412
    `stale_revision`. A list of more than 100 tags (a header of thousands, each a parameter of the compare-and-set)
    is 400 `invalid_if_match`, even with the right tag among them. Before, `"01"` matched revision 1 and a list of
    any length was sent to the database. Each time the record keeps its revision; its own ETag still edits it."""
    analyst = login(live, "regional_analyst")
    url, etag = make(live, analyst)
    method, body = ("PATCH", {"name": "Переименованный черновик"}) if url.startswith(METHODOLOGIES) else (
        "PUT", {"category": "risk_zone", "title": "Переписанная мера", "responsible": "Директор"})  # fmt: skip
    number = etag.strip('"')
    for lookalike in (f'"0{number}"', f'"00{number}"', f'W/"0{number}"'):
        answer = web.request(method, f"{live.url()}{url}", json=body, headers=analyst | {"If-Match": lookalike})
        _refused(answer, 412, "stale_revision")
    many = ", ".join([*(f'"{n}"' for n in range(1000, 1100)), etag])
    _refused(web.request(method, f"{live.url()}{url}", json=body, headers=analyst | {"If-Match": many}), 400,
             "invalid_if_match")  # fmt: skip
    assert web.get(f"{live.url()}{url}", headers=analyst).headers["ETag"] == etag
    edited = web.request(method, f"{live.url()}{url}", json=body, headers=analyst | {"If-Match": etag})
    assert edited.status_code == 200 and edited.headers["ETag"] != etag, edited.text
