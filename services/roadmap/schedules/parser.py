"""Free-text deadlines of roadmap activities ("Сроки", "Срок реализации") read into a `Schedule`.

The original text is always kept verbatim; the parse is a best effort that never raises. Choices made:

- A bare month takes its year from the plan's school year (September–December of the first year,
  January–August of the second), else from the plan's period (the first year where the month falls inside
  it), else from a neighbouring item of the same text ("Июнь – июль 2022 г." gives June 2022). A month
  whose year cannot be known yields no occurrence, but the kind and summary still say what was written.
- An exact date is an occurrence that starts and ends that day; a month runs from its first to its last
  day; a year from 1 January to 31 December; a range from the start of its first item to the end of its last.
- "до 20 мая 2020" and "в срок до …" are due on that date (officials read "до" with a date as inclusive);
  "до января 2021 года" is due the day before the month starts, 31 December 2020. Neither has a start.
- Recurring forms get concrete occurrences inside the effective period: the period written in the text
  ("Ежегодное (в течение 2021-2023 гг.)"), else the plan's period, else the school year (1 Sep – 31 Aug).
  School half-years end on 31 December and 31 May, school quarters (четверти) on 31 October, 31 December,
  31 March and 31 May; "Ежегодно" alone is once per school year, due 31 May; "не менее 2 раз в год" is
  once per half-year; "1 раз в три года" is one occurrence per complete three-school-year window of the
  period (none when the period is shorter). "Ежедневно" and a bare "периодически" have no occurrences.
- Open forms ("В течение года", "В течение всего периода") are one occurrence spanning the period;
  "в течение 2021-2023 гг." and "в период с мая по август 2020 года" span the period they name.
- Forms that defer the deadline ("По запросу школ…", "По отдельному графику", "По результатам реализации
  программ", "В соответствии с …") are `on_request`, with no occurrences.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, Field

from services.shared.school_year import parse_school_year


class ScheduleKind(StrEnum):
    date = "date"
    month = "month"
    range = "range"
    dates = "dates"
    staged = "staged"
    recurring = "recurring"
    period = "period"
    on_request = "on_request"
    unparsed = "unparsed"


class Stage(StrEnum):
    entry = "entry"
    interim = "interim"
    final = "final"


STAGE_LABELS: dict[Stage, str] = {Stage.entry: "входной", Stage.interim: "промежуточный", Stage.final: "итоговый"}


class Occurrence(BaseModel):
    """One concrete time the activity is due: `start` (None for "до …") to `due`, with a Russian label."""

    start: date | None = None
    due: date
    stage: Stage | None = None
    label: str


class Schedule(BaseModel):
    """A deadline text as written and as read; `occurrences` are sorted by `due`."""

    text: str
    kind: ScheduleKind
    occurrences: list[Occurrence] = Field(default_factory=list)
    period_start: date | None = None
    period_end: date | None = None
    recurrence: str | None = None
    summary: str


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
    "апр": 4,
    "авг": 8,
    "сен": 9,
    "сент": 9,
    "окт": 10,
    "ноя": 11,
    "нояб": 11,
    "дек": 12,
}
_MAY_FORMS = frozenset({"май", "мая", "мае", "маю", "маем"})
_YEAR_WORDS = frozenset({"г", "гг", "год", "года", "году", "годы", "годов", "годах", "годом", "годам"})
_SCHOOL_WORDS = frozenset({"уч", "учеб", "учебного", "учебный", "учебном", "учебные", "учебных", "учебному"})
_STAGE_STEMS = (
    ("входн", Stage.entry),
    ("стартов", Stage.entry),
    ("промежуточн", Stage.interim),
    ("рубежн", Stage.interim),
    ("итогов", Stage.final),
    ("финальн", Stage.final),
)
_LOOKALIKES = str.maketrans("abcehkmoptxy", "авсенкмортху")
_CHARACTERS = str.maketrans(
    {"ё": "е", "–": "-", "—": "-", "−": "-", "‒": "-", "―": "-", "‑": "-", "\u00a0": " ", "\u202f": " "}
)


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


def _stage_of(word: str) -> Stage | None:
    for stem, stage in _STAGE_STEMS:
        if word.startswith(stem):
            return stage
    return None


_WORD = re.compile(r"[а-яa-z]+")
_HAS_CYRILLIC = re.compile(r"[а-я]")
_HAS_LATIN = re.compile(r"[a-z]")


def _fix_lookalikes(match: re.Match[str]) -> str:
    """Latin letters typed inside Russian words (`cентябрь`, `Mapт`) become Cyrillic."""
    word = match.group(0)
    if not _HAS_LATIN.search(word):
        return word
    fixed = word.translate(_LOOKALIKES)
    if _HAS_CYRILLIC.search(word) or (not _HAS_LATIN.search(fixed) and month_number(fixed) is not None):
        return fixed
    return word


_SCHOOL_YEAR_START = re.compile(r"(?:в\s+)?начал\w*\s+(?:уч\w*\s*\.?\s*)?года")
_SCHOOL_YEAR_END = re.compile(r"(?:в\s+)?(?:конц\w*|конец|окончани\w*)\s+уч\w*\s*\.?\s*года")


def normalise(text: str) -> str:
    """Lower case, one kind of dash and space, `ё` → `е`, Cyrillic for Latin lookalikes; the start and end
    of the school year become September and May."""
    lowered = _WORD.sub(_fix_lookalikes, text.lower().translate(_CHARACTERS))
    lowered = _SCHOOL_YEAR_START.sub(" сентябрь ", lowered)
    return _SCHOOL_YEAR_END.sub(" май ", lowered)


# --- tokens

_TOKEN = re.compile(
    r"(?P<date>(?<!\d)\d{1,2}\s?\.\s?\d{1,2}\s?\.\s?(?:\d{4}|\d{2})(?!\d))"
    r"|(?P<span>(?<!\d)(?:19|20)\d{2}\s*[-/]\s*(?:(?:19|20)\d{2}|\d{2})(?!\d))"
    r"|(?P<num>\d+)"
    r"|(?P<word>[а-яa-z]+)"
    r"|(?P<dash>-)"
    r"|(?P<lparen>\()"
    r"|(?P<rparen>\))"
    r"|(?P<sep>[,;.:/])"
)
_MIN_YEAR, _MAX_YEAR = 1900, 2100


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # date, span, num, month, year_word, school, stage, word, dash, lparen, rparen, sep
    text: str
    number: int = 0
    second: int = 0
    day: date | None = None
    stage: Stage | None = None


def _date_token(text: str) -> Token | None:
    parts = [int(part) for part in re.split(r"\s?\.\s?", text)]
    year = parts[2] + 2000 if parts[2] < 100 else parts[2]
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return Token("date", text, day=date(year, parts[1], parts[0]))
    except ValueError:
        return None


def _span_token(text: str) -> list[Token]:
    """`2021-2023`, `2022/23` → a span of years; anything implausible → two numbers."""
    first_text, second_text = re.split(r"\s*[-/]\s*", text)
    first = int(first_text)
    second = int(second_text) if len(second_text) == 4 else first // 100 * 100 + int(second_text)
    if first <= second <= first + 10:
        return [Token("span", text, number=first, second=second)]
    return [Token("num", first_text, number=first), Token("dash", "-"), Token("num", second_text, number=second)]


@functools.lru_cache(maxsize=4096)
def _word_token(word: str) -> Token:
    """A word's token; cached, as plans repeat a small vocabulary (tokens are immutable)."""
    month = month_number(word)
    if month is not None:
        return Token("month", word, number=month)
    if word in _YEAR_WORDS:
        return Token("year_word", word)
    if word in _SCHOOL_WORDS:
        return Token("school", word)
    stage = _stage_of(word)
    if stage is not None:
        return Token("stage", word, stage=stage)
    return Token("word", word)


