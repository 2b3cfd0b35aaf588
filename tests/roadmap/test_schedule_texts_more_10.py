"""Deadline texts as school and municipal roadmaps write them, read with general rules: a list of named days after
one «в неделю перед» or «ко» («в неделю перед Днем матери, Днем отца»: the week before each, not a whole month and a
due date), a named day that moves in such a list (its Sunday), the end or the start of each school year («в конце
каждого учебного года»: May of each, not the whole year); and the everyday forms with «г.», «гг.», «уч. г.»,
two-digit years, Roman numerals and dashes of every kind, checked to the day."""

from __future__ import annotations

from datetime import date

import pytest

from services.roadmap.schedules.parser import ScheduleKind, _parse, month_bounds
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TWO_SCHOOL_YEARS = (D(2024, 9, 1), D(2026, 8, 31))
SCHOOL_YEAR_SPAN: Expected = [(D(2024, 9, 1), D(2025, 8, 31))]


def by_days(*days: date) -> Expected:
    return [(None, day) for day in days]


def whole_months(*pairs: tuple[int, int]) -> Expected:
    return [month_bounds(year, month) for year, month in pairs]


FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # named days listed after one «в неделю перед»: the week before each (День отца 20.10.2024, День матери 24.11.2024)
    (
        "в неделю перед Днем матери, Днем отца",
        ScheduleKind.dates,
        None,
        [(D(2024, 10, 13), D(2024, 10, 19)), (D(2024, 11, 17), D(2024, 11, 23))],
    ),
    (
        "в течение недели перед Днем отца и Днем матери",
        ScheduleKind.dates,
        None,
        [(D(2024, 10, 13), D(2024, 10, 19)), (D(2024, 11, 17), D(2024, 11, 23))],
    ),
    (
        "в неделю перед Днем учителя, Днем матери",
        ScheduleKind.dates,
        None,
        [(D(2024, 9, 28), D(2024, 10, 4)), (D(2024, 11, 17), D(2024, 11, 23))],
    ),
    # named days listed after one «ко»: by each
    ("ко Дню учителя, Дню матери", ScheduleKind.dates, None, by_days(D(2024, 10, 5), D(2024, 11, 24))),
    ("ко Дню матери и Дню отца", ScheduleKind.dates, None, by_days(D(2024, 10, 20), D(2024, 11, 24))),
    (
        "ко Дню учителя, Дню матери, Дню отца",
        ScheduleKind.dates,
        None,
        by_days(D(2024, 10, 5), D(2024, 10, 20), D(2024, 11, 24)),
    ),
    # two days that move, listed: each its Sunday, not the second one's whole month
    ("День отца, День матери", ScheduleKind.dates, None, [(D(2024, 10, 20),) * 2, (D(2024, 11, 24),) * 2]),
    # the end or the start of each school year: its May (September), as «ежегодно в конце учебного года» is
    ("в конце каждого учебного года", ScheduleKind.recurring, "yearly", whole_months((2025, 5))),
    ("В начале каждого учебного года", ScheduleKind.recurring, "yearly", whole_months((2024, 9))),
    ("до конца каждого учебного года", ScheduleKind.recurring, "yearly", by_days(D(2025, 5, 31))),
    ("на начало и конец каждого учебного года", ScheduleKind.recurring, "yearly", whole_months((2024, 9), (2025, 5))),
    ("в конце каждого года", ScheduleKind.recurring, "yearly", whole_months((2024, 12))),
    ("в конце каждого уч. года", ScheduleKind.recurring, "yearly", whole_months((2025, 5))),
    # a yearly list of a fixed day and a day that moves: each by its own day, not the second one's whole month
    ("ежегодно ко Дню учителя, Дню матери", ScheduleKind.recurring, "yearly", by_days(D(2024, 10, 5), D(2024, 11, 24))),
    # everyday forms, as written: «г.», two-digit years, dashes, Roman numerals, shorthand
    ("до 15.09", ScheduleKind.date, None, by_days(D(2024, 9, 15))),
    ("к 01.10.24 г.", ScheduleKind.date, None, by_days(D(2024, 10, 1))),
    ("24-25 уч.г.", ScheduleKind.range, None, SCHOOL_YEAR_SPAN),
    ("в течение 24-25 уч.г.", ScheduleKind.period, None, SCHOOL_YEAR_SPAN),
    ("2024/25 уч. год", ScheduleKind.range, None, SCHOOL_YEAR_SPAN),
    ("окт. – нояб. 2024 г.", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 11, 30))]),
    ("октябрь — ноябрь 2024 г.", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 11, 30))]),
    ("с 01.09.24 по 31.05.25", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("23.09.-27.09.2024 г.", ScheduleKind.range, None, [(D(2024, 9, 23), D(2024, 9, 27))]),
    ("с 09.2024 по 05.2025", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("II-III четверть", ScheduleKind.range, None, [(D(2024, 11, 1), D(2025, 3, 31))]),
    ("I-II кв. 2025 г.", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 6, 30))]),
    ("до конца I квартала 2025 г.", ScheduleKind.date, None, by_days(D(2025, 3, 31))),
    ("по итогам I и II полугодия", ScheduleKind.dates, None, whole_months((2024, 12), (2025, 5))),
    ("2 р/год (сент., май)", ScheduleKind.recurring, "twice_a_year", whole_months((2024, 9), (2025, 5))),
    (
        "ежекв., до 5 числа месяца, след. за отчетным",
        ScheduleKind.recurring,
        "calendar_quarterly",
        by_days(D(2024, 10, 5), D(2025, 1, 5), D(2025, 4, 5), D(2025, 7, 5)),
    ),
    (
        "до 20.12.2024 (I полугодие), до 20.05.2025 (II полугодие)",
        ScheduleKind.dates,
        None,
        by_days(D(2024, 12, 20), D(2025, 5, 20)),
    ),
    ("ежегодно, к 25 мая", ScheduleKind.recurring, "yearly", by_days(D(2025, 5, 25))),
    ("в период с 1 по 30 октября", ScheduleKind.period, None, [(D(2024, 10, 1), D(2024, 10, 30))]),
    ("3-я неделя октября", ScheduleKind.range, None, [(D(2024, 10, 15), D(2024, 10, 21))]),
    ("по плану-графику", ScheduleKind.on_request, None, []),
    ("ежедневно (в течение учебного года)", ScheduleKind.recurring, "daily", []),  # documented: no dates
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS)
def test_form(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # each school year of the plan: the week before each day in its own year (the Sundays move)
        (
            "ежегодно, в неделю перед Днем матери и Днем отца",
            [
                (D(2024, 10, 13), D(2024, 10, 19)),
                (D(2024, 11, 17), D(2024, 11, 23)),
                (D(2025, 10, 12), D(2025, 10, 18)),
                (D(2025, 11, 23), D(2025, 11, 29)),
            ],
        ),
        (
            "ежегодно ко Дню матери и Дню отца",
            [(None, D(2024, 10, 20)), (None, D(2024, 11, 24)), (None, D(2025, 10, 19)), (None, D(2025, 11, 30))],
        ),
        ("в конце каждого учебного года", whole_months((2025, 5), (2026, 5))),
        ("в начале и в конце каждого учебного года", whole_months((2024, 9), (2025, 5), (2025, 9), (2026, 5))),
    ],
)
def test_yearly_forms_over_two_school_years(text: str, expected: Expected) -> None:
    schedule = _parse(text, None, TWO_SCHOOL_YEARS)
    assert schedule.kind == ScheduleKind.recurring
    assert schedule.recurrence == "yearly"
    assert [(o.start, o.due) for o in schedule.occurrences] == expected
    assert schedule.warnings == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "в неделю перед Днем матери, Днем отца",
            [(D(2024, 10, 13), D(2024, 10, 19)), (D(2024, 11, 17), D(2024, 11, 23))],
        ),
        ("ко Дню матери и Дню отца", [(None, D(2024, 10, 20)), (None, D(2024, 11, 24))]),
        ("ко Дню Победы, Дню знаний", [(None, D(2024, 9, 1)), (None, D(2025, 5, 9))]),
        ("ко Дню матери, ко Дню отца", [(None, D(2024, 10, 20)), (None, D(2024, 11, 24))]),
        (
            "в неделю перед Днем матери, в неделю перед Днем отца",
            [(D(2024, 10, 13), D(2024, 10, 19)), (D(2024, 11, 17), D(2024, 11, 23))],
        ),
    ],
)
def test_a_list_of_named_days_is_one_school_year_in_a_longer_plan(text: str, expected: Expected) -> None:
    """Over two school years a list of named days written out of order is read in the order of the school year: the
    first school year's October and November, not November 2024 and then October 2025."""
    schedule = _parse(text, None, TWO_SCHOOL_YEARS)
    assert schedule.kind == ScheduleKind.dates
    assert [(o.start, o.due) for o in schedule.occurrences] == expected


def test_a_named_day_listed_with_the_schools_own_date_keeps_that_date() -> None:
    """«…, Дню отца – 19 октября»: the day written beside the list is the school's; no week or Sunday is guessed."""
    schedule = _parse("к Дню матери, Дню отца – 19 октября", SCHOOL_YEAR, None)
    assert D(2024, 10, 19) in [o.due for o in schedule.occurrences]
    assert D(2024, 10, 20) not in [o.due for o in schedule.occurrences]


def test_the_summary_of_a_list_of_weeks_names_each_week() -> None:
    schedule = _parse("в неделю перед Днем матери, Днем отца", SCHOOL_YEAR, None)
    assert schedule.summary.startswith("13.10.2024 – 19.10.2024, 17.11.2024 – 23.11.2024")
    assert "День отца — третье воскресенье октября" in schedule.summary
