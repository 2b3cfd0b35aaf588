"""Shorthand methodists write in deadline cells, spelled out before the text is read: «в теч. года» is «в течение
года», «ежемес.» «ежемесячно», «дважды в месяц» «2 раза в месяц», «15/09/2024» «15.09.2024», «до 25-го мая» «до
25 мая», «осенние, весенние каникулы» «осенние каникулы, весенние каникулы», «первая половина 2025 года» «I
полугодие 2025 года», «в начале 2025 года» «январь 2025». The schedule keeps the text as written.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from services.roadmap.schedules.parser.months import (
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    month_abbreviation,
    month_number,
    second_year,
    spelt_right,
)

_EACH = r"(?<![а-яё])кажд(?:\.\s*|\s+)"
# «до 25 числа кажд. месяца», «в конце кажд. четверти»: «каждый» agreeing with the noun after it (the first that fits)
_EACH_FORMS = tuple(
    (re.compile(_EACH + rf"(?={noun})", re.IGNORECASE), form)
    for noun, form in (
        (r"уч(?:\.|ебн)", "каждого "),
        (r"[а-яё]+[иы](?![а-яё])", "каждой "),
        (r"(?:[а-яё]+[юу]|четверть)(?![а-яё])", "каждую "),
        (r"[а-яё]+[ая](?![а-яё])", "каждого "),
        (r"[а-яё]+(?:ие|о)(?![а-яё])", "каждое "),
        (r"[а-яё]+[еи](?![а-яё])", "каждом "),
        (r"[а-яё]", "каждый "),
    )
)

# «до нач. уч. года», «после оконч. I полугодия», «к заверш. четверти»: the noun in the case its preposition governs
_CUT_NOUNS = (("нач", "начал"), ("оконч", "окончани"), ("заверш", "завершени"))
_CASE_ENDINGS = (
    (r"до|с|со|после|от|для|около|середины", ("а", "я")),
    (r"к|ко", ("у", "ю")),
    (r"в|во|по|при", ("е", "и")),
    (r"на", ("о", "е")),
)
_CUT_FORMS = tuple(
    (
        re.compile(rf"(?<![а-яё])({before})\s+{cut}\.\s*", re.IGNORECASE),
        rf"\1 {stem}{ending[0] if stem == 'начал' else ending[1]} ",
    )
    for cut, stem in _CUT_NOUNS
    for before, ending in _CASE_ENDINGS
)

# «на начало уч. г.», «к началу уч.г.»: the school year after the edge of it
_EDGE_OF_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])(начал[а-яё]*|середин[а-яё]*|окончани[а-яё]*|завершени[а-яё]*|конц[а-яё]*|конец)\s+уч\.?\s*г(?:\.|(?![а-яё]))",
    re.IGNORECASE,
)

_MONTH_SLASH_YEAR = re.compile(
    r"(?<![а-яё])((?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр|янв|фев|мар|апр|авг|сен"
    r"|окт|ноя|дек)[а-яё]*\.?)\s*/\s*((?:19|20)\d\d)(?![\d/])",
    re.IGNORECASE,
)
_SLASHED_UNITS = {"м": "ежемесячно", "н": "еженедельно", "кв": "ежеквартально", "г": "ежегодно", "д": "ежедневно"}
_SLASHED_EVERY = re.compile(
    r"(?<![а-яёa-z\d/])е\s*/\s*(?P<unit>м(?:ес)?|н(?:ед)?|кв|г(?:од)?|д(?:н)?)\.?(?![а-яёa-z\d/])", re.IGNORECASE
)


def _slashed_every(match: re.Match[str]) -> str:
    unit = match.group("unit").lower()
    return _SLASHED_UNITS["кв" if unit == "кв" else unit[0]]


_TEACHING_WORD = re.compile(r"\s(?:учебного\s+|уч\.\s*)(?=года)", re.IGNORECASE)


def _whole_year(match: re.Match[str]) -> str:
    """«в течение учебного года, включая летний период»: the whole school year, said «в течение года»."""
    return _TEACHING_WORD.sub(" ", match.group(1))


_SHORT_WORDS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    *_EACH_FORMS,
    *_CUT_FORMS,
    (_EDGE_OF_SCHOOL_YEAR, r"\1 учебного года"),
    (re.compile(r"(?<![а-яё])теч\.?(?![а-яё])", re.IGNORECASE), "течение"),
    # «ежемес.», «ежемесяч.», «ежем.», «ежем»: «ежемесячно» (no other word starts «ежем» and stops there)
    (re.compile(r"(?<![а-яё])ежем(?:ес(?:яч)?)?(?:\.|(?![а-яё]))", re.IGNORECASE), "ежемесячно"),
    (re.compile(r"(?<![а-яё])еженед(?:\.|(?![а-яё]))", re.IGNORECASE), "еженедельно"),
    (re.compile(r"(?<![а-яё])ежекв(?:арт)?(?:\.|(?![а-яё]))", re.IGNORECASE), "ежеквартально"),
    (re.compile(r"(?<![а-яё])ежег(?:од)?(?:\.|(?![а-яё]))", re.IGNORECASE), "ежегодно"),
    # «е/м», «е/н», «е/кв», «е/г», «е/д»: «ежемесячно», «еженедельно» … cut to «е/» and the unit's first letters
    (_SLASHED_EVERY, _slashed_every),
    (re.compile(r"(?<![а-яё])по(месячн|квартальн|недельн)(?=о(?![а-яё]))", re.IGNORECASE), r"еже\1"),
    (re.compile(r"(?<![а-яё])(?:однажды|единожды)(?![а-яё])", re.IGNORECASE), "1 раз"),
    (re.compile(r"(?<![а-яё])втечени[еи](?![а-яё])", re.IGNORECASE), "в течение"),
    # «май – итоговая д-ка»: the word a dash inside would split off its stage
    (re.compile(r"(?<![а-яё])д(?:иаг)?-ка(?![а-яё])", re.IGNORECASE), "диагностика"),
    # «еже месячно», «еже-квартально»: one word broken in two
    (
        re.compile(r"(?<![а-яё])(еже)(?:\s*-\s*|\s+)(?=(?:месячн|квартальн|годн|недельн|дневн)[а-яё]*)", re.IGNORECASE),
        r"\1",
    ),
    # «ГИА-2025», «ВПР-2025»: the name of an exam's campaign, not the calendar year
    (re.compile(r"(?<![а-яёa-z])(ГИА|ЕГЭ|ОГЭ|ГВЭ|ВПР|НИКО)\s*-\s*(?:19|20)?\d\d(?!\d)", re.IGNORECASE), r"\1"),
    (re.compile(r"(?<![а-яё])дважды(?![а-яё])", re.IGNORECASE), "2 раза"),
    (re.compile(r"(?<![а-яё])четв\.?(?![а-яё])", re.IGNORECASE), "четверть"),
    (re.compile(r"(?<![а-яё])трим\.?(?![а-яё])", re.IGNORECASE), "триместр"),
    # «в течение полуг.», «по итогам кв.»: the genitive the word before governs (a length, each period's report)
    (
        re.compile(
            r"(?<![а-яё])(итогам|течение|окончани[ия]|конц[аеу]|начал[аеу]|середин[аеуы]|каждого)\s+"
            r"(?:п/г|полуг\.?|полугод\.)(?![а-яё])",
            re.IGNORECASE,
        ),
        r"\1 полугодия",
    ),
    (
        re.compile(
            r"(?<![а-яё])(итогам|течение|окончани[ия]|конц[аеу]|начал[аеу]|середин[аеуы]|каждого)\s+кв\.?(?![а-яё])",
            re.IGNORECASE,
        ),
        r"\1 квартала",
    ),
    (re.compile(r"(?<![а-яё])(?:п/г|полуг\.?|полугод\.)(?![а-яё])", re.IGNORECASE), "полугодие"),
    (_MONTH_SLASH_YEAR, r"\1 \2"),  # «май/2025»: May 2025, not May and the year 2025
    (  # «2-я пол. октября»: the half of a month
        re.compile(r"(?<![а-яё])пол\.\s*(?=(?:" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё]))", re.IGNORECASE),
        "половина ",
    ),
    (re.compile(r"(?<=[\divx])(\s*-?\s*[а-яё]{0,2}\s+)пол\.(?![а-яё])", re.IGNORECASE), r"\1полугодие"),
    # «по итогам мес.», «в течение нед.»: the genitive the word before governs
    (
        re.compile(
            r"(?<![а-яё])(итогам|течение|окончани[ия]|конц[аеу]|начал[аеу]|середин[аеуы]|каждого)\s+мес\.?(?![а-яё])",
            re.IGNORECASE,
        ),
        r"\1 месяца",
    ),
    (
        re.compile(
            r"(?<![а-яё])(итогам|течение|окончани[ия]|конц[аеу]|начал[аеу]|середин[аеуы]|каждой)\s+нед\.?(?![а-яё])",
            re.IGNORECASE,
        ),
        r"\1 недели",
    ),
    (re.compile(r"(?<![а-яё])мес\.?(?![а-яё])", re.IGNORECASE), "месяц"),
    (re.compile(r"(?<![а-яё])нед\.?(?![а-яё])", re.IGNORECASE), "неделю"),
    (re.compile(r"(?<=в\s)кв\.?(?![а-яё])", re.IGNORECASE), "квартал"),
    # «5 р.д.», «3 р/д»: working days (before «1 р/м», a count a month)
    (re.compile(r"(?<=\d)(\s*-?\s*(?:х|ти|ми)?\s*)р\s*[./]\s*д\.?(?![а-яё])", re.IGNORECASE), r"\1 рабочих дней"),
    (re.compile(r"(?<![\w])(\d{1,2})\s*р\.?(?=\s*(?:/|в\s))", re.IGNORECASE), r"\1 раз"),
    (re.compile(r"(?<![а-яё])(раза?)\s*/\s*(?=[а-яё]|\d{1,2}\s*[а-яё])", re.IGNORECASE), r"\1 в "),  # «1 р/2 мес»
    (re.compile("\u00ad"), ""),  # a soft hyphen inside a word
    (re.compile(r"(?<![а-яё])трижды(?![а-яё])", re.IGNORECASE), "3 раза"),
    (re.compile(r"(?<![а-яё])ежедн(?:\.|(?![а-яё]))", re.IGNORECASE), "ежедневно"),
    # «в течение года, включая летний период», «в течение учебного года и летних каникул»: the whole school year,
    # which holds the summer (not the summer alone)
    (
        re.compile(
            r"(?<![а-яё])(в\s+течени[еи]\s+(?:всего\s+)?(?:учебного\s+|уч\.\s*)?года)\s*,?\s*\(?\s*(?:включая|в\s+том\s+числе|и)"
            r"\s+(?:в\s+)?летн[а-яё]*\s+(?:период|каникул)[а-яё]*\s*\)?",
            re.IGNORECASE,
        ),
        _whole_year,  # «в течение года»: not the teaching months «ежемесячно в течение учебного года» keeps
    ),
    # «III/IV четверть», «I/II полугодие»: both periods, as «III, IV четверть»
    (
        re.compile(
            r"(?<![\d./a-zа-яё])([1-4]|i{1,3}|iv)\s*/\s*([1-4]|i{1,3}|iv)"
            r"(?=\s*(?:-?\s*[а-яё]{1,3}\s+|\s)(?:четверт|полугод|триместр|квартал|кв\.))",
            re.IGNORECASE,
        ),
        r"\1, \2",
    ),
    # «посл. неделя мая», «в посл. рабочий день месяца»: «последн…» as the parts of a period are read
    (re.compile(r"(?<![а-яё])посл\.\s*(?=(?:недел|декад))", re.IGNORECASE), "последняя "),
    (re.compile(r"(?<![а-яё])посл\.\s*(?=(?:день|рабоч|учебн|месяц))", re.IGNORECASE), "последний "),
    (re.compile(r"(?<![а-яё])посл\.\s*(?=(?:дн|числ|\d))", re.IGNORECASE), "последние "),
    # «2 раза в уч. год»: the school year, as «2 раза в учебный год»
    (re.compile(r"(?<=в\s)уч\.?\s*год(?![а-яё])", re.IGNORECASE), "учебный год"),
    # «по итогам уч. года», «по итогам уч.г.»: as «по итогам учебного года»
    (
        re.compile(r"(?<![а-яё])((?:итогам|результатам)\s+)уч\.?\s*(?:года|г(?![а-яё])\.?)", re.IGNORECASE),
        r"\1учебного года",
    ),
    # «до 5 числа след. месяца», «месяца, след. за отчетным»
    (re.compile(r"(?<![а-яё])след\.\s*(?=месяц|за(?![а-яё]))", re.IGNORECASE), "следующего "),
    # «за 10 дн. до …», «3 раб. дня», «5 раб. дн.»: the units of an offset
    (re.compile(r"(?<![а-яё])раб\.\s*(?=дн|день)", re.IGNORECASE), "рабочих "),
    # «10 календ. дней», «10 кал. дн.»: calendar days cut short
    (re.compile(r"(?<![а-яё])(?:календ|кал)\.\s*(?=дн|день)", re.IGNORECASE), "календарных "),
    (
        re.compile(
            r"(?<=\d)(\s*-?\s*(?:х|ти|ми)?\s+(?:рабочих\s+|календарных\s+|календ\.?\s+)?)дн\.(?![а-яё])", re.IGNORECASE
        ),
        r"\1дней",
    ),
    # «не позднее, чем 25 декабря», «не позже чем 25.12.2024»: «не позднее 25 декабря» («… чем за 10 дней» is an offset)
    (re.compile(r"(?<![а-яё])(не\s+(?:позднее|позже|ранее))\s*,?\s*чем\s+(?=\d)", re.IGNORECASE), r"\1 "),
    # «новогодние каникулы» are the winter ones; «к новогодним праздникам» is «к Новому году»
    (re.compile(r"(?<![а-яё])новогодн(?=[а-яё]*\s+каникул)", re.IGNORECASE), "зимн"),
    (re.compile(r"(?<![а-яё])(ко?\s+)новогодн[а-яё]*\s+праздник[а-яё]*", re.IGNORECASE), r"\1Новому году"),
    (re.compile(r"(?<![а-яё])(перед\s+)новогодн[а-яё]*\s+праздник[а-яё]*", re.IGNORECASE), r"\1Новым годом"),
    (re.compile(r"(?<![а-яё])((?:до|накануне)\s+)новогодн[а-яё]*\s+праздник[а-яё]*", re.IGNORECASE), r"\1Нового года"),
    # «с 1-го по 15-е сентября»: the ending of the first day of a range, as the second's is dropped before its month
    (
        re.compile(
            r"(?<![\d.])(\d{1,2})\s*-\s*(?:го|е|ое|ого)(?=\s*(?:по|до|[-–—])\s*\d{1,2}(?:\s*-\s*(?:го|е|ое|ого))?\s+(?:"
            + "|".join(MONTHS_GENITIVE)
            + r")(?![а-яё]))",
            re.IGNORECASE,
        ),
        r"\1",
    ),
)
# «по семестрам», «1 раз в семестр», «II семестр»: a school's semester is its half-year
_SEMESTER = re.compile(r"(?<![а-яё])семестр(ы|ов|ам|ах|ом|у|е|а)?(?![а-яё])", re.IGNORECASE)
_HALF_YEAR_FORMS = {"": "полугодие", "а": "полугодия", "у": "полугодию", "е": "полугодии", "ом": "полугодием"}
_HALF_YEAR_FORMS |= {"ы": "полугодия", "ов": "полугодий", "ам": "полугодиям", "ах": "полугодиях"}


# «ежеквартально (в течение месяца, следующего за отчетным кварталом)»: the month after each, as «в течение месяца
# после окончания квартала»
_MONTH_AFTER_REPORT = re.compile(
    r"(?P<open>\(\s*)?(?<![а-яё])в\s+течение\s+месяца\s*,?\s+следующ[а-яё]*\s+за\s+отч[её]тн[а-яё]*"
    r"(?:\s+(?P<unit>квартал|месяц))?[а-яё]*(?(open)\s*\))",
    re.IGNORECASE,
)


def _month_after_report(match: re.Match[str]) -> str:
    """The month after the period reported on: a quarter's or a month's, as written or as the text's recurrence
    implies."""
    written = match.group("unit")
    unit = written.lower() if written else "квартал" if re.search("кварт", match.string, re.IGNORECASE) else "месяц"
    return f"{', ' if match.group('open') else ''}в течение месяца после окончания {unit}а"


def _semester(match: re.Match[str]) -> str:
    return _HALF_YEAR_FORMS[(match.group(1) or "").lower()]


# «август, до 25 числа», «май 2025 (до 20-го числа)»: one month named, then the day it is due by (no recurrence
# written: «ежемесячно, до 25 числа» is each month's)
_MONTH_THEN_DAY = re.compile(
    r"(?<![а-яё])(?P<month>"
    + "|".join(MONTHS_NOMINATIVE)
    + r")(?P<year>\s+(?:19|20)\d\d(?:\s*(?:г\.?|года?)(?![а-яё]))?)?"
    r"\s*[,(:–—-]?\s*(?P<by>до|к|не\s+позднее)\s+(?P<day>\d{1,2})\s*(?:-?\s*(?:го|ого|му|ому)\s*)?\s+числ[а-яё]*\s*\)?",
    re.IGNORECASE,
)
_RECURRING_WORDS = re.compile(r"ежем|ежекв|ежег|ежен|месяц|кажд|раз(?:а)?\s|квартал|четверт|полугод", re.IGNORECASE)


def _month_then_day(match: re.Match[str]) -> str:
    if _RECURRING_WORDS.search(match.string):
        return match.group(0)
    month = MONTHS_GENITIVE[MONTHS_NOMINATIVE.index(match.group("month").lower())]
    return f"{match.group('by')} {match.group('day')} {month}{match.group('year') or ''}"


# «через неделю по пятницам», «по средам через неделю»: every other week on that day
_WEEKDAY_STEM = r"(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)[а-яё]*"
_OTHER_WEEK = re.compile(
    r"(?<![а-яё])через\s+(?:одну\s+)?неделю(?=\s*,?\s*(?:по|в|во)\s+" + _WEEKDAY_STEM + r")"
    r"|(?<![а-яё])(?P<day>(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)ам)\s*,?\s*через\s+"
    r"(?:одну\s+)?неделю(?![а-яё])",
    re.IGNORECASE,
)


def _other_week(match: re.Match[str]) -> str:
    return f"{match.group('day')}, 1 раз в 2 недели" if match.group("day") else "1 раз в 2 недели"


# «сентябрь 2024 и далее», «2024 г. и далее»: the date, then on to the plan's end, as «…, далее постоянно»
_AND_ON = re.compile(r"(?<=[\wа-яё.)])\s*,?\s*(?:и\s+)?далее\s*[.;]?\s*$", re.IGNORECASE)
_DATED_BEFORE = re.compile(r"\d|" + "|".join(MONTHS_NOMINATIVE), re.IGNORECASE)


_OPEN_START = re.compile(r"(?<![а-яё])(?:с|со|начиная)\s", re.IGNORECASE)


def _and_on(match: re.Match[str]) -> str:
    """«сентябрь 2024 и далее» → «сентябрь 2024, далее постоянно»; «с 2024 г. и далее» already runs on: unchanged."""
    head = match.string[: match.start()]
    return ", далее постоянно" if _DATED_BEFORE.search(head) and not _OPEN_START.search(head) else match.group(0)


# «15/09/2024», «15/09/24», «15,09,2024» (a comma only with a four-digit year: «10,11,12 октября» are days)
_SLASHED_DATE = re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})/((?:19|20)?\d{2})(?![\d/])")
# «30 09 2024» typed on a phone with spaces for the dots (a two-digit month, a four-digit year); «15/10» a day and a
# two-digit month with no year («1/2 ставки», «24/25 уч. г.» are neither)
_SPACED_DATE = re.compile(r"(?<![\d/.,])(?<!\d\s)(\d{1,2})\s(0[1-9]|1[0-2])\s((?:19|20)\d{2})(?![\d/.,]|\s\d)")
_SLASHED_DAY = re.compile(r"(?<![\d/.,])(\d{1,2})/(0[1-9]|1[0-2])(?![\d/.,])")
# «к началу уч года», «2024-25 уч г»: «уч» typed without its dot, as «уч. года» is read
_SCHOOL_SHORT_UNDOTTED = re.compile(r"(?<![а-яё])уч(?=\s+(?:год[а-яё]*|г)(?![а-яё]))", re.IGNORECASE)
# «25-12-2024»: a date with hyphens for its dots (a month number first; «09-12.2024» is a range of months)
_HYPHEN_DATE = re.compile(r"(?<![\d/.,-])(\d{1,2})-(0?[1-9]|1[0-2])-((?:19|20)\d{2})(?![\d/.-])")
# (also a comma for one of the dots: «25,12.2024», «25.12,2024»)
_COMMA_DATE = re.compile(r"(?<![\d/.,])(\d{1,2})[,.](\d{1,2})[,.]((?:19|20)\d{2})(?![\d,])")
# «к новому учебному году» as the whole text: by its start, as «к началу нового учебного года» (not «подготовка к
# новому учебному году» beside a month)
_NEW_SCHOOL_YEAR = re.compile(
    r"^\W*(?P<by>к|ко|до)\s+(?:нов|следующ|предстоящ|очередн)[а-яё]+\s+уч(?:ебн[а-яё]*|\.)\s*год[а-яё]*\W*$",
    re.IGNORECASE,
)
# «(пн, ср, пт)»: days of the week abbreviated in a list
_WEEKDAY_SHORT = {
    **{"пн": "понедельник", "вт": "вторник", "ср": "среда", "чт": "четверг", "пт": "пятница"},
    **{"сб": "суббота", "вс": "воскресенье"},
}
_WEEKDAY_LIST = re.compile(
    r"(?<![а-яё])(пн|вт|ср|чт|пт|сб|вс)\.?(?=\s*(?:,|и\s)\s*(?:пн|вт|ср|чт|пт|сб|вс)(?![а-яё])|\s*\))"
    r"|(?<=,|\s)(пн|вт|ср|чт|пт|сб|вс)\.?(?=\s*(?:\)|$))",
    re.IGNORECASE,
)


def _weekday(match: re.Match[str]) -> str:
    return _WEEKDAY_SHORT[(match.group(1) or match.group(2)).lower()]


# «еженедельно по пн.»: «по понедельникам»; in a weekly text «до пятницы», «к среде» is that day of each week
_WEEKDAYS_DATIVE = {
    **{"пн": "понедельникам", "вт": "вторникам", "ср": "средам", "чт": "четвергам", "пт": "пятницам"},
    **{"сб": "субботам", "вс": "воскресеньям"},
}
_ON_SHORT_WEEKDAY = re.compile(r"(?<![а-яё])по\s+(пн|вт|ср|чт|пт|сб|вс)(?:\.|(?![а-яё]))", re.IGNORECASE)
_SHORT_OF_STEM = {"понедельник": "пн", "вторник": "вт", "сред": "ср", "четверг": "чт", "пятниц": "пт", "суббот": "сб"}
_BY_WEEKDAY = re.compile(
    r"(?<![а-яё])(?:до|к|ко|не\s+позднее|не\s+позже)\s+(понедельник|вторник|сред|четверг|пятниц|суббот)(?:а|у|ы|е)(?![а-яё])",
    re.IGNORECASE,
)
_WEEKLY = re.compile(r"еженедельн|кажд[а-яё]*\s+недел|раз\s+в\s+недел", re.IGNORECASE)


def _on_short_weekday(match: re.Match[str]) -> str:
    return f"по {_WEEKDAYS_DATIVE[match.group(1).lower()]}"


_WEEKDAYS_ACCUSATIVE = {"вторник": "вторник", "сред": "среду", "четверг": "четверг", "пятниц": "пятницу"} | {
    "суббот": "субботу"
}


def _by_weekday(match: re.Match[str]) -> str:
    """In a weekly text «до пятницы» is each week's Monday to Friday («до понедельника» each Monday)."""
    if not _WEEKLY.search(match.string):
        return match.group(0)
    stem = match.group(1).lower()
    if stem == "понедельник":
        return "по понедельникам"
    return f"с понедельника по {_WEEKDAYS_ACCUSATIVE[stem]}"


