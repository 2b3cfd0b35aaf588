"""Races and hostile input hunted down in a sixteenth round with real clients against the real processes (see
test_races.py): edits of a methodology draft, its activation and edits of a user that went through without the
`If-Match` every other edit needs, dates sent as a date-time at midnight or as seconds since 1970 (taken as the
day they fall on), names typed with combining marks (stored apart from the same name typed on another keyboard,
a password that did not sign in), reasons, order numbers and names of invisible characters, e-mail addresses
that are no address, and edits of one record by two people at once. Outcomes are asserted — who won, what is
stored —, never timing.
"""

from __future__ import annotations

import unicodedata
import uuid
from typing import Any, Literal

import httpx
import pytest
import sqlalchemy as sa

from services.gateway.db import AuditEvent as GatewayAuditEvent
from services.identification.db import AuditEvent as IdentificationAuditEvent
from tests.reliability.clients import at_once, audit_events, database_rows, json_of, login, no_server_errors, request
from tests.reliability.test_races_hunt_6 import _refused
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

METHODOLOGIES = "/api/identification/methodologies"
USERS = "/api/admin/users"
PLANS = "/api/roadmap/plans"
PAIRS = "/api/roadmap/mentor-pairs"
RUNS = "/api/identification/runs"
FAR_YEAR = "2091-2092"
"""A school year no other test activates a methodology for: activations here change nobody's runs."""
SCHOOL = "9901003"


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _draft(live: RunningStack, analyst: dict[str, str]) -> tuple[str, dict[str, Any], str]:
    """A new methodology draft: its address, as read, and its ETag."""
    created = web.post(f"{live.url()}{METHODOLOGIES}/1/copy", json={"name": f"Черновик {uuid.uuid4().hex[:6]}"},
                       headers=analyst)  # fmt: skip
    draft: dict[str, Any] = json_of(created)
    return f"{METHODOLOGIES}/{draft['id']}", draft, created.headers["ETag"]


def _user(live: RunningStack, admin: dict[str, str], **fields: Any) -> tuple[str, dict[str, Any], str]:
    """A new regional analyst: the user's address, as read, and the ETag."""
    body = {"username": f"u{uuid.uuid4().hex[:10]}", "full_name": "Проверкин Пётр", "role": "regional_analyst",
            "scope": {"kind": "region", "region": "99"}, "password": "пароль-надёжный"} | fields  # fmt: skip
    created = web.post(f"{live.url()}{USERS}", json=body, headers=admin)
    user: dict[str, Any] = json_of(created)
    return f"{USERS}/{user['id']}", user, created.headers["ETag"]


def _active_for(live: RunningStack, year: str) -> list[Any]:
    statement = sa.text("SELECT methodology_id FROM methodology_activation WHERE school_year = :year")
    return [row[0] for row in database_rows(live, "IDENTIFICATION", statement.bindparams(year=year))]


# --- If-Match on every edit ----------------------------------------------------------------------------------------


def test_a_methodology_edit_without_if_match_is_428_and_changes_nothing(live: RunningStack) -> None:
    """A draft renamed without `If-Match` (also to the name it has): 428 `precondition_required`, the draft as it
    was; with a stale ETag 412; with the one read, 200. Before, the edit without the header was applied, over any
    colleague's edit meanwhile."""
    analyst = login(live, "regional_analyst")
    url, draft, etag = _draft(live, analyst)
    for name in (f"Без версии {uuid.uuid4().hex[:6]}", draft["name"]):
        _refused(web.patch(f"{live.url()}{url}", json={"name": name}, headers=analyst), 428, "precondition_required")
    stored = json_of(web.get(f"{live.url()}{url}", headers=analyst))
    assert (stored["name"], stored["revision"]) == (draft["name"], draft["revision"])
    renamed = web.patch(f"{live.url()}{url}", json={"name": "Первая правка"}, headers=analyst | {"If-Match": etag})
    assert json_of(renamed)["name"] == "Первая правка"
    stale = web.patch(f"{live.url()}{url}", json={"name": "Вторая правка"}, headers=analyst | {"If-Match": etag})
    _refused(stale, 412, "stale_revision")
    assert json_of(web.get(f"{live.url()}{url}", headers=analyst))["name"] == "Первая правка"


