"""Deadline texts, round 24: what round 23 left — «январь 2025, далее – по итогам каждого полугодия» keeps the II
half-year's report (a period the first deadline falls in is still reported on at its end when the first is due before
its last month), «2024-2025 уч. год, далее ежегодно» says what follows the school year, «в течение первой недели
октября» is said by its days as «первая неделя октября» is, «еженедельно, летом – 2 раза в месяц» reads as with «;» —
then texts typed on a phone: «30 09 2024» (spaces for dots, not «2024 год»), «15/10» (a day and a month), «к началу уч
года» (no dot), «до конца финансового (фин., кал.) года» (31 December), «к Новому 2025 году» (31.12.2024, not the
year 2025); and the short forms, ordinal words and named days already read, kept as they are."""

from __future__ import annotations

import pytest

from services.roadmap.schedules.parser import ScheduleKind
from tests.roadmap.test_schedule_texts_more import D
from tests.roadmap.test_schedule_texts_more_15 import CAL, SY, TWO, UNREADABLE, Labelled, Plan, labelled, read

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

# (text, plan, kind, [(start, due, label)] of every occurrence, summary)
READINGS: list[tuple[str, Plan, ScheduleKind, Labelled, str]] = [
    # 1. the period the first deadline falls in is still reported on at its end (May), when the first is due before
    (
        "январь 2025 г., далее – по итогам каждого полугодия",
        SY,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 1, 1), D(2025, 5, 31), "II полугодие 2024-2025 уч. г."),
        ],
        "январь 2025, далее каждое полугодие",
    ),
    (
        "январь 2025 г., далее – по итогам каждого полугодия",
        CAL,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 1, 1), D(2025, 5, 31), "II полугодие 2024-2025 уч. г."),
            (D(2025, 9, 1), D(2025, 12, 31), "I полугодие 2025-2026 уч. г."),
        ],
        "январь 2025, далее каждое полугодие",
    ),
    (
        "январь 2025 г., далее по итогам каждой четверти",
        SY,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 1, 1), D(2025, 3, 31), "III четверть 2024-2025 уч. г."),
            (D(2025, 4, 1), D(2025, 5, 31), "IV четверть 2024-2025 уч. г."),
        ],
        "январь 2025, далее каждую четверть",
    ),
    (
        "октябрь 2024, далее по итогам каждой четверти",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 10, 1), D(2024, 10, 31), "октябрь 2024"),
            (D(2024, 11, 1), D(2024, 12, 31), "II четверть 2024-2025 уч. г."),
            (D(2025, 1, 1), D(2025, 3, 31), "III четверть 2024-2025 уч. г."),
            (D(2025, 4, 1), D(2025, 5, 31), "IV четверть 2024-2025 уч. г."),
        ],
        "октябрь 2024, далее каждую четверть",
    ),
    # … not without «по итогам»: the half-year the first is due in is the first's
    (
        "январь 2025 г., далее – каждое полугодие",
        SY,
        ScheduleKind.recurring,
        [(D(2025, 1, 1), D(2025, 1, 31), "январь 2025")],
        "январь 2025, далее каждое полугодие",
    ),
    # 2. the school year, then the words after it
    (
        "2024-2025 уч. год, далее ежегодно",
        SY,
        ScheduleKind.recurring,
        [(D(2024, 9, 1), D(2025, 8, 31), "сентябрь 2024 – август 2025")],
        "сентябрь 2024 – август 2025, далее ежегодно",
    ),
    (
        "2024-2025 уч. год, далее ежегодно",
        CAL,
        ScheduleKind.recurring,
        [(D(2024, 9, 1), D(2025, 8, 31), "сентябрь 2024 – август 2025")],
        "сентябрь 2024 – август 2025, далее ежегодно",
    ),
    # 3. a part of a month said by its days, as «первая неделя октября» is; a span written by days keeps its words
    (
        "в течение первой недели октября",
        SY,
        ScheduleKind.period,
        [(D(2024, 10, 1), D(2024, 10, 7), "01.10.2024 – 07.10.2024")],
        "01.10.2024 – 07.10.2024",
    ),
    (
        "в течение первой недели октября",
        CAL,
        ScheduleKind.period,
        [(D(2025, 10, 1), D(2025, 10, 7), "01.10.2025 – 07.10.2025")],
        "01.10.2025 – 07.10.2025",
    ),
    (
        "первая неделя октября",
        SY,
        ScheduleKind.range,
        [(D(2024, 10, 1), D(2024, 10, 7), "01.10.2024 – 07.10.2024")],
        "01.10.2024 – 07.10.2024",
    ),
    (
        "в течение 2-й декады мая",
        SY,
        ScheduleKind.period,
        [(D(2025, 5, 11), D(2025, 5, 20), "11.05.2025 – 20.05.2025")],
        "11.05.2025 – 20.05.2025",
    ),
    (
        "в период с 01.10.2024 по 15.10.2024",
        SY,
        ScheduleKind.period,
        [(D(2024, 10, 1), D(2024, 10, 15), "01.10.2024 – 15.10.2024")],
        "в течение периода 01.10.2024 – 15.10.2024",
    ),
    # typed on a phone: spaces for dots, a slash between a day and a month, «уч» without its dot
    ("30 09 2024", SY, ScheduleKind.date, [(D(2024, 9, 30), D(2024, 9, 30), "30.09.2024")], "30.09.2024"),
    ("до 15 10 2024", SY, ScheduleKind.date, [(None, D(2024, 10, 15), "до 15.10.2024")], "до 15.10.2024"),
    (
        "с 01 09 2024 по 31 05 2025",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2025, 5, 31), "01.09.2024 – 31.05.2025")],
        "01.09.2024 – 31.05.2025",
    ),
    ("15/10", SY, ScheduleKind.date, [(D(2024, 10, 15), D(2024, 10, 15), "15.10.2024")], "15.10.2024"),
    ("до 15/10", CAL, ScheduleKind.date, [(None, D(2025, 10, 15), "до 15.10.2025")], "до 15.10.2025"),
    ("до 01/12", SY, ScheduleKind.date, [(None, D(2024, 12, 1), "до 01.12.2024")], "до 01.12.2024"),
    # the financial (budget) year is the calendar one
    ("до конца финансового года", SY, ScheduleKind.date, [(None, D(2024, 12, 31), "до 31.12.2024")], "до 31.12.2024"),
    ("до конца финансового года", CAL, ScheduleKind.date, [(None, D(2025, 12, 31), "до 31.12.2025")], "до 31.12.2025"),
    ("до конца фин. года", CAL, ScheduleKind.date, [(None, D(2025, 12, 31), "до 31.12.2025")], "до 31.12.2025"),
    ("до конца кал. года", SY, ScheduleKind.date, [(None, D(2024, 12, 31), "до 31.12.2024")], "до 31.12.2024"),
    # the year written beside «Новый год» is the new one
    ("к новому 2025 году", SY, ScheduleKind.date, [(None, D(2024, 12, 31), "до 31.12.2024")], "до 31.12.2024"),
    ("к Новому 2026 году", CAL, ScheduleKind.date, [(None, D(2025, 12, 31), "до 31.12.2025")], "до 31.12.2025"),
    ("до нового 2025 года", SY, ScheduleKind.date, [(None, D(2024, 12, 31), "до 31.12.2024")], "до 31.12.2024"),
    (
        "накануне нового 2025 года",
        SY,
        ScheduleKind.date,
        [(D(2024, 12, 31), D(2024, 12, 31), "31.12.2024")],
        "31.12.2024",
    ),
    (
        "за неделю до нового 2025 года",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 12, 25), "до 25.12.2024 (за неделю до 01.01.2025)")],
        "до 25.12.2024 (за неделю до 01.01.2025)",
    ),
    (
        "к началу уч года",
        CAL,
        ScheduleKind.date,
        [(None, D(2025, 8, 31), "до 31.08.2025 (к началу 2025-2026 уч. г.)")],
        "до 31.08.2025 (к началу 2025-2026 уч. г.)",
    ),
    (
        "до начала уч года",
        CAL,
        ScheduleKind.date,
        [(None, D(2025, 8, 31), "до 31.08.2025 (к началу 2025-2026 уч. г.)")],
        "до 31.08.2025 (к началу 2025-2026 уч. г.)",
    ),
    (
        "2024-25 уч г",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2025, 8, 31), "сентябрь 2024 – август 2025")],
        "сентябрь 2024 – август 2025",
    ),
    # already read, kept: short months, two-digit years, ordinal words, named days
    ("до 15 окт", SY, ScheduleKind.date, [(None, D(2024, 10, 15), "до 15.10.2024")], "до 15.10.2024"),
    ("до 15 окт", CAL, ScheduleKind.date, [(None, D(2025, 10, 15), "до 15.10.2025")], "до 15.10.2025"),
    ("к 1 сент", CAL, ScheduleKind.date, [(None, D(2025, 9, 1), "до 01.09.2025")], "до 01.09.2025"),
    ("до 01.10.24", SY, ScheduleKind.date, [(None, D(2024, 10, 1), "до 01.10.2024")], "до 01.10.2024"),
    (
        "2024-25 уч.г.",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2025, 8, 31), "сентябрь 2024 – август 2025")],
        "сентябрь 2024 – август 2025",
    ),
    ("до первого октября", CAL, ScheduleKind.date, [(None, D(2025, 10, 1), "до 01.10.2025")], "до 01.10.2025"),
    ("до пятнадцатого октября", SY, ScheduleKind.date, [(None, D(2024, 10, 15), "до 15.10.2024")], "до 15.10.2024"),
    (
        "ко дню учителя",
        CAL,
        ScheduleKind.date,
        [(None, D(2025, 10, 5), "до 05.10.2025")],
        "до 05.10.2025 (День учителя — 5 октября)",
    ),
    ("к 8 марта", SY, ScheduleKind.date, [(None, D(2025, 3, 8), "до 08.03.2025")], "до 08.03.2025"),
    (
        "ко дню знаний",
        CAL,
        ScheduleKind.date,
        [(None, D(2025, 9, 1), "до 01.09.2025")],
        "до 01.09.2025 (День знаний — 1 сентября)",
    ),
    (
        "к последнему звонку",
        SY,
        ScheduleKind.date,
        [(None, D(2025, 5, 25), "до 25.05.2025")],
        "до 25.05.2025 (Последний звонок — обычно 25 мая)",
    ),
    (
        "к новому году",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 12, 31), "до 31.12.2024")],
        "до 31.12.2024 (Новый год — 1 января)",
    ),
    ("до конца календарного года", CAL, ScheduleKind.date, [(None, D(2025, 12, 31), "до 31.12.2025")], "до 31.12.2025"),
]


