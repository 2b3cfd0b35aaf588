"""Deadline texts, round 25: what round 24 left — «е/м», «е/н», «е/кв», «е/г», «е/д» (and «помесячно») are the
recurrences cut to a slash; «2024-2025 уч. г., ежемесячно» in a plan of another period says the school year it recurs
in («ежемесячно в течение 2024-2025 уч. г.»; in the plan of that school year still «ежемесячно»); a length before an
event not named («в течение 2 недель с момента», «… с», «… после») is the length alone, not a summary cut mid-phrase
nor the whole school year, and «после», «с момента» alone are unread. Then new families typed on a phone: a numbered
half-year «учебного года» in a plan by calendar years is the school's (January–May, September–December), not the
calendar one, and «по итогам I полугодия учебного года» is no report on the school year too; «май/2025» is May 2025
(not May and the year); «до 1го сентября», «к 1му сентября», «до 25го» are days as with the hyphen; a Latin «c», «k»,
«B», «co» for a Russian preposition («c 1 по 5 числа», «… c момента получения»); «каникулы (осень, весна)» are those
holidays, not the seasons; «не реже 1 раза в 2 недели» is said as written, and «по мере необходимости, но не реже …»
keeps its words beside the least. Kept as read: «в каникулярное время» with no season names no date (which holidays
is not written), a note in brackets («(по графику ГИА)») is left out of the summary, a list of months in a plan by
calendar years is said in the order written."""

from __future__ import annotations

from datetime import date

import pytest

from services.roadmap.schedules.parser import ScheduleKind
from tests.roadmap.test_schedule_texts_more import D
from tests.roadmap.test_schedule_texts_more_15 import CAL, SY, TWO, UNREADABLE, Labelled, Plan, labelled, read
from tests.roadmap.test_schedule_texts_more_22 import TEACHING_SY, WHOLE_SY, months

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

WHOLE_CAL = [(2025, m) for m in range(1, 13)]


def by_day(day: int, *pairs: tuple[int, int]) -> Labelled:
    """Due by that day of each month, as the parser labels it."""
    return [(None, D(year, month, day), f"до {day:02d}.{month:02d}.{year}") for year, month in pairs]


HOLIDAYS_NOTE = "каникулы — обычные сроки, точные даты по календарному графику школы"

