"""Recurrence: «ежегодно», «по полугодиям», «не реже 2 раз в год», «1 раз в три года» and their occurrences
inside a period."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from services.roadmap.schedules.parser.dates import Item, Moment, occurrence_of
from services.roadmap.schedules.parser.model import Occurrence
from services.roadmap.schedules.parser.months import (
    COUNT,
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    MONTHS_PREPOSITIONAL,
    NUMBER_WORDS,
    ORDINALS,
    count_of,
    is_working_day,
)
from services.roadmap.schedules.parser.periods import (
    Window,
    calendar_quarters,
    days_phrase,
    decades,
    every_n_years,
    half_years,
    months_of,
    n_days,
    n_months,
    school_quarters,
    school_year_window,
    school_years,
    split_window,
    trimesters,
    two_months,
    weeks,
)
from services.shared.vocabulary import plural

# --- recurrence


@dataclass(frozen=True, slots=True)
class Recurrence:
    code: str
    summary: str
    count: int = 0  # n of "n раз в год", or the years of "раз в n лет"
    day: int = 0  # the day of the month of «не позднее 10 числа каждого месяца»
    following: bool = False  # that day is in the month after the period reported on («…, следующего за отчетным»)
    weekdays: tuple[int, ...] = ()  # the days of the week of «еженедельно по средам и пятницам», Monday 0
    nth: int | None = None  # which of a month's weekdays: «в последнюю пятницу месяца» (0 the last, 1…4)
    more_nths: tuple[int, ...] = ()  # the others listed before it: «в первый и третий вторник месяца»
    # the days of each window «в конце каждой четверти» names: counted from its start (1 its first day) or, not
    # positive, from its end (0 its last day)
    part: tuple[int, int] | None = None
    by: bool = False  # due by the part's last day, with no start: «до конца каждой четверти»
    # working days of each month: the first n (positive) or the last n (negative) Monday-to-Friday days; with `by`,
    # due the n-th of them («до 5 рабочего дня месяца»)
    more_days: tuple[int, ...] = ()  # the days listed before `day`: «5, 15 и 25 числа каждого месяца»
    more_parts: tuple[
        tuple[int, int], ...
    ] = ()  # the parts written before `part`: «в начале и в конце каждой четверти»
    workdays: int = 0
    middle: bool = False  # the middle week of each window: «в середине каждой четверти»
    split: int = 0  # the times in each window, cut into that many in a row: «2 раза в четверть» (`split_window`)
    # one of the `weekdays` in each month, which one not written («1 раз в месяц по пятницам»): the days from the
    # month's first such day to its last
    any_weekday: bool = False
    school_year: bool = False  # the text names the school year («по результатам учебного года»): never a calendar one
    # the first day of each week's window due on its one weekday: «еженедельно с понедельника по пятницу» (Monday 0)
    from_weekday: int | None = None


_TIMES_A_YEAR = re.compile(
    r"(не\s+менее\s+|не\s+реже\s+|до\s+)?" + COUNT + r"(?:\s*-?\s*х)?\s*(?:раза?\s*)?в\s+(?:учебный\s+)?год(?!а|ов)"
)
_TIMES_PER = re.compile(
    r"(?P<prefix>(?:не\s+менее|не\s+реже|до)\s*,?\s*(?:чем\s+)?)?(?:(?:(?P<low>"
    + COUNT[1:-1]
    + r")\s*-\s*)?(?P<count>"
    + COUNT[1:-1]
    + r")(?:\s*-?\s*(?:х|ого|го))?\s*)?раз(?:а|ов)?\s+(?:в|за)\s+(?:кажд\w+\s+|один\s+|одно\s+|одну\s+)?"
    r"(?:учебн\w+\s+|календарн\w+\s+)?(?P<unit>год|полугоди|четверт|триместр|квартал|месяц|недел)(?!ов|ам|ах)"
)
_UNITS: dict[str, tuple[str, dict[int, str], str]] = {
    # unit → (accusative, count → code, code for other counts)
    "год": ("год", {1: "yearly", 2: "twice_a_year", 4: "quarterly", 6: "bimonthly", 12: "monthly"}, "times_a_year"),
    "полугоди": ("полугодие", {1: "half_yearly", 2: "quarterly"}, "monthly"),
    "четверт": ("четверть", {1: "quarterly"}, "monthly"),
    "триместр": ("триместр", {1: "times_a_year"}, "monthly"),
    "квартал": ("квартал", {1: "calendar_quarterly"}, "monthly"),
    "месяц": ("месяц", {4: "weekly"}, "monthly"),
    "недел": ("неделю", {}, "weekly"),
}
_SIMPLE_SUMMARIES = {
    "yearly": "ежегодно",
    "half_yearly": "каждое полугодие",
    "quarterly": "каждую четверть",
    "calendar_quarterly": "ежеквартально",
    "monthly": "ежемесячно",
    "weekly": "еженедельно",
}
_DAY_OF_MONTH = re.compile(r"(?<!\d)(\d{1,2})\s*(?:-?\s*(?:го|ого)\s+)?числ")
_EVERY_N_YEARS = re.compile(r"раза?\s+в\s+" + COUNT + r"\s*-?\s*(?:х\s+)?(?:года|лет|год)")
_SIMPLE_RECURRENCES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    # «в конце каждой четверти, полугодия, года»: the terms, whose ends are the half-years' and the year's too
    (re.compile(r"четверт(?!ый|ая|ую|ое|ого|ой|ом|ых)(?=.*полугод)"), "quarterly", "каждую четверть"),
    (re.compile(r"полугод(?!ов)"), "half_yearly", "каждое полугодие"),  # not «полугодовые к/р»: what, not when
    (re.compile(r"(?:раза?\s+в|кажд\w+)\s+(?:6|шесть|шест\w+)\s+месяц"), "half_yearly", "каждое полугодие"),
    (
        re.compile(
            r"по\s+триместрам|кажд\w*\s+триместр|ежетриместр|по\s+итогам\s+триместра"
            r"|(?:конц|конец|начал|середин|окончани|завершени|течени)\w*\s+триместра(?![а-я])"
        ),
        "trimesterly",
        "каждый триместр",
    ),
    (re.compile(r"четверт(?!ый|ая|ую|ое|ого|ой|ом|ых)"), "quarterly", "каждую четверть"),
    (
        re.compile(r"раза?\s+в\s+(?:2|два)\s+месяц|кажд\w+\s+(?:2|два|второй)\s+месяц|раз\s+в\s+двухмесячн"),
        "bimonthly",
        "1 раз в 2 месяца",
    ),
    (
        re.compile(
            r"ежемесячн|кажд\w*\s+месяц|раз\s+в\s+месяц|по\s+месяцам|по\s+итогам\s+месяца"
            r"|(?:по|после|до|к)\s+(?:окончани|завершени)\w*\s+(?:отчетного\s+)?месяца(?![а-я])"
            r"|(?:конц|конец|начал|середин|(?:перв|втор|трет|последн)\w*\s+(?:(?:" + COUNT[1:-1] + r")\s+)?"
            r"(?:недел|декад|половин|день|дня|дн|календарн)\w*(?:\s+дн\w*)?)\w*\s+месяца(?![а-я])"
        ),
        "monthly",
        "ежемесячно",
    ),
    (
        re.compile(
            r"ежеквартальн|поквартальн|кажд\w*\s+квартал|раз\s+в\s+квартал|по\s+кварталам|отчетн\w*\s+квартал"
            r"|раза?\s+в\s+(?:3|три)\s+месяц|кажд\w+\s+(?:3|три|третий)\s+месяц|по\s+итогам\s+квартала"
            r"|(?:конц|конец|начал|середин|последн\w*\s+недел)\w*\s+(?:кажд\w+\s+)?квартала(?![а-я])"
            r"|следующ\w*\s+за\s+кварталом"
            r"|(?:по|после|до|к)\s+(?:окончани|завершени)\w*\s+(?:отчетного\s+)?квартала(?![а-я])"
            r"|последн\w*\s+месяц\w*\s+квартал"
        ),
        "calendar_quarterly",
        "ежеквартально",
    ),
    (
        re.compile(r"раза?\s+в\s+(?:2|две)\s+недел|кажд\w+\s+(?:2|две|вторую)\s+недел|раз\s+в\s+полмесяца"),
        "biweekly",
        "1 раз в 2 недели",
    ),
    (
        re.compile(
            r"(?:кажд\w*|раза?\s+в)\s+(?:10|десять)\s+(?:календарн\w+\s+)?дн|раза?\s+в\s+декаду|ежедекадн|подекадн"
            r"|кажд\w*\s+декад\w*(?!\s+(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр))"
            r"|по\s+декадам"
        ),
        "every_ten_days",
        "1 раз в декаду",
    ),
    (re.compile(r"еженедельн|понедельн(?!ик)|кажд\w*\s+недел|раз\s+в\s+неделю"), "weekly", "еженедельно"),
    (
        re.compile(
            r"(?:в|по)\s+(?:рабоч(?:ие|им)|будн(?:ие|им)|учебн(?:ые|ым))\s+дн(?:и|ям)(?![а-я])"
            r"|^\W*(?:с\s+)?понедельник\w*\s*(?:-|по|до)\s*пятниц\w*\W*$"  # «с понедельника по пятницу»
        ),
        "daily",
        "ежедневно в рабочие дни",
    ),
    (re.compile(r"ежедневн|кажд\w*\s+день"), "daily", "ежедневно"),
    (
        re.compile(r"ежегодн|кажд\w*\s+(?:учебн\w*\s+)?год|раз\s+в\s+год|по\s+итогам\s+(?:учебного\s+)?года"),
        "yearly",
        "ежегодно",
    ),
    (re.compile(r"периодическ"), "periodic", "периодически"),
    (  # «до 10 числа каждого месяца»; «до 05 числа» alone is each month's too, «…, следующего за отчетным месяцем»
        re.compile(
            r"\d\s*(?:-?\s*о?го|-?\s*о?е)?\s+числ[ао](?:\s+(?:кажд\w*\s+|текущ\w*\s+|следующ\w*\s+)?месяц|\s*[.;,]?\s*$"
            r"|\s*,?\s+следующ\w*\s+за\s+отчетн\w*\s+месяц)"
        ),
        "monthly",
        "ежемесячно",
    ),
)
_WEEKDAY_NAMES = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
_WEEKDAYS_PLURAL = ("понедельникам", "вторникам", "средам", "четвергам", "пятницам", "субботам", "воскресеньям")
_WEEKDAYS_ACCUSATIVE = ("понедельник", "вторник", "среду", "четверг", "пятницу", "субботу", "воскресенье")
_WEEKDAYS_GENITIVE = ("понедельника", "вторника", "среды", "четверга", "пятницы", "субботы", "воскресенья")
# «еженедельно с понедельника по пятницу», «еженедельно, понедельник - пятница»: a window in each week
_WEEK_SPAN = re.compile(
    r"(?<![а-я])(?:со?\s+)?(?P<first>понедельник|вторник|сред[ау]|четверг|пятниц[ау]|суббот[ау])(?:а|ы)?\s*(?:-|по|до)\s*"
    r"(?P<last>вторник|среду|среда|четверг|пятницу|пятница|субботу|суббота|воскресенье)(?![а-я])"
)
# «по пятницам», «каждую пятницу» make a text weekly; «в пятницу», «(пятница)» name the day of a weekly one
_EVERY_WEEKDAY = re.compile(
    r"(?:по\s+(?P<plural>" + "|".join(_WEEKDAYS_PLURAL) + r")|кажд\w*\s+(?P<every>"
    + "|".join(_WEEKDAYS_ACCUSATIVE) + r"))(?![а-я])"
)  # fmt: skip
_ON_WEEKDAY = re.compile(r"(?<![а-я])во?\s+(?:" + "|".join(_WEEKDAYS_ACCUSATIVE) + r")(?![а-я])")
_WEEKDAY_WORDS = re.compile(r"(?<![а-я])(" + "|".join((*_WEEKDAYS_PLURAL, *_WEEKDAYS_ACCUSATIVE)) + r")(?![а-я])")
_ANY_WEEKDAY_WORDS = re.compile(
    r"(?<![а-я])(" + "|".join((*_WEEKDAYS_PLURAL, *_WEEKDAYS_ACCUSATIVE, *_WEEKDAY_NAMES)) + r")(?![а-я])"
)
_IN_PARENTHESES = re.compile(r"\(([^)]*)\)")
_WEEKLY_WORDS = re.compile(r"кажд\w*\s+недел\w*|еженедельн\w*")
_WEEKENDS = re.compile(r"(?<![а-я])(?:в|во|по)\s+выходн(?:ые|ым)(?:\s+(?:дни|дням))?(?![а-я])")
# «вторник, четверг», «по вторникам и четвергам» as the whole text: at least two days of the week listed
_ANY_DAY = r"(?:" + "|".join((*_WEEKDAYS_PLURAL, *_WEEKDAYS_ACCUSATIVE, *_WEEKDAY_NAMES)) + r")"
_WEEKDAYS_ALONE = re.compile(
    r"^\W*(?:(?:в|во|по)\s+)?" + _ANY_DAY + r"(?:\s*(?:,|;|и|/)\s*(?:(?:в|во|по)\s+)?" + _ANY_DAY + r")+\W*$"
)
_DAY_NAME = r"(?:" + "|".join((*_WEEKDAYS_ACCUSATIVE, *_WEEKDAY_NAMES)) + r")"
# «еженедельно, четверг», «еженедельно: вторник, пятница», «1 раз в 2 недели, среда»: the days listed right after the
# recurrence words
_LISTED_WEEKDAYS = re.compile(
    r"(?:(?<=еженедельно)|(?<=недели))\s*[,:-]\s*" + _DAY_NAME + r"(?:\s*(?:,|и)\s*" + _DAY_NAME + r")*(?![а-я])"
)
# the ordinals in the accusative, by the weekday's gender: «в первый понедельник», «во вторую среду», «в последнее
# воскресенье» (the last one at index 0)
_NTH_WORDS = {
    "m": ("последний", "первый", "второй", "третий", "четвертый"),
    "f": ("последнюю", "первую", "вторую", "третью", "четвертую"),
    "n": ("последнее", "первое", "второе", "третье", "четвертое"),
}
_WEEKDAY_GENDERS = "mmfmffn"
_NTH_WEEKDAY = re.compile(
    r"(?P<nth>" + "|".join(ORDINALS) + r")\w*\s+(?P<day>" + "|".join((*_WEEKDAYS_ACCUSATIVE, *_WEEKDAY_NAMES))
    + r")(?![а-я])(?:(?:\s+кажд\w+)?\s+месяц|(?P<alone>\s*(?:\)|[,;]|$)"
    r"|\s+(?=(?:в\s+течени\w*|на\s+протяжении|с|со|по|до|кроме)\s|\()))"
)  # fmt: skip
"""«в последнюю пятницу месяца»; «ежемесячно, третья среда»: «месяца» is implied by a monthly recurrence (a place
may follow: «ежемесячно, в первую среду, актовый зал»; so may the period it recurs in: «ежемесячно в последнюю
пятницу в течение учебного года», «… с 15.09 по 15.05»)."""
_ORDINAL_STEM = r"(?:" + "|".join(ORDINALS) + r")\w*"
# «каждый третий четверг», «каждую последнюю пятницу»: «каждый» before an ordinal weekday means each month's
_EVERY_NTH = re.compile(r"кажд\w*\s+(?:" + _ORDINAL_STEM + r"\s*(?:,|и)\s*)*" + _ORDINAL_STEM + r"\s+\w")
_NTH_BEFORE = re.compile(r"(?P<nth>" + "|".join(ORDINALS) + r")\w*\s*(?:,|и)\s*$")  # «в первый и третий вторник»
# «в последний рабочий день месяца», «в первый рабочий день каждого месяца»: by the working calendar, the last or first
_NTH_WORKDAY = re.compile(
    r"(?P<nth>перв|последн)\w*\s+рабоч\w*\s+(?:день|дня|дню)(?:(?:\s+кажд\w+)?\s+месяц|(?P<alone>\W*$))"
)  # «ежемесячно, в последний рабочий день»: «месяца» is implied by the monthly recurrence
WORKDAYS = (0, 1, 2, 3, 4)
# «в последний рабочий день четверти (квартала, полугодия)»: the window's last (first) Monday-to-Friday day
_NTH_WORKDAY_OF = re.compile(
    r"(?P<nth>перв|последн)\w*\s+рабоч\w*\s+(?:день|дня|дню)\s+(?:кажд\w+\s+)?"
    r"(?P<unit>четверт|квартал|полугоди|триместр)(?!ов|ам|ах|ы(?![а-я]))"
)
_FOLLOWING = re.compile(
    r"следующ\w*\s+(?:за\s+)?(?:(?:окончани|завершени)\w*\s+)?(?:отчетн|месяц|квартал)"
    r"|(?:за\s+)?отчетн\w+\s+(?:месяц|квартал|период)|(?:после|по)\s+(?:окончани|завершени)\w*\s+(?:отчетн\w+\s+)?"
    r"(?:кажд\w+\s+)?(?:месяц|квартал)"
)


_YEARLY = re.compile(r"ежегодн|кажд\w*\s+(?:учебн\w*\s+)?год")


def is_yearly(normalised: str) -> bool:
    """Whether the text says «ежегодно» or «каждый (учебный) год», whatever else it names."""
    return _YEARLY.search(normalised) is not None


def _times(count: int, single: str = "раз", few: str = "раза") -> str:
    return few if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14) else single


_AT_LEAST_ONCE = re.compile(r"(?<![а-я])не\s+(?P<least>реже|менее)\s+(?:1|одного)\s+раза?\s+в\s")


def find_recurrence(normalised: str) -> Recurrence | None:
    """The repetition a text states, checked from the most specific form to the least; a monthly or quarterly
    one keeps the day of the month it is due by («не позднее 10 числа каждого месяца»; «ежеквартально, до 5
    числа месяца, следующего за отчетным кварталом»), a weekly one its day of the week («по пятницам»), one at
    the end or the start of each term or month the days it covers («в конце каждой четверти»)."""
    recurrence = _find_recurrence(normalised)
    least = _AT_LEAST_ONCE.search(normalised)
    if recurrence is not None and least is not None and recurrence.summary.startswith("1 раз в "):
        # «не реже 1 раза в 2 недели»: said as written, as «не реже 1 раза в месяц» is
        recurrence = replace(recurrence, summary=f"не {least['least']} 1 раза в {recurrence.summary[8:]}")
    if recurrence is not None and re.search(r"учебн|уч\.", normalised):
        recurrence = replace(recurrence, school_year=True)
    workdays = _workdays_of_month(normalised, recurrence)
    if workdays is not None:
        return workdays
    found = _on_weekdays(normalised, recurrence) or _by_day_of_month(normalised, recurrence)
    return _weeks_of_each(normalised, _edge_part(normalised, found))


# «с 3 по 4 неделю каждой четверти» (`spelling` writes «1 раз в четверть (3-4 неделя)» so), «в 3-4 неделю каждой
# четверти»: those weeks of each term, trimester or quarter, counted from its first day
_WEEKS_OF_EACH = re.compile(
    r"(?<![а-я\d])(?:с\s+)?(?P<first>[1-8])\s*(?:-?\s*(?:я|й|ю|ой|ую)\s*)?(?:-|\s+по\s+)\s*(?P<last>[1-8])\s*"
    r"(?:-?\s*(?:я|й|ю|ой|ую|е)\s*)?\s*недел\w*\s+кажд\w+\s+(?P<unit>четверт|триместр|квартал)"
)


def _weeks_of_each(normalised: str, recurrence: Recurrence | None) -> Recurrence | None:
    """The recurrence with the weeks of each window `_WEEKS_OF_EACH` names, when it has no other part or day."""
    found = _WEEKS_OF_EACH.search(normalised)
    if recurrence is None or found is None or recurrence.part is not None or recurrence.day or recurrence.weekdays:
        return recurrence
    unit, first, last = found.group("unit"), int(found.group("first")), int(found.group("last"))
    if _EDGE_CODES[unit] != recurrence.code or first > last:
        return recurrence
    weeks = f"{first}-й неделе" if first == last else f"{first}–{last}-й неделях"
    return replace(recurrence, part=((first - 1) * 7 + 1, last * 7), summary=f"на {weeks} {_EDGE_UNITS[unit]}")


# «в первые 5 рабочих дней месяца», «в течение первых трех рабочих дней каждого месяца», «в последние 3 рабочих дня
# месяца»: those working days of each month; «до 5 рабочего дня месяца», «не позднее 3-го рабочего дня каждого
# месяца»: due the n-th working day
_WORKDAYS_OF_MONTH = re.compile(
    r"(?<![а-я])(?P<which>перв|последн)\w*\s+(?P<count>" + COUNT[1:-1] + r")\s+рабоч\w*\s+(?:дн|день|дня)\w*"
    r"(?:\s+(?:кажд\w+|текущ\w+|следующ\w+)?\s*месяц|(?P<after>\s+после\s+(?:окончани|завершени)\w*\s+(?:отчетн\w+\s+)?"
    r"(?:кажд\w+\s+)?месяц)|(?P<alone>\W*$))"
)
_NTH_WORKDAY_BY = re.compile(
    r"(?<![а-я])(?:до|не\s+позднее|не\s+позже|к)\s+(?P<nth>\d{1,2})\s*(?:-?\s*(?:го|ого|му|ому)\s*)?\s+рабоч\w*\s+"
    r"(?:дня|день|дню)(?:\s+(?:кажд\w+|текущ\w+)?\s*месяц|(?P<alone>\W*$))"
)


def _workdays_of_month(normalised: str, recurrence: Recurrence | None) -> Recurrence | None:
    """A monthly recurrence on the first (last) working days of each month, or due by the n-th of them; None for any
    other text (a text alone, with no «месяца», only in a monthly one: «ежемесячно, в первые 3 рабочих дня»)."""
    monthly = recurrence is not None and recurrence.code == "monthly"
    if recurrence is not None and not monthly:
        return None
    span = _WORKDAYS_OF_MONTH.search(normalised)
    if span is not None and (monthly or span.group("alone") is None):
        count = count_of(span.group("count"))
        first = span.group("which") == "перв" or span.group("after") is not None  # the month after each: its first
        if not 1 <= count <= 20:
            return None
        which = "первые" if first else "последние"
        days = plural(count, "рабочий день", "рабочих дня", "рабочих дней")
        return Recurrence("monthly", f"ежемесячно, в {which} {days} месяца", workdays=count if first else -count)
    nth = _NTH_WORKDAY_BY.search(normalised)
    if nth is not None and (monthly or nth.group("alone") is None) and 1 <= int(nth.group("nth")) <= 20:
        count = int(nth.group("nth"))
        return Recurrence("monthly", f"ежемесячно, до {count}-го рабочего дня месяца", workdays=count, by=True)
    return None


# «в конце каждой четверти», «в начале четверти», «в последнюю неделю каждого триместра»: the last (first) week
# of each; «в конце каждого месяца» its days from the 21st, as «в конце ноября»; «в последнюю неделю каждого
# месяца» its last 7 days, «в последний день месяца» that day; «до конца каждой четверти» is due its last day. A
# half-year's end stays the half-year («В конце каждого полугодия», as the seed orders write it)
_EDGE_OF_EACH = re.compile(
    r"(?<![а-я])(?P<by>(?:до|к|ко|не\s+позднее|не\s+позже|накануне|перед)\s+)?(?:(?:в|во)\s+)?(?:течени\w+\s+)?"
    r"(?:(?P<edge>конц|конец|начал|середин|окончани)\w*"
    r"|(?P<ordinal>перв|втор|трет|четверт|последн)\w*\s+(?:(?P<count>" + COUNT[1:-1] + r")\s+)?"
    r"(?:(?P<of>недел|декад|половин)\w*|(?:календарн\w*\s+)?(?P<day>день|дня|дн)\w*))"
    r"\s+(?:кажд\w+\s+)?(?P<unit>четверт|триместр|месяц|полугоди|квартал)(?!ов|ам|ах|ы(?![а-я]))"
)
# «во вторую и четвертую неделю месяца»: a week's ordinal listed before the last one
_ORDINAL_BEFORE = re.compile(
    r"(?:(?<![а-я])(перв|втор|трет)\w*|(?<![\d.])([1-3])\s*-?\s*[а-я]{0,2})\s+и\s+(?:в\s+|во\s+)?$"
)
_ORDINAL_DIGITS = {"1": "перв", "2": "втор", "3": "трет"}
# «в начале и в конце каждой четверти»: the start written before the end of each window
_START_AND = re.compile(r"(?<![а-я])начал\w*\s+и\s+(?:в\s+)?$")
_EDGE_CODES = {
    **{"четверт": "quarterly", "триместр": "times_a_year", "месяц": "monthly", "полугоди": "half_yearly"},
    "квартал": "calendar_quarterly",
}
_EDGE_UNITS = {
    **{"четверт": "каждой четверти", "триместр": "каждого триместра", "месяц": "каждого месяца"},
    **{"полугоди": "каждого полугодия", "квартал": "каждого квартала"},
}
# the days of a window an ordinal part names (see `Recurrence.part`), and its words
_ORDINAL_PARTS: dict[tuple[str, str], tuple[tuple[int, int], str]] = {
    ("перв", "недел"): ((1, 7), "в первую неделю"),
    ("втор", "недел"): ((8, 14), "во вторую неделю"),
    ("трет", "недел"): ((15, 21), "в третью неделю"),
    ("четверт", "недел"): ((22, 28), "в четвертую неделю"),
    ("последн", "недел"): ((-6, 0), "в последнюю неделю"),
    ("перв", "декад"): ((1, 10), "в первую декаду"),
    ("втор", "декад"): ((11, 20), "во вторую декаду"),
    ("трет", "декад"): ((21, 0), "в третью декаду"),
    ("последн", "декад"): ((21, 0), "в последнюю декаду"),
    ("перв", "половин"): ((1, 15), "в первую половину"),
    ("втор", "половин"): ((16, 0), "во вторую половину"),
    ("последн", "половин"): ((16, 0), "во вторую половину"),
}


def _edge_of(match: re.Match[str]) -> tuple[tuple[int, int], str] | None:
    """The days of each window an edge names (see `Recurrence.part`) and its words; None for a whole window."""
    unit, edge, ordinal = match.group("unit"), match.group("edge"), match.group("ordinal")
    month = unit == "месяц"
    if match.group("by"):
        if edge == "середин" and month:  # «до середины каждого месяца»: by the 15th
            return (15, 15), "до середины"
        by_end = edge is not None and edge != "начал" and match.group("by").strip() not in ("накануне", "перед")
        return ((0, 0), "до конца") if by_end else None
    if edge == "окончани" or (unit == "полугоди" and ordinal is None):  # «В конце каждого полугодия»: whole
        return None
    if ordinal is not None:
        count = count_of(match.group("count")) if match.group("count") else 1
        if match.group("day") == "дн" and count == 1:  # «в последние дни четверти»: its last week
            return ((1, 7), "в первые дни") if ordinal == "перв" else ((-6, 0), "в последние дни")
        return _ordinal_part(ordinal, match.group("of") or "день", count)
    if edge == "середин":
        return ((11, 20), "в середине") if month else None
    if edge == "начал":
        return (1, 10) if month else (1, 7), "в начале"
    return (21, 0) if month else (-6, 0), "в конце"


def _ordinal_part(ordinal: str, of: str, count: int) -> tuple[tuple[int, int], str] | None:
    """«первые 3 дня», «последний день», «вторая неделя», «первые 2 недели» of each window."""
    if of in ("день", "недел") and ordinal in ("перв", "последн") and (count > 1 or of == "день"):
        days = count * (7 if of == "недел" else 1)
        if not 1 <= days <= 28:
            return None
        first = ordinal == "перв"
        if count == 1:  # «в последний день месяца»
            return ((1, 1) if first else (0, 0)), f"в {'первый' if first else 'последний'} день"
        what = f"{count} {'нед.' if of == 'недел' else 'дн.'}"
        return ((1, days) if first else (1 - days, 0)), f"в {'первые' if first else 'последние'} {what}"
    return _ORDINAL_PARTS.get((ordinal, of)) if count == 1 else None


def _edge_part(normalised: str, recurrence: Recurrence | None) -> Recurrence | None:
    """The recurrence with the part of each window «в конце (начале) каждой четверти» names."""
    match = _EDGE_OF_EACH.search(normalised)
    if recurrence is None or match is None or recurrence.day or recurrence.weekdays:
        return recurrence
    unit = match.group("unit")
    if _EDGE_CODES[unit] != recurrence.code:
        return recurrence
    if match.group("edge") == "середин" and unit not in ("месяц", "полугоди"):  # its middle week, or by its middle
        by = bool(match.group("by"))
        words = "до середины" if by else "в середине"
        return replace(recurrence, middle=True, by=by, summary=f"{words} {_EDGE_UNITS[unit]}")
    edge = _edge_of(match)
    if edge is None:
        return recurrence
    part, words = edge
    both = None if match.group("by") else _parts_before(normalised[: match.start()], match, part, words)
    if both is not None:  # «в начале и в конце каждой четверти», «во 2-ю и 4-ю неделю месяца»: each part
        first, words = both
        return replace(recurrence, part=part, more_parts=(first,), summary=f"{words} {_EDGE_UNITS[unit]}")
    return replace(recurrence, part=part, by=bool(match.group("by")), summary=f"{words} {_EDGE_UNITS[unit]}")


def _parts_before(
    head: str, match: re.Match[str], part: tuple[int, int], words: str
) -> tuple[tuple[int, int], str] | None:
    """The part of each window written before the one `match` names, and the words of both: «в начале и в конце», «во
    вторую и четвертую неделю»; None when no other part is written right before it."""
    if words == "в конце" and _START_AND.search(head):  # as «в начале каждой четверти (каждого месяца)» reads
        return ((1, 10) if match.group("unit") == "месяц" else (1, 7)), "в начале и в конце"
    listed = _ORDINAL_BEFORE.search(head) if match.group("of") == "недел" and match.group("count") is None else None
    if listed is None:
        return None
    first = _ORDINAL_PARTS.get((listed.group(1) or _ORDINAL_DIGITS[listed.group(2)], "недел"))
    if first is None or not (first[0][0] < part[0] or part[0] <= 0):
        return None
    return first[0], f"{first[1].rsplit(' ', 1)[0]} и {words.split(' ', 1)[1]}"


def _on_weekdays(normalised: str, recurrence: Recurrence | None) -> Recurrence | None:
    """A monthly text on a weekday of each month («в последнюю пятницу месяца»), or a weekly one on the days it
    names («по средам и пятницам»); None for any other text."""
    workday = _NTH_WORKDAY.search(normalised)
    monthly = recurrence is not None and recurrence.code == "monthly"
    if workday is not None and (monthly or (recurrence is None and workday.group("alone") is None)):
        nth = ORDINALS[workday.group("nth")]
        which = "последний" if nth == 0 else "первый"
        return Recurrence("monthly", f"ежемесячно, в {which} рабочий день месяца", weekdays=WORKDAYS, nth=nth)
    of_period = _NTH_WORKDAY_OF.search(normalised)
    if of_period is not None and recurrence is not None and recurrence.code == _EDGE_CODES[of_period.group("unit")]:
        nth = ORDINALS[of_period.group("nth")]
        words = f"в {'последний' if nth == 0 else 'первый'} рабочий день {_EDGE_UNITS[of_period.group('unit')]}"
        return replace(recurrence, summary=words, weekdays=WORKDAYS, nth=nth)
    nth_weekday = _NTH_WEEKDAY.search(normalised)
    every = nth_weekday is not None and _EVERY_NTH.search(normalised) is not None
    alone = nth_weekday is not None and nth_weekday.group("alone") is not None and not every
    if nth_weekday is not None and (monthly or (recurrence is None and not alone)):
        day, nth = _weekday_number(nth_weekday.group("day")), ORDINALS[nth_weekday.group("nth")]
        more = _nths_before(normalised[: nth_weekday.start()])
        summary = f"ежемесячно, {_on_nth(day, nth, more)} месяца"
        return Recurrence("monthly", summary, weekdays=(day,), nth=nth, more_nths=more)
    if monthly and recurrence is not None:
        return _some_weekday_of_month(normalised, recurrence)
    span = _WEEK_SPAN.search(normalised)
    if recurrence is not None and recurrence.code == "weekly" and span is not None:
        first, last = _weekday_number(span.group("first")), _weekday_number(span.group("last"))
        if first < last:
            since = "со" if first == 1 else "с"
            words = f"еженедельно, {since} {_WEEKDAYS_GENITIVE[first]} по {_WEEKDAYS_ACCUSATIVE[last]}"
            return Recurrence("weekly", words, weekdays=(last,), from_weekday=first)
    weekdays = _weekdays(normalised, recurrence)
    if not weekdays:
        return None
    phrase = _weekdays_phrase(weekdays)
    if recurrence is not None and recurrence.code == "biweekly":  # «каждые две недели по пятницам»
        return Recurrence("biweekly", f"1 раз в 2 недели по {phrase}", weekdays=weekdays)
    return Recurrence("weekly", f"еженедельно по {phrase}", weekdays=weekdays)


def _weekdays_phrase(weekdays: tuple[int, ...]) -> str:
    """«пятницам», «вторникам и пятницам»: the days after «по»."""
    names = [_WEEKDAYS_PLURAL[day] for day in weekdays]
    return ", ".join(names[:-1]) + " и " + names[-1] if len(names) > 1 else names[0]


# the days of the week of a monthly text: «по пятницам», «в пятницу», «каждую пятницу», or a list of days alone in
# brackets or after a comma or a colon («1 раз в месяц (пятница)», «ежемесячно: вторник, четверг»)
_PLURAL_OR_ACCUSATIVE = r"(?:" + "|".join((*_WEEKDAYS_PLURAL, *_WEEKDAYS_ACCUSATIVE)) + r")(?![а-я])"
_WEEKDAY_AFTER_WORD = re.compile(
    r"(?<![а-я])(?:по|во?|кажд\w*)\s+(" + _PLURAL_OR_ACCUSATIVE
    + r"(?:\s*(?:,|и)\s*(?:(?:по|во?)\s+)?" + _PLURAL_OR_ACCUSATIVE + r")*)"
)  # fmt: skip
_WEEKDAYS_LISTED = re.compile(r"[(,:]\s*(" + _ANY_DAY + r"(?:\s*(?:,|и|/)\s*" + _ANY_DAY + r")*)\s*(?=\)|$)")


def _some_weekday_of_month(normalised: str, recurrence: Recurrence) -> Recurrence | None:
    """«1 раз в месяц по пятницам», «ежемесячно, в пятницу», «2 раза в месяц по вторникам и пятницам»: the month's
    days of the week named, which of them not written. The times fall between the month's first such day and its
    last, so that is each month's window (the first Friday would be a guess); None when the text names no day of
    the week, or names the day of the month it is due by."""
    if recurrence.day or recurrence.part is not None:
        return None
    listed = [*_WEEKDAY_AFTER_WORD.finditer(normalised), *_WEEKDAYS_LISTED.finditer(normalised)]
    names = [name for match in listed for name in _ANY_WEEKDAY_WORDS.findall(match[1])]
    if not names:
        return None
    weekdays = tuple(sorted({_weekday_number(name) for name in names}))
    if recurrence.count == 2 and len(weekdays) == 1:  # «по средам (2 раза в месяц)»: as «2 раза в месяц по средам»
        summary = f"ежемесячно, {_on_nth(weekdays[0], 3, (1,))} месяца"
        return replace(recurrence, summary=summary, weekdays=weekdays, nth=3, more_nths=(1,))
    summary = f"{recurrence.summary}, по {_weekdays_phrase(weekdays)}"
    return replace(recurrence, summary=summary, weekdays=weekdays, any_weekday=True)


# «до 5 числа месяца, следующего за окончанием четверти», «до 5 числа после окончания четверти», «по итогам
# четверти, до 10 числа следующего месяца»
_AFTER_SCHOOL_PERIOD = re.compile(
    r"(?:следующ\w*\s+за\s+(?:окончани\w+\s+)?|(?:после|по)\s+(?:окончани\w+|завершени\w+)\s+)(?:отчетн\w+\s+)?"
    r"(?:кажд\w+\s+)?(?:четверт|полугоди)"
    r"|(?:четверт|полугоди)\w*\W+(?:[а-я]+\s+){0,3}\d{1,2}\s*(?:-?\s*о?го\s+)?числа\s+следующ\w*\s+месяц"
)
_SCHOOL_PERIOD_NAMES = {"quarterly": "четвертью", "half_yearly": "полугодием"}
_LAST_MONTH = re.compile(r"последн\w*\s+месяц\w*(?:\s+(?:кажд\w+\s+)?(?:четверт|полугоди)|\W*$)")


# «с 1 по 10 число каждого месяца», «ежемесячно с 20 по 25 число», «с 5-го по 15-е число»: those days of each month
_DAYS_OF_EACH_MONTH = re.compile(
    r"(?<![а-я])с\s+(?P<first>\d{1,2})\s*(?:-?\s*(?:го|ого)\s*)?(?:числа\s+)?(?:по|до|-)\s*(?P<last>\d{1,2})"
    r"\s*(?:-?\s*(?:е|ое|го|ого)\s*)?\s+числ"
)


def _days_of_each_month(normalised: str, recurrence: Recurrence) -> Recurrence | None:
    """A monthly recurrence on the days of each month the text names; None when it names no such days."""
    found = _DAYS_OF_EACH_MONTH.search(normalised)
    if found is None or recurrence.code != "monthly":
        return None
    first, last = int(found.group("first")), int(found.group("last"))
    if not (1 <= first <= 31 and 1 <= last <= 31) or first == last:
        return None
    if first > last:  # «с 25 по 5 число»: over the turn of the month, due by its last day
        return replace(recurrence, day=last, summary=_by_day_summary(recurrence, last, False))
    if _FOLLOWING.search(normalised) is not None:  # «…, следующего за отчетным»: the report on each month
        summary = f"ежемесячно, с {first} по {last} число следующего месяца"
        return replace(recurrence, part=(first, last), following=True, summary=summary)
    return replace(recurrence, part=(first, last), summary=f"ежемесячно, с {first} по {last} число")


def _by_day_of_month(normalised: str, recurrence: Recurrence | None) -> Recurrence | None:
    """A monthly or quarterly recurrence with the day of the month it is due by, when the text names one; a
    term's or half-year's when it is the month after it («до 5 числа месяца, следующего за окончанием четверти»)."""
    if recurrence is None:
        return None
    days = _days_of_each_month(normalised, recurrence)
    if days is not None:
        return days
    found = _DAY_OF_MONTH.search(normalised)
    day = int(found.group(1)) if found else 0
    if not 1 <= day <= 31:
        return recurrence
    after = _AFTER_SCHOOL_PERIOD.search(normalised) is not None or day <= _REPORT_DAYS  # the report on it, as below
    if recurrence.code in _SCHOOL_PERIOD_NAMES and after and not _LAST_MONTH.search(normalised):
        summary = f"{recurrence.summary}, до {day} числа месяца, следующего за {_SCHOOL_PERIOD_NAMES[recurrence.code]}"
        return replace(recurrence, summary=summary, day=day, following=True)
    if recurrence.code in _SCHOOL_PERIOD_NAMES:  # «… последнего месяца четверти», «1 раз в четверть до 25 числа»
        name = _SCHOOL_PERIOD_NAMES[recurrence.code].replace("четвертью", "четверти").replace("полугодием", "полугодия")
        return replace(recurrence, summary=f"{recurrence.summary}, до {day} числа последнего месяца {name}", day=day)
    if recurrence.code not in ("monthly", "calendar_quarterly"):
        return recurrence
    following = _FOLLOWING.search(normalised) is not None or _reports_on_quarter(normalised, recurrence, day)
    summary = _by_day_summary(recurrence, day, following)
    more = _days_listed(normalised, found) if recurrence.code == "monthly" and not following else ()
    if more:  # «5, 15, 25 числа каждого месяца»: by each of them
        summary = f"{recurrence.summary}, до {', '.join(map(str, more))} и {day} числа"
    return replace(recurrence, summary=summary, day=day, following=following, more_days=more)


_OF_LAST_MONTH = re.compile(r"последн\w*\s+месяц")
_REPORT_DAYS = 10  # the first decade of a month: when reports on the period before it are due


def _reports_on_quarter(normalised: str, recurrence: Recurrence, day: int) -> bool:
    """Whether «ежеквартально до 5 числа» is due in the month after each quarter, as a report on it: a day of the
    first decade is when Russian reporting is due on the quarter just ended («до 5 числа месяца, следующего за
    отчетным кварталом» written short), and the 5th of the month after a quarter is the 5th of the next quarter's
    first month, so the two readings agree; the 5th of the quarter's own last month would be neither. A later day
    («ежеквартально до 25 числа») stays in the quarter's last month, and so does a day written with it."""
    return recurrence.code == "calendar_quarterly" and day <= _REPORT_DAYS and not _OF_LAST_MONTH.search(normalised)


