"""The deadline parser: every form in domain.md and more from the seed orders, school-year months, and
property tests that no text makes it raise."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.roadmap.schedules.parser import (
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    Schedule,
    ScheduleKind,
    Stage,
    _parse,
    month_bounds,
    month_number,
    parse_schedule,
    school_year_bounds,
)

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

D = date
SCHOOL_YEAR = "2022-2023"
Expected = list[tuple[date | None, date] | tuple[date | None, date, Stage]]


def by_day(day: int) -> Expected:
    """Each month of the school year 2022-2023, due by its `day`."""
    return [(None, D(2022 if month >= 9 else 2023, month, day)) for month in (*range(9, 13), *range(1, 9))]


def reports_by(day: int) -> Expected:
    """The report on each month of the school year 2022-2023, due by `day` of the month after it: September's in
    October, August's in the next September (outside the plan, kept with a warning), none on the August before."""
    return [*by_day(day)[1:], (None, D(2023, 9, day))]


LAST_WORKDAYS_2022_2023 = [
    D(2022, 9, 30), D(2022, 10, 31), D(2022, 11, 30), D(2022, 12, 30), D(2023, 1, 31), D(2023, 2, 28),
    D(2023, 3, 31), D(2023, 4, 28), D(2023, 5, 31), D(2023, 6, 30), D(2023, 7, 31), D(2023, 8, 31),
]  # fmt: skip
"""The last Monday-to-Friday day of each month of the school year 2022-2023."""

QUARTERS = ((2022, 10), (2023, 1), (2023, 4))
"""The calendar quarters that start after 15 September 2022 in the school year 2022-2023: year, first month."""

LAST_FRIDAYS = (
    D(2022, 9, 30), D(2022, 10, 28), D(2022, 11, 25), D(2022, 12, 30), D(2023, 1, 27), D(2023, 2, 24),
    D(2023, 3, 31), D(2023, 4, 28), D(2023, 5, 26), D(2023, 6, 30), D(2023, 7, 28), D(2023, 8, 25),
)  # fmt: skip
"""The last Friday of each month of the school year 2022-2023."""

