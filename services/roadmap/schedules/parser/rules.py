"""The rules that turn the items and the recurrence of a text into a `Schedule`, tried in order."""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import pairwise

from services.roadmap.schedules.parser.dates import (
    MAX_YEAR,
    MIN_YEAR,
    Context,
    Item,
    Moment,
    by_due,
    fill_years,
    item_label,
    item_span,
    moment_bounds,
    occurrence_of,
    parse_items,
    period_label,
    tokenize,
)
from services.roadmap.schedules.parser.model import STAGE_FORMS, STAGE_LABELS, Occurrence, Schedule, ScheduleKind, Stage
from services.roadmap.schedules.parser.months import (
    COUNT,
    MONTHS_GENITIVE,
    MONTHS_NOMINATIVE,
    MONTHS_PREPOSITIONAL,
    NUMBER_WORDS,
    count_of,
    holidays_note,
    is_working_day,
    month_bounds,
    month_number,
    named_days_note,
    normalise,
    school_year_end_note,
    stage_of,
)
from services.roadmap.schedules.parser.offsets import Offset, before_weekday, counted, find_offset
from services.roadmap.schedules.parser.periods import (
    Numbered,
    Window,
    dash_range,
    days_phrase,
    find_numbered,
    mode_phrase,
    numbered_phrase,
    numbered_windows,
    school_year_of,
    school_years,
    without_numbered,
    without_reported,
)
from services.roadmap.schedules.parser.recurrence import (
    YEARLY_COUNTS,
    Recurrence,
    find_recurrence,
    is_yearly,
    months_phrase,
    recurring_occurrences,
)
from services.roadmap.schedules.parser.spelling import impossible_date, spell_out
from services.shared.school_year import parse_school_year
from services.shared.vocabulary import plural

# --- rules

_ON_REQUEST = re.compile(
    r"по\s+запрос|по\s+(?:[а-я]+(?:ому|ему)\s+)?(?:график|план)|по\s+мере|по\s+результатам"
    r"|в\s+соответствии\s+с|по\s+согласовани|по\s+необходимост|по\s+требовани|по\s+заявк|по\s+плану"
    r"|(?:при|в\s+случае)\s+необходимост|по\s+(?:приказ|распоряжени)"  # «при необходимости», «по приказу УО»
    r"|в\s+сроки|по\s+срокам|по\s+отдельному|каникул|согласно|установленн\w*\s+срок|срок\w*,?\s+установлен"
    r"|по\s+расписани|по\s+приглашени|незамедлительно|немедленно|оперативно(?![а-я])|в\s+кратчайш\w*\s+срок|по\s+факту"
    # «на педсовете», «на заседаниях ШМО», «к совещанию при директоре»: a meeting with no month is no date
    r"|(?<![а-я])(?:на|к|ко)\s+(?:[а-я]+\s+){0,2}(?:педсовет|педагогическ\w+\s+совет|заседани|совещани|собрани"
    r"|методсовет|методическ\w+\s+совет|семинар|планерк)"
    # «к выпускному вечеру», «на выпускном»: schools set the day each year (June, or July after the retakes)
    r"|^\W*(?:(?:на|к|ко|в\s+день|накануне|перед)\s+)?выпускн(?:ой|ом|ому|ого|ые|ых|ым)(?:\s+(?:вечер|бал|праздник)\w*)?\W*$"
    r"|(?<![а-я])в\s+день\s+(?:обращени|поступлени|получени|подачи|выявлени|приема|приёма)"  # «в день обращения»
    # «сроки уточняются», «срок определяется дополнительно», «дата будет определена», «по договоренности»
    r"|(?<![а-я])(?:срок\w*|дат[аы])\s+(?:[а-я]+\s+){0,2}?(?:уточня|уточн|определ|назнач|сообщ)\w*"
    r"|(?<![а-я])по\s+договор[её]нност"
    r"|^\W*(?:в|во)\s+(?:праздничн\w*\s+дн\w*|праздники)\W*$"  # «в праздничные дни» (no day named)
)
_OPEN = re.compile(
    r"в\s+течени|весь\s+период|всего\s+периода|срок\w*\s+действия|срок\w*\s+реализаци|постоянн|систематическ"
    r"|регулярн|на\s+протяжении|в\s+период|на\s+период|весь\s+год|круглогодичн|кругл\w+\s+год|бессрочн|до\s+особого\s+распоряжени"
    r"|^\W*(?:в\s+рамках|в\s+ходе)\s+(?:(?:текущего\s+)?учебн\w+\s+года|реализаци\w*\s+(?:программ|проект|дорожн|план)\w*"
    r"(?:\s+[а-я]+)?)\W*$"  # «в ходе реализации программы» as the whole text (not a sentence that starts so)
    r"|(?:в|на)\s+текущ\w+\s+(?:учебн\w+\s+)?году|^\W*текущ\w+\s+(?:учебн\w+\s+)?год\w*\W*$"
    r"|(?:на|в\s+ходе)\s+(?:кажд\w+\s+)?урок|кажд\w+\s+урок|повседневн|ежеурочн"  # «на каждом уроке»: throughout
    r"|^\W*(?:на\s+)?(?:весь\s+|текущ\w+\s+)*уч(?:ебн\w*|\.)\s*год\w*\W*$"  # «учебный год», «на весь учебный год»
    r"|^\W*на\s+(?:весь\s+)?год\W*$"
)
# «в период каникул», «в каникулы»: holidays without a season name no dates (the seasons' are read as dates)
_ANY_HOLIDAYS = re.compile(r"каникул")

# A time counted from an event the text names, not from a date: «в течение 10 рабочих дней после получения
# результатов», «не позднее 3 дней до начала мероприятия», «за 2 недели до проведения».
_RELATIVE = re.compile(
    r"(?:в\s+течени\w*|не\s+позднее|не\s+позже|через|за|в\s+срок\w*(?:\s+не\s+более)?)\s+"
    + r"(?:"
    + COUNT
    + r"(?:\s*-?\s*(?:х|ти|ми|и))?\s+)?(?:рабоч\w+\s+|календарн\w+\s+)?(?:дн|день|недел|месяц|год|лет)\w*\s+"
    r"(?:после|с\s+момента|со\s+дня|с\s+даты|от\s+даты|до|по\s+окончании|по\s+завершении)\s+\S.*",
    re.IGNORECASE,
)
# The same with no count: «после получения результатов ВПР», «по завершении ВПР», «перед началом олимпиады», «со
# дня подписания приказа», «в двухнедельный срок», «в 10-дневный срок». Not a school period («по окончании
# учебного года», «после каникул»): those have dates.
_EVENT = re.compile(
    r"(?:^|(?<=\s))(?:сразу\s+)?(?:после|по\s+(?:завершении|окончании)|перед|со\s+дня|с\s+момента|с\s+даты|накануне"
    r"|до\s+(?:начала|проведения)|по\s+итогам"
    r"|(?:до|к|ко)\s+(?:ГИА|ВПР|ОГЭ|ЕГЭ|ГВЭ|НИКО|экзамен\w*|олимпиад\w*)"  # «до ГИА», «к ОГЭ»
    r"|в\s+(?:\d{1,2}\s*-?\s*|одно|дву|двух|трех|пяти|десяти|пятнадцати|тридцати)?(?:дневный|недельный|месячный)\s+срок"
    r"|(?:в|во)\s+(?:период\w*|дни|день|ходе|время)\s+(?:проведени|подготовк)\w*"
    # «в день открытых дверей», «в период предметных недель»: a school event the plan does not date
    r"|(?:в|во)\s+(?:период\w*|дни|день|ходе|время)\s+(?:предметн\w*\s+недел|открыт\w*\s+двер|методическ\w*\s+(?:недел|дн))\w*"
    r"|(?:в|во)\s+(?:период\w*|дни|время)\s+(?:ГИА|ВПР|ОГЭ|ЕГЭ|ГВЭ|НИКО|олимпиад\w*|экзамен\w*|аттестаци\w*|итоговой\s+аттестаци\w*)"
    r"(?![а-я]))"
    r"(?!.*(?:учебн|четверт|полугоди|триместр|квартал|год|каникул|январ|феврал|март|апрел|ма[йяе]|июн|июл|август"
    r"|сентябр|октябр|ноябр|декабр))(?:\s+\S.*)?$",
    re.IGNORECASE,
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
    spans = [item_span(item) for item in items if not item.is_dated and not item.before]
    bounds = [span for span in spans if span is not None and span[0] is not None]
    if not bounds:
        return None
    return min(span[0] for span in bounds if span[0] is not None), max(span[1] for span in bounds)


def _written_range(items: list[Item], recurrence: Recurrence) -> tuple[Item, tuple[date, date]] | None:
    """«ежемесячно в период с октября 2023 по апрель 2024», «еженедельно с 1 по 30 сентября»: one range with
    its year or its days written beside a recurrence shorter than a year is the period it recurs in (months
    alone, «ежемесячно (сентябрь – май)», pick the months of every school year of the plan instead)."""
    dated = [item for item in items if item.is_dated]
    if len(dated) != 1 or dated[0].last is None or dated[0].before:
        return None
    item = dated[0]
    if not any(moment.written_year or moment.day is not None for moment in item.moments()):
        return None
    span = item_span(item)
    if span is None or span[0] is None:
        return None
    last = item.last or item.first
    bounds: tuple[int | None, int | None] = (item.first.month, last.month)
    whole_years = bounds in {(9, 8), (1, 12), (None, None)} and item.first.day is None
    if recurrence.code == "yearly" and ((span[1] - span[0]).days < 366 or whole_years):
        return None  # «ежегодно, сентябрь 2024 – май 2025»: once; «ежегодно (2024-2026 уч. гг.)»: its school years
    return item, (span[0], span[1])


# recurrences a month names the start of («ежемесячно с октября»), not the month of («ежегодно с сентября»)
_FROM_A_MONTH = frozenset({"monthly", "weekly", "biweekly", "bimonthly", "daily", "calendar_quarterly", "quarterly"})


def _written_start(
    items: list[Item], period: tuple[date, date] | None, recurrence: Recurrence
) -> tuple[Item, tuple[date, date]] | None:
    """«ежемесячно с 01.09.2024», «еженедельно с октября 2024 г.»: a start written with its day or year begins
    the period the recurrence runs in, to the plan's end; a month alone too for a recurrence shorter than a
    half-year («ежемесячно с октября»)."""
    since = [item for item in items if item.since and item.is_dated]
    if period is None or len(since) != 1:
        return None
    first = since[0].first
    written = first.written_year or first.day is not None or recurrence.code in _FROM_A_MONTH
    bounds = moment_bounds(first) if written else None
    if bounds is None or bounds[0] > period[1]:
        return None
    return since[0], (max(bounds[0], period[0]), period[1])  # a start before the plan: from the plan's start


# recurrences many times a year, which one deadline «до …» beside them ends («ежемесячно до 10.06.2025»)
_UNTIL_CODES = frozenset({"monthly", "weekly", "biweekly", "bimonthly", "daily", "every_ten_days"})


def _written_end(
    items: list[Item], period: tuple[date, date] | None, recurrence: Recurrence
) -> tuple[Item, tuple[date, date]] | None:
    """«ежемесячно до 10.06.2025», «еженедельно до конца учебного года»: one day «до …» beside a recurrence shorter
    than a quarter ends the period it runs in, from the plan's start."""
    dated = [item for item in items if item.is_dated]
    if period is None or recurrence.code not in _UNTIL_CODES or len(dated) != 1:
        return None
    item = dated[0]
    span = item_span(item)
    if not item.before or item.last is not None or item.first.day is None or span is None:
        return None
    return (item, (period[0], span[1])) if period[0] < span[1] else None


_RECURRENCE_WORD = re.compile(r"еже\w+|[:()]")
_THEN_WORDS = re.compile(r"(?<![а-я])(?:далее|затем|в\s+дальнейшем)(?![а-я])")


def _school_years_written(items: list[Item], recurrence: Recurrence) -> tuple[list[Item], tuple[date, date]] | None:
    """«ежегодно (2024-2026 уч. гг.)», «2 раза в год в течение 2024-2025, 2025-2026 уч. гг.»: whole school years
    written beside a recurrence counted per school year are the period it recurs in, not one occurrence."""
    if recurrence.code not in YEARLY_COUNTS:
        return None
    whole: list[tuple[Item, date, date]] = []
    for item in items:
        span = item_span(item) if item.is_dated else None
        if span is None or span[0] is None or span[0] >= span[1]:
            continue
        if (span[0].month, span[0].day, span[1].month, span[1].day) == (9, 1, 8, 31):
            whole.append((item, span[0], span[1]))
    if not whole:
        return None
    return [item for item, _, _ in whole], (min(start for _, start, _ in whole), max(end for _, _, end in whole))


def _yearly_from_month(reading: Reading, recurrence: Recurrence) -> Reading | None:
    """«ежегодно, начиная с мая 2025 г.»: a month with its year after «с» beside «ежегодно» is the month of each
    year, from that one on (as «ежегодно с сентября» is each September): the reading with that month alone, over the
    plan's period from it; None for any other text."""
    since = [item for item in reading.items if item.since and item.is_dated]
    if recurrence.code != "yearly" or reading.period is None or len(since) != 1:
        return None
    first = since[0].first
    bounds = moment_bounds(first)
    if first.day is not None or not first.written_year or bounds is None or bounds[0] > reading.period[1]:
        return None
    items = [Item(Moment(first.month)) if item is since[0] else item for item in reading.items]
    return replace(reading, items=items, period=(bounds[0], reading.period[1]))


def _recurring(reading: Reading, recurrence: Recurrence) -> Schedule:
    from_month = _yearly_from_month(reading, recurrence)
    if from_month is not None:
        schedule = _recurring(replace(from_month, items=[i for i in from_month.items if not i.since]), recurrence)
        since = next(item for item in reading.items if item.since)
        schedule.summary += f" ({item_label(since)})"
        return schedule
    ranged = _written_range(reading.items, recurrence)
    written = ranged or _written_start(reading.items, reading.period, recurrence)
    then = _THEN_WORDS.search(reading.normalised)  # «до 15.09.2024, далее ежемесячно»: a deadline, then the recurrence
    until = None if written or then else _written_end(reading.items, reading.period, recurrence)
    written = written or until
    school = _school_years_written(reading.items, recurrence) if written is None else None
    kept = [item for item in reading.items if school is None or all(item is not own for own in school[0])]
    items = [item for item in kept if written is None or item is not written[0]]
    if written is not None and recurrence.code == "yearly":  # «ежегодно (сентябрь 2024 – май 2026)»: those months
        items = [*items, _months_of_each_year(written[0])]
    items = _shared_before(items, _RECURRENCE_WORD.sub(" ", reading.normalised))  # «ежеквартально до 15.01, 15.04»
    period = (written[1] if written else None) or (school[1] if school else None) or _own_period(items)
    period = period or reading.period
    dated = [item for item in items if item.is_dated]
    spans = _spans_in_plan(ranged, reading.period) if period else None
    if spans:  # «с 01.09 по 31.05 еженедельно» in a plan for 2025: January–May and September–December
        period = (spans[0][0], spans[-1][1])
    cut = ranged is not None or until is not None  # «ежемесячно до 20 числа до 15.05.2025»: May's due 15.05
    occurrences = (
        [o for span in spans or [period] for o in _recurring_in(recurrence, items, span, cut, ranged is None)]
        if period
        else []
    )
    if not period and any(moment.written_year for item in dated for moment in item.moments()):
        occurrences = [o for o in map(occurrence_of, dated) if o is not None]
    teaching = recurrence.code in _UNTIL_CODES and _TEACHING_YEAR.search(reading.normalised) is not None
    if teaching:  # «ежемесячно в течение учебного года»: its teaching months, September–May
        occurrences = [o for o in occurrences if not _inside_month(o, _SUMMER_MONTHS)]
    unique = {(o.start, o.due, o.stage): o for o in reversed(occurrences)}  # «до 1 сентября 2024, … до 1 сентября»
    summary = _recurring_summary(reading, recurrence, dated) + (f" ({item_label(until[0])})" if until else "")
    if teaching:
        summary += f" ({_teaching_phrase(period)})"
    elif ranged is not None and recurrence.code != "yearly" and ranged[1] != reading.period:
        summary += _months_phrase(ranged[0])  # «ежемесячно в течение 2024-2025 уч. г.» in a plan of another period
    if written is not None and recurrence.code == "yearly":
        summary += f" ({item_label(written[0])})"
    return Schedule(
        text=reading.text,
        kind=ScheduleKind.recurring,
        occurrences=_staged_each_year(by_due(list(reversed(unique.values()))), reading.normalised, dated),
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        recurrence=recurrence.code,
        summary=summary,
    )


# «в течение (всего, текущего) учебного года», «на протяжении 2024-2025 уч. г.», «в учебное время»: the teaching
# months of a school year, which a recurrence many times a year keeps (not the summer's)
_TEACHING_YEAR = re.compile(
    r"(?<![а-я])(?:(?:в\s+течени\w*|на\s+протяжении|в\s+период\w*)\s+(?:(?:всего|текущего|каждого)\s+)*"
    r"(?:\d{4}\s*[-/–]\s*\d{4}\s+)?уч(?:ебн\w*|\.)\s*(?:г\.|год\w*)|в\s+учебное\s+время)"
)
_SUMMER_MONTHS: set[int] = {6, 7, 8}


def _months_phrase(item: Item) -> str:
    """The months a recurrence runs in, written with their year, after it: « в течение 2024-2025 уч. г.», « с октября
    2024 по апрель 2025»; nothing for days («ежемесячно с 15.09.2024 по 15.05.2025» says its days in each label)."""
    moments = list(item.moments())
    if any(moment.day is not None for moment in moments) or not any(moment.written_year for moment in moments):
        return ""
    phrase = _open_phrase(item, item_label(item))
    return "" if phrase.startswith("в течение периода") else f" {phrase}"


def _teaching_phrase(period: tuple[date, date] | None) -> str:
    """«в течение 2024-2025 уч. г.: сентябрь – май» for a period of one school year, «в течение учебного года: …»
    for any other."""
    if period is not None and _is_school_year(period):
        return f"в течение {period[0].year}-{period[1].year} уч. г.: сентябрь – май"
    return "в течение учебного года: сентябрь – май"


def _recurring_in(
    recurrence: Recurrence, items: list[Item], span: tuple[date, date], written: bool, dues_only: bool = False
) -> list[Occurrence]:
    """The occurrences of a recurrence in a span. Of a monthly one in a span written with its days («ежемесячно с
    15.09 по 15.05»), the months the span cuts are kept, cut to it: May due 15.05, September from 15.09 (a month
    ending after the span is no reason to drop it). A span that only ends on a day written («ежемесячно до
    10.06.2025») cuts the due days of each month alone («… до 20 числа до 15.05.2025»: May's due 15.05); its whole
    months stay those inside it, as before. A report due in the month after the one reported on («до 5 числа месяца,
    следующего за отчетным, с 15.09 по 15.05») has the span bound the months reported on, not the due dates: May's
    report, due 05.06, is kept as it is."""
    if not written or recurrence.code != "monthly":
        return recurring_occurrences(recurrence, items, span)
    whole = (span[0], month_bounds(span[1].year, span[1].month)[1])
    if recurrence.following and not dues_only:
        return recurring_occurrences(recurrence, items, whole)
    kept = (
        _cut_to(o, span) if o.start is None or not dues_only else _inside(o, span)
        for o in recurring_occurrences(recurrence, items, whole)
    )
    return [o for o in kept if o is not None]


def _inside(occurrence: Occurrence, span: tuple[date, date]) -> Occurrence | None:
    """The occurrence when it ends inside the span, else None."""
    return occurrence if occurrence.due <= span[1] else None


def _cut_to(occurrence: Occurrence, span: tuple[date, date]) -> Occurrence | None:
    """An occurrence cut at a span's edges; None when it falls outside. A due date alone is kept when inside the span,
    and in the span's last month brought forward to its end («ежемесячно до 20 числа с 15.09 по 15.05»: May's due
    15.05, not none); one before the span's start is none (September's 20th of a span from 25.09)."""
    if occurrence.start is None:
        if occurrence.due < span[0]:
            return None
        if occurrence.due <= span[1]:
            return occurrence
        if (occurrence.due.year, occurrence.due.month) != (span[1].year, span[1].month):
            return None
        label = occurrence.label.replace(f"{occurrence.due:%d.%m.%Y}", f"{span[1]:%d.%m.%Y}")
        return occurrence.model_copy(update={"due": span[1], "label": label})
    start, due = max(occurrence.start, span[0]), min(occurrence.due, span[1])
    if start > due:
        return None
    if (start, due) == (occurrence.start, occurrence.due):
        return occurrence
    return occurrence.model_copy(update={"start": start, "due": due, "label": days_phrase(start, due)})


def _spans_in_plan(
    written: tuple[Item, tuple[date, date]] | None, plan: tuple[date, date] | None
) -> list[tuple[date, date]] | None:
    """«с 01.09 по 31.05 еженедельно» (days with no year) is that span of each year inside the plan, cut at its edges:
    in a plan for 2025 1 January – 31 May and 1 September – 31 December (as «еженедельно (сентябрь – май)» keeps the
    weeks of those months), not one span from the plan's September into the next year; in a plan of two school years
    both; in a plan of one term its part. None when a year is written."""
    if written is None or plan is None:
        return None
    item, (start, due) = written
    if any(moment.written_year for moment in item.moments()):
        return None
    spans = []
    for shift in range(plan[0].year - start.year - 1, plan[1].year - start.year + 2):
        first, last = _shifted(start, shift), _shifted(due, shift)
        if first <= plan[1] and last >= plan[0]:
            spans.append((max(first, plan[0]), min(last, plan[1])))
    return spans or None


def _shifted(day: date, years: int) -> date:
    """The same day `years` later (29 February: the 28th in a year without it)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _months_of_each_year(item: Item) -> Item:
    """The months of a range written with its years («сентябрь 2024 – май 2026»), with no year: those of each year."""
    first, last = item.first, item.last or item.first
    return Item(Moment(first.month, day=first.day), Moment(last.month, day=last.day))


_STAGE_WORD = re.compile(r"(?<![а-я])(?:входн|стартов|промежуточн|рубежн|итогов|финальн)\w*")


# a stage word with its ending and the word after it: «входная диагностика», «итоговой работы», «входной контроль»
_STAGE_PHRASE = re.compile(
    r"(?<![а-я])((?:входн|стартов|промежуточн|рубежн|итогов|финальн|подготовительн|заключительн)[а-я]*)"
    r"(?:\s+([а-я]+))?"
)
_GENDER_ENDINGS: tuple[tuple[str, str], ...] = (
    *(("ая", "f"), ("ую", "f"), ("ое", "n"), ("ые", "p"), ("ых", "p")),
    *(("ым", "m"), ("ий", "m"), ("ый", "m"), ("ого", "m"), ("ому", "m")),
)
# feminine nouns a stage word in «-ой» may go with: «итоговой диагностики», «входной работы» (else «входной контроль»)
_FEMININE_NOUNS = ("диагност", "работ", "провер", "аттестац", "оценк", "точк", "контрольн", "олимпиад", "анкет")


def _gender(phrase: tuple[str, str]) -> str | None:
    """The gender (or plural) a stage word is written in: its ending, or for «-ой» the noun after it; None when
    neither tells («итоговой – май»)."""
    word, noun = phrase
    for ending, gender in _GENDER_ENDINGS:
        if word.endswith(ending):
            return gender
    if word.endswith(("ой", "ей")) and noun.startswith(_FEMININE_NOUNS):
        return "f"
    return "m" if word.endswith("ой") and noun and not noun.startswith(_FEMININE_NOUNS) else None


def _agreed_stages(summary: str, text: str) -> str:
    """The summary's stage words agreeing with the nouns written («сентябрь 2024 (входная)» for «входная
    диагностика»); stages the text does not name take the gender of those it does, «этап» alone the masculine."""
    phrases = _STAGE_PHRASE.findall(text.lower().replace("ё", "е"))
    known = [(stage_of(phrase[0]), _gender(phrase)) for phrase in phrases]
    default = next((gender for _, gender in known if gender is not None), "m")
    genders: dict[Stage, str] = {}
    for stage, gender in known:
        if stage is not None:
            genders.setdefault(stage, gender or default)

    def agreed(match: re.Match[str]) -> str:
        stage = next(s for s, word in STAGE_LABELS.items() if word == match.group(1))
        return f"({STAGE_FORMS[genders.get(stage, default)][stage]})"

    return _MASCULINE_STAGE.sub(agreed, summary)


_MASCULINE_STAGE = re.compile(r"\((" + "|".join(STAGE_LABELS.values()) + r")\)")


def _staged_each_year(occurrences: list[Occurrence], normalised: str, dated: list[Item]) -> list[Occurrence]:
    """«3 раза в год: входная, промежуточная, итоговая диагностика»: as many stage words as the recurrence has
    windows in each school year, with no months written, are the stages of those windows in order; the occurrences
    unchanged otherwise."""
    stages = [stage for word in _STAGE_WORD.findall(normalised) if (stage := stage_of(word)) is not None]
    if dated or len(stages) < 2 or any(o.stage is not None for o in occurrences):
        return occurrences
    years: dict[int, list[int]] = {}
    for index, occurrence in enumerate(occurrences):
        start = occurrence.start or occurrence.due
        years.setdefault(start.year if start.month >= 9 else start.year - 1, []).append(index)
    groups = list(years.values())
    if any(len(indices) != len(stages) for indices in groups[1:-1]) or any(len(g) > len(stages) for g in groups):
        return occurrences
    staged = list(occurrences)
    for number, indices in enumerate(groups):
        # a plan by calendar years cuts its first school year at the start (its last stages: «итоговая» in May) and
        # its last one at the end (its first stages: «входная» in September)
        cut = stages[len(stages) - len(indices) :] if number == 0 else stages[: len(indices)]
        if len(indices) != len(stages) and len(groups) == 1:
            return occurrences
        for index, stage in zip(indices, cut, strict=True):
            staged[index] = staged[index].model_copy(update={"stage": stage})
    return staged


def _recurring_summary(reading: Reading, recurrence: Recurrence, dated: list[Item]) -> str:
    """«ежегодно в сентябре, мае (2021–2023 гг.)»: the recurrence, a yearly one's months, the years written."""
    phrase = months_phrase(dated) if recurrence.code in YEARLY_COUNTS else ""
    spans = dated and all(i.last is not None and i.first.day is None and i.last.day is None for i in dated)
    # «ежемесячно, сентябрь-май», «с октября по апрель еженедельно»: «ежемесячно с сентября по май»
    if recurrence.code in ("monthly", "weekly", "biweekly") and spans:
        phrase = months_phrase(dated)
    summary = f"{recurrence.summary} {phrase}".strip()
    since = [item for item in reading.items if item.since and item.is_dated]
    if since and not dated:
        summary += f" ({item_label(since[0])})"
    years = [item for item in reading.items if not item.is_dated and not item.before and item_span(item)]
    if years:
        summary += " (" + ", ".join(item_label(item) for item in years) + ")"
    needed = _AS_NEEDED.search(reading.normalised) or _WHEN_NEEDED.search(reading.normalised)
    if needed is not None and needed.group(0) not in summary:
        # «по мере необходимости, но не реже 1 раза в полугодие»: the least, beside the words; «по необходимости,
        # ежемесячно»: as the condition beside a period is, said before the recurrence
        summary = f"{' '.join(needed.group(0).split())}, {summary}"
    return summary


