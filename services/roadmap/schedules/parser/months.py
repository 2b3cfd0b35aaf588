"""Month names in every case form and abbreviation, the text normalised, and a month's bounds."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta

from services.roadmap.schedules.parser.model import Stage

# --- vocabulary

MONTHS_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
MONTHS_PREPOSITIONAL = (
    "январе",
    "феврале",
    "марте",
    "апреле",
    "мае",
    "июне",
    "июле",
    "августе",
    "сентябре",
    "октябре",
    "ноябре",
    "декабре",
)

# Numbers written as words («не реже двух раз», «за три дня», «первые две недели»).
NUMBER_WORDS = {
    **dict.fromkeys(("один", "одна", "одно", "одного", "одной", "одному", "одну"), 1),
    **dict.fromkeys(("два", "две", "двух", "дважды"), 2),
    **dict.fromkeys(("три", "трех", "трижды"), 3),
    **dict.fromkeys(("четыре", "четырех"), 4),
    **dict.fromkeys(("пять", "пяти"), 5),
    **dict.fromkeys(("шесть", "шести"), 6),
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    **dict.fromkeys(("десять", "десяти"), 10),
    "двенадцать": 12,
    "пятнадцати": 15,
}
"""The numbers orders write as words, in the forms they take (the deadline parser and the expected results)."""
COUNT = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"


def count_of(word: str) -> int:
    """`3` or `трех` → 3 (a word of `NUMBER_WORDS`)."""
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


_MONTH_STEMS = (
    "январ",
    "феврал",
    "март",
    "апрел",
    "ма",
    "июн",
    "июл",
    "август",
    "сентябр",
    "октябр",
    "ноябр",
    "декабр",
)
_MONTH_ENDINGS = frozenset({"", "ь", "я", "е", "ю", "ем", "а", "у", "ом", "й"})
_MONTH_ABBREVIATIONS = {
    "янв": 1,
    "фев": 2,
    "февр": 2,
    "мар": 3,
    "апр": 4,
    "авг": 8,
    "сен": 9,
    "сент": 9,
    "окт": 10,
    "ноя": 11,
    "нояб": 11,
    "дек": 12,
    # longer cuts methodists type too: «декаб.», «сентяб.», «октяб.»
    "янва": 1,
    "апре": 4,
    "авгус": 8,
    "сентяб": 9,
    "октяб": 10,
    "декаб": 12,
}
_MAY_FORMS = frozenset({"май", "мая", "мае", "маю", "маем"})
YEAR_WORDS = frozenset({"г", "гг", "год", "года", "году", "годы", "годов", "годах", "годом", "годам"})
SCHOOL_WORDS = frozenset({"уч", "учеб", "учебного", "учебный", "учебном", "учебные", "учебных", "учебному"})
_STAGE_STEMS = (
    ("входн", Stage.entry),
    ("стартов", Stage.entry),
    ("промежуточн", Stage.interim),
    ("рубежн", Stage.interim),
    ("итогов", Stage.final),
    ("финальн", Stage.final),
    ("подготовительн", Stage.entry),
    ("основн", Stage.interim),
    ("заключительн", Stage.final),
)
_LOOKALIKES = str.maketrans("abcehkmoptxy", "авсенкмортху")
# dashes of every kind (also «‐» U+2010, «﹣», «－»), spaces of every width, a zero-width space left out
_CHARACTERS = str.maketrans(
    {
        "ё": "е", "–": "-", "—": "-", "−": "-", "‒": "-", "―": "-", "‑": "-", "÷": "-", "\u2010": "-", "\ufe63": "-",
        "\uff0d": "-", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2002": " ", "\u2003": " ",
        "\u200b": "", "\ufeff": "",
    }
)  # fmt: skip


def month_abbreviation(word: str) -> bool:
    """Whether a month's word is an abbreviation, which a dot may follow (`окт.`, `нояб.`, `июн.`)."""
    return word in _MONTH_ABBREVIATIONS or word in _MONTH_STEMS


def month_number(word: str) -> int | None:
    """1–12 for a month name in any case form or a usual abbreviation (`сентября`, `сент`), else None.

    Endings are checked, so `октябрьского` (a district's name) is not October.
    """
    if word in _MAY_FORMS:
        return 5
    if word in _MONTH_ABBREVIATIONS:
        return _MONTH_ABBREVIATIONS[word]
    for number, stem in enumerate(_MONTH_STEMS, start=1):
        if number != 5 and word.startswith(stem) and word[len(stem) :] in _MONTH_ENDINGS:
            return number
    return None


def stage_of(word: str) -> Stage | None:
    for stem, stage in _STAGE_STEMS:
        if word.startswith(stem):
            return stage
    return None


_WORD = re.compile(r"[а-яa-z]+")
_HAS_CYRILLIC = re.compile(r"[а-я]")
_HAS_LATIN = re.compile(r"[a-z]")


# The month forms a typo is checked against: long enough that one letter wrong still leaves no other word
_TYPO_FORMS = tuple(form for form in (*MONTHS_NOMINATIVE, *MONTHS_GENITIVE, *MONTHS_PREPOSITIONAL) if len(form) >= 6)


