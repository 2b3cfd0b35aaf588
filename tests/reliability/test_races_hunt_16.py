"""Races and hostile input hunted down in a seventeenth round, on the roadmap's writes, with real clients against
the real processes (see test_races.py): one activity closed two ways at once, a stage marked while its activity
is deleted, uploads and comments under one `Idempotency-Key`, approvals and new versions at once, mentor pairs
formed twice or ended while edited, percentages and evidence files that are not what they say, activities
moved across plans, another territory's ids in every write. Outcomes are asserted — who won, what is stored —,
never timing.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import date
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from tests.reliability.clients import at_once, database_rows, json_of, login, no_server_errors, request
from tests.reliability.test_races_hunt_6 import _refused
from tests.reliability.test_races_hunt_11 import _coordinator_of
from tests.stack import RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

PLANS = "/api/roadmap/plans"
ACTIVITIES = "/api/roadmap/activities"
PAIRS = "/api/roadmap/mentor-pairs"
SCHOOL = "9901003"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _count(live: RunningStack, sql: str, **params: Any) -> int:
    return int(database_rows(live, "ROADMAP", sa.text(sql).bindparams(**params))[0][0])


def _events(live: RunningStack, entity: str, entity_id: int | str, action: str) -> int:
    return _count(live, "SELECT count(*) FROM audit_event WHERE entity = :e AND entity_id = :i AND action = :a",
                  e=entity, i=str(entity_id), a=action)  # fmt: skip


def _plan(live: RunningStack, headers: dict[str, str], deadline: str = "Октябрь") -> httpx.Response:
    """A new draft of municipality 99-01 with one section and one activity."""
    body = {"kind": "anti_risk_programme", "title": f"Программа {uuid.uuid4().hex[:6]}", "municipality_code": "99-01",
            "school_year": "2024-2025", "sections": [{"title": "Раздел", "activities": [
                {"title": "Семинар", "deadline_text": deadline}]}]}  # fmt: skip
    return web.post(f"{live.url()}{PLANS}", json=body, headers=headers)


def _approved(live: RunningStack, headers: dict[str, str], deadline: str = "Октябрь") -> dict[str, Any]:
    created = _plan(live, headers, deadline)
    plan = json_of(created)
    approval = {"order_number": "17-од", "order_date": "2024-09-01"}
    approved = web.post(f"{live.url()}{PLANS}/{plan['id']}/approve", json=approval,
                        headers=headers | {"If-Match": created.headers["ETag"]})  # fmt: skip
    return dict(json_of(approved))


def _activity_url(plan: dict[str, Any]) -> str:
    return f"{ACTIVITIES}/{plan['sections'][0]['activities'][0]['id']}"


def _read(live: RunningStack, url: str, headers: dict[str, str]) -> tuple[dict[str, Any], str]:
    answer = web.get(f"{live.url()}{url}", headers=headers)
    return json_of(answer), answer.headers["ETag"]


def _codes(answers: list[httpx.Response]) -> list[int]:
    return sorted(a.status_code for a in answers)


# --- two people closing one activity two ways at once -----------------------------------------------------------------


def test_done_and_cancelled_at_once_by_two_people_with_one_etag(live: RunningStack) -> None:
    """A coordinator reports «done» and the region's analyst «cancelled» with the ETag both read: one stored whole
    (done: 100 % and a completion date; cancelled: no completion date), the other 412, one audited update."""
    coordinator, analyst = login(live, "municipal_coordinator"), login(live, "regional_analyst")
    for _ in range(3):
        url = _activity_url(_approved(live, coordinator))
        _, etag = _read(live, url, coordinator)
        calls = [request("PATCH", url, json={"status": "done"}, headers=coordinator | {"If-Match": etag}),
                 request("PATCH", url, json={"status": "cancelled"}, headers=analyst | {"If-Match": etag})]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [200, 412], [a.text for a in answers]
        winner = ("done", "cancelled")[[a.status_code for a in answers].index(200)]
        stored, _ = _read(live, url, coordinator)
        assert stored["status"] == winner
        assert stored["progress"] == (100 if winner == "done" else 0), stored
        assert _events(live, "activity", stored["id"], "update") == 1


# --- a stage marked while its activity is deleted ---------------------------------------------------------------------


def test_a_stage_marked_while_the_activity_is_deleted(live: RunningStack) -> None:
    """A draft's activity deleted and one of its stages marked done at once, with one ETag: one wins, the other
    412 (or 404 once the activity is gone); never a 500, never a stage left without its activity."""
    coordinator = login(live, "municipal_coordinator")
    for _ in range(3):
        plan = json_of(_plan(live, coordinator, deadline="Октябрь, декабрь"))
        url = _activity_url(plan)
        activity, etag = _read(live, url, coordinator)
        assert len(activity["stages"]) == 2, activity["stages"]
        stage = activity["stages"][0]["id"]
        tag = coordinator | {"If-Match": etag}
        mark = request("PATCH", f"{url}/stages/{stage}", json={"done": True}, headers=tag)
        answers = at_once(live, [request("DELETE", url, headers=tag), mark])
        no_server_errors(answers)
        deleted, marked = answers
        assert {deleted.status_code, marked.status_code} in ({204, 412}, {204, 404}, {200, 412}), \
            [a.text for a in answers]  # fmt: skip
        stages = _count(live, "SELECT count(*) FROM activity_occurrence WHERE activity_id = :a", a=activity["id"])
        if deleted.status_code == 204:
            assert web.get(f"{live.url()}{url}", headers=coordinator).status_code == 404
            assert stages == 0
        else:
            assert stages == 2 and json_of(marked)["stages"][0]["completed_on"] is not None


# --- one Idempotency-Key, two different requests at once --------------------------------------------------------------


def _evidence_count(live: RunningStack, activity_id: int) -> int:
    return _count(live, "SELECT count(*) FROM evidence WHERE activity_id = :a", a=activity_id)


def test_two_uploads_with_one_idempotency_key_and_different_files(live: RunningStack) -> None:
    """Two different PDFs sent at once under one key: one stored (201), the other 409 `idempotency_in_progress`
    or 422 `idempotency_key_reused`; sent again afterwards, the other file is still 422 and not stored."""
    coordinator = login(live, "municipal_coordinator")
    plan = _approved(live, coordinator)
    url = _activity_url(plan)
    activity_id = plan["sections"][0]["activities"][0]["id"]
    key = coordinator | {"Idempotency-Key": f"upload-{uuid.uuid4().hex}"}
    files = [PDF, PDF.replace(b"1.4", b"1.7")]
    calls = [request("POST", f"{url}/evidence", data={"title": f"Справка {n}"},
                     files={"file": (f"spravka-{n}.pdf", content, "application/pdf")}, headers=key)
             for n, content in enumerate(files)]  # fmt: skip
    answers = at_once(live, calls)
    no_server_errors(answers)
    codes = [a.status_code for a in answers]
    assert sorted(codes)[0] == 201 and sorted(codes)[1] in (409, 422), [a.text for a in answers]
    assert _evidence_count(live, activity_id) == 1
    loser = calls[codes.index(201) ^ 1]
    with httpx.Client(base_url=live.url(), timeout=60) as client:
        _refused(loser(client), 422, "idempotency_key_reused")
    assert _evidence_count(live, activity_id) == 1


def test_one_comment_posted_twice_at_once_under_one_key_is_one_comment(live: RunningStack) -> None:
    """The same comment sent twice at once with one key (a double tap): one comment stored; the other answer is
    the replay of the first or 409 `idempotency_in_progress`, never a second comment."""
    coordinator = login(live, "municipal_coordinator")
    plan = _approved(live, coordinator)
    url = _activity_url(plan)
    activity_id = plan["sections"][0]["activities"][0]["id"]
    key = coordinator | {"Idempotency-Key": f"comment-{uuid.uuid4().hex}"}
    answers = at_once(live, [request("POST", f"{url}/comments", json={"text": "Готово"}, headers=key)] * 2)
    no_server_errors(answers)
    assert _codes(answers) in ([201, 201], [201, 409]), [a.text for a in answers]
    assert _count(live, "SELECT count(*) FROM activity_comment WHERE activity_id = :a", a=activity_id) == 1
    created = [a.json()["id"] for a in answers if a.status_code == 201]
    assert len(set(created)) == 1


def test_a_comment_with_an_unknown_field_is_422(live: RunningStack) -> None:
    """A comment sent with a misspelt or foreign field (`activity_id` of another activity, `shcool_code`): 422
    naming it, nothing stored. Before, the field was dropped without a word and the comment stored as if sent
    to the activity of the address, for every school."""
    coordinator = login(live, "municipal_coordinator")
    plan = _approved(live, coordinator)
    url = _activity_url(plan)
    activity_id = plan["sections"][0]["activities"][0]["id"]
    for extra in ({"shcool_code": SCHOOL}, {"activity_id": activity_id + 1}):
        answer = web.post(f"{live.url()}{url}/comments", json={"text": "Готово"} | extra, headers=coordinator)
        _refused(answer, 422, "validation_error")
    assert _count(live, "SELECT count(*) FROM activity_comment WHERE activity_id = :a", a=activity_id) == 0


# --- approvals and versions at once -----------------------------------------------------------------------------------


def test_a_plan_approved_twice_at_once_is_approved_once(live: RunningStack) -> None:
    """Two approvals at once with the ETag read (other order numbers): one 200, the other 412; one «approve»
    audited, and the stored order is the winner's."""
    coordinator, analyst = login(live, "municipal_coordinator"), login(live, "regional_analyst")
    for _ in range(3):
        created = _plan(live, coordinator)
        plan = json_of(created)
        url = f"{PLANS}/{plan['id']}/approve"
        orders = [{"order_number": "1-од", "order_date": "2024-09-01"},
                  {"order_number": "2-од", "order_date": "2024-09-02"}]  # fmt: skip
        calls = [request("POST", url, json=order, headers=who | {"If-Match": created.headers["ETag"]})
                 for order, who in zip(orders, (coordinator, analyst), strict=True)]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [200, 412], [a.text for a in answers]
        winner = orders[[a.status_code for a in answers].index(200)]
        stored, _ = _read(live, f"{PLANS}/{plan['id']}", coordinator)
        assert (stored["status"], stored["order_number"]) == ("approved", winner["order_number"])
        assert _events(live, "plan", plan["id"], "approve") == 1


