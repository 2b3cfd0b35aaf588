"""Deadline texts as school and municipal roadmaps write them, round 11, checked to the day: shorthand («ежедн.», «2
раза в уч. год», «след.», «дн.», «раб.», «посл.», «пол.» before a month, «по пн.»), typing slips (Latin letters in a
Russian word, «Ш четверть», «1V», «lI», «2О24», «25-12-2024», «31 ноября»), a cell's lines broken inside a word, a date
or between a month and its year, forms that name no date said plainly («при необходимости», «через 2 недели»), what
is reported beside when («отчет за сентябрь – до 5 октября», «по состоянию на …»), a term's or a quarter's report in
the month after it, «29 февраля» in a year that has none, «II полугодие 2025 г.» in the school year 2024-2025, «до
01.10.2024, далее ежеквартально», «следующего года», holidays and the New Year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.roadmap.schedules.parser import ScheduleKind, _parse, month_bounds
from tests.roadmap.test_schedule_texts_more import SCHOOL_YEAR, D, Expected, check_form

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

SCHOOL_YEAR_SPAN: Expected = [(D(2024, 9, 1), D(2025, 8, 31))]
SCHOOL_MONTHS = [(2024, m) for m in range(9, 13)] + [(2025, m) for m in range(1, 9)]
TERMS: Expected = [
    (D(2024, 9, 1), D(2024, 10, 31)), (D(2024, 11, 1), D(2024, 12, 31)),
    (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 5, 31)),
]  # fmt: skip
CALENDAR_QUARTERS: Expected = [
    (D(2024, 7, 1), D(2024, 9, 30)), (D(2024, 10, 1), D(2024, 12, 31)),
    (D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 6, 30)),
]  # fmt: skip
CALENDAR_QUARTERS_2025: Expected = [(D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 6, 30))]
WEEKS: Expected = [
    (D(2024, 8, 26) + timedelta(weeks=n), D(2024, 9, 1) + timedelta(weeks=n)) for n in range(53)
]  # the Monday-to-Sunday weeks that hold the school year's days
HALF_YEARS: Expected = [(D(2024, 9, 1), D(2024, 12, 31)), (D(2025, 1, 1), D(2025, 5, 31))]


def by_days(*days: date) -> Expected:
    return [(None, day) for day in days]


def each_month_by(day: int) -> Expected:
    return [(None, D(year, month, day)) for year, month in SCHOOL_MONTHS]


# round 20: the report on each month of the school year, due by the 5th of the next (August's in September)
MONTH_REPORTS = [*each_month_by(5)[1:], (None, D(2025, 9, 5))]


def whole_months(*pairs: tuple[int, int]) -> Expected:
    return [month_bounds(year, month) for year, month in pairs]


FORMS: list[tuple[str, ScheduleKind, str | None, Expected]] = [
    # no date, said plainly: not unparsed
    ("при необходимости", ScheduleKind.on_request, None, []),
    ("В случае необходимости.", ScheduleKind.on_request, None, []),
    ("по приказу", ScheduleKind.on_request, None, []),
    ("по распоряжению руководителя", ScheduleKind.on_request, None, []),
    # a date written beside «при необходимости» is still the deadline
    ("до 01.10.2024, при необходимости повторно", ScheduleKind.date, None, by_days(D(2024, 10, 1))),
    # shorthand
    ("ежедн.", ScheduleKind.recurring, "daily", []),  # documented: daily has no dates
    ("2 раза в уч. год", ScheduleKind.recurring, "twice_a_year", HALF_YEARS),
    ("1 раз в уч.год", ScheduleKind.recurring, "yearly", [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("до 5 числа след. месяца", ScheduleKind.recurring, "monthly", MONTH_REPORTS),
    ("до 5 числа, следующего за отчётным месяцем", ScheduleKind.recurring, "monthly", MONTH_REPORTS),
    (
        "за 10 дн. до окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        by_days(D(2024, 10, 21), D(2024, 12, 21), D(2025, 3, 21), D(2025, 5, 21)),
    ),
    (
        "не позднее 3 раб. дней после окончания четверти",
        ScheduleKind.recurring,
        "quarterly",
        by_days(D(2024, 11, 5), D(2025, 1, 13), D(2025, 4, 3), D(2025, 6, 4)),  # 1–8 January are days off
    ),
    ("за 3 раб. дня до 1 сентября", ScheduleKind.date, None, by_days(D(2024, 8, 28))),
    ("по итогам уч. года", ScheduleKind.recurring, "yearly", [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("по итогам уч.г.", ScheduleKind.recurring, "yearly", [(D(2024, 9, 1), D(2025, 5, 31))]),
    # «не позднее, чем …» is «не позднее …»: a deadline, not the day itself
    ("не позднее, чем 25 декабря", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    ("не позже чем 25.12.2024", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    ("не ранее, чем 01.09.2024", ScheduleKind.period, None, SCHOOL_YEAR_SPAN),
    # a range of days with ordinal endings
    ("с 1-го по 15-е сентября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 15))]),
    ("с 10-го по 20-е октября 2024 г.", ScheduleKind.range, None, [(D(2024, 10, 10), D(2024, 10, 20))]),
    ("с 25-го ноября по 5-е декабря", ScheduleKind.range, None, [(D(2024, 11, 25), D(2024, 12, 5))]),
    # hyphens for dots
    ("до 25-12-2024 г.", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    ("01-09-2024 - 31-05-2025", ScheduleKind.range, None, [(D(2024, 9, 1), D(2025, 5, 31))]),
    ("31-09-2024", ScheduleKind.unparsed, None, []),  # an impossible date, as «31.09.2024»
    # a cell's line wrapped between a month and its year
    ("Сентябрь\n2024 г.", ScheduleKind.month, None, whole_months((2024, 9))),
    ("до 25 декабря\n2024 года", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    # a word or a date broken by a cell's line
    ("сен-\nтябрь 2024", ScheduleKind.month, None, whole_months((2024, 9))),
    ("ежеме-\nсячно", ScheduleKind.recurring, "monthly", whole_months(*SCHOOL_MONTHS)),
    ("в тече-\nние года", ScheduleKind.period, None, SCHOOL_YEAR_SPAN),
    ("до 25.12.\n2024", ScheduleKind.date, None, by_days(D(2024, 12, 25))),
    ("сентябрь-\nоктябрь", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 31))]),  # a dash, as before
    # a time counted from the end of the school year (31 May), not the whole of June
    ("в течение 2-х недель после окончания учебного года", ScheduleKind.range, None, [(D(2025, 6, 1), D(2025, 6, 14))]),
    ("не позднее 5 рабочих дней после окончания учебного года", ScheduleKind.date, None, by_days(D(2025, 6, 6))),
    ("после окончания учебного года", ScheduleKind.month, None, whole_months((2025, 6))),  # unchanged
    # «29 февраля» in a year that has none: February's last day
    ("до 29 февраля", ScheduleKind.date, None, by_days(D(2025, 2, 28))),
    ("с 1 по 29 февраля", ScheduleKind.range, None, [(D(2025, 2, 1), D(2025, 2, 28))]),
    ("до 29.02.2025", ScheduleKind.unparsed, None, []),  # the year written: a typo, as before
    ("до 29 февраля 2025", ScheduleKind.unparsed, None, []),  # so in words
    # a day its month does not have, written in words, is a typo as «31.11» is (not a date with no year)
    ("31 ноября", ScheduleKind.unparsed, None, []),
    ("до 30 февраля", ScheduleKind.unparsed, None, []),
    ("30 ноября 2024", ScheduleKind.date, None, [(D(2024, 11, 30), D(2024, 11, 30))]),
    # a length after «через» with no event named: no date (not unparsed)
    ("через 2 недели", ScheduleKind.on_request, None, []),
    ("через 2 недели после 01.09.2024", ScheduleKind.date, None, by_days(D(2024, 9, 15))),  # as before
    # a term's (half-year's) report due by a day of the first decade: in the month after it
    (
        "по итогам четверти, до 5 числа",
        ScheduleKind.recurring,
        "quarterly",
        by_days(D(2024, 11, 5), D(2025, 1, 5), D(2025, 4, 5), D(2025, 6, 5)),
    ),
    (
        "1 раз в четверть до 10 числа",
        ScheduleKind.recurring,
        "quarterly",
        by_days(D(2024, 11, 10), D(2025, 1, 10), D(2025, 4, 10), D(2025, 6, 10)),
    ),
    (
        "по итогам полугодия, до 10 числа",
        ScheduleKind.recurring,
        "half_yearly",
        by_days(D(2025, 1, 10), D(2025, 6, 10)),
    ),
    # a later day stays in the term's last month
    (
        "каждую четверть до 25 числа",
        ScheduleKind.recurring,
        "quarterly",
        by_days(D(2024, 10, 25), D(2024, 12, 25), D(2025, 3, 25), D(2025, 5, 25)),
    ),
    # numerals typed with lookalikes, or with the ending «-ей»
    ("Ш четверть", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 3, 31))]),
    ("1V четверть", ScheduleKind.range, None, [(D(2025, 4, 1), D(2025, 5, 31))]),
    ("lI полугодие", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 5, 31))]),
    ("в III-ей четверти", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 3, 31))]),
    ("во II-ую четверть", ScheduleKind.range, None, [(D(2024, 11, 1), D(2024, 12, 31))]),
    ("Четверть", ScheduleKind.recurring, "quarterly", TERMS),  # no numeral: each term, as before
    # Latin letters inside a Russian word of shorthand or a misspelt one (read before the shorthand is)
    ("III чeтв.", ScheduleKind.range, None, TERMS[2:3]),
    ("ежекварталнo", ScheduleKind.recurring, "calendar_quarterly", CALENDAR_QUARTERS),
    ("IIIчетверть", ScheduleKind.range, None, TERMS[2:3]),  # a numeral glued to its noun, as before
    # a letter O typed for a zero in a year
    ("2O24-2025 уч.г.", ScheduleKind.range, None, SCHOOL_YEAR_SPAN),
    ("сентябрь 2О24 г.", ScheduleKind.month, None, whole_months((2024, 9))),
    # New Year's holidays are the winter ones; «накануне» a holiday is before it, as «перед» is
    ("новогодние каникулы", ScheduleKind.range, None, [(D(2024, 12, 21), D(2025, 1, 10))]),
    ("до новогодних каникул", ScheduleKind.date, None, by_days(D(2024, 12, 20))),
    ("накануне зимних каникул", ScheduleKind.date, None, by_days(D(2024, 12, 20))),
    ("после новогодних каникул", ScheduleKind.on_request, None, []),
    # the New Year as «перед Новым годом» and «к новогодним праздникам» write it: by 31 December
    ("перед Новым годом", ScheduleKind.date, None, by_days(D(2024, 12, 31))),
    ("к новогодним праздникам", ScheduleKind.date, None, by_days(D(2024, 12, 31))),
    ("перед новогодними праздниками", ScheduleKind.date, None, by_days(D(2024, 12, 31))),
    # «пол.» before a month is its half, not a half-year
    ("2-я пол. октября", ScheduleKind.range, None, [(D(2024, 10, 16), D(2024, 10, 31))]),
    ("1-я пол. сентября 2024 г.", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 9, 15))]),
    ("2 пол.", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 5, 31))]),  # a half-year, as before
    # «с начала II полугодия» runs on from its start, as «со II полугодия» does
    ("с начала II полугодия", ScheduleKind.period, None, [(D(2025, 1, 1), D(2025, 8, 31))]),
    ("начиная с начала III четверти", ScheduleKind.period, None, [(D(2025, 1, 1), D(2025, 8, 31))]),
    ("в начале II полугодия", ScheduleKind.range, None, whole_months((2025, 1))),  # at its start, as before
    # «по состоянию на …» beside a deadline is the day the data are taken on, not when the activity is due
    ("до 05.10.2024 (по состоянию на 20.09.2024)", ScheduleKind.date, None, by_days(D(2024, 10, 5))),
    ("по состоянию на 20.09.2024, до 05.10.2024", ScheduleKind.date, None, by_days(D(2024, 10, 5))),
    ("ежегодно, до 1 октября (по состоянию на 20 сентября)", ScheduleKind.recurring, "yearly", by_days(D(2024, 10, 1))),
    ("по состоянию на 01.09.2024", ScheduleKind.date, None, [(D(2024, 9, 1), D(2024, 9, 1))]),  # alone: that day
    # a deadline on the 1st, then a recurrence: the period that starts that day is the first of «далее»
    (
        "до 01.10.2024 – разработка; далее – ежеквартально",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2024, 10, 1)), (D(2024, 10, 1), D(2024, 12, 31)), *CALENDAR_QUARTERS_2025],
    ),
    (
        "до 01.01.2025, далее ежеквартально",
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2025, 1, 1)), *CALENDAR_QUARTERS_2025],
    ),
    (
        "до 30.09.2024, далее ежеквартально",  # unchanged
        ScheduleKind.recurring,
        "calendar_quarterly",
        [(None, D(2024, 9, 30)), (D(2024, 10, 1), D(2024, 12, 31)), *CALENDAR_QUARTERS_2025],
    ),
    ("до 01.09.2024, далее ежегодно", ScheduleKind.recurring, "yearly", by_days(D(2024, 9, 1))),  # once, not twice
    # one month, then the day in it after a comma or a colon: by that day, as in brackets
    ("октябрь, до 25.10.2024", ScheduleKind.date, None, by_days(D(2024, 10, 25))),
    ("май 2025: до 20 мая", ScheduleKind.date, None, by_days(D(2025, 5, 20))),
    (
        "октябрь, до 10.11.2024",  # a day outside the month: both, as before
        ScheduleKind.dates,
        None,
        [month_bounds(2024, 10), (None, D(2024, 11, 10))],
    ),
    # «посл.» spelled out
    ("посл. неделя мая", ScheduleKind.range, None, [(D(2025, 5, 25), D(2025, 5, 31))]),
    ("посл. декада мая", ScheduleKind.range, None, [(D(2025, 5, 21), D(2025, 5, 31))]),
    # two-digit years with «г.», or a range written «с … по …»
    ("с декабря 24 г. по январь 25 г.", ScheduleKind.range, None, [(D(2024, 12, 1), D(2025, 1, 31))]),
    ("декабрь 24 г. - январь 25 г.", ScheduleKind.range, None, [(D(2024, 12, 1), D(2025, 1, 31))]),
    ("с декабря 24 по январь 25", ScheduleKind.range, None, [(D(2024, 12, 1), D(2025, 1, 31))]),
    # the school year with its summer is the whole school year, not the summer alone
    ("в течение года, включая летний период", ScheduleKind.period, None, SCHOOL_YEAR_SPAN),
    ("в течение учебного года и летнего периода", ScheduleKind.period, None, SCHOOL_YEAR_SPAN),
    # numbered periods with a slash: both
    ("III/IV четверть", ScheduleKind.dates, None, TERMS[2:]),
    ("I/II полугодие", ScheduleKind.dates, None, HALF_YEARS),
    # the month reported on beside the day due, or in brackets beside the month it is done in
    ("отчет за сентябрь – до 5 октября", ScheduleKind.date, None, by_days(D(2024, 10, 5))),
    ("за май (до 5 июня)", ScheduleKind.date, None, by_days(D(2025, 6, 5))),
    ("отчет за декабрь 2024 г. – до 10.01.2025", ScheduleKind.date, None, by_days(D(2025, 1, 10))),
    ("май (за апрель)", ScheduleKind.month, None, whole_months((2025, 5))),
    ("за сентябрь", ScheduleKind.month, None, whole_months((2024, 9))),  # alone: that month, as before
    ("сентябрь – до 15 октября", ScheduleKind.range, None, [(D(2024, 9, 1), D(2024, 10, 15))]),  # as before
    # «по май» alone: through May, as «по 31.05.2025»
    ("по май 2025 г.", ScheduleKind.date, None, by_days(D(2025, 5, 31))),
    ("по сентябрь", ScheduleKind.date, None, by_days(D(2024, 9, 30))),
    # «месяц» after a month's name
    ("сентябрь месяц 2024 г.", ScheduleKind.month, None, whole_months((2024, 9))),
    # «исключая» leaves out, as «кроме» does (not the summer alone)
    ("ежемесячно, исключая летний период", ScheduleKind.recurring, "monthly", whole_months(*SCHOOL_MONTHS[:9])),
    ("ежемесячно, исключая июль и август", ScheduleKind.recurring, "monthly", whole_months(*SCHOOL_MONTHS[:10])),
    # days of each month written with a dash, or bare in a monthly text: those days, as «с 1 по 5 число»
    (
        "ежемесячно 1-5 числа",
        ScheduleKind.recurring,
        "monthly",
        [(D(year, month, 1), D(year, month, 5)) for year, month in SCHOOL_MONTHS],
    ),
    (
        "ежемесячно (с 20 по 25)",
        ScheduleKind.recurring,
        "monthly",
        [(D(year, month, 20), D(year, month, 25)) for year, month in SCHOOL_MONTHS],
    ),
    # the month after each quarter, whole: a month after its last day is the next month's last day
    (
        "ежеквартально (в течение месяца, следующего за отчетным кварталом)",
        ScheduleKind.recurring,
        "calendar_quarterly",
        whole_months((2024, 10), (2025, 1), (2025, 4), (2025, 7)),
    ),
    (
        "ежеквартально, в течение месяца после окончания квартала",
        ScheduleKind.recurring,
        "calendar_quarterly",
        whole_months((2024, 10), (2025, 1), (2025, 4), (2025, 7)),
    ),
    ("через месяц после окончания I четверти", ScheduleKind.date, None, by_days(D(2024, 11, 30))),
    ("за месяц до 30.11.2024", ScheduleKind.date, None, by_days(D(2024, 10, 30))),  # a written day keeps its day
    # «регулярно, …», «систематически, …» before a recurrence say how, not another whole period beside it
    ("регулярно, ежемесячно", ScheduleKind.recurring, "monthly", whole_months(*SCHOOL_MONTHS)),
    ("систематически, 1 раз в неделю", ScheduleKind.recurring, "weekly", WEEKS),
    # «следующего года» after a month: the year after the one the school year starts in
    ("до 1 сентября следующего года", ScheduleKind.date, None, by_days(D(2025, 9, 1))),
    ("до 1 марта следующего года", ScheduleKind.date, None, by_days(D(2025, 3, 1))),
    ("до 20 января года, следующего за отчетным", ScheduleKind.date, None, by_days(D(2025, 1, 20))),  # as before
    # a half-year of a calendar year the school year holds little of: the school's half-year in that year
    ("II полугодие 2025 г.", ScheduleKind.range, None, HALF_YEARS[1:]),
    ("I полугодие 2024 г.", ScheduleKind.range, None, HALF_YEARS[:1]),
    ("до конца II полугодия 2025 г.", ScheduleKind.date, None, by_days(D(2025, 5, 31))),
    ("в 1 полугодии 2025 г.", ScheduleKind.range, None, [(D(2025, 1, 1), D(2025, 6, 30))]),  # held whole: as before
    ("во II полугодии 2024 года", ScheduleKind.range, None, [(D(2024, 7, 1), D(2024, 12, 31))]),  # mostly held
]


@pytest.mark.parametrize(("text", "kind", "recurrence", "expected"), FORMS)
def test_form(text: str, kind: ScheduleKind, recurrence: str | None, expected: Expected) -> None:
    check_form(text, kind, recurrence, expected)


def test_the_29th_of_february_in_a_leap_school_year_stays_that_day() -> None:
    schedule = _parse("до 29 февраля", "2023-2024", None)
    assert [(o.start, o.due) for o in schedule.occurrences] == by_days(D(2024, 2, 29))


def test_the_29th_of_february_in_a_year_without_one_is_labelled_by_the_day_read() -> None:
    """The label says the day the occurrence is due, not a day that does not exist."""
    schedule = _parse("до 29 февраля", SCHOOL_YEAR, None)
    assert schedule.summary == "до 28.02.2025"
    assert [o.label for o in schedule.occurrences] == ["до 28.02.2025"]


def test_the_summary_of_a_plain_no_date_keeps_the_words() -> None:
    assert _parse("при необходимости", SCHOOL_YEAR, None).summary == "без фиксированного срока: при необходимости"


@pytest.mark.parametrize(
    ("text", "weekday"),
    [
        ("еженедельно по пн.", 0),
        ("еженедельно, по пт", 4),
        ("еженедельно до пятницы", 4),
        ("еженедельно (до четверга)", 3),
        ("1 раз в неделю, не позднее пятницы", 4),
    ],
)
def test_the_day_of_each_week_abbreviated_or_due_by(text: str, weekday: int) -> None:
    """«по пн.» is «по понедельникам»; in a weekly text «до пятницы» is due each Friday, not each Sunday."""
    schedule = _parse(text, SCHOOL_YEAR, None)
    assert schedule.recurrence == "weekly", schedule.summary
    assert {o.due.weekday() for o in schedule.occurrences} == {weekday}
    assert len(schedule.occurrences) == 52


def test_a_yearly_29th_of_february_is_each_februarys_last_day() -> None:
    """Over the school years 2023-2025 «ежегодно до 29 февраля» is due 29 February 2024 (a leap year) and 28 February
    2025: February's last day each year, not a date that 2025 does not have."""
    schedule = _parse("ежегодно до 29 февраля", None, (D(2023, 9, 1), D(2025, 8, 31)))
    assert [(o.start, o.due) for o in schedule.occurrences] == by_days(D(2024, 2, 29), D(2025, 2, 28))


def test_the_next_year_of_a_calendar_plan() -> None:
    """In a plan by the calendar year 2025, «следующего года» is 2026 (kept with a warning: outside the plan)."""
    schedule = _parse("до 1 сентября следующего года", None, (D(2025, 1, 1), D(2025, 12, 31)))
    assert [(o.start, o.due) for o in schedule.occurrences] == by_days(D(2026, 9, 1))
    assert schedule.warnings


def test_a_half_year_of_a_calendar_year_in_a_plan_by_that_year_stays_calendar() -> None:
    schedule = _parse("II полугодие 2025 г.", None, (D(2025, 1, 1), D(2025, 12, 31)))
    assert [(o.start, o.due) for o in schedule.occurrences] == [(D(2025, 7, 1), D(2025, 12, 31))]
