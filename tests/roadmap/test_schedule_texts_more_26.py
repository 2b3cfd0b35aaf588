"""Deadline texts, round 26: the school's own words for its weeks, days and months («в течение первой учебной
недели», «последняя учебная неделя», «в первый учебный день», «в первый учебный месяц») are of the school year, as
«первая неделя учебного года» (before: the whole plan, or unread); «по итогам триместров», «в конце триместров» are
each trimester, as «четвертей» are; «по необходимости», «по запросу» beside a period are said before it («по
необходимости в течение 2024-2025 уч. г.», before: the period alone, as if all the year long); a month in brackets
after a term's start or end is when («к началу III четверти (январь)»: January, not both the day before the term and
January), and in a plan by calendar years a half-year whose month in brackets is not in the calendar half is the
school's («по окончании I полугодия (декабрь)»: December, not June and December). Kept as read (the brief's other
families): deadlines tied to school events, several dates in one cell, ranges across years, a year alone, terms in
other words, texts with no date. Round 19's «в течение учебного года по мере необходимости» now says its condition."""

from __future__ import annotations

import pytest

from services.roadmap.schedules.parser import ScheduleKind
from tests.roadmap.test_schedule_texts_more import D
from tests.roadmap.test_schedule_texts_more_15 import CAL, SY, TWO, UNREADABLE, Labelled, Plan, labelled, read

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