def test_an_activation_without_if_match_is_428_and_activates_nothing(live: RunningStack) -> None:
    """A draft activated without `If-Match`: 428, the year's methodology unchanged and the draft still editable;
    with the ETag read, activated and frozen (and the ETag answered). Before, activated without a look at what
    a colleague had changed meanwhile."""
    analyst = login(live, "regional_analyst")
    url, _, etag = _draft(live, analyst)
    before = _active_for(live, FAR_YEAR)
    answer = web.post(f"{live.url()}{url}/activate", json={"school_year": FAR_YEAR}, headers=analyst)
    _refused(answer, 428, "precondition_required")
    assert _active_for(live, FAR_YEAR) == before
    assert json_of(web.get(f"{live.url()}{url}", headers=analyst))["frozen"] is False
    activated = web.post(f"{live.url()}{url}/activate", json={"school_year": FAR_YEAR},
                         headers=analyst | {"If-Match": etag})  # fmt: skip
    assert json_of(activated)["frozen"] is True and activated.headers["ETag"] == etag
    assert _active_for(live, FAR_YEAR) == [int(url.rsplit("/", 1)[1])]


def test_an_activation_of_a_draft_that_is_gone_is_404_before_428(live: RunningStack) -> None:
    """A version that does not exist is 404 with or without `If-Match`: the header is asked of an existing
    record, as a deletion asks it."""
    analyst = login(live, "regional_analyst")
    for headers in (analyst, analyst | {"If-Match": '"1"'}):
        answer = web.post(f"{live.url()}{METHODOLOGIES}/2000000000/activate", json={"school_year": FAR_YEAR},
                          headers=headers)  # fmt: skip
        _refused(answer, 404, "methodology_not_found")
        _refused(web.patch(f"{live.url()}{METHODOLOGIES}/2000000000", json={"name": "Нет"}, headers=headers), 404,
                 "methodology_not_found")  # fmt: skip


def test_a_user_edit_without_if_match_is_428_and_changes_nothing(live: RunningStack) -> None:
    """A user renamed (or given another role) without `If-Match`: 428, the user, the revision and the open
    sessions as they were; with a stale ETag 412; with the one read 200. Before, applied whatever another
    administrator had changed meanwhile."""
    admin = login(live, "admin")
    url, user, etag = _user(live, admin)
    for change in ({"full_name": "Без версии"}, {"role": "observer", "scope": {"kind": "region", "region": "99"}}):
        _refused(web.patch(f"{live.url()}{url}", json=change, headers=admin), 428, "precondition_required")
    stored = json_of(web.get(f"{live.url()}{url}", headers=admin))
    assert (stored["full_name"], stored["role"], stored["revision"]) == (user["full_name"], user["role"],
                                                                         user["revision"])  # fmt: skip
    json_of(web.patch(f"{live.url()}{url}", json={"full_name": "С версией"}, headers=admin | {"If-Match": etag}))
    _refused(web.patch(f"{live.url()}{url}", json={"full_name": "Поверх"}, headers=admin | {"If-Match": etag}), 412,
             "stale_revision")  # fmt: skip
    assert json_of(web.get(f"{live.url()}{url}", headers=admin))["full_name"] == "С версией"


# --- a date-time where a date is asked -----------------------------------------------------------------------------

NOT_DATES: list[Any] = ["2025-01-15T00:00:00", "2025-01-15T00:00:00Z", "2025-01-15 00:00", 1736899200, "1736899200",
                        "20250115"]  # fmt: skip
"""A date-time at midnight (with and without a zone, with a space), seconds since 1970 (a number and as text):
each was taken as 15 January 2025. And a date without its dashes, refused already."""


def _date_refused(answer: httpx.Response, field: str) -> None:
    _refused(answer, 422, "validation_error")
    (error,) = answer.json()["fields"]
    assert error["loc"][-1] == field and error["code"] in ("date_format", "date_from_datetime_inexact"), error
    assert "ГГГГ-ММ-ДД" in error["detail"] or "дат" in error["detail"].lower(), error