def tokenize(normalised: str) -> list[Token]:
    tokens: list[Token] = []
    for match in _TOKEN.finditer(normalised):
        kind = match.lastgroup or "sep"
        text = match.group(0)
        if kind == "date":
            token = _date_token(text)
            if token is not None:
                tokens.append(token)
        elif kind == "span":
            tokens.extend(_span_token(text))
        elif kind == "num":
            tokens.append(Token("num", text, number=int(text[:9])))
        elif kind == "word":
            tokens.append(_word_token(text))
        else:
            tokens.append(Token(kind, text))
    return tokens


# --- items


@dataclass(slots=True)
class Moment:
    """A day, a month or a year as written; `year` is filled in later when it was not written."""

    month: int | None = None
    year: int | None = None
    day: int | None = None
    school_year: int | None = None  # the first year of "май 2021-2022"
    written_year: bool = False

    @property
    def is_dated(self) -> bool:
        return self.month is not None


@dataclass(slots=True)
class Item:
    """One deadline element: a point, a range (`last`), "до …" (`before`) or "с …" without an end (`since`)."""

    first: Moment
    last: Moment | None = None
    before: bool = False
    since: bool = False
    stage: Stage | None = None

    def moments(self) -> list[Moment]:
        return [self.first] if self.last is None else [self.first, self.last]

    @property
    def is_dated(self) -> bool:
        return any(moment.is_dated for moment in self.moments())


