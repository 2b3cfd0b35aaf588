"""The execution of a plan at a date tells only what was known by the end of that day: each proof carries the day
it was uploaded and who uploaded it, a proof uploaded later is not in the answer nor in the execution report
«по состоянию на» that date, and a date that has not come yet is refused — all through HTTP on the real stack,
the report rendered by the reports service and read back from the DOCX."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from services.reports.documents.model import number_sign_bound
from services.reports.documents.plan_execution import evidence_cell
from services.roadmap.db import AuditEvent
from services.roadmap.execution.as_of import local_day
from services.roadmap.plans.models import Evidence
from services.shared.contracts.roadmap import EvidenceItem, PlanExecution
from tests.conftest import Stack
from tests.reports.test_plan_documents import all_paragraphs, render, word
from tests.roadmap.plan_rows import roadmap_session
from tests.roadmap.test_plan_execution import staged_plan

PLANS = "/api/roadmap/plans"
PDF = b"%PDF-1.4\n%%EOF\n"


def _upload(stack: Stack, activity_id: int, file_name: str, title: str = "", **form: str) -> dict[str, Any]:
    answer = stack.gateway.post(
        f"/api/roadmap/activities/{activity_id}/evidence",
        data={"title": title, **form},
        files={"file": (file_name, PDF)},
        headers=stack.auth("municipal_coordinator"),
    )
    assert answer.status_code == 201, answer.text
    evidence: dict[str, Any] = answer.json()
    return evidence


def _link(stack: Stack, activity_id: int, title: str, url: str) -> dict[str, Any]:
    answer = stack.gateway.post(
        f"/api/roadmap/activities/{activity_id}/evidence",
        data={"title": title, "url": url},
        headers=stack.auth("municipal_coordinator"),
    )
    assert answer.status_code == 201, answer.text
    evidence: dict[str, Any] = answer.json()
    return evidence


def _uploaded_at(stack: Stack, evidence_id: int, moment: datetime) -> None:
    """The proof as if uploaded at `moment` (an upload a year ago cannot be made today through HTTP)."""
    with roadmap_session(stack.settings) as session:
        row = session.exec(select(Evidence).where(Evidence.id == evidence_id)).one()
        row.created_at = moment
        session.add(row)


def _execution(stack: Stack, plan_id: int, as_of: str | None) -> PlanExecution:
    params = {"as_of": as_of} if as_of else {}
    answer = stack.gateway.get(f"{PLANS}/{plan_id}/execution", params=params, headers=stack.auth("observer"))
    assert answer.status_code == 200, answer.text
    return PlanExecution.model_validate(answer.json())


def _files(stack: Stack, plan_id: int, as_of: str | None) -> list[str | None]:
    """The file names (or link titles) of the first activity's proofs at `as_of`."""
    return [e.file_name or e.title for e in _execution(stack, plan_id, as_of).sections[0].activities[0].evidence]


def _report(stack: Stack, plan_id: int, as_of: str) -> str:
    content = render(stack, "observer", "plan_execution", "docx", plan_id=plan_id, as_of=as_of)
    return "\n".join(all_paragraphs(word(content)))


