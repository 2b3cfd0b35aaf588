"""Deadline texts as methodists write them, read with general rules: digit ordinals of weekdays («во 2-ю и 4-ю
пятницу месяца»), the end or start of each term or month («в конце каждой четверти»), months in brackets that
narrow the period before them («по итогам 2024-2025 уч.г. (июнь 2025)»), a dash before «по»/«до» a day,
stages beside numbered terms, Roman months with a year («IX–XII 2024»), lists mixing dates and recurrences, and
letters typed for digits."""

from __future__ import annotations

from datetime import date

import pytest

from services.roadmap.schedules.parser import ScheduleKind, Stage, _parse, month_bounds
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form, months

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg


def days(*pairs: tuple[int, int, int]) -> Expected:
    """Single days: each starts and ends that day."""
    return [(D(y, m, d), D(y, m, d)) for y, m, d in pairs]


SCHOOL_MONTHS = [(2024, m) for m in range(9, 13)] + [(2025, m) for m in range(1, 9)]
TERM_ENDS = [D(2024, 10, 31), D(2024, 12, 31), D(2025, 3, 31), D(2025, 5, 31)]
TERM_STARTS = [D(2024, 9, 1), D(2024, 11, 1), D(2025, 1, 1), D(2025, 4, 1)]


def month_days(first: int, last: int | None) -> Expected:
    """Days `first` to `last` (None: the month's last) of each month of the school year 2024-2025."""
    spans: Expected = []
    for year, month in SCHOOL_MONTHS:
        start, end = month_bounds(year, month)
        spans.append((start.replace(day=first), end if last is None else end.replace(day=last)))
    return spans


def last_days(count: int) -> Expected:
    """The last `count` days of each month of the school year 2024-2025."""
    return [(end.replace(day=end.day - count + 1), end) for _, end in months(*SCHOOL_MONTHS)]


