"""Section headings in table rows: numbered headings over their sub-items, marked «II.», «Раздел 2»,
tasks, fields of work, and the deadline and responsible a heading row gives its activities."""

from __future__ import annotations

import re

from services.roadmap.plan_import.recognise.aliases import normalise_header
from services.roadmap.plan_import.recognise.columns import TIMING_FIELDS
from services.roadmap.plan_import.recognise.header import _is_column_index, _is_repeated_header
from services.roadmap.plan_import.recognise.state import _cell, _Gap, _Row, _State
from services.roadmap.plan_import.recognise.text import (
    BULLET_RE,
    HEADING_RE,
    LIST_LINE_RE,
    NUMBER_RE,
    TASK_RE,
    TIMING_HEADING_RE,
    TITLE_NUMBER_RE,
    _dedupe,
    _number,
    _short,
    _split_heading,
    _split_task,
    cell_list,
)
from services.roadmap.plan_import.schemas import ImportProblem


def _next_number(state: _State, rest: list[_Row | _Gap]) -> str | None:
    """The number of the next numbered row, past a page break and the header repeated after it."""
    column = state.layout.column("number")
    if column is None:
        return None
    for item in rest[:40]:
        if not isinstance(item, _Row) or _is_repeated_header(item.cells, state.layout) or _is_column_index(item.cells):
            continue
        if _cell(item, column):
            return _number(_cell(item, column))
    return None


def _title_only_activity(state: _State, row: _Row, value: str) -> bool:
    """Whether a row filling only its title cell (not merged across the row) under an activity is one more activity
    whose deadline and responsible only the group's first row shows (a CSV or a sheet keeps no merge), not a
    section heading: the section above it shows a deadline or a responsible, and the text does not read as a
    heading (a colon at its end, capitals only)."""
    title = state.layout.column("title")
    cells = [i for i, text in enumerate(row.cells) if text]
    activity = state.activity
    if activity is None or cells != [title] or row.vmerged[cells[0]] or activity is not state.section.activities[-1]:
        return False
    if activity.number or value.rstrip().endswith(":") or value.upper() == value or "\n" in value.strip():
        return False  # numbered activities above: an unnumbered row is a heading, not one of them
    if SCHOOL_RE.match(value) or TIMING_HEADING_RE.match(value) or TOPIC_HEADING_RE.match(value.strip()):
        return False  # a school's name, a month, «Работа с родителями»: a heading
    if row.bold and not state.bold_activity:
        return False  # a bold line under plain rows
    return any(a.deadline or a.responsible for a in state.section.activities)


TOPIC_HEADING_RE = re.compile(
    r"^(?:[\w-]+\s+){0,3}работа(?:\s+с\s+[\w\s,«»\"()-]+)?\.?$|^(?:[\w-]+\s+){0,3}(?:мероприятия|обеспечение)\.?$",
    re.IGNORECASE,
)
"""«Работа с родителями», «Методическая работа», «Организационные мероприятия», «Кадровое обеспечение»: the name of a
field of work heading the rows under it, not an activity."""


SCHOOL_RE = re.compile(
    r"^[\W_]*(?:\d{3,6}\s*[-–—.,:]?\s*)?(?:[МГЧН]?[БКА]?ОУ|СОШ|ООШ|НОШ|школа|гимназия|лицей|ОО)(?![а-яё])",
    re.IGNORECASE,
)
"""A school's name, maybe after its code («МБОУ «СОШ № 3»», «0123 МКОУ …», «Гимназия № 1»): the heading of the
school's rows."""


def _task_heading(state: _State, text: str) -> bool:
    """Whether «Задача 1: …» or «Цель 1. …» (or «Задача: …», «Цель: …») heads the rows under it, as a section; not
    when it only states the task of a track whose heading came just before («Трек 2 - …», «Задача: …», the table)."""
    match = TASK_RE.match(text.strip())
    if not match or not (match.group(1) or match.group(2)):
        return False  # «Цель», «Задача» alone: a column's name, no heading
    current = state.sections[-1] if state.sections else None
    return not (current is not None and not current.activities and HEADING_RE.match(current.title))


ROMAN_NUMBER_RE = re.compile(r"^[IVXLC]{1,6}[.)]?$")


def _only_title(state: _State, row: _Row, title: str) -> bool:
    """Whether the row holds nothing but its number and title (and maybe the section's period)."""
    number_col = state.layout.column("number")
    fields = state.layout.fields
    others = {c for i, c in enumerate(row.cells) if i != number_col and not row.vmerged[i] and c}
    timing = {c for i, c in enumerate(row.cells) if fields.get(i) in TIMING_FIELDS and c != title}
    return others - timing == {title}


