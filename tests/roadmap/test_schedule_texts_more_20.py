"""Deadline texts, round 20: «накануне 1 сентября», «накануне 8 марта», «накануне 01.01.2025» are due the day before the
day written (as «накануне Дня знаний» is), «в канун …» reads as «накануне …»; a span of calendar quarters with no year
in a school year («II–III квартал» in 2024-2025: the II quarter of 2025, the III of 2024) runs on in time from its first
(April–September 2025, not «год не определён»); «в летнее время» is the summer. The leftovers of rounds 15 and 18: «до 1
числа месяца, следующего за отчетным» in a plan of a school year is the report on each of its months — September's due
1 October to August's due 1 September (named in a warning, as December's report of a calendar-year plan is), not one on
the August before the plan; «с 01.09 по 31.05 еженедельно» (days with no year) is that span of each year inside the
plan, cut at its edges — in a plan for 2025 January–May and September–December, in a plan of two school years both,
not one span from the plan's September into the next year. And the wordings methodists type into «Срок» («ежекв.»,
«еженед.», «1 раз в мес.», «до 15.09.24г.», quotes, a line broken inside a cell, Roman months, «IV кв.», «в срок
до», «ежегодно к 1 сентября») still read to the day."""

from __future__ import annotations

from datetime import date

import pytest

from services.roadmap.schedules.parser import ScheduleKind
from tests.roadmap.test_schedule_texts_more import D
from tests.roadmap.test_schedule_texts_more_15 import CAL, SY, TWO, UNREADABLE, Labelled, Plan, labelled, read

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TERM: Plan = (None, (D(2024, 9, 1), D(2024, 10, 31)))  # one term
MON: Plan = (None, (D(2024, 10, 1), D(2024, 10, 31)))  # one month