@pytest.mark.parametrize(("text", "plan", "kind", "occurrences", "summary"), READINGS)
def test_reading(text: str, plan: Plan, kind: ScheduleKind, occurrences: Labelled, summary: str) -> None:
    schedule = read(text, plan)
    assert schedule.text == text
    assert (schedule.kind, labelled(schedule), schedule.summary) == (kind, occurrences, summary)


def test_a_summer_part_after_a_comma_reads_as_after_a_semicolon() -> None:
    """Round 23's fourth item: «еженедельно, летом – 2 раза в месяц» is two parts, as with «;»."""
    from services.roadmap.schedules.parser.rules import _list_parts

    assert _list_parts("еженедельно, летом – 2 раза в месяц") == ["еженедельно", " летом – 2 раза в месяц"]
    for plan in (SY, CAL):
        comma, semicolon = (
            read("еженедельно, летом – 2 раза в месяц", plan),
            read("еженедельно; летом – 2 раза в месяц", plan),
        )
        assert (labelled(comma), comma.summary) == (labelled(semicolon), semicolon.summary)
        assert comma.summary == "еженедельно (кроме летнего периода); 2 раза в месяц с июня по август"


@pytest.mark.parametrize(
    "text",
    ["31/11", "31 11 2024", "до пятницы", "к масленице", "к торжественной линейке"],
)
def test_what_cannot_be_dated_stays_unread(text: str) -> None:
    """An impossible day typed with a slash or spaces is a typo, a weekday alone or a moving feast not guessed."""
    for plan in (SY, CAL):
        schedule = read(text, plan)
        assert (schedule.text, schedule.kind, schedule.occurrences) == (text, ScheduleKind.unparsed, [])


