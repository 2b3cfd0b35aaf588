"""Deadline texts as school and municipal roadmaps write them, round 13, checked to the day and read as a methodist
would in a plan by the school year, by the calendar year and over two school years: «кроме …» after a weekly window
(the week 30.06 – 04.07 is July's) and after a quarterly report (the quarter left out is the one reported on, not the
one the report is due in), «в начале нового учебного года» (its September), «в следующем (новом календарном) году»,
an offset from a recurring event with a deadline of its own («за 10 дней до окончания четверти, не позднее
20.10.2024»); then the labels staff read on their phones: terms and trimesters numbered as half-years and quarters
are («I четверть», not «1-я четверть»), a part of a numbered period in the genitive («до конца I четверти …», not «до
конца периода «I четверть …»»), an offset from the end of each term said as written; and the deadline cells of the
seed orders, the demo roadmap and the library measures pinned as they read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.roadmap.schedules.parser import ScheduleKind, Stage, _parse, month_bounds
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

CALENDAR_2025 = (D(2025, 1, 1), D(2025, 12, 31))
TWO_SCHOOL_YEARS = (D(2024, 9, 1), D(2026, 8, 31))
NEXT_CALENDAR_YEAR: Expected = [(D(2025, 1, 1), D(2025, 12, 31))]
WORK_WEEKS = [(D(2024, 9, 2) + timedelta(weeks=n), D(2024, 9, 6) + timedelta(weeks=n)) for n in range(52)]
"""Monday and Friday of each week of the school year 2024-2025 whose Friday it holds."""


def by_days(*days: date) -> Expected:
    return [(None, day) for day in days]


def whole_months(*pairs: tuple[int, int]) -> Expected:
    return [month_bounds(year, month) for year, month in pairs]


FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # a week's window is the month's most of its days are in: 30.06 – 04.07 is July's, left out with it
    (
        "еженедельно до пятницы, кроме июля и августа",
        ScheduleKind.recurring,
        "weekly",
        [(start, due) for start, due in WORK_WEEKS if due < D(2025, 7, 1)],
    ),
    # a quarterly report leaves out the quarter it reports on (not the report due in that quarter)
    (
        "ежеквартально, кроме IV квартала, до 5 числа",
        ScheduleKind.recurring,
        "calendar_quarterly",
        by_days(D(2024, 10, 5), D(2025, 4, 5), D(2025, 7, 5)),
    ),
    (
        "ежеквартально (кроме I квартала), до 10 числа",
        ScheduleKind.recurring,
        "calendar_quarterly",
        by_days(D(2024, 10, 10), D(2025, 1, 10), D(2025, 7, 10)),
    ),
    (  # a monthly report «за июль» is due in August: July is the month left out
        "ежемесячно до 20 числа месяца, следующего за отчетным, кроме июля",
        ScheduleKind.recurring,
        "monthly",
        # round 20: reports on September to August but July (due 20 August), the first due in October
        by_days(*(D(2024, m, 20) for m in range(10, 13)), *(D(2025, m, 20) for m in (1, 2, 3, 4, 5, 6, 7, 9))),
    ),
    # an open period without the months left out: the months around them
    ("в течение года, кроме летних каникул", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("в течение учебного года, кроме июля и августа", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 6, 30))]),
    ("в течение I полугодия, кроме декабря", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 11, 30))]),
    (
        "сентябрь-май, кроме января",
        ScheduleKind.range,
        None,
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 2, 1), D(2025, 5, 31))],
    ),
    # numerals left out with no noun are of the periods the text recurs in
    (
        "по итогам четверти (кроме IV)",
        ScheduleKind.recurring,
        "quarterly",
        [(D(2024, 9, 1), D(2024, 10, 31)), (D(2024, 11, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 3, 31))],
    ),
    (
        "1 раз в четверть (кроме I и IV)",
        ScheduleKind.recurring,
        "quarterly",
        [(D(2024, 11, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 3, 31))],
    ),
    (
        "ежеквартально, кроме IV",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(D(2024, 7, 1), D(2024, 9, 30)), (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 6, 30))],
    ),
    # the start of the new school year is its September; «до начала …» stays the 31 August before it
    ("в начале нового учебного года", ScheduleKind.month, None, whole_months((2025, 9))),
    ("на начало следующего учебного года", ScheduleKind.month, None, whole_months((2025, 9))),
    ("до начала нового учебного года", ScheduleKind.date, None, by_days(D(2025, 8, 31))),  # as before
    (  # each year: the start of each school year of the plan
        "ежегодно в начале нового учебного года",
        ScheduleKind.recurring,
        "yearly",
        whole_months((2024, 9)),
    ),
    # the next calendar year: the one after the year the plan starts in, as «до 1 сентября следующего года»
    ("в следующем году", ScheduleKind.period, None, NEXT_CALENDAR_YEAR),
    ("в новом календарном году", ScheduleKind.period, None, NEXT_CALENDAR_YEAR),
    ("в течение следующего календарного года", ScheduleKind.period, None, NEXT_CALENDAR_YEAR),
    ("до конца следующего года", ScheduleKind.date, None, by_days(D(2025, 12, 31))),
    ("в следующем году (март)", ScheduleKind.month, None, whole_months((2025, 3))),
    ("в начале следующего года", ScheduleKind.month, None, whole_months((2025, 1))),  # as «в начале 2025 года»
    ("в середине следующего года", ScheduleKind.range, None, [(D(2025, 6, 1), D(2025, 7, 31))]),
    ("к Новому году", ScheduleKind.date, None, by_days(D(2024, 12, 31))),  # the holiday, as before
    # an offset from a recurring event, then a date of its own: the date is this year's deadline
    ("за 10 дней до окончания четверти, не позднее 20.10.2024", ScheduleKind.date, None, by_days(D(2024, 10, 20))),
    (
        "за неделю до окончания каждой четверти (не позднее 20.12.2024)",
        ScheduleKind.date,
        None,
        by_days(D(2024, 12, 20)),
    ),
    (  # without one, each term's end counted back, as before
        "за 10 дней до окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        by_days(D(2024, 10, 21), D(2024, 12, 21), D(2025, 3, 21), D(2025, 5, 21)),
    ),
    ("за неделю до ГИА (до 15.05.2025)", ScheduleKind.date, None, by_days(D(2025, 5, 15))),  # as before
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS)
def test_form(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


def test_a_week_mostly_in_a_kept_month_stays() -> None:
    """«кроме июня»: the week 26.05 – 01.06 has five school days in May and stays; 30.06 – 06.07 is July's."""
    schedule = _parse("еженедельно, кроме июня", SCHOOL_YEAR, None)
    near_june = [(o.start, o.due) for o in schedule.occurrences if D(2025, 5, 25) < o.due < D(2025, 7, 10)]
    assert near_june == [(D(2025, 5, 26), D(2025, 6, 1)), (D(2025, 6, 30), D(2025, 7, 6))]


