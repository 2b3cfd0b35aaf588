"""More deadline and expected-result texts as methodists write them in ШНОР roadmaps and anti-risk programmes:
shorthand («в теч. года», «ежемес.»), dates with other separators, numbered periods in brackets beside a date,
recurrences framed by a numbered period, months left out («кроме июля»), and targets written with a dash range,
«охват» or «на 5 % больше»."""

from __future__ import annotations

from datetime import date

import pytest

from services.roadmap.schedules.parser import ScheduleKind, Stage, _parse, month_bounds, parse_schedule
from services.roadmap.schedules.targets import Change, Comparator, parse_targets

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

D = date
SCHOOL_YEAR = "2024-2025"
Expected = list[tuple[date | None, date]]


def months(*pairs: tuple[int, int]) -> Expected:
    return [month_bounds(year, month) for year, month in pairs]


def month_halves(*pairs: tuple[int, int]) -> Expected:
    """Each month's first half (1st to the middle day) and second half: «2 раза в месяц»."""
    halves: Expected = []
    for year, month in pairs:
        first, last = month_bounds(year, month)
        middle = D(year, month, last.day // 2)
        halves += [(first, middle), (D(year, month, middle.day + 1), last)]
    return halves


CALENDAR_QUARTERS: Expected = [
    (D(2024, 7, 1), D(2024, 9, 30)), (D(2024, 10, 1), D(2024, 12, 31)),
    (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 6, 30)),
]  # fmt: skip
TRIMESTERS: Expected = [
    (D(2024, 9, 1), D(2024, 11, 30)), (D(2024, 12, 1), D(2025, 2, 28)), (D(2025, 3, 1), D(2025, 5, 31)),
]  # fmt: skip
LAST_WORKDAYS: Expected = [
    (d, d)
    for d in (
        D(2024, 9, 30), D(2024, 10, 31), D(2024, 11, 29), D(2024, 12, 28), D(2025, 1, 31), D(2025, 2, 28),
        D(2025, 3, 31), D(2025, 4, 30), D(2025, 5, 30), D(2025, 6, 30), D(2025, 7, 31), D(2025, 8, 29),
    )
]  # fmt: skip
"""The last working day of each month of the school year 2024-2025 (30 and 31 December 2024 were days off, Saturday
28 December a working day)."""
SCHOOL_MONTHS = [(2024, m) for m in range(9, 13)] + [(2025, m) for m in range(1, 9)]