def test_a_plan_approved_while_an_activity_is_renamed(live: RunningStack) -> None:
    """An approval and a rename of one of the draft's activities at once: either the rename lands first (the
    approval then 412, its ETag stale) or the approval does (the rename 409 `plan_frozen`); an approved plan
    never holds the renamed title."""
    coordinator = login(live, "municipal_coordinator")
    for _ in range(3):
        created = _plan(live, coordinator)
        plan = json_of(created)
        url = _activity_url(plan)
        _, activity_etag = _read(live, url, coordinator)
        approval = {"order_number": "3-од", "order_date": "2024-09-01"}
        calls = [request("POST", f"{PLANS}/{plan['id']}/approve", json=approval,
                         headers=coordinator | {"If-Match": created.headers["ETag"]}),
                 request("PATCH", url, json={"title": "Переименовано"},
                         headers=coordinator | {"If-Match": activity_etag})]  # fmt: skip
        approved, renamed = at_once(live, calls)
        no_server_errors([approved, renamed])
        stored = json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}", headers=coordinator))
        title = stored["sections"][0]["activities"][0]["title"]
        if approved.status_code == 200:
            _refused(renamed, 409, "plan_frozen")
            assert (stored["status"], title) == ("approved", "Семинар")
        else:
            assert (approved.status_code, renamed.status_code) == (412, 200), (approved.text, renamed.text)
            assert (stored["status"], title) == ("draft", "Переименовано")


