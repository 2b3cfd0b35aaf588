"""Deadline texts as methodists write them, read with general rules: one weekday twice a month (its first and third
in each month); the start and the end of each term or month written together; a later week of each month (its
days, not a day it is due by); the day of every other week listed after a comma."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.roadmap.schedules.parser import ScheduleKind, _parse, month_bounds
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

SCHOOL_MONTHS = [(2024, m) for m in range(9, 13)] + [(2025, m) for m in range(1, 9)]
YEAR_END = D(2025, 8, 31)


def nth_weekdays(weekday: int, *nths: int) -> Expected:
    """The `nths` (1…4) `weekday` (Monday 0) of each month of the school year 2024-2025, one-day occurrences."""
    days: list[date] = []
    for year, month in SCHOOL_MONTHS:
        first = date(year, month, 1)
        first_weekday = first + timedelta(days=(weekday - first.weekday()) % 7)
        days.extend(first_weekday + timedelta(weeks=nth - 1) for nth in nths)
    return [(day, day) for day in days]


def week_of_each_month(first: int, last: int) -> Expected:
    """Days `first`–`last` of each month of the school year 2024-2025."""
    return [(date(year, month, first), date(year, month, last)) for year, month in SCHOOL_MONTHS]


def start_and_end_of_each_month() -> Expected:
    """The 1st–10th and the 21st–last day of each month of the school year 2024-2025."""
    spans: Expected = []
    for year, month in SCHOOL_MONTHS:
        spans += [(date(year, month, 1), date(year, month, 10)), (date(year, month, 21), month_bounds(year, month)[1])]
    return spans


def last_days_of_each_month(first: int) -> Expected:
    """Day `first` to the last day of each month of the school year 2024-2025."""
    return [(date(year, month, first), month_bounds(year, month)[1]) for year, month in SCHOOL_MONTHS]


def every_other(first: date) -> Expected:
    """One-day occurrences every 14 days from `first` to the end of the school year 2024-2025."""
    days = [first + timedelta(weeks=2 * n) for n in range(27)]
    return [(day, day) for day in days if day <= YEAR_END]


TERMS_START_AND_END: Expected = [
    (D(2024, 9, 1), D(2024, 9, 7)),
    (D(2024, 10, 25), D(2024, 10, 31)),
    (D(2024, 11, 1), D(2024, 11, 7)),
    (D(2024, 12, 25), D(2024, 12, 31)),
    (D(2025, 1, 1), D(2025, 1, 7)),
    (D(2025, 3, 25), D(2025, 3, 31)),
    (D(2025, 4, 1), D(2025, 4, 7)),
    (D(2025, 5, 25), D(2025, 5, 31)),
]

# (text, kind, recurrence, [(start, due)]) with the school year 2024-2025 and its default period.
FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # one weekday twice a month: its first and third in each month
    ("2 раза в месяц, по пятницам", ScheduleKind.recurring, "monthly", nth_weekdays(4, 1, 3)),
    ("2 раза в месяц по вторникам", ScheduleKind.recurring, "monthly", nth_weekdays(1, 1, 3)),
    ("дважды в месяц, по четвергам", ScheduleKind.recurring, "monthly", nth_weekdays(3, 1, 3)),
    ("2 раза в месяц (по средам)", ScheduleKind.recurring, "monthly", nth_weekdays(2, 1, 3)),
    # the start and the end of each term or month written together: both
    ("в начале и в конце каждой четверти", ScheduleKind.recurring, "quarterly", TERMS_START_AND_END),
    ("в начале и конце каждой четверти", ScheduleKind.recurring, "quarterly", TERMS_START_AND_END),
    ("в начале и в конце каждого месяца", ScheduleKind.recurring, "monthly", start_and_end_of_each_month()),
    # a later week of each month: its days («первая неделя месяца» stays due by the 7th)
    ("ежемесячно, 2-я неделя", ScheduleKind.recurring, "monthly", week_of_each_month(8, 14)),
    ("ежемесячно (2-я неделя)", ScheduleKind.recurring, "monthly", week_of_each_month(8, 14)),
    ("во вторую неделю каждого месяца", ScheduleKind.recurring, "monthly", week_of_each_month(8, 14)),
    ("каждую вторую неделю месяца", ScheduleKind.recurring, "monthly", week_of_each_month(8, 14)),
    ("ежемесячно, 3-я неделя", ScheduleKind.recurring, "monthly", week_of_each_month(15, 21)),
    ("ежемесячно, 4-я неделя", ScheduleKind.recurring, "monthly", week_of_each_month(22, 28)),
    # the first week stays due by the 7th, as the first decade is by the 10th
    ("ежемесячно, первая неделя", ScheduleKind.recurring, "monthly", [(None, date(y, m, 7)) for y, m in SCHOOL_MONTHS]),
    ("ежемесячно, 2 неделя месяца", ScheduleKind.recurring, "monthly", week_of_each_month(8, 14)),
    ("1 раз в месяц (2 неделя)", ScheduleKind.recurring, "monthly", week_of_each_month(8, 14)),
    ("на второй неделе каждого месяца", ScheduleKind.recurring, "monthly", week_of_each_month(8, 14)),
    ("в 3 декаде каждого месяца", ScheduleKind.recurring, "monthly", last_days_of_each_month(21)),
    # weeks listed together: each of them
    (
        "2 раза в месяц (2-я и 4-я неделя)",
        ScheduleKind.recurring,
        "monthly",
        sorted(week_of_each_month(8, 14) + week_of_each_month(22, 28)),
    ),
    (
        "во вторую и четвертую неделю каждого месяца",
        ScheduleKind.recurring,
        "monthly",
        sorted(week_of_each_month(8, 14) + week_of_each_month(22, 28)),
    ),
    # one weekday named alone after «2 раза в месяц»
    ("2 раза в месяц: вторник", ScheduleKind.recurring, "monthly", nth_weekdays(1, 1, 3)),
    ("дважды в месяц (среда)", ScheduleKind.recurring, "monthly", nth_weekdays(2, 1, 3)),
    # the part of each term after a comma, as in brackets
    (
        "1 раз в четверть, последняя неделя",
        ScheduleKind.recurring,
        "quarterly",
        [span for span in TERMS_START_AND_END if span[1].day != 7],
    ),
    # every other week, the day listed after a comma
    ("1 раз в 2 недели по средам", ScheduleKind.recurring, "biweekly", every_other(D(2024, 9, 4))),
    ("1 раз в 2 недели, среда", ScheduleKind.recurring, "biweekly", every_other(D(2024, 9, 4))),
    ("каждые 2 недели, пятница", ScheduleKind.recurring, "biweekly", every_other(D(2024, 9, 6))),
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS)
def test_form(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


@pytest.mark.parametrize(
    "text",
    [
        "2 раза в месяц по вторникам и пятницам",  # two weekdays twice a month: which of them is not guessed
        "в начале и конце каждого полугодия",  # a half-year's edge stays the half-year
    ],
)
def test_not_narrowed(text: str) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.recurring
    assert all(o.start != o.due for o in schedule.occurrences)