# (text, kind, recurrence, [(start, due)]) with the school year 2024-2025 and its default period.
FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # shorthand spelled out
    ("в теч. года", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("В теч. уч. года", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("ежемес.", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    ("Ежемес", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    ("ежекв.", ScheduleKind.recurring, "calendar_quarterly", CALENDAR_QUARTERS),
    ("ежег.", ScheduleKind.recurring, "yearly", [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("дважды в месяц", ScheduleKind.recurring, "monthly", month_halves(*SCHOOL_MONTHS)),
    ("весь учебный год", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    ("Учебный год", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    # dates written with slashes or commas, an ordinal day
    ("15/09/2024", ScheduleKind.date, None, [(D(2024, 9, 15), D(2024, 9, 15))]),
    ("до 20/12/24", ScheduleKind.date, None, [(None, D(2024, 12, 20))]),
    ("15,09,2024", ScheduleKind.date, None, [(D(2024, 9, 15), D(2024, 9, 15))]),
    ("до 25-го мая", ScheduleKind.date, None, [(None, D(2025, 5, 25))]),
    ("не позднее 10-го декабря 2024 г.", ScheduleKind.date, None, [(None, D(2024, 12, 10))]),
    # one month named twice is one month
    ("сентябрь (начало учебного года)", ScheduleKind.month, None, months((2024, 9))),
    ("май (конец учебного года)", ScheduleKind.month, None, months((2025, 5))),
    # recurrences
    ("1 раз в 3 месяца", ScheduleKind.recurring, "calendar_quarterly", CALENDAR_QUARTERS),
    ("по триместрам", ScheduleKind.recurring, "times_a_year", TRIMESTERS),
    (
        "ежемесячно в последний рабочий день",
        ScheduleKind.recurring,
        "monthly",
        LAST_WORKDAYS,
    ),
    (
        "ежеквартально (октябрь, январь, апрель, июль)",
        ScheduleKind.recurring,
        "calendar_quarterly",
        months((2024, 10), (2025, 1), (2025, 4), (2025, 7)),
    ),
    # a recurrence inside one numbered period: the period frames it
    (
        "ежемесячно в течение II полугодия",
        ScheduleKind.recurring,
        "monthly",
        months(*((2025, m) for m in range(1, 6))),
    ),
    ("ежемесячно в I четверти", ScheduleKind.recurring, "monthly", months((2024, 9), (2024, 10))),
    (
        "ежемесячно, 2 полугодие 2024-2025 уч.г.",
        ScheduleKind.recurring,
        "monthly",
        months(*((2025, m) for m in range(1, 6))),
    ),
    (
        "ежемесячно во II полугодии, до 5 числа",
        ScheduleKind.recurring,
        "monthly",
        [(None, D(2025, m, 5)) for m in range(1, 6)],
    ),
    # months left out
    (
        "ежемесячно (кроме июля, августа)",
        ScheduleKind.recurring,
        "monthly",
        months(*SCHOOL_MONTHS[:10]),
    ),
    (
        "ежемесячно, за исключением июня-августа",
        ScheduleKind.recurring,
        "monthly",
        months(*SCHOOL_MONTHS[:9]),
    ),
    # a numbered period in brackets beside the dates written: what is reported on, not when
    (
        "до 15.12.2024 г. (за I полугодие), до 15.06.2025 г. (за II полугодие)",
        ScheduleKind.dates,
        None,
        [(None, D(2024, 12, 15)), (None, D(2025, 6, 15))],
    ),
    ("до 10.01.2025 (по итогам I полугодия)", ScheduleKind.date, None, [(None, D(2025, 1, 10))]),
    ("январь 2025 (по итогам 1 полугодия)", ScheduleKind.month, None, months((2025, 1))),
    # holidays: a season's name shares the noun after it; holidays without a season name no dates
    (
        "осенние, весенние каникулы",
        ScheduleKind.dates,
        None,
        [(D(2024, 10, 21), D(2024, 11, 10)), (D(2025, 3, 21), D(2025, 4, 10))],
    ),
    (
        "в осенние и зимние каникулы",
        ScheduleKind.dates,
        None,
        [(D(2024, 10, 21), D(2024, 11, 10)), (D(2024, 12, 21), D(2025, 1, 10))],
    ),
    ("в период каникул", ScheduleKind.on_request, None, []),
    # halves and the start of a calendar year
    ("первая половина 2025 года", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 6, 30))]),
    ("вторая половина 2024 г.", ScheduleKind.range, None, [(D(2024, 7, 1), D(2024, 12, 31))]),
    ("в начале 2025 года", ScheduleKind.month, None, months((2025, 1))),
    # no date to be due by
    ("не позднее 3 рабочих дней", ScheduleKind.on_request, None, []),
    ("до начала ГИА", ScheduleKind.on_request, None, []),
    ("накануне ГИА", ScheduleKind.on_request, None, []),
    ("по индивидуальному плану", ScheduleKind.on_request, None, []),
    ("по индивидуальному графику", ScheduleKind.on_request, None, []),
    # «по» opening a date is «до»; the start and the end of the school year; stages after their months
    ("по 25 мая", ScheduleKind.date, None, [(None, D(2025, 5, 25))]),
    ("по 31.05.2025 г.", ScheduleKind.date, None, [(None, D(2025, 5, 31))]),
    ("в начале и в конце учебного года", ScheduleKind.dates, None, months((2024, 9), (2025, 5))),
    ("начало и конец уч. года", ScheduleKind.dates, None, months((2024, 9), (2025, 5))),
    # dates written year first, months as numbers, exams named with their year
    ("2024-09-01", ScheduleKind.date, None, [(D(2024, 9, 1), D(2024, 9, 1))]),
    ("2024.09.01", ScheduleKind.date, None, [(D(2024, 9, 1), D(2024, 9, 1))]),
    ("до 2024-12-25", ScheduleKind.date, None, [(None, D(2024, 12, 25))]),
    ("12.2024", ScheduleKind.month, None, months((2024, 12))),
    ("XII.2024", ScheduleKind.month, None, months((2024, 12))),
    ("09.2024-05.2025", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("с 09.2024 по 05.2025", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("ГИА-2025", ScheduleKind.unparsed, None, []),
    ("ВПР-2025", ScheduleKind.unparsed, None, []),
    ("июнь-июль 2025 (по итогам ГИА-2025)", ScheduleKind.range, None, [(D(2025, 6, 1), D(2025, 7, 31))]),
    ("до начала ГИА-2025", ScheduleKind.on_request, None, []),
    ("по итогам ВПР", ScheduleKind.on_request, None, []),
    ("по итогам мониторинга", ScheduleKind.on_request, None, []),
    ("втечение года", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),
    # «по итогам месяца / квартала / триместра»: each of them
    ("по итогам месяца", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    ("по итогам квартала", ScheduleKind.recurring, "calendar_quarterly", CALENDAR_QUARTERS),
    ("по итогам триместра", ScheduleKind.recurring, "times_a_year", TRIMESTERS),
    # before school holidays: the day before their usual first day; after them: no date
    ("до осенних каникул", ScheduleKind.date, None, [(None, D(2024, 10, 20))]),
    ("перед летними каникулами", ScheduleKind.date, None, [(None, D(2025, 5, 31))]),
    ("после осенних каникул", ScheduleKind.on_request, None, []),
    ("по окончании зимних каникул", ScheduleKind.on_request, None, []),
    ("после зимних каникул (январь)", ScheduleKind.month, None, months((2025, 1))),
    ("к новому учебному году", ScheduleKind.date, None, [(None, D(2025, 8, 31))]),
    ("по расписанию", ScheduleKind.on_request, None, []),
    # a month in each of the years listed after it; a recurrence from a month
    ("сентябрь 2024, 2025, 2026 гг.", ScheduleKind.dates, None, months((2024, 9), (2025, 9), (2026, 9))),
    ("ноябрь 2024 г., 2025 г.", ScheduleKind.dates, None, months((2024, 11), (2025, 11))),
    ("ежегодно в сентябре 2024, 2025 гг.", ScheduleKind.recurring, "yearly", months((2024, 9), (2025, 9))),
    ("ежемесячно с октября", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS[1:])),
    ("ежемесячно, начиная с ноября", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS[2:])),
    ("ежеквартально с января", ScheduleKind.recurring, "calendar_quarterly", CALENDAR_QUARTERS[2:]),
    # a start and a due date are one range; weeks and months of the school year are September's
    ("не ранее 1 октября и не позднее 15 октября", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 10, 15))]),
    ("не ранее 01.10.2024, не позднее 15.10.2024", ScheduleKind.range, None, [(D(2024, 10, 1), D(2024, 10, 15))]),
    ("в течение 1-2 недель сентября", ScheduleKind.period, None, [(D(2024, 9, 1), D(2024, 9, 14))]),
    ("в течение первого месяца учебного года", ScheduleKind.month, None, months((2024, 9))),
    ("в первую неделю учебного года", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 7))]),
    ("в течение первых двух недель учебного года", ScheduleKind.period, None, [(D(2024, 9, 1), D(2024, 9, 14))]),
    # years counted from a start not written; after the school year
    ("в течение 3 лет", ScheduleKind.on_request, None, []),
    ("в течение двух учебных лет", ScheduleKind.on_request, None, []),
    ("в течение 3 лет (2024-2026)", ScheduleKind.period, None, [(D(2024, 1, 1), D(2026, 12, 31))]),
    ("после окончания учебного года", ScheduleKind.month, None, months((2025, 6))),
    ("после окончания учебного года (июнь)", ScheduleKind.month, None, months((2025, 6))),
    # the start or the end of a school year beside a date says why, not when
    ("до 1 сентября 2025 (до начала нового учебного года)", ScheduleKind.date, None, [(None, D(2025, 9, 1))]),
    ("август 2025 г. (подготовка к новому учебному году)", ScheduleKind.month, None, months((2025, 8))),
    ("до 1 сентября 2025 (к новому учебному году)", ScheduleKind.date, None, [(None, D(2025, 9, 1))]),
    # abbreviated periods and rates
    ("II четв. 2024-2025 уч.г.", ScheduleKind.range, None, [(D(2024, 11, 1), D(2024, 12, 31))]),
    ("1-е п/г 2024-2025", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    ("в течение 1 п/г", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    ("2 полуг.", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 5, 31))]),
    ("I пол.", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 12, 31))]),
    ("1 р/мес", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    ("раз в мес.", ScheduleKind.recurring, "monthly", months(*SCHOOL_MONTHS)),
    (
        "2 раза/год",
        ScheduleKind.recurring,
        "twice_a_year",
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))],
    ),
    ("1 раз в кв.", ScheduleKind.recurring, "calendar_quarterly", CALENDAR_QUARTERS),
    (
        "1 раз в п/г",
        ScheduleKind.recurring,
        "half_yearly",
        [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))],
    ),
    ("в тече\u00adние года", ScheduleKind.period, None, [(D(2024, 9, 1), D(2025, 8, 31))]),  # a soft hyphen
    # «по <дата>» after a start with no date is «до»; a year, then yearly
    ("с даты подписания приказа по 31.12.2024", ScheduleKind.date, None, [(None, D(2024, 12, 31))]),
    ("в течение 2024 года, далее ежегодно", ScheduleKind.recurring, "yearly", [(D(2024, 1, 1), D(2024, 12, 31))]),
    # «по итогам» over a list of numbered periods
    ("по итогам I четверти, I полугодия", ScheduleKind.dates, None, months((2024, 10), (2024, 12))),
    # typos in a date stay unread, never a wrong date
    ("31.09.2024", ScheduleKind.unparsed, None, []),
    ("до 31.11.2024", ScheduleKind.unparsed, None, []),
    ("с 01.09.2024 по 31.06.2025", ScheduleKind.unparsed, None, []),
    ("31.09.2024 – 31.05.2025", ScheduleKind.unparsed, None, []),
    ("сентябрь 2024 – 31.09.2024", ScheduleKind.unparsed, None, []),
    ("до 15.09.2024, 31.09.2024", ScheduleKind.unparsed, None, []),
    ("до 31.04", ScheduleKind.unparsed, None, []),
    ("13.2024", ScheduleKind.unparsed, None, []),
]


