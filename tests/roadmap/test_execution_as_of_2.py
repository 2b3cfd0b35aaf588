"""The execution at a date gives the progress and the actual result as they stood that day, rebuilt from the audit
trail as the statuses are: a report «по состоянию на 15.11.2024» of an activity finished today reads the 70 % and
the words written by then, not today's 100 % and today's words. The proofs of a date are read filtered and ordered
by the database (`ExecutionRecords.evidence`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import col, select

from services.roadmap.db import AuditEvent
from services.roadmap.execution.as_of import evidence_known
from services.roadmap.plans.repository import PlanRepository
from services.shared.contracts.roadmap import ActivityExecution, SchoolExecution
from services.shared.security import Principal, Role, Scope, ScopeKind
from tests.conftest import Stack
from tests.roadmap.plan_rows import roadmap_session
from tests.roadmap.test_execution_as_of import _at, _execution, _report, _upload, _uploaded_at
from tests.roadmap.test_plan_execution import staged_plan

ADMIN = Principal(subject="test", username="test", name="Тест", role=Role.admin, scope=Scope(kind=ScopeKind.all))

PLANS = "/api/roadmap/plans"


def _patch(stack: Stack, url: str, body: dict[str, Any], role: str = "municipal_coordinator") -> None:
    """One tracked change of an activity (or of a school's part, `url` ending in its code), with its revision."""
    headers = stack.auth(role)
    read = stack.gateway.get(url.split("/schools/")[0], headers=headers)
    if "/schools/" in url:
        code = url.rsplit("/", 1)[1]
        etag = f'"{next(s for s in read.json()["schools"] if s["school_code"] == code)["revision"]}"'
    else:
        etag = read.headers["ETag"]
    answer = stack.gateway.patch(url, json=body, headers=headers | {"If-Match": etag})
    assert answer.status_code == 200, answer.text


def _changes_made_on(stack: Stack, entity_id: str, *days: str) -> None:
    """The tracked changes of `entity_id`, oldest first, as made on `days` (the last of them may be today)."""
    with roadmap_session(stack.settings) as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity_id == entity_id, col(AuditEvent.action).in_(["update", "report"]))
            .order_by(col(AuditEvent.id))
        ).all()
        assert len(events) == len(days)
        for event, day in zip(events, days, strict=True):
            event.occurred_at = _at(day)
            session.add(event)


def _seminar(stack: Stack, plan_id: int, as_of: str | None) -> ActivityExecution:
    return _execution(stack, plan_id, as_of).sections[0].activities[1]


def _reported_then_done(stack: Stack) -> dict[str, Any]:
    """The seminar: 40 % on 01.10.2024, 70 % with «Подготовлена программа семинара» on 01.11.2024, done today
    with «Семинар проведён, 48 участников»."""
    plan = staged_plan(stack)
    url = f"/api/roadmap/activities/{plan['sections'][0]['activities'][1]['id']}"
    _patch(stack, url, {"status": "in_progress", "progress": 40})
    _patch(stack, url, {"progress": 70, "actual_result": "Подготовлена программа семинара"})
    _patch(stack, url, {"status": "done", "actual_result": "Семинар проведён, 48 участников"})
    seminar_id = str(plan["sections"][0]["activities"][1]["id"])
    _changes_made_on(stack, seminar_id, "2024-10-01", "2024-11-01", date.today().isoformat())
    return plan


def test_the_progress_at_a_date_is_the_one_reported_by_then(stack: Stack) -> None:
    plan = _reported_then_done(stack)
    progress = [
        (s.status, s.progress) for s in (_seminar(stack, plan["id"], day) for day in ("2024-09-30", "2024-10-15"))
    ]
    assert progress == [("planned", 0), ("in_progress", 40)]
    then = _seminar(stack, plan["id"], "2024-11-15")
    assert (then.status, then.progress, then.completed_at) == ("in_progress", 70, None)
    now = _seminar(stack, plan["id"], None)
    assert (now.status, now.progress, now.completed_at) == ("done", 100, date.today())


def test_the_actual_result_at_a_date_is_the_text_written_by_then(stack: Stack) -> None:
    plan = _reported_then_done(stack)
    assert _seminar(stack, plan["id"], "2024-10-15").actual_result == ""
    assert _seminar(stack, plan["id"], "2024-11-15").actual_result == "Подготовлена программа семинара"
    assert _seminar(stack, plan["id"], None).actual_result == "Семинар проведён, 48 участников"


def test_the_report_at_a_date_prints_the_progress_and_the_result_of_that_date(stack: Stack) -> None:
    """Before, the report at 15.11.2024 had the seminar «выполняется» with no result and no progress: today's
    100 % and today's words belong to the done mark made after it, so both were left out."""
    plan = _reported_then_done(stack)
    text = _report(stack, plan["id"], "2024-11-15").replace("\xa0", " ")
    assert "Подготовлена программа семинара" in text and "Выполнено на 70 %" in text
    assert "48 участников" not in text
    today = _report(stack, plan["id"], date.today().isoformat()).replace("\xa0", " ")
    assert "Семинар проведён, 48 участников" in today and "Выполнено на 70 %" not in today


