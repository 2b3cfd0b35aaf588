"""A deadline counted from a date the text names. Back: «за 10 дней до начала учебного года», «не позднее чем за
2 недели до окончания четверти», «за 3 рабочих дня до 1 сентября», «за месяц до конца полугодия». Forward:
«через 10 дней после 20.09.2024», «в течение недели после окончания каждой четверти» (a window from the event),
«не позднее 5 рабочих дней после окончания полугодия», «через месяц после начала учебного года».

The anchor («до начала учебного года») is read as a deadline of its own; each of its due dates is the event the
offset counts from (the start of a period is the day after the «до начала …» due date), and the activity is
due that many days, working days (`months.is_working_day`), weeks or months earlier (or later: «после окончания
четверти» is read as «до окончания четверти», whose due dates are the events). An anchor with no date («за неделю
до проведения ВПР», «через 2 недели после проведения ВПР») is not an offset: the text stays a time counted from
an event, with no fixed date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from services.roadmap.schedules.parser.months import COUNT, count_of, is_working_day, month_bounds
from services.shared.vocabulary import plural

# «10 дней», «2-3 рабочих дня», «неделю», «2-х недель»: how much, of what (the unit is required, the count not)
_AMOUNT = (
    r"(?:(?P<count>" + COUNT[1:-1] + r")(?:\s*-\s*(?P<upto>" + COUNT[1:-1] + r"))?(?:\s*-?\s*(?:х|ти|ми|и))?\s+)?"
    r"(?P<kind>рабоч\w+\s+|календарн\w+\s+)?(?P<unit>дн|день|недел|месяц)\w*\s+"
)
_OFFSET = re.compile(
    r"(?:^|(?<=\s))(?:(?:не\s+(?:позднее|позже|менее)\s+(?:чем\s+)?)?за\s+|не\s+(?:позднее|позже)\s+(?:чем\s+)?)"
    + _AMOUNT
    + r"(?P<anchor>(?:до|перед)\s+\S.*)$",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"(?:^|(?<=\s))(?P<lead>через|спустя|в\s+течени[еи]|(?:в\s+срок\s+)?не\s+(?:позднее|позже)(?:\s+чем)?)\s+"
    + _AMOUNT
    + r"(?:после|(?P<upon>по\s+(?:окончании|завершении))|(?P<since>(?:начиная\s+)?со?))\s+(?P<anchor>\S.*)$",
    re.IGNORECASE,
)
# «в неделю перед 1 сентября», «в течение недели, предшествующей началу четверти», «3 дня перед окончанием
# полугодия»: the window that ends the day before a date written or the start (end) of a period. A named day has its
# own reading (`months`), so the anchor here is a date or an edge of a period.
_BEFORE = re.compile(
    r"^\W*(?:(?:в\s+течени[еи]|в|во)\s+)?(?:(?P<count>" + COUNT[1:-1] + r")(?:\s*-?\s*(?:х|ти|ми|и))?\s+)?"
    r"(?P<kind>рабоч\w+\s+|календарн\w+\s+)?(?P<unit>дн|день|недел)\w*,?\s+(?:перед|предшествующ\w*|до)\s+"
    r"(?P<anchor>(?:\d|начал|окончани|конц|завершени)\S*.*)$",
    re.IGNORECASE,
)
_BEFORE_EDGES = {"началу": "начала", "началом": "начала", "окончанию": "окончания", "окончанием": "окончания"}
_END_OR_START = re.compile(r"(?:окончани|завершени|конц|начал)", re.IGNORECASE)
_ENDING = re.compile(r"(?:окончани|завершени|конц)", re.IGNORECASE)
# «со дня окончания четверти», «с момента завершения полугодия», «с даты начала учебного года»: the event of a period
_SINCE_EVENT = re.compile(r"(?:дня|момента|даты)\s+(?=(?:окончани|завершени|начал))", re.IGNORECASE)
_UNIT_WORDS = {
    "day": ("день", "дня", "дней"),
    "workday": ("рабочий день", "рабочих дня", "рабочих дней"),
    "week": ("неделю", "недели", "недель"),
    "month": ("месяц", "месяца", "месяцев"),
}
_WITHIN_WORDS = {  # «в течение …» takes the genitive: «в течение недели», «в течение 21 дня», «в течение 5 дней»
    "day": ("дня", "дней", "дней"),
    "workday": ("рабочего дня", "рабочих дней", "рабочих дней"),
    "week": ("недели", "недель", "недель"),
    "month": ("месяца", "месяцев", "месяцев"),
}


@dataclass(frozen=True, slots=True)
class Offset:
    """«за N единиц до …» or «через N единиц после …»: how far, in what unit, which way, the anchor text."""

    count: int
    unit: str  # day, workday, week, month
    anchor: str
    """The text read for the dates counted from: the words before the offset and its «до …» («ежемесячно за
    5 дней до конца месяца» → «ежемесячно до конца месяца»)."""
    from_start: bool
    """Whether the anchor is the start of something («до начала …»): its due date is the day before."""
    after: bool = False
    """Counted forward from the event («через …», «в течение … после …»), not back."""
    window: bool = False
    """«в течение недели после …»: the activity runs from the event to the due date."""
    latest: bool = False
    """«не позднее 5 дней после …»: said so, the due date a limit (the same date as «через 5 дней после …»)."""

    @property
    def phrase(self) -> str:
        """«за 10 дней», «за 3 рабочих дня», «за неделю»; forward «через 10 дней», «в течение недели», «не позднее
        5 дней» (the genitive, as after «в течение»: «не позднее 1 дня», «не позднее 3 рабочих дней»)."""
        one, few, many = (_WITHIN_WORDS if self.window or self.latest else _UNIT_WORDS)[self.unit]
        amount = one if self.count == 1 and not self.latest else plural(self.count, one, few, many)
        lead = "в течение" if self.window else "не позднее" if self.latest else "через" if self.after else "за"
        return f"{lead} {amount}"

    @property
    def relation(self) -> str:
        """«до» or «после»: how the offset stands to its event."""
        return "после" if self.after else "до"


def find_offset(text: str) -> Offset | None:
    """The offset a text writes («за N … до …», «через N … после …», its words before it kept in the anchor:
    «ежегодно за 10 дней до начала учебного года»), or None."""
    written = " ".join(text.replace("ё", "е").replace("Ё", "Е").split())
    match = _OFFSET.search(written)
    if match is not None:
        anchor = _by(match.group("anchor"))  # «за неделю перед 1 сентября» as «за неделю до 1 сентября»
        return _offset(match, f"{written[: match.start()]}{anchor}", re.match(r"до\s+начал", anchor, re.IGNORECASE))
    before = _BEFORE.search(written)
    if before is not None:
        anchor = _by("до " + before.group("anchor"))
        return _offset(before, anchor, re.match(r"до\s+начал", anchor, re.IGNORECASE), window=True)
    match = _AFTER.search(written)
    if match is None:
        return None
    anchor = match.group("anchor")
    since = match.group("since") is not None  # «в течение 2 недель с 1 сентября»: from that day, inclusive
    event = _SINCE_EVENT.match(anchor) if since else None
    if event is not None:  # «со дня окончания четверти» is «после окончания четверти»
        anchor = anchor[event.end() :]
        since = not _ENDING.match(anchor)
    if match.group("upon"):  # «в течение 10 дней по окончании учебного года»: after its end
        anchor = f"окончания {anchor}"
    if _END_OR_START.match(anchor):  # «после окончания четверти» is counted from the due dates of «до окончания …»
        anchor = f"до {anchor}"
    lead = match.group("lead").lower()
    return _offset(
        match,
        f"{written[: match.start()]}{anchor}",
        since or re.match(r"до\s+начал", anchor, re.IGNORECASE),
        after=True,
        window=lead.startswith("в"),
        latest=lead.startswith("не"),
    )


def _by(anchor: str) -> str:
    """«перед началом четверти» → «до начала четверти», «до 1 сентября» as written: the anchor read as a deadline."""
    word, _, rest = anchor.partition(" ")
    if word.lower() != "перед":
        return anchor
    edge, _, after = rest.partition(" ")
    return " ".join(("до", _BEFORE_EDGES.get(edge.lower(), edge), after)).strip()


def _offset(
    match: re.Match[str],
    anchor: str,
    from_start: object,
    after: bool = False,
    window: bool = False,
    latest: bool = False,
) -> Offset:
    """`from_start`: a match or a flag, whether the anchor's event is the start of what it names."""
    counts = [count_of(c.lower()) for c in (match.group("count"), match.groupdict().get("upto")) if c]
    unit = match.group("unit").lower()
    kind = "week" if unit == "недел" else "month" if unit == "месяц" else "day"
    if kind == "day" and (match.group("kind") or "").lower().startswith("рабоч"):
        kind = "workday"
    return Offset(max(counts, default=1), kind, anchor, from_start not in (None, False), after, window, latest)