def test_a_report_left_out_is_named_by_its_label() -> None:
    """No label says «за IV квартал» when the text says «кроме IV квартала», in any plan."""
    for period in (None, CALENDAR_2025, TWO_SCHOOL_YEARS):
        school_year = SCHOOL_YEAR if period is None else None
        schedule = _parse("ежеквартально, кроме IV квартала, до 5 числа", school_year, period)
        labels = [o.label for o in schedule.occurrences]
        assert labels and not any("IV квартал" in label for label in labels), labels
        assert not schedule.warnings


@pytest.mark.parametrize(
    ("text", "period", "expected", "warned"),
    [
        # a plan by the calendar year 2025: the next year is 2026, outside it
        ("в следующем году", CALENDAR_2025, [(D(2026, 1, 1), D(2026, 12, 31))], True),
        ("в начале нового учебного года", CALENDAR_2025, whole_months((2025, 9)), False),
        (
            "ежеквартально, кроме IV квартала, до 5 числа",
            CALENDAR_2025,
            by_days(D(2025, 4, 5), D(2025, 7, 5), D(2025, 10, 5)),
            False,
        ),
        # the summer in the middle of a calendar plan: the months before and after it
        (
            "в течение года, кроме летних каникул",
            CALENDAR_2025,
            [(D(2025, 1, 1), D(2025, 5, 31)), (D(2025, 9, 1), D(2025, 12, 31))],
            False,
        ),
        (
            "в течение года, кроме летних каникул",
            TWO_SCHOOL_YEARS,
            [(D(2024, 9, 1), D(2025, 5, 31)), (D(2025, 9, 1), D(2026, 5, 31))],
            False,
        ),
        # a span of terms in a calendar plan: of the school year its first term lies in (not «год не определён»)
        ("с I по III четверть", CALENDAR_2025, [(D(2025, 9, 1), D(2026, 3, 31))], True),
        ("III-IV четверть", CALENDAR_2025, [(D(2025, 1, 1), D(2025, 5, 31))], False),
        ("в начале следующего года", CALENDAR_2025, whole_months((2026, 1)), True),
        # two school years: the next calendar year is the one after the first; each school year starts in September
        ("в следующем году", TWO_SCHOOL_YEARS, NEXT_CALENDAR_YEAR, False),
        ("ежегодно в начале нового учебного года", TWO_SCHOOL_YEARS, whole_months((2024, 9), (2025, 9)), False),
        (
            "ежеквартально, кроме IV квартала, до 5 числа",
            TWO_SCHOOL_YEARS,
            by_days(D(2024, 10, 5), D(2025, 4, 5), D(2025, 7, 5), D(2025, 10, 5), D(2026, 4, 5), D(2026, 7, 5)),
            False,
        ),
    ],
)
def test_in_other_plan_periods(text: str, period: tuple[date, date], expected: Expected, warned: bool) -> None:
    schedule = _parse(text, None, period)
    assert [(o.start, o.due) for o in schedule.occurrences] == expected
    assert bool(schedule.warnings) == warned


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        # what is left out as written, not the months the holidays are spelt out into («кроме июнь - август»)
        (
            "в течение года, кроме летних каникул",
            "в течение 2024-2025 уч. г. (кроме летних каникул) (летние каникулы — обычные сроки, "
            "точные даты по календарному графику школы)",
        ),
        ("по итогам четверти (кроме IV)", "каждую четверть (кроме IV четверти)"),
        ("ежеквартально, кроме IV", "ежеквартально (кроме IV квартала)"),
        ("ежемесячно (кроме июля, августа)", "ежемесячно (кроме июля, августа)"),  # as before
    ],
)
def test_what_is_left_out_is_said_as_written(text: str, summary: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).summary == summary