def _at(day: str, hour: int = 10) -> datetime:
    """Midday-ish of `day` in the service's local time, stored as UTC (as the service stores it)."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00").astimezone().astimezone(UTC)


@pytest.fixture(scope="module")
def dated(stack: Stack) -> Iterator[dict[str, Any]]:
    """A staged plan whose first activity has a proof uploaded 12.10.2024, another 20.11.2024 and a link
    uploaded today."""
    plan = staged_plan(stack)
    activity = plan["sections"][0]["activities"][0]
    first = _upload(stack, activity["id"], "справка-октябрь.pdf", "Аналитическая справка за октябрь")
    second = _upload(stack, activity["id"], "протокол-ноябрь.pdf")
    _link(stack, activity["id"], "Новость на сайте", "https://example.org/news/1")
    _uploaded_at(stack, first["id"], _at("2024-10-12"))
    _uploaded_at(stack, second["id"], _at("2024-11-20"))
    yield {"plan": plan, "activity": activity, "first": first, "second": second}


def test_a_proof_uploaded_after_the_date_is_not_in_the_execution(stack: Stack, dated: dict[str, Any]) -> None:
    plan_id = dated["plan"]["id"]
    assert _files(stack, plan_id, "2024-10-11") == []
    assert _files(stack, plan_id, "2024-11-15") == ["справка-октябрь.pdf"]
    assert _files(stack, plan_id, "2024-12-01") == ["справка-октябрь.pdf", "протокол-ноябрь.pdf"]


def test_a_proof_counts_on_the_day_it_was_uploaded_whatever_the_hour(stack: Stack) -> None:
    """«По состоянию на 12.10.2024» is the end of that day: a proof uploaded late that evening is in it."""
    plan = staged_plan(stack)
    activity = plan["sections"][0]["activities"][0]
    late = _upload(stack, activity["id"], "поздно.pdf")
    _uploaded_at(stack, late["id"], _at("2024-10-12", hour=23))
    assert _files(stack, plan["id"], "2024-10-12") == ["поздно.pdf"]
    assert _files(stack, plan["id"], "2024-10-11") == []


def test_each_proof_says_when_and_by_whom_it_was_uploaded(stack: Stack, dated: dict[str, Any]) -> None:
    evidence = _execution(stack, dated["plan"]["id"], None).sections[0].activities[0].evidence
    days = [(e.kind, e.uploaded_on) for e in evidence]
    assert days == [("file", date(2024, 10, 12)), ("file", date(2024, 11, 20)), ("link", date.today())]
    assert all(e.uploaded_at is not None and e.uploaded_at.tzinfo is not None for e in evidence)
    assert evidence[0].uploaded_at == _at("2024-10-12")
    uploader = dated["first"]["created_by_name"]
    assert uploader and [e.uploaded_by for e in evidence] == [uploader] * 3


def test_a_link_added_today_is_in_today_s_execution_only(stack: Stack, dated: dict[str, Any]) -> None:
    plan_id = dated["plan"]["id"]
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert "Новость на сайте" not in _files(stack, plan_id, yesterday)
    assert "Новость на сайте" in _files(stack, plan_id, date.today().isoformat())
    assert _files(stack, plan_id, None) == _files(stack, plan_id, date.today().isoformat())


def test_the_proofs_are_listed_oldest_first(stack: Stack) -> None:
    """Uploaded in one order, dated in another (a file uploaded before a link but later in the record): the
    answer lists them by when they were uploaded."""
    plan = staged_plan(stack)
    activity = plan["sections"][0]["activities"][0]
    newer = _upload(stack, activity["id"], "новый.pdf")
    older = _upload(stack, activity["id"], "старый.pdf")
    _uploaded_at(stack, newer["id"], _at("2024-11-02"))
    _uploaded_at(stack, older["id"], _at("2024-10-02"))
    assert _files(stack, plan["id"], "2024-12-01") == ["старый.pdf", "новый.pdf"]


@pytest.mark.parametrize("days", [2, 400])
def test_a_date_that_has_not_come_is_refused_in_russian(stack: Stack, dated: dict[str, Any], days: int) -> None:
    """What will be done by then is not known: a report «по состоянию на» a future date would claim it."""
    future = date.today() + timedelta(days=days)
    answer = stack.gateway.get(
        f"{PLANS}/{dated['plan']['id']}/execution", params={"as_of": future.isoformat()},
        headers=stack.auth("observer"),
    )  # fmt: skip
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["code"] == "as_of_in_future"
    assert f"{future:%d.%m.%Y}" in body["detail"] and "ещё не наступила" in body["detail"]


def test_today_is_a_date_that_has_come(stack: Stack, dated: dict[str, Any]) -> None:
    assert _execution(stack, dated["plan"]["id"], date.today().isoformat()).as_of == date.today()


def test_the_server_s_tomorrow_is_today_in_the_east(stack: Stack, dated: dict[str, Any]) -> None:
    """A methodist in Kamchatka asks for her today while the server's day (UTC, Moscow) has not turned yet."""
    tomorrow = date.today() + timedelta(days=1)
    assert _execution(stack, dated["plan"]["id"], tomorrow.isoformat()).as_of == tomorrow


