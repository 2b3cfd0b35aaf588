"""Quantitative targets inside an activity's expected result ("Ожидаемые результаты", "Прогнозируемый результат").

`не менее 5-ти человек от каждой школы (общее количество не менее 50 человек)` gives two targets:
≥ 5 человек per школа, and ≥ 50 человек. A bare number (`Разработан 1 пакет`) is read as exactly that
number. Numbers that are years (`в 2021 г.`), dates, grades (`9 и 11 классов`, `1-4 классов`) or numbers without
a unit are not targets, except a number after a comparator in a sentence that names what it counts («Количество
мероприятий — не менее 4», «Средний балл ОГЭ — не менее 3,5»). «с 45 % до 55 %» targets 55 (at least when it
rises, at most when it falls) and keeps 45 as the `baseline`; «до 60 %» after «повышение», «увеличение», «рост» is
at least 60; «на 15 %» after them (or after «снижение», «сокращение») is a `change` by at least 15; «процентных
пунктов» and «п.п.» are the unit `п.п.`, not a share. The parse never raises; every target keeps the
fragment it came from, as written.

Per what a target counts (`per`): a phrase after the unit in the same clause (`от школы`, `от каждой школы`,
`на каждого участника`; a rate, `2 раза в месяц`, `25 обучающихся в классе`), or one that opens the sentence
before its first number (`В каждой ОО … 1 программа`). «в 1,5 раза» is a factor, not a target.

Also: «70–80 %» (any dash) is a range, but not a spaced dash after a number listed with another («доля 4 и 5 – 55
%»); «10 % и менее» is at most 10; «на 5 % больше», «на 3 п.п. ниже» a change up or down; «100 % охват педагогов»
counts педагоги; «средняя отметка – 3,8» a score; «отсутствие неуспевающих» exactly 0 неуспевающих.
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel

from services.roadmap.schedules.parser.months import NUMBER_WORDS


class Comparator(StrEnum):
    at_least = ">="
    at_most = "<="
    exactly = "="
    more_than = ">"
    less_than = "<"


class Change(StrEnum):
    increase = "increase"
    decrease = "decrease"


class Target(BaseModel):
    """One quantitative target: `comparator value unit [of …] [per …]`, and the text it came from."""

    comparator: Comparator
    value: float
    unit: str
    per: str | None = None
    of: str | None = None  # what a percentage is a share of: `100 % педагогов` → педагог
    change: Change | None = None
    """`Увеличение охвата на 15 %`: the value is a change by at least that much, not a level."""
    baseline: float | None = None
    """`Повышение качества знаний с 45 % до 55 %`: where the figure stands (45), the value being the target."""
    text: str


_COMPARATORS: tuple[tuple[str, Comparator], ...] = (
    (r"не\s+менее|не\s+меньше|не\s+ниже|не\s+реже|минимум|как\s+минимум|≥|>=|от", Comparator.at_least),
    (r"не\s+более|не\s+больше|не\s+выше|максимум|≤|<=|до", Comparator.at_most),
    (r"более|больше|свыше|выше|>", Comparator.more_than),
    (r"менее|меньше|ниже|<", Comparator.less_than),
    (r"=|ровно", Comparator.exactly),
)
_COMPARATOR_BEFORE = re.compile(
    r"(?:^|[^\w])(" + "|".join(f"(?:{pattern})" for pattern, _ in _COMPARATORS) + r")(?:\s+чем)?(?:\s+(?:в|во|у))?"
    r"\s*[«\"„]?$",
    re.IGNORECASE,
)  # «не менее чем в 80 % ОО»
_COMPARATOR_KINDS = [(re.compile(rf"^(?:{pattern})$"), comparator) for pattern, comparator in _COMPARATORS]
_NUMBER = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d+)?|" + "|".join(NUMBER_WORDS) + r")"
    r"(?:\s*-\s*(?:ти|ми|х|и|ех|ух|ого|ой)|(?<=\d)(?:ти|ми|х))?(?![\w])",  # «5-ти», «3-х», «3х»
    re.IGNORECASE,
)
_RANGE_END = re.compile(r"\s*(?:-|–|—|до)\s*(\d+(?:[.,]\d+)?)(?:\s*-\s*(?:ти|ми|х))?(?![\w])")
_PERCENT = re.compile(r"\s*(?:%|-?\s*процент\w*|проц\.)")  # «100 %», «100-процентный»
_POINTS = re.compile(r"\s*(?:процентн\w*\s+пункт\w*|п\.\s?п\.?|пп\.)", re.IGNORECASE)  # percentage points
_WORD = re.compile(r"\s*([а-яё]+|ОО|ОУ)", re.IGNORECASE)
_AT_LEAST_AFTER = re.compile(r"\s*и\s+(?:более|больше|выше)")
_AT_MOST_AFTER = re.compile(r"\s*и\s+(?:менее|меньше|ниже)(?![а-яё])")  # «10 % и менее»
_PER = re.compile(
    r"\s*(?:от|на|для|в|с|из)\s+(?:базе\s+)?(кажд\w*|одн\w*)?\s*((?:[а-яё]+(?:ый|ий|ой|ая|яя|ое|ее|ой|ую|ого|его|ому|ей)\s+){0,2})"
    r"([а-яё]+|ОО|ОУ)",
    re.IGNORECASE,
)
_EACH_PHRASE = re.compile(
    r"(?:в|для|на|от)\s+кажд\w*\s+((?:[а-яё]+(?:ый|ий|ой|ая|яя|ое|ее|ую|ого|его|ому|ей)\s+){0,2})([а-яё]+|ОО|ОУ)",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[;,()]|\.\s|\.$")
_SENTENCE_END = re.compile(r"(?<!\bг)(?<!\bгг)(?<!\bуч)(?<!\bим)[.;!?](?:\s|$)")  # not `2020 г.`

# Unit stems → the unit as stored (nominative singular); order matters where stems overlap.
_UNITS: tuple[tuple[str, str], ...] = (
    ("школ", "школа"),
    ("оо", "школа"),
    ("оу", "школа"),
    ("учрежд", "школа"),
    ("человек", "человек"),
    ("чел", "человек"),
    ("педагог", "педагог"),
    ("учител", "учитель"),
    ("руководител", "руководитель"),
    ("директор", "директор"),
    ("обучающ", "обучающийся"),
    ("учащ", "учащийся"),
    ("ученик", "ученик"),
    ("выпускник", "выпускник"),
    ("участник", "участник"),
    ("слушател", "слушатель"),
    ("мероприяти", "мероприятие"),
    ("пакет", "пакет"),
    ("программ", "программа"),
    ("семинар", "семинар"),
    ("вебинар", "вебинар"),
    ("консультаци", "консультация"),
    ("договор", "договор"),
    ("соглашени", "соглашение"),
    ("район", "район"),
    ("муниципалитет", "муниципалитет"),
    ("концепци", "концепция"),
    ("модел", "модель"),
    ("групп", "группа"),
    ("отчет", "отчёт"),
    ("отчёт", "отчёт"),
    ("справк", "справка"),
    ("план", "план"),
    ("курс", "курс"),
    ("час", "час"),
    ("балл", "балл"),
    ("урок", "урок"),
    ("проект", "проект"),
    ("класс", "класс"),
    ("заседани", "заседание"),
    ("совещани", "совещание"),
    ("конференци", "конференция"),
    ("сесси", "сессия"),
    ("объединени", "объединение"),
    ("методист", "методист"),
    ("наставник", "наставник"),
    ("пар", "пара"),
    ("раз", "раз"),
    ("семь", "семья"),
    ("родител", "родитель"),
    ("организаци", "организация"),
    ("педсовет", "педсовет"),
    ("совет", "совет"),
    ("рекомендаци", "рекомендация"),
    ("заняти", "занятие"),
    ("олимпиад", "олимпиада"),
    ("конкурс", "конкурс"),
    ("тренинг", "тренинг"),
    ("собрани", "собрание"),
    ("кружок", "кружок"),
    ("кружк", "кружок"),
    ("секци", "секция"),
    ("экскурси", "экскурсия"),
    ("посещени", "посещение"),
    ("диагностик", "диагностика"),
    ("приказ", "приказ"),
    ("положени", "положение"),
    ("разработ", "разработка"),
    ("публикаци", "публикация"),
    ("стать", "статья"),
    ("случа", "случай"),
    ("результат", "результат"),
    ("статей", "статья"),
    ("протокол", "протокол"),
    ("шнор", "школа"),
    ("шнро", "школа"),
    ("работник", "работник"),
    ("специалист", "специалист"),
)
_ADJECTIVE_ENDINGS = (
    *("ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ого", "его", "ому", "ему"),
    *("ым", "им", "ими", "ыми", "ую", "юю", "ей"),
)
_NOT_UNITS = frozenset(
    {"и", "или", "в", "на", "по", "до", "от", "с", "к", "из", "за", "для", "г", "гг", "год", "года", "году", "лет"}
    | {"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября"}
    | {"ноября", "декабря", "всех", "всего", "них", "их", "каждой", "каждого", "каждую", "каждом"}
    | {"больше", "меньше", "выше", "ниже", "более", "менее", "чем"}
)
_ADJECTIVE_SUFFIXES = ("ьн", "н", "ск", "ьск", "ическ")
_VERB_ENDINGS = ("на", "но", "ны", "ан", "ен", "ят", "ют", "ет", "ит", "ся", "ть", "ла", "ло", "ли")
_YEAR_WORDS = re.compile(r"\s*(?:г\b|гг\b|год|года|году|годах|уч\b|учебн)", re.IGNORECASE)
_SCHOOL_ADJECTIVES = ("общеобразоват", "образоват")


def normalise_unit(word: str, adjectives: list[str] | None = None) -> str:
    """A unit word in the stored form: `школ` → школа, `человек` → человек; an unknown noun as written.

    `общеобразовательных организаций` is a school (`школа`), a bare `организаций` an `организация`.
    """
    return known_unit(word, adjectives) or word.lower()


def known_unit(word: str, adjectives: list[str] | None = None) -> str | None:
    """The stored form of a unit from the vocabulary, or None for a word it does not know."""
    lowered = word.lower().replace("ё", "е")
    if lowered.startswith("организаци") and any(a.lower().startswith(_SCHOOL_ADJECTIVES) for a in adjectives or []):
        return "школа"
    for stem, unit in _UNITS:
        if lowered == stem or (len(stem) > 2 and lowered.startswith(stem) and _fits(stem, lowered)):
            return unit
    return None


def _fits(stem: str, word: str) -> bool:
    """Short stems that would swallow other words only match their own forms."""
    exact = {
        **{"пар": ("пара", "пар", "пары"), "раз": ("раз", "раза"), "час": ("час", "часа", "часов", "часам")},
        "случа": ("случай", "случая", "случаев", "случаи", "случаях"),
        "результат": ("результат", "результата", "результатов", "результаты", "результатах", "результатам"),
    }
    if stem in exact:
        return word in exact[stem]
    return not word[len(stem) :].startswith(_ADJECTIVE_SUFFIXES)  # `школьная программа` counts programmes


def _is_adjective(word: str) -> bool:
    lowered = word.lower()
    return len(lowered) > 4 and lowered.endswith(_ADJECTIVE_ENDINGS)


def _value(text: str) -> float | None:
    lowered = text.lower()
    if lowered in NUMBER_WORDS:
        return float(NUMBER_WORDS[lowered])
    try:
        return float(lowered.replace(",", "."))
    except ValueError:
        return None


def _comparator(text: str, start: int) -> tuple[Comparator, int]:
    """The comparator written just before a number, and where it begins; `=` when none is written."""
    before = text[max(0, start - 24) : start]
    match = _COMPARATOR_BEFORE.search(before)
    if match is None:
        return Comparator.exactly, start
    word = re.sub(r"\s+", " ", match.group(1).lower())
    for pattern, comparator in _COMPARATOR_KINDS:
        if pattern.match(word):
            return comparator, start - len(before) + match.start(1)
    return Comparator.exactly, start


_IN_WORDS = re.compile(r"\s*\(\s*([а-яё]+)\s*\)", re.IGNORECASE)  # «3 (трёх) разработок»
_COVERAGE = re.compile(r"\s*охват\w*", re.IGNORECASE)  # «100 % охват педагогов» counts педагоги
_SHARE_OF = re.compile(r"\s*(?:от\s+)?(?:общего\s+)?(?:количеств|числ)\w*", re.IGNORECASE)  # «20 % (от общего) числа …»


def _unit_after(text: str, position: int) -> tuple[str, str | None, int] | None:
    """(unit, what a percentage counts, end) after a number; None if no unit follows."""
    in_words = _IN_WORDS.match(text, position)
    if in_words is not None and in_words.group(1).lower().replace("ё", "е") in NUMBER_WORDS:
        position = in_words.end()
    points = _POINTS.match(text, position)
    if points is not None:
        return "п.п.", None, points.end()
    percent = _PERCENT.match(text, position)
    if percent is not None:
        share = _SHARE_OF.match(text, percent.end()) or _COVERAGE.match(text, percent.end())
        of, end = _noun_after(text, share.end() if share is not None else percent.end())
        return "%", of, end if of is not None else percent.end()
    unit, end = _noun_after(text, position)
    if unit is None:
        return None
    return unit, None, end


def _noun_after(text: str, position: int) -> tuple[str | None, int]:
    """The first noun after `position`, skipping up to three adjectives (`1 межмуниципальный семинар`)."""
    adjectives: list[str] = []
    for _ in range(4):
        match = _WORD.match(text, position)
        if match is None:
            return None, position
        word = match.group(1)
        if word.lower() in _NOT_UNITS:
            return None, position
        unit = known_unit(word, adjectives)
        if unit is not None:
            return unit, match.end()
        if _is_adjective(word):
            adjectives.append(word)
            position = match.end()
            continue
        if word.lower().endswith(_VERB_ENDINGS):
            return None, position  # `1.1 Разработана …`: a participle or a verb, not a unit
        return word.lower(), match.end()
    return None, position


def _per_after(text: str, position: int) -> tuple[str | None, int]:
    """`от школы`, `от каждой школы`, `на каждого участника`, `в четверть`, `в классе` right after the unit, in
    the same clause."""
    rate = _RATE.match(text, position)
    if rate is not None:
        period = " ".join(rate.group("period").lower().split())
        return _RATE_UNITS.get(period, period), rate.end()
    match = _PER.match(text, position)
    if match is None:
        return None, position
    noun = match.group(3)
    preposition = text[match.start() :].lstrip().lower()
    on = preposition.startswith("на ") and "базе" not in match.group(0).lower()  # «1 наставник на школу»
    explicit = match.group(1) is not None or preposition.startswith("от") or on
    if not explicit:
        return None, position
    adjectives = match.group(2).split()
    unit = _per_unit(noun, adjectives)
    return (unit, match.end()) if unit is not None else (None, position)


_PER_UNITS = frozenset({"школа", "участник", "класс", "педагог", "учитель", "группа", "район", "муниципалитет"})
_FACTOR = re.compile(r"(?:^|[^\w])в\s*$", re.IGNORECASE)
# «2 раза в месяц», «1 мероприятие в четверть», «25 обучающихся в классе»: a rate, per the period or the class
_RATE = re.compile(
    r"\s*в\s+(?P<period>месяц|четверть|полугодие|год|неделю|квартал|триместр|учебный\s+год|классе|группе)(?![а-яё])",
    re.IGNORECASE,
)
_RATE_UNITS = {"учебный год": "год", "неделю": "неделя", "классе": "класс", "группе": "группа"}


def _per_unit(noun: str, adjectives: list[str]) -> str | None:
    """What a target is counted per; in these plans "каждой организации" is each school."""
    unit = known_unit(noun, adjectives)
    if unit == "организация":
        return "школа"
    return unit if unit in _PER_UNITS else None


def _sentence_per(text: str, start: int) -> str | None:
    """`В каждой общеобразовательной организации … разработана 1 программа`: a per phrase that opens the
    sentence before any number applies to the targets of that sentence."""
    sentence_start = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        sentence_start = match.end()
    head = text[sentence_start:start]
    if any(not _is_excluded(head, number) for number in _NUMBER.finditer(head)):
        return None
    phrase = _EACH_PHRASE.search(head)
    if phrase is None:
        return None
    return _per_unit(phrase.group(2), phrase.group(1).split())


def _is_excluded(text: str, number: re.Match[str]) -> bool:
    """Years, dates, document and item numbers are not targets."""
    value = number.group(1)
    start, end = number.span()
    if value.isdigit() and len(value) == 4 and 1900 <= int(value) <= 2100:
        return True
    if _YEAR_WORDS.match(text, end) or re.match(r"[.,]\d", text[end : end + 2]):
        return True
    return "№" in text[max(0, start - 3) : start]


_RISE = re.compile(r"повыш|повыс|увелич|рост|прирост|улучш|расшир|достиж|доведен", re.IGNORECASE)
_FALL = re.compile(r"сниж|сниз|сокращ|сократ|уменьш|минимизац|ликвидац", re.IGNORECASE)
_FROM = re.compile(r"(?:^|[^\w])с\s*$", re.IGNORECASE)
_TO = re.compile(
    r"\s*(?:%|процент\w*)?\s*(?:в\s+(?:19|20)\d\d\s*(?:г\.|году|г(?!\w))?\s*)?(?:до|-|–|—)\s*(\d+(?:[.,]\d+)?)(?![\w.,]\d)",
    re.IGNORECASE,
)  # «с 45 % до 55 %», «с 35 % в 2024 г. до 45 %»
_BY = re.compile(r"(?:^|[^\w])на\s*$", re.IGNORECASE)
_COUNT_OF = re.compile(r"(?:количеств|числ)\w*\s+", re.IGNORECASE)
_AVERAGE_SCORE = re.compile(r"средн\w*\s+(?:тестов\w*\s+)?(?:балл|оценк|отметк)", re.IGNORECASE)


def _direction(text: str, start: int) -> Change | None:
    """Whether the sentence before `start` speaks of a rise (`повышение`, `увеличение`, `рост`) or a fall
    (`снижение`, `сокращение`), by the last such word."""
    head = _sentence_head(text, start)
    words = [(m.start(), Change.increase) for m in _RISE.finditer(head)]
    words += [(m.start(), Change.decrease) for m in _FALL.finditer(head)]
    return max(words)[1] if words else None


def _sentence_head(text: str, start: int) -> str:
    sentence_start = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        sentence_start = match.end()
    return text[sentence_start:start]


def _from_to(text: str, number: re.Match[str]) -> tuple[list[Target], int] | None:
    """`с 45 % до 55 %`: 45 is where the figure stands, 55 the target, at least 55 when it rises and at most
    when it falls."""
    before = _FROM.search(text[max(0, number.start() - 3) : number.start()])
    to = _TO.match(text, number.end())
    if before is None or to is None:
        return None
    low, high = _value(number.group(1)), _value(to.group(1))
    unit = _unit_after(text, to.end())
    if low is None or high is None or unit is None or low == high:
        return None
    name, of, end = unit
    per, end = _per_after(text, end)
    comparator = Comparator.at_least if high > low else Comparator.at_most
    begin = text.rfind("с", 0, number.start())
    fragment = text[begin:end].strip()
    target = Target(comparator=comparator, value=high, unit=name, per=per, of=of, baseline=low, text=fragment)
    return [target], end


def _changed_by(text: str, start: int) -> bool:
    """«повышение среднего балла на 0,3»: a number after «на» in a sentence of a rise or a fall."""
    return _BY.search(text[max(0, start - 3) : start]) is not None and _direction(text, start) is not None


def _counted_noun(text: str, start: int) -> tuple[str, str | None, int] | None:
    """`Количество проведённых мероприятий — не менее 4`: the unit a number without one counts, named by
    `количество`/`число` earlier in its sentence."""
    head = _sentence_head(text, start)
    found = list(_COUNT_OF.finditer(head))
    if not found:
        return ("балл", None, _unit_end(text, start)) if _AVERAGE_SCORE.search(head) else None
    offset = start - len(head)
    noun, _ = _noun_after(text, offset + found[-1].end())
    return (noun, None, _unit_end(text, start)) if noun is not None else None


def _unit_end(text: str, position: int) -> int:
    """Where the number written at `position` ends."""
    match = _NUMBER.match(text, position)
    return match.end() if match is not None else position


def _grades(low: float, upper: re.Match[str]) -> bool:
    """`1-4 классов`, `5–9 классов`: a range of school grades."""
    high = _value(upper.group(1))
    return high is not None and 1 <= low < high <= 11 and low.is_integer() and high.is_integer()


def parse_targets(text: str | None) -> list[Target]:
    """Every quantitative target in an expected-result text, in order; [] when there is none. Never raises."""
    try:
        return _parse(text or "")
    except Exception:  # a safety net: a result cell must never break an import or a page
        return []


def _parse(text: str) -> list[Target]:
    targets: list[Target] = []
    consumed = 0
    for number in _NUMBER.finditer(text):
        if number.start() < consumed or _is_excluded(text, number):
            continue
        found = _target(text, number)
        if found is not None:
            targets.extend(found[0])
            consumed = found[1]
    absent = [t for t in (_absence(text, match) for match in _ABSENCE.finditer(text)) if t is not None]
    return sorted([*targets, *absent], key=lambda t: text.find(t.text)) if absent else targets


# «отсутствие неуспевающих», «отсутствие обучающихся, не получивших аттестат»: none of them, exactly 0
_ABSENCE = re.compile(r"(?<![а-яё])отсутствие\s+", re.IGNORECASE)
_ABSENCE_CONDITION = re.compile(r"(?:случае|при|из-за|ввиду|в)\s*$", re.IGNORECASE)  # «в случае отсутствие …»


def _singular(word: str) -> str:
    """«неуспевающих» → «неуспевающий»: a participle standing for a noun, in the stored form."""
    for plural, single in (("ющих", "ющий"), ("вших", "вший"), ("ящих", "ящий"), ("щихся", "щийся")):
        if word.endswith(plural):
            return word[: -len(plural)] + single
    return word


def _absence(text: str, match: re.Match[str]) -> Target | None:
    """«отсутствие X»: exactly 0 of X (a known unit, else the word as written)."""
    if _ABSENCE_CONDITION.search(text[max(0, match.start() - 12) : match.start()]):
        return None
    unit, end = _noun_after(text, match.end())
    if unit is None:
        word = _WORD.match(text, match.end())
        if word is None or word.group(1).lower() in _NOT_UNITS:
            return None
        unit, end = _singular(word.group(1).lower()), word.end()
    return Target(comparator=Comparator.exactly, value=0, unit=unit, text=text[match.start() : end])


def _directed(text: str, comparator: Comparator, begin: int) -> tuple[Comparator, int, Change | None]:
    """A comparator the sentence's direction reads: «Повышение … до 55 %» is at least 55; «Увеличение охвата на
    15 %» a change by at least 15, its fragment from «на»."""
    if comparator == Comparator.at_most and text[begin : begin + 2].lower() == "до":
        if _direction(text, begin) == Change.increase:
            return Comparator.at_least, begin, None
    elif comparator == Comparator.exactly and _BY.search(text[max(0, begin - 3) : begin]):
        change = _direction(text, begin)
        if change is not None:
            return Comparator.at_least, text.rfind("на", 0, begin), change
    return comparator, begin, None


_CHANGE_AFTER = re.compile(r"\s*(?:(?P<up>больше|выше)|меньше|ниже)(?![а-яё])", re.IGNORECASE)
Reading = tuple[Comparator, int, Change | None, int]


def _compared(text: str, reading: Reading) -> Reading:
    """«на 5 % больше, чем в прошлом году», «на 3 п.п. ниже»: a change by at least that much, up or down."""
    comparator, begin, change, end = reading
    after = _CHANGE_AFTER.match(text, end)
    if after is None or comparator != Comparator.exactly or not _BY.search(text[max(0, begin - 3) : begin]):
        return reading
    change = Change.increase if after.group("up") else Change.decrease
    return Comparator.at_least, text.rfind("на", 0, begin), change, after.end()


_LISTED = re.compile(r"\d\s*(?:и|или|,)\s*$")  # «доля 4 и 5 – 55 %»: 5 is a mark listed, the dash says «is»
_SPACED_DASH = re.compile(r"\s+(?P<dash>[-–—])\s")
_STATED = re.compile(r"[-–—:]\s*$")  # «средняя отметка – 3,8»


def _range_end(text: str, number: re.Match[str]) -> re.Match[str] | None:
    """The end of a range written after the number («25-30», «70–80», «от 3 до 5 »); not a spaced dash after a
    number listed with another («4 и 5 – 55 %»), nor a spaced long dash to a far bigger number («ВПР-4 — 60 %»)."""
    upper = _RANGE_END.match(text, number.end())
    spaced = _SPACED_DASH.match(text, number.end())
    if upper is None or spaced is None:
        return upper
    if _LISTED.search(text[max(0, number.start() - 6) : number.start()]):
        return None
    low, high = _value(number.group(1)), _value(upper.group(1))
    if spaced.group("dash") != "-" and (not low or high is None or high > 4 * low):
        return None  # «ВПР-4 — 60 %»: a spaced dash that says «is», not a range
    return upper


def _may_count(text: str, number: re.Match[str], comparator: Comparator) -> bool:
    """Whether a number without a unit may count what its sentence names: after a comparator, a change «на …»
    or a dash («средняя отметка – 3,8», «средний тестовый балл – 65 и выше»)."""
    if comparator != Comparator.exactly or _changed_by(text, number.start()):
        return True
    return _STATED.search(text[max(0, number.start() - 3) : number.start()]) is not None


def _bound_after(text: str, comparator: Comparator, end: int) -> tuple[Comparator, int]:
    """«на 80 баллов и выше»: a threshold, not a change; «10 % и менее»: at most."""
    if comparator != Comparator.exactly:
        return comparator, end
    more = _AT_LEAST_AFTER.match(text, end)
    if more is not None:
        return Comparator.at_least, more.end()
    less = _AT_MOST_AFTER.match(text, end)
    return (Comparator.at_most, less.end()) if less is not None else (comparator, end)


def _target(text: str, number: re.Match[str]) -> tuple[list[Target], int] | None:
    value = _value(number.group(1))
    if value is None:
        return None
    from_to = _from_to(text, number)
    if from_to is not None:
        return from_to
    comparator, begin = _comparator(text, number.start())
    upper = _range_end(text, number)
    after = upper.end() if upper is not None else number.end()
    unit = _unit_after(text, after)
    if unit is None and upper is None and _may_count(text, number, comparator):
        unit = _counted_noun(text, number.start())  # «Количество … — не менее 4», «повышение среднего балла на 0,3»
    if unit is None:
        return None
    name, of, end = unit
    if name == "класс" and comparator == Comparator.exactly and (upper is None or _grades(value, upper)):
        return None  # `для 9 классов`, `1-4 классов`: grades, not a count
    if name == "раз" and _FACTOR.search(text[max(0, number.start() - 3) : number.start()]):
        return None  # `рост в 1,5 раза`: a factor, not how often
    comparator, end = _bound_after(text, comparator, end)
    comparator, begin, change = _directed(text, comparator, begin)
    comparator, begin, change, end = _compared(text, (comparator, begin, change, end))
    per, end = _per_after(text, end)
    per = per or _sentence_per(text, begin)
    fragment = text[begin:end].strip()
    if upper is not None:
        high = _value(upper.group(1))
        if high is not None and high >= value:
            return [  # «рост на 5-7 %»: a change by 5 to 7
                Target(
                    comparator=Comparator.at_least, value=value, unit=name, per=per, of=of, change=change, text=fragment
                ),
                Target(
                    comparator=Comparator.at_most, value=high, unit=name, per=per, of=of, change=change, text=fragment
                ),
            ], end
    return [Target(comparator=comparator, value=value, unit=name, per=per, of=of, change=change, text=fragment)], end