# «5, 15 и 25 числа», «до 10 и до 25 числа»: the days listed before the last one
_DAYS_BEFORE = re.compile(r"(?<![\d.])(\d{1,2})(?:\s*-?\s*(?:го|ого|е))?\s*(?:,|и)\s*(?:до\s+)?$")


def _days_listed(normalised: str, found: re.Match[str] | None) -> tuple[int, ...]:
    """The days of the month listed before the one `found` names, earliest first; none unless each is earlier."""
    if found is None:
        return ()
    head, days = normalised[: found.start()], list[int]()
    while (match := _DAYS_BEFORE.search(head)) is not None:
        days.insert(0, int(match.group(1)))
        head = head[: match.start()]
    listed = [*days, int(found.group(1))]
    return tuple(days) if days and all(1 <= a < b for a, b in pairwise(listed)) else ()


def _weekdays(normalised: str, recurrence: Recurrence | None) -> tuple[int, ...]:
    """The days of the week of a weekly text («еженедельно по пятницам», «каждую среду», «по средам и
    пятницам», «еженедельно, в понедельник»), Monday 0; none for any other text."""
    if recurrence is not None and recurrence.code not in ("weekly", "biweekly"):
        return ()
    if _WEEKENDS.search(normalised) and "каникул" not in normalised:  # «в выходные дни»: each Saturday and Sunday
        return (5, 6)
    if recurrence is None and _WEEKDAYS_ALONE.match(normalised):  # «вторник, четверг»: a list of days alone
        return tuple(sorted({_weekday_number(name) for name in _ANY_WEEKDAY_WORDS.findall(normalised)}))
    if _EVERY_WEEKDAY.search(normalised) or (recurrence and _ON_WEEKDAY.search(normalised)):
        names = _WEEKDAY_WORDS.findall(normalised)
    elif recurrence:  # «еженедельно (понедельник, среда)», «еженедельно, четверг», «вторник и четверг каждой недели»
        listed = _LISTED_WEEKDAYS.search(normalised)
        written = " ".join(_IN_PARENTHESES.findall(normalised)) or (listed[0] if listed else "")
        names = _ANY_WEEKDAY_WORDS.findall(written)
        if not names and _WEEKDAYS_ALONE.match(_WEEKLY_WORDS.sub(" ", normalised)):
            names = _ANY_WEEKDAY_WORDS.findall(normalised)
    else:
        return ()
    return tuple(sorted({_weekday_number(name) for name in names}))