@pytest.mark.parametrize("value", NOT_DATES, ids=[str(v) for v in NOT_DATES])
def test_a_mentor_pair_starting_on_a_date_time_is_422_and_no_pair_is_made(live: RunningStack, value: Any) -> None:
    """A pair whose `starts_on` is a date-time or a number: 422 `date_format` with a Russian detail naming the
    format, no pair stored. Before, 201 and a pair starting on the day pydantic read into it."""
    coordinator = login(live, "municipal_coordinator")
    pairs = sa.text("SELECT count(*) FROM mentor_pair")
    before = database_rows(live, "ROADMAP", pairs)[0][0]
    body = {"mentor_school_code": "9901001", "supported_school_code": "9901002", "starts_on": value}
    _date_refused(web.post(f"{live.url()}{PAIRS}", json=body, headers=coordinator), "starts_on")
    assert database_rows(live, "ROADMAP", pairs)[0][0] == before


def _plan(live: RunningStack, headers: dict[str, str], **fields: Any) -> httpx.Response:
    body = {"kind": "anti_risk_programme", "title": f"План {uuid.uuid4().hex[:6]}", "school_code": SCHOOL,
            "school_year": "2024-2025", "sections": [{"title": "Раздел", "activities": [
                {"number": "1.1", "title": "Диагностика", "deadline_text": "Сентябрь"}]}]} | fields  # fmt: skip
    return web.post(f"{live.url()}{PLANS}", json=body, headers=headers)


def test_plan_dates_sent_as_date_times_are_422(live: RunningStack) -> None:
    """A plan's period, its approval order's date and the execution's «as of» date given as a date-time at
    midnight: each 422 naming the field, no plan made, the plan not approved; the same dates written as dates
    are taken. Before, each was read as its day."""
    staff = login(live, "school_staff")
    before = json_of(web.get(f"{live.url()}{PLANS}", headers=staff))["total"]
    _date_refused(_plan(live, staff, period_start="2024-09-01T00:00:00"), "period_start")
    assert json_of(web.get(f"{live.url()}{PLANS}", headers=staff))["total"] == before
    created = _plan(live, staff, period_start="2024-09-01", period_end="2025-05-31")
    plan = json_of(created)
    url = f"{live.url()}{PLANS}/{plan['id']}"
    order = {"order_number": "15-п", "order_date": "2024-09-02T00:00:00Z"}
    _date_refused(web.post(f"{url}/approve", json=order, headers=staff | {"If-Match": created.headers["ETag"]}),
                  "order_date")  # fmt: skip
    assert json_of(web.get(url, headers=staff))["status"] == "draft"
    _date_refused(web.get(f"{url}/execution", params={"as_of": "2024-10-01T00:00:00"}, headers=staff), "as_of")
    assert json_of(web.get(f"{url}/execution", params={"as_of": "2024-10-01"}, headers=staff))["as_of"] == "2024-10-01"


def test_a_run_approved_with_an_order_dated_by_a_date_time_is_422_and_stays_computed(live: RunningStack) -> None:
    """The identification order's date as seconds since 1970 or a date-time: 422 naming `order_date`, the run
    still computed (not approved for the year)."""
    analyst = login(live, "regional_analyst")
    run = json_of(web.post(f"{live.url()}{RUNS}", json={"school_year": "2023-2024"}, headers=analyst))
    for value in (1708214400, "2024-02-18T00:00:00"):
        answer = web.post(f"{live.url()}{RUNS}/{run['id']}/approve", json={"order_number": "1", "order_date": value},
                          headers=analyst)  # fmt: skip
        _date_refused(answer, "order_date")
    assert json_of(web.get(f"{live.url()}{RUNS}/{run['id']}", headers=analyst))["status"] == "computed"