STAGED: list[tuple[str, list[tuple[tuple[date | None, date], Stage]]]] = [
    (
        "октябрь 2024 г. (1 этап), апрель 2025 г. (2 этап)",
        [(month_bounds(2024, 10), Stage.entry), (month_bounds(2025, 4), Stage.final)],
    ),
    (
        "подготовительный этап – сентябрь, основной – октябрь-апрель, заключительный – май",
        [
            (month_bounds(2024, 9), Stage.entry),
            ((D(2024, 10, 1), D(2025, 4, 30)), Stage.interim),
            (month_bounds(2025, 5), Stage.final),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), STAGED, ids=[s[0] for s in STAGED])
def test_stages(text: str, expected: list[tuple[tuple[date | None, date], Stage]]) -> None:
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.kind == ScheduleKind.staged
    assert [((o.start, o.due), o.stage) for o in schedule.occurrences] == expected


def test_years_before_numbered_stages_are_no_stage() -> None:
    """«2021– 2022 г. 1 этап – …»: «1 этап» after the years, not in brackets, opens the next item."""
    schedule = _parse("2024–2025 гг. 1 этап – сентябрь 2024; 2 этап – май 2025", SCHOOL_YEAR, None)
    assert [(o.due, o.stage) for o in schedule.occurrences] == [
        (D(2024, 9, 30), Stage.entry),
        (D(2025, 5, 31), Stage.final),
    ]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_forms(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


def check_form(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    """`text` read in the school year 2024-2025: its kind, recurrence and (start, due) of each occurrence, and a
    summary for people. The table-driven tests of every deadline-text module check their forms with it."""
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.text == text
    assert schedule.kind == kind, schedule.summary
    assert schedule.recurrence == recurrence
    assert [(o.start, o.due) for o in schedule.occurrences] == expected
    assert schedule.summary


def test_weekly_with_a_day_named_after_a_comma() -> None:
    schedule = parse_schedule("еженедельно, четверг", SCHOOL_YEAR)
    assert schedule.recurrence == "weekly"
    assert {o.due.weekday() for o in schedule.occurrences} == {3}
    assert schedule.occurrences[0].due == D(2024, 9, 5)


def test_weekdays_abbreviated_in_brackets() -> None:
    schedule = parse_schedule("3 раза в неделю (пн, ср, пт)", SCHOOL_YEAR)
    assert schedule.recurrence == "weekly"
    assert {o.due.weekday() for o in schedule.occurrences} == {0, 2, 4}


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("ежемесячно, третья среда", [D(2024, 9, 18), D(2024, 10, 16)]),
        ("1 раз в месяц (третья среда)", [D(2024, 9, 18), D(2024, 10, 16)]),
        ("в четвертую среду месяца", [D(2024, 9, 25), D(2024, 10, 23)]),
        ("в первый и третий вторник месяца", [D(2024, 9, 3), D(2024, 9, 17), D(2024, 10, 1), D(2024, 10, 15)]),
        ("во вторую и четвертую пятницу каждого месяца", [D(2024, 9, 13), D(2024, 9, 27), D(2024, 10, 11)]),
    ],
)
def test_weekdays_of_each_month(text: str, days: list[date]) -> None:
    schedule = parse_schedule(text, SCHOOL_YEAR)
    assert schedule.recurrence == "monthly", schedule.summary
    assert [o.due for o in schedule.occurrences][: len(days)] == days


def test_a_time_of_day_is_no_impossible_date() -> None:
    schedule = parse_schedule("еженедельно по пятницам до 15.00", SCHOOL_YEAR)
    assert schedule.recurrence == "weekly"
    assert [o.due for o in schedule.occurrences][:2] == [D(2024, 9, 6), D(2024, 9, 13)]


def test_weekly_inside_a_half_year_ends_with_it() -> None:
    schedule = parse_schedule("еженедельно по пятницам в течение 1 четверти", SCHOOL_YEAR)
    assert schedule.recurrence == "weekly"
    dues = [o.due for o in schedule.occurrences]
    assert dues[0] == D(2024, 9, 6) and dues[-1] == D(2024, 10, 25) and len(dues) == 8


@pytest.mark.parametrize(
    ("text", "summary"),
    [
        ("ежемесячно (кроме июля, августа)", "ежемесячно (кроме июля, августа)"),
        ("ежемесячно в течение II полугодия", "ежемесячно (II полугодие 2024-2025 уч. г.)"),
        ("по триместрам", "каждый триместр"),
    ],
)
def test_summaries(text: str, summary: str) -> None:
    assert parse_schedule(text, SCHOOL_YEAR).summary == summary


def test_the_text_is_kept_as_written() -> None:
    for text in ("в теч. года", "15/09/2024", "ежемес.", "до 25-го мая"):
        assert parse_schedule(text, SCHOOL_YEAR).text == text


# --- expected results

GE, LE, EQ = Comparator.at_least, Comparator.at_most, Comparator.exactly


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("70–80 %", [(GE, 70, "%", None), (LE, 80, "%", None)]),
        ("доля обучающихся — 60—65 %", [(GE, 60, "%", None), (LE, 65, "%", None)]),
        ("рост качества обученности на 5-7%", [(GE, 5, "%", Change.increase), (LE, 7, "%", Change.increase)]),
        ("на 5% больше, чем в прошлом году", [(GE, 5, "%", Change.increase)]),
        ("на 3 п.п. ниже", [(GE, 3, "п.п.", Change.decrease)]),
        ("повышение качества знаний с 40 – 45 %", [(GE, 45, "%", None)]),  # from 40 to 45: baseline 40
        ("не менее 3х мероприятий", [(GE, 3, "мероприятие", None)]),
        ("на 15 % выше уровня 2024 года", [(GE, 15, "%", Change.increase)]),
        ("на 0,2 балла выше", [(GE, 0.2, "балл", Change.increase)]),
        ("повышение среднего балла на 0,3", [(GE, 0.3, "балл", Change.increase)]),
        ("100-процентный охват", [(EQ, 100, "%", None)]),
        ("не менее 1 статьи", [(GE, 1, "статья", None)]),
        ("не менее 3 статей в сборниках", [(GE, 3, "статья", None)]),
        ("10 % и менее", [(LE, 10, "%", None)]),
        ("5 % и ниже", [(LE, 5, "%", None)]),
        ("группы по 5–7 человек", [(GE, 5, "человек", None), (LE, 7, "человек", None)]),
        ("3–4 мероприятия", [(GE, 3, "мероприятие", None), (LE, 4, "мероприятие", None)]),
        ("уменьшение на 3-5 п.п.", [(GE, 3, "п.п.", Change.decrease), (LE, 5, "п.п.", Change.decrease)]),
        ("доля 4 и 5 – 55 %", [(EQ, 55, "%", None)]),  # the dash says «is»: 5 is a mark, no range
        ("ВПР-4 — 60 %", [(EQ, 60, "%", None)]),  # a long dash to a far bigger number says «is»
        ("15 — 20 педагогов", [(GE, 15, "педагог", None), (LE, 20, "педагог", None)]),
        ("средний тестовый балл – 65 и выше", [(GE, 65, "балл", None)]),
        ("средняя отметка – 3,8", [(EQ, 3.8, "балл", None)]),
        ("средняя оценка не ниже «4»", [(GE, 4, "балл", None)]),
    ],
)
def test_targets(text: str, expected: list[tuple[Comparator, float, str, Change | None]]) -> None:
    assert [(t.comparator, t.value, t.unit, t.change) for t in parse_targets(text)] == expected