def _one_edit(word: str, form: str) -> bool:
    """Whether `word` is `form` with one letter left out, added, changed, or two neighbours swapped."""
    if abs(len(word) - len(form)) > 1 or word == form:
        return False
    if len(word) == len(form):
        diffs = [i for i, (a, b) in enumerate(zip(word, form, strict=True)) if a != b]
        swapped = len(diffs) == 2 and diffs[1] == diffs[0] + 1 and word[diffs[0]] == form[diffs[1]]
        return len(diffs) == 1 or (swapped and word[diffs[1]] == form[diffs[0]])
    short, long = sorted((word, form), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


# Words of deadlines that do not change their form, long enough that one letter wrong leaves no other word
_TYPO_WORDS = (
    *("ежемесячно", "ежеквартально", "ежегодно", "еженедельно", "ежедневно", "постоянно", "систематически"),
    "течение",
)


# The forms of the units of time a recurrence counts in («1 раз в четврть», «раз в месц», «каждую недлю»); a word
# that starts with a unit's stem right (or with a weekday's: «четверги» is one letter off «четверти») is left as it
# is, so an ending the regular expressions take («четвертую», «месяцев», «полугодье») is never turned into another.
_UNIT_FORMS = (
    *("четверть", "четверти", "четвертей", "четвертям", "четвертях"),
    *("месяц", "месяца", "месяцу", "месяце", "месяцев", "месяцам", "месяцах"),
    *("неделя", "недели", "неделю", "неделе", "недель", "неделям", "неделях"),
    *("полугодие", "полугодия", "полугодии", "полугодий", "полугодиям"),
    *("квартал", "квартала", "квартале", "кварталам", "кварталов"),
    *("триместр", "триместра", "триместре", "триместрам", "триместров"),
    *("числа", "числу"),  # «до 25 чила»
)
_UNIT_STEMS = ("четверт", "четверг", "месяц", "недел", "полугод", "квартал", "триместр", "числ")


def _month_typo(word: str) -> str | None:
    """The month or deadline word a misspelt word stands for («сетябрь», «сентяборь», «окятбря», «ежемесячо»,
    «постояно», «четврть», «месц», «недля»): one letter off a month's form of six letters or more (a word of
    `_TYPO_WORDS`, a unit's form of four or more), with its first two letters right; None for any other word."""
    if len(word) < 4 or month_number(word) is not None or word in _TYPO_WORDS or word.startswith(_UNIT_STEMS):
        return None
    forms = (*_TYPO_FORMS, *_TYPO_WORDS, *_UNIT_FORMS) if len(word) >= 6 else _UNIT_FORMS
    found = next((form for form in forms if word[:2] == form[:2] and _one_edit(word, form)), None)
    if found is None and len(word) == 5:  # «ноябь», «апреля» with a letter left out: its first three letters right
        found = next(
            (form for form in _TYPO_FORMS if len(form) == 6 and word[:3] == form[:3] and _one_edit(word, form)), None
        )
    return found or _unit_letters_left_out(word)


def _unit_letters_left_out(word: str) -> str | None:
    """The unit a word stands for with its second letter left out («нделю», «мсяц») or two letters of a long form
    left out inside it («четвеь» for «четверть»): the word's letters in the form's order, its first letter (and, for
    two, its first four and its last) right; a word the form starts with («кварта») is not taken for it."""
    for form in _UNIT_FORMS:
        dropped = len(form) - len(word)
        if word[0] != form[0] or form.startswith(word) or not _in_order(word, form):
            continue
        if dropped == 1 and len(word) >= 4 and word[1] != form[1]:
            return form
        if dropped == 2 and len(form) >= 8 and word[:4] == form[:4] and word[-1] == form[-1]:
            return form
    return None


def _in_order(word: str, form: str) -> bool:
    """Whether the word's letters all appear in the form in the same order (the form with letters left out)."""
    letters = iter(form)
    return all(letter in letters for letter in word)


_CYRILLIC_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)


def spelt_right(text: str) -> str:
    """The text with its misspelt month and unit words spelt right (`_month_typo`), before the shorthand is spelled
    out, whose forms («1 раз в четверть (последняя неделя)») then read them too; any other word as written."""
    return _CYRILLIC_WORD.sub(
        lambda match: _month_typo(match.group(0).lower().replace("ё", "е")) or match.group(0), text
    )


def _fix_lookalikes(match: re.Match[str]) -> str:
    """Latin letters typed inside Russian words (`cентябрь`, `Mapт`) become Cyrillic; a month misspelt by one
    letter is spelt right (`_month_typo`)."""
    word = match.group(0)
    if not _HAS_LATIN.search(word):
        return _month_typo(word) or word
    fixed = word.translate(_LOOKALIKES)
    if _HAS_CYRILLIC.search(word) or (not _HAS_LATIN.search(fixed) and month_number(fixed) is not None):
        return fixed
    return word


# «учебного года», «уч. г.», «учебного 2022/2023 года»
_SCHOOL = r"уч\w*\s*\.?\s*(?P<inner>(?:19|20)\d{2}\s*[-/]\s*(?:19|20)?\d{2}\s*)?(?:год\w*|г(?![а-я])\.?)"
_SPAN = r"(?P<span>(?:19|20)\d{2}\s*[-/]\s*(?:19|20)?\d{2})?\s*"
_BY = r"(?P<by>(?<![а-я])(?:до|к|ко|не\s+позднее|не\s+позже)\s+)?"
_MONTH_NAME = r"(?:январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
# «2024 г. – сентябрь, октябрь; 2025 г. – май», «2024 год, сентябрь»: a year written before its months, as a table
# row would (not the second year of «2024-2025 гг., сентябрь»)
_YEAR_THEN_MONTHS = re.compile(
    r"(?<![\d/-])(?<![\d/-]\s)((?:19|20)\d\d)\s*(?:г\.?|года?|гг\.?)?\s*[-:,]\s*"
    r"(" + _MONTH_NAME + r"(?:\s*(?:,|и|-)\s*" + _MONTH_NAME + r")*)(?![а-я])(?!\s*,?\s*(?:\d|г\.|год))"
)
_ENDS_WITH_MONTH = re.compile(_MONTH_NAME + r"\s*$")


def _year_then_months(match: re.Match[str]) -> str:
    """«2024 г. – сентябрь» → «сентябрь 2024»; not the end of a range «сентябрь 2024 – май» (the year is a month's)."""
    if _ENDS_WITH_MONTH.search(match.string[: match.start()]):
        return match.group(0)
    return f"{match.group(2)} {match.group(1)}"


_NOT_BEFORE = re.compile(r"(?<!\w)не\s+ранее(?:\s+чем)?(?!\w)")  # «не ранее 1 апреля» starts then: «с 1 апреля»
_SCHOOL_YEAR_START = re.compile(r"(?:в\s+)?начал\w*\s+(?:уч\w*\s*\.?\s*)?года")
# «в середине учебного года» is its January, the first month of the second half-year; «к середине учебного года» is
# due before it, 31 December («в середине года» alone may be a calendar year's: not read)
_SCHOOL_YEAR_MIDDLE = re.compile(
    r"(?<![а-я])(?P<by>(?:до|к|ко|не\s+позднее)\s+)?(?:в\s+|на\s+)?середин\w*\s+(?:текущего\s+)?"
    r"(?:(?P<first>(?:19|20)\d{2})\s*[-/]\s*(?:19|20)?\d{2}\s*)?уч\w*\s*\.?\s*(?:года|г(?![а-я])\.?)(?![а-я])"
)


# «в середине 2025 года»: the middle of a calendar year, June and July
_CALENDAR_YEAR_MIDDLE = re.compile(
    r"(?<![а-я])(?P<by>(?:до|к|ко|не\s+позднее)\s+)?(?:в\s+|на\s+)?середин\w*\s+(?P<year>(?:19|20)\d{2})\s*(?:года|г(?![а-я])\.?)"
)


def _school_year_middle(match: re.Match[str]) -> str:
    year = str(int(match.group("first")) + 1) if match.group("first") else ""
    return f" до января {year} " if match.group("by") else f" январь {year} "


