"""A new activity from a row, a row continuing the one above, and the problems an activity raises."""

from __future__ import annotations

import re
from datetime import date, timedelta

from services.roadmap.plan_import.recognise.columns import JOIN_PREFIX, Layout, _slot_summary, _slot_text
from services.roadmap.plan_import.recognise.headings import INHERITED_FIELDS, _next_number
from services.roadmap.plan_import.recognise.state import _cell, _header_of, _Row, _State
from services.roadmap.plan_import.recognise.text import (
    BULLET_RE,
    DASHES_RE,
    LETTER_RE,
    LETTER_TITLE_RE,
    LIST_LINE_RE,
    NUMBER_LETTER_RE,
    NUMBER_RANGE_RE,
    NUMBER_RE,
    PLAIN_NUMBER_RE,
    TIMING_HEADING_RE,
    TITLE_NUMBER_RE,
    YEAR_RE,
    _broken_off,
    _dedupe,
    _join,
    _number,
    _short,
    _starts_lower,
    cell_list,
)
from services.roadmap.plan_import.schemas import ImportedActivity, ImportedSection, ImportProblem


def _broken_off_row(state: _State) -> bool:
    return any(_broken_off(text) for text in state.activity_cells)


def _field_texts(state: _State, row: _Row, *, shared: bool) -> dict[str, str]:
    """A row's texts by field. `shared`: a cell merged down from the row above (a responsible body or a
    deadline shared by several activities) counts for this row too, except the number and the title."""
    texts: dict[str, str] = {}
    marked: dict[int, str] = {}  # plan-grid columns marked
    for column, name in state.layout.fields.items():
        if name in {"number", "section"}:
            continue
        text = row.cells[column] if shared and name != "title" else _cell(row, column)
        if name == "extra" and _spans_left(state.layout, row, column):
            continue  # a cell merged over two columns under a header merged over both
        if name != "title" and not name.startswith(JOIN_PREFIX) and _spans_title(state.layout, row, column):
            continue  # the title cell merged over the deadline column: the title is no deadline
        if name not in SPREAD_FIELDS and not name.startswith(JOIN_PREFIX) and row.spans and column in row.spans:
            continue  # «В течение года» merged over «Срок | Ответственный» (as the file says): the deadline alone
        if name != "title" and (DASHES_RE.match(text) or (name != "slot" and NOT_APPLICABLE_RE.match(text))):
            continue  # «–» in a deadline or result cell, «х» (Excel's «not applicable»): nothing
        label = state.layout.labels.get(column)
        if name == "slot":
            if text and label:
                marked[column] = text
                texts["slot"] = ", ".join(t for t in (texts.get("slot", ""), _slot_text(label, text)) if t)
            continue
        if name.startswith(JOIN_PREFIX):
            joined = name.removeprefix(JOIN_PREFIX)
            if text and (label or text != row.cells[column - 1]):  # not the same cell merged over both columns
                shown = f"{label}: {text}" if label else text
                texts[joined] = ", ".join(t for t in (texts.get(joined, ""), shown) if t)
            continue
        if name == "extra":
            name = "extra:" + state.layout.headers[column]
        if text:
            texts[name] = f"{label}: {text}" if label else text
    if summary := _slot_summary(state.layout, marked):
        texts["slot"] = summary
    return texts


NOT_APPLICABLE_RE = re.compile(r"^[хxХX]$")
"""«х» (Cyrillic or Latin) in a cell: nothing to say there, as «–» (an accountant's mark in Excel); in a plan-grid's
month it marks the month (a slot)."""


SPREAD_FIELDS = {"title", "slot"}
"""Fields a cell merged from the column on its left still fills: the title's own columns, and the months of a
plan-grid a mark merged over them covers."""