@pytest.mark.parametrize("field", ["registration_date", "order_date", "as_of"])
def test_a_report_dated_by_a_date_time_is_422_and_nothing_is_archived(live: RunningStack, field: str) -> None:
    """A signed document's registration date, its order's date or the execution's «as of» date given as a
    date-time: 422 naming the field, no report in the archive. Before, the day pydantic read into it was printed."""
    analyst = login(live, "regional_analyst")
    archived = sa.text("SELECT count(*) FROM report")
    before = database_rows(live, "REPORTS", archived)[0][0]
    body = {"report_type": "identification_note", "format": "html",
            "parameters": {"school_year": "2023-2024", field: "2025-01-15T00:00:00"}}  # fmt: skip
    answer = web.post(f"{live.url()}/api/reports/render", json=body, headers=analyst)
    _date_refused(answer, field)
    assert database_rows(live, "REPORTS", archived)[0][0] == before


def test_a_deadline_read_in_a_period_given_by_date_times_is_422(live: RunningStack) -> None:
    """The deadline reader's plan period as date-times: 422 naming the field; written as dates, the text is read."""
    staff = login(live, "school_staff")
    url = f"{live.url()}/api/roadmap/schedules/parse"
    body = {"text": "ежемесячно", "period_start": "2025-01-01T00:00:00", "period_end": "2025-12-31"}
    _date_refused(web.post(url, json=body, headers=staff), "period_start")
    read = web.post(url, json=body | {"period_start": "2025-01-01"}, headers=staff)
    assert read.status_code == 200 and read.json()["kind"] == "recurring", read.text


# --- one name, two keyboards ----------------------------------------------------------------------------------------


def test_a_user_named_with_combining_marks_is_stored_composed_and_found(live: RunningStack) -> None:
    """A user created and renamed with «Ё» and «й» typed as a letter and a combining mark: stored composed, as
    every keyboard types them, so a search for the name finds the user whichever way it is typed. Before, the
    name was stored decomposed and a search typed on a usual keyboard found nobody."""
    admin = login(live, "admin")
    surname = f"Ёлкин{uuid.uuid4().hex[:4]}"
    url, user, etag = _user(live, admin, full_name=_nfd(f"{surname} Йосиф"))
    assert user["full_name"] == f"{surname} Йосиф"
    for typed in (surname, _nfd(surname), surname.lower()):
        found = json_of(web.get(f"{live.url()}{USERS}", params={"q": typed}, headers=admin))
        assert [u["id"] for u in found["items"]] == [user["id"]], (typed, found)
    renamed = web.patch(f"{live.url()}{url}", json={"full_name": _nfd(f"{surname} Иосиф")},
                        headers=admin | {"If-Match": etag})  # fmt: skip
    assert json_of(renamed)["full_name"] == f"{surname} Иосиф"


@pytest.mark.parametrize("set_as", ["NFC", "NFD"])
def test_a_password_typed_with_combining_marks_signs_in(live: RunningStack, set_as: Literal["NFC", "NFD"]) -> None:
    """A password with «ё» and «й» set on one keyboard and typed on another (a combining mark): one password, the
    sign-in works either way; another password still does not. Before, 400 `invalid_credentials`."""
    admin = login(live, "admin")
    password = "ёжик-йогурт-2024"
    _, user, _ = _user(live, admin, password=unicodedata.normalize(set_as, password))
    for typed in (password, _nfd(password)):
        answer = web.post(f"{live.url()}/api/auth/token", data={"username": user["username"], "password": typed})
        assert answer.status_code == 200, (typed, answer.text)
    wrong = web.post(
        f"{live.url()}/api/auth/token", data={"username": user["username"], "password": "ежик-йогурт-2024"}
    )
    _refused(wrong, 400, "invalid_credentials")


def test_a_plan_titled_with_combining_marks_is_stored_composed_and_found(live: RunningStack) -> None:
    """A plan whose title and section have combining marks: stored composed, found by a search typed on a usual
    keyboard; a draft of a methodology renamed so, stored composed too."""
    staff = login(live, "school_staff")
    title = f"Программа «Ёлочка» {uuid.uuid4().hex[:4]}"
    plan = json_of(_plan(live, staff, title=_nfd(title)))
    assert plan["title"] == title
    found = json_of(web.get(f"{live.url()}{PLANS}", params={"q": "Ёлочка"}, headers=staff))
    assert plan["id"] in [p["id"] for p in found["items"]], found
    analyst = login(live, "regional_analyst")
    url, _, etag = _draft(live, analyst)
    renamed = web.patch(
        f"{live.url()}{url}", json={"name": _nfd("Методика «Ёж»")}, headers=analyst | {"If-Match": etag}
    )
    assert json_of(renamed)["name"] == "Методика «Ёж»"


