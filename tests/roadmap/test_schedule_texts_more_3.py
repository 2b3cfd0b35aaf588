"""Deadline texts as methodists write them, read with general rules: a day of each month written «каждое 25 число»,
«к 25-му числу», «первого числа» or «до 25-го»; days of each month «с 1 по 10 число»; «в последних (первых) числах»
a month; the month a numbered period is reported in after a dash («I полугодие – декабрь»); months beside a school
year («2024-2025 уч. г. – октябрь»); «по результатам I полугодия» as «по итогам»; a month misspelt by one letter;
the last month of each quarter; «после окончания месяца»; and smaller shapes of dates and periods."""

from __future__ import annotations

from datetime import date

import pytest

from services.roadmap.schedules.parser import ScheduleKind, Stage, _parse, month_bounds
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form, month_halves, months

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

SCHOOL_MONTHS = [(2024, m) for m in range(9, 13)] + [(2025, m) for m in range(1, 9)]


def by_day(day: int) -> Expected:
    """Due by `day` (or the month's last day) of each month of the school year 2024-2025, with no start."""
    return [(None, end.replace(day=min(day, end.day))) for _, end in months(*SCHOOL_MONTHS)]


def month_days(first: int, last: int | None) -> Expected:
    """Days `first` to `last` (None: the month's last) of each month of the school year 2024-2025."""
    spans: Expected = []
    for year, month in SCHOOL_MONTHS:
        start, end = month_bounds(year, month)
        spans.append((start.replace(day=first), end if last is None else end.replace(day=min(last, end.day))))
    return spans