def test_the_report_at_an_earlier_date_lists_only_the_proofs_known_then(stack: Stack, dated: dict[str, Any]) -> None:
    text = _report(stack, dated["plan"]["id"], "2024-11-15")
    assert "Аналитическая справка за октябрь — «справка-октябрь.pdf» (загружено 12.10.2024)" in text
    assert "протокол-ноябрь" not in text and "Новость на сайте" not in text


def test_the_report_at_a_later_date_prints_every_proof_with_its_day(stack: Stack, dated: dict[str, Any]) -> None:
    text = _report(stack, dated["plan"]["id"], date.today().isoformat())
    assert "«протокол-ноябрь.pdf» (загружено 20.11.2024)" in text
    assert f"Новость на сайте: https://example.org/news/1 (загружено {date.today():%d.%m.%Y})" in text
    assert text.index("справка-октябрь.pdf") < text.index("протокол-ноябрь.pdf")


def test_a_school_s_proof_names_the_school_and_the_day_in_one_bracket(stack: Stack) -> None:
    own = stack.territory["school"]["code"]
    body = {
        "kind": "municipal_roadmap",
        "title": "Дорожная карта: программы школ (подтверждения)",
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": "2024-2025",
        "sections": [{"title": "Программы", "activities": [
            {"number": "1", "title": "Разработка антирисковых программ", "deadline_text": "Октябрь 2024 г.",
             "school_codes": [own]},
        ]}],
    }  # fmt: skip
    plan = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator")).json()
    activity = plan["sections"][0]["activities"][0]
    answer = stack.gateway.post(
        f"/api/roadmap/activities/{activity['id']}/evidence",
        data={"title": "Приказ", "school_code": own},
        files={"file": ("приказ-12.pdf", PDF)},
        headers=stack.auth("school_staff"),
    )
    assert answer.status_code == 201, answer.text
    _uploaded_at(stack, answer.json()["id"], _at("2024-10-28"))
    school = number_sign_bound(activity["schools"][0]["school_name"])  # «СОШ № 3» printed with a no-break space
    text = _report(stack, plan["id"], "2024-11-15")
    assert f"Приказ — «приказ-12.pdf» ({school}, загружено 28.10.2024)" in text
    assert "приказ-12.pdf" not in _report(stack, plan["id"], "2024-10-27")


def test_a_report_at_a_future_date_is_refused_with_the_roadmap_s_reason(stack: Stack, dated: dict[str, Any]) -> None:
    from tests.support import render_report

    coming = date.today() + timedelta(days=2)
    answer = render_report(
        stack.gateway, stack.auth("observer"), report_type="plan_execution", format="docx",
        parameters={"plan_id": dated["plan"]["id"], "as_of": coming.isoformat()},
    )  # fmt: skip
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "as_of_in_future" and "ещё не наступила" in answer.json()["detail"]


def test_a_stage_marked_today_is_not_done_at_an_earlier_date(stack: Stack) -> None:
    """The done mark's day is when it was made (today by default): a report at an earlier date shows the passed
    October stage overdue, not done."""
    plan = staged_plan(stack)
    activity = plan["sections"][0]["activities"][0]
    coordinator = stack.auth("municipal_coordinator")
    url = f"/api/roadmap/activities/{activity['id']}"
    etag = stack.gateway.get(url, headers=coordinator).headers["ETag"]
    stage = activity["stages"][0]["id"]
    marked = stack.gateway.patch(f"{url}/stages/{stage}", json={"done": True}, headers=coordinator | {"If-Match": etag})
    assert marked.status_code == 200, marked.text
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert _execution(stack, plan["id"], yesterday).sections[0].activities[0].stages[0].state == "overdue"
    assert _execution(stack, plan["id"], None).sections[0].activities[0].stages[0].state == "done"