# (text, plan, kind, [(start, due, label)] of every occurrence, summary)
READINGS: list[tuple[str, Plan, ScheduleKind, Labelled, str]] = [
    ("накануне 1 сентября", SY, ScheduleKind.date, [(None, D(2025, 8, 31), "до 31.08.2025")], "до 31.08.2025"),
    ("накануне 1 сентября", CAL, ScheduleKind.date, [(None, D(2025, 8, 31), "до 31.08.2025")], "до 31.08.2025"),
    ("накануне 1-го сентября", SY, ScheduleKind.date, [(None, D(2025, 8, 31), "до 31.08.2025")], "до 31.08.2025"),
    ("Накануне 1 сентября 2025 г.", SY, ScheduleKind.date, [(None, D(2025, 8, 31), "до 31.08.2025")], "до 31.08.2025"),
    ("накануне 01.09", CAL, ScheduleKind.date, [(None, D(2025, 8, 31), "до 31.08.2025")], "до 31.08.2025"),
    ("накануне 01.01.2025", SY, ScheduleKind.date, [(None, D(2024, 12, 31), "до 31.12.2024")], "до 31.12.2024"),
    ("накануне 1 января 2025 года", SY, ScheduleKind.date, [(None, D(2024, 12, 31), "до 31.12.2024")], "до 31.12.2024"),
    ("накануне 8 марта", SY, ScheduleKind.date, [(None, D(2025, 3, 7), "до 07.03.2025")], "до 07.03.2025"),
    ("накануне 23 февраля", CAL, ScheduleKind.date, [(None, D(2025, 2, 22), "до 22.02.2025")], "до 22.02.2025"),
    (
        "в канун Нового года",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 12, 31), "до 31.12.2024")],
        "до 31.12.2024 (Новый год — 1 января)",
    ),
    (
        "в канун Нового года",
        CAL,
        ScheduleKind.date,
        [(None, D(2025, 12, 31), "до 31.12.2025")],
        "до 31.12.2025 (Новый год — 1 января)",
    ),
    (
        "в канун Дня знаний",
        SY,
        ScheduleKind.date,
        [(None, D(2025, 8, 31), "до 31.08.2025")],
        "до 31.08.2025 (День знаний — 1 сентября)",
    ),
    (
        "В канун Дня учителя",
        CAL,
        ScheduleKind.date,
        [(None, D(2025, 10, 4), "до 04.10.2025")],
        "до 04.10.2025 (День учителя — 5 октября)",
    ),
    (
        "в летнее время",
        SY,
        ScheduleKind.range,
        [(D(2025, 6, 1), D(2025, 8, 31), "июнь – август 2025")],
        "июнь – август 2025 (летние каникулы — обычные сроки, точные даты по календарному графику школы)",
    ),
    (
        "в летнее время",
        CAL,
        ScheduleKind.range,
        [(D(2025, 6, 1), D(2025, 8, 31), "июнь – август 2025")],
        "июнь – август 2025 (летние каникулы — обычные сроки, точные даты по календарному графику школы)",
    ),
    (
        "II-III квартал",
        SY,
        ScheduleKind.range,
        [(D(2025, 4, 1), D(2025, 9, 30), "II – III квартал 2025")],
        "II – III квартал 2025",
    ),
    (
        "II–III кв.",
        SY,
        ScheduleKind.range,
        [(D(2025, 4, 1), D(2025, 9, 30), "II – III квартал 2025")],
        "II – III квартал 2025",
    ),
    (
        "в течение II-III квартала",
        SY,
        ScheduleKind.range,
        [(D(2025, 4, 1), D(2025, 9, 30), "II – III квартал 2025")],
        "II – III квартал 2025",
    ),
    (
        "с II по III квартал",
        SY,
        ScheduleKind.range,
        [(D(2025, 4, 1), D(2025, 9, 30), "II – III квартал 2025")],
        "II – III квартал 2025",
    ),
    (
        "II-III квартал",
        CAL,
        ScheduleKind.range,
        [(D(2025, 4, 1), D(2025, 9, 30), "II – III квартал 2025")],
        "II – III квартал 2025",
    ),
    (
        "III-IV квартал",
        SY,
        ScheduleKind.range,
        [(D(2024, 7, 1), D(2024, 12, 31), "III – IV квартал 2024")],
        "III – IV квартал 2024",
    ),
    (
        "в каникулярное время (осенние, весенние)",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 10, 21), D(2024, 11, 10), "21.10.2024 – 10.11.2024"),
            (D(2025, 3, 21), D(2025, 4, 10), "21.03.2025 – 10.04.2025"),
        ],
        "21.10.2024 – 10.11.2024, 21.03.2025 – 10.04.2025 (осенние, весенние каникулы — обычные сроки, "
        "точные даты по календарному графику школы)",
    ),
    (
        "до конца I полугодия",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 12, 31), "до конца I полугодия 2024-2025 уч. г.")],
        "до конца I полугодия 2024-2025 уч. г.",
    ),
    (
        "до конца I полугодия",
        CAL,
        ScheduleKind.date,
        [(None, D(2025, 6, 30), "до конца I полугодия 2025 г.")],
        "до конца I полугодия 2025 г.",
    ),
    (
        "в течение учебного года (по отдельному графику)",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2025, 8, 31), "01.09.2024 – 31.08.2025")],
        "в течение 2024-2025 уч. г.",
    ),
    (
        "1 раз в триместр",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 11, 30), "сентябрь – ноябрь 2024"),
            (D(2024, 12, 1), D(2025, 2, 28), "декабрь 2024 – февраль 2025"),
            (D(2025, 3, 1), D(2025, 5, 31), "март – май 2025"),
        ],
        "1 раз в триместр",
    ),
    ("до 15.09.24г.", SY, ScheduleKind.date, [(None, D(2024, 9, 15), "до 15.09.2024")], "до 15.09.2024"),
    (
        "сентябрь-октябрь 2025",
        CAL,
        ScheduleKind.range,
        [(D(2025, 9, 1), D(2025, 10, 31), "сентябрь – октябрь 2025")],
        "сентябрь – октябрь 2025",
    ),
    (
        "сентябрь–октябрь 2024 г.",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2024, 10, 31), "сентябрь – октябрь 2024")],
        "сентябрь – октябрь 2024",
    ),
    ("IV квартал", SY, ScheduleKind.range, [(D(2024, 10, 1), D(2024, 12, 31), "IV квартал 2024")], "IV квартал 2024"),
    ("IV кв.", CAL, ScheduleKind.range, [(D(2025, 10, 1), D(2025, 12, 31), "IV квартал 2025")], "IV квартал 2025"),
    ("в срок до 01.10.2024", SY, ScheduleKind.date, [(None, D(2024, 10, 1), "до 01.10.2024")], "до 01.10.2024"),
    ("ежегодно до 1 июня", SY, ScheduleKind.recurring, [(None, D(2025, 6, 1), "до 01.06.2025")], "ежегодно до 1 июня"),
    (
        "ежегодно к 1 сентября",
        CAL,
        ScheduleKind.recurring,
        [(None, D(2025, 9, 1), "до 01.09.2025")],
        "ежегодно до 1 сентября",
    ),
    ("к 1 сентября", SY, ScheduleKind.date, [(None, D(2024, 9, 1), "до 01.09.2024")], "до 01.09.2024"),
    (
        "накануне Дня учителя",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 10, 4), "до 04.10.2024")],
        "до 04.10.2024 (День учителя — 5 октября)",
    ),
    ("«до 15 сентября»", SY, ScheduleKind.date, [(None, D(2024, 9, 15), "до 15.09.2024")], "до 15.09.2024"),
    ("до 15\nсентября 2024 г.", SY, ScheduleKind.date, [(None, D(2024, 9, 15), "до 15.09.2024")], "до 15.09.2024"),
    ("до 01.10.2024.", SY, ScheduleKind.date, [(None, D(2024, 10, 1), "до 01.10.2024")], "до 01.10.2024"),
    (
        "IX-X 2024",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2024, 10, 31), "сентябрь – октябрь 2024")],
        "сентябрь – октябрь 2024",
    ),
]

