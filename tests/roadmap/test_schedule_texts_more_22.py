"""Deadline texts, round 22: the abbreviations of «ежемесячно» («ежемесяч.», «ежем.») read as the full word; «ежемесячно
в течение учебного года» recurs in the school year's teaching months, September–May (plain «ежемесячно» and «в течение
года» keep the plan's whole period, summer too); «ежемесячно до 20 числа с 15.09 по 15.05» keeps May, due by the span's
end 15.05 (and a due day before the span's start is none), as does «… до 15.05.2025»; a time counted from each period
in brackets after a recurrence («ежеквартально (в течение 10 дней после окончания квартала)») reads as after a comma;
dashes «‐», «－» and zero-width spaces, a Greek «Ι» or a palochka «Ӏ» for a Roman I, a comma for one dot of a date
(«25,12.2024») are read as typed right. And the wordings of real roadmaps still read to the day."""

from __future__ import annotations

from datetime import date

import pytest

from services.roadmap.schedules.parser import MONTHS_NOMINATIVE, ScheduleKind
from tests.roadmap.test_schedule_texts_more import D
from tests.roadmap.test_schedule_texts_more_15 import CAL, SY, TWO, UNREADABLE, Labelled, Plan, labelled, read

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

TERM: Plan = (None, (D(2024, 9, 1), D(2024, 10, 31)))  # one term