# (text, kind, recurrence, [(start, due)]) with the school year 2024-2025 and its default period.
FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # the end or the start of each term or month: its last (first) week, a month's days as «в конце ноября»
    (
        "в конце каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(D(end.year, end.month, end.day - 6), end) for end in TERM_ENDS],
    ),
    ("в конце четверти", ScheduleKind.recurring, "quarterly", [(D(e.year, e.month, e.day - 6), e) for e in TERM_ENDS]),
    (
        "в начале каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(start, start.replace(day=7)) for start in TERM_STARTS],
    ),
    (
        "в первую неделю каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(s, s.replace(day=7)) for s in TERM_STARTS],
    ),
    (
        "последняя неделя четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(D(e.year, e.month, e.day - 6), e) for e in TERM_ENDS],
    ),
    ("до конца каждой четверти", ScheduleKind.recurring, "quarterly", [(None, end) for end in TERM_ENDS]),
    ("до окончания каждой четверти", ScheduleKind.recurring, "quarterly", [(None, end) for end in TERM_ENDS]),
    ("в последнюю неделю каждого месяца", ScheduleKind.recurring, "monthly", last_days(7)),
    ("в конце каждого месяца", ScheduleKind.recurring, "monthly", month_days(21, None)),
    ("в конце месяца", ScheduleKind.recurring, "monthly", month_days(21, None)),
    ("в начале каждого месяца", ScheduleKind.recurring, "monthly", month_days(1, 10)),
    ("в последнюю декаду каждого месяца", ScheduleKind.recurring, "monthly", month_days(21, None)),
    ("в последний день месяца", ScheduleKind.recurring, "monthly", last_days(1)),
    ("последний день каждого месяца", ScheduleKind.recurring, "monthly", last_days(1)),
    ("в первый день каждого месяца", ScheduleKind.recurring, "monthly", month_days(1, 1)),
    ("до конца каждого месяца", ScheduleKind.recurring, "monthly", [(None, e) for _, e in months(*SCHOOL_MONTHS)]),
    (
        "в конце квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [
            (D(2024, 9, 24), D(2024, 9, 30)),
            (D(2024, 12, 25), D(2024, 12, 31)),
            (D(2025, 3, 25), D(2025, 3, 31)),
            (D(2025, 6, 24), D(2025, 6, 30)),
        ],
    ),
    ("в течение квартала", ScheduleKind.on_request, None, []),
    (
        "в конце каждой четверти, полугодия, года",
        ScheduleKind.recurring,
        "quarterly",
        [(D(e.year, e.month, e.day - 6), e) for e in TERM_ENDS],
    ),
    (
        "до 25 числа последнего месяца каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(None, e.replace(day=25)) for e in TERM_ENDS],
    ),
    (
        "в течение первой недели после окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 11, 1), D(2024, 11, 7)),
            (D(2025, 1, 1), D(2025, 1, 7)),
            (D(2025, 4, 1), D(2025, 4, 7)),
            (D(2025, 6, 1), D(2025, 6, 7)),
        ],
    ),
    ("первые две недели каждого месяца", ScheduleKind.recurring, "monthly", month_days(1, 14)),
    (
        "в последние дни каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(D(e.year, e.month, e.day - 6), e) for e in TERM_ENDS],
    ),
    # «накануне начала» is no part of the term: read as before
    (
        "накануне начала четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(s, e) for s, e in zip(TERM_STARTS, TERM_ENDS, strict=True)],
    ),
    # a half-year's end stays the half-year, as the seed orders' «В конце каждого полугодия» is read
    (
        "в конце полугодия",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))],
    ),
    (
        "в последнюю неделю каждого полугодия",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2024, 12, 25), D(2024, 12, 31)), (D(2025, 5, 25), D(2025, 5, 31))],
    ),
    (
        "до конца каждого полугодия",
        ScheduleKind.recurring,
        "half_yearly",
        [(None, D(2024, 12, 31)), (None, D(2025, 5, 31))],
    ),
    # terms over two school years with one calendar year are not read into a span that ends before it starts
    ("I–IV четверти 2024", ScheduleKind.range, None, []),
    # a part of one numbered period
    ("в последнюю неделю I четверти", ScheduleKind.range, None, [(D(2024, 10, 25), D(2024, 10, 31))]),
    ("в первую неделю III четверти", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 1, 7))]),
    ("после окончания I полугодия", ScheduleKind.range, None, months((2025, 1))),
    ("после завершения III четверти", ScheduleKind.range, None, months((2025, 4))),
    ("до 5 числа месяца, следующего за окончанием I четверти", ScheduleKind.date, None, [(None, D(2024, 11, 5))]),
    (
        "до 5 числа месяца, следующего за окончанием I и II четверти",
        ScheduleKind.dates,
        None,
        [(None, D(2024, 11, 5)), (None, D(2025, 1, 5))],
    ),
    (
        "до 10 числа месяца, следующего за отчетным I кварталом 2025 г.",
        ScheduleKind.date,
        None,
        [(None, D(2025, 4, 10))],
    ),
    # numbered periods beside other school-year dates
    ("в конце I полугодия и в конце учебного года", ScheduleKind.dates, None, months((2024, 12), (2025, 5))),
    (
        "в начале учебного года, по итогам I полугодия, в конце учебного года",
        ScheduleKind.dates,
        None,
        months((2024, 9), (2024, 12), (2025, 5)),
    ),
    ("сентябрь, по итогам I полугодия", ScheduleKind.dates, None, months((2024, 9), (2024, 12))),
    # months in brackets narrow the period before them; the year reported on beside its month is an aside
    ("по итогам 2024-2025 уч.г. (июнь 2025)", ScheduleKind.month, None, months((2025, 6))),
    ("по итогам 2024-2025 уч.г. (июнь)", ScheduleKind.month, None, months((2025, 6))),
    ("по итогам 2024-2025 учебного года (июнь 2025 г.)", ScheduleKind.month, None, months((2025, 6))),
    ("по итогам 2024 г. (январь 2025 г.)", ScheduleKind.month, None, months((2025, 1))),
    ("2025 год (март)", ScheduleKind.month, None, months((2025, 3))),
    ("2025 г. (I полугодие)", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 6, 30))]),
    ("до 15.01.2025 отчет за I полугодие", ScheduleKind.date, None, [(None, D(2025, 1, 15))]),
    (
        "до 25.12.2024 – отчет за I полугодие; до 25.05.2025 – за год",
        ScheduleKind.dates,
        None,
        [(None, D(2024, 12, 25)), (None, D(2025, 5, 25))],
    ),
    ("2025 г. (январь – март)", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 3, 31))]),
    ("2024-2025 уч.г. (сентябрь – октябрь)", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 31))]),
    ("в течение года (сентябрь – май)", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("по итогам первого полугодия (январь)", ScheduleKind.month, None, months((2025, 1))),
    ("по итогам I четверти (10.11.2024)", ScheduleKind.date, None, [(D(2024, 11, 10), D(2024, 11, 10))]),
    (
        "по итогам I полугодия (январь), по итогам года (июнь)",
        ScheduleKind.recurring,
        "yearly",
        months((2025, 1), (2025, 6)),
    ),
    ("январь 2025 г. (по итогам 2024 года)", ScheduleKind.month, None, months((2025, 1))),
    ("июнь 2025 г. (по итогам 2024-2025 учебного года)", ScheduleKind.month, None, months((2025, 6))),
    ("до 15.01.2025 (отчет за 2024 г.)", ScheduleKind.date, None, [(None, D(2025, 1, 15))]),
    ("до 10.01.2025 (по итогам I полугодия)", ScheduleKind.date, None, [(None, D(2025, 1, 10))]),
    # a dash before «по» or «до» a day: one range
    ("сентябрь – по 15 октября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 15))]),
    ("сентябрь - до 15 октября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 15))]),
    ("01.09.2024 – по 15.10.2024", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 15))]),
    # Roman months with their year
    ("IX-XII 2024", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    ("IX–XII 2024 г.", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    ("XI 2024", ScheduleKind.month, None, months((2024, 11))),
    # two numbered periods joined by a dash are one span; a year's results listed beside numbered periods are May's
    ("IV квартал 2024 г. – I квартал 2025 г.", ScheduleKind.range, None, [(D(2024, 10, 1), D(2025, 3, 31))]),
    ("IV кв. 2024 - I кв. 2025", ScheduleKind.range, None, [(D(2024, 10, 1), D(2025, 3, 31))]),
    ("II четверть - III четверть", ScheduleKind.range, None, [(D(2024, 11, 1), D(2025, 3, 31))]),
    (
        "по итогам I четверти, I полугодия, III четверти, года",
        ScheduleKind.dates,
        None,
        months((2024, 10), (2024, 12), (2025, 3), (2025, 5)),
    ),
    ("по итогам I полугодия и учебного года", ScheduleKind.dates, None, months((2024, 12), (2025, 5))),
    # the part of a month written after it
    ("сентябрь (1-я неделя)", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 7))]),
    ("октябрь (2-я неделя)", ScheduleKind.range, None, [(D(2024, 10, 8), D(2024, 10, 14))]),
    ("май, последняя неделя", ScheduleKind.range, None, [(D(2025, 5, 25), D(2025, 5, 31))]),
    ("май 2025 г. (конец)", ScheduleKind.range, None, [(D(2025, 5, 21), D(2025, 5, 31))]),
    (
        "Сентябрь (первая неделя), май (последняя неделя)",
        ScheduleKind.dates,
        None,
        [(D(2024, 9, 1), D(2024, 9, 7)), (D(2025, 5, 25), D(2025, 5, 31))],
    ),
    ("май, конец учебного года", ScheduleKind.month, None, months((2025, 5))),
    # a day written as an ordinal word or with «-му»
    ("первого октября", ScheduleKind.date, None, [(D(2024, 10, 1), D(2024, 10, 1))]),
    ("до первого сентября", ScheduleKind.date, None, [(None, D(2024, 9, 1))]),
    ("к 1-му октября", ScheduleKind.date, None, [(None, D(2024, 10, 1))]),
    ("до двадцать пятого мая", ScheduleKind.date, None, [(None, D(2025, 5, 25))]),
    ("к пятнадцатому октября 2024 г.", ScheduleKind.date, None, [(None, D(2024, 10, 15))]),
    # «до» before the first of a list of days alone is each one's
    (
        "до 10 января, 10 апреля, 10 июля",
        ScheduleKind.dates,
        None,
        [(None, D(2025, 1, 10)), (None, D(2025, 4, 10)), (None, D(2025, 7, 10))],
    ),
    ("до 10.01.2025, 10.04.2025", ScheduleKind.dates, None, [(None, D(2025, 1, 10)), (None, D(2025, 4, 10))]),
    (
        "до 01.10.2024 – приказ, 15.10.2024 – совещание",
        ScheduleKind.dates,
        None,
        [(None, D(2024, 10, 1)), (D(2024, 10, 15), D(2024, 10, 15))],
    ),
    # parts of each month named by ordinals, halves and the middle
    ("в течение первых 3 дней месяца", ScheduleKind.recurring, "monthly", month_days(1, 3)),
    ("последние 3 дня месяца", ScheduleKind.recurring, "monthly", last_days(3)),
    ("во второй половине месяца", ScheduleKind.recurring, "monthly", month_days(16, None)),
    ("в середине каждого месяца", ScheduleKind.recurring, "monthly", month_days(11, 20)),
    (
        "во вторую неделю четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(s.replace(day=8), s.replace(day=14)) for s in TERM_STARTS],
    ),
    (
        "в первые 2 недели каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(s, s.replace(day=14)) for s in TERM_STARTS],
    ),
    # through a year; a count of years alone is a length
    ("по 2027 год", ScheduleKind.date, None, [(None, D(2027, 12, 31))]),
    ("с 2024 по 2026 год", ScheduleKind.period, None, [(D(2024, 1, 1), D(2026, 12, 31))]),
    ("в течение 3-х лет", ScheduleKind.on_request, None, []),
    ("IX-XII.2024", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    (
        "IX–XII 2024 г., I–V 2025 г.",
        ScheduleKind.dates,
        None,
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))],
    ),
    # Roman numerals typed with other letters or glued to their noun name one period, not each
    ("IIполугодие", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 5, 31))]),
    ("\u2160 полугодие", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    ("\u0406 четверть", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 31))]),
    ("\u0406\u0406 полугодие", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 5, 31))]),
    ("\u0425-\u0425II 2024", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 12, 31))]),
    # a weekday of a named month
    ("вторая среда февраля", ScheduleKind.date, None, days((2025, 2, 12))),
    ("2 среда февраля", ScheduleKind.date, None, days((2025, 2, 12))),
    ("в последнюю пятницу мая 2025 г.", ScheduleKind.date, None, days((2025, 5, 30))),
    ("в первый понедельник сентября", ScheduleKind.date, None, days((2024, 9, 2))),
    # lessons: throughout the period
    ("на каждом уроке", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    # letters typed for digits in a date
    ("до 3l.12.2024", ScheduleKind.date, None, [(None, D(2024, 12, 31))]),
    ("до О1.09.2024", ScheduleKind.date, None, [(None, D(2024, 9, 1))]),
    ("до 31.12.2O24", ScheduleKind.date, None, [(None, D(2024, 12, 31))]),
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_forms(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("во 2-ю и 4-ю пятницу месяца", [D(2024, 9, 13), D(2024, 9, 27), D(2024, 10, 11)]),
        ("во 2 и 4 пятницу месяца", [D(2024, 9, 13), D(2024, 9, 27), D(2024, 10, 11)]),
        ("в 1-й понедельник месяца", [D(2024, 9, 2), D(2024, 10, 7), D(2024, 11, 4)]),
        ("в 1 среду месяца", [D(2024, 9, 4), D(2024, 10, 2), D(2024, 11, 6)]),
        ("каждый 3-й четверг", [D(2024, 9, 19), D(2024, 10, 17), D(2024, 11, 21)]),
        ("каждый третий четверг", [D(2024, 9, 19), D(2024, 10, 17), D(2024, 11, 21)]),
        ("каждую последнюю пятницу", [D(2024, 9, 27), D(2024, 10, 25), D(2024, 11, 29)]),
        ("каждый 2-й вторник месяца", [D(2024, 9, 10), D(2024, 10, 8), D(2024, 11, 12)]),
    ],
)
def test_digit_ordinal_weekdays_of_each_month(text: str, first: list[date]) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.recurring
    assert schedule.recurrence == "monthly"
    assert [o.due for o in schedule.occurrences][: len(first)] == first
    assert all(o.start == o.due for o in schedule.occurrences)