Edge = tuple[date | None, date, str]
# (text, plan, recurrence, count, first occurrence, last occurrence, summary)
RECURRING: list[tuple[str, Plan, str, int, Edge, Edge, str]] = [
    (
        "до 1 числа месяца, следующего за отчетным",
        SY,
        "monthly",
        12,
        (None, D(2024, 10, 1), "до 01.10.2024 (за сентябрь 2024)"),
        (None, D(2025, 9, 1), "до 01.09.2025 (за август 2025)"),
        "ежемесячно, до 1 числа следующего месяца",
    ),
    (
        "не позднее 1 числа месяца, следующего за отчетным",
        SY,
        "monthly",
        12,
        (None, D(2024, 10, 1), "до 01.10.2024 (за сентябрь 2024)"),
        (None, D(2025, 9, 1), "до 01.09.2025 (за август 2025)"),
        "ежемесячно, до 1 числа следующего месяца",
    ),
    (
        "до 1-го числа месяца, следующего за отчетным",
        TWO,
        "monthly",
        24,
        (None, D(2024, 10, 1), "до 01.10.2024 (за сентябрь 2024)"),
        (None, D(2026, 9, 1), "до 01.09.2026 (за август 2026)"),
        "ежемесячно, до 1 числа следующего месяца",
    ),
    (
        "ежемесячно, до 10 числа месяца, следующего за отчетным периодом",
        SY,
        "monthly",
        12,
        (None, D(2024, 10, 10), "до 10.10.2024 (за сентябрь 2024)"),
        (None, D(2025, 9, 10), "до 10.09.2025 (за август 2025)"),
        "ежемесячно, до 10 числа следующего месяца",
    ),
    (
        "до 5 числа следующего месяца",
        SY,
        "monthly",
        12,
        (None, D(2024, 10, 5), "до 05.10.2024 (за сентябрь 2024)"),
        (None, D(2025, 9, 5), "до 05.09.2025 (за август 2025)"),
        "ежемесячно, до 5 числа следующего месяца",
    ),
    (
        "до 1 числа месяца, следующего за отчетным",
        CAL,
        "monthly",
        12,
        (None, D(2025, 2, 1), "до 01.02.2025 (за январь 2025)"),
        (None, D(2026, 1, 1), "до 01.01.2026 (за декабрь 2025)"),
        "ежемесячно, до 1 числа следующего месяца",
    ),
    (
        "ежеквартально до 10 числа",
        SY,
        "calendar_quarterly",
        4,
        (None, D(2024, 10, 10), "до 10.10.2024 (за III квартал 2024)"),
        (None, D(2025, 7, 10), "до 10.07.2025 (за II квартал 2025)"),
        "ежеквартально, до 10 числа месяца, следующего за кварталом",
    ),
    (
        "с 01.09 по 31.05 еженедельно",
        CAL,
        "weekly",
        38,
        (D(2024, 12, 30), D(2025, 1, 5), "неделя 30 декабря 2024 – 5 января 2025"),
        (D(2025, 12, 22), D(2025, 12, 28), "неделя 22–28 декабря 2025"),
        "еженедельно",
    ),
    (
        "еженедельно с 01.09 по 31.05",
        CAL,
        "weekly",
        38,
        (D(2024, 12, 30), D(2025, 1, 5), "неделя 30 декабря 2024 – 5 января 2025"),
        (D(2025, 12, 22), D(2025, 12, 28), "неделя 22–28 декабря 2025"),
        "еженедельно",
    ),
    (
        "с 01.09 по 31.05 еженедельно",
        TWO,
        "weekly",
        78,
        (D(2024, 8, 26), D(2024, 9, 1), "неделя 26 августа – 1 сентября 2024"),
        (D(2026, 5, 25), D(2026, 5, 31), "неделя 25–31 мая 2026"),
        "еженедельно",
    ),
    (
        "с 01.09 по 31.05 еженедельно",
        SY,
        "weekly",
        39,
        (D(2024, 8, 26), D(2024, 9, 1), "неделя 26 августа – 1 сентября 2024"),
        (D(2025, 5, 19), D(2025, 5, 25), "неделя 19–25 мая 2025"),
        "еженедельно",
    ),
    (
        "еженедельно по пятницам с 01.09 по 31.05",
        CAL,
        "weekly",
        39,
        (D(2025, 1, 3), D(2025, 1, 3), "03.01.2025 (пятница)"),
        (D(2025, 12, 26), D(2025, 12, 26), "26.12.2025 (пятница)"),
        "еженедельно по пятницам",
    ),
    (
        "с 01.10 по 30.04 ежемесячно, до 5 числа",
        CAL,
        "monthly",
        7,
        (None, D(2025, 1, 5), "до 05.01.2025"),
        (None, D(2025, 12, 5), "до 05.12.2025"),
        "ежемесячно, до 5 числа",
    ),
    (
        "с 01.10 по 30.04 ежемесячно, до 5 числа",
        TWO,
        "monthly",
        14,
        (None, D(2024, 10, 5), "до 05.10.2024"),
        (None, D(2026, 4, 5), "до 05.04.2026"),
        "ежемесячно, до 5 числа",
    ),
    (
        "еженедельно с 1 по 30 сентября",
        TWO,
        "weekly",
        9,
        (D(2024, 8, 26), D(2024, 9, 1), "неделя 26 августа – 1 сентября 2024"),
        (D(2025, 9, 22), D(2025, 9, 28), "неделя 22–28 сентября 2025"),
        "еженедельно",
    ),
    (
        "еженедельно с 01.09.2025 по 31.05.2026",
        CAL,
        "weekly",
        39,
        (D(2025, 9, 1), D(2025, 9, 7), "неделя 1–7 сентября 2025"),
        (D(2026, 5, 25), D(2026, 5, 31), "неделя 25–31 мая 2026"),
        "еженедельно",
    ),
    (
        "ежемесячно до 5-го числа",
        SY,
        "monthly",
        12,
        (None, D(2024, 9, 5), "до 05.09.2024"),
        (None, D(2025, 8, 5), "до 05.08.2025"),
        "ежемесячно, до 5 числа",
    ),
    (
        "ежемесячно, не позднее 5-го числа",
        CAL,
        "monthly",
        12,
        (None, D(2025, 1, 5), "до 05.01.2025"),
        (None, D(2025, 12, 5), "до 05.12.2025"),
        "ежемесячно, до 5 числа",
    ),
    (
        "в течение 10 рабочих дней после окончания четверти",
        SY,
        "quarterly",
        4,
        (D(2024, 11, 1), D(2024, 11, 14), "01.11.2024 – 14.11.2024 (после 31.10.2024)"),
        (D(2025, 6, 1), D(2025, 6, 17), "01.06.2025 – 17.06.2025 (после 31.05.2025)"),
        "в течение 10 рабочих дней после окончания каждой четверти",
    ),
    (
        "не позднее 3 дней до начала каждой четверти",
        SY,
        "quarterly",
        4,
        (None, D(2024, 8, 29), "до 29.08.2024 (за 3 дня до 01.09.2024)"),
        (None, D(2025, 3, 29), "до 29.03.2025 (за 3 дня до 01.04.2025)"),
        "за 3 дня до начала каждой четверти",
    ),
    (
        "на 1-й неделе каждого месяца",
        SY,
        "monthly",
        12,
        (None, D(2024, 9, 7), "до 07.09.2024"),
        (None, D(2025, 8, 7), "до 07.08.2025"),
        "ежемесячно, до 7 числа",
    ),
    (
        "на 2-й неделе каждого месяца",
        CAL,
        "monthly",
        12,
        (D(2025, 1, 8), D(2025, 1, 14), "08.01.2025 – 14.01.2025 (январь 2025)"),
        (D(2025, 12, 8), D(2025, 12, 14), "08.12.2025 – 14.12.2025 (декабрь 2025)"),
        "во вторую неделю каждого месяца",
    ),
    (
        "по окончании каждой четверти",
        SY,
        "quarterly",
        4,
        (D(2024, 9, 1), D(2024, 10, 31), "I четверть 2024-2025 уч. г."),
        (D(2025, 4, 1), D(2025, 5, 31), "IV четверть 2024-2025 уч. г."),
        "каждую четверть",
    ),
    (
        "последняя пятница месяца",
        SY,
        "monthly",
        12,
        (D(2024, 9, 27), D(2024, 9, 27), "27.09.2024 (пятница)"),
        (D(2025, 8, 29), D(2025, 8, 29), "29.08.2025 (пятница)"),
        "ежемесячно, в последнюю пятницу месяца",
    ),
    (
        "ежекв.",
        CAL,
        "calendar_quarterly",
        4,
        (D(2025, 1, 1), D(2025, 3, 31), "I квартал 2025"),
        (D(2025, 10, 1), D(2025, 12, 31), "IV квартал 2025"),
        "ежеквартально",
    ),
    (
        "еженед. по пятницам",
        SY,
        "weekly",
        52,
        (D(2024, 9, 6), D(2024, 9, 6), "06.09.2024 (пятница)"),
        (D(2025, 8, 29), D(2025, 8, 29), "29.08.2025 (пятница)"),
        "еженедельно по пятницам",
    ),
    (
        "1 раз в мес., до 25 числа",
        SY,
        "monthly",
        12,
        (None, D(2024, 9, 25), "до 25.09.2024"),
        (None, D(2025, 8, 25), "до 25.08.2025"),
        "ежемесячно, до 25 числа",
    ),
    (
        "в течение 3 рабочих дней после окончания месяца",
        SY,
        "monthly",
        12,
        (D(2024, 10, 1), D(2024, 10, 3), "01.10.2024 – 03.10.2024 (после 30.09.2024)"),
        (D(2025, 9, 1), D(2025, 9, 3), "01.09.2025 – 03.09.2025 (после 31.08.2025)"),
        "в течение 3 рабочих дней после окончания каждого месяца",
    ),
]


