"""A header row (with its second row) → `Layout`: each column's field, shown header, slots and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services.roadmap.plan_import.recognise.aliases import (
    MONTH_HEADER_RE,
    MONTH_START_RE,
    QUARTER_RE,
    SLOT_MARKS,
    match_header,
    names_co_executors,
    normalise_header,
    roman_month,
    roman_month_columns,
)
from services.roadmap.plan_import.recognise.text import NUMBER_RE, NUMBER_SIGN_RE, YEAR_RE
from services.roadmap.plan_import.schemas import ColumnSet
from services.roadmap.plans.columns import SEED_COLUMN_SETS
from services.roadmap.schedules.parser.months import MONTHS_GENITIVE, MONTHS_NOMINATIVE

SET_FIELDS = {"period": "deadline", "deadline_end": "deadline", "slot": "deadline"}
"""The column of a plan's set that shows a field the importer reads (a period or the end of a deadline is the
deadline)."""


@dataclass
class Layout:
    width: int
    fields: dict[int, str]  # column → field
    headers: dict[int, str]  # column → header text (as shown in `columns`)
    aliases: set[str]
    header_norms: list[str]
    sub_norms: list[str] = field(default_factory=list)  # the header's second row, when it has one
    labels: dict[int, str] = field(default_factory=dict)  # column → the year its values are for («2025: 50%»)
    key: dict[str, int] = field(default_factory=dict)  # `_header_key` of the header row
    label_norms: list[str] = field(default_factory=list)  # the labels written over the header row (`_labels_above`)

    def column(self, name: str) -> int | None:
        for index, value in self.fields.items():
            if value == name:
                return index
        return None

    def column_set(self) -> ColumnSet:
        """The first seed set (`plans/columns.py`) the header marks and that has a column for every field the
        header names (a plan's own table shows only its set's columns: «№ п/п | Мероприятие | Ответственный |
        Срок | Ожидаемый результат | Итоговый документ» is no 003 table, whose set has no expected result);
        `generic` when none does."""
        found = set(self.fields.values())
        named = {SET_FIELDS.get(name, name).removeprefix(JOIN_PREFIX) for name in found} - {"extra", "section"}
        for seed in SEED_COLUMN_SETS:
            marked = seed.mark_fields & found or seed.marks & self.aliases
            if marked and named <= {column.field for column in seed.columns}:
                return seed.code
        return "generic"


def _slot_label(text: str, *, under_deadline: bool = False) -> str | None:
    """The time a plan-grid column stands for: a month as its header names it («Сентябрь» → «сентябрь»), and under a
    deadline header also a month in Roman numerals («IX»), a year («2025») or a quarter («I квартал»)."""
    text = " ".join(text.split()).strip(" .")
    if start := MONTH_START_RE.match(text):
        return f"{MONTHS_NOMINATIVE[int(start[1]) - 1]} {start[2]}"
    norm = normalise_header(text)
    if MONTH_HEADER_RE.match(norm):
        return _full_month(text[:1].lower() + text[1:])
    if not under_deadline:
        return None
    if (roman := roman_month(text)) is not None:
        return MONTHS_NOMINATIVE[roman]
    if QUARTER_RE.match(text):
        return QUARTER_SHORT_RE.sub("квартал", text)  # «I кв.» → «I квартал», as a deadline reads it
    return text if YEAR_RE.match(text) else None


QUARTER_SHORT_RE = re.compile(r"(?<![а-яё])кв(?![а-яё])\.?", re.IGNORECASE)


def _full_month(label: str) -> str:
    """«сен», «нояб», «февр 2025» (a header abbreviated to fit a narrow column) → «сентябрь», «ноябрь», «февраль 2025»:
    the month as a deadline names it."""
    word, _, rest = label.partition(" ")
    stem = word.rstrip(".").lower()[:3]
    if stem == "ма" or word.lower() in MONTHS_NOMINATIVE:
        return label
    full = next((month for month in MONTHS_NOMINATIVE if month.startswith(stem)), None)
    return label if full is None or len(word) > len(full) else " ".join(filter(None, [full, rest]))


SLOT_DATE_RE = re.compile(r"\d{1,2}\.\d{1,2}")


def _slot_text(label: str, text: str) -> str:
    """What a plan-grid cell says of its time: a mark («+») the time itself, a date («15.12») the date, a day
    («15») under a month the day of it («15 декабря»), anything else beside the time («декабрь (2 неделя)»)."""
    text = " ".join(text.split())
    if text.lower() in SLOT_MARKS:
        return label
    if SLOT_DATE_RE.search(text):
        return text
    month, _, year = label.partition(" ")
    if text.isdigit() and 1 <= int(text) <= 31 and month in MONTHS_NOMINATIVE:
        return " ".join(filter(None, [text, MONTHS_GENITIVE[MONTHS_NOMINATIVE.index(month)], year]))
    return f"{label} ({text})"


MONTHLY_SPAN = 9
"""The fewest month columns (September to May, a school year) whose marks all set read as «ежемесячно»."""
QUARTER_LABEL_RE = re.compile(r"^[IV]+ квартал$")


def _slot_summary(layout: Layout, marked: dict[int, str]) -> str | None:
    """A plan-grid row marked in every month of the grid's span (nine or more single-month columns, plain marks):
    «ежемесячно», and «ежемесячно, кроме июля и августа» when one or two are left blank; all four quarters:
    «ежеквартально». None when the row lists its times (fewer marks, a day or a note in a cell)."""
    labels = [layout.labels.get(c, "") for c in sorted(c for c, name in layout.fields.items() if name == "slot")]
    if not marked or len(set(labels)) != len(labels) or any(t.lower() not in SLOT_MARKS for t in marked.values()):
        return None
    shown = [layout.labels.get(c, "") for c in marked]
    blank = [label for label in labels if label not in shown]
    if len(labels) == 4 and not blank and all(QUARTER_LABEL_RE.match(label) for label in labels):
        return "ежеквартально"
    months = [label.partition(" ")[::2] for label in labels]
    if len(labels) < MONTHLY_SPAN or not all(m in MONTHS_NOMINATIVE and (not y or YEAR_RE.match(y)) for m, y in months):
        return None
    if len(blank) > 2:
        return None
    genitive = [_genitive(label) for label in blank]
    return "ежемесячно" + (f", кроме {' и '.join(genitive)}" if genitive else "")


def _genitive(label: str) -> str:
    """«июль 2025» → «июля 2025»."""
    month, _, year = label.partition(" ")
    return " ".join(filter(None, [MONTHS_GENITIVE[MONTHS_NOMINATIVE.index(month)], year]))


def _slot_labels(header: list[str], sub: list[str] | None, fields: dict[int, str]) -> dict[int, str]:
    """The time each `slot` column stands for, named by its sub-header cell or its own; the parts of a month spanning
    several columns («Сентябрь» over «1-2 нед. | 3-4 нед.») become slots of that month too."""
    starts = _header_groups(header)
    labels: dict[int, str] = {}
    for index in range(len(header)):
        month = _slot_label(header[starts[index]]) if fields.get(starts[index]) == "slot" else None
        if month:
            fields[index] = "slot"
        if fields.get(index) != "slot":
            continue
        part = " ".join(sub[index].split()) if sub and sub[index] else ""
        if month:
            labels[index] = f"{month} ({part})" if part else month
        else:
            text = part or header[index]
            labels[index] = _slot_label(text, under_deadline=True) or " ".join(text.split())
    return labels


def _layout(header: list[str], data: list[list[str]], sub: list[str] | None = None) -> Layout:
    """The columns of a header row, with its second row `sub` when the header has one (`_sub_header`)."""
    filled = _fill_spans(header, sub) if sub else header
    fields, headers, aliases = _header_columns(filled)
    labels = _year_labels(filled, sub, fields) if sub else {}
    if sub:
        _apply_sub_header(filled, sub, fields, headers)
        _co_executor_parts(filled, sub, fields)
        _number_part(filled, sub, fields)
    _marked_years(filled, data, fields)
    _roman_month_slots(filled, fields)
    labels.update(_slot_labels(filled, sub, fields))
    if "number" not in fields.values():
        _find_unnamed_number(filled, data, fields)
    _find_group(filled, fields)
    _find_unnamed_group(filled, data, fields)
    return Layout(
        width=len(header),
        fields=fields,
        headers=headers,
        aliases=aliases,
        header_norms=[normalise_header(c) for c in header],
        sub_norms=[normalise_header(c) for c in sub] if sub else [],
        labels=labels,
        key=_header_key(header),
    )


def _marked_years(header: list[str], data: list[list[str]], fields: dict[int, str]) -> None:
    """Year (or quarter) columns marked «+» in a plan without a deadline column («Мероприятие | Ответственный | 2024 |
    2025 | 2026»): a plan-grid, the years marked are the deadline. Columns of values by year («Показатель | 2024 |
    2025» holding «40 | 60») stay extra."""
    if any(name in TIMING_FIELDS for name in fields.values()):
        return
    years = [i for i, text in enumerate(header) if fields.get(i) == "extra" and _slot_label(text, under_deadline=True)]
    values = [" ".join(row[i].split()).lower() for row in data for i in years if i < len(row) and row[i].strip()]
    if len(years) >= 2 and values and all(v in SLOT_MARKS for v in values) and not all(v.isdigit() for v in values):
        for index in years:
            fields[index] = "slot"


def _roman_month_slots(header: list[str], fields: dict[int, str]) -> None:
    """«IX | X | XI | XII | I …» heading columns of a plan-grid without «Сроки» over them: months, whatever their cells
    hold («+», a day), as «Сентябрь | Октябрь» are."""
    for index in roman_month_columns(header):
        if fields.get(index) == "extra":
            fields[index] = "slot"


def _year_labels(header: list[str], sub: list[str], fields: dict[int, str]) -> dict[int, str]:
    """The years a header cell spanning several columns splits into («Целевые показатели» over «2024 | 2025 |
    2026»): each column's year, which its values keep when they join into one text («2024: 30%, 2025: 50%»)."""
    starts = _header_groups(header)
    labels: dict[int, str] = {}
    for index, text in enumerate(sub):
        group = [i for i, start in enumerate(starts) if start == starts[index]]
        base = fields.get(starts[index], "").removeprefix(JOIN_PREFIX)
        if text and len(group) > 1 and base in JOINED_FIELDS and all(YEAR_RE.match(sub[i]) for i in group):
            labels[index] = " ".join(text.split())
    return labels


