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


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_FORMAT_MESSAGE = "Ожидается дата в формате ГГГГ-ММ-ДД, без времени"


def _date_as_written(value: object) -> object:
    """Pydantic's side of `CalendarDate` before parsing: a date is written `ГГГГ-ММ-ДД`. Pydantic would also take
    a date-time at midnight («2025-01-15T00:00:00», «…T00:00:00Z», «2025-01-15 00:00») and a number of seconds since
    1970 (1736899200, or as text) as the day they fall on: a client sending a moment where a day is asked — in its
    own time zone, often the day before in UTC — is told so (422 `date_format`) rather than have a day guessed."""
    if isinstance(value, date):  # a date (or a datetime) built in Python: no text to judge
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise PydanticCustomError("date_format", DATE_FORMAT_MESSAGE)


def _validate_calendar_date(value: date) -> date:
    """Pydantic's side of `CalendarDate` after parsing: a date within the school years a school year may name."""
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise PydanticCustomError("date_out_of_range", DATE_RANGE_MESSAGE)
    return value


CalendarDate = Annotated[date, BeforeValidator(_date_as_written), AfterValidator(_validate_calendar_date)]
"""A date of a plan, an order or a pair, in a body or a query: written `ГГГГ-ММ-ДД` (a date-time or a number is a
422 `date_format`), and 0001-01-01 or 9999-12-31 is a typing slip stored for good (and printed in the plan's
documents), not a period, so it is a 422 `date_out_of_range` like a school year outside 1990–2100."""