# (text, kind, recurrence, [(start, due[, stage])]) with the school year 2022-2023 and its default period.
FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # domain.md, in its order
    ("25.05.2020", ScheduleKind.date, None, [(D(2020, 5, 25), D(2020, 5, 25))]),
    ("в срок до 20 мая 2020 года", ScheduleKind.date, None, [(None, D(2020, 5, 20))]),
    ("до января 2021 года", ScheduleKind.date, None, [(None, D(2020, 12, 31))]),
    ("Сентябрь", ScheduleKind.month, None, [(D(2022, 9, 1), D(2022, 9, 30))]),
    ("август 2020г", ScheduleKind.month, None, [(D(2020, 8, 1), D(2020, 8, 31))]),
    ("Июнь – июль 2022 г.", ScheduleKind.range, None, [(D(2022, 6, 1), D(2022, 7, 31))]),
    ("январь – февраль 2021 г.", ScheduleKind.range, None, [(D(2021, 1, 1), D(2021, 2, 28))]),
    ("март 2021 г. – декабрь 2021 г.", ScheduleKind.range, None, [(D(2021, 3, 1), D(2021, 12, 31))]),
    ("в период с мая по август 2020 года", ScheduleKind.period, None, [(D(2020, 5, 1), D(2020, 8, 31))]),
    (
        "Сентябрь – октябрь 2022 г. Февраль 2023г.",
        ScheduleKind.dates,
        None,
        [(D(2022, 9, 1), D(2022, 10, 31)), (D(2023, 2, 1), D(2023, 2, 28))],
    ),
    (
        "февраль 2021 г. май 2021 г. сентябрь 2021г.",
        ScheduleKind.dates,
        None,
        [(D(2021, 2, 1), D(2021, 2, 28)), (D(2021, 5, 1), D(2021, 5, 31)), (D(2021, 9, 1), D(2021, 9, 30))],
    ),
    (
        "март 2021 г. (входной), сентябрь 2021 г. (промежуточный), ноябрь 2021 г. (итоговый)",
        ScheduleKind.staged,
        None,
        [
            (D(2021, 3, 1), D(2021, 3, 31), Stage.entry),
            (D(2021, 9, 1), D(2021, 9, 30), Stage.interim),
            (D(2021, 11, 1), D(2021, 11, 30), Stage.final),
        ],
    ),
    ("Ежегодно", ScheduleKind.recurring, "yearly", [(D(2022, 9, 1), D(2023, 5, 31))]),
    ("Ежегодно, октябрь-март", ScheduleKind.recurring, "yearly", [(D(2022, 10, 1), D(2023, 3, 31))]),
    (
        "Ежегодно, май, сентябрь",
        ScheduleKind.recurring,
        "yearly",
        [(D(2022, 9, 1), D(2022, 9, 30)), (D(2023, 5, 1), D(2023, 5, 31))],
    ),
    (
        "По полугодиям",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2022, 9, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 5, 31))],
    ),
    (
        "В конце каждого полугодия",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2022, 9, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 5, 31))],
    ),
    (
        "не менее 2 раз в год",
        ScheduleKind.recurring,
        "twice_a_year",
        [(D(2022, 9, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 5, 31))],
    ),
    (
        "По итогам четверти",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2022, 9, 1), D(2022, 10, 31)),
            (D(2022, 11, 1), D(2022, 12, 31)),
            (D(2023, 1, 1), D(2023, 3, 31)),
            (D(2023, 4, 1), D(2023, 5, 31)),
        ],
    ),
    (
        "ежемесячно",
        ScheduleKind.recurring,
        "monthly",
        [
            (D(2022, 9, 1), D(2022, 9, 30)),
            (D(2022, 10, 1), D(2022, 10, 31)),
            (D(2022, 11, 1), D(2022, 11, 30)),
            (D(2022, 12, 1), D(2022, 12, 31)),
            (D(2023, 1, 1), D(2023, 1, 31)),
            (D(2023, 2, 1), D(2023, 2, 28)),
            (D(2023, 3, 1), D(2023, 3, 31)),
            (D(2023, 4, 1), D(2023, 4, 30)),
            (D(2023, 5, 1), D(2023, 5, 31)),
            (D(2023, 6, 1), D(2023, 6, 30)),
            (D(2023, 7, 1), D(2023, 7, 31)),
            (D(2023, 8, 1), D(2023, 8, 31)),
        ],
    ),
    ("1 раз в три года", ScheduleKind.recurring, "every_n_years", []),  # the school year is shorter than 3 years
    ("В течение года", ScheduleKind.period, None, [(D(2022, 9, 1), D(2023, 8, 31))]),
    ("В течение всего периода", ScheduleKind.period, None, [(D(2022, 9, 1), D(2023, 8, 31))]),
    ("в течение 2021-2023 гг.", ScheduleKind.period, None, [(D(2021, 1, 1), D(2023, 12, 31))]),
    ("По запросу школ с низкими результатами обучения", ScheduleKind.on_request, None, []),
    ("По отдельному графику", ScheduleKind.on_request, None, []),
    ("По результатам реализации программ", ScheduleKind.on_request, None, []),
    ("01.09.2022г.", ScheduleKind.date, None, [(D(2022, 9, 1), D(2022, 9, 1))]),
    # more from the seed orders (000, 001, 003, 004)
    ("Апрель", ScheduleKind.month, None, [(D(2023, 4, 1), D(2023, 4, 30))]),
    ("Апрель - май", ScheduleKind.range, None, [(D(2023, 4, 1), D(2023, 5, 31))]),
    ("Июнь ", ScheduleKind.month, None, [(D(2023, 6, 1), D(2023, 6, 30))]),
    ("май-октябрь", ScheduleKind.range, None, [(D(2023, 5, 1), D(2023, 10, 31))]),
    ("Сентябрь – октябрь", ScheduleKind.range, None, [(D(2022, 9, 1), D(2022, 10, 31))]),
    ("Ежегодно, сентябрь-март ", ScheduleKind.recurring, "yearly", [(D(2022, 9, 1), D(2023, 3, 31))]),
    ("Ежегодно, ноябрь-декабрь ", ScheduleKind.recurring, "yearly", [(D(2022, 11, 1), D(2022, 12, 31))]),
    ("Ежегодно (начало учебного года)", ScheduleKind.recurring, "yearly", [(D(2022, 9, 1), D(2022, 9, 30))]),
    (
        "Ежегодно, по графику проведения промежуточной аттестации ",
        ScheduleKind.recurring,
        "yearly",
        [(D(2022, 9, 1), D(2023, 5, 31))],
    ),
    (
        "Периодически (проведение системного анализа, не менее 2 раз в год)",
        ScheduleKind.recurring,
        "twice_a_year",
        [(D(2022, 9, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 5, 31))],
    ),
    (
        "Ежегодное (в течение 2021-2023 гг.)",
        ScheduleKind.recurring,
        "yearly",
        [(D(2020, 9, 1), D(2021, 5, 31)), (D(2021, 9, 1), D(2022, 5, 31)), (D(2022, 9, 1), D(2023, 5, 31))],
    ),
    ("В течение 2022-2023 уч.года", ScheduleKind.period, None, [(D(2022, 9, 1), D(2023, 8, 31))]),
    ("В течение 2022 года", ScheduleKind.period, None, [(D(2022, 1, 1), D(2022, 12, 31))]),
    ("В течение срока действия программы", ScheduleKind.period, None, [(D(2022, 9, 1), D(2023, 8, 31))]),
    ("2022 г.", ScheduleKind.period, None, [(D(2022, 1, 1), D(2022, 12, 31))]),
    ("Август 2020 года", ScheduleKind.month, None, [(D(2020, 8, 1), D(2020, 8, 31))]),
    ("Июнь – август 2022г.", ScheduleKind.range, None, [(D(2022, 6, 1), D(2022, 8, 31))]),
    (
        "Август 2022 г. Декабрь 2022г. Март 2023 г.",
        ScheduleKind.dates,
        None,
        [(D(2022, 8, 1), D(2022, 8, 31)), (D(2022, 12, 1), D(2022, 12, 31)), (D(2023, 3, 1), D(2023, 3, 31))],
    ),
    (
        "июнь 2021 г. сентябрь 2021 г.",
        ScheduleKind.dates,
        None,
        [(D(2021, 6, 1), D(2021, 6, 30)), (D(2021, 9, 1), D(2021, 9, 30))],
    ),
    ("апрель 2023 г. – октябрь 2023 г.", ScheduleKind.range, None, [(D(2023, 4, 1), D(2023, 10, 31))]),
    ("апрель - май 2021г.", ScheduleKind.range, None, [(D(2021, 4, 1), D(2021, 5, 31))]),
    ("В соответствии с нормативными документами и МОКК", ScheduleKind.on_request, None, []),
    ("В соответствии с запросом", ScheduleKind.on_request, None, []),
    ("в срок до 10 июня 2020 года", ScheduleKind.date, None, [(None, D(2020, 6, 10))]),
    ("сентябрь – май 2021-2022", ScheduleKind.range, None, [(D(2021, 9, 1), D(2022, 5, 31))]),
    # robustness: cases, dashes, spaces, glued years, short dates, lookalikes
    ("ноябрь-декабрь 2021", ScheduleKind.range, None, [(D(2021, 11, 1), D(2021, 12, 31))]),
    ("НОЯБРЬ—ДЕКАБРЬ 2021Г.", ScheduleKind.range, None, [(D(2021, 11, 1), D(2021, 12, 31))]),
    ("ноябрь − декабрь 2021 года.", ScheduleKind.range, None, [(D(2021, 11, 1), D(2021, 12, 31))]),
    ("1.9.22", ScheduleKind.date, None, [(D(2022, 9, 1), D(2022, 9, 1))]),
    ("до 1 сентября 2022 г", ScheduleKind.date, None, [(None, D(2022, 9, 1))]),
    ("c 01.09.2022 по 31.05.2023", ScheduleKind.range, None, [(D(2022, 9, 1), D(2023, 5, 31))]),
    ("в сентябре", ScheduleKind.month, None, [(D(2022, 9, 1), D(2022, 9, 30))]),
    ("Cентябрь 2022", ScheduleKind.month, None, [(D(2022, 9, 1), D(2022, 9, 30))]),  # Latin С
    ("Mapт 2021", ScheduleKind.month, None, [(D(2021, 3, 1), D(2021, 3, 31))]),  # all Latin
    ("не позднее 25.05.2023", ScheduleKind.date, None, [(None, D(2023, 5, 25))]),
    (
        "2 раза в год",
        ScheduleKind.recurring,
        "twice_a_year",
        [(D(2022, 9, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 5, 31))],
    ),
    (
        "Ежеквартально",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [
            (D(2022, 7, 1), D(2022, 9, 30)),
            (D(2022, 10, 1), D(2022, 12, 31)),
            (D(2023, 1, 1), D(2023, 3, 31)),
            (D(2023, 4, 1), D(2023, 6, 30)),
        ],
    ),
    # issue 15: the end of the school year (31 May; 31 August for the school year as a whole)
    ("до окончания учебного года", ScheduleKind.date, None, [(None, D(2023, 5, 31))]),
    ("к концу уч. года", ScheduleKind.date, None, [(None, D(2023, 5, 31))]),
    ("не позднее окончания учебного года", ScheduleKind.date, None, [(None, D(2023, 5, 31))]),
    ("до конца 2023/2024 учебного года", ScheduleKind.date, None, [(None, D(2024, 5, 31))]),
    ("до завершения текущего уч. г.", ScheduleKind.date, None, [(None, D(2023, 5, 31))]),
    ("до конца учебного года (включая летний период)", ScheduleKind.date, None, [(None, D(2023, 8, 31))]),
    ("до начала нового учебного года", ScheduleKind.date, None, [(None, D(2023, 8, 31))]),
    ("в конце учебного года", ScheduleKind.month, None, [(D(2023, 5, 1), D(2023, 5, 31))]),
    ("до конца учебного 2023/2024 года", ScheduleKind.date, None, [(None, D(2024, 5, 31))]),
    ("ежегодно в срок до 15.11", ScheduleKind.recurring, "yearly", [(None, D(2022, 11, 15))]),
    ("до 01.03", ScheduleKind.date, None, [(None, D(2023, 3, 1))]),
    ("II-е полугодие", ScheduleKind.range, None, [(D(2023, 1, 1), D(2023, 5, 31))]),
    ("1-й квартал 2023", ScheduleKind.range, None, [(D(2023, 1, 1), D(2023, 3, 31))]),
    ("ноя.2023", ScheduleKind.month, None, [(D(2023, 11, 1), D(2023, 11, 30))]),
    ("Декабрь, 2022 год", ScheduleKind.month, None, [(D(2022, 12, 1), D(2022, 12, 31))]),
    ("к 25 мая", ScheduleKind.date, None, [(None, D(2023, 5, 25))]),
    ("ко 2 сентября 2022 г.", ScheduleKind.date, None, [(None, D(2022, 9, 2))]),
    ("с 1 по 15 сентября", ScheduleKind.range, None, [(D(2022, 9, 1), D(2022, 9, 15))]),
    ("1-15 сентября 2022", ScheduleKind.range, None, [(D(2022, 9, 1), D(2022, 9, 15))]),
    # every year by a day
    (
        "не позднее 5-го числа месяца, следующего за отчетным",
        ScheduleKind.recurring,
        "monthly",
        reports_by(5),  # round 20: the first report is on September, not on the August before the plan
    ),
    ("ежегодно, до 15 ноября", ScheduleKind.recurring, "yearly", [(None, D(2022, 11, 15))]),
    ("Ежегодно до 1 сентября", ScheduleKind.recurring, "yearly", [(None, D(2022, 9, 1))]),
    ("ежегодно, не позднее 20 декабря", ScheduleKind.recurring, "yearly", [(None, D(2022, 12, 20))]),
    ("каждый год к 10 апреля", ScheduleKind.recurring, "yearly", [(None, D(2023, 4, 10))]),
    ("ежегодно, 25 мая", ScheduleKind.recurring, "yearly", [(D(2023, 5, 25), D(2023, 5, 25))]),
    ("ежегодно до конца учебного года", ScheduleKind.recurring, "yearly", [(None, D(2023, 5, 31))]),
    (
        "не позднее 10 числа каждого месяца",
        ScheduleKind.recurring,
        "monthly",
        by_day(10),
    ),
    # numbered half-years, terms, trimesters and calendar quarters
    ("2-е полугодие", ScheduleKind.range, None, [(D(2023, 1, 1), D(2023, 5, 31))]),
    ("первое полугодие", ScheduleKind.range, None, [(D(2022, 9, 1), D(2022, 12, 31))]),
    ("во II полугодии", ScheduleKind.range, None, [(D(2023, 1, 1), D(2023, 5, 31))]),
    ("1 четверть", ScheduleKind.range, None, [(D(2022, 9, 1), D(2022, 10, 31))]),
    ("IV четверть", ScheduleKind.range, None, [(D(2023, 4, 1), D(2023, 5, 31))]),
    ("третья четверть", ScheduleKind.range, None, [(D(2023, 1, 1), D(2023, 3, 31))]),
    ("2 триместр", ScheduleKind.range, None, [(D(2022, 12, 1), D(2023, 2, 28))]),
    ("III квартал 2024 года", ScheduleKind.range, None, [(D(2024, 7, 1), D(2024, 9, 30))]),
    ("IV кв. 2024 г.", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 12, 31))]),
    ("1 квартал", ScheduleKind.range, None, [(D(2023, 1, 1), D(2023, 3, 31))]),
    ("I полугодие 2024 года", ScheduleKind.range, None, [(D(2024, 1, 1), D(2024, 6, 30))]),
    ("3 четверть 2024 г.", ScheduleKind.range, None, [(D(2024, 1, 1), D(2024, 3, 31))]),
    ("2 триместр 2024 года", ScheduleKind.range, None, [(D(2023, 12, 1), D(2024, 2, 29))]),
    ("1 триместр 2023/2024 уч. г.", ScheduleKind.range, None, [(D(2023, 9, 1), D(2023, 11, 30))]),
    ("IV квартал 2022-2023 уч. г.", ScheduleKind.range, None, [(D(2022, 10, 1), D(2022, 12, 31))]),
    (
        "в течение 1-го и 2-го полугодия",
        ScheduleKind.dates,
        None,
        [(D(2022, 9, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 5, 31))],
    ),
    (
        "в течение второго полугодия 2024-2025 уч. г.",
        ScheduleKind.range,
        None,
        [(D(2025, 1, 1), D(2025, 5, 31))],
    ),
    ("1-е полугодие 2023/24 учебного года", ScheduleKind.range, None, [(D(2023, 9, 1), D(2023, 12, 31))]),
    ("до конца 1 полугодия", ScheduleKind.date, None, [(None, D(2022, 12, 31))]),
    ("к окончанию II четверти", ScheduleKind.date, None, [(None, D(2022, 12, 31))]),
    ("в конце III четверти", ScheduleKind.range, None, [(D(2023, 3, 1), D(2023, 3, 31))]),
    ("по итогам 1-го полугодия", ScheduleKind.range, None, [(D(2022, 12, 1), D(2022, 12, 31))]),
    (
        "1 и 2 четверти",
        ScheduleKind.dates,
        None,
        [(D(2022, 9, 1), D(2022, 10, 31)), (D(2022, 11, 1), D(2022, 12, 31))],
    ),
    ("I-II четверть", ScheduleKind.range, None, [(D(2022, 9, 1), D(2022, 12, 31))]),
    ("ежегодно во II полугодии", ScheduleKind.recurring, "yearly", [(D(2023, 1, 1), D(2023, 5, 31))]),
    # abbreviated months with a dot, a comma before the year
    ("окт.–нояб. 2023", ScheduleKind.range, None, [(D(2023, 10, 1), D(2023, 11, 30))]),
    ("фев. – март 2024 г.", ScheduleKind.range, None, [(D(2024, 2, 1), D(2024, 3, 31))]),
    ("сент.", ScheduleKind.month, None, [(D(2022, 9, 1), D(2022, 9, 30))]),
    ("дек.", ScheduleKind.month, None, [(D(2022, 12, 1), D(2022, 12, 31))]),
    ("янв. - мар. 2023 г.", ScheduleKind.range, None, [(D(2023, 1, 1), D(2023, 3, 31))]),
    ("Март, 2024", ScheduleKind.month, None, [(D(2024, 3, 1), D(2024, 3, 31))]),
    ("сентябрь, 2022 г.", ScheduleKind.month, None, [(D(2022, 9, 1), D(2022, 9, 30))]),
    ("Апрель, 2023 г. – май, 2023 г.", ScheduleKind.range, None, [(D(2023, 4, 1), D(2023, 5, 31))]),
    # «не реже N раз(а) в …» in every inflection
    ("не реже 1 раза в год", ScheduleKind.recurring, "yearly", [(D(2022, 9, 1), D(2023, 5, 31))]),
    ("не реже одного раза в год", ScheduleKind.recurring, "yearly", [(D(2022, 9, 1), D(2023, 5, 31))]),
    (
        "не реже 2 раз в год",
        ScheduleKind.recurring,
        "twice_a_year",
        [(D(2022, 9, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 5, 31))],
    ),
    (
        "не реже двух раз в учебный год",
        ScheduleKind.recurring,
        "twice_a_year",
        [(D(2022, 9, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 5, 31))],
    ),
    (
        "не реже 1 раза в полугодие",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2022, 9, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 5, 31))],
    ),
    (
        "не реже одного раза в четверть",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2022, 9, 1), D(2022, 10, 31)),
            (D(2022, 11, 1), D(2022, 12, 31)),
            (D(2023, 1, 1), D(2023, 3, 31)),
            (D(2023, 4, 1), D(2023, 5, 31)),
        ],
    ),
    (
        "не реже 1 раза в квартал",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [
            (D(2022, 7, 1), D(2022, 9, 30)),
            (D(2022, 10, 1), D(2022, 12, 31)),
            (D(2023, 1, 1), D(2023, 3, 31)),
            (D(2023, 4, 1), D(2023, 6, 30)),
        ],
    ),
    (
        "не реже трех раз в год",
        ScheduleKind.recurring,
        "times_a_year",
        [(D(2022, 9, 1), D(2022, 11, 30)), (D(2022, 12, 1), D(2023, 2, 28)), (D(2023, 3, 1), D(2023, 5, 31))],
    ),
    ("раза в два года", ScheduleKind.recurring, "every_n_years", []),
    # a stage-tagged passport deadline (seed 000): the stages, no occurrence for the whole programme
    (
        "Сроки реализации программы - 2021– 2022 г. 1 этап – проблемно-аналитический (август 2021); "
        "2 этап – реализационный (сентябрь – май 2021-2022); 3 этап – итоговый и корректирующий (июнь-август 2022)",
        ScheduleKind.staged,
        None,
        [
            (D(2021, 8, 1), D(2021, 8, 31), Stage.entry),
            (D(2021, 9, 1), D(2022, 5, 31), Stage.interim),
            (D(2022, 6, 1), D(2022, 8, 31), Stage.final),
        ],
    ),
    (
        "2023-2024 гг.: этап 1 (сентябрь 2023), этап 2 (январь – март 2024), этап 3 (май 2024)",
        ScheduleKind.staged,
        None,
        [
            (D(2023, 9, 1), D(2023, 9, 30), Stage.entry),
            (D(2024, 1, 1), D(2024, 3, 31), Stage.interim),
            (D(2024, 5, 1), D(2024, 5, 31), Stage.final),
        ],
    ),
    # a day of the month after each quarter reported on, or of its last month
    (
        "ежеквартально, до 5 числа месяца, следующего за отчётным кварталом",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2022, 10, 5)), (None, D(2023, 1, 5)), (None, D(2023, 4, 5)), (None, D(2023, 7, 5))],
    ),
    (
        "до 10 числа месяца, следующего за отчетным кварталом",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2022, 10, 10)), (None, D(2023, 1, 10)), (None, D(2023, 4, 10)), (None, D(2023, 7, 10))],
    ),
    (
        "ежеквартально до 25 числа",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2022, 9, 25)), (None, D(2022, 12, 25)), (None, D(2023, 3, 25)), (None, D(2023, 6, 25))],
    ),
    # parts of a month
    ("первая неделя сентября", ScheduleKind.range, None, [(D(2022, 9, 1), D(2022, 9, 7))]),
    ("в первую неделю октября 2022 г.", ScheduleKind.range, None, [(D(2022, 10, 1), D(2022, 10, 7))]),
    ("последняя неделя сентября", ScheduleKind.range, None, [(D(2022, 9, 24), D(2022, 9, 30))]),
    ("вторая декада октября", ScheduleKind.range, None, [(D(2022, 10, 11), D(2022, 10, 20))]),
    ("третья декада января", ScheduleKind.range, None, [(D(2023, 1, 21), D(2023, 1, 31))]),
    ("вторая половина февраля", ScheduleKind.range, None, [(D(2023, 2, 16), D(2023, 2, 28))]),
    ("в конце ноября", ScheduleKind.range, None, [(D(2022, 11, 21), D(2022, 11, 30))]),
    ("Начало декабря", ScheduleKind.range, None, [(D(2022, 12, 1), D(2022, 12, 10))]),
    ("конец мая – начало июня", ScheduleKind.range, None, [(D(2023, 5, 21), D(2023, 6, 10))]),
    ("до конца сентября", ScheduleKind.date, None, [(None, D(2022, 9, 30))]),
    ("к концу апреля 2023 года", ScheduleKind.date, None, [(None, D(2023, 4, 30))]),
    ("до середины декабря", ScheduleKind.date, None, [(None, D(2022, 12, 15))]),
    ("1-я декада сентября", ScheduleKind.range, None, [(D(2022, 9, 1), D(2022, 9, 10))]),
    ("во II декаде ноября 2022 г.", ScheduleKind.range, None, [(D(2022, 11, 11), D(2022, 11, 20))]),
    ("3 декада мая", ScheduleKind.range, None, [(D(2023, 5, 21), D(2023, 5, 31))]),
    ("в первой декаде каждого месяца", ScheduleKind.recurring, "monthly", by_day(10)),
    ("ежемесячно, во 2-й декаде", ScheduleKind.recurring, "monthly", by_day(20)),
    # the end of a calendar year
    ("до конца года", ScheduleKind.date, None, [(None, D(2022, 12, 31))]),
    ("к концу текущего календарного года", ScheduleKind.date, None, [(None, D(2022, 12, 31))]),
    ("до конца 2023 г.", ScheduleKind.date, None, [(None, D(2023, 12, 31))]),
    ("в конце года", ScheduleKind.month, None, [(D(2022, 12, 1), D(2022, 12, 31))]),
    ("конец 2023 г.", ScheduleKind.month, None, [(D(2023, 12, 1), D(2023, 12, 31))]),
    # full dates joined by a dash: the day after the dash is not the end of a span of years («2022-23»)
    ("1 сентября 2022 - 31 мая 2023", ScheduleKind.range, None, [(D(2022, 9, 1), D(2023, 5, 31))]),
    ("15 октября 2022 — 20 декабря 2022", ScheduleKind.range, None, [(D(2022, 10, 15), D(2022, 12, 20))]),
    # school holidays: their usual weeks
    ("осенние каникулы", ScheduleKind.range, None, [(D(2022, 10, 21), D(2022, 11, 10))]),
    ("в период зимних каникул", ScheduleKind.range, None, [(D(2022, 12, 21), D(2023, 1, 10))]),
    ("летние каникулы", ScheduleKind.range, None, [(D(2023, 6, 1), D(2023, 8, 31))]),
    ("июнь-август (летние каникулы)", ScheduleKind.range, None, [(D(2023, 6, 1), D(2023, 8, 31))]),
    ("в каникулярное время", ScheduleKind.on_request, None, []),
    # every two weeks; a weekday of each month
    (
        "1 раз в 2 недели",
        ScheduleKind.recurring,
        "biweekly",
        [(D(2022, 8, 29) + timedelta(days=14 * k), D(2022, 9, 11) + timedelta(days=14 * k)) for k in range(26)],
    ),
    (
        "ежемесячно, в последнюю пятницу месяца",
        ScheduleKind.recurring,
        "monthly",
        [(day, day) for day in LAST_FRIDAYS],
    ),
    # a first deadline, then a recurrence in the periods after it
    (
        "до 15.09.2022, далее – ежемесячно",
        ScheduleKind.recurring,
        "monthly",
        [(None, D(2022, 9, 15)), *(month_bounds(2022 + (m < 9), m) for m in (10, 11, 12, *range(1, 9)))],
    ),
    (
        "до 15 сентября и далее ежеквартально",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2022, 9, 15)), *(month_bounds(y, m)[:1] + month_bounds(y, m + 2)[1:] for y, m in QUARTERS)],
    ),
    # seasons
    ("весна 2023", ScheduleKind.range, None, [(D(2023, 3, 1), D(2023, 5, 31))]),
    ("зимой", ScheduleKind.range, None, [(D(2022, 12, 1), D(2023, 2, 28))]),
    ("до лета", ScheduleKind.date, None, [(None, D(2023, 5, 31))]),
    ("согласно графику ВПР", ScheduleKind.on_request, None, []),
    (
        "до 25 числа последнего месяца квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2022, 9, 25)), (None, D(2022, 12, 25)), (None, D(2023, 3, 25)), (None, D(2023, 6, 25))],
    ),
    # counted back from a date the text names
    ("за 10 дней до начала учебного года", ScheduleKind.date, None, [(None, D(2022, 8, 22))]),
    ("за 3 рабочих дня до 1 сентября", ScheduleKind.date, None, [(None, D(2022, 8, 29))]),
    ("не позднее чем за две недели до 31 мая", ScheduleKind.date, None, [(None, D(2023, 5, 17))]),
    ("за месяц до 31 марта", ScheduleKind.date, None, [(None, D(2023, 2, 28))]),
    ("за 2-3 дня до 15 ноября", ScheduleKind.date, None, [(None, D(2022, 11, 12))]),
    (
        "за 2 недели до окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(None, D(2022, 10, 17)), (None, D(2022, 12, 17)), (None, D(2023, 3, 17)), (None, D(2023, 5, 17))],
    ),
    (
        "за неделю до начала четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(None, D(2022, 8, 25)), (None, D(2022, 10, 25)), (None, D(2022, 12, 25)), (None, D(2023, 3, 25))],
    ),
    (
        "за 5 дней до конца каждого месяца",
        ScheduleKind.recurring,
        "monthly",
        [(None, month_bounds(d.year, d.month)[1] - timedelta(days=5)) for d in (o[1] for o in by_day(1))],
    ),
    ("за неделю до проведения ВПР", ScheduleKind.on_request, None, []),
    ("Сдать отчёт за 5 дней до 1 октября", ScheduleKind.date, None, [(None, D(2022, 9, 26))]),
    ("в течение года, за неделю до каждого заседания", ScheduleKind.on_request, None, []),
    ("ежегодно за 10 дней до начала учебного года", ScheduleKind.recurring, "yearly", [(None, D(2023, 8, 22))]),
    (
        "ежемесячно за 5 дней до конца месяца",
        ScheduleKind.recurring,
        "monthly",
        [(None, month_bounds(d.year, d.month)[1] - timedelta(days=5)) for d in (o[1] for o in by_day(1))],
    ),
    (
        "1 раз в полгода",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2022, 9, 1), D(2022, 12, 31)), (D(2023, 1, 1), D(2023, 5, 31))],
    ),
    # a recurrence inside one range written with its year or days: the range is its period
    (
        "ежемесячно в период с октября 2022 по январь 2023",
        ScheduleKind.recurring,
        "monthly",
        [month_bounds(2022 + (m < 9), m) for m in (10, 11, 12, 1)],
    ),
    (
        "сентябрь 2022 – ноябрь 2022 (ежемесячно, до 5 числа)",
        ScheduleKind.recurring,
        "monthly",
        [(None, D(2022, 9, 5)), (None, D(2022, 10, 5)), (None, D(2022, 11, 5))],
    ),
    (
        "по пятницам с 01.09.2022 по 30.09.2022",
        ScheduleKind.recurring,
        "weekly",
        [(D(2022, 9, d), D(2022, 9, d)) for d in (2, 9, 16, 23, 30)],
    ),
    # counted forward from a date the text names
    ("через 10 дней после 20.09.2022", ScheduleKind.date, None, [(None, D(2022, 9, 30))]),
    ("через месяц после начала учебного года", ScheduleKind.date, None, [(None, D(2022, 10, 1))]),
    ("в течение недели после 1 сентября", ScheduleKind.range, None, [(D(2022, 9, 2), D(2022, 9, 8))]),
    (
        "в течение 5 рабочих дней после окончания каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(D(2022 + (m < 9), m, 1), D(2022 + (m < 9), m, d)) for m, d in ((11, 8), (1, 13), (4, 7), (6, 7))],
    ),
    (
        "не позднее 3 дней после окончания полугодия",
        ScheduleKind.recurring,
        "half_yearly",
        [(None, D(2023, 1, 3)), (None, D(2023, 6, 3))],
    ),
    ("в течение 2-х недель по окончании I полугодия", ScheduleKind.range, None, [(D(2023, 1, 1), D(2023, 1, 14))]),
    # «не ранее» starts; «по итогам года» beside a dated month says when, not that it repeats
    ("не ранее 1 апреля 2023", ScheduleKind.period, None, [(D(2023, 4, 1), D(2023, 8, 31))]),
    ("июнь 2023 (по итогам учебного года)", ScheduleKind.month, None, [(D(2023, 6, 1), D(2023, 6, 30))]),
    ("2022-2023", ScheduleKind.range, None, [(D(2022, 9, 1), D(2023, 8, 31))]),
    ("2022/2023", ScheduleKind.range, None, [(D(2022, 9, 1), D(2023, 8, 31))]),
    (
        "1 раз в 2 месяца",
        ScheduleKind.recurring,
        "bimonthly",
        [(D(2022 + (m < 9), m, 1), month_bounds(2022 + (m < 8), m % 12 + 1)[1]) for m in (9, 11, 1, 3, 5, 7)],
    ),
    ("до 05 числа", ScheduleKind.recurring, "monthly", by_day(5)),
    (
        "в последний рабочий день месяца",
        ScheduleKind.recurring,
        "monthly",
        [(d, d) for d in LAST_WORKDAYS_2022_2023],
    ),
    (
        "август – сентябрь 2022 г., далее постоянно",
        ScheduleKind.dates,
        None,
        [(D(2022, 8, 1), D(2022, 9, 30)), (D(2022, 10, 1), D(2023, 8, 31))],
    ),
    ("по итогам 2022 года", ScheduleKind.month, None, [month_bounds(2022, 12)]),
    ("по итогам 2022-2023 учебного года", ScheduleKind.month, None, [month_bounds(2023, 5)]),
    ("в период летней оздоровительной кампании", ScheduleKind.range, None, [(D(2023, 6, 1), D(2023, 8, 31))]),
    (
        "2022-2023, 2023-2024 учебные годы",
        ScheduleKind.dates,
        None,
        [(D(2022, 9, 1), D(2023, 8, 31)), (D(2023, 9, 1), D(2024, 8, 31))],
    ),
    ("в течение I – II четвертей", ScheduleKind.range, None, [(D(2022, 9, 1), D(2022, 12, 31))]),
    (
        "каждую четверть до 5 числа месяца, следующего за окончанием четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(None, D(2022 + (m < 9), m, 5)) for m in (11, 1, 4, 6)],
    ),
    ("первые 2 недели сентября", ScheduleKind.range, None, [(D(2022, 9, 1), D(2022, 9, 14))]),
    ("последние 5 дней мая", ScheduleKind.range, None, [(D(2023, 5, 27), D(2023, 5, 31))]),
    ("в течение 2 недель с начала учебного года", ScheduleKind.range, None, [(D(2022, 9, 1), D(2022, 9, 14))]),
    # a year written before its months, as a table row
    (
        "2022 г. – сентябрь, октябрь; 2023 г. – май",
        ScheduleKind.dates,
        None,
        [month_bounds(2022, 9), month_bounds(2022, 10), month_bounds(2023, 5)],
    ),
    ("сентябрь 2022 – май 2023", ScheduleKind.range, None, [(D(2022, 9, 1), D(2023, 5, 31))]),
    # a time counted from an event: no date to be due by
    ("через 2 недели после проведения ВПР", ScheduleKind.on_request, None, []),
    ("после получения результатов ВПР", ScheduleKind.on_request, None, []),
    ("по завершении ВПР", ScheduleKind.on_request, None, []),
    ("со дня подписания приказа", ScheduleKind.on_request, None, []),
    ("в двухнедельный срок после проведения диагностики", ScheduleKind.on_request, None, []),
    ("в 10-дневный срок", ScheduleKind.on_request, None, []),
    ("в течение 10 рабочих дней после получения результатов ВПР", ScheduleKind.on_request, None, []),
    ("не позднее 3 дней до начала мероприятия", ScheduleKind.on_request, None, []),
    ("в течение месяца после утверждения программы", ScheduleKind.on_request, None, []),
    # round 3: durations and set terms with no date, named days, stages after their month, lists in order
    ("в течение 30 календарных дней", ScheduleKind.on_request, None, []),
    ("в течение месяца", ScheduleKind.on_request, None, []),
    ("в срок, установленный Рособрнадзором", ScheduleKind.on_request, None, []),
    ("в установленные сроки", ScheduleKind.on_request, None, []),
    ("в период проведения ВПР", ScheduleKind.on_request, None, []),
    ("ко Дню учителя", ScheduleKind.date, None, [(None, D(2022, 10, 5))]),
    ("накануне Дня знаний", ScheduleKind.date, None, [(None, D(2023, 8, 31))]),  # the school year's August
    ("ко Дню Победы 2023 г.", ScheduleKind.date, None, [(None, D(2023, 5, 9))]),
    (
        "12 и 13 ноября 2022 г.",
        ScheduleKind.dates,
        None,
        [(D(2022, 11, 12), D(2022, 11, 12)), (D(2022, 11, 13), D(2022, 11, 13))],
    ),
    ("15.10.-15.11.2022", ScheduleKind.range, None, [(D(2022, 10, 15), D(2022, 11, 15))]),
    ("к началу 2023-2024 учебного года", ScheduleKind.date, None, [(None, D(2023, 8, 31))]),
    ("до начала 2023/2024 уч. года", ScheduleKind.date, None, [(None, D(2023, 8, 31))]),
    ("до 31 мая 2023 г. (итоговый отчет)", ScheduleKind.date, None, [(None, D(2023, 5, 31))]),
    ("до 2023 года", ScheduleKind.date, None, [(None, D(2022, 12, 31))]),
    (
        "I этап: 01.09.2022-30.09.2022; II этап: 01.10.2022-30.04.2023; III этап: май 2023",
        ScheduleKind.staged,
        None,
        [
            (D(2022, 9, 1), D(2022, 9, 30), Stage.entry),
            (D(2022, 10, 1), D(2023, 4, 30), Stage.interim),
            (D(2023, 5, 1), D(2023, 5, 31), Stage.final),
        ],
    ),
    (
        "Сентябрь – входная диагностика; Май – итоговая диагностика",
        ScheduleKind.staged,
        None,
        [(D(2022, 9, 1), D(2022, 9, 30), Stage.entry), (D(2023, 5, 1), D(2023, 5, 31), Stage.final)],
    ),
    (
        "2 раза в год (декабрь, май)",
        ScheduleKind.recurring,
        "twice_a_year",
        [month_bounds(2022, 12), month_bounds(2023, 5)],
    ),
    (
        "ежемесячно с 01.03.2023",
        ScheduleKind.recurring,
        "monthly",
        [month_bounds(2023, m) for m in range(3, 9)],
    ),
    ("абракадабра", ScheduleKind.unparsed, None, []),
    ("   ", ScheduleKind.unparsed, None, []),
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS, ids=[f[0] or "blank" for f in FORMS])
def test_forms(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    schedule = parse_schedule(text, SCHOOL_YEAR)
    assert schedule.text == text
    assert schedule.kind == kind, schedule.summary
    assert schedule.recurrence == recurrence
    got = [(o.start, o.due, o.stage) if o.stage else (o.start, o.due) for o in schedule.occurrences]
    assert got == expected
    assert schedule.summary
    assert all(o.label for o in schedule.occurrences)


def test_every_form_is_in_the_table() -> None:
    """At least every form domain.md lists (28) and a dozen more from the seeds."""
    assert len(FORMS) >= 28 + 12


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("Ежегодно, май, сентябрь", "ежегодно в мае и сентябре"),
        ("Ежегодно, октябрь-март", "ежегодно с октября по март"),
        ("до 20 мая 2020", "до 20.05.2020"),
        ("до января 2021 года", "до января 2021"),
        ("Сентябрь", "сентябрь 2022"),
        ("Июнь – июль 2022 г.", "июнь – июль 2022"),
        ("не менее 2 раз в год", "не менее 2 раз в год"),
        ("1 раз в три года", "1 раз в 3 года"),
        (
            "март 2021 г. (входной), сентябрь 2021 г. (промежуточный)",
            "март 2021 (входной), сентябрь 2021 (промежуточный)",
        ),
        ("", "не разобрано"),
        ("ежегодно, до 15 ноября", "ежегодно до 15 ноября"),
        ("не позднее 10 числа каждого месяца", "ежемесячно, до 10 числа"),
        ("не реже 1 раза в полугодие", "не реже 1 раза в полугодие"),
        ("не реже двух раз в полугодие", "не реже 2 раз в полугодие"),
        ("не реже, чем 1 раз в месяц", "не реже 1 раза в месяц"),
        ("не реже 1-го раза в год", "не реже 1 раза в год"),
        ("не менее чем 3 раза в год", "не менее 3 раз в год"),
        ("2-е полугодие", "II полугодие 2022-2023 уч. г."),
        ("до конца 1 полугодия", "до конца I полугодия 2022-2023 уч. г."),
        ("ежегодно во II полугодии", "ежегодно: II полугодие"),
        ("окт.–нояб. 2023", "октябрь – ноябрь 2023"),
        ("до окончания учебного года", "до 31.05.2023 (конец учебного года — конец мая)"),
        ("до конца уч. года (в целом)", "до 31.08.2023 (учебный год в целом — до 31 августа)"),
        ("к началу нового учебного года", "до 31.08.2023 (до начала нового учебного года — 31 августа)"),
        (
            "ежеквартально, до 5 числа месяца, следующего за отчетным кварталом",
            "ежеквартально, до 5 числа месяца, следующего за кварталом",
        ),
        ("ежеквартально до 25 числа", "ежеквартально, до 25 числа последнего месяца квартала"),
        ("не позднее 5-го числа месяца, следующего за отчетным", "ежемесячно, до 5 числа следующего месяца"),
        ("еженедельно по пятницам", "еженедельно по пятницам"),
        ("по средам и пятницам", "еженедельно по средам и пятницам"),
        ("Еженедельно, в понедельник", "еженедельно по понедельникам"),
        ("первая неделя сентября", "01.09.2022 – 07.09.2022"),
        ("во вторую среду каждого месяца", "ежемесячно, во вторую среду месяца"),
        ("первое воскресенье месяца", "ежемесячно, в первое воскресенье месяца"),
        (
            "осенние каникулы",
            "21.10.2022 – 10.11.2022 (осенние каникулы — обычные сроки, точные даты по календарному графику школы)",
        ),
        (
            "В течение 10 рабочих дней после получения результатов ВПР.",
            "без фиксированного срока: В течение 10 рабочих дней после получения результатов ВПР",
        ),
    ],
)
def test_summaries(text: str, summary: str) -> None:
    assert parse_schedule(text, SCHOOL_YEAR).summary == summary


