"""Races hunted down in a fifth round with real concurrent clients against the real processes (see
test_races.py): uploads and removals, imports, approvals, tracking marks, pairs and retried renders. Each
scenario compares what was stored and audited with what one request after the other would leave. Outcomes are
asserted, never timing.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import col

from services.gateway.auth.keys import KeyStore, generate_key
from services.gateway.identity.models import User
from services.gateway.settings import GatewaySettings
from services.identification.db import AuditEvent as IdentificationAuditEvent
from services.reports.archive.models import Report
from services.reports.db import AuditEvent as ReportsAuditEvent
from services.roadmap.db import AuditEvent as RoadmapAuditEvent
from tests.reliability.clients import at_once, audit_events, database_rows, json_of, login, no_server_errors, request
from tests.reliability.test_races import PLANS, ROUNDS, _me, _plan
from tests.reliability.test_races_more import _letterhead
from tests.stack import ROOT, RunningStack
from tests.support import web

pytestmark = pytest.mark.e2e

AT_ONCE = 4
ACTIVITIES = "/api/roadmap/activities"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _codes(answers: list[httpx.Response]) -> list[tuple[int, str | None]]:
    """Each answer's status and, for an error, its machine code; sorted, for comparing outcomes."""
    return sorted((a.status_code, a.json().get("code") if a.status_code >= 400 else None) for a in answers)


def _school_staff(live: RunningStack) -> tuple[dict[str, str], str]:
    school_staff = login(live, "school_staff")
    return school_staff, _me(live, school_staff)["scope"]["schools"][0]


def _roadmap_audit(live: RunningStack, entity: str, entity_id: object, after: int = 0) -> list[Any]:
    """The roadmap's audit events of one record, recorded after the event `after` (`_last_event`): on SQLite a
    deleted activity's id is taken again by the next one, whose history would otherwise begin with the other's."""
    model = RoadmapAuditEvent
    statement = (
        sa.select(col(model.action), col(model.before), col(model.after))
        .where(col(model.entity) == entity, col(model.entity_id) == str(entity_id), col(model.id) > after)
        .order_by(col(model.id))
    )
    return database_rows(live, "ROADMAP", statement)


def _last_event(live: RunningStack) -> int:
    """The id of the roadmap's latest audit event."""
    return int(
        database_rows(live, "ROADMAP", sa.select(sa.func.coalesce(sa.func.max(col(RoadmapAuditEvent.id)), 0)))[0][0]
    )


def _chained(events: list[Any], field: str, first: object) -> None:
    """Each event's «before» of `field` is what the previous one left: edits audited one after the other."""
    befores = [e.before[field] for e in events]
    afters = [e.after[field] for e in events]
    assert befores == [first, *afters[:-1]], (befores, afters)


def test_one_evidence_file_uploaded_several_times_at_once_is_kept_each_time(live: RunningStack) -> None:
    """The same file attached by several people at once (stored once, by its content): each upload is its own
    evidence item with its own audit record, and every item's file downloads whole — as one after the other."""
    school_staff, school = _school_staff(live)
    coordinator = login(live, "municipal_coordinator")
    for round_ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        activity = plan["sections"][0]["activities"][0]["id"]
        content = PDF + f"% {uuid.uuid4()}\n".encode()
        mark = _last_event(live)
        calls = [
            request("POST", f"{ACTIVITIES}/{activity}/evidence", data={"title": f"Протокол {round_}.{i}"},
                    files={"file": ("протокол.pdf", content, "application/pdf")},
                    headers=(school_staff, coordinator)[i % 2])
            for i in range(AT_ONCE)
        ]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [(201, None)] * AT_ONCE, [a.text for a in answers]
        listed = json_of(web.get(f"{live.url()}{ACTIVITIES}/{activity}/evidence", headers=school_staff))
        assert sorted(e["id"] for e in listed) == sorted(a.json()["id"] for a in answers), listed
        for item in listed:
            download = web.get(f"{live.url()}/api/roadmap/evidence/{item['id']}/file", headers=school_staff)
            assert (download.status_code, download.content) == (200, content), download.text[:200]
        added = [e for e in _roadmap_audit(live, "activity", activity, mark) if e.action == "add_evidence"]
        assert len(added) == AT_ONCE, added