# «по итогам четвертей и года», «в конце триместров и учебного года»: the year's end is the last term's (31 May),
# no occurrence of its own, but the words are said
_EACH_PERIOD_AND_YEAR = re.compile(
    r"(?<![а-яё])(?P<edge>по\s+итогам|по\s+окончании|по\s+завершении|в\s+конце)\s+(?:четвертей|триместров)\s+и\s+"
    r"(?P<year>(?:учебного )?года)(?![а-яё])",
    re.IGNORECASE,
)
# «по мере необходимости, но не реже …», «при необходимости, не реже …»: as often as needed, at least so often
_AS_NEEDED = re.compile(r"(?<![а-я])(?:по\s+мере|по|при)\s+необходимости(?=.*не\s+(?:реже|менее)\s)")


def _open(reading: Reading) -> Schedule | None:
    """ "В течение года", "в течение 2021-2023 гг.", "в период с мая по август 2020 года"."""
    if not _OPEN.search(reading.normalised):
        return None
    dated = [item for item in reading.items if item.is_dated]
    if not dated and _ANY_HOLIDAYS.search(reading.normalised):
        return None
    readable, own = _open_own(dated)
    if not readable:
        return None
    years = [item for item in reading.items if not item.is_dated and not item.before]
    period = own or _own_period(reading.items) or reading.period
    if period is None:
        return Schedule(text=reading.text, kind=ScheduleKind.period, summary="в течение периода плана")
    label, summary = _open_summary(dated, years, period)
    if len(dated) == 1 and _inside_one_month(dated[0]) and _PART_OF_MONTH.search(reading.text):
        summary = label  # «в течение первой недели октября» said as «первая неделя октября» is: its days
    condition = _WHEN_NEEDED.search(reading.normalised)
    if condition is not None:  # «по необходимости в течение года»: not all the year long, when needed in it
        summary = f"{' '.join(condition.group(0).split())} {summary}"
    return Schedule(
        text=reading.text,
        kind=ScheduleKind.period,
        occurrences=[Occurrence(start=period[0], due=period[1], label=label)],
        period_start=period[0],
        period_end=period[1],
        summary=summary,
    )


# «по мере необходимости», «при необходимости», «по запросу» beside a period: the condition is said before it
_WHEN_NEEDED = re.compile(r"(?<![а-я])(?:(?:по\s+мере|по|при)\s+необходимости|по\s+запросу)(?![а-я])")


def _open_own(dated: list[Item]) -> tuple[bool, tuple[date, date] | None]:
    """Whether an open period can be read with the dated items it writes, and the span they give: none written
    (no span of its own), or one range with its year («в период с мая по август 2020 года»); one date, several
    items or a range without a year are not an open period."""
    if not dated:
        return True, None
    if len(dated) == 1 and dated[0].last is not None:
        span = item_span(dated[0])
        if span is not None and span[0] is not None:
            return True, (span[0], span[1])
    return False, None


def _open_summary(dated: list[Item], years: list[Item], period: tuple[date, date]) -> tuple[str, str]:
    """The label of an open period (the item written, or the period's bounds) and its summary: «в течение 2022
    года» for one year written alone, «в течение 2024-2025 уч. г.» for a plan's period that is one school year
    («постоянно», «весь период», «в течение года»), else «в течение периода …» with the period's days."""
    item = (dated or years)[0] if dated or len(years) == 1 else None
    label = item_label(item) if item is not None else period_label(*period)
    single_year = len(years) == 1 and not dated and years[0].last is None
    if single_year:
        return label, f"в течение {years[0].first.year} года"
    if item is None and _is_school_year(period):  # «постоянно» in a plan of one school year
        return label, f"в течение {period[0].year}-{period[1].year} уч. г."
    return label, _open_phrase(item, label)


def _is_school_year(period: tuple[date, date]) -> bool:
    """Whether a period is exactly one school year, 1 September to 31 August of the next year."""
    first, last = period
    return (first.month, first.day, last.month, last.day, last.year) == (9, 1, 8, 31, first.year + 1)


def _open_phrase(item: Item | None, label: str) -> str:
    """«в течение 2021–2023 гг.», «в течение 2024-2025 уч. г.», «с мая по август 2020», «с ноября 2024 по май 2025»: a
    span written as a phone reads it, not «в течение периода май – август 2020»; days stay «в течение периода …»."""
    last = item.last if item is not None else None
    if item is None or last is None or item.first.day is not None or last.day is not None:
        return f"в течение периода {label}"
    first = item.first
    if first.month is None and last.month is None:
        return f"в течение {label}"
    if first.month is None or last.month is None or first.year is None or last.year is None:
        return f"в течение периода {label}"
    if (first.month, last.month, last.year) == (9, 8, first.year + 1):
        return f"в течение {first.year}-{last.year} уч. г."
    since = MONTHS_GENITIVE[first.month - 1] + ("" if first.year == last.year else f" {first.year}")
    return f"с {since} по {MONTHS_NOMINATIVE[last.month - 1]} {last.year}"


_PART_OF_MONTH = re.compile(r"(?<![а-яё])(?:недел|декад)", re.IGNORECASE)


def _inside_one_month(item: Item) -> bool:
    """Whether an item is days of one month with its year («первая неделя октября 2024», «2-я декада мая»)."""
    first, last = item.first, item.last
    if last is None or first.day is None or last.day is None or first.year is None:
        return False
    return (first.year, first.month) == (last.year, last.month)


def _explicit_kind(items: list[Item]) -> ScheduleKind:
    if sum(item.stage is not None for item in items) > 1:
        return ScheduleKind.staged
    if len(items) > 1:
        return ScheduleKind.dates
    item = items[0]
    if item.before and item.last is None:  # «до 2026 года»: due 31 December 2025
        return ScheduleKind.date
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


def _distinct(items: list[Item]) -> list[Item]:
    """The items without repeats: «сентябрь (начало учебного года)» names September twice, one month."""
    seen: set[tuple[object, ...]] = set()
    kept = []
    for item in items:
        key = (item_span(item), item.before, item.since, item.stage)
        if key[0] is None or key not in seen:
            kept.append(item)
        seen.add(key)
    return kept


def _joined(items: list[Item]) -> list[Item]:
    """«не ранее 1 октября и не позднее 15 октября» (either way round): a start and a due date alone are one range."""
    if len(items) != 2 or items[0].last is not None or items[1].last is not None:
        return items
    since = next((item for item in items if item.since), None)
    before = next((item for item in items if item.before), None)
    if since is None or before is None:
        return items
    first, last = since.first, before.first
    if not (first.is_dated and last.is_dated) or first.day is None or last.day is None:
        return items
    joined = Item(first, last)
    span = item_span(joined)
    if span is None or (items[0] is before and span[0] == span[1]):  # «до 01.09 – …; с 01.09 – …»: two parts
        return items
    return [joined]


# «до 10 января, 10 апреля, 10 июля»: «до» before the first of a list of days alone is each one's
_ONLY_DAYS = re.compile(r"^(?:[\d\s.,;и-]|до|к|не\s+позднее|г|года|" + "|".join(MONTHS_GENITIVE) + r")*$")


def _shared_before(items: list[Item], normalised: str) -> list[Item]:
    """The items with the «до» of the first given to the other days of a list that writes nothing else."""
    if len(items) < 2 or not items[0].before or not _ONLY_DAYS.match(normalised.strip()):
        return items
    rest = items[1:]
    if any(item.before or item.since or item.last is not None or item.first.day is None for item in rest):
        return items
    return [items[0], *(replace(item, before=True) for item in rest)]


def _explicit(reading: Reading) -> Schedule | None:
    items = reading.items = _shared_before(_joined(_distinct(reading.items)), reading.normalised)
    if not items:
        return None
    kind = _explicit_kind(items)
    if kind != ScheduleKind.staged:  # «до 31 мая (итоговый отчет)»: one deadline is no series of stages
        for item in items:
            item.stage = None
    occurrences = by_due(_explicit_occurrences(reading, kind))
    summary = ", ".join(_item_summary(item) for item in items)
    ran_on = _stage_months_run_on(occurrences, items) if kind == ScheduleKind.staged else None
    if ran_on is not None:
        occurrences = by_due(ran_on)
        summary = ", ".join(f"{o.label} ({STAGE_LABELS[o.stage]})" for o in ran_on if o.stage is not None)
    if any(item_span(item) is None for item in items if not item.since):
        summary += " (год не определён)"
    return Schedule(
        text=reading.text,
        kind=kind,
        occurrences=occurrences,
        **_spanned(occurrences),
        summary=summary,
    )


_STAGE_ORDER = {Stage.entry: 0, Stage.interim: 1, Stage.final: 2}


def _stage_months_run_on(occurrences: list[Occurrence], items: list[Item]) -> list[Occurrence] | None:
    """Stages named by months with no year, dated by a calendar plan out of order («входной – сентябрь, итоговый –
    май» in 2025): each runs on to the year after the stage before it, as numbered stages do; None when the
    stages are in order, a year is written or a stage is missing."""
    if any(o.stage is None for o in occurrences) or any(m.written_year for i in items for m in i.moments()):
        return None
    staged = sorted(occurrences, key=lambda o: _STAGE_ORDER[o.stage] if o.stage else 0)
    if all(a.due <= b.due for a, b in pairwise(staged)):
        return None
    result = [staged[0]]
    for occurrence in staged[1:]:
        while occurrence.due < result[-1].due:
            occurrence = _a_year_later(occurrence)
        result.append(occurrence)
    return result