# (text, plan, kind, [(start, due, label)] of every occurrence, summary)
READINGS: list[tuple[str, Plan, ScheduleKind, Labelled, str]] = [
    # 1. «е/м», «е/н», «е/кв», «е/г», «помесячно»: the recurrences cut to a slash
    ("е/м", SY, ScheduleKind.recurring, months(*WHOLE_SY), "ежемесячно"),
    ("Е/М", CAL, ScheduleKind.recurring, months(*WHOLE_CAL), "ежемесячно"),
    ("е/м, до 5 числа", CAL, ScheduleKind.recurring, by_day(5, *WHOLE_CAL), "ежемесячно, до 5 числа"),
    (
        "е/кв",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 7, 1), D(2024, 9, 30), "III квартал 2024"),
            (D(2024, 10, 1), D(2024, 12, 31), "IV квартал 2024"),
            (D(2025, 1, 1), D(2025, 3, 31), "I квартал 2025"),
            (D(2025, 4, 1), D(2025, 6, 30), "II квартал 2025"),
        ],
        "ежеквартально",
    ),
    (
        "е/кв.",
        CAL,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 3, 31), "I квартал 2025"),
            (D(2025, 4, 1), D(2025, 6, 30), "II квартал 2025"),
            (D(2025, 7, 1), D(2025, 9, 30), "III квартал 2025"),
            (D(2025, 10, 1), D(2025, 12, 31), "IV квартал 2025"),
        ],
        "ежеквартально",
    ),
    (
        "е/кв, до 10 числа",
        SY,
        ScheduleKind.recurring,
        [
            (None, D(2024, 10, 10), "до 10.10.2024 (за III квартал 2024)"),
            (None, D(2025, 1, 10), "до 10.01.2025 (за IV квартал 2024)"),
            (None, D(2025, 4, 10), "до 10.04.2025 (за I квартал 2025)"),
            (None, D(2025, 7, 10), "до 10.07.2025 (за II квартал 2025)"),
        ],
        "ежеквартально, до 10 числа месяца, следующего за кварталом",
    ),
    (
        "ежекварт.",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 7, 1), D(2024, 9, 30), "III квартал 2024"),
            (D(2024, 10, 1), D(2024, 12, 31), "IV квартал 2024"),
            (D(2025, 1, 1), D(2025, 3, 31), "I квартал 2025"),
            (D(2025, 4, 1), D(2025, 6, 30), "II квартал 2025"),
        ],
        "ежеквартально",
    ),
    ("е/г", SY, ScheduleKind.recurring, [(D(2024, 9, 1), D(2025, 5, 31), "2024-2025 уч. г.")], "ежегодно"),
    ("е/д", SY, ScheduleKind.recurring, [], "ежедневно"),
    ("помесячно", SY, ScheduleKind.recurring, months(*WHOLE_SY), "ежемесячно"),
    ("1 раз в мес.", CAL, ScheduleKind.recurring, months(*WHOLE_CAL), "ежемесячно"),
    # 2. a school year written before a recurrence, in a plan of another period, is said
    (
        "2024-2025 уч. г., ежемесячно",
        CAL,
        ScheduleKind.recurring,
        months(*WHOLE_SY),
        "ежемесячно в течение 2024-2025 уч. г.",
    ),
    ("2024-2025 уч. г., ежемесячно", SY, ScheduleKind.recurring, months(*WHOLE_SY), "ежемесячно"),
    (
        "2024-2025 уч. год, ежеквартально",
        CAL,
        ScheduleKind.recurring,
        [
            (D(2024, 7, 1), D(2024, 9, 30), "III квартал 2024"),
            (D(2024, 10, 1), D(2024, 12, 31), "IV квартал 2024"),
            (D(2025, 1, 1), D(2025, 3, 31), "I квартал 2025"),
            (D(2025, 4, 1), D(2025, 6, 30), "II квартал 2025"),
        ],
        "ежеквартально в течение 2024-2025 уч. г.",
    ),
    (
        "2025-2026 уч. г., ежемесячно",
        SY,
        ScheduleKind.recurring,
        [
            (D(2025, 9, 1), D(2025, 9, 30), "сентябрь 2025"),
            (D(2025, 10, 1), D(2025, 10, 31), "октябрь 2025"),
            (D(2025, 11, 1), D(2025, 11, 30), "ноябрь 2025"),
            (D(2025, 12, 1), D(2025, 12, 31), "декабрь 2025"),
            (D(2026, 1, 1), D(2026, 1, 31), "январь 2026"),
            (D(2026, 2, 1), D(2026, 2, 28), "февраль 2026"),
            (D(2026, 3, 1), D(2026, 3, 31), "март 2026"),
            (D(2026, 4, 1), D(2026, 4, 30), "апрель 2026"),
            (D(2026, 5, 1), D(2026, 5, 31), "май 2026"),
            (D(2026, 6, 1), D(2026, 6, 30), "июнь 2026"),
            (D(2026, 7, 1), D(2026, 7, 31), "июль 2026"),
            (D(2026, 8, 1), D(2026, 8, 31), "август 2026"),
        ],
        "ежемесячно в течение 2025-2026 уч. г.",
    ),
    (
        "ежемесячно в период с октября 2024 по апрель 2025",
        CAL,
        ScheduleKind.recurring,
        [
            (D(2024, 10, 1), D(2024, 10, 31), "октябрь 2024"),
            (D(2024, 11, 1), D(2024, 11, 30), "ноябрь 2024"),
            (D(2024, 12, 1), D(2024, 12, 31), "декабрь 2024"),
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 2, 1), D(2025, 2, 28), "февраль 2025"),
            (D(2025, 3, 1), D(2025, 3, 31), "март 2025"),
            (D(2025, 4, 1), D(2025, 4, 30), "апрель 2025"),
        ],
        "ежемесячно с октября 2024 по апрель 2025",
    ),
    (
        "ежемесячно, сентябрь 2024 – май 2025",
        CAL,
        ScheduleKind.recurring,
        months(*TEACHING_SY),
        "ежемесячно с сентября 2024 по май 2025",
    ),
    # 3. a length before an event not named: the length alone
    ("в течение 2 недель с момента", SY, ScheduleKind.on_request, [], "без фиксированного срока: в течение 2 недель"),
    ("в течение 2 недель с момента.", CAL, ScheduleKind.on_request, [], "без фиксированного срока: в течение 2 недель"),
    ("в течение 2 недель с", SY, ScheduleKind.on_request, [], "без фиксированного срока: в течение 2 недель"),
    ("в течение 10 дней после", CAL, ScheduleKind.on_request, [], "без фиксированного срока: в течение 10 дней"),
    (
        "в течение 3 рабочих дней с даты",
        SY,
        ScheduleKind.on_request,
        [],
        "без фиксированного срока: в течение 3 рабочих дней",
    ),
    ("не позднее 3 дней после", SY, ScheduleKind.on_request, [], "без фиксированного срока: не позднее 3 дней"),
    ("в течение месяца по окончании", CAL, ScheduleKind.on_request, [], "без фиксированного срока: в течение месяца"),
    (
        "в течение двух недель с момента получения",
        SY,
        ScheduleKind.on_request,
        [],
        "без фиксированного срока: в течение двух недель с момента получения",
    ),
    (
        "в течение 3 рабочих дней после проведения мероприятия",
        SY,
        ScheduleKind.on_request,
        [],
        "без фиксированного срока: в течение 3 рабочих дней после проведения мероприятия",
    ),
    # … a part of a list counted from an event is said beside the others, as before
    (
        "до 01.10.2024 – приказ; анализ – в течение 10 дней после",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 10, 1), "приказ: до 01.10.2024")],
        "до 01.10.2024 – приказ; анализ – в течение 10 дней после",
    ),
    (
        "сентябрь; отчет – в течение недели с момента",
        SY,
        ScheduleKind.month,
        [(D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024")],
        "сентябрь 2024; отчет – в течение недели с момента",
    ),
    # 4. a numbered half-year «учебного года» in a plan by calendar years is the school's
    (
        "II полугодие учебного года",
        CAL,
        ScheduleKind.range,
        [(D(2025, 1, 1), D(2025, 5, 31), "II полугодие 2024-2025 уч. г.")],
        "II полугодие 2024-2025 уч. г.",
    ),
    (
        "в течение II полугодия учебного года",
        CAL,
        ScheduleKind.range,
        [(D(2025, 1, 1), D(2025, 5, 31), "II полугодие 2024-2025 уч. г.")],
        "II полугодие 2024-2025 уч. г.",
    ),
    (
        "во II полугодии уч. года",
        CAL,
        ScheduleKind.range,
        [(D(2025, 1, 1), D(2025, 5, 31), "II полугодие 2024-2025 уч. г.")],
        "II полугодие 2024-2025 уч. г.",
    ),
    (
        "I полугодие учебного года",
        CAL,
        ScheduleKind.range,
        [(D(2025, 9, 1), D(2025, 12, 31), "I полугодие 2025-2026 уч. г.")],
        "I полугодие 2025-2026 уч. г.",
    ),
    (
        "до конца I полугодия уч. года",
        CAL,
        ScheduleKind.date,
        [(None, D(2025, 12, 31), "до конца I полугодия 2025-2026 уч. г.")],
        "до конца I полугодия 2025-2026 уч. г.",
    ),
    (
        "в конце I полугодия учебного года",
        CAL,
        ScheduleKind.range,
        [(D(2025, 12, 1), D(2025, 12, 31), "в конце I полугодия 2025-2026 уч. г.")],
        "в конце I полугодия 2025-2026 уч. г.",
    ),
    (
        "ежемесячно во II полугодии учебного года",
        CAL,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 2, 1), D(2025, 2, 28), "февраль 2025"),
            (D(2025, 3, 1), D(2025, 3, 31), "март 2025"),
            (D(2025, 4, 1), D(2025, 4, 30), "апрель 2025"),
            (D(2025, 5, 1), D(2025, 5, 31), "май 2025"),
        ],
        "ежемесячно (II полугодие 2024-2025 уч. г.)",
    ),
    (
        "I полугодие",
        CAL,
        ScheduleKind.range,
        [(D(2025, 1, 1), D(2025, 6, 30), "I полугодие 2025 г.")],
        "I полугодие 2025 г.",
    ),
    (
        "по итогам I полугодия учебного года",
        SY,
        ScheduleKind.range,
        [(D(2024, 12, 1), D(2024, 12, 31), "в конце I полугодия 2024-2025 уч. г.")],
        "в конце I полугодия 2024-2025 уч. г.",
    ),
    (
        "по итогам I полугодия учебного года",
        CAL,
        ScheduleKind.range,
        [(D(2025, 12, 1), D(2025, 12, 31), "в конце I полугодия 2025-2026 уч. г.")],
        "в конце I полугодия 2025-2026 уч. г.",
    ),
    (
        "по итогам III четверти учебного года",
        CAL,
        ScheduleKind.range,
        [(D(2025, 3, 1), D(2025, 3, 31), "в конце III четверти 2024-2025 уч. г.")],
        "в конце III четверти 2024-2025 уч. г.",
    ),
    (
        "по итогам I полугодия и учебного года",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 12, 1), D(2024, 12, 31), "в конце I полугодия 2024-2025 уч. г."),
            (D(2025, 5, 1), D(2025, 5, 31), "май 2025"),
        ],
        "в конце I полугодия 2024-2025 уч. г., май 2025",
    ),
    # 5. a month, a slash and its year
    ("май/2025", SY, ScheduleKind.month, [(D(2025, 5, 1), D(2025, 5, 31), "май 2025")], "май 2025"),
    ("сентябрь/2024", SY, ScheduleKind.month, [(D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024")], "сентябрь 2024"),
    ("янв/2025", CAL, ScheduleKind.month, [(D(2025, 1, 1), D(2025, 1, 31), "январь 2025")], "январь 2025"),
    ("до мая/2025", CAL, ScheduleKind.date, [(None, D(2025, 4, 30), "до мая 2025")], "до мая 2025"),
    # 6. an ordinal day typed without its hyphen
    ("до 1го сентября", SY, ScheduleKind.date, [(None, D(2024, 9, 1), "до 01.09.2024")], "до 01.09.2024"),
    ("к 1му сентября", CAL, ScheduleKind.date, [(None, D(2025, 9, 1), "до 01.09.2025")], "до 01.09.2025"),
    ("до 1 ого сентября", SY, ScheduleKind.date, [(None, D(2024, 9, 1), "до 01.09.2024")], "до 01.09.2024"),
    ("25е сентября", CAL, ScheduleKind.date, [(D(2025, 9, 25), D(2025, 9, 25), "25.09.2025")], "25.09.2025"),
    ("до 25го", CAL, ScheduleKind.recurring, by_day(25, *WHOLE_CAL), "ежемесячно, до 25 числа"),
    # 7. Latin letters for a Russian preposition
    (
        "c 1 по 5 числа",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 9, 5), "01.09.2024 – 05.09.2024 (сентябрь 2024)"),
            (D(2024, 10, 1), D(2024, 10, 5), "01.10.2024 – 05.10.2024 (октябрь 2024)"),
            (D(2024, 11, 1), D(2024, 11, 5), "01.11.2024 – 05.11.2024 (ноябрь 2024)"),
            (D(2024, 12, 1), D(2024, 12, 5), "01.12.2024 – 05.12.2024 (декабрь 2024)"),
            (D(2025, 1, 1), D(2025, 1, 5), "01.01.2025 – 05.01.2025 (январь 2025)"),
            (D(2025, 2, 1), D(2025, 2, 5), "01.02.2025 – 05.02.2025 (февраль 2025)"),
            (D(2025, 3, 1), D(2025, 3, 5), "01.03.2025 – 05.03.2025 (март 2025)"),
            (D(2025, 4, 1), D(2025, 4, 5), "01.04.2025 – 05.04.2025 (апрель 2025)"),
            (D(2025, 5, 1), D(2025, 5, 5), "01.05.2025 – 05.05.2025 (май 2025)"),
            (D(2025, 6, 1), D(2025, 6, 5), "01.06.2025 – 05.06.2025 (июнь 2025)"),
            (D(2025, 7, 1), D(2025, 7, 5), "01.07.2025 – 05.07.2025 (июль 2025)"),
            (D(2025, 8, 1), D(2025, 8, 5), "01.08.2025 – 05.08.2025 (август 2025)"),
        ],
        "ежемесячно, с 1 по 5 число",
    ),
    (
        "в течение 2 недель c момента получения",
        SY,
        ScheduleKind.on_request,
        [],
        "без фиксированного срока: в течение 2 недель с момента получения",
    ),
    (
        "B течение года",
        CAL,
        ScheduleKind.period,
        [(D(2025, 1, 1), D(2025, 12, 31), "01.01.2025 – 31.12.2025")],
        "в течение периода 01.01.2025 – 31.12.2025",
    ),
    ("k 1 сентября", CAL, ScheduleKind.date, [(None, D(2025, 9, 1), "до 01.09.2025")], "до 01.09.2025"),
    (
        "co 2 полугодия",
        SY,
        ScheduleKind.period,
        [(D(2025, 1, 1), D(2025, 8, 31), "с 01.01.2025 (II полугодие 2024-2025 уч. г.)")],
        "с начала II полугодия 2024-2025 уч. г.",
    ),
    (
        "c 01.09.2024 пo 31.05.2025",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2025, 5, 31), "01.09.2024 – 31.05.2025")],
        "01.09.2024 – 31.05.2025",
    ),
    ("ежемесячнo дo 5 числа", CAL, ScheduleKind.recurring, by_day(5, *WHOLE_CAL), "ежемесячно, до 5 числа"),
    ("до O1.10.2024", SY, ScheduleKind.date, [(None, D(2024, 10, 1), "до 01.10.2024")], "до 01.10.2024"),  # a zero
    # 8. the holidays of the seasons named in brackets
    (
        "в каникулы (осень, весна)",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 10, 21), D(2024, 11, 10), "21.10.2024 – 10.11.2024"),
            (D(2025, 3, 21), D(2025, 4, 10), "21.03.2025 – 10.04.2025"),
        ],
        f"21.10.2024 – 10.11.2024, 21.03.2025 – 10.04.2025 (осенние, весенние {HOLIDAYS_NOTE})",
    ),
    (
        "каникулы (лето)",
        CAL,
        ScheduleKind.range,
        [(D(2025, 6, 1), D(2025, 8, 31), "июнь – август 2025")],
        f"июнь – август 2025 (летние {HOLIDAYS_NOTE})",
    ),
    (
        "в каникулярное время (осень, зима, весна)",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 10, 21), D(2024, 11, 10), "21.10.2024 – 10.11.2024"),
            (D(2024, 12, 21), D(2025, 1, 10), "21.12.2024 – 10.01.2025"),
            (D(2025, 3, 21), D(2025, 4, 10), "21.03.2025 – 10.04.2025"),
        ],
        "21.10.2024 – 10.11.2024, 21.12.2024 – 10.01.2025, 21.03.2025 – 10.04.2025"
        f" (осенние, зимние, весенние {HOLIDAYS_NOTE})",
    ),
    # 9. «не реже 1 раза …» as written; «по мере необходимости» kept beside the least
    (
        "не реже одного раза в 2 месяца",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 10, 31), "сентябрь – октябрь 2024"),
            (D(2024, 11, 1), D(2024, 12, 31), "ноябрь – декабрь 2024"),
            (D(2025, 1, 1), D(2025, 2, 28), "январь – февраль 2025"),
            (D(2025, 3, 1), D(2025, 4, 30), "март – апрель 2025"),
            (D(2025, 5, 1), D(2025, 6, 30), "май – июнь 2025"),
            (D(2025, 7, 1), D(2025, 8, 31), "июль – август 2025"),
        ],
        "не реже 1 раза в 2 месяца",
    ),
    (
        "по мере необходимости, но не реже 1 раза в полугодие",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 12, 31), "I полугодие 2024-2025 уч. г."),
            (D(2025, 1, 1), D(2025, 5, 31), "II полугодие 2024-2025 уч. г."),
        ],
        "по мере необходимости, не реже 1 раза в полугодие",
    ),
    (
        "по мере необходимости, но не реже 1 раза в полугодие",
        CAL,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 5, 31), "II полугодие 2024-2025 уч. г."),
            (D(2025, 9, 1), D(2025, 12, 31), "I полугодие 2025-2026 уч. г."),
        ],
        "по мере необходимости, не реже 1 раза в полугодие",
    ),
    (
        "при необходимости, не реже 1 раза в четверть",
        CAL,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 3, 31), "III четверть 2024-2025 уч. г."),
            (D(2025, 4, 1), D(2025, 5, 31), "IV четверть 2024-2025 уч. г."),
            (D(2025, 9, 1), D(2025, 10, 31), "I четверть 2025-2026 уч. г."),
            (D(2025, 11, 1), D(2025, 12, 31), "II четверть 2025-2026 уч. г."),
        ],
        "при необходимости, не реже 1 раза в четверть",
    ),
    (
        "по мере необходимости (не реже 1 раза в год)",
        CAL,
        ScheduleKind.recurring,
        [(D(2025, 1, 1), D(2025, 12, 31), "2025 г.")],
        "по мере необходимости, не реже 1 раза в год",
    ),
    (
        "по необходимости, но не реже 2 раз в год",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 12, 31), "I полугодие 2024-2025 уч. г."),
            (D(2025, 1, 1), D(2025, 5, 31), "II полугодие 2024-2025 уч. г."),
        ],
        "по необходимости, не реже 2 раз в год",
    ),
    # 10. already read, kept
    ("до 10-го числа каждого месяца", CAL, ScheduleKind.recurring, by_day(10, *WHOLE_CAL), "ежемесячно, до 10 числа"),
    (
        "не реже 1 раза в четверть",
        CAL,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 3, 31), "III четверть 2024-2025 уч. г."),
            (D(2025, 4, 1), D(2025, 5, 31), "IV четверть 2024-2025 уч. г."),
            (D(2025, 9, 1), D(2025, 10, 31), "I четверть 2025-2026 уч. г."),
            (D(2025, 11, 1), D(2025, 12, 31), "II четверть 2025-2026 уч. г."),
        ],
        "не реже 1 раза в четверть",
    ),
    (
        "ко дню учителя",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 10, 5), "до 05.10.2024")],
        "до 05.10.2024 (День учителя — 5 октября)",
    ),
    (
        "до 1 сентября ежегодно",
        SY,
        ScheduleKind.recurring,
        [(None, D(2024, 9, 1), "до 01.09.2024")],
        "ежегодно до 1 сентября",
    ),
    (
        "до 1 сентября ежегодно",
        TWO,
        ScheduleKind.recurring,
        [(None, D(2024, 9, 1), "до 01.09.2024"), (None, D(2025, 9, 1), "до 01.09.2025")],
        "ежегодно до 1 сентября",
    ),
    (
        "апрель–май 2025 г. (по графику ГИА)",
        SY,
        ScheduleKind.range,
        [(D(2025, 4, 1), D(2025, 5, 31), "апрель – май 2025")],
        "апрель – май 2025",
    ),
    (
        "I–II кв. 2025",
        SY,
        ScheduleKind.range,
        [(D(2025, 1, 1), D(2025, 6, 30), "I – II квартал 2025")],
        "I – II квартал 2025",
    ),
    (
        "2 раза в год (декабрь, май)",
        CAL,
        ScheduleKind.recurring,
        [(D(2025, 5, 1), D(2025, 5, 31), "май 2025"), (D(2025, 12, 1), D(2025, 12, 31), "декабрь 2025")],
        "2 раза в год в декабре и мае",
    ),
    (
        "в конце каждой четверти",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 10, 25), D(2024, 10, 31), "25.10.2024 – 31.10.2024 (I четверть 2024-2025 уч. г.)"),
            (D(2024, 12, 25), D(2024, 12, 31), "25.12.2024 – 31.12.2024 (II четверть 2024-2025 уч. г.)"),
            (D(2025, 3, 25), D(2025, 3, 31), "25.03.2025 – 31.03.2025 (III четверть 2024-2025 уч. г.)"),
            (D(2025, 5, 25), D(2025, 5, 31), "25.05.2025 – 31.05.2025 (IV четверть 2024-2025 уч. г.)"),
        ],
        "в конце каждой четверти",
    ),
    (
        "ноябрь, февраль, апрель",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 11, 1), D(2024, 11, 30), "ноябрь 2024"),
            (D(2025, 2, 1), D(2025, 2, 28), "февраль 2025"),
            (D(2025, 4, 1), D(2025, 4, 30), "апрель 2025"),
        ],
        "ноябрь 2024, февраль 2025, апрель 2025",
    ),
    (
        "ноябрь, февраль, апрель.",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 11, 1), D(2024, 11, 30), "ноябрь 2024"),
            (D(2025, 2, 1), D(2025, 2, 28), "февраль 2025"),
            (D(2025, 4, 1), D(2025, 4, 30), "апрель 2025"),
        ],
        "ноябрь 2024, февраль 2025, апрель 2025",
    ),
    ("2024-2025 г.г.", CAL, ScheduleKind.period, [(D(2024, 1, 1), D(2025, 12, 31), "2024–2025 гг.")], "2024–2025 гг."),
    (
        "2024/25 уч.год",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2025, 8, 31), "сентябрь 2024 – август 2025")],
        "сентябрь 2024 – август 2025",
    ),
    (
        "с 01.09.2024г. по 31.05.2025г.",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2025, 5, 31), "01.09.2024 – 31.05.2025")],
        "01.09.2024 – 31.05.2025",
    ),
    ("до  15  октября", SY, ScheduleKind.date, [(None, D(2024, 10, 15), "до 15.10.2024")], "до 15.10.2024"),
    ("до 15.10.2024,", SY, ScheduleKind.date, [(None, D(2024, 10, 15), "до 15.10.2024")], "до 15.10.2024"),
    (
        "в осенние каникулы",
        CAL,
        ScheduleKind.range,
        [(D(2025, 10, 21), D(2025, 11, 10), "21.10.2025 – 10.11.2025")],
        f"21.10.2025 – 10.11.2025 (осенние {HOLIDAYS_NOTE})",
    ),
    ("в каникулярное время", SY, ScheduleKind.on_request, [], "без фиксированного срока: в каникулярное время"),
]


