"""School and calendar periods: school years, half-years, terms (четверти, триместры), calendar quarters,
months and weeks, as windows (start, due, label)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from services.roadmap.schedules.parser.dates import Item, Moment, item_label
from services.roadmap.schedules.parser.model import Stage
from services.roadmap.schedules.parser.months import (
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    month_bounds,
    second_year,
    stage_of,
)

# --- occurrences of a recurrence

Window = tuple[date, date, str]


def school_years(period: tuple[date, date]) -> range:
    return range(period[0].year - 1, period[1].year + 1)


def school_year_label(first_year: int) -> str:
    return f"{first_year}-{first_year + 1} уч. г."


def half_years(first_year: int) -> list[Window]:
    label = school_year_label(first_year)
    return [
        (date(first_year, 9, 1), date(first_year, 12, 31), f"I полугодие {label}"),
        (date(first_year + 1, 1, 1), date(first_year + 1, 5, 31), f"II полугодие {label}"),
    ]


_QUARTERS = ((9, 10, 0), (11, 12, 0), (1, 3, 1), (4, 5, 1))


def school_quarters(first_year: int) -> list[Window]:
    windows = []
    for number, (first_month, last_month, shift) in enumerate(_QUARTERS, start=1):
        year = first_year + shift
        label = f"{ROMAN_NUMERALS[number - 1]} четверть {school_year_label(first_year)}"
        windows.append((date(year, first_month, 1), month_bounds(year, last_month)[1], label))
    return windows


def trimesters(first_year: int) -> list[Window]:
    windows = []
    for first_month, year_shift in ((9, 0), (12, 0), (3, 1)):
        first = Moment(first_month, first_year + year_shift)
        last_month = (first_month + 1) % 12 + 1
        last = Moment(last_month, first_year + year_shift + (1 if last_month < first_month else 0))
        start, due = month_bounds(first.year or 0, first_month)[0], month_bounds(last.year or 0, last_month)[1]
        windows.append((start, due, item_label(Item(first, last))))
    return windows


def school_year_window(first_year: int) -> list[Window]:
    return [(date(first_year, 9, 1), date(first_year + 1, 5, 31), school_year_label(first_year))]


def calendar_quarters(year: int) -> list[Window]:
    numerals = ("I", "II", "III", "IV")
    return [
        (date(year, 3 * q + 1, 1), month_bounds(year, 3 * q + 3)[1], f"{numerals[q]} квартал {year}") for q in range(4)
    ]


def months_of(year: int) -> list[Window]:
    return [(*month_bounds(year, month), f"{MONTHS_NOMINATIVE[month - 1]} {year}") for month in range(1, 13)]


def decades(year: int) -> list[Window]:
    """The decades of each month of a year: 1–10, 11–20 and 21 to the month's end («раз в декаду»)."""
    windows = []
    for month in range(1, 13):
        start, end = month_bounds(year, month)
        name = MONTHS_GENITIVE[month - 1]
        for number, (first, last) in enumerate(((1, 10), (11, 20), (21, end.day)), start=1):
            windows.append((start.replace(day=first), start.replace(day=last), f"{number}-я декада {name} {year}"))
    return windows


def days_phrase(first: date, last: date) -> str:
    """Days as a phone reads them: «2–8 декабря 2024», «30 сентября – 6 октября 2024», «30 декабря 2024 – 5 января
    2025»."""
    end = f"{last.day} {MONTHS_GENITIVE[last.month - 1]} {last.year}"
    if first.year != last.year:
        return f"{first.day} {MONTHS_GENITIVE[first.month - 1]} {first.year} – {end}"
    if first.month != last.month:
        return f"{first.day} {MONTHS_GENITIVE[first.month - 1]} – {end}"
    return f"{first.day}–{end}"


def weeks(period: tuple[date, date], count: int = 1) -> Iterator[Window]:
    """Windows of `count` weeks, Monday to Sunday, from the week of the period's first day."""
    monday = period[0] - timedelta(days=period[0].weekday())
    noun = "неделя" if count == 1 else "недели"
    while monday <= period[1]:
        sunday = monday + timedelta(days=7 * count - 1)
        yield monday, sunday, f"{noun} {days_phrase(monday, sunday)}"
        monday += timedelta(days=7 * count)