# «сентябрь 2024, 2025, 2026 гг.», «до 1 июня 2025, 2026 гг.»: the month (or day) in each year listed after it
_MONTH = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-яё]*\.?"
_YEAR_WORD = r"(?:\s*(?:гг?\.?|год[а-яё]*)(?![а-яё]))?"
_MONTH_IN_YEARS = re.compile(
    r"(?<![а-яё])(?P<months>(?:(?<![\d.])\d{1,2}\s+)?" + _MONTH + r"(?:\s*[-–—]\s*" + _MONTH + r")?)\s*,?\s*"
    + r"(?P<first>(?:19|20)\d\d)" + _YEAR_WORD
    + r"(?P<more>(?:\s*(?:,|и)\s*(?:19|20)\d\d" + _YEAR_WORD + r")+)(?!\s*[-–—./\d])",
    re.IGNORECASE,
)  # fmt: skip
_YEAR = re.compile(r"(?:19|20)\d\d")
# «Сентябрь\n2024 г.», «до 25 декабря\n2024 года»: a cell's line wrapped between a month and its year (new lines
# otherwise part a list)
_WRAPPED_YEAR = re.compile(
    r"(?<![а-яё])(" + _MONTH + r")[ \t\u00a0]*\r?\n\s*(?=(?:19|20)\d\d(?!\d)\s*(?:гг?\.?|год[а-яё]*)?(?![а-яё\d]))",
    re.IGNORECASE,
)
# «сен-\nтябрь», «ежеме-\nсячно», «до 25.12.\n2024»: a word or a date broken by a cell's line (a dash at a line's end
# between two words of their own, «сентябрь-\nоктябрь», stays a dash)
_BROKEN_WORD = re.compile(r"(?<![а-яё])([а-яё]+)-[ \t\u00a0]*\r?\n\s*([а-яё]+)", re.IGNORECASE)
_MONTH_FORM = re.compile(_MONTH, re.IGNORECASE)
_WHOLE_WORD = re.compile(
    _MONTH + r"|еже[а-яё]+|течени[еия]|четверт[а-яё]*|полугоди[а-яё]*|учебн[а-яё]+|квартал[а-яё]*|недел[а-яё]+"
    r"|месяц[а-яё]*|постоянн[а-яё]*|необходимост[а-яё]*|триместр[а-яё]*",
    re.IGNORECASE,
)
_BROKEN_DATE = re.compile(r"(?<![\d.])(\d{1,2}\.\d{1,2}\.)[ \t\u00a0]*\r?\n\s*((?:19|20)\d\d)(?!\d)")


def _broken_word(match: re.Match[str]) -> str:
    first, second = match.group(1), match.group(2)
    joined = first + second
    whole = _WHOLE_WORD.fullmatch(joined) and not _MONTH_FORM.fullmatch(first) and not _WHOLE_WORD.fullmatch(second)
    return joined if whole else match.group(0)


# «до 05.10.2024 (по состоянию на 20.09.2024)»: the day the data are taken on, beside the deadline, is no deadline
_AS_OF = re.compile(
    r"\s*[(,;]?\s*по\s+(?:состоянию|сост\.?)\s+на\s+(?:\d{1,2}\.\d{1,2}(?:\.(?:19|20)?\d\d)?(?![\d.])(?:\s*г\.?)?"
    r"|\d{1,2}\s+" + _MONTH + r"(?:\s+(?:19|20)\d\d(?:\s*г\.?|\s+года)?)?)\s*\)?",
    re.IGNORECASE,
)


def _as_of(match: re.Match[str]) -> str:
    rest = match.string[: match.start()] + " " + match.string[match.end() :]
    return " " if _DATED.search(rest) else match.group(0)


# «октябрь, до 25.10.2024», «май 2025: до 20 мая»: one month, then the day in it it is due by, as in brackets
_MONTH_THEN_DEADLINE = re.compile(
    r"^\W*(?P<month>" + _MONTH + r"(?:\s+(?:19|20)\d\d\s*(?:г\.?|года)?)?)\s*[,:]\s*"
    r"(?P<by>(?:до|к|не\s+позднее)\s+\d{1,2}(?:\.\d{1,2}(?:\.(?:19|20)?\d\d)?|\s+" + _MONTH + r"(?:\s+(?:19|20)\d\d)?)"
    r"(?:\s*г\.?|\s+года)?)\s*[.;]?\s*$",
    re.IGNORECASE,
)


_BY_BEFORE = re.compile(r"(?<![а-яё])(?:до|не\s+позднее|не\s+позже|к)\s+$", re.IGNORECASE)


def _month_in_years(match: re.Match[str]) -> str:
    """«сентябрь 2024, 2025 гг.» → «сентябрь 2024, сентябрь 2025»; «до 1 июня 2025, 2026» → «до 1 июня 2025, до 1
    июня 2026»."""
    months = match.group("months")
    years = [match.group("first"), *_YEAR.findall(match.group("more"))]
    by = _BY_BEFORE.search(match.string[: match.start()])
    joiner = f", {by.group(0)}" if by is not None else ", "
    return joiner.join(f"{months} {year}" for year in years)


# «в первую неделю учебного года», «первые две недели уч. года»: of September; «первый месяц» is September
_FIRST_OF_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])(?P<part>(?:перв|последн)[а-яё]*\s+(?:(?:\d{1,2}|дв[а-яё]*|тр[а-яё]*)\s+)?(?P<unit>месяц|недел|дн|дня|день|декад)[а-яё]*)"
    r"\s+(?:текущего\s+)?уч(?:ебн[а-яё]*|\.)\s*(?:года|г\.)",
    re.IGNORECASE,
)  # fmt: skip
# «1-2 недели сентября»: the first two weeks of it; «2-3 декада мая» its days from the 11th
_WEEKS_OF_MONTH = re.compile(
    r"(?<![\d.])(?P<first>[1-4])\s*[-–—]\s*(?P<last>[1-4])\s*(?:-?[а-яё]{1,3}\s+)?(?P<unit>недел|декад)[а-яё]*\s+"
    r"(?P<month>" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё])",
    re.IGNORECASE,
)


# «в течение первой учебной недели», «последняя учебная неделя», «в первый учебный день»: of the school year, as
# «первая неделя учебного года»; «первая учебная неделя сентября» is that month's first week. Only where the phrase
# ends: «последний учебный день четверти» is the term's (`_SCHOOL_DAY`).
_SCHOOL_UNIT = re.compile(
    r"(?<![а-яё])(?P<part>(?:перв|последн)[а-яё]*\s+(?:(?:\d{1,2}|дв[а-яё]*|тр[а-яё]*)\s+)?)учебн[а-яё]*\s+"
    r"(?P<unit>(?:недел|месяц|дн|дня|день|декад)[а-яё]*)"
    r"(?P<month>\s+(?:" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё]))?(?=\s*(?:$|[,;.]))",
    re.IGNORECASE,
)


# «по итогам триместров», «в конце триместров»: each trimester's, as «четвертей» are read («по итогам I, II
# триместров» names them and is left as it is)
_EACH_TRIMESTER = re.compile(
    r"(?<![а-яё])(?P<edge>итогам|окончани[ия]|завершени[ия]|конце|начале|середине)\s+триместров(?![а-яё])",
    re.IGNORECASE,
)


def _school_unit(match: re.Match[str]) -> str:
    of = match.group("month") or " учебного года"
    return f"{match.group('part')}{match.group('unit')}{of}"


def _first_of_school_year(match: re.Match[str]) -> str:
    part, unit = match.group("part"), match.group("unit").lower()
    first = part.lower().startswith("перв")
    if unit == "месяц":
        return "сентябрь" if first else "май"
    return f"{part} {'сентября' if first else 'мая'}"


# «ежемесячно, 1-2 неделя», «3-4 неделя каждого месяца», «ежемесячно (2-3 декада)»: those days of each month, as
# «с 1 по 14 число» (a monthly text only: a term's weeks are not a month's days)
_WEEKS_OF_EACH_MONTH = re.compile(
    r"(?<![\d.])(?P<first>[1-4])\s*[-–—]\s*(?P<last>[1-4])\s*(?:-?[а-яё]{1,3}\s+)?(?P<unit>недел|декад)[а-яё]*"
    r"(?!\s+(?:" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё]))(?!\s+(?:после|до|с|со|от|по)(?![а-яё]))",
    re.IGNORECASE,
)
_MONTHLY_TEXT = re.compile(r"ежемесячн|месяц", re.IGNORECASE)
_LENGTH_BEFORE = re.compile(r"(?<![а-яё])(?:течени[еия]|за|через|позднее|позже|около|не\s+более)\s*$", re.IGNORECASE)


def _weeks_of_each_month(match: re.Match[str]) -> str:
    first, last, weeks = int(match.group("first")), int(match.group("last")), match.group("unit").lower() == "недел"
    if first >= last or (not weeks and last > 3) or not _MONTHLY_TEXT.search(match.string):
        return match.group(0)
    if _LENGTH_BEFORE.search(match.string[: match.start()]):  # «в течение 1-2 недель после …»: a length
        return match.group(0)
    if weeks:
        return f"с {(first - 1) * 7 + 1} по {last * 7} число"
    return f"с {(first - 1) * 10 + 1} по {31 if last == 3 else last * 10} число"


def _weeks_of_month(match: re.Match[str]) -> str:
    first, last, month = int(match.group("first")), int(match.group("last")), match.group("month")
    if first >= last:
        return match.group(0)
    if match.group("unit").lower() == "недел":
        return f"с {(first - 1) * 7 + 1} по {last * 7} {month}"
    if last > 3:  # «3-4 декада»: a month has three
        return match.group(0)
    days = calendar.monthrange(2001, MONTHS_GENITIVE.index(month.lower()) + 1)[1]  # a year of 365 days, as `months`
    return f"с {(first - 1) * 10 + 1} по {days if last == 3 else last * 10} {month}"