def _weekday_number(name: str) -> int:
    """Monday 0 for a weekday's name in the nominative, the accusative or the dative plural."""
    for forms in (_WEEKDAY_NAMES, _WEEKDAYS_ACCUSATIVE, _WEEKDAYS_PLURAL):
        if name in forms:
            return forms.index(name)
    raise ValueError(name)


def _by_day_summary(recurrence: Recurrence, day: int, following: bool) -> str:
    """«ежемесячно, до 10 числа», «ежемесячно, до 5 числа следующего месяца», «ежеквартально, до 5 числа месяца,
    следующего за кварталом», «ежеквартально, до 25 числа последнего месяца квартала»."""
    if recurrence.code == "monthly":
        return f"{recurrence.summary}, до {day} числа" + (" следующего месяца" if following else "")
    month = "месяца, следующего за кварталом" if following else "последнего месяца квартала"
    return f"{recurrence.summary}, до {day} числа {month}"


# units a count above one cuts into that many windows in a row (`split_window`): «2 раза в четверть» is each half
# of each term; «2 (3) раза в месяц» each half (third) of each month unless its days are named, «2 раза в полугодие»
# each term (the named codes of `_UNITS`)
_SPLIT_UNITS = {
    "четверт": "quarterly",
    "триместр": "times_a_year",
    "квартал": "calendar_quarterly",
    "полугоди": "half_yearly",
}