def _a_year_later(occurrence: Occurrence) -> Occurrence:
    """The occurrence a year later, a month's end kept at the month's end."""
    start, due = occurrence.start, occurrence.due
    later = _next_year(due, due == month_bounds(due.year, due.month)[1])
    label = occurrence.label.replace(str(due.year), str(due.year + 1))
    return occurrence.model_copy(update={"start": _next_year(start) if start else None, "due": later, "label": label})


def _next_year(day: date, month_end: bool = False) -> date:
    """The same day a year later (the month's last day for `month_end`, 28 February for 29 February)."""
    end = month_bounds(day.year + 1, day.month)[1]
    return end if month_end else day.replace(year=day.year + 1, day=min(day.day, end.day))


def _spanned(occurrences: list[Occurrence]) -> dict[str, date | None]:
    """`period_start` and `period_end` of a schedule made of these occurrences: the first start (or due date)
    and the last due date; None for none."""
    return {
        "period_start": min((o.start or o.due for o in occurrences), default=None),
        "period_end": max((o.due for o in occurrences), default=None),
    }


def _explicit_occurrences(reading: Reading, kind: ScheduleKind) -> list[Occurrence]:
    """An occurrence per dated item (staged: per stage, the years only frame the stages); an open-ended «с мая»
    runs to the end of the plan's period."""
    items = reading.items
    dated = items
    if kind == ScheduleKind.staged:  # «2021–2022 г. 1 этап (август 2021); …»: the years only frame the stages
        dated = [item for item in items if item.is_dated or item.stage is not None]
    occurrences = [o for o in map(occurrence_of, dated) if o is not None]
    since = [item for item in items if item.since]
    if kind == ScheduleKind.period and since and reading.period is not None:
        start = moment_bounds(since[0].first)
        if start is not None and start[0] <= reading.period[1]:
            occurrences = [Occurrence(start=start[0], due=reading.period[1], label=item_label(since[0]))]
    return occurrences


# A length of time alone: «в течение 30 календарных дней», «в течение месяца», «в 3-дневный срок» — counted
# from an event the text does not name.
_DURATION = re.compile(
    r"^(?:в\s+течени\w*|в\s+срок\w*(?:\s+не\s+более)?|не\s+более|через|спустя|(?:в\s+срок\s+)?не\s+(?:позднее|позже)(?:\s+чем)?)"
    r"\s+(?:" + COUNT + r"(?:\s*-?\s*(?:х|ти|ми|и))?\s+)?"
    r"(?:рабоч\w+\s+|календарн\w+\s+)?(?:дн|день|недел|месяц|квартал)\w*"
    r"(?:\s*\(\s*\d{1,3}\s+(?:рабоч\w+\s+|календарн\w+\s+)?(?:дн|день|недел)\w*\s*\))?\s*[.;]?$"  # «(14 дней)»
)


# «в течение 3 лет», «в течение не менее двух учебных лет»: years counted from a start the text does not name
_PERIODS_DURATION = re.compile(
    r"^(?:в\s+течени\w*|на\s+протяжении)\s+(?:не\s+менее\s+)?(?:[2-9]|1[0-2]|дв\w+|тр\w+|четыр\w+)"
    r"(?:\s*-?\s*(?:х|ти|ми))?\s+(?:учебн\w+\s+)?(?:четверт|полугоди|триместр|квартал)\w*\s*[.;]?$"
)
_YEARS_DURATION = re.compile(
    r"^(?:в\s+течени\w*|на\s+протяжении)\s+(?:не\s+менее\s+)?"
    + COUNT
    + r"(?:\s*-?\s*(?:х|ти|ми))?\s+(?:учебн\w+\s+)?(?:лет|года?|годов)\s*[.;]?$"
)


_CURRENT_MONTH = re.compile(r"(?<![а-я])(?:текущ|этого|данного)\w*\s+месяц")
# «в теч. 2 мес.» spelt out as «в течение 2 месяц»: the unit after a count, put in the case the words before it govern
_UNIT_AFTER_COUNT = re.compile(
    r"(?P<lead>(?<![а-я])(?:течени[а-я]*|через|спустя|более|за)\s+)(?P<count>\d+)(?P<x>\s*-?\s*х)?\s+"
    r"(?P<unit>месяц|неделю)(?![а-я])"
)
# genitive (after «в течение», «не более») and accusative (after «через», «спустя», «за»): one, few, many
_UNIT_FORMS = {
    ("месяц", True): ("месяца", "месяцев", "месяцев"),
    ("неделю", True): ("недели", "недель", "недель"),
    ("месяц", False): ("месяц", "месяца", "месяцев"),
    ("неделю", False): ("неделю", "недели", "недель"),
}


def _counted_unit(match: re.Match[str]) -> str:
    genitive = not match.group("lead").startswith(("через", "спустя", "за"))  # «за 2 нед. до …»: «за 2 недели»
    count = int(match.group("count"))
    word = plural(count, *_UNIT_FORMS[match.group("unit"), genitive]).split(" ", 1)[1]
    return f"{match.group('lead')}{count}{match.group('x') or ''} {word}"


# «в течение 2 недель с момента», «в течение 10 дней после …»: the words before an event, with no event after them
_DANGLING_EVENT = re.compile(
    r"(?:^|(?<=\s))(?:с\s+момента|со\s+дня|с\s+даты|от\s+даты|после|по\s+(?:окончании|завершении)|с|со|от)"
    r"\s*(?:[.,;:…]|\.\.\.)*\s*$"
)


def _relative(reading: Reading) -> Schedule | None:
    """A time counted from an event, with no date written: no fixed deadline; the summary keeps the words."""
    if any(item.is_dated for item in reading.items):
        return None
    if _CURRENT_MONTH.search(reading.normalised):  # «до конца текущего месяца»: the month it is read in, not a date
        phrase = " ".join(reading.text.split()).rstrip(" .;,")
        return Schedule(text=reading.text, kind=ScheduleKind.on_request, summary=f"без фиксированного срока: {phrase}")
    words = " ".join(reading.text.replace("ё", "е").split())
    lowered = words.lower()
    dangling = _DANGLING_EVENT.search(lowered)
    if dangling is not None:  # «в течение 2 недель с момента»: the length alone, from an event not named
        length = words[: dangling.start()]
        if not length.strip(" .,;:"):
            return _unparsed(reading.text)  # «после», «с момента» alone: no time at all
        if _DURATION.search(length.lower()) is not None:
            phrase = _UNIT_AFTER_COUNT.sub(_counted_unit, " ".join(length.split()).rstrip(" .;,"))
            return Schedule(text=reading.text, kind=ScheduleKind.on_request, summary=f"{_NO_DATE}{phrase}")
    match = _RELATIVE.search(reading.text) or _EVENT.search(words) or _DURATION.search(lowered)
    match = match or _YEARS_DURATION.search(lowered) or _PERIODS_DURATION.search(lowered)
    if match is None:
        return None
    phrase = _UNIT_AFTER_COUNT.sub(_counted_unit, " ".join(match.group(0).split()).rstrip(" .;,"))
    return Schedule(text=reading.text, kind=ScheduleKind.on_request, summary=f"без фиксированного срока: {phrase}")


_NO_DATE = "без фиксированного срока: "
# «после осенних каникул», «по окончании зимних каникул»: the season of the holidays said (`months` reads them as
# «после каникул» with no date: a time after them)
_SEASON_AFTER = re.compile(
    r"(?<![а-яё])(?:после|по)\s+(?:(?:окончани|завершени)[а-яё]*\s+)?(?P<season>летн|осенн|зимн|весенн|новогодн)[а-яё]*"
    r"\s+каникул",
    re.IGNORECASE,
)
_ON_REQUEST_SUMMARIES = (
    ("по запрос", "по запросу"),
    ("график", "по отдельному графику"),
    ("по результатам", "по результатам работы"),
    ("в соответствии с", "в соответствии с отдельными документами"),
    ("согласно", "в соответствии с отдельными документами"),
    ("после каникул", "после каникул"),
    # «перед началом каникул», «после окончания каникул»: before or after them, not in them
    *((f"{words} каникул", "перед каникулами") for words in ("перед началом", "перед", "до начала", "накануне")),
    *((f"{words} каникул", "после каникул") for words in ("окончания", "окончании", "завершения", "завершении")),
    ("каникул", "в каникулярное время"),
    ("установлен", "в установленные сроки"),
    ("в праздни", "в праздничные дни"),
    ("по мере необходимости", "по мере необходимости"),
)


def _on_request(reading: Reading) -> Schedule | None:
    if not _ON_REQUEST.search(reading.normalised):
        return None
    phrase = " ".join(reading.text.split()).rstrip(" .;,")
    summary = next(
        (s for key, s in _ON_REQUEST_SUMMARIES if key in reading.normalised), phrase[:1].lower() + phrase[1:]
    )
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
    return start <= end and start.year >= MIN_YEAR and end.year <= MAX_YEAR


def _unparsed(text: str) -> Schedule:
    return Schedule(text=text, kind=ScheduleKind.unparsed, summary="не разобрано")


# «п. 1.2.2024», «пункт 3.1», «(см. п. 2.4)», «п.п. 2.1-2.3»: the numbers of items of the order or the plan, never dates
_ITEM_NUMBER = re.compile(
    r"(?P<open>\(\s*)?(?<![а-яёa-z])(?:см\.\s*)?(?:п\.\s*п\.|пп?\.|пункт[а-яё]*)\s*"
    r"(?P<number>\d+(?:\.\d+)+(?:\s*(?:[-–—,]|и)\s*\d+(?:\.\d+)+)*)\.?(?(open)\s*\))",
    re.IGNORECASE,
)


# «в майские праздники», «в период майских праздников 2025 г.»: the days off around 1 and 9 May (not «после …»)
_MAY_HOLIDAYS = re.compile(
    r"(?<![а-яё])(?:(?:в|на)\s+(?:(?:период|дни)\s+)?|во\s+время\s+|^\W*)майски[а-яё]+\s+праздник[а-яё]*", re.IGNORECASE
)


def _may_holidays(text: str, school_year: str | None, period: tuple[date, date] | None) -> Schedule | None:
    """«в майские праздники» is the days off of the production calendar from the run around 1 May to the run around 9
    May of the May the text dates (as «май» would be: 1–11 May 2025), said as those days; None for any other text."""
    match = _MAY_HOLIDAYS.search(text)
    if match is None:
        return None
    as_may = _parse(f"{text[: match.start()]} май {text[match.end() :]}".strip(), school_year, period)
    if as_may.kind != ScheduleKind.month or len(as_may.occurrences) != 1:
        return None
    year = as_may.occurrences[0].due.year
    first, last = date(year, 5, 1), date(year, 5, 9)
    while not is_working_day(first - timedelta(days=1)):
        first -= timedelta(days=1)
    while not is_working_day(last + timedelta(days=1)):
        last += timedelta(days=1)
    schedule = _parse(f"с {first:%d.%m.%Y} по {last:%d.%m.%Y}", school_year, period)
    schedule.text = text
    schedule.summary = f"майские праздники: {schedule.summary}"
    return schedule


def _without_item_numbers(text: str) -> tuple[str, list[str]]:
    """The text without the item numbers it cites («п. 1.2.2024» is item 1.2.2024, not 1 February 2024), and a
    warning for each number left out."""
    warnings = [
        f"«{match.group(0).strip('() ')}» — номер пункта, а не дата: как срок не прочитан"
        if re.fullmatch(r"[\d.]+", match.group("number"))
        else f"«{match.group(0).strip('() ')}» — номера пунктов, а не даты: как сроки не прочитаны"
        for match in _ITEM_NUMBER.finditer(text)
    ]
    rest = _ITEM_NUMBER.sub(" ", text)
    return re.sub(r"\s{2,}", " ", rest).strip(" ,;–—-"), warnings


def _parse(text: str | None, school_year: str | None, period: tuple[date, date] | None) -> Schedule:
    """The parse itself; may raise only on a bug, which `parse_schedule` turns into `unparsed`. A whole text left
    unread says why in `warnings` (a piece read inside a text says nothing: the text as a whole may be read)."""
    whole = not _NESTED.get()
    schedule = _parse_text(text, school_year, period)
    if whole and schedule.kind == ScheduleKind.unparsed and not schedule.warnings:
        schedule.warnings = [unread_warning(schedule.text)]
    return schedule


# a unit of time written alone («мес.», «нед.», «кв.»): the text says neither how often nor how long
_BARE_UNIT = re.compile(
    r"^\s*(?:(?P<month>мес(?:яц)?)|(?P<week>нед(?:еля|елю)?)|(?P<quarter>кв(?:артал)?)|год|г|четв(?:ерть)?"
    r"|полуг(?:одие)?|уч\.?\s*г(?:од)?|день|дн)\.?\s*$",
    re.IGNORECASE,
)
_UNIT_EXAMPLES = {
    "month": ("ежемесячно", "в течение месяца"),
    "week": ("еженедельно", "в течение недели"),
    "quarter": ("ежеквартально", "в течение квартала"),
}
_UNREAD_HINT = "укажите дату (до 15.10.2024), месяц (октябрь), период (I полугодие) или периодичность (ежемесячно)"


def unread_warning(text: str) -> str:
    """The Russian warning of a text left unread: what is wrong with it when that is known, else what to write."""
    written = " ".join(text.split())
    if not written:
        return "Срок не указан: " + _UNREAD_HINT
    shown = written if len(written) <= 60 else written[:59].rstrip() + "…"
    bare = _BARE_UNIT.match(written)
    if bare is not None:
        unit = next((name for name in _UNIT_EXAMPLES if bare.group(name)), "month")
        often, length = _UNIT_EXAMPLES[unit]
        return (
            f"Срок «{shown}» не распознан: указана только единица времени — уточните, например, «{often}» или "
            f"«{length}»"
        )
    if impossible_date(spell_out(written)):
        return f"Срок «{shown}» не распознан: такой даты нет — проверьте число и месяц"
    return f"Срок «{shown}» не распознан: {_UNREAD_HINT}"


def _parse_text(text: str | None, school_year: str | None, period: tuple[date, date] | None) -> Schedule:
    """`_parse` before the warning of a text left unread."""
    original = text or ""
    if not original.strip():
        return _unparsed(original)
    may_days = _may_holidays(original, school_year, period)
    if may_days is not None:
        return may_days
    if not _NESTED.get() and _ITEM_NUMBER.search(original):
        rest, item_warnings = _without_item_numbers(original)
        schedule = _parse(rest, school_year, period) if rest else _unparsed(original)
        schedule.text = original
        schedule.warnings = [*item_warnings, *schedule.warnings]
        return schedule
    counted_back, weekday_offset = before_weekday(original)  # «еженедельно за 1 день до пятницы»: by each Thursday
    spelled = spell_out(counted_back)
    if impossible_date(spelled):  # «31.09.2024»: a typo is left unread rather than read around
        return _unparsed(original)
    outermost = _NESTED.set(True)
    try:
        schedule = _parse_spelled(spelled, school_year, period)
    finally:
        _NESTED.reset(outermost)
    schedule = _eve_of_day_in_plan(schedule, original, school_year, period)
    schedule.text = original
    schedule.summary = _agreed_stages(schedule.summary, spelled)
    season = _SEASON_AFTER.search(original)  # the text as written: «после Нового года» is spelt as the holidays
    if season is not None and schedule.summary == f"{_NO_DATE}после каникул":  # «после осенних каникул»: which
        schedule.summary = f"{_NO_DATE}после {season.group('season').lower()}их каникул"
    year = _EACH_PERIOD_AND_YEAR.search(original)
    said = f" и {' '.join(year.group('edge').lower().split())} {year.group('year').lower()}" if year else ""
    if said and schedule.kind == ScheduleKind.recurring and said not in schedule.summary:  # «… четвертей и года»
        schedule.summary += said
    if weekday_offset is not None and schedule.kind == ScheduleKind.recurring:
        schedule.summary = f"{schedule.summary} ({weekday_offset})"
    if _NESTED.get():  # a piece the rules read inside a text: the names of a list's parts are the whole text's
        return schedule
    outermost = _NESTED.set(True)
    try:
        return _with_part_labels(schedule, spelled, school_year, period)
    finally:
        _NESTED.reset(outermost)


_EVE = re.compile(r"(?<![а-яё])(?:накануне|в\s+канун)(?![а-яё])", re.IGNORECASE)
_YEAR_WRITTEN = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|\d\.\d{1,2}\.\d{2}(?![\d.])")


def _eve_of_day_in_plan(
    schedule: Schedule, original: str, school_year: str | None, period: tuple[date, date] | None
) -> Schedule:
    """«накануне 1 сентября» with no year in a plan that holds 1 September but not 31 August (a plan of September –
    October 2024): the eve of the day the plan holds, 31.08.2024, a day before it starts (named in a warning), not
    31.08.2025 after its end. Where the eve itself lies inside the plan (a school year: 31.08.2025) it stays."""
    effective = (period if period is not None and _valid_period(period) else None) or school_year_bounds(school_year)
    if effective is None or schedule.kind != ScheduleKind.date or len(schedule.occurrences) != 1:
        return schedule
    if not _EVE.search(original) or _YEAR_WRITTEN.search(original):
        return schedule
    occurrence = schedule.occurrences[0]
    if effective[0] <= occurrence.due <= effective[1] or occurrence.start is not None:
        return schedule
    for years in (-1, 1):
        due = _shifted(occurrence.due, years)
        if effective[0] <= due + timedelta(days=1) <= effective[1]:
            old, new = f"{occurrence.due:%d.%m.%Y}", f"{due:%d.%m.%Y}"
            label = occurrence.label.replace(old, new)
            dated = occurrence.model_copy(update={"due": due, "label": label})
            summary = schedule.summary.replace(old, new)
            update = {"occurrences": [dated], "summary": summary, "warnings": _outside([dated], effective)}
            return schedule.model_copy(update=update)
    return schedule


_NESTED: ContextVar[bool] = ContextVar("_NESTED", default=False)
"""Whether `_parse` runs inside another `_parse` (a rule reading a part of the text)."""


# --- what each part of a list is: «сентябрь – входная диагностика; анализ – в течение …; отчет – до 20.12»

# the dash or colon between a part's label and its time («отчет – до 20.12», «анализ: в течение …», «май – отчет»)
_PART_SEPARATOR = re.compile(r"\s+[-–—]\s+|\s*[–—]\s*(?=[а-яё])|(?<=[а-яёa-z»\")])\s*:\s*", re.IGNORECASE)
_PART_LABEL = re.compile(r"^[а-яёa-z«»\"\s.\-]{3,60}$", re.IGNORECASE)
_ROMAN = frozenset({"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"})
_NOT_LABELS = ("этап", "раз", "итогам")
_ASIDE = re.compile(r"\([^()]*\)")