def two_months(period: tuple[date, date]) -> list[Window]:
    """Windows of two calendar months from the month of the period's first day («раз в два месяца»)."""
    windows: list[Window] = []
    year, month = period[0].year, period[0].month
    while date(year, month, 1) <= period[1]:
        end_year, end_month = divmod(year * 12 + month, 12)  # the month after this one, zero-based
        start, due = month_bounds(year, month)[0], month_bounds(end_year, end_month + 1)[1]
        label = f"{MONTHS_NOMINATIVE[month - 1]} – {MONTHS_NOMINATIVE[end_month]} {end_year}"
        windows.append((start, due, label))
        year, month = divmod(year * 12 + month + 1, 12)
        month += 1
    return windows


def n_months(period: tuple[date, date], count: int) -> list[Window]:
    """Windows of `count` calendar months from the month of the period's first day («раз в 4 месяца»)."""
    windows: list[Window] = []
    index = period[0].year * 12 + period[0].month - 1  # months counted from year 0, zero-based
    while count > 0 and date(index // 12, index % 12 + 1, 1) <= period[1]:
        last = index + count - 1
        start, due = month_bounds(index // 12, index % 12 + 1)[0], month_bounds(last // 12, last % 12 + 1)[1]
        label = f"{MONTHS_NOMINATIVE[index % 12]} {index // 12} – {MONTHS_NOMINATIVE[last % 12]} {last // 12}"
        windows.append((start, due, label))
        index += count
    return windows


def n_days(period: tuple[date, date], count: int) -> list[Window]:
    """Windows of `count` days from the period's first day («каждые 3 дня»)."""
    windows: list[Window] = []
    start = period[0]
    while count > 0 and start <= period[1]:
        due = start + timedelta(days=count - 1)
        windows.append((start, due, f"{start:%d.%m} – {due:%d.%m.%Y}" if count > 1 else f"{due:%d.%m.%Y}"))
        start = due + timedelta(days=1)
    return windows


def split_window(window: Window, parts: int) -> list[Window]:
    """A window cut into `parts` windows in a row, for «2 раза в четверть»: whole months when its months divide
    evenly (September–October in two is September, then October), else days as even as they go (January–March in
    two is 1 January – 14 February, then 15 February – 31 March; a month in two is its 1st–15th, then the rest). A
    window shorter than `parts` days stays whole."""
    start, end, label = window
    days = (end - start).days + 1
    if parts < 2 or days < parts:
        return [window]
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    whole_months = start.day == 1 and end == month_bounds(end.year, end.month)[1] and months % parts == 0
    bounds: list[date] = []
    for part in range(1, parts):
        if whole_months:
            index = start.year * 12 + start.month - 1 + months * part // parts  # zero-based months from year 0
            bounds.append(date(index // 12, index % 12 + 1, 1))
        else:
            bounds.append(start + timedelta(days=days * part // parts))
    firsts, lasts = [start, *bounds], [*(b - timedelta(days=1) for b in bounds), end]
    if months == 1:  # «2 раза в месяц»: «1–15 сентября 2024», the month said once
        return [(first, last, days_phrase(first, last)) for first, last in zip(firsts, lasts, strict=True)]
    return [
        (first, last, f"{first:%d.%m} – {last:%d.%m.%Y} ({label})") for first, last in zip(firsts, lasts, strict=True)
    ]


def every_n_years(period: tuple[date, date], years: int) -> list[Window]:
    """Complete windows of `years` school years from the period's first school year (none for fewer than one:
    «1 раз в 0 лет» is a typo)."""
    if years < 1:
        return []
    first = period[0].year if period[0].month >= 9 else period[0].year - 1
    windows: list[Window] = []
    while True:
        start, due = date(first, 9, 1), date(first + years, 5, 31)
        if due > period[1]:
            return windows
        windows.append((start, due, f"{first}-{first + years} ({years} уч. г.)"))
        first += years


# --- numbered periods: «2-е полугодие», «III квартал 2024 года», «до конца 1 четверти»

_ORDINAL = (
    r"(?:[1-4](?:-?(?:ое|ого|ом|ой|ая|ую|ый|ий|ей|го|е|й|я|м|ю))?(?![0-9])"
    r"|(?:iv|i{1,3})(?:-?(?:ое|ого|ом|ой|ая|ую|ый|ий|ей|го|е|й|я|м|ю))?(?![a-z])"
    r"|(?:перв|втор|трет|четверт)(?:ое|ого|ом|ой|ая|ую|ый|ий|ье|ьего|ьем|ьей|ья|ью|ему|ому))"
)
_ORDINAL_WORDS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_SCHOOL_YEAR_WORDS = r"(?:уч\w*\s*\.?\s*(?:год\w*|г(?![а-я])\.?)|гг?(?![а-я])\.?|год\w*)"
_NUMBERED = re.compile(
    r"(?<![а-яa-z0-9.])(?P<ordinals>" + _ORDINAL + r"(?:\s*(?:,|и|-)\s*" + _ORDINAL + r")*)\s+"
    r"(?P<noun>полугоди|четверт|триместр|квартал|кв(?![а-я]))(?P<ending>[а-я]*)\.?"
    r"(?:\s*(?P<first>(?:19|20)\d{2})\s*[-/]\s*(?P<second>(?:19|20)?\d{2})(?!\d)\s*" + _SCHOOL_YEAR_WORDS + "?"
    r"|\s*(?P<year>(?:19|20)\d{2})(?!\d)\s*(?:г(?![а-я])\.?|год\w*)?"
    # «II полугодие учебного года»: of a school year with none written (not a calendar half-year)
    r"|\s+(?P<school>(?:текущего\s+|этого\s+|данного\s+)?уч(?:ебного|\.)?\s*(?:года|г(?![а-я])\.?))(?![а-я]))?"
)
_PLURAL = re.compile(r"^(?:й|ей|ов|ям|ях|ам|ах)$")
"""The plural endings of the nouns (the genitive, dative, prepositional): numbered only after several numbers
(«I – II четвертей», «1 и 2 полугодий»), a count otherwise («в течение 2 четвертей»)."""
_SEVERAL = re.compile(r"\s*(?:,|и|-)\s*")
_MODES = (
    ("before_end", re.compile(r"(?:до|к|ко|не\s+позднее|не\s+позже)\s+(?:конц\w*|конец|окончани\w*|завершени\w*)\s+$")),
    ("before_end", re.compile(r"(?<![а-я])не\s+(?:позднее|позже)\s+$")),  # «не позднее I квартала»: by its end
    ("before_start", re.compile(r"(?:до|к|ко|не\s+позднее)\s+начал\w*\s+$")),
    ("after_end", re.compile(r"(?<![а-я])после\s+(?:окончани|завершени)\w*\s+$")),
    ("before_middle", re.compile(r"(?:до|к|ко|не\s+позднее|не\s+позже)\s+середин\w*\s+$")),
    ("middle", re.compile(r"(?<![а-я])середин\w*\s+$")),
    ("at_end", re.compile(r"(?:конц\w*|конец|окончани\w*|завершени\w*|итогам)\s+$")),
    ("since", re.compile(r"(?<![а-я])(?:начиная\s+)?с\s+начал\w*\s+$")),  # «с начала II полугодия»: on from its start
    ("at_start", re.compile(r"начал\w*\s+$")),
    ("last_week", re.compile(r"последн\w*\s+недел\w*\s+$")),
    ("first_week", re.compile(r"перв\w*\s+недел\w*\s+$")),
    ("since", re.compile(r"(?<![а-я])(?:начиная\s+)?со?\s+$")),  # «со II полугодия»: from its start on
)
_MODE_LABELS = {
    "before_end": "до конца периода «{}»",
    "before_start": "до начала периода «{}»",
    "at_end": "в конце периода «{}»",
    "at_start": "в начале периода «{}»",
    "last_week": "в последнюю неделю периода «{}»",
    "first_week": "в первую неделю периода «{}»",
    "after_end": "после окончания периода «{}»",
    "middle": "в середине периода «{}»",
    "since": "с начала периода «{}»",
    "before_middle": "до середины периода «{}»",
}
ROMAN_NUMERALS = ("I", "II", "III", "IV")
# «во 2-ю неделю III четверти», «с 3 по 4 неделю II четверти», «III четверть (2 неделя)» (`spelling` writes it «III
# четверть, с 2 по 2 неделю каждой четверти»), «I кв. 2025 (3-4 нед.)»: those weeks of one numbered period, counted
# from its first day as the weeks of each term are. One week is singular: «2 недели III четверти» is a length.
_WEEK_ORDINAL = r"(?P<{0}>[1-8]|втор|трет|четверт|пят|шест|седьм|восьм)(?:\s*-?\s*[а-я]*)"
_WEEKS_BEFORE = re.compile(
    r"(?<![а-я\d])(?:(?:с|со|в|во|на)\s+)?"
    + _WEEK_ORDINAL.format("first")
    + r"(?:(?:\s*-\s*|\s+по\s+)"
    + _WEEK_ORDINAL.format("last")
    + r")?\s+недел(?P<ending>[а-я]*)\s+$"
)
_WEEKS_AFTER = re.compile(
    r"\s*(?:,\s*с\s+(?P<a>[1-8])\s+по\s+(?P<b>[1-8])\s+неделю\s+кажд\w+\s+(?:четверти|квартала|триместра)"
    r"|(?:\(\s*|[,:-]\s*)(?:в\s+|во\s+|на\s+)?"
    + _WEEK_ORDINAL.format("first")
    + r"(?:\s*-\s*"
    + _WEEK_ORDINAL.format("last")
    + r")?\s*(?:недел[а-я]*|нед\.?)\s*\)?)\s*(?:;|\.?\s*$)"  # the text's end, or its part's («…; IV четверть …»)
)
# «III четверть (последняя неделя)» (`spelling`: «…, последняя неделя каждого четверти»), «II четверть, первая неделя»
_EDGE_WEEK_AFTER = re.compile(
    r"\s*(?:\(\s*|[,:-]\s*)(?:в\s+|во\s+|на\s+)?(?P<edge>последн|перв)[а-я]*\s+недел[а-я]*"
    r"(?:\s+кажд\w+\s+(?:четверт|квартал|триместр|полугоди)\w*)?\s*\)?\s*(?:;|\.?\s*$)"
)
_WEEK_NUMBERS = {"втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8}


@dataclass(frozen=True, slots=True)
class Numbered:
    """Numbered periods as written: «I и II четверти 2023-2024 уч. г.» → noun `четверт`, (1, 2), school year 2023."""

    noun: str
    numbers: tuple[tuple[int, int], ...]  # (first, last): «1-2 четверть» is one window over both
    school_year: int | None
    year: int | None
    mode: str | None
    stage: Stage | None = None  # «I четверть – входная диагностика»: the stage named beside it
    span: tuple[int, int] = (0, 0)  # where the text writes it
    school: bool = False  # «II полугодие учебного года»: of a school year, though none is written

    @property
    def dated(self) -> bool:
        return self.school_year is not None or self.year is not None


def _ordinal(text: str) -> int:
    text = text.strip()
    if text[0].isdigit():
        return int(text[0])
    roman = text.split("-")[0].rstrip("оеймягу")
    if roman in _ROMAN:
        return _ROMAN[roman]
    return next(number for stem, number in _ORDINAL_WORDS.items() if text.startswith(stem))


def _numbers(ordinals: str, wraps: bool = False) -> tuple[tuple[int, int], ...]:
    """«1, 2 и 3» → ((1, 1), (2, 2), (3, 3)); «I-II» → ((1, 2),). A backward span of calendar quarters («IV–I
    квартал», `wraps`) is one span across the new year, (4, 1); of terms or half-years it stays two numbers."""
    parts = re.findall(_ORDINAL + r"|-|,|и(?![а-я])", ordinals)
    numbers: list[tuple[int, int]] = []
    ranged = False
    for part in parts:
        if part == "-":
            ranged = bool(numbers)
        elif part not in (",", "и"):
            number = _ordinal(part)
            if ranged and (numbers[-1][0] <= number or wraps):
                numbers[-1] = (numbers[-1][0], number)
            else:
                numbers.append((number, number))
            ranged = False
    return tuple(numbers)


def find_numbered(normalised: str) -> list[Numbered]:
    """Every numbered half-year, term, trimester or calendar quarter the text names."""
    found: list[Numbered] = []
    last_end = 0
    for match in _NUMBERED.finditer(normalised):
        noun = match.group("noun")
        if _PLURAL.match(match.group("ending")) and not _SEVERAL.search(match.group("ordinals")):
            continue  # «в течение 2 четвертей», «по итогам четвертей»: a count or each of them, not one numbered
        first, second = match.group("first"), match.group("second")
        school_year = None
        if first is not None and second is not None:
            last = second_year(int(first), second)
            school_year = int(first) if last == int(first) + 1 else None
        year = int(match.group("year")) if match.group("year") else None
        before = normalised[max(0, match.start() - 40) : match.start()]
        mode = next((name for name, pattern in _MODES if pattern.search(before)), None)
        mode = mode or _weeks_mode(before, normalised[match.end() :])
        if mode is None and found and _LISTED_AFTER.match(normalised, last_end, match.start()):
            mode = found[-1].mode  # «по итогам I четверти, I полугодия»: the mode of the list
        stage = _stage_beside(normalised, match, last_end)
        numbers = _numbers(match.group("ordinals"), wraps=noun in ("кв", "квартал"))
        school = match.group("school") is not None
        found.append(Numbered(noun, numbers, school_year, year, mode, stage, match.span(), school))
        last_end = match.end()
    return found


_GENITIVE_NOUNS = {"четверть": "четверти", "полугодие": "полугодия", "квартал": "квартала", "триместр": "триместра"}
_NUMBERED_LABEL = re.compile(
    r"(?:I{1,3}|IV)(?:\s+–\s+(?:I{1,3}|IV))?\s+(?:четверть|полугодие|квартал|триместр)"
    r"(?:\s+(?:19|20)\d{2}(?:-(?:19|20)\d{2})?\s+(?:уч\.\s+)?г\.)?"
    r"|(?:I{1,3}|IV)\s+квартал\s+(?:19|20)\d{2}"
)
_NUMBERED_LABELS = re.compile(rf"(?:{_NUMBERED_LABEL.pattern})(?:\s+–\s+(?:{_NUMBERED_LABEL.pattern}))*")


def mode_phrase(mode: str, label: str) -> str:
    """A part of a numbered period as staff read it: «до конца I четверти 2024-2025 уч. г.», «на 2-й неделе III
    четверти …», the noun in the genitive; a label that is not one such period only («сентябрь – ноябрь 2024», a
    trimester by its months) stays named in quotes: «до конца периода «сентябрь – ноябрь 2024»»."""
    template = _mode_label(mode)
    if _NUMBERED_LABELS.fullmatch(label) is None:
        return template.format(label)
    declined = re.sub(r"четверть|полугодие|квартал|триместр", lambda noun: _GENITIVE_NOUNS[noun.group(0)], label)
    return template.replace("периода «{}»", "{}").format(declined)


def _mode_label(mode: str) -> str:
    """How a mode is read to people, with «{}» for the period: «на 2-й неделе периода «…»»."""
    if not mode.startswith("weeks:"):
        return _MODE_LABELS[mode]
    first, last = mode.split(":")[1:]
    weeks = f"{first}-й неделе" if first == last else f"{first}–{last}-й неделях"
    return f"на {weeks} периода «{{}}»"


def _week_number(text: str | None) -> int | None:
    if text is None:
        return None
    return int(text) if text.isdigit() else _WEEK_NUMBERS[text]


def _weeks_mode(before: str, after: str) -> str | None:
    """«weeks:2:2» when the weeks of the numbered period are written before it («во 2-ю неделю III четверти») or
    after it, ending the text («III четверть (2 неделя)»), its last (first) week after it; None otherwise."""
    edge = _EDGE_WEEK_AFTER.match(after)
    if edge is not None:
        return "last_week" if edge.group("edge") == "последн" else "first_week"
    found = _WEEKS_AFTER.match(after)
    if found is not None:
        first = _week_number(found.group("a") or found.group("first"))
        last = _week_number(found.group("b") or found.group("last")) or first
    elif (found := _WEEKS_BEFORE.search(before)) is not None:
        if found.group("last") is None and found.group("ending") not in ("я", "ю", "е"):
            return None  # «2 недели III четверти»: a length, not the second week
        first = _week_number(found.group("first"))
        last = _week_number(found.group("last")) or first
    else:
        return None
    if first is None or last is None or first > last:
        return None
    return f"weeks:{first}:{last}"


_SEPARATORS = re.compile(r"[;,\n]")


def _stage_beside(normalised: str, match: re.Match[str], last_end: int) -> Stage | None:
    """The stage a word beside a numbered period names, within its part of a list («I четверть – входная
    диагностика; IV четверть – итоговая»): after it up to the next separator or period, else before it."""
    after = normalised[match.end() :]
    following = _NUMBERED.search(after)
    after = _SEPARATORS.split(after[: following.start() if following else None])[0]
    before = _SEPARATORS.split(normalised[last_end : match.start()])[-1]
    for words in (after, before):
        stages = [stage for word in re.findall(r"[а-я]+", words) if (stage := stage_of(word)) is not None]
        if stages:
            return stages[0]
    return None


_LISTED_AFTER = re.compile(r"\s*(?:,|и|;)\s*$")


_DASH = re.compile(r"\s*-\s*")


_NUMBERED_PARTS = re.compile(r"(?P<number>I{1,3}|IV)\s+(?P<rest>.+)")


def joined_label(first: str, last: str) -> str:
    """Two numbered periods as one span: «III – IV четверть 2024-2025 уч. г.» when they share the noun and the year
    (not «III четверть 2024-2025 уч. г. – IV четверть 2024-2025 уч. г.»), «IV квартал 2024 – I квартал 2025» when
    they do not."""
    head, tail = _NUMBERED_PARTS.fullmatch(first), _NUMBERED_PARTS.fullmatch(last)
    if head is None or tail is None or head.group("rest") != tail.group("rest"):
        return f"{first} – {last}"
    return f"{head.group('number')} – {tail.group('number')} {head.group('rest')}"


def dash_range(normalised: str, found: list[Numbered], school_year: int | None) -> Window | None:
    """«IV квартал 2024 г. – I квартал 2025 г.»: two numbered periods joined by a dash are one window from the
    first's start to the second's end; None for any other text."""
    if len(found) != 2 or any(n.mode is not None or len(n.numbers) != 1 for n in found):
        return None
    if not _DASH.fullmatch(normalised[found[0].span[1] : found[1].span[0]]):
        return None
    first, second = (numbered_windows(n, school_year) for n in found)
    if len(first) != 1 or len(second) != 1 or first[0][0] >= second[0][1]:
        return None
    return first[0][0], second[0][1], joined_label(first[0][2], second[0][2])


_REPORTED = re.compile(r"(?<![а-я])за\s+(?:" + _NUMBERED.pattern + ")")


def without_reported(normalised: str) -> str:
    """The text without the numbered periods it reports on («отчет за I полугодие»): beside a date, what is
    reported, not when."""
    return _REPORTED.sub(" ", normalised)


def without_numbered(normalised: str) -> str:
    """The text with its numbered periods left out: what else it says («ежемесячно» of «ежемесячно во II
    полугодии»)."""
    return _NUMBERED.sub(" ", normalised)


def _school_first(month: int, year: int) -> int:
    """The first year of the school year a month of `year` belongs to."""
    return year if month >= 9 else year - 1


def _numbered_window(noun: str, number: int, school_year: int | None, year: int | None) -> Window | None:
    """The window of one numbered period; a school year dates school periods, a calendar year calendar ones
    («I полугодие 2024 года» is January–June 2024; «III четверть 2024 года» the school term of early 2024)."""
    if noun == "полугоди":
        return _half_year_window(number, school_year, year)
    if noun in ("кв", "квартал"):
        return _quarter_window(number, school_year, year)
    return _term_window(noun, number, school_year, year)


def _half_year_window(number: int, school_year: int | None, year: int | None) -> Window | None:
    """A half-year: of the calendar year when only that is written, else of the school year."""
    if school_year is None and year is not None:
        first = date(year, 1, 1) if number == 1 else date(year, 7, 1)
        due = date(year, 6, 30) if number == 1 else date(year, 12, 31)
        return (first, due, f"{ROMAN_NUMERALS[number - 1]} полугодие {year} г.") if number <= 2 else None
    if school_year is None or number > 2:
        return None
    return half_years(school_year)[number - 1]


def _quarter_window(number: int, school_year: int | None, year: int | None) -> Window | None:
    """A calendar quarter: of the year written, else of the school year's calendar year it falls in."""
    if year is None and school_year is not None:
        year = school_year if 3 * number >= 9 else school_year + 1
    return calendar_quarters(year)[number - 1] if year is not None else None


def _term_window(noun: str, number: int, school_year: int | None, year: int | None) -> Window | None:
    """A school term (четверть) or trimester: of the school year, or of the one lying mostly in the year."""
    first_year = school_year
    if first_year is None and year is not None:  # the school year whose period lies mostly in `year`
        first_year = year if number <= (2 if noun == "четверт" else 1) else year - 1
    if first_year is None:
        return None
    if noun == "четверт":
        return school_quarters(first_year)[number - 1]
    if number > 3:
        return None
    start, due, _ = trimesters(first_year)[number - 1]
    return start, due, f"{ROMAN_NUMERALS[number - 1]} триместр {school_year_label(first_year)}"


def numbered_windows(numbered: Numbered, school_year: int | None) -> list[Window]:
    """The windows of numbered periods; `school_year` dates those written without a year. The mode narrows
    each: «до конца» is due its last day, «в конце» is its last month. A span of calendar quarters with no year
    («II–III квартал» in a school year: II of its second calendar year, III of its first) runs on in time from
    its first quarter: April–September of the second year."""
    windows = []
    for first, last in numbered.numbers:
        written = numbered.school_year if numbered.dated else school_year
        start = _numbered_window(numbered.noun, first, written, numbered.year)
        end = _numbered_window(numbered.noun, last, written, numbered.year)
        if start is not None and end is not None and start[0] > end[1] and numbered.noun in ("кв", "квартал"):
            end = _numbered_window(numbered.noun, last, None, end[0].year + 1)  # «II–III квартал» run on in time
        if start is None or end is None or start[0] > end[1]:  # «I–IV четверти 2024»: two school years, unread
            continue
        label = start[2] if first == last else joined_label(start[2], end[2])
        windows.append(_narrowed((start[0], end[1], label), numbered.mode))
    return windows


def _narrowed(window: Window, mode: str | None) -> Window:
    start, due, label = window
    if mode is None:
        return window
    if mode.startswith("weeks:"):
        return _weeks_of(window, mode)
    label = mode_phrase(mode, label)
    if mode == "before_start":
        return start, start - timedelta(days=1), label
    if mode == "at_end":
        return due.replace(day=1), due, label
    if mode == "at_start":
        return start, month_bounds(start.year, start.month)[1], label
    if mode == "last_week":
        return due - timedelta(days=6), due, label
    if mode == "first_week":
        return start, start + timedelta(days=6), label
    if mode in ("middle", "before_middle"):
        return _middle(start, due, label, mode == "before_middle")
    if mode == "after_end":  # «после окончания I полугодия»: the month after it
        after = due + timedelta(days=1)
        return after, month_bounds(after.year, after.month)[1], label
    return start, due, label


def _weeks_of(window: Window, mode: str) -> Window:
    """The weeks «weeks:3:4» names of a window, counted from its first day (days 15–28); the whole window when it
    is shorter than the first of them."""
    start, due, label = window
    first, last = (int(number) for number in mode.split(":")[1:])
    week_start, week_end = start + timedelta(days=7 * (first - 1)), start + timedelta(days=7 * last - 1)
    if week_start > due:
        return window
    return week_start, min(week_end, due), mode_phrase(mode, label)


def _middle(start: date, due: date, label: str, by: bool) -> Window:
    """The middle of a period, a month long as its «в конце» is its last month: its middle month (February of Jan–
    Mar), or the 16th to the 15th around the middle of an even number of months (16 October – 15 November of Sep–
    Dec); `by`, due the day before that."""
    count = (due.year - start.year) * 12 + due.month - start.month + 1
    year, month = divmod(start.year * 12 + start.month - 1 + count // 2, 12)  # the month after the middle, 0-based
    if count % 2:
        first, last = month_bounds(year, month + 1)
    else:
        last = date(year, month + 1, 15)
        first = (last.replace(day=1) - timedelta(days=1)).replace(day=16)
    return (first - timedelta(days=1), first - timedelta(days=1), label) if by else (first, last, label)


def school_year_of(first_year: int | None, period: tuple[date, date] | None) -> int | None:
    """The school year (its first year) that dates a numbered period written without a year."""
    if first_year is not None:
        return first_year
    if period is not None:
        return _school_first(period[0].month, period[0].year)
    return None


def numbered_phrase(numbered: Numbered) -> str:
    """The periods without their year: «II полугодие», «до конца III четверти»."""
    names = []
    for first, last in numbered.numbers:
        name = _period_name(numbered.noun, first)
        if last != first:
            name = joined_label(name, _period_name(numbered.noun, last))
        names.append(mode_phrase(numbered.mode, name) if numbered.mode else name)
    return ", ".join(names)


def _period_name(noun: str, number: int) -> str:
    if noun == "полугоди":
        return f"{ROMAN_NUMERALS[number - 1]} полугодие"
    if noun in ("кв", "квартал"):
        return f"{ROMAN_NUMERALS[number - 1]} квартал"
    return f"{ROMAN_NUMERALS[number - 1]} {'четверть' if noun == 'четверт' else 'триместр'}"