def _is_word(tokens: list[Token], index: int, *words: str) -> bool:
    return index < len(tokens) and tokens[index].kind == "word" and tokens[index].text in words


def _skip(tokens: list[Token], index: int, kinds: tuple[str, ...]) -> int:
    """Past the tokens of `kinds`; the dot of an abbreviation (`г.`, `уч.`) is skipped with them."""
    while index < len(tokens) and (tokens[index].kind in kinds or tokens[index].text == "."):
        index += 1
    return index


def _year_after(tokens: list[Token], index: int, moment: Moment) -> int:
    """Reads a year (`2022`, `2022г.`) or a school year (`2021-2022`) written after a month."""
    if index >= len(tokens):
        return index
    token = tokens[index]
    if token.kind == "num" and _MIN_YEAR <= token.number <= _MAX_YEAR:
        moment.year, moment.written_year = token.number, True
        return _skip(tokens, index + 1, ("year_word",))
    if token.kind == "span" and token.second == token.number + 1:
        moment.school_year = token.number
        return _skip(tokens, index + 1, ("year_word", "school", "sep"))
    return index


def _moment(tokens: list[Token], index: int) -> tuple[Moment, int] | None:
    if index >= len(tokens):
        return None
    token = tokens[index]
    if token.kind == "date" and token.day is not None:
        day = token.day
        return Moment(day.month, day.year, day.day, written_year=True), _skip(tokens, index + 1, ("year_word",))
    if (
        token.kind == "num"
        and 1 <= token.number <= 31
        and index + 1 < len(tokens)
        and tokens[index + 1].kind == "month"
    ):
        moment = Moment(tokens[index + 1].number, day=token.number)
        return moment, _year_after(tokens, index + 2, moment)
    if token.kind == "month":
        moment = Moment(token.number)
        return moment, _year_after(tokens, index + 1, moment)
    if token.kind == "num" and _MIN_YEAR <= token.number <= _MAX_YEAR:
        return Moment(year=token.number, written_year=True), _skip(tokens, index + 1, ("year_word",))
    return None


def _span_item(tokens: list[Token], index: int) -> tuple[Item, int]:
    """`2021-2023 гг.` → the calendar years; `2022-2023 уч. года` → 1 September to 31 August."""
    token = tokens[index]
    end = _skip(tokens, index + 1, ("year_word", "sep"))
    if end < len(tokens) and tokens[end].kind == "school":
        first = Moment(9, token.number, written_year=True)
        last = Moment(8, token.second, written_year=True)
        return Item(first, last), _skip(tokens, end + 1, ("year_word", "school", "sep"))
    first, last = Moment(year=token.number, written_year=True), Moment(year=token.second, written_year=True)
    return Item(first, last), end