def months(*pairs: tuple[int, int]) -> Labelled:
    """Whole months as the parser labels them."""
    result: Labelled = []
    for year, month in pairs:
        last = (D(year + month // 12, month % 12 + 1, 1) - D(year, month, 1)).days
        result.append((D(year, month, 1), D(year, month, last), f"{MONTHS_NOMINATIVE[month - 1]} {year}"))
    return result


TEACHING_SY = [(2024, m) for m in (9, 10, 11, 12)] + [(2025, m) for m in (1, 2, 3, 4, 5)]
TEACHING_CAL = [(2025, m) for m in (1, 2, 3, 4, 5, 9, 10, 11, 12)]
WHOLE_SY = [(2024, m) for m in (9, 10, 11, 12)] + [(2025, m) for m in range(1, 9)]


def by_20th(*pairs: tuple[int, int]) -> Labelled:
    return [(None, D(year, month, 20), f"до 20.{month:02d}.{year}") for year, month in pairs]


# (text, plan, kind, [(start, due, label)] of every occurrence, summary)
READINGS: list[tuple[str, Plan, ScheduleKind, Labelled, str]] = [
    # 2. the teaching months of a school year
    (
        "ежемесячно в течение учебного года",
        SY,
        ScheduleKind.recurring,
        months(*TEACHING_SY),
        "ежемесячно (в течение 2024-2025 уч. г.: сентябрь – май)",
    ),
    (
        "Ежемесячно в течение уч. года",
        SY,
        ScheduleKind.recurring,
        months(*TEACHING_SY),
        "ежемесячно (в течение 2024-2025 уч. г.: сентябрь – май)",
    ),
    (
        "в течение учебного года ежемесячно",
        SY,
        ScheduleKind.recurring,
        months(*TEACHING_SY),
        "ежемесячно (в течение 2024-2025 уч. г.: сентябрь – май)",
    ),
    (
        "ежемес. в теч. всего учебного года",
        SY,
        ScheduleKind.recurring,
        months(*TEACHING_SY),
        "ежемесячно (в течение 2024-2025 уч. г.: сентябрь – май)",
    ),
    (
        "1 раз в месяц в течение учебного года",
        SY,
        ScheduleKind.recurring,
        months(*TEACHING_SY),
        "ежемесячно (в течение 2024-2025 уч. г.: сентябрь – май)",
    ),
    (
        "ежемесячно в течение учебного года",
        CAL,
        ScheduleKind.recurring,
        months(*TEACHING_CAL),
        "ежемесячно (в течение учебного года: сентябрь – май)",
    ),
    (
        "ежемесячно в течение 2024/2025 уч. г.",
        SY,
        ScheduleKind.recurring,
        months(*TEACHING_SY),
        "ежемесячно (в течение 2024-2025 уч. г.: сентябрь – май)",
    ),
    (
        "ежемесячно в течение учебного года",
        TERM,
        ScheduleKind.recurring,
        months((2024, 9), (2024, 10)),
        "ежемесячно (в течение учебного года: сентябрь – май)",
    ),
    (
        "ежемесячно, до 5 числа, в течение учебного года",
        SY,
        ScheduleKind.recurring,
        [(None, D(y, m, 5), f"до 05.{m:02d}.{y}") for y, m in TEACHING_SY],
        "ежемесячно, до 5 числа (в течение 2024-2025 уч. г.: сентябрь – май)",
    ),
    (
        "до 5 числа месяца, следующего за отчетным, в течение учебного года",
        SY,
        ScheduleKind.recurring,
        [
            (None, D(y + m // 12, m % 12 + 1, 5), f"до 05.{m % 12 + 1:02d}.{y + m // 12} (за {label})")
            for (y, m), (_, _, label) in zip(TEACHING_SY, months(*TEACHING_SY), strict=True)
        ],
        "ежемесячно, до 5 числа следующего месяца (в течение 2024-2025 уч. г.: сентябрь – май)",
    ),
    # … while plain «ежемесячно», «в течение года» and the school year «включая летний период» keep the summer
    ("ежемесячно", SY, ScheduleKind.recurring, months(*WHOLE_SY), "ежемесячно"),
    ("ежемесячно в течение года", SY, ScheduleKind.recurring, months(*WHOLE_SY), "ежемесячно"),
    (
        "ежемесячно в течение учебного года, включая летний период",
        SY,
        ScheduleKind.recurring,
        months(*WHOLE_SY),
        "ежемесячно",
    ),
    (
        "в течение года, включая летний период",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2025, 8, 31), "01.09.2024 – 31.08.2025")],
        "в течение 2024-2025 уч. г.",
    ),
    # 3. a day of each month in a span of days: the last month's due by the span's end, none before its start
    (
        "ежемесячно до 20 числа с 15.09 по 15.05",
        SY,
        ScheduleKind.recurring,
        [*by_20th(*TEACHING_SY[:-1]), (None, D(2025, 5, 15), "до 15.05.2025")],
        "ежемесячно, до 20 числа",
    ),
    (
        "ежемесячно, до 20 числа, с 15.09.2024 по 15.05.2025",
        SY,
        ScheduleKind.recurring,
        [*by_20th(*TEACHING_SY[:-1]), (None, D(2025, 5, 15), "до 15.05.2025")],
        "ежемесячно, до 20 числа",
    ),
    (
        "ежемесячно до 20 числа с 25.09 по 15.05",
        SY,
        ScheduleKind.recurring,
        [*by_20th(*TEACHING_SY[1:-1]), (None, D(2025, 5, 15), "до 15.05.2025")],
        "ежемесячно, до 20 числа",
    ),
    (
        "ежемесячно до 20 числа с 15.09 по 15.05",
        CAL,
        ScheduleKind.recurring,
        [
            *by_20th((2025, 1), (2025, 2), (2025, 3), (2025, 4)),
            (None, D(2025, 5, 15), "до 15.05.2025"),
            *by_20th((2025, 9), (2025, 10), (2025, 11), (2025, 12)),
        ],
        "ежемесячно, до 20 числа",
    ),
    (
        "ежемесячно до 20 числа до 15.05.2025",
        SY,
        ScheduleKind.recurring,
        [*by_20th(*TEACHING_SY[:-1]), (None, D(2025, 5, 15), "до 15.05.2025")],
        "ежемесячно, до 20 числа (до 15.05.2025)",
    ),
    (  # a due day inside the last month stays as it is
        "ежемесячно до 5 числа с 01.09 по 15.05",
        SY,
        ScheduleKind.recurring,
        [(None, D(y, m, 5), f"до 05.{m:02d}.{y}") for y, m in TEACHING_SY],
        "ежемесячно, до 5 числа",
    ),
    # a time counted from each period, in brackets after the recurrence, as after a comma
    (
        "ежеквартально (в течение 10 дней после окончания квартала)",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 10, 1), D(2024, 10, 10), "01.10.2024 – 10.10.2024 (после 30.09.2024)"),
            (D(2025, 1, 1), D(2025, 1, 10), "01.01.2025 – 10.01.2025 (после 31.12.2024)"),
            (D(2025, 4, 1), D(2025, 4, 10), "01.04.2025 – 10.04.2025 (после 31.03.2025)"),
            (D(2025, 7, 1), D(2025, 7, 10), "01.07.2025 – 10.07.2025 (после 30.06.2025)"),
        ],
        "в течение 10 дней после окончания каждого квартала",
    ),
    (
        "1 раз в четверть (не позднее 5 дней после окончания четверти)",
        SY,
        ScheduleKind.recurring,
        [
            (None, D(2024, 11, 5), "до 05.11.2024 (не позднее 5 дней после 31.10.2024)"),
            (None, D(2025, 1, 5), "до 05.01.2025 (не позднее 5 дней после 31.12.2024)"),
            (None, D(2025, 4, 5), "до 05.04.2025 (не позднее 5 дней после 31.03.2025)"),
            (None, D(2025, 6, 5), "до 05.06.2025 (не позднее 5 дней после 31.05.2025)"),
        ],
        "не позднее 5 дней после окончания каждой четверти",
    ),
    (
        "ежегодно (за 10 дней до начала учебного года)",
        SY,
        ScheduleKind.recurring,
        [(None, D(2025, 8, 22), "до 22.08.2025 (за 10 дней до 01.09.2025)")],
        "ежегодно, за 10 дней до начала учебного года",
    ),
    (  # beside a date written the brackets only explain it, as before
        "до 10.01.2025 (в течение 10 дней после окончания I полугодия)",
        SY,
        ScheduleKind.date,
        [(None, D(2025, 1, 10), "до 10.01.2025")],
        "до 10.01.2025",
    ),
    # typed characters
    (
        "сентябрь\u2010октябрь 2024",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2024, 10, 31), "сентябрь – октябрь 2024")],
        "сентябрь – октябрь 2024",
    ),
    (
        "01.09.2024\u201031.05.2025",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2025, 5, 31), "01.09.2024 – 31.05.2025")],
        "01.09.2024 – 31.05.2025",
    ),
    (
        "сентябрь\uff0dоктябрь 2024",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2024, 10, 31), "сентябрь – октябрь 2024")],
        "сентябрь – октябрь 2024",
    ),
    ("до 25,12.2024", SY, ScheduleKind.date, [(None, D(2024, 12, 25), "до 25.12.2024")], "до 25.12.2024"),
    ("до 25.12,2024 г.", SY, ScheduleKind.date, [(None, D(2024, 12, 25), "до 25.12.2024")], "до 25.12.2024"),
    (
        "до конца \u0399 полугодия",  # a Greek capital iota
        SY,
        ScheduleKind.date,
        [(None, D(2024, 12, 31), "до конца I полугодия 2024-2025 уч. г.")],
        "до конца I полугодия 2024-2025 уч. г.",
    ),
    (
        "\u04c0 четверть",  # a Cyrillic palochka
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2024, 10, 31), "I четверть 2024-2025 уч. г.")],
        "I четверть 2024-2025 уч. г.",
    ),
    # real roadmaps' wordings, read to the day (pinned: they read so already)
    (
        "до конца I полугодия 2024/2025 уч. года",
        CAL,
        ScheduleKind.date,
        [(None, D(2024, 12, 31), "до конца I полугодия 2024-2025 уч. г.")],
        "до конца I полугодия 2024-2025 уч. г.",
    ),
    (
        "в период с 01.10.2024 по 30.11.2024",
        SY,
        ScheduleKind.period,
        [(D(2024, 10, 1), D(2024, 11, 30), "01.10.2024 – 30.11.2024")],
        "в течение периода 01.10.2024 – 30.11.2024",
    ),
    (
        "не позднее 10 дней после окончания I полугодия",
        SY,
        ScheduleKind.date,
        [(None, D(2025, 1, 10), "до 10.01.2025 (не позднее 10 дней после 31.12.2024)")],
        "до 10.01.2025 (не позднее 10 дней после 31.12.2024)",
    ),
    ("по мере необходимости", SY, ScheduleKind.on_request, [], "без фиксированного срока: по мере необходимости"),
    (
        "в течение года (по отдельному плану)",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2025, 8, 31), "01.09.2024 – 31.08.2025")],
        "в течение 2024-2025 уч. г.",
    ),
    (
        "декабрь 2024г.-январь 2025г.",
        SY,
        ScheduleKind.range,
        [(D(2024, 12, 1), D(2025, 1, 31), "декабрь 2024 – январь 2025")],
        "декабрь 2024 – январь 2025",
    ),
    (
        "дек. 2024 – янв. 2025",
        SY,
        ScheduleKind.range,
        [(D(2024, 12, 1), D(2025, 1, 31), "декабрь 2024 – январь 2025")],
        "декабрь 2024 – январь 2025",
    ),
    (
        "ежеквартально, до 10 числа месяца, следующего за отчетным кварталом",
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
        "1 раз в четв.",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 10, 31), "I четверть 2024-2025 уч. г."),
            (D(2024, 11, 1), D(2024, 12, 31), "II четверть 2024-2025 уч. г."),
            (D(2025, 1, 1), D(2025, 3, 31), "III четверть 2024-2025 уч. г."),
            (D(2025, 4, 1), D(2025, 5, 31), "IV четверть 2024-2025 уч. г."),
        ],
        "каждую четверть",
    ),
    (
        "август-сентябрь",
        SY,
        ScheduleKind.range,
        [(D(2024, 8, 1), D(2024, 9, 30), "август – сентябрь 2024")],
        "август – сентябрь 2024",
    ),
    (
        "II полуг. 2024/2025 уч.г.",
        CAL,
        ScheduleKind.range,
        [(D(2025, 1, 1), D(2025, 5, 31), "II полугодие 2024-2025 уч. г.")],
        "II полугодие 2024-2025 уч. г.",
    ),
    (
        "в каникулярное время (осенние, весенние)",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 10, 21), D(2024, 11, 10), "21.10.2024 – 10.11.2024"),
            (D(2025, 3, 21), D(2025, 4, 10), "21.03.2025 – 10.04.2025"),
        ],
        "21.10.2024 – 10.11.2024, 21.03.2025 – 10.04.2025 (осенние, весенние каникулы — обычные сроки, точные даты по"
        " календарному графику школы)",
    ),
]