def test_labels_are_russian() -> None:
    assert [o.label for o in parse_schedule("в срок до 20 мая 2020 года").occurrences] == ["до 20.05.2020"]
    assert [o.label for o in parse_schedule("Сентябрь", "2022-2023").occurrences] == ["сентябрь 2022"]


@pytest.mark.parametrize(
    ("school_year", "month", "expected"),
    [
        ("2022-2023", "Сентябрь", date(2022, 9, 1)),
        ("2022-2023", "декабрь", date(2022, 12, 1)),
        ("2022-2023", "Январь", date(2023, 1, 1)),
        ("2022/2023", "август", date(2023, 8, 1)),
        ("2020-21", "мая", date(2021, 5, 1)),
    ],
)
def test_bare_month_takes_its_year_from_the_school_year(school_year: str, month: str, expected: date) -> None:
    schedule = parse_schedule(month, school_year)
    assert schedule.kind == ScheduleKind.month
    assert schedule.occurrences[0].start == expected


def test_bare_month_from_the_period_when_no_school_year() -> None:
    schedule = parse_schedule("Март", period=(date(2021, 1, 1), date(2021, 12, 31)))
    assert schedule.occurrences[0].due == date(2021, 3, 31)


def test_without_context_open_forms_keep_kind_and_summary() -> None:
    for text, kind in [("Сентябрь", ScheduleKind.month), ("Ежегодно", ScheduleKind.recurring)]:
        schedule = parse_schedule(text)
        assert schedule.kind == kind
        assert schedule.occurrences == []
        assert schedule.summary
    assert parse_schedule("В течение года").kind == ScheduleKind.period


