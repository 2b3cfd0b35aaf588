"""Dates, months and ranges: the tokens of a text, its items («сентябрь – октябрь 2022 г.», «до 20 мая»),
their years filled in from the context, and their bounds and labels."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from services.roadmap.schedules.parser.model import Occurrence, Stage
from services.roadmap.schedules.parser.months import (
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    SCHOOL_WORDS,
    YEAR_WORDS,
    month_abbreviation,
    month_bounds,
    month_number,
    second_year,
    stage_of,
)

# --- tokens

# «2024 - 31 мая 2025»: a day of a month after a dash, not the short end of a span of years («2024-25»)
_MONTH_WORD = r"(?:янв|фев|мар|апр|ма[йяюе]|июн|июл|авг|сен|окт|ноя|дек)"
_TOKEN = re.compile(
    r"(?P<date>(?<!\d)\d{1,2}\s?\.\s?\d{1,2}\s?\.\s?(?:\d{4}|\d{2})(?!\d))"
    r"|(?P<daymonth>(?<![\d.])(?:[12]\d|3[01]|0?[1-9])\.(?:0[1-9]|1[0-2])(?!\d|\.\d))"
    r"|(?P<span>(?<!\d)(?:19|20)\d{2}\s*[-/]\s*(?:(?:19|20)\d{2}|\d{2}(?!\s*" + _MONTH_WORD + r"))(?!\d))"
    r"|(?P<num>\d+)"
    r"|(?P<word>[а-яa-z]+)"
    r"|(?P<dash>-)"
    r"|(?P<lparen>\()"
    r"|(?P<rparen>\))"
    r"|(?P<sep>[,;.:/])"
)
MIN_YEAR, MAX_YEAR = 1900, 2100


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # date, daymonth, span, num, month, year_word, school, stage, word, dash, lparen, rparen, sep
    text: str
    number: int = 0
    second: int = 0
    day: date | None = None
    stage: Stage | None = None


def _date_token(text: str) -> Token | None:
    parts = [int(part) for part in re.split(r"\s?\.\s?", text)]
    year = parts[2] + 2000 if parts[2] < 100 else parts[2]
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return Token("date", text, day=date(year, parts[1], parts[0]))
    except ValueError:
        return None


def _span_token(text: str) -> list[Token]:
    """`2021-2023`, `2022/23` → a span of years; anything implausible → two numbers."""
    first_text, second_text = re.split(r"\s*[-/]\s*", text)
    first = int(first_text)
    second = second_year(first, second_text)
    if first <= second <= first + 10:
        return [Token("span", text, number=first, second=second)]
    return [Token("num", first_text, number=first), Token("dash", "-"), Token("num", second_text, number=second)]


@functools.lru_cache(maxsize=4096)
def _word_token(word: str) -> Token:
    """A word's token; cached, as plans repeat a small vocabulary (tokens are immutable)."""
    month = month_number(word)
    if month is not None:
        return Token("month", word, number=month)
    if word in YEAR_WORDS:
        return Token("year_word", word)
    if word in SCHOOL_WORDS:
        return Token("school", word)
    stage = stage_of(word)
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
        elif kind == "daymonth":  # «до 15.11»: a day and a month, the year from the context
            day, month = text.split(".")
            tokens.append(Token("daymonth", text, number=int(day), second=int(month)))
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
    phase: int | None = None  # N of «N этап – …» before it

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
    if tokens[index].kind == "sep" and tokens[index].text in ".," and _is_year(tokens, index + 1):
        index += 1  # «окт. 2023», «Март, 2024»
    token = tokens[index]
    if token.kind == "num" and MIN_YEAR <= token.number <= MAX_YEAR:
        moment.year, moment.written_year = token.number, True
        return _skip(tokens, index + 1, ("year_word",))
    if token.kind == "span" and token.second == token.number + 1:
        moment.school_year = token.number
        return _skip(tokens, index + 1, ("year_word", "school", "sep"))
    return index


def _is_year(tokens: list[Token], index: int) -> bool:
    if index >= len(tokens):
        return False
    token = tokens[index]
    return (token.kind == "num" and MIN_YEAR <= token.number <= MAX_YEAR) or token.kind == "span"


def _month_end(tokens: list[Token], index: int) -> int:
    """Past a month's word and the dot of its abbreviation (`окт.`, `нояб.`), so that a dash or a year follows."""
    index += 1
    if index < len(tokens) and tokens[index].text == "." and month_abbreviation(tokens[index - 1].text):
        index += 1
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
        return moment, _year_after(tokens, _month_end(tokens, index + 1), moment)
    if token.kind == "month":
        moment = Moment(token.number)
        return moment, _year_after(tokens, _month_end(tokens, index), moment)
    if token.kind == "daymonth":
        moment = Moment(token.second, day=token.number)
        return moment, _year_after(tokens, index + 1, moment)
    if token.kind == "num" and MIN_YEAR <= token.number <= MAX_YEAR:
        return Moment(year=token.number, written_year=True), _skip(tokens, index + 1, ("year_word",))
    return None


