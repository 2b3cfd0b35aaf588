"""Deadline texts, round 17: a term's offset beside a report of its own («в течение 10 дней после окончания четверти;
отчет – до 20.12.2024»), counts per month («2 раза в месяц» is each half of each month), stage words that agree with the
noun written («входная диагностика» is said «(входная)», «этап» stays «(входной)»), and shorthand as methodists type it:
«в теч. 2 мес.», «по итогам мес.», «до 25 числа кажд. месяца», Roman months with no year («IX–V»), two dates joined by a
slash («12.2024/05.2025»)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from services.roadmap.schedules.parser import ScheduleKind, Stage
from tests.roadmap.test_schedule_texts_more import D, check_form
from tests.roadmap.test_schedule_texts_more_15 import PLANS, SY, UNREADABLE, Labelled, Plan, labelled, read

# (text, plan, kind, number of occurrences, [(start, due, label)] of the first three, summary)
READINGS: list[tuple[str, Plan, ScheduleKind, int, Labelled, str]] = [
    (
        "в течение 10 дней после окончания четверти; отчет – до 20.12.2024",
        SY,
        ScheduleKind.recurring,
        5,
        [
            (D(2024, 11, 1), D(2024, 11, 10), "01.11.2024 – 10.11.2024 (после 31.10.2024)"),
            (None, D(2024, 12, 20), "отчет: до 20.12.2024"),
            (D(2025, 1, 1), D(2025, 1, 10), "01.01.2025 – 10.01.2025 (после 31.12.2024)"),
        ],
        "в течение 10 дней после окончания каждой четверти; отчет – до 20.12.2024",
    ),
    (
        "в течение 10 дней после окончания четверти, отчет – до 20.12.2024",
        SY,
        ScheduleKind.recurring,
        5,
        [
            (D(2024, 11, 1), D(2024, 11, 10), "01.11.2024 – 10.11.2024 (после 31.10.2024)"),
            (None, D(2024, 12, 20), "отчет: до 20.12.2024"),
            (D(2025, 1, 1), D(2025, 1, 10), "01.01.2025 – 10.01.2025 (после 31.12.2024)"),
        ],
        "в течение 10 дней после окончания каждой четверти; отчет – до 20.12.2024",
    ),
    (
        "через 10 дней после окончания I четверти; отчет – до 20.12.2024",
        SY,
        ScheduleKind.dates,
        2,
        [
            (None, D(2024, 11, 10), "до 10.11.2024 (через 10 дней после 31.10.2024)"),
            (None, D(2024, 12, 20), "отчет: до 20.12.2024"),
        ],
        "до 10.11.2024 (через 10 дней после 31.10.2024); отчет – до 20.12.2024",
    ),
    (
        "в течение 10 дней после окончания четверти (до 20.01.2025)",
        SY,
        ScheduleKind.date,
        1,
        [(None, D(2025, 1, 20), "до 20.01.2025")],
        "до 20.01.2025 (в течение 10 дней после окончания четверти)",
    ),
    (
        "в течение 10 дней после окончания I полугодия, II полугодия",
        SY,
        ScheduleKind.dates,
        2,
        [
            (D(2025, 1, 1), D(2025, 1, 10), "01.01.2025 – 10.01.2025 (после 31.12.2024)"),
            (D(2025, 6, 1), D(2025, 6, 10), "01.06.2025 – 10.06.2025 (после 31.05.2025)"),
        ],
        "в течение 10 дней после окончания I полугодия 2024-2025 уч. г., II полугодия 2024-2025 уч. г.",
    ),
    (
        "до окончания I полугодия и учебного года",
        SY,
        ScheduleKind.dates,
        2,
        [
            (None, D(2024, 12, 31), "до конца I полугодия 2024-2025 уч. г."),
            (None, D(2025, 5, 31), "до конца учебного года"),
        ],
        "до конца I полугодия 2024-2025 уч. г., до конца учебного года",
    ),
    (
        "за 10 дней до окончания I полугодия и уч. года",
        SY,
        ScheduleKind.dates,
        2,
        [
            (None, D(2024, 12, 21), "до 21.12.2024 (за 10 дней до 31.12.2024)"),
            (None, D(2025, 5, 21), "до 21.05.2025 (за 10 дней до 31.05.2025)"),
        ],
        "за 10 дней до конца I полугодия 2024-2025 уч. г., учебного года",
    ),
    (
        "2 раза в месяц",
        SY,
        ScheduleKind.recurring,
        24,
        [
            (D(2024, 9, 1), D(2024, 9, 15), "1–15 сентября 2024"),
            (D(2024, 9, 16), D(2024, 9, 30), "16–30 сентября 2024"),
            (D(2024, 10, 1), D(2024, 10, 15), "1–15 октября 2024"),
        ],
        "2 раза в месяц",
    ),
    (
        "не реже 2 раз в мес.",
        SY,
        ScheduleKind.recurring,
        24,
        [
            (D(2024, 9, 1), D(2024, 9, 15), "1–15 сентября 2024"),
            (D(2024, 9, 16), D(2024, 9, 30), "16–30 сентября 2024"),
            (D(2024, 10, 1), D(2024, 10, 15), "1–15 октября 2024"),
        ],
        "не реже 2 раз в месяц",
    ),
    (
        "3 раза в месяц",
        SY,
        ScheduleKind.recurring,
        36,
        [
            (D(2024, 9, 1), D(2024, 9, 10), "1–10 сентября 2024"),
            (D(2024, 9, 11), D(2024, 9, 20), "11–20 сентября 2024"),
            (D(2024, 9, 21), D(2024, 9, 30), "21–30 сентября 2024"),
        ],
        "3 раза в месяц",
    ),
    (
        "сентябрь – входная диагностика, декабрь – промежуточная, май – итоговая",
        SY,
        ScheduleKind.staged,
        3,
        [
            (D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024"),
            (D(2024, 12, 1), D(2024, 12, 31), "декабрь 2024"),
            (D(2025, 5, 1), D(2025, 5, 31), "май 2025"),
        ],
        "сентябрь 2024 (входная), декабрь 2024 (промежуточная), май 2025 (итоговая)",
    ),
    (
        "проведение входной диагностики – сентябрь, итоговой – май",
        SY,
        ScheduleKind.staged,
        2,
        [(D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024"), (D(2025, 5, 1), D(2025, 5, 31), "май 2025")],
        "сентябрь 2024 (входная), май 2025 (итоговая)",
    ),
    (
        "входное тестирование – сентябрь, итоговое – май",
        SY,
        ScheduleKind.staged,
        2,
        [(D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024"), (D(2025, 5, 1), D(2025, 5, 31), "май 2025")],
        "сентябрь 2024 (входное), май 2025 (итоговое)",
    ),
    (
        "входные контрольные работы – сентябрь, итоговые – май",
        SY,
        ScheduleKind.staged,
        2,
        [(D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024"), (D(2025, 5, 1), D(2025, 5, 31), "май 2025")],
        "сентябрь 2024 (входные), май 2025 (итоговые)",
    ),
    (
        "сентябрь - входной контроль, май - итоговый контроль",
        SY,
        ScheduleKind.staged,
        2,
        [(D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024"), (D(2025, 5, 1), D(2025, 5, 31), "май 2025")],
        "сентябрь 2024 (входной), май 2025 (итоговый)",
    ),
    (
        "I этап – сентябрь, II этап – январь, III этап – май",
        SY,
        ScheduleKind.staged,
        3,
        [
            (D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024"),
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 5, 1), D(2025, 5, 31), "май 2025"),
        ],
        "сентябрь 2024 (входной), январь 2025 (промежуточный), май 2025 (итоговый)",
    ),
    ("в теч. 2 мес.", SY, ScheduleKind.on_request, 0, [], "без фиксированного срока: в течение 2 месяцев"),
    ("в течение 1 мес.", SY, ScheduleKind.on_request, 0, [], "без фиксированного срока: в течение 1 месяца"),
    ("в течение 2-х нед.", SY, ScheduleKind.on_request, 0, [], "без фиксированного срока: в течение 2-х недель"),
    ("через 2 мес.", SY, ScheduleKind.on_request, 0, [], "без фиксированного срока: через 2 месяца"),
    (
        "по итогам мес.",
        SY,
        ScheduleKind.recurring,
        12,
        [
            (D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024"),
            (D(2024, 10, 1), D(2024, 10, 31), "октябрь 2024"),
            (D(2024, 11, 1), D(2024, 11, 30), "ноябрь 2024"),
        ],
        "ежемесячно",
    ),
    (
        "до конца мес.",
        SY,
        ScheduleKind.recurring,
        12,
        [
            (None, D(2024, 9, 30), "30.09.2024 (сентябрь 2024)"),
            (None, D(2024, 10, 31), "31.10.2024 (октябрь 2024)"),
            (None, D(2024, 11, 30), "30.11.2024 (ноябрь 2024)"),
        ],
        "до конца каждого месяца",
    ),
    (
        "до 25 числа кажд. месяца",
        SY,
        ScheduleKind.recurring,
        12,
        [
            (None, D(2024, 9, 25), "до 25.09.2024"),
            (None, D(2024, 10, 25), "до 25.10.2024"),
            (None, D(2024, 11, 25), "до 25.11.2024"),
        ],
        "ежемесячно, до 25 числа",
    ),
    (
        "в конце кажд. четверти",
        SY,
        ScheduleKind.recurring,
        4,
        [
            (D(2024, 10, 25), D(2024, 10, 31), "25.10.2024 – 31.10.2024 (I четверть 2024-2025 уч. г.)"),
            (D(2024, 12, 25), D(2024, 12, 31), "25.12.2024 – 31.12.2024 (II четверть 2024-2025 уч. г.)"),
            (D(2025, 3, 25), D(2025, 3, 31), "25.03.2025 – 31.03.2025 (III четверть 2024-2025 уч. г.)"),
        ],
        "в конце каждой четверти",
    ),
    (
        "IX–V",
        SY,
        ScheduleKind.range,
        1,
        [(D(2024, 9, 1), D(2025, 5, 31), "сентябрь 2024 – май 2025")],
        "сентябрь 2024 – май 2025",
    ),
    (
        "XII-II",
        SY,
        ScheduleKind.range,
        1,
        [(D(2024, 12, 1), D(2025, 2, 28), "декабрь 2024 – февраль 2025")],
        "декабрь 2024 – февраль 2025",
    ),
    (
        "IX-XII, I-V",
        SY,
        ScheduleKind.dates,
        2,
        [
            (D(2024, 9, 1), D(2024, 12, 31), "сентябрь – декабрь 2024"),
            (D(2025, 1, 1), D(2025, 5, 31), "январь – май 2025"),
        ],
        "сентябрь – декабрь 2024, январь – май 2025",
    ),
    (
        "12.2024/05.2025",
        SY,
        ScheduleKind.dates,
        2,
        [(D(2024, 12, 1), D(2024, 12, 31), "декабрь 2024"), (D(2025, 5, 1), D(2025, 5, 31), "май 2025")],
        "декабрь 2024, май 2025",
    ),
]


@pytest.mark.parametrize(("text", "plan", "kind", "count", "first", "summary"), READINGS)
def test_reads_as_staff_mean_it(
    text: str, plan: Plan, kind: ScheduleKind, count: int, first: Labelled, summary: str
) -> None:
    schedule = read(text, plan)
    assert schedule.kind == kind
    assert len(schedule.occurrences) == count
    assert labelled(schedule)[:3] == first
    assert schedule.summary == summary
    assert schedule.text == text


# (text, kind, recurrence, [(start, due)]) read in the school year 2024-2025 by the shared `check_form`
FORMS: list[tuple[str, ScheduleKind, str | None, list[tuple[date | None, date]]]] = [
    ("по итогам нед.", ScheduleKind.on_request, None, []),
    ("до 20-го янв. 2025 г.", ScheduleKind.date, None, [(None, D(2025, 1, 20))]),
    ("до 5-го дек.", ScheduleKind.date, None, [(None, D(2024, 12, 5))]),
    ("к 1-му сент.", ScheduleKind.date, None, [(None, D(2024, 9, 1))]),
    ("на начало уч. г.", ScheduleKind.month, None, [(D(2024, 9, 1), D(2024, 9, 30))]),
    ("в середине уч. г.", ScheduleKind.month, None, [(D(2025, 1, 1), D(2025, 1, 31))]),
    ("до оконч. уч. года", ScheduleKind.date, None, [(None, D(2025, 5, 31))]),
    ("до заверш. уч. года", ScheduleKind.date, None, [(None, D(2025, 5, 31))]),
    ("на нач. уч. года", ScheduleKind.month, None, [(D(2024, 9, 1), D(2024, 9, 30))]),
    ("с нач. уч. года", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("в кажд. четверть", ScheduleKind.recurring, "quarterly", [
        (D(2024, 9, 1), D(2024, 10, 31)),
        (D(2024, 11, 1), D(2024, 12, 31)),
        (D(2025, 1, 1), D(2025, 3, 31)),
        (D(2025, 4, 1), D(2025, 5, 31)),
    ]),
    ("20.12.2024/20.05.2025", ScheduleKind.dates, None, [
        (D(2024, 12, 20), D(2024, 12, 20)),
        (D(2025, 5, 20), D(2025, 5, 20)),
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_form(text: str, kind: ScheduleKind, recurrence: str | None, expected: list[tuple[date | None, date]]) -> None:
    check_form(text, kind, recurrence, expected)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("2 раза в месяц по средам", {2}),
        ("2 раза в месяц, до 25 числа", None),
    ],
)
def test_a_count_per_month_with_its_days_named_keeps_them(text: str, days: set[int] | None) -> None:
    """The days written place the times: not cut into halves of each month."""
    dues = [o.due for o in read(text, SY).occurrences]
    if days is not None:
        assert {due.weekday() for due in dues} == days
        assert len(dues) == 24
    else:
        assert dues[:2] == [D(2024, 9, 25), D(2024, 10, 25)]


def test_stages_agree_with_the_noun_each_time_it_is_written() -> None:
    """Each stage takes its own noun; a stage word with no noun after it takes that of the others."""
    schedule = read("Сентябрь - входная д-ка, декабрь - промежуточная д-ка, май - итоговая д-ка", SY)
    assert [o.stage for o in schedule.occurrences] == [Stage.entry, Stage.interim, Stage.final]
    assert schedule.summary == "сентябрь 2024 (входная), декабрь 2024 (промежуточная), май 2025 (итоговая)"


@pytest.mark.parametrize("text", ["II-III четверть", "I-II", "III-IV"])
def test_roman_numerals_up_to_four_stay_periods(text: str) -> None:
    """«II-III» is terms (or half-years), not February–March: only a span with a month above IV is read as months."""
    assert "феврал" not in read(text, SY).summary


# --- every text in every plan reads as Russian

GARBLED = {
    "«после до»": re.compile(r"\bпосле до\b"),
    "«до конца» after a comma in an offset": re.compile(r"после окончания .*, до конца"),
    "a count before a nominative unit": re.compile(r"\b\d+(?:-х)? (?:месяц|неделю)\b(?! (?:до|после))"),
    "a masculine stage beside a feminine noun": re.compile(r"\((?:входной|итоговый|промежуточный)\)"),
}
FEMININE = {r[0] for r in READINGS if "диагност" in r[0]}
TEXTS = sorted({r[0] for r in READINGS} | {f[0] for f in FORMS})


@pytest.mark.parametrize("text", TEXTS)
def test_every_label_and_summary_is_readable(text: str) -> None:
    for name, plan in PLANS.items():
        schedule = read(text, plan)
        for shown in [schedule.summary, *(o.label for o in schedule.occurrences)]:
            wrong = [what for what, pattern in UNREADABLE.items() if pattern.search(shown)]
            garbled = [what for what, pattern in GARBLED.items() if pattern.search(shown)]
            if text not in FEMININE:
                garbled = [what for what in garbled if "stage" not in what]
            assert not wrong + garbled, f"{name}: «{shown}» has {wrong + garbled}"


# --- «не позднее N дней после …» is said as written: the due date is a limit, not a moment «через N дней»

LATEST: list[tuple[str, str, str]] = [
    (
        "не позднее 5 дней после окончания четверти",
        "не позднее 5 дней после окончания каждой четверти",
        "до 05.11.2024 (не позднее 5 дней после 31.10.2024)",
    ),
    (
        "не позднее 3 рабочих дней после окончания I полугодия",
        "до 13.01.2025 (не позднее 3 рабочих дней после 31.12.2024)",
        "до 13.01.2025 (не позднее 3 рабочих дней после 31.12.2024)",
    ),
    (
        "не позже 21 дня после окончания учебного года",
        "до 21.06.2025 (не позднее 21 дня после 31.05.2025)",
        "до 21.06.2025 (не позднее 21 дня после 31.05.2025)",
    ),
    (
        "не позднее 1 дня после окончания четверти",
        "не позднее 1 дня после окончания каждой четверти",
        "до 01.11.2024 (не позднее 1 дня после 31.10.2024)",
    ),
    (
        "не позднее чем 2 недели после окончания четверти",
        "не позднее 2 недель после окончания каждой четверти",
        "до 14.11.2024 (не позднее 2 недель после 31.10.2024)",
    ),
]


@pytest.mark.parametrize(("text", "summary", "first"), LATEST)
def test_a_limit_after_an_event_is_said_as_a_limit(text: str, summary: str, first: str) -> None:
    schedule = read(text, SY)
    assert (schedule.summary, schedule.occurrences[0].label) == (summary, first)
    assert "через" not in schedule.summary
    # the dates are those of «через …»: only the wording differs
    forward = read(
        text.replace("не позднее чем", "через").replace("не позднее", "через").replace("не позже", "через"), SY
    )
    assert [o.due for o in schedule.occurrences] == [o.due for o in forward.occurrences]
