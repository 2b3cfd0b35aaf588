"""Deadline texts, round 23: a report due in the month after the one reported on, in a span of days («ежемесячно до 5
числа месяца, следующего за отчетным, с 15.09 по 15.05»), reports on each month of the span — May's too, due 05.06
(the span bounds the months reported on, not the due dates); «в течение учебного года ежемесячно, в летний период – 1
раз» with a comma reads as with a semicolon, and a summer part of its own («1 раз в месяц; в летний период – 1 раз»)
takes the summer months from the monthly one beside it; «январь – февраль 2025 года, далее ежегодно» is those months
of each later year (not once in each school year), and «сентябрь 2024, далее ежегодно» in a plan with no later
September keeps its words."""

from __future__ import annotations

import pytest

from services.roadmap.schedules.parser import ScheduleKind
from tests.roadmap.test_schedule_texts_more import D
from tests.roadmap.test_schedule_texts_more_15 import CAL, SY, TWO, UNREADABLE, Labelled, Plan, labelled, read
from tests.roadmap.test_schedule_texts_more_22 import TEACHING_SY, months

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

CAL2: Plan = (None, (D(2025, 1, 1), D(2026, 12, 31)))  # two calendar years


def reports(*pairs: tuple[int, int], day: int = 5) -> Labelled:
    """A report on each month, due by `day` of the month after it, labelled by the month reported on."""
    return [
        (None, D(y + m // 12, m % 12 + 1, day), f"до {day:02d}.{m % 12 + 1:02d}.{y + m // 12} (за {label})")
        for (y, m), (_, _, label) in zip(pairs, months(*pairs), strict=True)
    ]


SUMMER = (D(2025, 6, 1), D(2025, 8, 31), "июнь – август 2025")
SUMMER_SAID = "ежегодно с июня по август (летние каникулы — обычные сроки, точные даты по календарному графику школы)"

# (text, plan, kind, [(start, due, label)] of every occurrence, summary)
READINGS: list[tuple[str, Plan, ScheduleKind, Labelled, str]] = [
    # 1. the span bounds the months reported on: May's report, due 05.06, is kept
    (
        "ежемесячно до 5 числа месяца, следующего за отчетным, с 15.09 по 15.05",
        SY,
        ScheduleKind.recurring,
        reports(*TEACHING_SY),
        "ежемесячно, до 5 числа следующего месяца",
    ),
    (
        "ежемесячно, до 5 числа месяца, следующего за отчетным, с 01.09.2024 по 31.05.2025",
        SY,
        ScheduleKind.recurring,
        reports(*TEACHING_SY),
        "ежемесячно, до 5 числа следующего месяца",
    ),
    (  # a span from 25.09 reports on September too (its days of it)
        "ежемесячно до 5 числа месяца, следующего за отчетным, с 25.09 по 15.05",
        SY,
        ScheduleKind.recurring,
        reports(*TEACHING_SY),
        "ежемесячно, до 5 числа следующего месяца",
    ),
    (  # as the months written read already
        "ежемесячно до 5 числа месяца, следующего за отчетным, с сентября по май",
        SY,
        ScheduleKind.recurring,
        reports(*TEACHING_SY),
        "ежемесячно, до 5 числа следующего месяца с сентября по май",
    ),
    (  # in a calendar plan: January–May and September–December, December's report due in January after the plan
        "ежемесячно до 5 числа месяца, следующего за отчетным, с 15.09 по 15.05",
        CAL,
        ScheduleKind.recurring,
        reports(*[(2025, m) for m in (1, 2, 3, 4, 5, 9, 10, 11, 12)]),
        "ежемесячно, до 5 числа следующего месяца",
    ),
    (
        "с 1 по 5 число месяца, следующего за отчетным, с 01.09.2024 по 31.05.2025",
        SY,
        ScheduleKind.recurring,
        [
            (D(y + m // 12, m % 12 + 1, 1), D(y + m // 12, m % 12 + 1, 5), f"{start} (за {label})")
            for (y, m), (_, _, label) in zip(TEACHING_SY, months(*TEACHING_SY), strict=True)
            for start in [f"01.{m % 12 + 1:02d}.{y + m // 12} – 05.{m % 12 + 1:02d}.{y + m // 12}"]
        ],
        "ежемесячно, с 1 по 5 число следующего месяца",
    ),
    # 2. a summer count after a comma, as after a semicolon
    (
        "в течение учебного года ежемесячно, в летний период – 1 раз",
        SY,
        ScheduleKind.recurring,
        [*months(*TEACHING_SY), SUMMER],
        f"ежемесячно (в течение 2024-2025 уч. г.: сентябрь – май); {SUMMER_SAID}",
    ),
    (
        "ежемесячно в течение учебного года, в летний период - 1 раз",
        SY,
        ScheduleKind.recurring,
        [*months(*TEACHING_SY), SUMMER],
        f"ежемесячно (в течение 2024-2025 уч. г.: сентябрь – май); {SUMMER_SAID}",
    ),
    (  # a need in summer after a comma: a part of its own too
        "ежемесячно в течение учебного года, в летний период – по необходимости",
        SY,
        ScheduleKind.recurring,
        [*months(*TEACHING_SY), SUMMER],
        "ежемесячно (в течение 2024-2025 уч. г.: сентябрь – май); июнь – август 2025 (летние каникулы — обычные сроки,"
        " точные даты по календарному графику школы)",
    ),
    (  # a summer part of its own takes the summer months from the monthly one (not June, July, August and once more)
        "1 раз в месяц; в летний период – 1 раз",
        SY,
        ScheduleKind.recurring,
        [*months(*TEACHING_SY), SUMMER],
        "ежемесячно (кроме летнего периода); июнь – август 2025 (летние каникулы — обычные сроки, точные даты по"
        " календарному графику школы)",
    ),
    (
        "1 раз в месяц, в летний период – 1 раз",
        CAL,
        ScheduleKind.recurring,
        [*months(*[(2025, m) for m in (1, 2, 3, 4, 5)]), SUMMER, *months(*[(2025, m) for m in (9, 10, 11, 12)])],
        "ежемесячно (кроме летнего периода); июнь – август 2025 (летние каникулы — обычные сроки, точные даты по"
        " календарному графику школы)",
    ),
    (
        "ежемесячно; летом – по необходимости",
        SY,
        ScheduleKind.recurring,
        [*months(*TEACHING_SY), SUMMER],
        "ежемесячно (кроме летнего периода); июнь – август 2025",
    ),
    # 3. months, then «далее ежегодно»: the same months of each later year
    (
        "январь – февраль 2025 года, далее ежегодно",
        TWO,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 2, 28), "январь – февраль 2025"),
            (D(2026, 1, 1), D(2026, 2, 28), "январь – февраль 2026"),
        ],
        "январь – февраль 2025, далее ежегодно с января по февраль",
    ),
    (
        "январь – февраль 2025 года и далее ежегодно",
        CAL2,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 2, 28), "январь – февраль 2025"),
            (D(2026, 1, 1), D(2026, 2, 28), "январь – февраль 2026"),
        ],
        "январь – февраль 2025, далее ежегодно с января по февраль",
    ),
    (
        "ноябрь – декабрь 2024 г., далее ежегодно",
        TWO,
        ScheduleKind.recurring,
        [
            (D(2024, 11, 1), D(2024, 12, 31), "ноябрь – декабрь 2024"),
            (D(2025, 11, 1), D(2025, 12, 31), "ноябрь – декабрь 2025"),
        ],
        "ноябрь – декабрь 2024, далее ежегодно с ноября по декабрь",
    ),
    # … and with no later one inside the plan, the words stay
    (
        "сентябрь 2024 г., далее – ежегодно",
        SY,
        ScheduleKind.recurring,
        [(D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024")],
        "сентябрь 2024, далее ежегодно в сентябре",
    ),
    (
        "январь – февраль 2025 года, далее ежегодно",
        SY,
        ScheduleKind.recurring,
        [(D(2025, 1, 1), D(2025, 2, 28), "январь – февраль 2025")],
        "январь – февраль 2025, далее ежегодно с января по февраль",
    ),
]


@pytest.mark.parametrize(("text", "plan", "kind", "occurrences", "summary"), READINGS)
def test_reading(text: str, plan: Plan, kind: ScheduleKind, occurrences: Labelled, summary: str) -> None:
    schedule = read(text, plan)
    assert schedule.text == text
    assert (schedule.kind, labelled(schedule), schedule.summary) == (kind, occurrences, summary)


def test_a_report_after_the_plan_is_named() -> None:
    """December's report of a calendar plan is due 05.01.2026, after the plan: kept, and named in a warning."""
    schedule = read("ежемесячно до 5 числа месяца, следующего за отчетным, с 15.09 по 15.05", CAL)
    assert schedule.warnings == [
        "Срок «до 05.01.2026 (за декабрь 2025)»: 05.01.2026 — вне периода плана 01.01.2025 – 31.12.2025"
    ]


def test_a_deadline_span_still_bounds_the_due_dates() -> None:
    """A monthly day with no report in the month after («ежемесячно до 20 числа с 15.09 по 15.05») keeps round 22's
    reading: May's due by the span's end."""
    schedule = read("ежемесячно до 20 числа с 15.09 по 15.05", SY)
    assert schedule.occurrences[-1].due == D(2025, 5, 15)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("ежегодно, 2 раза", ["ежегодно, 2 раза"]),  # a count per year, not a part of its own
        ("ежемесячно, 2 раза", ["ежемесячно, 2 раза"]),
        ("в течение года, 1 раз в четверть", ["в течение года, 1 раз в четверть"]),
        ("еженедельно, в каникулы – 1 раз в месяц", ["еженедельно", " в каникулы – 1 раз в месяц"]),
    ],
)
def test_only_a_time_then_its_count_is_a_part_of_its_own(text: str, parts: list[str]) -> None:
    """After a recurrence and a comma, «<when> – <count>» is a part of its own; a count alone stays the whole's."""
    from services.roadmap.schedules.parser.rules import _list_parts

    assert _list_parts(text) == parts


TEXTS = sorted({r[0] for r in READINGS})


@pytest.mark.parametrize("text", TEXTS)
def test_every_label_and_summary_is_readable(text: str) -> None:
    for name, plan in {"SY": SY, "CAL": CAL, "TWO": TWO, "CAL2": CAL2}.items():
        schedule = read(text, plan)
        for shown in [schedule.summary, *(o.label for o in schedule.occurrences), *schedule.warnings]:
            wrong = [what for what, pattern in UNREADABLE.items() if pattern.search(shown)]
            assert not wrong, f"{name}: «{shown}» has {wrong}"
