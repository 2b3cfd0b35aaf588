"""Deadline texts, round 18: one day written for several months («до 25 декабря, мая»: 25 December and 25 May), months
said in the order written and read from their abbreviations («янв., апр., июль, окт.»; «фев., май, авг., ноя.» has the
August of the school year, not the one before it), the names of a list's parts kept («сентябрь – входная диагностика;
анализ – в течение …; отчет – до 20.12»: which deadline is the report), working days by the Russian production
calendar (1–8 January, 1 and 9 May, 4 November and the days the yearly decree moves are days off; Saturday 28 December
2024 was worked), holidays named in brackets after «в каникулярное время», a time from a day on counting that day
(«в течение 10 дней с 01.09.2024»: 1–10 September), the New Year counted from 1 January, a yearly part beside a
one-off date recurring alone, a yearly recurrence over a span of years written with its months; and the wordings
methodists write, read to the day in a plan of a school year, of a calendar year and of two school years."""

from __future__ import annotations

import re
from datetime import date

import pytest

from services.roadmap.schedules.parser import ScheduleKind, Stage
from services.roadmap.schedules.parser.months import is_working_day
from tests.roadmap.test_schedule_texts_more import D
from tests.roadmap.test_schedule_texts_more_15 import CAL, PLANS, SY, TWO, UNREADABLE, Labelled, Plan, labelled, read

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