def test_evidence_files_uploaded_while_the_draft_activity_is_deleted(live: RunningStack) -> None:
    """Files attached while the draft's activity is deleted, as in one order or the other: attached and then
    deleted with the activity, or refused as the activity is gone (404 `activity_not_found`) — never a 500 (the
    file is stored only once its record is written), never an evidence record left without its activity."""
    school_staff, school = _school_staff(live)
    orphans = sa.text(
        "SELECT count(*) FROM evidence e WHERE NOT EXISTS (SELECT 1 FROM activity a WHERE a.id = e.activity_id)"
    )
    for round_ in range(ROUNDS * 2):
        plan = _plan(live, school_staff, school)
        url = f"{ACTIVITIES}/{plan['sections'][0]['activities'][0]['id']}"
        uploads = [
            request("POST", f"{url}/evidence", files={"file": (f"акт-{i}.pdf", PDF + f"% {round_}.{i}\n".encode())},
                    headers=school_staff)
            for i in range(2)
        ]  # fmt: skip
        *attached, delete = at_once(live, [*uploads, request("DELETE", url, headers=school_staff | {"If-Match": "*"})])
        no_server_errors([*attached, delete])
        assert delete.status_code == 204, delete.text
        for answer in attached:
            gone = answer.status_code == 404 and answer.json()["code"] == "activity_not_found"
            assert answer.status_code == 201 or gone, answer.text
        assert database_rows(live, "ROADMAP", orphans) == [(0,)]


def test_an_evidence_upload_retried_at_once_with_its_key_is_stored_once(live: RunningStack) -> None:
    """A phone sending the same upload again while the first is still running (one `Idempotency-Key`): one item
    is stored and audited; the repeats are told to wait (409 `idempotency_in_progress`) or get the first one's
    answer — never a second item."""
    school_staff, school = _school_staff(live)
    for round_ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        activity = plan["sections"][0]["activities"][0]["id"]
        headers = school_staff | {"Idempotency-Key": f"evidence-{uuid.uuid4()}"}
        content = PDF + f"% {round_}\n".encode()
        mark = _last_event(live)
        call = request("POST", f"{ACTIVITIES}/{activity}/evidence", data={"title": "Справка"},
                       files={"file": ("справка.pdf", content, "application/pdf")}, headers=headers)  # fmt: skip
        answers = at_once(live, [call] * AT_ONCE)
        no_server_errors(answers)
        created = [a for a in answers if a.status_code == 201]
        assert created and {a.json()["id"] for a in created} == {created[0].json()["id"]}, [a.text for a in answers]
        others = [a for a in answers if a.status_code != 201]
        assert all((a.status_code, a.json()["code"]) == (409, "idempotency_in_progress") for a in others), [
            a.text for a in others
        ]
        listed = json_of(web.get(f"{live.url()}{ACTIVITIES}/{activity}/evidence", headers=school_staff))
        assert [e["id"] for e in listed] == [created[0].json()["id"]], listed
        added = [e for e in _roadmap_audit(live, "activity", activity, mark) if e.action == "add_evidence"]
        assert len(added) == 1, added


def test_a_letterhead_uploaded_while_the_active_one_is_removed(live: RunningStack) -> None:
    """A new letterhead of a type and territory and the removal of the active one, at once, as in one order or
    the other: removed and then the new one uploaded (204), or uploaded — which retires the old one — and the
    removal finds no active letterhead (404 `template_not_found`). Either way the new letterhead is the one
    active, and the old one was taken out of use once, with one audit record: by the removal, or by the upload
    that replaced it (before, a replacement left no trace in the old letterhead's history)."""
    coordinator = login(live, "municipal_coordinator")
    url = f"{live.url()}/api/reports/templates"
    for round_ in range(ROUNDS * 2):
        old = json_of(web.post(url, data={"report_type": "plan_execution", "name": f"Старый бланк {round_}"},
                               files={"file": ("бланк.docx", _letterhead(f"СТАРЫЙ {round_}"))},
                               headers=coordinator))  # fmt: skip
        upload, removal = at_once(
            live,
            [request("POST", url, data={"report_type": "plan_execution", "name": f"Новый бланк {round_}"},
                     files={"file": ("бланк.docx", _letterhead(f"НОВЫЙ {round_}"))}, headers=coordinator),
             request("DELETE", f"{url}/{old['id']}", headers=coordinator)],
        )  # fmt: skip
        no_server_errors([upload, removal])
        assert upload.status_code == 201, upload.text
        active = [t["id"] for t in json_of(web.get(url, headers=coordinator)) if t["report_type"] == "plan_execution"]
        assert active == [upload.json()["id"]], active
        events = audit_events(live, "REPORTS", ReportsAuditEvent, "report_template", str(old["id"]))
        assert [e.action for e in events] == ["upload", "deactivate"], events
        if removal.status_code == 204:
            assert events[1].after is None, events
        else:
            assert (removal.status_code, removal.json()["code"]) == (404, "template_not_found"), removal.text
            assert events[1].after == {"replaced_by": upload.json()["id"]}, events