def counted(event: date, offset: Offset) -> date:
    """The date `offset` before `event` (after it, for a forward offset): working days skip weekends and public
    holidays (`is_working_day`: «3 рабочих дня после 30.12.2024» end on 13.01.2025), a month keeps the day (the 31st
    becomes the month's last day; after a month's last day, the other's last)."""
    sign = 1 if offset.after else -1
    if offset.unit == "week":
        return event + timedelta(weeks=sign * offset.count)
    if offset.unit == "month":  # after a month's last day (a period's end), to the last of the other (30.09 → 31.10)
        year, month = divmod(event.year * 12 + event.month - 1 + sign * offset.count, 12)
        last = month_bounds(year, month + 1)[1]
        month_end = offset.after and event == month_bounds(event.year, event.month)[1]
        return last if month_end else last.replace(day=min(event.day, last.day))
    if offset.unit == "workday":
        day, left = event, offset.count
        while left:
            day += timedelta(days=sign)
            left -= is_working_day(day)
        return day
    return event + timedelta(days=sign * offset.count)


_WEEKDAY_GENITIVES = ("понедельника", "вторника", "среды", "четверга", "пятницы", "субботы", "воскресенья")
_WEEKDAY_STEMS = ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень")
# «еженедельно за 1 день до пятницы», «за 2 рабочих дня до каждого понедельника»: a day of each week counted back
_BEFORE_WEEKDAY = re.compile(
    r"(?:не\s+(?:позднее|позже)\s+(?:чем\s+)?)?за\s+(?:(?P<count>" + COUNT[1:-1] + r")\s+)?(?P<work>рабоч\w+\s+)?"
    r"(?:день|дня|дней|дн\.?)\s+до\s+(?P<each>кажд\w+\s+)?(?P<day>" + "|".join(_WEEKDAY_STEMS) + r")\w*",
    re.IGNORECASE,
)
_WEEKLY = re.compile(r"еженед|понедельн[оы]|кажд\w+\s+недел", re.IGNORECASE)


def before_weekday(text: str) -> tuple[str, str | None]:
    """«еженедельно за 1 день до пятницы» → «еженедельно до четверга» and the offset as written, for the summary;
    the text unchanged (and None) when it counts from no weekday or is no weekly text («за день до пятницы» alone
    names no week)."""
    match = _BEFORE_WEEKDAY.search(text)
    if match is None or not (match.group("each") or _WEEKLY.search(text)):
        return text, None
    count = count_of(match.group("count").lower()) if match.group("count") else 1
    weekday = next(n for n, stem in enumerate(_WEEKDAY_STEMS) if match.group("day").lower().startswith(stem))
    if not 0 < count < 7:
        return text, None
    for _ in range(count):
        weekday = (weekday - 1) % 7
        while match.group("work") and weekday >= 5:  # working days: Monday to Friday
            weekday = (weekday - 1) % 7
    lead = "" if _WEEKLY.search(text) else "еженедельно "
    written = " ".join(match.group(0).split())
    return f"{text[: match.start()]}{lead}до {_WEEKDAY_GENITIVES[weekday]}{text[match.end() :]}", written