# (text, plan, kind, [(start, due, label)] of every occurrence, summary)
READINGS: list[tuple[str, Plan, ScheduleKind, Labelled, str]] = [
    # --- one day for several months: each month is due that day
    (
        "до 25 декабря, мая",
        SY,
        ScheduleKind.dates,
        [(None, D(2024, 12, 25), "до 25.12.2024"), (None, D(2025, 5, 25), "до 25.05.2025")],
        "до 25.12.2024, до 25.05.2025",
    ),
    (
        "до 25 декабря, мая",
        CAL,
        ScheduleKind.dates,
        [(None, D(2025, 5, 25), "до 25.05.2025"), (None, D(2025, 12, 25), "до 25.12.2025")],
        "до 25.12.2025, до 25.05.2025",
    ),
    (
        "до 25 декабря, мая",
        TWO,
        ScheduleKind.dates,
        [(None, D(2024, 12, 25), "до 25.12.2024"), (None, D(2025, 5, 25), "до 25.05.2025")],
        "до 25.12.2024, до 25.05.2025",
    ),
    (
        "к 20 декабря и марта",
        SY,
        ScheduleKind.dates,
        [(None, D(2024, 12, 20), "до 20.12.2024"), (None, D(2025, 3, 20), "до 20.03.2025")],
        "до 20.12.2024, до 20.03.2025",
    ),
    (
        "до 5 октября, января, апреля",
        SY,
        ScheduleKind.dates,
        [
            (None, D(2024, 10, 5), "до 05.10.2024"),
            (None, D(2025, 1, 5), "до 05.01.2025"),
            (None, D(2025, 4, 5), "до 05.04.2025"),
        ],
        "до 05.10.2024, до 05.01.2025, до 05.04.2025",
    ),
    (
        # a month shorter than the day: its last day, not an impossible 31 April
        "до 31 декабря, апреля",
        SY,
        ScheduleKind.dates,
        [(None, D(2024, 12, 31), "до 31.12.2024"), (None, D(2025, 4, 30), "до 30.04.2025")],
        "до 31.12.2024, до 30.04.2025",
    ),
    (
        # a month in the nominative after the day is the whole month, as written
        "до 25 декабря - май",
        SY,
        ScheduleKind.dates,
        [(None, D(2024, 12, 25), "до 25.12.2024"), (D(2025, 5, 1), D(2025, 5, 31), "май 2025")],
        "до 25.12.2024, май 2025",
    ),
    # --- months abbreviated: said in the order written, each spelled out
    (
        "янв., апр., июль, окт.",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 10, 1), D(2024, 10, 31), "октябрь 2024"),
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 4, 1), D(2025, 4, 30), "апрель 2025"),
            (D(2025, 7, 1), D(2025, 7, 31), "июль 2025"),
        ],
        "январь 2025, апрель 2025, июль 2025, октябрь 2024",
    ),
    (
        "янв., апр., июль, окт.",
        CAL,
        ScheduleKind.dates,
        [
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 4, 1), D(2025, 4, 30), "апрель 2025"),
            (D(2025, 7, 1), D(2025, 7, 31), "июль 2025"),
            (D(2025, 10, 1), D(2025, 10, 31), "октябрь 2025"),
        ],
        "январь 2025, апрель 2025, июль 2025, октябрь 2025",
    ),
    (
        "окт., янв., апр., июль",
        CAL,
        ScheduleKind.dates,
        [
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 4, 1), D(2025, 4, 30), "апрель 2025"),
            (D(2025, 7, 1), D(2025, 7, 31), "июль 2025"),
            (D(2025, 10, 1), D(2025, 10, 31), "октябрь 2025"),
        ],
        "октябрь 2025, январь 2025, апрель 2025, июль 2025",
    ),
    (
        # August after May of the same school year is its August (inside the plan), not the one before September 2024
        "фев., май, авг., ноя.",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 11, 1), D(2024, 11, 30), "ноябрь 2024"),
            (D(2025, 2, 1), D(2025, 2, 28), "февраль 2025"),
            (D(2025, 5, 1), D(2025, 5, 31), "май 2025"),
            (D(2025, 8, 1), D(2025, 8, 31), "август 2025"),
        ],
        "февраль 2025, май 2025, август 2025, ноябрь 2024",
    ),
    (
        # «август – сентябрь» still leads into the school year
        "май, август – сентябрь",
        SY,
        ScheduleKind.dates,
        [(D(2024, 8, 1), D(2024, 9, 30), "август – сентябрь 2024"), (D(2025, 5, 1), D(2025, 5, 31), "май 2025")],
        "май 2025, август – сентябрь 2024",
    ),
    # --- the parts of a list keep their names
    (
        "сентябрь – входная диагностика; анализ – в течение 10 дней после получения результатов; отчет – до 20.12",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 9, 1), D(2024, 9, 30), "входная диагностика: сентябрь 2024"),
            (None, D(2024, 12, 20), "отчет: до 20.12.2024"),
        ],
        "сентябрь 2024 – входная диагностика; анализ – в течение 10 дней после получения результатов; "
        "отчет – до 20.12.2024",
    ),
    (
        "сентябрь – входная диагностика; анализ – в течение 10 дней после получения результатов; отчет – до 20.12",
        CAL,
        ScheduleKind.dates,
        [
            (D(2025, 9, 1), D(2025, 9, 30), "входная диагностика: сентябрь 2025"),
            (None, D(2025, 12, 20), "отчет: до 20.12.2025"),
        ],
        "сентябрь 2025 – входная диагностика; анализ – в течение 10 дней после получения результатов; "
        "отчет – до 20.12.2025",
    ),
    (
        "Сентябрь – входная диагностика;\nАнализ – в течение 10 дней после получения результатов;\nОтчет – до 20.12",
        TWO,
        ScheduleKind.dates,
        [
            (D(2024, 9, 1), D(2024, 9, 30), "входная диагностика: сентябрь 2024"),
            (None, D(2024, 12, 20), "отчет: до 20.12.2024"),
        ],
        "сентябрь 2024 – входная диагностика; анализ – в течение 10 дней после получения результатов; "
        "отчет – до 20.12.2024",
    ),
    (
        "анализ – до 15.10.2024; отчет – до 20.12.2024",
        SY,
        ScheduleKind.dates,
        [(None, D(2024, 10, 15), "анализ: до 15.10.2024"), (None, D(2024, 12, 20), "отчет: до 20.12.2024")],
        "анализ – до 15.10.2024; отчет – до 20.12.2024",
    ),
    (
        "ВПР – апрель; анализ – май",
        SY,
        ScheduleKind.dates,
        [(D(2025, 4, 1), D(2025, 4, 30), "ВПР: апрель 2025"), (D(2025, 5, 1), D(2025, 5, 31), "анализ: май 2025")],
        "ВПР – апрель 2025; анализ – май 2025",
    ),
    (
        "в течение года, итоговый отчет – май",
        SY,
        ScheduleKind.dates,
        [
            (D(2025, 5, 1), D(2025, 5, 31), "итоговый отчет: май 2025"),
            (D(2024, 9, 1), D(2025, 8, 31), "01.09.2024 – 31.08.2025"),
        ],
        "в течение 2024-2025 уч. г.; итоговый отчет – май 2025",
    ),
    (
        # a colon after the name is said as written
        "Дата проведения: 20.12.2024; отчет: до 25.12.2024",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 12, 20), D(2024, 12, 20), "дата проведения: 20.12.2024"),
            (None, D(2024, 12, 25), "отчет: до 25.12.2024"),
        ],
        "дата проведения: 20.12.2024; отчет: до 25.12.2024",
    ),
    (
        # no space around the colons and the semicolon; a time of day is no name
        "отчет:до 20.12;анализ:май",
        SY,
        ScheduleKind.dates,
        [(None, D(2024, 12, 20), "отчет: до 20.12.2024"), (D(2025, 5, 1), D(2025, 5, 31), "анализ: май 2025")],
        "отчет: до 20.12.2024; анализ: май 2025",
    ),
    (
        "до 15:00 20.12.2024; отчет – май",
        SY,
        ScheduleKind.dates,
        [(None, D(2024, 12, 20), "до 20.12.2024"), (D(2025, 5, 1), D(2025, 5, 31), "отчет: май 2025")],
        "до 20.12.2024; отчет – май 2025",
    ),
    (
        # a name in a list of commas heads the months after it; an aside in brackets stays in the name
        "ВПР (4-8 классы) – апрель; итоговое сочинение – декабрь, февраль, май",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 12, 1), D(2024, 12, 31), "итоговое сочинение: декабрь 2024"),
            (D(2025, 2, 1), D(2025, 2, 28), "итоговое сочинение: февраль 2025"),
            (D(2025, 4, 1), D(2025, 4, 30), "ВПР (4-8 классы): апрель 2025"),
            (D(2025, 5, 1), D(2025, 5, 31), "итоговое сочинение: май 2025"),
        ],
        "ВПР (4-8 классы) – апрель 2025; итоговое сочинение – декабрь 2024, февраль 2025, май 2025",
    ),
    (
        # a name after the last month of a list of commas is that of all of them: nothing is split off
        "сентябрь, декабрь, май – мониторинг",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024"),
            (D(2024, 12, 1), D(2024, 12, 31), "декабрь 2024"),
            (D(2025, 5, 1), D(2025, 5, 31), "май 2025"),
        ],
        "сентябрь 2024, декабрь 2024, май 2025",
    ),
    # --- working days by the production calendar
    (
        "не позднее 3 рабочих дней после 30.12.2024",
        SY,
        ScheduleKind.date,
        [(None, D(2025, 1, 13), "до 13.01.2025 (не позднее 3 рабочих дней после 30.12.2024)")],
        "до 13.01.2025 (не позднее 3 рабочих дней после 30.12.2024)",
    ),
    (
        "в течение 5 рабочих дней после 30.04.2025",
        SY,
        ScheduleKind.range,
        [(D(2025, 5, 1), D(2025, 5, 13), "01.05.2025 – 13.05.2025 (после 30.04.2025)")],
        "01.05.2025 – 13.05.2025 (после 30.04.2025)",
    ),
    (
        "за 2 рабочих дня до 10.01.2025",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 12, 28), "до 28.12.2024 (за 2 рабочих дня до 10.01.2025)")],
        "до 28.12.2024 (за 2 рабочих дня до 10.01.2025)",
    ),
    (
        "в течение 10 рабочих дней после окончания I полугодия",
        SY,
        ScheduleKind.range,
        [(D(2025, 1, 1), D(2025, 1, 22), "01.01.2025 – 22.01.2025 (после 31.12.2024)")],
        "01.01.2025 – 22.01.2025 (после 31.12.2024)",
    ),
    (
        "в первый рабочий день января",
        SY,
        ScheduleKind.date,
        [(D(2025, 1, 9), D(2025, 1, 9), "09.01.2025")],
        "09.01.2025",
    ),
    (
        "в последний рабочий день декабря",
        SY,
        ScheduleKind.date,
        [(D(2024, 12, 28), D(2024, 12, 28), "28.12.2024")],
        "28.12.2024",
    ),
    # --- holidays named in brackets after «в каникулярное время»: those holidays, not the seasons
    (
        "в каникулярное время (осенние, весенние)",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 10, 21), D(2024, 11, 10), "21.10.2024 – 10.11.2024"),
            (D(2025, 3, 21), D(2025, 4, 10), "21.03.2025 – 10.04.2025"),
        ],
        "21.10.2024 – 10.11.2024, 21.03.2025 – 10.04.2025 (осенние, весенние каникулы — обычные сроки, точные даты по "
        "календарному графику школы)",
    ),
    (
        "в каникулярный период (осенние, зимние, весенние каникулы)",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 10, 21), D(2024, 11, 10), "21.10.2024 – 10.11.2024"),
            (D(2024, 12, 21), D(2025, 1, 10), "21.12.2024 – 10.01.2025"),
            (D(2025, 3, 21), D(2025, 4, 10), "21.03.2025 – 10.04.2025"),
        ],
        "21.10.2024 – 10.11.2024, 21.12.2024 – 10.01.2025, 21.03.2025 – 10.04.2025 (осенние, зимние, весенние "
        "каникулы — обычные сроки, точные даты по календарному графику школы)",
    ),
    (
        "в каникулярное время",
        SY,
        ScheduleKind.on_request,
        [],
        "без фиксированного срока: в каникулярное время",
    ),
    # --- a time from a day on counts that day as its first
    (
        "в течение 10 дней с 01.09.2024",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2024, 9, 10), "01.09.2024 – 10.09.2024 (с 01.09.2024)")],
        "01.09.2024 – 10.09.2024 (с 01.09.2024)",
    ),
    (
        "в течение недели с 14.10.2024",
        SY,
        ScheduleKind.range,
        [(D(2024, 10, 14), D(2024, 10, 20), "14.10.2024 – 20.10.2024 (с 14.10.2024)")],
        "14.10.2024 – 20.10.2024 (с 14.10.2024)",
    ),
    (
        "в течение 5 рабочих дней с 02.09.2024",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 2), D(2024, 9, 6), "02.09.2024 – 06.09.2024 (с 02.09.2024)")],
        "02.09.2024 – 06.09.2024 (с 02.09.2024)",
    ),
    (
        "в течение месяца с 15.09.2024",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 15), D(2024, 10, 14), "15.09.2024 – 14.10.2024 (с 15.09.2024)")],
        "15.09.2024 – 14.10.2024 (с 15.09.2024)",
    ),
    # --- a yearly recurrence over a span of years written with its months: those months of each year
    (
        "ежегодно (октябрь 2024 – март 2026)",
        TWO,
        ScheduleKind.recurring,
        [
            (D(2024, 10, 1), D(2025, 3, 31), "октябрь 2024 – март 2025"),
            (D(2025, 10, 1), D(2026, 3, 31), "октябрь 2025 – март 2026"),
        ],
        "ежегодно с октября по март (октябрь 2024 – март 2026)",
    ),
    (
        "ежегодно (2024-2026 уч. гг.)",
        TWO,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2025, 5, 31), "2024-2025 уч. г."),
            (D(2025, 9, 1), D(2026, 5, 31), "2025-2026 уч. г."),
        ],
        "ежегодно",
    ),
    # --- the New Year and other holidays
    (
        # counted back from 1 January itself, not from the 31 December «до Нового года» is due by
        "за неделю до Нового года",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 12, 25), "до 25.12.2024 (за неделю до 01.01.2025)")],
        "до 25.12.2024 (за неделю до 01.01.2025)",
    ),
    (
        "за неделю до Нового года",
        CAL,
        ScheduleKind.date,
        [(None, D(2025, 12, 25), "до 25.12.2025 (за неделю до 01.01.2026)")],
        "до 25.12.2025 (за неделю до 01.01.2026)",
    ),
    (
        # 31 and 30 December 2024 were days off, Saturday 28 December worked
        "за 3 рабочих дня до новогодних праздников",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 12, 26), "до 26.12.2024 (за 3 рабочих дня до 01.01.2025)")],
        "до 26.12.2024 (за 3 рабочих дня до 01.01.2025)",
    ),
    (
        "в неделю перед Новым годом",
        CAL,
        ScheduleKind.range,
        [(D(2025, 12, 25), D(2025, 12, 31), "25.12.2025 – 31.12.2025")],
        "25.12.2025 – 31.12.2025 (Новый год — 1 января)",
    ),
    ("после Нового года", SY, ScheduleKind.on_request, [], "без фиксированного срока: после каникул"),
    ("в праздничные дни", SY, ScheduleKind.on_request, [], "без фиксированного срока: в праздничные дни"),
    (
        "к Новому году",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 12, 31), "до 31.12.2024")],
        "до 31.12.2024 (Новый год — 1 января)",
    ),
    # --- wordings of regional roadmaps, to the day
    (
        "декабрь 2024 – январь 2025",
        SY,
        ScheduleKind.range,
        [(D(2024, 12, 1), D(2025, 1, 31), "декабрь 2024 – январь 2025")],
        "декабрь 2024 – январь 2025",
    ),
    (
        "дек.–янв.",
        SY,
        ScheduleKind.range,
        [(D(2024, 12, 1), D(2025, 1, 31), "декабрь 2024 – январь 2025")],
        "декабрь 2024 – январь 2025",
    ),
    (
        "с 20 декабря по 10 января",
        SY,
        ScheduleKind.range,
        [(D(2024, 12, 20), D(2025, 1, 10), "20.12.2024 – 10.01.2025")],
        "20.12.2024 – 10.01.2025",
    ),
    (
        "до конца уч. года",
        SY,
        ScheduleKind.date,
        [(None, D(2025, 5, 31), "до 31.05.2025")],
        "до 31.05.2025 (конец учебного года — конец мая)",
    ),
    (
        "ежеквартально, до 5 числа месяца, следующего за отчётным",
        SY,
        ScheduleKind.recurring,
        [
            (None, D(2024, 10, 5), "до 05.10.2024 (за III квартал 2024)"),
            (None, D(2025, 1, 5), "до 05.01.2025 (за IV квартал 2024)"),
            (None, D(2025, 4, 5), "до 05.04.2025 (за I квартал 2025)"),
            (None, D(2025, 7, 5), "до 05.07.2025 (за II квартал 2025)"),
        ],
        "ежеквартально, до 5 числа месяца, следующего за кварталом",
    ),
    (
        "20.12.24 г.",
        SY,
        ScheduleKind.date,
        [(D(2024, 12, 20), D(2024, 12, 20), "20.12.2024")],
        "20.12.2024",
    ),
    ("к 20 дек. 2024 г.", SY, ScheduleKind.date, [(None, D(2024, 12, 20), "до 20.12.2024")], "до 20.12.2024"),
    ("к 1 сентября", CAL, ScheduleKind.date, [(None, D(2025, 9, 1), "до 01.09.2025")], "до 01.09.2025"),
    (
        "в течение года по отдельному плану",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2025, 8, 31), "01.09.2024 – 31.08.2025")],
        "в течение 2024-2025 уч. г.",
    ),
    ("по графику ОО", SY, ScheduleKind.on_request, [], "без фиксированного срока: по отдельному графику"),
    (
        "не позднее 3 рабочих дней",
        SY,
        ScheduleKind.on_request,
        [],
        "без фиксированного срока: не позднее 3 рабочих дней",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("text", "plan", "kind", "expected", "summary"), READINGS)
