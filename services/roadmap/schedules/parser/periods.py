"""School and calendar periods: school years, half-years, terms (четверти, триместры), calendar quarters,
months and weeks, as windows (start, due, label)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from services.roadmap.schedules.parser.dates import Item, Moment, item_label
from services.roadmap.schedules.parser.months import MONTHS_NOMINATIVE, month_bounds

# --- occurrences of a recurrence

Window = tuple[date, date, str]


def _school_years(period: tuple[date, date]) -> range:
    return range(period[0].year - 1, period[1].year + 1)


def _school_year_label(first_year: int) -> str:
    return f"{first_year}-{first_year + 1} уч. г."


def _half_years(first_year: int) -> list[Window]:
    label = _school_year_label(first_year)
    return [
        (date(first_year, 9, 1), date(first_year, 12, 31), f"I полугодие {label}"),
        (date(first_year + 1, 1, 1), date(first_year + 1, 5, 31), f"II полугодие {label}"),
    ]


_QUARTERS = ((9, 10, 0), (11, 12, 0), (1, 3, 1), (4, 5, 1))


def _quarters(first_year: int) -> list[Window]:
    windows = []
    for number, (first_month, last_month, shift) in enumerate(_QUARTERS, start=1):
        year = first_year + shift
        label = f"{number}-я четверть {_school_year_label(first_year)}"
        windows.append((date(year, first_month, 1), month_bounds(year, last_month)[1], label))
    return windows


def _trimesters(first_year: int) -> list[Window]:
    windows = []
    for first_month, year_shift in ((9, 0), (12, 0), (3, 1)):
        first = Moment(first_month, first_year + year_shift)
        last_month = (first_month + 1) % 12 + 1
        last = Moment(last_month, first_year + year_shift + (1 if last_month < first_month else 0))
        start, due = month_bounds(first.year or 0, first_month)[0], month_bounds(last.year or 0, last_month)[1]
        windows.append((start, due, item_label(Item(first, last))))
    return windows


def _yearly(first_year: int) -> list[Window]:
    return [(date(first_year, 9, 1), date(first_year + 1, 5, 31), _school_year_label(first_year))]


def _calendar_quarters(year: int) -> list[Window]:
    numerals = ("I", "II", "III", "IV")
    return [
        (date(year, 3 * q + 1, 1), month_bounds(year, 3 * q + 3)[1], f"{numerals[q]} квартал {year}") for q in range(4)
    ]


def _months(year: int) -> list[Window]:
    return [(*month_bounds(year, month), f"{MONTHS_NOMINATIVE[month - 1]} {year}") for month in range(1, 13)]


def _weeks(period: tuple[date, date]) -> Iterator[Window]:
    monday = period[0] - timedelta(days=period[0].weekday())
    while monday <= period[1]:
        sunday = monday + timedelta(days=6)
        yield monday, sunday, f"неделя {monday:%d.%m} – {sunday:%d.%m.%Y}"
        monday += timedelta(days=7)


def _every_n_years(period: tuple[date, date], years: int) -> list[Window]:
    """Complete windows of `years` school years from the period's first school year."""
    first = period[0].year if period[0].month >= 9 else period[0].year - 1
    windows: list[Window] = []
    while True:
        start, due = date(first, 9, 1), date(first + years, 5, 31)
        if due > period[1]:
            return windows
        windows.append((start, due, f"{first}-{first + years} ({years} уч. г.)"))
        first += years