def test_a_done_set_after_the_date_keeps_the_progress_reported_before_it(stack: Stack) -> None:
    """«Done» raises the progress to 100 without auditing it: the 55 % reported before is the figure at the date."""
    plan = staged_plan(stack)
    seminar = plan["sections"][0]["activities"][1]
    url = f"/api/roadmap/activities/{seminar['id']}"
    _patch(stack, url, {"status": "in_progress", "progress": 55})
    _patch(stack, url, {"status": "done"})
    _changes_made_on(stack, str(seminar["id"]), "2024-10-01", date.today().isoformat())
    assert _seminar(stack, plan["id"], "2024-11-15").progress == 55


def test_an_activity_done_then_reopened_was_done_at_100_at_the_date(stack: Stack) -> None:
    """Done on 01.11.2024 (the progress raised to 100 then), reopened at 80 % today: at 15.11.2024 it was 100 %."""
    plan = staged_plan(stack)
    seminar = plan["sections"][0]["activities"][1]
    url = f"/api/roadmap/activities/{seminar['id']}"
    _patch(stack, url, {"status": "done"})
    _patch(stack, url, {"status": "in_progress", "progress": 80})
    _changes_made_on(stack, str(seminar["id"]), "2024-11-01", date.today().isoformat())
    then = _seminar(stack, plan["id"], "2024-11-15")
    assert (then.status, then.progress, then.completed_at) == ("done", 100, date(2024, 11, 1))
    assert _seminar(stack, plan["id"], None).progress == 80


def _school_plan(stack: Stack) -> tuple[dict[str, Any], str]:
    own = stack.territory["school"]["code"]
    body = {
        "kind": "municipal_roadmap",
        "title": "Дорожная карта: ход работы школ на дату",
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": "2024-2025",
        "sections": [{"title": "Программы", "activities": [
            {"number": "1", "title": "Разработка антирисковых программ", "deadline_text": "Декабрь 2024 г.",
             "school_codes": [own]},
        ]}],
    }  # fmt: skip
    plan = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator")).json()
    return plan, own


def _school(stack: Stack, plan_id: int, as_of: str | None) -> SchoolExecution:
    return _execution(stack, plan_id, as_of).sections[0].activities[0].schools[0]


def test_a_school_s_progress_and_result_at_a_date_are_its_report_of_then(stack: Stack) -> None:
    plan, own = _school_plan(stack)
    activity = plan["sections"][0]["activities"][0]
    url = f"/api/roadmap/activities/{activity['id']}/schools/{own}"
    _patch(stack, url, {"status": "in_progress", "progress": 50, "actual_result": "Проект программы"}, "school_staff")
    _patch(stack, url, {"status": "done", "actual_result": "Программа утверждена приказом"}, "school_staff")
    _changes_made_on(stack, f"{activity['id']}:{own}", "2024-10-01", date.today().isoformat())
    then = _school(stack, plan["id"], "2024-11-15")
    assert (then.status, then.progress, then.actual_result) == ("in_progress", 50, "Проект программы")
    now = _school(stack, plan["id"], None)
    assert (now.status, now.progress, now.actual_result) == ("done", 100, "Программа утверждена приказом")
    assert "Проект программы" in _report(stack, plan["id"], "2024-11-15")


def test_the_proofs_of_a_date_are_filtered_and_ordered_by_the_database(stack: Stack) -> None:
    """Uploaded late on 12.10.2024 (local time), early on 13.10.2024 and on 02.10.2024: at 12.10.2024 the two of
    that day and before, oldest first; the one of the 13th only from that day on."""
    plan = staged_plan(stack)
    activity_id = plan["sections"][0]["activities"][0]["id"]
    late, early, first = (_upload(stack, activity_id, name) for name in ("поздно.pdf", "рано.pdf", "первый.pdf"))
    _uploaded_at(stack, late["id"], _at("2024-10-12", hour=23))
    _uploaded_at(stack, early["id"], _at("2024-10-13", hour=0))
    _uploaded_at(stack, first["id"], _at("2024-10-02"))
    with roadmap_session(stack.settings) as session:
        plans = PlanRepository(session, ADMIN)
        on_12th = evidence_known(plans, [activity_id], date(2024, 10, 12))[activity_id]
        on_13th = evidence_known(plans, [activity_id], date(2024, 10, 13))[activity_id]
        assert evidence_known(plans, [activity_id], date(2024, 10, 1)) == {}
    assert [e.file_name for e in on_12th] == ["первый.pdf", "поздно.pdf"]
    assert [e.file_name for e in on_13th] == ["первый.pdf", "поздно.pdf", "рано.pdf"]
    assert [e.uploaded_on for e in on_13th] == [date(2024, 10, 2), date(2024, 10, 12), date(2024, 10, 13)]