@pytest.mark.parametrize(("text", "plan", "kind", "expected", "summary"), READINGS)
def test_reading(text: str, plan: Plan, kind: ScheduleKind, expected: Labelled, summary: str) -> None:
    schedule = read(text, plan)
    assert (schedule.kind, labelled(schedule), schedule.summary) == (kind, expected, summary)
    assert schedule.text == text


@pytest.mark.parametrize(("text", "plan", "recurrence", "count", "first", "last", "summary"), RECURRING)
def test_recurring(text: str, plan: Plan, recurrence: str, count: int, first: Edge, last: Edge, summary: str) -> None:
    schedule = read(text, plan)
    assert (schedule.kind, schedule.recurrence, schedule.summary) == (ScheduleKind.recurring, recurrence, summary)
    occurrences = labelled(schedule)
    assert (len(occurrences), occurrences[0], occurrences[-1]) == (count, first, last)


@pytest.mark.parametrize("text", ["накануне 1 сентября", "накануне 01.09", "в канун Дня знаний", "накануне Дня знаний"])
def test_the_eve_of_a_day_is_the_day_before_it_however_written(text: str) -> None:
    """The day written and the named day read alike: by the day before, never the day itself."""
    assert [o.due for o in read(text, SY).occurrences] == [D(2025, 8, 31)]


