"""Deadline texts as methodists write them, read with general rules: the middle of the school year, of a month, of a
term or of a numbered period; once in ten days; days of the week listed alone and the weekends; the first (last)
working days of each month; a quarterly recurrence framed by a school half-year; one month of a monthly recurrence
due by a day; «ежегодно, начиная с мая 2025 г.»; numbered stages in a plan by calendar year; and smaller shapes
found by reading batches of texts («ежемесячно до 10.06.2025», «между 10 и 20 мая», «09-12.2024», «5, 15, 25 числа
каждого месяца», «на августовском педсовете»)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.roadmap.schedules.parser import ScheduleKind, Stage, _parse, month_bounds
from services.roadmap.schedules.parser.months import is_working_day
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form, months
from tests.roadmap.test_schedule_texts_more_3 import SCHOOL_MONTHS, by_day

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

CALENDAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
TWO_SCHOOL_YEARS = (date(2024, 9, 1), date(2026, 8, 31))


def decades() -> Expected:
    """The decades of each month of the school year 2024-2025: 1–10, 11–20, 21 to the month's end."""
    spans: Expected = []
    for year, month in SCHOOL_MONTHS:
        start, end = month_bounds(year, month)
        spans += [(start, start.replace(day=10)), (start.replace(day=11), start.replace(day=20))]
        spans.append((start.replace(day=21), end))
    return spans


def weekdays(*days: int) -> Expected:
    """Each of the days of the week (Monday 0) of the school year 2024-2025, as one-day occurrences."""
    first, last = date(2024, 9, 1), date(2025, 8, 31)
    every = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [(day, day) for day in every if day.weekday() in days]


def workdays_of_months(count: int) -> Expected:
    """The first `count` (positive) or last `-count` working days of each month of 2024-2025 (the production
    calendar: `is_working_day` is pinned day by day in round 18)."""
    spans: Expected = []
    for year, month in SCHOOL_MONTHS:
        start, end = month_bounds(year, month)
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
        work = [day for day in days if is_working_day(day)]
        chosen = work[:count] if count > 0 else work[count:]
        spans.append((chosen[0], chosen[-1]))
    return spans


def nth_workday(count: int) -> Expected:
    """Due the `count`-th working day of each month of 2024-2025, with no start."""
    return [(None, due) for _, due in workdays_of_months(count)]