@pytest.mark.parametrize("text", ["1 среда", "3 четверг", "II", "понедельник"])
def test_a_bare_number_beside_a_weekday_is_no_ordinal(text: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).kind == ScheduleKind.unparsed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I четверть – входная диагностика; IV четверть – итоговая",
            [((D(2024, 9, 1), D(2024, 10, 31)), Stage.entry), ((D(2025, 4, 1), D(2025, 5, 31)), Stage.final)],
        ),
        (
            "I четверть – входная диагностика; II четверть – промежуточная; IV четверть – итоговая",
            [
                ((D(2024, 9, 1), D(2024, 10, 31)), Stage.entry),
                ((D(2024, 11, 1), D(2024, 12, 31)), Stage.interim),
                ((D(2025, 4, 1), D(2025, 5, 31)), Stage.final),
            ],
        ),
        (
            "входная – I четверть, итоговая – IV четверть",
            [((D(2024, 9, 1), D(2024, 10, 31)), Stage.entry), ((D(2025, 4, 1), D(2025, 5, 31)), Stage.final)],
        ),
        (
            "I полугодие (входной), II полугодие (итоговый)",
            [((D(2024, 9, 1), D(2024, 12, 31)), Stage.entry), ((D(2025, 1, 1), D(2025, 5, 31)), Stage.final)],
        ),
    ],
)
def test_stages_beside_numbered_periods(text: str, expected: list[tuple[tuple[date, date], Stage]]) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.staged
    assert [((o.start, o.due), o.stage) for o in schedule.occurrences] == expected


