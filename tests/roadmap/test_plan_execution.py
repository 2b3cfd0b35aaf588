"""What the roadmap tells the documents: the plan's own column set (kept from the import, standard when made
in the app, carried into new versions), the execution at a date per stage with done marks, and the
indicators' direction — all through HTTP, parsed with the shared contract the reports service uses."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import select

from services.roadmap.db import AuditEvent
from services.shared.contracts.roadmap import PlanExecution, PlanIndicator
from tests.conftest import Stack
from tests.roadmap.plan_files import plan_003, plan_004
from tests.roadmap.plan_rows import add_activity, add_plan, roadmap_session

PLANS = "/api/roadmap/plans"
YEAR = "2024-2025"


def _header(stack: Stack, title: str, school_year: str = YEAR) -> str:
    return json.dumps(
        {
            "kind": "municipal_roadmap",
            "title": title,
            "municipality_code": stack.territory["municipality"]["code"],
            "school_year": school_year,
        },
        ensure_ascii=False,
    )


def import_plan(stack: Stack, title: str, school_year: str, **source: Any) -> dict[str, Any]:
    """A plan saved from a file (`file=(name, bytes)`) or pasted text (`text=…`) by the municipal coordinator."""
    files = {"file": source["file"]} if "file" in source else None
    data = {"header": _header(stack, title, school_year), "dry_run": "false"}
    if "text" in source:
        data["text"] = source["text"]
    answer = stack.gateway.post(f"{PLANS}/import", data=data, files=files, headers=stack.auth("municipal_coordinator"))
    assert answer.status_code == 201, answer.text
    plan: dict[str, Any] = answer.json()
    return plan


def staged_plan(stack: Stack) -> dict[str, Any]:
    """A municipal plan whose first activity has an October and a May stage."""
    body = {
        "kind": "municipal_roadmap",
        "title": "Дорожная карта с этапами",
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": YEAR,
        "sections": [
            {
                "number": "1",
                "title": "Мониторинг",
                "activities": [
                    {
                        "number": "1.1",
                        "title": "Мониторинг реализации антирисковых программ",
                        "responsible": [{"name": "Бабкина Н.А."}],
                        "deadline_text": "Октябрь 2024 г., май 2025 г.",
                        "expected_result": "2 аналитические справки",
                    },
                    {
                        "number": "1.2",
                        "title": "Итоговый семинар",
                        "responsible": [{"name": "МБУ ГЦОКО"}],
                        "deadline_text": "Май 2025 г.",
                    },
                ],
            }
        ],
    }
    created = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator"))
    assert created.status_code == 201, created.text
    plan: dict[str, Any] = created.json()
    return plan


def execution(stack: Stack, plan_id: int, as_of: str | None) -> PlanExecution:
    params = {"as_of": as_of} if as_of else {}
    answer = stack.gateway.get(f"{PLANS}/{plan_id}/execution", params=params, headers=stack.auth("observer"))
    assert answer.status_code == 200, answer.text
    return PlanExecution.model_validate(answer.json())


def test_a_plan_keeps_the_column_set_it_was_written_in(stack: Stack) -> None:
    made = staged_plan(stack)
    assert made["column_set"] == "standard"
    assert [c["field"] for c in made["columns"]] == [
        "number", "title", "responsible", "deadline", "expected_result", "final_document",
    ]  # fmt: skip
    tracks = import_plan(stack, "Дорожная карта 2022-2023", "2022-2023", file=("план.docx", plan_003()))
    assert tracks["column_set"] == "tracks_003"
    assert [c["label"] for c in tracks["columns"]] == [
        "№",
        "Мероприятия",
        "Итоговый документ",
        "Сроки",
        "Ответственный",
    ]
    periods = import_plan(stack, "План-график 2021-2023", "2020-2021", text=plan_004())
    assert periods["column_set"] == "periods_004"
    assert [c["field"] for c in periods["columns"]] == ["number", "deadline", "title", "expected_result"]
    listed = stack.gateway.get(PLANS, params={"q": "План-график"}, headers=stack.auth("observer")).json()
    assert [p["column_set"] for p in listed["items"]] == ["periods_004"]

    coordinator = stack.auth("municipal_coordinator")
    etag = stack.gateway.get(f"{PLANS}/{tracks['id']}", headers=coordinator).headers["ETag"]
    approved = stack.gateway.post(
        f"{PLANS}/{tracks['id']}/approve",
        json={"order_number": "01-04-181", "order_date": "2022-07-01"},
        headers=coordinator | {"If-Match": etag},
    )
    assert approved.status_code == 200, approved.text
    version = stack.gateway.post(f"{PLANS}/{tracks['id']}/versions", headers=coordinator)
    assert version.status_code == 201, version.text
    assert version.json()["column_set"] == "tracks_003"

    draft = stack.gateway.get(f"{PLANS}/{made['id']}", headers=coordinator)
    changed = stack.gateway.patch(f"{PLANS}/{made['id']}", json={"column_set": "content_001"},
                                  headers=coordinator | {"If-Match": draft.headers["ETag"]})  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert [c["label"] for c in changed.json()["columns"]][1:3] == ["Содержание деятельности", "Исполнитель"]

    bad = stack.gateway.post(
        PLANS, json={"kind": "other", "title": "План", "municipality_code": stack.territory["municipality"]["code"],
                     "school_year": YEAR, "column_set": "tracks_999"}, headers=coordinator,
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"


def test_a_passed_stage_without_a_done_mark_is_overdue(stack: Stack) -> None:
    plan = staged_plan(stack)
    staged, seminar = plan["sections"][0]["activities"]
    assert [o for o in (staged["due_date"], seminar["due_date"])] == ["2025-05-31", "2025-05-31"]

    early = execution(stack, plan["id"], "2024-10-10")
    first = early.sections[0].activities[0]
    assert [s.state for s in first.stages] == ["current", "upcoming"] and first.state == "planned"

    # November: the October stage has passed undone, although the final due date is in May.
    november = execution(stack, plan["id"], "2024-11-15")
    first, second = november.sections[0].activities
    assert [s.state for s in first.stages] == ["overdue", "upcoming"] and first.state == "overdue"
    assert second.state == "planned" and [s.state for s in second.stages] == ["upcoming"]
    assert first.responsible == "Бабкина Н.А." and first.deadline_text == "Октябрь 2024 г., май 2025 г."
    assert november.columns[1].label == "Мероприятие" and november.as_of.isoformat() == "2024-11-15"

    coordinator = stack.auth("municipal_coordinator")
    url = f"/api/roadmap/activities/{staged['id']}"
    etag = stack.gateway.get(url, headers=coordinator).headers["ETag"]
    october = first.stages[0].id
    no_etag = stack.gateway.patch(f"{url}/stages/{october}", json={"done": True}, headers=coordinator)
    assert no_etag.status_code == 428
    foreign_stage = execution(stack, plan["id"], "2024-11-15").sections[0].activities[1].stages[0].id
    wrong = stack.gateway.patch(
        f"{url}/stages/{foreign_stage}", json={"done": True}, headers=coordinator | {"If-Match": etag}
    )
    assert wrong.status_code == 404 and wrong.json()["code"] == "stage_not_found"
    observer = stack.gateway.patch(
        f"{url}/stages/{october}", json={"done": True}, headers=stack.auth("observer") | {"If-Match": etag}
    )
    assert observer.status_code == 403
    marked = stack.gateway.patch(
        f"{url}/stages/{october}",
        json={"done": True, "completed_on": "2024-10-28"},
        headers=coordinator | {"If-Match": etag},
    )
    assert marked.status_code == 200, marked.text
    assert marked.headers["ETag"] != etag
    # Made today, the mark is known only from today on; as if made on the day it names, it counts from then.
    assert execution(stack, plan["id"], "2024-11-15").sections[0].activities[0].stages[0].state == "overdue"
    with roadmap_session(stack.settings) as session:
        event = session.exec(
            select(AuditEvent).where(AuditEvent.action == "mark_stage", AuditEvent.entity_id == str(staged["id"]))
        ).one()
        event.occurred_at = datetime(2024, 10, 28, 12, 0, tzinfo=UTC)
        session.add(event)

    after = execution(stack, plan["id"], "2024-11-15").sections[0].activities[0]
    assert [s.state for s in after.stages] == ["done", "upcoming"] and after.state == "in_progress"
    assert after.stages[0].completed_on is not None and after.stages[0].completed_on.isoformat() == "2024-10-28"
    before_mark = execution(stack, plan["id"], "2024-10-20").sections[0].activities[0]
    assert before_mark.stages[0].state == "current", "a mark made later does not count at an earlier date"
    june = execution(stack, plan["id"], "2025-06-10").sections[0].activities[0]
    assert [s.state for s in june.stages] == ["done", "overdue"] and june.state == "overdue"

    bad_date = stack.gateway.get(
        f"{PLANS}/{plan['id']}/execution", params={"as_of": "15.11.2024x"}, headers=stack.auth("observer")
    )
    assert bad_date.status_code == 422


def test_per_school_results_and_evidence_by_file_name(stack: Stack) -> None:
    own = stack.territory["school"]["code"]
    other = next(s for s in stack.territory["curated_schools"] if s["code"] != own)["code"]
    body = {
        "kind": "municipal_roadmap",
        "title": "Дорожная карта: программы школ",
        "municipality_code": stack.territory["municipality"]["code"],
        "school_year": YEAR,
        "sections": [
            {
                "title": "Программы",
                "activities": [
                    {"number": "1", "title": "Разработка антирисковых программ", "deadline_text": "Октябрь 2024 г.",
                     "school_codes": [own, other]},
                ],
            }
        ],
    }  # fmt: skip
    plan = stack.gateway.post(PLANS, json=body, headers=stack.auth("municipal_coordinator")).json()
    activity = plan["sections"][0]["activities"][0]
    row = next(s for s in activity["schools"] if s["school_code"] == own)
    reported = stack.gateway.patch(
        f"/api/roadmap/activities/{activity['id']}/schools/{own}",
        json={"status": "done", "actual_result": "Программа утверждена приказом № 12"},
        headers=stack.auth("school_staff") | {"If-Match": f'"{row["revision"]}"'},
    )
    assert reported.status_code == 200, reported.text
    uploaded = stack.gateway.post(
        f"/api/roadmap/activities/{activity['id']}/evidence",
        data={"title": "Приказ об утверждении программы", "school_code": own},
        files={"file": ("приказ-12.pdf", b"%PDF-1.4\n%%EOF\n")},
        headers=stack.auth("school_staff"),
    )
    assert uploaded.status_code == 201, uploaded.text

    found = execution(stack, plan["id"], None).sections[0].activities[0]  # today: October 2024 long passed
    states = {s.school_code: (s.state, s.actual_result) for s in found.schools}
    assert states[own] == ("done", "Программа утверждена приказом № 12") and states[other][0] == "overdue"
    assert found.state == "overdue" and found.stages[0].state == "overdue"
    # Reported done today, so not yet done at a date before today.
    earlier = execution(stack, plan["id"], "2024-11-15").sections[0].activities[0]
    assert {s.school_code: s.state for s in earlier.schools} == {own: "overdue", other: "overdue"}
    assert [(e.kind, e.file_name, e.school_code) for e in found.evidence] == [("file", "приказ-12.pdf", own)]

    # The coordinator closes the whole activity: it is done, whatever the schools have reported.
    coordinator = stack.auth("municipal_coordinator")
    url = f"/api/roadmap/activities/{activity['id']}"
    etag = stack.gateway.get(url, headers=coordinator).headers["ETag"]
    closed = stack.gateway.patch(url, json={"status": "done"}, headers=coordinator | {"If-Match": etag})
    assert closed.status_code == 200, closed.text
    done = execution(stack, plan["id"], None).sections[0].activities[0]
    assert done.state == "done" and [s.state for s in done.stages] == ["done"]


def test_an_indicator_says_which_way_is_better(stack: Stack) -> None:
    plan = staged_plan(stack)
    headers = stack.auth("municipal_coordinator")
    url = f"{PLANS}/{plan['id']}/indicators"
    plain = stack.gateway.post(url, json={"name": "Доля выпускников 9 классов с аттестатом", "unit": "%"},
                               headers=headers)  # fmt: skip
    assert plain.status_code == 201 and plain.json()["direction"] == "higher"
    lower = stack.gateway.post(
        url, json={"name": "Доля обучающихся ниже порога", "unit": "%", "direction": "lower", "baseline": 34},
        headers=headers,
    )  # fmt: skip
    assert lower.status_code == 201 and lower.json()["direction"] == "lower"
    flipped = stack.gateway.patch(
        f"/api/roadmap/indicators/{plain.json()['id']}",
        json={"direction": "lower"},
        headers=headers | {"If-Match": "*"},
    )
    assert flipped.status_code == 200 and flipped.json()["direction"] == "lower"
    wrong = stack.gateway.post(url, json={"name": "Показатель", "unit": "%", "direction": "up"}, headers=headers)
    assert wrong.status_code == 422
    listed = stack.gateway.get(url, headers=stack.auth("observer")).json()
    parsed = [PlanIndicator.model_validate(i) for i in listed]
    assert [(i.direction, i.baseline) for i in parsed] == [("lower", None), ("lower", 34.0)]


def test_the_plan_read_progress_and_deadlines_judge_by_the_earliest_open_stage(stack: Stack) -> None:
    """Today's view agrees with the report: a passed stage without a done mark makes the activity overdue in
    the plan read and the progress; marking it done clears the flag and takes it off the deadline list."""
    today = date.today()
    municipality = stack.territory["municipality"]["code"]
    with roadmap_session(stack.settings) as session:
        rows = add_plan(session, title="План с этапами на сегодня", region=stack.territory["region"]["code"],
                        municipality=municipality)  # fmt: skip
        staged = add_activity(
            session, rows, "Этапное мероприятие", [today - timedelta(days=20), today + timedelta(days=90)]
        )
        add_activity(session, rows, "Одноэтапное мероприятие", [today + timedelta(days=90)])
    observer = stack.auth("observer")
    plan = stack.gateway.get(f"{PLANS}/{rows.plan_id}", headers=observer).json()
    flags = {a["title"]: a["overdue"] for a in plan["sections"][0]["activities"]}
    assert flags == {"Этапное мероприятие": True, "Одноэтапное мероприятие": False}
    progress = stack.gateway.get(f"{PLANS}/{rows.plan_id}/progress", headers=observer).json()
    assert progress["plan"]["counts"]["overdue"] == 1
    listed = stack.gateway.get("/api/roadmap/me/deadlines", params={"days": 120}, headers=observer).json()["items"]
    assert [i["overdue"] for i in listed if i["activity_id"] == staged] == [True, False]

    coordinator = stack.auth("municipal_coordinator")
    url = f"/api/roadmap/activities/{staged}"
    etag = stack.gateway.get(url, headers=coordinator).headers["ETag"]
    marked = stack.gateway.patch(f"{url}/stages/{rows.occurrences[0]}", json={"done": True},
                                 headers=coordinator | {"If-Match": etag})  # fmt: skip
    assert marked.status_code == 200, marked.text
    assert marked.json()["overdue"] is False
    assert [(st["id"], st["completed_on"]) for st in marked.json()["stages"]] == [
        (rows.occurrences[0], today.isoformat()), (rows.occurrences[1], None),
    ]  # fmt: skip
    progress = stack.gateway.get(f"{PLANS}/{rows.plan_id}/progress", headers=observer).json()
    assert progress["plan"]["counts"]["overdue"] == 0
    listed = stack.gateway.get("/api/roadmap/me/deadlines", params={"days": 120}, headers=observer).json()["items"]
    assert [i["overdue"] for i in listed if i["activity_id"] == staged] == [False]