def _item(tokens: list[Token], index: int) -> tuple[Item, int] | None:
    """The item starting at `index`, if one does."""
    if tokens[index].kind == "span":
        return _span_item(tokens, index)
    if _is_word(tokens, index, "до", "позднее", "позже"):
        found = _moment(tokens, index + 1)
        return (Item(found[0], before=True), found[1]) if found else None
    if _is_word(tokens, index, "с", "со", "c"):
        found = _moment(tokens, index + 1)
        if found is None:
            return None
        first, after = found
        if _is_word(tokens, after, "по", "до") or (after < len(tokens) and tokens[after].kind == "dash"):
            end = _moment(tokens, after + 1)
            if end is not None:
                return Item(first, end[0]), end[1]
        return Item(first, since=True), after
    found = _moment(tokens, index)
    if found is None:
        return None
    first, after = found
    if after < len(tokens) and (tokens[after].kind == "dash" or _is_word(tokens, after, "по")):
        end = _moment(tokens, after + 1)
        if end is not None:
            return Item(first, end[0]), end[1]
    return Item(first), after


def parse_items(tokens: list[Token]) -> list[Item]:
    """Every item of the text in order; a stage word tags the item it follows, else the next one."""
    items: list[Item] = []
    pending: Stage | None = None
    last_end = -1
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "stage" and token.stage is not None:
            follows = last_end >= 0 and all(t.kind in ("lparen", "sep") for t in tokens[last_end:index])
            if follows and items and items[-1].stage is None:
                items[-1].stage = token.stage
            else:
                pending = token.stage
            index += 1
            continue
        found = _item(tokens, index)
        if found is None:
            index += 1
            continue
        item, index = found
        if pending is not None:
            item.stage, pending = pending, None
        items.append(item)
        last_end = index
    return items


# --- years


@dataclass(frozen=True, slots=True)
class Context:
    """What a bare month takes its year from: the school year's first year, else the period."""

    first_year: int | None
    period: tuple[date, date] | None


def _year_in_context(month: int, context: Context) -> int | None:
    if context.first_year is not None:
        return context.first_year if month >= 9 else context.first_year + 1
    if context.period is not None:
        start, end = context.period
        for year in range(start.year, end.year + 1):
            first, last = month_bounds(year, month)
            if first <= end and last >= start:
                return year
    return None


def _fill_years(items: list[Item], context: Context) -> None:
    """Years not written: a range's start from its end, then a neighbour's year, then the context."""
    for item in items:
        if item.last is not None and item.first.year is None and item.first.month is not None:
            last = item.last
            if last.year is not None and last.month is not None:
                item.first.year = last.year - (1 if item.first.month > last.month else 0)
            elif last.school_year is not None:
                item.first.school_year = last.school_year
    moments = [moment for item in items for moment in item.moments()]
    for position, moment in enumerate(moments):
        if moment.year is not None or moment.month is None:
            continue
        if moment.school_year is not None:
            moment.year = moment.school_year if moment.month >= 9 else moment.school_year + 1
            continue
        moment.year = _neighbour_year(moment.month, moments, position) or _year_in_context(moment.month, context)
    for item in items:
        _range_end_after_start(item)


def _range_end_after_start(item: Item) -> None:
    """ "май-октябрь" with both years taken from the context: October follows May."""
    first, last = item.first, item.last
    if last is None or last.written_year or first.year is None or last.year is None:
        return
    if first.month is not None and last.month is not None and (last.year, last.month) < (first.year, first.month):
        last.year = first.year + (1 if last.month < first.month else 0)


def _neighbour_year(month: int, moments: list[Moment], position: int) -> int | None:
    for later in moments[position + 1 :]:
        if later.written_year and later.year is not None and later.month is not None:
            return later.year - (1 if month > later.month else 0)
    for earlier in reversed(moments[:position]):
        if earlier.written_year and earlier.year is not None and earlier.month is not None:
            return earlier.year + (1 if month < earlier.month else 0)
    return None


# --- dates


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _bounds(moment: Moment) -> tuple[date, date] | None:
    """The first and last day a moment covers, or None when its year is unknown or the day does not exist."""
    if moment.year is None or not _MIN_YEAR <= moment.year <= _MAX_YEAR:
        return None
    if moment.month is None:
        return date(moment.year, 1, 1), date(moment.year, 12, 31)
    if moment.day is None:
        return month_bounds(moment.year, moment.month)
    try:
        day = date(moment.year, moment.month, moment.day)
    except ValueError:
        return None
    return day, day