@pytest.mark.parametrize("text", ["к выпускному", "к выпускному вечеру", "в течение двух недель с момента получения"])
def test_an_event_without_a_date_names_none(text: str) -> None:
    for plan in (SY, CAL):
        schedule = read(text, plan)
        assert (schedule.kind, schedule.occurrences) == (ScheduleKind.on_request, [])
        assert schedule.summary == f"без фиксированного срока: {text}"


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("1/2 ставки", None),  # a fraction, not a day
        ("24/25 уч. г.", D(2025, 8, 31)),  # two-digit years, not 24 of month 25
        ("12.2024/05.2025", D(2025, 5, 31)),  # two months, not «2024/05»
    ],
)
def test_a_slash_is_a_day_only_before_a_month_number(text: str, due: object) -> None:
    schedule = read(text, SY)
    assert (schedule.occurrences[-1].due if schedule.occurrences else None) == due


TEXTS = sorted({r[0] for r in READINGS})


@pytest.mark.parametrize("text", TEXTS)
def test_every_label_and_summary_is_readable(text: str) -> None:
    for name, plan in {"SY": SY, "CAL": CAL, "TWO": TWO}.items():
        schedule = read(text, plan)
        for shown in [schedule.summary, *(o.label for o in schedule.occurrences), *schedule.warnings]:
            wrong = [what for what, pattern in UNREADABLE.items() if pattern.search(shown)]
            assert not wrong, f"{name}: «{shown}» has {wrong}"