def _times_per(match: re.Match[str]) -> Recurrence:
    """«не реже 1 раза в полугодие», «2 раза в четверть», «не менее трех раз в учебный год»; «1-2 раза в месяц»
    keeps the smaller count, the least the text asks for (a larger one would date a time it may not be due)."""
    count = count_of(match.group("count")) if match.group("count") else 1
    low = count_of(match.group("low")) if match.group("low") else 0
    written = f"{low}–{count}" if 0 < low < count else str(count)
    count = low if 0 < low < count else count
    unit = match.group("unit")
    accusative, codes, other = _UNITS[unit]
    code = codes.get(count, other)
    split = count if code == other and unit in _SPLIT_UNITS else 0
    code = _SPLIT_UNITS[unit] if split else code
    if unit == "месяц" and code == "monthly" and 1 < count < 4:  # «2 раза в месяц»: each half of each month
        split = count
    prefix = match.group("prefix") or ""
    if "до" in prefix:
        prefix = ""
    if "менее" in prefix or "реже" in prefix:
        least = "не реже" if "реже" in prefix else "не менее"
        summary = f"{least} {written} {'раза' if written == '1' else 'раз'} в {accusative}"
    elif written == "1" and code in _SIMPLE_SUMMARIES:
        summary = _SIMPLE_SUMMARIES[code]
    else:
        summary = f"{written} {_times(int(written.rsplit('–', 1)[-1]))} в {accusative}"
    if code == "times_a_year" and accusative == "триместр":
        count = 3
    counted = code == "times_a_year" or accusative in ("год", "месяц")  # a month's count picks its weekdays
    return Recurrence(code, summary, count if counted else 0, split=split)


