"""Deadline texts read with general rules, as methodists write them: the week before a day that moves («в неделю,
предшествующую Дню матери»: the seven days before that year's Sunday), a date or a period's edge («в неделю перед 1
сентября», «3 дня перед окончанием I полугодия»: never the date itself); the weeks of one numbered period («III четверть
(2 неделя)», «во 2-ю неделю III четверти»); a plan by one calendar year («1 раз в год» is that year, the report on its
last quarter or month due in January after it is kept, with a warning); before or after the holidays («перед началом
каникул») is no time in them; and the everyday forms (open periods, plan-owned schedules, dates with «г.», school
years, weekdays)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.roadmap.schedules.parser import ScheduleKind, _parse, month_bounds, parse_schedule
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

SCHOOL_YEAR_SPAN: Expected = [(D(2024, 9, 1), D(2025, 8, 31))]
CALENDAR_2025 = (D(2025, 1, 1), D(2025, 12, 31))


def by_days(*days: date) -> Expected:
    return [(None, day) for day in days]


def every(weekday: int, first: date, last: date, step: int = 7) -> Expected:
    """Each `weekday` from the first on or after `first` to `last`, `step` days apart, as one-day occurrences."""
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    days: Expected = []
    while day <= last:
        days.append((day, day))
        day += timedelta(days=step)
    return days


FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # the week before a day that moves: its Sunday in the school year, the seven days before
    ("в неделю, предшествующую Дню матери", ScheduleKind.range, None, [(D(2024, 11, 17), D(2024, 11, 23))]),
    ("в течение недели перед Днем матери", ScheduleKind.range, None, [(D(2024, 11, 17), D(2024, 11, 23))]),
    ("неделя перед Днем отца", ScheduleKind.range, None, [(D(2024, 10, 13), D(2024, 10, 19))]),
    ("после Дня матери", ScheduleKind.on_request, None, []),
    # the days before a date written or an edge of a period: to the day before it (an end's last days)
    ("в неделю перед 1 сентября", ScheduleKind.range, None, [(D(2024, 8, 25), D(2024, 8, 31))]),
    ("в течение недели перед 01.03.2025", ScheduleKind.range, None, [(D(2025, 2, 22), D(2025, 2, 28))]),
    ("в неделю перед 01.03.2024", ScheduleKind.range, None, [(D(2024, 2, 23), D(2024, 2, 29))]),  # a leap year
    ("за неделю перед 1 сентября", ScheduleKind.date, None, by_days(D(2024, 8, 25))),
    ("в неделю, предшествующую началу II четверти", ScheduleKind.range, None, [(D(2024, 10, 25), D(2024, 10, 31))]),
    ("3 дня перед окончанием I полугодия", ScheduleKind.range, None, [(D(2024, 12, 29), D(2024, 12, 31))]),
    (
        "в течение 2 недель до окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(D(y, m, 18), month_bounds(y, m)[1]) for y, m in ((2024, 10), (2024, 12), (2025, 3), (2025, 5))],
    ),
    ("в неделю перед началом ГИА", ScheduleKind.on_request, None, []),  # no date to count from
    # the weeks of one numbered period, counted from its first day
    ("III четверть (2 неделя)", ScheduleKind.range, None, [(D(2025, 1, 8), D(2025, 1, 14))]),
    ("во 2-ю неделю III четверти", ScheduleKind.range, None, [(D(2025, 1, 8), D(2025, 1, 14))]),
    ("II четверть, 2 неделя", ScheduleKind.range, None, [(D(2024, 11, 8), D(2024, 11, 14))]),
    ("3-4 неделя II четверти", ScheduleKind.range, None, [(D(2024, 11, 15), D(2024, 11, 28))]),
    ("III четверть (последняя неделя)", ScheduleKind.range, None, [(D(2025, 3, 25), D(2025, 3, 31))]),
    ("I кв. 2025 (2 неделя)", ScheduleKind.range, None, [(D(2025, 1, 8), D(2025, 1, 14))]),
    (
        "III четверть (2 неделя); IV четверть (3 неделя)",
        ScheduleKind.dates,
        None,
        [(D(2025, 1, 8), D(2025, 1, 14)), (D(2025, 4, 15), D(2025, 4, 21))],
    ),
    ("2 недели III четверти", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 3, 31))]),  # a length: the term
    ("IV четверть (9 неделя)", ScheduleKind.range, None, [(D(2025, 4, 1), D(2025, 5, 31))]),  # past its end: whole
    # open periods and schedules kept by someone else
    ("весь период", ScheduleKind.period, None, SCHOOL_YEAR_SPAN),
    ("постоянно", ScheduleKind.period, None, SCHOOL_YEAR_SPAN),
    ("на протяжении реализации программы", ScheduleKind.period, None, SCHOOL_YEAR_SPAN),
    ("в течение I полугодия 2025 года", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 6, 30))]),
    ("по плану ОО", ScheduleKind.on_request, None, []),
    ("согласно графику ВСОКО", ScheduleKind.on_request, None, []),
    ("за 2 недели до начала ГИА", ScheduleKind.on_request, None, []),
    ("перед началом каникул", ScheduleKind.on_request, None, []),
    # dates, ranges and school years as written
    ("в срок до 30.05.2025", ScheduleKind.date, None, by_days(D(2025, 5, 30))),
    ("не позднее 25.12.2024г.", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    ("01.09.2024 г. – 31.05.2025 г.", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("2024 – 2025 уч. год", ScheduleKind.range, None, SCHOOL_YEAR_SPAN),
    (
        "сентябрь-октябрь 2024; март-апрель 2025",
        ScheduleKind.dates,
        None,
        [(D(2024, 9, 1), D(2024, 10, 31)), (D(2025, 3, 1), D(2025, 4, 30))],
    ),
    # recurrences
    (
        "до 20 числа месяца, следующего за отчётным",
        ScheduleKind.recurring,
        "monthly",
        # round 20: reports on September (due in October) to August (due in September)
        by_days(*(D(2024, m, 20) for m in (10, 11, 12)), *(D(2025, m, 20) for m in range(1, 10))),
    ),
    ("ежегодно, до 1 июня, по итогам учебного года", ScheduleKind.recurring, "yearly", by_days(D(2025, 6, 1))),
    (
        "в первую неделю каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(D(y, m, 1), D(y, m, 7)) for y, m in ((2024, 9), (2024, 11), (2025, 1), (2025, 4))],
    ),
    (
        "в конце каждого полугодия",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))],
    ),
    ("еженедельно (понедельник)", ScheduleKind.recurring, "weekly", every(0, D(2024, 9, 1), D(2025, 8, 31))),
    ("ежедневно", ScheduleKind.recurring, "daily", []),
    ("по пятницам, кроме каникул", ScheduleKind.recurring, "weekly", every(4, D(2024, 9, 1), D(2025, 5, 31))),
    ("раз в две недели по средам", ScheduleKind.recurring, "biweekly", every(2, D(2024, 9, 1), D(2025, 8, 31), 14)),
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS)
def test_form(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("перед началом каникул", "без фиксированного срока: перед каникулами"),
        ("накануне каникул", "без фиксированного срока: перед каникулами"),
        ("после окончания каникул", "без фиксированного срока: после каникул"),
        ("в каникулы", "без фиксированного срока: в каникулярное время"),
        ("III четверть (2 неделя)", "на 2-й неделе III четверти 2024-2025 уч. г."),
        ("ежегодно, в неделю перед Днем матери", "ежегодно, в неделю до последнего воскресенья ноября"),
    ],
)
def test_summary(text: str, summary: str) -> None:
    """Before or after the holidays is no time in them: the summary says which."""
    assert _parse(text, SCHOOL_YEAR, None).summary.startswith(summary)


def test_the_week_before_a_day_that_moves_moves_with_the_year() -> None:
    """Over three school years, the week before each year's last Sunday of November, never one copied across."""
    schedule = _parse("ежегодно, в неделю перед Днем матери", None, (D(2024, 9, 1), D(2027, 8, 31)))
    assert schedule.kind == ScheduleKind.recurring
    assert [(o.start, o.due) for o in schedule.occurrences] == [
        (D(2024, 11, 17), D(2024, 11, 23)),
        (D(2025, 11, 23), D(2025, 11, 29)),
        (D(2026, 11, 22), D(2026, 11, 28)),
    ]
    assert all((o.due + timedelta(days=1)).weekday() == 6 for o in schedule.occurrences)


