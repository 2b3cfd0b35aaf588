"""One table row: skipped, a heading, planned results, the continuation of an activity or a new one."""

from __future__ import annotations

import re

from services.roadmap.plan_import.recognise.activities import _broken_off_row, _merge, _new_activity, continued_row
from services.roadmap.plan_import.recognise.endings import _is_note, _is_signature, _read_total
from services.roadmap.plan_import.recognise.footnotes import _take_footnote
from services.roadmap.plan_import.recognise.header import _is_column_index, _is_repeated_header, _is_total_row
from services.roadmap.plan_import.recognise.headings import (
    SCHOOL_RE,
    TOPIC_HEADING_RE,
    _next_number,
    _read_marked_heading,
    _read_names_row,
    _read_titled_heading,
    _read_top_heading,
    _row_heading,
    _task_heading,
    _title_only_activity,
)
from services.roadmap.plan_import.recognise.state import _cell, _Gap, _header_of, _Row, _State
from services.roadmap.plan_import.recognise.text import (
    BREAK_WORDS,
    BULLET_RE,
    DASHES_RE,
    HEADING_RE,
    IGNORED_TEXT_RE,
    LETTER_TITLE_RE,
    NO_ACTIVITIES_RE,
    NUMBER_RE,
    NUMBERED_HEADING_RE,
    PLANNED_RE,
    TASK_RE,
    TIMING_HEADING_RE,
    TOTAL_RE,
    YEAR_RE,
    _broken_off,
    _dedupe,
    _lines,
    _number,
    _planned_items,
    _split_heading,
    _split_task,
    _starts_lower,
)
from services.roadmap.plan_import.schemas import ImportedActivity, ImportProblem


def _read_row(state: _State, row: _Row, rest: list[_Row | _Gap]) -> None:
    """One table row: skipped, a heading, planned results, the continuation of an activity or a new one."""
    layout = state.layout
    state.upcoming = rest
    if _read_no_activities(state, row):
        return
    if _is_total_row(row.cells):
        _read_total(state, row)
        return
    if _is_repeated_header(row.cells, layout) or _is_column_index(row.cells):
        current = state.sections[-1] if len(state.sections) > 1 else None
        if current is not None and not current.activities and not current.planned_results:
            state.titled = current  # «План мероприятий МБОУ СОШ № 2» over the header again: the next plan's title
        state.page_break = True
        return  # the header repeated on a new page, or the «1 2 3 4» row under it
    row.after_break, state.page_break = row.after_break or state.page_break, False
    _read_group(state, row)
    if _read_packed(state, row, rest):
        return
    values = _dedupe([c if not m else "" for c, m in zip(row.cells, row.vmerged, strict=True)])
    if not values or all(DASHES_RE.match(value) for value in values):
        return  # «- | - | -»: a row of dashes says nothing, no line of the activity above
    number, title = _cell(row, layout.column("number")), _cell(row, layout.column("title"))
    if TOTAL_RE.match(title or values[0]) and (not NUMBER_RE.match(number) or _numbered_total(state, row, title)):
        _read_total(state, row)  # «Итого: | 170» under the financing columns
        return
    if not NUMBER_RE.match(number) and _footnote_row(state, row, values):
        state.end_activity()
        return  # «* – при наличии финансирования»: kept for the activities marked «*»
    if not NUMBER_RE.match(number) and _is_note(state, row, values):
        state.end_activity()
        return  # «Примечание | …» or «* | …» explaining a mark
    if not NUMBER_RE.match(number) and _is_signature(state, row, rest):
        state.end_activity()
        return  # «Директор ____ И.И. Иванов» under the table
    if state.noting and _note_item(state, row):
        state.noted.append(row.row)
        return
    state.noting = False
    if len(values) > 1 and not NUMBER_RE.match(number) and _planned_label(values[0]):
        results = "\n".join(values[1:])
        values = [f"{values[0]} {results}"]  # «Ожидаемый результат: | повышена мотивация»: the results of the section
    if len(values) == 1:
        _read_single_value(state, row, values[0], number, rest)
    elif not (
        _read_marked_heading(state, row, number, title)
        or _read_titled_heading(state, row, number, title)
        or _read_names_row(state, row, number)
        or _read_top_heading(state, row, rest, number, title)
    ):
        _read_entry(state, row, values, number, title, rest)