def test_a_new_version_made_twice_at_once_is_one_draft(live: RunningStack) -> None:
    """Two new versions of one approved plan at once: one 201, the other 409 `draft_exists`; the family holds
    one draft."""
    coordinator, analyst = login(live, "municipal_coordinator"), login(live, "regional_analyst")
    for _ in range(3):
        plan = _approved(live, coordinator)
        url = f"{PLANS}/{plan['id']}/versions"
        answers = at_once(live, [request("POST", url, headers=coordinator), request("POST", url, headers=analyst)])
        no_server_errors(answers)
        assert _codes(answers) == [201, 409], [a.text for a in answers]
        _refused(next(a for a in answers if a.status_code == 409), 409, "draft_exists")
        drafts = "SELECT count(*) FROM plan WHERE family_id = :f AND status = 'draft'"
        assert _count(live, drafts, f=plan["id"]) == 1


# --- mentor pairs -----------------------------------------------------------------------------------------------------


def _pair_body(starts_on: str, **fields: Any) -> dict[str, Any]:
    return {"mentor_school_code": "9901001", "supported_school_code": "9901002", "starts_on": starts_on} | fields


def _pairs_of(live: RunningStack, day: str) -> int:
    """The pairs 9901001 → 9901002 starting on the day."""
    sql = ("SELECT count(*) FROM mentor_pair WHERE mentor_school_code = '9901001' "
           "AND supported_school_code = '9901002' AND starts_on = :d")  # fmt: skip
    return _count(live, sql, d=date.fromisoformat(day))


