"""A deadline counted back from a date the text names: «за 10 дней до начала учебного года», «не позднее чем за
2 недели до окончания четверти», «за 3 рабочих дня до 1 сентября», «за месяц до конца полугодия».

The anchor («до начала учебного года») is read as a deadline of its own; each of its due dates is the event the
offset counts from (the start of a period is the day after the «до начала …» due date), and the activity is
due that many days, working days (Monday to Friday), weeks or months earlier. An anchor with no date («за
неделю до проведения ВПР») is not an offset: the text stays a time counted from an event, with no fixed date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from services.roadmap.schedules.parser.months import month_bounds
from services.roadmap.schedules.parser.recurrence import COUNT, count_of
from services.shared.vocabulary import plural

_OFFSET = re.compile(
    r"(?:^|(?<=\s))(?:не\s+(?:позднее|позже|менее)\s+(?:чем\s+)?)?за\s+"
    r"(?:(?P<count>" + COUNT[1:-1] + r")(?:\s*-\s*(?P<upto>" + COUNT[1:-1] + r"))?(?:\s*-?\s*(?:х|ти|ми|и))?\s+)?"
    r"(?P<kind>рабоч\w+\s+|календарн\w+\s+)?(?P<unit>дн|день|недел|месяц)\w*\s+"
    r"(?P<anchor>до\s+\S.*)$",
    re.IGNORECASE,
)
_UNIT_WORDS = {
    "day": ("день", "дня", "дней"),
    "workday": ("рабочий день", "рабочих дня", "рабочих дней"),
    "week": ("неделю", "недели", "недель"),
    "month": ("месяц", "месяца", "месяцев"),
}


@dataclass(frozen=True, slots=True)
class Offset:
    """«за N единиц до …»: how far back, in what unit, and the anchor text («до …»)."""

    count: int
    unit: str  # day, workday, week, month
    anchor: str
    """The text read for the dates counted from: the words before the offset and its «до …» («ежемесячно за
    5 дней до конца месяца» → «ежемесячно до конца месяца»)."""
    from_start: bool
    """Whether the anchor is the start of something («до начала …»): its due date is the day before."""

    @property
    def phrase(self) -> str:
        """«за 10 дней», «за 3 рабочих дня», «за неделю»."""
        one, few, many = _UNIT_WORDS[self.unit]
        return f"за {one}" if self.count == 1 else f"за {plural(self.count, one, few, many)}"


def find_offset(text: str) -> Offset | None:
    """The offset a text writes («за N … до …», its words before it kept in the anchor: «ежегодно за 10 дней до
    начала учебного года»), or None."""
    written = " ".join(text.replace("ё", "е").replace("Ё", "Е").split())
    match = _OFFSET.search(written)
    if match is None:
        return None
    counts = [count_of(c.lower()) for c in (match.group("count"), match.group("upto")) if c]
    unit = match.group("unit").lower()
    kind = "week" if unit == "недел" else "month" if unit == "месяц" else "day"
    if kind == "day" and (match.group("kind") or "").lower().startswith("рабоч"):
        kind = "workday"
    anchor = match.group("anchor")
    from_start = re.match(r"до\s+начал", anchor, re.IGNORECASE) is not None
    return Offset(max(counts, default=1), kind, f"{written[: match.start()]}{anchor}", from_start)


def counted_back(event: date, offset: Offset) -> date:
    """The date `offset` before `event`: working days skip Saturdays and Sundays, a month back keeps the day
    (the 31st becomes the month's last day)."""
    if offset.unit == "week":
        return event - timedelta(weeks=offset.count)
    if offset.unit == "month":
        year, month = divmod(event.year * 12 + event.month - 1 - offset.count, 12)
        last = month_bounds(year, month + 1)[1]
        return last.replace(day=min(event.day, last.day))
    if offset.unit == "workday":
        day, left = event, offset.count
        while left:
            day -= timedelta(days=1)
            left -= day.weekday() < 5
        return day
    return event - timedelta(days=offset.count)