def test_an_impossible_day_on_the_eve_stays_impossible() -> None:
    assert read("накануне 31 сентября", SY).kind == ScheduleKind.unparsed


def test_a_span_of_quarters_past_the_school_year_is_named() -> None:
    warnings = read("II-III квартал", SY).warnings
    assert warnings == ["Срок «II – III квартал 2025»: 30.09.2025 — вне периода плана 01.09.2024 – 31.08.2025"]


@pytest.mark.parametrize(
    ("plan", "reported"),
    [
        (SY, ["сентябрь 2024", "октябрь 2024", "ноябрь 2024", "декабрь 2024", "январь 2025", "февраль 2025"]),
        (TERM, ["сентябрь 2024", "октябрь 2024"]),
        (MON, ["октябрь 2024"]),
    ],
)
def test_the_reports_are_on_the_months_of_the_plan(plan: Plan, reported: list[str]) -> None:
    """«до 1 числа месяца, следующего за отчетным»: no report on a month before the plan (the August before a school
    year, the September before a plan of October); the report on the plan's last month is kept, with a warning."""
    schedule = read("до 1 числа месяца, следующего за отчетным", plan)
    labels = [o.label.split("(за ")[1].rstrip(")") for o in schedule.occurrences]
    assert labels[: len(reported)] == reported
    assert len(schedule.warnings) == 1 and "за " + labels[-1] in schedule.warnings[0]