def test_a_letterhead_replaced_by_an_upload_is_audited_as_taken_out_of_use(live: RunningStack) -> None:
    """An upload retires the type and territory's active letterhead: its history says so (`deactivate`, replaced
    by the new one), as a removal's would — before, the old letterhead left use without an audit record."""
    coordinator = login(live, "municipal_coordinator")
    url = f"{live.url()}/api/reports/templates"
    uploaded = [
        json_of(web.post(url, data={"report_type": "plan", "name": f"Бланк {i}"},
                         files={"file": ("бланк.docx", _letterhead(f"ОТДЕЛ {i}"))}, headers=coordinator))
        for i in range(3)
    ]  # fmt: skip
    for older, newer in itertools.pairwise(uploaded):
        events = audit_events(live, "REPORTS", ReportsAuditEvent, "report_template", str(older["id"]))
        assert [(e.action, e.after) for e in events][1:] == [("deactivate", {"replaced_by": newer["id"]})], events
    last = audit_events(live, "REPORTS", ReportsAuditEvent, "report_template", str(uploaded[-1]["id"]))
    assert [e.action for e in last] == ["upload"], last


PASTED_PLAN = "№\tМероприятие\tСрок\n1\tМетодический семинар\tОктябрь\n2\tОткрытые уроки\tДекабрь\n"


def test_one_plan_imported_several_times_at_once_makes_a_family_each(live: RunningStack) -> None:
    """The same table saved as a plan several times at once (`dry_run=false`, one header): each save is a plan
    of its own, the first version of its own family, with both rows, as one after the other would make them."""
    school_staff, school = _school_staff(live)
    header = (f'{{"kind": "other", "title": "Загруженный одновременно", "school_code": "{school}", '
              f'"school_year": "2024-2025"}}')  # fmt: skip
    for _ in range(ROUNDS):
        form = {"header": header, "text": PASTED_PLAN, "dry_run": "false"}
        answers = at_once(live, [request("POST", f"{PLANS}/import", data=form, headers=school_staff)] * AT_ONCE)
        no_server_errors(answers)
        assert _codes(answers) == [(201, None)] * AT_ONCE, [a.text for a in answers]
        plans = [a.json() for a in answers]
        assert len({p["id"] for p in plans}) == AT_ONCE
        assert all((p["version"], p["family_id"]) == (1, p["id"]) for p in plans), plans
        assert all(len(p["sections"][0]["activities"]) == 2 for p in plans), plans


def _plan_actions(live: RunningStack, plan_id: int) -> list[str]:
    return [e.action for e in _roadmap_audit(live, "plan", plan_id)]


def test_a_draft_approved_edited_and_archived_at_once(live: RunningStack) -> None:
    """An approval, an edit of the title and an archival of one draft at once (`If-Match: *`) take turns: each
    one that succeeds moves the revision by one and leaves its audit record, the others fail as they would after
    it (409) — the stored plan is what the successes, one after the other, leave."""
    school_staff, school = _school_staff(live)
    any_revision = school_staff | {"If-Match": "*"}
    for round_ in range(ROUNDS * 2):
        plan = _plan(live, school_staff, school)
        url = f"{PLANS}/{plan['id']}"
        approve, edit, archive = at_once(
            live,
            [request("POST", f"{url}/approve", json={"order_number": f"{round_}-од", "order_date": "2024-09-01"},
                     headers=any_revision),
             request("PATCH", url, json={"title": f"Переименован {round_}"}, headers=any_revision),
             request("POST", f"{url}/archive", headers=any_revision)],
        )  # fmt: skip
        answers = [approve, edit, archive]
        no_server_errors(answers)
        assert all(a.status_code in (200, 409) for a in answers), [a.text for a in answers]
        assert archive.status_code == 200, archive.text  # an approved or a draft plan may be archived
        stored = json_of(web.get(f"{live.url()}{url}", headers=school_staff))
        succeeded = [a for a in answers if a.status_code == 200]
        assert stored["revision"] == plan["revision"] + len(succeeded), (stored["revision"], [a.text for a in answers])
        assert stored["status"] == "archived"
        assert stored["title"] == (f"Переименован {round_}" if edit.status_code == 200 else plan["title"])
        assert (stored["order_number"] is not None) == (approve.status_code == 200), stored
        expected = {"approve": approve, "update": edit, "archive": archive}
        assert sorted(_plan_actions(live, plan["id"])) == sorted(
            ["create", *(action for action, answer in expected.items() if answer.status_code == 200)]
        )