@dataclass(frozen=True, slots=True)
class _Part:
    """A part of a list as written, its time without its label and the label («отчет»), before or after the time."""

    written: str
    when: str
    label: str | None = None
    label_first: bool = False
    inherited: bool = False
    """The name of the part before it («отчет – до 20.12.2024, до 20.05.2025»: both are the report's)."""
    colon: bool = False
    """The name is followed by a colon («отчет: до 20.12»), said so again."""


def _is_part_label(words: str) -> bool:
    """Whether words name what is due («отчет», «входная диагностика», «анализ результатов»), not a time, a stage
    number («I этап»), a count («2 раза»), a period reported on («по итогам года») or a form with no date («по
    графику»)."""
    if not _PART_LABEL.match(words) or len(words.split()) > 6:
        return False
    lowered = [word.strip('«»".').lower() for word in words.split()]
    if any(word in _ROMAN or month_number(word) is not None for word in lowered):
        return False
    if any(word.startswith(_NOT_LABELS) for word in lowered):
        return False
    return _label_word(lowered[0]) or stage_of(lowered[0]) is not None


def _names_no_time(words: str, school_year: str | None, period: tuple[date, date] | None) -> bool:
    """Whether words read alone say no time at all («анализ результатов»; not «по графику», «ежемесячно»)."""
    return _parse(words, school_year, period).kind == ScheduleKind.unparsed


def _part(written: str, school_year: str | None, period: tuple[date, date] | None) -> _Part:
    """The part with its label split off when one side of its dash (colon) names a thing and the other a time."""
    written = " ".join(written.split()).strip(" .,")
    separators = list(_PART_SEPARATOR.finditer(written))
    if not separators:
        return _Part(written, written)
    first, last = separators[0], separators[-1]
    candidates = [
        (written[: first.start()], written[first.end() :], True, ":" in first.group(0)),
        (written[last.end() :], written[: last.start()], False, False),
    ]
    for label, when, label_first, colon in candidates:
        label = label.strip(" .,")
        bare = " ".join(_ASIDE.sub(" ", label).split())  # «ВПР (4-8 классы)»: the name without its aside
        if not bare or not _is_part_label(bare) or not _names_no_time(bare, school_year, period):
            continue
        if _parse(when, school_year, period).kind != ScheduleKind.unparsed:
            shown = label if label[1:2].isupper() else label[:1].lower() + label[1:]  # «ВПР» kept, «Отчет» → «отчет»
            return _Part(written, when.strip(" .,"), shown, label_first, colon=colon)
    return _Part(written, written)


def _labelled_piece(part: _Part, when: str) -> str:
    if part.label is None:
        return when
    if part.label_first:
        return f"{part.label}{':' if part.colon else ' –'} {when}"
    return f"{when} – {part.label}"


def _with_part_labels(
    schedule: Schedule, spelled: str, school_year: str | None, period: tuple[date, date] | None
) -> Schedule:
    """A list whose parts name what is due («сентябрь – входная диагностика; анализ – в течение 10 дней после получения
    результатов; отчет – до 20.12») keeps the names: each occurrence's label starts with its part's («отчет: до
    20.12.2024») and the summary says each part as written («отчет – до 20.12.2024»). Only when each part read alone
    gives the dates the whole gave (else the whole's reading stands as it is); not stages, whose words say the stage,
    nor a name after the last of a list of commas («сентябрь, декабрь, май – мониторинг»: of all of them)."""
    if schedule.kind == ScheduleKind.unparsed or len(spelled) > 400:
        return schedule
    written = _list_parts(spelled)
    if len(written) < 2:
        return schedule
    parts = [_part(text, school_year, period) for text in written]
    if schedule.kind == ScheduleKind.staged or any(o.stage is not None for o in schedule.occurrences):
        return _named_beside_stages(schedule, parts, school_year, period)
    if len([part for part in parts if _stage_named(part)]) > 1:
        return schedule  # «сентябрь – входная диагностика, май – итоговая (ежегодно)»: stages, said as such
    if not any(part.label for part in parts):
        return schedule
    by_commas = not _apart(spelled)
    named_last = parts[-1].label is not None and not parts[-1].label_first
    if by_commas and named_last and all(part.label is None for part in parts[:-1]):
        return schedule
    if by_commas:
        parts = _names_carried(parts)
    alone = [_parse(part.when, school_year, period) for part in parts]
    if any(s.kind in (ScheduleKind.unparsed, ScheduleKind.staged) for s in alone):
        return schedule
    schedule = _read_apart(schedule, alone) if not by_commas and _inside_alone(schedule, alone) else schedule
    if {(o.start, o.due) for o in schedule.occurrences} != {(o.start, o.due) for s in alone for o in s.occurrences}:
        return schedule
    names: dict[tuple[date | None, date], list[str]] = {}
    for part, read in zip(parts, alone, strict=True):
        for o in read.occurrences:
            if part.label is not None and part.label not in names.setdefault((o.start, o.due), []):
                names[(o.start, o.due)].append(part.label)
    occurrences = [
        o.model_copy(update={"label": f"{', '.join(names[(o.start, o.due)])}: {o.label}"})
        if names.get((o.start, o.due))
        else o
        for o in schedule.occurrences
    ]
    pieces: list[str] = []
    for part, read in zip(parts, alone, strict=True):
        when = part.when if read.kind == ScheduleKind.on_request else read.summary
        if part.inherited and pieces:
            pieces[-1] += f", {when}"
        else:
            pieces.append(_labelled_piece(part, when))
    return schedule.model_copy(update={"occurrences": occurrences, "summary": "; ".join(pieces)})


def _inside_alone(whole: Schedule, alone: list[Schedule]) -> bool:
    """Whether the named parts of a list apart («Педсовет – август; совещание – январь») each read alone fall inside
    the plan while the whole, its months run on in time, put one outside it (August 2024 before a plan of 2024-2025):
    each part is a deadline of its own, dated as a bare month of the plan is (August 2025)."""
    if not whole.warnings or any(s.warnings for s in alone):
        return False
    dated = (ScheduleKind.date, ScheduleKind.month, ScheduleKind.range)
    return all(s.kind in dated and len(s.occurrences) == 1 for s in alone)


def _read_apart(whole: Schedule, alone: list[Schedule]) -> Schedule:
    """The whole with its parts' occurrences each as read alone, in time order, and no warning of a part outside."""
    occurrences = sorted((o for s in alone for o in s.occurrences), key=lambda o: (o.due, o.start or o.due))
    summary = ", ".join(s.summary for s in alone)
    return whole.model_copy(update={"occurrences": occurrences, "warnings": [], "summary": summary})


def _names_carried(parts: list[_Part]) -> list[_Part]:
    """In a list of commas, a name written before its time heads the parts after it that name nothing («отчет – до
    20.12.2024, до 20.05.2025»)."""
    carried: list[_Part] = []
    for part in parts:
        before = carried[-1] if carried else None
        if part.label is None and before is not None and before.label is not None and before.label_first:
            part = replace(part, label=before.label, label_first=True, inherited=True)
        carried.append(part)
    return carried


def _stage_named(part: _Part) -> bool:
    """Whether a part's name is a stage («входная диагностика», «итоговая»)."""
    return part.label is not None and stage_of(part.label.split()[0].lower()) is not None


def _named_beside_stages(
    schedule: Schedule, parts: list[_Part], school_year: str | None, period: tuple[date, date] | None
) -> Schedule:
    """Stages and a named part beside them («сентябрь – входная диагностика, май – итоговая; отчет – до 15.06»): the
    stages said as stages, the named part with its name (its dates read alone among the whole's, with no stage)."""
    summary, occurrences = schedule.summary, list(schedule.occurrences)
    for part in parts:
        if part.label is None or _stage_named(part):
            continue
        read = _parse(part.when, school_year, period)
        keys = {(o.start, o.due) for o in read.occurrences}
        mine = [i for i, o in enumerate(occurrences) if (o.start, o.due) in keys and o.stage is None]
        if not read.occurrences or len(mine) != len(keys) or summary.count(read.summary) != 1:
            continue
        for index in mine:
            occurrences[index] = occurrences[index].model_copy(
                update={"label": f"{part.label}: {occurrences[index].label}"}
            )
        head, _, tail = summary.partition(read.summary)
        head = f"{head[:-2]}; " if head.endswith(", ") else head
        summary = f"{head}{_labelled_piece(part, read.summary)}{tail}"
    return schedule.model_copy(update={"occurrences": occurrences, "summary": summary})


def _parse_spelled(original: str, school_year: str | None, period: tuple[date, date] | None) -> Schedule:
    """`_parse` of a text with its shorthand spelled out (`spelling`)."""
    year_bounds = school_year_bounds(school_year)
    if period is not None and not _valid_period(period):
        period = None
    effective = period or year_bounds
    original, middle = _middle_of_year(original, school_year, effective)
    following = _following_year(original, (year_bounds or effective or (None,))[0])
    if following != original:  # «в начале следующего года» is now «в начале 2025 года»: spelt as that is
        following = spell_out(following)
    original = following
    original = _next_school_year(_end_of_period(original, effective), (year_bounds or effective or (None,))[0])
    beside = _beside_event_part(original, school_year, period)
    if beside is not None:
        return beside
    offset = find_offset(original)
    from_event = _counted(original, offset, school_year, period) if offset is not None else None
    from_event = from_event or _by_school_year_starts(original, school_year, period)
    schedule = from_event or _year_after_report(original, school_year, period, effective)
    schedule = schedule or _months_of_school_year(original, period) or _nth_of_programme(original, effective)
    schedule = schedule or _then(original, school_year, effective) or _narrowed(original, school_year, effective)
    schedule = (
        schedule or _month_exception(original, school_year, effective) or _listed(original, school_year, effective)
    )
    schedule = schedule or _read_text(original, year_bounds, effective)
    if middle and schedule.kind != ScheduleKind.unparsed:
        schedule.summary = f"{schedule.summary} ({middle})"
    if effective is not None:
        schedule.warnings = [*_outside(schedule.occurrences, effective), *_start_before(original, schedule, effective)]
    return schedule


# «в середине года», «к середине года», «середина года»: a year not named, neither school nor calendar written
_MIDDLE_OF_YEAR = re.compile(
    r"(?<![а-яё])(?P<by>(?:до|к|ко|не\s+позднее)\s+)?(?:(?:в|на)\s+)?середин[а-яё]*\s+(?:текущего\s+)?"
    r"(?P<calendar>календарного\s+)?года(?![а-яё])",
    re.IGNORECASE,
)


# a month of either middle named after it, in brackets or after a dash
_MONTH_NAMED_AFTER = re.compile(
    r"\s*[(,:–—-]?\s*(?P<written>(?P<month>январ|декабр|феврал|июн|июл)[а-яё]*(?:\s+(?:19|20)\d\d)?)\s*\)?",
    re.IGNORECASE,
)


def _middle_of_year(text: str, school_year: str | None, effective: tuple[date, date] | None) -> tuple[str, str]:
    """«в середине года» in a plan of a school year is the school year's middle (January, «к середине» by 31
    December), in a plan by calendar years (from 1 January, no school year) the calendar year's (June – July, «к
    середине» by 30 June); the text rewritten so, and which middle was meant (for the summary), or as written."""
    match = _MIDDLE_OF_YEAR.search(text)
    if match is None or effective is None:
        return text, ""
    by = match.group("by") or "в "
    named = _MONTH_NAMED_AFTER.match(text, match.end())
    if named is not None:  # «в середине года (январь)»: the month named is the deadline, and says which middle
        school = not named.group("month").lower().startswith(("июн", "июл"))
        said = "середина учебного года" if school else "середина календарного года"
        return text[: match.start()] + named.group("written") + text[named.end() :], said
    if match.group("calendar") or (school_year is None and (effective[0].month, effective[0].day) == (1, 1)):
        # the calendar year whose June the plan holds (a school year's: its second year), else the plan's first
        years = range(effective[0].year, effective[1].year + 1)
        year = next((y for y in years if effective[0] <= date(y, 6, 1) <= effective[1]), effective[0].year)
        written, said = f"{by}середине {year} года", "середина календарного года"
    else:
        written, said = f"{by}середине учебного года", "середина учебного года"
    return text[: match.start()] + written + text[match.end() :], said


# «ежемесячно с 01.09.2024»: a start written with its day
_WRITTEN_START = re.compile(r"(?<![а-яё])(?:начиная\s+)?(?:с|со)\s+(\d{2})\.(\d{2})\.(\d{4})(?!\d)", re.IGNORECASE)


def _start_before(text: str, schedule: Schedule, period: tuple[date, date]) -> list[str]:
    """One warning for a recurrence written to start before the plan: its deadlines are counted from the plan's
    start (those before it are not the plan's), once, not one for each of them."""
    match = _WRITTEN_START.search(text)
    if match is None or schedule.kind != ScheduleKind.recurring or not schedule.occurrences:
        return []
    try:
        start = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return []
    if start >= period[0] or schedule.occurrences[0].due < period[0]:
        return []
    return [
        f"Начало «с {start:%d.%m.%Y}» — раньше периода плана {period_label(*period)}: сроки считаются с "
        f"{period[0]:%d.%m.%Y}"
    ]


def _beside_event_part(original: str, school_year: str | None, period: tuple[date, date] | None) -> Schedule | None:
    """«сентябрь – входная, декабрь – промежуточная, май – итоговая; анализ – в течение 10 дней после получения
    результатов»: a part of a list («;», new lines) counted from an event of its own names no date, so the other parts
    are the deadlines (not the days after them) and the part is said beside them; None for any other text."""
    parts = [part.strip() for part in _LIST_PARTS.split(original.strip()) if part.strip(" .,")]
    if len(parts) < 2:
        return None
    from_event = [
        part
        for part in parts
        if find_offset(part) is not None and _parse_spelled(part, school_year, period).kind == ScheduleKind.on_request
    ]
    if not from_event or len(from_event) == len(parts):
        return None
    schedule = _parse_spelled("; ".join(part for part in parts if part not in from_event), school_year, period)
    if not schedule.occurrences:
        return None
    schedule.summary = "; ".join((schedule.summary, *from_event))
    return schedule


_MONTH_FORMS = "|".join((*MONTHS_GENITIVE, *MONTHS_NOMINATIVE, *MONTHS_PREPOSITIONAL))
"""A month named in any of the forms a «следующего года» follows («сентября», «сентябрь», «сентябре»)."""

# «до 1 сентября следующего года», «в марте следующего года»: the calendar year after the plan's first one
_FOLLOWING_YEAR = re.compile(
    r"(?<![а-яё])(?P<month>" + _MONTH_FORMS + r")\s+следующего\s+(?:календарного\s+)?года(?![а-яё])",
    re.IGNORECASE,
)


# «в следующем году», «в новом календарном году», «до конца следующего года»: that calendar year itself (not «Новый
# год», the holiday, nor «новый учебный год»)
_NEXT_CALENDAR_YEAR = re.compile(
    r"(?<![а-яё])(?:следующ[а-яё]*\s+(?:календарн[а-яё]*\s+)?|нов[а-яё]*\s+календарн[а-яё]*\s+)(?P<noun>год[ау]?)"
    r"(?![а-яё])",
    re.IGNORECASE,
)


def _following_year(text: str, start: date | None) -> str:
    """The text with «следующего года» after a month, «в следующем (новом календарном) году» written as the year
    after the one the plan (its school year) starts in; as written when the text has no such words or the plan no
    start."""
    if start is None:
        return text
    text = _FOLLOWING_YEAR.sub(lambda match: f"{match.group('month')} {start.year + 1} года", text)
    return _NEXT_CALENDAR_YEAR.sub(lambda match: f"{start.year + 1} {match.group('noun')}", text)


# «в новом (следующем) учебном году», «в следующем уч. году»: the school year after the plan's (its first one's)
_NEXT_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])(?:в|во)\s+(?:нов|следующ|очередн|предстоящ)[а-яё]*\s+(?:\(\s*(?:нов|следующ|очередн)[а-яё]*\s*\)\s+)?"
    r"(?:учебн[а-яё]*|уч\.)\s*(?:году|г\.?)(?![а-яё])",
    re.IGNORECASE,
)
# «в сентябре нового учебного года»: that month of the school year after the plan's
_MONTH_OF_NEXT_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])(?P<month>" + _MONTH_FORMS + r")\s+(?:нов|следующ|очередн|предстоящ)[а-яё]*\s+"
    r"(?:учебн[а-яё]*|уч\.)\s*(?:года|г\.?)(?![а-яё])",
    re.IGNORECASE,
)
# «в начале нового учебного года», «на начало следующего уч. года»: its September (while «до начала …» is due the 31
# August before it)
_START_OF_NEXT_SCHOOL_YEAR = re.compile(
    r"(?<![а-яё])(?:в|во|на)\s+начал[а-яё]*\s+(?:нов|следующ|очередн|предстоящ)[а-яё]*\s+(?:учебн[а-яё]*|уч\.)\s*"
    r"(?:года|г\.?)(?![а-яё])",
    re.IGNORECASE,
)
# «до конца отчетного периода», «к окончанию периода реализации программы»: the plan's period's last day
_END_OF_PERIOD = re.compile(
    r"(?<![а-яё])(?:до|к|не\s+позднее)\s+(?:конц|окончани|завершени)[а-яё]*\s+(?:отч[её]тного\s+периода"
    r"|периода\s+реализации(?:\s+(?:программы|проекта|плана))?|реализации\s+(?:программы|проекта|плана))(?![а-яё])",
    re.IGNORECASE,
)


def _next_school_year(text: str, start: date | None) -> str:
    """The text with «в новом (следующем) учебном году» written as the school year after the one the plan starts in
    (a plan from 1 January: the school year that starts in its September); as written with no plan's start."""
    if start is None:
        return text
    first = start.year + (1 if start.month >= 9 else 0)
    yearly = re.search(r"ежегодн|(?<![а-яё])кажд", text, re.IGNORECASE)  # each year: the start of each
    text = _START_OF_NEXT_SCHOOL_YEAR.sub("в начале учебного года" if yearly else f"сентябрь {first}", text)
    text = _MONTH_OF_NEXT_SCHOOL_YEAR.sub(
        lambda match: f"{match.group('month')} {first + (0 if (month_number(match.group('month')) or 0) >= 9 else 1)}",
        text,
    )
    return _NEXT_SCHOOL_YEAR.sub(f"в {first}-{first + 1} учебном году", text)


def _end_of_period(text: str, period: tuple[date, date] | None) -> str:
    """The text with «до конца отчетного периода» written as the period's last day; as written with no period."""
    if period is None:
        return text
    return _END_OF_PERIOD.sub(f"до {period[1]:%d.%m.%Y}", text)