def _read_marked_heading(state: _State, row: _Row, number: str, title: str) -> bool:
    """Whether the «№» cell marks a section, «II.», «Раздел 2», «Задача 2», beside its title alone; if so start the
    section as a row merged across the table would. A mark beside no title or beside a row of column names («Раздел 2 |
    Учителя | Ученики | Родители») is the section alone; a word mark («Раздел 2», «Задача 2») numbers no activity:
    beside its title with a deadline and a responsible it heads the rows under it, which take them."""
    label = TASK_RE.match(number)
    label = label if label and not label.group(2) else None  # «Цель:», «Задача», «Задача 2» alone in the cell
    worded = bool(number and not NUMBER_RE.match(number) and (HEADING_RE.match(number) or label))
    marked = ROMAN_NUMBER_RE.match(number) or CAPITAL_LETTER_RE.match(number) or worded
    if not (number and marked):
        return False
    if not title or _names_groups(state, row, number):
        _read_bare_mark(state, row, number, title)
        return True
    details = _heading_details(state, row, title) if worded and title else None
    if not (title and (details is not None or _only_title(state, row, title))):
        return False
    mark = " ".join(number.split()).rstrip(".:")
    text = f"{mark}{'.' if label is None or label.group(1) else ':'} {' '.join(title.split())}"
    _row_heading(state, row, *(_split_task(text) if label else _split_heading(text)))
    details = details or _heading_details(state, row, title)
    if details:
        state.details[id(state.sections[-1])] = (row.row, details)  # «Раздел 2 | … | 2024-2025»: its rows' deadline
    return True


def _read_titled_heading(state: _State, row: _Row, number: str, title: str) -> bool:
    """Whether an unnumbered row whose title names a section by its word and number («Раздел 1. Организационная
    работа», «Этап 2 – …», the cell maybe merged over the «№» one) holds nothing besides the section's deadline and
    responsible; if so it is the section, and its activities without them take them."""
    if number or not title or not HEADING_RE.match(title):
        return False
    details = _heading_details(state, row, title)
    if details is None:
        return False
    _row_heading(state, row, *_split_heading(title))
    state.details[id(state.sections[-1])] = (row.row, details)
    return True


GROUP_WORD_RE = re.compile(
    r"^(?:(?:молодые|классные|школьные)\s+)?(?:учителя(?:-предметники)?|педагоги(?:-[а-яё]+)?|ученики|учащиеся|"
    r"обучающиеся|родители|дети|выпускники|воспитанники|воспитатели|школьники|студенты|специалисты|наставники|"
    r"наставляемые|руководители|администрация|общественность|партн[её]ры)(?:\s*\([^)]*\))?\.?$",
    re.IGNORECASE,
)
"""The groups an activity is for («Учителя», «Обучающиеся», «Родители (законные представители)»): column names of a
plan-grid by target group, no activity's title."""


def _names_groups(state: _State, row: _Row, number: str) -> bool:
    """Whether the cells beside a section mark repeat column names, not an activity: the header's own texts in their
    columns, or two target groups and more («Учителя | Ученики | Родители»), nothing long or numbered."""
    values = [
        (index, " ".join(text.split()))
        for index, text in enumerate(row.cells)
        if text and text != number and not row.vmerged[index]
    ]
    norms = state.layout.header_norms + state.layout.sub_norms
    if not values or any(len(text) > 40 or any(ch.isdigit() for ch in text) for _, text in values):
        return False
    repeated = all(normalise_header(text) in norms for _, text in values)
    return repeated or (len(values) >= 2 and all(GROUP_WORD_RE.match(text) for _, text in values))


def _read_bare_mark(state: _State, row: _Row, number: str, title: str) -> None:
    """«Раздел 2» in the «№» cell beside no title: the section. A deadline and a responsible beside it are its rows';
    any other text (column names repeated under the heading) is not loaded, and a problem names it."""
    mark = " ".join(number.split())
    if TASK_RE.match(mark):
        _row_heading(state, row, *_split_task(mark))
    elif HEADING_RE.match(mark):
        _row_heading(state, row, *_split_heading(mark))
    else:
        _row_heading(state, row, mark.rstrip(".)"), mark.rstrip("."))  # «II.», «Б)»: the section is its mark
    details = None if title else _heading_details(state, row, "")
    if details:
        state.details[id(state.sections[-1])] = (row.row, details)
        return
    _column_names(state, row, [text for text in _dedupe(row.cells) if text != number], mark)