# «после окончания учебного года»: after lessons end in May, June
_AFTER_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])после\s+(?:окончания|завершения)\s+(?:текущего\s+)?уч(?:ебн[а-яё]*|\.)\s*(?:года|г\.)", re.IGNORECASE
)


def _after_school_year(match: re.Match[str]) -> str:
    """«после окончания учебного года» → «июнь»; after a length («в течение 2 недель после …», «через 10 дней после
    …») as written: a time counted from its end (`offsets`)."""
    return match.group(0) if _OFFSET_UNIT_BEFORE.search(match.string[: match.start()]) else "июнь"


# «до 1 сентября 2025 (до начала нового учебного года)», «май (конец учебного года)»: an aside naming the start or
# the end of a school year beside a written date or month says why, not when
_BOUNDARY_ASIDE = re.compile(
    r"\s*\(\s*(?:к|ко|до|в|на|по|после)?\s*(?:начал|конц|конец|окончани|завершени|середин)[а-яё]*\s+"
    r"(?:(?:нов|следующ|текущ|очередн)[а-яё]+\s+)?уч(?:ебн[а-яё]*|\.)\s*(?:года|г\.?)\s*\)",
    re.IGNORECASE,
)
_DATED = re.compile(r"\d|" + _MONTH, re.IGNORECASE)
# «январь 2025 г. (по итогам 2024 года)», «июнь 2025 (по итогам 2024-2025 уч. г.)»: the year reported on, beside
# the month it is reported in
_RESULTS_ASIDE = re.compile(
    r"\s*\(\s*(?:[а-яё]+\s+){0,3}(?:по\s+итогам|за)\s+[^()]*?(?:19|20)\d\d[^()]*\)", re.IGNORECASE
)


_TIMES_COUNT = re.compile(r"\d+\s*(?:-?\s*х\s*)?раз", re.IGNORECASE)  # «1 раз в год»: a count, not a date


def _boundary_aside(match: re.Match[str]) -> str:
    return " " if _DATED.search(_TIMES_COUNT.sub(" ", match.string[: match.start()])) else match.group(0)


# «2024-09-01», «2024.09.01»: a date written year first
_ISO_DATE = re.compile(r"(?<![\d.\-/])((?:19|20)\d\d)([-.])(\d{1,2})\2(\d{1,2})(?![\d.\-/])")
# «12.2024», «10/2024», «09.2024-05.2025», «XII.2024»: a month and its year
_MONTH_OF_YEAR = re.compile(r"(?<![\d.,/])(\d{1,2})[./]((?:19|20)\d\d)(?![\d./])")
# «2024.10»: the year first, then the month
_YEAR_OF_MONTH = re.compile(r"(?<![\d.,/])((?:19|20)\d\d)\.(\d{1,2})(?![\d.])")
_ROMAN_MONTHS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")
_ROMAN_MONTH_OF_YEAR = re.compile(r"(?<![a-zа-яё\d])([ivx]{1,4})\.((?:19|20)\d\d)(?![\d.])", re.IGNORECASE)
# «по 31.05.2025», «с даты приказа по 31.12.2024»: until that day, as «до», unless a date written after «с» starts it
_UNTIL = re.compile(r"(?<![а-яё])по\s+(?=\d{1,2}\.\d{1,2}|\d{1,2}\s+(?:[а-яё]+\s+)?" + _MONTH + ")", re.IGNORECASE)
_FROM_DATE = re.compile(r"(?<![а-яё])(?:с|со|от)\s+(?:\d|" + _MONTH + ")", re.IGNORECASE)


# «сентябрь – по 15 октября», «01.09.2024 - до 15.10.2024»: a dash from a month or a date is a range to that day
_DASH_UNTIL = re.compile(
    r"(?<=[\d.а-яё])(?P<dash>\s*[-–—]\s*)(?:по|до)\s+(?=\d{1,2}(?:\.\d{1,2}|\s+[а-яё]))",
    re.IGNORECASE,
)
_ENDS_WITH_DATE = re.compile(
    r"(?:\d{1,2}\.\d{1,2}(?:\.\d{2,4})?|" + _MONTH + r"(?:\s+(?:19|20)\d\d)?)\s*$", re.IGNORECASE
)


def _dash_until(match: re.Match[str]) -> str:
    head = match.string[: match.start()]
    if not _ENDS_WITH_DATE.search(head) or re.search(r"(?<![а-яё])до\s+[^;,]*$", head, re.IGNORECASE):
        return match.group(0)
    return " - "


# «по 2027 год», «по 2026 г. включительно»: through that year, as «до 31.12.2027» (not «с 2024 по 2026 год»)
_UNTIL_YEAR = re.compile(r"(?<![а-яё])по\s+(?P<year>(?:19|20)\d\d)\s*(?:год(?:а|у)?|г\.?)(?![а-яё\d])", re.IGNORECASE)
_FROM_YEAR = re.compile(r"(?<![а-яё])(?:с|со|от)\s+(?:\d|" + _MONTH + ")", re.IGNORECASE)


def _until_year(match: re.Match[str]) -> str:
    if _FROM_YEAR.search(match.string[: match.start()]):
        return match.group(0)
    return f"до 31.12.{match.group('year')}"


def _until(match: re.Match[str]) -> str:
    return match.group(0) if _FROM_DATE.search(match.string[: match.start()]) else "до "


# «в начале и в конце учебного года»: both its first and its last month of lessons
_START_AND_END = re.compile(
    r"(?<![а-яё])(?:(?:в|на)\s+)?начал[а-яё]*\s+и\s+(?:(?:в|на)\s+)?(?:конц[а-яё]*|конец|окончани[а-яё]*)\s+(?:уч[а-яё]*\.?\s*)?года",
    re.IGNORECASE,
)
# «в начале, середине и конце учебного года», «в середине и в конце учебного года»: September, January and May
_EDGE_WORD = r"(?:(?:в|на)\s+)?(?:начал|середин|конц|конец|окончани)[а-яё]*"
_EDGES_OF_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])(?P<edges>"
    + _EDGE_WORD
    + r"(?:\s*(?:,|и)\s*"
    + _EDGE_WORD
    + r")+)\s+(?P<year>(?:19|20)\d\d\s*[-–/]\s*(?:19|20)\d\d\s+)?(?:уч[а-яё]*\.?\s*)?года(?![а-яё])",
    re.IGNORECASE,
)
_EDGE_MONTHS_OF_YEAR = (("начал", "сентябрь"), ("середин", "январь"), ("кон", "май"), ("окончани", "май"))


def _edges_of_school_year(match: re.Match[str]) -> str:
    words = re.findall(r"(?:начал|середин|конц|конец|окончани)", match.group("edges"), re.IGNORECASE)
    months = [next(month for stem, month in _EDGE_MONTHS_OF_YEAR if word.lower().startswith(stem)) for word in words]
    year = match.group("year")  # «на начало и конец 2024-2025 учебного года»: the months of that school year
    edges = ", ".join(dict.fromkeys(months))
    return f"{edges} ({'-'.join(_YEAR.findall(year))})" if year else edges


# «до 25-го мая», «25-е сентября», «до 20-го янв.»: the ending of an ordinal day before its month (or its abbreviation);
# typed without the hyphen too («до 1го сентября», «к 1му сентября», «до 1 ого сентября»)
_ORDINAL_DAY = re.compile(r"(?<![\d.])(\d{1,2})\s*-?\s*(?:го|е|ое|ого|му|ому)\s+([а-яё]+)(?![а-яё])", re.IGNORECASE)


def _ordinal_day(match: re.Match[str]) -> str:
    month = match.group(2)
    if month.lower() not in MONTHS_GENITIVE and not month_abbreviation(month.lower()):
        return match.group(0)
    return f"{match.group(1)} {month}"


# «до первого сентября», «к пятнадцатому октября»: a day written as an ordinal word
_DAY_WORDS = {
    **{"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8, "девят": 9},
    **{"десят": 10, "пятнадцат": 15, "двадцат": 20, "двадцать пят": 25, "тридцат": 30, "тридцать перв": 31},
}
_DAY_WORD = re.compile(
    r"(?<![а-яё])(" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + r")(?:ого|его|ому|ему|ое|ье)\s+("
    + "|".join(MONTHS_GENITIVE) + r"|числ[а-яё]*)(?![а-яё])",
    re.IGNORECASE,
)  # fmt: skip


# «с первого по десятое сентября»: both days of a range written as ordinal words
_DAY_WORDS_FROM_TO = re.compile(
    r"(?<![а-яё])с\s+(" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + r")(?:ого|его)\s+по\s+("
    + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + r")(?:ое|ье|ого|его)\s+(?=" + "|".join(MONTHS_GENITIVE)
    + r")",
    re.IGNORECASE,
)  # fmt: skip


def _day_words_from_to(match: re.Match[str]) -> str:
    first, last = (_DAY_WORDS[" ".join(match.group(n).lower().split())] for n in (1, 2))
    return f"с {first} по {last} "


def _day_word(match: re.Match[str]) -> str:
    return f"{_DAY_WORDS[' '.join(match.group(1).lower().split())]} {match.group(2)}"


# «каждое 25 число месяца», «каждого 1 числа»: that day of each month, as «25 числа каждого месяца»
_EACH_DAY_NUMBER = re.compile(
    r"(?<![а-яё])кажд(?:ое|ого)\s+(\d{1,2})(?:\s*-?\s*(?:е|го|ое|ого))?\s+числ[а-яё]*"
    r"(?:\s+(?:кажд[а-яё]*\s+)?месяц[а-яё]*)?",
    re.IGNORECASE,
)
# «к 25 числу», «к 25-му числу»: by that day, as «до 25 числа»
_BY_DAY_NUMBER = re.compile(r"(?<![а-яё])ко?\s+(\d{1,2})(?:\s*-?\s*(?:му|ому|ое|е))?\s+числу(?![а-яё])", re.IGNORECASE)
# «до 25-го», «не позднее 5-го» with no month after: the day of the month, as «до 25 числа»
_BY_ORDINAL_DAY = re.compile(
    r"(?<![а-яё])(до|не\s+позднее|не\s+позже)\s+(\d{1,2})\s*-?\s*(?:го|ого)(?!\s*(?:[а-яё\d]|\.\d))", re.IGNORECASE
)
# «ежемесячно, до 25»: in a monthly text a bare number after «до» is the day of the month
_MONTHLY = re.compile(r"ежемесячн|кажд[а-яё]*\s+месяц", re.IGNORECASE)
_BY_BARE_DAY = re.compile(
    r"(?<![а-яё])(до|не\s+позднее|не\s+позже|к)\s+(\d{1,2})(?=\s*(?:[,;)]|\.(?!\d)|$))", re.IGNORECASE
)
# «ежемесячно 25-го»: in a monthly text an ordinal day alone is the day of the month
_ORDINAL_DAY_ALONE = re.compile(r"(?<![\d.])(\d{1,2})\s*-\s*(?:го|ого)(?!\s*(?:[а-яё\d]|\.\d))", re.IGNORECASE)


# «ежемесячно 1-5 числа», «20-25 число каждого месяца», in a monthly text «ежемесячно (с 20 по 25)»: those days of
# each month, as «с 1 по 5 число»
_DAYS_DASHED = re.compile(  # an «с» before is the range's own («с 1-10 числа»)
    r"(?<![\d.,/])(?:(?<![а-яё])с\s+)?(?P<first>\d{1,2})\s*[-–—]\s*(?P<last>\d{1,2})\s*(?:-?\s*(?:е|го|ое|ого)\s*)?\s+числ[а-яё]*",
    re.IGNORECASE,
)
_DAYS_BARE = re.compile(r"(?<![а-яё])с\s+(\d{1,2})\s+по\s+(\d{1,2})(?=\s*(?:[),;]|\.(?!\d)|$))", re.IGNORECASE)


def _days_dashed(match: re.Match[str]) -> str:
    first, last = int(match.group("first")), int(match.group("last"))
    if not 1 <= first < last <= 31:
        return match.group(0)
    return f"с {first} по {last} число"


def _days_bare(match: re.Match[str]) -> str:
    first, last = int(match.group(1)), int(match.group(2))
    if not _MONTHLY.search(match.string) or not 1 <= first < last <= 31:
        return match.group(0)
    return f"с {first} по {last} число"


def _by_bare_day(match: re.Match[str]) -> str:
    if not _MONTHLY.search(match.string) or not 1 <= int(match.group(2)) <= 31:
        return match.group(0)
    return f"{match.group(1)} {match.group(2)} числа"


def _ordinal_day_alone(match: re.Match[str]) -> str:
    if not _MONTHLY.search(match.string) or not 1 <= int(match.group(1)) <= 31:
        return match.group(0)
    return f"{match.group(1)} числа"


# «в последних числах августа», «в первых числах сентября»: the end (start) of the month, as «в конце августа»;
# «до последнего числа месяца» by its end
_EDGE_DAYS = re.compile(
    r"(?<![а-яё])(?P<by>до\s+|к\s+)?(?:в\s+)?(?P<which>перв(?:ых|ые)|последн(?:их|ие|его|ее))\s+числ[а-яё]*",
    re.IGNORECASE,
)


def _edge_days(match: re.Match[str]) -> str:
    first = match.group("which").lower().startswith("перв")
    if match.group("by"):
        return "до начала" if first else "до конца"
    return "в начале" if first else "в конце"


# «ежеквартально, в последний месяц квартала», «в первый месяц каждой четверти»: those months of each quarter or
# term, as «ежеквартально (март, июнь, сентябрь, декабрь)» is read (not «до 25 числа последнего месяца квартала»)
_MONTH_OF_EACH = re.compile(
    r"(?<![а-яё])(?:(?:в|во)\s+)?(?:(?:течение\s+)?(?P<which>перв|последн)(?:ый|ий|ом|ем)\s+месяц[е]?"
    r"|течение\s+(?P<within>перв|последн)(?:ого|его)\s+месяца)\s+(?P<each>кажд[а-яё]+\s+)?(?P<unit>квартал|четверт)[а-яё]*",
    re.IGNORECASE,
)
_EDGE_MONTHS = {
    ("перв", "квартал"): "январь, апрель, июль, октябрь",
    ("последн", "квартал"): "март, июнь, сентябрь, декабрь",
    ("перв", "четверт"): "сентябрь, ноябрь, январь, апрель",
    ("последн", "четверт"): "октябрь, декабрь, март, май",
}
_QUARTERLY_WORDS = re.compile(
    r"ежекварт|кажд[а-яё]*\s+(?:квартал|четверт)|раза?\s+в\s+(?:квартал|четверт)", re.IGNORECASE
)


def _month_of_each(match: re.Match[str]) -> str:
    unit = match.group("unit").lower()
    months = _EDGE_MONTHS[((match.group("which") or match.group("within")).lower(), unit)]
    rest = match.string[: match.start()] + match.string[match.end() :]
    if _QUARTERLY_WORDS.search(rest):
        return f"({months})"
    return f"{'ежеквартально' if unit == 'квартал' else 'каждую четверть'} ({months})"


# «I полугодие – декабрь», «по итогам 1 четверти: ноябрь», «по итогам года – июнь»: the month after a dash names
# when the period's report is due, as a month in brackets after it does («по итогам I полугодия (январь)»)
_PERIOD_THEN_MONTH = re.compile(
    r"(?<![а-яёa-z\d.])(?:по\s+итогам\s+)?"
    r"(?:(?:[IVX]+|[1-4])\s*(?:-?\s*[а-яё]{1,3}\s+)?|(?:перв|втор|трет|четверт)[а-яё]+\s+)"
    r"(?:(?:полугоди|четверт|триместр|квартал)[а-яё]*|кв\.?)\s*[-–—:]\s*"
    r"(?=(?:(?:до|не\s+позднее|не\s+позже|к)\s+)?(?:(?:\d{1,2}\s+)?" + _MONTH + r"(?![а-яё])|\d{1,2}\.\d{1,2}))",
    re.IGNORECASE,
)
_RESULTS_OF_YEAR_THEN_MONTH = re.compile(
    r"(?<![а-яё])по\s+итогам\s+(?:учебного\s+)?года\s*[-–—:]\s*(?=" + _MONTH + r"(?![а-яё]))", re.IGNORECASE
)


# «ежемесячно, по итогам года – июнь», «в течение года, I полугодие – декабрь»: after a recurrence or an open period
# and a comma the month is a part of its own (`rules` reads a list split at «;»), not the month the recurrence is in
_OWN_PART_BEFORE = re.compile(
    r"(?:еже[а-яё]+|течени[еи](?:\s+[а-яё.]+){0,3}|постоянн[а-яё]*|раза?\s+в\s+[а-яё]+)\s*,\s*$", re.IGNORECASE
)


def _label_dropped(match: re.Match[str]) -> str:
    return "; " if _OWN_PART_BEFORE.search(match.string[: match.start()]) else ""


# «2024-2025 уч. г. – октябрь, март», «октябрь (2024/2025)», «октябрь, май – 2024-2025 уч. г.»: months of the
# school year written beside them, as «октябрь, март 2024-2025 уч. г.» is read
_SCHOOL_YEAR_WORDS = (
    r"(?P<first>(?:19|20)\d\d)\s*[-/–—]\s*(?P<second>(?:19|20)?\d\d)(?!\d)\s*"
    r"(?:уч(?:ебн[а-яё]*|\.)?\s*(?:год[а-яё]*|г(?![а-яё])\.?)|уч\.?\s*г\.?)?"
)
_MONTH_LIST = r"(?P<months>" + _MONTH + r"(?:\s*(?:,|и|[-–—])\s*" + _MONTH + r"){0,11})"
_SCHOOL_YEAR_THEN_MONTHS = re.compile(
    r"(?<![\d.])" + _SCHOOL_YEAR_WORDS + r"\s*[-–—:,]\s*" + _MONTH_LIST + r"(?![а-яё])(?!\s*,?\s*(?:\d|г\.|год))",
    re.IGNORECASE,
)
_MONTHS_THEN_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])" + _MONTH_LIST + r"\s*\(\s*" + _SCHOOL_YEAR_WORDS + r"\s*\)", re.IGNORECASE
)
_MONTHS_DASH_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])" + _MONTH_LIST + r"\s*[-–—:]\s*" + _SCHOOL_YEAR_WORDS + r"(?![\d.])", re.IGNORECASE
)