def _spans_title(layout: Layout, row: _Row, column: int) -> bool:
    """Whether the cell is part of the title cell merged to the right over it (its text repeated from the title
    column up to it)."""
    title = layout.column("title")
    if title is None or column <= title or not row.cells[title]:
        return False
    return all(row.cells[index] == row.cells[title] for index in range(title + 1, column + 1))


def _spans_left(layout: Layout, row: _Row, column: int) -> bool:
    """Whether the cell repeats the one on its left under a header cell merged over both columns: merged with it, as
    the file says (a DOCX or XLSX cell), or holding the same text (text has no merges; «сентябрь | сентябрь» under
    «Срок» over «план | факт» in a file are two values)."""
    norms = layout.header_norms
    return (
        0 < column < len(norms)
        and bool(norms[column])
        and norms[column] == norms[column - 1]
        and row.cells[column] == row.cells[column - 1]
        and (row.spans is None or column in row.spans)
    )


DITTO_RE = re.compile(
    r"^[«\"“]?\s*(?:[-–—]?\s*//\s*[-–—]?|[-–—]\s*[«»\"“”„]\s*[-–—])\s*[»\"”]?\.?$"
    r"|^(?:[«»\"“”„]{1,2}|то\s*же(?:\s+самое)?|аналогично)\.?$",
    re.IGNORECASE,
)
"""«-//-» (maybe in quotes), «-“-», «”», «то же», «аналогично» in a cell: the same as in the row above (a ditto
mark)."""


def _ditto(state: _State, texts: dict[str, str]) -> None:
    """A ditto mark in a cell other than the title repeats the value of the activity above (its section's last, or the
    plan's last before it); with no activity above it stays as written."""
    above = next((s.activities[-1] for s in reversed(state.sections) if s.activities), None)
    if above is None:
        return
    for name, text in texts.items():
        if name == "title" or not DITTO_RE.match(text.strip()):
            continue
        if name.startswith("extra:"):
            texts[name] = above.extra.get(name.removeprefix("extra:"), "")
        elif name in {"responsible", "deadline", "expected_result", "final_document", "period"}:
            texts[name] = getattr(above, name)


def _new_activity(state: _State, row: _Row) -> None:
    texts = _field_texts(state, row, shared=True)
    _ditto(state, texts)
    number = _number(_cell(row, state.layout.column("number")))
    number_col = state.layout.column("number")
    if number_col is not None and row.vmerged[number_col] and NUMBER_RE.match(row.cells[number_col]):
        number = _number(row.cells[number_col])  # «1» merged down over the rows of its parts, each with a title
        state.shared_numbers.add(row.row)
    listed_items = cell_list(texts.get("title", ""))
    if listed_items is not None:
        texts["title"] = "\n".join(listed_items)  # «1) Семинар; 2) Уроки»: one activity, an item a line
    numbered = None if listed_items else TITLE_NUMBER_RE.match(texts.get("title", ""))
    if numbered and not LIST_LINE_RE.search(numbered.group(2)) and number in {None, numbered.group(1)}:
        # «1.2. Анализ ВПР» with the «№» cell empty, or saying «1.2» again (a title cell numbered by Word)
        number, texts["title"] = numbered.group(1), numbered.group(2)
    bulleted = row.bullet
    if not number and BULLET_RE.match(texts.get("title", "")) and not _bullet_list(texts["title"]):
        texts["title"], bulleted = BULLET_RE.sub("", texts["title"], count=1), True
    if not number and bulleted and (listed := _list_item(state, texts)) is not None:
        number, texts["title"] = listed
    lettered = None if number else LETTER_TITLE_RE.match(texts.get("title", ""))
    if lettered:
        number, texts["title"] = lettered.group(1), lettered.group(2)
    if number and LETTER_RE.match(number):
        number = _lettered(state, number)
    elif number and (joined := NUMBER_LETTER_RE.match(number)):
        number = f"{joined.group(1)}.{joined.group(2)}"  # «1а», «1 а)», «1.а)» → «1.а»
    if number and state.planned:
        state.planned = False
    number = _tenth(state, number)
    if number and _own_section(state.section, number, _next_number(state, state.upcoming)):
        # 001: «5.» after 4.1…4.5 has no sub-items and a full row; it is its own section's only activity
        state.start_section(number, " ".join(texts.get("title", "").split()))
    activity = ImportedActivity(
        row=row.row,
        number=number,
        title=texts.get("title", ""),
        responsible=texts.get("responsible", ""),
        deadline=_deadline(state, texts) or _section_timing(state),
        expected_result=texts.get("expected_result", ""),
        final_document=texts.get("final_document", ""),
        period=texts.get("period", ""),
        extra={k.removeprefix("extra:"): v for k, v in texts.items() if k.startswith("extra:")},
    )
    _inherit(state, activity)
    state.section.activities.append(activity)
    if state.listing is not None and number and number.startswith(f"{state.listing[0].number}."):
        state.listing[1].append(activity)
    state.activity, state.activity_cells, state.activity_row = activity, [c for c in row.cells if c], list(row.cells)
    state.bold_activity = row.bold
    _activity_problems(state, row, activity)