def _numbered_total(state: _State, row: _Row, title: str) -> bool:
    """Whether a numbered row is a total all the same: its title «Итого», «Итого по разделу 1», «Всего:» alone and no
    deadline or responsible of its own (Excel's numbering dragged down over the totals row, «1.3 | Итого по разделу 1
    | | | 3»)."""
    layout = state.layout
    own = [_cell(row, layout.column(name)) for name in ("deadline", "responsible")]
    return _is_total_row([title]) and not any(own)


def _footnote_row(state: _State, row: _Row, values: list[str]) -> bool:
    """Whether the row is a footnote («* – при наличии финансирования» across the row, or «*» and its text in two
    cells) with no deadline or responsible of its own; if so it is kept (`footnotes._take_footnote`)."""
    layout = state.layout
    own = {_cell(row, layout.column(name)) for name in ("deadline", "responsible")} - {"", values[0]}
    if own or len(values) > 2:
        return False  # a row merged across repeats its one text in every cell
    return _take_footnote(state, " ".join(values))


def _planned_label(text: str) -> bool:
    """Whether a cell only says «Ожидаемый результат:» (the result itself written in the next cell of its row)."""
    planned = PLANNED_RE.match(text)
    return planned is not None and not planned.group(1).strip()


NOTES_RE = re.compile(r"^(?:примечани[ея]|сноски|пояснения)\W*$", re.IGNORECASE)
"""«Примечание:», «Примечания»: a line heading the notes under a table; the rows of its list follow."""


def _note_item(state: _State, row: _Row) -> bool:
    """Whether a row under «Примечание:» is an item of the notes: its number and a text, nothing in the deadline,
    responsible or any other column."""
    fields = state.layout.fields
    filled = [i for i, text in enumerate(row.cells) if text and not row.vmerged[i]]
    if not filled or any(r.match(row.cells[filled[0]]) for r in (PLANNED_RE, HEADING_RE, TASK_RE)):
        return False  # «Планируемые результаты:», «Раздел 3»: the notes are over
    return len(_dedupe([row.cells[i] for i in filled])) == 1 or all(
        fields.get(i) in {"number", "title"} for i in filled
    )


def _read_packed(state: _State, row: _Row, rest: list[_Row | _Gap]) -> bool:
    """Whether the row packs several activities as lines of its cells («1.⏎2.⏎3.» beside three titles, three
    deadlines); if so each is read as a row of its own. A cell with another number of lines (one deadline for all)
    stands for each of them."""
    number_col, title_col = state.layout.column("number"), state.layout.column("title")
    numbers, titles = _lines(_cell(row, number_col)), _lines(_cell(row, title_col))
    if len(numbers) < 2 or len(titles) != len(numbers) or not all(NUMBER_RE.match(n) for n in numbers):
        return False
    split = [_lines(text) if not marked else [] for text, marked in zip(row.cells, row.vmerged, strict=True)]
    for index in range(len(numbers)):
        cells = [
            lines[index] if len(lines) == len(numbers) else text for lines, text in zip(split, row.cells, strict=True)
        ]
        part = _Row(cells, row.vmerged, row.row, row.after_break and index == 0, row.bold, row.bullet)
        _read_row(state, part, rest)
    state.problems.append(
        ImportProblem(
            row=row.row,
            column=_header_of(state, "number"),
            code="packed_row",
            detail=f"Строка {row.row}: мероприятия {', '.join(_number(n) or n for n in numbers)} записаны в одной "
            "строке таблицы и прочитаны по отдельности",
        )
    )
    return True