def _span_item(tokens: list[Token], index: int) -> tuple[Item, int]:
    """`2021-2023 гг.` → the calendar years; `2022-2023 уч. года` → 1 September to 31 August, and so a bare
    `2024-2025` or `2024/25` (two consecutive years with no «гг.»: in a school plan, the school year)."""
    token = tokens[index]
    end = _skip(tokens, index + 1, ("year_word", "sep"))
    school = end < len(tokens) and tokens[end].kind == "school"
    bare = token.second == token.number + 1 and not any(t.kind == "year_word" for t in tokens[index + 1 : end])
    if school or bare:
        first = Moment(9, token.number, written_year=True)
        last = Moment(8, token.second, written_year=True)
        return Item(first, last), _skip(tokens, end + 1, ("year_word", "school", "sep")) if school else end
    first, last = Moment(year=token.number, written_year=True), Moment(year=token.second, written_year=True)
    return Item(first, last), end


def _item(tokens: list[Token], index: int) -> tuple[Item, int] | None:
    """The item starting at `index`, if one does."""
    if tokens[index].kind == "span":
        return _span_item(tokens, index)
    if _is_word(tokens, index, "до", "позднее", "позже", "к", "ко"):
        found = _moment(tokens, index + 1)
        return (Item(found[0], before=True), found[1]) if found else None
    since = _is_word(tokens, index, "с", "со", "c")
    days = _day_range(tokens, index + 1 if since else index, since)
    if days is not None:
        return days
    return _since_item(tokens, index + 1) if since else _plain_item(tokens, index)


def _since_item(tokens: list[Token], index: int) -> tuple[Item, int] | None:
    """After «с»: «с мая по август» or «с мая – август», a range; «с мая» alone, open-ended (`since`)."""
    found = _moment(tokens, index)
    if found is None:
        return None
    first, after = found
    if _is_word(tokens, after, "по", "до") or (after < len(tokens) and tokens[after].kind == "dash"):
        end = _moment(tokens, after + 1)
        if end is not None:
            return Item(first, end[0]), end[1]
    return Item(first, since=True), after


def _plain_item(tokens: list[Token], index: int) -> tuple[Item, int] | None:
    """A moment, or a range «май – август», «май по август»."""
    found = _moment(tokens, index)
    if found is None:
        return None
    first, after = found
    if after < len(tokens) and (tokens[after].kind == "dash" or _is_word(tokens, after, "по")):
        end = _moment(tokens, after + 1)
        if end is not None:
            return Item(first, end[0]), end[1]
    return Item(first), after


def _day_range(tokens: list[Token], index: int, since: bool = False) -> tuple[Item, int] | None:
    """«1-15 сентября 2022», «с 1 по 15 сентября», «с 10 до 20 сентября»: the first day takes the month and year of
    the last."""
    if index + 2 >= len(tokens) or tokens[index].kind != "num" or not 1 <= tokens[index].number <= 31:
        return None
    to = ("по", "до") if since else ("по",)
    if not (tokens[index + 1].kind == "dash" or _is_word(tokens, index + 1, *to)):
        return None
    end = _moment(tokens, index + 2)
    if end is None or end[0].day is None or end[0].day <= tokens[index].number:
        return None
    last = end[0]
    first = Moment(last.month, last.year, tokens[index].number, last.school_year, last.written_year)
    return Item(first, last), end[1]


def parse_items(tokens: list[Token]) -> list[Item]:
    """Every item of the text in order; a stage word tags the item it follows, else the next one."""
    items: list[Item] = []
    pending: Stage | None = None
    last_end = -1
    index = 0
    phase: int | None = None
    while index < len(tokens):
        token = tokens[index]
        numbered = _phase_at(tokens, index)
        if numbered is not None and _closes(tokens, index, last_end) and items and items[-1].phase is None:
            items[-1].phase, index = numbered, index + 2  # «октябрь 2024 (1 этап)»: the stage of the item before
            continue
        if numbered is not None:
            phase, index = numbered, index + 2
            continue
        if token.kind == "stage" and token.stage is not None:
            follows = last_end >= 0 and all(t.kind in ("lparen", "sep", "dash") for t in tokens[last_end:index])
            if follows and items and items[-1].stage is None and not _introduces(tokens, index + 1):
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
        item.phase, phase = phase, None
        items.append(item)
        last_end = index
    _stages_of_phases(items)
    return items