def test_the_week_before_a_day_that_moves_in_a_year_written() -> None:
    schedule = _parse("в неделю, предшествующую Дню матери 2025 года", SCHOOL_YEAR, None)
    assert [(o.start, o.due) for o in schedule.occurrences] == [(D(2025, 11, 23), D(2025, 11, 29))]
    assert len(schedule.warnings) == 1  # after the school year 2024-2025


@pytest.mark.parametrize("text", ["1 раз в год", "ежегодно", "Ежегодно"])
@pytest.mark.parametrize("school_year", [None, "2024-2025", "2025-2026"])
def test_once_a_year_in_a_plan_for_a_calendar_year(text: str, school_year: str | None) -> None:
    """A plan for 2025 (1 January – 31 December): once in 2025, not in a school year that began in 2024."""
    schedule = parse_schedule(text, school_year, CALENDAR_2025)
    assert schedule.recurrence == "yearly"
    assert [(o.start, o.due) for o in schedule.occurrences] == [CALENDAR_2025]
    assert schedule.warnings == []


@pytest.mark.parametrize(
    "text", ["по результатам учебного года", "1 раз в учебный год", "ежегодно, по итогам уч. года"]
)
def test_a_school_year_written_stays_a_school_year_in_a_calendar_plan(text: str) -> None:
    """The text names the school year: its end (31 May 2025) is when, not 31 December."""
    schedule = parse_schedule(text, None, CALENDAR_2025)
    assert [(o.start, o.due) for o in schedule.occurrences] == [(D(2024, 9, 1), D(2025, 5, 31))]


