"""Deadline texts as school and municipal roadmaps write them, round 12, checked to the day: the next school year
(«в новом (следующем) учебном году», «в сентябре нового учебного года»), the reporting period («в отчетный период»,
«до конца отчетного периода»), the New Year's days off, a month misspelt in five letters («ноябь»), «1 р/м», the
edges of a decade («до 3 декады мая», «с 3 декады мая», «с 1 по 2 декаду мая») and of the tens of days («до 20-х
чисел сентября»), a tilde between months, a window in each week («еженедельно до пятницы», «пн-пт»), «кроме …»
before a day of each month, a recurrence in two numbered periods («ежемесячно в I и III четвертях»), an exam named
with no date («до ГИА»), times of day written «15 ч. 00 мин.», «15-00» or after the date, English months and
quarters; then the same texts in a plan by the calendar year, over two school years and through the API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from services.roadmap.schedules.parser import ScheduleKind, _parse, month_bounds
from tests.conftest import Stack
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form

SCHOOL_MONTHS = [(2024, m) for m in range(9, 13)] + [(2025, m) for m in range(1, 9)]
NEXT_SCHOOL_YEAR: Expected = [(D(2025, 9, 1), D(2026, 8, 31))]
MONDAYS_FRIDAYS = [(D(2024, 9, 2) + timedelta(weeks=n), D(2024, 9, 6) + timedelta(weeks=n)) for n in range(52)]
"""Monday and Friday of each week of the school year 2024-2025 whose Friday it holds."""
WORK_WEEKS: Expected = list(MONDAYS_FRIDAYS)
TERMS: Expected = [
    (D(2024, 9, 1), D(2024, 10, 31)), (D(2024, 11, 1), D(2024, 12, 31)),
    (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 5, 31)),
]  # fmt: skip
LAST_FRIDAYS = [
    D(2024, 9, 27), D(2024, 10, 25), D(2024, 11, 29), D(2024, 12, 27), D(2025, 1, 31),
    D(2025, 2, 28), D(2025, 3, 28), D(2025, 4, 25), D(2025, 5, 30), D(2025, 6, 27),
]  # fmt: skip


def by_days(*days: date) -> Expected:
    return [(None, day) for day in days]


def whole_months(*pairs: tuple[int, int]) -> Expected:
    return [month_bounds(year, month) for year, month in pairs]


FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # the next school year: the one after the plan's (kept with a warning: outside the plan)
    ("в новом (следующем) учебном году", ScheduleKind.range, None, NEXT_SCHOOL_YEAR),
    ("в следующем уч. году", ScheduleKind.range, None, NEXT_SCHOOL_YEAR),
    ("в сентябре нового учебного года", ScheduleKind.month, None, whole_months((2025, 9))),
    ("в январе следующего учебного года", ScheduleKind.month, None, whole_months((2026, 1))),
    ("до начала нового учебного года", ScheduleKind.date, None, by_days(D(2025, 8, 31))),  # as before
    # the reporting period is the plan's
    ("в отчетный период", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("в отчётном периоде", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("до конца отчетного периода", ScheduleKind.date, None, by_days(D(2025, 8, 31))),
    ("к окончанию периода реализации программы", ScheduleKind.date, None, by_days(D(2025, 8, 31))),
    # the New Year's days off (1-8 January), not the winter holidays of a school
    ("в новогодние праздники", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 1, 8))]),
    ("в дни новогодних праздников", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 1, 8))]),
    ("Новогодние праздники", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 1, 8))]),
    ("после новогодних праздников", ScheduleKind.on_request, None, []),  # as «после зимних каникул»
    ("к новогодним праздникам", ScheduleKind.date, None, by_days(D(2024, 12, 31))),  # as before
    # a month of six letters written in five
    ("ноябь", ScheduleKind.month, None, whole_months((2024, 11))),
    ("до 10 ноябя", ScheduleKind.date, None, by_days(D(2024, 11, 10))),
    # «р/м», «р/г»: the unit after «раз в» cut short
    ("1 р/м", ScheduleKind.recurring, "monthly", whole_months(*SCHOOL_MONTHS)),
    ("1 р/г", ScheduleKind.recurring, "yearly", [(D(2024, 9, 1), D(2025, 5, 31))]),
    # a decade's edge: «до» before it starts, «с» from its first day
    ("до 3 декады мая", ScheduleKind.date, None, by_days(D(2025, 5, 20))),
    ("до III декады мая", ScheduleKind.date, None, by_days(D(2025, 5, 20))),
    ("к третьей декаде мая", ScheduleKind.date, None, by_days(D(2025, 5, 20))),
    ("до 2-й декады октября", ScheduleKind.date, None, by_days(D(2024, 10, 10))),
    ("с 3 декады мая", ScheduleKind.period, None, [(D(2025, 5, 21), D(2025, 8, 31))]),
    ("в течение 3 декады мая", ScheduleKind.period, None, [(D(2025, 5, 21), D(2025, 5, 31))]),  # as before
    ("с 1 по 2 декаду мая", ScheduleKind.range, None, [(D(2025, 5, 1), D(2025, 5, 20))]),  # as «1-2 декада мая»
    ("с I по II декаду мая", ScheduleKind.range, None, [(D(2025, 5, 1), D(2025, 5, 20))]),
    (
        "до 3 декады каждого месяца",
        ScheduleKind.recurring,
        "monthly",
        [(None, D(year, month, 20)) for year, month in SCHOOL_MONTHS],
    ),
    # the tens of days of a month
    ("до 20-х чисел сентября", ScheduleKind.date, None, by_days(D(2024, 9, 20))),
    ("к 20-м числам сентября", ScheduleKind.date, None, by_days(D(2024, 9, 20))),
    ("в 20-х числах сентября", ScheduleKind.range, None, [(D(2024, 9, 20), D(2024, 9, 29))]),
    # a tilde between two dates is a dash
    ("ноябрь ~ декабрь", ScheduleKind.range, None, [(D(2024, 11, 1), D(2024, 12, 31))]),
    ("20 ~ 25 мая", ScheduleKind.range, None, [(D(2025, 5, 20), D(2025, 5, 25))]),
    # a weekday «до» which a weekly text is due: Monday to that day of each week
    ("еженедельно до пятницы", ScheduleKind.recurring, "weekly", WORK_WEEKS),
    ("1 раз в неделю, не позднее пятницы", ScheduleKind.recurring, "weekly", WORK_WEEKS),
    ("еженедельно с понедельника по пятницу", ScheduleKind.recurring, "weekly", WORK_WEEKS),
    ("еженедельно, пн-пт", ScheduleKind.recurring, "weekly", WORK_WEEKS),
    (
        "еженедельно (до четверга)",
        ScheduleKind.recurring,
        "weekly",
        [(start, due - timedelta(days=1)) for start, due in MONDAYS_FRIDAYS],
    ),
    (
        "еженедельно (пн-чт)",
        ScheduleKind.recurring,
        "weekly",
        [(start, due - timedelta(days=1)) for start, due in MONDAYS_FRIDAYS],
    ),
    (
        "еженедельно, со вторника по четверг",
        ScheduleKind.recurring,
        "weekly",
        [(start + timedelta(days=1), due - timedelta(days=1)) for start, due in MONDAYS_FRIDAYS],
    ),
    ("с понедельника по пятницу", ScheduleKind.recurring, "daily", []),  # alone: every workday, as before
    ("еженедельно, по пт", ScheduleKind.recurring, "weekly", [(due, due) for _, due in MONDAYS_FRIDAYS]),  # on Fridays
    # a decade with no month in a monthly text: by the day before it in each month
    (
        "ежемесячно до 3 декады",
        ScheduleKind.recurring,
        "monthly",
        [(None, D(year, month, 20)) for year, month in SCHOOL_MONTHS],
    ),
    # «кроме …» before the day (days, weekday) of each month: the recurrence's, not left out
    (
        "ежемесячно, кроме июля и августа, в последнюю пятницу",
        ScheduleKind.recurring,
        "monthly",
        [(d, d) for d in LAST_FRIDAYS],
    ),
    (
        "ежемесячно, кроме января, 1-5 числа",
        ScheduleKind.recurring,
        "monthly",
        [(D(y, m, 1), D(y, m, 5)) for y, m in SCHOOL_MONTHS if m != 1],
    ),
    (
        "ежемесячно, кроме июля, августа",  # months listed after a comma stay left out, as before
        ScheduleKind.recurring,
        "monthly",
        whole_months(*SCHOOL_MONTHS[:10]),
    ),
    (
        "ежемесячно, кроме января и июля, до 10 числа",
        ScheduleKind.recurring,
        "monthly",
        [(None, D(y, m, 10)) for y, m in SCHOOL_MONTHS if m not in (1, 7)],
    ),
    (
        "ежемесячно, кроме каникул, до 5 числа",
        ScheduleKind.recurring,
        "monthly",
        [(None, D(y, m, 5)) for y, m in SCHOOL_MONTHS if m not in (6, 7, 8)],
    ),
    (
        "ежемесячно, за исключением июля и августа, не позднее 5 числа",
        ScheduleKind.recurring,
        "monthly",
        [(None, D(y, m, 5)) for y, m in SCHOOL_MONTHS if m not in (7, 8)],
    ),
    # a shorter recurrence in two numbered periods: in each
    (
        "ежемесячно в I и III четвертях",
        ScheduleKind.recurring,
        "monthly",
        whole_months((2024, 9), (2024, 10), (2025, 1), (2025, 2), (2025, 3)),
    ),
    (
        "1 раз в месяц во II и IV четвертях",
        ScheduleKind.recurring,
        "monthly",
        whole_months((2024, 11), (2024, 12), (2025, 4), (2025, 5)),
    ),
    (  # each school half-year's terms, as «ежеквартально во II полугодии» reads one
        "ежеквартально в I и II полугодии",
        ScheduleKind.recurring,
        "quarterly",
        TERMS,
    ),
    (  # both periods alone, as before
        "в течение I и III четвертей",
        ScheduleKind.dates,
        None,
        [(D(2024, 9, 1), D(2024, 10, 31)), (D(2025, 1, 1), D(2025, 3, 31))],
    ),
    # an exam or an event with no date written: no date, said plainly (not unparsed)
    ("до ГИА", ScheduleKind.on_request, None, []),
    ("к ОГЭ", ScheduleKind.on_request, None, []),
    ("за неделю до ГИА", ScheduleKind.on_request, None, []),  # as before
    ("после проведения ВПР", ScheduleKind.on_request, None, []),  # as before
    ("после проведения ВПР (апрель)", ScheduleKind.month, None, whole_months((2025, 4))),  # the month says when
    ("до ВПР, не позднее 10.03.2025", ScheduleKind.date, None, by_days(D(2025, 3, 10))),
    # a time before an event with no date, then a deadline of its own: due by that date, not counted back from it
    ("за неделю до ГИА (до 15.05.2025)", ScheduleKind.date, None, by_days(D(2025, 5, 15))),
    ("за 2 недели до начала ВПР, но не позднее 01.03.2025", ScheduleKind.date, None, by_days(D(2025, 3, 1))),
    ("за неделю до ГИА (25.05.2025)", ScheduleKind.date, None, by_days(D(2025, 5, 18))),  # the exam's day: as before
    # a time of day: by that day («до» kept), however the hour is written
    ("в срок до 15 ч. 00 мин. 25.12.2024", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    ("до 15-00 25.12.2024", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    ("до 15ч. 25.12.2024", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    ("25.12.2024 до 15:00", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    ("до 15:00 25.12.2024", ScheduleKind.date, None, by_days(D(2024, 12, 25))),  # as before
    ("10-15.10.2024", ScheduleKind.range, None, [(D(2024, 10, 10), D(2024, 10, 15))]),  # days, not a time
    ("до 25.12.2024 г. включительно", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    # a month «включительно» is through its last day (not the day before it starts)
    ("до мая включительно", ScheduleKind.date, None, by_days(D(2025, 5, 31))),
    ("По май включительно", ScheduleKind.date, None, by_days(D(2025, 5, 31))),
    ("по декабрь 2024 года (включительно)", ScheduleKind.date, None, by_days(D(2024, 12, 31))),
    ("до мая", ScheduleKind.date, None, by_days(D(2025, 4, 30))),  # without it, as before
    # English months and quarters
    ("October 2024", ScheduleKind.month, None, whole_months((2024, 10))),
    ("до 25 May 2025", ScheduleKind.date, None, by_days(D(2025, 5, 25))),
    ("Q4 2024", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 12, 31))]),
    # Latin letters typed in a Russian word, as before
    ("ceнтябрь-oктябрь", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 31))]),
    # numbered lists of deadlines in one cell, as before
    ("1) до 01.10; 2) до 01.12", ScheduleKind.dates, None, by_days(D(2024, 10, 1), D(2024, 12, 1))),
    ("1. до 01.10.2024 2. до 01.12.2024", ScheduleKind.dates, None, by_days(D(2024, 10, 1), D(2024, 12, 1))),
]


@pytest.mark.no_database
@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS)
def test_form(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


@pytest.mark.no_database
def test_the_next_school_year_is_named_outside_the_plan() -> None:
    schedule = _parse("в новом (следующем) учебном году", SCHOOL_YEAR, None)
    assert schedule.summary == "сентябрь 2025 – август 2026"
    assert schedule.warnings


@pytest.mark.no_database
def test_a_week_window_says_its_days() -> None:
    schedule = _parse("еженедельно до пятницы", SCHOOL_YEAR, None)
    assert schedule.summary == "еженедельно, с понедельника по пятницу"
    assert schedule.occurrences[0].label == "неделя 2–6 сентября 2024"


CALENDAR_2025 = (D(2025, 1, 1), D(2025, 12, 31))
TWO_SCHOOL_YEARS = (D(2024, 9, 1), D(2026, 8, 31))


@pytest.mark.no_database
@pytest.mark.parametrize(
    ("text", "period", "expected", "warned"),
    [
        # a plan by the calendar year 2025: the school year that starts in its September
        ("в новом учебном году", CALENDAR_2025, NEXT_SCHOOL_YEAR, True),
        ("до конца отчетного периода", CALENDAR_2025, by_days(D(2025, 12, 31)), False),
        ("в новогодние праздники", CALENDAR_2025, [(D(2025, 1, 1), D(2025, 1, 8))], False),
        (  # the first week's window starts with the plan (Wednesday 1 January)
            "еженедельно до пятницы",
            CALENDAR_2025,
            [(D(2025, 1, 1), D(2025, 1, 3))]
            + [(D(2025, 1, 6) + timedelta(weeks=n), D(2025, 1, 10) + timedelta(weeks=n)) for n in range(51)],
            False,
        ),
        (
            "ежемесячно, кроме января и июля, до 10 числа",
            CALENDAR_2025,
            [(None, D(2025, m, 10)) for m in range(1, 13) if m not in (1, 7)],
            False,
        ),
        # two school years: the next is the one after the first; the reporting period is both
        ("в новом учебном году", TWO_SCHOOL_YEARS, NEXT_SCHOOL_YEAR, False),
        ("до конца отчетного периода", TWO_SCHOOL_YEARS, by_days(D(2026, 8, 31)), False),
        ("в отчетный период", TWO_SCHOOL_YEARS, [TWO_SCHOOL_YEARS], False),
        (
            "ежемесячно в I и III четвертях",
            TWO_SCHOOL_YEARS,
            whole_months((2024, 9), (2024, 10), (2025, 1), (2025, 2), (2025, 3)),
            False,
        ),
    ],
)
def test_in_other_plan_periods(text: str, period: tuple[date, date], expected: Expected, warned: bool) -> None:
    schedule = _parse(text, None, period)
    assert [(o.start, o.due) for o in schedule.occurrences] == expected
    assert bool(schedule.warnings) == warned


@pytest.mark.no_database
def test_a_recurrence_in_two_terms_of_a_calendar_plan_spans_both() -> None:
    """In a plan for 2025 the I term is of 2025-2026 and the III of 2024-2025: the months of each, in order, and a
    period from the first of them to the last (not one that ends before it starts)."""
    schedule = _parse("ежемесячно в I и III четвертях", None, CALENDAR_2025)
    expected = whole_months((2025, 1), (2025, 2), (2025, 3), (2025, 9), (2025, 10))
    assert [(o.start, o.due) for o in schedule.occurrences] == expected
    assert (schedule.period_start, schedule.period_end) == (D(2025, 1, 1), D(2025, 10, 31))


API_SCHOOL_YEAR = "2025-2026"
API_TEXTS: dict[str, tuple[str, str, Expected]] = {
    "Отчёт о посещаемости": (
        "ежемесячно, кроме января и июля, до 10 числа",
        "recurring",
        by_days(*(D(2025, m, 10) for m in (9, 10, 11, 12)), *(D(2026, m, 10) for m in (2, 3, 4, 5, 6, 8))),
    ),
    "Сдача планов": ("до 3 декады мая", "date", by_days(D(2026, 5, 20))),
    "Дежурство": ("в новогодние праздники", "range", [(D(2026, 1, 1), D(2026, 1, 8))]),
    "Итоговый отчёт": ("до конца отчетного периода", "date", by_days(D(2026, 8, 31))),
    "Подготовка к ГИА": ("за неделю до ГИА", "on_request", []),
}


def _ok(answer: httpx.Response, status: int = 200) -> Any:
    assert answer.status_code == status, answer.text
    return answer.json()


def _pairs(occurrences: list[dict[str, Any]]) -> Expected:
    return [(o["start"] and date.fromisoformat(o["start"]), date.fromisoformat(o["due"])) for o in occurrences]


def test_the_same_texts_through_the_api(stack: Stack) -> None:
    """A plan of the school year 2025-2026 with these texts: the activity's read and the preview give the dates the
    parser does."""
    activities = [{"title": title, "deadline_text": text} for title, (text, _, _) in API_TEXTS.items()]
    body = {
        "kind": "anti_risk_programme",
        "title": "План мероприятий, раунд 12",
        "school_code": stack.territory["school"]["code"],
        "school_year": API_SCHOOL_YEAR,
        "sections": [{"number": "1", "title": "Меры", "activities": activities}],
    }
    created = _ok(stack.gateway.post("/api/roadmap/plans", json=body, headers=stack.auth("municipal_coordinator")), 201)
    for read in created["sections"][0]["activities"]:
        text, kind, expected = API_TEXTS[read["title"]]
        stored = _ok(stack.gateway.get(f"/api/roadmap/activities/{read['id']}", headers=stack.auth("school_staff")))
        assert stored["schedule"]["kind"] == kind, read["title"]
        assert _pairs(stored["schedule"]["occurrences"]) == expected, read["title"]
        preview = _ok(
            stack.gateway.post(
                "/api/roadmap/schedules/parse",
                json={"text": text, "school_year": API_SCHOOL_YEAR},
                headers=stack.auth("school_staff"),
            )
        )
        assert preview["kind"] == kind
        assert _pairs(preview["occurrences"]) == expected
        assert preview["summary"] == stored["schedule"]["summary"]