def test_reading(text: str, plan: Plan, kind: ScheduleKind, expected: Labelled, summary: str) -> None:
    schedule = read(text, plan)
    assert (schedule.kind, schedule.summary) == (kind, summary)
    assert labelled(schedule) == expected
    assert schedule.text == text


# --- working days: the production calendar of the Russian Federation, day by day

DAYS_OFF = [
    *(D(2025, 1, d) for d in range(1, 9)),  # New Year holidays and Christmas
    D(2024, 11, 4),  # Day of National Unity
    D(2024, 12, 30),  # moved from Saturday 28 December
    D(2024, 12, 31),  # moved from Sunday 7 January
    D(2025, 5, 1),
    D(2025, 5, 2),  # moved from Saturday 4 January
    D(2025, 5, 8),  # moved from Saturday 8 March
    D(2025, 5, 9),
    D(2025, 6, 12),
    D(2025, 6, 13),  # moved from Sunday 23 February
    D(2025, 11, 3),  # moved from Saturday 1 November
    D(2025, 11, 4),
    D(2026, 1, 9),  # moved from Saturday 3 January
    D(2027, 5, 3),  # a later year: 1 May on a Saturday moves to the Monday after it
]
WORKING_DAYS = [
    D(2024, 11, 2),  # a Saturday worked (for Tuesday 30 April)
    D(2024, 12, 28),  # a Saturday worked
    D(2025, 1, 9),  # the first working day of 2025
    D(2025, 2, 24),  # 23 February 2025 (a Sunday) was moved to 13 June, not to this Monday
    D(2025, 11, 1),  # a Saturday worked
    D(2025, 12, 30),
]