def test_recurring_over_a_longer_period() -> None:
    period = (date(2021, 9, 1), date(2024, 8, 31))
    yearly = parse_schedule("Ежегодно, май, сентябрь", period=period)
    assert [o.due for o in yearly.occurrences] == [
        date(2021, 9, 30),
        date(2022, 5, 31),
        date(2022, 9, 30),
        date(2023, 5, 31),
        date(2023, 9, 30),
        date(2024, 5, 31),
    ]
    triennial = parse_schedule("1 раз в три года", period=period)
    assert [(o.start, o.due) for o in triennial.occurrences] == [(date(2021, 9, 1), date(2024, 5, 31))]
    assert len(parse_schedule("еженедельно", period=(date(2022, 9, 5), date(2022, 9, 25))).occurrences) == 3


def test_blank_and_none() -> None:
    for text in (None, "", "  \n"):
        schedule = parse_schedule(text)
        assert schedule.kind == ScheduleKind.unparsed
        assert schedule.text == (text or "")


def test_invalid_school_year_and_reversed_period_are_ignored() -> None:
    assert parse_schedule("Сентябрь", "2022-2024").occurrences == []
    assert parse_schedule("Ежегодно", period=(date(2023, 1, 1), date(2022, 1, 1))).occurrences == []


def test_impossible_dates_do_not_raise() -> None:
    assert parse_schedule("31.02.2022").kind == ScheduleKind.unparsed
    assert parse_schedule("30 февраля 2022").occurrences == []