def _closes(tokens: list[Token], index: int, last_end: int) -> bool:
    """Whether «N этап» at `index` stands in brackets right after an item: «октябрь 2024 г. (1 этап)», or after
    its dash: «сентябрь – I этап, январь – II этап» (not «сентябрь – 1 этап – …», whose dash names what follows)."""
    if last_end < 0 or index <= last_end:
        return False
    between = tokens[last_end:index]
    if tokens[index - 1].kind == "dash" and all(t.kind == "dash" for t in between):
        return not (index + 2 < len(tokens) and tokens[index + 2].kind == "dash")
    return tokens[index - 1].kind == "lparen" and all(t.kind in ("lparen", "sep") for t in between)


def _introduces(tokens: list[Token], index: int) -> bool:
    """Whether a stage word's own words end in a dash, so it names what follows: «итоговая диагностика – май»
    (not «май – итоговая диагностика»)."""
    while index < len(tokens) and tokens[index].kind == "word":
        index += 1
    return index < len(tokens) and tokens[index].kind == "dash"


_STAGE_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "перв": 1, "втор": 2, "трет": 3, "четверт": 4}


def _phase_number(token: Token) -> int | None:
    """1–9 of a stage's number: `2`, `II`, `второй`."""
    if token.kind == "num":
        return token.number if 1 <= token.number <= 9 else None
    if token.kind != "word":
        return None
    if token.text in _STAGE_NUMBERS:
        return _STAGE_NUMBERS[token.text]
    return next((n for stem, n in _STAGE_NUMBERS.items() if len(stem) > 3 and token.text.startswith(stem)), None)


def _phase_at(tokens: list[Token], index: int) -> int | None:
    """N of «N этап», «II этап», «второй этап» or «этап N» starting at `index`."""
    if index + 1 >= len(tokens):
        return None
    first, second = tokens[index], tokens[index + 1]
    if second.text.startswith("этап"):
        return _phase_number(first)
    if first.text.startswith("этап"):
        return _phase_number(second) if second.kind == "num" or second.text in _STAGE_NUMBERS else None
    return None


def _stages_of_phases(items: list[Item]) -> None:
    """«1 этап (август 2021); 2 этап (сентябрь – май); 3 этап (июнь – август 2022)»: the first numbered stage
    is the entry one, the last the final one, those between interim (a stage word written wins)."""
    phases = [item.phase for item in items if item.phase is not None]
    if len(phases) < 2:
        return
    first, last = min(phases), max(phases)
    for item in items:
        if item.phase is None or item.stage is not None:
            continue
        item.stage = Stage.entry if item.phase == first else Stage.final if item.phase == last else Stage.interim


# --- years


@dataclass(frozen=True, slots=True)
class Context:
    """What a bare month takes its year from: the school year's first year, else the period."""

    first_year: int | None
    period: tuple[date, date] | None


def _year_in_context(month: int, context: Context, after: tuple[int, int] = (0, 0)) -> int | None:
    """The school year's year of a month, else the first year the period holds it in, not before `after`
    (the year and month of the item written before it: «сентябрь, декабрь, март» runs on in time)."""
    if context.first_year is not None:
        return context.first_year if month >= 9 else context.first_year + 1
    if context.period is not None:
        start, end = context.period
        for year in range(start.year, end.year + 1):
            first, last = month_bounds(year, month)
            if first <= end and last >= start and (year, month) >= after:
                return year
        return _year_in_context(month, context) if after != (0, 0) else _school_year_of(month, start)
    return None


def _school_year_of(month: int, start: date) -> int:
    """A month the plan's period does not hold (a plan approved in November, «сентябрь»): the month of the school
    year the plan starts in (from August, the one it prepares), its deadline then named in a warning."""
    first = start.year if start.month >= 8 else start.year - 1
    return first if month >= 9 else first + 1


def fill_years(items: list[Item], context: Context) -> None:
    """Years not written: a range's start from its end, then a neighbour's year, then the context."""
    for item in items:
        _range_start_from_end(item)
    moments = [moment for item in items for moment in item.moments()]
    after = (0, 0)
    for position, moment in enumerate(moments):
        if moment.year is not None or moment.month is None:
            continue
        if moment.school_year is not None:
            moment.year = moment.school_year if moment.month >= 9 else moment.school_year + 1
            continue
        moment.year = _neighbour_year(moment.month, moments, position)
        if moment.year is None:
            moment.year = _year_in_context(moment.month, context, after)
            after = (moment.year or 0, moment.month)
    _august_before_september(moments, context.first_year is not None)
    _month_before_deadline(items)
    for item in items:
        _range_end_after_start(item)