@pytest.mark.parametrize(("text", "plan", "kind", "occurrences", "summary"), READINGS)
def test_reading(text: str, plan: Plan, kind: ScheduleKind, occurrences: Labelled, summary: str) -> None:
    schedule = read(text, plan)
    assert schedule.text == text
    assert (schedule.kind, labelled(schedule), schedule.summary) == (kind, occurrences, summary)


# 1. the abbreviations of «ежемесячно» and «месяц» read as the full words do
@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("ежемес.", "ежемесячно"),
        ("ежемесяч.", "ежемесячно"),
        ("Ежемесяч.", "ежемесячно"),
        ("ежем.", "ежемесячно"),
        ("ежемесячн.", "ежемесячно"),
        ("ежем. до 5 числа", "ежемесячно до 5 числа"),
        ("ежемесяч., до 10 числа", "ежемесячно, до 10 числа"),
        ("1 раз в мес.", "1 раз в месяц"),
        ("1 р. в мес.", "1 раз в месяц"),
        ("раз в мес.", "раз в месяц"),
        ("2 раза в мес.", "2 раза в месяц"),
        ("1 раз в 2 мес.", "1 раз в 2 месяца"),
        ("до 5 числа кажд. мес.", "до 5 числа каждого месяца"),
        ("в теч. мес.", "в течение месяца"),
        ("в течение мес. после окончания четверти", "в течение месяца после окончания четверти"),
        ("ежемес. в теч. уч. года", "ежемесячно в течение учебного года"),
    ],
)
def test_abbreviations_read_as_the_full_words(short: str, full: str) -> None:
    for plan in (SY, CAL, TERM):
        written, spelt = read(short, plan), read(full, plan)
        assert (written.kind, labelled(written), written.summary) == (spelt.kind, labelled(spelt), spelt.summary)
        assert written.kind != ScheduleKind.unparsed