def _far_day() -> str:
    """A start date no other test uses: a day of a year 2030–2099 drawn at random (the dates taken end in 2101)."""
    seed = uuid.uuid4().int
    return f"{2030 + seed % 70:04d}-{1 + seed // 70 % 12:02d}-{1 + seed // 840 % 28:02d}"


def test_one_pair_formed_twice_at_once_is_one_pair(live: RunningStack) -> None:
    """The same pair (schools and start) sent at once by the coordinator and the analyst: one 201, one 409
    `pair_exists`; one row."""
    coordinator, analyst = login(live, "municipal_coordinator"), login(live, "regional_analyst")
    day = _far_day()
    calls = [request("POST", PAIRS, json=_pair_body(day), headers=who) for who in (coordinator, analyst)]
    answers = at_once(live, calls)
    no_server_errors(answers)
    assert _codes(answers) == [201, 409], [a.text for a in answers]
    _refused(next(a for a in answers if a.status_code == 409), 409, "pair_exists")
    assert _pairs_of(live, day) == 1


def test_a_pair_ended_while_it_is_edited(live: RunningStack) -> None:
    """An end and an edit of one pair at once with the ETag read: one 200, one 412; what is stored is the
    winner's alone, its revision moved once."""
    coordinator = login(live, "municipal_coordinator")
    for _ in range(3):
        day = _far_day()
        created = web.post(f"{live.url()}{PAIRS}", json=_pair_body(day), headers=coordinator)
        pair = json_of(created)
        url, tag = f"{PAIRS}/{pair['id']}", coordinator | {"If-Match": created.headers["ETag"]}
        end = f"{int(day[:4]) + 1}-06-30"
        calls = [request("POST", f"{url}/end", json={"ends_on": end}, headers=tag),
                 request("PATCH", url, json={"rationale": "Новое обоснование"}, headers=tag)]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [200, 412], [a.text for a in answers]
        stored = json_of(web.get(f"{live.url()}{url}", headers=coordinator))
        assert stored["revision"] == pair["revision"] + 1
        if answers[0].status_code == 200:
            assert (stored["ends_on"], stored["rationale"]) == (end, pair["rationale"])
        else:
            assert (stored["ends_on"], stored["rationale"]) == (None, "Новое обоснование")


# --- percentages and dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [101, -1, "50", 50.5, "50%", None, [50], 1e20])
def test_a_progress_that_is_no_percentage_is_422_and_changes_nothing(live: RunningStack, value: Any) -> None:
    """101, -1, the text «50», 50.5, «50%», a list, 1e20 as an activity's and a school's percentage: 422 naming
    `progress`, the percentage and the revision as they were (a null changes nothing: 200, same revision).
    Before, the text «50» was read as 50 %."""
    coordinator = login(live, "municipal_coordinator")
    plan = _approved(live, coordinator)
    url = _activity_url(plan)
    before, etag = _read(live, url, coordinator)
    answer = web.patch(f"{live.url()}{url}", json={"progress": value}, headers=coordinator | {"If-Match": etag})
    stored, _ = _read(live, url, coordinator)
    assert (stored["progress"], stored["revision"]) == (before["progress"], before["revision"])
    if value is None:
        assert answer.status_code == 200, answer.text
        return
    _refused(answer, 422, "validation_error")
    assert answer.json()["fields"][0]["loc"][-1] == "progress", answer.json()