def test_a_new_version_approved_while_the_old_one_is_archived(live: RunningStack) -> None:
    """Approving a new version archives the approved one; an archival of that one at once, as in one order or
    the other: archived by hand and then superseded (both 200), or superseded and the archival finds it archived
    (409 `plan_archived`). Either way the old version is archived once, with one audit record (before, the
    supersession wrote none and left the old version's revision, its ETag, as it was)."""
    school_staff, school = _school_staff(live)
    any_revision = school_staff | {"If-Match": "*"}
    order = {"order_number": "1-од", "order_date": "2024-09-01"}
    for _ in range(ROUNDS * 2):
        old = _plan(live, school_staff, school)
        json_of(web.post(f"{live.url()}{PLANS}/{old['id']}/approve", json=order, headers=any_revision))
        new = json_of(web.post(f"{live.url()}{PLANS}/{old['id']}/versions", headers=school_staff))
        approved_old = json_of(web.get(f"{live.url()}{PLANS}/{old['id']}", headers=school_staff))
        approve, archive = at_once(
            live,
            [request("POST", f"{PLANS}/{new['id']}/approve", json=order | {"order_number": "2-од"},
                     headers=any_revision),
             request("POST", f"{PLANS}/{old['id']}/archive", headers=any_revision)],
        )  # fmt: skip
        no_server_errors([approve, archive])
        assert approve.status_code == 200, approve.text
        events = _roadmap_audit(live, "plan", old["id"])
        assert [e.action for e in events] == ["create", "approve", "archive"], events
        stored = json_of(web.get(f"{live.url()}{PLANS}/{old['id']}", headers=school_staff))
        assert (stored["status"], stored["revision"]) == ("archived", approved_old["revision"] + 1), stored
        if archive.status_code == 200:
            assert events[-1].after is None, events
        else:
            assert (archive.status_code, archive.json()["code"]) == (409, "plan_archived"), archive.text
            assert events[-1].after == {"superseded_by": new["id"]}, events


def test_runs_of_one_territory_approved_at_once_each_supersede_the_one_before(live: RunningStack) -> None:
    """Two computed runs of one territory and year approved at once take turns, as one after the other: both are
    approved, the later one supersedes the earlier, which superseded the list approved before them — and each
    superseded list's history records it once, naming its successor (before, a supersession left no record)."""
    analyst = login(live, "regional_analyst")
    api = "/api/identification"
    year = json_of(web.get(f"{live.url()}{api}/school-years", headers=analyst))["latest"]

    def run() -> int:
        made = json_of(web.post(f"{live.url()}{api}/runs", json={"school_year": year}, headers=analyst))
        return int(made["id"])

    def approval(run_id: int, number: str) -> Any:
        body = {"order_number": number, "order_date": "2024-09-02"}
        return request("POST", f"{api}/runs/{run_id}/approve", json=body, headers=analyst)

    earlier = run()
    json_of(web.post(f"{live.url()}{api}/runs/{earlier}/approve", json={"order_number": "0-ид",
                     "order_date": "2024-09-01"}, headers=analyst))  # fmt: skip
    for round_ in range(ROUNDS):
        first, second = run(), run()
        answers = at_once(live, [approval(first, f"{round_}-а"), approval(second, f"{round_}-б")])
        no_server_errors(answers)
        assert _codes(answers) == [(200, None), (200, None)], [a.text for a in answers]
        chain = sorted((first, second), key=lambda run_id: _approved_at(live, run_id))
        for older, newer in ((earlier, chain[0]), (chain[0], chain[1])):
            events = audit_events(live, "IDENTIFICATION", IdentificationAuditEvent, "identification_run", str(older))
            superseded = [e.after for e in events if e.action == "supersede"]
            assert superseded == [{"superseded_by": newer}], events
        earlier = chain[1]


def _approved_at(live: RunningStack, run_id: int) -> Any:
    """When the run's approval was recorded (the audit's order is the order the approvals committed in)."""
    model = IdentificationAuditEvent
    statement = sa.select(col(model.id)).where(
        col(model.entity) == "identification_run", col(model.entity_id) == str(run_id), col(model.action) == "approve"
    )
    return database_rows(live, "IDENTIFICATION", statement)[0][0]


def test_an_activity_marked_done_by_two_people_with_different_results(live: RunningStack) -> None:
    """Two people marking one activity done at once, each with their own result (`If-Match: *`): both go
    through, one after the other — the stored result is the later one's, and the audit shows the later one
    replacing the earlier one's result, never both starting from the empty one."""
    school_staff, school = _school_staff(live)
    coordinator = login(live, "municipal_coordinator")
    for round_ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        activity = plan["sections"][0]["activities"][0]
        url = f"{ACTIVITIES}/{activity['id']}"
        mark = _last_event(live)
        calls = [
            request("PATCH", url, json={"status": "done", "actual_result": f"Итог {who} {round_}"},
                    headers=headers | {"If-Match": "*"})
            for who, headers in (("школы", school_staff), ("муниципалитета", coordinator))
        ]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [(200, None), (200, None)], [a.text for a in answers]
        updates = [e for e in _roadmap_audit(live, "activity", activity["id"], mark) if e.action == "update"]
        _chained(updates, "actual_result", activity["actual_result"])
        stored = json_of(web.get(f"{live.url()}{url}", headers=school_staff))
        assert stored["actual_result"] == updates[-1].after["actual_result"], stored
        assert stored["revision"] == activity["revision"] + 2, stored


