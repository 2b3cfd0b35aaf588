"""Shorthand methodists write in deadline cells, spelled out before the text is read: «в теч. года» is «в течение
года», «ежемес.» «ежемесячно», «дважды в месяц» «2 раза в месяц», «15/09/2024» «15.09.2024», «до 25-го мая» «до
25 мая», «осенние, весенние каникулы» «осенние каникулы, весенние каникулы», «первая половина 2025 года» «I
полугодие 2025 года», «в начале 2025 года» «январь 2025». The schedule keeps the text as written.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

from services.roadmap.schedules.parser.months import MONTHS_GENITIVE, MONTHS_NOMINATIVE

_SHORT_WORDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![а-яё])теч\.?(?![а-яё])", re.IGNORECASE), "течение"),
    (re.compile(r"(?<![а-яё])ежемес(?:\.|(?![а-яё]))", re.IGNORECASE), "ежемесячно"),
    (re.compile(r"(?<![а-яё])еженед(?:\.|(?![а-яё]))", re.IGNORECASE), "еженедельно"),
    (re.compile(r"(?<![а-яё])ежекв(?:арт)?(?:\.|(?![а-яё]))", re.IGNORECASE), "ежеквартально"),
    (re.compile(r"(?<![а-яё])ежег(?:од)?(?:\.|(?![а-яё]))", re.IGNORECASE), "ежегодно"),
    (re.compile(r"(?<![а-яё])(?:однажды|единожды)(?![а-яё])", re.IGNORECASE), "1 раз"),
    (re.compile(r"(?<![а-яё])втечени[еи](?![а-яё])", re.IGNORECASE), "в течение"),
    # «ГИА-2025», «ВПР-2025»: the name of an exam's campaign, not the calendar year
    (re.compile(r"(?<![а-яёa-z])(ГИА|ЕГЭ|ОГЭ|ГВЭ|ВПР|НИКО)\s*-\s*(?:19|20)?\d\d(?!\d)", re.IGNORECASE), r"\1"),
    (re.compile(r"(?<![а-яё])дважды(?![а-яё])", re.IGNORECASE), "2 раза"),
    (re.compile(r"(?<![а-яё])четв\.?(?![а-яё])", re.IGNORECASE), "четверть"),
    (re.compile(r"(?<![а-яё])(?:п/г|полуг\.?|полугод\.)(?![а-яё])", re.IGNORECASE), "полугодие"),
    (re.compile(r"(?<=[\divx])(\s*-?\s*[а-яё]{0,2}\s+)пол\.(?![а-яё])", re.IGNORECASE), r"\1полугодие"),
    (re.compile(r"(?<![а-яё])мес\.?(?![а-яё])", re.IGNORECASE), "месяц"),
    (re.compile(r"(?<![а-яё])нед\.?(?![а-яё])", re.IGNORECASE), "неделю"),
    (re.compile(r"(?<=в\s)кв\.?(?![а-яё])", re.IGNORECASE), "квартал"),
    (re.compile(r"(?<![\w])(\d{1,2})\s*р\.?(?=\s*(?:/|в\s))", re.IGNORECASE), r"\1 раз"),
    (re.compile(r"(?<![а-яё])(раза?)\s*/\s*(?=[а-яё])", re.IGNORECASE), r"\1 в "),
    (re.compile("\u00ad"), ""),  # a soft hyphen inside a word
    (re.compile(r"(?<![а-яё])трижды(?![а-яё])", re.IGNORECASE), "3 раза"),
)
# «15/09/2024», «15/09/24», «15,09,2024» (a comma only with a four-digit year: «10,11,12 октября» are days)
_SLASHED_DATE = re.compile(r"(?<![\d/.,])(\d{1,2})/(\d{1,2})/((?:19|20)?\d{2})(?![\d/])")
_COMMA_DATE = re.compile(r"(?<![\d/.,])(\d{1,2}),(\d{1,2}),((?:19|20)\d{2})(?![\d,])")
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
    r"|(?<=,|\s)(пн|вт|ср|чт|пт|сб|вс)\.?(?=\s*\))",
    re.IGNORECASE,
)


def _weekday(match: re.Match[str]) -> str:
    return _WEEKDAY_SHORT[(match.group(1) or match.group(2)).lower()]


# «сентябрь 2024, 2025, 2026 гг.»: the month (or months) in each year listed after it
_MONTH = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-яё]*\.?"
_YEAR_WORD = r"(?:\s*(?:гг?\.?|год[а-яё]*)(?![а-яё]))?"
_MONTH_IN_YEARS = re.compile(
    r"(?<![а-яё])(?P<months>" + _MONTH + r"(?:\s*[-–—]\s*" + _MONTH + r")?)\s*,?\s*"
    + r"(?P<first>(?:19|20)\d\d)" + _YEAR_WORD
    + r"(?P<more>(?:\s*(?:,|и)\s*(?:19|20)\d\d" + _YEAR_WORD + r")+)(?!\s*[-–—./\d])",
    re.IGNORECASE,
)  # fmt: skip
_YEAR = re.compile(r"(?:19|20)\d\d")


def _month_in_years(match: re.Match[str]) -> str:
    months = match.group("months")
    years = [match.group("first"), *_YEAR.findall(match.group("more"))]
    return ", ".join(f"{months} {year}" for year in years)


# «в первую неделю учебного года», «первые две недели уч. года»: of September; «первый месяц» is September
_FIRST_OF_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])(?P<part>(?:перв|последн)[а-яё]*\s+(?:(?:\d{1,2}|дв[а-яё]*|тр[а-яё]*)\s+)?(?P<unit>месяц|недел|дн|дня|декад)[а-яё]*)"
    r"\s+(?:текущего\s+)?уч(?:ебн[а-яё]*|\.)\s*(?:года|г\.)",
    re.IGNORECASE,
)  # fmt: skip
# «1-2 недели сентября»: the first two weeks of it
_WEEKS_OF_MONTH = re.compile(
    r"(?<![\d.])(?P<first>[1-4])\s*[-–—]\s*(?P<last>[1-4])\s*(?:-?[а-яё]{1,3}\s+)?недел[а-яё]*\s+(?P<month>"
    + "|".join(MONTHS_GENITIVE)
    + r")(?![а-яё])",
    re.IGNORECASE,
)


def _first_of_school_year(match: re.Match[str]) -> str:
    part, unit = match.group("part"), match.group("unit").lower()
    first = part.lower().startswith("перв")
    if unit == "месяц":
        return "сентябрь" if first else "май"
    return f"{part} {'сентября' if first else 'мая'}"


def _weeks_of_month(match: re.Match[str]) -> str:
    first, last = int(match.group("first")), int(match.group("last"))
    if first >= last:
        return match.group(0)
    return f"с {(first - 1) * 7 + 1} по {last * 7} {match.group('month')}"


# «после окончания учебного года»: after lessons end in May, June
_AFTER_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])после\s+(?:окончания|завершения)\s+(?:текущего\s+)?уч(?:ебн[а-яё]*|\.)\s*(?:года|г\.)", re.IGNORECASE
)
# «до 1 сентября 2025 (до начала нового учебного года)», «май (конец учебного года)»: an aside naming the start or
# the end of a school year beside a written date or month says why, not when
_BOUNDARY_ASIDE = re.compile(
    r"\s*\(\s*(?:к|ко|до|в|на)?\s*(?:начал|конц|конец|окончани|завершени)[а-яё]*\s+"
    r"(?:(?:нов|следующ|текущ|очередн)[а-яё]+\s+)?уч(?:ебн[а-яё]*|\.)\s*(?:года|г\.?)\s*\)",
    re.IGNORECASE,
)
_DATED = re.compile(r"\d|" + _MONTH, re.IGNORECASE)
# «январь 2025 г. (по итогам 2024 года)», «июнь 2025 (по итогам 2024-2025 уч. г.)»: the year reported on, beside
# the month it is reported in
_RESULTS_ASIDE = re.compile(
    r"\s*\(\s*(?:[а-яё]+\s+){0,3}(?:по\s+итогам|за)\s+[^()]*?(?:19|20)\d\d[^()]*\)", re.IGNORECASE
)


def _boundary_aside(match: re.Match[str]) -> str:
    return " " if _DATED.search(match.string[: match.start()]) else match.group(0)


# «2024-09-01», «2024.09.01»: a date written year first
_ISO_DATE = re.compile(r"(?<![\d.\-/])((?:19|20)\d\d)([-.])(\d{1,2})\2(\d{1,2})(?![\d.\-/])")
# «12.2024», «09.2024-05.2025», «XII.2024»: a month and its year
_MONTH_OF_YEAR = re.compile(r"(?<![\d.,/])(\d{1,2})\.((?:19|20)\d\d)(?![\d.])")
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
    r"(?<![а-яё])(?:в\s+)?начал[а-яё]*\s+и\s+(?:в\s+)?(?:конц[а-яё]*|конец|окончани[а-яё]*)\s+(?:уч[а-яё]*\.?\s*)?года",
    re.IGNORECASE,
)
# «до 25-го мая», «25-е сентября»: the ending of an ordinal day before its month
_ORDINAL_DAY = re.compile(
    r"(?<![\d.])(\d{1,2})\s*-\s*(?:го|е|ое|ого|му|ому)\s+(" + "|".join(MONTHS_GENITIVE) + r")(?![а-яё])", re.IGNORECASE
)
# «до первого сентября», «к пятнадцатому октября»: a day written as an ordinal word
_DAY_WORDS = {
    **{"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8, "девят": 9},
    **{"десят": 10, "пятнадцат": 15, "двадцат": 20, "двадцать пят": 25, "тридцат": 30, "тридцать перв": 31},
}
_DAY_WORD = re.compile(
    r"(?<![а-яё])(" + "|".join(sorted(_DAY_WORDS, key=len, reverse=True)) + r")(?:ого|его|ому|ему|ое|ье)\s+("
    + "|".join(MONTHS_GENITIVE) + r")(?![а-яё])",
    re.IGNORECASE,
)  # fmt: skip


def _day_word(match: re.Match[str]) -> str:
    return f"{_DAY_WORDS[' '.join(match.group(1).lower().split())]} {match.group(2)}"


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


def _month_of_year(match: re.Match[str]) -> str:
    month = int(match.group(1))
    return f"{MONTHS_NOMINATIVE[month - 1]} {match.group(2)}" if 1 <= month <= 12 else match.group(0)


def _roman_month_of_year(match: re.Match[str]) -> str:
    roman = match.group(1).lower()
    if roman not in _ROMAN_MONTHS:
        return match.group(0)
    return f"{MONTHS_NOMINATIVE[_ROMAN_MONTHS.index(roman)]} {match.group(2)}"


def _half_of_year(match: re.Match[str]) -> str:
    return f"{'I' if match.group('which').lower() == 'перв' else 'II'} полугодие {match.group('year')} года"


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
    if match.group("end") is None and match.group("month") is None:
        return match.group(0)
    return f"{_DIGIT_ORDINALS[int(match.group(1)) - 1]} "


# «3l.12.2024», «О1.09.2024»: letters typed for digits inside a date (l, I for 1; Latin or Cyrillic O for 0)
_DIGITISH = "0-9lIОOоo"
_LOOKALIKE_DATE = re.compile(
    rf"(?<![\w.])(?=[{_DIGITISH}.]*[lIОOоo])[{_DIGITISH}]{{1,2}}\.[{_DIGITISH}]{{1,2}}\.[{_DIGITISH}]{{2,4}}(?![\w.])"
)
_DIGIT_LOOKALIKES = str.maketrans("lIОOоo", "110000")


def _lookalike_date(match: re.Match[str]) -> str:
    fixed = match.group(0).translate(_DIGIT_LOOKALIKES)
    return fixed if sum(c.isdigit() for c in match.group(0)) >= 4 else match.group(0)


# «сентябрь (1-я неделя)», «май, последняя неделя», «октябрь 2024 (конец)»: the part of the month written after it
_NOMINATIVE = "|".join(MONTHS_NOMINATIVE)
_MONTH_THEN_PART = re.compile(
    r"(?<![а-яё])(?P<month>" + _NOMINATIVE + r")(?P<year>\s+(?:19|20)\d\d(?:\s*(?:г\.?|года?)(?![а-яё]))?)?"
    r"\s*(?:\(|,)\s*(?P<part>(?:(?:[1-4]\s*-?\s*[а-яё]{0,2}|перв|втор|трет|четверт|последн)[а-яё]*\s+(?:недел|декад)"
    r"|начал|середин|конец|конц)[а-яё]*)\s*\)?(?=\s*(?:[,;.]|$))",
    re.IGNORECASE,
)


def _month_then_part(match: re.Match[str]) -> str:
    month = MONTHS_GENITIVE[MONTHS_NOMINATIVE.index(match.group("month").lower())]
    return f"{match.group('part')} {month}{match.group('year') or ''}"


# «Ⅱ полугодие», «І четверть» (a Cyrillic І), «Х-ХII 2024» (a Cyrillic Х beside Latin ones), «IIполугодие»:
# Roman numerals typed with other letters, or glued to their noun
_UNICODE_ROMAN = {chr(0x2160 + n): roman.upper() for n, roman in enumerate(_ROMAN_MONTHS)}
_ROMAN_RUN = re.compile(r"(?<![А-ЯЁа-яёA-Za-z])[IVXІХ]+(?:\s*[-–—]\s*[IVXІХ]+)*(?![А-ЯЁа-яёA-Za-z])")
_GLUED_ROMAN = re.compile(r"(?<![А-ЯЁа-яёA-Za-z])([IVX]{1,4})(?=(?:полугод|четверт|квартал|триместр|кв\.))")


def _roman_run(match: re.Match[str]) -> str:
    run = match.group(0)
    if "І" not in run and not re.search(r"[IVX]", run):  # «Х» alone is a letter
        return run
    return run.replace("І", "I").replace("Х", "X")


def _latin_roman(text: str) -> str:
    """Roman numerals in Latin capitals, apart from the noun after them."""
    text = "".join(_UNICODE_ROMAN.get(char, char) for char in text).replace("і", "i")
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
_FIRST_AFTER = re.compile(
    r"(?<=течение\s)перв[а-яё]*\s+(?=(?:\d{1,2}\s+)?(?:недел|месяц|дн|день|дня)[а-яё]*\s+после)", re.IGNORECASE
)


_STEPS: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    *_SHORT_WORDS,
    (_FIRST_AFTER, ""),
    (_ISO_DATE, r"\4.\3.\1"),
    (_SLASHED_DATE, r"\1.\2.\3"),
    (_MONTH_OF_YEAR, _month_of_year),
    (_ROMAN_MONTHS_YEAR, _roman_months_year),
    (_ROMAN_MONTH_OF_YEAR, _roman_month_of_year),
    (_MONTH_IN_YEARS, _month_in_years),
    (_BOUNDARY_ASIDE, _boundary_aside),
    (_RESULTS_ASIDE, _boundary_aside),
    (_RESULTS_THEN_WHEN, _results_then_when),
    (_DASH_UNTIL, _dash_until),
    (_UNTIL, _until),
    (_UNTIL_YEAR, _until_year),
    (_AFTER_SCHOOL_YEAR, "июнь"),
    (_FIRST_OF_SCHOOL_YEAR, _first_of_school_year),
    (_WEEKS_OF_MONTH, _weeks_of_month),
    (_NEW_SCHOOL_YEAR, r"\g<by> началу нового учебного года"),
    (_WEEKDAY_LIST, _weekday),
    (_START_AND_END, "сентябрь и май"),
    (_COMMA_DATE, r"\1.\2.\3"),
    (_ORDINAL_DAY, r"\1 \2"),
    (_DAY_WORD, _day_word),
    (_MONTH_THEN_PART, _month_then_part),
    (_ORDINAL_WEEKDAY, _ordinal_weekday),
    (_HALF_OF_YEAR, _half_of_year),
    (_START_OF_YEAR, r"январь \g<year>"),
    (_SHARED_HOLIDAYS, r"\1 каникулы"),
)
"""The replacements of `spell_out`, in the order they run: a later one reads what the earlier ones wrote."""


def spell_out(text: str) -> str:
    """The text with its shorthand spelled out (see the module); any other text unchanged."""
    text = _latin_roman(_LOOKALIKE_DATE.sub(_lookalike_date, text))
    for pattern, replacement in _STEPS:
        text = pattern.sub(replacement, text)
    return text


# «31.09.2024», «до 31.04», «13.2024»: a date that cannot be (a typo), which no reading should guess around
_DAY_MONTH = re.compile(r"(?<![\d.,/])(\d{1,2})\.(\d{1,2})(?:\.((?:19|20)?\d{2}))?(?![\d])")
_MONTH_YEAR = re.compile(r"(?<![\d.,/])(\d{1,2})\.((?:19|20)\d\d)(?![\d.])")


def impossible_date(text: str) -> bool:
    """Whether the text writes a day that its month does not have («31.09», «30.02.2025», «00.10.2024») or a
    month number past 12 before a year («13.2024»); «15.00» (a time) is neither."""
    for match in _DAY_MONTH.finditer(text):
        day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
        if not 1 <= month <= 12:
            continue
        full_year = 2000 + int(year) if year is not None and len(year) == 2 else int(year or 2000)  # 2000 is leap
        if not 1 <= day <= calendar.monthrange(full_year, month)[1]:
            return True
    return any(int(match.group(1)) > 12 or int(match.group(1)) == 0 for match in _MONTH_YEAR.finditer(text))