def test_a_done_activity_given_a_lower_percentage_is_422(live: RunningStack) -> None:
    """An activity done (100 %) and a school's row done, then sent 40 % alone: 422 `progress_contradicts_status`,
    still done at 100 %; sent back to «in progress» with 40 %, taken. Before, stored «done, 40 %»."""
    coordinator = login(live, "municipal_coordinator")
    body = {"kind": "anti_risk_programme", "title": f"Программа {uuid.uuid4().hex[:6]}", "municipality_code": "99-01",
            "school_year": "2024-2025", "sections": [{"title": "Раздел", "activities": [
                {"title": "Семинар", "deadline_text": "Октябрь", "school_codes": [SCHOOL]}]}]}  # fmt: skip
    url = _activity_url(json_of(web.post(f"{live.url()}{PLANS}", json=body, headers=coordinator)))
    star = coordinator | {"If-Match": "*"}
    for target in (url, f"{url}/schools/{SCHOOL}"):
        assert json_of(web.patch(f"{live.url()}{target}", json={"status": "done"}, headers=star))["progress"] == 100
        _refused(web.patch(f"{live.url()}{target}", json={"progress": 40}, headers=star), 422,
                 "progress_contradicts_status")  # fmt: skip
    stored, _ = _read(live, url, coordinator)
    assert (stored["status"], stored["progress"]) == ("done", 100)
    assert [(r["status"], r["progress"]) for r in stored["schools"]] == [("done", 100)]
    reopened = web.patch(f"{live.url()}{url}", json={"status": "in_progress", "progress": 40}, headers=star)
    assert (json_of(reopened)["status"], json_of(reopened)["progress"]) == ("in_progress", 40)


def test_a_stage_marked_done_in_the_future_is_422(live: RunningStack) -> None:
    """A stage marked done on a day after today: 422 `invalid_completion_date` naming `completed_on`, the stage
    unmarked. Before, a stage could be «done» years ahead, and the execution at any earlier date read it done."""
    coordinator = login(live, "municipal_coordinator")
    plan = _approved(live, coordinator)
    url = _activity_url(plan)
    activity, etag = _read(live, url, coordinator)
    stage = activity["stages"][0]["id"]
    for day in ("2100-01-01", "2099-12-31"):
        answer = web.patch(f"{live.url()}{url}/stages/{stage}", json={"done": True, "completed_on": day},
                           headers=coordinator | {"If-Match": etag})  # fmt: skip
        _refused(answer, 422, "invalid_completion_date")
    stored, _ = _read(live, url, coordinator)
    assert stored["stages"][0]["completed_on"] is None and stored["revision"] == activity["revision"]


def test_a_plan_or_pair_ending_before_it_starts_is_422(live: RunningStack) -> None:
    """A plan period and a pair that end before they start (on creation and on an edit): 422, nothing made or
    changed."""
    coordinator = login(live, "municipal_coordinator")
    plans = _count(live, "SELECT count(*) FROM plan")
    body = {"kind": "anti_risk_programme", "title": "Наоборот", "municipality_code": "99-01",
            "period_start": "2025-05-31", "period_end": "2024-09-01"}  # fmt: skip
    _refused(web.post(f"{live.url()}{PLANS}", json=body, headers=coordinator), 422, "invalid_period")
    assert _count(live, "SELECT count(*) FROM plan") == plans
    created = _plan(live, coordinator)
    plan = json_of(created)
    edit = web.patch(f"{live.url()}{PLANS}/{plan['id']}", json={"period_end": "2020-01-01"},
                     headers=coordinator | {"If-Match": created.headers["ETag"]})  # fmt: skip
    _refused(edit, 422, "invalid_period")
    assert json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}", headers=coordinator))["period_end"] == "2025-08-31"
    day = _far_day()
    backwards = _pair_body(day, ends_on=f"{int(day[:4]) - 1}-01-01")
    _refused(web.post(f"{live.url()}{PAIRS}", json=backwards, headers=coordinator), 422, "validation_error")
    assert _pairs_of(live, day) == 0
    pair = web.post(f"{live.url()}{PAIRS}", json=_pair_body(day), headers=coordinator)
    url = f"{PAIRS}/{json_of(pair)['id']}"
    for method, path, change in (("PATCH", url, {"ends_on": f"{int(day[:4]) - 1}-01-01"}),
                                 ("POST", f"{url}/end", {"ends_on": f"{int(day[:4]) - 1}-01-01"})):  # fmt: skip
        answer = web.request(method, f"{live.url()}{path}", json=change,
                             headers=coordinator | {"If-Match": pair.headers["ETag"]})  # fmt: skip
        _refused(answer, 422, "invalid_period")
    assert json_of(web.get(f"{live.url()}{url}", headers=coordinator))["ends_on"] is None


REVERSED = ["с 20.05.2025 по 01.03.2025", "20.05.2025 - 01.03.2025"]