def test_month_names() -> None:
    assert [month_number(w) for w in ("сентябрь", "сентября", "сентябре", "мая", "сент", "октябрьского")] == [
        9,
        9,
        9,
        5,
        9,
        None,
    ]


def test_school_year_bounds() -> None:
    assert school_year_bounds("2022/2023") == (date(2022, 9, 1), date(2023, 8, 31))
    assert school_year_bounds("2022-2024") is None
    assert school_year_bounds(None) is None


VOCABULARY = [
    "январь", "февраля", "марте", "май", "мая", "июнь", "июля", "августе", "сентябрь", "октября", "ноябрь",
    "декабре", "2020", "2021", "2022-2023", "2021-2023", "гг.", "г.", "года", "г", "уч.", "до", "с", "по", "в",
    "срок", "период", "течение", "года", "ежегодно", "ежемесячно", "полугодиям", "четверти", "раз", "раза", "в год",
    "1", "2", "3", "31", "30", "25.05.2020", "01.09.2022г.", "1.9.22", "31.02.2021", "-", "–", "—", ",", ".",
    "(", ")", "(входной)", "промежуточный", "итоговый", "по запросу", "графику", "не менее", "трех", "лет", "",
    "каждого", "начало учебного года", "конец учебного года", "еженедельно", "ежеквартально", "периодически",
    "не позднее", "9999", "0", "00.00.0000", "за", "10 дней", "рабочих дня", "2 недели", "месяц", "декада",
    "1-я", "III", "далее", "затем", "весна", "зимой", "лета", "полгода", "конец", "каждой", "окончания", "начала",
    "через", "после", "в течение", "недели", "по окончании", "по завершении", "не ранее", "двухнедельный срок",
    "10-дневный", "со дня", "по итогам", "раз в два месяца", "2022/2023", "числа", "следующего за", "первые",
    "четвертей", "полугодий", "последний рабочий день месяца", "постоянно",
]  # fmt: skip