def _school_year_after(match: re.Match[str], group: str) -> str:
    """`group` of the match with its school year after it; two years not consecutive are left as written."""
    first = int(match.group("first"))
    last = second_year(first, match.group("second"))
    if last != first + 1:
        return match.group(0)
    return f"{match.group(group)} {first}-{last} уч. г."


def _months_of_school_year(match: re.Match[str]) -> str:
    """The months with their school year after them."""
    return _school_year_after(match, "months")


# «октябрь-2024», «май–2025 г.»: a month and its year joined by a dash (not «сентябрь 2024 – 2025»)
_MONTH_DASH_YEAR = re.compile(
    r"(?<![а-яё])(" + _MONTH + r")[-–—]((?:19|20)\d\d)(?!\s*[-–—/]\s*(?:19|20)?\d\d)", re.IGNORECASE
)


# «по итогам учебного 2024-2025 года»: the school year written inside its words, as «2024-2025 учебного года»
_SCHOOL_WORD_FIRST = re.compile(
    r"(?<![а-яё])(учебн[а-яё]*)\s+((?:19|20)\d\d\s*[-/–—]\s*(?:19|20)?\d\d)\s*(год[а-яё]*|г(?![а-яё])\.?)",
    re.IGNORECASE,
)


# «по итогам I учебной четверти», «в конце каждой учебной четверти»: a term is a school one anyway
_SCHOOL_TERM = re.compile(r"(?<![а-яё])учебн[а-яё]*\s+(?=(?:четверт|триместр|полугоди)[а-яё]*)", re.IGNORECASE)


# «сентябрь (2024)», «май – июнь (2025 г.)»: the year of the months before it, in brackets
_MONTHS_THEN_YEAR = re.compile(
    r"(?<![а-яё])(" + _MONTH + r"(?:\s*[-–—]\s*" + _MONTH + r")?)\s*\(\s*((?:19|20)\d\d)\s*(?:г\.?|года?)?\s*\)",
    re.IGNORECASE,
)
# «01.IX.2024»: a day with its month in Roman numerals
_DAY_ROMAN_MONTH = re.compile(r"(?<![\d.])(\d{1,2})\.([IVX]{1,4})\.((?:19|20)\d\d)(?![\d.])", re.IGNORECASE)


def _day_roman_month(match: re.Match[str]) -> str:
    roman = match.group(2).lower()
    if roman not in _ROMAN_MONTHS:
        return match.group(0)
    return f"{match.group(1)}.{_ROMAN_MONTHS.index(roman) + 1:02d}.{match.group(3)}"


# «отчет за 2024 год – до 20.01.2025»: the year reported on, beside the date it is due
_REPORTED_YEAR = re.compile(r"(?<![а-яё])за\s+(?:19|20)\d\d\s*(?:год|г\.?)(?![а-яё])", re.IGNORECASE)


# «по май 2025 г.» as the whole text: through that month, as «по 31.05.2025» reads «до»
_THROUGH_MONTH = re.compile(
    r"^\W*по\s+(?P<month>" + "|".join(MONTHS_NOMINATIVE) + r")(?P<year>\s+(?:19|20)\d\d(?:\s*(?:г\.?|года?))?)?\W*$",
    re.IGNORECASE,
)


def _through_month(match: re.Match[str]) -> str:
    month = MONTHS_GENITIVE[MONTHS_NOMINATIVE.index(match.group("month").lower())]
    return f"до конца {month}{match.group('year') or ''}"


# «сентябрь месяц 2024 г.», «в мае месяце»: the word «месяц» after a month's name says nothing more
_MONTH_WORD_AFTER = re.compile(r"(?<![а-яё])(" + _MONTH + r")\s+месяц[а-яё]{0,2}(?![а-яё])", re.IGNORECASE)


# «отчет за сентябрь – до 5 октября», «за май (до 5 июня)»: the month reported on, beside the day it is due by
_REPORTED_MONTH = re.compile(
    r"(?<![а-яё])за\s+(?:" + "|".join(MONTHS_NOMINATIVE) + r")(?:\s+(?:19|20)\d\d\s*(?:года?|г\.?)?)?(?![а-яё\d])",
    re.IGNORECASE,
)
_DAY_DUE = re.compile(r"(?<![а-яё])(?:до|к|не\s+позднее|не\s+позже)\s+\d", re.IGNORECASE)


def _reported_month(match: re.Match[str]) -> str:
    """Left out beside a day due by, or in brackets beside another date («май (за апрель)»)."""
    head = match.string[: match.start()]
    rest = head + match.string[match.end() :]
    aside = head.rstrip().endswith("(") and _DATED.search(rest) is not None
    return " " if aside or _DAY_DUE.search(rest) else match.group(0)


def _reported_year(match: re.Match[str]) -> str:
    rest = match.string[: match.start()] + match.string[match.end() :]
    return " " if _DATED.search(rest) else match.group(0)


# «1-й этап», «2-ой этап»: the stage's number without its ending
_ORDINAL_STAGE = re.compile(r"(?<![\d.])(\d)\s*-\s*(?:й|ый|ой|ий)(?=\s+этап)", re.IGNORECASE)


# «сентябрь, декабрь, май (входной, промежуточный, итоговый контроль)»: each stage word is its month's, in order
_STAGE_WORD = r"(?:входн|стартов|промежуточн|рубежн|итогов|финальн)[а-яё]*"
_DATED_MONTH = _MONTH + r"(?:\s+(?:19|20)\d\d(?:\s*г\.?)?)?"
_LISTED = r"\s*(?:,|;|\s+и)\s*"
_MONTHS_THEN_STAGES = re.compile(
    r"(?<![а-яё])(?P<months>" + _DATED_MONTH + r"(?:" + _LISTED + _DATED_MONTH + r"){1,11})\s*\(\s*"
    r"(?P<stages>" + _STAGE_WORD + r"(?:" + _LISTED + _STAGE_WORD + r"){1,11})[^()]*\)",
    re.IGNORECASE,
)


def _months_then_stages(match: re.Match[str]) -> str:
    months = re.split(_LISTED, match.group("months").strip())
    stages = re.split(_LISTED, match.group("stages").strip())
    if len(months) != len(stages):
        return match.group(0)
    return ", ".join(f"{month} ({stage})" for month, stage in zip(months, stages, strict=True))


# «не позднее мая», «не позже 2025 года»: by the end of that month or year (not before it starts, as «до мая»);
# «не ранее 1 и не позднее 15 сентября»: from the one to the other
_NOT_LATER_MONTH = re.compile(
    r"(?<![а-яё])не\s+(?:позднее|позже)\s+(?=(?:" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё]))", re.IGNORECASE
)
_NOT_LATER_YEAR = re.compile(
    r"(?<![а-яё])не\s+(?:позднее|позже)\s+((?:19|20)\d\d)\s*(?:года|г\.?)(?![а-яё\d])(?!\s*[-–—/])", re.IGNORECASE
)
_NOT_EARLIER_NOT_LATER = re.compile(
    r"(?<![а-яё])не\s+ранее\s+(?P<first>[^,;]+?)\s*,?\s*(?:и|но)\s+не\s+(?:позднее|позже)\s+", re.IGNORECASE
)


# «2025 г. – I полугодие»: a year written before its numbered period, as «I полугодие 2025 г.» is read;
# «2025, 2026, 2027 гг. – май»: the month in each of the years written before it
_YEAR_THEN_NUMBERED = re.compile(
    r"(?<![\d/.\-–—])((?:19|20)\d\d)\s*(?:г\.?|года?)?\s*[-–—:]\s*((?:[IVX]{1,4}|[1-4])\s*(?:-?\s*[а-яё]{1,3}\s+|\s+)"
    r"(?:полугоди|четверт|триместр|квартал)[а-яё]*)(?!\s*(?:19|20)\d\d)",
    re.IGNORECASE,
)
_YEARS_THEN_MONTH = re.compile(
    r"(?<![\d/.\-–—])(?P<years>(?:19|20)\d\d(?:\s*(?:,|и)\s*(?:19|20)\d\d)+)\s*(?:гг?\.?|годы|годах)?\s*[-–—:]\s*"
    r"(?P<months>" + _MONTH + r"(?:\s*[-–—]\s*" + _MONTH + r")?)(?![а-яё])(?!\s*,?\s*\d)",
    re.IGNORECASE,
)


_SCHOOL_YEAR_THEN_NUMBERED = re.compile(
    r"(?<![\d.])" + _SCHOOL_YEAR_WORDS + r"\s*[-–—:,]\s*(?P<numbered>(?:[IVX]{1,4}|[1-4])\s*(?:-?\s*[а-яё]{1,3}\s+|\s+)"
    r"(?:полугоди|четверт|триместр)[а-яё]*)(?!\s*(?:19|20)\d\d)",
    re.IGNORECASE,
)


def _numbered_of_school_year(match: re.Match[str]) -> str:
    """«2024-2025 – I полугодие» → «I полугодие 2024-2025 уч. г.»."""
    return _school_year_after(match, "numbered")


# «2025-2026 гг., май», «2024–2026 гг.: сентябрь, май»: the months in each year of the span written before them
_SPAN_THEN_MONTHS = re.compile(
    r"(?<![\d/.\-–—])(?P<first>(?:19|20)\d\d)\s*[-–—]\s*(?P<last>(?:19|20)\d\d)\s*(?:гг\.?|годы|годах)\s*[-–—:,]\s*"
    r"(?P<months>" + _MONTH + r"(?:\s*(?:,|и)\s*" + _MONTH + r")*)(?![а-яё])(?!\s*,?\s*\d)",
    re.IGNORECASE,
)


def _span_then_months(match: re.Match[str]) -> str:
    first, last = int(match.group("first")), int(match.group("last"))
    months = re.split(r"\s*(?:,|\sи\s)\s*", match.group("months").strip())
    if not first < last <= first + 5:
        return match.group(0)
    return ", ".join(f"{month} {year}" for year in range(first, last + 1) for month in months)


def _years_then_month(match: re.Match[str]) -> str:
    return ", ".join(f"{match.group('months')} {year}" for year in _YEAR.findall(match.group("years")))


# «после 15 мая», «позднее 01.09.2024»: from the day after, as «не ранее» reads «с» (not «через 10 дней после
# 20.09.2024», an offset, nor «не позднее …», a deadline)
_AFTER_DATE = re.compile(
    r"(?<![а-яё])(?<!не\s)(?:после|позднее|позже)\s+(?P<day>\d{1,2})(?:\.(?P<month>\d{1,2})(?:\.(?P<year>(?:19|20)?\d\d))?"
    r"(?![\d.])|\s+(?P<name>" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё])(?:\s+(?P<named_year>(?:19|20)\d\d))?)",
    re.IGNORECASE,
)
_OFFSET_UNIT_BEFORE = re.compile(r"(?:дн|день|дня|дней|недел[а-яё]*|месяц[а-яё]*)\s*$", re.IGNORECASE)


def _after_date(match: re.Match[str]) -> str:
    """«после 15 мая» → «с 16 мая», «после 31.12.2024» → «с 01.01.2025»; a date that cannot be is left as written."""
    if _OFFSET_UNIT_BEFORE.search(match.string[: match.start()]):
        return match.group(0)
    name, written = match.group("name"), match.group("year") or match.group("named_year")
    month = MONTHS_GENITIVE.index(name.lower()) + 1 if name else int(match.group("month"))
    year = int(written) + (2000 if len(written) == 2 else 0) if written else 2001
    try:
        after = date(year, month, int(match.group("day"))) + timedelta(days=1)
    except ValueError:
        return match.group(0)
    shown = f" {after.year}" if written else ""
    if name:
        return f"с {after.day} {MONTHS_GENITIVE[after.month - 1]}{shown}"
    return f"с {after.day:02d}.{after.month:02d}{'.' + shown.strip() if written else ''}"


# «в первый день сентября», «последний день мая»: that day; «в последний учебный день четверти»: the term's day
_EDGE_DAY_OF_MONTH = re.compile(
    r"(?<![а-яё])(?:в\s+)?(?P<which>перв|последн)(?:ый|ий|ого|его|ом|ем)\s+(?:учебн[а-яё]*\s+)?день\s+"
    r"(?P<month>" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё])",
    re.IGNORECASE,
)
_SCHOOL_DAY = re.compile(
    r"(?<=[а-яё]\s)учебн[а-яё]*\s+(?=(?:день|дня|дни|дней)\s+(?:кажд[а-яё]*\s+)?четверт)", re.IGNORECASE
)


def _edge_day_of_month(match: re.Match[str]) -> str:
    month = match.group("month").lower()
    if match.group("which").lower().startswith("перв"):
        return f"1 {month}"
    return f"{calendar.monthrange(2001, MONTHS_GENITIVE.index(month) + 1)[1]} {month}"


# «в последнюю неделю декабря и мая», «в конце октября, марта»: the part of the month written once for each month
_GENITIVE_MONTH = r"(?:" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё])"
_SHARED_PART = re.compile(
    r"(?<![а-яё])(?P<part>(?:(?:до|к|ко|в|во)\s+)?(?:(?:перв|втор|трет|четверт|последн)[а-яё]*\s+(?:недел|декад|половин)[а-яё]*"
    r"|начал[а-яё]*|конц[а-яё]*|конец|середин[а-яё]*))\s+(?P<first>" + _GENITIVE_MONTH + r")"
    r"(?P<rest>(?:\s*(?:,|и)\s*" + _GENITIVE_MONTH + r"){1,11})",
    re.IGNORECASE,
)


def _shared_part(match: re.Match[str]) -> str:
    months = [match.group("first"), *re.findall(_GENITIVE_MONTH, match.group("rest"), re.IGNORECASE)]
    return ", ".join(f"{match.group('part')} {month}" for month in months)


# «в каникулы (осенние, весенние)», «в период каникул (осенних, зимних)»: the seasons named in brackets after the
# holidays, as «в осенние, весенние каникулы» is read (not the seasons themselves)
_SEASON = r"(?:(?:осенн|зимн|весенн|летн)[а-яё]*|осен[ьи]|зим[аы]|весн[аы]|лет[оа])(?![а-яё])"
_HOLIDAYS_THEN_SEASONS = re.compile(
    r"(?<![а-яё])(?P<noun>каникул[а-яё]*(?P<time>\s+(?:время|период[а-яё]*))?)\s*\(\s*(?P<seasons>" + _SEASON
    + r"(?:\s*(?:,|и)\s*" + _SEASON + r"){0,3})(?:\s+каникул[а-яё]*)?\s*\)",
    re.IGNORECASE,
)  # fmt: skip
_SEASON_NOUNS = re.compile(r"(?<![а-яё])(?:(осен)[ьи]|(зим)[аы]|(весн)[аы]|(лет)[оа])(?![а-яё])", re.IGNORECASE)
_SEASON_ADJECTIVES = {"осен": "осенние", "зим": "зимние", "весн": "весенние", "лет": "летние"}


def _holidays_then_seasons(match: re.Match[str]) -> str:
    """«каникулы (осенние, весенние)» → «осенние, весенние каникулы»; «каникулярное время (осенние, зимние
    каникулы)» → «осенние, зимние каникулы» (the noun of the holidays, not «время»); «каникулы (осень, весна)» →
    «осенние, весенние каникулы» (the holidays of those seasons, not the seasons)."""
    noun = "каникулы" if match.group("time") or match.group("noun").lower().startswith("каникулярн") else None
    return f"{_SEASON_NOUNS.sub(_season_adjective, match['seasons'])} {noun or match.group('noun')}"


def _season_adjective(match: re.Match[str]) -> str:
    """«осень» → «осенние»: the holidays of the season."""
    return _SEASON_ADJECTIVES[next(stem for stem in match.groups() if stem).lower()]