@pytest.mark.parametrize("deadline", REVERSED)
def test_a_deadline_that_ends_before_it_starts_is_422(live: RunningStack, deadline: str) -> None:
    """An activity added or edited with a span that ends before it starts: 422 `deadline_reversed` naming
    `deadline_text`, nothing added, the deadline as it was. Before, stored with no due date at all — never
    overdue, in no deadline list —, without a word. The same span the right way round is taken."""
    coordinator = login(live, "municipal_coordinator")
    plan = json_of(_plan(live, coordinator))
    section = f"{PLANS}/{plan['id']}/sections/{plan['sections'][0]['id']}/activities"
    added = web.post(f"{live.url()}{section}", json={"title": "Обратный срок", "deadline_text": deadline},
                     headers=coordinator)  # fmt: skip
    _refused(added, 422, "deadline_reversed")
    assert added.json()["fields"][0]["loc"] == ["body", "deadline_text"], added.text
    assert _count(live, "SELECT count(*) FROM activity WHERE plan_id = :p", p=plan["id"]) == 1
    url = _activity_url(plan)
    before, etag = _read(live, url, coordinator)
    edited = web.patch(f"{live.url()}{url}", json={"deadline_text": deadline}, headers=coordinator | {"If-Match": etag})
    _refused(edited, 422, "deadline_reversed")
    stored, _ = _read(live, url, coordinator)
    assert (stored["deadline_text"], stored["due_date"], stored["revision"]) == ("Октябрь", before["due_date"],
                                                                                 before["revision"])  # fmt: skip
    straight = web.patch(f"{live.url()}{url}", json={"deadline_text": "с 01.03.2025 по 20.05.2025"},
                         headers=coordinator | {"If-Match": etag})  # fmt: skip
    assert (json_of(straight)["start_date"], json_of(straight)["due_date"]) == ("2025-03-01", "2025-05-20")


def test_a_plan_period_and_an_activity_deadline_changed_at_once_agree(live: RunningStack) -> None:
    """The plan's period and one activity's deadline edited at once (`If-Match: *`): each answer 200 or a 409
    (a write that lost to the other); whatever is stored, the activity's stages are those of its stored text in
    the stored period — never the old text's schedule under the new text."""
    coordinator = login(live, "municipal_coordinator")
    for _ in range(3):
        plan = json_of(_plan(live, coordinator))
        url = _activity_url(plan)
        calls = [request("PATCH", f"{PLANS}/{plan['id']}", json={"period_start": "2024-10-15"},
                         headers=coordinator | {"If-Match": "*"}),
                 request("PATCH", url, json={"deadline_text": "Декабрь"},
                         headers=coordinator | {"If-Match": "*"})]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert all(a.status_code in (200, 409) for a in answers), [a.text for a in answers]
        stored, _ = _read(live, url, coordinator)
        month = {"Октябрь": 10, "Декабрь": 12}[stored["deadline_text"]]
        assert [int(s["due"][5:7]) for s in stored["stages"]] in ([], [month]), stored
        assert int(stored["due_date"][5:7]) == month, stored


# --- evidence files that are not what they say ------------------------------------------------------------------------


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a pdf")
    return buffer.getvalue()


BAD_FILES: list[tuple[str, bytes, str]] = [
    ("../../etc/passwd", b"root:x:0:0\n", "file_type_not_allowed"),
    ("spravka.pdf", b"", "empty_file"),
    ("spravka.pdf", _zip(), "file_type_mismatch"),
    ("spravka.txt", b"   \n\t ", "empty_file"),
    ("spravka.docx", _zip(), "file_type_mismatch"),
    ("spravka.pdf.exe", b"MZ\x90\x00", "file_type_not_allowed"),
]


@pytest.mark.parametrize(("name", "content", "code"), BAD_FILES, ids=[f"{n}-{c}" for n, _, c in BAD_FILES])
def test_an_evidence_file_that_is_not_what_it_says_is_422(
    live: RunningStack, name: str, content: bytes, code: str
) -> None:
    """A path for a name, an empty or blank file, a ZIP named `.pdf` or `.docx`, an executable: 422 with the
    code, no evidence and no audit event."""
    coordinator = login(live, "municipal_coordinator")
    plan = _approved(live, coordinator)
    activity_id = plan["sections"][0]["activities"][0]["id"]
    answer = web.post(f"{live.url()}{ACTIVITIES}/{activity_id}/evidence", data={"title": "Справка"},
                      files={"file": (name, content, "application/octet-stream")}, headers=coordinator)  # fmt: skip
    _refused(answer, 422, code)
    if "/" in name:  # the path is not echoed back, only the name it ends with
        assert "etc/" not in answer.json()["detail"] and "нет расширения" in answer.json()["detail"], answer.text
    assert _evidence_count(live, activity_id) == 0
    assert _events(live, "activity", activity_id, "add_evidence") == 0