def test_an_answer_without_upload_days_still_reads_and_prints() -> None:
    """The new fields are optional: an older roadmap's answer parses, and its proofs print without a day."""
    item = EvidenceItem.model_validate(
        {"id": 1, "school_code": None, "kind": "file", "title": "Справка", "file_name": "Справка.pdf", "url": None}
    )
    assert item.uploaded_on is None and item.uploaded_by is None
    assert evidence_cell([item], {}) == "«Справка.pdf»"


def test_a_stored_time_without_a_zone_is_utc() -> None:
    """SQLite gives the stored time back without a zone; it is UTC, as PostgreSQL's is."""
    moment = datetime(2024, 10, 12, 8, 0, tzinfo=UTC)
    assert local_day(moment.replace(tzinfo=None)) == local_day(moment) == moment.astimezone().date()


def _mark(stack: Stack, activity_id: int, stage_id: int, body: dict[str, Any]) -> None:
    coordinator = stack.auth("municipal_coordinator")
    url = f"/api/roadmap/activities/{activity_id}"
    etag = stack.gateway.get(url, headers=coordinator).headers["ETag"]
    marked = stack.gateway.patch(f"{url}/stages/{stage_id}", json=body, headers=coordinator | {"If-Match": etag})
    assert marked.status_code == 200, marked.text


def _october_stage(stack: Stack, plan_id: int, as_of: str | None) -> tuple[str, date | None]:
    stage = _execution(stack, plan_id, as_of).sections[0].activities[0].stages[0]
    return stage.state, stage.completed_on


def test_a_stage_marked_today_with_an_earlier_day_was_not_known_done_before_today(stack: Stack) -> None:
    """Marked today «выполнен 28.10.2024»: at 15.11.2024 nobody knew it was done, so the report at that date has
    the passed October stage overdue; from today on it is done on 28.10.2024."""
    plan = staged_plan(stack)
    activity = plan["sections"][0]["activities"][0]
    _mark(stack, activity["id"], activity["stages"][0]["id"], {"done": True, "completed_on": "2024-10-28"})
    assert _october_stage(stack, plan["id"], "2024-11-15") == ("overdue", None)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert _october_stage(stack, plan["id"], yesterday) == ("overdue", None)
    assert _october_stage(stack, plan["id"], None) == ("done", date(2024, 10, 28))
    # what is stored is untouched by reading the past
    assert _october_stage(stack, plan["id"], date.today().isoformat()) == ("done", date(2024, 10, 28))


def test_a_mark_taken_off_after_the_date_still_counts_at_that_date(stack: Stack) -> None:
    """Marked done on 28.10.2024 and taken off today: at 15.11.2024 the stage was done as far as anyone knew."""
    plan = staged_plan(stack)
    activity = plan["sections"][0]["activities"][0]
    stage_id = activity["stages"][0]["id"]
    _mark(stack, activity["id"], stage_id, {"done": True, "completed_on": "2024-10-28"})
    with roadmap_session(stack.settings) as session:  # the mark as made on that day
        event = session.exec(
            select(AuditEvent)
            .where(AuditEvent.action == "mark_stage", AuditEvent.entity_id == str(activity["id"]))
        ).one()  # fmt: skip
        event.occurred_at = _at("2024-10-28")
        session.add(event)
    _mark(stack, activity["id"], stage_id, {"done": False})
    assert _october_stage(stack, plan["id"], "2024-10-27") == ("current", None)  # due 31.10, not marked yet
    assert _october_stage(stack, plan["id"], "2024-11-15") == ("done", date(2024, 10, 28))
    assert _october_stage(stack, plan["id"], None) == ("overdue", None)