# --- texts of invisible characters -----------------------------------------------------------------------------------

ZW = "\u200b"


def _run_school(live: RunningStack, analyst: dict[str, str]) -> tuple[int, str]:
    run = json_of(web.post(f"{live.url()}{RUNS}", json={"school_year": "2023-2024"}, headers=analyst))
    results = json_of(web.get(f"{live.url()}{RUNS}/{run['id']}/results", headers=analyst))
    return run["id"], results["items"][0]["school_code"]


@pytest.mark.parametrize("reason", [ZW * 10, "а" + ZW * 9, "а\u00ad" * 5, " \u200f" * 6])
def test_an_override_reason_of_invisible_characters_is_422(live: RunningStack, reason: str) -> None:
    """An expert's reason of ten zero-width spaces, or of fewer than ten letters padded with soft hyphens or
    direction marks: 422 naming `reason`, the school's categories as computed. Before, 200: a «reason» nobody
    can read, kept in the run's audit trail for good."""
    analyst = login(live, "regional_analyst")
    run_id, code = _run_school(live, analyst)
    url = f"{live.url()}{RUNS}/{run_id}/schools/{code}"
    before = json_of(web.get(url, headers=analyst))
    answer = web.post(f"{url}/override", json={"categories": ["effective"], "reason": reason},
                      headers=analyst | {"If-Match": '"0"'})  # fmt: skip
    _refused(answer, 422, "validation_error")
    assert answer.json()["fields"][0]["loc"] == ["body", "reason"], answer.text
    after = json_of(web.get(url, headers=analyst))
    assert (after["final_categories"], after["overridden"]) == (before["final_categories"], False)


def test_a_run_approved_with_an_invisible_order_number_is_422(live: RunningStack) -> None:
    """The identification order's number of a zero-width space: 422, the run not approved."""
    analyst = login(live, "regional_analyst")
    run_id, _ = _run_school(live, analyst)
    answer = web.post(f"{live.url()}{RUNS}/{run_id}/approve", json={"order_number": f" {ZW} ",
                      "order_date": "2024-02-15"}, headers=analyst)  # fmt: skip
    _refused(answer, 422, "validation_error")
    assert json_of(web.get(f"{live.url()}{RUNS}/{run_id}", headers=analyst))["status"] == "computed"


def test_a_responsible_person_of_invisible_characters_is_422(live: RunningStack) -> None:
    """An activity whose responsible person is named by a zero-width space: 422, no plan made; planned results
    of invisible characters only are dropped as blank ones were, names around spaces trimmed."""
    staff = login(live, "school_staff")
    before = json_of(web.get(f"{live.url()}{PLANS}", headers=staff))["total"]
    sections = [{"title": "Раздел", "activities": [{"title": "Диагностика", "responsible": [{"name": ZW}]}]}]
    _refused(_plan(live, staff, sections=sections), 422, "validation_error")
    assert json_of(web.get(f"{live.url()}{PLANS}", headers=staff))["total"] == before
    sections = [
        {
            "title": "Раздел",
            "planned_results": [ZW, "  ", f"{ZW} Рост результатов "],
            "activities": [{"title": "Диагностика", "responsible": [{"name": f" {ZW}Иванов И. И. "}]}],
        }
    ]
    plan = json_of(_plan(live, staff, sections=sections))
    section = plan["sections"][0]
    assert section["planned_results"] == ["Рост результатов"], section
    assert section["activities"][0]["responsible"] == [{"party_id": None, "name": "Иванов И. И."}]


