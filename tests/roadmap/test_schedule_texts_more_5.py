"""Deadline texts as methodists write them, read with general rules: every other week on a named day; every n days,
weeks or months; a deadline then a start with no end («до 1 апреля, с 15 мая»); a day of the year after the one
reported on («не позднее 20 января года, следующего за отчетным»); a weekday of each month written in the plural
(«по последним пятницам»); months listed before the school year they are of; the start and the end of a written
school year; the first week after holidays or a term."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.roadmap.schedules.parser import ScheduleKind, _parse, month_bounds
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form, months

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

CALENDAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
CALENDAR_2024_2026 = (date(2024, 1, 1), date(2026, 12, 31))
YEAR_END = D(2025, 8, 31)


def every_other(first: date, *more: date) -> Expected:
    """One-day occurrences every 14 days from each first day to the end of the school year 2024-2025."""
    days = [day + timedelta(weeks=2 * n) for day in (first, *more) for n in range(27)]
    return sorted((day, day) for day in days if day <= YEAR_END)


def every_days(count: int) -> Expected:
    """Windows of `count` days from 1 September 2024 due by the end of the school year 2024-2025."""
    spans: Expected = []
    start = D(2024, 9, 1)
    while start + timedelta(days=count - 1) <= YEAR_END:
        spans.append((start, start + timedelta(days=count - 1)))
        start += timedelta(days=count)
    return spans


def last_fridays() -> Expected:
    """The last Friday of each month of the school year 2024-2025."""
    days = []
    for year, month in [(2024, m) for m in range(9, 13)] + [(2025, m) for m in range(1, 9)]:
        end = month_bounds(year, month)[1]
        days.append(end - timedelta(days=(end.weekday() - 4) % 7))
    return [(day, day) for day in days]


# (text, kind, recurrence, [(start, due)]) with the school year 2024-2025 and its default period.
FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # every other week on a named day: from its first day in the period
    ("каждые две недели по пятницам", ScheduleKind.recurring, "biweekly", every_other(D(2024, 9, 6))),
    ("каждые 2 недели по пятницам", ScheduleKind.recurring, "biweekly", every_other(D(2024, 9, 6))),
    ("раз в две недели (пятница)", ScheduleKind.recurring, "biweekly", every_other(D(2024, 9, 6))),
    ("1 раз в 2 недели, по понедельникам", ScheduleKind.recurring, "biweekly", every_other(D(2024, 9, 2))),
    (
        "каждые 2 недели по средам и пятницам",
        ScheduleKind.recurring,
        "biweekly",
        every_other(D(2024, 9, 4), D(2024, 9, 6)),
    ),
    # every n days, weeks or months
    ("каждые 3 дня", ScheduleKind.recurring, "every_n_days", every_days(3)),
    ("раз в 3 дня", ScheduleKind.recurring, "every_n_days", every_days(3)),
    ("1 раз в 5 дней", ScheduleKind.recurring, "every_n_days", every_days(5)),
    ("каждые 3 недели", ScheduleKind.recurring, "every_n_days", every_days(21)),
    (
        "раз в 4 месяца",
        ScheduleKind.recurring,
        "every_n_months",
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 4, 30)), (D(2025, 5, 1), D(2025, 8, 31))],
    ),
    (
        "1 раз в 4 месяца",
        ScheduleKind.recurring,
        "every_n_months",
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 4, 30)), (D(2025, 5, 1), D(2025, 8, 31))],
    ),
    (
        "каждые 5 месяцев",
        ScheduleKind.recurring,
        "every_n_months",
        [(D(2024, 9, 1), D(2025, 1, 31)), (D(2025, 2, 1), D(2025, 6, 30))],
    ),
    ("каждые 3 дня в течение сентября", ScheduleKind.recurring, "every_n_days", every_days(3)[:10]),
    # named codes the same counts already have
    (
        "каждые 7 дней",
        ScheduleKind.recurring,
        "weekly",
        [(D(2024, 8, 26) + timedelta(weeks=n), D(2024, 9, 1) + timedelta(weeks=n)) for n in range(53)],
    ),
    (
        "каждые 14 дней",
        ScheduleKind.recurring,
        "biweekly",
        [(D(2024, 8, 26) + timedelta(weeks=2 * n), D(2024, 9, 8) + timedelta(weeks=2 * n)) for n in range(26)],
    ),
    (
        "каждые 6 месяцев",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))],
    ),
    # a deadline, then a start with no end: both
    ("до 1 апреля, с 15 мая", ScheduleKind.dates, None, [(None, D(2025, 4, 1)), (D(2025, 5, 15), YEAR_END)]),
    ("до 1 октября, с 1 ноября", ScheduleKind.dates, None, [(None, D(2024, 10, 1)), (D(2024, 11, 1), YEAR_END)]),
    ("до 15.09.2024, с 01.10.2024", ScheduleKind.dates, None, [(None, D(2024, 9, 15)), (D(2024, 10, 1), YEAR_END)]),
    (
        "с 1 по 15 апреля, с 15 мая",
        ScheduleKind.dates,
        None,
        [(D(2025, 4, 1), D(2025, 4, 15)), (D(2025, 5, 15), YEAR_END)],
    ),
    ("март, с 15 мая", ScheduleKind.dates, None, [month_bounds(2025, 3), (D(2025, 5, 15), YEAR_END)]),
    (
        "до 1 апреля, c 15 мая",
        ScheduleKind.dates,
        None,
        [(None, D(2025, 4, 1)), (D(2025, 5, 15), YEAR_END)],
    ),  # Latin «c»
    (
        "до 1 апреля, с 15 по 20 мая",
        ScheduleKind.dates,
        None,
        [(None, D(2025, 4, 1)), (D(2025, 5, 15), D(2025, 5, 20))],
    ),
    # the year after the calendar year reported on: in a school year, the January after its December
    ("не позднее 20 января года, следующего за отчетным", ScheduleKind.date, None, [(None, D(2025, 1, 20))]),
    ("до 20 января года, следующего за отчётным годом", ScheduleKind.date, None, [(None, D(2025, 1, 20))]),
    ("не позднее 15 февраля года, следующего за отчетным", ScheduleKind.date, None, [(None, D(2025, 2, 15))]),
    ("ежегодно до 20 января года, следующего за отчетным", ScheduleKind.recurring, "yearly", [(None, D(2025, 1, 20))]),
    # a weekday of each month in the plural
    ("ежемесячно по последним пятницам", ScheduleKind.recurring, "monthly", last_fridays()),
    ("по последним пятницам месяца", ScheduleKind.recurring, "monthly", last_fridays()),
    # months listed before the school year they are of
    ("сентябрь, май (2025-2026)", ScheduleKind.dates, None, months((2025, 9), (2026, 5))),
    ("сентябрь, май 2025-2026 уч. г.", ScheduleKind.dates, None, months((2025, 9), (2026, 5))),
    ("декабрь и май (2025/2026 уч.г.)", ScheduleKind.dates, None, months((2025, 12), (2026, 5))),
    ("сентябрь, май 2025-2026 учебного года", ScheduleKind.dates, None, months((2025, 9), (2026, 5))),
    # the start and the end of the school year, «на» repeated or with the school year written
    ("на начало и на конец учебного года", ScheduleKind.dates, None, months((2024, 9), (2025, 5))),
    ("на начало и конец 2025-2026 учебного года", ScheduleKind.dates, None, months((2025, 9), (2026, 5))),
    ("в начале и в конце 2025/2026 уч. года", ScheduleKind.dates, None, months((2025, 9), (2026, 5))),
    # the first week after named holidays or after each term, as «в течение первой недели после …»
    ("в первую неделю после зимних каникул", ScheduleKind.range, None, [(D(2025, 1, 11), D(2025, 1, 17))]),
    ("первая неделя после осенних каникул", ScheduleKind.range, None, [(D(2024, 11, 11), D(2024, 11, 17))]),
    (
        "в течение первой недели после осенних каникул",
        ScheduleKind.range,
        None,
        [(D(2024, 11, 11), D(2024, 11, 17))],
    ),
    (
        "в первую неделю после окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        [(d, d + timedelta(days=6)) for d in (D(2024, 11, 1), D(2025, 1, 1), D(2025, 4, 1), D(2025, 6, 1))],
    ),
    ("Первая неделя после окончания I полугодия", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 1, 7))]),
    # a month in brackets after «по окончании …» is when, after it
    ("по окончании учебного года (июнь)", ScheduleKind.month, None, months((2025, 6))),
    ("по окончании I полугодия (январь)", ScheduleKind.month, None, months((2025, 1))),
    # which holidays is not said: no date
    ("в первую неделю после каникул", ScheduleKind.on_request, None, []),
    ("в течение первой недели после каникул", ScheduleKind.on_request, None, []),
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS)
def test_forms(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("каждые две недели по пятницам", "1 раз в 2 недели по пятницам"),
        ("каждые 3 дня", "1 раз в 3 дня"),
        ("каждые 5 дней", "1 раз в 5 дней"),
        ("каждые 3 недели", "1 раз в 3 недели"),
        ("раз в 4 месяца", "1 раз в 4 месяца"),
        ("раз в 5 месяцев", "1 раз в 5 месяцев"),
        ("до 1 апреля, с 15 мая", "до 01.04.2025; с 15.05.2025"),
        ("ежемесячно по последним пятницам", "ежемесячно, в последнюю пятницу месяца"),
        (
            "не позднее 20 января года, следующего за отчетным",
            "до 20.01.2025 (за 2024 год): до 20 января года, следующего за отчетным",
        ),
    ],
)
def test_summaries(text: str, summary: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).summary == summary


@pytest.mark.parametrize(
    ("text", "period", "kind", "dues"),
    [
        # a calendar year reported on: due in the next one, kept with a warning
        ("не позднее 20 января года, следующего за отчетным", CALENDAR_2025, ScheduleKind.date, [D(2026, 1, 20)]),
        # several years: each one's report, the next January
        (
            "не позднее 20 января года, следующего за отчетным",
            CALENDAR_2024_2026,
            ScheduleKind.recurring,
            [D(2025, 1, 20), D(2026, 1, 20), D(2027, 1, 20)],
        ),
        (
            "ежегодно до 1 марта года, следующего за отчетным",
            CALENDAR_2024_2026,
            ScheduleKind.recurring,
            [D(2025, 3, 1), D(2026, 3, 1), D(2027, 3, 1)],
        ),
    ],
)
def test_the_year_after_the_one_reported_on(
    text: str, period: tuple[date, date], kind: ScheduleKind, dues: list[date]
) -> None:
    schedule = _parse(text, None, period)
    assert schedule.kind == kind
    assert [o.due for o in schedule.occurrences] == dues
    assert all(o.start is None for o in schedule.occurrences)
    assert len(schedule.warnings) == 1  # the last report falls after the plan


def test_the_year_after_the_one_reported_on_needs_a_year() -> None:
    """With no school year and no plan period the year is not guessed."""
    schedule = _parse("не позднее 20 января года, следующего за отчетным", None, None)
    assert schedule.occurrences == []


@pytest.mark.parametrize(
    "text",
    [
        "каждые 0 дней",  # no count
    ],
)
def test_texts_that_stay_unread(text: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).kind == ScheduleKind.unparsed


def test_every_n_years_written_with_каждые() -> None:
    """«каждые 3 года» as «1 раз в 3 года»: complete windows of three school years."""
    schedule = _parse("каждые 3 года", None, (D(2024, 9, 1), D(2030, 8, 31)))
    assert schedule.recurrence == "every_n_years"
    assert [(o.start, o.due) for o in schedule.occurrences] == [
        (D(2024, 9, 1), D(2027, 5, 31)),
        (D(2027, 9, 1), D(2030, 5, 31)),
    ]


def test_every_n_months_in_a_calendar_year() -> None:
    schedule = _parse("1 раз в 4 месяца", None, CALENDAR_2025)
    assert [(o.start, o.due) for o in schedule.occurrences] == [
        (D(2025, 1, 1), D(2025, 4, 30)),
        (D(2025, 5, 1), D(2025, 8, 31)),
        (D(2025, 9, 1), D(2025, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("входной – сентябрь, итоговый – май", [((2025, 9), "entry"), ((2026, 5), "final")]),
        (
            "сентябрь (входной), декабрь (промежуточный), май (итоговый)",
            [((2025, 9), "entry"), ((2025, 12), "interim"), ((2026, 5), "final")],
        ),
        (
            "входной – сентябрь, промежуточный – декабрь, итоговый – май",
            [((2025, 9), "entry"), ((2025, 12), "interim"), ((2026, 5), "final")],
        ),
    ],
)
def test_month_stages_in_a_plan_by_calendar_year_run_on_in_time(
    text: str, expected: list[tuple[tuple[int, int], str]]
) -> None:
    """The final stage after the entry one, as numbered stages do: May of 2026, kept with a warning."""
    schedule = _parse(text, None, CALENDAR_2025)
    assert schedule.kind == ScheduleKind.staged
    assert [(o.start, o.due, o.stage) for o in schedule.occurrences] == [
        (*month_bounds(*month), stage) for month, stage in expected
    ]
    assert "май 2026 (итоговый)" in schedule.summary
    assert len(schedule.warnings) == 1


def test_month_stages_with_their_years_written_are_kept() -> None:
    schedule = _parse("сентябрь 2025 (входной), май 2025 (итоговый)", None, CALENDAR_2025)
    assert [o.due for o in schedule.occurrences] == [D(2025, 5, 31), D(2025, 9, 30)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("октябрь, февраль, май – 2024-2025 уч. г.", months((2024, 10), (2025, 2), (2025, 5))),
        ("сентябрь, май (2025-2026)", months((2025, 9), (2026, 5))),
        ("на начало и конец 2025-2026 учебного года", months((2025, 9), (2026, 5))),
    ],
)
def test_months_of_a_written_school_year_need_no_plan(text: str, expected: Expected) -> None:
    schedule = _parse(text, None, None)
    assert [(o.start, o.due) for o in schedule.occurrences] == expected