# «1-й год реализации программы», «в течение первого года реализации», «в первый месяц», «2-й месяц реализации
# проекта»: the year or the month counted from the start of the plan's period (the programme's)
_NTH_OF_PROGRAMME = re.compile(
    r"^\W*(?P<within>в\s+течение\s+)?(?:(?:в|во|на)\s+)?(?:(?P<word>перв|втор|трет|четв[её]рт|пят)[а-яё]*"
    r"|(?P<digit>[1-5])\s*(?P<suffix>-?\s*(?:й|ый|ой|ий|го|ого|м|ом|я|ю|ая|ую))?)\s+(?P<unit>год|месяц|недел)[а-яё]*"
    r"(?P<of>\s+(?:реализаци|работ|действи)[а-яё]*(?:\s+(?:программ|проект|план|дорожн[а-яё]*\s+карт)[а-яё]*)?)?\W*$",
    re.IGNORECASE,
)
_ORDINAL_NUMBERS = {"перв": 1, "втор": 2, "трет": 3, "четв": 4, "пят": 5}


def _years_after(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def _nth_of_programme(text: str, period: tuple[date, date] | None) -> Schedule | None:
    """«1-й год реализации программы», «в первый месяц»: the n-th year (month) from the period's first day (month),
    which the plan's period dates; None for any other text or with no period."""
    match = _NTH_OF_PROGRAMME.match(" ".join(text.split()))
    if match is None or period is None or (match["digit"] and not match["suffix"] and not match["of"]):
        return None  # «в течение 1 года», «1 год»: a length, not the first year
    bare = not (match["within"] or match["of"] or re.match(r"^\W*(?:в|во|на)\s", text, re.IGNORECASE))
    if bare and match.group("unit").lower() == "недел":  # «1-я неделя» alone: of a month in another column
        return None
    word = match.group("word")
    number = _ORDINAL_NUMBERS[word[:4] if word.startswith("четв") else word.lower()] if word else int(match["digit"])
    start = period[0]
    if match.group("unit").lower() == "год":
        first = _years_after(start, number - 1)
        due = _years_after(start, number) - timedelta(days=1)
        unit = "год"
    elif match.group("unit").lower() == "недел":  # «в течение первой недели»: the plan's first seven days
        first = start + timedelta(weeks=number - 1)
        due, unit = first + timedelta(days=6), "неделя"
    else:
        index = start.year * 12 + start.month - 1 + number - 1
        first, due = month_bounds(index // 12, index % 12 + 1)
        first = max(first, start)
        unit = "месяц"
    label = f"{number}-{'я' if unit == 'неделя' else 'й'} {unit} реализации ({first:%d.%m.%Y} – {due:%d.%m.%Y})"
    kind = ScheduleKind.period if match.group("within") else ScheduleKind.range
    occurrence = Occurrence(start=first, due=due, label=label)
    return Schedule(text=text, kind=kind, occurrences=[occurrence], period_start=first, period_end=due, summary=label)


# «сентябрь, май (2025-2026)», «декабрь, май 2025-2026 уч. г.»: months listed, then the school year they are of
_MONTHS_THEN_SCHOOL_YEAR = re.compile(
    r"^(?P<months>[а-яё.,;\s–—-]+?)\s*[(,]?\s*(?P<first>(?:19|20)\d\d)\s*[-–—/]\s*(?P<second>(?:19|20)\d\d)\s*"
    r"(?:уч[а-яё]*\.?\s*(?:г\.?\s*|год[а-яё]*)|учебн[а-яё]*\s+год[а-яё]*)?\s*\)?\s*\.?\s*$",
    re.IGNORECASE,
)


def _months_of_school_year(text: str, period: tuple[date, date] | None) -> Schedule | None:
    """Two or more months listed before the school year written after them, read in that school year; None for
    any other text."""
    match = _MONTHS_THEN_SCHOOL_YEAR.match(text)
    if match is None or int(match.group("second")) != int(match.group("first")) + 1:
        return None
    words = re.findall(r"[а-яё]+", match.group("months").lower().replace("ё", "е"))
    named = [word for word in words if month_number(word) is not None]
    if len(named) < 2 or any(word != "и" and month_number(word) is None for word in words):
        return None
    schedule = _parse(match.group("months"), f"{match.group('first')}-{match.group('second')}", period)
    if schedule.kind not in _DATED_KINDS or not schedule.occurrences:
        return None
    schedule.text = text
    return schedule


# «не позднее 20 января года, следующего за отчетным»: a day of the year after each calendar year reported on
_YEAR_AFTER_REPORT = re.compile(
    r"\s*,?\s*(?:года|г\.)\s*,?\s*следующ[а-яё]*\s+за\s+отч[её]тн[а-яё]*(?:\s+(?:годом|периодом))?", re.IGNORECASE
)


def _year_after_report(
    text: str, school_year: str | None, period: tuple[date, date] | None, effective: tuple[date, date] | None
) -> Schedule | None:
    """A day due in the year after each calendar year the plan reports on (each whose 31 December falls in the
    effective period; else the year before the period ends); None for any other text."""
    match = _YEAR_AFTER_REPORT.search(text)
    if match is None or effective is None:
        return None
    schedule = _parse(text[: match.start()] + text[match.end() :], school_year, period)
    days = {(o.due.month, o.due.day) for o in schedule.occurrences}
    if schedule.kind not in (ScheduleKind.date, ScheduleKind.recurring) or len(days) != 1:
        return None
    (month, day), by = days.pop(), schedule.occurrences[0].start is None
    first, last = effective
    reported = [year for year in range(first.year, last.year + 1) if first <= date(year, 12, 31) <= last]
    dues = [date(y + 1, month, min(day, month_bounds(y + 1, month)[1].day)) for y in reported or [last.year - 1]]
    prefix = "до " if by else ""
    occurrences = [
        Occurrence(start=None if by else due, due=due, label=f"{prefix}{due:%d.%m.%Y} (за {due.year - 1} год)")
        for due in dues
    ]
    written = f"{prefix}{day} {MONTHS_GENITIVE[month - 1]} года, следующего за отчетным"
    many = len(occurrences) > 1 or schedule.kind == ScheduleKind.recurring
    return Schedule(
        text=text,
        kind=ScheduleKind.recurring if many else ScheduleKind.date,
        occurrences=occurrences,
        **_spanned(occurrences),
        recurrence="yearly" if many else None,
        summary=f"ежегодно {written}" if many else f"{occurrences[0].label}: {written}",
    )


# «ежемесячно до 25 числа, в декабре – до 20 числа»: one month of a monthly recurrence due by another day
_MONTH_EXCEPTION = re.compile(
    r"^(?P<main>.+?)\s*[,;(]?\s*(?:а\s+)?в\s+(?P<month>[а-яё]+)\s*"
    r"(?:[-–—:,]\s*(?:(?:до|не\s+позднее|к)\s+)?|(?:до|не\s+позднее|к)\s+)(?P<day>\d{1,2})(?:\s*-?\s*(?:го|ого))?\s+числ[а-яё]*\s*\)?\s*[.;]?\s*$",
    re.IGNORECASE,
)


def _month_exception(text: str, school_year: str | None, period: tuple[date, date] | None) -> Schedule | None:
    """A monthly recurrence by a day of the month, with one month due by another day; None for any other text."""
    match = _MONTH_EXCEPTION.match(text)
    month = month_number(match.group("month").lower().replace("ё", "е")) if match else None
    if match is None or month is None:
        return None
    schedule = _parse(match.group("main"), school_year, period)
    day = int(match.group("day"))
    if schedule.recurrence != "monthly" or day > 31:
        return None
    for index, occurrence in enumerate(schedule.occurrences):
        if occurrence.due.month == month:  # «ежемесячно, в декабре до 20 числа»: by that day of that month
            due = occurrence.due.replace(day=min(day, month_bounds(occurrence.due.year, month)[1].day))
            label = f"{occurrence.start:%d.%m} – {due:%d.%m.%Y}" if occurrence.start else f"до {due:%d.%m.%Y}"
            schedule.occurrences[index] = occurrence.model_copy(update={"due": due, "label": label})
    schedule.text = text
    schedule.summary += f" (в {MONTHS_PREPOSITIONAL[month - 1]} – до {day} числа)"
    return schedule


# «до 01.10.2024 – приказ; ежемесячно – мониторинг», «ежемесячно (мониторинг), июнь 2025 (отчет)»: parts of a
# list, each with its own deadline
_LIST_PARTS = re.compile(r"\s*[;\n]\s*")
_DASH_LABEL = re.compile(r"\s[-–—:]\s*([а-яё]+)|\(\s*([а-яё]+)[а-яё\s]*\)", re.IGNORECASE)
_FIRST_WORD = re.compile(r"^\W*([а-яё]+)", re.IGNORECASE)
_TIME_WORDS = frozenset({"до", "с", "со", "по", "в", "во", "к", "ко", "не", "на", "за", "через", "после", "от"})
_TIME_STEMS = (
    *("еже", "кажд", "течени", "период", "срок", "конц", "конец", "начал", "раз", "постоянн", "следующ", "предыдущ"),
    *("предшеств", "отчетн", "текущ", "включ", "кроме", "исключ", "далее", "затем", "регулярн", "систематич"),
    *("перв", "втор", "трет", "последн", "середин", "половин", "недел", "декад"),  # «…, первая неделя месяца»
)
_DATED_KINDS = (ScheduleKind.date, ScheduleKind.month, ScheduleKind.range, ScheduleKind.dates)


def _commas(text: str) -> list[str]:
    """The text split at its commas outside brackets."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    return [*parts, text[start:]]


def _label_word(word: str) -> bool:
    """Whether a word names a thing rather than a time: «приказ», not «май», «до», «ежемесячно»."""
    word = word.lower()
    if word in _TIME_WORDS or word in ("но", "а", "и", "или", "либо") or month_number(word) is not None:
        return False
    return not word.startswith(_TIME_STEMS)


# «по итогам года – до 15 января», «за I полугодие: до 10 января»: a part naming the period reported on, then its date
_REPORT_LABEL = re.compile(r"^\W*(?:по\s+итогам|за)\s+[^-–—:]+\s[-–—:]\s*\S", re.IGNORECASE)


def _labelled(part: str) -> bool:
    """Whether a part of a list names what is due: «– приказ», «(отчет)», «годовой отчет до …», «по итогам года – …»."""
    if _REPORT_LABEL.match(part):
        return True
    labels = [a or b for a, b in _DASH_LABEL.findall(f" {part}")]
    first = _FIRST_WORD.match(part)
    if first is None or len(first.group(1)) < 4 or first.group(1).lower() in NUMBER_WORDS:  # «два раза в год: …»
        return any(map(_label_word, labels))
    return any(map(_label_word, labels)) or _label_word(first.group(1))


# «ежемесячно в I полугодии, ежеквартально во II полугодии»: each part of a list says how often
_RECURRENCE_HINT = re.compile(r"(?<![а-я])(?:ежемесячн|ежекварт|еженедел|ежегодн|ежедневн)", re.IGNORECASE)
# a part of a list that says how often itself, not only when («до 5 числа», «по пятницам» recur only beside one that
# does)
_FREQUENCY = re.compile(
    r"(?<![а-я])(?:еже[а-я]+|кажд|раз(?:а)?\s|дважды|трижды|по\s+(?:четвертям|полугодиям|триместрам|месяцам|кварталам))",
    re.IGNORECASE,
)


# «до 1 апреля, с 15 мая»: a later part from a date on, with no end
_OPEN_FROM = re.compile(r"^\s*(?:начиная\s+)?(?:с|со|c|co)\s+[^()]*$", re.IGNORECASE)  # a Latin «c» typed too
_CLOSED = re.compile(r"(?<![а-яё])(?:по|до)\s", re.IGNORECASE)


# «2 раза в год: сентябрь (входная), май (итоговая)»: a count, then a colon heading the months it falls in
_COUNT_HEADING = re.compile(r"^[^,:;()]*(?<![а-яё])(?:раза?|дважды|трижды)(?![а-яё])[^,:;()]*:", re.IGNORECASE)


# «…, в летний период – 1 раз», «…, летом – 2 раза в месяц», «…, в каникулы – по необходимости»: a later part of a
# list that says when, then how often
_WHEN_COUNT = re.compile(
    r"^\s*(?:(?:в|во)\s+)?[а-яё][а-яё\s]*?\s*[-–—:]\s*(?:(?:\d{1,2}|один|одн\w*|два|две|три|четыре)\s*"
    r"(?:раза?|р\.)(?:\s+в\s+[а-яё]+\.?)?|по\s+(?:мере\s+)?необходимости|по\s+запросу)\s*\.?\s*$",
    re.IGNORECASE,
)


def _list_parts(text: str) -> list[str]:
    """The parts of a list: split at «;» and new lines, at commas outside brackets when a part is labelled, each
    part is a recurrence of its own or a later part runs from a date with no end; not the months a count heads."""
    parts = [part for part in _LIST_PARTS.split(text.strip()) if part.strip(" .,")]
    if len(parts) == 1 and not _COUNT_HEADING.match(text.strip()):
        commas = [part for part in _commas(text.strip()) if part.strip(" .,")]
        own = len(commas) > 1 and all(_RECURRENCE_HINT.search(part) for part in commas)
        # «в течение учебного года ежемесячно, в летний период – 1 раз»: as with a «;»
        own = own or (
            len(commas) > 1
            and (_RECURRENCE_HINT.search(commas[0]) or _FREQUENCY.search(commas[0])) is not None
            and all(_RECURRENCE_HINT.search(part) or _WHEN_COUNT.match(part) for part in commas[1:])
            and any(_WHEN_COUNT.match(part) for part in commas[1:])
        )
        opens = any(_OPEN_FROM.match(part) and not _CLOSED.search(part) for part in commas[1:])
        parts = commas if own or opens or any(_labelled(part) for part in commas) else parts
    return parts


def _apart(text: str) -> bool:
    """Whether a list's parts are set apart by «;» or new lines (not commas, which may split one recurrence)."""
    return len([part for part in _LIST_PARTS.split(text.strip()) if part.strip(" .,")]) > 1


def _listed(text: str, school_year: str | None, period: tuple[date, date] | None) -> Schedule | None:
    """A list whose parts recur, or run over a period, and fall on dates written: all their occurrences; None
    for any other text (a list of dates alone is read whole)."""
    parts = _list_parts(text)
    if len(parts) < 2 or any(_EXCEPT.match(part) for part in parts):
        return None
    schedules = [_parse(part, school_year, period) for part in parts]
    recurring = [
        s for s in schedules if s.kind == ScheduleKind.recurring and s.occurrences and s.recurrence != "yearly"
    ]
    spans = [s for s in schedules if s.kind == ScheduleKind.period and s.occurrences]
    dated = [s for s in schedules if s.kind in _DATED_KINDS and s.occurrences]
    yearly = [s for s in schedules if s.recurrence == "yearly" and s.occurrences]
    own_dates = all(re.search(r"\d|" + _MONTH_FORMS, s.text, re.IGNORECASE) for s in yearly)
    if recurring:  # «ежемесячно, по итогам года – до 15 января»: once a year is a date in each year beside it
        dated += yearly
    elif yearly and own_dates and len(yearly) < len(parts) and _apart(text):
        # «приказ – до 01.09; отчет – ежегодно до 15 июня»: parts of their own, the yearly one recurs alone
        recurring = yearly
    if any(s.kind == ScheduleKind.unparsed for s in schedules):
        return None
    unsaid = [s for s in recurring if not _FREQUENCY.search(s.text)]
    if len(recurring) > 1 and unsaid and not (_apart(text) and all(_labelled(s.text) for s in unsaid)):
        return None  # «ежеквартально, до 5 числа, с IV квартала», «ежемесячно, по пятницам»: one recurrence in parts
    # «в течение года; отчет – в конце каждой четверти»: an open period and a recurrence beside it keep both (not
    # «ежемесячно, начиная с ноября»: a start frames the recurrence)
    whole = [s for s in spans if not _OPEN_FROM.match(s.text)]
    # «через 10 дней после окончания I четверти; отчет – до 20.12.2024»: a date counted from an event keeps its count
    counted_beside = len(dated) > 1 and any(find_offset(s.text) is not None for s in dated)
    if not (dated and (recurring or spans)) and not (whole and recurring) and len(recurring) < 2 and not counted_beside:
        return None
    # «ежемесячно\nдо 25 числа», «ежемесячно, до 10 числа, с 01.10.2024»: one recurrence, read whole
    if not (dated or whole) and len({s.recurrence for s in recurring}) == 1:
        return None
    _summer_apart(schedules)
    unique = {(o.start, o.due, o.stage): o for s in schedules for o in s.occurrences}
    occurrences = by_due(list(unique.values()))
    return Schedule(
        text=text,
        kind=ScheduleKind.recurring if recurring else ScheduleKind.dates,
        occurrences=occurrences,
        **_spanned(occurrences),
        recurrence=recurring[0].recurrence if recurring else None,
        summary="; ".join(s.summary for s in schedules),
    )


_SUMMER_PART = re.compile(r"(?<![а-я])(?:лет(?:а|о|ом)|летн\w*)(?![а-я])")  # as written: «летом», «в летний период»


def _summer_apart(schedules: list[Schedule]) -> None:
    """«1 раз в месяц; в летний период – 1 раз»: a part of its own for the summer takes the summer months from a
    recurrence many times a year beside it (not monthly in June–August and once in the summer too)."""
    summer = [
        s
        for s in schedules
        if _SUMMER_PART.search(s.text.lower())
        and s.occurrences
        and all(_inside_month(o, _SUMMER_MONTHS) for o in s.occurrences)
    ]
    if not summer:
        return
    for schedule in schedules:
        if schedule not in summer and schedule.kind == ScheduleKind.recurring and schedule.recurrence in _UNTIL_CODES:
            kept = [o for o in schedule.occurrences if not _inside_month(o, _SUMMER_MONTHS)]
            if len(kept) < len(schedule.occurrences):
                schedule.occurrences = kept
                schedule.summary += " (кроме летнего периода)"


# «по итогам 2024-2025 уч.г. (июнь 2025)», «2025 год (март)», «в течение года (сентябрь – май)»: months or days in
# brackets after a period say when in it (or, after «по итогам», when after it)
_NARROWING = re.compile(r"^\s*(?P<outer>[^()]+?)\s*\((?P<inner>[^()]+)\)\s*[.;]?\s*$")
_OUTER_KINDS = (ScheduleKind.period, ScheduleKind.month, ScheduleKind.range)
_INNER_KINDS = (ScheduleKind.date, ScheduleKind.month, ScheduleKind.range, ScheduleKind.dates)


def _narrowed(text: str, school_year: str | None, period: tuple[date, date] | None) -> Schedule | None:
    """The dates in brackets that narrow the period written before them; None for any other text."""
    match = _NARROWING.match(text)
    if match is None or re.search(r"[,;]", match.group("outer")):  # «январь 2025, по итогам года (июнь 2025)»: a list
        return None
    return _narrowed_as_written(match, text, school_year, period) or _narrowed_school_half(
        match, text, school_year, period
    )


def _narrowed_as_written(
    match: re.Match[str], text: str, school_year: str | None, period: tuple[date, date] | None, *, in_span: bool = False
) -> Schedule | None:
    """`_narrowed` of one match; `in_span`: bracketed months with no school year to date them are of the period
    written outside (a school half-year read in a plan by calendar years)."""
    outer = _parse(match.group("outer"), school_year, period)
    if outer.kind == ScheduleKind.date and len(outer.occurrences) == 1 and outer.occurrences[0].start is None:
        return _narrowed_deadline(text, match.group("inner"), outer.occurrences[0].due)
    if outer.kind not in _OUTER_KINDS or outer.period_start is None or outer.period_end is None:
        return None
    span = (outer.period_start, outer.period_end)
    inner_text = match.group("inner")
    if _is_calendar_year(span) and not _WRITTEN_YEAR.search(inner_text):  # «2025 г. (I полугодие)»: of 2025
        inner_text += f" {span[0].year} г."
    context = _inner_context(span, school_year)
    if in_span and context == (None, None):
        context = (None, span)
    inner = _parse(inner_text, *context)
    if inner.kind not in _INNER_KINDS or not inner.occurrences or inner.period_end is None:
        return None
    # «по итогам 2024 года (январь 2025)», «по окончании учебного года (июнь)»: reported after it
    after = re.search(r"итог|по\s+(?:окончани|завершени)", match.group("outer").lower()) is not None
    # «в период весенних каникул (март)»: the holidays' days are the usual ones, the month written is the school's
    holidays = "каникул" in match.group("outer").lower()
    if holidays and all((o.start or o.due) <= span[1] and o.due >= span[0] for o in inner.occurrences):
        after = True
        span = (min(span[0], *((o.start or o.due) for o in inner.occurrences)), span[1])
    if not all(span[0] <= (o.start or o.due) and (after or o.due <= span[1]) for o in inner.occurrences):
        return None
    inner.text = text
    inner.warnings = []
    return inner


# «I полугодие», «по окончании II полугодия» with no year and no «учебного года»: a calendar half-year first
_BARE_HALF = re.compile(r"(?<![а-я])(?:[ivx]+|[12])\s*-?\s*(?:[а-я]{1,3}\s+)?полугоди(?![а-я]*\s+(?:уч|\d))")


def _narrowed_school_half(
    match: re.Match[str], text: str, school_year: str | None, period: tuple[date, date] | None
) -> Schedule | None:
    """«по окончании I полугодия (декабрь)» in a plan by calendar years: the month in brackets is not in the
    calendar half-year, so the half-year is the school's (September–December), as «… учебного года» reads."""
    outer = match.group("outer")
    if _BARE_HALF.search(outer.lower()) is None or _WRITTEN_YEAR.search(outer):
        return None
    school = _NARROWING.match(f"{outer} учебного года ({match.group('inner')})")
    return None if school is None else _narrowed_as_written(school, text, school_year, period, in_span=True)


def _narrowed_deadline(text: str, inner_text: str, due: date) -> Schedule | None:
    """«до начала учебного года (август)», «до 1 октября (сентябрь)», «до окончания II четверти (до 28.12.2024)»: the
    month or the day in brackets, within the month before the deadline (or the day after «до начала …»), is when;
    None when the brackets hold anything else."""
    written = re.search(r"\d", inner_text) or any(month_number(w) for w in re.findall(r"[а-яё]+", inner_text.lower()))
    if not written:  # «до 1 сентября 2025 (к новому учебному году)»: why, not when
        return None
    inner = _parse(inner_text, None, (due - timedelta(days=31), due + timedelta(days=1)))
    if inner.kind not in (ScheduleKind.month, ScheduleKind.date) or len(inner.occurrences) != 1:
        return None
    # «к началу III четверти (январь)»: the month the term starts in, the day after the deadline, is when too
    starts = inner.kind == ScheduleKind.month and inner.occurrences[0].start == due + timedelta(days=1)
    if not (due - timedelta(days=31) <= inner.occurrences[0].due <= due + timedelta(days=1) or starts):
        return None
    day = inner.occurrences[0]
    if inner.kind == ScheduleKind.date and day.start is not None:  # «ко Дню учителя (4 октября)»: the deadline, by it
        label = f"до {day.due:%d.%m.%Y}"
        inner.occurrences, inner.summary = [day.model_copy(update={"start": None, "label": label})], label
    inner.text = text
    inner.warnings = []
    return inner


def _inner_context(span: tuple[date, date], school_year: str | None) -> tuple[str | None, tuple[date, date] | None]:
    """The school year and period the bracketed months of a period are dated in: a school year or a calendar year
    written outside dates them, else the plan's school year."""
    start, end = span
    if (start.month, start.day, end.month, end.day) == (9, 1, 8, 31) and end.year == start.year + 1:
        return f"{start.year}-{end.year}", None
    if _is_calendar_year(span):
        return None, span
    return school_year, None


def _is_calendar_year(span: tuple[date, date]) -> bool:
    start, end = span
    return (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year


def _read_text(original: str, year_bounds: tuple[date, date] | None, effective: tuple[date, date] | None) -> Schedule:
    """The reading of a text with no offset: its items and recurrence in context, the rules, the notes."""
    normalised, excluded = _except(normalise(original))
    written = _except(original.lower())[1]
    if excluded is not None and written is not None:  # «кроме летних каникул» as written, not its months spelt out
        excluded = (written[0], excluded[1])
    context = Context(year_bounds[0].year if year_bounds else None, effective)
    items = parse_items(tokenize(normalised))
    fill_years(items, context)
    reading = Reading(original, normalised, items, context, effective)
    schedule = _nth_weekday_of_month(_excluding(_read(reading), excluded), normalised)
    schedule = _workday_of_month(schedule, normalised)
    for note in (school_year_end_note(original), holidays_note(original), named_days_note(original)):
        if note is not None and schedule.kind != ScheduleKind.unparsed:
            schedule.summary += f" ({note})"
    return schedule


# «вторая среда февраля», «2 среда февраля», «в последнюю пятницу мая 2025 г.»: that day of the month read
_WEEKDAY_FORMS = (
    ("понедельник",), ("вторник",), ("сред",), ("четверг",), ("пятниц",), ("суббот",), ("воскресен",),
)  # fmt: skip
_NTH_OF_A_MONTH = re.compile(
    r"(?<![а-я])(?P<week>недел[яюи]\s+)?(?P<by>(?:до|к|ко|не\s+позднее|не\s+позже|накануне)\s+)?"
    r"(?<![а-я\d])(?P<nth>перв|втор|трет|четверт|последн|[1-4](?=\s))\w*\s+(?P<day>"
    + "|".join(form for forms in _WEEKDAY_FORMS for form in forms)
    + r")\w*\s+(?P<month>"
    + "|".join(MONTHS_GENITIVE)
    + r")(?![а-я])"
)
_NTH_NUMBERS = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "последн": 0}


def _nth_weekday_of_month(schedule: Schedule, normalised: str) -> Schedule:
    """The schedule of one month narrowed to the weekday of it the text names, a yearly one's month of each year
    likewise («ежегодно ко Дню матери»: by the last Sunday of each November); any other schedule unchanged."""
    match = _NTH_OF_A_MONTH.search(normalised)
    yearly = schedule.kind == ScheduleKind.recurring and schedule.recurrence == "yearly"
    matches = list(_NTH_OF_A_MONTH.finditer(normalised))
    narrowed = [_nth_weekday_in(o, match) is not None for o in schedule.occurrences] if match else []
    mixed = yearly and (len(matches) > 1 or (any(narrowed) and not all(narrowed)))  # «…ко Дню учителя, Дню матери»
    if match is not None and (schedule.kind == ScheduleKind.dates or mixed):
        return _nth_weekday_in_list(schedule, matches)
    if match is None or not (schedule.kind == ScheduleKind.month or yearly) or not schedule.occurrences:
        return schedule
    by = (match.group("by") or "").strip()  # «до последнего воскресенья ноября», «накануне …» (the day before)
    days = [_nth_weekday_in(o, match) for o in schedule.occurrences]
    if any(day is None for day in days) or (not yearly and len(days) != 1):
        return schedule
    chosen = [day - timedelta(days=by == "накануне") for day in days if day is not None]
    if match.group("week") and by == "до":
        return _week_before(schedule, chosen, match if yearly else None)
    if not yearly:
        return _narrowed_to_day(schedule, chosen[0], by=bool(by))
    occurrences = [
        Occurrence(start=None if by else day, due=day, label=f"{'до ' if by else ''}{day:%d.%m.%Y}") for day in chosen
    ]
    on = re.search(r"(?<![а-я])(?:в|во)\s+$", normalised[: match.start()])  # «в последнюю пятницу мая»
    summary = f"ежегодно, {'в ' if on else ''}{' '.join(match.group(0).split())}"
    return schedule.model_copy(update={"occurrences": occurrences, "summary": summary, **_spanned(occurrences)})


def _week_before(schedule: Schedule, days: list[date], yearly: re.Match[str] | None) -> Schedule:
    """«в неделю, предшествующую Дню матери» (written «неделя до последнего воскресенья ноября» by `normalise`): the
    seven days before each day, as «неделя перед Днем учителя» is; `yearly`, the match of a yearly text."""
    occurrences = [
        Occurrence(start=day - timedelta(days=7), due=day - timedelta(days=1), label=_week_label(day)) for day in days
    ]
    summary = ", ".join(o.label for o in occurrences)
    if yearly is not None:
        summary = "ежегодно, в " + " ".join(yearly.group(0).replace("неделя", "неделю", 1).split())
    kind = ScheduleKind.range if yearly is None else ScheduleKind.recurring
    return schedule.model_copy(
        update={"kind": kind, "occurrences": occurrences, "summary": summary, **_spanned(occurrences)}
    )


def _week_label(day: date) -> str:
    return f"{day - timedelta(days=7):%d.%m.%Y} – {day - timedelta(days=1):%d.%m.%Y}"


def _nth_weekday_in_list(schedule: Schedule, matches: list[re.Match[str]]) -> Schedule:
    """«День учителя, День матери»: each whole month of a list narrowed to the weekday of it a match names, by it
    with «до», the week before it with «неделя до» («в неделю перед Днем матери, Днем отца»: two weeks)."""
    occurrences = []
    for occurrence in schedule.occurrences:
        occurrences.append(next(filter(None, (_nth_weekday_item(occurrence, m) for m in matches)), occurrence))
    occurrences = by_due(occurrences)
    summary = ", ".join(o.label for o in occurrences)
    if schedule.kind == ScheduleKind.recurring:  # «ежегодно, в неделю перед Днем матери и Днем отца»
        summary = f"ежегодно: {summary}"
    return schedule.model_copy(update={"occurrences": occurrences, "summary": summary, **_spanned(occurrences)})


def _nth_weekday_item(occurrence: Occurrence, match: re.Match[str]) -> Occurrence | None:
    """The whole month of `occurrence` narrowed as `match` says; None when it is not that month."""
    day = _nth_weekday_in(occurrence, match)
    if day is None:
        return None
    by = (match.group("by") or "").strip()
    if match.group("week") and by == "до":
        start = day - timedelta(days=7)
        return Occurrence(start=start, due=day - timedelta(days=1), stage=occurrence.stage, label=_week_label(day))
    day -= timedelta(days=by == "накануне")
    label = f"{'до ' if by else ''}{day:%d.%m.%Y}"
    return Occurrence(start=None if by else day, due=day, stage=occurrence.stage, label=label)


def _nth_weekday_in(occurrence: Occurrence, match: re.Match[str]) -> date | None:
    """The weekday of the month `match` names, when the occurrence is that whole month; None otherwise."""
    start, end = occurrence.start or occurrence.due, occurrence.due
    month = MONTHS_GENITIVE.index(match.group("month")) + 1
    if start.month != month or (start.day, end) != (1, month_bounds(start.year, month)[1]):
        return None
    nth = match.group("nth")
    nth_number = int(nth) if nth.isdigit() else _NTH_NUMBERS[nth]
    weekday = next(i for i, forms in enumerate(_WEEKDAY_FORMS) if match.group("day").startswith(forms))
    if nth_number == 0:
        return end - timedelta(days=(end.weekday() - weekday) % 7)
    day = start + timedelta(days=(weekday - start.weekday()) % 7 + 7 * (nth_number - 1))
    return day if day.month == month else None


# «в первый рабочий день сентября», «последний рабочий день мая 2025 г.»: Monday to Friday, the first or the last
_WORKDAY_OF_A_MONTH = re.compile(
    r"(?<![а-я])(?P<nth>перв|последн)\w*\s+(?:(?P<count>" + COUNT[1:-1] + r")\s+)?рабоч\w*\s+(?:день|дня|дне|дней)\s+"
    r"(?P<month>" + "|".join(MONTHS_GENITIVE) + r")(?![а-я])"
)


def _workday_of_month(schedule: Schedule, normalised: str) -> Schedule:
    """The schedule of one month narrowed to its first or last working day the text names; any other unchanged."""
    match = _WORKDAY_OF_A_MONTH.search(normalised)
    if match is None or schedule.kind != ScheduleKind.month or len(schedule.occurrences) != 1:
        return schedule
    start, end = schedule.occurrences[0].start or schedule.occurrences[0].due, schedule.occurrences[0].due
    if start.month != MONTHS_GENITIVE.index(match.group("month")) + 1:
        return schedule
    first = match.group("nth") == "перв"
    count = count_of(match.group("count")) if match.group("count") else 1
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    workdays = [day for day in days if is_working_day(day)]
    if not 1 <= count <= len(workdays):
        return schedule
    chosen = workdays[:count] if first else workdays[-count:]
    if count == 1:
        return _narrowed_to_day(schedule, chosen[0])
    label = f"{chosen[0]:%d.%m.%Y} – {chosen[-1]:%d.%m.%Y}"
    return schedule.model_copy(
        update={
            "kind": ScheduleKind.range,
            "occurrences": [Occurrence(start=chosen[0], due=chosen[-1], label=label)],
            "period_start": chosen[0],
            "period_end": chosen[-1],
            "summary": label,
        }
    )


def _narrowed_to_day(schedule: Schedule, day: date, by: bool = False) -> Schedule:
    """The schedule as the one day; `by` it, with no start («до последней пятницы мая»)."""
    label = f"до {day:%d.%m.%Y}" if by else f"{day:%d.%m.%Y}"
    return schedule.model_copy(
        update={
            "kind": ScheduleKind.date,
            "occurrences": [Occurrence(start=None if by else day, due=day, label=label)],
            "period_start": day,
            "period_end": day,
            "summary": label,
        }
    )


# «ежемесячно (кроме июля, августа)», «ежемесячно, за исключением каникул»: what is left out; the day (days, weekday)
# due after it and a comma («ежемесячно, кроме января и июля, до 10 числа», «…, в последнюю пятницу», «…, 1-5 числа»)
# is the recurrence's own, not left out
_EXCEPT_ENDS = (
    r",\s*(?:(?:до|к|не\s+позднее|не\s+позже|с)\s+\d|(?:в|во)\s+(?!летн|зимн|осенн|весенн|каникул|период)[а-я]"
    r"|\d{1,2}(?:\s*-\s*\d{1,2})?\s+числ)"
)
_EXCEPT = re.compile(r"[,(]?\s*(?:за\s+исключением|исключая|кроме)\s+(?P<what>(?:(?!" + _EXCEPT_ENDS + r")[^;()])*)\)?")


_ROMAN_LOWER = re.compile(r"(?<![а-яa-z])[ivx]{1,4}(?![а-яa-z])")
_DAYS_FROM_TO = re.compile(r"(?<![а-я])с\s+(\d{1,2}\s+[а-я]+)\s+по\s+(?=\d)")


def _except(normalised: str) -> tuple[str, tuple[str, set[int]] | None]:
    """The text without its «кроме …» part, and that part's words with the months it names."""
    match = _EXCEPT.search(normalised)
    if match is None:
        return normalised, None
    what = " ".join(match.group("what").split()).rstrip(" .,")
    what = _with_noun(what, f"{normalised[: match.start()]} {normalised[match.end() :]}")
    months = _months_named(what)
    what = _DAYS_FROM_TO.sub(r"\1 – ", what)  # «кроме зимних каникул», spelt out: «кроме 21 декабря – 10 января»
    what = _ROMAN_LOWER.sub(lambda roman: roman.group(0).upper(), what)  # «кроме IV четверти»
    return f"{normalised[: match.start()]} {normalised[match.end() :]}", (what, months)


_BARE_NUMERALS = re.compile(r"^[ivx]{1,4}(?:\s*(?:,|и)\s*[ivx]{1,4})*$")
_PERIOD_NOUN = re.compile(r"(?<![а-я])(?:еже)?(четверт|полугоди|квартал|триместр)[а-я]*")
_NOUN_GENITIVE = {"четверт": "четверти", "полугоди": "полугодия", "квартал": "квартала", "триместр": "триместра"}


def _with_noun(what: str, rest: str) -> str:
    """«по итогам четверти (кроме IV)»: numerals left out with no noun are of the periods the rest of the text
    recurs in («iv четверти»); any other part as written."""
    noun = _PERIOD_NOUN.search(rest)
    if _BARE_NUMERALS.match(what) is None or noun is None:
        return what
    return f"{what} {_NOUN_GENITIVE[noun.group(1)]}"


_SUMMER = re.compile(r"(?<![а-я])(?:лет(?:а|о)|летн\w*)(?![а-я])")
# «кроме каникул», «за исключением каникулярного периода»: of the holidays only the summer ones fill whole months
_HOLIDAYS = re.compile(r"(?<![а-я])каникул")
_OTHER_HOLIDAYS = re.compile(r"(?<![а-я])(?:осенн|зимн|весенн|новогодн)")


def _months_named(text: str) -> set[int]:
    """The months a text names, a dash between two of them naming those between too («июня-августа»); the summer
    («летних месяцев», «летнего периода») names June to August, and so do the holidays with no other season named
    («кроме каникул»: the autumn, winter and spring ones are days inside months, which stay, as do the months of
    days written «с 21 декабря по 10 января»)."""
    summer = _SUMMER.search(text) or (_HOLIDAYS.search(text) and not _OTHER_HOLIDAYS.search(text))
    months: set[int] = {6, 7, 8} if summer else set()
    months |= _months_of_numbered(text)
    previous: int | None = None
    dash = False
    day = False
    for word in re.findall(r"\d+|[а-я]+|-", text):
        number = month_number(word) if word != "-" and not word.isdigit() else None
        if day and number is not None:  # «с 21 декабря по 10 января» (the winter holidays): days, not whole months
            day, previous, dash = False, None, False
            continue
        day = word.isdigit()
        if number is not None and dash and previous is not None:
            while previous != number and len(months) < 12:
                previous = previous % 12 + 1
                months.add(previous)
        if number is not None:
            months.add(number)
            previous = number
        dash = word == "-"
    return months


def _months_of_numbered(text: str) -> set[int]:
    """The months of the numbered periods a text names («IV четверти»: April and May), in any school year."""
    months: set[int] = set()
    for numbered in find_numbered(text):
        for start, end, _ in numbered_windows(replace(numbered, mode=None), 2001):  # a school year for the months
            index = start.year * 12 + start.month - 1
            while index <= end.year * 12 + end.month - 1:
                months.add(index % 12 + 1)
                index += 1
    return months


def _excluding(schedule: Schedule, excluded: tuple[str, set[int]] | None) -> Schedule:
    """The schedule without its occurrences inside a month left out; the summary says what is left out."""
    if excluded is None or schedule.kind == ScheduleKind.unparsed:
        return schedule
    what, months = excluded
    occurrences = schedule.occurrences
    if schedule.kind in (ScheduleKind.period, ScheduleKind.range):  # «в течение года, кроме летних каникул»
        occurrences = [part for occurrence in occurrences for part in _months_kept(occurrence, months)]
    schedule.occurrences = [o for o in occurrences if not _inside_month(o, months)]
    schedule.summary += f" (кроме {what})"
    return schedule


def _months_kept(occurrence: Occurrence, months: set[int]) -> list[Occurrence]:
    """An open period cut into its runs of months not left out (1 January – 31 December without June to August:
    January–May and September–December), each labelled by its days; as it was when no month of it is left out."""
    start = occurrence.start or occurrence.due
    runs: list[list[date]] = []
    day, previous_kept = start, False
    while day <= occurrence.due:
        kept = day.month not in months
        if kept and not previous_kept:
            runs.append([day, day])
        if kept:
            runs[-1][1] = min(month_bounds(day.year, day.month)[1], occurrence.due)
        previous_kept = kept
        day = month_bounds(day.year, day.month)[1] + timedelta(days=1)
    if len(runs) == 1 and (runs[0][0], runs[0][1]) == (start, occurrence.due):
        return [occurrence]
    return [Occurrence(start=first, due=last, label=_run_label(first, last)) for first, last in runs]


def _run_label(first: date, last: date) -> str:
    """«сентябрь – декабрь 2024» for whole months, «20.12.2024 – 31.12.2024» for other days."""
    if first.day != 1 or last != month_bounds(last.year, last.month)[1]:
        return f"{first:%d.%m.%Y} – {last:%d.%m.%Y}"
    if (first.year, first.month) == (last.year, last.month):
        return item_label(Item(Moment(first.month, first.year)))
    return item_label(Item(Moment(first.month, first.year), Moment(last.month, last.year)))


_WEEK_DAYS = 7


def _inside_month(occurrence: Occurrence, months: set[int]) -> bool:
    """Whether the occurrence falls in the months left out: every month it runs over; a week's window by the month
    most of its days are in (30.06 – 04.07 is July's, 26.05 – 01.06 May's); a report on a period («до 05.01.2025 (за
    IV квартал 2024)», due the month after it) by the month before its due date: the one reported on, as its label
    says."""
    if occurrence.start is None and " (за " in occurrence.label:
        reported = occurrence.due.replace(day=1) - timedelta(days=1)
        return reported.month in months
    if occurrence.start is not None and (occurrence.due - occurrence.start).days < _WEEK_DAYS:
        return (occurrence.start + (occurrence.due - occurrence.start) / 2).month in months
    start = occurrence.start or occurrence.due
    index = start.year * 12 + start.month - 1
    while index <= occurrence.due.year * 12 + occurrence.due.month - 1:
        if index % 12 + 1 not in months:
            return False
        index += 1
    return True


_THEN = re.compile(
    r"^(?P<first>.+?)\s*[,;.]?\s*(?:а\s+)?(?:далее|затем|в дальнейшем)\s*[-–—:,]?\s*(?P<rest>\S.*)$", re.IGNORECASE
)


def _then(text: str, school_year: str | None, period: tuple[date, date] | None) -> Schedule | None:
    """«до 15.09.2024, далее — ежемесячно», «ежемесячно в I полугодии, далее ежеквартально»: the first deadline (or
    a recurrence framed by a period that ends before the plan's), then the recurrence in the periods that start after
    it; None unless both parts read so."""
    match = _THEN.match(" ".join(text.split()))
    if match is None or period is None:
        return None
    first = _parse(match.group("first"), school_year, period)
    readable = (ScheduleKind.date, ScheduleKind.month, ScheduleKind.range, ScheduleKind.period)
    framed = first.kind == ScheduleKind.recurring and first.period_end is not None and first.period_end < period[1]
    if (first.kind not in readable and not framed) or not first.occurrences:  # «в течение 2024 года, далее ежегодно»
        return None
    last = first.occurrences[-1]
    # «до 01.10.2024, далее ежеквартально»: the quarter that starts on the day due is the next one
    after = last.due if last.start is None and last.due.day == 1 else last.due + timedelta(days=1)
    if after > period[1]:  # «2024-2025 уч. год, далее ежегодно» in 2024-2025: the first, and the words after it
        rest = _parse(match.group("rest"), None, None)
        if first.kind == ScheduleKind.period or rest.kind != ScheduleKind.recurring:
            return None
        summary = f"{first.summary}, далее {rest.summary}"
        update = {"text": text, "kind": ScheduleKind.recurring, "recurrence": rest.recurrence, "summary": summary}
        return first.model_copy(update=update)
    # the rest recurs inside the plan only: «до 15.09.2024 и далее ежемесячно» in a plan of 2025 is due monthly from
    # January 2025, the months of 2024 before the plan are not its deadlines (the first, written, is kept and warned)
    rest = _parse(_each_year_as_first(first, match.group("rest")), school_year, (max(after, period[0]), period[1]))
    if rest.kind == ScheduleKind.on_request:  # «сентябрь 2024, далее по графику»: no date after the first
        summary = rest.summary.removeprefix(_NO_DATE)
        return first.model_copy(update={"text": text, "summary": f"{first.summary}, далее {summary}"})
    # a recurrence, or «…, далее постоянно»: one open period from then on
    if rest.kind not in (ScheduleKind.recurring, ScheduleKind.period):
        return None
    if not rest.occurrences:  # «сентябрь 2024, далее ежегодно» in 2024-2025: no later one inside, the words kept
        if rest.kind != ScheduleKind.recurring:
            return None
        summary = f"{first.summary}, далее {rest.summary}"
        update = {"text": text, "kind": ScheduleKind.recurring, "recurrence": rest.recurrence, "summary": summary}
        return first.model_copy(update=update)
    following = [  # the periods that start after it (the first deadline once, not again as the rest's)
        o
        for o in rest.occurrences
        if ((o.start or o.due) >= after and (o.start is not None or o.due > last.due)) or _reported_later(rest, o, last)
    ]
    occurrences = by_due([*first.occurrences, *following])
    return Schedule(
        text=text,
        kind=ScheduleKind.recurring if rest.kind == ScheduleKind.recurring else ScheduleKind.dates,
        occurrences=occurrences,
        **_spanned(occurrences),
        recurrence=rest.recurrence,
        summary=f"{first.summary}, далее {rest.summary}",
    )


# «по итогам каждой четверти», «по итогам четверти», «по итогам четвертей»: each period's report, however written
_ON_RESULTS = re.compile(
    r"(?<![а-яё])по\s+(?:итогам|результатам)\s+(?:кажд|все|четверт|полугоди|триместр|квартал)", re.IGNORECASE
)


def _reported_later(rest: Schedule, occurrence: Occurrence, last: Occurrence) -> bool:
    """«январь 2025, далее по итогам каждого полугодия»: a period the first deadline falls in is still reported on at
    its end when the first is due before its last month (the II half-year's report in May, not January's)."""
    if occurrence.start is None or not _ON_RESULTS.search(rest.text):
        return False
    return occurrence.start <= last.due < date(occurrence.due.year, occurrence.due.month, 1)


_YEARLY_ALONE = re.compile(r"^\W*ежегодно\W*$", re.IGNORECASE)


def _each_year_as_first(first: Schedule, rest: str) -> str:
    """«до 01.09.2024, далее ежегодно»: each year by the same day (in the same month) as the first deadline, not once
    in each school year; any other rest as written."""
    if not _YEARLY_ALONE.match(rest) or first.kind not in (ScheduleKind.date, ScheduleKind.month, ScheduleKind.range):
        return rest
    if len(first.occurrences) != 1:
        return rest
    occurrence = first.occurrences[0]
    if first.kind == ScheduleKind.range:  # «январь – февраль 2025, далее ежегодно»: those months of each year
        start, due = occurrence.start, occurrence.due
        whole = start is not None and start.day == 1 and due == month_bounds(due.year, due.month)[1]
        if start is None or not whole or (due.year - start.year) * 12 + due.month - start.month >= 11:
            return rest
        return f"ежегодно, {MONTHS_NOMINATIVE[start.month - 1]} – {MONTHS_NOMINATIVE[due.month - 1]}"
    if first.kind == ScheduleKind.month:
        return f"ежегодно, {MONTHS_NOMINATIVE[occurrence.due.month - 1]}"
    by = "до " if occurrence.start is None else ""
    return f"ежегодно, {by}{occurrence.due.day} {MONTHS_GENITIVE[occurrence.due.month - 1]}"


_BY_END = re.compile(r"до\s+(?:окончани|конц|завершени)", re.IGNORECASE)


_ASIDE_START = re.compile(r"\s*[,(;]")
_DEADLINE_AFTER = re.compile(r"(?<![а-яё])(?:до|не\s+позднее|не\s+позже|ко?)\s+\d", re.IGNORECASE)


def _capped_event(anchor: str, school_year: str | None, period: tuple[date, date] | None) -> bool:
    """Whether the anchor is an event with no date, then a deadline of its own after a comma or in brackets («за
    неделю до ГИА (до 15.05.2025)», «за 2 недели до начала ВПР, но не позднее 01.03.2025»): the date written is
    when the activity is due, not the event to count back from. So is an event that recurs («за 10 дней до окончания
    четверти, не позднее 20.10.2024»): the date written is this year's deadline, not a term's end."""
    head = _ASIDE_START.split(anchor, maxsplit=1)[0]
    if head == anchor or not _DEADLINE_AFTER.search(anchor[len(head) :]):
        return False
    event = _parse(head, school_year, period)
    return not event.occurrences or event.kind == ScheduleKind.recurring


def _own_deadline(text: str, offset: Offset, school_year: str | None, period: tuple[date, date] | None) -> Schedule:
    """«за 10 дней до окончания четверти, не позднее 20.10.2024»: the date written after the recurring event, with
    the offset as the reason in the summary."""
    head = _ASIDE_START.split(offset.anchor, maxsplit=1)[0]
    aside = offset.anchor[len(head) :].strip(" ,;()")
    schedule = _parse(aside, school_year, period)
    schedule.text = text
    event = re.sub(r"^(?:до|после)\s+", "", head.strip())  # the anchor may keep its «до» («после до окончания»)
    schedule.summary += f" ({offset.phrase} {offset.relation} {event})"
    return schedule


def _another_part(anchor: str) -> bool:
    """Whether the anchor goes on into another part of a list («окончания четверти; отчет – до 20.12.2024»,
    «…, отчет – до 20.12.2024»): a deadline of its own, not a cap on the offset's."""
    head = _ASIDE_START.split(anchor, maxsplit=1)[0]
    aside = anchor[len(head) :]
    return aside.lstrip().startswith(";") or (aside.lstrip().startswith(",") and _labelled(aside.strip(" ,;(")))


def _counted(text: str, offset: Offset, school_year: str | None, period: tuple[date, date] | None) -> Schedule | None:
    """«за 10 дней до начала учебного года», «через неделю после окончания четверти»: each due date of the
    anchor, counted back or forward (`offsets`); None when the anchor gives no date, so the text is read as a
    time counted from an event, or goes on into another part of a list (read as a list)."""
    if _another_part(offset.anchor):
        return None
    if _capped_event(offset.anchor, school_year, period):
        head = _ASIDE_START.split(offset.anchor, maxsplit=1)[0]
        recurs = _parse(head, school_year, period).kind == ScheduleKind.recurring
        return _own_deadline(text, offset, school_year, period) if recurs else None
    anchor = _parse(offset.anchor, school_year, period)
    if not anchor.occurrences or anchor.kind == ScheduleKind.period:  # «в течение года, за неделю до …»: no event
        return None
    occurrences = []
    events = _school_year_starts(offset, period) or anchor.occurrences + _starts_past_due(
        anchor, offset, school_year, period
    )
    for occurrence in events:
        event = occurrence.due
        if offset.from_start:  # «до начала четверти»: the window's first day; «до начала мая»: the day after
            event = occurrence.start or occurrence.due + timedelta(days=1)
        due = counted(event, offset)
        label = f"до {due:%d.%m.%Y} ({offset.phrase} {offset.relation} {event:%d.%m.%Y})"
        start = None
        if offset.window and not offset.after:  # «в неделю перед 1 сентября»: to the day before the event
            by_end = _BY_END.match(offset.anchor) is not None
            if by_end:  # «в течение 2 недель до окончания четверти»: its last 2 weeks
                event += timedelta(days=1)
            start, due = counted(event, offset), event - timedelta(days=1)
            label = f"{start:%d.%m.%Y} – {due:%d.%m.%Y}" + ("" if by_end else f" (перед {event:%d.%m.%Y})")
        elif offset.window and offset.from_start:  # «в течение 10 дней с 01.09.2024»: the day itself is the first
            start, due = event, counted(event - timedelta(days=1), offset)
            label = f"{start:%d.%m.%Y} – {due:%d.%m.%Y} (с {event:%d.%m.%Y})"
        elif offset.window:  # «в течение недели после окончания четверти»: from the day after the event
            start = event + timedelta(days=1)
            label = f"{start:%d.%m.%Y} – {due:%d.%m.%Y} (после {event:%d.%m.%Y})"
        occurrences.append(Occurrence(start=start, due=due, stage=occurrence.stage, label=label))
    single = len(occurrences) == 1 and anchor.kind != ScheduleKind.recurring
    kind = (ScheduleKind.range if offset.window else ScheduleKind.date) if single else anchor.kind
    if not single and kind == ScheduleKind.date:  # «за неделю до начала учебного года» in each school year
        kind = ScheduleKind.dates
    return Schedule(
        text=text,
        kind=kind,
        occurrences=by_due(occurrences),
        **_spanned(occurrences),
        recurrence=None if single else anchor.recurrence,
        summary=occurrences[0].label if single else _offset_summary(anchor.summary, offset, text),
    )


_SCHOOL_YEAR_START = re.compile(r"до\s+начала\s+(?:учебного|уч\.)\s+года")


def _school_year_starts(offset: Offset, period: tuple[date, date] | None) -> list[Occurrence]:
    """«за неделю до начала учебного года» in a plan's period not given as a school year: the start of each school year
    of the plan (each 1 September inside it; in a plan approved mid-year, the next one), as the day before it is due;
    none (the anchor read as written) without a period or with a school year named."""
    if period is None or not offset.from_start or not _SCHOOL_YEAR_START.fullmatch(offset.anchor):
        return []
    years = [year for year in range(period[0].year, period[1].year + 1) if period[0] <= date(year, 9, 1) <= period[1]]
    if not years:
        years = [period[0].year if period[0] < date(period[0].year, 9, 1) else period[0].year + 1]
    return [Occurrence(due=date(year, 8, 31), label="") for year in years]


_BY_SCHOOL_YEAR_START = re.compile(r"\s*(?:до|к)\s+начал[уа]\s+(?:учебного|уч\.)\s+года\s*[.;,]?\s*", re.IGNORECASE)


def _by_school_year_starts(text: str, school_year: str | None, period: tuple[date, date] | None) -> Schedule | None:
    """«к началу учебного года» in a plan's period not given as a school year: by the start of each of its school years
    (`_school_year_starts`: in a plan approved in November, the next one), due 31 August; None otherwise."""
    if school_year is not None or period is None or not _BY_SCHOOL_YEAR_START.fullmatch(text):
        return None
    starts = _school_year_starts(Offset(0, "day", "до начала учебного года", True, False, False), period)
    occurrences = [
        Occurrence(due=o.due, label=f"до {o.due:%d.%m.%Y} (к началу {o.due.year}-{o.due.year + 1} уч. г.)")
        for o in starts
    ]
    single = len(occurrences) == 1
    return Schedule(
        text=text,
        kind=ScheduleKind.date if single else ScheduleKind.dates,
        occurrences=occurrences,
        **_spanned(occurrences),
        summary=occurrences[0].label if single else "к началу каждого учебного года",
    )


def _starts_past_due(
    anchor: Schedule, offset: Offset, school_year: str | None, period: tuple[date, date] | None
) -> list[Occurrence]:
    """«за неделю до начала каждой четверти» in a plan to 30 September: the I term of the next school year starts
    inside the plan though it ends after it, so its start is an event of the plan as well (a recurring anchor is
    read over a period a year longer, its windows that start inside the plan and after the last one kept)."""
    effective = period or school_year_bounds(school_year)
    if not offset.from_start or anchor.kind != ScheduleKind.recurring or effective is None:
        return []
    last = max(o.start or o.due for o in anchor.occurrences)
    longer = (effective[0], effective[1] + timedelta(days=366))
    wider = _parse(offset.anchor, school_year, longer)
    return [o for o in wider.occurrences if o.start is not None and last < o.start <= effective[1]]


_EACH_GENITIVE = {
    "каждую четверть": "каждой четверти",
    "каждое полугодие": "каждого полугодия",
    "каждый триместр": "каждого триместра",
    "каждый квартал": "каждого квартала",
    "ежемесячно": "каждого месяца",
    "ежеквартально": "каждого квартала",
}


def _offset_summary(anchor: str, offset: Offset, text: str) -> str:
    """«за 10 дней до конца каждой четверти», «в течение недели после окончания каждой четверти»: the offset before
    the end (the start) of each period it is counted from; other texts as written («ежегодно за 10 дней до начала
    учебного года», not «ежегодно до сентября, за 10 дней до срока»)."""
    each = _EACH_GENITIVE.get(anchor)
    if each is not None and offset.from_start:  # «за неделю до начала каждой четверти»
        return f"{offset.phrase} {offset.relation} начала {each}"
    if not anchor.startswith("до конца "):
        written = " ".join(text.split()).rstrip(" .;,")
        return written[:1].lower() + written[1:]
    end = "конца" if offset.relation == "до" else "окончания"
    periods = anchor.removeprefix("до конца ").replace(", до конца ", ", ")  # «…, II полугодия»: «до конца» said once
    return f"{offset.phrase} {offset.relation} {end} {periods}"


def _read(reading: Reading) -> Schedule:
    """The first rule that reads the text."""
    if _numbered_aside(reading.normalised):  # «за IV квартал 2024 года – до 15.01.2025»: not the year reported on
        items = parse_items(tokenize(without_reported(reading.normalised)))
        fill_years(items, reading.context)
        return _explicit(replace(reading, items=items)) or _unparsed(reading.text)
    numbered = _recurring_in_numbered(reading) or _numbered(reading)
    if numbered is not None:
        return numbered
    if _PERIODS_DURATION.search(reading.normalised):  # «в течение 2 четвертей»: a length, not each term
        return _relative(reading) or _unparsed(reading.text)
    recurrence = find_recurrence(reading.normalised)
    if recurrence is not None and not _dated_year_end(reading, recurrence):
        return _recurring(reading, recurrence)
    for rule in (_relative, _open, _explicit, _on_request):
        schedule = rule(reading)
        if schedule is not None:
            return schedule
    return _unparsed(reading.text)


_PARENTHESES = re.compile(r"\([^()]*\)")


def _numbered_aside(normalised: str) -> bool:
    """«до 15.12.2024 (за I полугодие)», «январь 2025 (по итогам 1 полугодия)»: the dates written say when, the
    numbered periods in brackets only what is reported on."""
    if not find_numbered(normalised):
        return False
    outside = without_reported(_PARENTHESES.sub(" ", normalised))
    if find_numbered(outside):
        return False
    items = parse_items(tokenize(outside))
    return any(item.is_dated for item in items) and not find_recurrence(outside)


# recurrences shorter than a school half-year or term, which one numbered period can frame
_WITHIN_A_TERM = frozenset({"monthly", "weekly", "biweekly", "bimonthly", "every_n_days", "every_ten_days"})
_WITHIN_A_HALF_YEAR = frozenset({"quarterly", "calendar_quarterly"})  # «ежеквартально во II полугодии»


def _numbered_found(reading: Reading) -> list[Numbered]:
    """The numbered periods of the text; with no school year given and a plan's period that starts on 1 January
    (a plan by calendar years), those written without a year are of its first year, as «IV квартал 2025 г.»,
    «I полугодие 2025 года» are read (January to June)."""
    found = [_school_half_year(n, reading.period) for n in find_numbered(reading.normalised)]
    period = reading.period
    if reading.context.first_year is not None or period is None or (period[0].month, period[0].day) != (1, 1):
        return found
    if is_yearly(reading.normalised):  # «ежегодно в IV квартале»: in each year of the period
        return found
    school = _SCHOOL_YEAR_WORD.search(reading.normalised) is not None  # «по итогам I полугодия и учебного года»
    dated = [n if n.dated else _of_plan_year(replace(n, school=n.school or school), period[0].year) for n in found]
    if sum(n.stage is not None for n in found) < 2:
        return dated
    return _stages_run_on(found, dated)


_SCHOOL_YEAR_WORD = re.compile(r"(?<![а-я])уч(?:ебн\w*|\.)\s*(?:год\w*|г(?![а-я]))")


def _of_plan_year(numbered: Numbered, year: int) -> Numbered:
    """A numbered period written without a year, in a plan by calendar years: of that calendar year; a half-year «of
    the school year» («II полугодие учебного года») the school's one that lies in it (January–May for the II,
    September–December for the I), not the calendar one (several such half-years: of the plan's first school year)."""
    if not numbered.school or numbered.noun != "полугоди":
        return _of_calendar_year(numbered, year)
    if len(numbered.numbers) != 1 or numbered.numbers[0][0] != numbered.numbers[0][1]:
        return numbered
    return replace(numbered, school_year=year if numbered.numbers[0][0] == 1 else year - 1)


def _of_calendar_year(numbered: Numbered, year: int) -> Numbered:
    """A numbered period written without a year, of the plan's calendar year; a span of terms that would run
    backwards so («с I по III четверть» in 2025: the I term of 2025-2026, the III of 2024-2025) is of the school
    year its first term lies in."""
    dated = replace(numbered, year=year)
    spans = any(first != last for first, last in numbered.numbers)
    if numbered.noun not in ("четверт", "триместр") or not spans or numbered_windows(replace(dated, mode=None), None):
        return dated
    first = numbered.numbers[0][0]
    return replace(numbered, school_year=year if first <= (2 if numbered.noun == "четверт" else 1) else year - 1)


def _school_half_year(numbered: Numbered, period: tuple[date, date] | None) -> Numbered:
    """«II полугодие 2025 г.» in a plan of the school year 2024-2025: the school's half-year that lies in 2025
    (January–May), when the plan holds less than half the calendar one (July–December: its summer) and the whole of
    the school's; as written otherwise («I полугодие 2025 г.» in the same plan stays January–June)."""
    if numbered.noun != "полугоди" or numbered.year is None or numbered.school_year is not None or period is None:
        return numbered
    if any(first != last for first, last in numbered.numbers):
        return numbered
    school = [
        replace(
            numbered,
            year=None,
            school_year=numbered.year if number == 1 else numbered.year - 1,
            numbers=((number, number),),
        )
        for number, _ in numbered.numbers
    ]
    calendar = numbered_windows(replace(numbered, mode=None), None)
    windows = [w for n in school for w in numbered_windows(replace(n, mode=None), None)]
    outside = all(_days_inside(w, period) * 2 < (w[1] - w[0]).days + 1 for w in calendar)  # at most its summer
    inside = len(windows) == len(numbered.numbers) and all(period[0] <= w[0] and w[1] <= period[1] for w in windows)
    if not (outside and inside) or len({n.school_year for n in school}) != 1:
        return numbered
    return replace(numbered, year=None, school_year=school[0].school_year)


def _days_inside(window: Window, period: tuple[date, date]) -> int:
    """How many days of `window` the period holds."""
    return max(0, (min(window[1], period[1]) - max(window[0], period[0])).days + 1)


def _stages_run_on(written: list[Numbered], dated: list[Numbered]) -> list[Numbered]:
    """Numbered stages dated by a calendar plan run on in time, as months listed do: «I четверть – входная; IV
    четверть – итоговая» in 2025 is the I term of 2025-2026, then its IV term (in 2026), not the IV term of 2025."""
    result: list[Numbered] = []
    for own, numbered in zip(written, dated, strict=True):
        windows = numbered_windows(numbered, None)
        previous = numbered_windows(result[-1], None) if result else []
        if not own.dated and windows and previous and numbered.year is not None and windows[0][0] < previous[0][0]:
            numbered = replace(numbered, year=numbered.year + 1)
        result.append(numbered)
    return result


def _recurring_in_numbered(reading: Reading) -> Schedule | None:
    """«ежемесячно в течение II полугодия», «еженедельно в I четверти»: one numbered period, whole, is the
    period a shorter recurrence runs in."""
    found = _numbered_found(reading)
    if len(found) != 1 or found[0].mode not in (None, "before_end", "since") or is_yearly(reading.normalised):
        return None
    if _DAY_FOLLOWING.search(reading.normalised):  # «до 10 числа месяца, следующего за I кварталом»: one report
        return None
    recurrence = find_recurrence(without_numbered(reading.normalised))
    # «ежеквартально, начиная с IV квартала 2024 года»: from a period on, any recurrence shorter than a year runs on
    since = found[0].mode == "since"
    shorter = _WITHIN_A_TERM | (_WITHIN_A_HALF_YEAR if found[0].noun == "полугоди" or since else frozenset())
    if recurrence is None or recurrence.code not in shorter:
        return None
    school_year = school_year_of(reading.context.first_year, reading.period)
    windows = numbered_windows(found[0], school_year)
    if len(windows) > 1 and found[0].mode is None:  # «ежемесячно в I и III четвертях»: in each of them
        return _recurring_in_each(reading, recurrence, windows)
    if len(windows) != 1:
        return None
    start, end, label = windows[0]
    if found[0].mode == "before_end":  # «еженедельно до конца I полугодия»: from the plan's start to its end
        start = reading.period[0] if reading.period is not None and reading.period[0] < end else start
    if found[0].mode == "since":  # «с III четверти ежемесячно»: from its start to the plan's end
        end = reading.period[1] if reading.period is not None and reading.period[1] > start else end
    recurrence = _terms_of_half_year(recurrence, start, end)
    schedule = _recurring(replace(reading, items=[], period=(start, end)), recurrence)  # the years date the period
    schedule.summary += f" ({label})"
    return schedule


def _terms_of_half_year(recurrence: Recurrence, start: date, end: date) -> Recurrence:
    """«ежеквартально во II полугодии»: the school terms of a school half-year, not calendar quarters."""
    if recurrence.code == "calendar_quarterly" and (start.month, end.month) in ((9, 12), (1, 5)):
        return replace(recurrence, code="quarterly")
    return recurrence


def _recurring_in_each(reading: Reading, recurrence: Recurrence, windows: list[Window]) -> Schedule:
    """A shorter recurrence in each of several numbered periods («еженедельно в течение I и III четвертей»): its
    occurrences in each, in order."""
    parts = [
        _recurring(replace(reading, items=[], period=(start, end)), _terms_of_half_year(recurrence, start, end))
        for start, end, _ in windows
    ]
    schedule = parts[0]
    schedule.occurrences = sorted((o for part in parts for o in part.occurrences), key=lambda o: o.due)
    schedule.period_start, schedule.period_end = min(w[0] for w in windows), max(w[1] for w in windows)
    schedule.summary += f" ({', '.join(label for _, _, label in windows)})"
    return schedule


def _dated_year_end(reading: Reading, recurrence: Recurrence) -> bool:
    """«июнь 2025 (по итогам учебного года)»: «по итогам года» beside a date with its year written says when in
    that year, not that the activity repeats (only «ежегодно» or «каждый год» would)."""
    if recurrence.code != "yearly" or is_yearly(reading.normalised):
        return False
    return _WRITTEN_YEAR.search(reading.normalised) is not None and any(item.is_dated for item in reading.items)


_WRITTEN_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _numbered(reading: Reading) -> Schedule | None:
    """«2-е полугодие», «III квартал 2024 года», «до конца 1 четверти», «ежегодно во II полугодии»: the
    numbered periods (a yearly one in each school year of the period, the others in the year written or the
    plan's school year)."""
    found = _numbered_found(reading)
    if not found:
        return None
    if len(found) == 1 and found[0].mode == "since":
        return _since_numbered(reading, found[0])
    windows, kind, summary, code = _numbered_windows_of(reading, found)
    before = all(n.mode in ("before_end", "before_start", "before_middle") for n in found)
    following = _DAY_FOLLOWING.search(reading.normalised)
    if following is not None:  # «до 5 числа месяца, следующего за окончанием I четверти»: 5 November
        windows, before = [_day_following(w, int(following.group("day"))) for w in windows], True
    if before and kind == ScheduleKind.range:
        kind = ScheduleKind.date
    stages = _numbered_stages(reading, found, kind)
    if stages:
        named = zip(windows, stages, strict=True)
        kind, summary = ScheduleKind.staged, ", ".join(f"{w[2]} ({STAGE_LABELS[s]})" for w, s in named)
    occurrences = by_due(
        [
            Occurrence(start=None if before else w[0], due=w[1], label=w[2], stage=stages[i] if stages else None)
            for i, w in enumerate(windows)
        ]
    )
    beside = [] if code is not None or stages else _dated_beside(reading)
    spans = {(o.start, o.due) for o in occurrences}
    added = [o for o in beside if (o.start, o.due) not in spans]  # «по итогам IV четверти и года»: May once
    if beside:  # «по итогам I полугодия и учебного года»: December and May
        occurrences = by_due([*occurrences, *added])
        kind = ScheduleKind.dates if added else kind
        summary = ", ".join([summary, *(o.label for o in beside)])
    return Schedule(
        text=reading.text,
        kind=kind,
        occurrences=occurrences,
        **_spanned(occurrences),
        recurrence=code,
        summary=summary,
    )


def _since_numbered(reading: Reading, numbered: Numbered) -> Schedule:
    """«со II полугодия», «начиная с IV квартала 2024 года»: from the period's start to the plan's end (the period
    alone with no plan's period after it)."""
    school_year = school_year_of(reading.context.first_year, reading.period)
    windows = numbered_windows(replace(numbered, mode=None), school_year)
    if len(windows) != 1:
        return _unparsed(reading.text)
    start, end, label = windows[0]
    if reading.period is not None and reading.period[1] > start:
        end = reading.period[1]
    return Schedule(
        text=reading.text,
        kind=ScheduleKind.period,
        occurrences=[Occurrence(start=start, due=end, label=f"с {start:%d.%m.%Y} ({label})")],
        period_start=start,
        period_end=end,
        summary=mode_phrase("since", label),
    )


_DAY_FOLLOWING = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})\s*(?:-?\s*о?го\s+)?числ\w*\s+месяц\w*\s*,?\s+следующ\w*\s+за(?![а-я])"
)