def test_once_a_year_over_calendar_years_stays_per_school_year() -> None:
    """Over several years written in the text (a seed order's form), each school year in them, due 31 May."""
    schedule = _parse("Ежегодное (в течение 2021-2023 гг.)", None, None)
    assert [o.due for o in schedule.occurrences] == [D(2021, 5, 31), D(2022, 5, 31), D(2023, 5, 31)]


@pytest.mark.parametrize(
    ("text", "dues", "late"),
    [
        # each quarter of 2025 reported on, the fourth in January 2026
        ("ежеквартально до 5 числа", [D(2025, 4, 5), D(2025, 7, 5), D(2025, 10, 5), D(2026, 1, 5)], "IV квартал 2025"),
        (
            "ежеквартально, до 10 числа месяца, следующего за отчетным кварталом",
            [D(2025, 4, 10), D(2025, 7, 10), D(2025, 10, 10), D(2026, 1, 10)],
            "IV квартал 2025",
        ),
        # each month of 2025 reported on, December's in January 2026
        (
            "до 20 числа месяца, следующего за отчётным",
            [D(2025, m, 20) for m in range(2, 13)] + [D(2026, 1, 20)],
            "декабрь 2025",
        ),
    ],
)
def test_the_last_report_of_a_calendar_year_plan_is_kept_with_a_warning(text: str, dues: list[date], late: str) -> None:
    """A report due in the month after its period: in a plan by calendar year every period of it is reported on, the
    last one after the plan's end (named in a warning), as «не позднее 20 января года, следующего за отчетным» is."""
    schedule = _parse(text, None, CALENDAR_2025)
    assert [o.due for o in schedule.occurrences] == dues
    assert all(o.start is None for o in schedule.occurrences)
    assert late in schedule.occurrences[-1].label
    assert len(schedule.warnings) == 1
    assert "вне периода плана" in schedule.warnings[0]


def test_a_quarter_report_in_a_school_year_keeps_its_reports_inside() -> None:
    """In a school year the reports due inside it stay as they were: July–June quarters, due 5 October … 5 July."""
    schedule = _parse("ежеквартально до 5 числа", SCHOOL_YEAR, None)
    assert [o.due for o in schedule.occurrences] == [D(2024, 10, 5), D(2025, 1, 5), D(2025, 4, 5), D(2025, 7, 5)]
    assert schedule.warnings == []


@pytest.mark.parametrize(
    "text",
    ["в неделю, предшествующую Дню матери", "III четверть (2 неделя)", "ежеквартально до 5 числа", "1 раз в год"],
)
def test_no_school_year_and_no_period_dates_nothing_it_cannot(text: str) -> None:
    """With no year to date them, these texts give no occurrence (a wrong date is worse than none), and never raise."""
    schedule = parse_schedule(text)
    assert schedule.occurrences == []
    assert schedule.summary


def test_months_of_a_calendar_year_month_report() -> None:
    """Twelve months reported on in 2025, twelve reports: none lost in January, none doubled."""
    schedule = _parse("не позднее 5-го числа месяца, следующего за отчетным", None, CALENDAR_2025)
    assert len(schedule.occurrences) == 12
    assert [o.due for o in schedule.occurrences] == [month_bounds(2025, m)[0].replace(day=5) for m in range(2, 13)] + [
        D(2026, 1, 5)
    ]