def _read_group(state: _State, row: _Row) -> None:
    """A new value in the «Задачи» column starts its section; the row goes on without it."""
    column = state.layout.column("section")
    text = _cell(row, column)
    if column is None or not text:
        return
    row.cells = [*row.cells[:column], "", *row.cells[column + 1 :]]
    number, title = _split_task(text) if TASK_RE.match(text) else _split_heading(text)
    current = state.sections[-1] if state.sections else None
    if current is not None and current.title == title:
        return  # the task written again on every row
    state.start_section(number, title)
    if current is not None and not current.activities and not current.planned_results:
        state.over.append((current, state.sections[-1]))  # «Риск 1. …» over the table of its tasks stays


def _read_no_activities(state: _State, row: _Row) -> bool:
    """Whether the row only says that its section has no activities («Мероприятия в разделе не
    запланированы.»); if so, the section is kept without activities."""
    values = _dedupe(row.cells)
    if len(values) != 1 or not NO_ACTIVITIES_RE.match(values[0]):
        return False
    state.empty.append(state.section)
    state.end_activity()
    return True


def _read_single_value(state: _State, row: _Row, value: str, number: str, rest: list[_Row | _Gap]) -> None:
    """A row with one distinct value: planned results, an empty numbered row, an ignored line, the rest of an
    activity broken off on the row before, or a section heading."""
    planned = PLANNED_RE.match(value)
    if planned:
        items = _planned_items(planned.group(1))
        state.add_planned(items)
        # a list written in the cell under its heading («Планируемый результат:⏎– …⏎– …») is whole: the row
        # after it is the next section, not one more result
        state.planned = not (items and "\n" in value)
        state.planned_mode = ""
        return
    if number and value == number and NUMBER_RE.match(number):
        state.problems.append(
            ImportProblem(
                row=row.row,
                column=_header_of(state, "number"),
                code="empty_row",
                detail=f"Строка {row.row}: под номером {_number(number)} ничего не написано, строка пропущена",
            )
        )
        return
    if _co_executors_line(state, row, value):
        return
    heading = HEADING_RE.match(value) or YEAR_RE.match(value) or NUMBERED_HEADING_RE.match(value)
    if IGNORED_TEXT_RE.match(value.lstrip("*#_ ")):
        if _task_heading(state, value):
            _row_heading(state, row, *_split_task(value))
            return
        state.planned = False
        state.noting = bool(NOTES_RE.match(value.lstrip("*#_ ")))
        return  # «Задача: …» under a track heading, «Таблица 2», «Примечание:» over its list
    if state.planned and not heading:
        state.add_planned(_planned_items(value))
        return
    if state.activity is not None and not number and _list_line(state, row, value):
        _merge(state, row, separator="\n")  # «• семинар», «1) круглый стол» under «Проведение мероприятий:»
        return
    if state.activity is not None and not number and _under_merged_number(state, row):
        _merge(state, row, separator="\n" if state.activity.title.rstrip().endswith((":", ";", ".")) else " ")
        return  # «Образовательных результатов» under «1» merged down over both rows: its title wrapped
    if state.activity is not None and not number and (_starts_lower(value) or _broken_off_row(state)):
        _merge(state, row)
        return
    if state.activity is not None and not number and not heading and _wrapped_title(state, row, value, rest):
        _merge(state, row)  # «Мониторинг предметных» ⏎ «Образовательных результатов»: the title's second line
        return
    if state.activity is not None and not number and not heading and _lone_detail(state, row, value):
        # one more responsible or deadline: a line of its own; the rest of a phrase cut after an adjective goes on
        _merge(state, row, separator=" " if _cut_above(state, row) else "\n")
        return
    if not number and not heading and _title_only_activity(state, row, value):
        _new_activity(state, row)  # the next activity of a group whose deadline only the first row shows
        return
    if _read_merged_item(state, row, value, rest):
        return
    _row_heading(state, row, *_split_heading(value))


CO_EXECUTORS_LINE_RE = re.compile(
    r"^\W*(?:со-?\s?исполнител|соучастник|участник|привлекаем)[а-яё]*\s*[:–—-]\s*\S", re.I
)
"""«Соисполнители: Петров П.П.» on a line of its own: the last line of a responsible cell (Word's text breaks a cell's
lines into rows), never a section heading."""


