"""The school year (1 September – 31 August), written `2023-2024`: parsing it, moving by years, today's one.

Every service reads school years from people and files; this is the one definition of what counts as one.
"""

from __future__ import annotations

import re
from datetime import date

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


def is_canonical_school_year(text: str) -> bool:
    """Whether the text is a school year written exactly as stored: `2023-2024`."""
    return parse_school_year(text) == text


def shift_school_year(school_year: str, years: int) -> str:
    """The school year `years` later (negative: earlier): `2023-2024`, -1 → `2022-2023`."""
    first = int(school_year[:4]) + years
    return f"{first}-{first + 1}"


def current_school_year(today: date | None = None) -> str:
    """The school year a date falls in: September starts the next one."""
    today = today or date.today()
    first = today.year if today.month >= 9 else today.year - 1
    return f"{first}-{first + 1}"