def _find_recurrence(normalised: str) -> Recurrence | None:
    match = _TIMES_PER.search(normalised)
    if match is not None:
        return _times_per(match)
    match = _TIMES_A_YEAR.search(normalised)
    if match is not None:
        count = count_of(match.group(2))
        codes = {1: "yearly", 2: "twice_a_year", 4: "quarterly", 6: "bimonthly", 12: "monthly"}
        prefix = "не менее " if match.group(1) and "до" not in match.group(1) else ""
        times = "раз" if prefix else _times(count)
        summary = f"{prefix}{count} {times} в год" if count != 1 else "ежегодно"
        return Recurrence(codes.get(count, "times_a_year"), summary, count)
    match = _EVERY_N_YEARS.search(normalised)
    if match is not None:
        count = count_of(match.group(1))
        if count == 1:
            return Recurrence("yearly", "ежегодно")
        return Recurrence("every_n_years", f"1 раз в {count} {_times(count, 'лет', 'года')}", count)
    for pattern, code, summary in _SIMPLE_RECURRENCES:
        if pattern.search(normalised):
            if code == "trimesterly":  # read as «1 раз в триместр»: three windows a school year
                return Recurrence("times_a_year", summary, 3)
            return Recurrence(code, summary)
    return _every_n_units(normalised)