def _calendar_year_middle(match: re.Match[str]) -> str:
    year = match.group("year")
    return f" до июля {year} " if match.group("by") else f" июнь - июль {year} "


_NEXT_SCHOOL_YEAR = re.compile(
    _BY + r"(?:начал\w*\s+)(?:нов\w+|следующ\w+|очередн\w+|предстоящ\w+)\s+" + _SCHOOL, re.IGNORECASE
)
_SCHOOL_YEAR_END = re.compile(
    _BY + r"(?:в\s+)?(?:конц\w*|конец|окончани\w*|завершени\w*)\s+(?:текущего\s+)?" + _SPAN + _SCHOOL
)
# «до конца года», «к концу текущего календарного (финансового) года»: 31 December, of the year the context gives a
# December
_CALENDAR_YEAR_END = re.compile(
    r"(?<![а-я])" + _BY + r"(?:в\s+)?(?:конц\w*|конец|окончани\w*|завершени\w*)\s+"
    r"(?:(?:текущего|календарного|финансового|бюджетного|этого|отчетного|кал\.|фин\.)\s*)*(?P<year>(?:19|20)\d{2}\s*)?(?:года|г(?![а-я])\.?)(?![а-я])"
)


# «по итогам 2024 года»: its last month, as «по итогам I полугодия» is that half-year's; «по итогам 2024-2025
# учебного года» its last month of lessons, May
_RESULTS_OF_YEAR = re.compile(r"(?<![а-я])по\s+итогам\s+(?P<year>(?:19|20)\d{2})\s*(?:года|г(?![а-я])\.?)(?![а-я])")
_RESULTS_OF_SCHOOL_YEAR = re.compile(
    r"(?<![а-я])по\s+итогам\s+(?:19|20)\d{2}\s*[-/–]\s*(?P<second>(?:19|20)\d{2})\s*(?:уч\w*\.?\s*(?:год\w*|г\.?)|уч\.?\s*г\.?)"
)


def _calendar_year_end(match: re.Match[str]) -> str:
    """«до конца (2024) года» → «до 31 декабря (2024)», «(в) конец года» → «декабрь»."""
    year = match.group("year") or ""
    return f" до 31 декабря {year} " if match.group("by") else f" декабрь {year} "


_HALF_YEAR = re.compile(r"(?<![а-я])пол\s*-?\s*года(?![а-я])")
"""«раз в полгода», «каждые пол года»: the half-year the rest of the parser names «полугодие»."""
_WHOLE_SCHOOL_YEAR = re.compile(r"в\s+целом|летн\w*\s+(?:период|каникул)|включая\s+лет|с\s+учетом\s+лет")


def _school_year_end(whole_year: bool) -> Callable[[re.Match[str]], str]:
    """«до конца учебного года» → «до 31 мая» (lessons end in May), or «до 31 августа» when the text speaks of
    the school year as a whole (with its summer); «в конце учебного года» → the month itself."""
    day, month = ("31", "августа") if whole_year else ("31", "мая")

    def replace(match: re.Match[str]) -> str:
        span = match.group("span") or match.group("inner") or ""
        if match.group("by"):
            return f" до {day} {month} {span} "
        return f" {'август' if whole_year else 'май'} {span} "

    return replace


def school_year_end_note(text: str) -> str | None:
    """How «конец учебного года» was read, for the summary: the end of May or of August, or None."""
    lowered = text.lower().translate(_CHARACTERS)
    if _NEXT_SCHOOL_YEAR.search(lowered):
        return "до начала нового учебного года — 31 августа"
    if not _SCHOOL_YEAR_END.search(lowered):
        return None
    if _WHOLE_SCHOOL_YEAR.search(lowered):
        return "учебный год в целом — до 31 августа"
    return "конец учебного года — конец мая"


# Parts of a month: «первая неделя сентября», «вторая декада октября», «вторая половина мая», «в начале
# ноября», «в конце декабря»; the days each covers (0 stands for the month's last day).
ORDINALS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "последн": 0}
"""The stems of «первый … четвертый, последний» and the place each names (0: the last)."""
_MONTH_GENITIVE = "(?P<{0}month>" + "|".join(MONTHS_GENITIVE) + ")"
_ORDINAL = (
    r"(?:(?P<{0}ordinal>" + "|".join(ORDINALS) + r")\w*|(?<![\w.])(?P<{0}number>[1-4]|i{{1,3}}|iv)"
    r"(?:\s*-\s*(?:я|й|ая|ой|ей|ю))?)\s+(?P<{0}unit>недел|декад|половин)\w*"
)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_EDGE = r"(?P<{0}edge>начал|середин|конц|конец)\w*"
_IN = r"(?:(?:в|во|на)\s+)?"
_PART = _IN + r"(?:" + _ORDINAL + "|" + _EDGE + r")\s+" + _MONTH_GENITIVE
_PART_DAYS: dict[str, dict[int, tuple[int, int]]] = {
    "недел": {1: (1, 7), 2: (8, 14), 3: (15, 21), 4: (22, 28), 0: (-6, 0)},
    "декад": {1: (1, 10), 2: (11, 20), 3: (21, 0), 0: (21, 0)},
    "половин": {1: (1, 15), 2: (16, 0), 0: (16, 0)},
}
_EDGES = {"начал": (1, 10), "середин": (11, 20), "конц": (21, 0), "конец": (21, 0)}
_PARTS_RANGE = re.compile(r"(?:(?<![а-я])с\s+)?" + _PART.format("a") + r"\s*(?:-|\s(?:по|до)\s)\s*" + _PART.format("b"))
_PART_BY = re.compile(
    r"(?<![а-я])(?:до|к|ко|не\s+позднее|не\s+позже)\s+" + _EDGE.format("") + r"\s+" + _MONTH_GENITIVE.format("")
)
_PART_ALONE = re.compile(_PART.format(""))
# «середина – конец октября», «начало-середина мая»: two edges of one month, the days from the first to the second
_EDGES_RANGE = re.compile(
    r"(?<![а-я])" + _IN + _EDGE.format("a") + r"\s*(?:-|\s(?:по|до)\s)\s*" + _EDGE.format("b") + r"\s+"
    + _MONTH_GENITIVE.format("")
)  # fmt: skip
# «сентябрь – начало октября», «с сентября по середину октября»: a whole month, then an edge of a later one; «конец
# сентября – октябрь», «с середины сентября по октябрь»: an edge, then a whole month
_WHOLE_MONTH = "(?P<{0}month>" + "|".join((*MONTHS_NOMINATIVE, *MONTHS_GENITIVE)) + r")(?![а-я])"
_TO = r"\s*(?:-|\s(?:по|до)\s)\s*"
_MONTH_TO_EDGE = re.compile(
    r"(?<![а-я])(?:с\s+)?" + _WHOLE_MONTH.format("a") + r"\s*(?:-|\s(?P<by>по|до)\s)\s*" + _EDGE.format("b") + r"\s+"
    + _MONTH_GENITIVE.format("b")
)  # fmt: skip
_EDGE_TO_MONTH = re.compile(
    r"(?<![а-я])(?:с\s+)?" + _IN + _EDGE.format("a") + r"\s+" + _MONTH_GENITIVE.format("a") + _TO
    + _WHOLE_MONTH.format("b")
)  # fmt: skip
# «с середины октября», «начиная с конца сентября»: from that part of the month on, as «с 11 октября»
_PART_FROM = re.compile(r"(?<![а-я])с\s+" + _EDGE.format("") + r"\s+" + _MONTH_GENITIVE.format("") + r"(?![а-я])")