def _co_executors_line(state: _State, row: _Row, value: str) -> bool:
    """A line naming the co-executors after their label under an activity goes on its responsible cell (read apart
    from the responsible when the plan is finished); a problem says the row was joined."""
    activity = state.activity
    if activity is None or state.layout.column("responsible") is None or not CO_EXECUTORS_LINE_RE.match(value):
        return False
    activity.responsible = f"{activity.responsible}\n{value}" if activity.responsible else value
    state.problems.append(continued_row(row, activity))
    return True


def _read_merged_item(state: _State, row: _Row, value: str, rest: list[_Row | _Gap]) -> bool:
    """Whether a row merged across the table («1.4. Совещание с директорами»: a row inserted above a section's row
    in Word takes its merge) is one more activity of the section whose items it goes on numbering (1.1…1.3 in
    section 1), nothing numbered as its own items under it; if so read it as that activity, its title alone."""
    item, title = _split_heading(value)
    section = state.sections[-1] if state.sections else None
    if item is None or section is None or not section.number or not item.startswith(f"{section.number}."):
        return False
    level = item.count(".")
    if level != section.number.count(".") + 1 or not any(
        a.number and a.number.count(".") == level and a.number.startswith(f"{section.number}.")
        for a in section.activities
    ):
        return False
    if (_next_number(state, rest) or "").startswith(f"{item}."):
        return False  # «1.4. Работа с педагогами» over 1.4.1, 1.4.2: a sub-section
    cells = [""] * len(row.cells)
    for name, text in (("number", item), ("title", title)):
        if (column := state.layout.column(name)) is not None:
            cells[column] = text
    if state.layout.column("title") is None:
        return False
    _new_activity(state, _Row(cells, [False] * len(cells), row.row, row.after_break, row.bold, row.bullet, set()))
    return True


LIST_MARK_RE = re.compile(r"^(?:\d{1,2}|[а-яa-z])\)\s*\S")


def _under_merged_number(state: _State, row: _Row) -> bool:
    """Whether the row fills its title cell alone under the «№» cell of the activity above merged down over it: the
    rest of that activity's title (a cell wrapped onto the next row), never a section heading."""
    number, title = state.layout.column("number"), state.layout.column("title")
    if number is None or title is None or not row.vmerged[number]:
        return False
    return [i for i, text in enumerate(row.cells) if text and not row.vmerged[i]] == [title]


def _list_line(state: _State, row: _Row, value: str) -> bool:
    """Whether a lone title cell is the next item of a list the activity above opened: a bullet («• семинар»,
    «– семинар»), or «1)», «а)» after a title ending with «:» or another such item; never a section heading."""
    title = state.layout.column("title")
    cells = [i for i, text in enumerate(row.cells) if text and not row.vmerged[i]]
    if state.activity is None or cells != [title]:
        return False
    if BULLET_RE.match(value):
        return True
    last = state.activity.title.rstrip().rsplit("\n", 1)[-1].strip()
    return bool(LIST_MARK_RE.match(value)) and (last.endswith(":") or bool(LIST_MARK_RE.match(last)))


ADJECTIVE_END_RE = re.compile(
    r"[а-яё]{2,}(?:ых|их|ого|его|ому|ему|ыми|ими|ый|ную|ная|ное|ные|кая|кое|кие|кий|(?:ск|цк|ьн|нн|чн|бн|тн|дн|рн)ой)$"
)
"""The last word of a title cut after an adjective («Мониторинг качества предметных», «работы школьной»): the noun it
goes with is on the next line. Not any «-ой», «-ие», «-ий»: nouns end so too («с командой», «весной», «совещание»,
«занятий»)."""


COUNTED_START_RE = re.compile(
    r"^\d{1,2}(?:\s*[-–—]\s*\d{1,2})?(?:-?[а-я]{1,2})?\s+"
    r"(?!январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр|год|г\.)"
    r"[а-яё]+(?:ов|ев|ей|ах|ях|ам|ям|ами|ями|а|я)(?![а-яё])"
)
"""A line opening with a count and a word in an oblique case («5–9 классов», «9-х классах», «2 раза в год»): the end of
a phrase, never a heading (not «10 класс», a grade heading its rows, nor a date, «1 сентября – День знаний»)."""