def _check(schedule: Schedule, text: str | None) -> None:
    Schedule.model_validate(schedule.model_dump())
    assert schedule.text == (text or "")
    dues = [o.due for o in schedule.occurrences]
    assert dues == sorted(dues)
    assert all(o.start is None or o.start <= o.due for o in schedule.occurrences)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_never_raises(text: str) -> None:
    _check(_parse(text, SCHOOL_YEAR, None), text)  # the parse without its safety net
    _check(parse_schedule(text), text)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from(VOCABULARY), max_size=12).map(" ".join),
    st.sampled_from([None, "2022-2023", "2022/2023", "bad", "1999-2000"]),
    st.one_of(st.none(), st.tuples(st.dates(), st.dates())),
)
def test_vocabulary_mixes_never_raise(text: str, school_year: str | None, period: tuple[date, date] | None) -> None:
    if period is not None and (period[1] - period[0]).days > 3660:
        period = (period[0], period[0])
    _check(_parse(text, school_year, period), text)


def test_unset_period_bounds_fall_back_to_the_school_year() -> None:
    schedule = _parse("Ежегодно", SCHOOL_YEAR, (None, None))  # type: ignore[arg-type]
    assert [o.due for o in schedule.occurrences] == [date(2023, 5, 31)]


def test_a_numbered_period_without_a_year_keeps_its_reading() -> None:
    schedule = parse_schedule("2-е полугодие")
    assert schedule.occurrences == [] and schedule.summary == "II полугодие (год не определён)"