@pytest.mark.parametrize("day", DAYS_OFF, ids=str)
def test_a_day_off(day: date) -> None:
    assert not is_working_day(day)


@pytest.mark.parametrize("day", WORKING_DAYS, ids=str)
def test_a_working_day(day: date) -> None:
    assert is_working_day(day)


def test_offsets_from_each_term_skip_the_new_year_holidays() -> None:
    """3 working days after the II term (31 December) end on 13 January, not on 3 January (a day off)."""
    schedule = read("не позднее 3 рабочих дней после окончания четверти", SY)
    assert [o.due for o in schedule.occurrences] == [D(2024, 11, 5), D(2025, 1, 13), D(2025, 4, 3), D(2025, 6, 4)]


def test_the_first_working_day_of_each_month_follows_the_holidays() -> None:
    dues = [o.due for o in read("в первый рабочий день месяца", SY).occurrences]
    assert D(2025, 1, 9) in dues and D(2025, 5, 5) in dues
    assert all(is_working_day(due) for due in dues)


def test_the_last_working_day_of_december_2024_is_its_saturday_worked() -> None:
    dues = [o.due for o in read("в последний рабочий день месяца", SY).occurrences]
    assert D(2024, 12, 28) in dues and D(2024, 12, 31) not in dues
    assert all(is_working_day(due) for due in dues)