GRADE_RE = re.compile(r"^\d{1,2}(?:\s*[-–—]\s*\d{1,2})?(?:-?[а-яА-Я]{1,2})?\s+класс(?:ы)?\W*$", re.IGNORECASE)
"""«10 класс», «5–9 классы», «9А класс»: a grade heading its rows."""


SUBSTANTIVE_RE = re.compile(r"(?:[юя]щ|вш)(?:их|им|ими)$|^(?:одар[её]нн|молод|[а-я]*мотивированн)")
"""Adjectives and participles standing for a noun at a title's end («Работа со слабоуспевающими», «Контроль
посещаемости неуспевающих», «Наставничество для молодых»): the title is whole."""


OBLIQUE_START_RE = re.compile(r"^[«\"]?[А-ЯЁ][а-яё]{2,}(?:ых|их|ого|его|ому|ему|ыми|ими)(?![а-яё])")
"""A line opening with an adjective in an oblique case («Образовательных результатов», «Педагогического совета»): the
rest of a phrase, never the first words of a section heading (named in the nominative)."""


def _wrapped_title(state: _State, row: _Row, value: str, rest: list[_Row | _Gap]) -> bool:
    """Whether a lone title cell starting with a capital is the second line of the activity's title above, cut
    mid-phrase (a table saved row by row, a PDF converted): see `_title_goes_on`; not in bold under plain rows."""
    title = state.layout.column("title")
    filled = [i for i, text in enumerate(row.cells) if text and not row.vmerged[i]]
    if row.bold and not state.bold_activity:
        return False  # a bold line under plain rows: a heading typed in bold
    return title is not None and filled == [title] and _title_goes_on(state, value, rest)


GOING_ON_RE = re.compile(
    r"^(?:(?:и|в|во|на|по|с|со|для|к|о|об|от|из|за|при|а|или|до|у|без|под|над)\s|[а-яё-]+(?:а|я|ов|ев|ей|ых|их|ого|его)\b)"
)
"""The first word of a cell's second line going on with the first («директора по УВР», «по УВР», «и классные
руководители»): a preposition, a conjunction or a word in the genitive; not «социальный педагог», a person on his
own."""


def _cell_goes_on(state: _State, index: int, before: str, text: str) -> bool:
    """Whether a cell's text goes on with `before`, the same column's text of the activity's row above: `before` is
    broken off or ends with an adjective, or the text starts in lower case with a word that needs one before it. Not in
    a deadline column: «октябрь» under «сентябрь» is the next occurrence, not the rest of the deadline."""
    if _broken_off(before):
        return True
    if state.layout.fields.get(index) in TIMING:
        return False
    last = before.rsplit(None, 1)[-1].lower() if before.strip() else ""
    adjective = bool(ADJECTIVE_END_RE.search(last)) and not SUBSTANTIVE_RE.search(last)
    return _starts_lower(text) and (adjective or bool(GOING_ON_RE.match(text)))


def _wrapped_row(state: _State, row: _Row, title: str, rest: list[_Row | _Gap]) -> bool:
    """Whether an unnumbered row goes on with every cell of the activity above (a row split by a page break): its title
    goes on with the title (`_title_goes_on`) and each other cell goes on with its own (`_cell_goes_on`)."""
    column = state.layout.column("title")
    above = state.activity_row
    others = [
        (index, text) for index, text in enumerate(row.cells) if text and not row.vmerged[index] and index != column
    ]
    if column is None or not title or not others:
        return False
    for index, text in others:
        before = above[index] if index < len(above) else ""
        if not before or not _cell_goes_on(state, index, before, text):
            return False
    return _title_goes_on(state, title, rest)