LIST_FIELDS = ("responsible", "deadline", "expected_result", "final_document", "period")


def _bullet_list(title: str) -> bool:
    """Whether a title is a list of bulleted lines («- Провести семинар;⏎- Организовать открытые уроки»): one
    activity with its items as lines (see `text.cell_list`), its first bullet kept like the others."""
    return sum(1 for line in title.splitlines() if BULLET_RE.match(line.strip())) >= 2


def _list_item(state: _State, texts: dict[str, str]) -> tuple[str, str] | None:
    """The number and title of a bulleted activity with its own deadline or responsible under a numbered row that only
    announces a list, its title alone («1. | Семинары: | | » over «– для учителей математики | сентябрь», «– для
    учителей физики | октябрь»): the list's items are the activities, numbered as its sub-items («1.1», «1.2»), a
    title in lower case going on with the list's («Семинары: для учителей математики»); the announcing row is no
    activity. None for any other row."""
    if not any(texts.get(name) for name in ("deadline", "responsible")):
        return None
    current = state.activity
    if state.listing is not None and current is not None and current is state.listing[1][-1]:
        lead, items = state.listing
    elif current is not None and _announces_list(current) and state.section.activities[-1:] == [current]:
        lead, items = current, []
        state.section.activities.pop()
    else:
        return None
    title = texts.get("title", "")
    if title and _starts_lower(title):
        title = f"{lead.title} {title}"
    state.listing = (lead, items)
    return f"{lead.number}.{len(items) + 1}", title


def _announces_list(activity: ImportedActivity) -> bool:
    """«1. Семинары:» (or «1. Семинары»): a numbered title and nothing else, no deadline of its own."""
    filled = any(getattr(activity, name) for name in LIST_FIELDS) or activity.extra
    return bool(activity.number) and bool(activity.title) and not filled


def _tenth(state: _State, number: str | None) -> str | None:
    """«1.1» right after «1.9» (or «1.2» after «1.19»): Excel kept «1.10» typed in a number cell as the number 1.1 and
    dropped its zero; the number the plan meant is «1.10»."""
    previous = next((a.number for a in reversed(state.section.activities) if a.number), None)
    if not number or not previous or "." not in number:
        return number
    parent, last = number.rsplit(".", 1)
    before, prior = previous.rsplit(".", 1) if "." in previous else ("", previous)
    if parent != before or not (last.isdigit() and prior.isdigit()) or int(last) == int(prior) + 1:
        return number
    return f"{parent}.{last}0" if int(f"{last}0") == int(prior) + 1 else number