def _day_following(window: Window, day: int) -> Window:
    """The window's report due by the `day` of the month after it."""
    after = window[1] + timedelta(days=1)
    due = after.replace(day=min(day, month_bounds(after.year, after.month)[1].day))
    return due, due, f"до {due:%d.%m.%Y} (за {window[2]})"


def _dated_beside(reading: Reading) -> list[Occurrence]:
    """The occurrences of the months and days a text writes beside its numbered periods (not their years)."""
    rest = without_numbered(reading.normalised)
    if _RESULTS.search(reading.normalised):  # «по итогам I четверти, I полугодия и года»: the year's in May
        rest = _YEAR_LISTED.sub(" май ", rest)
    elif _BY_END_OF.search(reading.normalised) and _YEAR_LISTED.search(rest):  # «до окончания I полугодия и
        # учебного года»: by 31 May too, said as written
        items = parse_items(tokenize(_YEAR_LISTED.sub(" до 31 мая ", rest)))
        fill_years(items, reading.context)
        by_end = [o for o in map(occurrence_of, items) if o is not None]
        return [o.model_copy(update={"label": "до конца учебного года"}) for o in by_end]
    items = parse_items(tokenize(rest))
    fill_years(items, reading.context)
    dated = [item for item in items if item.is_dated and not item.since]
    return [o for o in map(occurrence_of, dated) if o is not None]