def test_numbered_periods_without_stages_stay_dates() -> None:
    schedule = _parse("I и II четверти", SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.dates
    assert all(o.stage is None for o in schedule.occurrences)


@pytest.mark.parametrize(
    ("text", "recurrence", "dates", "count"),
    [
        ("до 01.10.2024 – приказ; ежемесячно – мониторинг", "monthly", [D(2024, 10, 1)], 13),
        ("до 01.10.2024 – приказ, ежемесячно – мониторинг", "monthly", [D(2024, 10, 1)], 13),
        (
            "до 10.09.2024 – план; по итогам каждой четверти – отчет; до 31.05.2025 – анализ",
            "quarterly",
            [D(2024, 9, 10), D(2025, 5, 31)],
            6,
        ),
    ],
)
def test_a_list_mixing_dates_and_a_recurrence(text: str, recurrence: str, dates: list[date], count: int) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.recurring
    assert schedule.recurrence == recurrence
    assert len(schedule.occurrences) == count
    assert {o.due for o in schedule.occurrences if o.start is None} == set(dates)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        (
            "в течение года, итоговый отчет – май",
            ScheduleKind.dates,
            [(D(2025, 5, 1), D(2025, 5, 31)), (D(2024, 9, 1), D(2025, 8, 31))],
        ),
        (
            "сентябрь – приказ; в течение года – реализация; май – отчет",
            ScheduleKind.dates,
            [*months((2024, 9), (2025, 5)), (D(2024, 9, 1), D(2025, 8, 31))],
        ),
        (
            "до 01.09.2024 (разработка), в течение года (реализация), май 2025 (анализ)",
            ScheduleKind.dates,
            [(None, D(2024, 9, 1)), *months((2025, 5)), (D(2024, 9, 1), D(2025, 8, 31))],
        ),
        (
            "утверждение – сентябрь; мониторинг – ежемесячно; отчет – июнь",
            ScheduleKind.recurring,
            months(*SCHOOL_MONTHS),
        ),
        ("ежемесячно (мониторинг), июнь 2025 (отчет)", ScheduleKind.recurring, months(*SCHOOL_MONTHS)),
    ],
)
def test_labelled_parts_of_a_list(text: str, kind: ScheduleKind, expected: Expected) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.kind == kind
    assert [(o.start, o.due) for o in schedule.occurrences] == expected