@pytest.mark.parametrize("name", ["../../x/spravka.pdf", "C:\\x\\y\\spravka.pdf", "..\\..\\spravka.pdf"])
def test_an_evidence_file_named_by_a_path_keeps_only_its_name(live: RunningStack, name: str) -> None:
    """A PDF sent under a path (Unix, Windows, climbing up): stored as «spravka.pdf», downloaded under that name
    with its bytes."""
    coordinator = login(live, "municipal_coordinator")
    plan = _approved(live, coordinator)
    activity_id = plan["sections"][0]["activities"][0]["id"]
    answer = web.post(f"{live.url()}{ACTIVITIES}/{activity_id}/evidence", data={"title": ""},
                      files={"file": (name, PDF, "application/pdf")}, headers=coordinator)  # fmt: skip
    evidence = json_of(answer)
    assert (evidence["file_name"], evidence["title"]) == ("spravka.pdf", "spravka.pdf")
    download = web.get(f"{live.url()}/api/roadmap/evidence/{evidence['id']}/file", headers=coordinator)
    assert download.status_code == 200 and download.content == PDF
    assert "/" not in download.headers["content-disposition"].replace("filename*=utf-8''", "")
    assert "\\" not in download.headers["content-disposition"]


# --- across plans and territories -------------------------------------------------------------------------------------


def test_an_activity_moved_or_added_to_another_plans_section_is_refused(live: RunningStack) -> None:
    """An activity sent a `section_id` (or `plan_id`) of another plan: 422, where it was; one added under another
    plan's section: 404 `section_not_found`, nothing added to either plan."""
    coordinator = login(live, "municipal_coordinator")
    first, other = json_of(_plan(live, coordinator)), json_of(_plan(live, coordinator))
    url = _activity_url(first)
    activity, etag = _read(live, url, coordinator)
    for move in ({"section_id": other["sections"][0]["id"]}, {"plan_id": other["id"]}):
        answer = web.patch(f"{live.url()}{url}", json=move, headers=coordinator | {"If-Match": etag})
        _refused(answer, 422, "validation_error")
    stored, _ = _read(live, url, coordinator)
    assert (stored["section_id"], stored["plan_id"], stored["revision"]) == (activity["section_id"], first["id"],
                                                                             activity["revision"])  # fmt: skip
    crossed = f"{PLANS}/{first['id']}/sections/{other['sections'][0]['id']}/activities"
    _refused(web.post(f"{live.url()}{crossed}", json={"title": "Чужое"}, headers=coordinator), 404,
             "section_not_found")  # fmt: skip
    for plan_id in (first["id"], other["id"]):
        assert _count(live, "SELECT count(*) FROM activity WHERE plan_id = :p", p=plan_id) == 1