_RESULTS = re.compile(r"(?<![а-я])(?:по\s+)?(?:итогам|окончании|завершении)(?![а-я])")
_BY_END_OF = re.compile(r"(?<![а-я])до\s+(?:окончания|конца|завершения)(?![а-я])")
_YEAR_LISTED = re.compile(
    r"(?:(?<=,)|(?<=\sи)|(?<=итогам)|(?<=окончании)|(?<=завершении))\s+(?:учебного\s+|уч\.\s*)?года(?![а-я])"
)


# «1 этап – I квартал 2025, 2 этап – II-III квартал 2025, 3 этап – IV квартал 2025»: a numbered stage per period
_PHASE = re.compile(r"(?<![а-я\d])(?:\d|[ivx]{1,3}|перв\w*|втор\w*|трет\w*|четверт\w*)\s+этап|(?<![а-я])этап\s+\d")


def _numbered_stages(reading: Reading, found: list[Numbered], kind: ScheduleKind) -> list[Stage]:
    """The stage of each window of numbered periods each named beside its own («I четверть – входная
    диагностика; IV четверть – итоговая») or each after its numbered stage («1 этап – I квартал»: the first the
    entry one, the last the final one); none unless at least two are named and each period is one window."""
    if kind != ScheduleKind.dates:
        return []
    school_year = school_year_of(reading.context.first_year, reading.period)
    if any(len(numbered_windows(n, school_year)) != 1 for n in found):
        return []
    if sum(n.stage is not None for n in found) >= 2 and all(n.stage is not None for n in found):
        return [n.stage for n in found if n.stage is not None]
    if len(found) >= 2 and len(_PHASE.findall(reading.normalised)) == len(found):
        return [Stage.entry, *(Stage.interim for _ in found[2:]), Stage.final]
    return []