@pytest.mark.parametrize("text", ["мес.", "до 31,09.2024"])  # «ежем» is «ежемесячно» since round 28
def test_what_cannot_be_known_stays_unread(text: str) -> None:
    """«мес.» alone names no time, «31,09» is an impossible day: the text is kept as written, not guessed."""
    schedule = read(text, SY)
    assert (schedule.kind, schedule.text, schedule.occurrences) == (ScheduleKind.unparsed, text, [])


def test_teaching_months_in_two_school_years() -> None:
    schedule = read("ежемесячно в течение учебного года", TWO)
    assert [o.due.month for o in schedule.occurrences] == [9, 10, 11, 12, 1, 2, 3, 4, 5] * 2


def test_weeks_of_the_teaching_year_leave_out_the_summer() -> None:
    """A week is the month most of its days are in: 26 May – 1 June is May's, the last kept."""
    schedule = read("еженедельно в течение учебного года", SY)
    assert not [o for o in schedule.occurrences if 6 <= (o.start or o.due).month <= 8 and o.due.month != 6]
    assert schedule.occurrences[-1].label == "неделя 26 мая – 1 июня 2025"
    assert schedule.occurrences[0].label == "неделя 2–8 сентября 2024"
    assert schedule.summary == "еженедельно (в течение 2024-2025 уч. г.: сентябрь – май)"