def test_a_date_of_its_own_says_why() -> None:
    schedule = _parse("за 10 дней до окончания четверти, не позднее 20.10.2024", SCHOOL_YEAR, None)
    assert schedule.summary == "до 20.10.2024 (за 10 дней до окончания четверти)"


# --- labels as staff read them


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        # terms and trimesters numbered as half-years and quarters are
        (
            "по итогам каждой четверти",
            [f"{n} четверть 2024-2025 уч. г." for n in ("I", "II", "III", "IV")],
        ),
        ("в течение I четверти", ["I четверть 2024-2025 уч. г."]),
        # a part of a numbered period: the period in the genitive, not named in quotes
        ("до конца I четверти", ["до конца I четверти 2024-2025 уч. г."]),
        ("до начала II четверти", ["до начала II четверти 2024-2025 уч. г."]),
        ("в последнюю неделю I четверти", ["в последнюю неделю I четверти 2024-2025 уч. г."]),
        ("III четверть (2 неделя)", ["на 2-й неделе III четверти 2024-2025 уч. г."]),
        ("в середине 1 триместра", ["в середине I триместра 2024-2025 уч. г."]),
        # the months around those left out, named as months
        ("сентябрь-май, кроме января", ["сентябрь – декабрь 2024", "февраль – май 2025"]),
        ("в течение года (кроме июля)", ["сентябрь 2024 – июнь 2025", "август 2025"]),
        # a span of numbered periods names the noun and the year once
        ("III-IV четверть", ["III – IV четверть 2024-2025 уч. г."]),
        ("с I по III четверть", ["I – III четверть 2024-2025 уч. г."]),
        ("до конца I-II четверти", ["до конца I – II четверти 2024-2025 уч. г."]),
        ("IV кв. 2024 – I кв. 2025", ["IV квартал 2024 – I квартал 2025"]),  # two years: each named
        ("в конце II полугодия", ["в конце II полугодия 2024-2025 уч. г."]),
        ("после окончания I полугодия", ["после окончания I полугодия 2024-2025 уч. г."]),
        (
            "по итогам I, II, III четверти",
            [f"в конце {n} четверти 2024-2025 уч. г." for n in ("I", "II", "III")],
        ),
        (  # a report on each term names it
            "до 10 числа месяца, следующего за окончанием четверти",
            [
                "до 10.11.2024 (за I четверть 2024-2025 уч. г.)",
                "до 10.01.2025 (за II четверть 2024-2025 уч. г.)",
                "до 10.04.2025 (за III четверть 2024-2025 уч. г.)",
                "до 10.06.2025 (за IV четверть 2024-2025 уч. г.)",
            ],
        ),
    ],
)
def test_labels(text: str, labels: list[str]) -> None:
    assert [o.label for o in _parse(text, SCHOOL_YEAR, None).occurrences] == labels


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("до конца I четверти", "до конца I четверти 2024-2025 уч. г."),
        ("с начала II полугодия", "с начала II полугодия 2024-2025 уч. г."),
        ("с начала III квартала 2024", "с начала III квартала 2024"),
        ("до конца I и II четверти", "до конца I четверти 2024-2025 уч. г., до конца II четверти 2024-2025 уч. г."),
        # an offset from each period's end or start, said as the text says it (not «…, за 10 дней до срока»)
        ("за 10 дней до окончания четверти", "за 10 дней до конца каждой четверти"),
        ("в течение недели после окончания каждой четверти", "в течение недели после окончания каждой четверти"),
        ("ежемесячно за 5 дней до конца месяца", "за 5 дней до конца каждого месяца"),
        ("через 3 дня после окончания каждого полугодия", "через 3 дня после окончания каждого полугодия"),
        ("за неделю до начала каждой четверти", "за неделю до начала каждой четверти"),
        ("Ежегодно за 10 дней до начала учебного года", "ежегодно за 10 дней до начала учебного года"),
        ("в теч. 5 дн. после окончания каждой четверти", "в течение 5 дней после окончания каждой четверти"),
        ("до конца I триместра", "до конца I триместра 2024-2025 уч. г."),
        ("I–IV четверти 2024", "I – IV четверть (год не определён)"),  # two school years: unread, as before
    ],
)
def test_summaries(text: str, summary: str) -> None:
    assert _parse(text, SCHOOL_YEAR, None).summary == summary