def _span(item: Item) -> tuple[date | None, date] | None:
    """An item's start and due date (see the module docstring), or None if it cannot be dated."""
    first = _bounds(item.first)
    if first is None or item.since:
        return None
    if item.before:
        due = first[0] if item.first.day is not None else first[0] - timedelta(days=1)
        return None, due
    if item.last is None:
        return first
    last = _bounds(item.last)
    if last is None or last[1] < first[0]:
        return None
    return first[0], last[1]


def _moment_label(moment: Moment, case: tuple[str, ...] = MONTHS_NOMINATIVE, with_year: bool = True) -> str:
    if moment.day is not None and moment.month is not None and moment.year is not None:
        return f"{moment.day:02d}.{moment.month:02d}.{moment.year}"
    if moment.day is not None and moment.month is not None:
        return f"{moment.day} {MONTHS_GENITIVE[moment.month - 1]}"
    year = f" {moment.year}" if with_year and moment.year is not None else ""
    if moment.month is not None:
        return f"{case[moment.month - 1]}{year}"
    return f"{moment.year} год"


def item_label(item: Item) -> str:
    """Russian: `сентябрь 2022`, `июнь – июль 2022`, `до 20.05.2020`, `до января 2021`, `с мая 2020`."""
    if item.before:
        return f"до {_moment_label(item.first, MONTHS_GENITIVE)}"
    if item.since:
        return f"с {_moment_label(item.first, MONTHS_GENITIVE)}"
    if item.last is None:
        return _moment_label(item.first)
    first, last = item.first, item.last
    if first.month is None and last.month is None:
        return f"{first.year}–{last.year} гг."
    same_year = first.year == last.year and first.day is None and last.day is None
    return f"{_moment_label(first, with_year=not same_year)} – {_moment_label(last)}"


def _occurrence(item: Item) -> Occurrence | None:
    span = _span(item)
    if span is None:
        return None
    return Occurrence(start=span[0], due=span[1], stage=item.stage, label=item_label(item))


def _sorted(occurrences: list[Occurrence]) -> list[Occurrence]:
    return sorted(occurrences, key=lambda occurrence: (occurrence.due, occurrence.start or occurrence.due))


def _period_label(start: date, end: date) -> str:
    return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"


# --- recurrence


@dataclass(frozen=True, slots=True)
class Recurrence:
    code: str
    summary: str
    count: int = 0  # n of "n раз в год", or the years of "раз в n лет"


_NUMBER_WORDS = {
    "один": 1,
    "одного": 1,
    "одному": 1,
    "два": 2,
    "две": 2,
    "двух": 2,
    "дважды": 2,
    "три": 3,
    "трех": 3,
    "трижды": 3,
    "четыре": 4,
    "четырех": 4,
    "пять": 5,
    "пяти": 5,
    "шесть": 6,
    "десять": 10,
    "двенадцать": 12,
}
_COUNT = r"(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")"
_TIMES_A_YEAR = re.compile(
    r"(не\s+менее\s+|не\s+реже\s+|до\s+)?" + _COUNT + r"(?:\s*-?\s*х)?\s*(?:раза?\s*)?в\s+(?:учебный\s+)?год(?!а|ов)"
)
_EVERY_N_YEARS = re.compile(r"раз\s+в\s+" + _COUNT + r"\s*-?\s*(?:х\s+)?(?:года|лет|год)")
_SIMPLE_RECURRENCES: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"полугод"), "half_yearly", "каждое полугодие"),
    (re.compile(r"четверт"), "quarterly", "каждую четверть"),
    (re.compile(r"ежемесячн|кажд\w*\s+месяц|раз\s+в\s+месяц|по\s+месяцам"), "monthly", "ежемесячно"),
    (
        re.compile(r"ежеквартальн|кажд\w*\s+квартал|раз\s+в\s+квартал|по\s+кварталам"),
        "calendar_quarterly",
        "ежеквартально",
    ),
    (re.compile(r"еженедельн|кажд\w*\s+недел|раз\s+в\s+неделю"), "weekly", "еженедельно"),
    (re.compile(r"ежедневн|кажд\w*\s+день"), "daily", "ежедневно"),
    (
        re.compile(r"ежегодн|кажд\w*\s+(?:учебн\w*\s+)?год|раз\s+в\s+год|по\s+итогам\s+(?:учебного\s+)?года"),
        "yearly",
        "ежегодно",
    ),
    (re.compile(r"периодическ"), "periodic", "периодически"),
)


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _times(count: int, single: str = "раз", few: str = "раза") -> str:
    return few if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14) else single