# (text, kind, recurrence, [(start, due)]) with the school year 2024-2025 and its default period.
FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # the middle of the school year: its January; by it, 31 December
    ("в середине учебного года", ScheduleKind.month, None, months((2025, 1))),
    ("середина учебного года", ScheduleKind.month, None, months((2025, 1))),
    ("в середине уч. года", ScheduleKind.month, None, months((2025, 1))),
    ("к середине учебного года", ScheduleKind.date, None, [(None, D(2024, 12, 31))]),
    ("в середине 2024-2025 учебного года", ScheduleKind.month, None, months((2025, 1))),
    ("в середине учебного 2025-2026 года", ScheduleKind.month, None, months((2026, 1))),
    ("в середине 2025 года", ScheduleKind.range, None, [(D(2025, 6, 1), D(2025, 7, 31))]),
    ("в середине и в конце учебного года", ScheduleKind.dates, None, months((2025, 1), (2025, 5))),
    ("в начале, середине и конце учебного года", ScheduleKind.dates, None, months((2024, 9), (2025, 1), (2025, 5))),
    # once in ten days: the decades of each month
    ("каждые 10 дней", ScheduleKind.recurring, "every_ten_days", decades()),
    ("каждые десять дней", ScheduleKind.recurring, "every_ten_days", decades()),
    ("1 раз в 10 дней", ScheduleKind.recurring, "every_ten_days", decades()),
    ("раз в декаду", ScheduleKind.recurring, "every_ten_days", decades()),
    ("ежедекадно", ScheduleKind.recurring, "every_ten_days", decades()),
    ("подекадно", ScheduleKind.recurring, "every_ten_days", decades()),
    ("каждую декаду", ScheduleKind.recurring, "every_ten_days", decades()),
    # days of the week listed alone, the weekends, the working days
    ("вторник, четверг", ScheduleKind.recurring, "weekly", weekdays(1, 3)),
    ("Вторник и четверг", ScheduleKind.recurring, "weekly", weekdays(1, 3)),
    ("понедельник, среда, пятница", ScheduleKind.recurring, "weekly", weekdays(0, 2, 4)),
    ("вторник; четверг", ScheduleKind.recurring, "weekly", weekdays(1, 3)),
    ("пн, ср, пт", ScheduleKind.recurring, "weekly", weekdays(0, 2, 4)),
    ("вт, чт", ScheduleKind.recurring, "weekly", weekdays(1, 3)),
    ("в выходные дни", ScheduleKind.recurring, "weekly", weekdays(5, 6)),
    ("по выходным", ScheduleKind.recurring, "weekly", weekdays(5, 6)),
    ("еженедельно в выходные дни", ScheduleKind.recurring, "weekly", weekdays(5, 6)),
    ("в будние дни", ScheduleKind.recurring, "daily", []),
    ("с понедельника по пятницу", ScheduleKind.recurring, "daily", []),
    ("пн-пт", ScheduleKind.recurring, "daily", []),
    ("вторник и четверг каждой недели", ScheduleKind.recurring, "weekly", weekdays(1, 3)),
    (
        "еженедельно: образовательная среда",
        ScheduleKind.recurring,
        "weekly",
        [(D(2024, 8, 26) + timedelta(weeks=n), D(2024, 9, 1) + timedelta(weeks=n)) for n in range(53)],
    ),
    ("по будним дням", ScheduleKind.recurring, "daily", []),
    ("в учебные дни", ScheduleKind.recurring, "daily", []),
    # the first (last) working days of each month
    ("в первые 5 рабочих дней месяца", ScheduleKind.recurring, "monthly", workdays_of_months(5)),
    ("в течение первых 5 рабочих дней месяца", ScheduleKind.recurring, "monthly", workdays_of_months(5)),
    ("в первые три рабочих дня каждого месяца", ScheduleKind.recurring, "monthly", workdays_of_months(3)),
    ("ежемесячно, в первые 3 рабочих дня", ScheduleKind.recurring, "monthly", workdays_of_months(3)),
    ("в первые 3 рабочих дня после окончания месяца", ScheduleKind.recurring, "monthly", workdays_of_months(3)),
    ("в последние 3 рабочих дня месяца", ScheduleKind.recurring, "monthly", workdays_of_months(-3)),
    ("до 5 рабочего дня месяца", ScheduleKind.recurring, "monthly", nth_workday(5)),
    ("не позднее 3-го рабочего дня месяца", ScheduleKind.recurring, "monthly", nth_workday(3)),
    ("не позднее 5 рабочего дня каждого месяца", ScheduleKind.recurring, "monthly", nth_workday(5)),
    ("в первые 5 рабочих дней сентября", ScheduleKind.range, None, [(D(2024, 9, 2), D(2024, 9, 6))]),
    ("в последние 3 рабочих дня мая 2025 г.", ScheduleKind.range, None, [(D(2025, 5, 28), D(2025, 5, 30))]),
    # the middle of each term, trimester or quarter: its middle week; by it, its middle day
    (
        "в середине четверти",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 9, 28), D(2024, 10, 4)),
            (D(2024, 11, 28), D(2024, 12, 4)),
            (D(2025, 2, 11), D(2025, 2, 17)),
            (D(2025, 4, 28), D(2025, 5, 4)),
        ],
    ),
    (
        "в середине каждого триместра",
        ScheduleKind.recurring,
        "times_a_year",
        [(D(2024, 10, 13), D(2024, 10, 19)), (D(2025, 1, 11), D(2025, 1, 17)), (D(2025, 4, 12), D(2025, 4, 18))],
    ),
    (
        "в середине квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [
            (D(2024, 11, 12), D(2024, 11, 18)),
            (D(2025, 2, 11), D(2025, 2, 17)),
            (D(2025, 5, 13), D(2025, 5, 19)),
            (D(2025, 8, 12), D(2025, 8, 18)),
        ],
    ),
    (
        "до середины четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(None, D(2024, 10, 1)), (None, D(2024, 12, 1)), (None, D(2025, 2, 14)), (None, D(2025, 5, 1))],
    ),
    ("до середины месяца", ScheduleKind.recurring, "monthly", by_day(15)),
    (
        "в середине месяца",
        ScheduleKind.recurring,
        "monthly",
        [(D(y, m, 11), D(y, m, 20)) for y, m in SCHOOL_MONTHS],
    ),
    # the middle of a numbered period: its middle month, or the 16th to the 15th around it
    ("в середине III четверти", ScheduleKind.range, None, months((2025, 2))),
    ("в середине 2 полугодия", ScheduleKind.range, None, months((2025, 3))),
    ("в середине I полугодия", ScheduleKind.range, None, [(D(2024, 10, 16), D(2024, 11, 15))]),
    ("в середине I четверти", ScheduleKind.range, None, [(D(2024, 9, 16), D(2024, 10, 15))]),
    ("к середине II четверти", ScheduleKind.date, None, [(None, D(2024, 11, 15))]),
    # a quarterly recurrence framed by a school half-year: the terms of it
    (
        "ежеквартально во II полугодии",
        ScheduleKind.recurring,
        "quarterly",
        [(D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 5, 31))],
    ),
    (
        "ежеквартально в I полугодии",
        ScheduleKind.recurring,
        "quarterly",
        [(D(2024, 9, 1), D(2024, 10, 31)), (D(2024, 11, 1), D(2024, 12, 31))],
    ),
    (
        "поквартально",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [
            (D(2024, 7, 1), D(2024, 9, 30)),
            (D(2024, 10, 1), D(2024, 12, 31)),
            (D(2025, 1, 1), D(2025, 3, 31)),
            (D(2025, 4, 1), D(2025, 6, 30)),
        ],
    ),
    # one month of a monthly recurrence due by a day
    (
        "ежемесячно, в декабре до 20 числа",
        ScheduleKind.recurring,
        "monthly",
        [(s, D(2024, 12, 20) if s.month == 12 else e) for s, e in (month_bounds(y, m) for y, m in SCHOOL_MONTHS)],
    ),
    # a yearly recurrence from a month with its year: that month of each year from then
    ("ежегодно, начиная с мая 2025 г.", ScheduleKind.recurring, "yearly", months((2025, 5))),
    ("ежегодно с сентября 2024 г.", ScheduleKind.recurring, "yearly", months((2024, 9))),
    # a short recurrence until a deadline
    ("ежемесячно до 10.06.2025", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS[:9])),
    ("ежемесячно до конца учебного года", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS[:9])),
    ("ежемесячно до конца III четверти", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS[:7])),
    # ranges written with «между», «от … до», «с … до», months by number
    ("между 10 и 20 мая", ScheduleKind.range, None, [(D(2025, 5, 10), D(2025, 5, 20))]),
    ("от 01.09.2024 до 31.05.2025", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("с 10 до 20 сентября", ScheduleKind.range, None, [(D(2024, 9, 10), D(2024, 9, 20))]),
    ("не позднее 1 апреля, не ранее 15 марта", ScheduleKind.range, None, [(D(2025, 3, 15), D(2025, 4, 1))]),
    ("09-12.2024", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    # several days of each month
    (
        "5, 15, 25 числа каждого месяца",
        ScheduleKind.recurring,
        "monthly",
        sorted((None, e.replace(day=d)) for _, e in months(*SCHOOL_MONTHS) for d in (5, 15, 25)),
    ),
    (
        "ежемесячно до 5 и 20 числа",
        ScheduleKind.recurring,
        "monthly",
        sorted((None, e.replace(day=d)) for _, e in months(*SCHOOL_MONTHS) for d in (5, 20)),
    ),
    # months of the years of a span, meetings named by their month, asides and events
    ("2025-2026 гг., май", ScheduleKind.dates, None, months((2025, 5), (2026, 5))),
    ("2024-2026 гг.: сентябрь", ScheduleKind.dates, None, months((2024, 9), (2025, 9), (2026, 9))),
    ("на августовском педсовете", ScheduleKind.month, None, months((2025, 8))),
    ("к августовскому совещанию", ScheduleKind.month, None, months((2025, 8))),
    ("августовский педсовет 2024 г.", ScheduleKind.month, None, months((2024, 8))),
    ("июнь (по окончании учебного года)", ScheduleKind.month, None, months((2025, 6))),
    ("к 2025-2026 учебному году", ScheduleKind.date, None, [(None, D(2025, 8, 31))]),
    ("август, январь", ScheduleKind.dates, None, months((2024, 8), (2025, 1))),
    (
        "на 1-й неделе каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(s, s + timedelta(days=6)) for s in (D(2024, 9, 1), D(2024, 11, 1), D(2025, 1, 1), D(2025, 4, 1))],
    ),
    ("по итогам IV четверти и года", ScheduleKind.range, None, months((2025, 5))),
    ("каждое 1 сентября", ScheduleKind.recurring, "yearly", [(D(2024, 9, 1), D(2024, 9, 1))]),
    (
        "1 раз в четверть (последняя неделя)",
        ScheduleKind.recurring,
        "quarterly",
        [(e - timedelta(days=6), e) for e in (D(2024, 10, 31), D(2024, 12, 31), D(2025, 3, 31), D(2025, 5, 31))],
    ),
    (
        "каждую четверть до 25 числа последнего месяца",
        ScheduleKind.recurring,
        "quarterly",
        [(None, D(2024, 10, 25)), (None, D(2024, 12, 25)), (None, D(2025, 3, 25)), (None, D(2025, 5, 25))],
    ),
    ("с конца октября по начало ноября", ScheduleKind.range, None, [(D(2024, 10, 21), D(2024, 11, 10))]),
    ("каждую весну", ScheduleKind.recurring, "yearly", [(D(2025, 3, 1), D(2025, 5, 31))]),
    ("до начала летней оздоровительной кампании", ScheduleKind.date, None, [(None, D(2025, 5, 31))]),
    ("со II полугодия", ScheduleKind.period, None, [(D(2025, 1, 1), D(2025, 8, 31))]),
    ("начиная с 3 четверти", ScheduleKind.period, None, [(D(2025, 1, 1), D(2025, 8, 31))]),
    ("с IV квартала 2024 года", ScheduleKind.period, None, [(D(2024, 10, 1), D(2025, 8, 31))]),
    ("ежемесячно со II полугодия", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS[4:])),
    ("с 1 по 2 четверть", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    ("с 1-й по 3-ю четверть", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 3, 31))]),
    ("I кв. – до 10.04, II кв. – до 10.07", ScheduleKind.dates, None, [(None, D(2025, 4, 10)), (None, D(2025, 7, 10))]),
    ("до конца текущего месяца", ScheduleKind.on_request, None, []),
    ("в течение текущего месяца", ScheduleKind.on_request, None, []),
    (
        "на следующий день после окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(None, D(2024, 11, 1)), (None, D(2025, 1, 1)), (None, D(2025, 4, 1)), (None, D(2025, 6, 1))],
    ),
    ("по 1 разу в месяц", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    ("в период ГИА", ScheduleKind.on_request, None, []),
    ("в период ВПР", ScheduleKind.on_request, None, []),
    ("во время олимпиады", ScheduleKind.on_request, None, []),
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS)
def test_forms(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("вторник, четверг", "еженедельно по вторникам и четвергам"),
        ("в выходные дни", "еженедельно по субботам и воскресеньям"),
        ("в первые 5 рабочих дней месяца", "ежемесячно, в первые 5 рабочих дней месяца"),
        ("в последние 3 рабочих дня месяца", "ежемесячно, в последние 3 рабочих дня месяца"),
        ("до 5 рабочего дня месяца", "ежемесячно, до 5-го рабочего дня месяца"),
        ("в середине четверти", "в середине каждой четверти"),
        ("раз в декаду", "1 раз в декаду"),
        ("ежемесячно, в декабре до 20 числа", "ежемесячно (в декабре – до 20 числа)"),
        ("ежегодно, начиная с мая 2025 г.", "ежегодно в мае (с мая 2025)"),
        ("ежемесячно до 10.06.2025", "ежемесячно (до 10.06.2025)"),
        ("5, 15, 25 числа каждого месяца", "ежемесячно, до 5, 15 и 25 числа"),
    ],
)
def test_summaries(text: str, summary: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).summary == summary