def _inherit(state: _State, activity: ImportedActivity) -> None:
    """An activity without a deadline or a responsible takes its section heading row's."""
    key = id(state.section)
    given = state.details.get(key)
    if given is None:
        return
    for name in INHERITED_FIELDS:
        text = given[1].get(name) or (given[1].get("period", "") if name == "deadline" else "")
        if text and not getattr(activity, name):
            setattr(activity, name, text)
            state.passed.add((key, name))


def _section_timing(state: _State) -> str:
    """The deadline of an activity in a table without a deadline column, grouped under month (or year) headings
    («Сентябрь» merged across the row): the heading's text."""
    layout = state.layout
    timed = any(layout.column(name) is not None for name in ("deadline", "period", "slot"))
    if timed or not state.sections:
        return ""
    title = state.sections[-1].title
    return title if TIMING_HEADING_RE.match(title) or YEAR_RE.match(title) else ""


def _lettered(state: _State, letter: str) -> str:
    """«а» under «1.» (the last plain number above in the section, or the section's own) → «1.а»; the letter alone
    when nothing above is numbered."""
    letter = letter.strip("().").strip()
    parents = [a.number for a in state.section.activities if a.number and PLAIN_NUMBER_RE.match(a.number)]
    parents = [n for n in parents if not LETTER_RE.match(n.rsplit(".", 1)[-1])]
    parent = parents[-1] if parents else state.section.number
    return f"{parent}.{letter}" if parent and NUMBER_RE.match(parent) else letter


def _deadline(state: _State, texts: dict[str, str]) -> str:
    """The deadline as written: its column (or the period's when there is none), joined with the end column of
    a table that splits it in two («01.09.2024 – 30.09.2024»)."""
    start = texts.get("deadline", "") if state.layout.column("deadline") is not None else texts.get("period", "")
    start, end = _serial_date(start), _serial_date(texts.get("deadline_end", ""))
    written = f"{start} – {end}" if start and end and end != start else start or end
    return _join(written, texts.get("slot", ""), ", ")


_SERIAL = re.compile(r"^\d{5}(?:[.,]0+)?$")


_EXCEL_EPOCH = date(1899, 12, 30)


_SERIALS = range((date(2000, 1, 1) - _EXCEL_EPOCH).days, (date(2100, 1, 1) - _EXCEL_EPOCH).days)


def _serial_date(text: str) -> str:
    """A date Excel kept as a number in a cell formatted «Общий» (`45200`, a deadline column holds no other
    five-digit number) as the date it counts, `01.10.2023`; any other text as written."""
    if not _SERIAL.match(text):
        return text
    days = int(text[:5])
    return f"{_EXCEL_EPOCH + timedelta(days=days):%d.%m.%Y}" if days in _SERIALS else text


def _own_section(section: ImportedSection, number: str, following: str | None = None) -> bool:
    """Whether a number after the numbered section's sub-items starts a section: a top-level «5» after «4.1»…, or a
    «1.2» after the items of the heading «1.1» (1.1.1, 1.1.2), neither being an item of it; so does a number of the
    same level after a section made so («3» after «2», its own section). Not when the numbering goes back under it
    (`following`, the next row's number: «2.3» after «5.» pasted among 2.1, 2.2, or «3.» after it): the row stays an
    activity of its section, as it stands (`finish._foreign_numbers` names it)."""
    if not (PLAIN_NUMBER_RE.match(number) and section.number and NUMBER_RE.match(section.number)):
        return False
    prefix = f"{section.number}."
    if number.startswith(prefix) or number.count(".") > section.number.count("."):
        return False  # an item of the section, or of a level under it
    if following and (following.startswith(prefix) or _goes_back(number, following)):
        return False
    numbered = [a.number for a in section.activities if a.number]
    if len(section.activities) == 1 and numbered == [section.number]:
        # «2.» after 1.1, 1.2 made a section of its own activity: «3.» under it is one more, not an activity of «2.»
        return section.title == " ".join(section.activities[0].title.split())
    return bool(numbered) and all(n.startswith(prefix) for n in numbered)