def test_a_calendar_half_year_is_declined_too() -> None:
    schedule = _parse("в конце II полугодия", None, CALENDAR_2025)
    assert [(o.start, o.due, o.label) for o in schedule.occurrences] == [
        (D(2025, 12, 1), D(2025, 12, 31), "в конце II полугодия 2025 г.")
    ]


def test_the_end_of_each_trimester_names_its_months() -> None:
    """«по триместрам» and «3 раза в год» share their windows: each names its months (a school that counts terms
    would not know «II триместр»), the last week of each is its end."""
    schedule = _parse("в конце каждого триместра", SCHOOL_YEAR, None)
    assert [(o.start, o.due, o.label) for o in schedule.occurrences] == [
        (D(2024, 11, 24), D(2024, 11, 30), "24.11.2024 – 30.11.2024 (сентябрь – ноябрь 2024)"),
        (D(2025, 2, 22), D(2025, 2, 28), "22.02.2025 – 28.02.2025 (декабрь 2024 – февраль 2025)"),
        (D(2025, 5, 25), D(2025, 5, 31), "25.05.2025 – 31.05.2025 (март – май 2025)"),
    ]


# --- the deadline cells of the seed orders, the demo roadmap and the library measures, in three plans

OCTOBER_NOVEMBER_2024 = (D(2024, 10, 1), D(2024, 11, 30))
SEED_CELLS: list[tuple[str, ScheduleKind, Expected, Expected, Expected]] = [
    # (text, kind, school year 2024-2025, calendar year 2025, two school years)
    (
        "В конце каждого полугодия",
        ScheduleKind.recurring,
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))],
        [(D(2025, 1, 1), D(2025, 5, 31)), (D(2025, 9, 1), D(2025, 12, 31))],
        [
            (D(2024, 9, 1), D(2024, 12, 31)),
            (D(2025, 1, 1), D(2025, 5, 31)),
            (D(2025, 9, 1), D(2025, 12, 31)),
            (D(2026, 1, 1), D(2026, 5, 31)),
        ],
    ),
    (
        "Ежегодно",
        ScheduleKind.recurring,
        [(D(2024, 9, 1), D(2025, 5, 31))],
        [CALENDAR_2025],
        [(D(2024, 9, 1), D(2025, 5, 31)), (D(2025, 9, 1), D(2026, 5, 31))],
    ),
    ("В течение года", ScheduleKind.period, [(D(2024, 9, 1), D(2025, 8, 31))], [CALENDAR_2025], [TWO_SCHOOL_YEARS]),
    ("1 раз в три года", ScheduleKind.recurring, [], [], []),  # no whole three-year window in any of them
    (
        "Ежегодно, октябрь, март",
        ScheduleKind.recurring,
        whole_months((2024, 10), (2025, 3)),
        whole_months((2025, 3), (2025, 10)),
        whole_months((2024, 10), (2025, 3), (2025, 10), (2026, 3)),
    ),
    ("до 1 ноября", ScheduleKind.date, by_days(D(2024, 11, 1)), by_days(D(2025, 11, 1)), by_days(D(2024, 11, 1))),
    (
        "Октябрь – ноябрь",
        ScheduleKind.range,
        [OCTOBER_NOVEMBER_2024],
        [(D(2025, 10, 1), D(2025, 11, 30))],
        [OCTOBER_NOVEMBER_2024],
    ),
]