# «каждые 3 дня», «1 раз в 4 месяца», «каждые 3 недели»: windows of n days, weeks or months the named forms leave
_EVERY_N_UNITS = re.compile(
    r"(?<![а-я])(?:кажд\w*|раза?\s+в)\s+(?:(?P<low>\d{1,2}|"
    + "|".join(NUMBER_WORDS)
    + r")\s*-\s*)?"
    + COUNT
    + r"\s*-?\s*(?:х\s+)?(?:календарн\w+\s+)?"
    r"(?P<unit>дн(?:я|ей)|день|недел[иь]|месяц(?:а|ев)?|год(?:а)?|лет)(?![а-я])"
)
_EVERY_N_DAYS_CODES = {1: ("daily", "ежедневно"), 7: ("weekly", "еженедельно"), 14: ("biweekly", "1 раз в 2 недели")}


def _every_n_units(normalised: str) -> Recurrence | None:
    """A recurrence every n days, weeks or months («каждые 3 дня», «раз в 4 месяца»); None for any other text. A
    range («каждые 2-3 недели», «раз в 2-3 месяца») is read by its longer gap, the windows every time falls in (a
    shorter one would date a time it may not be due), and keeps the range in its summary."""
    match = _EVERY_N_UNITS.search(normalised)
    if match is None or count_of(match.group(2)) < 1:
        return None
    count, unit = count_of(match.group(2)), match.group("unit")
    low = count_of(match.group("low")) if match.group("low") else 0
    if low >= count:  # «каждые 3-2 недели»: not a range
        return None
    recurrence = _every_n(count, unit)
    if low < 1:
        return recurrence
    if unit.startswith(("год", "лет")):
        words = _times(count, "лет", "года")
    elif unit.startswith("месяц"):
        words = _times(count, "месяцев", "месяца")
    else:
        words = _times(count, "недель", "недели") if unit.startswith("недел") else _times(count, "дней", "дня")
    return replace(recurrence, summary=f"1 раз в {low}–{count} {words}")


def _every_n(count: int, unit: str) -> Recurrence:
    """A recurrence every `count` units (`_every_n_units`)."""
    if unit.startswith(("год", "лет")):  # «каждые 3 года» as «1 раз в 3 года»
        summary = f"1 раз в {count} {_times(count, 'лет', 'года')}"
        return Recurrence("yearly", "ежегодно") if count == 1 else Recurrence("every_n_years", summary, count)
    if unit.startswith("месяц"):
        named = {1: "monthly", 6: "half_yearly", 12: "yearly"}.get(count)
        if named is not None:
            return Recurrence(named, _SIMPLE_SUMMARIES[named])
        return Recurrence("every_n_months", f"1 раз в {count} {_times(count, 'месяцев', 'месяца')}", count)
    days = count * 7 if unit.startswith("недел") else count
    if days in _EVERY_N_DAYS_CODES:
        return Recurrence(*_EVERY_N_DAYS_CODES[days])
    if unit.startswith("недел"):
        return Recurrence("every_n_days", f"1 раз в {count} {_times(count, 'недель', 'недели')}", days)
    return Recurrence("every_n_days", f"1 раз в {count} {_times(count, 'дней', 'дня')}", days)


_PER_SCHOOL_YEAR: dict[str, Callable[[int], list[Window]]] = {
    "yearly": school_year_window,
    "half_yearly": half_years,
    "twice_a_year": half_years,
    "quarterly": school_quarters,
}


_PER_CALENDAR_YEAR: dict[str, Callable[[int], list[Window]]] = {
    "monthly": months_of,
    "every_ten_days": decades,
    "calendar_quarterly": calendar_quarters,
}


def _windows(recurrence: Recurrence, period: tuple[date, date]) -> list[Window]:
    """The windows a recurrence falls in over the period: per school year, per calendar year, weekly, or every
    n school years; each cut in `split` when the text counts several times in it («2 раза в четверть»)."""
    windows = _whole_windows(recurrence, period)
    if recurrence.split > 1 and (recurrence.code != "monthly" or _plain(recurrence)):
        return [part for window in windows for part in split_window(window, recurrence.split)]
    return windows


def _plain(recurrence: Recurrence) -> bool:
    """Whether a recurrence names no day, weekday or part of its windows: «2 раза в месяц» alone, not «2 раза в месяц
    по средам» or «2 раза в месяц, до 25 числа» (those days place its times)."""
    placed = recurrence.day or recurrence.weekdays or recurrence.workdays or recurrence.middle
    return not placed and recurrence.part is None and recurrence.nth is None