def find_recurrence(normalised: str) -> Recurrence | None:
    """The repetition a text states, checked from the most specific form to the least."""
    match = _TIMES_A_YEAR.search(normalised)
    if match is not None:
        count = _count(match.group(2))
        codes = {1: "yearly", 2: "twice_a_year", 4: "quarterly", 12: "monthly"}
        prefix = "не менее " if match.group(1) and "до" not in match.group(1) else ""
        times = "раз" if prefix else _times(count)
        summary = f"{prefix}{count} {times} в год" if count != 1 else "ежегодно"
        return Recurrence(codes.get(count, "times_a_year"), summary, count)
    match = _EVERY_N_YEARS.search(normalised)
    if match is not None:
        count = _count(match.group(1))
        if count == 1:
            return Recurrence("yearly", "ежегодно")
        return Recurrence("every_n_years", f"1 раз в {count} {_times(count, 'лет', 'года')}", count)
    for pattern, code, summary in _SIMPLE_RECURRENCES:
        if pattern.search(normalised):
            return Recurrence(code, summary)
    return None


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


_PER_SCHOOL_YEAR: dict[str, Callable[[int], list[Window]]] = {
    "yearly": _yearly,
    "half_yearly": _half_years,
    "twice_a_year": _half_years,
    "quarterly": _quarters,
}


def _windows(recurrence: Recurrence, period: tuple[date, date]) -> list[Window]:
    if recurrence.code in _PER_SCHOOL_YEAR:
        return [w for year in _school_years(period) for w in _PER_SCHOOL_YEAR[recurrence.code](year)]
    if recurrence.code == "times_a_year" and recurrence.count == 3:
        return [w for year in _school_years(period) for w in _trimesters(year)]
    if recurrence.code == "monthly":
        return [w for year in range(period[0].year, period[1].year + 1) for w in _months(year)]
    if recurrence.code == "calendar_quarterly":
        return [w for year in range(period[0].year, period[1].year + 1) for w in _calendar_quarters(year)]
    if recurrence.code == "weekly":
        return list(_weeks(period))
    if recurrence.code == "every_n_years":
        return _every_n_years(period, recurrence.count)
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
    for first_year in _school_years(period):
        for item in items:
            copy = Item(
                Moment(item.first.month, school_year=first_year),
                None if item.last is None else Moment(item.last.month, school_year=first_year),
                stage=item.stage,
            )
            _fill_school_year(copy)
            occurrence = _occurrence(copy)
            if occurrence is not None and period[0] <= occurrence.due <= period[1]:
                occurrences.append(occurrence)
    return occurrences


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


def _recurring_occurrences(recurrence: Recurrence, items: list[Item], period: tuple[date, date]) -> list[Occurrence]:
    dated = [item for item in items if item.is_dated]
    if any(moment.written_year for item in dated for moment in item.moments()):
        return [o for o in map(_occurrence, dated) if o is not None]
    if dated and recurrence.code == "yearly":
        return _yearly_in_months(dated, period)
    windows = _windows(recurrence, period)
    if dated and recurrence.code == "monthly":
        months = _month_set(dated)
        windows = [window for window in windows if window[1].month in months]
    return [
        Occurrence(start=start, due=due, label=label) for start, due, label in windows if period[0] <= due <= period[1]
    ]


def _months_phrase(items: list[Item]) -> str:
    """`в мае и сентябре`, `с октября по март`, `в мае, с октября по март`."""
    points = [MONTHS_PREPOSITIONAL[item.first.month - 1] for item in items if item.last is None and item.first.month]
    parts = []
    if points:
        parts.append("в " + (", ".join(points[:-1]) + " и " + points[-1] if len(points) > 1 else points[0]))
    for item in items:
        if item.last is not None and item.first.month and item.last.month:
            first, last = MONTHS_GENITIVE[item.first.month - 1], MONTHS_NOMINATIVE[item.last.month - 1]
            parts.append(f"с {first} по {last}")
    return ", ".join(parts)