def test_numbered_periods_over_a_longer_plan() -> None:
    period = (date(2022, 9, 1), date(2024, 8, 31))
    yearly = parse_schedule("ежегодно, до конца 1 четверти", period=period)
    assert [(o.start, o.due) for o in yearly.occurrences] == [(None, date(2022, 10, 31)), (None, date(2023, 10, 31))]
    assert parse_schedule("1 четверть", period=period).occurrences[0].due == date(2022, 10, 31)


# --- warnings: a due date outside the plan's period is kept, with the reading


def test_a_date_outside_the_period_is_kept_with_a_warning() -> None:
    schedule = parse_schedule("25.05.2020", SCHOOL_YEAR)
    assert [o.due for o in schedule.occurrences] == [date(2020, 5, 25)]
    assert schedule.warnings == ["Срок «25.05.2020»: 25.05.2020 — вне периода плана 01.09.2022 – 31.08.2023"]
    assert parse_schedule("25.05.2023", SCHOOL_YEAR).warnings == []
    assert parse_schedule("25.05.2020").warnings == []  # no period, nothing to compare with
    period = (date(2023, 1, 1), date(2023, 12, 31))
    assert parse_schedule("III квартал 2024 года", period=period).warnings[0].startswith("Срок «III квартал 2024»")


DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31))
PERIODS = st.tuples(DAYS, st.integers(min_value=0, max_value=1500)).map(lambda p: (p[0], p[0] + timedelta(days=p[1])))
CLASS_TEXTS = [
    "до {day} {month} {year}", "к {day} {month}", "ежегодно, до {day} {month}", "до {day} {month}",
    "{month_short}.–{month_short2}. {year}", "{Month}, {year}", "{n} полугодие", "{roman} четверть {year} г.",
    "{roman} кв. {year} г.", "до конца {n} полугодия", "не реже {n} раза в полугодие", "до окончания учебного года",
    "не позднее {day} числа каждого месяца", "в конце {roman} четверти",
]  # fmt: skip
SHORT = ["янв", "фев", "мар", "апр", "авг", "сент", "окт", "нояб", "дек"]