def _month_before_deadline(items: list[Item]) -> None:
    """«до начала учебного года (август)», «до 1 октября (сентябрь)»: a month with no year written after a deadline
    «до …» of the month after it is the month right before that deadline."""
    for deadline, month in pairwise(items):
        due, moment = deadline.first, month.first
        if not deadline.before or deadline.last is not None or month.last is not None or month.before:
            continue
        if moment.written_year or due.year is None or due.month is None or moment.month is None:
            continue
        if moment.month == (due.month - 2) % 12 + 1:
            moment.year = due.year - (1 if due.month == 1 else 0)


def _august_before_september(moments: list[Moment], school: bool) -> None:
    """«август – сентябрь», «август, сентябрь, октябрь» with no year written: the August that leads into that
    September (the preparation of the school year), not the one that ends the school year; in a plan of a school year,
    «август, январь» likewise leads into the school year of the month after it. Not an August written after a month
    of its own year and before a month other than September («февраль, май, август, ноябрь»): the list runs on through
    the school year to its August."""
    for position, (moment, following) in enumerate(pairwise(moments)):
        if moment.written_year or following.written_year or moment.year is None or following.year is None:
            continue
        if following.month != 9 and position > 0 and _runs_on_to(moments[position - 1], moment):
            continue
        if following.month is None or moment.month != 8 or following.month == 8:
            continue
        if following.month != 9 and not school:
            continue
        school_year = following.year if following.month >= 9 else following.year - 1
        if moment.year == school_year + 1:
            moment.year = school_year


def _runs_on_to(previous: Moment, moment: Moment) -> bool:
    """Whether a month is written right after an earlier month of the same year («май, август» of 2025)."""
    return previous.month is not None and previous.year == moment.year and (previous.month or 0) < (moment.month or 0)


def _range_start_from_end(item: Item) -> None:
    """ "октябрь – март 2023": a range's start without a year takes its end's (the year before when its month
    comes later), or its end's school year."""
    if item.last is None or item.first.year is not None or item.first.month is None:
        return
    last = item.last
    if last.year is not None and last.month is not None:
        item.first.year = last.year - (1 if item.first.month > last.month else 0)
    elif last.school_year is not None:
        item.first.school_year = last.school_year


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


def moment_bounds(moment: Moment) -> tuple[date, date] | None:
    """The first and last day a moment covers, or None when its year is unknown or the day does not exist."""
    if moment.year is None or not MIN_YEAR <= moment.year <= MAX_YEAR:
        return None
    if moment.month is None:
        return date(moment.year, 1, 1), date(moment.year, 12, 31)
    if moment.day is None:
        return month_bounds(moment.year, moment.month)
    try:
        day = date(moment.year, moment.month, moment.day)
    except ValueError:
        if (moment.month, moment.day) != (2, 29) or moment.written_year:
            return None
        day = date(moment.year, 2, 28)  # «до 29 февраля» with the plan's year not a leap one: February's last day
    return day, day


def item_span(item: Item) -> tuple[date | None, date] | None:
    """An item's start and due date (see the module docstring), or None if it cannot be dated."""
    first = moment_bounds(item.first)
    if first is None or item.since:
        return None
    if item.before:
        due = first[0] if item.first.day is not None else first[0] - timedelta(days=1)
        return None, due
    if item.last is None:
        return first
    last = moment_bounds(item.last)
    if last is None or last[1] < first[0]:
        return None
    return first[0], last[1]


def _moment_label(moment: Moment, case: tuple[str, ...] = MONTHS_NOMINATIVE, with_year: bool = True) -> str:
    if moment.day is not None and moment.month is not None and moment.year is not None:
        bounds = moment_bounds(moment)  # «29 февраля» of a year that has none is its 28th
        day = bounds[0].day if bounds is not None else moment.day
        return f"{day:02d}.{moment.month:02d}.{moment.year}"
    if moment.day is not None and moment.month is not None:
        return f"{moment.day} {MONTHS_GENITIVE[moment.month - 1]}"
    year = f" {moment.year}" if with_year and moment.year is not None else ""
    if moment.month is not None:
        return f"{case[moment.month - 1]}{year}"
    return f"{moment.year} {'года' if case is MONTHS_GENITIVE else 'год'}"


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


def occurrence_of(item: Item) -> Occurrence | None:
    span = item_span(item)
    if span is None:
        return None
    return Occurrence(start=span[0], due=span[1], stage=item.stage, label=item_label(item))


def by_due(occurrences: list[Occurrence]) -> list[Occurrence]:
    return sorted(occurrences, key=lambda occurrence: (occurrence.due, occurrence.start or occurrence.due))


def period_label(start: date, end: date) -> str:
    return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"