def whole_calendar_years(period: tuple[date, date]) -> bool:
    """Whether a plan runs by calendar years (1 January – 31 December): its year is the calendar one."""
    start, end = period
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)


def _calendar_year(year: int) -> list[Window]:
    return [(date(year, 1, 1), date(year, 12, 31), f"{year} г.")]


def _whole_windows(recurrence: Recurrence, period: tuple[date, date]) -> list[Window]:
    # «1 раз в год» in a plan for 2025: in 2025, not in a school year from 2024 (over several calendar years, as a
    # seed order's «Ежегодное (в течение 2021-2023 гг.)», each school year in them)
    one_calendar_year = whole_calendar_years(period) and period[0].year == period[1].year
    if recurrence.code == "yearly" and recurrence.split <= 1 and one_calendar_year and not recurrence.school_year:
        return _calendar_year(period[0].year)
    if recurrence.code in _PER_SCHOOL_YEAR:
        return [w for year in school_years(period) for w in _PER_SCHOOL_YEAR[recurrence.code](year)]
    if recurrence.code == "times_a_year" and recurrence.count == 3:
        return [w for year in school_years(period) for w in trimesters(year)]
    if recurrence.code == "times_a_year" and recurrence.count > 1 and not recurrence.split:  # «5 раз в год»
        years = [w for year in school_years(period) for w in school_year_window(year)]
        return [part for window in years for part in split_window(window, recurrence.count)]
    if recurrence.code in _PER_CALENDAR_YEAR:
        per_year = _PER_CALENDAR_YEAR[recurrence.code]
        return [w for year in range(period[0].year, period[1].year + 1) for w in per_year(year)]
    if recurrence.code == "weekly":
        return list(weeks(period))
    if recurrence.code == "biweekly":
        return list(weeks(period, 2))
    if recurrence.code == "bimonthly":
        return two_months(period)
    if recurrence.code == "every_n_years":
        return every_n_years(period, recurrence.count)
    if recurrence.code == "every_n_months":
        return n_months(period, recurrence.count)
    if recurrence.code == "every_n_days":
        return n_days(period, recurrence.count)
    return []


def _month_set(items: list[Item]) -> set[int]:
    months: set[int] = set()
    for item in items:
        first = item.first.month or 1
        last = item.last.month if item.last is not None and item.last.month is not None else first
        month = first
        while True:
            months.add(month)
            if month == last or len(months) >= 12:
                break
            month = month % 12 + 1
    return months


def _yearly_in_months(items: list[Item], period: tuple[date, date]) -> list[Occurrence]:
    """ "Ежегодно, май, сентябрь", "Ежегодно, октябрь-март": each item in each school year of the period."""
    occurrences = []
    for first_year in school_years(period):
        for item in items:
            copy = Item(
                Moment(item.first.month, day=item.first.day, school_year=first_year),
                None if item.last is None else Moment(item.last.month, day=item.last.day, school_year=first_year),
                before=item.before,
                stage=item.stage,
            )
            _fill_school_year(copy)
            occurrence = occurrence_of(copy)
            if occurrence is not None and whole_calendar_years(period):
                occurrence = _within_calendar_plan(copy, occurrence, period)
            if occurrence is not None and period[0] <= occurrence.due <= period[1]:
                occurrences.append(occurrence)
    return occurrences


def _within_calendar_plan(item: Item, occurrence: Occurrence, period: tuple[date, date]) -> Occurrence | None:
    """«ежегодно, сентябрь-март» in a plan by calendar years: the months of each school year's span inside the plan
    (January–March and September–December of 2025), not a span begun before the plan or ending after it."""
    start, due = occurrence.start, occurrence.due
    if item.last is None or start is None or item.first.day is not None or item.last.day is not None:
        return occurrence
    if start >= period[0] and due <= period[1]:
        return occurrence
    start, due = max(start, period[0]), min(due, period[1])
    if start > due:
        return None
    clipped = Item(Moment(start.month, year=start.year), Moment(due.month, year=due.year), stage=item.stage)
    return occurrence_of(clipped)


def _fill_school_year(item: Item) -> None:
    for moment in item.moments():
        if moment.month is not None and moment.school_year is not None:
            moment.year = moment.school_year if moment.month >= 9 else moment.school_year + 1
    last = item.last
    first = item.first
    if last is None or last.year is None or first.year is None or not last.month or not first.month:
        return
    if (last.year, last.month) < (first.year, first.month):
        last.year += 1


YEARLY_COUNTS = frozenset({"yearly", "twice_a_year", "half_yearly", "times_a_year", "quarterly", "calendar_quarterly"})
"""Recurrences a fixed number of times each school year: months written with one are its months."""


def recurring_occurrences(recurrence: Recurrence, items: list[Item], period: tuple[date, date]) -> list[Occurrence]:
    dated = [item for item in items if item.is_dated]
    if any(moment.written_year for item in dated for moment in item.moments()):
        return [o for o in map(occurrence_of, dated) if o is not None]
    if dated and recurrence.code in YEARLY_COUNTS and not recurrence.day:  # «2 раза в год (декабрь, май)»
        return _yearly_in_months(dated, period)
    windows = _windows(recurrence, period)
    if dated and recurrence.code == "monthly":
        months = _month_set(dated)
        windows = [window for window in windows if window[1].month in months]
    occurrences = _occurrences_in(windows, period, recurrence)
    if dated and recurrence.code in _WITHIN_MONTHS:  # «с октября по апрель еженедельно»: the weeks of those months
        months = _month_set(dated)
        occurrences = [
            _clipped(o, months) for o in occurrences if (o.start or o.due).month in months or o.due.month in months
        ]
    return occurrences


def _clipped(occurrence: Occurrence, months: set[int]) -> Occurrence:
    """A week that runs over into a month left out, cut at that month's edge."""
    start, due = occurrence.start or occurrence.due, occurrence.due
    if start.month not in months:
        start = due.replace(day=1)
    elif due.month not in months:
        due = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if (start, due) == (occurrence.start or occurrence.due, occurrence.due):
        return occurrence
    label = days_phrase(start, due) if start != due else f"{due:%d.%m.%Y}"
    return occurrence.model_copy(update={"start": start if occurrence.start else None, "due": due, "label": label})


_WITHIN_MONTHS = frozenset({"weekly", "biweekly", "every_n_days"})


def _occurrences_in(windows: list[Window], period: tuple[date, date], recurrence: Recurrence) -> list[Occurrence]:
    """An occurrence per window due inside the period; with a `day` of the month, due by that day (no start);
    with a day of the week, on that day of each week."""
    if recurrence.any_weekday:
        windows = [_weekdays_span(window, recurrence.weekdays) for window in windows]
        return [Occurrence(start=a, due=b, label=label) for a, b, label in windows if period[0] <= b <= period[1]]
    if recurrence.weekdays:
        days = [d for d in _weekdays_in(windows, recurrence, period[0]) if period[0] <= d <= period[1]]
        if recurrence.from_weekday is not None:
            return [_week_window(d, recurrence.from_weekday, period[0]) for d in days]
        return [Occurrence(start=d, due=d, label=f"{d:%d.%m.%Y} ({_WEEKDAY_NAMES[d.weekday()]})") for d in days]
    if recurrence.workdays:
        windows = [_workdays_of(window, recurrence.workdays) for window in windows]
        if recurrence.by:
            return [Occurrence(due=due, label=label) for _, due, label in windows if period[0] <= due <= period[1]]
    if recurrence.middle:
        windows = [_middle_of(window, recurrence.by) for window in windows]
        if recurrence.by:
            return [Occurrence(due=due, label=label) for _, due, label in windows if period[0] <= due <= period[1]]
    if recurrence.part is not None and recurrence.following and recurrence.code == "monthly":
        return _parts_following(windows, period, recurrence.part)
    if recurrence.part is not None:
        parts = (*recurrence.more_parts, recurrence.part)
        windows = [_part_of(window, part) for window in windows for part in parts]
        if recurrence.by:
            return [Occurrence(due=due, label=label) for _, due, label in windows if period[0] <= due <= period[1]]
    if recurrence.day:
        return _by_days(windows, period, recurrence)
    return [
        Occurrence(start=start, due=due, label=label) for start, due, label in windows if period[0] <= due <= period[1]
    ]


def _parts_following(windows: list[Window], period: tuple[date, date], part: tuple[int, int]) -> list[Occurrence]:
    """«с 1 по 5 число месяца, следующего за отчетным»: those days of the month after each window, labelled by the
    month reported on («01.10.2024 – 05.10.2024 (за сентябрь 2024)»); kept as `_by_days` keeps a report."""
    occurrences = []
    for _, end, label in windows:
        after = end + timedelta(days=1)
        month = (after, after.replace(day=calendar.monthrange(after.year, after.month)[1]), label)
        first, last, _ = _part_of(month, part)
        if period[0] <= end <= period[1]:
            days = f"{first:%d.%m.%Y} – {last:%d.%m.%Y}"
            occurrences.append(Occurrence(start=first, due=last, label=f"{days} (за {label})"))
    return occurrences