@pytest.mark.parametrize(
    ("text", "unit", "fragment"),
    [
        ("отсутствие неуспевающих", "неуспевающий", "отсутствие неуспевающих"),
        ("Отсутствие обучающихся, не получивших аттестат", "обучающийся", "Отсутствие обучающихся"),
        ("отсутствие необъективных результатов ВПР", "результат", "отсутствие необъективных результатов"),
        ("Отсутствие случаев необъективности", "случай", "Отсутствие случаев"),
    ],
)
def test_absence_is_exactly_none(text: str, unit: str, fragment: str) -> None:
    [target] = parse_targets(text)
    assert (target.comparator, target.value, target.unit, target.text) == (EQ, 0, unit, fragment)


def test_absence_keeps_the_order_of_the_text() -> None:
    targets = parse_targets("отсутствие неуспевающих; не менее 80 % педагогов")
    assert [(t.value, t.unit) for t in targets] == [(0, "неуспевающий"), (80, "%")]
    assert parse_targets("отсутствие") == []
    assert parse_targets("в случае отсутствия педагога") == []


def test_a_baseline_with_its_year() -> None:
    """«с 35 % в 2024 г. до 45 % в 2025 г.»: 35 is where the figure stands, 45 the target."""
    [target] = parse_targets("с 35% в 2024 г. до 45% в 2025 г.")
    assert (target.comparator, target.value, target.unit, target.baseline) == (GE, 45, "%", 35)


@pytest.mark.parametrize(
    ("text", "of"),
    [("100% охват", None), ("100 % охват педагогов", "педагог"), ("на 5% больше, чем в прошлом году", None)],
)
def test_coverage_is_not_what_a_share_counts(text: str, of: str | None) -> None:
    [target] = parse_targets(text)
    assert target.of == of
    assert target.text in text