def _part_days(match: re.Match[str], group: str, length: int = 0) -> tuple[int, int, str] | None:
    """The first and last day of the part of a month a match names (in a year of 365 days), and the month;
    with no month named, the days of a month of `length` days."""
    month = match.group(f"{group}month") if length == 0 else ""
    length = length or _days_in(month)
    edge = match.groupdict().get(f"{group}edge")
    if edge is not None:
        first, last = _EDGES[edge]
    else:
        ordinal, number = match.group(f"{group}ordinal"), match.group(f"{group}number")
        place = ORDINALS[ordinal] if ordinal else int(number) if number.isdigit() else _ROMAN[number]
        days = _PART_DAYS[match.group(f"{group}unit")].get(place)
        if days is None:  # «четвертая декада»
            return None
        first, last = days
    return (first if first > 0 else length + first), (last if last > 0 else length), month


def _days_in(month_genitive: str) -> int:
    """The days of a month named in the genitive, in a year of 365 days (the year is not known yet)."""
    return month_bounds(2001, MONTHS_GENITIVE.index(month_genitive) + 1)[1].day


def _part_range(match: re.Match[str]) -> str:
    """«конец мая – начало июня» → «с 21 мая по 10 июня»."""
    a, b = _part_days(match, "a"), _part_days(match, "b")
    if a is None or b is None:
        return match.group(0)
    return f" с {a[0]} {a[2]} по {b[1]} {b[2]} "


def _part_by(match: re.Match[str]) -> str:
    """«до конца мая» → «до 31 мая», «до середины мая» → «до 15 мая», «до начала июня» → «до июня»."""
    edge, month = match.group("edge"), match.group("month")
    if edge == "начал":
        return f" до {month} "
    return f" до {15 if edge == 'середин' else _days_in(month)} {month} "


def _part_alone(match: re.Match[str]) -> str:
    """«первая неделя сентября» → «с 1 по 7 сентября»."""
    days = _part_days(match, "")
    return match.group(0) if days is None else f" с {days[0]} по {days[1]} {days[2]} "


# School holidays by season: each school sets its own days, these are the usual weeks (the summary says so).
def _holiday(season: str, nouns: str = r"каникул\w*") -> re.Pattern[str]:
    return re.compile(r"(?:в\s+|на\s+)?(?:период\w*\s+)?" + season + r"\w*\s+(?:" + nouns + ")")


_HOLIDAYS = (
    (_holiday("летн", r"каникул\w*|период\w*|оздоровительн\w*\s+(?:кампани|период)\w*"), " июнь - август ", "летние"),
    (_holiday("осенн"), " конец октября - начало ноября ", "осенние"),
    (_holiday("зимн"), " конец декабря - начало января ", "зимние"),
    (_holiday("весенн"), " конец марта - начало апреля ", "весенние"),
)
# «до осенних каникул», «перед летними каникулами»: due the day before their usual first day; «после зимних
# каникул»: a time after them, with no date
_HOLIDAY_STARTS = (("летн", "31 мая"), ("осенн", "20 октября"), ("зимн", "20 декабря"), ("весенн", "20 марта"))
_BEFORE_HOLIDAYS = re.compile(
    r"(?<![а-я])(?:до|перед|к|накануне)\s+(?:начал\w*\s+)?(?P<season>летн|осенн|зимн|весенн)\w*\s+"
    r"(?:каникул\w*|оздоровительн\w*\s+(?:кампани|период)\w*)"
)
_AFTER_HOLIDAYS = re.compile(
    r"(?<![а-я])(?:после|по\s+(?:окончании|завершении)|после\s+(?:окончания|завершения))\s+"
    r"(?:летн|осенн|зимн|весенн)\w*\s+каникул\w*"
)


def _around_holidays(lowered: str) -> str:
    """«до осенних каникул» → «до 20 октября»; «после осенних каникул» → «после каникул»."""
    lowered = _BEFORE_HOLIDAYS.sub(lambda m: f" до {dict(_HOLIDAY_STARTS)[m.group('season')]} ", lowered)
    return _AFTER_HOLIDAYS.sub(" после каникул ", lowered)


# «июнь – август (летние каникулы)», «до конца года (включая летний период)»: an aside, the dates are written
_HOLIDAY_ASIDE = re.compile(r"(?<=\S)\s*\([^()]*(?:летн|осенн|зимн|весенн)\w*\s+(?:каникул|период)\w*[^()]*\)")


# Seasons, after the holidays named by them: «весна 2025» is March to May, «осенью» September to November,
# «зимой» December to February; «до лета», «к осени» are due before the season's first month.
_SEASON_BY = r"(?<![а-я])" + _BY
_SEASONS = (
    (re.compile(_SEASON_BY + r"(?:весн\w*|весенн\w+\s+период\w*)(?![а-я])"), "март - май", "марта"),
    (re.compile(_SEASON_BY + r"(?:лет(?:о|ом|а|у)|летн\w+\s+период\w*)(?![а-я])"), "июнь - август", "июня"),
    (re.compile(_SEASON_BY + r"(?:осен\w*|осенн\w+\s+период\w*)(?![а-я])"), "сентябрь - ноябрь", "сентября"),
    (re.compile(_SEASON_BY + r"(?:зим(?:а|ой|у|ы)|зимн\w+\s+период\w*)(?![а-я])"), "декабрь - февраль", "декабря"),
)