@pytest.mark.parametrize(
    "text",
    [
        "понедельник",  # one day of the week alone: not read as weekly
        "среда",
        "в субботу",
        "сентябрьский",
        "в первые 5 рабочих дней",  # no month, no monthly recurrence
        "3 года",
        "5 четверть",  # a term, half-year, trimester, day or range that cannot be: a typo, not read around
        "V четверть",
        "в 13 четверти",
        "III полугодие",
        "4 триместр",
        "до 32 мая",
        "с 20 по 10 мая",
    ],
)
def test_texts_that_stay_unread(text: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).kind == ScheduleKind.unparsed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ежеквартально во II полугодии", [(D(2025, 7, 1), D(2025, 9, 30)), (D(2025, 10, 1), D(2025, 12, 31))]),
        ("август, январь", months((2025, 1), (2025, 8))),  # a calendar year: no August before it
    ],
)
def test_in_a_plan_by_calendar_year(text: str, expected: Expected) -> None:
    schedule = _parse(text, None, CALENDAR_2025)
    assert [(o.start, o.due) for o in schedule.occurrences] == expected


@pytest.mark.parametrize(
    "text",
    [
        "I четверть – входная; IV четверть – итоговая",
        "входная – I четверть, итоговая – IV четверть",
        "I четверть – входная диагностика; IV четверть – итоговая",
    ],
)
def test_numbered_stages_in_a_plan_by_calendar_year_run_on_in_time(text: str) -> None:
    """The entry stage before the final one: the I term of 2025-2026, then its IV term, not the IV term of 2025."""
    schedule = _parse(text, None, CALENDAR_2025)
    assert schedule.kind == ScheduleKind.staged
    assert [((o.start, o.due), o.stage) for o in schedule.occurrences] == [
        ((D(2025, 9, 1), D(2025, 10, 31)), Stage.entry),
        ((D(2026, 4, 1), D(2026, 5, 31)), Stage.final),
    ]