FACT_PREFIXES = ("факт", "выполн", "исполн", "отметка")


def _header_groups(header: list[str]) -> list[int]:
    """For each column, the first column of the header cell over it: a cell merged over several columns repeats
    its text, and one whose merge was lost (CSV, an unmerged XLSX) leaves the cells after it empty."""
    starts: list[int] = []
    for index, text in enumerate(header):
        joins = index > 0 and (text == header[index - 1] or not text) and header[starts[-1]]
        starts.append(starts[-1] if joins else index)
    return starts


def _fill_spans(header: list[str], sub: list[str]) -> list[str]:
    """The header with the cells of a lost merge filled with the spanning text (over the parts `sub` names); not over
    months in Roman numerals («IX | X | XI» under an empty cell: a plan-grid of its own, no part of «Ответственный»)."""
    starts = _header_groups(header)
    months = roman_month_columns(sub)
    return [text or (header[starts[i]] if sub[i] and i not in months else "") for i, text in enumerate(header)]


def _apply_sub_header(header: list[str], sub: list[str], fields: dict[int, str], headers: dict[int, str]) -> None:
    """The parts the second header row names: «окончание» ends the deadline, «факт» (what was done) is extra;
    a column takes a field its part names when the top row gave it none; the other parts of a responsible or
    result cell («Ответственный» over «ФИО | должность») join that field. Shown as «Сроки (начало)»."""
    starts = _header_groups(header)
    written = dict(fields)
    months = roman_month_columns(sub)
    for index, text in enumerate(sub):
        if not text:
            continue
        matched = match_header(text)
        first = written.get(starts[index], "")
        if normalise_header(text).startswith(FACT_PREFIXES) and not names_co_executors(text):  # not «исполнитель»
            fields[index] = "extra"
        elif index in months and not header[index]:
            fields[index] = "slot"  # «IX | X | XI» under an empty cell (or an empty merged one)
        elif first in TIMING_FIELDS and _slot_label(text, under_deadline=True):
            fields[index] = "slot"  # «Сроки» over «IX | X | XI» or «2024 | 2025 | 2026»
        elif matched and matched[0] == "deadline_end":
            fields[index] = "deadline_end"
        elif matched and fields[index] == "extra" and matched[0] not in fields.values():
            fields[index] = matched[0]
        elif fields[index] == JOIN_PREFIX + "title":
            fields[index] = "extra"  # «Мероприятие» over «наименование | форма проведения»: the form is no title
        elif fields[index] == "extra" and starts[index] != index and first in JOINED_FIELDS - {"title"}:
            fields[index] = JOIN_PREFIX + first
        shown = " ".join(f"{header[index]} ({text})".split()) if header[index] else " ".join(text.split())
        headers[index] = shown if shown not in headers.values() else f"{shown} ({index + 1})"