def test_the_stages_of_one_activity_marked_at_once_are_all_kept(live: RunningStack) -> None:
    """Monthly stages marked done at once by several people (`If-Match: *`): every mark is kept and audited
    once, the activity's and the plan's revisions move once per mark."""
    school_staff, school = _school_staff(live)
    for round_ in range(ROUNDS):
        plan = _plan(live, school_staff, school)
        activity_id = plan["sections"][0]["activities"][0]["id"]
        url = f"{ACTIVITIES}/{activity_id}"
        json_of(web.patch(f"{live.url()}{url}", json={"deadline_text": "Ежемесячно"},
                          headers=school_staff | {"If-Match": "*"}))  # fmt: skip
        activity = json_of(web.get(f"{live.url()}{url}", headers=school_staff))
        plan_before = json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}", headers=school_staff))
        stages = [stage["id"] for stage in activity["stages"]][:AT_ONCE]
        mark = _last_event(live)
        assert len(stages) == AT_ONCE, activity["stages"]
        calls = [
            request("PATCH", f"{url}/stages/{stage}", json={"done": True, "completed_on": f"2024-10-0{i + 1}"},
                    headers=school_staff | {"If-Match": "*"})
            for i, stage in enumerate(stages)
        ]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [(200, None)] * AT_ONCE, [a.text for a in answers]
        stored = json_of(web.get(f"{live.url()}{url}", headers=school_staff))
        marked = {s["id"]: s["completed_on"] for s in stored["stages"] if s["id"] in stages}
        assert marked == {stage: f"2024-10-0{i + 1}" for i, stage in enumerate(stages)}, (round_, marked)
        assert stored["revision"] == activity["revision"] + AT_ONCE, stored["revision"]
        plan_after = json_of(web.get(f"{live.url()}{PLANS}/{plan['id']}", headers=school_staff))
        assert plan_after["revision"] == plan_before["revision"] + AT_ONCE
        marks = [e for e in _roadmap_audit(live, "activity", activity_id, mark) if e.action == "mark_stage"]
        # each mark's audit names its stage (the execution at a date rebuilds the marks from it)
        assert sorted(e.before["stage_id"] for e in marks) == sorted(stages), marks
        assert all(e.before == {"completed_on": None, "stage_id": e.before["stage_id"]} for e in marks), marks


def test_a_stage_marked_while_the_deadline_is_rewritten(live: RunningStack) -> None:
    """A stage mark and a new deadline text (which replaces the stages) at once, as in one order or the other:
    marked and then replaced (both 200), or replaced and the mark finds no such stage (404 `stage_not_found`) —
    never a mark written to a stage already gone, never a 500."""
    school_staff, school = _school_staff(live)
    any_revision = school_staff | {"If-Match": "*"}
    for round_ in range(ROUNDS * 2):
        plan = _plan(live, school_staff, school)
        url = f"{ACTIVITIES}/{plan['sections'][0]['activities'][0]['id']}"
        json_of(web.patch(f"{live.url()}{url}", json={"deadline_text": "Ежемесячно"}, headers=any_revision))
        stage = json_of(web.get(f"{live.url()}{url}", headers=school_staff))["stages"][0]["id"]
        _plan(live, school_staff, school)  # later stages, so the new ones take no id that was read
        mark, rewrite = at_once(
            live,
            [request("PATCH", f"{url}/stages/{stage}", json={"done": True}, headers=any_revision),
             request("PATCH", url, json={"deadline_text": f"Ежеквартально {round_}"}, headers=any_revision)],
        )  # fmt: skip
        no_server_errors([mark, rewrite])
        assert rewrite.status_code == 200, rewrite.text
        assert mark.status_code == 200 or (mark.status_code, mark.json()["code"]) == (404, "stage_not_found"), mark.text
        stored = json_of(web.get(f"{live.url()}{url}", headers=school_staff))
        assert stage not in {s["id"] for s in stored["stages"]}
        assert all(s["completed_on"] is None for s in stored["stages"]), stored["stages"]


def test_an_id_read_before_a_deletion_never_names_another_record(live: RunningStack) -> None:
    """A stage mark sent with the id of a stage the rewritten deadline has replaced finds no such stage (404
    `stage_not_found`), as it would with any other id — never marks the new stage that took the id; and a plan's
    history holds its own activities' events, never those of a deleted activity of another plan."""
    school_staff, school = _school_staff(live)
    coordinator = login(live, "municipal_coordinator")
    any_revision = school_staff | {"If-Match": "*"}
    plan = _plan(live, school_staff, school)
    url = f"{ACTIVITIES}/{plan['sections'][0]['activities'][0]['id']}"
    json_of(web.patch(f"{live.url()}{url}", json={"deadline_text": "Ежемесячно"}, headers=any_revision))
    old_stage = json_of(web.get(f"{live.url()}{url}", headers=school_staff))["stages"][0]["id"]
    json_of(web.patch(f"{live.url()}{url}", json={"deadline_text": "Ежеквартально"}, headers=any_revision))
    mark = web.patch(f"{live.url()}{url}/stages/{old_stage}", json={"done": True}, headers=any_revision)
    assert (mark.status_code, mark.json().get("code")) == (404, "stage_not_found"), mark.text
    deleted = _plan(live, school_staff, school)
    removed = f"{ACTIVITIES}/{deleted['sections'][0]['activities'][0]['id']}"
    assert web.delete(f"{live.url()}{removed}", headers=any_revision).status_code == 204
    other = _per_school_activity(live, coordinator)[0]
    history = json_of(web.get(f"{live.url()}{PLANS}/{other['plan_id']}/history", headers=coordinator))
    assert [(e["entity"], e["action"]) for e in history] == [("plan", "create")], history


