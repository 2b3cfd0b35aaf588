"""Deadline texts as school and municipal roadmaps write them, round 14, checked to the day: the leftovers of round 13
(«за неделю до начала каждой четверти» in a plan that runs into the next school year's I term, «ежегодно,
сентябрь-март» in a plan by the calendar year, «еженед. за 1 день до пятницы»), then cells as a methodist or a deputy
director types them in Word or Excel: typos and abbreviations, several deadlines in one cell, ranges, weeks and
decades, days written as ordinal words, numbered periods and what is reported on («по итогам I полугодия, до 15
января»), offsets written with «не позднее» and no «за», the first week of the plan, stages after their months,
holidays, and the texts that name no date («сроки уточняются», «в день открытых дверей», «в период предметных
недель»), which say so."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.roadmap.schedules.parser import ScheduleKind, Stage, _parse, month_bounds
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

CALENDAR_2025 = (D(2025, 1, 1), D(2025, 12, 31))
TWO_SCHOOL_YEARS = (D(2024, 9, 1), D(2026, 8, 31))


def by_days(*days: date) -> Expected:
    return [(None, day) for day in days]


def whole_months(*pairs: tuple[int, int]) -> Expected:
    return [month_bounds(year, month) for year, month in pairs]


def dues(text: str, school_year: str | None, period: tuple[date, date] | None) -> list[date]:
    return [o.due for o in _parse(text, school_year, period).occurrences]


# (text, kind, recurrence, [(start, due)]) read in the school year 2024-2025
FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # dates as typed: «г.», two-digit years, a lowercase or capitalised month, a typo in a month
    ("до 15.10.2024", ScheduleKind.date, None, by_days(D(2024, 10, 15))),
    ("до 25.05.25", ScheduleKind.date, None, by_days(D(2025, 5, 25))),
    ("до 15.09.24г", ScheduleKind.date, None, by_days(D(2024, 9, 15))),
    ("до 25 мая 2025г", ScheduleKind.date, None, by_days(D(2025, 5, 25))),
    ("ДО 01.10.2024", ScheduleKind.date, None, by_days(D(2024, 10, 1))),
    ("до 15 октбря 2024", ScheduleKind.date, None, by_days(D(2024, 10, 15))),
    ("до 1 окт. 2024 г.", ScheduleKind.date, None, by_days(D(2024, 10, 1))),
    ("до 15 сент.", ScheduleKind.date, None, by_days(D(2024, 9, 15))),
    ("к 25.12", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    ("в срок не позднее 15 ноября 2024 года", ScheduleKind.date, None, by_days(D(2024, 11, 15))),
    ("срок – до 1 декабря", ScheduleKind.date, None, by_days(D(2024, 12, 1))),
    ("Срок: 15.11.2024", ScheduleKind.date, None, [(D(2024, 11, 15), D(2024, 11, 15))]),
    ("до 20.11.2024 включительно", ScheduleKind.date, None, by_days(D(2024, 11, 20))),
    ("по 30.11.2024", ScheduleKind.date, None, by_days(D(2024, 11, 30))),
    ("01 сентября 2024 г.", ScheduleKind.date, None, [(D(2024, 9, 1), D(2024, 9, 1))]),
    ("25.05", ScheduleKind.date, None, [(D(2025, 5, 25), D(2025, 5, 25))]),
    # several deadlines in one cell
    ("до 15.10.2024; до 15.03.2025", ScheduleKind.dates, None, by_days(D(2024, 10, 15), D(2025, 3, 15))),
    ("до 15 октября, до 15 марта", ScheduleKind.dates, None, by_days(D(2024, 10, 15), D(2025, 3, 15))),
    (
        "до 10.10.2024 (сбор данных), до 30.10.2024 (анализ)",
        ScheduleKind.dates,
        None,
        by_days(D(2024, 10, 10), D(2024, 10, 30)),
    ),
    (
        "до 5 апреля, 5 июля, 5 октября, 5 января",
        ScheduleKind.dates,
        None,
        by_days(D(2024, 10, 5), D(2025, 1, 5), D(2025, 4, 5), D(2025, 7, 5)),
    ),
    (
        "до 30 сентября, до 31 декабря, до 31 марта, до 31 мая",
        ScheduleKind.dates,
        None,
        by_days(D(2024, 9, 30), D(2024, 12, 31), D(2025, 3, 31), D(2025, 5, 31)),
    ),
    (
        "10 октября, 10 января, 10 апреля",
        ScheduleKind.dates,
        None,
        [(D(2024, 10, 10), D(2024, 10, 10)), (D(2025, 1, 10), D(2025, 1, 10)), (D(2025, 4, 10), D(2025, 4, 10))],
    ),
    (
        "сентябрь – сбор данных, октябрь – анализ, ноябрь – отчет",
        ScheduleKind.dates,
        None,
        whole_months((2024, 9), (2024, 10), (2024, 11)),
    ),
    ("Сентябрь,январь,май", ScheduleKind.dates, None, whole_months((2024, 9), (2025, 1), (2025, 5))),
    # months and ranges
    ("сентябрь2024", ScheduleKind.month, None, whole_months((2024, 9))),
    ("СЕНТЯБРЬ", ScheduleKind.month, None, whole_months((2024, 9))),
    ("сент.-окт.", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 31))]),
    ("нояб.-дек. 2024 г.", ScheduleKind.range, None, [(D(2024, 11, 1), D(2024, 12, 31))]),
    ("сентябрь 2024-май 2025", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("с 02.09.2024 по 23.05.2025", ScheduleKind.range, None, [(D(2024, 9, 2), D(2025, 5, 23))]),
    ("01.10.2024 – 31.10.2024", ScheduleKind.range, None, whole_months((2024, 10))),
    ("1 - 15 октября 2024 г.", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 10, 15))]),
    ("10-20 ноября", ScheduleKind.range, None, [(D(2024, 11, 10), D(2024, 11, 20))]),
    ("в течение сентября-октября", ScheduleKind.period, None, [(D(2024, 9, 1), D(2024, 10, 31))]),
    ("в октябре-ноябре", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 11, 30))]),
    ("март-апрель (ВПР)", ScheduleKind.range, None, [(D(2025, 3, 1), D(2025, 4, 30))]),
    # weeks, decades, parts of a month, days as ordinal words
    ("1-я неделя октября", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 10, 7))]),
    ("вторая неделя октября", ScheduleKind.range, None, [(D(2024, 10, 8), D(2024, 10, 14))]),
    ("последняя неделя декабря", ScheduleKind.range, None, [(D(2024, 12, 25), D(2024, 12, 31))]),
    ("2-3 неделя сентября", ScheduleKind.range, None, [(D(2024, 9, 8), D(2024, 9, 21))]),
    ("первая декада ноября", ScheduleKind.range, None, [(D(2024, 11, 1), D(2024, 11, 10))]),
    ("III декада мая", ScheduleKind.range, None, [(D(2025, 5, 21), D(2025, 5, 31))]),
    (
        "2 декада ноября, 2 декада марта",
        ScheduleKind.dates,
        None,
        [(D(2024, 11, 11), D(2024, 11, 20)), (D(2025, 3, 11), D(2025, 3, 20))],
    ),
    ("в первые дни сентября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 10))]),
    ("в последние дни августа", ScheduleKind.range, None, [(D(2025, 8, 21), D(2025, 8, 31))]),
    ("последние дни мая 2025 г.", ScheduleKind.range, None, [(D(2025, 5, 21), D(2025, 5, 31))]),
    ("в двадцатых числах сентября", ScheduleKind.range, None, [(D(2024, 9, 20), D(2024, 9, 29))]),
    ("в первых числах октября", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 10, 10))]),
    ("в середине ноября", ScheduleKind.range, None, [(D(2024, 11, 11), D(2024, 11, 20))]),
    ("вторая половина мая", ScheduleKind.range, None, [(D(2025, 5, 16), D(2025, 5, 31))]),
    ("первого сентября", ScheduleKind.date, None, [(D(2024, 9, 1), D(2024, 9, 1))]),
    ("до пятнадцатого октября", ScheduleKind.date, None, by_days(D(2024, 10, 15))),
    ("с первого по десятое сентября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 10))]),
    ("с пятого по двадцатое октября", ScheduleKind.range, None, [(D(2024, 10, 5), D(2024, 10, 20))]),
    # numbered periods, their ends and what is reported on
    ("в течение I четверти", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 31))]),
    ("в теч. I четв.", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 31))]),
    ("во 2-ой четверти", ScheduleKind.range, None, [(D(2024, 11, 1), D(2024, 12, 31))]),
    ("2 полуг.", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 5, 31))]),
    ("I-II четверть", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    ("по итогам 1ой четверти", ScheduleKind.range, None, whole_months((2024, 10))),
    ("по итогам I и II полугодия", ScheduleKind.dates, None, whole_months((2024, 12), (2025, 5))),
    ("по окончании I полугодия и учебного года", ScheduleKind.dates, None, whole_months((2024, 12), (2025, 5))),
    ("по завершении I полугодия и года", ScheduleKind.dates, None, whole_months((2024, 12), (2025, 5))),
    ("по итогам I полугодия, до 15 января", ScheduleKind.date, None, by_days(D(2025, 1, 15))),
    ("по окончании учебного года – до 15 июня", ScheduleKind.date, None, by_days(D(2025, 6, 15))),
    ("по итогам I четверти: до 10 ноября", ScheduleKind.date, None, by_days(D(2024, 11, 10))),
    ("по итогам 2024-2025 учебного года - до 10 июня 2025 г.", ScheduleKind.date, None, by_days(D(2025, 6, 10))),
    ("до 10 января (по итогам I полугодия)", ScheduleKind.date, None, by_days(D(2025, 1, 10))),
    ("до конца учебного года", ScheduleKind.date, None, by_days(D(2025, 5, 31))),
    ("до конца 2024-2025 учебного года", ScheduleKind.date, None, by_days(D(2025, 5, 31))),
    ("к концу I полугодия", ScheduleKind.date, None, by_days(D(2024, 12, 31))),
    ("до окончания I четверти", ScheduleKind.date, None, by_days(D(2024, 10, 31))),
    ("при подготовке к новому учебному году", ScheduleKind.date, None, by_days(D(2025, 8, 31))),
    # offsets from a term, a date, a year
    (
        "за неделю до начала каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        by_days(D(2024, 8, 25), D(2024, 10, 25), D(2024, 12, 25), D(2025, 3, 25)),
    ),
    (
        "не позднее 3 дней до начала каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        by_days(D(2024, 8, 29), D(2024, 10, 29), D(2024, 12, 29), D(2025, 3, 29)),
    ),
    (
        "не позднее 10 дней до окончания полугодия",
        ScheduleKind.recurring,
        "half_yearly",
        by_days(D(2024, 12, 21), D(2025, 5, 21)),
    ),
    ("не позднее 5 рабочих дней до 1 октября", ScheduleKind.date, None, by_days(D(2024, 9, 24))),
    ("за 2 недели до конца учебного года", ScheduleKind.date, None, by_days(D(2025, 5, 17))),
    ("за 5 рабочих дней до 25 декабря", ScheduleKind.date, None, by_days(D(2024, 12, 18))),
    (
        "через неделю после окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        by_days(D(2024, 11, 7), D(2025, 1, 7), D(2025, 4, 7), D(2025, 6, 7)),
    ),
    (
        "в течение 3 дней после окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 11, 1), D(2024, 11, 3)),
            (D(2025, 1, 1), D(2025, 1, 3)),
            (D(2025, 4, 1), D(2025, 4, 3)),
            (D(2025, 6, 1), D(2025, 6, 3)),
        ],
    ),
    (
        "в 3-дневный срок после окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 11, 1), D(2024, 11, 3)),
            (D(2025, 1, 1), D(2025, 1, 3)),
            (D(2025, 4, 1), D(2025, 4, 3)),
            (D(2025, 6, 1), D(2025, 6, 3)),
        ],
    ),
    # the first week (month) of the plan
    ("в течение первой недели", ScheduleKind.period, None, [(D(2024, 9, 1), D(2024, 9, 7))]),
    ("на 1-й неделе", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 7))]),
    ("в течение первого месяца", ScheduleKind.period, None, whole_months((2024, 9))),
    # recurrences
    (
        "1 р. в четверть",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 9, 1), D(2024, 10, 31)),
            (D(2024, 11, 1), D(2024, 12, 31)),
            (D(2025, 1, 1), D(2025, 3, 31)),
            (D(2025, 4, 1), D(2025, 5, 31)),
        ],
    ),
    (
        "по итогам четверти",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 9, 1), D(2024, 10, 31)),
            (D(2024, 11, 1), D(2024, 12, 31)),
            (D(2025, 1, 1), D(2025, 3, 31)),
            (D(2025, 4, 1), D(2025, 5, 31)),
        ],
    ),
    (
        "раз в полгода",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))],
    ),
    (
        "три раза в год",
        ScheduleKind.recurring,
        "times_a_year",
        [(D(2024, 9, 1), D(2024, 11, 30)), (D(2024, 12, 1), D(2025, 2, 28)), (D(2025, 3, 1), D(2025, 5, 31))],
    ),
    ("1 раз в полугодие (декабрь, май)", ScheduleKind.recurring, "half_yearly", whole_months((2024, 12), (2025, 5))),
    ("2 раза в год (октябрь, апрель)", ScheduleKind.recurring, "twice_a_year", whole_months((2024, 10), (2025, 4))),
    (
        "2 раза в год: в начале и в конце учебного года",
        ScheduleKind.recurring,
        "twice_a_year",
        whole_months((2024, 9), (2025, 5)),
    ),
    (
        "3 раза в год: сентябрь, декабрь, май",
        ScheduleKind.recurring,
        "times_a_year",
        whole_months((2024, 9), (2024, 12), (2025, 5)),
    ),
    (
        "ежеквартально до 10 числа месяца, следующего за отчетным кварталом",
        ScheduleKind.recurring,
        "calendar_quarterly",
        by_days(D(2024, 10, 10), D(2025, 1, 10), D(2025, 4, 10), D(2025, 7, 10)),
    ),
    (
        "ежекварт. до 5-го числа",
        ScheduleKind.recurring,
        "calendar_quarterly",
        by_days(D(2024, 10, 5), D(2025, 1, 5), D(2025, 4, 5), D(2025, 7, 5)),
    ),
    (
        "1 раз в квартал (до 20 числа)",
        ScheduleKind.recurring,
        "calendar_quarterly",
        by_days(D(2024, 9, 20), D(2024, 12, 20), D(2025, 3, 20), D(2025, 6, 20)),
    ),
    (
        "ежеквартально, первый месяц квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        whole_months((2024, 10), (2025, 1), (2025, 4), (2025, 7)),
    ),
    (
        "ежемесячно (до 5 числа)",
        ScheduleKind.recurring,
        "monthly",
        by_days(
            D(2024, 9, 5),
            D(2024, 10, 5),
            D(2024, 11, 5),
            D(2024, 12, 5),
            D(2025, 1, 5),
            D(2025, 2, 5),
            D(2025, 3, 5),
            D(2025, 4, 5),
            D(2025, 5, 5),
            D(2025, 6, 5),
            D(2025, 7, 5),
            D(2025, 8, 5),
        ),
    ),
    (
        "до 20 числа каждого месяца",
        ScheduleKind.recurring,
        "monthly",
        by_days(
            D(2024, 9, 20),
            D(2024, 10, 20),
            D(2024, 11, 20),
            D(2024, 12, 20),
            D(2025, 1, 20),
            D(2025, 2, 20),
            D(2025, 3, 20),
            D(2025, 4, 20),
            D(2025, 5, 20),
            D(2025, 6, 20),
            D(2025, 7, 20),
            D(2025, 8, 20),
        ),
    ),
    (
        "ежемесячно к 1 числу",
        ScheduleKind.recurring,
        "monthly",
        by_days(
            D(2024, 9, 1),
            D(2024, 10, 1),
            D(2024, 11, 1),
            D(2024, 12, 1),
            D(2025, 1, 1),
            D(2025, 2, 1),
            D(2025, 3, 1),
            D(2025, 4, 1),
            D(2025, 5, 1),
            D(2025, 6, 1),
            D(2025, 7, 1),
            D(2025, 8, 1),
        ),
    ),
    (
        "10-го числа ежемесячно",
        ScheduleKind.recurring,
        "monthly",
        by_days(
            D(2024, 9, 10),
            D(2024, 10, 10),
            D(2024, 11, 10),
            D(2024, 12, 10),
            D(2025, 1, 10),
            D(2025, 2, 10),
            D(2025, 3, 10),
            D(2025, 4, 10),
            D(2025, 5, 10),
            D(2025, 6, 10),
            D(2025, 7, 10),
            D(2025, 8, 10),
        ),
    ),
    (
        "до 3 числа месяца, следующего за отчётным периодом",
        ScheduleKind.recurring,
        "monthly",
        # round 20: reports on September (due in October) to August (due in September)
        by_days(*(D(2024, m, 3) for m in (10, 11, 12)), *(D(2025, m, 3) for m in range(1, 10))),
    ),
    (
        "ежемесячно, сентябрь-май",
        ScheduleKind.recurring,
        "monthly",
        whole_months(
            (2024, 9), (2024, 10), (2024, 11), (2024, 12), (2025, 1), (2025, 2), (2025, 3), (2025, 4), (2025, 5)
        ),
    ),
    (
        "с сентября по май ежемесячно",
        ScheduleKind.recurring,
        "monthly",
        whole_months(
            (2024, 9), (2024, 10), (2024, 11), (2024, 12), (2025, 1), (2025, 2), (2025, 3), (2025, 4), (2025, 5)
        ),
    ),
    (
        "ежемесячно до 10 числа (кроме июля, августа)",
        ScheduleKind.recurring,
        "monthly",
        by_days(
            D(2024, 9, 10),
            D(2024, 10, 10),
            D(2024, 11, 10),
            D(2024, 12, 10),
            D(2025, 1, 10),
            D(2025, 2, 10),
            D(2025, 3, 10),
            D(2025, 4, 10),
            D(2025, 5, 10),
            D(2025, 6, 10),
        ),
    ),
    (
        "последний четверг месяца",
        ScheduleKind.recurring,
        "monthly",
        [
            (D(2024, 9, 26), D(2024, 9, 26)),
            (D(2024, 10, 31), D(2024, 10, 31)),
            (D(2024, 11, 28), D(2024, 11, 28)),
            (D(2024, 12, 26), D(2024, 12, 26)),
            (D(2025, 1, 30), D(2025, 1, 30)),
            (D(2025, 2, 27), D(2025, 2, 27)),
            (D(2025, 3, 27), D(2025, 3, 27)),
            (D(2025, 4, 24), D(2025, 4, 24)),
            (D(2025, 5, 29), D(2025, 5, 29)),
            (D(2025, 6, 26), D(2025, 6, 26)),
            (D(2025, 7, 31), D(2025, 7, 31)),
            (D(2025, 8, 28), D(2025, 8, 28)),
        ],
    ),
    (
        "каждую вторую среду месяца",
        ScheduleKind.recurring,
        "monthly",
        [
            (D(2024, 9, 11), D(2024, 9, 11)),
            (D(2024, 10, 9), D(2024, 10, 9)),
            (D(2024, 11, 13), D(2024, 11, 13)),
            (D(2024, 12, 11), D(2024, 12, 11)),
            (D(2025, 1, 8), D(2025, 1, 8)),
            (D(2025, 2, 12), D(2025, 2, 12)),
            (D(2025, 3, 12), D(2025, 3, 12)),
            (D(2025, 4, 9), D(2025, 4, 9)),
            (D(2025, 5, 14), D(2025, 5, 14)),
            (D(2025, 6, 11), D(2025, 6, 11)),
            (D(2025, 7, 9), D(2025, 7, 9)),
            (D(2025, 8, 13), D(2025, 8, 13)),
        ],
    ),
    (
        "в первый рабочий день месяца",
        ScheduleKind.recurring,
        "monthly",
        [
            (D(2024, 9, 2), D(2024, 9, 2)),
            (D(2024, 10, 1), D(2024, 10, 1)),
            (D(2024, 11, 1), D(2024, 11, 1)),
            (D(2024, 12, 2), D(2024, 12, 2)),
            (D(2025, 1, 9), D(2025, 1, 9)),  # 1–8 January are days off
            (D(2025, 2, 3), D(2025, 2, 3)),
            (D(2025, 3, 3), D(2025, 3, 3)),
            (D(2025, 4, 1), D(2025, 4, 1)),
            (D(2025, 5, 5), D(2025, 5, 5)),  # 1–4 May too
            (D(2025, 6, 2), D(2025, 6, 2)),
            (D(2025, 7, 1), D(2025, 7, 1)),
            (D(2025, 8, 1), D(2025, 8, 1)),
        ],
    ),
    (
        "в 3 декаде месяца",
        ScheduleKind.recurring,
        "monthly",
        [
            (D(2024, 9, 21), D(2024, 9, 30)),
            (D(2024, 10, 21), D(2024, 10, 31)),
            (D(2024, 11, 21), D(2024, 11, 30)),
            (D(2024, 12, 21), D(2024, 12, 31)),
            (D(2025, 1, 21), D(2025, 1, 31)),
            (D(2025, 2, 21), D(2025, 2, 28)),
            (D(2025, 3, 21), D(2025, 3, 31)),
            (D(2025, 4, 21), D(2025, 4, 30)),
            (D(2025, 5, 21), D(2025, 5, 31)),
            (D(2025, 6, 21), D(2025, 6, 30)),
            (D(2025, 7, 21), D(2025, 7, 31)),
            (D(2025, 8, 21), D(2025, 8, 31)),
        ],
    ),
    ("ежегодно, сентябрь", ScheduleKind.recurring, "yearly", whole_months((2024, 9))),
    ("ежегодно (октябрь, апрель)", ScheduleKind.recurring, "yearly", whole_months((2024, 10), (2025, 4))),
    ("ежегодно до 1 октября и до 1 апреля", ScheduleKind.recurring, "yearly", by_days(D(2024, 10, 1), D(2025, 4, 1))),
    ("ежегодно в апреле-мае", ScheduleKind.recurring, "yearly", [(D(2025, 4, 1), D(2025, 5, 31))]),
    ("ежегодно, первая декада октября", ScheduleKind.recurring, "yearly", [(D(2024, 10, 1), D(2024, 10, 10))]),
    ("ежегодно в период летних каникул", ScheduleKind.recurring, "yearly", [(D(2025, 6, 1), D(2025, 8, 31))]),
    # holidays and named days
    ("в осенние каникулы", ScheduleKind.range, None, [(D(2024, 10, 21), D(2024, 11, 10))]),
    ("весенние каникулы", ScheduleKind.range, None, [(D(2025, 3, 21), D(2025, 4, 10))]),
    ("в весенние каникулы (март)", ScheduleKind.month, None, whole_months((2025, 3))),
    ("за неделю до осенних каникул", ScheduleKind.date, None, by_days(D(2024, 10, 13))),
    ("перед зимними каникулами", ScheduleKind.date, None, by_days(D(2024, 12, 20))),
    ("до начала летних каникул", ScheduleKind.date, None, by_days(D(2025, 5, 31))),
    ("ко Дню учителя", ScheduleKind.date, None, by_days(D(2024, 10, 5))),
    ("к Дню Победы", ScheduleKind.date, None, by_days(D(2025, 5, 9))),
    ("к 8 марта", ScheduleKind.date, None, by_days(D(2025, 3, 8))),
    ("до новогодних праздников", ScheduleKind.date, None, by_days(D(2024, 12, 31))),
    # stages
    (
        "октябрь (входная диагностика), декабрь (промежуточная), май (итоговая)",
        ScheduleKind.staged,
        None,
        whole_months((2024, 10), (2024, 12), (2025, 5)),
    ),
    (
        "до 01.12.2024 г. – 1 этап, до 01.05.2025 г. – 2 этап",
        ScheduleKind.staged,
        None,
        by_days(D(2024, 12, 1), D(2025, 5, 1)),
    ),
    (
        "сентябрь – I этап, январь – II этап, май – III этап",
        ScheduleKind.staged,
        None,
        whole_months((2024, 9), (2025, 1), (2025, 5)),
    ),
    (
        "сентябрь-октябрь 2024 – 1 этап; ноябрь 2024-апрель 2025 – 2 этап; май 2025 – 3 этап",
        ScheduleKind.staged,
        None,
        [(D(2024, 9, 1), D(2024, 10, 31)), (D(2024, 11, 1), D(2025, 4, 30)), (D(2025, 5, 1), D(2025, 5, 31))],
    ),
    # an open period, then a dated or recurring part
    ("в течение года (по плану ОО)", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("в течение учебного года (по мере необходимости)", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("постоянно (в течение года)", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    (
        "в течение года, отчет – до 25 мая",
        ScheduleKind.dates,
        None,
        [(None, D(2025, 5, 25)), (D(2024, 9, 1), D(2025, 8, 31))],
    ),
    (
        "в течение года, отчет до 10 числа каждого месяца",
        ScheduleKind.recurring,
        "monthly",
        [
            (None, D(2024, 9, 10)),
            (None, D(2024, 10, 10)),
            (None, D(2024, 11, 10)),
            (None, D(2024, 12, 10)),
            (None, D(2025, 1, 10)),
            (None, D(2025, 2, 10)),
            (None, D(2025, 3, 10)),
            (None, D(2025, 4, 10)),
            (None, D(2025, 5, 10)),
            (None, D(2025, 6, 10)),
            (None, D(2025, 7, 10)),
            (None, D(2025, 8, 10)),
            (D(2024, 9, 1), D(2025, 8, 31)),
        ],
    ),
    (
        "до 1 ноября 2024 года, далее – ежемесячно",
        ScheduleKind.recurring,
        "monthly",
        [
            (None, D(2024, 11, 1)),
            (D(2024, 11, 1), D(2024, 11, 30)),
            (D(2024, 12, 1), D(2024, 12, 31)),
            (D(2025, 1, 1), D(2025, 1, 31)),
            (D(2025, 2, 1), D(2025, 2, 28)),
            (D(2025, 3, 1), D(2025, 3, 31)),
            (D(2025, 4, 1), D(2025, 4, 30)),
            (D(2025, 5, 1), D(2025, 5, 31)),
            (D(2025, 6, 1), D(2025, 6, 30)),
            (D(2025, 7, 1), D(2025, 7, 31)),
            (D(2025, 8, 1), D(2025, 8, 31)),
        ],
    ),
    (
        "до 01.11.2024, затем ежеквартально",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2024, 11, 1)), (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 6, 30))],
    ),
    ("с 01.10.2024 постоянно", ScheduleKind.period, None, [(D(2024, 10, 1), D(2025, 8, 31))]),
    ("начиная с октября 2024 г.", ScheduleKind.period, None, [(D(2024, 10, 1), D(2025, 8, 31))]),
    (
        "по мере необходимости, но не реже 1 раза в четверть",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 9, 1), D(2024, 10, 31)),
            (D(2024, 11, 1), D(2024, 12, 31)),
            (D(2025, 1, 1), D(2025, 3, 31)),
            (D(2025, 4, 1), D(2025, 5, 31)),
        ],
    ),
    # no date written: said so
    ("по мере необходимости", ScheduleKind.on_request, None, []),
    ("в соответствии с графиком", ScheduleKind.on_request, None, []),
    ("в соответствии с графиком ВШК", ScheduleKind.on_request, None, []),
    ("по графику, утвержденному приказом", ScheduleKind.on_request, None, []),
    ("по плану работы ШМО", ScheduleKind.on_request, None, []),
    ("в каникулярное время", ScheduleKind.on_request, None, []),
    ("в день открытых дверей", ScheduleKind.on_request, None, []),
    ("в период предметных недель", ScheduleKind.on_request, None, []),
    ("в дни предметных недель", ScheduleKind.on_request, None, []),
    ("в период методической недели", ScheduleKind.on_request, None, []),
    ("сроки уточняются", ScheduleKind.on_request, None, []),
    ("срок определяется дополнительно", ScheduleKind.on_request, None, []),
    ("дата проведения уточняется", ScheduleKind.on_request, None, []),
    ("по договоренности", ScheduleKind.on_request, None, []),
    ("за месяц до ГИА", ScheduleKind.on_request, None, []),
    ("в течение 10 дней после проведения ВПР", ScheduleKind.on_request, None, []),
    ("по запросу МОУО", ScheduleKind.on_request, None, []),
    ("после каждого педсовета", ScheduleKind.on_request, None, []),
    ("в течение 2 недель", ScheduleKind.on_request, None, []),
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_form(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


# --- the leftovers of round 13


@pytest.mark.parametrize(
    ("period", "last"),
    [
        ((D(2024, 9, 1), D(2025, 9, 30)), D(2025, 8, 25)),  # the plan holds the start of the I term of 2025-2026
        ((D(2024, 9, 1), D(2026, 9, 30)), D(2026, 8, 25)),  # two school years and the start of the third
        ((D(2024, 9, 1), D(2025, 12, 31)), D(2025, 10, 25)),  # and the II term of 2025-2026
    ],
)
def test_a_week_before_each_term_includes_the_next_school_years_first(period: tuple[date, date], last: date) -> None:
    """«за неделю до начала каждой четверти»: each term that starts inside the plan counts, the I term of the next
    school year too, though it ends after the plan; its deadline is inside the plan, so it has no warning."""
    schedule = _parse("за неделю до начала каждой четверти", None, period)
    assert schedule.kind == ScheduleKind.recurring and schedule.recurrence == "quarterly"
    assert schedule.occurrences[-1].due == last
    assert schedule.occurrences[-1].label.endswith(f"(за неделю до {last + timedelta(days=7):%d.%m.%Y})")
    assert all(o.due.day == 25 for o in schedule.occurrences)
    assert not [w for w in schedule.warnings if f"{last:%d.%m.%Y}" in w]


def test_a_week_before_each_term_stays_inside_the_school_year() -> None:
    """In a plan of one school year the next I term starts after it: four deadlines, as before (the first, for the
    1 September that opens the plan, is before it and named in a warning)."""
    assert dues("за неделю до начала каждой четверти", SCHOOL_YEAR, None) == [
        D(2024, 8, 25), D(2024, 10, 25), D(2024, 12, 25), D(2025, 3, 25)
    ]  # fmt: skip
    assert dues("не позднее 3 дней до начала каждой четверти", None, (D(2024, 9, 1), D(2025, 9, 30)))[-1] == D(
        2025, 8, 29
    )


@pytest.mark.parametrize(
    "text", ["Ежегодно, сентябрь-март", "ежегодно с сентября по март", "ежегодно (сентябрь – март)"]
)
def test_a_yearly_span_over_new_year_in_a_calendar_plan(text: str) -> None:
    """A plan for 2025: the span of 2024-2025 from January to March, the one of 2025-2026 from September to
    December — the months of the plan — not September 2024 – March 2025, begun before it."""
    schedule = _parse(text, None, CALENDAR_2025)
    assert schedule.kind == ScheduleKind.recurring and schedule.recurrence == "yearly"
    assert [(o.start, o.due, o.label) for o in schedule.occurrences] == [
        (D(2025, 1, 1), D(2025, 3, 31), "январь – март 2025"),
        (D(2025, 9, 1), D(2025, 12, 31), "сентябрь – декабрь 2025"),
    ]
    assert schedule.summary == "ежегодно с сентября по март"
    assert not schedule.warnings


def test_a_yearly_span_in_two_calendar_years_and_two_school_years() -> None:
    over_two_years = _parse("Ежегодно, октябрь-май", None, (D(2025, 1, 1), D(2026, 12, 31)))
    assert [(o.start, o.due) for o in over_two_years.occurrences] == [
        (D(2025, 1, 1), D(2025, 5, 31)), (D(2025, 10, 1), D(2026, 5, 31)), (D(2026, 10, 1), D(2026, 12, 31))
    ]  # fmt: skip
    by_school_years = _parse("Ежегодно, сентябрь-март", None, TWO_SCHOOL_YEARS)  # as before: whole spans
    assert [(o.start, o.due) for o in by_school_years.occurrences] == [
        (D(2024, 9, 1), D(2025, 3, 31)), (D(2025, 9, 1), D(2026, 3, 31))
    ]  # fmt: skip
    assert dues("ежегодно, январь-март", None, CALENDAR_2025) == [D(2025, 3, 31)]  # inside one year: as before


THURSDAYS = [(D(2024, 9, 2) + timedelta(weeks=n), D(2024, 9, 5) + timedelta(weeks=n)) for n in range(52)]
"""Monday to Thursday of each week of the school year 2024-2025."""


@pytest.mark.parametrize(
    "text",
    [
        "еженед. за 1 день до пятницы",
        "еженедельно за 1 день до пятницы",
        "каждую неделю за день до пятницы",
        "за день до каждой пятницы",
        "еженедельно, за 2 рабочих дня до понедельника",  # Friday, then Thursday
    ],
)
def test_a_day_before_a_weekday_each_week(text: str) -> None:
    """Due by Thursday of each week, the week's window from its Monday (as «еженедельно до четверга»); the summary
    keeps the offset as written."""
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.recurring and schedule.recurrence == "weekly"
    assert [(o.start, o.due) for o in schedule.occurrences] == THURSDAYS
    assert all(o.due.weekday() == 3 for o in schedule.occurrences)
    assert schedule.summary.startswith("еженедельно, с понедельника по четверг (за ")


def test_two_days_before_friday_and_no_week_written() -> None:
    schedule = _parse("Еженедельно, не позднее чем за 2 дня до пятницы", SCHOOL_YEAR, None)
    assert {o.due.weekday() for o in schedule.occurrences} == {2}  # Wednesday
    assert _parse("за 1 день до пятницы", SCHOOL_YEAR, None).kind == ScheduleKind.on_request  # which week: not said


# --- days of the week


def test_by_each_monday_with_a_time_of_day() -> None:
    """«не позднее 12.00 каждого понедельника»: the time is left out (it was read as an impossible date «12.00»)."""
    schedule = _parse("не позднее 12.00 каждого понедельника", SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.recurring and schedule.recurrence == "weekly"
    assert schedule.occurrences[0].due == D(2024, 9, 2)
    assert all(o.due.weekday() == 0 for o in schedule.occurrences) and len(schedule.occurrences) == 52


@pytest.mark.parametrize("text", ["по будням", "в будни", "в будние дни"])
def test_working_days(text: str) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert (schedule.kind, schedule.recurrence, schedule.summary) == (
        ScheduleKind.recurring,
        "daily",
        "ежедневно в рабочие дни",
    )


@pytest.mark.parametrize("text", ["пятница", "в субботу", "1-я неделя", "первая неделя"])
def test_a_weekday_or_a_week_alone_stays_unread(text: str) -> None:
    """Of which week or month another column says: not guessed."""
    assert _parse(text, SCHOOL_YEAR, None).kind == ScheduleKind.unparsed


# --- stages


def test_stages_of_a_count_in_a_calendar_plan() -> None:
    """«3 раза в год (входная, промежуточная, итоговая)» in 2025: the windows of 2024-2025 in the plan are its
    last two stages, the one of 2025-2026 its first."""
    schedule = _parse("3 раза в год (входная, промежуточная, итоговая)", None, CALENDAR_2025)
    assert [(o.start, o.due, o.stage) for o in schedule.occurrences] == [
        (D(2024, 12, 1), D(2025, 2, 28), Stage.interim),
        (D(2025, 3, 1), D(2025, 5, 31), Stage.final),
        (D(2025, 9, 1), D(2025, 11, 30), Stage.entry),
    ]
    two = _parse("2 раза в год (входная и итоговая)", None, CALENDAR_2025)
    assert [o.stage for o in two.occurrences] == [Stage.final, Stage.entry]


@pytest.mark.parametrize(
    "text",
    [
        "до 01.12.2024 г. – 1 этап, до 01.05.2025 г. – 2 этап",
        "сентябрь – I этап, январь – II этап, май – III этап",
        "сентябрь-октябрь 2024 – 1 этап; ноябрь 2024-апрель 2025 – 2 этап; май 2025 – 3 этап",
        "1 этап – до 01.12.2024, 2 этап – до 01.05.2025",  # the stage before its deadline: as before
    ],
)
def test_a_numbered_stage_after_its_deadline(text: str) -> None:
    """«сентябрь – I этап»: the stage of the month before its dash (September had none, January was the entry one)."""
    stages = [o.stage for o in _parse(text, SCHOOL_YEAR, None).occurrences]
    assert stages[0] == Stage.entry and stages[-1] == Stage.final
    assert all(stage == Stage.interim for stage in stages[1:-1])


# --- summaries


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("ежемесячно, сентябрь-май", "ежемесячно с сентября по май"),
        ("ежемесячно (октябрь – апрель)", "ежемесячно с октября по апрель"),
        ("ежемесячно", "ежемесячно"),
        ("не позднее 3 дней до начала каждой четверти", "за 3 дня до начала каждой четверти"),
        ("в течение первой недели", "1-я неделя реализации (01.09.2024 – 07.09.2024)"),
        ("сроки уточняются", "без фиксированного срока: сроки уточняются"),
        ("в день открытых дверей", "без фиксированного срока: в день открытых дверей"),
    ],
)
def test_summaries(text: str, summary: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).summary == summary


def test_calendar_plan_forms() -> None:
    """The same cells in a plan for 2025."""
    assert dues("при подготовке к новому учебному году", None, CALENDAR_2025) == [D(2025, 8, 31)]
    assert dues("по итогам I полугодия, до 15 января", None, CALENDAR_2025) == [D(2025, 1, 15)]
    first_week = _parse("в течение первой недели", None, CALENDAR_2025).occurrences
    assert [(o.start, o.due) for o in first_week] == [(D(2025, 1, 1), D(2025, 1, 7))]
