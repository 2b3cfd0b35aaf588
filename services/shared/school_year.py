"""The school year (1 September – 31 August), written `2023-2024`: parsing it, moving by years, today's one.

Every service reads school years from people and files; this is the one definition of what counts as one.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_SCHOOL_YEAR = re.compile(r"^\s*(\d{4})\s*[-/–—]\s*(\d{2}|\d{4})\s*$")


def parse_school_year(text: str) -> str | None:
    """`2022-2023`, `2022/2023`, `2022–23` → `2022-2023`; None if it is not a school year."""
    match = _SCHOOL_YEAR.match(text)
    if match is None:
        return None
    first = int(match.group(1))
    second_text = match.group(2)
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if second != first + 1 or not 1990 <= first <= 2100:
        return None
    return f"{first}-{second}"


def shift_school_year(school_year: str, years: int) -> str:
    """The school year `years` later (negative: earlier): `2023-2024`, -1 → `2022-2023`."""
    first = int(school_year[:4]) + years
    return f"{first}-{first + 1}"


def current_school_year(today: date | None = None) -> str:
    """The school year a date falls in: September starts the next one."""
    today = today or date.today()
    first = today.year if today.month >= 9 else today.year - 1
    return f"{first}-{first + 1}"


SCHOOL_YEAR_MESSAGE = "Учебный год указывается как 2023-2024 (два соседних года; можно 2023/2024 или 2023–24)"


def _validate_school_year(value: object) -> str:
    """Pydantic's side of `SchoolYear`: any written variant in, the canonical form out."""
    school_year = parse_school_year(value) if isinstance(value, str) else None
    if school_year is None:
        raise PydanticCustomError("invalid_school_year", SCHOOL_YEAR_MESSAGE)
    return school_year


SchoolYear = Annotated[
    str,
    BeforeValidator(_validate_school_year),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}\s*[-/–—]\s*(\d{2}|\d{4})$",
            "examples": ["2023-2024"],
            "description": "учебный год: 2023-2024 (принимается и 2023/2024, 2023–24; отвечается 2023-2024)",
        }
    ),
]
"""A school year in every schema and query parameter: accepts the written variants, holds `2023-2024`."""

EARLIEST_DATE, LATEST_DATE = date(1990, 1, 1), date(2101, 12, 31)
DATE_RANGE_MESSAGE = "Дата должна быть не раньше 01.01.1990 и не позже 31.12.2101"


def _validate_calendar_date(value: date) -> date:
    """Pydantic's side of `CalendarDate`: a date within the school years a school year may name."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise PydanticCustomError("date_out_of_range", DATE_RANGE_MESSAGE)
    return value


CalendarDate = Annotated[date, AfterValidator(_validate_calendar_date)]
"""A date of a plan, an order or a pair: 0001-01-01 or 9999-12-31 is a typing slip stored for good (and printed
in the plan's documents), not a period, so it is a 422 `date_out_of_range` like a school year outside 1990–2100."""