# --- a list's parts keep their names; stages keep theirs


def test_a_recurrence_beside_a_dated_part_names_each() -> None:
    schedule = read("до 01.10.2024 – приказ; ежемесячно – мониторинг", SY)
    assert schedule.summary == "до 01.10.2024 – приказ; ежемесячно – мониторинг"
    labels = [o.label for o in schedule.occurrences]
    assert "приказ: до 01.10.2024" in labels
    assert labels.count("приказ: до 01.10.2024") == 1
    assert sum(label.startswith("мониторинг: ") for label in labels) == 12


def test_an_offset_from_each_term_beside_a_named_report() -> None:
    schedule = read("в течение 10 дней после окончания четверти; отчет – до 20.12.2024", SY)
    assert schedule.summary == "в течение 10 дней после окончания каждой четверти; отчет – до 20.12.2024"
    assert [o.label for o in schedule.occurrences if o.start is None] == ["отчет: до 20.12.2024"]


def test_stages_are_said_as_stages_not_as_names() -> None:
    schedule = read("сентябрь – входная диагностика, декабрь – промежуточная, май – итоговая", SY)
    assert schedule.summary == "сентябрь 2024 (входная), декабрь 2024 (промежуточная), май 2025 (итоговая)"
    assert [o.stage for o in schedule.occurrences] == [Stage.entry, Stage.interim, Stage.final]
    assert [o.label for o in schedule.occurrences] == ["сентябрь 2024", "декабрь 2024", "май 2025"]


