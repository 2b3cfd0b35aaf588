"""Deadline texts as methodists write them, read with general rules: one of the month's given weekdays (its first to
its last such day); a count of times in a term, trimester, half-year or quarter (each cut into that many); a range of
counts or of gaps (the least the text asks for); weeks or decades of a month written as a range («сентябрь (1-2
неделя)», «1-2 декада сентября»); an event before the length counted from it; holidays, numbered periods and the days
of holidays left out; semesters, «понедельно», «через неделю по пятницам» and meetings with no month; the n-th year or
month of a programme; «… и далее»; one month then its day; more named days; a month in brackets after holidays."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.roadmap.schedules.parser import ScheduleKind, _parse, month_bounds
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

SCHOOL_MONTHS = [(2024, m) for m in range(9, 13)] + [(2025, m) for m in range(1, 9)]


def months(*pairs: tuple[int, int]) -> Expected:
    return [month_bounds(year, month) for year, month in pairs]


def weekday_spans(*weekdays: int) -> Expected:
    """From the first to the last day of each month of the school year 2024-2025 that falls on one of `weekdays`
    (Monday 0)."""
    spans: Expected = []
    for year, month in SCHOOL_MONTHS:
        first, last = month_bounds(year, month)
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        chosen = [day for day in days if day.weekday() in weekdays]
        spans.append((chosen[0], chosen[-1]))
    return spans


def first_and_third(weekday: int) -> Expected:
    """The first and the third `weekday` of each month of the school year 2024-2025, one-day occurrences."""
    days: list[date] = []
    for year, month in SCHOOL_MONTHS:
        first = date(year, month, 1) + timedelta(days=(weekday - date(year, month, 1).weekday()) % 7)
        days += [first, first + timedelta(weeks=2)]
    return [(day, day) for day in days]


def days_of_each_month(first: int, last: int) -> Expected:
    """Days `first`–`last` (at most the month's last) of each month of the school year 2024-2025."""
    return [
        (date(y, m, first), min(date(y, m, 1) + timedelta(days=last - 1), month_bounds(y, m)[1]))
        for y, m in SCHOOL_MONTHS
    ]


def every_days(count: int) -> Expected:
    """Windows of `count` days from 1 September 2024 that end by 31 August 2025."""
    spans: Expected = []
    start = D(2024, 9, 1)
    while (due := start + timedelta(days=count - 1)) <= D(2025, 8, 31):
        spans.append((start, due))
        start = due + timedelta(days=1)
    return spans


TERM_HALVES: Expected = [
    (D(2024, 9, 1), D(2024, 9, 30)), (D(2024, 10, 1), D(2024, 10, 31)),
    (D(2024, 11, 1), D(2024, 11, 30)), (D(2024, 12, 1), D(2024, 12, 31)),
    (D(2025, 1, 1), D(2025, 2, 14)), (D(2025, 2, 15), D(2025, 3, 31)),
    (D(2025, 4, 1), D(2025, 4, 30)), (D(2025, 5, 1), D(2025, 5, 31)),
]  # fmt: skip
"""Each term of 2024-2025 in two: by whole months when it has two, else by days (January–March at 14 February)."""
TERMS: Expected = [
    (D(2024, 9, 1), D(2024, 10, 31)), (D(2024, 11, 1), D(2024, 12, 31)),
    (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 5, 31)),
]  # fmt: skip
HALF_YEARS: Expected = [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))]