def _co_executor_parts(header: list[str], sub: list[str], fields: dict[int, str]) -> None:
    """«Исполнители» (or «Ответственные») over «ответственный | соисполнители»: the co-executors' part is kept apart
    (extra, by its header), never joined to the responsible; when it is the first part, the next is the responsible."""
    starts = _header_groups(header)
    for index, text in enumerate(sub):
        was = fields.get(index, "")
        if not text or was.lstrip(JOIN_PREFIX) != "responsible" or not names_co_executors(text):
            continue
        if normalise_header(text) in WEAK_RESPONSIBLE and _beside_co_executors(sub, starts, index):
            continue  # «Ответственные» over «исполнитель | соисполнитель»: the «исполнитель» answers for it
        fields[index] = "extra"
        group = [i for i in range(len(sub)) if starts[i] == starts[index] and fields.get(i) == JOIN_PREFIX + was]
        if was == "responsible" and group:
            fields[group[0]] = "responsible"


def _beside_co_executors(sub: list[str], starts: list[int], index: int) -> bool:
    """Whether another part under the same header cell names the co-executors by a word of their own («соисполнитель»,
    «участники»), not as weakly as «исполнитель» does."""
    return any(
        i != index and starts[i] == starts[index] and text and names_co_executors(text)
        and normalise_header(text) not in WEAK_RESPONSIBLE
        for i, text in enumerate(sub)
    )  # fmt: skip