# (text, plan, kind, [(start, due, label)] of every occurrence, summary)
READINGS: list[tuple[str, Plan, ScheduleKind, Labelled, str]] = [
    # 1. «учебная неделя», «учебный день», «учебный месяц»: of the school year, as «первая неделя учебного года»
    (
        "в течение первой учебной недели",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2024, 9, 7), "01.09.2024 – 07.09.2024")],
        "01.09.2024 – 07.09.2024",
    ),
    (
        "в течение первой учебной недели",
        CAL,
        ScheduleKind.period,
        [(D(2025, 9, 1), D(2025, 9, 7), "01.09.2025 – 07.09.2025")],
        "01.09.2025 – 07.09.2025",
    ),
    (
        "первая учебная неделя",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2024, 9, 7), "01.09.2024 – 07.09.2024")],
        "01.09.2024 – 07.09.2024",
    ),
    (
        "в первую учебную неделю",
        CAL,
        ScheduleKind.range,
        [(D(2025, 9, 1), D(2025, 9, 7), "01.09.2025 – 07.09.2025")],
        "01.09.2025 – 07.09.2025",
    ),
    (
        "в первую учебную неделю.",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2024, 9, 7), "01.09.2024 – 07.09.2024")],
        "01.09.2024 – 07.09.2024",
    ),
    (
        "в течение последней учебной недели",
        SY,
        ScheduleKind.period,
        [(D(2025, 5, 25), D(2025, 5, 31), "25.05.2025 – 31.05.2025")],
        "25.05.2025 – 31.05.2025",
    ),
    (
        "последняя учебная неделя",
        CAL,
        ScheduleKind.range,
        [(D(2025, 5, 25), D(2025, 5, 31), "25.05.2025 – 31.05.2025")],
        "25.05.2025 – 31.05.2025",
    ),
    ("в первый учебный день", SY, ScheduleKind.date, [(D(2024, 9, 1), D(2024, 9, 1), "01.09.2024")], "01.09.2024"),
    (
        "в первые две учебные недели",
        SY,
        ScheduleKind.range,
        [(D(2024, 9, 1), D(2024, 9, 14), "01.09.2024 – 14.09.2024")],
        "01.09.2024 – 14.09.2024",
    ),
    (
        "в первый учебный месяц",
        CAL,
        ScheduleKind.month,
        [(D(2025, 9, 1), D(2025, 9, 30), "сентябрь 2025")],
        "сентябрь 2025",
    ),
    (
        "в течение первой учебной недели сентября",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2024, 9, 7), "01.09.2024 – 07.09.2024")],
        "01.09.2024 – 07.09.2024",
    ),
    (
        "в течение первой учебной недели (до 06.09)",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 9, 6), "до 06.09.2024")],
        "до 06.09.2024",
    ),
    # 2. «по итогам триместров», «в конце триместров»: each trimester's, as «четвертей» are read
    (
        "по итогам триместров",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 11, 30), "сентябрь – ноябрь 2024"),
            (D(2024, 12, 1), D(2025, 2, 28), "декабрь 2024 – февраль 2025"),
            (D(2025, 3, 1), D(2025, 5, 31), "март – май 2025"),
        ],
        "каждый триместр",
    ),
    (
        "по итогам триместров",
        CAL,
        ScheduleKind.recurring,
        [
            (D(2024, 12, 1), D(2025, 2, 28), "декабрь 2024 – февраль 2025"),
            (D(2025, 3, 1), D(2025, 5, 31), "март – май 2025"),
            (D(2025, 9, 1), D(2025, 11, 30), "сентябрь – ноябрь 2025"),
        ],
        "каждый триместр",
    ),
    (
        "по окончании триместров",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 11, 30), "сентябрь – ноябрь 2024"),
            (D(2024, 12, 1), D(2025, 2, 28), "декабрь 2024 – февраль 2025"),
            (D(2025, 3, 1), D(2025, 5, 31), "март – май 2025"),
        ],
        "каждый триместр",
    ),
    (
        "в конце триместров",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 11, 24), D(2024, 11, 30), "24.11.2024 – 30.11.2024 (сентябрь – ноябрь 2024)"),
            (D(2025, 2, 22), D(2025, 2, 28), "22.02.2025 – 28.02.2025 (декабрь 2024 – февраль 2025)"),
            (D(2025, 5, 25), D(2025, 5, 31), "25.05.2025 – 31.05.2025 (март – май 2025)"),
        ],
        "в конце каждого триместра",
    ),
    (
        "по итогам I, II, III триместров",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 11, 1), D(2024, 11, 30), "в конце I триместра 2024-2025 уч. г."),
            (D(2025, 2, 1), D(2025, 2, 28), "в конце II триместра 2024-2025 уч. г."),
            (D(2025, 5, 1), D(2025, 5, 31), "в конце III триместра 2024-2025 уч. г."),
        ],
        "в конце I триместра 2024-2025 уч. г., в конце II триместра 2024-2025 уч. г.,"
        " в конце III триместра 2024-2025 уч. г.",
    ),
    # 3. «по необходимости», «по запросу» beside a period: said before it, not left out
    (
        "по необходимости в течение года",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2025, 8, 31), "01.09.2024 – 31.08.2025")],
        "по необходимости в течение 2024-2025 уч. г.",
    ),
    (
        "по необходимости в течение года",
        CAL,
        ScheduleKind.period,
        [(D(2025, 1, 1), D(2025, 12, 31), "01.01.2025 – 31.12.2025")],
        "по необходимости в течение периода 01.01.2025 – 31.12.2025",
    ),
    (
        "по мере необходимости в течение учебного года",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2025, 8, 31), "01.09.2024 – 31.08.2025")],
        "по мере необходимости в течение 2024-2025 уч. г.",
    ),
    (
        "по запросу, в течение года",
        CAL,
        ScheduleKind.period,
        [(D(2025, 1, 1), D(2025, 12, 31), "01.01.2025 – 31.12.2025")],
        "по запросу в течение периода 01.01.2025 – 31.12.2025",
    ),
    (
        "в течение года (по запросу)",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2025, 8, 31), "01.09.2024 – 31.08.2025")],
        "по запросу в течение 2024-2025 уч. г.",
    ),
    (
        "в течение года по необходимости",
        CAL,
        ScheduleKind.period,
        [(D(2025, 1, 1), D(2025, 12, 31), "01.01.2025 – 31.12.2025")],
        "по необходимости в течение периода 01.01.2025 – 31.12.2025",
    ),
    (
        "при необходимости в течение всего периода",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2025, 8, 31), "01.09.2024 – 31.08.2025")],
        "при необходимости в течение 2024-2025 уч. г.",
    ),
    # 4. a month in brackets after a term's start or end is when (a half-year the school's, when the month says so)
    (
        "к началу III четверти (январь)",
        SY,
        ScheduleKind.month,
        [(D(2025, 1, 1), D(2025, 1, 31), "январь 2025")],
        "январь 2025",
    ),
    (
        "к началу III четверти (январь)",
        CAL,
        ScheduleKind.month,
        [(D(2025, 1, 1), D(2025, 1, 31), "январь 2025")],
        "январь 2025",
    ),
    (
        "к началу II полугодия (январь)",
        SY,
        ScheduleKind.month,
        [(D(2025, 1, 1), D(2025, 1, 31), "январь 2025")],
        "январь 2025",
    ),
    (
        "к началу II полугодия (январь)",
        CAL,
        ScheduleKind.month,
        [(D(2025, 1, 1), D(2025, 1, 31), "январь 2025")],
        "январь 2025",
    ),
    (
        "по окончании I полугодия (декабрь)",
        SY,
        ScheduleKind.month,
        [(D(2024, 12, 1), D(2024, 12, 31), "декабрь 2024")],
        "декабрь 2024",
    ),
    (
        "по окончании I полугодия (декабрь)",
        CAL,
        ScheduleKind.month,
        [(D(2025, 12, 1), D(2025, 12, 31), "декабрь 2025")],
        "декабрь 2025",
    ),
    (
        "в конце I полугодия (декабрь)",
        CAL,
        ScheduleKind.month,
        [(D(2025, 12, 1), D(2025, 12, 31), "декабрь 2025")],
        "декабрь 2025",
    ),
    (
        "в начале II полугодия (январь)",
        CAL,
        ScheduleKind.month,
        [(D(2025, 1, 1), D(2025, 1, 31), "январь 2025")],
        "январь 2025",
    ),
    (
        "по итогам I четверти (октябрь)",
        CAL,
        ScheduleKind.month,
        [(D(2025, 10, 1), D(2025, 10, 31), "октябрь 2025")],
        "октябрь 2025",
    ),
    (
        "до начала учебного года (август)",
        CAL,
        ScheduleKind.month,
        [(D(2025, 8, 1), D(2025, 8, 31), "август 2025")],
        "август 2025",
    ),
    # 5. already read as a user expects, kept
    ("к педсовету в августе", SY, ScheduleKind.month, [(D(2025, 8, 1), D(2025, 8, 31), "август 2025")], "август 2025"),
    (
        "к августовскому педсовету",
        CAL,
        ScheduleKind.month,
        [(D(2025, 8, 1), D(2025, 8, 31), "август 2025")],
        "август 2025",
    ),
    (
        "к началу II полугодия",
        SY,
        ScheduleKind.date,
        [(None, D(2024, 12, 31), "до начала II полугодия 2024-2025 уч. г.")],
        "до начала II полугодия 2024-2025 уч. г.",
    ),
    (
        "по окончании I четверти",
        SY,
        ScheduleKind.range,
        [(D(2024, 10, 1), D(2024, 10, 31), "в конце I четверти 2024-2025 уч. г.")],
        "в конце I четверти 2024-2025 уч. г.",
    ),
    (
        "по окончании I четверти",
        CAL,
        ScheduleKind.range,
        [(D(2025, 10, 1), D(2025, 10, 31), "в конце I четверти 2025-2026 уч. г.")],
        "в конце I четверти 2025-2026 уч. г.",
    ),
    (
        "за 2 недели до начала ГИА",
        SY,
        ScheduleKind.on_request,
        [],
        "без фиксированного срока: за 2 недели до начала ГИА",
    ),
    (
        "до окончания учебного года",
        SY,
        ScheduleKind.date,
        [(None, D(2025, 5, 31), "до 31.05.2025")],
        "до 31.05.2025 (конец учебного года — конец мая)",
    ),
    (
        "в первую неделю после осенних каникул",
        SY,
        ScheduleKind.range,
        [(D(2024, 11, 11), D(2024, 11, 17), "11.11.2024 – 17.11.2024 (после 10.11.2024)")],
        "11.11.2024 – 17.11.2024 (после 10.11.2024)",
    ),
    (
        "до 1 числа месяца, следующего за кварталом",
        SY,
        ScheduleKind.recurring,
        [
            (None, D(2024, 10, 1), "до 01.10.2024 (за III квартал 2024)"),
            (None, D(2025, 1, 1), "до 01.01.2025 (за IV квартал 2024)"),
            (None, D(2025, 4, 1), "до 01.04.2025 (за I квартал 2025)"),
            (None, D(2025, 7, 1), "до 01.07.2025 (за II квартал 2025)"),
        ],
        "ежеквартально, до 1 числа месяца, следующего за кварталом",
    ),
    (
        "15.10.2024, 15.01.2025, 15.04.2025",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 10, 15), D(2024, 10, 15), "15.10.2024"),
            (D(2025, 1, 15), D(2025, 1, 15), "15.01.2025"),
            (D(2025, 4, 15), D(2025, 4, 15), "15.04.2025"),
        ],
        "15.10.2024, 15.01.2025, 15.04.2025",
    ),
    (
        "октябрь, январь, апрель (по итогам четвертей)",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 10, 1), D(2024, 10, 31), "октябрь 2024"),
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 4, 1), D(2025, 4, 30), "апрель 2025"),
        ],
        "каждую четверть в октябре, январе и апреле",
    ),
    (
        "до 20.12.2024; до 20.05.2025",
        SY,
        ScheduleKind.dates,
        [(None, D(2024, 12, 20), "до 20.12.2024"), (None, D(2025, 5, 20), "до 20.05.2025")],
        "до 20.12.2024, до 20.05.2025",
    ),
    (
        "декабрь 2024 – январь 2025",
        CAL,
        ScheduleKind.range,
        [(D(2024, 12, 1), D(2025, 1, 31), "декабрь 2024 – январь 2025")],
        "декабрь 2024 – январь 2025",
    ),
    (
        "с ноября по март",
        SY,
        ScheduleKind.range,
        [(D(2024, 11, 1), D(2025, 3, 31), "ноябрь 2024 – март 2025")],
        "ноябрь 2024 – март 2025",
    ),
    (
        "с декабря 2024 по январь 2025",
        SY,
        ScheduleKind.range,
        [(D(2024, 12, 1), D(2025, 1, 31), "декабрь 2024 – январь 2025")],
        "декабрь 2024 – январь 2025",
    ),
    ("2025", CAL, ScheduleKind.period, [(D(2025, 1, 1), D(2025, 12, 31), "2025 год")], "2025 год"),
    ("2025 г.", CAL, ScheduleKind.period, [(D(2025, 1, 1), D(2025, 12, 31), "2025 год")], "2025 год"),
    ("в 2025 году", CAL, ScheduleKind.period, [(D(2025, 1, 1), D(2025, 12, 31), "2025 год")], "2025 год"),
    (
        "в течение 2025 года",
        CAL,
        ScheduleKind.period,
        [(D(2025, 1, 1), D(2025, 12, 31), "2025 год")],
        "в течение 2025 года",
    ),
    (
        "2024–2026 гг.",
        CAL,
        ScheduleKind.period,
        [(D(2024, 1, 1), D(2026, 12, 31), "2024–2026 гг.")],
        "2024–2026 гг.",
    ),  # with a warning: 2024 and 2026 are outside the plan
    (
        "по итогам триместра",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 11, 30), "сентябрь – ноябрь 2024"),
            (D(2024, 12, 1), D(2025, 2, 28), "декабрь 2024 – февраль 2025"),
            (D(2025, 3, 1), D(2025, 5, 31), "март – май 2025"),
        ],
        "каждый триместр",
    ),
    (
        "в начале учебного года",
        SY,
        ScheduleKind.month,
        [(D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024")],
        "сентябрь 2024",
    ),
    (
        "в середине учебного года",
        CAL,
        ScheduleKind.month,
        [(D(2025, 1, 1), D(2025, 1, 31), "январь 2025")],
        "январь 2025",
    ),
    (
        "до 15 октября, 15 января, 15 апреля",
        SY,
        ScheduleKind.dates,
        [
            (None, D(2024, 10, 15), "до 15.10.2024"),
            (None, D(2025, 1, 15), "до 15.01.2025"),
            (None, D(2025, 4, 15), "до 15.04.2025"),
        ],
        "до 15.10.2024, до 15.01.2025, до 15.04.2025",
    ),
    ("по необходимости", SY, ScheduleKind.on_request, [], "без фиксированного срока: по необходимости"),
    ("по запросу", CAL, ScheduleKind.on_request, [], "без фиксированного срока: по запросу"),
    ("по отдельному графику", SY, ScheduleKind.on_request, [], "без фиксированного срока: по отдельному графику"),
    (
        "постоянно",
        CAL,
        ScheduleKind.period,
        [(D(2025, 1, 1), D(2025, 12, 31), "01.01.2025 – 31.12.2025")],
        "в течение периода 01.01.2025 – 31.12.2025",
    ),
    (
        "в течение всего периода",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2025, 8, 31), "01.09.2024 – 31.08.2025")],
        "в течение 2024-2025 уч. г.",
    ),
    (
        "весь период",
        CAL,
        ScheduleKind.period,
        [(D(2025, 1, 1), D(2025, 12, 31), "01.01.2025 – 31.12.2025")],
        "в течение периода 01.01.2025 – 31.12.2025",
    ),
]