def test_a_written_school_year_outside_a_calendar_plan_is_named() -> None:
    schedule = read("ежемесячно в течение 2025-2026 учебного года", CAL)
    assert [o.due.month for o in schedule.occurrences] == [9, 10, 11, 12, 1, 2, 3, 4, 5]
    assert len(schedule.warnings) == 5  # January–May 2026, after the plan


TEXTS = sorted({r[0] for r in READINGS})


@pytest.mark.parametrize("text", TEXTS)
def test_every_label_and_summary_is_readable(text: str) -> None:
    for name, plan in {"SY": SY, "CAL": CAL, "TWO": TWO, "TERM": TERM}.items():
        schedule = read(text, plan)
        for shown in [schedule.summary, *(o.label for o in schedule.occurrences), *schedule.warnings]:
            wrong = [what for what, pattern in UNREADABLE.items() if pattern.search(shown)]
            assert not wrong, f"{name}: «{shown}» has {wrong}"


def test_teaching_months_then_a_summer_count_keep_both() -> None:
    """«ежемесячно в течение учебного года; в летний период – 1 раз»: the count is the summer part's, per year; the
    school year stays the monthly part's (its months were September – August and the summer again)."""
    schedule = read("ежемесячно в течение учебного года; в летний период – 1 раз", SY)
    assert labelled(schedule) == [*months(*TEACHING_SY), (D(2025, 6, 1), D(2025, 8, 31), "июнь – август 2025")]
    assert schedule.summary.startswith("ежемесячно (в течение 2024-2025 уч. г.: сентябрь – май); ежегодно")


@pytest.mark.parametrize(
    ("text", "reading"),
    [
        ("в течение года (не менее 4 раз)", "не менее 4 раз в год"),
        ("не менее 2 раз в течение учебного года", "не менее 2 раз в год"),
        ("ежегодно, 2 раза", "2 раза в год"),
    ],
)
def test_a_count_over_the_year_alone_stays_per_year(text: str, reading: str) -> None:
    assert read(text, SY).summary == reading


@pytest.mark.parametrize(
    ("text", "dues"),
    [
        (  # the weekday was lost before a period: «ежемесячно», each whole month
            "ежемесячно в последнюю пятницу в течение учебного года",
            [
                D(2024, 9, 27),
                D(2024, 10, 25),
                D(2024, 11, 29),
                D(2024, 12, 27),
                D(2025, 1, 31),
                D(2025, 2, 28),
                D(2025, 3, 28),
                D(2025, 4, 25),
                D(2025, 5, 30),
            ],
        ),
        (  # May's last Friday (30.05) is after the span: a day of the week is not moved
            "ежемесячно в последнюю пятницу с 15.09 по 15.05",
            [
                D(2024, 9, 27),
                D(2024, 10, 25),
                D(2024, 11, 29),
                D(2024, 12, 27),
                D(2025, 1, 31),
                D(2025, 2, 28),
                D(2025, 3, 28),
                D(2025, 4, 25),
            ],
        ),
        (
            "ежемесячно во вторую среду до 31.05.2025",
            [
                D(2024, 9, 11),
                D(2024, 10, 9),
                D(2024, 11, 13),
                D(2024, 12, 11),
                D(2025, 1, 8),
                D(2025, 2, 12),
                D(2025, 3, 12),
                D(2025, 4, 9),
                D(2025, 5, 14),
            ],
        ),
    ],
)
def test_a_weekday_of_each_month_before_its_period(text: str, dues: list[date]) -> None:
    schedule = read(text, SY)
    assert [o.due for o in schedule.occurrences] == dues
    assert all(o.start == o.due for o in schedule.occurrences)