# (text, kind, recurrence, [(start, due)]) with the school year 2024-2025 and its default period.
REPORTS_BY_5TH: Expected = [(None, D(2024 + (m < 10), m, 5)) for m in (10, 11, 12, *range(1, 10))]
FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # a day of each month, however it is written
    ("каждое 25 число месяца", ScheduleKind.recurring, "monthly", by_day(25)),
    ("каждое 1 число", ScheduleKind.recurring, "monthly", by_day(1)),
    ("первого числа каждого месяца", ScheduleKind.recurring, "monthly", by_day(1)),
    ("к 25 числу", ScheduleKind.recurring, "monthly", by_day(25)),
    ("к 25-му числу", ScheduleKind.recurring, "monthly", by_day(25)),
    ("к пятнадцатому числу", ScheduleKind.recurring, "monthly", by_day(15)),
    ("до 25-го", ScheduleKind.recurring, "monthly", by_day(25)),
    ("ежемесячно до 25-го", ScheduleKind.recurring, "monthly", by_day(25)),
    ("ежемесячно, до 25", ScheduleKind.recurring, "monthly", by_day(25)),
    ("Ежемесячно, не позднее 10-го", ScheduleKind.recurring, "monthly", by_day(10)),
    ("ежемесячно 25-го", ScheduleKind.recurring, "monthly", by_day(25)),
    ("ежемесячно до 25.", ScheduleKind.recurring, "monthly", by_day(25)),
    ("ежемесячно до последнего числа месяца", ScheduleKind.recurring, "monthly", by_day(31)),
    ("5 число", ScheduleKind.recurring, "monthly", by_day(5)),
    # one month by another day
    (
        "ежемесячно до 25 числа, в декабре – до 20 числа",
        ScheduleKind.recurring,
        "monthly",
        [(None, D(2024, 12, 20) if due.month == 12 else due) for _, due in by_day(25)],
    ),
    (
        "ежемесячно до 5 числа, а в январе до 15 числа",
        ScheduleKind.recurring,
        "monthly",
        [(None, D(2025, 1, 15) if due.month == 1 else due) for _, due in by_day(5)],
    ),
    # days of each month
    ("с 1 по 10 число каждого месяца", ScheduleKind.recurring, "monthly", month_days(1, 10)),
    ("с 1 по 5 число", ScheduleKind.recurring, "monthly", month_days(1, 5)),
    ("с 20 по 25 число ежемесячно", ScheduleKind.recurring, "monthly", month_days(20, 25)),
    ("ежемесячно, с 1 по 10 число", ScheduleKind.recurring, "monthly", month_days(1, 10)),
    ("ежемесячно с 25 по 31 число", ScheduleKind.recurring, "monthly", month_days(25, None)),
    ("с 5-го по 15-е число каждого месяца", ScheduleKind.recurring, "monthly", month_days(5, 15)),
    ("с 25 числа по 5 число", ScheduleKind.recurring, "monthly", by_day(5)),
    # the first (last) days of a month
    ("в последних числах августа", ScheduleKind.range, None, [(D(2025, 8, 21), D(2025, 8, 31))]),
    ("в первых числах сентября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 10))]),
    ("первые числа сентября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 10))]),
    ("в последних числах каждого месяца", ScheduleKind.recurring, "monthly", month_days(21, None)),
    (
        "ежемесячно, последняя неделя",
        ScheduleKind.recurring,
        "monthly",
        [(end.replace(day=end.day - 6), end) for _, end in months(*SCHOOL_MONTHS)],
    ),
    ("ежемесячно, первая неделя месяца", ScheduleKind.recurring, "monthly", by_day(7)),
    ("ежемесячно, 3 декада", ScheduleKind.recurring, "monthly", month_days(21, None)),
    # a month of each quarter or term
    (
        "ежеквартально в последний месяц квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        months((2024, 9), (2024, 12), (2025, 3), (2025, 6)),
    ),
    (
        "в первом месяце квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        months((2024, 10), (2025, 1), (2025, 4), (2025, 7)),
    ),
    (
        "в последний месяц каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        months((2024, 10), (2024, 12), (2025, 3), (2025, 5)),
    ),
    (
        "ежеквартально, до 25 числа последнего месяца квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2024, 9, 25)), (None, D(2024, 12, 25)), (None, D(2025, 3, 25)), (None, D(2025, 6, 25))],
    ),
    # the month after each month, term or quarter
    ("по окончании месяца", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    ("до окончания месяца", ScheduleKind.recurring, "monthly", by_day(31)),
    (
        "до 5 числа после окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(None, D(2024, 11, 5)), (None, D(2025, 1, 5)), (None, D(2025, 4, 5)), (None, D(2025, 6, 5))],
    ),
    (
        "до 10 числа по окончании полугодия",
        ScheduleKind.recurring,
        "half_yearly",
        [(None, D(2025, 1, 10)), (None, D(2025, 6, 10))],
    ),
    (
        "5 числа месяца, следующего за кварталом",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2024, 10, 5)), (None, D(2025, 1, 5)), (None, D(2025, 4, 5)), (None, D(2025, 7, 5))],
    ),
    (
        "по итогам каждой четверти, до 10 числа следующего месяца",
        ScheduleKind.recurring,
        "quarterly",
        [(None, D(2024, 11, 10)), (None, D(2025, 1, 10)), (None, D(2025, 4, 10)), (None, D(2025, 6, 10))],
    ),
    ("за IV квартал 2024 года – до 15.01.2025", ScheduleKind.date, None, [(None, D(2025, 1, 15))]),
    (
        "ежеквартально, до 10-го числа месяца, следующего за окончанием квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2024, 10, 10)), (None, D(2025, 1, 10)), (None, D(2025, 4, 10)), (None, D(2025, 7, 10))],
    ),
    (
        "по окончании квартала до 10 числа",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2024, 10, 10)), (None, D(2025, 1, 10)), (None, D(2025, 4, 10)), (None, D(2025, 7, 10))],
    ),
    (
        "до 15.01, 15.04, 15.07, 15.10 (ежеквартально)",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2024, 10, 15)), (None, D(2025, 1, 15)), (None, D(2025, 4, 15)), (None, D(2025, 7, 15))],
    ),
    (
        "По итогам I полугодия (январь 2025 г.), по итогам года (июнь 2025 г.)",
        ScheduleKind.dates,
        None,
        months((2025, 1), (2025, 6)),
    ),
    # «по результатам» of a period is «по итогам»
    ("по результатам I полугодия", ScheduleKind.range, None, months((2024, 12))),
    ("по результатам 2024-2025 учебного года", ScheduleKind.month, None, months((2025, 5))),
    ("по результатам учебного года", ScheduleKind.recurring, "yearly", [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("по результатам ВПР", ScheduleKind.on_request, None, []),
    ("по результатам реализации программы", ScheduleKind.on_request, None, []),
    ("по итогам учебного 2024-2025 года", ScheduleKind.month, None, months((2025, 5))),
    # a numbered period with the month it is reported in after a dash
    ("I полугодие – декабрь", ScheduleKind.month, None, months((2024, 12))),
    ("I полугодие – декабрь, II полугодие – май", ScheduleKind.dates, None, months((2024, 12), (2025, 5))),
    (
        "по итогам I полугодия – январь, по итогам года – июнь",
        ScheduleKind.dates,
        None,
        months((2025, 1), (2025, 6)),
    ),
    (
        "1 четверть - октябрь; 2 четверть - декабрь; 3 четверть - март; 4 четверть - май",
        ScheduleKind.dates,
        None,
        months((2024, 10), (2024, 12), (2025, 3), (2025, 5)),
    ),
    ("первое полугодие: декабрь 2024", ScheduleKind.month, None, months((2024, 12))),
    ("по итогам 1 четверти – 10.11.2024", ScheduleKind.date, None, [(D(2024, 11, 10), D(2024, 11, 10))]),
    # months beside the school year they are in
    ("октябрь (2024-2025 уч. г.)", ScheduleKind.month, None, months((2024, 10))),
    ("2024-2025 уч. г. - октябрь", ScheduleKind.month, None, months((2024, 10))),
    ("2024-2025 уч. г., октябрь", ScheduleKind.month, None, months((2024, 10))),
    ("2024-2025 уч.г.: октябрь, март", ScheduleKind.dates, None, months((2024, 10), (2025, 3))),
    ("2024/2025, октябрь", ScheduleKind.month, None, months((2024, 10))),
    ("октябрь, февраль, май – 2024-2025 уч. г.", ScheduleKind.dates, None, months((2024, 10), (2025, 2), (2025, 5))),
    # one recurrence written over two lines is one
    ("ежемесячно\nдо 25 числа", ScheduleKind.recurring, "monthly", by_day(25)),
    ("октябрь (2024/2025)", ScheduleKind.month, None, months((2024, 10))),
    # a year in brackets after its months, or before them with a comma; a day with a Roman month
    ("сентябрь (2024)", ScheduleKind.month, None, months((2024, 9))),
    ("май – июнь (2025 г.)", ScheduleKind.range, None, [(D(2025, 5, 1), D(2025, 6, 30))]),
    ("2024, сентябрь", ScheduleKind.month, None, months((2024, 9))),
    ("2024 год, сентябрь", ScheduleKind.month, None, months((2024, 9))),
    ("01.IX.2024", ScheduleKind.date, None, [(D(2024, 9, 1), D(2024, 9, 1))]),
    ("10/2024", ScheduleKind.month, None, months((2024, 10))),
    ("2024.10", ScheduleKind.month, None, months((2024, 10))),
    ("09/2024-05/2025", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("01.09.2024 ÷ 31.05.2025", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("2025 г. – I полугодие", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 6, 30))]),
    ("2024-2025 – I полугодие", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    ("2024-2025 уч. г.: II четверть", ScheduleKind.range, None, [(D(2024, 11, 1), D(2024, 12, 31))]),
    ("2025, 2026, 2027 гг. – май", ScheduleKind.dates, None, months((2025, 5), (2026, 5), (2027, 5))),
    # a length of several terms or quarters, not each of them
    ("в течение 2 четвертей", ScheduleKind.on_request, None, []),
    ("в течение двух полугодий", ScheduleKind.on_request, None, []),
    ("в течение 1 квартала", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 3, 31))]),
    ("в течение 2 недель (14 дней)", ScheduleKind.on_request, None, []),
    # a month misspelt by one letter, a month and its year joined by a dash, a digit glued to its period
    ("сетябрь 2024", ScheduleKind.month, None, months((2024, 9))),
    ("сентяборь 2024", ScheduleKind.month, None, months((2024, 9))),
    ("окятбрь 2024", ScheduleKind.month, None, months((2024, 10))),
    ("в феврлае", ScheduleKind.month, None, months((2025, 2))),
    ("до 1 сентабря 2024 г.", ScheduleKind.date, None, [(None, D(2024, 9, 1))]),
    ("ежемесячо", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    ("ежегодо", ScheduleKind.recurring, "yearly", [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("постояно", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("в теченеи года", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("IV-квартал", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 12, 31))]),
    ("октябрь-2024", ScheduleKind.month, None, months((2024, 10))),
    ("май–2025 г.", ScheduleKind.month, None, months((2025, 5))),
    ("4кв 2024", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 12, 31))]),
    ("1 трим.", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 11, 30))]),
    ("по итогам 2 трим.", ScheduleKind.range, None, months((2025, 2))),
    ("1полугодие", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    # two-digit years
    ("24/25 уч. г.", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("I полугодие 24/25 уч. г.", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    ("октябрь 24 – май 25", ScheduleKind.range, None, [(D(2024, 10, 1), D(2025, 5, 31))]),
    ("10.24-05.25", ScheduleKind.range, None, [(D(2024, 10, 1), D(2025, 5, 31))]),
    # «перед началом», «накануне» a school year or term: by its start; a month in brackets after a deadline
    ("перед началом учебного года", ScheduleKind.date, None, [(None, D(2024, 8, 31))]),
    ("перед началом II четверти", ScheduleKind.date, None, [(None, D(2024, 10, 31))]),
    ("до начала учебного года (август)", ScheduleKind.month, None, months((2024, 8))),
    ("до 1 октября (сентябрь)", ScheduleKind.month, None, months((2024, 9))),
    ("до 31 мая (итоговый отчет)", ScheduleKind.date, None, [(None, D(2025, 5, 31))]),
    ("к началу учебного года (до 1 сентября)", ScheduleKind.date, None, [(None, D(2024, 9, 1))]),
    ("до окончания II четверти (до 28.12.2024)", ScheduleKind.date, None, [(None, D(2024, 12, 28))]),
    # the August that leads into September
    ("август – сентябрь", ScheduleKind.range, None, [(D(2024, 8, 1), D(2024, 9, 30))]),
    ("август, сентябрь, октябрь", ScheduleKind.dates, None, months((2024, 8), (2024, 9), (2024, 10))),
    ("август", ScheduleKind.month, None, months((2025, 8))),
    ("июль – август", ScheduleKind.range, None, [(D(2025, 7, 1), D(2025, 8, 31))]),
    # a recurrence framed by a period, then another; two recurrences in a list
    (
        "ежемесячно в течение I полугодия, далее – ежеквартально",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [
            *months((2024, 9), (2024, 10), (2024, 11), (2024, 12)),
            (D(2025, 1, 1), D(2025, 3, 31)),
            (D(2025, 4, 1), D(2025, 6, 30)),
        ],
    ),
    (
        "1 раз в четверть во II полугодии",
        ScheduleKind.recurring,
        "quarterly",
        [(D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 5, 31))],
    ),
    # one deadline written twice is one
    (
        "до 1 сентября 2024 г., далее – ежегодно до 1 сентября",
        ScheduleKind.recurring,
        "yearly",
        [(None, D(2024, 9, 1))],
    ),
    # a time of day beside a date
    ("до 15:00 25 мая", ScheduleKind.date, None, [(None, D(2025, 5, 25))]),
    ("25.05.2025 в 14.30", ScheduleKind.date, None, [(D(2025, 5, 25), D(2025, 5, 25))]),
    ("до 10.12", ScheduleKind.date, None, [(None, D(2024, 12, 10))]),
    # a dot after the day and month before «по»
    ("с 15.09. по 15.10.2024", ScheduleKind.range, None, [(D(2024, 9, 15), D(2024, 10, 15))]),
    # a day in several years, with its «до»
    (
        "ежегодно до 1 июня 2025, 2026, 2027 гг.",
        ScheduleKind.recurring,
        "yearly",
        [(None, D(2025, 6, 1)), (None, D(2026, 6, 1)), (None, D(2027, 6, 1))],
    ),
    ("до 1 июня 2025, 2026 гг.", ScheduleKind.dates, None, [(None, D(2025, 6, 1)), (None, D(2026, 6, 1))]),
    # a count over the year with no unit
    (
        "в течение года (не менее 4 раз)",
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
        "не менее двух раз в течение учебного года",
        ScheduleKind.recurring,
        "twice_a_year",
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))],
    ),
    ("2 раза в течение года (октябрь, март)", ScheduleKind.recurring, "twice_a_year", months((2024, 10), (2025, 3))),
    (
        "ежегодно, 2 раза",
        ScheduleKind.recurring,
        "twice_a_year",
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))],
    ),
    ("в течение года 2 раза в месяц", ScheduleKind.recurring, "monthly", month_halves(*SCHOOL_MONTHS)),
    (
        "раз в месяц (последняя неделя)",
        ScheduleKind.recurring,
        "monthly",
        [(end.replace(day=end.day - 6), end) for _, end in months(*SCHOOL_MONTHS)],
    ),
    (
        "раз в шесть месяцев",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))],
    ),
    (
        "шесть раз в год",
        ScheduleKind.recurring,
        "bimonthly",
        [(D(year, month, 1), month_bounds(year, month + 1)[1]) for year, month in SCHOOL_MONTHS[::2]],
    ),
    # «учебная четверть» is the term
    ("по итогам I учебной четверти", ScheduleKind.range, None, months((2024, 10))),
    ("II учебная четверть", ScheduleKind.range, None, [(D(2024, 11, 1), D(2024, 12, 31))]),
    (
        "в конце каждой учебной четверти",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 10, 25), D(2024, 10, 31)),
            (D(2024, 12, 25), D(2024, 12, 31)),
            (D(2025, 3, 25), D(2025, 3, 31)),
            (D(2025, 5, 25), D(2025, 5, 31)),
        ],
    ),
    # a date after a dash beside the period reported on
    ("по итогам I полугодия – до 15.01.2025", ScheduleKind.date, None, [(None, D(2025, 1, 15))]),
    ("по итогам I полугодия – 15 января", ScheduleKind.date, None, [(D(2025, 1, 15), D(2025, 1, 15))]),
    # days after the end of each calendar quarter
    (
        "в течение 10 дней после окончания квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [
            (D(2024, 10, 1), D(2024, 10, 10)),
            (D(2025, 1, 1), D(2025, 1, 10)),
            (D(2025, 4, 1), D(2025, 4, 10)),
            (D(2025, 7, 1), D(2025, 7, 10)),
        ],
    ),
    (
        "не позднее 15 дней после окончания квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2024, 10, 15)), (None, D(2025, 1, 15)), (None, D(2025, 4, 15)), (None, D(2025, 7, 15))],
    ),
    # «со дня окончания» is «после окончания»; a trimester's end like a term's
    (
        "в течение 5 дней со дня окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 11, 1), D(2024, 11, 5)),
            (D(2025, 1, 1), D(2025, 1, 5)),
            (D(2025, 4, 1), D(2025, 4, 5)),
            (D(2025, 6, 1), D(2025, 6, 5)),
        ],
    ),
    (
        "в течение 3 дней с момента окончания полугодия",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2025, 1, 1), D(2025, 1, 3)), (D(2025, 6, 1), D(2025, 6, 3))],
    ),
    ("в течение 10 дней с момента получения результатов", ScheduleKind.on_request, None, []),
    (
        "в двухнедельный срок после окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 11, 1), D(2024, 11, 14)),
            (D(2025, 1, 1), D(2025, 1, 14)),
            (D(2025, 4, 1), D(2025, 4, 14)),
            (D(2025, 6, 1), D(2025, 6, 14)),
        ],
    ),
    ("в двухнедельный срок после проведения диагностики", ScheduleKind.on_request, None, []),
    ("в течение 10 дней по окончании учебного года", ScheduleKind.range, None, [(D(2025, 6, 1), D(2025, 6, 10))]),
    (
        "до окончания триместра",
        ScheduleKind.recurring,
        "times_a_year",
        [(None, D(2024, 11, 30)), (None, D(2025, 2, 28)), (None, D(2025, 5, 31))],
    ),
    (
        "в течение 1 недели после окончания триместра",
        ScheduleKind.recurring,
        "times_a_year",
        [(D(2024, 12, 1), D(2024, 12, 7)), (D(2025, 3, 1), D(2025, 3, 7)), (D(2025, 6, 1), D(2025, 6, 7))],
    ),
    # «не позднее» a month, a year, a numbered period: by its end; «не ранее … и не позднее …»: a range
    ("не позднее мая", ScheduleKind.date, None, [(None, D(2025, 5, 31))]),
    ("не позднее сентября", ScheduleKind.date, None, [(None, D(2024, 9, 30))]),
    ("не позднее 2025 года", ScheduleKind.date, None, [(None, D(2025, 12, 31))]),
    ("не позднее I квартала 2025 г.", ScheduleKind.date, None, [(None, D(2025, 3, 31))]),
    ("не позднее IV квартала", ScheduleKind.date, None, [(None, D(2024, 12, 31))]),
    ("не позднее 15 мая", ScheduleKind.date, None, [(None, D(2025, 5, 15))]),
    ("не ранее 1 и не позднее 15 сентября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 15))]),
    ("не ранее 10 и не позднее 20 числа каждого месяца", ScheduleKind.recurring, "monthly", month_days(10, 20)),
    # the first or last day of a month; a part of a month written once for two months
    ("в первый день сентября", ScheduleKind.date, None, [(D(2024, 9, 1), D(2024, 9, 1))]),
    ("в последний день мая", ScheduleKind.date, None, [(D(2025, 5, 31), D(2025, 5, 31))]),
    ("в последний день учебного года", ScheduleKind.date, None, [(D(2025, 5, 31), D(2025, 5, 31))]),
    ("в первый рабочий день сентября", ScheduleKind.date, None, [(D(2024, 9, 2), D(2024, 9, 2))]),
    ("в последний рабочий день мая", ScheduleKind.date, None, [(D(2025, 5, 30), D(2025, 5, 30))]),
    (
        "в последний учебный день четверти",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 10, 31), D(2024, 10, 31)),
            (D(2024, 12, 31), D(2024, 12, 31)),
            (D(2025, 3, 31), D(2025, 3, 31)),
            (D(2025, 5, 31), D(2025, 5, 31)),
        ],
    ),
    (
        "в последнюю неделю декабря и мая",
        ScheduleKind.dates,
        None,
        [(D(2024, 12, 25), D(2024, 12, 31)), (D(2025, 5, 25), D(2025, 5, 31))],
    ),
    ("до конца сентября и мая", ScheduleKind.dates, None, [(None, D(2024, 9, 30)), (None, D(2025, 5, 31))]),
    # «после» a day: from the day after
    ("после 15 мая", ScheduleKind.period, None, [(D(2025, 5, 16), D(2025, 8, 31))]),
    ("после 31.12.2024", ScheduleKind.period, None, [(D(2025, 1, 1), D(2025, 8, 31))]),
    ("через 10 дней после 20.09.2024", ScheduleKind.date, None, [(None, D(2024, 9, 30))]),
    # the halves of the school year
    ("в первой половине учебного года", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    ("вторая половина года", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 5, 31))]),
    # a start, then a length
    # the first day is one of them: 14 days from 1 September end on the 14th, a month is September
    ("с 01.09.2024 в течение 2 недель", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 14))]),
    ("с 1 сентября 2024 г. в течение 10 дней", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 10))]),
    ("в течение первого месяца с начала учебного года", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 30))]),
    ("с 01.09.2024 в течение года", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    (
        "в течение первого месяца каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        months((2024, 9), (2024, 11), (2025, 1), (2025, 4)),
    ),
    # whole school years beside a yearly recurrence: the years it recurs in
    (
        "ежегодно (2024-2026 уч. гг.)",
        ScheduleKind.recurring,
        "yearly",
        [(D(2024, 9, 1), D(2025, 5, 31)), (D(2025, 9, 1), D(2026, 5, 31))],
    ),
    (
        "ежегодно в течение 2024-2025, 2025-2026 уч. гг.",
        ScheduleKind.recurring,
        "yearly",
        [(D(2024, 9, 1), D(2025, 5, 31)), (D(2025, 9, 1), D(2026, 5, 31))],
    ),
    ("ежегодно в мае (2024-2026 уч. гг.)", ScheduleKind.recurring, "yearly", months((2025, 5), (2026, 5))),
    (
        "ежегодно до 1 октября (2024-2026 уч.гг.)",
        ScheduleKind.recurring,
        "yearly",
        [(None, D(2024, 10, 1)), (None, D(2025, 10, 1))],
    ),
    # the summer left out of a monthly recurrence
    ("ежемесячно (кроме летних месяцев)", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS[:9])),
    ("ежемесячно, кроме летнего периода", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS[:9])),
    # named days, open forms, no fixed date
    ("к Новому году", ScheduleKind.date, None, [(None, D(2024, 12, 31))]),
    ("в День знаний", ScheduleKind.date, None, [(D(2024, 9, 1), D(2024, 9, 1))]),
    ("День учителя", ScheduleKind.date, None, [(D(2024, 10, 5), D(2024, 10, 5))]),
    ("Международный женский день", ScheduleKind.date, None, [(D(2025, 3, 8), D(2025, 3, 8))]),
    ("накануне Нового года", ScheduleKind.date, None, [(None, D(2024, 12, 31))]),
    ("круглый год", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    (
        "в каникулы (осенние, весенние)",
        ScheduleKind.dates,
        None,
        [(D(2024, 10, 21), D(2024, 11, 10)), (D(2025, 3, 21), D(2025, 4, 10))],
    ),
    ("в каникулы (летние)", ScheduleKind.range, None, [(D(2025, 6, 1), D(2025, 8, 31))]),
    ("по приглашению", ScheduleKind.on_request, None, []),
    ("в рабочие дни", ScheduleKind.recurring, "daily", []),
    ("в текущем учебном году", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("на учебный год", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("в рамках учебного года", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("в ходе реализации программы", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("текущий учебный год", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("до 20 числа текущего месяца", ScheduleKind.recurring, "monthly", by_day(20)),
    (
        "до 5 числа следующего месяца",
        ScheduleKind.recurring,
        "monthly",
        # round 20: reports on September (due in October) to August (due in September)
        REPORTS_BY_5TH,
    ),
    ("отчет за 2024 год – до 20.01.2025", ScheduleKind.date, None, [(None, D(2025, 1, 20))]),
    ("за 2024 год", ScheduleKind.period, None, [(D(2024, 1, 1), D(2024, 12, 31))]),
    ("незамедлительно", ScheduleKind.on_request, None, []),
    ("в кратчайшие сроки", ScheduleKind.on_request, None, []),
    ("по факту проведения", ScheduleKind.on_request, None, []),
    ("с даты утверждения", ScheduleKind.on_request, None, []),
    ("бессрочно", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("до особого распоряжения", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("ежемесячно (оперативное совещание)", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    # «полугодовые», «полугодовой» name what is done, not a half-yearly recurrence
    (
        "сентябрь 2024 (входные к/р), декабрь 2024 (полугодовые к/р), май 2025 (годовые к/р)",
        ScheduleKind.dates,
        None,
        months((2024, 9), (2024, 12), (2025, 5)),
    ),
    ("декабрь (полугодовой отчет)", ScheduleKind.month, None, months((2024, 12))),
]


STAGED: list[tuple[str, list[tuple[tuple[date, date], Stage]]]] = [
    (
        "1-й этап – сентябрь, 2-й этап – декабрь, 3-й этап – май",
        [
            (month_bounds(2024, 9), Stage.entry),
            (month_bounds(2024, 12), Stage.interim),
            (month_bounds(2025, 5), Stage.final),
        ],
    ),
    (
        "сентябрь, декабрь, май (входной, промежуточный, итоговый контроль)",
        [
            (month_bounds(2024, 9), Stage.entry),
            (month_bounds(2024, 12), Stage.interim),
            (month_bounds(2025, 5), Stage.final),
        ],
    ),
    (
        "1 этап – I квартал 2025, 2 этап – II-III квартал 2025, 3 этап – IV квартал 2025",
        [
            ((D(2025, 1, 1), D(2025, 3, 31)), Stage.entry),
            ((D(2025, 4, 1), D(2025, 9, 30)), Stage.interim),
            ((D(2025, 10, 1), D(2025, 12, 31)), Stage.final),
        ],
    ),
    (
        "1 этап – I полугодие, 2 этап – II полугодие",
        [((D(2024, 9, 1), D(2024, 12, 31)), Stage.entry), ((D(2025, 1, 1), D(2025, 5, 31)), Stage.final)],
    ),
    (
        "сентябрь 2024, май 2025 (входная и итоговая диагностика)",
        [(month_bounds(2024, 9), Stage.entry), (month_bounds(2025, 5), Stage.final)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), STAGED)
def test_stages(text: str, expected: list[tuple[tuple[date, date], Stage]]) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.staged, schedule.summary
    assert [((o.start, o.due), o.stage) for o in schedule.occurrences] == expected


def test_stage_words_fewer_than_months_are_left_alone() -> None:
    schedule = _parse("сентябрь, май (входной, промежуточный, итоговый)", SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.dates
    assert [o.stage for o in schedule.occurrences] == [None, None]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS)
def test_forms(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("ежегодно с 1 по 15 сентября", "ежегодно с 1 по 15 сентября"),
        ("ежегодно с 20 мая по 5 июня", "ежегодно с 20 мая по 5 июня"),
        ("в последний день месяца", "в последний день каждого месяца"),
        ("в первый день каждого месяца", "в первый день каждого месяца"),
        ("с 1 по 10 число каждого месяца", "ежемесячно, с 1 по 10 число"),
        ("по рабочим дням", "ежедневно в рабочие дни"),
    ],
)
def test_summaries(text: str, summary: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).summary == summary


@pytest.mark.parametrize(
    "text",
    [
        "до 25",  # a bare number, with no monthly recurrence: not a day
        "в новом году",  # no «к»/«до»/«накануне»: not the holiday
        "сентябрьский",  # an adjective, not a misspelt month
        "октябрьского района",
        "до 15 окбяря",  # two letters off: not read around
        "понедельник",
        "13/2024",  # a month that cannot be: a typo, not read around
        "2024.13",
    ],
)
def test_texts_that_stay_unread(text: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).kind == ScheduleKind.unparsed


def test_a_month_in_a_school_year_keeps_that_year() -> None:
    schedule = _parse("2025-2026 учебный год – сентябрь", SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.month
    assert [(o.start, o.due) for o in schedule.occurrences] == [month_bounds(2025, 9)]
    assert schedule.warnings  # outside the plan's school year


def test_stage_words_after_numbered_periods_still_stage_them() -> None:
    schedule = _parse("I четверть – входная; IV четверть – итоговая", SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.staged
    assert [o.due for o in schedule.occurrences] == [date(2024, 10, 31), date(2025, 5, 31)]


CALENDAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IV квартал", [(D(2025, 10, 1), D(2025, 12, 31))]),
        ("III квартал", [(D(2025, 7, 1), D(2025, 9, 30))]),
        ("I полугодие", [(D(2025, 1, 1), D(2025, 6, 30))]),
        ("по итогам I полугодия", [month_bounds(2025, 6)]),
        ("до конца I полугодия", [(None, D(2025, 6, 30))]),
        ("II четверть", [(D(2025, 11, 1), D(2025, 12, 31))]),
        ("III четверть", [(D(2025, 1, 1), D(2025, 3, 31))]),
        ("IV квартал 2024", [(D(2024, 10, 1), D(2024, 12, 31))]),  # a year written wins
        ("ежегодно в IV квартале", [(D(2025, 10, 1), D(2025, 12, 31))]),
    ],
)
def test_numbered_periods_in_a_plan_by_calendar_year(text: str, expected: Expected) -> None:
    """A plan whose period is a calendar year, with no school year: numbered periods written without a year are
    of that year, as if it were written."""
    schedule = _parse(text, None, CALENDAR_2025)
    assert [(o.start, o.due) for o in schedule.occurrences] == expected