@pytest.mark.parametrize(("text", "plan", "kind", "occurrences", "summary"), READINGS)
def test_reading(text: str, plan: Plan, kind: ScheduleKind, occurrences: Labelled, summary: str) -> None:
    schedule = read(text, plan)
    assert schedule.text == text
    assert (schedule.kind, labelled(schedule), schedule.summary) == (kind, occurrences, summary)


# 1. the school's week, day and month read as the same words «… учебного года» do, in every plan
@pytest.mark.parametrize(
    ("school", "of_year"),
    [
        ("в течение первой учебной недели", "в течение первой недели учебного года"),
        ("в первую учебную неделю", "в первую неделю учебного года"),
        ("последняя учебная неделя", "последняя неделя учебного года"),
        ("в первые 2 учебные недели", "в первые 2 недели учебного года"),
        ("в первый учебный месяц", "в первый месяц учебного года"),
        ("в первый учебный день", "в первый день учебного года"),
    ],
)
def test_a_school_week_reads_as_the_week_of_the_school_year(school: str, of_year: str) -> None:
    for plan in (SY, CAL, TWO):
        written, spelt = read(school, plan), read(of_year, plan)
        assert (written.kind, labelled(written), written.summary) == (spelt.kind, labelled(spelt), spelt.summary)
        assert written.kind not in (ScheduleKind.unparsed, ScheduleKind.period) or labelled(written)[0][1].month == 9


