"""What the deadline parser reads is what users see, through the gateway: a plan created with activities whose
deadline texts cover each kind (a date, a range, weekly, monthly and quarterly recurrences, a week before a day that
moves, «по запросу», a text that cannot be read); the activity's read, the preview `/schedules/parse`, `/me/deadlines`
(school staff, municipal coordinator) and the iCalendar feed (parsed back) give the same dates; editing the text moves
them; a text that names no date shows as such, never as a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from icalendar import Calendar

from services.roadmap.schedules.parser import parse_schedule
from tests.conftest import Stack

SCHOOL_YEAR = "2025-2026"
PERIOD = (date(2025, 9, 1), date(2026, 8, 31))
D = date
Dates = list[tuple[date | None, date]]


def by_days(*days: date) -> Dates:
    return [(None, day) for day in days]


def mondays() -> Dates:
    first = PERIOD[0] + timedelta(days=-PERIOD[0].weekday() % 7)
    return [(first + timedelta(weeks=n),) * 2 for n in range(53) if first + timedelta(weeks=n) <= PERIOD[1]]


# title → (deadline text, kind, what the plan's school year gives)
TEXTS: dict[str, tuple[str, str, Dates]] = {
    "Педсовет по итогам диагностики": ("до 15.10.2025", "date", [(None, D(2025, 10, 15))]),
    "Входная диагностика": ("01.09.2025 г. – 31.10.2025 г.", "range", [(D(2025, 9, 1), D(2025, 10, 31))]),
    "Планёрка с педагогами": ("еженедельно (понедельник)", "recurring", mondays()),
    "Мониторинг посещаемости": (
        "ежемесячно до 5 числа",
        "recurring",
        by_days(*(D(2025, m, 5) for m in range(9, 13)), *(D(2026, m, 5) for m in range(1, 9))),
    ),
    "Отчёт о реализации программы": (
        "ежеквартально до 5 числа",
        "recurring",
        [(None, D(2025, 10, 5)), (None, D(2026, 1, 5)), (None, D(2026, 4, 5)), (None, D(2026, 7, 5))],
    ),
    "Выставка ко Дню матери": ("в неделю, предшествующую Дню матери", "range", [(D(2025, 11, 23), D(2025, 11, 29))]),
    "Дни открытых дверей": (
        "сентябрь-октябрь 2025; март-апрель 2026",
        "dates",
        [(D(2025, 9, 1), D(2025, 10, 31)), (D(2026, 3, 1), D(2026, 4, 30))],
    ),
    "Консультации родителей": ("по запросу", "on_request", []),
    "Обновление стенда": ("когда-нибудь потом", "unparsed", []),
}
DATED = [title for title, (_, _, dates) in TEXTS.items() if dates]
EDITED = {"Совещание при директоре": "до 15.10.2025", "Смотр кабинетов": "01.09.2025 г. – 31.10.2025 г."}
"""Activities the edit tests change: apart from `TEXTS`, so no test depends on another's order."""