def test_another_territory_writing_by_id_gets_403_and_nothing_is_written(live: RunningStack) -> None:
    """A coordinator of 99-02 writes into 99-01's plan by id — an activity added, a stage marked, evidence (a
    link and a file), an indicator, a comment, a pair tied to it, a new version — with `If-Match: *`: each 403/404
    with a Russian detail, and the plan's rows and audit trail as they were."""
    owner = login(live, "municipal_coordinator")
    plan = _approved(live, owner)
    activity = plan["sections"][0]["activities"][0]
    stage = json_of(web.get(f"{live.url()}{ACTIVITIES}/{activity['id']}", headers=owner))["stages"][0]["id"]
    stranger = _coordinator_of(live, "99-02") | {"If-Match": "*"}
    tables = ("activity WHERE plan_id = :p", "plan_indicator WHERE plan_id = :p", "plan WHERE family_id = :p",
              "evidence WHERE activity_id IN (SELECT id FROM activity WHERE plan_id = :p)",
              "activity_comment WHERE activity_id IN (SELECT id FROM activity WHERE plan_id = :p)",
              "activity_occurrence WHERE completed_on IS NOT NULL AND activity_id IN "
              "(SELECT id FROM activity WHERE plan_id = :p)", "mentor_pair WHERE plan_id = :p")  # fmt: skip
    before = [_count(live, f"SELECT count(*) FROM {t}", p=plan["id"]) for t in tables]
    a = f"{ACTIVITIES}/{activity['id']}"
    writes: list[tuple[str, str, dict[str, Any]]] = [
        ("POST", f"{PLANS}/{plan['id']}/sections/{plan['sections'][0]['id']}/activities", {"json": {"title": "Чужое"}}),
        ("PATCH", f"{a}/stages/{stage}", {"json": {"done": True}}),
        ("POST", f"{a}/evidence", {"data": {"url": "https://example.org/x"}}),
        ("POST", f"{a}/evidence", {"files": {"file": ("x.pdf", PDF, "application/pdf")}}),
        ("POST", f"{a}/comments", {"json": {"text": "Чужой отзыв"}}),
        ("POST", f"{PLANS}/{plan['id']}/indicators", {"json": {"name": "Чужой показатель"}}),
        ("POST", f"{PLANS}/{plan['id']}/versions", {}),
        ("POST", f"{PLANS}/{plan['id']}/archive", {}),
        ("POST", PAIRS, {"json": _pair_body(_far_day(), plan_id=plan["id"])}),
    ]
    for method, url, options in writes:
        answer = web.request(method, f"{live.url()}{url}", headers=stranger, **options)
        assert answer.status_code in (403, 404, 422), (method, url, answer.status_code, answer.text)
        assert any("а" <= letter <= "я" for letter in answer.json()["detail"].lower()), answer.text
    after = [_count(live, f"SELECT count(*) FROM {t}", p=plan["id"]) for t in tables]
    assert after == before
    assert json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}", headers=owner))["status"] == "approved"


# --- control characters in every text of an execution report ---------------------------------------------------


NUL_WRITES: list[tuple[str, str]] = [
    ("PATCH", "actual_result"), ("PATCH", "deadline_text"), ("COMMENT", "text"), ("EVIDENCE", "title"),
    ("EVIDENCE", "url"), ("SCHOOL", "actual_result"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "field"), NUL_WRITES, ids=[f"{k}-{f}" for k, f in NUL_WRITES])
def test_a_nul_in_a_report_text_is_422_and_nothing_is_stored(live: RunningStack, kind: str, field: str) -> None:
    """A NUL character inside an activity's text, a comment, an evidence title or link, a school's result: 422
    naming the field on either database (PostgreSQL cannot store it), nothing stored."""
    coordinator = login(live, "municipal_coordinator")
    body = {"kind": "anti_risk_programme", "title": f"Программа {uuid.uuid4().hex[:6]}", "municipality_code": "99-01",
            "school_year": "2024-2025", "sections": [{"title": "Раздел", "activities": [
                {"title": "Семинар", "deadline_text": "Октябрь", "school_codes": [SCHOOL]}]}]}  # fmt: skip
    plan = json_of(web.post(f"{live.url()}{PLANS}", json=body, headers=coordinator))
    url = _activity_url(plan)
    before, etag = _read(live, url, coordinator)
    value = "Отчёт\x00готов" if field != "url" else "https://example.org/\x00x"
    tag = coordinator | {"If-Match": etag}
    if kind == "PATCH":
        answer = web.patch(f"{live.url()}{url}", json={field: value}, headers=tag)
    elif kind == "SCHOOL":
        answer = web.patch(f"{live.url()}{url}/schools/{SCHOOL}", json={field: value}, headers=coordinator | {
            "If-Match": "*"})  # fmt: skip
    elif kind == "COMMENT":
        answer = web.post(f"{live.url()}{url}/comments", json={field: value}, headers=coordinator)
    else:
        data = {"title": "Справка", "url": "https://example.org/x"} | {field: value}
        answer = web.post(f"{live.url()}{url}/evidence", data=data, headers=coordinator)
    assert answer.status_code == 422, (answer.status_code, answer.text)
    assert any("а" <= letter <= "я" for letter in answer.json()["detail"].lower()), answer.text
    stored, _ = _read(live, url, coordinator)
    assert stored["revision"] == before["revision"] and stored["schools"] == before["schools"]
    assert _evidence_count(live, before["id"]) == 0
    assert _count(live, "SELECT count(*) FROM activity_comment WHERE activity_id = :a", a=before["id"]) == 0