@pytest.mark.parametrize(("text", "kind", "school", "calendar", "two_years"), SEED_CELLS)
def test_seed_cells_in_three_plans(
    text: str, kind: ScheduleKind, school: Expected, calendar: Expected, two_years: Expected
) -> None:
    plans = [(SCHOOL_YEAR, None, school), (None, CALENDAR_2025, calendar), (None, TWO_SCHOOL_YEARS, two_years)]
    for school_year, period, expected in plans:
        schedule = _parse(text, school_year, period)
        assert schedule.kind == kind
        assert [(o.start, o.due) for o in schedule.occurrences] == expected, (text, period)
        assert not schedule.warnings, (text, period)


def test_the_demo_monitoring_stages_run_on_in_a_calendar_plan() -> None:
    """«Октябрь (входной), февраль (промежуточный), май (итоговый)» in the plan for 2025: the stages of the school
    year that starts in its October, the later two outside it and named so."""
    text = "Октябрь (входной), февраль (промежуточный), май (итоговый)"
    schedule = _parse(text, None, CALENDAR_2025)
    assert [(o.stage, o.start, o.due) for o in schedule.occurrences] == [
        (Stage.entry, D(2025, 10, 1), D(2025, 10, 31)),
        (Stage.interim, D(2026, 2, 1), D(2026, 2, 28)),
        (Stage.final, D(2026, 5, 1), D(2026, 5, 31)),
    ]
    assert len(schedule.warnings) == 2