def _numbered_windows_of(reading: Reading, found: list[Numbered]) -> tuple[list[Window], ScheduleKind, str, str | None]:
    """The windows of the numbered periods, the kind, summary and recurrence code they make: yearly ones (no
    year written) recur in the plan's period; the others fall in the year written or the plan's school year."""
    phrase = ", ".join(numbered_phrase(n) for n in found)
    if is_yearly(reading.normalised) and not any(n.dated for n in found):
        return _yearly_windows(found, reading.period), ScheduleKind.recurring, f"ежегодно: {phrase}", "yearly"
    school_year = school_year_of(reading.context.first_year, reading.period)
    joined = dash_range(reading.normalised, found, school_year)
    windows = [joined] if joined else [w for n in found for w in numbered_windows(n, school_year)]
    kind = ScheduleKind.range if len(windows) <= 1 else ScheduleKind.dates
    return windows, kind, ", ".join(w[2] for w in windows) or f"{phrase} (год не определён)", None


def _yearly_windows(found: list[Numbered], period: tuple[date, date] | None) -> list[Window]:
    """A yearly numbered period's window in each school year of the plan's period, due inside it."""
    if period is None:
        return []
    windows = [w for year in school_years(period) for n in found for w in numbered_windows(n, year)]
    return [w for w in windows if period[0] <= w[1] <= period[1]]


def _outside(occurrences: list[Occurrence], period: tuple[date, date]) -> list[str]:
    """A warning for each occurrence due outside the plan's period (it is kept: the text may be right)."""
    return [
        f"Срок «{o.label}»: {o.due:%d.%m.%Y} — вне периода плана {period_label(*period)}"
        for o in occurrences
        if not period[0] <= o.due <= period[1]
    ]


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
        schedule = _unparsed(text or "")
        schedule.warnings = [unread_warning(schedule.text)]
        return schedule