def _two_schools(live: RunningStack, headers: dict[str, str]) -> tuple[str, str]:
    schools = json_of(web.get(f"{live.url()}/api/identification/schools", params={"per_page": 50}, headers=headers))
    by_municipality: dict[str, list[str]] = {}
    for school in schools["items"]:
        by_municipality.setdefault(school["municipality_code"], []).append(school["school_code"])
    codes = next(codes for codes in by_municipality.values() if len(codes) >= 2)
    return codes[0], codes[1]


def test_one_mentor_pair_formed_several_times_at_once_is_one_pair(live: RunningStack) -> None:
    """The same pair from the same day sent at once (a double click, two coordinators): one pair is formed and
    audited, the others are told it exists (409 `pair_exists`), as they would be after it."""
    analyst = login(live, "regional_analyst")
    mentor, supported = _two_schools(live, analyst)
    for round_ in range(ROUNDS):
        body = {"mentor_school_code": mentor, "supported_school_code": supported,
                "starts_on": f"2031-09-{round_ + 1:02d}", "rationale": "Одна пара"}  # fmt: skip
        answers = at_once(live, [request("POST", "/api/roadmap/mentor-pairs", json=body, headers=analyst)] * AT_ONCE)
        no_server_errors(answers)
        assert _codes(answers) == [(201, None)] + [(409, "pair_exists")] * (AT_ONCE - 1), [a.text for a in answers]
        pair = next(a.json() for a in answers if a.status_code == 201)
        assert [e.action for e in _roadmap_audit(live, "mentor_pair", pair["id"])] == ["create"]


def test_one_indicator_year_edited_at_once_is_audited_one_edit_after_the_other(live: RunningStack) -> None:
    """The same year's fact sent by two people at once: both go through in turn, the audit's «before» of the
    later one is what the earlier one wrote (the facts are merged under the indicator's row lock)."""
    school_staff, school = _school_staff(live)
    coordinator = login(live, "municipal_coordinator")
    plan = _plan(live, school_staff, school)
    indicators = f"{live.url()}{PLANS}/{plan['id']}/indicators"
    for round_ in range(ROUNDS):
        body = {"name": f"Доля успевающих {round_}", "unit": "%", "actuals": {"2024-2025": 50.0}}
        indicator = json_of(web.post(indicators, json=body, headers=school_staff))
        url = f"/api/roadmap/indicators/{indicator['id']}"
        calls = [
            request(
                "PATCH",
                url,
                json={"actuals": {"2024-2025": 60.0 + i}},
                headers=(school_staff, coordinator)[i % 2] | {"If-Match": "*"},
            )
            for i in range(AT_ONCE)
        ]
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [(200, None)] * AT_ONCE, [a.text for a in answers]
        updates = [e for e in _roadmap_audit(live, "plan_indicator", indicator["id"]) if e.action == "update"]
        befores = [e.before["actuals"].get("2024-2025") for e in updates]
        afters = [e.after["actuals"]["2024-2025"] for e in updates]
        assert befores == [50.0, *afters[:-1]], (befores, afters)


def test_a_render_sent_again_at_once_with_its_key_is_one_report(live: RunningStack) -> None:
    """A report asked for again while the first request still runs (one `Idempotency-Key`): one report is made;
    the repeats are told to wait (409 `idempotency_in_progress`) or get the first one's answer."""
    school_staff, school = _school_staff(live)
    plan = _plan(live, school_staff, school)
    subject = f"user:{_me(live, school_staff)['id']}"
    mine = sa.select(sa.func.count()).select_from(Report).where(col(Report.created_by) == subject)
    for _ in range(ROUNDS):
        before = database_rows(live, "REPORTS", mine)[0][0]
        body = {"report_type": "plan", "format": "html", "parameters": {"plan_id": plan["id"]}, "background": True}
        headers = school_staff | {"Idempotency-Key": f"render-{uuid.uuid4()}"}
        answers = at_once(live, [request("POST", "/api/reports/render", json=body, headers=headers)] * AT_ONCE)
        no_server_errors(answers)
        accepted = [a for a in answers if a.status_code == 202]
        assert accepted and {a.json()["id"] for a in accepted} == {accepted[0].json()["id"]}, [a.text for a in answers]
        assert all((a.status_code, a.json()["code"]) == (409, "idempotency_in_progress")
                   for a in answers if a.status_code != 202), [a.text for a in answers]  # fmt: skip
        assert database_rows(live, "REPORTS", mine)[0][0] == before + 1