# «до 15:00 25 мая», «25 мая, 15.00», «в 14.30», «14.30 ч.»: a time of day says nothing of the date (with a dot only
# minutes of 00, after «в» or before «ч»: «10.12» is a date)
_HOUR = r"(?<![\d.:])(?:[01]?\d|2[0-3])"
_TIME_OF_DAY = re.compile(
    r"(?:" + _HOUR + r"(?::[0-5]\d|\.00)|(?<=в\s)" + _HOUR + r"\.[0-5]\d|" + _HOUR + r"\.[0-5]\d(?=\s*ч))"
    r"(?:\s*(?:ч\.?|час[а-яё]*))?(?![\d.:])",
    re.IGNORECASE,
)
# «с 10:00 до 13:00», «10.00-13.00», «с 14.30 до 16.30»: hours of a day, not a span of days («с 10.12 до 20.12») nor
# of months with two-digit years («10.24-05.25»); see `_time_span`
_CLOCK = r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?![\d.:])"
_TIME_SPAN = re.compile(
    r"(?<![\d.:а-яё])(?:с\s*)?(" + _CLOCK + r")\s*(?:-|–|—|до|по)\s*(" + _CLOCK + r")", re.IGNORECASE
)


def _is_clock(written: str) -> bool:
    """Whether «10:00», «14.30» is a time of day: after a dot not a month («10.12») nor a two-digit year after a
    month («10.24»)."""
    if ":" in written:
        return True
    hour, minute = (int(part) for part in written.split("."))
    if 1 <= minute <= 12:
        return False
    return hour > 12 if 20 <= minute <= 35 else True


def _time_span(match: re.Match[str]) -> str:
    return " " if _is_clock(match.group(1)) and _is_clock(match.group(2)) else match.group(0)


# «ежемесячно, последняя среда, 15:00» after the time is left out: no comma left dangling before the end or «)»
_DANGLING_COMMA = re.compile(r"\s*,\s*(?=\)|$)")
# «10.24-05.25»: two months with two-digit years (20–35, which no month number can be) a dash apart; «1.20» alone is
# a section's number as likely
_MONTH_SHORT_YEAR = re.compile(
    r"(?<![\d.:/])(?P<m1>0?[1-9]|1[0-2])\.(?P<y1>2\d|3[0-5])\s*[-–—]\s*(?P<m2>0?[1-9]|1[0-2])\.(?P<y2>2\d|3[0-5])(?![\d.:])"
)
# «24/25 уч. г.», «24-25 уч.г.»: a school year with two-digit years
_SHORT_SCHOOL_YEAR = re.compile(r"(?<![\d./-])(\d\d)\s*[-/]\s*(\d\d)(?=\s*уч)", re.IGNORECASE)
# «октябрь 24 – май 25»: two months with two-digit years a dash apart, in the same or the next year (a number after
# one month alone may be its day: «май 28»)
_SHORT_MONTH = r"(?:" + _MONTH + r"|(?:янв|февр?|мар|апр|июн|июл|авг|сент?|окт|нояб?|дек)\.)"
_MONTHS_TWO_DIGIT_YEARS = re.compile(
    r"(?<![а-яё])(?P<first>"
    + _SHORT_MONTH
    + r")\s*'?\s*(?P<y1>\d\d)(?:\s*г\.)?(?P<sep>\s*[-–—]\s*|\s+по\s+)(?P<last>"
    + _SHORT_MONTH
    + r")\s*'?\s*(?P<y2>\d\d)(?![\d.:])",
    re.IGNORECASE,
)
# «декабрь 24 г.», «с декабря 24 г.»: a month with a two-digit year and its «г.» (from 20 to 35, as above)
_MONTH_TWO_DIGIT_YEAR = re.compile(
    r"(?<![а-яё])(?P<month>" + _SHORT_MONTH + r")\s*'?\s*(?P<year>2\d|3[0-5])\s*(?=г\.?(?![а-яё])|года(?![а-яё]))",
    re.IGNORECASE,
)


def _months_two_digit_years(match: re.Match[str]) -> str:
    first, second = int(match.group("y1")), int(match.group("y2"))
    if second not in (first, first + 1):
        return match.group(0)
    sep = " по " if match.group("sep").strip() == "по" else " - "
    return f"{match.group('first')} 20{first:02d}{sep}{match.group('last')} 20{second:02d}"


def _month_short_year(match: re.Match[str]) -> str:
    first, last = int(match.group("y1")), int(match.group("y2"))
    if last not in (first, first + 1):
        return match.group(0)
    return (
        f"{MONTHS_NOMINATIVE[int(match.group('m1')) - 1]} 20{first} - {MONTHS_NOMINATIVE[int(match.group('m2')) - 1]}"
        f" 20{last}"
    )


def _short_school_year(match: re.Match[str]) -> str:
    first, second = int(match.group(1)), int(match.group(2))
    return f"20{first:02d}-20{second:02d}" if second == first + 1 else match.group(0)


# «перед началом учебного года», «накануне учебного года», «перед началом II четверти»: by its start, as «до начала»
_BEFORE_START = re.compile(
    r"(?<![а-яё])(?:перед\s+началом|накануне(?:\s+начала)?)\s+(?=(?:(?:нового|следующего|текущего)\s+)?учебн"
    r"|(?:(?:[IVX]{1,4}|[1-4])\s*(?:-?\s*[а-яё]{1,3}\s+|\s+)|кажд[а-яё]*\s+)?(?:четверт|полугоди|триместр|квартал))",
    re.IGNORECASE,
)


# «в двухнедельный срок после окончания четверти», «в 10-дневный срок по окончании полугодия»: a length counted
# from a period's end, as «в течение 2 недель после окончания четверти» (`offsets`)
_LENGTH_WORDS = {"одно": 1, "дву": 2, "двух": 2, "трех": 3, "пяти": 5, "семи": 7, "десяти": 10, "пятнадцати": 15}
_TERM_LENGTH = re.compile(
    r"(?<![а-яё])в\s+(?P<count>\d{1,2}\s*-?\s*|" + "|".join(sorted(_LENGTH_WORDS, key=len, reverse=True)) + r")?"
    r"(?P<unit>дневн|недельн|месячн)[а-яё]*\s+срок(?=\s+(?:после|по)\s+(?:окончани|завершени))",
    re.IGNORECASE,
)
_LENGTH_UNITS = {"дневн": ("дня", "дней"), "недельн": ("недели", "недель"), "месячн": ("месяца", "месяцев")}


def _term_length(match: re.Match[str]) -> str:
    written = (match.group("count") or "").strip(" -").lower()
    count = int(written) if written.isdigit() else _LENGTH_WORDS.get(written, 1)
    one, many = _LENGTH_UNITS[match.group("unit").lower()]
    return f"в течение {count} {one if count == 1 else many}"


# «4кв 2024», «1полугодие»: a digit glued to the numbered period after it
_GLUED_DIGIT = re.compile(r"(?<![\d.,/])([1-4])(?=(?:кв|полугод|четверт|триместр)[а-яё]*)", re.IGNORECASE)
# «по результатам I полугодия», «по результатам учебного года»: of a period, as «по итогам» (not «по результатам
# ВПР», «по результатам реализации программы»: those name no date)
_RESULTS_OF_PERIOD = re.compile(
    r"(?<![а-яё])по\s+результатам(?=\s+(?:(?:19|20)\d\d(?:\s*[-/–—]\s*(?:19|20)?\d\d)?\s*(?:гг?\.?\s*)?)?"
    r"(?:(?:[ivx]+|\d)\s*-?\s*[а-яё]{0,3}\s+|(?:перв|втор|трет|четверт|кажд|учебн|календарн|текущ)[а-яё]*\s+|уч\.\s*)?"
    r"(?:полугоди|четверт|триместр|квартал|месяц|год(?:а|у)?(?![а-яё])|г\.|уч))",
    re.IGNORECASE,
)


# «осенние, весенние каникулы», «осенние и весенние каникулы»: the noun shared by the seasons listed before it
_SEASON = r"(?:осенн|зимн|весенн|летн)[а-яё]*"
_SHARED_HOLIDAYS = re.compile(
    r"(?<![а-яё])(" + _SEASON + r")(?=\s*(?:,|и)\s*(?:" + _SEASON + r"\s*(?:,|и)\s*)*" + _SEASON + r"\s+каникул)",
    re.IGNORECASE,
)


# «первая половина 2025 года» is its first calendar half-year; «в начале 2025 года» its January
_HALF_OF_YEAR = re.compile(
    r"(?<![а-яё])(?P<which>перв|втор)[а-яё]*\s+половин[а-яё]*\s+(?P<year>(?:19|20)\d\d)\s*(?:года|г\.?)(?![а-яё])",
    re.IGNORECASE,
)
# «в первой половине учебного года», «вторая половина года»: the school half-year
_HALF_OF_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])(?P<which>перв|втор)[а-яё]*\s+половин[а-яё]*\s+(?:(?:учебного|текущего)\s+)*года(?![а-яё])",
    re.IGNORECASE,
)
_START_OF_YEAR = re.compile(
    r"(?<![а-яё])(?:в\s+)?начал[а-яё]*\s+(?P<year>(?:19|20)\d\d)\s*(?:года|г\.?)(?![а-яё])", re.IGNORECASE
)


# «IX-XII 2024», «IX–XII 2024 г.», «XI 2024»: months in Roman numerals before their year (a bare «II» is a
# half-year or a term elsewhere)
_ROMAN = r"(?:xii|xi|x|ix|viii|vii|vi|v|iv|iii|ii|i)"
_ROMAN_MONTHS_YEAR = re.compile(
    r"(?<![a-zа-яё\d.])(?P<first>" + _ROMAN + r")(?:\s*[-–—]\s*(?P<last>" + _ROMAN + r"))?(?:\.\s*|\s+)"
    r"(?P<year>(?:19|20)\d\d)(?!\s*[-–—/]\s*(?:19|20)?\d\d)(?![\d.])",
    re.IGNORECASE,
)


def _roman_months_year(match: re.Match[str]) -> str:
    first, last = match.group("first").lower(), (match.group("last") or "").lower()
    names = [MONTHS_NOMINATIVE[_ROMAN_MONTHS.index(roman)] for roman in (first, last) if roman]
    return f"{' - '.join(names)} {match.group('year')}"


# «IX-XII», «XII–II», «IX–V»: a span of months in Roman numerals with no year, alone or before a comma (one above IV,
# so «II-III» stays terms or half-years; a period noun after it, «II-III четверть», is not matched)
_ROMAN_MONTHS_SPAN = re.compile(
    r"(?<![a-zа-яё\d.])(?P<first>" + _ROMAN + r")\s*[-–—]\s*(?P<last>" + _ROMAN + r")\.?(?=\s*(?:$|[,;)]))",
    re.IGNORECASE,
)


def _roman_months_span(match: re.Match[str]) -> str:
    first, last = (_ROMAN_MONTHS.index(match.group(name).lower()) + 1 for name in ("first", "last"))
    if max(first, last) <= 4 or first == last:
        return match.group(0)
    return f"{MONTHS_NOMINATIVE[first - 1]} - {MONTHS_NOMINATIVE[last - 1]}"


def _month_of_year(match: re.Match[str]) -> str:
    month = int(match.group(1))
    return f"{MONTHS_NOMINATIVE[month - 1]} {match.group(2)}" if 1 <= month <= 12 else match.group(0)


def _year_of_month(match: re.Match[str]) -> str:
    month = int(match.group(2))
    return f"{MONTHS_NOMINATIVE[month - 1]} {match.group(1)}" if 1 <= month <= 12 else match.group(0)


def _roman_month_of_year(match: re.Match[str]) -> str:
    roman = match.group(1).lower()
    if roman not in _ROMAN_MONTHS:
        return match.group(0)
    return f"{MONTHS_NOMINATIVE[_ROMAN_MONTHS.index(roman)]} {match.group(2)}"


def _half_of_year(match: re.Match[str]) -> str:
    return f"{'I' if match.group('which').lower() == 'перв' else 'II'} полугодие {match.group('year')} года"


def _half_of_school_year(match: re.Match[str]) -> str:
    return f"{'I' if match.group('which').lower() == 'перв' else 'II'} полугодие"


# «во 2-ю пятницу», «1-й понедельник», «3-е воскресенье»: a weekday's ordinal in digits, as the word
_DIGIT_ORDINALS = ("первый", "второй", "третий", "четвертый")
_ORDINAL_END = r"\s*-?\s*(?:й|я|ю|е|ый|ой|ий|ая|ую|ое|ье)"
_WEEKDAY_STEMS = r"(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень)[а-яё]*"
# «в 1 среду месяца»: a bare digit is an ordinal only before a weekday of a month
_ORDINAL_WEEKDAY = re.compile(
    r"(?<![\d.,])([1-4])(?P<end>" + _ORDINAL_END + r")?(?=(?:\s*(?:,|и)\s*[1-4](?:" + _ORDINAL_END + r")?)*\s+"
    + _WEEKDAY_STEMS + r"(?P<month>\s+(?:кажд[а-яё]*\s+)?месяц)?)\s*",
    re.IGNORECASE,
)  # fmt: skip


def _ordinal_weekday(match: re.Match[str]) -> str:
    """«1-я среда» → «первая среда»; a bare digit («1 и 3 среда») only in a monthly text, where it is each month's."""
    if match.group("end") is None and match.group("month") is None and not _MONTHLY_TEXT.search(match.string):
        return match.group(0)
    return f"{_DIGIT_ORDINALS[int(match.group(1)) - 1]} "


# «3l.12.2024», «О1.09.2024»: letters typed for digits inside a date (l, I for 1; Latin or Cyrillic O for 0)
_DIGITISH = "0-9lIОOоo"
_LOOKALIKE_DATE = re.compile(
    rf"(?<![\w.])(?=[{_DIGITISH}.]*[lIОOоo])[{_DIGITISH}]{{1,2}}\.[{_DIGITISH}]{{1,2}}\.[{_DIGITISH}]{{2,4}}(?![\w.])"
)
_DIGIT_LOOKALIKES = str.maketrans("lIОOоo", "110000")


# «2O24-2025 уч.г.», «2О25 г.»: a year with a letter O typed for a zero
_LOOKALIKE_YEAR = re.compile(r"(?<![\w.])(?=2[\dОOоo]{3}(?![\w]))2[\dОOоo]*[ОOоo][\dОOоo]*(?![\w])")


def _lookalike_date(match: re.Match[str]) -> str:
    """The date (year) with its letters read as digits, when the digits typed are most of it."""
    fixed = match.group(0).translate(_DIGIT_LOOKALIKES)
    enough = 3 if len(match.group(0)) == 4 else 4  # a year: «2O24»; a date: «01.1O.2024»
    return fixed if sum(c.isdigit() for c in match.group(0)) >= enough else match.group(0)


# «сентябрь (1-я неделя)», «май, последняя неделя», «октябрь 2024 (конец)»: the part of the month written after it;
# «сентябрь (1-2 неделя)», «октябрь (3-4 нед.)» (a plan's grid of weeks) as «1-2 недели сентября»; after a dash or a
# colon as in brackets («сентябрь – 1-я неделя»)
_NOMINATIVE = "|".join(MONTHS_NOMINATIVE)
_MONTH_THEN_PART = re.compile(
    r"(?<![а-яё])(?P<month>" + _NOMINATIVE + r")(?P<year>\s+(?:19|20)\d\d(?:\s*(?:г\.?|года?)(?![а-яё]))?)?"
    r"\s*(?:\(|,|:|\s[-–—])\s*(?P<part>(?:(?:[1-4]\s*[-–—]\s*[1-4](?:\s*-?[а-яё]{1,3})?(?=\s+(?:недел|декад))"
    r"|[1-4]\s*-?\s*[а-яё]{0,2}|перв|втор|трет|четверт|последн)[а-яё]*\s+(?:недел|декад)"
    r"|начал|середин|конец|конц)[а-яё]*)\s*\)?(?=\s*(?:[,;.]|$))",
    re.IGNORECASE,
)


def _month_then_part(match: re.Match[str]) -> str:
    month = MONTHS_GENITIVE[MONTHS_NOMINATIVE.index(match.group("month").lower())]
    return _WEEKS_OF_MONTH.sub(_weeks_of_month, f"{match.group('part')} {month}{match.group('year') or ''}")


# «Ⅱ полугодие», «І четверть» (a Cyrillic І), «Х-ХII 2024» (a Cyrillic Х beside Latin ones), «IIполугодие»,
# «IV-квартал»: Roman numerals typed with other letters, or glued to their noun
_UNICODE_ROMAN = {chr(0x2160 + n): roman.upper() for n, roman in enumerate(_ROMAN_MONTHS)}
# «Ι полугодие» (a Greek capital iota), «Ӏ четверть» (a Cyrillic palochka): an I, as no Russian word has them
_IOTA_AS_I = str.maketrans({"\u0399": "I", "\u04c0": "I", "\u04cf": "I"})
_ROMAN_RUN = re.compile(r"(?<![А-ЯЁа-яёA-Za-z])[IVXІХ]+(?:\s*[-–—]\s*[IVXІХ]+)*(?![А-ЯЁа-яёA-Za-z])")
_GLUED_ROMAN = re.compile(r"(?<![А-ЯЁа-яёA-Za-z])([IVX]{1,4})(?:\s*-\s*)?(?=(?:полугод|четверт|квартал|триместр|кв\.))")