def _week_window(due: date, first: int, since: date) -> Occurrence:
    """The days of `due`'s week from the weekday `first` to `due`, none before the period's first day `since`, said
    as the weeks of «еженедельно» are («неделя 2–6 сентября 2024»)."""
    start = max(due - timedelta(days=due.weekday() - first), since)
    days = days_phrase(start, due) if start != due else f"{due.day} {MONTHS_GENITIVE[due.month - 1]} {due.year}"
    return Occurrence(start=start, due=due, label=f"неделя {days}")


def _by_days(windows: list[Window], period: tuple[date, date], recurrence: Recurrence) -> list[Occurrence]:
    """Each window due by its day(s) inside the period. A report due in the month after its window («ежеквартально до
    5 числа», «до 1 числа месяца, следующего за отчетным») is the report on each period that ends inside the plan: in
    a plan for 2025 the one on its last quarter (month), due in January after it, is kept too (with a warning that it
    falls after the plan); in a school year the first report is on September (due 1 October), not on the August
    before the plan, and the last on August (due 1 September, named in a warning), as in a plan by calendar years."""
    by_days = (*recurrence.more_days, recurrence.day)
    reported = recurrence.following
    occurrences = []
    for window in windows:
        for day in by_days:
            _, due, label = _by_day(window, day, recurrence.following)
            inside = period[0] <= window[1] <= period[1] if reported else period[0] <= due <= period[1]
            if inside:
                occurrences.append(Occurrence(due=due, label=label))
    return occurrences


def _weekdays_span(window: Window, weekdays: tuple[int, ...]) -> Window:
    """From the first of a month's `weekdays` to its last: the days one of them falls on (`Recurrence.any_weekday`)."""
    first = min(_nth_weekday(window, day, 1) for day in weekdays)
    last = max(_nth_weekday(window, day, 0) for day in weekdays)
    names = _weekdays_phrase(weekdays)
    return first, last, f"{first:%d.%m} – {last:%d.%m.%Y} (по {names}, {window[2]})"


def _workdays_of(window: Window, count: int) -> Window:
    """The first `count` (positive) or the last `-count` Monday-to-Friday days of a month's window."""
    start, end, label = window
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    workdays = [day for day in days if is_working_day(day)]
    chosen = workdays[:count] if count > 0 else workdays[count:]
    first, last = chosen[0], chosen[-1]
    return first, last, f"{first:%d.%m.%Y} – {last:%d.%m.%Y} ({label})"


def _middle_of(window: Window, by: bool = False) -> Window:
    """The week in the middle of a window («в середине каждой четверти»), or, `by`, its middle day."""
    start, end, label = window
    middle = start + (end - start) / 2
    if by:
        return middle, middle, f"до {middle:%d.%m.%Y} (середина: {label})"
    first, last = max(start, middle - timedelta(days=3)), min(end, middle + timedelta(days=3))
    return first, last, f"{first:%d.%m.%Y} – {last:%d.%m.%Y} (середина: {label})"


def _part_of(window: Window, part: tuple[int, int]) -> Window:
    """The days of a window a part names (`Recurrence.part`)."""
    start, end, label = window

    def day_of(n: int) -> date:
        return start + timedelta(days=n - 1) if n > 0 else end + timedelta(days=n)

    first, last = max(start, day_of(part[0])), min(end, day_of(part[1]))
    return (
        first,
        last,
        f"{first:%d.%m.%Y} – {last:%d.%m.%Y} ({label})" if first != last else f"{last:%d.%m.%Y} ({label})",
    )


def _nths_before(head: str) -> tuple[int, ...]:
    """The ordinals listed before the last one: «первый и» of «в первый и третий вторник»."""
    nths: list[int] = []
    while (match := _NTH_BEFORE.search(head)) is not None:
        nths.insert(0, ORDINALS[match.group("nth")])
        head = head[: match.start()]
    return tuple(nths)


def _on_nth(day: int, nth: int, more: tuple[int, ...] = ()) -> str:
    """«в последнюю пятницу», «во второй вторник», «в первое воскресенье», «в первый и третий вторник»."""
    ordinals = [_NTH_WORDS[_WEEKDAY_GENDERS[day]][n] for n in (*more, nth)]
    listed = ", ".join(ordinals[:-1]) + " и " + ordinals[-1] if more else ordinals[-1]
    words = f"{listed} {_WEEKDAYS_ACCUSATIVE[day]}"
    return ("во " if words.startswith("вт") else "в ") + words


def _weekdays_in(windows: list[Window], recurrence: Recurrence, since: date) -> list[date]:
    """The days of a recurrence naming weekdays: each of them in each week (every other week from the first such
    day `since`), or the `nth` of each month."""
    if recurrence.nth is None and recurrence.code == "biweekly" and windows:
        first = since
        return sorted(
            first + timedelta(days=(day - first.weekday()) % 7 + 14 * n)
            for day in recurrence.weekdays
            for n in range(len(windows) + 1)
        )
    if recurrence.nth is None:
        return [start + timedelta(days=day) for start, _, _ in windows for day in recurrence.weekdays]
    days = []
    for nth in (*recurrence.more_nths, recurrence.nth):
        if recurrence.weekdays == WORKDAYS and nth in (0, 1):  # «в последний рабочий день месяца»: by the calendar
            days += [_workdays_of(window, 1 if nth else -1)[0] for window in windows]
            continue
        pick = max if nth == 0 else min  # of several weekdays, the month's last (or first) of them
        days += [pick(_nth_weekday(window, day, nth) for day in recurrence.weekdays) for window in windows]
    return sorted(days)


def _nth_weekday(window: Window, weekday: int, nth: int) -> date:
    """The `nth` `weekday` of a month's window (0: its last one)."""
    start, end, _ = window
    if nth == 0:
        return end - timedelta(days=(end.weekday() - weekday) % 7)
    return start + timedelta(days=(weekday - start.weekday()) % 7 + 7 * (nth - 1))


def _by_day(window: Window, day: int, following: bool) -> Window:
    """A window due by the `day` of its last month (the last day when the month is shorter): «до 10.09.2022»;
    or, `following`, of the month after it, the report on it: «до 05.10.2022 (за III квартал 2022)»."""
    start, end, label = window
    if not following:
        due = end.replace(day=min(day, end.day))
        return start, due, f"до {due:%d.%m.%Y}"
    after = end + timedelta(days=1)
    due = after.replace(day=min(day, calendar.monthrange(after.year, after.month)[1]))
    return start, due, f"до {due:%d.%m.%Y} (за {label})"


def months_phrase(items: list[Item]) -> str:
    """`в мае и сентябре`, `с октября по март`, `в мае, с октября по март`, `до 15 ноября`."""
    simple = [item for item in items if item.last is None and item.first.month and item.first.day is None]
    points = [MONTHS_PREPOSITIONAL[item.first.month - 1] for item in simple if not item.before and item.first.month]
    points = list(dict.fromkeys(points))
    parts = [f"до {MONTHS_GENITIVE[item.first.month - 1]}" for item in simple if item.before and item.first.month]
    parts += _day_parts(items)
    if points:
        parts.append("в " + (", ".join(points[:-1]) + " и " + points[-1] if len(points) > 1 else points[0]))
    parts += _range_parts(items)
    return ", ".join(dict.fromkeys(parts))  # «сентябрь 2024, сентябрь 2025»: one September


def _day_parts(items: list[Item]) -> list[str]:
    """The single days: «15 ноября», «до 15 ноября»."""
    parts = []
    for item in items:
        if item.last is None and item.first.month and item.first.day is not None:
            day = f"{item.first.day} {MONTHS_GENITIVE[item.first.month - 1]}"
            parts.append(f"до {day}" if item.before else day)
    return parts


def _range_parts(items: list[Item]) -> list[str]:
    """The ranges of months: «с октября по март»."""
    parts = []
    for item in items:
        if item.last is None or not item.first.month or not item.last.month:
            continue
        if item.first.day is not None and item.last.day is not None:  # «с 1 по 15 сентября», «с 20 мая по 5 июня»
            first_day = f"{item.first.day} {MONTHS_GENITIVE[item.first.month - 1]}"
            if item.first.month == item.last.month:
                first_day = str(item.first.day)
            parts.append(f"с {first_day} по {item.last.day} {MONTHS_GENITIVE[item.last.month - 1]}")
            continue
        first, last = MONTHS_GENITIVE[item.first.month - 1], MONTHS_NOMINATIVE[item.last.month - 1]
        parts.append(f"с {first} по {last}")
    return parts