# --- rules

_ON_REQUEST = re.compile(
    r"по\s+запрос|по\s+(?:отдельному\s+|утвержденному\s+|единому\s+)?график|по\s+мере|по\s+результатам"
    r"|в\s+соответствии\s+с|по\s+согласовани|по\s+необходимост|по\s+требовани|по\s+заявк|по\s+плану"
    r"|в\s+сроки|по\s+срокам|по\s+отдельному"
)
_OPEN = re.compile(
    r"в\s+течени|весь\s+период|всего\s+периода|срок\w*\s+действия|срок\w*\s+реализаци|постоянн|систематическ"
    r"|регулярн|на\s+протяжении|в\s+период|на\s+период|весь\s+год|круглогодичн"
)


@dataclass(slots=True)
class Reading:
    """The inputs every rule reads."""

    text: str
    normalised: str
    items: list[Item]
    context: Context
    period: tuple[date, date] | None


def _own_period(items: list[Item]) -> tuple[date, date] | None:
    """A period written in the text itself: years only (`в течение 2021-2023 гг.`, `2022 год`)."""
    spans = [_span(item) for item in items if not item.is_dated and not item.before]
    bounds = [span for span in spans if span is not None and span[0] is not None]
    if not bounds:
        return None
    return min(span[0] for span in bounds if span[0] is not None), max(span[1] for span in bounds)


def _recurring(reading: Reading, recurrence: Recurrence) -> Schedule:
    period = _own_period(reading.items) or reading.period
    dated = [item for item in reading.items if item.is_dated]
    occurrences = _recurring_occurrences(recurrence, reading.items, period) if period else []
    if not period and any(moment.written_year for item in dated for moment in item.moments()):
        occurrences = [o for o in map(_occurrence, dated) if o is not None]
    phrase = _months_phrase(dated) if recurrence.code == "yearly" else ""
    summary = f"{recurrence.summary} {phrase}".strip()
    years = [item for item in reading.items if not item.is_dated and not item.before and _span(item)]
    if years:
        summary += " (" + ", ".join(item_label(item) for item in years) + ")"
    return Schedule(
        text=reading.text,
        kind=ScheduleKind.recurring,
        occurrences=_sorted(occurrences),
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        recurrence=recurrence.code,
        summary=summary,
    )


def _open(reading: Reading) -> Schedule | None:
    """ "В течение года", "в течение 2021-2023 гг.", "в период с мая по август 2020 года"."""
    if not _OPEN.search(reading.normalised):
        return None
    dated = [item for item in reading.items if item.is_dated]
    own: tuple[date, date] | None = None
    if len(dated) == 1 and dated[0].last is not None:
        span = _span(dated[0])
        own = (span[0], span[1]) if span is not None and span[0] is not None else None
        if own is None:
            return None
    elif dated:
        return None
    years = [item for item in reading.items if not item.is_dated and not item.before]
    period = own or _own_period(reading.items) or reading.period
    if period is None:
        return Schedule(text=reading.text, kind=ScheduleKind.period, summary="в течение периода плана")
    label = item_label((dated or years)[0]) if dated or len(years) == 1 else _period_label(*period)
    single_year = len(years) == 1 and not dated and years[0].last is None
    summary = f"в течение {years[0].first.year} года" if single_year else f"в течение периода {label}"
    return Schedule(
        text=reading.text,
        kind=ScheduleKind.period,
        occurrences=[Occurrence(start=period[0], due=period[1], label=label)],
        period_start=period[0],
        period_end=period[1],
        summary=summary,
    )


def _explicit_kind(items: list[Item]) -> ScheduleKind:
    if any(item.stage is not None for item in items):
        return ScheduleKind.staged
    if len(items) > 1:
        return ScheduleKind.dates
    item = items[0]
    if item.since or not item.is_dated:
        return ScheduleKind.period
    if item.before or (item.first.day is not None and item.last is None):
        return ScheduleKind.date
    return ScheduleKind.month if item.last is None else ScheduleKind.range