def test_a_named_part_beside_stages_keeps_its_name() -> None:
    """The stages said as stages, the report with its name: «…; отчет – до 15.06.2025»."""
    schedule = read("сентябрь – входная диагностика, май – итоговая; отчет – до 15.06", SY)
    assert schedule.kind == ScheduleKind.staged
    assert schedule.summary == "сентябрь 2024 (входная), май 2025 (итоговая); отчет – до 15.06.2025"
    assert labelled(schedule) == [
        (D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024"),
        (D(2025, 5, 1), D(2025, 5, 31), "май 2025"),
        (None, D(2025, 6, 15), "отчет: до 15.06.2025"),
    ]
    assert [o.stage for o in schedule.occurrences] == [Stage.entry, Stage.final, None]


def test_a_yearly_part_recurs_alone_beside_a_one_off_date() -> None:
    """«приказ – до 01.09; отчет – ежегодно до 15 июня» over two school years: the order once, the report each year
    (not «ежегодно до 1 сентября» too)."""
    schedule = read("приказ – до 01.09; отчет – ежегодно до 15 июня", TWO)
    assert schedule.summary == "приказ – до 01.09.2024; отчет – ежегодно до 15 июня"
    assert labelled(schedule) == [
        (None, D(2024, 9, 1), "приказ: до 01.09.2024"),
        (None, D(2025, 6, 15), "отчет: до 15.06.2025"),
        (None, D(2026, 6, 15), "отчет: до 15.06.2026"),
    ]
    unnamed = read("до 01.09.2024; ежегодно в мае", TWO)
    assert [o.due for o in unnamed.occurrences] == [D(2024, 9, 1), D(2025, 5, 31), D(2026, 5, 31)]
    assert unnamed.summary == "до 01.09.2024; ежегодно в мае"


def test_a_bare_yearly_word_before_a_semicolon_still_dates_the_rest() -> None:
    """«ежегодно; до 15 июня» is one recurrence written in two pieces."""
    schedule = read("ежегодно; до 15 июня", TWO)
    assert (schedule.summary, [o.due for o in schedule.occurrences]) == (
        "ежегодно до 15 июня",
        [D(2025, 6, 15), D(2026, 6, 15)],
    )


def test_one_day_for_several_months_in_a_named_part() -> None:
    """The «до» of «справка – до 25 декабря, мая» is each month's, inside a list as alone."""
    schedule = read("мониторинг – ежеквартально; справка – до 25 декабря, мая", SY)
    assert schedule.summary == "мониторинг – ежеквартально; справка – до 25.12.2024, до 25.05.2025"
    named = [(o.start, o.due, o.label) for o in schedule.occurrences if o.label.startswith("справка")]
    assert named == [
        (None, D(2024, 12, 25), "справка: до 25.12.2024"),
        (None, D(2025, 5, 25), "справка: до 25.05.2025"),
    ]


def test_a_name_heads_the_dates_after_it_in_a_list_of_commas() -> None:
    schedule = read("Отчет о выполнении – до 20.12.2024, до 20.05.2025", SY)
    assert schedule.summary == "отчет о выполнении – до 20.12.2024, до 20.05.2025"
    assert [o.label for o in schedule.occurrences] == [
        "отчет о выполнении: до 20.12.2024",
        "отчет о выполнении: до 20.05.2025",
    ]


def test_a_named_part_with_no_frequency_word_recurs_beside_another_recurrence() -> None:
    """«ежемесячно; анализ – по итогам четверти»: each month and, for the analysis, each term (not the terms alone)."""
    schedule = read("ежемесячно; анализ – по итогам четверти", SY)
    assert schedule.summary == "ежемесячно; анализ – каждую четверть"
    labels = [o.label for o in schedule.occurrences]
    assert "сентябрь 2024" in labels and "май 2025" in labels
    assert [label for label in labels if label.startswith("анализ")] == [
        f"анализ: {n} четверть 2024-2025 уч. г." for n in ("I", "II", "III", "IV")
    ]
    # one recurrence written in two pieces stays one
    assert read("ежемесячно; по пятницам", SY).summary == "ежемесячно, по пятницам"


def test_a_part_whose_name_is_a_period_reported_on_is_not_split() -> None:
    """«по итогам года – до 15 января»: the words before the dash say what is reported, read as before."""
    schedule = read("ежемесячно, по итогам года – до 15 января", SY)
    assert schedule.summary == "ежемесячно; ежегодно до 15 января"
    assert not any(":" in o.label for o in schedule.occurrences)


# --- every text in every plan reads as Russian

GARBLED = {
    "a name with no time": re.compile(r"^[^:]+: $"),
    "a doubled separator": re.compile(r"– –|: :|;;"),
}
TEXTS = sorted({r[0] for r in READINGS})


@pytest.mark.parametrize("text", TEXTS)
def test_every_label_and_summary_is_readable(text: str) -> None:
    for name, plan in PLANS.items():
        schedule = read(text, plan)
        for shown in [schedule.summary, *(o.label for o in schedule.occurrences)]:
            wrong = [what for what, pattern in {**UNREADABLE, **GARBLED}.items() if pattern.search(shown)]
            assert not wrong, f"{name}: «{shown}» has {wrong}"