def test_a_mentor_pair_keeps_names_without_invisible_characters(live: RunningStack) -> None:
    """A pair whose heads' names and agreement number are padded with zero-width spaces and typed with combining
    marks: stored trimmed and composed (an agreement number of a zero-width space alone is none). Before, kept as
    sent, printed so in the pair's documents."""
    coordinator = login(live, "municipal_coordinator")
    body = {"mentor_school_code": "9901001", "supported_school_code": "9901004", "starts_on": "2024-09-02",
            "mentor_head": f"{ZW}  {_nfd('Семёнов П. Й.')}  ", "agreement_number": ZW,
            "rationale": f" {ZW}Опыт наставника "}  # fmt: skip
    pair = json_of(web.post(f"{live.url()}{PAIRS}", json=body, headers=coordinator))
    assert (pair["mentor_head"], pair["agreement_number"], pair["rationale"]) == ("Семёнов П. Й.", "",
                                                                                  "Опыт наставника"), pair  # fmt: skip


@pytest.mark.parametrize("email", [" " * 300, "не почта", "a@b", "a b@c.ru"])
def test_a_user_email_that_is_no_address_is_422(live: RunningStack, email: str) -> None:
    """An e-mail of 300 spaces, words, no domain or with a space: 422 naming `email`, no user made; an address
    with spaces around is stored trimmed. Before, any text up to 300 characters was stored."""
    admin = login(live, "admin")
    username = f"u{uuid.uuid4().hex[:10]}"
    body = {"username": username, "full_name": "Почтин", "role": "observer", "email": email,
            "scope": {"kind": "region", "region": "99"}, "password": "пароль-надёжный"}  # fmt: skip
    answer = web.post(f"{live.url()}{USERS}", json=body, headers=admin)
    if email.strip():
        _refused(answer, 422, "validation_error")
        assert answer.json()["fields"][0]["loc"] == ["body", "email"], answer.text
        assert json_of(web.get(f"{live.url()}{USERS}", params={"q": username}, headers=admin))["total"] == 0
        return
    assert json_of(answer)["email"] == "", answer.text  # spaces only: no address given
    _, user, _ = _user(live, admin, email="  pochtin@example.ru ")
    assert user["email"] == "pochtin@example.ru"


# --- two people, one record, one ETag ---------------------------------------------------------------------------------


def test_two_administrators_editing_one_user_with_one_etag(live: RunningStack) -> None:
    """Two administrators rename one user at once, both with the ETag read: one 200, the other 412; the name is
    the winner's, one update audited, the revision one step on."""
    admin = login(live, "admin")
    url, user, etag = _user(live, admin)
    names = [f"Первый {uuid.uuid4().hex[:4]}", f"Второй {uuid.uuid4().hex[:4]}"]
    answers = at_once(live, [request("PATCH", url, json={"full_name": name}, headers=admin | {"If-Match": etag})
                             for name in names])  # fmt: skip
    no_server_errors(answers)
    assert sorted(a.status_code for a in answers) == [200, 412], [a.text for a in answers]
    winner = names[[a.status_code for a in answers].index(200)]
    stored = json_of(web.get(f"{live.url()}{url}", headers=admin))
    assert (stored["full_name"], stored["revision"]) == (winner, user["revision"] + 1)
    updates = [e for e in audit_events(live, "GATEWAY", GatewayAuditEvent, "user", str(user["id"]))
               if e[0] == "update"]  # fmt: skip
    assert len(updates) == 1 and updates[0][2]["full_name"] == winner, updates


def test_two_analysts_editing_one_draft_with_one_etag(live: RunningStack) -> None:
    """Two analysts change one draft at once with the ETag read (one its name, one its description): one 200, the
    other 412, nothing of the loser's stored, one update audited."""
    analyst = login(live, "regional_analyst")
    url, draft, etag = _draft(live, analyst)
    changes = [{"name": f"Имя {uuid.uuid4().hex[:4]}"}, {"description": f"Описание {uuid.uuid4().hex[:4]}"}]
    answers = at_once(live, [request("PATCH", url, json=change, headers=analyst | {"If-Match": etag})
                             for change in changes])  # fmt: skip
    no_server_errors(answers)
    assert sorted(a.status_code for a in answers) == [200, 412], [a.text for a in answers]
    won = changes[[a.status_code for a in answers].index(200)]
    stored = json_of(web.get(f"{live.url()}{url}", headers=analyst))
    expected = draft | won
    assert (stored["name"], stored["description"], stored["revision"]) == (
        expected["name"], expected["description"], draft["revision"] + 1)  # fmt: skip
    updates = [e for e in audit_events(live, "IDENTIFICATION", IdentificationAuditEvent, "methodology",
                                       str(draft["id"])) if e[0] == "update"]  # fmt: skip
    assert len(updates) == 1, updates