def _item_summary(item: Item) -> str:
    label = item_label(item)
    if item.stage is not None:
        label += f" ({STAGE_LABELS[item.stage]})"
    return label


def _explicit(reading: Reading) -> Schedule | None:
    items = reading.items
    if not items:
        return None
    kind = _explicit_kind(items)
    occurrences = [o for o in map(_occurrence, items) if o is not None]
    since = [item for item in items if item.since]
    if kind == ScheduleKind.period and since and reading.period is not None:
        start = _bounds(since[0].first)
        if start is not None and start[0] <= reading.period[1]:
            occurrences = [Occurrence(start=start[0], due=reading.period[1], label=item_label(since[0]))]
    occurrences = _sorted(occurrences)
    starts = [o.start or o.due for o in occurrences]
    summary = ", ".join(_item_summary(item) for item in items)
    if any(_span(item) is None for item in items if not item.since):
        summary += " (год не определён)"
    return Schedule(
        text=reading.text,
        kind=kind,
        occurrences=occurrences,
        period_start=min(starts) if starts else None,
        period_end=max(o.due for o in occurrences) if occurrences else None,
        summary=summary,
    )


_ON_REQUEST_SUMMARIES = (
    ("по запрос", "по запросу"),
    ("график", "по отдельному графику"),
    ("по результатам", "по результатам работы"),
    ("в соответствии с", "в соответствии с отдельными документами"),
)


def _on_request(reading: Reading) -> Schedule | None:
    if not _ON_REQUEST.search(reading.normalised):
        return None
    summary = next((s for key, s in _ON_REQUEST_SUMMARIES if key in reading.normalised), "по мере необходимости")
    return Schedule(text=reading.text, kind=ScheduleKind.on_request, summary=f"без фиксированного срока: {summary}")


def school_year_bounds(text: str | None) -> tuple[date, date] | None:
    """`2022-2023` or `2022/2023` (also `2022-23`) → 1 September 2022 – 31 August 2023; None if not one."""
    school_year = parse_school_year(text or "")
    if school_year is None:
        return None
    first = int(school_year[:4])
    return date(first, 9, 1), date(first + 1, 8, 31)


def _valid_period(period: tuple[date, date]) -> bool:
    """Both bounds present, as dates, in order and within plausible years (a caller may pass a plan's unset
    bounds as None; a period starting in year 1 would make school years before year 1)."""
    start, end = period
    if not (isinstance(start, date) and isinstance(end, date)):
        return False
    return start <= end and start.year >= _MIN_YEAR and end.year <= _MAX_YEAR


def _unparsed(text: str) -> Schedule:
    return Schedule(text=text, kind=ScheduleKind.unparsed, summary="не разобрано")


def _parse(text: str | None, school_year: str | None, period: tuple[date, date] | None) -> Schedule:
    """The parse itself; may raise only on a bug, which `parse_schedule` turns into `unparsed`."""
    original = text or ""
    if not original.strip():
        return _unparsed(original)
    year_bounds = school_year_bounds(school_year)
    if period is not None and not _valid_period(period):
        period = None
    effective = period or year_bounds
    normalised = normalise(original)
    context = Context(year_bounds[0].year if year_bounds else None, effective)
    items = parse_items(tokenize(normalised))
    _fill_years(items, context)
    reading = Reading(original, normalised, items, context, effective)
    recurrence = find_recurrence(normalised)
    if recurrence is not None:
        return _recurring(reading, recurrence)
    for rule in (_open, _explicit, _on_request):
        schedule = rule(reading)
        if schedule is not None:
            return schedule
    return _unparsed(original)


def parse_schedule(
    text: str | None, school_year: str | None = None, period: tuple[date, date] | None = None
) -> Schedule:
    """Reads a deadline text; never raises (an unreadable or blank text is `unparsed`, text kept).

    `school_year` (`2022-2023` or `2022/2023`) dates bare months; `period` is the plan's period and
    defaults to that school year. An invalid `school_year` or a reversed `period` is ignored.
    """
    try:
        return _parse(text, school_year, period)
    except Exception:  # a safety net: a deadline cell must never break an import or a page
        return _unparsed(text or "")