def _status(stack: Stack, activity_id: int, status: str) -> None:
    coordinator = stack.auth("municipal_coordinator")
    url = f"/api/roadmap/activities/{activity_id}"
    etag = stack.gateway.get(url, headers=coordinator).headers["ETag"]
    changed = stack.gateway.patch(url, json={"status": status}, headers=coordinator | {"If-Match": etag})
    assert changed.status_code == 200, changed.text


def _dated_events(stack: Stack, entity_id: str, *days: str) -> None:
    """The audited changes of `entity_id`, oldest first, as made on `days` (a change a month ago cannot be made
    today through HTTP)."""
    with roadmap_session(stack.settings) as session:
        events = session.exec(
            select(AuditEvent).where(AuditEvent.entity_id == entity_id).order_by(col(AuditEvent.id))
        ).all()
        changes = [e for e in events if "status" in (e.before or {})]
        assert len(changes) == len(days)
        for event, day in zip(changes, days, strict=True):
            event.occurred_at = _at(day)
            session.add(event)


def test_an_activity_reopened_after_the_date_was_done_at_that_date(stack: Stack) -> None:
    """Closed on 01.11.2024 and reopened today: the report at 15.11.2024 has it done on 01.11.2024, as it stood."""
    plan = staged_plan(stack)
    seminar = plan["sections"][0]["activities"][1]
    _status(stack, seminar["id"], "done")
    _dated_events(stack, str(seminar["id"]), "2024-11-01")
    _status(stack, seminar["id"], "in_progress")
    then = _execution(stack, plan["id"], "2024-11-15").sections[0].activities[1]
    assert (then.status, then.state, then.completed_at) == ("done", "done", date(2024, 11, 1))
    before = _execution(stack, plan["id"], "2024-10-31").sections[0].activities[1]
    assert (before.status, before.state, before.completed_at) == ("planned", "planned", None)
    now = _execution(stack, plan["id"], None).sections[0].activities[1]
    assert (now.status, now.completed_at) == ("in_progress", None)


def test_a_school_s_part_reported_after_the_date_is_as_it_stood(stack: Stack) -> None:
    """A school that started on 01.10.2024 and reported done today: at 15.11.2024 its part was in progress (and,
    October passed, overdue), not planned and not done."""
    own = stack.territory["school"]["code"]
    body = {
        "kind": "municipal_roadmap",
        "title": "Дорожная карта: отчёты школ на дату",
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": "2024-2025",
        "sections": [{"title": "Программы", "activities": [
            {"number": "1", "title": "Разработка антирисковых программ", "deadline_text": "Декабрь 2024 г.",
             "school_codes": [own]},
        ]}],
    }  # fmt: skip
    plan = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator")).json()
    activity = plan["sections"][0]["activities"][0]
    url = f"/api/roadmap/activities/{activity['id']}/schools/{own}"
    for status in ("in_progress", "done"):
        etag = stack.gateway.get(f"/api/roadmap/activities/{activity['id']}", headers=stack.auth("school_staff"))
        row = next(s for s in etag.json()["schools"] if s["school_code"] == own)
        answer = stack.gateway.patch(
            url, json={"status": status}, headers=stack.auth("school_staff") | {"If-Match": f'"{row["revision"]}"'}
        )
        assert answer.status_code == 200, answer.text
    _dated_events(stack, f"{activity['id']}:{own}", "2024-10-01", date.today().isoformat())
    school = _execution(stack, plan["id"], "2024-11-15").sections[0].activities[0].schools[0]
    assert (school.status, school.state, school.completed_at) == ("in_progress", "in_progress", None)
    assert _execution(stack, plan["id"], "2024-09-30").sections[0].activities[0].schools[0].status == "planned"
    school = _execution(stack, plan["id"], None).sections[0].activities[0].schools[0]
    assert (school.status, school.state, school.completed_at) == ("done", "done", date.today())