@st.composite
def class_texts(draw: st.DrawFn) -> str:
    template = draw(st.sampled_from(CLASS_TEXTS))
    month = draw(st.integers(min_value=1, max_value=12))
    return template.format(
        day=draw(st.integers(min_value=1, max_value=28)),
        month=MONTHS_GENITIVE[month - 1],
        Month=MONTHS_NOMINATIVE[month - 1].capitalize(),
        month_short=draw(st.sampled_from(SHORT)),
        month_short2=draw(st.sampled_from(SHORT)),
        year=draw(st.integers(min_value=2015, max_value=2030)),
        n=draw(st.integers(min_value=1, max_value=2)),
        roman=draw(st.sampled_from(["I", "II", "III", "IV"])),
    )


@settings(max_examples=400, deadline=None)
@given(class_texts(), st.one_of(st.none(), PERIODS), st.sampled_from([None, "2022-2023", "2024/25"]))
def test_no_due_date_outside_the_period_without_a_warning(
    text: str, period: tuple[date, date] | None, school_year: str | None
) -> None:
    schedule = _parse(text, school_year, period)
    _check(schedule, text)
    effective = period or school_year_bounds(school_year)
    outside = [o for o in schedule.occurrences if effective and not effective[0] <= o.due <= effective[1]]
    assert len(schedule.warnings) == len(outside)
    assert all(f"{o.due:%d.%m.%Y}" in w for o, w in zip(outside, schedule.warnings, strict=True))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["до", "к", "не позднее", "в срок до", "ежегодно, до", "ежегодно до"]),
    st.integers(min_value=1, max_value=28),
    st.integers(min_value=1, max_value=12),
    st.one_of(st.none(), st.integers(min_value=2015, max_value=2030)),
    st.sampled_from([None, "2022-2023"]),
)
def test_a_passed_day_is_never_the_whole_month(
    by: str, day: int, month: int, year: int | None, school_year: str | None
) -> None:
    """«до 15 ноября», «к 25 мая 2024», «ежегодно, до 1 сентября»: due on that day, with no start."""
    written = f" {year} г." if year is not None and not by.startswith("ежегодно") else ""
    text = f"{by} {day} {MONTHS_GENITIVE[month - 1]}{written}"
    schedule = parse_schedule(text, school_year)
    assert schedule.kind != ScheduleKind.unparsed, text
    for occurrence in schedule.occurrences:
        assert occurrence.start is None, text
        assert (occurrence.due.day, occurrence.due.month) == (day, month), text
        if year is not None and written:
            assert occurrence.due.year == year
    if school_year is not None or written:
        assert schedule.occurrences, text


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["полугодие", "четверть", "триместр", "квартал"]),
    st.integers(min_value=1, max_value=3),
    st.sampled_from(["{n}", "{n}-е", "{roman}", "{word}"]),
)
def test_a_numbered_period_is_one_window_inside_its_school_year(noun: str, n: int, form: str) -> None:
    if noun == "полугодие":
        n = min(n, 2)
    words = ("первое", "второе", "третье")
    text = f"{form.format(n=n, roman='I' * n, word=words[n - 1])} {noun}"
    schedule = parse_schedule(text, SCHOOL_YEAR)
    assert schedule.kind == ScheduleKind.range, text
    [occurrence] = schedule.occurrences
    assert occurrence.start is not None and occurrence.start <= occurrence.due
    if noun != "квартал":
        assert date(2022, 9, 1) <= occurrence.start and occurrence.due <= date(2023, 5, 31), text


def test_a_report_on_a_quarter_is_labelled_with_the_quarter() -> None:
    schedule = parse_schedule("ежеквартально, до 5 числа месяца, следующего за отчетным кварталом", SCHOOL_YEAR)
    assert schedule.occurrences[0].label == "до 05.10.2022 (за III квартал 2022)"


@pytest.mark.parametrize(
    ("text", "weekdays"),
    [
        ("еженедельно по пятницам", {4}),
        ("каждую среду", {2}),
        ("по вторникам и четвергам", {1, 3}),
        ("еженедельно, в понедельник", {0}),
        ("еженедельно (понедельник, среда)", {0, 2}),
    ],
)
def test_a_weekly_text_naming_days_is_due_on_each_of_them(text: str, weekdays: set[int]) -> None:
    schedule = parse_schedule(text, SCHOOL_YEAR)
    start, end = school_year_bounds(SCHOOL_YEAR) or (D(1, 1, 1), D(1, 1, 1))
    days = [start + timedelta(days=k) for k in range((end - start).days + 1)]
    assert schedule.kind == ScheduleKind.recurring and schedule.recurrence == "weekly"
    assert [o.due for o in schedule.occurrences] == [d for d in days if d.weekday() in weekdays]
    assert all(o.start == o.due for o in schedule.occurrences)
    names = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
    assert all(o.label == f"{o.due:%d.%m.%Y} ({names[o.due.weekday()]})" for o in schedule.occurrences)


@pytest.mark.parametrize(
    "text", ["в пятницу", "в среднем 2 раза в год", "в среду, 14 сентября", "еженедельно: образовательная среда"]
)
def test_a_day_of_the_week_alone_is_not_a_weekly_deadline(text: str) -> None:
    schedule = parse_schedule(text, SCHOOL_YEAR)
    assert schedule.recurrence != "weekly" or all(o.due.weekday() == 6 for o in schedule.occurrences)


def test_months_listed_run_on_in_time_over_a_calendar_period() -> None:
    """«сентябрь, декабрь, март, май» in a plan of calendar years: March follows December, in the next year."""
    schedule = parse_schedule("сентябрь, декабрь, март, май", period=(date(2024, 1, 1), date(2026, 12, 31)))
    assert [o.due for o in schedule.occurrences] == [
        date(2024, 9, 30),
        date(2024, 12, 31),
        date(2025, 3, 31),
        date(2025, 5, 31),
    ]


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("ко Дню учителя", "до 05.10.2022 (День учителя — 5 октября)"),
        ("с 2022 года", "с 2022 года"),
        ("до 2023 года", "до 2023 года"),
        ("2 раза в год (декабрь, май)", "2 раза в год в декабре и мае"),
        ("ежемесячно с 01.03.2023", "ежемесячно (с 01.03.2023)"),
        ("по мере поступления запросов", "без фиксированного срока: по мере поступления запросов"),
    ],
)
def test_round_3_summaries(text: str, summary: str) -> None:
    assert parse_schedule(text, SCHOOL_YEAR).summary == summary