# «Ш четверть» (a Cyrillic Ш for III), «1V четверть» (a digit for I), «lI полугодие» (a Latin l for I): a numeral of a
# school period typed with lookalikes
_LOOKALIKE_ROMAN = re.compile(
    r"(?<![А-ЯЁа-яёA-Za-z\d])(Ш|1V|[IV]*l[IlV]*)(?=\s*-?\s*[а-яё]{0,3}\s*(?:полугод|четверт|квартал|триместр|кв\.|этап))"
)


def _lookalike_roman(match: re.Match[str]) -> str:
    written = match.group(1)
    return {"Ш": "III", "1V": "IV"}.get(written) or written.replace("l", "I")


def _roman_run(match: re.Match[str]) -> str:
    run = match.group(0)
    if "І" not in run and not re.search(r"[IVX]", run):  # «Х» alone is a letter
        return run
    return run.replace("І", "I").replace("Х", "X")


def _latin_roman(text: str) -> str:
    """Roman numerals in Latin capitals, apart from the noun after them."""
    text = "".join(_UNICODE_ROMAN.get(char, char) for char in text).replace("і", "i")
    text = text.translate(_IOTA_AS_I)
    text = _LOOKALIKE_ROMAN.sub(_lookalike_roman, text)
    return _GLUED_ROMAN.sub(r"\1 ", _ROMAN_RUN.sub(_roman_run, text))


# «по итогам I полугодия (январь), по итогам года (июнь)»: the month in brackets is when the results are due
_RESULTS_THEN_WHEN = re.compile(
    r"(?<![а-яё])по\s+итогам\s+(?P<what>[^(),;]+?)\s*\(\s*(?P<when>(?:\d{1,2}\s+)?"
    + _MONTH
    + r"(?:\s+(?:19|20)\d\d\s*(?:г\.?|года)?)?"
    r"|\d{1,2}\.\d{1,2}(?:\.(?:19|20)?\d\d)?(?:\s*г\.?)?)\s*\)",
    re.IGNORECASE,
)


_ONE_PERIOD = re.compile(
    r"\d|(?<![a-zа-яё])[ivx]+(?![a-zа-яё])|(?<![а-яё])(?:перв|втор|трет|четверт)(?:ого|ой|ое|ая)(?![а-яё])",
    re.IGNORECASE,
)


def _results_then_when(match: re.Match[str]) -> str:
    """«по итогам I полугодия (январь)» → «январь»; «по итогам года (июнь)» is each year's, kept."""
    return match.group("when") if _ONE_PERIOD.search(match.group("what")) else match.group(0)


# «в течение первой недели после окончания четверти», «первых 3 дней после …»: a length counted from the event
# «в первую неделю после зимних каникул», «первая неделя после окончания четверти»: as «в течение недели после …»
_FIRST_WEEK_AFTER = re.compile(
    r"(?<![а-яё])(?:(?:в|на)\s+)?(?<!течение\s)перв(?:ую|ая|ой)\s+недел[а-яё]*\s+(?=после\s)",
    re.IGNORECASE,
)
_FIRST_AFTER = re.compile(
    r"(?<=течение\s)перв[а-яё]*\s+(?=(?:\d{1,2}\s+)?(?:недел|месяц|дн|день|дня)[а-яё]*\s+(?:после|с\s+начала|со\s+дня))",
    re.IGNORECASE,
)
# «с 01.09.2024 в течение 2 недель», «с 1 сентября в течение месяца»: the start, then the length, as «в течение 2
# недель с 01.09.2024» (`offsets`)
# «по окончании четверти (в течение недели)», «после окончания I полугодия, в течение 2 недель»: the event, then the
# length counted from it, as «в течение недели по окончании четверти» (`offsets`)
_EVENT_THEN_WITHIN = re.compile(
    r"(?<![а-яё])(?P<event>(?:по|после)\s+(?:окончани|завершени)[а-яё]*(?:\s+[а-яёivx\d-]+\.?){1,4}?)\s*[,(]?\s*"
    r"(?P<within>в\s+течение\s+(?:\d{1,2}\s*(?:-?\s*х\s+)?|[а-яё]+\s+)?(?:рабоч[а-яё]*\s+|календарн[а-яё]*\s+)?"
    r"(?:дн|день|дня|недел|месяц)[а-яё]*)\s*\)?(?=\s*(?:[,;.]|$))",
    re.IGNORECASE,
)
_FROM_THEN_WITHIN = re.compile(
    r"(?<![а-яё])(?P<from>(?:начиная\s+)?с)\s+(?P<day>\d{1,2}\.\d{1,2}(?:\.(?:19|20)?\d\d)?(?:\s*г\.?)?"
    r"|\d{1,2}\s+" + _MONTH + r"(?:\s+(?:19|20)\d\d(?:\s*г(?:ода|\.)?)?)?)\s*,?\s+"
    r"(?P<within>в\s+течение\s+(?:\d{1,2}\s*(?:-?\s*х\s+)?|[а-яё]+\s+)?(?:рабоч[а-яё]*\s+|календарн[а-яё]*\s+)?"
    r"(?:дн|день|дня|недел|месяц)[а-яё]*)(?=\s*(?:[,;.)]|$))",
    re.IGNORECASE,
)


# «в течение года (не менее 4 раз)», «не менее 2 раз в течение учебного года», «ежегодно, 2 раза»: a count with no
# unit over the year is a count per year, as «не менее 4 раз в год»
_OVER_THE_YEAR = re.compile(
    r"(?<![а-яё])(?:в\s+течение\s+(?:(?:всего|учебного|текущего)\s+)*(?:года|уч\.\s*г(?:ода|\.)?)|ежегодн[а-яё]*)"
    r"(?![а-яё])",
    re.IGNORECASE,
)
_BARE_COUNT = re.compile(
    r"(?<![\w.,/а-яё])((?:не\s+(?:менее|реже)\s+)?(?:\d{1,2}|один|одного|два|двух|три|трех|четыре|четырех|пять|пяти)"
    r"\s*(?:-?\s*х\s*)?раза?)(?![а-яё])(?!\s*(?:в|за)\s)",
    re.IGNORECASE,
)


_COUNT_WITH_UNIT = re.compile(r"(?<![а-яё])раза?\s+(?:в|за)\s", re.IGNORECASE)


def _count_over_the_year(text: str) -> str:
    """The text with «N раз … в течение года» written as «N раз в год» (see `_OVER_THE_YEAR`)."""
    if _OVER_THE_YEAR.search(text) is None:
        return text
    without = _OVER_THE_YEAR.sub(" ", text)
    if _COUNT_WITH_UNIT.search(without) or not _BARE_COUNT.search(without):  # «2 раза в месяц»: its own unit
        return text
    if _SHORTER_RECURRENCE.search(without):  # «ежемесячно в течение учебного года; летом – 1 раз»: the year is theirs
        return _BARE_COUNT.sub(r"\1 в год", text, count=1)
    return _BARE_COUNT.sub(r"\1 в год", without, count=1)


_SHORTER_RECURRENCE = re.compile(r"(?<![а-яё])еже(?:месячн|недельн|дневн)", re.IGNORECASE)


# «на августовском педсовете», «к августовскому совещанию»: a meeting named by its month is held in that month, and
# what is prepared for it is due then
_MONTH_ADJECTIVES = (
    *("январск", "февральск", "мартовск", "апрельск", "майск", "июньск", "июльск", "августовск", "сентябрьск"),
    *("октябрьск", "ноябрьск", "декабрьск"),
)
_MONTH_MEETING = re.compile(
    r"(?<![а-яё])(?:(?:к|ко|до)\s+)?(" + "|".join(_MONTH_ADJECTIVES) + r")[а-яё]*\s+"
    r"(?:(?:муниципальн|районн|городск|областн)[а-яё]*\s+)?"
    r"(?:педсовет|педагогическ[а-яё]*\s+совет|совещани|конференци|заседани|совет)[а-яё]*",
    re.IGNORECASE,
)


def _month_meeting(match: re.Match[str]) -> str:
    return MONTHS_NOMINATIVE[_MONTH_ADJECTIVES.index(match.group(1).lower())]


# «между 10 и 20 мая», «от 01.09.2024 до 31.05.2025»: a range, as «с 10 по 20 мая»
_DAY_OR_DATE = r"\d{1,2}(?:\.\d{1,2}(?:\.(?:19|20)?\d\d)?)?"
_BETWEEN = re.compile(
    r"(?<![а-яё])между\s+(" + _DAY_OR_DATE + r")\s+и\s+(?=" + _DAY_OR_DATE + r"(?![\d.]))", re.IGNORECASE
)
_FROM_TO = re.compile(
    r"(?<![а-яё])от\s+(?=" + _DAY_OR_DATE + r"(?:\s+" + _MONTH + r")?(?:\s+(?:19|20)\d\d)?\s*(?:г\.?)?\s+до\s+\d)",
    re.IGNORECASE,
)
# «09-12.2024»: months by number, a dash apart, with their year
_MONTHS_OF_YEAR = re.compile(r"(?<![\d.,/])(\d{1,2})\s*[-–—]\s*(\d{1,2})[./]((?:19|20)\d\d)(?![\d./])")


def _months_of_year(match: re.Match[str]) -> str:
    first, last = int(match.group(1)), int(match.group(2))
    if not 1 <= first < last <= 12:
        return match.group(0)
    return f"{MONTHS_NOMINATIVE[first - 1]} - {MONTHS_NOMINATIVE[last - 1]} {match.group(3)}"


# «на 1-й неделе каждой четверти», «во 2-ю декаду»: a digit ordinal before a week or a decade, as the word
_DIGIT_PART = re.compile(
    r"(?<![\d.,])(?<![\d.,][-–—])([1-4])\s*-?\s*(?:й|я|ю|ой|ая|ую|ей|ый)\s+(?=(?:недел|декад)[а-яё]*)",
    re.IGNORECASE,
)
_PART_ORDINALS = ("первая ", "вторая ", "третья ", "четвертая ")


def _digit_part(match: re.Match[str]) -> str:
    return _PART_ORDINALS[int(match.group(1)) - 1]


# «каждое 1 сентября», «каждого 25 мая»: that day of each year
_EACH_DAY_OF_MONTH = re.compile(
    r"(?<![а-яё])кажд(?:ое|ого|ый)\s+(\d{1,2})\s+(" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё])", re.IGNORECASE
)
# «1 раз в четверть (последняя неделя)», «ежемесячно (конец месяца)»: the part of each period in brackets after it
_UNIT_GENITIVE = {"четверт": "четверти", "месяц": "месяца", "квартал": "квартала", "триместр": "триместра"}
# «1 раз в четверть, последняя неделя», «ежеквартально: первая неделя»: the same part after a comma (a colon, a dash),
# ending the text
_PART_WORDS = (
    r"(?:перв|втор|трет|последн)[а-яё]*\s+(?:недел|декад)[а-яё]*|начал[а-яё]*|конец|конц[а-яё]*|середин[а-яё]*"
)
_UNIT_THEN_PART = re.compile(
    r"(?<![а-яё])(?P<each>еже)?(?P<unit>четверт|месяц|квартал|триместр)(?P<end>[а-яё]*)\s*(?:\(\s*(?:в\s+|во\s+)?"
    r"(?P<part>" + _PART_WORDS + r")\s*\)|\s*(?:,|:|[-–—])\s*(?:в\s+|во\s+)?(?P<after>" + _PART_WORDS + r")\s*$)",
    re.IGNORECASE,
)


# «1 раз в четверть (3-4 неделя)», «ежеквартально, 2-я неделя»: those weeks of each term (quarter, trimester), as «с 3
# по 4 неделю каждой четверти» (`recurrence` reads it); a month's weeks are its days (`_WEEKS_OF_EACH_MONTH`)
_WEEK_NUMBER = r"[1-8]\s*(?:-?\s*(?:я|ая|й|ой)(?![а-яё]))?"
_WEEKS_WRITTEN = (
    r"(?P<first>" + _WEEK_NUMBER + r")(?:\s*[-–—]\s*(?P<last>" + _WEEK_NUMBER + r"))?\s*(?:недел[а-яё]*|нед\.?)"
)
_TERM_THEN_WEEKS = re.compile(
    r"(?<![а-яё])(?P<head>(?:еже)?(?P<unit>четверт|квартал|триместр)[а-яё]*)\s*(?:\(\s*(?:в\s+|во\s+|на\s+)?"
    + _WEEKS_WRITTEN.replace("(?P<", "(?P<a_")
    + r"\s*\)|\s*(?:,|:|[-–—])\s*(?:в\s+|во\s+|на\s+)?"
    + _WEEKS_WRITTEN
    + r"\s*$)",
    re.IGNORECASE,
)


def _term_then_weeks(match: re.Match[str]) -> str:
    first = match.group("a_first") or match.group("first")
    last = match.group("a_last") or match.group("last") or first
    numbers = int(first[0]), int(last[0])
    if numbers[0] > numbers[1]:
        return match.group(0)
    unit = match.group("unit").lower()
    each = "каждой" if unit == "четверт" else "каждого"
    return f"{match.group('head')}, с {numbers[0]} по {numbers[1]} неделю {each} {_UNIT_GENITIVE[unit]}"


def _unit_then_part(match: re.Match[str]) -> str:
    unit = match.group("unit").lower()
    part = match.group("part") or match.group("after")
    return (
        f"{match.group('each') or ''}{match.group('unit')}{match.group('end')}, {part} каждого {_UNIT_GENITIVE[unit]}"
    )


# «каждую весну», «каждое лето»: that season of each year
_EACH_SEASON = re.compile(r"(?<![а-яё])кажд[а-яё]+\s+(весн|осен|зим|лет)[а-яё]*", re.IGNORECASE)
_SEASON_WORDS = {"весн": "весной", "осен": "осенью", "зим": "зимой", "лет": "летом"}
# «пн-пт», «пн – пт»: Monday to Friday
_MONDAY_TO_FRIDAY = re.compile(r"(?<![а-яё])пн\.?\s*[-–—]\s*пт\.?(?![а-яё])", re.IGNORECASE)


def _each_season(match: re.Match[str]) -> str:
    return f"ежегодно {_SEASON_WORDS[match.group(1).lower()]}"


# «с I по III четверть», «с 1 по 2 полугодие»: the numbered periods from the one to the other, as «I-III четверть»
_NUMBERED_FROM_TO = re.compile(
    r"(?<![а-яёa-z])с\s+([IVX]{1,4}|[1-4])(?:\s*-?\s*[а-яё]{1,3})?\s+(?:по|до)\s+"
    r"(?=(?:[IVX]{1,4}|[1-4])(?:\s*-?\s*[а-яё]{1,3})?\s+(?:четверт|полугоди|триместр|квартал))",
    re.IGNORECASE,
)


# «на следующий день после окончания четверти»: a day after it, as «через 1 день после …»; «по 1 разу в месяц»: «1 раз»
_NEXT_DAY_AFTER = re.compile(
    r"(?<![а-яё])(?:на\s+)?следующ[а-яё]+\s+(?P<work>рабоч[а-яё]+\s+)?день\s+после", re.IGNORECASE
)


def _next_day_after(match: re.Match[str]) -> str:
    return f"через 1 {'рабочий ' if match.group('work') else ''}день после"


_ONCE_EACH = re.compile(r"(?<![а-яё])по\s+(\d{1,2}|одному)\s+разу(?![а-яё])", re.IGNORECASE)


# «ежемесячно по последним пятницам», «по первым понедельникам месяца»: that weekday of each month
_NTH_WEEKDAYS_PLURAL = re.compile(
    r"(?<![а-яё])по\s+(последним|первым|вторым|третьим|четвертым)\s+"
    r"(понедельникам|вторникам|средам|четвергам|пятницам|субботам|воскресеньям)(?![а-яё])",
    re.IGNORECASE,
)
_NTH_WEEKDAY_WORDS = {
    "понедельникам": ("m", "понедельник"), "вторникам": ("m", "вторник"), "средам": ("f", "среду"),
    "четвергам": ("m", "четверг"), "пятницам": ("f", "пятницу"), "субботам": ("f", "субботу"),
    "воскресеньям": ("n", "воскресенье"),
}  # fmt: skip
_NTH_STEMS = {"последним": "последн", "первым": "перв", "вторым": "втор", "третьим": "трет", "четвертым": "четверт"}
_NTH_ENDINGS = {"m": ("ий", "ый"), "f": ("юю", "ую"), "n": ("ее", "ое")}


def _nth_weekdays_plural(match: re.Match[str]) -> str:
    gender, accusative = _NTH_WEEKDAY_WORDS[match.group(2).lower()]
    stem = _NTH_STEMS[match.group(1).lower()]
    soft, hard = _NTH_ENDINGS[gender]
    ending = soft if stem in ("последн", "трет") else hard
    if stem == "трет":
        ending = {"m": "ий", "f": "ью", "n": "ье"}[gender]
    return f"в {stem}{ending} {accusative}"