def _title_goes_on(state: _State, value: str, rest: list[_Row | _Gap]) -> bool:
    """Whether a title line starting with a capital goes on with the title of the activity above: that title stops
    without a full stop after an adjective, or the line opens with an adjective in an oblique case or with a count; the
    line reads as no heading, and the numbering goes on under it as if nothing stood between (a section heading would be
    followed by its own numbers in most plans, and is said in the nominative)."""
    activity = state.activity
    if activity is None or "\n" in value.strip():
        return False
    above = activity.title.rstrip()
    if not above or above[-1] in '.!?:;»)"' or activity is not state.section.activities[-1]:
        return False
    last = above.rsplit(None, 1)[-1].lower()
    cut = ADJECTIVE_END_RE.search(last) and not SUBSTANTIVE_RE.search(last)
    if not (cut or OBLIQUE_START_RE.match(value.strip()) or COUNTED_START_RE.match(value.strip())):
        return False
    if any(pattern.match(value.strip()) for pattern in (TOPIC_HEADING_RE, SCHOOL_RE, TIMING_HEADING_RE, GRADE_RE)):
        return False  # «Методическая работа», «МБОУ СОШ № 2», «Октябрь», «10 класс»: a heading, whatever is above
    return _numbering_goes_on(state, activity.number, rest)


def _numbering_goes_on(state: _State, number: str | None, rest: list[_Row | _Gap]) -> bool:
    """Whether the next numbered row carries on after `number` («2» after «1», «1.4» after «1.3»), or no numbered row
    follows; True in a plan without numbers."""
    if state.layout.column("number") is None or not number:
        return True
    column = state.layout.column("number")
    numbers = (
        _cell(item, column)
        for item in rest[:40]
        if isinstance(item, _Row)
        and not (_is_repeated_header(item.cells, state.layout) or _is_column_index(item.cells))
    )  # past a heading merged across the row («Раздел 2. …» fills the «№» cell too)
    following = next((_number(text) for text in numbers if NUMBER_RE.match(text)), None)
    if following is None:
        return True
    head, _, last = number.rpartition(".")
    return last.isdigit() and following == (f"{head}." if head else "") + str(int(last) + 1)


def _cut_above(state: _State, row: _Row) -> bool:
    """Whether the cell above the row's only cell (in the activity's row) stops after an adjective («Повышение качества
    предметных» ⏎ «Результатов»): the row's text goes on with it on the same line."""
    filled = [i for i, text in enumerate(row.cells) if text and not row.vmerged[i]]
    above = state.activity_row
    if len(filled) != 1 or filled[0] >= len(above) or not above[filled[0]].strip():
        return False
    before = above[filled[0]].rstrip()
    last = before.rsplit(None, 1)[-1].lower()
    return before[-1].isalpha() and bool(ADJECTIVE_END_RE.search(last)) and not SUBSTANTIVE_RE.search(last)


def _lone_detail(state: _State, row: _Row, value: str) -> bool:
    """Whether the value fills one cell, outside the number and title columns: a second responsible person or a
    deadline written on the next row of the activity, not a section heading."""
    cells = [i for i, text in enumerate(row.cells) if text and not row.vmerged[i]]
    return len(cells) == 1 and state.layout.fields.get(cells[0]) not in {"number", "title", None}


def _read_entry(state: _State, row: _Row, values: list[str], number: str, title: str, rest: list[_Row | _Gap]) -> None:
    """A row of several values: planned results, the continuation of the activity before, or a new activity."""
    if state.planned and not number:
        state.add_planned([" ".join(" ".join(values).split())])
        return
    activity = state.activity
    if activity is not None and (rest_of_cells := _repeated_with_rest(state, row)) is not None:
        _merge(state, rest_of_cells)  # the row repeats the one above but for «директора по УВР»: a wrapped cell
        return
    if activity is not None and not number and _wrapped_row(state, row, title, rest):
        _merge(state, row)  # «Образовательных результатов | | директора по УВР» after a page break
        return
    if activity is not None and not number and (_bullet_item(state, row, title) or _whole_row(state, row, title)):
        _new_activity(state, row)  # «– семинар для учителей» with its own deadline, under «Организация работы:»
        return
    if activity is not None and not number and (not title or _starts_lower(title) or _broken_off_row(state)):
        title_column = state.layout.column("title")
        merged_title = title_column is not None and row.vmerged[title_column]
        # under a title merged down over several rows, each row is one more line (two deadlines, two people)
        # a row with no title of its own («| | май 2025 | | Справка») adds lines: a second date, a second result
        separate = (merged_title or not title or BULLET_RE.match(title)) and not _broken_off_row(state)
        _merge(state, row, separator="\n" if separate else " ")
        return
    if activity is not None and _numbered_rest(state, activity, row, number, title):
        _merge_numbered(state, activity, row, number)
        return
    _new_activity(state, row)