def _per_school_activity(live: RunningStack, coordinator: dict[str, str]) -> tuple[dict[str, Any], str]:
    """A municipal plan's activity carried out by one of its schools, and that school."""
    me = _me(live, coordinator)
    municipality = me["scope"]["municipality"]
    schools = json_of(web.get(f"{live.url()}/api/identification/schools",
                              params={"municipality": municipality, "per_page": 1}, headers=coordinator))  # fmt: skip
    school = schools["items"][0]["school_code"]
    body = {"kind": "anti_risk_programme", "title": "Муниципальная программа", "municipality_code": municipality,
            "school_year": "2024-2025",
            "sections": [{"title": "Раздел", "activities": [{"title": "Семинар", "deadline_text": "Октябрь",
                                                             "school_codes": [school]}]}]}  # fmt: skip
    plan = json_of(web.post(f"{live.url()}{PLANS}", json=body, headers=coordinator))
    return plan["sections"][0]["activities"][0], school


def test_a_school_reported_while_the_activity_is_deleted(live: RunningStack) -> None:
    """Reports of a school and the deletion of the draft's activity at once: reported and then deleted (the
    report goes with it), or deleted and the report finds no activity (404 `activity_not_found`, as after the
    deletion) — never «the school does not take part» (404 `school_not_in_activity`, when the deletion committed
    between the report's reading the activity and its school's row), never a 500, never a row left behind."""
    coordinator = login(live, "municipal_coordinator")
    any_revision = coordinator | {"If-Match": "*"}
    for round_ in range(ROUNDS * 6):  # the window is narrow: many tries
        activity, school = _per_school_activity(live, coordinator)
        url = f"{ACTIVITIES}/{activity['id']}"
        report = request("PATCH", f"{url}/schools/{school}", json={"status": "done", "actual_result": f"Итог {round_}"},
                         headers=any_revision)  # fmt: skip
        *reports, delete = at_once(live, [report] * AT_ONCE * 2 + [request("DELETE", url, headers=any_revision)])
        no_server_errors([*reports, delete])
        assert delete.status_code == 204, delete.text
        for answer in reports:
            gone = answer.status_code == 404 and answer.json()["code"] == "activity_not_found"
            assert answer.status_code == 200 or gone, answer.text
        left = database_rows(live, "ROADMAP", sa.text("SELECT count(*) FROM activity_school WHERE activity_id = :a")
                             .bindparams(a=activity["id"]))  # fmt: skip
        assert left == [(0,)], left


def test_one_school_reported_by_two_people_at_once_is_audited_one_after_the_other(live: RunningStack) -> None:
    """A school's execution of a municipal activity reported by two people at once (`If-Match: *`): both go
    through in turn, the later one's audit «before» is the earlier one's result."""
    coordinator = login(live, "municipal_coordinator")
    for round_ in range(ROUNDS):
        activity, school = _per_school_activity(live, coordinator)
        url = f"{ACTIVITIES}/{activity['id']}/schools/{school}"
        mark = _last_event(live)
        calls = [
            request("PATCH", url, json={"status": "done", "actual_result": f"Итог {round_}.{i}"},
                    headers=coordinator | {"If-Match": "*"})
            for i in range(2)
        ]  # fmt: skip
        answers = at_once(live, calls)
        no_server_errors(answers)
        assert _codes(answers) == [(200, None), (200, None)], [a.text for a in answers]
        reports = [e for e in _roadmap_audit(live, "activity_school", f"{activity['id']}:{school}", mark)
                   if e.action == "report"]  # fmt: skip
        _chained(reports, "actual_result", "")