@pytest.mark.parametrize(("text", "plan", "kind", "occurrences", "summary"), READINGS)
def test_reading(text: str, plan: Plan, kind: ScheduleKind, occurrences: Labelled, summary: str) -> None:
    schedule = read(text, plan)
    assert schedule.text == text
    assert (schedule.kind, labelled(schedule), schedule.summary) == (kind, occurrences, summary)


# 1. the shorthand reads as the full words do
@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("е/н", "еженедельно"),
        ("е/нед.", "еженедельно"),
        ("Е/Н (пятница)", "еженедельно (пятница)"),
        ("е/м.", "ежемесячно"),
        ("е/мес", "ежемесячно"),
        ("е/м до 25 числа", "ежемесячно до 25 числа"),
        ("е/кв, до 10 числа", "ежеквартально, до 10 числа"),
        ("е/г", "ежегодно"),
        ("е/д", "ежедневно"),
        ("помесячно", "ежемесячно"),
        ("1 р/2 мес", "1 раз в 2 месяца"),
        # working and calendar days cut short
        ("в течение 5 р.д. после окончания четверти", "в течение 5 рабочих дней после окончания четверти"),
        ("не позднее 3 р/д после окончания месяца", "не позднее 3 рабочих дней после окончания месяца"),
        ("за 3 р.д. до 1 сентября", "за 3 рабочих дня до 1 сентября"),
        ("в течение 10 календ. дней", "в течение 10 календарных дней"),
        ("в течение 10 календ. дн.", "в течение 10 календарных дней"),
        ("в течение 10 кал. дней после окончания четверти", "в течение 10 календарных дней после окончания четверти"),
    ],
)
def test_shorthand_reads_as_the_full_word(short: str, full: str) -> None:
    for plan in (SY, CAL, TWO):
        written, spelt = read(short, plan), read(full, plan)
        assert (written.kind, labelled(written), written.summary) == (spelt.kind, labelled(spelt), spelt.summary)
        assert written.recurrence == spelt.recurrence and written.kind != ScheduleKind.unparsed


