"""Deadline texts, round 19: «в майские праздники» read by the production calendar of the year (from the days off
around 1 May to those around 9 May: 1–11 May 2025, 28 April – 12 May 2024), unit words with a letter left out after
their first («нделю», «мсяц») or two inside a long one («четвеь» for «четверть»), «п. 1.2.2024» and «пункт 3.1» as the
number of an item (never a date: no occurrence from it, a warning), the named parts of a list apart («Педсовет – август;
совещание – январь») each dated alone inside a plan of a school year when the months run on in time would put one
before it; and the wordings methodists write (two-digit years, ranges across the new year, «I, II полугодие», «до
10.01, 10.04, 10.06», «по графику ВПР (март–май)»), read to the day in a plan of a school year, of a calendar year and
of two school years."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.roadmap.schedules.parser import ScheduleKind
from services.roadmap.schedules.parser.months import is_working_day
from tests.roadmap.test_schedule_texts_more import D
from tests.roadmap.test_schedule_texts_more_15 import CAL, SY, TWO, UNREADABLE, Labelled, Plan, labelled, read

pytestmark = pytest.mark.no_database  # see tests/conftest.py: runs once, on the SQLite leg

# (text, plan, kind, [(start, due, label)] of every occurrence, summary)
READINGS: list[tuple[str, Plan, ScheduleKind, Labelled, str]] = [
    (
        "в майские праздники",
        SY,
        ScheduleKind.range,
        [(D(2025, 5, 1), D(2025, 5, 11), "01.05.2025 – 11.05.2025")],
        "майские праздники: 01.05.2025 – 11.05.2025",
    ),
    (
        "в майские праздники",
        CAL,
        ScheduleKind.range,
        [(D(2025, 5, 1), D(2025, 5, 11), "01.05.2025 – 11.05.2025")],
        "майские праздники: 01.05.2025 – 11.05.2025",
    ),
    (
        "в майские праздники",
        TWO,
        ScheduleKind.range,
        [(D(2025, 5, 1), D(2025, 5, 11), "01.05.2025 – 11.05.2025")],
        "майские праздники: 01.05.2025 – 11.05.2025",
    ),
    (
        "в период майских праздников 2024 г.",
        TWO,
        ScheduleKind.range,
        [(D(2024, 4, 28), D(2024, 5, 12), "28.04.2024 – 12.05.2024")],
        "майские праздники: 28.04.2024 – 12.05.2024",
    ),
    (
        "во время майских праздников 2026 года",
        TWO,
        ScheduleKind.range,
        [(D(2026, 5, 1), D(2026, 5, 11), "01.05.2026 – 11.05.2026")],
        "майские праздники: 01.05.2026 – 11.05.2026",
    ),
    (
        "1 раз в четвеь",
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
        "1 раз в полугдие",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 12, 31), "I полугодие 2024-2025 уч. г."),
            (D(2025, 1, 1), D(2025, 5, 31), "II полугодие 2024-2025 уч. г."),
        ],
        "каждое полугодие",
    ),
    (
        "1 раз в тримеср",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 11, 30), "сентябрь – ноябрь 2024"),
            (D(2024, 12, 1), D(2025, 2, 28), "декабрь 2024 – февраль 2025"),
            (D(2025, 3, 1), D(2025, 5, 31), "март – май 2025"),
        ],
        "1 раз в триместр",
    ),
    (
        "1 раз в кватрал",
        CAL,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 3, 31), "I квартал 2025"),
            (D(2025, 4, 1), D(2025, 6, 30), "II квартал 2025"),
            (D(2025, 7, 1), D(2025, 9, 30), "III квартал 2025"),
            (D(2025, 10, 1), D(2025, 12, 31), "IV квартал 2025"),
        ],
        "ежеквартально",
    ),
    (
        "Педсовет – август; совещание – январь",
        SY,
        ScheduleKind.dates,
        [
            (D(2025, 1, 1), D(2025, 1, 31), "совещание: январь 2025"),
            (D(2025, 8, 1), D(2025, 8, 31), "педсовет: август 2025"),
        ],
        "педсовет – август 2025; совещание – январь 2025",
    ),
    (
        "Педсовет – август; совещание – январь",
        CAL,
        ScheduleKind.dates,
        [
            (D(2025, 1, 1), D(2025, 1, 31), "совещание: январь 2025"),
            (D(2025, 8, 1), D(2025, 8, 31), "педсовет: август 2025"),
        ],
        "педсовет – август 2025; совещание – январь 2025",
    ),
    (
        "Педсовет – август 2024; совещание – январь",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 8, 1), D(2024, 8, 31), "педсовет: август 2024"),
            (D(2025, 1, 1), D(2025, 1, 31), "совещание: январь 2025"),
        ],
        "педсовет – август 2024; совещание – январь 2025",
    ),
    (
        "до 10.01, 10.04, 10.06",
        SY,
        ScheduleKind.dates,
        [
            (None, D(2025, 1, 10), "до 10.01.2025"),
            (None, D(2025, 4, 10), "до 10.04.2025"),
            (None, D(2025, 6, 10), "до 10.06.2025"),
        ],
        "до 10.01.2025, до 10.04.2025, до 10.06.2025",
    ),
    (
        "до 10.01, 10.04, 10.06",
        CAL,
        ScheduleKind.dates,
        [
            (None, D(2025, 1, 10), "до 10.01.2025"),
            (None, D(2025, 4, 10), "до 10.04.2025"),
            (None, D(2025, 6, 10), "до 10.06.2025"),
        ],
        "до 10.01.2025, до 10.04.2025, до 10.06.2025",
    ),
    (
        "1 и 3 четверть",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 9, 1), D(2024, 10, 31), "I четверть 2024-2025 уч. г."),
            (D(2025, 1, 1), D(2025, 3, 31), "III четверть 2024-2025 уч. г."),
        ],
        "I четверть 2024-2025 уч. г., III четверть 2024-2025 уч. г.",
    ),
    (
        "I, II полугодие",
        SY,
        ScheduleKind.dates,
        [
            (D(2024, 9, 1), D(2024, 12, 31), "I полугодие 2024-2025 уч. г."),
            (D(2025, 1, 1), D(2025, 5, 31), "II полугодие 2024-2025 уч. г."),
        ],
        "I полугодие 2024-2025 уч. г., II полугодие 2024-2025 уч. г.",
    ),
    (
        "I, II полугодие",
        CAL,
        ScheduleKind.dates,
        [
            (D(2025, 1, 1), D(2025, 6, 30), "I полугодие 2025 г."),
            (D(2025, 7, 1), D(2025, 12, 31), "II полугодие 2025 г."),
        ],
        "I полугодие 2025 г., II полугодие 2025 г.",
    ),
    (
        "ноябрь-декабрь 2024 г., март 2025 г.",
        SY,
        ScheduleKind.dates,
        [(D(2024, 11, 1), D(2024, 12, 31), "ноябрь – декабрь 2024"), (D(2025, 3, 1), D(2025, 3, 31), "март 2025")],
        "ноябрь – декабрь 2024, март 2025",
    ),
    (
        "ноябрь-декабрь 2024 г., март 2025 г.",
        CAL,
        ScheduleKind.dates,
        [(D(2024, 11, 1), D(2024, 12, 31), "ноябрь – декабрь 2024"), (D(2025, 3, 1), D(2025, 3, 31), "март 2025")],
        "ноябрь – декабрь 2024, март 2025",
    ),
    (
        "в течение учебного года по мере необходимости",
        SY,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2025, 8, 31), "01.09.2024 – 31.08.2025")],
        "по мере необходимости в течение 2024-2025 уч. г.",  # round 26: the condition is said
    ),
    (
        "в течение учебного года по мере необходимости",
        TWO,
        ScheduleKind.period,
        [(D(2024, 9, 1), D(2026, 8, 31), "01.09.2024 – 31.08.2026")],
        "по мере необходимости в течение периода 01.09.2024 – 31.08.2026",
    ),
    (
        "в период летних каникул",
        SY,
        ScheduleKind.range,
        [(D(2025, 6, 1), D(2025, 8, 31), "июнь – август 2025")],
        "июнь – август 2025 (летние каникулы — обычные сроки, точные даты по календарному графику школы)",
    ),
    (
        "за 2 недели до начала ГИА",
        SY,
        ScheduleKind.on_request,
        [],
        "без фиксированного срока: за 2 недели до начала ГИА",
    ),
    (
        "в сроки, установленные Рособрнадзором",
        SY,
        ScheduleKind.on_request,
        [],
        "без фиксированного срока: в установленные сроки",
    ),
    (
        "по графику ВПР (март–май)",
        SY,
        ScheduleKind.range,
        [(D(2025, 3, 1), D(2025, 5, 31), "март – май 2025")],
        "март – май 2025",
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
        "октябрь, январь, апрель (по итогам четвертей)",
        CAL,
        ScheduleKind.recurring,
        [
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 4, 1), D(2025, 4, 30), "апрель 2025"),
            (D(2025, 10, 1), D(2025, 10, 31), "октябрь 2025"),
        ],
        "каждую четверть в октябре, январе и апреле",
    ),
    ("до 25.12.24", SY, ScheduleKind.date, [(None, D(2024, 12, 25), "до 25.12.2024")], "до 25.12.2024"),
    ("15.03.25", CAL, ScheduleKind.date, [(D(2025, 3, 15), D(2025, 3, 15), "15.03.2025")], "15.03.2025"),
    (
        "с 20.12.24 по 10.01.25",
        SY,
        ScheduleKind.range,
        [(D(2024, 12, 20), D(2025, 1, 10), "20.12.2024 – 10.01.2025")],
        "20.12.2024 – 10.01.2025",
    ),
    (
        "ноябрь 2024 – февраль 2025",
        SY,
        ScheduleKind.range,
        [(D(2024, 11, 1), D(2025, 2, 28), "ноябрь 2024 – февраль 2025")],
        "ноябрь 2024 – февраль 2025",
    ),
    (
        "с декабря по февраль",
        SY,
        ScheduleKind.range,
        [(D(2024, 12, 1), D(2025, 2, 28), "декабрь 2024 – февраль 2025")],
        "декабрь 2024 – февраль 2025",
    ),
    (
        "с декабря по февраль",
        TWO,
        ScheduleKind.range,
        [(D(2024, 12, 1), D(2025, 2, 28), "декабрь 2024 – февраль 2025")],
        "декабрь 2024 – февраль 2025",
    ),
    (
        "ежемесячно (кроме каникул)",
        SY,
        ScheduleKind.recurring,
        [
            (D(2024, 9, 1), D(2024, 9, 30), "сентябрь 2024"),
            (D(2024, 10, 1), D(2024, 10, 31), "октябрь 2024"),
            (D(2024, 11, 1), D(2024, 11, 30), "ноябрь 2024"),
            (D(2024, 12, 1), D(2024, 12, 31), "декабрь 2024"),
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 2, 1), D(2025, 2, 28), "февраль 2025"),
            (D(2025, 3, 1), D(2025, 3, 31), "март 2025"),
            (D(2025, 4, 1), D(2025, 4, 30), "апрель 2025"),
            (D(2025, 5, 1), D(2025, 5, 31), "май 2025"),
        ],
        "ежемесячно (кроме каникул)",
    ),
    ("до 01.10.2024 (см. п. 1.2.3)", SY, ScheduleKind.date, [(None, D(2024, 10, 1), "до 01.10.2024")], "до 01.10.2024"),
]


@pytest.mark.parametrize(("text", "plan", "kind", "expected", "summary"), READINGS)
def test_reading(text: str, plan: Plan, kind: ScheduleKind, expected: Labelled, summary: str) -> None:
    schedule = read(text, plan)
    assert (schedule.kind, schedule.summary) == (kind, summary)
    assert labelled(schedule) == expected
    assert schedule.text == text


# --- the May holidays: the days off of the production calendar around 1 and 9 May


@pytest.mark.parametrize(("plan", "year"), [(SY, 2025), (CAL, 2025), (TWO, 2025)])
def test_the_may_holidays_run_from_a_day_off_to_a_day_off(plan: Plan, year: int) -> None:
    (holidays,) = read("в майские праздники", plan).occurrences
    assert holidays.start is not None and holidays.start.year == year
    assert not is_working_day(holidays.start) and not is_working_day(holidays.due)
    assert is_working_day(holidays.start - timedelta(days=1)) and is_working_day(holidays.due + timedelta(days=1))


def test_the_may_holidays_of_2024_start_in_april() -> None:
    """28 April – 1 May and 9–12 May 2024 were days off (Saturday 27 April worked): 28 April – 12 May."""
    schedule = read("в период майских праздников 2024 г.", SY)
    assert labelled(schedule) == [(D(2024, 4, 28), D(2024, 5, 12), "28.04.2024 – 12.05.2024")]
    assert schedule.warnings == [
        "Срок «28.04.2024 – 12.05.2024»: 12.05.2024 — вне периода плана 01.09.2024 – 31.08.2025"
    ]


def test_a_may_holiday_list_of_a_year_outside_the_plan_is_named() -> None:
    assert read("майские праздники 2026 года", SY).warnings == [
        "Срок «01.05.2026 – 11.05.2026»: 11.05.2026 — вне периода плана 01.09.2024 – 31.08.2025"
    ]


@pytest.mark.parametrize("text", ["после майских праздников", "перед майскими праздниками", "до майских праздников"])
def test_a_time_beside_the_may_holidays_is_not_the_holidays(text: str) -> None:
    """«после …», «перед …» name a time around the holidays, not the holidays: no 1–11 May guessed."""
    assert read(text, SY).occurrences == []


def test_the_days_of_the_may_holidays_are_the_holidays() -> None:
    assert labelled(read("в дни майских праздников", CAL)) == [
        (D(2025, 5, 1), D(2025, 5, 11), "01.05.2025 – 11.05.2025")
    ]


# --- unit words with letters left out


@pytest.mark.parametrize(
    ("text", "plan", "count", "first", "last", "summary"),
    [
        (
            "1 раз в нделю",
            SY,
            53,
            (D(2024, 8, 26), D(2024, 9, 1), "неделя 26 августа – 1 сентября 2024"),
            (D(2025, 8, 25), D(2025, 8, 31), "неделя 25–31 августа 2025"),
            "еженедельно",
        ),
        (
            "каждую нделю",
            CAL,
            52,
            (D(2024, 12, 30), D(2025, 1, 5), "неделя 30 декабря 2024 – 5 января 2025"),
            (D(2025, 12, 22), D(2025, 12, 28), "неделя 22–28 декабря 2025"),
            "еженедельно",
        ),
        (
            "раз в мсяц",
            CAL,
            12,
            (D(2025, 1, 1), D(2025, 1, 31), "январь 2025"),
            (D(2025, 12, 1), D(2025, 12, 31), "декабрь 2025"),
            "ежемесячно",
        ),
        (
            "1 раз в четвеь",
            TWO,
            8,
            (D(2024, 9, 1), D(2024, 10, 31), "I четверть 2024-2025 уч. г."),
            (D(2026, 4, 1), D(2026, 5, 31), "IV четверть 2025-2026 уч. г."),
            "каждую четверть",
        ),
    ],
)
def test_a_unit_with_letters_left_out_recurs(
    text: str,
    plan: Plan,
    count: int,
    first: tuple[object, ...],
    last: tuple[object, ...],
    summary: str,
) -> None:
    schedule = read(text, plan)
    occurrences = labelled(schedule)
    assert (schedule.kind, schedule.summary) == (ScheduleKind.recurring, summary)
    assert (len(occurrences), occurrences[0], occurrences[-1]) == (count, first, last)


@pytest.mark.parametrize("text", ["кварта", "1 раз в четверо суток", "четвер"])
def test_a_word_a_unit_starts_with_or_another_word_is_not_a_unit(text: str) -> None:
    assert read(text, SY).kind == ScheduleKind.unparsed


# --- item numbers: «п. 1.2.2024» is item 1.2.2024 of the order, not 1 February 2024


@pytest.mark.parametrize(("text", "item"), [("п. 1.2.2024", "п. 1.2.2024"), ("пункт 1.2.2024", "пункт 1.2.2024")])
def test_an_item_number_alone_is_no_date(text: str, item: str) -> None:
    schedule = read(text, SY)
    assert (schedule.kind, schedule.occurrences, schedule.text) == (ScheduleKind.unparsed, [], text)
    assert schedule.warnings == [f"«{item}» — номер пункта, а не дата: как срок не прочитан"]


def test_an_item_number_beside_a_date_leaves_the_date() -> None:
    schedule = read("до 01.10.2024 (см. п. 1.2.3)", SY)
    assert (schedule.kind, schedule.summary) == (ScheduleKind.date, "до 01.10.2024")
    assert labelled(schedule) == [(None, D(2024, 10, 1), "до 01.10.2024")]
    assert schedule.warnings == ["«см. п. 1.2.3» — номер пункта, а не дата: как срок не прочитан"]


def test_an_item_number_in_a_reference_to_a_document_is_still_on_request() -> None:
    schedule = read("в соответствии с п. 2.4", CAL)
    assert (schedule.kind, schedule.occurrences) == (ScheduleKind.on_request, [])
    assert schedule.text == "в соответствии с п. 2.4"


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("п.п. 2.1-2.3", "п.п. 2.1-2.3"),
        ("пп. 1.1, 1.2", "пп. 1.1, 1.2"),
        ("пункты 1.2.2024 и 1.3.2024", "пункты 1.2.2024 и 1.3.2024"),
    ],
)
def test_several_item_numbers_are_no_dates(text: str, items: str) -> None:
    schedule = read(text, CAL)
    assert (schedule.kind, schedule.occurrences) == (ScheduleKind.unparsed, [])
    assert schedule.warnings == [f"«{items}» — номера пунктов, а не даты: как сроки не прочитаны"]


def test_item_numbers_in_brackets_after_a_date_are_not_more_dates() -> None:
    schedule = read("до 15.05.2025 (п. 3.1 и 3.2)", SY)
    assert labelled(schedule) == [(None, D(2025, 5, 15), "до 15.05.2025")]
    assert schedule.summary == "до 15.05.2025"


def test_a_date_with_no_item_word_is_still_a_date() -> None:
    schedule = read("1.2.2025", CAL)
    assert (schedule.kind, labelled(schedule), schedule.warnings) == (
        ScheduleKind.date,
        [(D(2025, 2, 1), D(2025, 2, 1), "01.02.2025")],
        [],
    )


# --- named parts apart: each a deadline of its own inside the plan


def test_named_parts_apart_inside_a_school_year_have_no_warning() -> None:
    assert read("Педсовет – август; совещание – январь", SY).warnings == []


def test_a_year_written_for_a_named_part_is_kept_and_named_outside() -> None:
    assert read("Педсовет – август 2024; совещание – январь", SY).warnings == [
        "Срок «август 2024»: 31.08.2024 — вне периода плана 01.09.2024 – 31.08.2025"
    ]


def test_months_listed_with_commas_still_run_on_in_two_school_years() -> None:
    """Not apart and not named: «август, январь» keeps its order in time (August 2025, then January 2026)."""
    assert [o.due for o in read("август, январь", TWO).occurrences] == [D(2025, 8, 31), D(2026, 1, 31)]


def test_fridays_from_the_first_of_september_to_the_end_of_may() -> None:
    fridays = read("с 01.09 по 31.05 еженедельно по пятницам", SY).occurrences
    assert (len(fridays), fridays[0].due, fridays[-1].due) == (39, D(2024, 9, 6), D(2025, 5, 30))
    assert all(o.due.weekday() == 4 and o.start == o.due for o in fridays)


@pytest.mark.parametrize("text", list(dict.fromkeys(reading[0] for reading in READINGS)))
def test_every_label_and_summary_is_readable(text: str) -> None:
    schedule = read(text, SY)
    for said in (schedule.summary, *(o.label for o in schedule.occurrences), *schedule.warnings):
        for what, pattern in UNREADABLE.items():
            assert not pattern.search(said), f"{what} in {said!r}"