@pytest.mark.parametrize(
    ("text", "stages"),
    [
        ("3 раза в год: входная, промежуточная, итоговая диагностика", [Stage.entry, Stage.interim, Stage.final]),
        ("2 раза в год (входная и итоговая)", [Stage.entry, Stage.final]),
        ("по полугодиям (промежуточная и итоговая аттестация)", [Stage.interim, Stage.final]),
        ("ежемесячно (итоговый отчет)", [None] * 12),  # one stage word for twelve windows: no stages
    ],
)
def test_stage_words_beside_a_recurrence_stage_its_windows_each_year(text: str, stages: list[Stage | None]) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.recurring
    assert [o.stage for o in schedule.occurrences] == stages


def test_a_weekly_recurrence_until_the_end_of_a_half_year() -> None:
    schedule = _parse("еженедельно до конца I полугодия", SCHOOL_YEAR, None)
    assert schedule.recurrence == "weekly"
    assert schedule.occurrences[0].due == D(2024, 9, 1)
    assert schedule.occurrences[-1].due == D(2024, 12, 29)  # the last whole week due in December


def test_a_yearly_recurrence_from_a_month_recurs_in_that_month() -> None:
    schedule = _parse("ежегодно, начиная с мая 2025 г.", None, TWO_SCHOOL_YEARS)
    assert [(o.start, o.due) for o in schedule.occurrences] == months((2025, 5), (2026, 5))


def test_a_deadline_then_a_recurrence_is_not_a_recurrence_until_it() -> None:
    """«до 15.09.2024, далее ежемесячно» outside the plan: the deadline is not the end of the monthly recurrence."""
    schedule = _parse("до 15 сентября 2024 г., далее ежемесячно", "2022-2023", None)
    assert [o.due for o in schedule.occurrences] == [D(2024, 9, 15)]


def test_two_parts_on_one_day_are_not_joined() -> None:
    schedule = _parse("до 01.09.2024 – разработка; с 01.09.2024 – реализация", None, None)
    assert schedule.kind == ScheduleKind.dates