def _number_part(header: list[str], sub: list[str], fields: dict[int, str]) -> None:
    """«Мероприятия» over «№ | наименование»: the part named «№» is the number column, and the activities' title
    the part beside it (the one naming it, else the first)."""
    starts = _header_groups(header)
    titled = {index for index, name in fields.items() if name.removeprefix(JOIN_PREFIX) == "title"}
    part = next((i for i, text in enumerate(sub) if i in titled and _names(text, "number")), None)
    if part is None or "number" in fields.values():
        return
    fields[part] = "number"
    if "title" not in fields.values():
        group = [i for i in range(len(sub)) if starts[i] == starts[part] and i != part]
        named = [i for i in group if _names(sub[i], "title")]
        if named or group:
            fields[(named or group)[0]] = "title"


def _names(text: str, name: str) -> bool:
    matched = match_header(text) if text else None
    return matched is not None and matched[0] == name


JOINED_FIELDS = {"title", "responsible", "expected_result", "final_document"}


JOIN_PREFIX = "+"
"""`+responsible`: a column whose text joins the responsible column's on its left, «Иванова И.И., зам. директора»."""


BROKEN_WORD_RE = re.compile(r"(?<=[А-Яа-яЁё])-[ \t]*\n\s*(?=[а-яё])")


def _unbroken(text: str) -> str:
    """A header word hyphenated at a line's end in a narrow column («Ответст-⏎венный») written whole."""
    return BROKEN_WORD_RE.sub("", text)