def _season(months: str, first: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        return f" до {first} " if match.group("by") else f" {months} "

    return replace


def _holidays(lowered: str) -> str:
    """«осенние каникулы» → «конец октября – начало ноября», «летние каникулы» → «июнь – август»; then the
    seasons (`_SEASONS`)."""
    lowered = _around_holidays(_HOLIDAY_ASIDE.sub(" ", lowered))
    for pattern, months, _ in _HOLIDAYS:
        lowered = pattern.sub(months, lowered)
    for pattern, months, first in _SEASONS:
        lowered = pattern.sub(_season(months, first), lowered)
    return lowered


def holidays_note(text: str) -> str | None:
    """How school holidays were read, for the summary: their usual weeks, the school's own calendar rules."""
    lowered = _HOLIDAY_ASIDE.sub(" ", text.lower().translate(_CHARACTERS))
    lowered = _AFTER_HOLIDAYS.sub(" ", lowered)
    found = [name for pattern, _, name in _HOLIDAYS if pattern.search(lowered)]
    if not found:
        return None
    return ", ".join(found) + " каникулы — обычные сроки, точные даты по календарному графику школы"


# «в первой декаде каждого месяца», «ежемесячно, во 2-й декаде»: a part of every month, due on its last day
_PART_OF_EVERY_MONTH = re.compile(_IN + _ORDINAL.format("") + r"(?=\s+(?:каждого\s+)?месяц)")
_PART_MONTHLY = re.compile(_IN + _ORDINAL.format("") + r"(?!\s+(?:" + "|".join(MONTHS_GENITIVE) + "))")


def _part_of_every_month(match: re.Match[str]) -> str:
    """«в первой (второй) декаде (каждого месяца)» → «до 10 (20) числа (каждого месяца)». A last part («в последнюю
    неделю …», «3 декада») and a later week («во вторую неделю каждого месяца») are their days of each month, as
    «вторая неделя сентября» is: the recurrence reads them, the ordinal as a word. The first week stays due by the
    7th, as the first decade is by the 10th."""
    days = _part_days(match, "", length=31)
    if days is None:
        return " "
    if days[0] > 1 and (days[1] == 31 or match.group("unit") == "недел"):
        return _part_words(match)
    if days[1] == 31:
        return " "
    return f" до {days[1]} числа "


def _part_words(match: re.Match[str]) -> str:
    """The part a match names with its ordinal as a word («2 неделя» → « втор недел »), which the recurrence reads."""
    number = match.group("number")
    if number is None:
        return match.group(0)
    place = int(number) if number.isdigit() else _ROMAN[number]
    ordinal = next(stem for stem, n in ORDINALS.items() if n == place)
    return f" {ordinal} {match.group('unit')} "


_OF_MONTH = re.compile(r"\s+(?:каждого\s+)?месяц")
_MONTHLY_WORDS = re.compile(r"ежемесячн|раза?\s+в\s+месяц|кажд\w*\s+месяц")


def _part_monthly(match: re.Match[str]) -> str:
    """«ежемесячно, последняя неделя», «ежемесячно, 3 декада»: a part of the month, with «месяца» implied, as
    `_part_of_every_month` reads «в последнюю неделю каждого месяца»."""
    replaced = _part_of_every_month(match)
    if replaced.startswith(" до ") or replaced == " " or _OF_MONTH.match(match.string, match.end()):
        return replaced
    return f"{replaced.rstrip()} месяца" + (" " if replaced != match.group(0) else "")


# «первые 2 недели сентября», «в течение первых десяти дней октября», «последние 5 дней мая»
_FIRST_DAYS = re.compile(
    r"(?P<edge>перв|последн)\w*\s+(?P<count>"
    + COUNT[1:-1]
    + r")\s+(?P<unit>недел|дн|дней|дня)\w*\s+"
    + _MONTH_GENITIVE.format("")
)


def _edges_range(match: re.Match[str]) -> str:
    """«середина – конец октября» → «с 11 по 31 октября»."""
    month = match.group("month")
    first, last = _EDGES[match.group("aedge")][0], _EDGES[match.group("bedge")][1]
    return f" с {first} по {last if last > 0 else _days_in(month)} {month} "


def _genitive(month: str) -> str:
    return MONTHS_GENITIVE[MONTHS_NOMINATIVE.index(month)] if month in MONTHS_NOMINATIVE else month


def _month_to_edge(match: re.Match[str]) -> str:
    """«сентябрь – начало октября» → «с 1 сентября по 10 октября»."""
    month, edge = match.group("bmonth"), match.group("bedge")
    if match.group("by") == "до" and edge == "начал":  # «сентябрь до начала октября»: by its start, as «до октября»
        return match.group(0)
    last = 15 if match.group("by") == "до" and edge == "середин" else _EDGES[edge][1]  # «до середины»: by the 15th
    return f" с 1 {_genitive(match.group('amonth'))} по {last if last > 0 else _days_in(month)} {month} "


def _edge_to_month(match: re.Match[str]) -> str:
    """«конец сентября – октябрь» → «с 21 сентября по 31 октября»."""
    month = _genitive(match.group("bmonth"))
    return f" с {_EDGES[match.group('aedge')][0]} {match.group('amonth')} по {_days_in(month)} {month} "


def _part_from(match: re.Match[str]) -> str:
    """«с середины октября» → «с 11 октября»."""
    return f" с {_EDGES[match.group('edge')][0]} {match.group('month')} "


def _first_days(match: re.Match[str]) -> str:
    """«первые 2 недели сентября» → «с 1 по 14 сентября»; «последние 5 дней мая» → «с 27 по 31 мая»."""
    days = count_of(match.group("count")) * (7 if match.group("unit") == "недел" else 1)
    month = match.group("month")
    length = _days_in(month)
    if not 1 <= days <= length:
        return match.group(0)
    first, last = (1, days) if match.group("edge") == "перв" else (length - days + 1, length)
    return f" с {first} по {last} {month} "


def _month_parts(lowered: str) -> str:
    """The parts of months a text names, as the days they cover, which the rest of the parser reads."""
    lowered = _FIRST_DAYS.sub(_first_days, lowered)
    lowered = _PARTS_RANGE.sub(_part_range, lowered)
    lowered = _EDGES_RANGE.sub(_edges_range, lowered)
    lowered = _MONTH_TO_EDGE.sub(_month_to_edge, lowered)
    lowered = _EDGE_TO_MONTH.sub(_edge_to_month, lowered)
    lowered = _PART_FROM.sub(_part_from, lowered)
    lowered = _PART_BY.sub(_part_by, lowered)
    lowered = _PART_ALONE.sub(_part_alone, lowered)
    lowered = _PART_OF_EVERY_MONTH.sub(_part_of_every_month, lowered)
    return _PART_MONTHLY.sub(_part_monthly, lowered) if _MONTHLY_WORDS.search(lowered) else lowered


# Days a school marks, by name: «ко Дню учителя» is due 5 October, «накануне Дня знаний» the day before, «в День
# знаний» (the nominative «день» too) is that day.
_NAMED_DAYS = (
    (r"(?:дн\w*|день)\s+знаний", 1, 9, "День знаний"),
    (r"(?:дн\w*|день)\s+учител\w*", 5, 10, "День учителя"),
    (r"(?:дн\w*|день)\s+народного\s+единства", 4, 11, "День народного единства"),
    (r"(?:дн\w*|день)\s+защитник\w*\s+отечества", 23, 2, "День защитника Отечества"),
    (r"(?:дн\w*|день)\s+(?:российской\s+)?науки", 8, 2, "День российской науки"),
    (r"(?:международн\w+\s+)?(?:дн\w*|день)\s+родного\s+языка", 21, 2, "Международный день родного языка"),
    (r"международн\w+\s+женск\w+\s+(?:дн\w*|день)", 8, 3, "Международный женский день"),
    (r"(?:дн\w*|день)\s+космонавтики", 12, 4, "День космонавтики"),
    (r"(?:дн\w*|день)\s+победы", 9, 5, "День Победы"),
    (
        r"(?:дн\w*|день)\s+славянской\s+письменности(?:\s+и\s+культуры)?",
        24,
        5,
        "День славянской письменности и культуры",
    ),
    (r"(?:международн\w+\s+)?(?:дн\w*|день)\s+защиты\s+детей", 1, 6, "Международный день защиты детей"),
    (r"(?:дн\w*|день)\s+конституции(?:\s+(?:российской\s+федерации|рф))?", 12, 12, "День Конституции"),
    (r"(?:дн\w*|день)\s+россии", 12, 6, "День России"),
    (r"(?:дн\w*|день)\s+геро\w+\s+отечества", 9, 12, "День Героев Отечества"),
    (r"(?:дн\w*|день)\s+неизвестного\s+солдата", 3, 12, "День неизвестного солдата"),
    (r"(?:международн\w+\s+)?(?:дн\w*|день)\s+толерантности", 16, 11, "Международный день толерантности"),
    (
        r"(?:дн\w*|день)\s+государственного\s+флага(?:\s+(?:российской\s+федерации|рф|россии))?",
        22,
        8,
        "День Государственного флага",
    ),
    # day 0: a Sunday of the month (`_MOVABLE_DAYS`; `_named_day` writes it so, `rules` reads its date in the year).
    # Not the «Международный день матери» (in May in many countries): which one is meant is not known
    (r"(?<!международный\s)(?<!международному\s)(?<!международного\s)(?:дн\w*|день)\s+матери", 0, 11, "День матери"),
    (r"(?:дн\w*|день)\s+отца", 0, 10, "День отца"),
    (r"(?:международн\w+\s+)?(?:дн\w*|день)\s+пожил\w+\s+(?:человек|людей)\w*", 1, 10, "День пожилых людей"),
    (r"(?:дн\w*|день)\s+семьи,?\s+любви\s+и\s+верности", 8, 7, "День семьи, любви и верности"),
    (r"последн\w+\s+звон\w*", 25, 5, "Последний звонок"),  # its usual day: schools may hold it a day or two before
    # «к Новому году», «накануне Нового года», «перед Новым годом»: only after such a word («в новом году» names no day)
    (r"(?:(?<=к\s)|(?<=до\s)|(?<=накануне\s)|(?<=перед\s))нов(?:ого|ому|ым)\s+год(?:а|у|ом)", 1, 1, "Новый год"),
)
# The Sunday of a named day that moves («последнее воскресенье ноября»), as written alone and after «до»
_MOVABLE_DAYS = {"День матери": ("последнее", "последнего"), "День отца": ("третье", "третьего")}
_NAMED_DAY = re.compile(
    r"(?<![а-я])(?P<week>(?:(?:в|во)\s+)?(?:течение\s+)?недел\w*,?\s+(?:перед|предшествующ\w*)\s+)?"
    r"(?P<by>(?:до|к|ко|не\s+позднее|накануне|перед|после)\s+)?(?:(?:празднован\w*|проведени\w*|праздник\w*)\s+)?(?:"
    + "|".join(f"(?P<d{n}>{pattern})" for n, (pattern, _, _, _) in enumerate(_NAMED_DAYS))
    + r")(?![а-я])"
)


# «в неделю перед Днем матери, Днем отца», «ко Дню учителя и Дню матери»: a named day listed right after another
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*и(?![а-я])|[,;]|и(?![а-я]))\s*")
_NEXT_NAMED_DAY = re.compile(
    _LIST_SEPARATOR.pattern
    + r"(?:(?:(?:в|во)\s+)?(?:течение\s+)?недел\w*,?\s+(?:перед|предшествующ\w*)\s+)?"
    + r"(?:(?:до|к|ко|накануне|перед)\s+)?(?:(?:празднован\w*|проведени\w*|праздник\w*)\s+)?(?:"
    + "|".join(f"(?:{pattern})" for pattern, _, _, _ in _NAMED_DAYS)
    + r")(?![а-я])"
)