def _read_names_row(state: _State, row: _Row, number: str) -> bool:
    """Whether an unnumbered row only names columns, «| Учителя | Ученики | Родители» under a section heading (the
    target groups of a plan-grid written again in each section); if so it is skipped, and a problem names it."""
    if number or not _names_groups(state, row, number):
        return False
    state.end_activity()
    _column_names(state, row, _dedupe(row.cells), None)
    return True


def _column_names(state: _State, row: _Row, values: list[str], mark: str | None) -> None:
    """A row's texts naming columns are not loaded: a problem names them, unless they repeat the header's own words
    (its second row written again)."""
    norms = state.layout.header_norms + state.layout.sub_norms
    if all(normalise_header(text) in norms for text in values):
        return
    beside = f" рядом с заголовком раздела «{_short(mark)}»" if mark else ""
    state.problems.append(
        ImportProblem(
            row=row.row,
            code="header_like_row",
            detail=f"Строка {row.row}: «{_short(' | '.join(values), 80)}»{beside} не загружено (похоже на названия "
            "столбцов, а не на мероприятие)",
        )
    )


CAPITAL_LETTER_RE = re.compile(r"^[А-ЯЁ][.)]?$")
"""«А.», «Б)», «В» in the «№» cell beside a title alone: a section lettered as roman numerals would number it."""


def _read_top_heading(state: _State, row: _Row, rest: list[_Row | _Gap], number: str, title: str) -> bool:
    """Whether the row is a numbered section heading («1.» or «1.2.» and a title merged across the row, or
    followed by its sub-items 1.1, 1.2 or 1.2.1), and if so start the section."""
    written = None if number or cell_list(title) else TITLE_NUMBER_RE.match(title)
    if written and not LIST_LINE_RE.search(written.group(2)):
        number, title = written.group(1), written.group(2)  # «1. Организационные мероприятия» in the title cell
    if not (number and title and NUMBER_RE.match(number)):
        return False
    top = _number(number)
    has_items = (_next_number(state, rest) or "").startswith(f"{top}.")
    details = _heading_details(state, row, title) if has_items else None
    if details is None and (written or not _only_title(state, row, title)):
        return False
    if (
        _merged_title(state, row)
        or has_items
        or _heads_numbered_rows(state, rest, top)
        or _heads_unnumbered_rows(state, rest, top, announces=title.rstrip().endswith(":"))
        or _empty_sibling(state, rest, top)
    ):
        # «2. Работа с педагогами | в течение года» over 2.1, 2.2: the section's period is no activity
        parent = state.sections[-1] if state.sections else None
        if parent and not parent.activities and top and parent.number and top.startswith(f"{parent.number}."):
            state.empty.append(parent)  # «1. Организационные мероприятия» over «1.1. Работа с педагогами»
        _row_heading(state, row, top, " ".join(title.split()))
        state.numbered_heading = top
        if details and state.sections[-1].number == top:
            state.details[id(state.sections[-1])] = (row.row, details)
        return True
    return False


LEADING_NUMBER_RE = re.compile(r"\d{1,3}(?:\.\d{1,3})*(?=\.?(?:\s|$))")
"""The number a «№» cell starts with: «4» of «4. Мониторинг» (a section's row merged across the table)."""


def _empty_sibling(state: _State, rest: list[_Row | _Gap], top: str | None) -> bool:
    """Whether a row of its number and title alone («3 | Работа с родителями | | |», a section's row unmerged) is a
    section without activities between numbered sections: the section before it has the number before its own and
    activities numbered as its sub-items, and the next numbered row is the next section's heading («4» or «4.
    Мониторинг» merged across the row) over its own sub-items."""
    current = state.sections[-1] if state.sections else None
    if top is None or not top.isdigit() or current is None or current.number != str(int(top) - 1):
        return False
    numbered = [a.number for a in current.activities if a.number]
    if not numbered or not all(n.startswith(f"{current.number}.") for n in numbered):
        return False
    column = state.layout.column("number")
    cells = [_cell(item, column) for item in rest[:40] if isinstance(item, _Row)]
    following = [lead.group() for text in cells if text and (lead := LEADING_NUMBER_RE.match(text))][:2]
    after = str(int(top) + 1)
    return len(following) == 2 and following[0] == after and following[1].startswith(f"{after}.")