def test_a_list_of_two_recurrences_keeps_both() -> None:
    schedule = _parse("еженедельно (понедельник); ежемесячно (последняя пятница)", SCHOOL_YEAR, None)
    days = [o.due for o in schedule.occurrences]
    assert days[:5] == [D(2024, 9, 2), D(2024, 9, 9), D(2024, 9, 16), D(2024, 9, 23), D(2024, 9, 27)]


def test_a_monthly_report_and_a_yearly_one() -> None:
    schedule = _parse("ежемесячно до 5 числа, годовой отчет до 15.06.2025", SCHOOL_YEAR, None)
    assert schedule.recurrence == "monthly"
    assert [o.due for o in schedule.occurrences][:2] == [D(2024, 9, 5), D(2024, 10, 5)]
    assert D(2025, 6, 15) in [o.due for o in schedule.occurrences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ежемесячно, кроме июля 2025", 11),  # a left-out month is no part of a list
        ("ежегодно, до 1 октября 2024", 1),
    ],
)
def test_lists_that_are_one_deadline(text: str, expected: int) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.recurring
    assert len(schedule.occurrences) == expected


@pytest.mark.parametrize("text", ["1 раз в 0 лет", "0 раз в год", "до 0 числа", "OO.OO.OOOO", ";;;", "сентябрь – по"])
def test_typos_never_hang_or_raise(text: str) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.text == text
    assert all(o.start is None or o.start <= o.due for o in schedule.occurrences)