# «2 раза в месяц, по пятницам», «дважды в месяц (по средам)», «2 раза в месяц: вторник»: one weekday twice a month
# is its first and third in each month (every other week, the same in every month)
_TWICE_A_MONTH_ON = re.compile(
    r"(?<![\d])2\s+раза\s+в\s+месяц\s*(?:(?:[,:–—-]\s*|\(\s*)?по\s+"
    r"(понедельникам|вторникам|средам|четвергам|пятницам|субботам|воскресеньям)"
    r"|(?:[,:–—-]\s*|\(\s*)(понедельник|вторник|среда|четверг|пятница|суббота|воскресенье))(?![а-яё])(?:\s*\))?"
    r"(?!\s*(?:,|и)\s*(?:по\s+)?(?:понедельник|вторник|сред|четверг|пятниц|суббот|воскресень))",
    re.IGNORECASE,
)
_FIRST_AND_THIRD = {"m": "в первый и третий", "f": "в первую и третью", "n": "в первое и третье"}


_WEEKDAY_DATIVES = {"понедельник": "понедельникам", "вторник": "вторникам", "среда": "средам", "четверг": "четвергам"}
_WEEKDAY_DATIVES |= {"пятница": "пятницам", "суббота": "субботам", "воскресенье": "воскресеньям"}


def _twice_a_month_on(match: re.Match[str]) -> str:
    plural = match.group(1) or _WEEKDAY_DATIVES[match.group(2).lower()]
    gender, accusative = _NTH_WEEKDAY_WORDS[plural.lower()]
    return f"2 раза в месяц, {_FIRST_AND_THIRD[gender]} {accusative}"


# «в конце каждого учебного года», «к началу каждого учебного года»: «ежегодно в конце учебного года» (May of each),
# not the whole of each school year
_EDGE_OF_EACH_YEAR = re.compile(
    r"(?<![а-яё])(?P<by>(?:в|до|к|на)\s+)(?P<edge>(?:конц[еау]|конец|начал[еауо])(?:\s+и\s+(?:(?:в|к|на)\s+)?(?:конц[еау]|конец))?)\s+"
    r"кажд(?:ого|ый)\s+(?P<school>уч(?:ебн\w*|\.)\s*)?"
    r"год(?:а|у)?(?![а-яё])",
    re.IGNORECASE,
)


def _edge_of_each_year(match: re.Match[str]) -> str:
    school = "учебного " if match.group("school") else ""
    return f"ежегодно {match.group('by')}{match.group('edge')} {school}года"


# «до мая включительно», «по май 2025 г. (включительно)»: through the whole month, as «до конца мая»
_THROUGH_MONTH_INCLUSIVE = re.compile(
    r"(?<![а-яё])(?:до|по)\s+(?P<month>" + _MONTH + r")(?P<year>\s+(?:19|20)\d\d(?:\s*(?:г\.?|года?)(?![а-яё]))?)?"
    r"\s*\(?\s*(?:включительно|включ\.|вкл\.)\s*\)?",
    re.IGNORECASE,
)


def _through_month_inclusive(match: re.Match[str]) -> str:
    month = month_number(match.group("month").rstrip(".").lower())
    if month is None:
        return match.group(0)
    year = match.group("year") or ""
    return f"до конца {MONTHS_GENITIVE[month - 1]}{year} "


# «1 р/м», «1 р/г», «2 р/кв»: the unit after «раз в» cut to its first letters
_SHORT_UNITS = {"м": "месяц", "г": "год", "н": "неделю", "кв": "квартал", "ч": "четверть", "п": "полугодие"}
_SHORT_UNIT = re.compile(r"(?<![а-яё])(раза?\s+в\s+)(м|г|н|кв|ч|п)\.?(?![а-яё])", re.IGNORECASE)


def _short_unit(match: re.Match[str]) -> str:
    return match.group(1) + _SHORT_UNITS[match.group(2).lower()]


# «до 3 декады мая» is due before the third decade starts (20 May), «с 3 декады мая» from its first day (21 May); a
# range «с 1 по 2 декаду» is left to the decades' own reading
_DECADE_NUMBERS = {"1": 1, "i": 1, "перв": 1, "2": 2, "ii": 2, "втор": 2, "3": 3, "iii": 3, "трет": 3}
_EDGE_OF_DECADE = re.compile(
    r"(?<![а-яё])(?P<word>до|к|ко|не\s+позднее|с|со|начиная\s+с)\s+(?P<n>[123]|i{1,3}|перв|втор|трет)[а-яё]*"
    r"(?:\s*-?\s*[а-яё]{1,3})?\s+декад[а-яё]*\s+(?P<month>"
    + "|".join(MONTHS_GENITIVE)
    + r"|каждого\s+месяца)(?![а-яё])(?!\s*(?:по|до|[-–—])\s)",
    re.IGNORECASE,
)


def _edge_of_decade(match: re.Match[str]) -> str:
    number, month = _DECADE_NUMBERS[match.group("n").lower()], match.group("month")
    each = month.lower().startswith("кажд")  # «до 3 декады каждого месяца»: by the 20th of each
    if match.group("word").lower().startswith(("с", "начиная")):
        return match.group(0) if each else f"с {10 * number - 9} {month}"
    if each:
        return f"до {10 * number - 10} числа каждого месяца" if number > 1 else match.group(0)
    if number == 1:  # «до 1 декады мая»: before May, as «до мая»
        return f"до {month}"
    return f"до {10 * number - 10} {month}"


# «ежемесячно до 3 декады»: in a monthly text, by the day before that decade of each month
_EDGE_OF_DECADE_BARE = re.compile(
    r"(?<![а-яё])(?:до|к|ко|не\s+позднее)\s+(?P<n>[23]|i{2,3}|втор|трет)[а-яё]*(?:\s*-?\s*[а-яё]{1,3})?\s+декад[а-яё]*"
    r"(?=\s*(?:[,;.)]|$))",
    re.IGNORECASE,
)


def _edge_of_decade_bare(match: re.Match[str]) -> str:
    if not _MONTHLY_TEXT.search(match.string):
        return match.group(0)
    return f"до {10 * _DECADE_NUMBERS[match.group('n').lower()] - 10} числа"


# «еженедельно (пн-чт)»: the days of a week's window, as «понедельник - четверг» («пн-пт» alone is every workday)
_SHORT_WEEKDAY_NAMES = {"пн": "понедельник", "вт": "вторник", "ср": "среда", "чт": "четверг", "пт": "пятница"}
_SHORT_WEEKDAYS_DASHED = re.compile(r"(?<![а-яё])(пн|вт|ср|чт)\.?\s*[-–—]\s*(вт|ср|чт|пт)\.?(?![а-яё])", re.IGNORECASE)


def _short_weekdays_dashed(match: re.Match[str]) -> str:
    first, last = match.group(1).lower(), match.group(2).lower()
    return f"{_SHORT_WEEKDAY_NAMES[first]} - {_SHORT_WEEKDAY_NAMES[last]}"


# «до 20-х чисел сентября» is due by the 20th; «в 20-х числах сентября» are the days numbered 20-29 (10-19)
_TENS_OF_DAYS = re.compile(
    r"(?<![а-яё])(?P<word>до|к|ко|с|со|в|во)\s+(?P<tens>[12]0)\s*-?\s*(?:х|ых|м|ым)\s+(?:числ[а-яё]*|чисел)\s+(?P<month>"
    + "|".join(MONTHS_GENITIVE)
    + r")(?![а-яё])",
    re.IGNORECASE,
)


def _tens_of_days(match: re.Match[str]) -> str:
    word, tens, month = match.group("word").lower(), int(match.group("tens")), match.group("month")
    if word.startswith("в"):
        return f"с {tens} по {tens + 9} {month}"
    return f"{'с' if word.startswith('с') else 'до'} {tens} {month}"


# «ноябрь ~ декабрь», «20 ~ 25 мая»: a tilde between two dates is a dash (alone before a date, «около»)
_TILDE_BETWEEN = re.compile(r"(?<=[\wа-яё.])\s*~\s*(?=[\wа-яё])")
# «в новогодние праздники»: the New Year's days off, 1-8 January (the Labour Code, art. 112)
_NEW_YEAR_DAYS = re.compile(
    r"(?<![а-яё])(?:(?:в|во)\s+(?:(?:период|дни|время)\s+)?|на\s+|^\W*)новогодн[а-яё]*\s+(?:праздник|праздничн[а-яё]*\s+дн)[а-яё]*",
    re.IGNORECASE,
)
# «за неделю до Нового года», «за 3 дня до новогодних праздников»: counted back from 1 January itself (not from the
# 31 December «до Нового года» is due by)
_BEFORE_NEW_YEAR = re.compile(
    r"(?<![а-яё])(за\s+(?:\S+\s+){0,2}(?:дн|день|недел|месяц)[а-яё]*\s+)до\s+(?:нового\s+года|новогодн[а-яё]*\s+"
    r"праздник[а-яё]*)(?![а-яё])",
    re.IGNORECASE,
)
# «после новогодних праздников», «после Нового года» name no date, as «после зимних каникул»
# «к Новому 2025 году», «до нового 2025 года»: by 31 December of the year before the one written (the year is the new
# one, not the year of the deadline); «за неделю до нового 2025 года» counts back from 1 January itself
_NEW_YEAR_WRITTEN = re.compile(
    r"(?<![а-яё])(?P<by>к|ко|до|перед|накануне)\s+нов(?:ого|ому|ым)\s+(?P<year>(?:19|20)\d\d)\s*(?:год(?:а|у|ом)|г\.)",
    re.IGNORECASE,
)
_COUNTED_BACK = re.compile(r"(?<![а-яё])за\s+(?:\S+\s+){0,2}(?:дн|день|недел|месяц)[а-яё]*\s+$", re.IGNORECASE)


def _new_year_written(match: re.Match[str]) -> str:
    year = int(match.group("year"))
    if _COUNTED_BACK.search(match.string[: match.start()]):
        return f"до 01.01.{year}"
    return f"{'' if match.group('by').lower() == 'накануне' else 'до '}31.12.{year - 1}"


_AFTER_NEW_YEAR_DAYS = re.compile(
    r"(?<![а-яё])(после|по\s+окончании)\s+(?:новогодн[а-яё]*\s+праздник[а-яё]*|нового\s+года(?![а-яё]))", re.IGNORECASE
)
# «в отчетный период», «в отчетном периоде» are the plan's period, as «в течение отчетного периода» is read
_REPORTING_PERIOD = re.compile(r"(?<![а-яё])в\s+отч[её]тн(?:ый|ом)\s+период[еа]?(?![а-яё])", re.IGNORECASE)
# «с 1 по 2 декаду мая»: the days of both, as «1-2 декада мая»
_DECADES_FROM_TO = re.compile(
    r"(?<![а-яё])с\s+([123]|i{1,3})(?:\s*-?\s*[а-яё]{1,3})?\s+по\s+([123]|i{1,3})(?:\s*-?\s*[а-яё]{1,3})?\s+(?=декад)",
    re.IGNORECASE,
)
# «25.12.2024 до 15:00», «25.12.2024 г., не позднее 12.00»: due by that time of the day, so by the day
_DATE_THEN_TIME = re.compile(
    r"(?<![\d.])(?P<date>\d{1,2}\.\d{1,2}\.(?:19|20)?\d\d(?:\s*г\.?)?)\s*,?\s*(?:до|не\s+позднее|не\s+позже)\s+"
    r"(?=(?:[01]?\d|2[0-3])(?::[0-5]\d|\.00|\s*ч))",
    re.IGNORECASE,
)
# «до 15 ч. 00 мин.», «15 час. 30 мин.», «до 15-00 25.12.2024», «до 15ч. 25.12.2024»: a time of day in words, or
# before a date with a dash or «ч.» alone
_HOURS_MINUTES = re.compile(
    r"(?<![\d.:])(?:[01]?\d|2[0-3])\s*(?:ч\.?\s*[0-5]\d\s*мин[а-яё]*\.?|час[а-яё]*\.?(?:\s*[0-5]\d\s*мин[а-яё]*\.?)?"
    r"|(?:-[0-5]\d|ч\.)(?=\s*\d{1,2}\.\d{1,2}\.))"
    r"(?![а-яё])",
    re.IGNORECASE,
)
# «October 2024», «Q4 2024»: English months and quarters, as their Russian names
_ENGLISH_MONTHS = (
    *("january", "february", "march", "april", "may", "june", "july", "august"),
    *("september", "october", "november", "december"),
)
_ENGLISH_MONTH = re.compile(r"(?<![a-z])(" + "|".join(_ENGLISH_MONTHS) + r")(?![a-z])", re.IGNORECASE)
_QUARTER_Q = re.compile(r"(?<![a-z\d])q([1-4])(?![a-z\d])", re.IGNORECASE)


def _english_month(match: re.Match[str]) -> str:
    return MONTHS_NOMINATIVE[_ENGLISH_MONTHS.index(match.group(1).lower())]


def _quarter_q(match: re.Match[str]) -> str:
    return ("I", "II", "III", "IV")[int(match.group(1)) - 1] + " квартал"


# «в первые (последние) дни сентября»: as «в начале (конце) сентября»; «в двадцатых числах» as «в 20-х»
_FIRST_LAST_DAYS = re.compile(
    r"(?<![а-яё])(?:в\s+)?(?P<edge>перв|последн)(?:ые|ых|ие|их)\s+дн(?:и|ях|ей)\s+(?=" + _MONTH + r")", re.IGNORECASE
)
_TWENTIES = re.compile(r"(?<![а-яё])двадцат(?:ых|ые)\s+(?=числ|чисел)", re.IGNORECASE)
# «по будням», «в будни», «в будние дни»: the working days, as «в рабочие дни»
_WEEKDAYS_WORKING = re.compile(r"(?<![а-яё])(?:по\s+будням|в\s+будни(?:е\s+дни)?)(?![а-яё])", re.IGNORECASE)
# «не позднее каждого понедельника», «до каждой пятницы»: by that day of each week
_BY_EACH_WEEKDAY = re.compile(
    r"(?<![а-яё])(?:не\s+(?:позднее|позже)|до|к|ко)\s+кажд(?:ого|ой)\s+"
    r"(?P<day>понедельника|вторника|среды|четверга|пятницы|субботы)(?![а-яё])",
    re.IGNORECASE,
)
# «по итогам I полугодия, до 15 января», «по окончании учебного года – до 15 июня» as the whole text: the day is the
# deadline, the period what is reported on, as «до 15 января (по итогам I полугодия)»
_RESULTS_THEN_BY = re.compile(
    r"^\W*(?P<what>по\s+(?:итогам|окончании|завершении|результатам)\s+[^,;:()]+?)\s*(?:,|:|\s[-–—]\s)\s*"
    r"(?P<by>(?:до|к|не\s+позднее|не\s+позже)\s+\d[^,;:()]*?)\W*$",
    re.IGNORECASE,
)


# «при подготовке к новому учебному году», «в ходе подготовки к учебному году»: by its start, as «до начала …»
_PREPARING_YEAR = re.compile(
    r"(?<![а-яё])(?:при|в\s+ходе|в\s+период|в\s+рамках)\s+подготовк[а-яё]*\s+к\s+"
    r"(?:(?P<next>новому|следующему)\s+)?учебному\s+году(?![а-яё])",
    re.IGNORECASE,
)


def _preparing_year(match: re.Match[str]) -> str:
    return "до начала нового учебного года" if match.group("next") else "до начала учебного года"


def _first_last_days(match: re.Match[str]) -> str:
    return "в начале " if match.group("edge").lower() == "перв" else "в конце "


def _by_each_weekday(match: re.Match[str]) -> str:
    return f"еженедельно до {match.group('day').lower()}"


# «12.2024/05.2025», «20.12.2024/20.05.2025»: a slash between two whole dates lists them (not «2024/05»)
_SLASH_BETWEEN_DATES = re.compile(
    r"(?<![\d.])((?:\d{1,2}\.)?\d{1,2}\.(?:19|20)\d\d)/(?=(?:\d{1,2}\.)?\d{1,2}\.(?:19|20)\d\d(?![\d.]))"
)

# «в канун Нового года», «в канун Дня знаний»: «накануне»
_EVE_WORDS = re.compile(r"(?<![а-яё])(?:в\s+)?канун(?![а-яё])", re.IGNORECASE)
# «накануне 1 сентября», «накануне 08.03», «накануне 1-го сентября 2025 г.»: by the day before the day written, as
# «накануне Дня знаний» is (not the day itself)
_EVE_OF_DAY = re.compile(
    r"(?<![а-яё])накануне\s+(?P<day>\d{1,2})(?:\s*-?\s*(?:го|ого))?"
    r"(?:\s+(?P<month>" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё])(?:\s+(?P<year>(?:19|20)\d\d)(?!\d))?"
    r"|\.(?P<number>\d{1,2})(?:\.(?P<dotted>(?:19|20)\d\d))?(?![\d.]))",
    re.IGNORECASE,
)
# «в летнее время»: the summer, as «в летний период»
_SUMMER_TIME = re.compile(r"(?<![а-яё])в\s+летнее\s+время(?![а-яё])", re.IGNORECASE)