def _ok(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


@dataclass
class Plan:
    id: int
    activities: dict[str, dict[str, Any]]
    """title → the activity as created."""


@pytest.fixture(scope="module")
def plan(stack: Stack) -> Plan:
    school = stack.territory["school"]["code"]
    activities = [{"title": title, "deadline_text": text} for title, (text, _, _) in TEXTS.items()]
    activities += [{"title": title, "deadline_text": text} for title, text in EDITED.items()]
    body = {
        "kind": "anti_risk_programme",
        "title": "Программа антирисковых мер",
        "school_code": school,
        "school_year": SCHOOL_YEAR,
        "sections": [{"number": "1", "title": "Меры", "activities": activities}],
    }
    created = _ok(stack.gateway.post("/api/roadmap/plans", json=body, headers=stack.auth("municipal_coordinator")), 201)
    by_title = {a["title"]: a for a in created["sections"][0]["activities"]}
    return Plan(created["id"], by_title)


def deadlines(stack: Stack, username: str) -> list[dict[str, Any]]:
    params = {"per_page": 500, "days": 365}
    items: list[dict[str, Any]] = _ok(
        stack.gateway.get("/api/roadmap/me/deadlines", params=params, headers=stack.auth(username))
    )["items"]
    return items


def listed(items: list[dict[str, Any]], title: str) -> Dates:
    return sorted(
        (
            (i["start"] and date.fromisoformat(i["start"]), date.fromisoformat(i["due"]))
            for i in items
            if i["title"] == title
        ),
        key=lambda pair: pair[1],
    )


def calendar_events(stack: Stack, username: str) -> list[Any]:
    feed = _ok(stack.gateway.post("/api/roadmap/me/calendar", headers=stack.auth(username)), 201)
    answer = stack.gateway.get(feed["path"])
    assert answer.status_code == 200, answer.text
    return list(Calendar.from_ical(answer.content).walk("VEVENT"))


def activity(stack: Stack, activity_id: int) -> dict[str, Any]:
    read: dict[str, Any] = _ok(
        stack.gateway.get(f"/api/roadmap/activities/{activity_id}", headers=stack.auth("school_staff"))
    )
    return read


def pairs(occurrences: list[dict[str, Any]]) -> Dates:
    return [(o["start"] and date.fromisoformat(o["start"]), date.fromisoformat(o["due"])) for o in occurrences]


@pytest.mark.parametrize("title", list(TEXTS))
def test_the_activity_reads_as_the_parser_and_the_preview(stack: Stack, plan: Plan, title: str) -> None:
    text, kind, expected = TEXTS[title]
    assert pairs(parse_schedule(text, SCHOOL_YEAR, PERIOD).model_dump(mode="json")["occurrences"]) == expected
    read = activity(stack, plan.activities[title]["id"])
    assert read["deadline_text"] == text
    assert read["schedule"]["kind"] == kind
    assert pairs(read["schedule"]["occurrences"]) == expected
    assert [
        (s["start"] and date.fromisoformat(s["start"]), date.fromisoformat(s["due"])) for s in read["stages"]
    ] == expected
    assert read["due_date"] == (expected[-1][1].isoformat() if expected else None)
    starts = [start for start, _ in expected if start]
    assert read["start_date"] == (min(starts).isoformat() if starts else None)
    preview = _ok(
        stack.gateway.post(
            "/api/roadmap/schedules/parse",
            json={"text": text, "school_year": SCHOOL_YEAR},
            headers=stack.auth("school_staff"),
        )
    )
    assert preview["kind"] == kind
    assert pairs(preview["occurrences"]) == expected
    assert preview["summary"] == read["schedule"]["summary"]


@pytest.mark.parametrize("username", ["school_staff", "municipal_coordinator"])
def test_my_deadlines_list_the_same_dates(stack: Stack, plan: Plan, username: str) -> None:
    items = deadlines(stack, username)
    for title, (text, _, expected) in TEXTS.items():
        assert listed(items, title) == expected, title
        labels = [i["label"] for i in sorted(items, key=lambda i: i["due"]) if i["title"] == title]
        assert labels == [o.label for o in parse_schedule(text, SCHOOL_YEAR, PERIOD).occurrences], title
    reports = {i["label"] for i in items if i["title"] == "Отчёт о реализации программы"}
    assert "до 05.10.2025 (за III квартал 2025)" in reports


@pytest.mark.parametrize("username", ["school_staff", "municipal_coordinator"])
def test_the_calendar_feed_has_an_all_day_event_per_due_date(stack: Stack, plan: Plan, username: str) -> None:
    events = calendar_events(stack, username)
    for title, (text, _, expected) in TEXTS.items():
        mine = sorted((e for e in events if str(e["SUMMARY"]) == title), key=lambda e: e.decoded("DTSTART"))
        assert [e.decoded("DTSTART") for e in mine] == [due for _, due in expected], title
        for event in mine:
            start, end = event.decoded("DTSTART"), event.decoded("DTEND")
            assert type(start) is date and type(end) is date, "all-day: VALUE=DATE, no time"
            assert event["DTSTART"].params.get("VALUE", "DATE") == "DATE"
            assert end == start + timedelta(days=1), "DTEND is exclusive (RFC 5545): the day after"
            assert f"Срок: {text}" in str(event["DESCRIPTION"])
    assert {str(e["SUMMARY"]) for e in events} >= set(DATED)
    assert not {str(e["SUMMARY"]) for e in events} & {"Консультации родителей", "Обновление стенда"}


def test_editing_the_text_moves_the_dates_everywhere(stack: Stack, plan: Plan) -> None:
    title = "Совещание при директоре"
    assert listed(deadlines(stack, "school_staff"), title) == [(None, D(2025, 10, 15))]
    current = activity(stack, plan.activities[title]["id"])
    headers = stack.auth("municipal_coordinator") | {"If-Match": f'"{current["revision"]}"'}
    edited = _ok(
        stack.gateway.patch(
            f"/api/roadmap/activities/{current['id']}",
            json={"deadline_text": "III четверть (2 неделя)"},
            headers=headers,
        )
    )
    moved: Dates = [(D(2026, 1, 8), D(2026, 1, 14))]
    assert edited["schedule"]["kind"] == "range"
    assert pairs(edited["schedule"]["occurrences"]) == moved
    assert edited["due_date"] == "2026-01-14" and edited["start_date"] == "2026-01-08"
    assert listed(deadlines(stack, "school_staff"), title) == moved
    events = [e for e in calendar_events(stack, "school_staff") if str(e["SUMMARY"]) == title]
    assert [e.decoded("DTSTART") for e in events] == [D(2026, 1, 14)]


def test_a_text_edited_to_no_date_shows_no_date(stack: Stack, plan: Plan) -> None:
    title = "Смотр кабинетов"
    assert listed(deadlines(stack, "municipal_coordinator"), title) == [(D(2025, 9, 1), D(2025, 10, 31))]
    current = activity(stack, plan.activities[title]["id"])
    headers = stack.auth("municipal_coordinator") | {"If-Match": f'"{current["revision"]}"'}
    edited = _ok(
        stack.gateway.patch(
            f"/api/roadmap/activities/{current['id']}", json={"deadline_text": "по плану ОО"}, headers=headers
        )
    )
    assert edited["schedule"]["kind"] == "on_request"
    assert edited["schedule"]["summary"].startswith("без фиксированного срока")
    assert edited["schedule"]["occurrences"] == [] and edited["stages"] == []
    assert edited["due_date"] is None and edited["start_date"] is None
    assert listed(deadlines(stack, "municipal_coordinator"), title) == []
    assert not [e for e in calendar_events(stack, "municipal_coordinator") if str(e["SUMMARY"]) == title]


CALENDAR_2025 = (D(2025, 1, 1), D(2025, 12, 31))
# a plan by calendar year, with no school year: title → (text, what 2025 gives, warnings)
CALENDAR_TEXTS: dict[str, tuple[str, Dates, int]] = {
    "Самообследование": ("1 раз в год", [CALENDAR_2025], 0),
    "Отчёт учредителю": (
        "ежеквартально до 5 числа",
        [(None, D(2025, 4, 5)), (None, D(2025, 7, 5)), (None, D(2025, 10, 5)), (None, D(2026, 1, 5))],
        1,  # the report on the IV quarter falls after the plan: kept, and said so
    ),
    "Сверка контингента": ("ежемесячно, до 5 числа", [(None, D(2025, m, 5)) for m in range(1, 13)], 0),
}


@pytest.fixture(scope="module")
def calendar_plan(stack: Stack) -> Plan:
    school = stack.territory["school"]["code"]
    activities = [{"title": title, "deadline_text": text} for title, (text, _, _) in CALENDAR_TEXTS.items()]
    body = {
        "kind": "anti_risk_programme",
        "title": "План работы на 2025 год",
        "school_code": school,
        "period_start": CALENDAR_2025[0].isoformat(),
        "period_end": CALENDAR_2025[1].isoformat(),
        "sections": [{"number": "1", "title": "Отчётность", "activities": activities}],
    }
    created = _ok(stack.gateway.post("/api/roadmap/plans", json=body, headers=stack.auth("municipal_coordinator")), 201)
    return Plan(created["id"], {a["title"]: a for a in created["sections"][0]["activities"]})


@pytest.mark.parametrize("title", list(CALENDAR_TEXTS))
def test_a_calendar_year_plan_everywhere(stack: Stack, calendar_plan: Plan, title: str) -> None:
    """A plan for 2025: once a year is 2025, the report on its IV quarter is kept (a warning on the activity),
    and the read, the preview with the plan's dates, the deadlines and the feed agree."""
    text, expected, warnings = CALENDAR_TEXTS[title]
    read = activity(stack, calendar_plan.activities[title]["id"])
    assert pairs(read["schedule"]["occurrences"]) == expected
    assert len(read["schedule"]["warnings"]) == warnings
    body = {"text": text, "period_start": "2025-01-01", "period_end": "2025-12-31"}
    preview = _ok(stack.gateway.post("/api/roadmap/schedules/parse", json=body, headers=stack.auth("school_staff")))
    assert pairs(preview["occurrences"]) == expected
    assert preview["warnings"] == read["schedule"]["warnings"]
    assert listed(deadlines(stack, "school_staff"), title) == expected
    events = [e for e in calendar_events(stack, "school_staff") if str(e["SUMMARY"]) == title]
    assert sorted(e.decoded("DTSTART") for e in events) == [due for _, due in expected]


def test_a_plans_period_changed_rereads_its_deadlines(stack: Stack) -> None:
    """Deadlines are read within the plan's period: shortening it used to leave a monthly activity with its dates
    up to the old end, in the read and in everyone's deadlines."""
    school = stack.territory["school"]["code"]
    title = "Сверка журналов"
    body = {
        "kind": "anti_risk_programme",
        "title": "План работы на 2025 год (сокращён)",
        "school_code": school,
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "sections": [
            {
                "number": "1",
                "title": "Контроль",
                "activities": [{"title": title, "deadline_text": "ежемесячно, до 5 числа"}],
            }
        ],
    }
    coordinator = stack.auth("municipal_coordinator")
    created = _ok(stack.gateway.post("/api/roadmap/plans", json=body, headers=coordinator), 201)
    activity_id = created["sections"][0]["activities"][0]["id"]
    assert len(activity(stack, activity_id)["schedule"]["occurrences"]) == 12
    headers = coordinator | {"If-Match": f'"{created["revision"]}"'}
    _ok(stack.gateway.patch(f"/api/roadmap/plans/{created['id']}", json={"period_end": "2025-06-30"}, headers=headers))
    halved: Dates = [(None, D(2025, m, 5)) for m in range(1, 7)]
    read = activity(stack, activity_id)
    assert pairs(read["schedule"]["occurrences"]) == halved and read["due_date"] == "2025-06-05"
    assert [(s["start"], s["due"]) for s in read["stages"]] == [(None, due.isoformat()) for _, due in halved]
    assert listed(deadlines(stack, "municipal_coordinator"), title) == halved  # overdue ones listed too