# 1. a school day of a term is still the term's, not the school year's
def test_the_last_school_day_of_a_term_is_the_terms() -> None:
    for plan in (SY, CAL):
        school, plain = read("в последний учебный день четверти", plan), read("в последний день четверти", plan)
        assert labelled(school) == labelled(plain) and len(labelled(school)) == 4


# 3. a condition written alone names no date, as before; beside a period it is said with it
@pytest.mark.parametrize("condition", ["по необходимости", "по мере необходимости", "при необходимости", "по запросу"])
def test_a_condition_beside_a_period_is_said(condition: str) -> None:
    for plan in (SY, CAL):
        alone, beside = read(condition, plan), read(f"{condition} в течение года", plan)
        assert (alone.kind, alone.occurrences) == (ScheduleKind.on_request, [])
        assert beside.kind == ScheduleKind.period and beside.summary.startswith(f"{condition} в течение ")
        assert labelled(beside) == labelled(read("в течение года", plan))


TEXTS = sorted({r[0] for r in READINGS})


@pytest.mark.parametrize("text", TEXTS)
def test_every_label_and_summary_is_readable(text: str) -> None:
    for name, plan in {"SY": SY, "CAL": CAL, "TWO": TWO}.items():
        schedule = read(text, plan)
        for shown in [schedule.summary, *(o.label for o in schedule.occurrences), *schedule.warnings]:
            wrong = [what for what, pattern in UNREADABLE.items() if pattern.search(shown)]
            assert not wrong, f"{name}: «{shown}» has {wrong}"