def _shown_header(header: list[str], index: int) -> str:
    """A header cell as shown in `columns`: its text, numbered when merged over this column and the one before."""
    text = _unbroken(header[index])
    shown = " ".join(text.split()) or f"Столбец {index + 1}"
    if index > 0 and text and text == header[index - 1]:
        shown = f"{shown} ({index + 1})"  # one header cell merged over two columns
    return shown


WEAK_TITLES = {"вид работы", "виды работы", "виды работ", "формы работы", "формы и методы работы", "тема", "тематика",
               "тематика мероприятий", "процессы контроля", "процедуры контроля",
               "процессы и процедуры контроля"}  # fmt: skip
"""Headers naming the activities only in a table where no column says «Мероприятия» (or another title word):
beside one, «Тема», «Формы работы», «Процессы контроля» are its details. A regulation of control procedures («Процессы
контроля и оценки качества | Ф.И.О. кураторов | Документ») lists its procedures as the activities."""


POSTS = {"должность", "должности", "должностное лицо", "должностные лица"}
"""Headers naming the responsible only in a table where no column says «Ответственный» (a plan naming posts, not
people: «Должность | Заместитель директора по УВР»); beside one, or under it («Ответственный» over «ФИО |
должность»), the post is its detail. No header alias: a header row's parts («ФИО | должность») must stay unnamed."""


WEAK_RESULTS = {
    "показатели", "показатель", "показатели результативности", "показатель результативности", "целевые показатели",
    "целевой показатель", "индикаторы", "индикатор", "целевые индикаторы", "количественные показатели",
    "качественные показатели", "критерии", "критерии оценки", "результативность", "целевое значение",
    "значение показателя",
}  # fmt: skip
"""Indicators: the expected result only when no column names the result itself («Задача | Мероприятие | … |
Показатели | Ожидаемый результат»: the indicators are kept as an extra value)."""


WEAK_RESPONSIBLE = {"исполнитель", "исполнители"}
"""«Исполнители» are the responsible only when no column says «Ответственный»: beside one (a municipal roadmap with
«Ответственный | Исполнители»), the one answering for the activity is the «Ответственный», those doing it an extra
value, whichever column comes first."""


CONTROLLERS = {"ответственный за контроль", "ответственные за контроль", "ответственное лицо за контроль",
               "контролирующее лицо"}  # fmt: skip
"""The one controlling the activity («Исполнитель | Ответственный за контроль»): the responsible only when no other
column names one (not even «Исполнители»); beside one, an extra value whichever column comes first."""


WEAK_AS = {"срок реализации": "period", "сроки реализации": "period"}
"""A weak header naming another field when the strong one stands beside it: «Сроки реализации» (merged over the rows:
«2024-2026») beside «Срок» is the period of the plan, «Срок» the activity's deadline."""


WEAK = {
    "title": WEAK_TITLES,
    "expected_result": WEAK_RESULTS,
    "responsible": WEAK_RESPONSIBLE,
    "deadline": set(WEAK_AS),
}


def _header_columns(header: list[str]) -> tuple[dict[int, str], dict[int, str], set[str]]:
    """Each column's field (the first column naming a field takes it; the rest are `extra`), its header as
    shown, and the header words that named the fields."""
    fields: dict[int, str] = {}
    headers: dict[int, str] = {}
    aliases: set[str] = set()
    matches = [match_header(text) for text in header]
    if any(m and m[0] == "responsible" and m[1] not in CONTROLLERS for m in matches):
        matches = [None if m and m[1] in CONTROLLERS else m for m in matches]
    strong = {name for name, weak in WEAK.items() if any(m and m[0] == name and m[1] not in weak for m in matches)}
    for index, text in enumerate(header):
        shown = _shown_header(header, index)
        matched = matches[index] if shown == " ".join(_unbroken(text).split()) else None
        if matched and matched[0] in strong and matched[1] in WEAK[matched[0]]:
            matched = (WEAK_AS[matched[1]], matched[1]) if matched[1] in WEAK_AS else None
        if matched and matched[0] == "slot":
            fields[index] = "slot"
        elif matched and matched[0] != "extra" and matched[0] not in fields.values():
            fields[index] = matched[0]
            aliases.add(matched[1])
        elif index and fields[index - 1] == "deadline" and text == header[index - 1]:
            fields[index] = "deadline_end"  # «Сроки» merged over «начало | окончание»
        elif (
            index
            and text
            and text == header[index - 1]
            and (base := fields[index - 1].lstrip(JOIN_PREFIX)) in JOINED_FIELDS
        ):
            fields[index] = JOIN_PREFIX + base  # «Ответственный» merged over the name and the position
        else:
            fields[index] = "extra"
        if shown in headers.values():
            shown = f"{shown} ({index + 1})"
        headers[index] = shown
    _posts_as_responsible(header, fields)
    return fields, headers, aliases