def test_a_draft_renamed_and_deleted_at_once_with_one_etag(live: RunningStack) -> None:
    """A rename and a deletion of one draft at once with the ETag read: exactly one wins. Deleted: the rename is
    412 or 404 and the draft is gone; renamed: the deletion is 412 and the draft carries the new name."""
    analyst = login(live, "regional_analyst")
    for _ in range(3):
        url, _, etag = _draft(live, analyst)
        name = f"Переименован {uuid.uuid4().hex[:4]}"
        rename, delete = at_once(live, [
            request("PATCH", url, json={"name": name}, headers=analyst | {"If-Match": etag}),
            request("DELETE", url, headers=analyst | {"If-Match": etag}),
        ])  # fmt: skip
        no_server_errors([rename, delete])
        stored = web.get(f"{live.url()}{url}", headers=analyst)
        if delete.status_code == 204:
            assert rename.status_code in (404, 412), rename.text
            _refused(stored, 404, "methodology_not_found")
        else:
            _refused(delete, 412, "stale_revision")
            assert rename.status_code == 200 and json_of(stored)["name"] == name, (rename.text, stored.text)


def test_two_drafts_activated_for_one_year_at_once(live: RunningStack) -> None:
    """Two drafts activated for one school year at once, each with its ETag, and one of them twice: every answer
    200, one activation row for the year naming one of them, both frozen."""
    analyst = login(live, "regional_analyst")
    year = "2093-2094"  # no other test activates a methodology for it
    drafts = [_draft(live, analyst) for _ in range(2)]
    calls = [request("POST", f"{url}/activate", json={"school_year": year}, headers=analyst | {"If-Match": etag})
             for url, _, etag in drafts + drafts[:1]]  # fmt: skip
    answers = at_once(live, calls)
    no_server_errors(answers)
    assert [a.status_code for a in answers] == [200, 200, 200], [a.text for a in answers]
    active = _active_for(live, year)
    assert len(active) == 1 and active[0] in {d["id"] for _, d, _ in drafts}, active
    for url, _, _ in drafts:
        assert json_of(web.get(f"{live.url()}{url}", headers=analyst))["frozen"] is True


@pytest.mark.parametrize(("planned", "field"), [(["р" * 200_000], "string_too_long"), (["р"] * 201, "too_long")],
                         ids=["a 200000-character line", "201 lines"])  # fmt: skip
def test_planned_results_beyond_any_document_are_422(live: RunningStack, planned: list[str], field: str) -> None:
    """A section's planned results of one line of 200,000 characters, or of 201 lines: 422 naming
    `planned_results`, for a new plan and for a section added to one, nothing stored; 200 lines of 4,000
    characters are taken. Before, 201 and the whole text stored in the plan (and printed in its documents)."""
    staff = login(live, "school_staff")
    before = json_of(web.get(f"{live.url()}{PLANS}", headers=staff))["total"]
    sections = [{"title": "Раздел", "planned_results": planned, "activities": []}]
    answer = _plan(live, staff, sections=sections)
    _refused(answer, 422, "validation_error", field)
    assert "planned_results" in answer.json()["fields"][0]["loc"], answer.text
    assert json_of(web.get(f"{live.url()}{PLANS}", headers=staff))["total"] == before
    created = _plan(live, staff)
    plan = json_of(created)
    url = f"{live.url()}{PLANS}/{plan['id']}/sections"
    added = web.post(url, json=sections[0] | {"title": "Второй"}, headers=staff | {"If-Match": created.headers["ETag"]})
    _refused(added, 422, "validation_error", field)
    most = {"title": "Второй", "planned_results": ["р" * 4000] * 200}
    stored = json_of(web.post(url, json=most, headers=staff | {"If-Match": created.headers["ETag"]}))
    assert [len(s["planned_results"]) for s in stored["sections"]] == [0, 200], stored["sections"]