def test_tokens_refreshed_while_the_password_is_reset_do_not_outlive_it(live: RunningStack) -> None:
    """A phone refreshing its tokens while an administrator resets the password: as in one order or the other,
    the refresh is refused (the reset came first) or its new tokens belong to the session the reset then ends —
    never a pair that keeps working after the reset."""
    admin = login(live, "admin")
    body = {"username": "race_reset_refresh", "full_name": "Со сменой пароля", "password": "old-password-1",
            "role": "observer", "scope": {"kind": "all"}}  # fmt: skip
    user = json_of(web.post(f"{live.url()}/api/admin/users", json=body, headers=admin))
    for round_ in range(ROUNDS * 2):
        password = "old-password-1" if round_ == 0 else f"new-password-{round_}"
        tokens = json_of(web.post(f"{live.url()}/api/auth/token",
                                  data={"username": body["username"], "password": password}))  # fmt: skip
        refreshed, reset = at_once(
            live,
            [request("POST", "/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}),
             request("POST", f"/api/admin/users/{user['id']}/password", json={"password": f"new-password-{round_ + 1}"},
                     headers=admin)],
        )  # fmt: skip
        no_server_errors([refreshed, reset])
        assert reset.status_code == 200, reset.text
        if refreshed.status_code != 200:
            assert refreshed.status_code == 401, refreshed.text
            continue
        me = web.get(f"{live.url()}/api/auth/me",
                     headers={"Authorization": f"Bearer {refreshed.json()['access_token']}"})  # fmt: skip
        assert (me.status_code, me.json()["code"]) == (401, "session_revoked"), me.text
        again = web.post(f"{live.url()}/api/auth/refresh", json={"refresh_token": refreshed.json()["refresh_token"]})
        assert again.status_code == 401, again.text


def test_the_first_administrator_created_by_several_deployment_scripts_at_once(live: RunningStack) -> None:
    """`create-admin` is safe in scripts: run at once (the init step of two replicas), one run creates the
    administrator and the others say it is there, each exiting 0 — never a traceback for the unique name another
    run has just taken. The name is kept as sign-in looks it up (lower case), so the administrator can sign in
    with it as typed, and a run after them finds it too. (Argon2 at a real cost keeps the runs' checks together.)"""
    password = live.log_dir / "first-admin-password"
    password.write_text("first-admin-password\n", encoding="utf-8")
    env = live.env | {"OPORA_ARGON2_TIME_COST": "8", "OPORA_ARGON2_MEMORY_KIB": "65536"}
    for round_ in range(2):
        username = f"First_Admin_{round_}"
        command = [sys.executable, "-m", "services.gateway.cli", "create-admin", "--username", username,
                   "--full-name", "Первый администратор", "--password-file", str(password)]  # fmt: skip
        runs = [subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for _ in range(AT_ONCE)]  # fmt: skip
        outputs = [(run.wait(120), *run.communicate()) for run in runs]
        assert [code for code, _, _ in outputs] == [0] * AT_ONCE, [err[-500:] for _, _, err in outputs]
        said = sorted("создан" in out for _, out, _ in outputs)
        assert said == [False] * (AT_ONCE - 1) + [True], [out for _, out, _ in outputs]
        stored = database_rows(live, "GATEWAY", sa.select(col(User.username)).where(
            sa.func.lower(col(User.username)) == username.lower()))  # fmt: skip
        assert stored == [(username.lower(),)], stored
        signed_in = web.post(f"{live.url()}/api/auth/token",
                             data={"username": username, "password": "first-admin-password"})  # fmt: skip
        assert signed_in.status_code == 200, signed_in.text
        again = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
        assert (again.returncode, "уже есть" in again.stdout) == (0, True), again.stderr[-500:]


def test_gateways_starting_at_once_on_a_new_installation_sign_with_one_key(tmp_path: Path) -> None:
    """A new installation's first signing key is made by the first gateway to start: gateways starting at once
    (several processes of `make run` or a compose file over one data folder) all load that one key — never each a
    key of its own, signing tokens the others neither publish nor accept, nor a key another is still writing."""
    for round_ in range(12):
        settings = GatewaySettings(data_dir=tmp_path / str(round_), env="demo")
        start = threading.Barrier(AT_ONCE)

        def started(_: int, settings: GatewaySettings = settings, start: threading.Barrier = start) -> list[str]:
            start.wait()
            return [key.kid for key in KeyStore.from_settings(settings).keys]

        with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
            published = list(pool.map(started, range(AT_ONCE)))
        assert len({tuple(kids) for kids in published}) == 1 and len(published[0]) == 1, published
        assert len(list((tmp_path / str(round_) / "keys").glob("*.pem"))) == 1


def test_gateways_starting_while_rotate_key_runs_load_every_key(tmp_path: Path) -> None:
    """`rotate-key` adds a key and deletes a retired one while gateways (re)start over the same folder: a start
    never loads a key file half-written, nor fails on one deleted between listing the folder and reading it."""
    folder = tmp_path / "keys"
    settings = GatewaySettings(data_dir=tmp_path, env="production", jwt_keys_dir=folder)
    kept = [generate_key(folder)]
    rotated = threading.Event()

    def rotate() -> None:
        for _ in range(200):
            kept.append(generate_key(folder))
            if len(kept) > 2:
                kept.pop(0).unlink()
        rotated.set()

    def start() -> list[str]:
        failures = []
        while not rotated.is_set():
            try:
                KeyStore.from_settings(settings)
            except (ValueError, OSError) as error:
                failures.append(repr(error)[:120])
        return failures

    with ThreadPoolExecutor(max_workers=4) as pool:
        starts = [pool.submit(start) for _ in range(3)]
        pool.submit(rotate).result()
        failures = [failure for s in starts for failure in s.result()]
    assert failures == [], (len(failures), sorted(set(failures)))