TIMING = {"deadline", "deadline_end", "period", "slot"}


def _repeated_with_rest(state: _State, row: _Row) -> _Row | None:
    """The row without the cells it repeats when it writes the activity above again (its number or title the same)
    but for cells going on with that row's («Заместитель» ⏎ «директора по УВР», `_cell_goes_on`): a cell wrapped onto
    the next line of a table whose merged cells were filled in on each row (a PDF converted, a sheet unmerged). None for
    any other row."""
    above = state.activity_row
    layout = state.layout
    same, rest = [], []
    for index, text in enumerate(row.cells):
        if not text or row.vmerged[index]:
            continue
        before = above[index] if index < len(above) else ""
        if text == before:
            same.append(index)
        elif before and _cell_goes_on(state, index, before, text):
            rest.append(index)
        else:
            return None
    key = {layout.column("number"), layout.column("title")} - {None}
    if not rest or not key & set(same):
        return None
    cells = [text if index in rest else "" for index, text in enumerate(row.cells)]
    return _Row(cells, row.vmerged, row.row, row.after_break, row.bold, row.bullet)


def _bullet_item(state: _State, row: _Row, title: str) -> bool:
    """Whether an unnumbered row listing one item («– семинар», «• круглый стол») under the activity above is an
    activity of its own: it has its own deadline or responsible, and the row above is not broken off."""
    if not (BULLET_RE.match(title) or LETTER_TITLE_RE.match(title)) or _broken_off_row(state):
        return False
    return bool(_cell(row, state.layout.column("deadline")) or _cell(row, state.layout.column("responsible")))


def _whole_row(state: _State, row: _Row, title: str) -> bool:
    """Whether an unnumbered row whose title starts in lower case («проведение педсовета») is an activity of its own,
    not the rest of the one above: it has its own deadline and its own responsible, and the row above is not
    broken off."""
    layout = state.layout
    responsible = _cell(row, layout.column("responsible"))
    own = _cell(row, layout.column("deadline")) and responsible
    if responsible and responsible.split()[0].lower() in BREAK_WORDS:
        return False  # «по УВР», «и классные руководители»: the rest of the responsible above
    if _title_alone(state):
        return False  # «1 | Анализ результатов | | |» ⏎ «всероссийских проверочных работ | май | Завуч»: its rest
    return bool(title and own) and not _broken_off_row(state)


def _title_alone(state: _State) -> bool:
    """Whether the activity above holds its title alone, not announcing a list («Семинары:»): its cells went on in the
    row under it (the title wrapped onto the next row, the deadline and responsible written there)."""
    activity = state.activity
    if activity is None or activity.title.rstrip().endswith((":", ";", ".")):
        return False
    return not any(getattr(activity, name) for name in ("deadline", "responsible", "expected_result", "final_document"))


def _numbered_rest(state: _State, activity: ImportedActivity, row: _Row, number: str, title: str) -> bool:
    """Whether a numbered row whose title starts in lower case is the rest of the activity without a number
    above it, split by a page break (002)."""
    if not (number and activity.number is None and title and _starts_lower(title)):
        return False
    return row.after_break or _broken_off_row(state)


def _merge_numbered(state: _State, activity: ImportedActivity, row: _Row, number: str) -> None:
    """002: the number came on the part of the row after the page break (a new table or a repeated header, or a
    row broken off mid-sentence before it); the row continues the activity, which takes the number (and loses
    its `missing_number` problem). Without a break, the numbered row is the next activity, even when its title
    starts in lower case («обучение на курсах …»)."""
    activity.number = _number(number)
    _merge(state, row)
    state.problems = [p for p in state.problems if not (p.code == "missing_number" and p.row == activity.row)]