def _eve_of_day(match: re.Match[str]) -> str:
    """«накануне 1 сентября» → «до 31 августа», «накануне 01.01.2025» → «до 31.12.2024»; an impossible day is left
    as written (`impossible_date` refuses it)."""
    named = match.group("month")
    month = (month_number(named.lower()) or 0) if named else int(match.group("number"))
    year = match.group("year") or match.group("dotted")
    try:
        day = date(int(year or 2001), month, int(match.group("day")))
    except ValueError:
        return match.group(0)
    eve = day - timedelta(days=1)
    if named:
        return f"до {eve.day} {MONTHS_GENITIVE[eve.month - 1]}" + (f" {eve.year}" if year else "")
    return f"до {eve.day:02d}.{eve.month:02d}" + (f".{eve.year}" if year else "")


# «ежеквартально (в течение 10 дней после окончания квартала)», «1 раз в четверть (не позднее 5 дней после окончания
# четверти)», «ежемесячно (за 5 дней до конца месяца)»: a time counted from each period's edge in brackets after the
# recurrence is read as after a comma (not left out for the whole period); beside a date or a month («до 10.01.2025 (в
# течение 10 дней после окончания I полугодия)», «май (за 10 дней до …)») the brackets stay as they were read
_OFFSET_IN_BRACKETS = re.compile(
    r"^(?![^(]*\d[.,/]\d)(?![^(]*(?:19|20)\d\d)"
    r"(?=[^(]*(?:еже|раза?\s+в\s|кажд|по\s+итогам|по\s+(?:четвертям|полугодиям|кварталам|триместрам)))"
    r"(?P<head>[^()]*[^()\s])\s*\(\s*"
    r"((?:(?:не\s+(?:позднее|позже|менее)\s+(?:чем\s+)?)?за|в\s+течени[еи]|через|спустя"
    r"|(?:в\s+срок\s+)?не\s+(?:позднее|позже)(?:\s+чем)?)\s+[^()]*?(?:дн|день|недел|месяц)[^()]*?\s"
    r"(?:до|перед|после|по\s+окончании|по\s+завершении)\s+[^()]*?\S)\s*\)\s*$",
    re.IGNORECASE,
)

_STEPS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (_SCHOOL_SHORT_UNDOTTED, "уч."),
    (_OFFSET_IN_BRACKETS, r"\g<head>, \2"),
    (_EVE_WORDS, "накануне"),
    (_EVE_OF_DAY, _eve_of_day),
    (_SUMMER_TIME, "в летний период"),
    (_SLASH_BETWEEN_DATES, r"\1, "),
    (_FIRST_LAST_DAYS, _first_last_days),
    (_DAY_WORDS_FROM_TO, _day_words_from_to),
    (_RESULTS_THEN_BY, r"\g<by> (\g<what>)"),
    (_TWENTIES, "20-х "),
    *_SHORT_WORDS,
    (_SHORT_UNIT, _short_unit),
    (_THROUGH_MONTH_INCLUSIVE, _through_month_inclusive),
    (_ENGLISH_MONTH, _english_month),
    (_QUARTER_Q, _quarter_q),
    (_TILDE_BETWEEN, " - "),
    (_NEW_YEAR_WRITTEN, _new_year_written),
    (_BEFORE_NEW_YEAR, r"\1до 1 января следующего года"),
    (_NEW_YEAR_DAYS, "с 1 по 8 января "),
    (_AFTER_NEW_YEAR_DAYS, r"\1 зимних каникул"),
    (_DECADES_FROM_TO, lambda m: f"{_DECADE_NUMBERS[m.group(1).lower()]}-{_DECADE_NUMBERS[m.group(2).lower()]} "),
    (_REPORTING_PERIOD, "в течение отчетного периода"),
    (_EDGE_OF_DECADE, _edge_of_decade),
    (_TENS_OF_DAYS, _tens_of_days),
    (_EDGE_OF_DECADE_BARE, _edge_of_decade_bare),
    (_SHORT_WEEKDAYS_DASHED, _short_weekdays_dashed),
    (_DATE_THEN_TIME, r"до \g<date> "),
    (_MONTH_AFTER_REPORT, _month_after_report),
    (_BROKEN_WORD, _broken_word),
    (_BROKEN_DATE, r"\1\2"),
    (_WRAPPED_YEAR, r"\1 "),
    (_EDGE_OF_EACH_YEAR, _edge_of_each_year),
    (_SEMESTER, _semester),
    (_OTHER_WEEK, _other_week),
    (_AND_ON, _and_on),
    (_MONTH_THEN_DAY, _month_then_day),
    (_NTH_WEEKDAYS_PLURAL, _nth_weekdays_plural),
    (_TIME_SPAN, _time_span),
    (_TIME_OF_DAY, " "),
    (_HOURS_MINUTES, " "),
    (_DANGLING_COMMA, ""),
    (_WEEKDAYS_WORKING, "в рабочие дни"),
    (_BY_EACH_WEEKDAY, _by_each_weekday),
    (_PREPARING_YEAR, _preparing_year),
    (_MONTH_MEETING, _month_meeting),
    (_DIGIT_PART, _digit_part),
    (_NEXT_DAY_AFTER, _next_day_after),
    (_ONCE_EACH, r"\1 раз"),
    (_NUMBERED_FROM_TO, r"\1-"),
    (_MONTH_SHORT_YEAR, _month_short_year),
    (_SHORT_SCHOOL_YEAR, _short_school_year),
    (_MONTHS_TWO_DIGIT_YEARS, _months_two_digit_years),
    (_MONTH_TWO_DIGIT_YEAR, r"\g<month> 20\g<year> "),
    (_FIRST_WEEK_AFTER, "в течение недели "),
    (_FIRST_AFTER, ""),
    (_FROM_THEN_WITHIN, r"\g<within> \g<from> \g<day>"),
    (_EVENT_THEN_WITHIN, r"\g<within> \g<event>"),
    (_ISO_DATE, r"\4.\3.\1"),
    (_MONTHS_OF_YEAR, _months_of_year),
    (_BETWEEN, r"с \1 по "),
    (_FROM_TO, "с "),
    (_DAY_ROMAN_MONTH, _day_roman_month),
    (_AS_OF, _as_of),
    (_MONTH_THEN_DEADLINE, r"\g<month> (\g<by>)"),
    (_SLASHED_DATE, r"\1.\2.\3"),
    (_SPACED_DATE, r"\1.\2.\3"),
    (_SLASHED_DAY, r"\1.\2"),
    (_HYPHEN_DATE, r"\1.\2.\3"),
    (_MONTH_OF_YEAR, _month_of_year),
    (_YEAR_OF_MONTH, _year_of_month),
    (_ROMAN_MONTHS_YEAR, _roman_months_year),
    (_ROMAN_MONTHS_SPAN, _roman_months_span),
    (_ROMAN_MONTH_OF_YEAR, _roman_month_of_year),
    (_MONTH_IN_YEARS, _month_in_years),
    (_YEARS_THEN_MONTH, _years_then_month),
    (_SPAN_THEN_MONTHS, _span_then_months),
    (_BOUNDARY_ASIDE, _boundary_aside),
    (_RESULTS_ASIDE, _boundary_aside),
    (_RESULTS_THEN_WHEN, _results_then_when),
    (_MONTH_WORD_AFTER, r"\1"),
    (_THROUGH_MONTH, _through_month),
    (_REPORTED_MONTH, _reported_month),
    (_DASH_UNTIL, _dash_until),
    (_UNTIL, _until),
    (_UNTIL_YEAR, _until_year),
    (_AFTER_SCHOOL_YEAR, _after_school_year),
    (_SCHOOL_UNIT, _school_unit),
    (_EACH_TRIMESTER, r"\g<edge> каждого триместра"),
    (_FIRST_OF_SCHOOL_YEAR, _first_of_school_year),
    (_EDGE_DAY_OF_MONTH, _edge_day_of_month),
    (_WEEKS_OF_MONTH, _weeks_of_month),
    (_WEEKS_OF_EACH_MONTH, _weeks_of_each_month),
    (_NEW_SCHOOL_YEAR, r"\g<by> началу нового учебного года"),
    (_MONDAY_TO_FRIDAY, "понедельник - пятница"),
    (_ON_SHORT_WEEKDAY, _on_short_weekday),
    (_BY_WEEKDAY, _by_weekday),
    (_WEEKDAY_LIST, _weekday),
    (_EACH_SEASON, _each_season),
    (_START_AND_END, "сентябрь и май"),
    (_EDGES_OF_SCHOOL_YEAR, _edges_of_school_year),
    (_COMMA_DATE, r"\1.\2.\3"),
    (_ORDINAL_DAY, _ordinal_day),
    (_DAY_WORD, _day_word),
    (_EACH_DAY_OF_MONTH, r"ежегодно \1 \2"),
    (_EACH_DAY_NUMBER, r"\1 числа каждого месяца"),
    (_DAYS_DASHED, _days_dashed),
    (_DAYS_BARE, _days_bare),
    (_TERM_THEN_WEEKS, _term_then_weeks),
    (_UNIT_THEN_PART, _unit_then_part),
    (_BY_DAY_NUMBER, r"до \1 числа"),
    (_BY_ORDINAL_DAY, r"\1 \2 числа"),
    (_BY_BARE_DAY, _by_bare_day),
    (_ORDINAL_DAY_ALONE, _ordinal_day_alone),
    (_EDGE_DAYS, _edge_days),
    (_GLUED_DIGIT, r"\1 "),
    (_TERM_LENGTH, _term_length),
    (_BEFORE_START, "до начала "),
    (_HOLIDAYS_THEN_SEASONS, _holidays_then_seasons),
    (_SHARED_PART, _shared_part),
    (_SCHOOL_DAY, ""),
    (_AFTER_DATE, _after_date),
    (_SCHOOL_YEAR_THEN_NUMBERED, _numbered_of_school_year),
    (_YEAR_THEN_NUMBERED, r"\2 \1 г."),
    (_NOT_EARLIER_NOT_LATER, r"с \g<first> по "),
    (_NOT_LATER_MONTH, "до конца "),
    (_NOT_LATER_YEAR, r"до 31.12.\1"),
    (_SCHOOL_TERM, ""),
    (_MONTH_OF_EACH, _month_of_each),
    (_PERIOD_THEN_MONTH, _label_dropped),
    (_SCHOOL_YEAR_THEN_MONTHS, _months_of_school_year),
    (_MONTHS_THEN_SCHOOL_YEAR, _months_of_school_year),
    (_MONTHS_DASH_SCHOOL_YEAR, _months_of_school_year),
    (_MONTH_DASH_YEAR, r"\1 \2"),
    (_SCHOOL_WORD_FIRST, r"\2 \1 \3"),
    (_MONTHS_THEN_YEAR, r"\1 \2"),
    (_REPORTED_YEAR, _reported_year),
    (_ORDINAL_STAGE, r"\1"),
    (_MONTHS_THEN_STAGES, _months_then_stages),
    (_RESULTS_OF_YEAR_THEN_MONTH, _label_dropped),
    (_RESULTS_OF_PERIOD, "по итогам"),
    (_MONTH_THEN_PART, _month_then_part),
    (_ORDINAL_WEEKDAY, _ordinal_weekday),
    (_HALF_OF_YEAR, _half_of_year),
    (_HALF_OF_SCHOOL_YEAR, _half_of_school_year),
    (_START_OF_YEAR, r"январь \g<year>"),
    (_SHARED_HOLIDAYS, r"\1 каникулы"),
    (_TWICE_A_MONTH_ON, _twice_a_month_on),
)
"""The replacements of `spell_out`, in the order they run: a later one reads what the earlier ones wrote."""


# «III чeтв.», «ежекварталнo», «пo итогам»: Latin letters typed inside a Russian word, read as the Cyrillic ones they
# look like before the shorthand is read (not I, V, X: «IIIчетверть» is a Roman numeral glued to its noun)
_MIXED_WORD = re.compile(r"[A-Za-zА-Яа-яЁё]*(?:[a-zA-Z][А-Яа-яЁё]|[А-Яа-яЁё][a-zA-Z])[A-Za-zА-Яа-яЁё]*")
_CYRILLIC_LOOKALIKES = str.maketrans("abcehkmoptxyABCEHKMOPTY", "авсенкмортхуАВСЕНКМОРТУ")


def _mixed_word(match: re.Match[str]) -> str:
    return match.group(0).translate(_CYRILLIC_LOOKALIKES)


# «c 1 по 5 число», «в течение 2 недель c момента …», «B течение года»: a Russian preposition of one or two letters
# typed in Latin ones that look alike (in a Russian text only: «Q4 2024», «October 2024» stay as they are)
_LATIN_PREPOSITION = re.compile(
    r"(?<![A-Za-zА-Яа-яЁё\d])(?:[cCkK][oO]?|[oOaAyYB](?!\d))(?![A-Za-zА-Яа-яЁё])"
)  # not an «O» before digits, a zero typed as a letter («O1.10.2024»)
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _latin_preposition(text: str) -> str:
    if not _CYRILLIC.search(text):
        return text
    return _LATIN_PREPOSITION.sub(_mixed_word, text)


def spell_out(text: str) -> str:
    """The text with its shorthand spelled out (see the module); any other text unchanged."""
    text = _latin_preposition(text)
    text = _MIXED_WORD.sub(_mixed_word, _LOOKALIKE_YEAR.sub(_lookalike_date, text))
    text = spelt_right(_latin_roman(_LOOKALIKE_DATE.sub(_lookalike_date, text)))
    for pattern, replacement in _STEPS:
        text = pattern.sub(replacement, text)
    return _count_over_the_year(text)


# «31.09.2024», «до 31.04», «13.2024»: a date that cannot be (a typo), which no reading should guess around
_DAY_MONTH = re.compile(r"(?<![\d.,/])(\d{1,2})\.(\d{1,2})(?:\.((?:19|20)?\d{2}))?(?![\d])")
_MONTH_YEAR = re.compile(r"(?<![\d.,/])(\d{1,2})[./]((?:19|20)\d\d)(?![\d./])")


# «до 32 мая», «5 четверть», «III полугодие», «с 20 по 10 мая»: a day, a term or a range that cannot be
_DAY_NAMED = re.compile(
    r"(?<![\d.,])(\d{1,2})\s+(?P<month>"
    + "|".join(MONTHS_GENITIVE)
    + r")(?![а-яё])(?:\s+(?P<year>(?:19|20)\d\d)(?!\d))?",
    re.IGNORECASE,
)
_PERIOD_NUMBERS = {"четверт": 4, "полугоди": 2, "триместр": 3, "квартал": 4}
_NUMBERED_PERIOD = re.compile(
    r"(?<![\d.,а-яёa-z])(\d{1,2}|[ivx]{1,4})(?:\s*-?\s*[а-яё]{1,3})?\s+"
    r"(четверт|полугоди|триместр|квартал)(?:ь|и|ью|е|я|ем|а|ом)?(?![а-яё])",
    re.IGNORECASE,
)
_ROMAN_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_REVERSED_DAYS = re.compile(
    r"(?<![а-яё])с\s+(\d{1,2})\s+(?:по|до)\s+(\d{1,2})\s+(?:" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё])",
    re.IGNORECASE,
)


def _impossible_words(text: str) -> bool:
    """Whether the text writes a day its month does not have before the month's name («31 ноября», «30 февраля», «29
    февраля 2025»; «29 февраля» with no year may be a leap year's), a numbered term, half-year, trimester or quarter
    past the last one, or a range of days of a month that runs backwards."""
    for match in _DAY_NAMED.finditer(text):
        month = MONTHS_GENITIVE.index(match.group("month").lower()) + 1
        if not 1 <= int(match.group(1)) <= calendar.monthrange(int(match.group("year") or 2000), month)[1]:
            return True
    for match in _NUMBERED_PERIOD.finditer(text):
        written = match.group(1).lower()
        number = int(written) if written.isdigit() else _ROMAN_NUMBERS.get(written, 99)
        if not 1 <= number <= _PERIOD_NUMBERS[match.group(2).lower()]:
            return True
    return any(int(m.group(1)) > int(m.group(2)) for m in _REVERSED_DAYS.finditer(text))


def impossible_date(text: str) -> bool:
    """Whether the text writes a day that its month does not have («31.09», «30.02.2025», «00.10.2024») or a
    month number past 12 beside a year («13.2024», «13/2024», «2024.13»); «15.00» (a time) is neither; or a day, a
    numbered period or a range that cannot be (`_impossible_words`)."""
    if _impossible_words(text):
        return True
    for match in _DAY_MONTH.finditer(text):
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
        if not 1 <= month <= 12:
            continue
        full_year = 2000 + int(year) if year is not None and len(year) == 2 else int(year or 2000)  # 2000 is leap
        if not 1 <= day <= calendar.monthrange(full_year, month)[1]:
            return True
    months = [match.group(1) for match in _MONTH_YEAR.finditer(text)]
    months += [match.group(2) for match in _YEAR_OF_MONTH.finditer(text)]  # «2024.13»
    return any(int(month) > 12 or int(month) == 0 for month in months)