def test_the_weeks_of_a_school_span_in_a_calendar_plan_skip_the_summer_and_stay_inside() -> None:
    schedule = read("с 01.09 по 31.05 еженедельно", CAL)
    assert schedule.warnings == []
    assert not [o for o in schedule.occurrences if 6 <= o.due.month <= 8]
    assert (schedule.period_start, schedule.period_end) == (D(2025, 1, 1), D(2025, 12, 31))


def test_a_school_span_with_its_years_written_is_kept_as_written() -> None:
    """«с 01.09.2025 по 31.05.2026»: the years are the methodist's; the weeks after the plan are named, not dropped."""
    schedule = read("еженедельно с 01.09.2025 по 31.05.2026", CAL)
    assert schedule.occurrences[-1].due == D(2026, 5, 31) and schedule.warnings


def test_a_span_of_days_in_a_plan_of_two_school_years_is_in_each() -> None:
    dues = [o.due for o in read("с 01.10 по 30.04 ежемесячно, до 5 числа", TWO).occurrences]
    assert dues[:7] == [D(2024, m, 5) for m in (10, 11, 12)] + [D(2025, m, 5) for m in (1, 2, 3, 4)]
    assert dues[7:] == [D(2025, m, 5) for m in (10, 11, 12)] + [D(2026, m, 5) for m in (1, 2, 3, 4)]


TEXTS = sorted({r[0] for r in READINGS} | {r[0] for r in RECURRING})


@pytest.mark.parametrize("text", TEXTS)
def test_every_label_and_summary_is_readable(text: str) -> None:
    for name, plan in {"SY": SY, "CAL": CAL, "TWO": TWO, "TERM": TERM}.items():
        schedule = read(text, plan)
        for shown in [schedule.summary, *(o.label for o in schedule.occurrences), *schedule.warnings]:
            wrong = [what for what, pattern in UNREADABLE.items() if pattern.search(shown)]
            assert not wrong, f"{name}: «{shown}» has {wrong}"