def _goes_back(number: str, following: str) -> bool:
    """Whether the next row's number comes before `number` at its level («3» or «3.1» after «5»)."""
    ours, theirs = number.split("."), following.split(".")[: number.count(".") + 1]
    if not all(part.isdigit() for part in ours + theirs) or len(theirs) != len(ours):
        return False
    return [int(p) for p in theirs] < [int(p) for p in ours]


LIST_MARK_RE = re.compile(r"^(?:[а-ик-щэюяa-z]|[IVX]{1,5}(?:\.\d{1,3})*)$")
"""«а», «б» (from «а)»), «I», «II», «I.1»: the activities of a plan numbered by letters or roman numerals (typed, or by
Word's list; the items of section «I» as «I.1», «I.2»), no unusual number."""


def _activity_problems(state: _State, row: _Row, activity: ImportedActivity) -> None:
    """A new activity without a number, with an unusual one, or without a title."""
    number = activity.number
    if number is None and state.layout.column("number") is not None and not row.bullet:
        state.problems.append(
            ImportProblem(
                row=row.row,
                column=_header_of(state, "number"),
                code="missing_number",
                detail=f"Строка {row.row}: у мероприятия «{_short(activity.title)}» нет номера",
            )
        )
    elif number is not None and not (
        PLAIN_NUMBER_RE.match(number) or NUMBER_RANGE_RE.match(number) or LIST_MARK_RE.match(number)
    ):
        state.problems.append(
            ImportProblem(
                row=row.row,
                column=_header_of(state, "number"),
                code="unusual_number",
                detail=f"Строка {row.row}: номер «{number}» записан необычно",
            )
        )
    if not activity.title:
        state.errors.append(
            ImportProblem(
                row=row.row,
                column=_header_of(state, "title"),
                code="empty_title",
                detail=f"Строка {row.row}: у мероприятия {number or ''} нет названия".replace("  ", " "),
            )
        )


def _merge(state: _State, row: _Row, separator: str = " ") -> None:
    activity = state.activity
    assert activity is not None
    texts = _field_texts(state, row, shared=False)
    if "deadline" in texts and "deadline_end" in texts:  # the start and the end on the row going on: one deadline
        texts["deadline"] = _deadline(state, {"deadline": texts["deadline"], "deadline_end": texts.pop("deadline_end")})
    if len(_dedupe(list(texts.values()))) == 1 and len(texts) > 1:
        # one value merged across the whole row: it continues the title (or the first column holding it)
        name = "title" if "title" in texts else next(iter(texts))
        texts = {name: texts[name]}
    for name, text in texts.items():
        if name.startswith("extra:"):
            key = name.removeprefix("extra:")
            activity.extra[key] = _join(activity.extra.get(key, ""), text, separator)
        elif name in {"deadline_end", "slot"}:
            activity.deadline = _join(activity.deadline, text, separator)
        elif name == "period":
            activity.period = _join(activity.period, text, separator)
            if state.layout.column("deadline") is None:
                activity.deadline = _join(activity.deadline, text, separator)
        else:
            setattr(activity, name, _join(getattr(activity, name), text, separator))
    state.activity_cells = [c for c in row.cells if c]
    above = state.activity_row + [""] * (len(row.cells) - len(state.activity_row))
    state.activity_row = [text or before for text, before in zip(row.cells, above, strict=False)]
    state.problems.append(continued_row(row, activity))


def continued_row(row: _Row, activity: ImportedActivity) -> ImportProblem:
    """The problem saying `row` was joined to `activity` as the rest of it (a table row broken across a page)."""
    label = f"«{activity.number}»" if activity.number else f"«{_short(activity.title)}»"
    return ImportProblem(
        row=row.row,
        column=None,
        code="continued_row",
        detail=f"Строка {row.row} продолжает мероприятие {label} (перенос строки таблицы) и объединена с ним",
    )