def test_weekly_shorthand_has_every_week_of_the_plan() -> None:
    schedule = read("е/н", SY)
    weeks = labelled(schedule)
    assert (schedule.summary, len(weeks)) == ("еженедельно", 53)
    assert weeks[0] == (D(2024, 8, 26), D(2024, 9, 1), "неделя 26 августа – 1 сентября 2024")
    assert weeks[-1] == (D(2025, 8, 25), D(2025, 8, 31), "неделя 25–31 августа 2025")


# 3. the words of an event with no event after them
@pytest.mark.parametrize("text", ["после", "с момента", "со дня", "по окончании", "с момента."])
def test_an_event_word_alone_stays_unread(text: str) -> None:
    for plan in (SY, CAL):
        schedule = read(text, plan)
        assert (schedule.text, schedule.kind, schedule.occurrences, schedule.summary) == (
            text,
            ScheduleKind.unparsed,
            [],
            "не разобрано",
        )


# 7. a Latin letter for a Russian preposition reads as the Cyrillic one; a text with no Russian word stays as it is
@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("c 1 по 5 числа", "с 1 по 5 числа"),
        ("ежемесячно c 1 по 5 число", "ежемесячно с 1 по 5 число"),
        ("в течение 2 недель c момента получения", "в течение 2 недель с момента получения"),
        ("B течение года", "в течение года"),
        ("k 1 сентября", "к 1 сентября"),
        ("co 2 полугодия", "со 2 полугодия"),
        ("c 01.09.2024 по 31.05.2025", "с 01.09.2024 по 31.05.2025"),
    ],
)
def test_a_latin_preposition_reads_as_the_cyrillic_one(latin: str, cyrillic: str) -> None:
    for plan in (SY, CAL):
        typed, right = read(latin, plan), read(cyrillic, plan)
        assert (typed.kind, labelled(typed), typed.summary) == (right.kind, labelled(right), right.summary)
        assert typed.kind != ScheduleKind.unparsed