def _share_prefix(lowered: str) -> str:
    """Each named day of a list takes the «до» or «в неделю перед» written before the first («в неделю перед Днем
    матери, Днем отца» is the week before each, not the second day's whole month), the list in the order of the
    school year (October before November, as the same school year's days); a list with a day written beside it
    («…, Днем отца – 19 октября») is left to `_beside_a_date`."""
    out, position = [], 0
    for match in _NAMED_DAY.finditer(lowered):
        if match.start() < position or not (match.group("week") or match.group("by")) or _beside_a_date(match):
            continue
        prefix = (match.group("week") or "") + (match.group("by") or "")
        items, end = [(_school_order(match), match.group(0))], match.end()
        while (following := _NEXT_NAMED_DAY.match(lowered, end)) is not None:
            separator = _LIST_SEPARATOR.match(lowered, end)
            assert separator is not None  # `_NEXT_NAMED_DAY` starts with it
            written = lowered[separator.end() : following.end()]  # «…, ко Дню отца» keeps its own «ко»
            named = _NAMED_DAY.match(written)
            if named is None or not (named.group("by") or named.group("week")):
                named = _NAMED_DAY.match(prefix + written)
            assert named is not None  # a named day, the prefix before it
            items.append((_school_order(named), named.group(0)))
            end = following.end()
        if len(items) == 1 or _DATE_AFTER.match(lowered, end):
            continue
        out.append(lowered[position : match.start()] + ", ".join(text for _, text in sorted(items)))
        position = end
    out.append(lowered[position:])
    return "".join(out)


