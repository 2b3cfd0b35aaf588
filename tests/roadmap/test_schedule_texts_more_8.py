"""Deadline texts as methodists write them, read with general rules: «ежеквартально до 5 числа» as the report on each
quarter (a day of the first decade is due in the month after it); the weeks of each term in brackets («1 раз в четверть
(3-4 неделя)»); an open period beside a labelled recurrence («в течение года; отчет – в конце каждой четверти») keeps
both; unit words misspelt by one letter («четврть», «месц», «недля», «чила»); movable and usual named days («День
матери» is the last Sunday of November, «Последний звонок» usually 25 May), a day written beside a named day winning
over it, and «выпускной» with no date; years written in the many ways plans write them, over a plan of several years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.roadmap.schedules.parser import ScheduleKind, _parse, month_bounds
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

SCHOOL_MONTHS = [(2024, m) for m in range(9, 13)] + [(2025, m) for m in range(1, 9)]


def months(*pairs: tuple[int, int]) -> Expected:
    return [month_bounds(year, month) for year, month in pairs]


def by_days(*days: date) -> Expected:
    """Occurrences due by each day, with no start."""
    return [(None, day) for day in days]


def friday_spans(pairs: list[tuple[int, int]]) -> Expected:
    """From the first to the last Friday of each month."""
    spans: Expected = []
    for year, month in pairs:
        first, last = month_bounds(year, month)
        spans.append(
            (first + timedelta(days=(4 - first.weekday()) % 7), last - timedelta(days=(last.weekday() - 4) % 7))
        )
    return spans


TERMS: Expected = [
    (D(2024, 9, 1), D(2024, 10, 31)), (D(2024, 11, 1), D(2024, 12, 31)),
    (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 5, 31)),
]  # fmt: skip
TERM_LAST_WEEKS: Expected = [
    (D(2024, 10, 25), D(2024, 10, 31)), (D(2024, 12, 25), D(2024, 12, 31)),
    (D(2025, 3, 25), D(2025, 3, 31)), (D(2025, 5, 25), D(2025, 5, 31)),
]  # fmt: skip
CALENDAR_QUARTERS: Expected = [
    (D(2024, 7, 1), D(2024, 9, 30)), (D(2024, 10, 1), D(2024, 12, 31)),
    (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 6, 30)),
]  # fmt: skip
THIRD_AND_FOURTH_WEEKS: Expected = [
    (D(2024, 9, 15), D(2024, 9, 28)), (D(2024, 11, 15), D(2024, 11, 28)),
    (D(2025, 1, 15), D(2025, 1, 28)), (D(2025, 4, 15), D(2025, 4, 28)),
]  # fmt: skip
"""Days 15–28 of each term of 2024-2025: its third and fourth weeks."""
SCHOOL_YEAR_SPAN: Expected = [(D(2024, 9, 1), D(2025, 8, 31))]
QUARTER_REPORTS = (D(2024, 10, 5), D(2025, 1, 5), D(2025, 4, 5), D(2025, 7, 5))
"""The 5th of the month after each calendar quarter of the school year 2024-2025 (July–June)."""

# (text, kind, recurrence, [(start, due)]) with the school year 2024-2025 and its default period.
FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # a day of the first decade each quarter: the report on the quarter, due in the month after it
    ("ежеквартально до 5 числа", ScheduleKind.recurring, "calendar_quarterly", by_days(*QUARTER_REPORTS)),
    ("ежеквартально (до 5 числа)", ScheduleKind.recurring, "calendar_quarterly", by_days(*QUARTER_REPORTS)),
    ("1 раз в квартал, до 5-го числа", ScheduleKind.recurring, "calendar_quarterly", by_days(*QUARTER_REPORTS)),
    ("ежеквартально, не позднее 5 числа", ScheduleKind.recurring, "calendar_quarterly", by_days(*QUARTER_REPORTS)),
    (
        "ежеквартально, до 10 числа",
        ScheduleKind.recurring,
        "calendar_quarterly",
        by_days(D(2024, 10, 10), D(2025, 1, 10), D(2025, 4, 10), D(2025, 7, 10)),
    ),
    # a later day, or the last month written, stays in the quarter's last month
    (
        "ежеквартально до 15 числа",
        ScheduleKind.recurring,
        "calendar_quarterly",
        by_days(D(2024, 9, 15), D(2024, 12, 15), D(2025, 3, 15), D(2025, 6, 15)),
    ),
    (
        "ежеквартально, до 5 числа последнего месяца квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        by_days(D(2024, 9, 5), D(2024, 12, 5), D(2025, 3, 5), D(2025, 6, 5)),
    ),
    # weeks of each term, trimester or quarter in brackets or after a comma, counted from its first day
    ("1 раз в четверть (3-4 неделя)", ScheduleKind.recurring, "quarterly", THIRD_AND_FOURTH_WEEKS),
    (
        "1 раз в четверть (2 неделя)",
        ScheduleKind.recurring,
        "quarterly",
        [
            (D(2024, 9, 8), D(2024, 9, 14)),
            (D(2024, 11, 8), D(2024, 11, 14)),
            (D(2025, 1, 8), D(2025, 1, 14)),
            (D(2025, 4, 8), D(2025, 4, 14)),
        ],
    ),
    (
        "1 раз в триместр (1-2 нед.)",
        ScheduleKind.recurring,
        "times_a_year",
        [(D(2024, 9, 1), D(2024, 9, 14)), (D(2024, 12, 1), D(2024, 12, 14)), (D(2025, 3, 1), D(2025, 3, 14))],
    ),
    (
        "ежеквартально, 2-я неделя",  # July 2024's week is before the school year
        ScheduleKind.recurring,
        "calendar_quarterly",
        [
            (D(2024, 10, 8), D(2024, 10, 14)),
            (D(2025, 1, 8), D(2025, 1, 14)),
            (D(2025, 4, 8), D(2025, 4, 14)),
            (D(2025, 7, 8), D(2025, 7, 14)),
        ],
    ),
    ("в 3-4 неделю каждой четверти", ScheduleKind.recurring, "quarterly", THIRD_AND_FOURTH_WEEKS),
    ("1 раз в четверть, 3-4 неделя", ScheduleKind.recurring, "quarterly", THIRD_AND_FOURTH_WEEKS),
    ("1 раз в четверть: последняя неделя", ScheduleKind.recurring, "quarterly", TERM_LAST_WEEKS),
    ("1 раз в четверть (4-3 неделя)", ScheduleKind.recurring, "quarterly", TERMS),  # backwards: the whole term
    # an open period beside a labelled recurrence: both
    (
        "в течение года; отчет – в конце каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        [*TERM_LAST_WEEKS, *SCHOOL_YEAR_SPAN],
    ),
    (
        "в течение учебного года, отчет в конце каждой четверти",
        ScheduleKind.recurring,
        "quarterly",
        [*TERM_LAST_WEEKS, *SCHOOL_YEAR_SPAN],
    ),
    (
        "постоянно; отчет – ежеквартально",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [*CALENDAR_QUARTERS, *SCHOOL_YEAR_SPAN],
    ),
    # unit words misspelt by one letter
    ("1 раз в четврть", ScheduleKind.recurring, "quarterly", TERMS),
    ("в конце каждой четверит", ScheduleKind.recurring, "quarterly", TERM_LAST_WEEKS),
    ("1 раз в четврть (последняя неделя)", ScheduleKind.recurring, "quarterly", TERM_LAST_WEEKS),
    ("1 раз в месц", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    ("каждый месц", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    (
        "ежемесячно, до 25 чила",
        ScheduleKind.recurring,
        "monthly",
        by_days(*(date(y, m, 25) for y, m in SCHOOL_MONTHS)),
    ),
    (
        "1 раз в пологодие",
        ScheduleKind.recurring,
        "half_yearly",
        [TERMS[0][:1] + TERMS[1][1:], TERMS[2][:1] + TERMS[3][1:]],
    ),
    ("1 раз в кватрал", ScheduleKind.recurring, "calendar_quarterly", CALENDAR_QUARTERS),
    # named days: a movable one, a usual one, a written day beside one wins
    ("ко Дню матери", ScheduleKind.date, None, by_days(D(2024, 11, 24))),
    ("День матери", ScheduleKind.date, None, [(D(2024, 11, 24), D(2024, 11, 24))]),
    ("накануне Дня матери", ScheduleKind.date, None, by_days(D(2024, 11, 23))),
    ("День матери 2025", ScheduleKind.date, None, [(D(2025, 11, 30), D(2025, 11, 30))]),
    ("Последний звонок", ScheduleKind.date, None, [(D(2025, 5, 25), D(2025, 5, 25))]),
    ("к празднику Последнего звонка", ScheduleKind.date, None, by_days(D(2025, 5, 25))),
    ("Последний звонок – 24 мая", ScheduleKind.date, None, [(D(2025, 5, 24), D(2025, 5, 24))]),
    ("24 мая (Последний звонок)", ScheduleKind.date, None, [(D(2025, 5, 24), D(2025, 5, 24))]),
    ("День знаний – 2 сентября", ScheduleKind.date, None, [(D(2024, 9, 2), D(2024, 9, 2))]),
    ("День знаний: 02.09.2024", ScheduleKind.date, None, [(D(2024, 9, 2), D(2024, 9, 2))]),
    ("до последней пятницы мая", ScheduleKind.date, None, by_days(D(2025, 5, 30))),
    ("ко второй среде февраля", ScheduleKind.date, None, by_days(D(2025, 2, 12))),
    ("к выпускному вечеру", ScheduleKind.on_request, None, []),
    ("Выпускной бал", ScheduleKind.on_request, None, []),
    ("выпускной вечер (июнь)", ScheduleKind.month, None, months((2025, 6))),
    ("ко Дню отца", ScheduleKind.date, None, by_days(D(2024, 10, 20))),  # the third Sunday of October
    ("неделя перед Днем учителя", ScheduleKind.range, None, [(D(2024, 9, 28), D(2024, 10, 4))]),
    ("в течение недели перед Днем учителя", ScheduleKind.range, None, [(D(2024, 9, 28), D(2024, 10, 4))]),
    # the seven days before the Sunday of the school year's November, not the Sunday itself
    ("в неделю, предшествующую Дню матери", ScheduleKind.range, None, [(D(2024, 11, 17), D(2024, 11, 23))]),
    ("после Дня матери", ScheduleKind.on_request, None, []),
    (
        "День учителя, День матери",
        ScheduleKind.dates,
        None,
        [(D(2024, 10, 5), D(2024, 10, 5)), (D(2024, 11, 24), D(2024, 11, 24))],
    ),
    ("День пожилого человека", ScheduleKind.date, None, [(D(2024, 10, 1), D(2024, 10, 1))]),
    ("к Международному дню матери", ScheduleKind.unparsed, None, []),  # May in many countries: not guessed
    ("к Дню матери – 22 ноября", ScheduleKind.date, None, by_days(D(2024, 11, 22))),
    ("ко Дню учителя (4 октября)", ScheduleKind.date, None, by_days(D(2024, 10, 4))),
    ("до окончания II четверти (28.12.2024)", ScheduleKind.date, None, by_days(D(2024, 12, 28))),
    # a recurrence with the report on the year after a comma; a day of each month until a deadline
    (
        "ежеквартально до 5 числа, по итогам года – до 15 января",
        ScheduleKind.recurring,
        "calendar_quarterly",
        by_days(D(2024, 10, 5), D(2025, 1, 5), D(2025, 1, 15), D(2025, 4, 5), D(2025, 7, 5)),
    ),
    (
        "ежемесячно до 5 числа, по итогам года – до 15 января",
        ScheduleKind.recurring,
        "monthly",
        by_days(*sorted([*(date(y, m, 5) for y, m in SCHOOL_MONTHS), D(2025, 1, 15)])),
    ),
    (
        "ежемесячно до 5 числа до 10.06.2025",
        ScheduleKind.recurring,
        "monthly",
        by_days(*(date(y, m, 5) for y, m in SCHOOL_MONTHS[:10])),
    ),
    (  # one recurrence written in parts: not each part's own occurrences (no 10 September before the start)
        "ежемесячно, до 10 числа, с 01.10.2024",
        ScheduleKind.recurring,
        "monthly",
        by_days(*(date(y, m, 10) for y, m in SCHOOL_MONTHS[1:])),
    ),
    (
        "ежеквартально, до 5 числа, с IV квартала 2024 г.",
        ScheduleKind.recurring,
        "calendar_quarterly",
        by_days(*QUARTER_REPORTS[1:]),  # round 20: the reports on the quarters from the IV on, not on the III
    ),
    ("ежемесячно, по пятницам, с ноября", ScheduleKind.recurring, "monthly", friday_spans(SCHOOL_MONTHS[2:])),
    # the month a report on a period is due, after a recurrence or an open period and a comma, is a part of its own
    ("ежемесячно, по итогам года – июнь", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    ("в течение года, по итогам года – май", ScheduleKind.dates, None, [*months((2025, 5)), *SCHOOL_YEAR_SPAN]),
    ("в течение года, I полугодие – декабрь", ScheduleKind.dates, None, [*months((2024, 12)), *SCHOOL_YEAR_SPAN]),
    # from a numbered period on, a recurrence shorter than a year runs to the plan's end
    (
        "ежеквартально, начиная с IV квартала 2024 года",
        ScheduleKind.recurring,
        "calendar_quarterly",
        CALENDAR_QUARTERS[1:],
    ),
    ("1 раз в четверть со II четверти", ScheduleKind.recurring, "quarterly", TERMS[1:]),
    # years, dates and periods written in the ways plans write them
    ("2024/25 уч.г.", ScheduleKind.range, None, SCHOOL_YEAR_SPAN),
    ("в течение 2024/25 уч.г.", ScheduleKind.period, None, SCHOOL_YEAR_SPAN),
    ("до 01.10.2024 г.", ScheduleKind.date, None, by_days(D(2024, 10, 1))),
    ("10.09.2024 - 20.09.2024 г.", ScheduleKind.range, None, [(D(2024, 9, 10), D(2024, 9, 20))]),
    ("с 01.09. по 15.09.", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 15))]),
    ("IV кв. 2024 г.", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 12, 31))]),
    ("в 1 полугодии 2025 г.", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 6, 30))]),
    ("ежегодно (сентябрь)", ScheduleKind.recurring, "yearly", months((2024, 9))),
    # a calendar quarter without a year in a school year: the one that ends inside it, as «ежеквартально» starts
    ("III квартал", ScheduleKind.range, None, [(D(2024, 7, 1), D(2024, 9, 30))]),
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS)
def test_form(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("ежеквартально до 5 числа", "ежеквартально, до 5 числа месяца, следующего за кварталом"),
        ("ежеквартально до 15 числа", "ежеквартально, до 15 числа последнего месяца квартала"),
        ("1 раз в четверть (3-4 неделя)", "на 3–4-й неделях каждой четверти"),
        ("1 раз в четверть (2 неделя)", "на 2-й неделе каждой четверти"),
        ("ко Дню матери", "до 24.11.2024 (День матери — последнее воскресенье ноября)"),
        ("Последний звонок", "25.05.2025 (Последний звонок — обычно 25 мая)"),
        ("в течение года; отчет – в конце каждой четверти", "в течение 2024-2025 уч. г.; отчет – в конце"),
    ],
)
def test_summary(text: str, summary: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).summary.startswith(summary)


def test_a_quarter_report_is_labelled_with_the_quarter() -> None:
    schedule = _parse("ежеквартально до 5 числа", SCHOOL_YEAR, None)
    assert schedule.occurrences[0].label == "до 05.10.2024 (за III квартал 2024)"


def test_a_written_day_beside_a_named_day_leaves_no_note_of_the_usual_one() -> None:
    """«День знаний – 2 сентября»: the school moved it (1 September 2024 was a Sunday); the summary names the day
    read, not the usual 1 September."""
    assert _parse("День знаний – 2 сентября", SCHOOL_YEAR, None).summary == "02.09.2024"


@pytest.mark.parametrize(
    ("typo", "right"),
    [
        ("раз в недлю", "раз в неделю"),
        ("раз в 2 недли", "раз в 2 недели"),
        ("2 раза в четврть", "2 раза в четверть"),
        ("по триместерам", "по триместрам"),
        ("1 раз в четврть (3-4 недля)", "1 раз в четверть (3-4 неделя)"),
    ],
)
def test_unit_words_misspelt_by_one_letter(typo: str, right: str) -> None:
    read, expected = _parse(typo, SCHOOL_YEAR, None), _parse(right, SCHOOL_YEAR, None)
    assert expected.occurrences
    assert (read.kind, read.recurrence) == (expected.kind, expected.recurrence)
    assert [(o.start, o.due) for o in read.occurrences] == [(o.start, o.due) for o in expected.occurrences]


@pytest.mark.parametrize(
    ("text", "weekday"),
    [("по четвергам", 3), ("каждый четверг", 3), ("в четвертую среду месяца", 2)],
)
def test_words_one_letter_off_a_unit_stay_as_written(text: str, weekday: int) -> None:
    """«четверги» is one letter off «четверти», «четвертую» off «четвертью»: words whose stem is right are left."""
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.occurrences
    assert {o.due.weekday() for o in schedule.occurrences} == {weekday}


def test_graduates_are_not_a_graduation_party() -> None:
    """«выпускников» names people, not the «выпускной» whose day schools set."""
    assert _parse("анализ результатов выпускников", SCHOOL_YEAR, None).kind == ScheduleKind.unparsed


THREE_SCHOOL_YEARS = (D(2024, 9, 1), D(2027, 8, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ежегодно в сентябре", months((2024, 9), (2025, 9), (2026, 9))),
        ("ежегодно до 1 октября", by_days(D(2024, 10, 1), D(2025, 10, 1), D(2026, 10, 1))),
        ("ежегодно ко Дню матери", by_days(D(2024, 11, 24), D(2025, 11, 30), D(2026, 11, 29))),
        ("ежегодно, День матери", [(d, d) for d in (D(2024, 11, 24), D(2025, 11, 30), D(2026, 11, 29))]),
        ("ежегодно в последнюю пятницу мая", [(d, d) for d in (D(2025, 5, 30), D(2026, 5, 29), D(2027, 5, 28))]),
        ("ежегодно, последний звонок", [(d, d) for d in (D(2025, 5, 25), D(2026, 5, 25), D(2027, 5, 25))]),
        ("До 01.09.2024 г., далее ежегодно", by_days(D(2024, 9, 1), D(2025, 9, 1), D(2026, 9, 1))),
        ("15.09.2024, далее ежегодно", [(d, d) for d in (D(2024, 9, 15), D(2025, 9, 15), D(2026, 9, 15))]),
        ("сентябрь 2024, далее ежегодно", months((2024, 9), (2025, 9), (2026, 9))),
        ("в течение 2024-2026 гг.", [(D(2024, 1, 1), D(2026, 12, 31))]),
        ("2025-2026 учебный год", [(D(2025, 9, 1), D(2026, 8, 31))]),
        (
            "ежеквартально до 5 числа",
            by_days(
                *(
                    date(y, m, 5)
                    for y in (2024, 2025, 2026, 2027)
                    for m in (1, 4, 7, 10)
                    if D(2024, 10, 1) < date(y, m, 5) < D(2027, 8, 1)
                )
            ),
        ),
    ],
)
def test_over_three_school_years(text: str, expected: Expected) -> None:
    """A plan whose period is three school years, with no school year of its own: yearly forms once in each, every
    date inside the period (no warning)."""
    schedule = _parse(text, None, THREE_SCHOOL_YEARS)
    assert [(o.start, o.due) for o in schedule.occurrences] == expected
    assert schedule.warnings == []


def test_a_movable_day_moves_with_the_year() -> None:
    """The last Sunday of November is a different day each year: never a fixed date copied across years."""
    schedule = _parse("ежегодно ко Дню матери", None, THREE_SCHOOL_YEARS)
    assert {o.due.weekday() for o in schedule.occurrences} == {6}
    assert all(o.due + timedelta(days=7) > month_bounds(o.due.year, 11)[1] for o in schedule.occurrences)
    assert schedule.summary.startswith("ежегодно, до последнего воскресенья ноября")


TWO_SCHOOL_YEARS = (D(2024, 9, 1), D(2026, 8, 31))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ежегодно в сентябре", months((2024, 9), (2025, 9))),
        ("ежегодно в августе", months((2025, 8), (2026, 8))),  # the August that ends each school year
        ("ежегодно до 1 октября", by_days(D(2024, 10, 1), D(2025, 10, 1))),
        ("ежегодно", [(D(2024, 9, 1), D(2025, 5, 31)), (D(2025, 9, 1), D(2026, 5, 31))]),
        ("III квартал 2025 г.", [(D(2025, 7, 1), D(2025, 9, 30))]),
    ],
)
def test_over_two_school_years(text: str, expected: Expected) -> None:
    schedule = _parse(text, None, TWO_SCHOOL_YEARS)
    assert [(o.start, o.due) for o in schedule.occurrences] == expected
    assert schedule.warnings == []