@pytest.mark.parametrize(
    ("text", "due", "summary"),
    [("October 2024", D(2024, 10, 31), "октябрь 2024"), ("Q4 2024", D(2024, 12, 31), "IV квартал 2024")],
)
def test_a_text_with_no_russian_word_is_read_as_before(text: str, due: date, summary: str) -> None:
    schedule = read(text, SY)
    assert ([o.due for o in schedule.occurrences], schedule.summary) == ([due], summary)


# 9. «не реже 1 раза в 2 недели» has the windows of «1 раз в 2 недели», said with its «не реже»
def test_at_least_once_in_two_weeks_is_said_as_written() -> None:
    for plan in (SY, CAL):
        least, every = read("не реже 1 раза в 2 недели", plan), read("1 раз в 2 недели", plan)
        assert labelled(least) == labelled(every) and len(labelled(least)) == 26
        assert (least.summary, every.summary) == ("не реже 1 раза в 2 недели", "1 раз в 2 недели")


TEXTS = sorted({r[0] for r in READINGS})


@pytest.mark.parametrize("text", TEXTS)
def test_every_label_and_summary_is_readable(text: str) -> None:
    for name, plan in {"SY": SY, "CAL": CAL, "TWO": TWO}.items():
        schedule = read(text, plan)
        for shown in [schedule.summary, *(o.label for o in schedule.occurrences), *schedule.warnings]:
            wrong = [what for what, pattern in UNREADABLE.items() if pattern.search(shown)]
            assert not wrong, f"{name}: «{shown}» has {wrong}"