def _school_order(match: re.Match[str]) -> int:
    """Where a named day's month falls in the school year: September first."""
    return (_named_day_of(match)[2] - 9) % 12


def _named_day_of(match: re.Match[str]) -> tuple[str, int, int, str]:
    """The entry of `_NAMED_DAYS` a match of `_NAMED_DAY` names (its group `d<index>`)."""
    return _NAMED_DAYS[next(int(name[1:]) for name, value in match.groupdict().items() if name[0] == "d" and value)]


# «Последний звонок – 24 мая», «2 сентября (День знаний)», «День знаний: 02.09.2024»: a day written beside the name
_DAY_WRITTEN = r"\d{1,2}(?:\s+(?:" + "|".join(MONTHS_GENITIVE) + r")(?![а-я])|\.\d{1,2}(?!\d))"
_DATE_AFTER = re.compile(r"\s*(?:[-–—:]|\()\s*" + _DAY_WRITTEN)
_DATE_BEFORE = re.compile(_DAY_WRITTEN + r"(?:\.\d{2,4})?\s*(?:г\.?)?\s*(?:[-–—:]|\()\s*$")


# «к Дню матери – 22 ноября», «ко Дню учителя (04.10.2024)»: by the day the school holds it
_BY_NAMED_BESIDE_DATE = re.compile(
    r"(?<![а-я])(?:до|к|ко|не\s+позднее)\s+(?:(?:празднован\w*|проведени\w*|праздник\w*)\s+)?(?:"
    + "|".join(f"(?:{pattern})" for pattern, _, _, _ in _NAMED_DAYS)
    + r")\s*(?:[-–—:]\s*|\(\s*)(?P<date>"
    + _DAY_WRITTEN
    + r"(?:\.\d{2,4})?)\s*\)?"
)


def _beside_a_date(match: re.Match[str]) -> bool:
    """Whether a named day (with no «до», «к») is only the name of a day written beside it: the school's date wins
    («День знаний – 2 сентября» when 1 September is a Sunday; «Последний звонок – 24 мая»)."""
    if match.group("by"):
        return False
    text = match.string
    return bool(_DATE_AFTER.match(text, match.end()) or _DATE_BEFORE.search(text[: match.start()]))


def _named_day(match: re.Match[str]) -> str:
    """«ко Дню учителя» → «до 5 октября», «накануне Дня знаний» → «до 31 августа», «День Победы» → «9 мая»; «к
    Новому году» → «до 31 декабря»: by a day that opens the year is by the end of the year before, as «до января» is."""
    _, day, month, name = _named_day_of(match)
    by = (match.group("by") or "").strip().replace("перед", "накануне")
    if _beside_a_date(match):
        return " "
    if by == "после" or match.group("week"):
        return _around_named_day(match, day, month)
    if day == 0:  # «ко Дню матери» → «до последнего воскресенья ноября»
        alone, after_by = _MOVABLE_DAYS[name]
        of = MONTHS_GENITIVE[month - 1]
        if not by:
            return f" {alone} воскресенье {of} "
        return f" {'накануне' if by == 'накануне' else 'до'} {after_by} воскресенья {of} "
    eve = by == "накануне" or (by != "" and (month, day) == (1, 1))
    when = date(2001, month, day) - timedelta(days=1 if eve else 0)
    return f" {'до ' if by else ''}{when.day} {MONTHS_GENITIVE[when.month - 1]} "


def _around_named_day(match: re.Match[str], day: int, month: int) -> str:
    """«после Дня знаний» → «с 2 сентября», «в неделю, предшествующую Дню учителя» → «с 28 сентября по 4 октября»; a
    day that moves has its week before written as the week before its Sunday («неделя до последнего воскресенья
    ноября», dated in the year by `rules`), the time after it left as written. The week before a day that opens the year
    («в неделю перед Новым годом») is the last seven days of December, dated as a December is."""
    if day == 0 and match.group("week"):
        name = _named_day_of(match)[3]
        return f" неделя до {_MOVABLE_DAYS[name][1]} воскресенья {MONTHS_GENITIVE[month - 1]} "
    if day == 0:
        return match.group(0)
    named = date(2001, month, day)
    if not match.group("week"):
        after = named + timedelta(days=1)
        return f" с {after.day} {MONTHS_GENITIVE[after.month - 1]} "
    first, last = named - timedelta(days=7), named - timedelta(days=1)
    return f" с {first.day} {MONTHS_GENITIVE[first.month - 1]} по {last.day} {MONTHS_GENITIVE[last.month - 1]} "


def named_days_note(text: str) -> str | None:
    """The named days a text was read by, for the summary: «День учителя — 5 октября»."""
    lowered = text.lower().translate(_CHARACTERS)
    notes = []
    for match in _NAMED_DAY.finditer(lowered):
        if _beside_a_date(match):
            continue
        _, day, month, name = _named_day_of(match)
        of = MONTHS_GENITIVE[month - 1]
        when = f"{day} {of}" if day else f"{_MOVABLE_DAYS[name][0]} воскресенье {of}"
        notes.append(f"{name} — {'обычно ' if name == 'Последний звонок' else ''}{when}")
    return "; ".join(notes) or None


# «12 и 13 ноября», «5, 20 декабря»: each day takes the month written after the last
_DAYS_OF_A_MONTH = re.compile(
    r"(?<![\d.])(?P<days>\d{1,2}(?:\s*(?:,|и)\s*\d{1,2})+)\s+(?P<month>" + "|".join(MONTHS_GENITIVE) + r")(?![а-я])"
)


def _days_of_a_month(match: re.Match[str]) -> str:
    days = re.split(r"\s*(?:,|и)\s*", match.group("days"))
    return " и ".join(f"{day} {match.group('month')}" for day in days)


# «до 25 декабря, мая», «к 20 декабря и марта»: one day written for each month named after it (in the genitive, with no
# day of its own), so each month is due that day
_GENITIVES = "|".join(MONTHS_GENITIVE)
_DAY_OF_MONTHS = re.compile(
    r"(?:(?<![а-я])(?P<by>(?:до|к|ко|не\s+позднее|не\s+позже)\s+))?(?<![\d.])(?P<day>\d{1,2})(?P<first>\s+(?:"
    + _GENITIVES
    + r"))(?P<rest>(?:\s*(?:,|и)\s*(?:"
    + _GENITIVES
    + r"))+)(?![а-я])(?!\s*[-–])"
)
_LONGEST_DAY = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _day_of_months(match: re.Match[str]) -> str:
    """Each month after the first with the day written before the first (and its «до»), not past the month's last
    day."""
    day, by = int(match.group("day")), match.group("by") or ""

    def dated(month: re.Match[str]) -> str:
        number = MONTHS_GENITIVE.index(month.group(2)) + 1
        return f"{month.group(1)}{by}{min(day, _LONGEST_DAY[number - 1])} {month.group(2)}"

    rest = re.sub(r"(\s*(?:,|и)\s*)(" + _GENITIVES + r")", dated, match.group("rest"))
    return f"{by}{match.group('day')}{match.group('first')}{rest}"