# (text, kind, recurrence, [(start, due)]) with the school year 2024-2025 and its default period.
FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # one of the month's given weekdays, which one not written: from its first such day to its last
    ("раз в месяц по пятницам", ScheduleKind.recurring, "monthly", weekday_spans(4)),
    ("1 раз в месяц по пятницам", ScheduleKind.recurring, "monthly", weekday_spans(4)),
    ("Раз В Месяц  По Пятницам", ScheduleKind.recurring, "monthly", weekday_spans(4)),
    ("1 раз в месяц (пятница)", ScheduleKind.recurring, "monthly", weekday_spans(4)),
    ("ежемесячно, в пятницу", ScheduleKind.recurring, "monthly", weekday_spans(4)),
    ("ежемесячно по средам", ScheduleKind.recurring, "monthly", weekday_spans(2)),
    ("2 раза в месяц по вторникам и пятницам", ScheduleKind.recurring, "monthly", weekday_spans(1, 4)),
    ("ежемесячно по пятницам во II полугодии", ScheduleKind.recurring, "monthly", weekday_spans(4)[4:9]),
    # one weekday twice a month written before the count: its first and third, as after it
    ("по средам (2 раза в месяц)", ScheduleKind.recurring, "monthly", first_and_third(2)),
    # weekdays of each month numbered with bare digits in a monthly text
    ("2 раза в месяц (1 и 3 среда)", ScheduleKind.recurring, "monthly", first_and_third(2)),
    # a recurrence in days framed by one numbered period: its windows inside it
    (
        "раз в декаду во II четверти",
        ScheduleKind.recurring,
        "every_ten_days",
        [
            (date(y, m, a), date(y, m, min(b, month_bounds(y, m)[1].day)))
            for y, m in ((2024, 11), (2024, 12))
            for a, b in ((1, 10), (11, 20), (21, 31))
        ],
    ),
    (
        "каждые 3 недели в течение I полугодия",
        ScheduleKind.recurring,
        "every_n_days",
        [w for w in every_days(21) if w[1] <= D(2024, 12, 31)],
    ),
    # a count of times in each term, trimester or half-year: each cut into that many in a row
    ("2 раза в четверть", ScheduleKind.recurring, "quarterly", TERM_HALVES),
    ("не реже 2 раз в четверть", ScheduleKind.recurring, "quarterly", TERM_HALVES),
    ("дважды в четверть", ScheduleKind.recurring, "quarterly", TERM_HALVES),
    ("2 раза в четверть во II полугодии", ScheduleKind.recurring, "quarterly", TERM_HALVES[4:]),
    (
        "3 раза в четверть",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 9, 1), D(2024, 9, 20)),
            (D(2024, 9, 21), D(2024, 10, 10)),
            (D(2024, 10, 11), D(2024, 10, 31)),
            (D(2024, 11, 1), D(2024, 11, 20)),
            (D(2024, 11, 21), D(2024, 12, 10)),
            (D(2024, 12, 11), D(2024, 12, 31)),
            *months((2025, 1), (2025, 2), (2025, 3)),
            (D(2025, 4, 1), D(2025, 4, 20)),
            (D(2025, 4, 21), D(2025, 5, 10)),
            (D(2025, 5, 11), D(2025, 5, 31)),
        ],
    ),
    (
        "2 раза в триместр",
        ScheduleKind.recurring,
        "times_a_year",
        [
            (D(2024, 9, 1), D(2024, 10, 15)),
            (D(2024, 10, 16), D(2024, 11, 30)),
            (D(2024, 12, 1), D(2025, 1, 14)),
            (D(2025, 1, 15), D(2025, 2, 28)),
            (D(2025, 3, 1), D(2025, 4, 15)),
            (D(2025, 4, 16), D(2025, 5, 31)),
        ],
    ),
    (
        "3 раза в полугодие",
        ScheduleKind.recurring,
        "half_yearly",
        [
            (D(2024, 9, 1), D(2024, 10, 10)),
            (D(2024, 10, 11), D(2024, 11, 20)),
            (D(2024, 11, 21), D(2024, 12, 31)),
            (D(2025, 1, 1), D(2025, 2, 19)),
            (D(2025, 2, 20), D(2025, 4, 10)),
            (D(2025, 4, 11), D(2025, 5, 31)),
        ],
    ),
    # other counts a year: the school year (September–May) cut into that many, as «3 раза в год» is its trimesters
    (
        "5 раз в год",
        ScheduleKind.recurring,
        "times_a_year",
        [
            (D(2024, 9, 1), D(2024, 10, 24)),
            (D(2024, 10, 25), D(2024, 12, 18)),
            (D(2024, 12, 19), D(2025, 2, 10)),
            (D(2025, 2, 11), D(2025, 4, 6)),
            (D(2025, 4, 7), D(2025, 5, 31)),
        ],
    ),
    ("9 раз в год", ScheduleKind.recurring, "times_a_year", months(*SCHOOL_MONTHS[:9])),
    # a range of counts: the smaller one, the least the text asks for
    ("1-2 раза в четверть", ScheduleKind.recurring, "quarterly", TERMS),
    ("2-3 раза в год", ScheduleKind.recurring, "twice_a_year", HALF_YEARS),
    ("1–2 раза в месяц", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    # a range of gaps: the longer one, the windows every time falls in
    ("каждые 2-3 недели", ScheduleKind.recurring, "every_n_days", every_days(21)),
    ("1 раз в 3–4 недели", ScheduleKind.recurring, "every_n_days", every_days(28)),
    (
        "раз в 2-3 месяца",
        ScheduleKind.recurring,
        "every_n_months",
        [
            (D(2024, 9, 1), D(2024, 11, 30)),
            (D(2024, 12, 1), D(2025, 2, 28)),
            (D(2025, 3, 1), D(2025, 5, 31)),
            (D(2025, 6, 1), D(2025, 8, 31)),
        ],
    ),
    # weeks or decades of a month written as a range, in brackets after the month or before it
    ("сентябрь (1-2 неделя)", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 14))]),
    ("Сентябрь (1-2 недели)", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 14))]),
    ("октябрь (3-4 нед.)", ScheduleKind.range, None, [(D(2024, 10, 15), D(2024, 10, 28))]),
    ("сентябрь, 3-4 неделя", ScheduleKind.range, None, [(D(2024, 9, 15), D(2024, 9, 28))]),
    (
        "сентябрь (1-2 нед.), октябрь (3-4 нед.)",
        ScheduleKind.dates,
        None,
        [(D(2024, 9, 1), D(2024, 9, 14)), (D(2024, 10, 15), D(2024, 10, 28))],
    ),
    ("1-2-я неделя сентября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 14))]),
    ("1-2 декада сентября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 20))]),
    ("2-3 декада мая", ScheduleKind.range, None, [(D(2025, 5, 11), D(2025, 5, 31))]),
    ("сентябрь (1-2 декада)", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 20))]),
    # weeks or decades of each month as a range: those days of each month (the second week alone was read)
    ("ежемесячно, 1-2 неделя", ScheduleKind.recurring, "monthly", days_of_each_month(1, 14)),
    ("1-2 неделя каждого месяца", ScheduleKind.recurring, "monthly", days_of_each_month(1, 14)),
    ("ежемесячно (3-4 неделя)", ScheduleKind.recurring, "monthly", days_of_each_month(15, 28)),
    ("ежемесячно, 2-3 декада", ScheduleKind.recurring, "monthly", days_of_each_month(11, 31)),
    # two edges of one month, and from an edge of a month on (was the edge's ten days alone)
    ("середина – конец октября", ScheduleKind.range, None, [(D(2024, 10, 11), D(2024, 10, 31))]),
    ("начало-середина мая", ScheduleKind.range, None, [(D(2025, 5, 1), D(2025, 5, 20))]),
    ("с середины октября", ScheduleKind.period, None, [(D(2024, 10, 11), D(2025, 8, 31))]),
    ("с начала октября до 15 ноября", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 11, 15))]),
    ("с середины октября до конца учебного года", ScheduleKind.range, None, [(D(2024, 10, 11), D(2025, 5, 31))]),
    ("с начала сентября по май", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    # a whole month and an edge of another: one range (was two occurrences, or the edge alone)
    ("сентябрь – начало октября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 10))]),
    ("с сентября по середину октября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 20))]),
    ("конец ноября - декабрь 2024 г.", ScheduleKind.range, None, [(D(2024, 11, 21), D(2024, 12, 31))]),
    ("с середины октября по май", ScheduleKind.range, None, [(D(2024, 10, 11), D(2025, 5, 31))]),
    ("сентябрь – 1-я неделя", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 7))]),
    # one month, then the day it is due by: that date, not a monthly recurrence
    ("август, до 25 числа", ScheduleKind.date, None, [(None, D(2025, 8, 25))]),
    ("май 2025 г. (до 20-го числа)", ScheduleKind.date, None, [(None, D(2025, 5, 20))]),
    (
        "сентябрь, до 5 числа; май, до 25 числа",
        ScheduleKind.dates,
        None,
        [(None, D(2024, 9, 5)), (None, D(2025, 5, 25))],
    ),
    # the start or the end of the school year in brackets after a count is when (the count is no date beside it)
    ("1 раз в год (в начале учебного года)", ScheduleKind.recurring, "yearly", months((2024, 9))),
    ("1 раз в год (в конце учебного года)", ScheduleKind.recurring, "yearly", months((2025, 5))),
    # holidays with their month in brackets: the month written (the holidays' days are only the usual ones)
    ("в период весенних каникул (март)", ScheduleKind.month, None, months((2025, 3))),
    ("во время осенних каникул (ноябрь)", ScheduleKind.month, None, months((2024, 11))),
    # the event, then the length counted from it: as «в течение недели после окончания четверти»
    (
        "по окончании четверти (в течение недели)",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 11, 1), D(2024, 11, 7)),
            (D(2025, 1, 1), D(2025, 1, 7)),
            (D(2025, 4, 1), D(2025, 4, 7)),
            (D(2025, 6, 1), D(2025, 6, 7)),
        ],
    ),
    ("по окончании I полугодия (в течение 2 недель)", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 1, 14))]),
    ("по завершении учебного года, в течение месяца", ScheduleKind.range, None, [(D(2025, 6, 1), D(2025, 6, 30))]),
    # left out: the holidays (whole months only in summer), numbered periods, not the months of holiday days
    ("ежемесячно, кроме каникулярного периода", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS[:9])),
    ("ежемесячно (кроме каникул)", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS[:9])),
    ("ежемесячно, кроме зимних каникул", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    (
        "ежемесячно, кроме IV четверти",
        ScheduleKind.recurring,
        "monthly",
        months(*SCHOOL_MONTHS[:7], *SCHOOL_MONTHS[9:]),
    ),
    ("1 раз в четверть, кроме I четверти", ScheduleKind.recurring, "quarterly", TERMS[1:]),
    ("2 раза в четверть, кроме IV четверти", ScheduleKind.recurring, "quarterly", TERM_HALVES[:6]),
    # semesters are half-years; «понедельно» is weekly; «через неделю по пятницам» every other Friday
    ("по семестрам", ScheduleKind.recurring, "half_yearly", HALF_YEARS),
    ("1 раз в семестр", ScheduleKind.recurring, "half_yearly", HALF_YEARS),
    ("II семестр", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 5, 31))]),
    (
        "понедельно",
        ScheduleKind.recurring,
        "weekly",
        [(D(2024, 8, 26) + timedelta(weeks=n), D(2024, 9, 1) + timedelta(weeks=n)) for n in range(53)],
    ),
    (
        "через неделю по пятницам",
        ScheduleKind.recurring,
        "biweekly",
        [(d, d) for d in (D(2024, 9, 6) + timedelta(weeks=2 * n) for n in range(26))],
    ),
    (
        "по средам через неделю",
        ScheduleKind.recurring,
        "biweekly",
        [(d, d) for d in (D(2024, 9, 4) + timedelta(weeks=2 * n) for n in range(26))],
    ),
    # a word broken in two
    ("еже месячно", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    (
        "еже-квартально",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [
            (D(2024, 7, 1), D(2024, 9, 30)),
            (D(2024, 10, 1), D(2024, 12, 31)),
            (D(2025, 1, 1), D(2025, 3, 31)),
            (D(2025, 4, 1), D(2025, 6, 30)),
        ],
    ),
    # «и далее» after a date: on to the plan's end, as «…, далее постоянно»
    ("сентябрь 2024 и далее", ScheduleKind.dates, None, [*months((2024, 9)), (D(2024, 10, 1), D(2025, 8, 31))]),
    ("2024 г. и далее", ScheduleKind.dates, None, [(D(2024, 1, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 8, 31))]),
    ("с 2024 г. и далее", ScheduleKind.period, None, [(D(2024, 1, 1), D(2025, 8, 31))]),  # runs on already
    ("сентябрь 2024, далее по графику", ScheduleKind.month, None, months((2024, 9))),
    # the n-th year or month of the programme: counted from the start of the plan's period
    ("1-й год реализации программы", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("в течение первого года реализации", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("в течение первого месяца", ScheduleKind.period, None, months((2024, 9))),
    ("третий месяц реализации проекта", ScheduleKind.range, None, months((2024, 11))),
    ("в течение 1 года", ScheduleKind.on_request, None, []),  # a length, not the first year
    # the last (first) working day of each term, quarter or half-year: by the production calendar (Saturday 28
    # December 2024 was worked, 30–31 December off)
    (
        "в последний рабочий день четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(d, d) for d in (D(2024, 10, 31), D(2024, 12, 28), D(2025, 3, 31), D(2025, 5, 30))],
    ),
    (
        "в последний рабочий день каждого квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(d, d) for d in (D(2024, 9, 30), D(2024, 12, 28), D(2025, 3, 31), D(2025, 6, 30))],
    ),
    # more named days
    ("в День Конституции", ScheduleKind.date, None, [(D(2024, 12, 12), D(2024, 12, 12))]),
    ("ко Дню России", ScheduleKind.date, None, [(None, D(2025, 6, 12))]),
    ("к Дню героев Отечества", ScheduleKind.date, None, [(None, D(2024, 12, 9))]),
    ("к Международному дню толерантности", ScheduleKind.date, None, [(None, D(2024, 11, 16))]),
    # a meeting with no month is no date
    ("на педсовете", ScheduleKind.on_request, None, []),
    ("на заседаниях ШМО", ScheduleKind.on_request, None, []),
    ("на совещании при директоре", ScheduleKind.on_request, None, []),
    ("в день обращения", ScheduleKind.on_request, None, []),
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS)
def test_form(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("1 раз в месяц по пятницам", "ежемесячно, по пятницам"),
        ("2 раза в месяц по вторникам и пятницам", "2 раза в месяц, по вторникам и пятницам"),
        ("по средам (2 раза в месяц)", "ежемесячно, в первую и третью среду месяца"),
        ("2 раза в четверть", "2 раза в четверть"),
        ("1-2 раза в месяц", "1–2 раза в месяц"),
        ("не реже 1-2 раз в четверть", "не реже 1–2 раз в четверть"),
        ("каждые 2-3 недели", "1 раз в 2–3 недели"),
        ("раз в 2-3 месяца", "1 раз в 2–3 месяца"),
        ("ежемесячно, кроме IV четверти", "ежемесячно (кроме IV четверти)"),
        ("на педсовете", "без фиксированного срока: на педсовете"),
        ("август, до 25 числа", "до 25.08.2025"),
        ("в течение года после назначения", "без фиксированного срока: в течение года после назначения"),
        ("сентябрь 2024, далее по графику", "сентябрь 2024, далее по отдельному графику"),
        ("сентябрь 2024 и далее", "сентябрь 2024, далее в течение периода 01.10.2024 – 31.08.2025"),
    ],
)
def test_summary(text: str, summary: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).summary.startswith(summary)


def test_the_second_year_of_a_programme_over_years() -> None:
    """«2-й год реализации» in a plan for 2024–2026 (calendar years) is 2025; past a one-year plan it is the year
    after it, named in the warnings."""
    schedule = _parse("2-й год реализации программы", None, (D(2024, 1, 1), D(2026, 12, 31)))
    assert [(o.start, o.due) for o in schedule.occurrences] == [(D(2025, 1, 1), D(2025, 12, 31))]
    assert schedule.warnings == []
    beyond = _parse("2-й год реализации программы", SCHOOL_YEAR, None)
    assert [(o.start, o.due) for o in beyond.occurrences] == [(D(2025, 9, 1), D(2026, 8, 31))]
    assert len(beyond.warnings) == 1


def test_a_programme_year_from_29_february() -> None:
    """A plan from 29 February: its second year starts on 1 March of the next year, and nothing raises."""
    schedule = _parse("2-й год реализации программы", None, (D(2024, 2, 29), D(2026, 2, 28)))
    assert [(o.start, o.due) for o in schedule.occurrences] == [(D(2025, 3, 1), D(2026, 2, 28))]


def test_weekday_span_labels_name_the_days() -> None:
    """Each month's window says which days it is on, so a reader sees why it is not the whole month."""
    schedule = _parse("1 раз в месяц по пятницам", SCHOOL_YEAR, None)
    assert schedule.occurrences[0].label.startswith("06.09 – 27.09.2024 (по пятницам")


@pytest.mark.parametrize(
    "text",
    [
        "через неделю",  # «in a week» or «every other week»: not guessed without a day
        "по итогам через неделю",  # «по итогам» is no weekday
        "ежемесячно (цифровая среда)",  # «среда» as «environment», not Wednesday
    ],
)
def test_not_read_as_weekdays(text: str) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert all(o.start != o.due for o in schedule.occurrences)
    assert schedule.recurrence not in ("biweekly", "weekly")


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("ежемесячно, в течение 1-2 недель после окончания месяца", (D(2024, 10, 1), D(2024, 10, 14))),
        ("ежемесячно, через 1-2 недели после окончания месяца", (None, D(2024, 10, 14))),
        ("в течение 1-2 декад сентября", (D(2024, 9, 1), D(2024, 9, 20))),
    ],
)
def test_a_range_of_weeks_as_a_length_stays_a_length(text: str, first: tuple[date | None, date]) -> None:
    """«1-2 недели» after «в течение», «через», «за» count time from an event, not the first two weeks of each month."""
    occurrence = _parse(text, SCHOOL_YEAR, None).occurrences[0]
    assert (occurrence.start, occurrence.due) == first