def _posts_as_responsible(header: list[str], fields: dict[int, str]) -> None:
    """The first «Должность» column is the responsible one in a table without a column naming the responsible."""
    if any(name.lstrip(JOIN_PREFIX) == "responsible" for name in fields.values()):
        return
    posts = next((i for i, text in enumerate(header) if fields[i] == "extra" and normalise_header(text) in POSTS), None)
    if posts is not None:
        fields[posts] = "responsible"


GROUP_RE = re.compile(
    r"^(?:(?:основн\w*|ключев\w*|наименование|фактор\w*)\s+)?(?:задач|направлени|риск|раздел|этап|блок|модуль)",
    re.IGNORECASE,
)


def _find_group(header: list[str], fields: dict[int, str]) -> None:
    """An anti-risk programme's «Задачи» (or «Риск», «Наименование риска», «Фактор риска») column left of the
    activities, one task merged down over its activities: the column groups them into sections, like «Задача 1: …»
    rows do."""
    title = next(i for i, f in fields.items() if f == "title")
    for index in range(title):
        if fields[index] == "extra" and GROUP_RE.match(normalise_header(header[index])):
            fields[index] = "section"
            return


SECTION_MARK_RE = re.compile(r"^(?:[А-ЯЁ]|[IVX]{1,5})[.)]?$|^(?:[А-ЯЁ][.)]|[IVX]{1,5}[.)]?)\s+[А-ЯЁа-яё«\"]")
"""«А», «Б.», «II», «А. Организационные мероприятия»: a section's mark (and name) in a column of its own (a letter
followed by words has its dot: «В течение года» is no mark)."""


def _find_unnamed_group(header: list[str], data: list[list[str]], fields: dict[int, str]) -> None:
    """A column without a header left of the «№» and the title whose cells mark sections («А», «Б» or «А.
    Организационные мероприятия», merged down over their activities or written once over them) groups the activities
    into sections, as a «Раздел» column does."""
    if "section" in fields.values() or "number" not in fields.values():
        return
    first = min(i for i, f in fields.items() if f in {"number", "title"})
    for index in range(first):
        values = [row[index] for row in data if index < len(row)]
        marks = [v for v in values if v]
        if header[index] or fields[index] != "extra" or not marks:
            continue
        if all(SECTION_MARK_RE.match(v) for v in marks) and len(dict.fromkeys(marks)) < len(values):
            fields[index] = "section"
            return


def _find_unnamed_number(header: list[str], data: list[list[str]], fields: dict[int, str]) -> None:
    """002 leaves the «№» header cell empty: the first unnamed column before the title mostly holding numbers
    becomes the number column."""
    title = next(i for i, f in fields.items() if f == "title")
    for index in range(title):
        values = [row[index] for row in data if index < len(row) and row[index]]
        numeric = [v for v in values if NUMBER_RE.match(v) or NUMBER_SIGN_RE.match(v)]  # «1.1.», «п. 1.1.»
        if not header[index] and values and len(numeric) * 2 >= len(values):
            fields[index] = "number"
            return


def _header_key(cells: list[str]) -> dict[str, int]:
    """The column of each field a header row names (its other columns left out)."""
    fields = _header_columns(cells)[0]
    return {name: index for index, name in fields.items() if name != "extra" and not name.startswith(JOIN_PREFIX)}


TIMING_FIELDS = {"deadline", "deadline_end", "period", "slot"}