# «15.10.-15.11.2024», «с 15.09. по 15.10.2024»: a dot after a day and month before a dash, «по» or «до»
_DAY_MONTH_DOT = re.compile(r"(?<![\d.])(\d{1,2}\.\d{1,2})\.(?=\s*(?:-|(?:по|до)\s))")
# «к началу 2025-2026 учебного года» → «до 31 августа 2025»; «в начале 2025/2026 уч. г.» → «сентябрь 2025»
_WRITTEN_SCHOOL_YEAR_START = re.compile(
    _BY
    + r"(?:в\s+)?начал\w*\s+(?P<first>(?:19|20)\d{2})\s*[-/]\s*(?:19|20)?\d{2}\s*"
    + r"(?:уч\w*\s*\.?\s*)?(?:год\w*|г(?![а-я])\.?)"
)


# «к 2025-2026 учебному году»: by its start, as «к началу 2025-2026 учебного года»
_BY_WRITTEN_SCHOOL_YEAR = re.compile(
    r"(?<![а-я])(?:к|ко)\s+(?P<first>(?:19|20)\d{2})\s*[-/]\s*(?:19|20)?\d{2}\s*(?:уч\w*\s*\.?\s*)?(?:году|г(?![а-я])\.?)"
)


def _written_school_year_start(match: re.Match[str]) -> str:
    first = match.group("first")
    return f" до 31 августа {first} " if match.group("by") else f" сентябрь {first} "


def normalise(text: str) -> str:
    """Lower case, one kind of dash and space, `ё` → `е`, Cyrillic for Latin lookalikes; the start of the
    school year becomes September, its end May (August for the school year as a whole, see
    `_school_year_end`), «до начала нового учебного года» the 31 August that precedes it, «не ранее» «с», «2024
    г. – сентябрь» «сентябрь 2024»; the parts of a month («первая неделя сентября», «в конце мая») the days
    they cover."""
    lowered = _WORD.sub(_fix_lookalikes, text.lower().translate(_CHARACTERS))
    lowered = _HALF_YEAR.sub("полугодие", lowered)
    lowered = _NOT_BEFORE.sub("с", lowered)
    lowered = _BY_NAMED_BESIDE_DATE.sub(r" до \g<date> ", lowered)
    lowered = _NAMED_DAY.sub(_named_day, _share_prefix(lowered))
    lowered = _DAYS_OF_A_MONTH.sub(_days_of_a_month, lowered)
    lowered = _DAY_OF_MONTHS.sub(_day_of_months, lowered)
    lowered = _DAY_MONTH_DOT.sub(r"\1", lowered)
    lowered = _WRITTEN_SCHOOL_YEAR_START.sub(_written_school_year_start, lowered)
    lowered = _BY_WRITTEN_SCHOOL_YEAR.sub(r" до 31 августа \g<first> ", lowered)
    lowered = _YEAR_THEN_MONTHS.sub(_year_then_months, lowered)
    lowered = _NEXT_SCHOOL_YEAR.sub(" до 31 августа ", lowered)
    lowered = _SCHOOL_YEAR_END.sub(_school_year_end(bool(_WHOLE_SCHOOL_YEAR.search(lowered))), lowered)
    lowered = _CALENDAR_YEAR_END.sub(_calendar_year_end, lowered)
    lowered = _RESULTS_OF_YEAR.sub(r" декабрь \g<year> ", lowered)
    lowered = _RESULTS_OF_SCHOOL_YEAR.sub(r" май \g<second> ", lowered)
    lowered = _SCHOOL_YEAR_MIDDLE.sub(_school_year_middle, lowered)
    lowered = _CALENDAR_YEAR_MIDDLE.sub(_calendar_year_middle, lowered)
    return _month_parts(_holidays(_SCHOOL_YEAR_START.sub(" сентябрь ", lowered)))


# --- dates


# Non-working public holidays (ТК РФ, ст. 112) as (month, day): 1–8 January, 23 February, 8 March, 1 and 9 May, 12
# June, 4 November
PUBLIC_HOLIDAYS = frozenset({(1, d) for d in range(1, 9)} | {(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)})
# The days moved by the Government's yearly decrees: extra days off, and Saturdays worked instead
_DAYS_OFF_MOVED: dict[int, frozenset[tuple[int, int]]] = {
    2024: frozenset({(4, 29), (4, 30), (5, 10), (12, 30), (12, 31)}),
    2025: frozenset({(5, 2), (5, 8), (6, 13), (11, 3), (12, 31)}),
    2026: frozenset({(1, 9), (3, 9), (5, 11), (12, 31)}),
}
_SATURDAYS_WORKED: dict[int, frozenset[tuple[int, int]]] = {
    2024: frozenset({(4, 27), (11, 2), (12, 28)}),
    2025: frozenset({(11, 1)}),
    2026: frozenset(),
}


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day of the Russian production calendar: Monday to Friday but the public holidays and
    the days off the yearly decree moves (2024–2026 as decreed; another year a holiday on a weekend moves to the next
    Monday-to-Friday day, as ст. 112 says of all but the January ones), and the Saturdays it makes working days."""
    key = (day.month, day.day)
    if day.year in _DAYS_OFF_MOVED:
        if key in _SATURDAYS_WORKED[day.year]:
            return True
        return day.weekday() < 5 and key not in PUBLIC_HOLIDAYS and key not in _DAYS_OFF_MOVED[day.year]
    if day.weekday() >= 5 or key in PUBLIC_HOLIDAYS:
        return False
    return not _holiday_moved_to(day)


def _holiday_moved_to(day: date) -> bool:
    """Whether a weekday is the day off for a holiday (not a January one) that fell on the weekend before it."""
    back = day - timedelta(days=1)
    while back.weekday() >= 5 or (back.month, back.day) in PUBLIC_HOLIDAYS:
        if back.weekday() >= 5 and (back.month, back.day) in PUBLIC_HOLIDAYS and back.month != 1:
            return True
        back -= timedelta(days=1)
    return False


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def second_year(first: int, second: str) -> int:
    """The second year of a span as written after `first`: «2024-2025» and «2024-25» both give 2025."""
    return int(second) if len(second) == 4 else first // 100 * 100 + int(second)