@pytest.mark.parametrize(
    ("text", "first", "last", "count"),
    [
        ("с октября по апрель еженедельно", (D(2024, 10, 1), D(2024, 10, 6)), (D(2025, 4, 28), D(2025, 4, 30)), 31),
        ("октябрь – апрель (еженедельно)", (D(2024, 10, 1), D(2024, 10, 6)), (D(2025, 4, 28), D(2025, 4, 30)), 31),
        ("еженедельно в октябре", (D(2024, 10, 1), D(2024, 10, 6)), (D(2024, 10, 28), D(2024, 10, 31)), 5),
    ],
)
def test_weeks_inside_the_months_written(
    text: str, first: tuple[date, date], last: tuple[date, date], count: int
) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.recurrence == "weekly"
    spans = [(o.start, o.due) for o in schedule.occurrences]
    assert (spans[0], spans[-1], len(spans)) == (first, last, count)


def test_months_after_a_count_with_a_colon_stay_the_recurrence_s() -> None:
    period = (D(2024, 9, 1), D(2026, 8, 31))
    schedule = _parse("два раза в год: декабрь, май", SCHOOL_YEAR, period)
    assert schedule.recurrence == "twice_a_year"
    assert [(o.start, o.due) for o in schedule.occurrences] == months((2024, 12), (2025, 5), (2025, 12), (2026, 5))