def _merged_title(state: _State, row: _Row) -> bool:
    """Whether the title cell is merged across its neighbour (its text repeated in the next column or the one
    before), not only written again in another column («1.2. | План | | | План»: a result named like the title)."""
    column = state.layout.column("title")
    if column is None:
        return False
    cells = row.cells
    title = cells[column]
    return any(0 <= i < len(cells) and cells[i] == title for i in (column - 1, column + 1))


INHERITED_FIELDS = ("deadline", "responsible")


def _heading_details(state: _State, row: _Row, title: str) -> dict[str, str] | None:
    """The deadline and the responsible of a numbered row over its sub-items that holds nothing else besides its
    number and title («1. | Организационные мероприятия | 2024 | Директор» over 1.1, 1.2): the section's, passed on to
    its activities that have none. None when the row holds anything else (a result, a document: an activity)."""
    layout = state.layout
    skipped = {layout.column("number"), layout.column("title")}
    details: dict[str, str] = {}
    for index, text in enumerate(row.cells):
        if index in skipped or row.vmerged[index] or not text or text == title:
            continue
        if index and row.cells[index - 1] == text:
            continue  # one cell merged over the deadline and the responsible: the first names it
        name = layout.fields.get(index)
        if name not in (*INHERITED_FIELDS, "period") or name in details:
            return None
        details[name] = text
    return details or None


def _heads_numbered_rows(state: _State, rest: list[_Row | _Gap], top: str | None) -> bool:
    """Whether a numbered row holding its title alone heads the activities under it though they are not numbered
    as its sub-items: the row right under it starts the numbering anew («1.» Работа с кадрами over «1», «2»), or
    the heading row before it had the number before its own («1.», then «2.» over «3», «4»)."""
    if top is None or not top.isdigit():
        return False
    following = next(
        (
            item
            for item in rest[:6]
            if isinstance(item, _Row)
            and not (_is_repeated_header(item.cells, state.layout) or _is_column_index(item.cells))
        ),
        None,
    )  # across a page break and the header repeated after it
    if following is None:
        return False
    number = _number(_cell(following, state.layout.column("number"))) or ""
    if number == "1":
        return True
    title = _cell(following, state.layout.column("title"))
    detailed = bool(title) and not _only_title(state, following, title)  # an activity with its deadline, its result
    return state.numbered_heading == str(int(top) - 1) and number.isdigit() and detailed


def _heads_unnumbered_rows(state: _State, rest: list[_Row | _Gap], top: str | None, *, announces: bool = False) -> bool:
    """Whether a numbered row holding its title alone («1 | Организационные мероприятия | | |») heads the unnumbered
    activities right under it: the next row has no number, a title of its own starting with a capital (no rest of a
    title broken off) and its own deadline or responsible; the plan numbers its sections, not its activities. A
    bullet before that title («• Приказ о рабочей группе») is no part of it, unless the row `announces` a list
    («1. Семинары:» over «– Семинар для учителей математики»: its items, numbered 1.1, 1.2)."""
    if top is None or not top.isdigit():
        return False
    layout = state.layout
    following = next(
        (
            item
            for item in rest[:6]
            if isinstance(item, _Row)
            and any(item.cells)
            and not (_is_repeated_header(item.cells, layout) or _is_column_index(item.cells))
        ),
        None,
    )
    if following is None or _cell(following, layout.column("number")):
        return False
    title = _cell(following, layout.column("title"))
    if not announces:
        title = BULLET_RE.sub("", title, count=1)
    own = any(_cell(following, layout.column(name)) for name in INHERITED_FIELDS)
    return bool(title) and title[:1].isupper() and own and not _only_title(state, following, title)


def _row_heading(state: _State, row: _Row, number: str | None, title: str) -> None:
    """A heading row starts a section, unless it is the first sub-heading under a «Процесс N: …» heading
    written above the table with the same number (002): then the process stays the section and the
    sub-heading's rows belong to it; a problem names the sub-heading so that nothing is dropped silently."""
    current = state.sections[-1] if state.sections else None
    if (
        current is not None
        and number is not None
        and current.number == number
        and not current.activities
        and not current.planned_results
        and HEADING_RE.match(current.title)
        and not HEADING_RE.match(title)
    ):
        state.problems.append(
            ImportProblem(
                row=row.row,
                code="subheading_in_section",
                detail=f"Строка {row.row}: подзаголовок «{_short(title)}» отнесён к разделу «{_short(current.title)}»",
            )
        )
        state.end_activity()
        return
    state.start_section(number, title)
    if current is not None and current is state.row_heading and not current.activities and not current.planned_results:
        state.over.append((current, state.sections[-1]))  # «Раздел 1» right over «Работа с кадрами»
    state.row_heading = state.sections[-1]
